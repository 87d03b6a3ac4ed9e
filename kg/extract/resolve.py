"""Resolution: choose among overlapping candidates, then group mentions into one entity per
thing with a canonical name and its surface forms as aliases.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict

from kg.extract.candidates import Candidate, DocState
from kg.extract.model import Entity, Mention
from kg.extract.persons import AFTER_NAME
from kg.extract.programs import DOC_HEADS
from kg.extract.short_names import in_order
from kg.lexicon import Lexicon
from kg.text import normalize_name

# (inner type, outer type): a name inside a longer name that still counts as a mention.
NESTED_OK = frozenset({("Region", "Agency"), ("Agency", "Agency"), ("Region", "Program"),
                       ("Industry", "Program"), ("Agency", "Program"), ("Region", "Region")})
CONTEXT_AFTER = ("、", "产业", "行业", "领域", "等")
CONTEXT_BEFORE = ("、", "和", "及", "与")
SELF_REFERENCES = {"我省": "province", "本省": "province", "我市": "city", "本市": "city"}


def _supported(c: Candidate, text: str) -> bool:
    """A weak candidate (教育, 金融) counts only inside a list or before 产业/行业/领域."""
    return text.startswith(CONTEXT_AFTER, c.end) or text.endswith(CONTEXT_BEFORE, 0, c.start)


def _opens_program(c: Candidate, programs: list[Candidate]) -> bool:
    """A weak industry word that a program is named after (软件创新能力提升行动): its field."""
    return c.type == "Industry" and any(p.start <= c.start <= p.start + 1 and c.end < p.end for p in programs)


def _unsupported_county_short_forms(state: DocState, lex: Lexicon) -> set[int]:
    """Short forms of county-level divisions (德清, 新昌) count only when a containing city or
    province is named in the document too: bare, they are too often ordinary words (资源, 比如)."""
    idx = lex.regions
    named = {c.key for c in state.candidates if c.type == "Region" and c.key}
    out: set[int] = set()
    for c in state.candidates:
        if c.type != "Region" or c.source != "gazetteer" or c.key not in idx.by_code:
            continue
        d = idx.by_code[c.key]
        if d.level == "county" and state.text[c.start:c.end] != d.name:
            if not any(a in named for a in idx.ancestors(c.key) if a != "中国"):
                out.add(id(c))
    return out


def select_mentions(state: DocState, lex: Lexicon | None = None) -> list[Candidate]:
    text = state.text
    best: dict[tuple[int, int, str], Candidate] = {}
    drop = _unsupported_county_short_forms(state, lex) if lex is not None else set()
    programs = [c for c in state.candidates if c.type == "Program"]
    named = {c.key for c in state.candidates if c.type == "Region" and c.key} | {state.home_province, state.home_city}

    def rank(c: Candidate) -> int:
        """Between equal scores, for a name two divisions share (南山区 of 深圳 and of 鹤岗): how
        many of the division's ancestors the document names."""
        if c.type != "Region" or lex is None or c.key not in lex.regions.by_code:
            return 0
        return sum(1 for a in lex.regions.ancestors(c.key) if a in named and a != "中国")

    for c in state.candidates:
        if c.weak and not (_supported(c, text) or _opens_program(c, programs)) or id(c) in drop:
            continue
        k = (c.start, c.end, c.type)
        if k not in best or c.score > best[k].score or c.score == best[k].score and rank(c) > rank(best[k]):
            best[k] = c
    ordered = sorted(best.values(), key=lambda c: (-c.length, -c.score, c.start, c.type))
    # Longest first; a candidate survives when every accepted one it overlaps may hold it.
    # Accepted spans are kept sorted by start, so the overlapping ones are a short slice.
    accepted: list[Candidate] = []
    starts: list[int] = []
    longest = 0
    for c in ordered:
        lo, hi = bisect.bisect_left(starts, c.start - longest), bisect.bisect_left(starts, c.end)
        if any(a.end > c.start and not _may_hold(a, c, text, lex) for a in accepted[lo:hi]):
            continue
        i = bisect.bisect_left(starts, c.start)
        starts.insert(i, c.start)
        accepted.insert(i, c)
        longest = max(longest, c.length)
    accepted.sort(key=lambda c: (c.start, c.end, c.type))
    return accepted


