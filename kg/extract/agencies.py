"""Agency grammar: region + body (浙江省经信厅), level word + body (省经信厅 → the document's
province), party committees (中共浙江省委, 省委), national bodies (国家…局) and sub-units
(工信部科技司, 重庆市人民政府办公厅).

Canonical names are the full official forms: region full name + the body's full name.
"""
from __future__ import annotations

import re
from collections import Counter

from kg.extract.candidates import Candidate, DocState
from kg.extract.words import tagged
from kg.lexicon import Lexicon

# Words that end in a level character without being one: 直辖市人民政府 is no city's government.
LEVEL_WORDS = frozenset("""直辖市 单列市 自治区 自治县 自治州 城市 都市 园区 社区 地区 市区 小区 县区 新区 辖区 景区 片区
校区 矿区 林区 牧区 湾区 郊区 城区 街区 省区 示范区 开发区 试验区 先行区 功能区 核心区""".split())
LEVEL_CHARS = {"省": "province", "市": "city", "区": "county", "县": "county", "州": "city"}
SUBUNIT_RE = re.compile(r"(?:宣传部|组织部|统战部|政法委员会|政法委|办公厅|办公室"
                        r"|[\u4e00-\u9fff]{2,12}?(?:司|局|处|办公厅|办公室|宣传部|组织部|统战部|委员会|领导小组办公室|分行|中心))")
BARE_UNIT_RE = re.compile(r"(?:^|(?<=[，,。；;：:、\n]))([\u4e00-\u9fff]{2,10}?(?<!公)(?:司|局))(?=(?:副)?(?:司长|局长)|负责人|一级巡视员)")
CLAUSE_IN_UNIT = re.compile(r"会同|联合|负责|牵头|配合|组织|协调|指导|督促|要求|印发|发布")
NOT_UNITS = re.compile(r"(?:布局|格局|大局|全局|开局|当局|结局|出局|破局|(?<!创)新局)$")   # but 科技创新局
# Bodies the table does not list, named by a field and a generic head: 海洋与渔业局, 海洋发展局,
# 大数据发展管理局, 低空经济发展办公室 (after a named place only).
GENERIC_BODY_RE = re.compile(r"([\u4e00-\u9fff]{2,10}?)(管理局|发展局|服务局|监督局|工作局|局|厅|委员会|办公室)")
# Bodies named with the place as the text writes it, not its full name: 杭州海关, 青岛海关
SHORT_NAMED_BODIES = frozenset({"海关"})
NATIONAL_RE = re.compile(r"国家[\u4e00-\u9fff]{2,10}?(?:总局|管理局|局|委员会|(?<!部)署)")   # not 国家发展改革委部署


class BodyTable:
    """Body suffixes (经信厅, 发展和改革委员会, …) as one regex, each form → full form."""

    def __init__(self, lex: Lexicon):
        self.full_of: dict[str, str] = {}
        self.levels_of: dict[str, tuple[str, ...]] = {}
        for body in lex.agency_bodies:
            for form in (body.full, *body.shorts):
                self.full_of.setdefault(form, body.full)
                self.levels_of.setdefault(form, body.levels)
        forms = sorted(self.full_of, key=len, reverse=True)
        self.regex = re.compile("|".join(map(re.escape, forms))) if forms else None
        # a sub-unit body and the body it belongs to, written as the form opening it:
        # 人民政府办公厅 → 人民政府, 政府办公厅 → (人民政府, "政府")
        fulls = set(self.full_of.values())
        self.parent_of: dict[str, tuple[str, str]] = {}
        for form, full in self.full_of.items():
            parents = [f for f in fulls if full.startswith(f) and f != full]
            if parents:
                parent = max(parents, key=len)
                openings = [f for f, to in self.full_of.items() if to == parent and form.startswith(f)]
                if openings:
                    self.parent_of[form] = (parent, max(openings, key=len))

    def match(self, text: str, pos: int) -> str | None:
        if self.regex is None:
            return None
        m = self.regex.match(text, pos)
        return m.group() if m else None


_TABLES: dict[int, BodyTable] = {}


def body_table(lex: Lexicon) -> BodyTable:
    if id(lex) not in _TABLES:
        _TABLES[id(lex)] = BodyTable(lex)
    return _TABLES[id(lex)]


def _home_for_level(state: DocState, level_char: str) -> str | None:
    level = LEVEL_CHARS[level_char]
    if level == "province":
        return state.home_province
    if level == "city":
        return state.home_city
    return state.home_county


