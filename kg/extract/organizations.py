"""Organization grammar: names ending in a company / institute / university head, with an
optional bracketed place (立讯智造(浙江)有限公司), and named platforms and centres that carry a
place or a brand (山东工业云平台, supET工业互联网平台, 国家超级计算济南中心).
"""
from __future__ import annotations

import re

from kg.extract.candidates import LEADING_VERBS, NAME_CHAR, Candidate, DocState, is_left_stop, left_extent, longest_ends
from kg.extract.persons import person_titles
from kg.extract.words import has_verb_or_number, tagged, word_classes

HEADS = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "控股集团", "集团公司", "集团", "公司",
         "联合实验室", "联合创新中心", "联合研究中心", "联合研究院", "实验室", "研究生院", "研究院", "研发院", "研究所", "分行", "支行", "研究中心", "科学院", "工程院", "大学", "学院", "医院", "协会",
         "学会", "商会", "公会", "联合会", "促进会", "研究会", "合作社", "事务所", "联盟", "基金会", "银行", "交易所",
         "出版社", "电视台", "报社", "平台", "中心")
HEAD_RE = re.compile("|".join(HEADS))
NAME_BREAKS = "、，,。；;：:“「（(的与和及\n"
# Bodies of firms or trades, named after them (中国电力企业联合会, 中国汽车工业协会)
ASSOCIATION_HEADS = frozenset({"协会", "联合会", "促进会", "商会", "公会"})
PLACE_OR_BRAND_ONLY = frozenset({"平台", "中心"})
# Labs and centres bodies set up together, named by their field (高原光伏技术联合实验室)
RANKS = ("国家级", "省级", "市级", "区级", "县级")
JOINT_HEADS = frozenset({"联合实验室", "联合创新中心", "联合研究中心", "联合研究院"})
JOINED_FIELD_HEADS = frozenset({"实验室", "研究院", "研究所", "学院", "研究中心"})
BRANCH_HEADS = frozenset({"分行", "支行"})   # 招商银行深圳分行: a bank's, named after it
STRONG_HEADS = frozenset({"股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "控股集团", "集团公司", "集团",
                          "公司", "大学", "银行", "分行", "支行", "交易所", "出版社", "电视台", "报社"})
# verbs that jieba tags as nouns of action (vn) but that, inside a would-be name, make it a
# clause: 支持宁德、福州建设深远海养殖平台
BUILD_VERBS = re.compile(r"建设|打造|推进|支持|鼓励|建成|搭建|依托|加快|推动|组建|共建|筹建|引进")
CLASS_NOUN = re.compile(r"(?:高校|院校|科研院所|龙头企业|骨干企业|链主企业)(?=[^高院科龙骨链])")
ACTING_VERBS = re.compile(BUILD_VERBS.pattern + r"|设立|成立|联合|携手|牵头|组织|授牌|认定")   # not 延长 (陕西延长石油)
ORDINAL = re.compile(r"第[一二三四五六七八九十]+")   # 附属第一医院, 第三海洋研究所: part of the name
MID_BRACKET = re.compile(r"[(（](?:集团|控股|股份|中国)[)）]")   # 三星（中国）半导体有限公司
ORDINAL_END = re.compile(r"第[一二三四五六七八九十百零]+$")
# A campus in brackets after a university's name is part of it: 中国地质大学（北京）, 中国石油大学（华东）
CAMPUS = re.compile(r"[(（]([\u4e00-\u9fff]{2,4})[)）]")
CAMPUS_REGIONS = frozenset("华东 华南 华北 华中 西南 西北 东北".split())
GENERIC_ENDS = ("工程", "重点", "技术", "技术创新", "企业技术", "创新", "融合发展", "发展", "行业", "企业")
CONCEPT_PREFIXES = ("未来", "智慧", "智能", "数字", "互联网", "绿色", "现代", "新型", "行业", "商业", "第三方", "省", "市")
GENERIC = frozenset("""本 该 各 相关 一批 龙头 骨干 科技型 高新技术 中小 上市 平台型 国有 民营 外资 头部 领军 重点 新型 子 母 分 总 这家
这些 多家 各类 科技 企业 服务 创新 研发 公共服务 数据 数字 技术 产业 工业 互联网 信息 运营 管理 投资 控股 合资 独资 国家级 省级
市级 区级 国家 我国 全国 全省 全市 该类 工程 研究 重点实验 新型研发 开放 共享 综合 示范 孵化 服务型 双创 众创 创业 检验检测
算力 计算 大数据 云计算 人工智能 智能 软件 数字经济 本地 当地 区内 省内 市内 驻地 三级 二级 中医 农民 基层 公立""".split())