def _may_hold(a: Candidate, c: Candidate, text: str, lex: Lexicon | None = None) -> bool:
    """Whether accepted ``a`` lets the overlapping ``c`` stand too: ``c`` nested in it, of a
    type that may nest there. A place inside another place's name counts as its opening
    (杭州|未来科技城), as an item of it (广州—深圳—香港—澳门…走廊) or as the city of an area
    (…试验区苏州片区), not from its middle (安新 in 雄安新区), nor when the place it names
    does not hold the longer one (海南 in 海南藏族自治州, a prefecture of 青海省)."""
    if not (c.inside(a) and (c.type, a.type) in NESTED_OK and (a.start, a.end) != (c.start, c.end)):
        return False
    if c.type == a.type == "Agency" and c.end == a.end and c.start > a.start:
        return False   # 卫生健康委 in 市卫生健康委: the body word of a local body, not the national one
    if c.type == a.type == "Region" and lex is not None and c.key in lex.regions.by_code \
            and a.key in lex.regions.by_code and lex.regions.by_code[a.key].code \
            and c.key not in lex.regions.ancestors(a.key):
        return False
    return not (c.type == a.type == "Region" and c.start != a.start
                and "\u4e00" <= text[c.start - 1] <= "\u9fff" and not text.startswith("片区", c.end))


def _add_self_references(state: DocState, lex: Lexicon) -> None:
    idx = lex.regions
    for word, level in SELF_REFERENCES.items():
        key = state.home_province if level == "province" else state.home_city
        if not key or key not in idx.by_code:
            continue
        for m in re.finditer(word, state.text):
            state.add(Candidate(m.start(), m.end(), "Region", idx.by_code[key].name, "self-reference",
                                0.5, key=key))
    for m in re.finditer("我国", state.text):
        state.add(Candidate(m.start(), m.end(), "Region", "中国", "self-reference", 0.5, key="中国"))


def _canonical_industry(name: str, lex: Lexicon) -> str:
    for e in lex.entries.get(name, ()):
        if e.type == "Industry":
            return e.name
    return name


def _group_key(c: Candidate, lex: Lexicon) -> tuple[str, str]:
    if c.type == "Region" and c.key:
        return ("Region", c.key)
    if c.type == "Industry":
        return ("Industry", _canonical_industry(normalize_name(c.name), lex))
    return (c.type, normalize_name(c.name))


def resolve(state: DocState, lex: Lexicon) -> None:
    """Fill ``state.mentions`` and ``state.entities``."""
    _add_self_references(state, lex)
    mentions = select_mentions(state, lex)
    groups: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    for c in mentions:
        groups[_group_key(c, lex)].append(c)
    _drop_country_only_inside_names(groups, mentions, state.text)
    _merge_aliases(groups, lex.regions.by_surface)
    _add_person_repeats(state, groups)
    entities: list[Entity] = []
    for (etype, key), cands in sorted(groups.items()):
        name = _canonical_name(etype, key, cands, lex)
        surface = sorted({normalize_name(state.text[c.start:c.end]) for c in cands}
                         | {normalize_name(a) for c in cands for a in c.attrs.get("aliases", [])})
        aliases = [s for s in surface if s and s != name]
        ms = sorted({Mention(c.start, c.end, state.text[c.start:c.end]) for c in cands})
        attrs = _entity_attrs(etype, key, cands, lex)
        entities.append(Entity(f"{etype.lower()}:{name}", etype, name, aliases, ms, attrs))
        for c in cands:
            c.attrs["entity"] = f"{etype.lower()}:{name}"
    # Two groups can end on one name (a zone and its prefixed form): keep ids unique.
    merged: dict[str, Entity] = {}
    for e in entities:
        if e.id in merged:
            m = merged[e.id]
            m.aliases = sorted(set(m.aliases) | set(e.aliases))
            m.mentions = sorted(set(m.mentions) | set(e.mentions))
        else:
            merged[e.id] = e
    state.mentions = mentions
    state.entities = list(merged.values())


