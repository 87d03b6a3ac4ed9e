"""Region grammar for named zones: development zones, new areas, science cities, corridors.

A zone name must start with a known place (杭州未来科技城, 西安经济技术开发区) or end in a head
that only zones have (…新城, …科创大走廊, …产业社区); names opening with 国家/省级 are programs
the state awards (国家人工智能创新应用先导区), not places. The bodies that govern zones and towns
(…开发区管理委员会, …镇人民政府) are read here too, as agencies, since only this module knows the
zone names they open with.
"""
from __future__ import annotations

import re

from kg.extract.candidates import Candidate, DocState, left_extent
from kg.extract.organizations import BUILD_VERBS
from kg.extract.words import has_verb_or_number, tagged
from kg.lexicon import Lexicon

ZONE_HEADS = ("高新技术产业开发区", "经济技术开发区", "自由贸易试验区", "自贸试验区", "经济开发区", "综合试验区",
              "经济综合实验区", "综合实验区", "片区", "生物城", "医学城", "航空港区",
              "未来科技城", "大科学城", "科技城", "科学城", "科创大走廊", "大走廊", "走廊", "高新区", "经开区",
              "开发区", "自贸区", "新区", "新城", "副中心", "核心区", "产业社区", "未来社区", "街区", "产业园区",
              "工业园区", "产业园", "科技园", "试验区", "示范区", "先导区", "先行区", "合作区", "自由贸易港", "产业带",
              "综合保税区", "保税港区", "保税区", "工业区", "科学园", "科创城", "创新城", "软件园", "软件谷",
              "都市圈", "城市群", "都会区", "创新园", "启动区", "国际陆港区", "国际陆港", "陆港区", "工业城",
              "临空经济区", "经济区", "产业基地")
GENERIC_ZONE_BODIES = frozenset("城市 区域 全市 全省 全区 城区 中心城区 各地 各类 一批 新型 现代 特色 优势 传统".split())
AREAS_AROUND = frozenset({"都市圈", "城市群"})   # named after their centre, larger than it
STRONG_HEADS = frozenset({"未来科技城", "大科学城", "科技城", "科学城", "生物城", "医学城", "产业带",
                          "科创大走廊", "大走廊", "走廊", "新城", "副中心",
                          "核心区", "产业社区", "未来社区", "街区", "都会区"})
ZONE_RE = re.compile("|".join(ZONE_HEADS))
NAME_BREAK = re.compile(r"[、和与及等]")
# Verbs of a clause before a zone's name (湖北省支持|…开发区, 铁西区布局|机器人产业园)
ZONE_CLAUSE_VERBS = re.compile(BUILD_VERBS.pattern + r"|布局|设立|规划|建立|创建|争创|申报|获批|地处|位于")
# 中国（福建）自由贸易试验区厦门片区, 国家大数据（贵州）综合试验区: the province in brackets
FTZ_RE = re.compile(r"中国[（(][\u4e00-\u9fff]{2,3}[)）](?:(?:自由贸易试验区|自贸试验区)(?:[\u4e00-\u9fff]{2,4}?片区)?"
                    r"|跨境电子商务综合试验区|服务外包示范城市)"
                    r"|国家[\u4e00-\u9fff]{2,8}?[（(][\u4e00-\u9fff]{2,3}[)）][\u4e00-\u9fff]{0,4}?(?:综合试验区|试验区|示范区)")
# How texts shorten the zones named with a bracketed place: 杭州综试区, 福建自贸试验区
SHORT_FTZ_HEADS = {"跨境电子商务综合试验区": ("综试区", "跨境电商综试区", "跨境电商综合试验区"),
                   "自由贸易试验区": ("自贸试验区", "自贸区"), "自贸试验区": ("自贸试验区", "自贸区")}
# Standard short heads and their full forms: 西安经开区 is 西安经济技术开发区 (its alias).
FULL_HEADS = {"经开区": "经济技术开发区", "高新区": "高新技术产业开发区", "自贸区": "自由贸易试验区"}


# Places said to carry a plan or a focus (以榆神工业区、榆横工业区为主要承载地): the frame vouches
# that the items are places, even zones named after abbreviations (榆神 = 榆林 + 神木).
CARRIER_FRAME = re.compile(r"以([^，,；;。以]{2,40}?)为(?:主要|核心|重要)?(?:载体|承载地|承载区|龙头|核心区|主阵地|主战场|引领区)")
TOWN_RE = re.compile(r"([\u4e00-\u9fff]{2,3}?)(镇|乡|街道)")
TOWN_END_RE = re.compile(r"镇|乡|街道|苏木")
NOT_TOWNS = frozenset("城镇 乡镇 重镇 古镇 名镇 强镇 小镇 集镇 村镇 市镇 城乡 家乡 故乡 下乡 老乡 同乡 各镇 全镇 本镇".split())


