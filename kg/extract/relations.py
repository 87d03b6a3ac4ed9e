"""Relations between the entities of one document, each with its evidence sentence.

Structural relations come from knowledge (the division hierarchy, agency names); the others
from sentence patterns: issuing verbs, focus verbs, post titles, locative cues.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict

from kg.extract.candidates import Candidate, DocState
from kg.extract.model import Mention, Relation
from kg.extract.words import tagged
from kg.extract.zones import CARRIER_FRAME
from kg.lexicon import Lexicon

ISSUE_VERBS = re.compile(r"印发|发布|出台|制定|颁布|提出|起草|审议通过|联合印发|出炉|公布")
FOCUS_VERBS = re.compile(r"把|主打|围绕|促进|利用|推进|实施|拓展|锚定|抢抓|打造|聚焦|发展|培育|做强|做大|做优|壮大|布局|突破|引进|集聚|推动|加快|支持|主攻|深耕|瞄准|抢占|重点|建设|构建|形成|提升")
SITED_AT = re.compile(r"[^，,。；;、与和及]{0,6}?(?:总部位于|总部设在|位于|坐落于|坐落在|地处|落户|落地|设在|扎根)(?:于|在)?")
CLAUSE_MARKS = "，,；;：:"
HOST_VERBS = re.compile(r"(?:则|已|还|更|现已|目前)?(?:集聚了|聚集了|汇聚了|集中了|集聚|聚集|汇聚|拥有|坐拥|依托|是|有)")
LOCATIVE = re.compile(r"位于|落户|坐落|总部|入驻|扎根|设在|落地|选址|依托")
SUCCESSION = re.compile(r"升级为|升级版|升级|迭代为|迭代|接续|替代|取代|的基础上|2\.0版")
PREDECESSOR_FRAME = re.compile(r"(?:是对|在|对)([^，,。；;]{2,80}?)的?(?:基础上|接续|延续|升级|迭代)")
NATIONAL_PREFIXES = ("国家", "全国", "中国", "中央")


class _Doc:
    """Indexes over the resolved mentions of one document."""

    def __init__(self, state: DocState, lex: Lexicon):
        self.state = state
        self.lex = lex
        self.entities = {e.id: e for e in state.entities}
        self.by_sentence: dict[int, list[Candidate]] = defaultdict(list)
        for c in state.mentions:
            if "entity" in c.attrs:
                self.by_sentence[state.sentence_index(c.start)].append(c)
        self.region_entity: dict[str, str] = {}          # division key → entity id
        self.region_keys: dict[str, str] = {}            # entity id → division key
        self.governs: dict[str, str] = {}                # agency entity → the region it governs (_agencies)
        for c in state.mentions:
            if c.type == "Region" and c.key and "entity" in c.attrs:
                self.region_entity.setdefault(c.key, c.attrs["entity"])
            if c.type == "Region" and "entity" in c.attrs:
                self.region_keys[c.attrs["entity"]] = c.key
        self.first_sentence: dict[str, int] = {}
        for c in state.mentions:
            if "entity" in c.attrs:
                self.first_sentence.setdefault(c.attrs["entity"], state.sentence_index(c.start))
        self.cands: dict[str, list[Candidate]] = defaultdict(list)
        for c in state.mentions:
            if "entity" in c.attrs:
                self.cands[c.attrs["entity"]].append(c)
        self.home = self._home()
        self.topics: list[str | None] | None = None   # per sentence, computed once (_topics)
        self.superseded: dict[int, list[tuple[int, int]]] = {}   # per sentence (_superseded_spans)
        self.out: dict[tuple[str, str, str], Relation] = {}
        self.memo: dict[str, object] = {}   # document-wide findings several rules share (_main_program)
        # where a program applies when nothing in the text says (its sentence's topic region):
        # dropped when the text names other places for it
        self.guessed: set[tuple[str, str, str]] = set()
        self.issued_here: set[str] = set()   # programs named right after their issuing verb or body

    def _home(self) -> str | None:
        """The document's own region: its home province, or its home city when the city is
        named at least as often as the province (a city's own report)."""
        state = self.state
        if state.sentences:
            opening = [c for c in self.by_sentence.get(0, []) if c.start - state.sentences[0].start <= 1]
            if any(c.type == "Agency" and _agency_key(self, self.cands[c.attrs["entity"]]) == "中国" for c in opening):
                return self.region_entity.get("中国")   # a national body's notice is about the country
        counts: Counter[str] = Counter(c.key for c in state.mentions if c.type == "Region" and c.key)
        county = state.home_county
        if county in self.region_entity:
            return self.region_entity[county]   # a county's own text is about the county
        prov, city = state.home_province, state.home_city
        if city and city in self.region_entity and (prov not in self.region_entity
                                                    or counts[city] >= counts[prov] or city == prov):
            return self.region_entity[city]
        if prov and prov in self.region_entity:
            return self.region_entity[prov]
        return None

    def evidence(self, sent_idx: int) -> Mention:
        s = self.state.sentences[sent_idx]
        return Mention(s.start, s.end, s.text)

    def shared_sentence(self, a: str, b: str) -> int:
        sa = {self.state.sentence_index(c.start) for c in self.cands[a]}
        sb = {self.state.sentence_index(c.start) for c in self.cands[b]}
        both = sorted(sa & sb)
        return both[0] if both else self.first_sentence.get(a, 0)

    def add(self, p: str, s: str, o: str, sent_idx: int | None = None) -> None:
        if s == o or s not in self.entities or o not in self.entities:
            return
        if (p, s, o) in self.out:
            self.guessed.discard((p, s, o))   # a rule that reads the text confirms the guess
            return
        idx = self.shared_sentence(s, o) if sent_idx is None else sent_idx
        self.out[(p, s, o)] = Relation(p, s, o, self.evidence(idx))

    def region_of_key(self, key: str) -> str | None:
        """The nearest region entity of the document at or above division ``key``."""
        idx = self.lex.regions
        for k in [key, *idx.ancestors(key)] if key in idx.by_code else [key]:
            if k in self.region_entity:
                return self.region_entity[k]
        return None


def _outermost(mentions: list[Candidate]) -> list[Candidate]:
    """The mentions not nested in a longer one of the list (工信部办公厅, not the 工信部 in it)."""
    return [m for m in mentions if not any(o.length > m.length and m.inside(o) for o in mentions)]


def extract_relations(state: DocState, lex: Lexicon) -> None:
    d = _Doc(state, lex)
    _region_hierarchy(d)
    _agencies(d)
    _persons(d)
    _organizations(d)
    _programs(d)
    _anaphoric_issuers(d)
    _program_structure(d)
    _sub_programs(d)
    _program_scopes(d)
    _focus(d)
    _carriers_focus(d)
    _issuers_focus(d)
    _bodies_over_places(d)
    _parts_issue_nothing(d)
    _drop_overruled_guesses(d)
    state.relations = sorted(d.out.values(), key=lambda r: (r.p, r.s, r.o))


def _drop_overruled_guesses(d: _Doc) -> None:
    """A region guessed for a program from its sentence's topic gives way to places the text names."""
    for key in d.guessed:
        if any(p == "appliesTo" and s == key[1] and o != key[2] for (p, s, o) in d.out):
            del d.out[key]


def _parts_issue_nothing(d: _Doc) -> None:
    """印发《方案》，部署实施A工程和B行动: the bodies issue the plan, not its parts, unless a part
    is itself named as the thing issued."""
    parts = {s for (p, s, o) in d.out if p == "partOf" and d.entities[s].type == "Program"}
    for key in [k for k in d.out if k[0] == "issuedBy" and k[1] in parts and k[1] not in d.issued_here]:
        del d.out[key]


def _bodies_over_places(d: _Doc) -> None:
    """A plan a body issues is not also issued by a place: 江苏出台…方案 in the headline and
    江苏省工业和信息化厅印发 in the text name one issuer, the body."""
    by_body = {s for (p, s, o) in d.out if p == "issuedBy" and d.entities[o].type == "Agency"}
    for key in [k for k in d.out if k[0] == "issuedBy" and k[1] in by_body and d.entities[k[2]].type == "Region"]:
        del d.out[key]


def _region_hierarchy(d: _Doc) -> None:
    idx = d.lex.regions
    for eid, cands in d.cands.items():
        e = d.entities[eid]
        if e.type != "Region":
            continue
        key = next((c.key for c in cands if c.key), "")
        parent = None
        if key and key in idx.by_code:
            for k in idx.ancestors(key):
                if k in d.region_entity:
                    parent = d.region_entity[k]
                    break
        elif any(c.attrs.get("zone") for c in cands):
            inside = next((c.attrs["in"] for c in cands if c.attrs.get("in")), "")
            in_zone = next((c.attrs["in_zone"] for c in cands if c.attrs.get("in_zone")), "")
            parent = next((z for z, ze in d.entities.items() if ze.type == "Region" and ze.name == in_zone), None)
            if parent is None and inside:
                parent = d.region_of_key(inside)
            if parent is None:
                parent = _nearest_region_before(d, cands[0])
            if parent is None and d.state.home_city:
                parent = d.region_of_key(d.state.home_city)
        if parent:
            d.add("partOf", eid, parent)
        for macro, members in idx.members.items():
            if key and key in members and macro in d.region_entity:
                d.add("partOf", eid, d.region_entity[macro])


def _nearest_region_before(d: _Doc, c: Candidate) -> str | None:
    sent = d.state.sentence_index(c.start)
    best = None
    for m in d.by_sentence[sent]:
        if m.type == "Region" and m.end <= c.start and m.key and \
                d.lex.regions.by_code.get(m.key) and d.lex.regions.by_code[m.key].level in ("city", "county"):
            best = m.attrs["entity"]
    return best


def _agency_key(d: _Doc, cands: list[Candidate]) -> str:
    key = next((c.key for c in cands if c.key), "")
    if key:
        return key
    row = d.lex.agencies.get(d.entities[cands[0].attrs["entity"]].name)
    return "中国" if row is not None or cands[0].name.startswith(NATIONAL_PREFIXES) else ""


def _agencies(d: _Doc) -> None:
    agencies = sorted((e for e in d.entities.values() if e.type == "Agency"), key=lambda e: -len(e.name))
    region_at = {(m.start, m.end): m.attrs["entity"] for m in d.state.mentions
                 if m.type == "Region" and "entity" in m.attrs}
    for e in agencies:
        spans = [c.attrs["governs"] for c in d.cands[e.id] if "governs" in c.attrs]
        if spans:   # a zone's 管委会, a town's 人民政府: the zone or town named in it
            region = next((region_at[s] for s in spans if s in region_at), None)
        else:
            key = _agency_key(d, d.cands[e.id])
            region = d.region_of_key(key) if key and (key == "中国" or d.lex.regions.by_code.get(key)) else None
        if region:
            d.add("jurisdiction", e.id, region)
            d.governs[e.id] = region
        for other in agencies:
            if other.id != e.id and len(other.name) < len(e.name) and e.name.startswith(other.name):
                d.add("partOf", e.id, other.id)
                break


def _title_link() -> re.Pattern:
    from kg.extract.persons import person_titles

    return re.compile("(?:%s)[、，,]?(?:兼)?" % "|".join(map(re.escape, person_titles())))


TITLE_LINK = _title_link()


def _persons(d: _Doc) -> None:
    for eid, cands in d.cands.items():
        if d.entities[eid].type != "Person":
            continue
        for c in cands:
            title_start = c.attrs.get("title_start")
            if title_start is None:
                continue
            sent = d.state.sentence_index(c.start)
            best = None
            for m in d.by_sentence[sent]:
                # the title may overlap the body's end: 自治区党委|书记 read as 党委书记
                if m.type in ("Agency", "Organization") and m.end <= c.start and -4 <= title_start - m.end <= 10:
                    if best is None or m.end > best.end or (m.end == best.end and m.length > best.length):
                        best = m
            if best is None:
                best = _government_of_head(d, sent, c)
            while best is not None:
                d.add("memberOf", eid, best.attrs["entity"], sent)
                # 中国工程院院士、四川大学华西医院教授罗成刚: every post of the chain
                earlier = [m for m in d.by_sentence[sent] if m.type in ("Agency", "Organization")
                           and m.end <= best.start and TITLE_LINK.fullmatch(d.state.text, m.end, best.start)]
                best = max(earlier, key=lambda m: (m.end, m.length)) if earlier else None


# Heads of a government by level: 重庆市副市长, 县长 (of the county the text is about)
GOVERNMENT_HEADS = {"省长": "province", "副省长": "province", "市长": "city", "副市长": "city",
                    "区长": "county", "副区长": "county", "县长": "county", "副县长": "county",
                    "州长": "city", "副州长": "city", "旗长": "county", "副旗长": "county"}


def _government_of_head(d: _Doc, sent: int, person: Candidate) -> Candidate | None:
    """重庆市副市长罗明远, 县长岩香龙: a head of government is a member of that place's people's
    government, when the text names it: the place right before the title, else the text's own
    place of the title's level."""
    title = person.attrs.get("title")
    if title not in GOVERNMENT_HEADS:
        return None
    idx = d.lex.regions
    start = person.attrs["title_start"]
    place = next((m for m in d.by_sentence[sent] if m.type == "Region" and m.end == start), None)
    key = place.key if place is not None else None
    if key is None:
        level = GOVERNMENT_HEADS[title]
        named = [k for k in d.region_entity if k in idx.by_code and idx.by_code[k].level == level]
        homes = {"province": d.state.home_province, "city": d.state.home_city}
        key = homes.get(level) or (named[0] if len(named) == 1 else None)
    if key not in idx.by_code:
        return None
    name = idx.by_code[key].name + "人民政府"
    return next((m for cands in d.cands.values() for m in cands
                 if m.type == "Agency" and d.entities[m.attrs["entity"]].name == name), None)


def _organizations(d: _Doc) -> None:
    idx = d.lex.regions
    region_at = defaultdict(list)
    for c in d.state.candidates:
        if c.type == "Region" and c.key:
            region_at[c.start].append(c)
    named_in: dict[str, str] = {}   # organization → the place opening its name
    for eid, cands in d.cands.items():
        if d.entities[eid].type != "Organization":
            continue
        for c in cands:
            # a place at the start of the name: 浙江中烟, 山东工业云平台
            for r in sorted(region_at.get(c.start, []), key=lambda r: -r.length):
                if idx.by_code.get(r.key) is None or idx.by_code[r.key].level == "country":
                    continue
                target = d.region_of_key(r.key)
                if target and target != d.region_entity.get("中国"):   # 北京大学 in a text not naming 北京
                    named_in.setdefault(eid, target)
                    break
            else:   # 重庆大学: a dictionary word, so no place was read out of it; the name still says where
                for k in (4, 3, 2):
                    keys = idx.by_surface.get(d.state.text[c.start:c.start + k], [])
                    target = d.region_of_key(keys[0]) if len(keys) == 1 and k < c.length else None
                    if target and target != d.region_entity.get("中国"):
                        named_in.setdefault(eid, target)
                        break
    for eid, cands in d.cands.items():
        if d.entities[eid].type != "Organization":
            continue
        located = False   # an earlier mention already said where it is
        for c in cands:
            sent = d.state.sentence_index(c.start)
            text = d.state.sentences[sent].text
            builds = _builds_in(d, sent, c)
            if builds:   # 京东方在成都、重庆两地建设…, 商汤科技等企业已在香港科学园设立总部
                for m in builds:
                    d.add("locatedIn", eid, m.attrs["entity"], sent)
                located = True
                continue
            cue = SITED_AT.match(d.state.text, c.end) or _sited_after_list(d, sent, c)
            if cue:   # 华为技术有限公司总部位于深圳市龙岗区: the most specific place after the cue
                run, pos = [], cue.end()
                for m in sorted((m for m in d.by_sentence[sent] if m.type == "Region" and m.start >= pos),
                                key=lambda m: (m.start, -m.length)):
                    if m.start < pos:
                        continue   # a shorter form nested in the place just taken (深圳 in 深圳市)
                    if m.start != pos:
                        break
                    run.append(m)
                    pos = m.end
                if run:
                    d.add("locatedIn", eid, run[-1].attrs["entity"], sent)
                    located = True
                    continue
            host = _host_place(d, sent, c)
            if host is not None and (eid not in named_in or _within(d, host.attrs["entity"], named_in[eid])):
                d.add("locatedIn", eid, host.attrs["entity"], sent)   # not 位于成都的…和重庆大学 → 成都
                located = True
                continue
            if LOCATIVE.search(text) and not located:
                before = [m for m in d.by_sentence[sent] if m.type == "Region" and m.end <= c.start
                          and (idx.by_code.get(m.key) is not None or m.attrs.get("zone"))]
                nearest = max(before, key=lambda m: (m.end, m.length)) if before else None
                place = nearest.attrs["entity"] if nearest else None
                other = nearest and any(o.type == "Organization" and o.attrs["entity"] != eid and nearest.end <= o.start
                                        and o.end <= c.start for o in d.by_sentence[sent])
                if place and not other and (eid not in named_in or _within(d, place, named_in[eid])):
                    # the place nearest before it, the whole of it, unless another organization
                    # stands between them (总部位于合肥的江淮汽车与蔚来: 合肥 is 江淮汽车's)
                    d.add("locatedIn", eid, place, sent)
                    located = True
    # the place in the name, unless the text puts the organization somewhere inside it
    # (位于徐汇区的上海人工智能实验室 is in 徐汇区, the most specific place given)
    for eid, place in named_in.items():
        inside = [o for (p, s, o) in d.out if p == "locatedIn" and s == eid and o != place and _within(d, o, place)]
        if not inside:
            d.add("locatedIn", eid, place, d.shared_sentence(eid, place))


LIST_CLOSER = re.compile(r"等(?:一批|多家|[0-9一二三四五六七八九十百]+家)?(?:[\u4e00-\u9fff]{0,4}?(?:企业|机构|公司|单位|科研院所|科研力量))?")
SITED_AFTER_LIST = re.compile(r"(?:纷纷|相继|先后|已|均)?(?:入驻|落户|进驻|落地|扎根|集聚)(?:于|在|到)?")


def _sited_after_list(d: _Doc, sent: int, org: Candidate) -> re.Match | None:
    """隆平高科、中国种子集团等企业落户三亚崖州湾科技城: the cue after the list the
    organization is in."""
    return SITED_AFTER_LIST.match(d.state.text, _list_end(d, sent, org))


def _list_end(d: _Doc, sent: int, org: Candidate) -> int:
    """Where the list an organization opens or continues ends: past the other names, the list
    marks and a closing 等…企业 (腾讯、字节跳动等企业|入驻…)."""
    text = d.state.text
    end = d.state.sentences[sent].end
    names = sorted((m for m in d.by_sentence[sent] if m.type == "Organization" and m.start >= org.end),
                   key=lambda m: m.start)
    pos = org.end
    while pos < end:
        if text.startswith("以及", pos):
            pos += 2
            continue
        if text[pos] in "、和及与":
            pos += 1
            continue
        nxt = next((m for m in names if m.start == pos), None)
        if nxt is not None:
            pos = nxt.end
            continue
        closer = LIST_CLOSER.match(text, pos)
        if closer and closer.end() > pos:
            pos = closer.end()
        break
    return pos


def _within(d: _Doc, inner: str, outer: str) -> bool:
    """Region entity ``inner`` is ``outer`` or lies inside it (by the division hierarchy)."""
    if inner == outer:
        return True
    keys = {c.key for c in d.cands.get(outer, ()) if c.key}
    for c in d.cands.get(inner, ()):
        if keys & set(_region_keys(d, c)):
            return True
    return False


BUILDS_IN = re.compile(r"(?:等[^，,。；;在]{0,10}?|的[^，,。；;在与和]{1,10}?)?(?:已|将|正|也|均|则|还|先后|分别|相继)?在")
SETS_UP = re.compile(r"(?:两地|三地|等地)?(?:设立|建设|布局|建成|投资|落户|设有|新建|扩建|投产|打造|成立|集聚|聚集)")
ZONE_WORDS = "新区|合作区|自贸试验区|开发区|高新区|示范区|片区"   # a zone's bare head standing for it
ZONE_SUBJECT = re.compile(r"\s*(?:[^，,。；;]{0,12}?[，,]|[^。；;]{0,40}?(?:说|表示|介绍|指出)[，,：:])?(?:该|全)?"
                          r"(%s)(?:将|要|则|已|还|也|正)" % ZONE_WORDS)
ZONE_ANAPHOR = re.compile(r"该?(产业园|科技城|科学城|园区|开发区|高新区|新区|示范区|片区|合作区|试验区)")


def _builds_in(d: _Doc, sent: int, org: Candidate) -> list[Candidate]:
    """京东方在成都、重庆两地建设…; 陕煤集团在榆神工业区布局…: the places right after 在 and
    before a verb of setting up, when the organization is the one acting."""
    text = d.state.text
    cue = BUILDS_IN.match(text, _after_brackets(text, _list_end(d, sent, org)))
    if not cue:
        return []
    run, pos = [], cue.end()
    anaphor = ZONE_ANAPHOR.match(text, pos)
    if anaphor and SETS_UP.match(text, anaphor.end()):
        # 已在该产业园设立…, 已在科技城集聚: the zone of that kind named last before
        head = anaphor.group(1)
        earlier = [m for m in d.state.mentions if m.type == "Region" and "entity" in m.attrs and m.end <= pos
                   and d.entities[m.attrs["entity"]].name.endswith(head)]
        return earlier[-1:]
    for m in sorted((m for m in d.by_sentence[sent] if m.type == "Region" and m.start >= pos),
                    key=lambda m: (m.start, -m.length)):
        if m.start < pos:
            continue
        if text[pos:m.start].strip("、和及与"):
            break
        if run and m.start == pos:
            run[-1] = m   # 在湖南省株洲市建设: one address, the most specific place of it
        else:
            run.append(m)   # 在成都、重庆两地建设: two places
        pos = m.end
    return run if run and SETS_UP.match(text, pos) else []


def _host_place(d: _Doc, sent: int, org: Candidate) -> Candidate | None:
    """The place a clause says holds the organization: 坪山区的比亚迪; 南山区集聚了腾讯、大疆;
    长安镇则是OPPO、vivo的…; 在坪山区，比亚迪…"""
    text, idx = d.state.text, d.lex.regions
    start = d.state.sentences[sent].start
    places = [m for m in d.by_sentence[sent] if m.type == "Region" and m.end <= org.start
              and (m.attrs.get("zone") or m.key in idx.by_code and idx.by_code[m.key].level != "country")]
    if not places:
        return None
    clause = max([start] + [i + 1 for i in (text.rfind(p, start, org.start) for p in CLAUSE_MARKS) if i >= 0])
    for m in sorted(places, key=lambda m: (-m.end, -m.length)):
        if text[m.end:m.end + 1] == "的" and (m.end == org.start - 1 or _only_names_between(d, sent, m.end + 1, org.start, "、")):
            return m   # 广州的广汽集团、小鹏汽车 (not 合肥的江淮汽车与蔚来: 与 joins two parties)
        if m.start < clause:
            # 在坪山区，比亚迪、…: the organization opens the clause after "在 + place", or its list does
            run_start = m.start   # 在深圳市南山区，…: the places written together before the comma
            while (prev := next((p for p in places if p.end == run_start), None)) is not None:
                run_start = prev.start
            if _only_names_between(d, sent, clause, org.start) and m.end == clause - 1 and text[run_start - 1:run_start] == "在" \
                    and (run_start - 1 == start or text[run_start - 2] in CLAUSE_MARKS) \
                    and not BUILDER_OF.match(text, _after_brackets(text, org.end)):
                return m   # but 在哈密市，国家电投建设的新能源基地: what it builds is there
            # 深圳市着力做强无人机产业，聚集了大疆创新、丰翼科技: a clause opening with the verb
            # has the sentence's opening place as its subject
            verb = HOST_VERBS.match(text, clause)
            opens = m.start - start <= 1 or text[m.start - 1] in CLAUSE_MARKS   # (作为…，东湖高新区…，集聚了…)
            if verb and verb.group() not in ("是", "有") and opens \
                    and _only_names_between(d, sent, verb.end(), org.start):
                return m
            inside = ZONE_INSIDE.match(text, clause)
            if inside and m.attrs.get("zone") and _only_names_between(d, sent, inside.end(), org.start):
                return m   # 包头稀土高新区已集聚…，区内的北方稀土、金力永磁: the zone just named
            continue
        verb = HOST_VERBS.match(text, m.end)
        if verb and m.start <= clause + 1 and _only_names_between(d, sent, verb.end(), org.start):
            return m

    return None


ZONE_INSIDE = re.compile(r"(?:区内|园区内|园内)的?")
BUILDER_OF = re.compile(r"(?:投资|牵头|负责|参与)?(?:建设|承建|投建|开发|运营)的")


def _after_brackets(text: str, pos: int) -> int:
    """Past a bracket right after a name: 国家电网有限公司(以下简称“国家电网”)|建设的…"""
    if text[pos:pos + 1] in "(（":
        close = min((i for i in (text.find(")", pos), text.find("）", pos)) if i >= 0), default=-1)
        if 0 <= close - pos <= 30:
            return close + 1
    return pos


def _only_names_between(d: _Doc, sent: int, start: int, end: int, marks: str = "、和及与") -> bool:
    """Nothing but organization names and list ``marks`` from ``start`` to ``end`` (A、B和C)."""
    pos = start
    for m in sorted((m for m in d.by_sentence[sent] if m.type == "Organization" and start <= m.start < end),
                    key=lambda m: m.start):
        if m.start < pos:
            continue
        if d.state.text[pos:m.start].strip(marks):
            return False
        pos = m.end
    return not d.state.text[pos:end].strip(marks)


def _programs(d: _Doc) -> None:
    state = d.state
    topics = _topics(d)
    for eid, cands in sorted(d.cands.items()):
        e = d.entities[eid]
        if e.type != "Program":
            continue
        # 国家…, 中央…: national; 中国… too, unless placed (杭州滨江区启动“中国数谷”: a local brand)
        national = e.name.startswith(NATIONAL_PREFIXES) and not e.name.startswith("中国")
        by_prefix = e.name.startswith("中国")
        named = applied = False   # a place in its name; any place found for it
        for c in cands:
            sent = state.sentence_index(c.start)
            sentence = state.sentences[sent]
            inside = [m for m in d.by_sentence[sent] if c.start <= m.start and m.end <= c.end and m is not c]
            others = [m for m in d.by_sentence[sent] if not (c.start <= m.start and m.end <= c.end)]
            # a name that opens with a body or a place: 重庆市人民政府办公厅关于…, 浙江省…条例
            opening = [m for m in inside if m.start - c.start <= 1]  # after 《 or “
            # 重庆市人民政府办公厅, not its parent; 北京经济技术开发区, not the 北京 in it
            opening = [m for t in ("Agency", "Region") for m in _outermost([o for o in opening if o.type == t])]
            for m in opening:
                if m.type == "Agency":
                    d.add("issuedBy", eid, m.attrs["entity"], sent)
                    d.issued_here.add(eid)
                    key = _agency_key(d, d.cands[m.attrs["entity"]])
                    target = d.region_of_key(key) if key else None
                    if target:
                        d.add("appliesTo", eid, target, sent)
                        named = applied = True
                    national = national or key == "中国"
                elif m.type == "Region" and m.key != "中国":   # 中国… names are judged by their prefix
                    d.add("appliesTo", eid, m.attrs["entity"], sent)
                    named = applied = True
            for m in inside:
                if m.type == "Industry":
                    d.add("targetsIndustry", eid, m.attrs["entity"], sent)
            # issuing verbs: the bodies before the verb issued the program after it
            verb = ISSUE_VERBS.search(sentence.text)
            if verb and c.end <= sentence.start + verb.start() and any(
                    o.type == "Program" and o.start >= sentence.start + verb.end()
                    and not CLAUSE_END.search(state.text, sentence.start + verb.end(), o.start) for o in others):
                verb = None   # 《实施方案》是落实中共中央、国务院印发的《纲要》…: the verb issues the other
            if verb:
                vpos = sentence.start + verb.start()
                approving = [(sentence.start + a.start(), sentence.start + a.end())
                             for a in APPROVAL.finditer(sentence.text)]
                # the bodies before the verb, not the parents inside their names (工信部 in 工信部办公厅),
                # nor the governments that approved it (经四川省人民政府同意)
                agencies = [m for m in others if m.type == "Agency" and m.end <= vpos
                            and not state.text.startswith(MEDIA_AFTER, m.end)   # 重庆市政府网发布: a website
                            and not any(a <= m.start and m.end <= b for a, b in approving)]
                issuers = _outermost(agencies)
                if not issuers:  # a place issues only as the subject of the verb's clause: 近日，河南省印发…
                    issuers = [m for m in others if m.type == "Region" and m.end <= vpos
                               and (_is_clause_subject(state.text, m) and not CLAUSE_END.search(state.text, m.end, vpos)
                                    or _topic_subject(state.text, m))][-1:]
                vend = sentence.start + verb.end()
                if issuers and 0 <= c.start - vend <= 3:
                    d.issued_here.add(eid)   # 印发《…》: this program is the one issued
                for m in issuers:
                    d.add("issuedBy", eid, m.attrs["entity"], sent)
                    if m.type == "Agency":
                        key = _agency_key(d, d.cands[m.attrs["entity"]])
                        national = national or key == "中国"
                # "制定实施《…》", "当地出台《广东省…》" with no body named: the place in its name, else
                # the region the text is about, issued it
                own = next((m.attrs["entity"] for m in opening if m.type == "Region"), None)
                topic = own or (topics[sent] if topics else d.home)
                by_name = any(m.type == "Agency" for m in opening)
                if not issuers and not by_name and 0 <= c.start - vend <= 3 and topic:
                    d.add("issuedBy", eid, topic, sent)
            placed = False
            nxt = sent + 1   # …；|后者聚焦…: the next sentence may speak of it as 前者 or 后者
            if nxt < len(state.sentences) and FORMER_LATTER.match(state.text, state.sentences[nxt].start):
                for m in d.by_sentence[nxt]:
                    if m.type == "Industry" and _nearest_program(d, nxt, m) is c:
                        d.add("targetsIndustry", eid, m.attrs["entity"], nxt)
            for m in others:
                if m.type == "Industry" and _nearest_program(d, sent, m) is c:
                    d.add("targetsIndustry", eid, m.attrs["entity"], sent)
                elif m.type == "Region" and m.end <= c.start and not named and m.key \
                        and d.lex.regions.by_code.get(m.key) is not None \
                        and d.lex.regions.by_code[m.key].level != "country":
                    d.add("appliesTo", eid, m.attrs["entity"], sent)
                    placed = True
            applied = applied or placed
            # cues outside program names only: 精制加工升级工程 upgrades nothing
            names_at = [(m.start - sentence.start, m.end - sentence.start) for m in d.by_sentence[sent] if m.type == "Program"]
            frame = next((f for f in PREDECESSOR_FRAME.finditer(sentence.text)
                          if not any(a < f.end() - 1 and f.end() <= b for a, b in names_at)), None)
            succ = next((f for f in SUCCESSION.finditer(sentence.text)
                         if not any(a <= f.start() and f.end() <= b for a, b in names_at)), None)
            if frame:
                # X是对Y的接续和升级, X在Y的基础上升级而来, 在Y的基础上提出X: the program next to
                # the frame (before it, or first after it) succeeds Y, inside it
                a, b = sentence.start + frame.start(1), sentence.start + frame.end(1)
                f_start, f_end = sentence.start + frame.start(), sentence.start + frame.end()
                programs_out = [o for o in others if o.type == "Program" and (o.end <= a or o.start >= b)]
                before = c.end <= f_start and not any(c.end <= o.start and o.end <= f_start for o in programs_out)
                after = c.start >= f_end and not any(f_end <= o.start < c.start for o in programs_out) \
                    and not CLAUSE_END.search(state.text, f_end, c.start)
                if before or after:
                    for m in others:
                        if m.type == "Program" and a <= m.start and m.end <= b:
                            d.add("successorOf", eid, m.attrs["entity"], sent)
            elif succ:
                # A升级为B: B, after the cue and in its clause, succeeds A, before it
                spos = sentence.start + succ.start()
                for m in others:
                    if m.type == "Program" and m.end <= spos < c.start \
                            and not CLAUSE_END.search(state.text, spos, c.start):
                        d.add("successorOf", eid, m.attrs["entity"], sent)
        national = national or (by_prefix and not applied)
        if national:
            if "中国" in d.region_entity:   # a national program applies to the country, if named
                d.add("appliesTo", eid, d.region_entity["中国"])
        elif not applied:
            topic = topics[state.sentence_index(cands[0].start)] if topics else d.home
            if topic and ("appliesTo", eid, topic) not in d.out:
                d.add("appliesTo", eid, topic)
                d.guessed.add(("appliesTo", eid, topic))


ANAPHOR_HEAD = re.compile(r"(?:该|此|这一|这项|上述)(行动计划|行动方案|实施方案|行动|计划|方案|规划|意见|工程|政策|措施|条例|办法)")


def _anaphoric_issuers(d: _Doc) -> None:
    """该行动由省经信厅会同省发展改革委制定: the bodies issued the last program of that kind."""
    state = d.state
    programs = sorted((c for c in state.mentions if c.type == "Program" and "entity" in c.attrs), key=lambda c: c.start)
    for i, sent in enumerate(state.sentences):
        anaphor, verb = ANAPHOR_HEAD.search(sent.text), ISSUE_VERBS.search(sent.text)
        ms = d.by_sentence.get(i, [])
        if not (anaphor and verb) or any(m.type == "Program" for m in ms):
            continue
        head = anaphor.group(1)
        earlier = [p for p in programs if p.end <= sent.start and d.entities[p.attrs["entity"]].name.endswith(head)]
        if not earlier:
            continue
        vpos = sent.start + verb.start()
        for m in _outermost([m for m in ms if m.type == "Agency" and m.end <= vpos]):
            d.add("issuedBy", earlier[-1].attrs["entity"], m.attrs["entity"], i)


NUMBERING = r"(?:第[一二三四五六七八九十百零〇0-9]+[条章节]|[一二三四五六七八九十]+是|[(（][一二三四五六七八九十0-9]+[)）]|[一二三四五六七八九十0-9]+[、.．]|第[一二三四五六七八九十]+[,，、]?)"
LEAD_VERBS = re.compile(rf"^(?:{NUMBERING}?(?:深入|全面|大力|加快|持续|继续)?(?:实施|推进|推动|开展|深化|启动|打造|建设|落实)|{NUMBERING})")


def _main_program(d: _Doc) -> str | None:
    """The policy document a text is about: the bracketed program named most often (≥ 2), else
    the one its opening sentences issue (近日，某厅印发《X》。 and later only 方案提出…)."""
    if "main_program" not in d.memo:
        d.memo["main_program"] = _find_main_program(d)
    return d.memo["main_program"]


def _find_main_program(d: _Doc) -> str | None:
    counts: Counter[str] = Counter(c.attrs["entity"] for c in d.state.mentions
                                   if c.type == "Program" and "entity" in c.attrs and c.attrs.get("bracketed"))
    best = min(counts, key=lambda k: (-counts[k], k)) if counts else None
    if best is None or counts[best] < 2:
        best = None
        for i, sent in enumerate(d.state.sentences[:4]):
            verb = ISSUE_VERBS.search(sent.text)
            issued = [m for m in d.by_sentence.get(i, []) if verb and m.type == "Program"
                      and m.attrs.get("bracketed") and m.start >= sent.start + verb.end()]
            if issued:
                best = min(issued, key=lambda m: m.start).attrs["entity"]
                break
    return best


def _program_structure(d: _Doc) -> None:
    """Sub-programs from the layout of policy text: a program in a heading governs the
    paragraphs below it; a paragraph that opens with "实施X工程。" governs the programs in its
    own sentences. (The industries of such a paragraph are left to the sentence rules: the
    paragraph's later clauses are mostly about other things.)"""
    state = d.state
    text = state.text
    section: str | None = None
    main = _main_program(d)
    all_programs = sorted((c for c in state.mentions if c.type == "Program" and "entity" in c.attrs),
                          key=lambda c: c.start)
    program_starts = [c.start for c in all_programs]

    def within(items, starts, start, end):
        lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        return [c for c in items[lo:hi] if c.end <= end]

    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        programs = within(all_programs, program_starts, start, end)
        if line.lstrip().startswith("#"):
            section = programs[0].attrs["entity"] if programs else None
            continue
        first = state.sentences[state.sentence_index(start)]
        lead = None
        lead_programs = [c for c in programs if c.end <= first.end]
        if len(lead_programs) == 1 and first.end - first.start <= 40 and LEAD_VERBS.match(first.text.strip()):
            lead = lead_programs[0].attrs["entity"]
            parent = section or main
            if parent and parent != lead:
                d.add("partOf", lead, parent, state.sentence_index(start))
        if lead:
            for c in programs:
                if c.start >= first.end and c.attrs["entity"] != lead:
                    d.add("partOf", c.attrs["entity"], lead, state.sentence_index(c.start))


SUBPROGRAM_VERB = re.compile(r"实施|部署|包括|开展|设立|启动|推出|涵盖|分为|提出")
SETS_OUT_PARTS = re.compile(r"[”》]?[，,]?(?:下设|下辖|包括|包含|分为|设置)")
# 《实施方案》是“技能中国行动”的重要组成部分: the first program is a part of the second
PART_OF_FRAME = re.compile(r"[”》]?(?:是|作为|系)[“《「\"]?$")
PART_NOUN = re.compile(r"[”》]?的(?:重要|核心|关键|有机)?(?:组成部分|一部分)")
# A sentence opening with the plan's kind, not its name: 方案提出…, 这份方案明确…, 计划设立…
PLAN_REFERENCE = re.compile(r"\s*(?:这份|该|本|此)?《?(?:三年)?(?:行动方案|行动计划|实施方案|方案|计划|规划)》?"
                            r"(?=提出|明确|部署|设立|包括|实施|涵盖)")


def _sub_programs(d: _Doc) -> None:
    """《行动方案》部署实施“生态茶园提升工程”“精制加工升级工程”…三大工程; 一是“AI+新药研发”赋能工程…:
    the programs a plan sets out after a verb, in a sentence that names the plan or in the numbered
    items that follow it, are its parts."""
    main = _main_program(d)
    state = d.state
    listing = False   # inside the numbered items after the plan set out its parts
    for i, sent in enumerate(state.sentences):
        ms = sorted(d.by_sentence.get(i, []), key=lambda m: m.start)
        programs = [m for m in ms if m.type == "Program" and not m.attrs.get("bracketed")]
        for p in programs:   # “2316”工程下设超硬材料“强基”行动、…三个专项
            verb = SETS_OUT_PARTS.match(state.text, p.end)
            for m in programs if verb else ():
                if m.start >= verb.end() and m.attrs["entity"] != p.attrs["entity"]:
                    d.add("partOf", m.attrs["entity"], p.attrs["entity"], i)
        named = [m for m in ms if m.type == "Program"]
        for a, b in zip(named, named[1:]):
            if a.attrs["entity"] == b.attrs["entity"]:
                continue
            if b.start - a.end <= 3 and PART_OF_FRAME.search(state.text, a.end, b.start) \
                    and PART_NOUN.match(state.text, b.end):
                d.add("partOf", a.attrs["entity"], b.attrs["entity"], i)
            elif b.start == a.end and d.entities[b.attrs["entity"]].name.endswith(("专项", "项目")):
                d.add("partOf", b.attrs["entity"], a.attrs["entity"], i)   # 国家重点研发计划“智能机器人”重点专项
        if main is None:
            continue
        own_end = min((m.end for m in ms if m.type == "Program" and m.attrs["entity"] == main), default=None)
        reference = PLAN_REFERENCE.match(state.text, sent.start)
        if own_end is None and reference:
            own_end = reference.end()   # 方案提出实施…三大工程: the plan, by its kind
        parts = [m for m in programs if m.attrs["entity"] != main]
        if own_end is not None:
            listing = False
            verb = SUBPROGRAM_VERB.search(state.text, own_end, sent.end)
            if verb:
                after = [m for m in parts if m.start >= verb.end()]
                for m in after:
                    d.add("partOf", m.attrs["entity"], main, i)
                listing = bool(after) or bool(re.search(r"[0-9一二三四五六七八九十]+[大项个](?:工程|行动|任务|举措)", sent.text))
            continue
        numbered = re.match(r"\s*" + NUMBERING, sent.text)
        if listing and numbered and parts and parts[0].start - sent.start <= numbered.end() + 1:
            d.add("partOf", parts[0].attrs["entity"], main, i)   # 一是“AI+新药研发”赋能工程
        elif not numbered and state.text[max(0, sent.start - 1):sent.start] == "\n":
            listing = False   # a plain paragraph ends the items


SENTENCE_ENDS = ("。", "！", "？", "；", "：", "!", "?", ";", ":", "”", "…")
ARTICLE_BREAK = re.compile(r"^\s*(?:[(（](?:上接|下转|接上|转下)|#|[^\s。！？；，,]{1,8}[：:][^。！？；]{0,40}$)")


# A plan referred to without its name: 该计划, 新的行动计划, 按照《方案》, 上述措施
PLAN_ANAPHOR = re.compile(r"(?:该|本|这一|此|新的?|上述|按照|根据)《?(?:三年)?(?:行动计划|行动方案|实施方案|计划|方案|规划|"
                          r"意见|措施|政策|条例)》?")


def _is_heading(text: str, line_start: int) -> bool:
    end = text.find("\n", line_start)
    line = text[line_start:end if end >= 0 else len(text)].strip()
    return 0 < len(line) <= 30 and not line.endswith(SENTENCE_ENDS)


def _title_program(d: _Doc) -> str | None:
    """The program a text is, when its first line is that program's name."""
    state = d.state
    first = next((s for s in state.sentences if s.text.strip()), None)
    if first is None or state.text.find("\n", first.start) not in (first.end, -1):
        return None
    programs = [m for m in d.by_sentence.get(0, []) if m.type == "Program"]
    best = max(programs, key=lambda m: m.length, default=None)
    return best.attrs["entity"] if best is not None and best.length >= 0.8 * len(first.text) else None


# What a plan says of places, in the sentence that issues it: 明确在…, 提出支持…, 确定…为试点
SAYS_WHERE = re.compile(r"[，,](?:并|还)?(?:明确|提出|要求|确定|部署|决定|公布|遴选)(?:在|支持|将|以|推动)?")


def _addresses(mentions: list[Candidate], start: int) -> list[Candidate]:
    """The places named from ``start`` on, one per address: 四川省成都市 is 成都市 (the places
    written together, the most specific last), 四川省、湖南省 two."""
    out: list[Candidate] = []
    for m in sorted((m for m in mentions if m.type == "Region" and m.start >= start), key=lambda m: (m.start, -m.length)):
        if out and m.start < out[-1].end:
            continue   # a shorter form inside the place just taken
        if out and m.start == out[-1].end:
            out[-1] = m
        else:
            out.append(m)
    return out
HEAD_CITED = re.compile(r"\s*(?:根据|按照|依据)?《?(三年行动计划|行动计划|行动方案|实施方案|指导意见|实施意见|若干措施|方案|意见|规划)》?"
                        r"(?:提出|明确|要求|指出|规定|强调|部署)?[，,：:]")
CITING = re.compile(r"\s*(?:按照|根据|依据|对照)")
FRAMING_PROGRAM = re.compile(r"\s*(?:在|通过|围绕|按照|根据)?")
FRAMING_AFTER = re.compile(r"[”》]?(?:中|方面|里|上|框架下|实施中|推进中|要求|提出|明确|部署|规定)[，,]")


# A paragraph opening so goes on with the plan set out before it: 其中，江苏省以…为载体
SCOPE_GOES_ON = re.compile(r"(?:其中|按照部署|根据部署|按照规划|根据规划)[，,]")


def _program_scopes(d: _Doc) -> None:
    """Industries in the paragraphs that set out a program target it. After 某局印发《X》 or
    根据该《X》, the rest of that paragraph and the numbered paragraphs (一是…, （一）…) and
    headings that follow describe X; sentences naming a program of their own are left to the
    sentence rules. A plain paragraph (unless it refers back to the plan: 新的行动计划, 按照方案),
    another issued program, or a new article ('地方：标题', 上接第N版) ends the scope."""
    state = d.state
    scope: str | None = _title_program(d)   # 河北省数字经济促进条例 as the title: the text is the program
    main = _main_program(d) or scope
    programs_by_start = sorted((c for c in state.mentions if c.type == "Program" and "entity" in c.attrs),
                               key=lambda c: c.start)
    line_start, previous_line = -1, ""
    for i, sent in enumerate(state.sentences):
        ls = state.text.rfind("\n", 0, sent.start) + 1
        if ls != line_start:
            line_start = ls
            le = state.text.find("\n", ls)
            line = state.text[ls:le if le >= 0 else len(state.text)].strip()
            if line and scope is not None:
                continued = previous_line and not previous_line.endswith(SENTENCE_ENDS)
                if ARTICLE_BREAK.match(line) or not (continued or _is_heading(state.text, ls) or re.match(NUMBERING, line)
                                                     or PLAN_ANAPHOR.search(line) or SCOPE_GOES_ON.match(line)):
                    scope = None
            previous_line = line or previous_line
        ms = d.by_sentence.get(i, [])
        cited = HEAD_CITED.match(sent.text)
        if cited and not any(m.type == "Program" and m.start - sent.start <= 2 for m in ms):
            # 根据行动计划，…; 实施方案提出，…: the plan of that kind named last before
            earlier = [p for p in programs_by_start if p.end <= sent.start
                       and d.entities[p.attrs["entity"]].name.split("(")[0].endswith(cited.group(1))]
            if earlier:
                scope = earlier[-1].attrs["entity"]
        elif scope is None and main and PLAN_ANAPHOR.search(sent.text):
            scope = main   # 新的行动计划, 按照方案: the text's own plan again
        superseded = _superseded_spans(d, i)
        programs = [m for m in ms if m.type == "Program"
                    and not any(a <= m.start and m.end <= b for a, b in superseded)]
        bracketed = [m for m in programs if m.attrs.get("bracketed")]
        if main and programs and all(m.attrs["entity"] == main for m in programs):
            # 《行动计划》提出，位于珠海的横琴粤澳深度合作区将…: the places the plan itself names
            for m in _addresses(ms, sent.start):   # 湖南省长沙市: the city
                if _within_reach(d, main, m):
                    d.add("appliesTo", main, m.attrs["entity"], i)
        framing = next((m for m in programs if FRAMING_PROGRAM.fullmatch(state.text, sent.start, m.start)
                        and FRAMING_AFTER.match(state.text, m.end)
                        # 按照《“十四五”智能制造发展规划》部署: a document cited as authority, not described
                        and not (m.attrs.get("bracketed") and CITING.match(state.text, sent.start))), None)
        if framing is not None:
            # 在品牌营销拓展工程中，勐海县将借助电子商务…: the sentence describes that program
            fid = framing.attrs["entity"]
            if framing.attrs.get("bracketed"):
                scope = fid   # 《实施方案》提出，…: the plan's own content follows
            for m in ms:
                if m.type == "Industry":
                    d.add("targetsIndustry", fid, m.attrs["entity"], i)
                elif m.type == "Region" and m.start > framing.end and _within_reach(d, fid, m):
                    d.add("appliesTo", fid, m.attrs["entity"], i)
            continue
        if programs and sent.start == ls and _is_heading(state.text, ls):
            scope = programs[0].attrs["entity"]   # （一）融合创新能力提升行动: the items below are its
            continue
        if bracketed and (ISSUE_VERBS.search(sent.text) or re.search(r"[该本]《", sent.text)
                          or sent.text.lstrip().startswith("《")):
            ids = [m.attrs["entity"] for m in bracketed]
            scope = main if main in ids else ids[0]
            if len(set(ids)) == 1:
                # 印发《方案》，明确在山东寿光、四川崇州等县开展试点: the places its content names
                last = max(m.end for m in bracketed)
                said = SAYS_WHERE.search(state.text, last, sent.end)
                named = [m for m in _addresses(ms, said.end())
                         if _within_reach(d, ids[0], m, by_issuers=True)] if said else []
                for m in named:
                    d.add("appliesTo", ids[0], m.attrs["entity"], i)
            continue
        if programs or scope is None:
            continue
        for m in ms:
            if m.type == "Industry":
                d.add("targetsIndustry", scope, m.attrs["entity"], i)
            elif m.type == "Region" and _within_reach(d, scope, m):
                d.add("appliesTo", scope, m.attrs["entity"], i)   # the places its tasks name


def _region_keys(d: _Doc, m: Candidate) -> list[str]:
    """A place's division key and the keys of the divisions around it, nearest first."""
    idx = d.lex.regions
    key = m.key if m.key in idx.by_code else m.attrs.get("in")
    if key not in idx.by_code:
        return []
    return [m.key, key, *idx.ancestors(key)]


def _within_reach(d: _Doc, program: str, m: Candidate, by_issuers: bool = False) -> bool:
    """A place lies where a program applies: inside a region it already applies to, or anywhere
    in the country for a national program (or one placed nowhere yet). Not the country itself.
    ``by_issuers``: judge by where its issuers govern only (the plan's own words name places)."""
    if m.key == "中国":
        return False
    entity_keys = d.region_keys
    governs = d.governs
    # where it applies, the places its issuers govern, and the members of a macro-region among them
    # (成渝地区双城经济圈 reaches 绵阳市 and 两江新区)
    reach = set() if by_issuers else {entity_keys.get(o) for (p, s, o) in d.out if p == "appliesTo" and s == program}
    reach |= {entity_keys.get(governs.get(o, o)) for (p, s, o) in d.out if p == "issuedBy" and s == program}
    reach.discard(None)
    if not reach or "中国" in reach:
        return True
    for key in list(reach):
        reach |= d.lex.regions.members.get(key, frozenset())
    return bool(reach & set(_region_keys(d, m)))


def _topics(d: _Doc) -> list[str | None]:
    """The region each sentence is about: the last province- or city-level place (or the
    region of an agency) that opened a sentence, within the current line; else the home."""
    if d.topics is not None:
        return d.topics
    state, idx = d.state, d.lex.regions
    topics: list[str | None] = []
    homes = _article_homes(d)
    current = d.home
    line_of = None
    for i, sent in enumerate(state.sentences):
        line = state.text.rfind("\n", 0, sent.start)
        if line != line_of:
            line_of = line
            current = homes[i]
        opening = [m for m in d.by_sentence.get(i, []) if m.start - sent.start <= 6]
        for m in sorted(opening, key=lambda m: (m.start, -m.length)):
            if m.type == "Region" and m.attrs.get("zone") and "entity" in m.attrs:
                current = m.attrs["entity"]   # 横琴粤澳深度合作区将…: a zone the sentence is about
                break
            if m.type == "Region":   # 在江苏省徐州市，…: the most specific place of the address
                ms = d.by_sentence.get(i, [])
                while (nxt := next((r for r in ms if r.type == "Region" and r.start == m.end and r.key), None)) is not None:
                    m = nxt
            key = m.key if m.type == "Region" else (_agency_key(d, d.cands[m.attrs["entity"]])
                                                     if m.type == "Agency" else "")
            division = idx.by_code.get(key)
            if division is not None and division.level in ("province", "city", "macro-region", "county", "zone"):
                target = d.region_of_key(key)
                if target:
                    current = target
                    break
        else:
            bare = ZONE_SUBJECT.match(state.text, sent.start)
            if bare:   # 新区将推动…: the zone of that kind named last
                earlier = [m for m in state.mentions if m.type == "Region" and "entity" in m.attrs
                           and m.end <= sent.start and d.entities[m.attrs["entity"]].name.endswith(bare.group(1))]
                if earlier:
                    current = earlier[-1].attrs["entity"]
        topics.append(current)
    d.topics = topics
    return topics


def _article_homes(d: _Doc) -> list[str | None]:
    """Per sentence, the region its article is about. A page of several articles (a 'place：
    headline' line or 上接第N版 opens each) has one home each: the place its mentions and its
    agencies' regions name most often, at least twice; else the document's home."""
    state, idx = d.state, d.lex.regions
    starts = [0]
    pos = 0
    for line in state.text.split("\n"):
        if pos and ARTICLE_BREAK.match(line) and not line.lstrip().startswith("#"):
            starts.append(pos)
        pos += len(line) + 1
    article_of = [bisect.bisect_right(starts, s.start) - 1 for s in state.sentences]
    counts: list[Counter[str]] = [Counter() for _ in starts]
    for c in state.mentions:
        if "entity" not in c.attrs:
            continue
        key = c.key if c.type == "Region" else (_agency_key(d, d.cands[c.attrs["entity"]]) if c.type == "Agency" else "")
        division = idx.by_code.get(key)
        if division is not None and division.level in ("country", "province", "city", "macro-region") \
                or key and key == state.home_county:
            counts[article_of[state.sentence_index(c.start)]][key] += 1
    homes = []
    for count in counts:
        best = min(count, key=lambda k: (-count[k], k)) if count else None
        homes.append(d.region_of_key(best) if best and count[best] >= 2 and len(starts) > 1 else d.home)
    return [homes[a] for a in article_of]


# Where a sentence names the program that another one replaces: 继《X》之后, 由原X升级而来,
# 是对X的接续, 在X的基础上. The industries of the sentence are not that program's.
SUPERSEDED = re.compile(r"继([^，,。；;]{2,60}?)之后|由(原?[^，,。；;]{2,40}?)(?:升级|迭代|调整|修订)|"
                        + PREDECESSOR_FRAME.pattern)


SUPERSEDED_CUES = ("之后", "升级", "迭代", "调整", "修订", "基础上", "接续", "延续")


def _superseded_spans(d: _Doc, sent: int) -> list[tuple[int, int]]:
    """The spans of sentence ``sent`` that name a replaced program (computed once a sentence)."""
    if sent not in d.superseded:
        sentence = d.state.sentences[sent]
        out = []
        # the frames all end in one of these words: a cheap test spares the regex most sentences
        cued = any(w in sentence.text for w in SUPERSEDED_CUES)
        for m in SUPERSEDED.finditer(sentence.text) if cued else ():
            group = next(g for g in (1, 2, 3) if m.group(g) is not None)
            out.append((sentence.start + m.start(group), sentence.start + m.end(group)))
        d.superseded[sent] = out
    return d.superseded[sent]


LIST_GAP = re.compile(r"[”’」』]?(?:[\u4e00-\u9fff]{0,4}?(?:产业|等|重点专项|专项|工程|行动))?[、和与及]|以及|[、和与及]?等[“‘「『]?")
CONTENT_CUE = re.compile(r"[^，,；;。]{0,8}?(?:提出|明确|围绕|包括|涵盖|旨在|目标|力争|将|圈定|确定|遴选|覆盖|%s)" % FOCUS_VERBS.pattern)


def _nearest_program(d: _Doc, sent: int, m: Candidate) -> Candidate | None:
    """The program an industry in a sentence belongs to: the nearest one before it, else the
    nearest one after it within the same clause."""
    superseded = _superseded_spans(d, sent)
    if any(p.type == "Program" and p.start <= m.start and m.end <= p.end for p in d.by_sentence[sent]):
        return None  # inside a program's name (“工厂物联网”): that program's, by the name rule
    programs = [p for p in d.by_sentence[sent] if p.type == "Program"
                and not any(a <= p.start and p.end <= b for a, b in superseded)]
    before = [p for p in programs if p.end <= m.start]
    referred = _former_or_latter(d, sent, m, before)
    if referred is not None:
        return referred
    if before:
        p = max(before, key=lambda p: p.end)
        gap = d.state.text[p.end:m.start]
        if LIST_GAP.fullmatch(gap):
            return None  # 企业上云、工业互联网: listed beside the program, not aimed at by it
        clauses = CLAUSE_END.split(gap)
        # the program's own clause, or one of the next two when it sets out the program's
        # content (《意见》，提出优先发展…; 实施X工程，依托…，发展Y); farther is about something else
        if len(clauses) == 1 or (len(clauses) <= 3 and CONTENT_CUE.match(clauses[-1].lstrip())):
            return p
        issued = _issued_in(d, sent, before)
        if issued is not None and CONTENT_CUE.match(clauses[-1].lstrip()):
            return issued   # 印发《方案》，部署实施A工程，力争…，推动…在集成电路等领域…: the plan's aims
        return None
    after = [p for p in programs if p.start >= m.end and not re.search(r"[，,；;：:]", d.state.text[m.end:p.start])
             and not LIST_GAP.fullmatch(d.state.text[m.end:p.start])]
    return min(after, key=lambda p: p.start) if after else None


def _issued_in(d: _Doc, sent: int, programs: list[Candidate]) -> Candidate | None:
    """The program a sentence issues (印发《方案》), among ``programs``: what the rest of the
    sentence sets out is its content."""
    text = d.state.text
    for p in programs:
        verb = ISSUE_VERBS.search(text, max(d.state.sentences[sent].start, p.start - 4), p.start)
        if verb and verb.end() >= p.start - 1:
            return p
    return None


CLAUSE_END = re.compile(r"[，,；;。！？!?]")
FORMER_LATTER = re.compile(r"\s*(前者|后者)")


def _former_or_latter(d: _Doc, sent: int, m: Candidate, before: list[Candidate]) -> Candidate | None:
    """设立A和B：前者支持…；后者…: the program a clause opening with 前者 or 后者 speaks of, the
    first or the second of the two named last before it (in the sentence before, when the clause
    opens its own sentence)."""
    text = d.state.text
    sent_start = d.state.sentences[sent].start
    if "前者" not in text[sent_start:m.start] and "后者" not in text[sent_start:m.start]:
        return None
    clause_start = max([sent_start] + [text.rfind(ch, sent_start, m.start) + 1 for ch in "，,；;：:"])
    former = FORMER_LATTER.match(text, clause_start)
    if former is None:
        return None
    if clause_start == sent_start and sent > 0:
        before = [p for p in d.by_sentence[sent - 1] if p.type == "Program"] + before
    named = list({p.attrs["entity"]: p for p in sorted(before, key=lambda p: p.end)}.values())
    if len(named) < 2:
        return None
    return named[-2] if former.group(1) == "前者" else named[-1]
OTHER_ACTORS = ("Organization", "Person")
# A speaker reports what a place does (宋立群说，开发区将做强…): the speaker is not the actor
REPORTS = re.compile(r"(?:在[^，,。]{0,12})?(?:说|表示|介绍|指出|认为|强调)[，,：:]")
PLACE_WORD = re.compile(r"(?:该|全|我|本)?(?:%s|省|市|区|县)(?:将|要|则|已|还|也|正)" % ZONE_WORDS)


def _reports_a_place(text: str, end: int, region_starts: set[int]) -> bool:
    said = REPORTS.match(text, end)
    return said is not None and (said.end() in region_starts or PLACE_WORD.match(text, said.end()) is not None)
# Focus verbs that describe doing rather than prioritising (推进…建设, 推动企业实施…): they
# count when a place is their subject, not for the topic region of a subjectless sentence.
ACTION_VERBS = frozenset("推进 推动 建设 实施 利用 构建 突破 布局 形成 提升 支持".split())
# words that make the place after them an object or a partner, not the one acting
GOVERNING = re.compile(r"深化|依托|围绕|鼓励|引导|带动|指导|帮助|要求|推广|借鉴|对标|学习|赴|到|向|与|同|和|及|对|以")
PREPOSITIONS = re.compile(r"在|于|从|向|对|以|与|同")


MEDIA_AFTER = ("网", "官网", "网站", "公众号", "微信", "微博", "客户端")


def _topic_subject(text: str, region: Candidate) -> bool:
    """工业互联网建设持续领跑的山东，2022年制定…: a described place that opens the sentence."""
    return region.start > 0 and text[region.start - 1] == "的" and text[region.end:region.end + 1] in (",", "，")


def _is_clause_subject(text: str, region: Candidate) -> bool:
    """A place is a subject unless a verb before it in its clause makes it an object (深化绍兴市…,
    支持杭州…) or it only qualifies a fixed phrase (中国特色…)."""
    if text.startswith("特色", region.end) or OWNED_BY.match(text, region.end):
        return False   # (香港、澳门的港航企业在…领域合作: the place qualifies who acts)
    start = region.start
    while start > 0 and not CLAUSE_END.match(text, start - 1) and text[start - 1] != "\n":
        start -= 1
    lead = text[start:region.start]
    if lead.endswith("即"):
        return True   # “一核”即|张江科学城，重点发展…: the place the label stands for acts
    if "的" in lead and PREPOSITIONS.search(lead, 0, lead.rfind("的")):
        lead = lead[lead.rfind("的") + 1:]   # 位于珠海的|横琴…合作区将…: the preposition's object ends at 的
    if PREPOSITIONS.search(lead):
        return False   # 上海将在浦东新区…布局: where, not who
    if FOCUS_VERBS.match(text, region.end) or re.match(r"(?:将|要|也|已|还|正)", text[region.end:region.end + 1]):
        return True   # 支持江北新区做强…: the place right before the verb acts
    return not (FOCUS_VERBS.search(lead) or ISSUE_VERBS.search(lead) or GOVERNING.search(lead)
                or any(w.flag.startswith("v") for w in tagged(lead[-6:])))


APPROVAL = re.compile(r"经[^，,。；;]{2,40}?(?:同意|批准|审议通过)")
OWNED_BY = re.compile(r"(?:两地|三地|等地)?的")
LOCAL_ANAPHOR = re.compile(r"[，,](?:当地|该地|该区|该市|该县|这里|园区|示范区)")
PRIORITY_FRAME = re.compile(r"以[^，,；;。以]{2,60}?为(?:重点|引领|主导|核心|龙头|主攻方向|突破口|牵引|支撑|特色)"
                            r"|将[^，,；;。将]{2,30}?作为[^，,；;。]{0,6}?(?:重点|主导|支柱|首位|战略|核心|优势|特色)")
APPLIED_IN = re.compile(r"在([^，,；;。在]{2,40}?)等?(?:重点|细分|多个)?(?:领域|行业|场景)(?:的|中)?"
                        r"(?:规模化|深度|广泛|率先|推广|示范)?(?:应用|落地|替代应用|推广应用)")
FIELD_FRAME = re.compile(r"(?:将|要|也|还|正|已|则)?在[^，,；;。在]{2,60}?等?(?:领域|行业|赛道)[^，,；;。]{0,8}?"
                         r"(?:布局|培育|打造|发展|突破|做强|抢占|深耕|建设)")


def _focus(d: _Doc) -> None:
    """A region prioritises the industries in the clause a focus verb governs (up to the next
    ，or ；). The region is the subject of that verb: the last place before it in the sentence,
    else a place opening another clause of the sentence (把X作为…，嘉善瞄准…), else the sentence's
    topic region, unless a company, lab or person is the one acting (商汤公司布局…)."""
    state = d.state
    topics = _topics(d)
    # The country is the frame of national policy, not a place that picks its industries: what
    # a national plan aims at is the plan's target (targetsIndustry), not China's focus.
    country = d.region_entity.get("中国")
    for sent, ms in d.by_sentence.items():
        sentence = state.sentences[sent]
        text, base = sentence.text, sentence.start
        verbs = [(v.start(), v.end(), v.group()) for v in FOCUS_VERBS.finditer(text)
                 if v.group() != "围绕" or "的" not in re.split(r"[，,；;。]", text[v.end():], maxsplit=1)[0]]
        # (围绕交通、养老等场景的智能终端: 围绕 opens a modifier there, not the clause's aim)
        # 以视觉智能为引领, 在工业互联网、5G等领域布局: the frame, not a verb, comes before the fields
        verbs += [(f.start(), f.start() + 1, f.group()[0]) for f in PRIORITY_FRAME.finditer(text)]
        if not verbs:
            continue
        names = [(o.start, o.end) for o in ms if o.type != "Region"]
        regions = [m for m in ms if m.type == "Region" and not any(a <= m.start and m.end <= b for a, b in names)]
        region_ends = {r.end - base for r in regions}
        region_starts = {r.start for r in regions}
        verbs += [(f.start(), f.start() + 1, "在") for f in FIELD_FRAME.finditer(text)
                  if f.start() in region_ends]   # the place itself acts: 北京将在…
        # 推动信创产品在金融、能源等重点行业规模化应用: where a product is used, not what the place develops
        uses = [(base + u.start(1), base + u.end(1)) for u in APPLIED_IN.finditer(text)]
        clause_openers = [m for m in regions if m.start == base
                          or CLAUSE_END.match(state.text, m.start - 1)]
        for m in ms:
            if m.type != "Industry" or any(a <= m.start and m.end <= b for a, b in uses):
                continue
            verb = word = None
            for vs, ve, vword in sorted(verbs):
                vstart, vend = base + vs, base + ve
                if vend <= m.start and not CLAUSE_END.search(state.text, vend, m.start):
                    verb, word = vstart, vword
            if verb is None:
                continue
            # 聚焦佛山、东莞两地的家电、家具: the places whose fields the object names
            owners = [r for r in regions if verb < r.start and r.end < m.start and OWNED_BY.match(state.text, r.end)
                      and not CLAUSE_END.search(state.text, r.end, m.start)]
            if owners:
                for r in owners:
                    run = [x for x in regions if x.end <= r.start and x.start > verb]
                    for x in [r] + [x for x in run if re.fullmatch(r"[、和及与]", state.text[x.end:x.end + 1])]:
                        if x.attrs["entity"] != country:
                            d.add("focusIndustry", x.attrs["entity"], m.attrs["entity"], sent)
            before = [r for r in regions if r.end <= verb and _is_clause_subject(state.text, r)]
            if not before:   # 在大连长兴岛经济技术开发区，当地将做强石化产业: the place 当地 refers to
                before = [r for r in regions if r.end <= verb and state.text[r.start - 1:r.start] == "在"
                          and LOCAL_ANAPHOR.match(state.text, r.end)]
            if before:
                subjects = [before[-1]]
                for r in reversed(regions):   # 襄阳市、十堰市重点发展…: every place of the subject list
                    if r.end <= subjects[-1].start and re.fullmatch(r"[、和及与]", state.text[r.end:subjects[-1].start]):
                        subjects.append(r)
                for r in subjects:
                    if r.attrs["entity"] != country:
                        d.add("focusIndustry", r.attrs["entity"], m.attrs["entity"], sent)
                continue
            elif clause_openers:
                subject = clause_openers[0].attrs["entity"]
            elif any(o.type in OTHER_ACTORS and o.end <= verb and not _reports_a_place(state.text, o.end, region_starts)
                     for o in ms) or word in ACTION_VERBS \
                    or any(o.type == "Program" and o.start - base <= 1 and o.end <= verb for o in ms):
                continue  # a company acts; a plan opening the sentence aims (《行动计划》聚焦…); a verb of doing
            else:
                subject = topics[sent]
            if subject and subject != country:
                d.add("focusIndustry", subject, m.attrs["entity"], sent)


def _issuers_focus(d: _Doc) -> None:
    """河南省印发《新型显示和智能终端产业发展行动方案》: the place that issues a plan named for
    industries prioritises them, as does a place opening its name (成渝地区双城经济圈汽车产业…);
    a body's place is its jurisdiction. Not the country (see :func:`_focus`)."""
    regions = {e.id for e in d.state.entities if e.type == "Region"} - {d.region_entity.get("中国")}
    governs = d.governs
    for eid, cands in d.cands.items():
        if d.entities[eid].type != "Program":
            continue
        industries, places = set(), set()
        for c in cands:
            for m in d.by_sentence[d.state.sentence_index(c.start)]:
                if c.start <= m.start and m.end <= c.end and m is not c:
                    if m.type == "Industry":
                        industries.add(m.attrs["entity"])
                    elif m.type == "Region" and m.start - c.start <= 1:
                        places.add(m.attrs["entity"])
        if not industries:
            continue
        issuers = {governs.get(o, o) for (p, s, o) in d.out if p == "issuedBy" and s == eid}
        for place in sorted((issuers | places) & regions):
            for industry in sorted(industries):
                d.add("focusIndustry", place, industry)


CLAUSE_STOP = re.compile(r"[；;。]")


def _carriers_focus(d: _Doc) -> None:
    """江苏省以苏州工业园区、无锡高新区为主要载体，重点发展高端装备和集成电路: the places that
    carry a place's priorities share them, up to the end of that part of the sentence (；)."""
    state = d.state
    for sent, ms in d.by_sentence.items():
        sentence = state.sentences[sent]
        for f in CARRIER_FRAME.finditer(sentence.text):
            a, b = sentence.start + f.start(1), sentence.start + f.end(1)
            stop = CLAUSE_STOP.search(state.text, b)
            end = stop.start() if stop else sentence.end
            carriers = [m for m in ms if m.type == "Region" and a <= m.start and m.end <= b]
            fields = {m.attrs["entity"] for m in ms if m.type == "Industry" and b <= m.start and m.end <= end}
            focused = {o for (p, s, o) in d.out if p == "focusIndustry" and o in fields}
            for c in _outermost(carriers):
                for industry in sorted(focused):
                    d.add("focusIndustry", c.attrs["entity"], industry, sent)