def _drop_country_only_inside_names(groups: dict[tuple[str, str], list[Candidate]],
                                     mentions: list[Candidate], text: str) -> None:
    """The country named only inside a name (中国视谷, 中国制造2025, 中国民用航空局, 中国移动) is
    part of that name, not a mention of the place; a province or city opening a name is one."""
    programs = [c for c in mentions if c.type in ("Program", "Agency", "Organization")   # 中国民用航空局, 中国移动
                or c.type == "Region" and c.end - c.start > 2 and text.startswith("中国", c.start)]   # 中国（南宁）…试验区, 中国光谷
    for key in [k for k in groups if k == ("Region", "中国")]:
        if all(any(c.inside(p) for p in programs) for c in groups[key]):
            del groups[key]


def _merge_aliases(groups: dict[tuple[str, str], list[Candidate]], places: dict | frozenset = frozenset()) -> None:
    """Fold short forms into the entity they abbreviate: 一号工程 → 数字经济一号工程,
    商汤公司 → 商汤科技, 钱江新城 → 杭州钱江新城, a name without its period → with it."""
    declared: dict[tuple[str, str], set[str]] = {}   # group → the aliases its candidates declare
    known = frozenset(c.name for k, cs in groups.items() if k[0] == "Organization" for c in cs
                      if c.source == "gazetteer" and c.name == k[1])   # the lexicon's own names

    def aliases(key: tuple[str, str]) -> set[str]:
        if key not in declared:
            declared[key] = {normalize_name(a) for c in groups[key] for a in c.attrs.get("aliases", [])}
        return declared[key]

    for etype in ("Program", "Organization", "Region", "Agency", "Industry"):
        keys = sorted((k for k in groups if k[0] == etype), key=lambda k: -len(k[1]))
        for short in sorted(keys, key=lambda k: len(k[1])):
            if short not in groups or etype == "Industry" and len(short[1]) > 1 \
                    and (etype, NEW_KIND + short[1]) not in groups:
                continue   # industries fold only a one-character field (茶 into 茶叶), or X into 新型X
            targets = [long for long in keys
                       if long != short and long in groups and len(long[1]) >= len(short[1])
                       and _abbreviates(etype, short[1], long[1], groups[long], aliases(long), places, known)]
            for t in targets:
                declared.pop(t, None)   # it grows below
            if len(targets) == 1:
                groups[targets[0]].extend(groups.pop(short))
            elif targets:
                # 该《行动计划》 means the plan named last before it: with two plans in one
                # text, each short mention goes to the nearest full name before it.
                for c in groups.pop(short):
                    groups[_nearest_before(c, targets, groups)].append(c)


def _nearest_before(c: Candidate, targets: list[tuple[str, str]],
                    groups: dict[tuple[str, str], list[Candidate]]) -> tuple[str, str]:
    """The target with the last mention before ``c`` (else the first one mentioned)."""
    def last_start(key):
        starts = [m.start for m in groups[key] if m.start < c.start]
        return max(starts) if starts else -1

    before = max(targets, key=lambda k: (last_start(k), -len(k[1])))
    if last_start(before) >= 0:
        return before
    return min(targets, key=lambda k: min(m.start for m in groups[k]))


# Heads long enough that two plans sharing one and the short name's characters are one plan
PLAN_HEADS = ("三年行动方案", "三年行动计划", "五年行动计划", "行动方案", "行动计划", "实施方案", "指导意见", "若干措施")
PLAN_SUFFIXES = frozenset({"方案", "计划", "实施方案", "行动方案", "行动计划", "工作方案"})
NEW_KIND = "新型"   # 新型储能, 新型显示: a text naming the new kind means it by the bare word too
BRANCH_ENDS = ("分公司", "子公司", "分行", "支行", "分院", "分所", "分中心", "分部")