def _bracket_start(text: str, pos: int) -> int:
    """If the name ends with a bracketed place, (浙江), return where the bracket opens."""
    if pos > 0 and text[pos - 1] in ")）":
        open_at = max(text.rfind("(", 0, pos - 1), text.rfind("（", 0, pos - 1))
        if open_at >= 0 and pos - open_at <= 8:
            return open_at
    return pos


def match_organizations(state: DocState, region_starts: set[int]) -> None:
    text = state.text
    place_ends = longest_ends(state.candidates, "Region")
    known_at_start = longest_ends(state.candidates, "Organization", "gazetteer")   # the lexicon's names
    known_at_end: dict[int, int] = {}   # the lexicon's organizations, by where they end
    for c in state.candidates:
        if c.type == "Organization" and c.source == "gazetteer":
            known_at_end[c.end] = min(c.start, known_at_end.get(c.end, c.start))
    agency_ends = {c.end for c in state.candidates if c.type == "Agency"}
    lexicon_spans = {(c.start, c.end) for c in state.candidates if c.type == "Organization" and c.source == "gazetteer"}
    for m in HEAD_RE.finditer(text):
        head = m.group()
        if m.end() in agency_ends:
            continue   # 会同人民银行: a body the lexicon knows as an agency
        cut = _bracket_start(text, m.start())
        inner_cut = cut
        while True:   # 中国汽车工程研究院|股份有限公司, …集团有限公司|第五十四|研究所: a head inside the name
            ordinal = ORDINAL_END.search(text, max(0, inner_cut - 8), inner_cut)
            at = ordinal.start() if ordinal else inner_cut
            inner = next((h for h in HEADS if text.endswith(h, 0, at)), None)
            if inner is None:
                break
            inner_cut = at - len(inner)
        start = left_extent(text, inner_cut, max_len=20 if head.endswith("公司") else 16, bounded=True)
        group = MID_BRACKET.search(text, max(0, start - 4), start) if start > 0 else None
        if group is not None and group.end() == start:
            # 中国北方稀土(集团)|高科技股份有限公司: a bracketed (集团) inside the name
            outer = left_extent(text, group.start(), max_len=12, bounded=True)
            start = outer if outer >= 0 else start
        if inner_cut < cut and known_at_end.get(inner_cut) is not None:
            start = known_at_end[inner_cut]   # 美的集团|股份有限公司: the lexicon's name (的 in it) opens it
        if start < 0:
            continue
        if text[start - 1:start + 1] == "以上":
            start += 1   # 30家以|上…: the count's 以上
        joined = False   # whether 与 joins two fields inside the name
        joint = max((start + i + 1 for i, ch in enumerate(text[start:cut]) if ch in "与和及、"), default=None)
        if joint is not None and joint in place_ends:
            start = joint   # 哈尔滨工业大学与|包头稀土研究院: two names joined, the second opens at its place
        elif text[start - 1:start] == "与" and head in JOINED_FIELD_HEADS and start not in place_ends \
                and start not in known_at_start:
            # 南方海洋科学与|工程广东省实验室: two fields joined name one lab (the second names no body)
            opening = left_extent(text, start - 1, max_len=8, bounded=True)
            if 0 <= opening < start - 2 and not has_verb_or_number(text[opening:start - 1]) \
                    and not text.endswith(HEADS, opening, start - 1):   # (东南大学与紫金山实验室: two bodies)
                start, joined = opening, True
        kind = CLASS_NOUN.search(text, start, cut)
        if kind and cut - kind.end() >= 2:
            start = kind.end()   # 在汉高校|华中科技大学: a kind of organization before the name
        known = known_at_end.get(m.end())
        if known is not None and start < known and start not in region_starts:
            start = known   # 市长周海兵调研|三一集团: the lexicon's name, not a clause before it
        # 确定北京小米智能科技有限公司: a verb before the place that opens the name is the clause's
        lead = tagged(text[start:start + 2])
        if lead and len(lead[0].word) == 2 and lead[0].flag == "v" and start + 2 in region_starts:
            start += 2
        place_end = place_ends.get(start)
        if place_end is not None and place_end < cut:
            after = tagged(text[place_end:cut])
            if after and ACTING_VERBS.fullmatch(after[0].word) and cut - place_end - len(after[0].word) >= 2:
                start = place_end + len(after[0].word)   # 勐海县设立|云南农业大学: the place acts
        core = text[start:cut]
        own = known_at_start.get(start, start) if known_at_start.get(start, cut) < cut else start
        if any(t in text[own:cut] for t in person_titles()):   # (not 院长 across 中国科学院|长春…)
            # 市长周海兵调研|湘江集团: a post and its holder open a clause; the name follows its verb
            words = tagged(core)
            verbs = [i for i, w in enumerate(words) if w.flag in ("v", "vn")]
            if not verbs:
                continue
            start += sum(len(w.word) for w in words[:verbs[-1] + 1])
        body = text[start:m.start()]
        core = text[start:cut]
        if len(core) < 2 or core in GENERIC or core.endswith(("的", "和", "与")):
            continue
        if core.startswith(RANKS):
            continue   # 培育省级智能化改造工程技术公司130家: a rank firms earn, a kind, not a name
        words = tagged(core)
        if len(words) == 1 and words[0].flag == "v" or head in BRANCH_HEADS and "银行" not in core:
            continue   # 帮助银行: a verb and its object; 合作区设立分行: no bank's branch
        weak_head = head not in STRONG_HEADS
        # the place opening the name is a place whatever its word class (包头 is also a verb)
        unplaced = core[place_ends[start] - start:] if start in place_ends and place_ends[start] < cut else core
        # 中国科学院赣江创新研究院: a unit of a known organization, however its name ends
        unit_of_known = start in known_at_start and known_at_start[start] < cut \
            or re.search(r"(?:大学|学院).", core) is not None   # 温州大学|鞋业智能制造研究院: a university's unit
        generic_end = core.endswith(GENERIC_ENDS) and head not in JOINT_HEADS \
            and not (head in ASSOCIATION_HEADS and core.endswith(("企业", "行业"))) \
            and not (head == "研究院" and core.endswith(("创新", "产业技术")) and len(core) >= 6)   # 华南智能机器人创新研究院
        # 北京灵枢具身智能研究院, 天津市信创适配验证中心: opened by a place right after a break, a
        # name may hold words jieba reads as verbs
        # (国家超级计算成都中心: a national centre named by the city that hosts it)
        opened = start in place_ends or text.startswith(("国家", "中国"), start) and any(
            start < r < cut for r in region_starts)
        placed = opened and (start == 0 or text[start - 1] in NAME_BREAKS or is_left_stop(text[start - 2:start])
                             or text[start - 2:start] in LEADING_VERBS) \
            and head in ("研究院", "研究所", "研究中心", "中心", "实验室", "平台") and not ACTING_VERBS.search(core) \
            and not re.search(r"建立|合作|成立|大学|学院|公司|集团", core)
        unjoined = unplaced.replace("与", "") if joined else unplaced
        if head == "研究院" and unjoined.endswith(("创新", "产业技术")):
            unjoined = unjoined[:-2]   # …机器人创新研究院, …产业技术研究院: the institute's kind
        verb_inside = has_verb_or_number(ORDINAL.sub("", unjoined)) and (not placed or re.search(r"[0-9]", core))
        if weak_head and not unit_of_known and (verb_inside or generic_end or BUILD_VERBS.search(core)):
            continue  # 杭州鼓励平台, 重点实验室: a clause or a kind, not a name
        if head in PLACE_OR_BRAND_ONLY:
            # supET工业互联网平台, 雪浪工业互联网平台: a Latin or coined brand (no word of the dictionary)
            has_brand = re.search(r"[A-Za-z]{2,}", core) is not None \
                or len(core) >= 5 and word_classes().get(core[:2]) is None and start not in place_ends \
                and text[start:cut].endswith(("互联网", "云"))
            has_place = any(start <= r < cut for r in region_starts)
            if not (has_brand or has_place) or (core.startswith("国家") and not has_place) or core.endswith("副"):
                continue
        if core.startswith(CONCEPT_PREFIXES) and head not in STRONG_HEADS:
            continue  # 智慧医院, 未来工厂: a concept, not an organization
        if head in ("中心",) and len(core) < 4:
            continue
        end = m.end()
        campus = CAMPUS.match(text, end) if head in ("大学", "学院", "实验室") else None   # …广东省实验室（广州）
        if campus and (place_ends.get(campus.start(1)) == campus.end(1) or campus.group(1) in CAMPUS_REGIONS):
            end = campus.end()
        if (start, end) in lexicon_spans:
            continue   # 华为公司: the lexicon's alias of 华为技术有限公司, not a name of its own
        name = text[start:end]
        aliases = [core] if head in ("公司", "集团") and len(core) >= 2 and not core.endswith("分") else []   # (…分公司)
        state.add(Candidate(start, end, "Organization", name, "org-grammar", 1.5 if weak_head else 2.0,
                            attrs={"aliases": aliases, "body": body}))