def match_towns(state: DocState, lex: Lexicon) -> None:
    """Towns, townships and streets (勐宋乡, 北滘镇, 东城街道), then every repeat of their names.

    A name from the lexicon's towns counts where the document names its county or city, or its
    province when no other county has a town of that name: 城关镇 alone is in a hundred counties.
    A town the lexicon lacks counts right after its county's full name (顺德区北滘镇): the place
    before vouches for it.
    """
    text = state.text
    idx = lex.regions
    towns: dict[str, str] = {}    # town name → the key of the county it belongs to
    named = {c.key for c in state.candidates if c.type == "Region" and c.key in idx.by_code}
    if state.home_province:
        named.add(state.home_province)
    known = lex.towns if named else {}
    for m in TOWN_END_RE.finditer(text) if known else ():
        for length in range(min(9, m.end()), 2, -1):
            name = text[m.end() - length:m.end()]
            counties = known.get(name)
            if not counties:
                continue
            county = next((c for c in counties if c in named or idx.by_code[c].parent in named), None)
            if county is None and len(counties) == 1 and set(idx.ancestors(counties[0])) & named:
                county = counties[0]
            if county:
                towns.setdefault(name, county)
                break
    for c in state.candidates:
        if c.type != "Region" or c.key not in idx.by_code or idx.by_code[c.key].level not in ("county", "city"):
            continue
        if text[c.start:c.end] != idx.by_code[c.key].name:
            continue   # the full name only: 顺德区北滘镇, not 顺德北滘镇 (a word may run on)
        m = TOWN_RE.match(text, c.end)
        if m and m.group() not in NOT_TOWNS and m.group(1)[-1] not in "的和与及等、" \
                and not any(w.flag.startswith(("v", "d", "p", "c", "r", "m", "q", "u")) for w in tagged(m.group(1))):
            towns.setdefault(m.group(), c.key)
    for name, key in towns.items():
        for m in re.finditer(re.escape(name), text):
            state.add(Candidate(m.start(), m.end(), "Region", name, "town-grammar", 2.0,
                                attrs={"zone": True, "in": key}))


def match_zones(state: DocState, lex: Lexicon) -> None:
    match_towns(state, lex)
    _match_zone_names(state, lex)
    _match_bare_heads(state)
    match_zone_bodies(state, lex)


BARE_HEADS = {**FULL_HEADS, "自贸试验区": "自由贸易试验区", "综保区": "综合保税区"}


def _match_bare_heads(state: DocState) -> None:
    """经开区已集聚…, 经开区管委会: a bare short head stands for the document's one zone of that
    kind (北京经济技术开发区), as 省经信厅 stands for the province's."""
    text = state.text
    zones = [c for c in state.candidates if c.type == "Region" and c.name.endswith(tuple(BARE_HEADS.values()))]
    for short, full in BARE_HEADS.items():
        named = [c for c in zones if c.name.endswith(full)]
        if len({c.name for c in named}) != 1:
            continue
        zone = max(named, key=lambda c: c.score)
        for m in re.finditer(short, text):
            if any(c.start < m.start() < c.end or c.end == m.start() and c.type == "Region"
                   for c in state.candidates):
                continue   # 西安经开区: the head of a name, not the bare head
            state.add(Candidate(m.start(), m.end(), "Region", zone.name, "zone-short-head", zone.score,
                                key=zone.key, attrs={**zone.attrs, "aliases": [short]}))