def _abbreviates(etype: str, short: str, long: str, long_cands: list[Candidate], aliases: set[str],
                 places: dict | frozenset = frozenset(), known: frozenset[str] = frozenset()) -> bool:
    if short in aliases:
        return True
    if etype == "Program":
        # 《指导意见》 after 《关于…的指导意见》; a name without its period (2019—2022年)
        bare = re.sub(r"\(.*?\)$", "", long)
        if bare.startswith(short) and bare[len(short):] in PLAN_SUFFIXES and len(short) >= 4:
            return True   # 专利转化运用专项行动 and its 专利转化运用专项行动方案: one program
        if bare == short or (len(short) >= 2 and bare.endswith(short) and short.endswith(DOC_HEADS)
                             and len(bare) > len(short) + 1):
            return True
        # 跨境电商三年行动方案 in a headline for 广西加快发展跨境电子商务三年行动方案: the same head
        # and the short name's characters in order in the long one
        head = next((h for h in PLAN_HEADS if short.endswith(h) and bare.endswith(h)), None)
        if head is None or len(short) - len(head) < 3:
            return False
        return in_order(re.sub(r"[三五]年$", "", short[:-len(head)]), bare[:-len(head)])   # …三年行动方案 in a headline
    if etype == "Organization":
        if short in known and long in known:
            return False   # 京东集团 and 京东物流: two firms the lexicon names, neither short for the other
        core = re.sub(r"(公司|集团)$", "", short)
        rest = long[len(core):].lstrip("(（")
        if any(rest[:k] in places for k in (2, 3, 4)) or rest.endswith(BRANCH_ENDS):
            return False   # 中国移动宁夏公司, 中国电信宁夏分公司: a branch, an organization of its own
        # 长安汽车 for 重庆长安汽车股份有限公司: the place opening the full name may be left out
        after_place = any(long[k:].startswith(core) for k in (2, 3, 4) if long[:k] in places) and len(core) >= 3
        return len(core) >= 2 and (long.startswith(core) or after_place) and not long.endswith(("大学", "学院"))
    if etype == "Region":
        return any(c.attrs.get("zone") for c in long_cands) and long.endswith(short) and len(short) >= 3
    if etype == "Industry":   # 茶产业 (茶) where the text also names 茶叶: one field
        # 储能 where the text also names 新型储能: the new kind it speaks of
        return len(short) == 1 and len(long) == 2 and long.startswith(short) or long == NEW_KIND + short
    return False


def _add_person_repeats(state: DocState, groups: dict[tuple[str, str], list[Candidate]]) -> None:
    taken = {(c.start, c.end) for cs in groups.values() for c in cs}
    for key in [k for k in groups if k[0] == "Person"]:
        name = key[1]
        for m in re.finditer(re.escape(name), state.text):
            if (m.start(), m.end()) not in taken:
                end_ok = m.end() >= len(state.text) or not ("\u4e00" <= state.text[m.end()] <= "\u9fff") \
                    or state.text[m.end()] in AFTER_NAME
                if end_ok:
                    groups[key].append(Candidate(m.start(), m.end(), "Person", name, "person-repeat"))


def _canonical_name(etype: str, key: str, cands: list[Candidate], lex: Lexicon) -> str:
    if etype == "Region" and key in lex.regions.by_code:
        return lex.regions.by_code[key].name
    if etype == "Industry":
        return key
    names = [normalize_name(c.name) for c in cands]
    # The fullest form the document uses (spec: canonical = full official / fullest form).
    return max(names, key=lambda n: (len(n), n))


def _entity_attrs(etype: str, key: str, cands: list[Candidate], lex: Lexicon) -> dict:
    attrs: dict = {}
    if etype == "Region" and key in lex.regions.by_code:
        d = lex.regions.by_code[key]
        if d.code:
            attrs["regionCode"] = d.code
        attrs["level"] = d.level
    for c in cands:
        for k in ("periodStart", "periodEnd", "title"):
            if k in c.attrs and k not in attrs:
                attrs[k] = c.attrs[k]
    return attrs