def _county_just_named(state: DocState, lex: Lexicon, regions: list[Candidate], pos: int) -> str | None:
    """海淀区副区长表示，区政府近期印发…: in a text about more than one district, 区 means the
    district named last, in this sentence or the one before."""
    first = max(0, state.sentence_index(pos) - 1)
    named = [r for r in regions if r.end <= pos and state.sentence_index(r.start) >= first
             and lex.regions.by_code[r.key].level == "county"]
    return max(named, key=lambda r: r.end).key if named else None


def agency_name(region: str, body: str) -> str:
    """The full name of a region's body, without saying the region's kind twice.

    >>> agency_name("浙江省", "经济和信息化厅"), agency_name("香港特别行政区", "特别行政区政府")
    ('浙江省经济和信息化厅', '香港特别行政区政府')
    """
    for kind in ("特别行政区", "自治区"):
        if region.endswith(kind) and body.startswith(kind):
            return region + body[len(kind):]
    return region + body


def _generic_body(text: str, pos: int) -> str | None:
    """A body named by its field (海洋与渔业局) right at ``pos``; None when the words before the
    head hold a verb, a number or a pronoun (市场将…局面, 省内各局)."""
    m = GENERIC_BODY_RE.match(text, pos)
    if not m or m.group(1)[0] in "场内外各和与及等的、" or NOT_UNITS.search(m.group()):
        return None
    if any(w.flag.startswith(("v", "m", "q", "r", "d", "u")) and w.flag != "vn" for w in tagged(m.group(1))):
        return None
    return m.group()