# Company brands: a coined two-character name (no word of jieba's dictionary, or a proper noun)
# before a trade word: 知存科技, 慧影医疗, 威马汽车, 宇视科技.
BRAND_RE = re.compile(r"(?:(?<![\u4e00-\u9fff])|(?<=[如和与及的在由等是了])|(?<=依托|联合|携手|引进|包括|支持|推动|带动))([\u4e00-\u9fff]{2})(科技|医疗|汽车|电器|股份|智能|生物|药业|芯片)(?!化)(?![\u4e00-\u9fff]*(?:产业|行业|领域))")


# Standing forms of national research bodies, whatever words jieba reads as verbs inside them:
# 公共大数据国家重点实验室, 国家信息光电子创新中心, 国家工业互联网大数据中心
INSTITUTION_FORMS = re.compile(r"国家重点实验室|国家(?P<field>[\u4e00-\u9fff]{2,12}?)(?:创新中心|工程研究中心|工程技术研究中心|大数据中心)")


def match_institution_forms(state: DocState) -> None:
    """National labs and centres by their standing forms; titles a centre earns (国家制造业创新中心,
    国家级…) are none."""
    text = state.text
    for m in INSTITUTION_FORMS.finditer(text):
        if m.group() == "国家重点实验室":   # the field before it is part of the name
            start = left_extent(text, m.start(), max_len=12, bounded=True)
            if start < 0 or m.start() - start < 2:
                continue
        else:
            start, field = m.start(), m.group("field")
            if field.startswith("级") or field in ("制造业", "技术", "产业", "企业", "重点"):
                continue   # 建设国家制造业创新中心, 国家级…: the title a centre earns, not one named
        core = text[start:m.end()]
        if BUILD_VERBS.search(core) or ACTING_VERBS.search(core) or re.search(r"[0-9]|等|和|与|及", core):
            continue
        state.add(Candidate(start, m.end(), "Organization", core, "org-grammar", 2.1))