def _match_zone_names(state: DocState, lex: Lexicon) -> None:
    text = state.text
    starts: dict[int, Candidate] = {}   # the longest place starting at each position (湖南省, not 湖南)
    for c in state.candidates:
        if c.type == "Region" and c.key and (c.start not in starts or c.length > starts[c.start].length):
            starts[c.start] = c
    regions = [c for c in state.candidates if c.type == "Region" and c.key]
    known_spans = {(c.start, c.end) for c in regions if c.source == "gazetteer"}
    fields = {(c.start, c.end) for c in state.candidates if c.type == "Industry"}
    carried = [c.span(1) for c in CARRIER_FRAME.finditer(text)]
    bracketed: dict[str, Candidate] = {}   # 杭州综试区 → 中国（杭州）跨境电子商务综合试验区
    for m in FTZ_RE.finditer(text):
        inside = [c for c in regions if m.start() < c.start and c.end <= m.end()]
        zone = Candidate(m.start(), m.end(), "Region", m.group(), "zone-grammar", 2.5,
                         attrs={"zone": True, "in": inside[-1].key if inside else ""})
        state.add(zone)
        place = re.match(r"中国[（(]([\u4e00-\u9fff]{2,3})[)）](跨境电子商务综合试验区|自由贸易试验区|自贸试验区)$", m.group())
        if place:
            for short in SHORT_FTZ_HEADS[place.group(2)]:
                bracketed.setdefault(place.group(1) + short, zone)
    for short, zone in bracketed.items():
        for m in re.finditer(re.escape(short), text):
            state.add(Candidate(m.start(), m.end(), "Region", zone.name, "zone-grammar", 2.6,
                                attrs={**zone.attrs, "aliases": [short]}))
    found: dict[str, Candidate] = {}   # each zone's name as the text first gives it
    for m in ZONE_RE.finditer(text):
        head = m.group()
        if head.endswith("城") and text[m.end():m.end() + 1] in ("市", "镇", "乡"):
            continue  # 技术创新城市管理: 城市, not a new town
        start = left_extent(text, m.start(), max_len=14)
        if start > 0 and text[start - 1] == "”":
            # “广州—深圳—香港—澳门”科技创新走廊: the quoted places name the zone
            opening = text.rfind("“", max(0, start - 30), start)
            if opening >= 0:
                start = opening
        # a stop word inside a place name (都 in 成都) must not cut the zone's name
        straddling = [c for c in regions if c.start < start <= c.end <= m.start()]
        if straddling:
            start = min(c.start for c in straddling)
        place = starts.get(start)
        if place is None:   # 这家扎根西安经开区: the zone's name starts at the place in it
            inside = [c for c in regions if start < c.start and c.end <= m.start()
                      and not NAME_BREAK.search(text, c.end, m.start())]
            if inside:
                place = min(inside, key=lambda c: (c.start, -c.length))
                start = place.start
        verbs = list(ZONE_CLAUSE_VERBS.finditer(text, place.end if place is not None else start, m.start()))
        if verbs:   # 湖北省支持|武汉东湖新技术开发区: a clause; the zone is named after its verb
            after = verbs[-1].end()
            place = starts.get(after)
            if place is None and head not in STRONG_HEADS:
                continue   # (推进北部都会区建设: a head only zones have needs no place)
            start = after
        body = text[start:m.start()]
        if head == "产业基地" and (place is None or "国家" not in body):
            continue   # 西安国家民用航天产业基地 is a place; 建设光伏产业基地 names a goal
        if place is None and (body in GENERIC_ZONE_BODIES or re.search(r"[+＋“”式]", body)):
            continue   # 推进城市副中心建设, 沉浸式文旅街区: a kind of area, not one named
        if re.search(r"[0-9一二三四五六七八九十两]+个$", text[max(0, start - 4):start]):
            continue   # 三个南繁核心区: a counted kind
        if len(body) < 2 or body.startswith(("国家", "省级", "市级", "全国")) or re.search("国家级|省级|世界级", body):
            continue   # 烟台创建国家级海洋牧场示范区: a title a place applies for, not a place
        host = None
        if place is None and text[start - 1:start] == "的":
            # 位于儋州市的洋浦经济开发区: the place the clause puts it in vouches for the name
            host = next((c for c in regions if c.end == start - 1 and text.startswith("位于", c.start - 2)), None)
        elif place is None and text[start - 1:start] in "，,":
            # 在湖南省长沙市，马栏山视频文创产业园着力…: the address opening the sentence vouches for it
            host = next((c for c in regions if c.end == start - 1 and _opens_with_at(text, c, regions)), None)
        vouched = any(a <= start and m.end() <= b and text[start - 1] in "以、和与及"
                      and re.fullmatch(r"[、和与及为]", text[m.end()]) for a, b in carried)
        if place is None and host is None and not vouched \
                and (head not in STRONG_HEADS or (start, m.start()) in fields):
            continue   # 数字经济核心区: a field's core area is a goal, not a place
        if host is not None and (len(body) < 2 or has_verb_or_number(body)):
            continue
        name = text[start:m.end()]
        inner = starts.get(place.end) if place is not None else None
        if inner is not None and _level(lex, place.key) == "province" and _level(lex, inner.key) in ("city", "county"):
            # 安徽合肥未来大科学城 is named 合肥未来大科学城: the province only says where the city is
            name, place = text[inner.start:m.end()], inner
        if (start, m.end()) in known_spans:
            continue   # 东湖高新区: the lexicon's zone (武汉东湖新技术开发区), not one the head makes up
        aliases = []
        if place is not None and text[place.start:place.end] == _division_name(lex, place.key) \
                and _level(lex, place.key) in ("city", "county") and m.end() - place.end >= 6 and head not in FULL_HEADS:
            # 琼海市博鳌乐城国际医疗旅游先行区 is named 博鳌乐城…: the full city name only says where
            # it is (a short form stays: 杭州未来科技城, 西安经开区)
            aliases, name = [name], text[place.end:m.end()]
        if head in FULL_HEADS and place is not None:
            aliases, name = [name], name[:-len(head)] + FULL_HEADS[head]
        zone_attrs: dict = {}
        parent = next((c for c in state.candidates if c.type == "Region" and c.start == start
                       and _level(lex, c.key) in ("", "zone") and m.start() - c.end >= 2 and ZONE_RE.search(text, c.end - 4, c.end)
                       and ZONE_RE.search(text, c.end - 4, c.end).end() == c.end), None)
        if parent is not None and not NAME_BREAK.search(text, parent.end, m.start()):
            # 西宁经济技术开发区南川工业园区: a park inside the zone is named without it
            aliases, name = [name], text[parent.end:m.end()]
            zone_attrs["in_zone"] = parent.name
        within = place.key if place else host.key if host else ""
        if head in AREAS_AROUND and within:   # 南昌都市圈 reaches beyond 南昌市, not its province
            within = next((k for k in lex.regions.ancestors(within) if _level(lex, k) == "province"), "中国")
        zone = Candidate(start, m.end(), "Region", name, "zone-grammar", 1.9,
                         attrs={"zone": True, "in": within, "aliases": aliases, **zone_attrs})
        state.add(zone)
        found.setdefault(text[start:m.end()], zone)
    # 以柴达木循环经济试验区为核心载体 … 已在柴达木循环经济试验区应用: once the text has named a
    # zone, every repeat of the name is that zone, whatever the context of the repeat
    for surface, zone in found.items():
        for m in re.finditer(re.escape(surface), text):
            if m.start() != zone.start:
                state.add(Candidate(m.start(), m.end(), "Region", zone.name, "zone-grammar", zone.score - 0.1,
                                    attrs=zone.attrs))