def match_agencies(state: DocState, lex: Lexicon) -> None:
    text = state.text
    table = body_table(lex)
    idx = lex.regions
    places = [c for c in state.candidates if c.type == "Region"]
    # a place read out of a longer place's name (沙市 in 长沙市, 龙江 in 黑龙江) names no body
    reach: dict[int, int] = {}   # start → the farthest end of a place starting before it
    farthest, ordered = 0, sorted(places, key=lambda p: p.start)
    for i, p in enumerate(ordered):
        if i == 0 or ordered[i - 1].start < p.start:
            reach[p.start] = farthest
        farthest = max(farthest, p.end)
    regions = [c for c in places if c.key in idx.by_code and idx.by_code[c.key].level in ("province", "city", "county")
               and not reach.get(c.start, 0) >= c.end]
    new: list[Candidate] = []
    place_starts = {p.start for p in places}
    # 1. region + [level char] + body: 浙江省经信厅, 北京市市政府, 杭州市经信局
    for r in regions:
        pos = r.end
        level_char = text[pos] if pos < len(text) and text[pos] in LEVEL_CHARS else ""
        body = table.match(text, pos + len(level_char)) if level_char else None
        if body is None:
            body, level_char = table.match(text, pos), ""
        region_name = idx.by_code[r.key].name
        if body:
            end = pos + len(level_char) + len(body)
            full = table.full_of[body]
            name = text[r.start:r.end] + full if full in SHORT_NAMED_BODIES else agency_name(region_name, full)
            new.append(Candidate(r.start, end, "Agency", name, "agency-grammar", 3.0, key=r.key))
            if body in table.parent_of:   # 成都市人民政府办公厅 names 成都市人民政府 too
                parent, opening = table.parent_of[body]
                new.append(Candidate(r.start, pos + len(level_char) + len(opening), "Agency",
                                     agency_name(region_name, parent), "agency-grammar", 3.0, key=r.key))
            continue
        generic = _generic_body(text, pos + len(level_char)) if (level_char or text[r.start:pos] == region_name) \
            and pos + len(level_char) not in place_starts else None   # (山东省|潍坊市人民政府办公室: the city's)
        if generic:
            new.append(Candidate(r.start, pos + len(level_char) + len(generic), "Agency",
                                 agency_name(region_name, generic), "agency-grammar", 2.0, key=r.key))
            continue
        # party committee: 北京市委, 中共浙江省委
        party = "党委" if region_name.endswith("自治区") and text.startswith("党委", pos) else "委"
        if text.startswith(party, pos) and region_name[-1] in "省市区县州" and text[r.start:pos] == region_name:
            start = r.start - 2 if text[max(0, r.start - 2):r.start] == "中共" else r.start
            end = pos + len(party)
            if text.startswith("员会", end):
                end += 2
            name = "中共" + region_name + ("委员会" if region_name.endswith("自治区") else "委")
            new.append(Candidate(start, end, "Agency", name, "agency-grammar", 3.0, key=r.key))
    # 2. level char + body with the document's own region: 省经信厅, 市政府, 省委
    region_ends = {c.end for c in regions}
    for m in re.finditer(r"[省市区县]", text):
        pos = m.end()
        if m.start() in region_ends or pos in region_ends:
            continue  # the level word belongs to a named place: 北京市委
        if m.start() > 0 and text[m.start() - 1] in "各每诸列两该":
            continue  # 各市人民政府, 计划单列市通信管理局: every city's body, not the home city's
        level = m.group()
        if text.endswith("自治区", 0, pos) and (state.home_province or "") in idx.by_code \
                and idx.by_code[state.home_province].name.endswith("自治区"):
            level = "省"   # 自治区发展改革委 in a Ningxia text: the autonomous region's own body
        elif any(text[max(0, m.start() - k):pos] in LEVEL_WORDS for k in (1, 2)):
            continue  # the level word ends a word: 直辖市人民政府, 自治区, 城市, 园区
        body = table.match(text, pos)
        committee = body is None and (text.startswith("委", pos) and not text.startswith("委员", pos)
                                      or text.startswith("党委", pos) and level != m.group())
        if not body and not committee:
            continue
        home = _home_for_level(state, level)
        if not home and level in "区县":
            home = _county_just_named(state, lex, regions, m.start())
        if not home or home not in idx.by_code:
            continue
        region_name = idx.by_code[home].name
        if committee:
            start = m.start() - 2 if level != m.group() else m.start()   # 自治区党委
            start = start - 2 if text[max(0, start - 2):start] == "中共" else start
            end = pos + (2 if text.startswith("党委", pos) else 1)
            name = "中共" + region_name + ("委员会" if region_name.endswith("自治区") else "委")
            new.append(Candidate(start, end, "Agency", name, "agency-grammar", 2.5, key=home))
        else:
            start = m.start() - 2 if level != m.group() else m.start()
            new.append(Candidate(start, pos + len(body), "Agency",
                                 agency_name(region_name, table.full_of[body]), "agency-grammar", 2.5, key=home))
    # 3. national bodies not in the lexicon: 国家数据局
    for m in NATIONAL_RE.finditer(text):
        if re.search(r"相关|有关|所属|下属|各", m.group()):
            continue   # 国家发展改革委相关司局: a named body's units in general
        new.append(Candidate(m.start(), m.end(), "Agency", m.group(), "agency-grammar", 1.0,
                             key="中国"))
    known = [c for c in state.candidates if c.type == "Agency"] + new
    # 4. sub-units directly after an agency: 工信部科技司, 重庆市人民政府办公厅
    for a in known:
        m = SUBUNIT_RE.match(text, a.end)
        if not m or body_table(lex).match(text, a.end):
            continue
        unit = m.group()
        if unit[0] in "和与及等的、" or NOT_UNITS.search(unit) or unit.startswith(("相关", "有关", "各", "其他", "下属", "所属")):
            continue
        if CLAUSE_IN_UNIT.search(unit) or any(w.flag == "d" or w.flag == "p" and w.word != "与" for w in tagged(unit)):
            continue  # 发改委将会同市财政局: a clause, not a sub-unit
        new.append(Candidate(a.start, m.end(), "Agency", a.name + unit, "agency-grammar",
                             3.5, key=a.key, attrs={"parent": a.name}))
    # 5. a ministry's unit named alone before its head's post (信息技术发展司副司长): the unit of
    #    the national body the text names most, among those named before it
    national = sorted((a for a in known if "parent" not in a.attrs and (a.key == "中国" or lex.agencies.get(a.name, {}).get("level") == "national")),
                      key=lambda a: a.start)
    mentions = Counter(a.name for a in national)
    for m in BARE_UNIT_RE.finditer(text):
        before = [a for a in national if a.end <= m.start()]
        unit = m.group(1)
        named = [a for a in known + new if a.end <= m.start() and a.name.endswith(unit) and len(a.name) > len(unit)]
        if named and not any(m.start(1) <= a.start < m.end(1) for a in known + new):
            # 香港特别行政区政府创新科技及工业局 … 创新科技及工业局局长: the unit named in full before
            full = max(named, key=lambda a: (a.score, a.end))   # the reading that wins there
            new.append(Candidate(m.start(1), m.end(1), "Agency", full.name, "agency-grammar", 2.0,
                                 key=full.key, attrs={k: v for k, v in full.attrs.items() if k == "parent"}))
            continue
        if not before or NOT_UNITS.search(unit) or CLAUSE_IN_UNIT.search(unit) or re.search(r"相关|有关|各", unit) \
                or any(m.start(1) <= a.start < m.end(1) for a in known):
            continue   # 国家发展改革委相关司局: a body named, and its units in general
        # the text's own ministry (named most), not the last of a list of co-issuers
        parent = max(reversed(before), key=lambda a: mentions[a.name])
        new.append(Candidate(m.start(1), m.end(1), "Agency", parent.name + unit, "agency-grammar", 2.0,
                             key=parent.key, attrs={"parent": parent.name}))
        state.add(new[-1])
    for c in new:
        state.add(c)