# A platform or centre named by a quoted brand and what it does: “湘游通”智慧旅游服务平台
QUOTED_BRAND_BODY = re.compile(r"[“\"「]([^“”\"「」\s，,。、]{2,8})[”\"」]([\u4e00-\u9fff]{0,12}?(?:平台|中心|实验室|研究院))")


def match_quoted_brand_bodies(state: DocState) -> None:
    """The quotes mark the brand; the name runs on to the body's head (gold writes it unquoted)."""
    text = state.text
    for m in QUOTED_BRAND_BODY.finditer(text):
        brand, rest = m.group(1), m.group(2)
        if re.search(r"[0-9+＋]", brand) or re.search(r"[等和与及]", rest) \
                or rest.startswith(("产业", "行业")) and not rest.endswith("平台") \
                or BUILD_VERBS.search(rest) or has_verb_or_number(rest[:-2]) and not rest.endswith(("互联网平台", "服务平台")):
            continue   # “1+N”…平台, “好品山东”等综合平台, “十强”产业…研究院, “链主工厂”建设…: no one name
        state.add(Candidate(m.start(), m.end(), "Organization", brand + rest, "org-grammar", 2.2))


def match_brands(state: DocState) -> None:
    text = state.text
    tags = word_classes()
    places = {(c.start, c.end) for c in state.candidates if c.type == "Region"}
    for m in BRAND_RE.finditer(text):
        core = m.group(1)
        # 江淮汽车, 长城汽车: a region-like word no division is named by still opens a brand
        coined = tags.get(core) in (None, "nz") or tags.get(core) in ("j", "ns") and m.span(1) not in places
        if not coined or core in GENERIC or any(not ("\u4e00" <= ch <= "\u9fff") for ch in core):
            continue
        classes = [tags.get(ch, "x") for ch in core]
        if tags.get(core) is None and (any(f.startswith(("p", "c", "u", "d", "r")) for f in classes)
                                       or all(f.startswith(("m", "q")) for f in classes)):
            continue   # 将在, 已于, 十家: function characters or a count, not a coined name (亿航 is one)
        state.add(Candidate(m.start(), m.end(), "Organization", m.group(), "org-brand", 1.3))


# 等 and a kind of organization close a list of them: 长虹等企业, 君实生物、和元生物等生物医药企业
KIND_CLOSER = re.compile(r"等(?:一批|多家|[0-9一二三四五六七八九十百]+余?家)?"
                         r"((?:(?!产业|行业|领域|[的类])[\u4e00-\u9fffA-Za-z]){0,6}?)(?:企业|公司|科研院所|科研机构)")
FIELD_KINDS = frozenset({"配套", "上下游", "相关", "关联", "链上"})
CLOSER_ITEM_STOPS = re.compile(BUILD_VERBS.pattern + r"|" + ACTING_VERBS.pattern + r"|[的了是在将已也还]")