# The body governing a zone or a town: 义乌经济技术开发区管理委员会, 两江新区管委会, 苏溪镇人民政府
ZONE_BODY_RE = re.compile(r"管理委员会|管委会|党工委|执行委员会|执委会|管理局"
                          r"|(?:经济发展|商事服务|财政|规划建设|城市规划和建设|统计|科技创新|改革发展)局")
TOWN_BODY_RE = re.compile(r"人民政府|政府|党委")
FULL_BODIES = {"管委会": "管理委员会", "执委会": "执行委员会", "政府": "人民政府"}


def match_zone_bodies(state: DocState, lex: Lexicon) -> None:
    """Agencies named by a zone or a town and the body that governs it. The agency keeps the
    zone's span (``governs``) so relations can say which place it governs."""
    text = state.text
    longest: dict[int, Candidate] = {}   # the longest zone or town ending at each position
    for c in state.candidates:
        is_zone = c.attrs.get("zone") or _level(lex, c.key) == "zone"
        if c.type == "Region" and is_zone and (c.end not in longest or c.length > longest[c.end].length):
            longest[c.end] = c
    for end, place in longest.items():
        town = place.source == "town-grammar"
        m = (TOWN_BODY_RE if town else ZONE_BODY_RE).match(text, end)
        if m is None or text.startswith("政府办", end):
            continue
        body = FULL_BODIES.get(m.group(), m.group())
        division = lex.regions.by_code.get(place.key)
        forms = [f for f in (division.name, *division.short_names) if f.endswith(place.name)] if division else []
        full = max(forms, key=len) if forms else place.name   # 两江新区 → 重庆两江新区管理委员会
        state.add(Candidate(place.start, m.end(), "Agency", full + body, "zone-body", 3.0,
                            attrs={"governs": (place.start, place.end)}))


def _division_name(lex: Lexicon, key: str) -> str:
    division = lex.regions.by_code.get(key)
    return division.name if division is not None else ""


def _opens_with_at(text: str, place: Candidate, regions: list[Candidate]) -> bool:
    """``place`` ends an address that 在 opens a sentence with (在湖南省长沙市，…)."""
    start = place.start
    while (before := next((c for c in regions if c.end == start), None)) is not None:
        start = before.start
    return text[start - 1:start] == "在" and (start < 2 or text[start - 2] in "。！？；\n")


def _level(lex: Lexicon, key: str) -> str:
    division = lex.regions.by_code.get(key)
    return division.level if division is not None else ""