def match_list_closers(state: DocState) -> None:
    """The name before 等…企业 is an organization's, whatever it looks like (长虹, 沃飞长空):
    the kind is spelled out. Names the lexicon or another component already read stay theirs
    (集成电路等企业 names an industry)."""
    text = state.text
    spans = {(c.start, c.end) for c in state.candidates}
    ends = {c.end for c in state.candidates if c.type == "Organization"}
    for m in KIND_CLOSER.finditer(text):
        end = m.start()
        if end in ends or any(w.flag.startswith(("v", "p")) and w.word not in ("创新", "相关")
                              for w in tagged(m.group(1))):
            continue   # 动力系统等环节招引龙头企业: a verb, so a clause, between 等 and 企业
        if m.group(1) in FIELD_KINDS:
            continue   # 引进组件运维、电池检测等配套企业: what the firms do, not their names
        start = end
        while start > end - 12 and start > 0 and NAME_CHAR.match(text[start - 1]):
            start -= 1
        if text[start - 1:start] != "、":   # an item after 、 is whole (和元生物); else cut the clause off
            start = left_extent(text, end, max_len=10, bounded=True)
        name = text[start:end] if start >= 0 else ""
        if not 2 <= len(name) <= 10 or name in GENERIC or (start, end) in spans or name.isdigit() \
                or CLOSER_ITEM_STOPS.search(name) or name.endswith(person_titles()):
            continue
        state.add(Candidate(start, end, "Organization", name, "org-closer", 1.0))


ITEM_RE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9()（）]+")


def _clause_like(item: str) -> bool:
    """An adverb (也, 还), or a verb of two or more characters in an item without an
    organization head: a clause. Brand names keep odd single characters that jieba calls verbs
    or numbers (中控, 新华三); 山东智能制造云服务中心 keeps its 制造."""
    words = tagged(item)
    if any(w.flag == "d" for w in words):
        return True
    return not item.endswith(HEADS) and any(w.flag.startswith("v") and w.flag != "vn" and len(w.word) >= 2
                                            for w in words)


def propagate_in_lists(state: DocState) -> None:
    """Names listed with an organization are organizations too: 阿里云、中控、之江实验室 — a list
    is one kind of thing. Each item is taken whole between the list's separators."""
    text = state.text
    orgs = [c for c in state.candidates if c.type == "Organization"]
    seen: set[tuple[int, int]] = {(c.start, c.end) for c in orgs}
    lexicon_spans = {(c.start, c.end) for c in orgs if c.source == "gazetteer"}
    tags = word_classes()
    for c in orgs:
        if not (text[c.end:c.end + 1] == "、" or text[c.start - 1:c.start] == "、"):
            continue
        # walk left and right over 、-separated items
        items: list[tuple[int, int]] = []
        pos = c.start
        while pos > 0 and text[pos - 1] == "、":
            m = None
            for m in ITEM_RE.finditer(text, max(0, pos - 24), pos - 1):
                pass
            if m is None or m.end() != pos - 1:
                break
            start = left_extent(text, m.end(), max_len=16, min_start=m.start(), bounded=True)
            if start < 0 or text[start - 1:start] == "等":
                break   # A等装备企业、中国移动: the kind closing the list before, not a name
            items.append((start, m.end()))
            pos = start
        pos = c.end
        while text[pos:pos + 1] == "、":
            m = ITEM_RE.match(text, pos + 1)
            if not m:
                break
            end = m.end()
            # a conjunction ends the item, but not its first character (、和元生物 is a name)
            for cut in re.finditer(r"等|和|及|与|[0-9]|[一二三四五六七八九十两]+[大家个类项]", text[m.start() + 1:end]):
                at = m.start() + 1 + cut.start()
                if tags.get(text[at - 1:at + 1], "").startswith("v"):
                    continue   # 京东物流参与…: the conjunction's character ends a verb (参与)
                end = at
                break
            items.append((m.start(), end))
            pos = end
        for start, end in items:
            name = text[start:end]
            if any(e == end and start < s_ for s_, e in lexicon_spans):
                continue   # 在汉高校|华中科技大学: the lexicon's name ends the item
            if (start, end) in seen or not 2 <= len(name) <= 12 or name in GENERIC:
                continue
            if _clause_like(name) or name.endswith(person_titles()):
                continue  # 北京大学也与企业共建…, 中国工程院院士: a clause or a post, not a name
            seen.add((start, end))
            state.add(Candidate(start, end, "Organization", name, "org-list", 1.0))
