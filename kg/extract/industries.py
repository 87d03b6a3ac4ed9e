"""Industry grammar: X产业 / X行业 / X产业集群, and enumerations closed by 等产业 / 等领域.

The industry is named without a trailing 产业/行业 (智能物联产业 → 智能物联) unless the rest
names no field by itself (新兴产业, 传统产业).
"""
from __future__ import annotations

import bisect
import re

from kg.extract.candidates import Candidate, DocState, is_left_stop, left_extent, longest_ends, strip_leading_verbs
from kg.extract.organizations import BUILD_VERBS, HEADS as ORG_HEADS
from kg.extract.words import tagged, word_classes
from kg.extract.zones import ZONE_RE

HEAD_RE = re.compile(r"(?:产业集群|产业链|产业生态圈|产业(?!化|园|技术研究院)|行业|集群)")   # not 专利|产业化, …产业园
LIST_END_RE = re.compile(r"(?:等(?:[\u4e00-\u9fff]{0,6}?)(?:产业|行业|服务业|制造业|领域|业态|方向|赛道)"
                         r"|[两三四五六七八九十](?:大|个)(?:重点|主导|传统|优势|特色|新兴|支柱|先导|战略性){0,2}(?:产业|领域|方向|赛道))"
                         r"(?!项目|园|基地|公司|企业|人才|工人|联盟|协会)")   # 日用陶瓷、艺术陶瓷和先进陶瓷三大领域
# Words before 产业 that name no field; the whole phrase is then no industry either.
NOT_FIELDS = frozenset("""相关 重点 主导 优势 支柱 特色 各类 其他 其它 上下游 本地 这些 此类 整个 配套 有关 全 全部 多个 百亿级
千亿级 万亿级 国家级 省级 国际级 世界级 标志性 细分 首个 成果 核心基础 上中下游 跨行业跨领域 其应用 龙头 关联 核心 基础 首位 地方 区域 县域 全市 全省 重点优势 新型 现代化 总体 整体 主要 多 两大 三大 四大 五大
六大 七大 八大 九大 十大 一批 各个 该 战略 传统优势 本土 乡村 当地 省内 市内 区内 国内 国际 全球 先进 重点新兴
先导 关键 战略性 战略性支柱 完整 链式 集群式 跨区域 跨领域 两岸 两地 一二三 一二三次 三次 同类 全链条 上游 下游 中游 既有 现有 原有 新 新一轮 新一批 上述 以上 前述 头号 高端 临港 临空 沿海 沿江 沿边""".split())
# Fields of government work, listed like sectors (推动城市大脑向公共服务、市场监管…等领域) but no industry.
GOVERNANCE_FIELDS = frozenset("""公共服务 市场监管 社会管理 社会治理 城市管理 城市治理 环境保护 生态环保 政务服务 应急管理
公共安全 基层治理 交通管理 安全生产 社会保障 行政审批 综合执法 公共卫生 民生服务 社区服务 党建""".split())
NOT_FIELDS = NOT_FIELDS | GOVERNANCE_FIELDS
# Resources whose one character names a field before 产业 (竹产业, 菌产业); the spec drops 产业.
SINGLE_CHAR_FIELDS = frozenset("竹菌笋瓷丝麻棉茶")
KEEP_HEAD = frozenset("新兴 未来 前沿 传统 数字 十强 朝阳 夕阳 幼稚 战略性新兴".split())


# Part-of-speech tags (jieba) of words that open no industry name: verbs, adverbs, numbers,
# measure words, prepositions, conjunctions, pronouns, particles, localisers, place names.
LEVEL_PREFIX_RE = re.compile(r"(?:国家级|省级|市级|区级|国际级|世界级|世界|全球|全国|全省|全市|本地|当地|国家|中国|[0-9一二三四五六七八九十两]+大|省|市)")
# Places a field is said of (川渝汽车产业, 两岸产业合作): the pair of places, not part of the name.
PLACE_PAIRS = re.compile(r"(?:粤港澳|琴澳|深港|[京津冀沪苏浙皖闽赣鲁豫鄂湘粤桂琼川渝黔滇藏陕甘青宁新港澳台蒙辽吉黑晋]{2}|成渝|两岸|两地|三地)"
                         r"(?:两地|三地)?")
# Qualifiers after a field and before 产业 (人工智能核心产业): the field is the name before them.
TRAILING_QUALIFIERS = ("核心", "重点", "关键", "主导", "支柱", "优势", "特色", "新兴", "先导", "千亿", "百亿", "万亿")
FIELD_PREFIXES = frozenset({"泛"})   # 泛家居, 泛半导体: part of the name, though jieba reads a verb
NON_OPENING = ("v", "d", "m", "q", "p", "c", "r", "u", "f", "ns", "t", "y", "z")


def _skip_place_and_level(text: str, pos: int, end: int) -> int:
    """Past a pair of places (川渝两地) and a level or count word (全省, 三大) opening a name."""
    pair = PLACE_PAIRS.match(text, pos, end)
    if pair and end - pair.end() >= 2:
        pos = pair.end()
    lead = LEVEL_PREFIX_RE.match(text, pos, end)
    return lead.end() if lead else pos


def _past_place(text: str, pos: int, end: int, region_ends_at: dict[int, int]) -> int:
    """Past a place, and the head of a zone named after it, that opens a field's name
    (北部湾|经济区|石化): a place's industry is named without the place."""
    place_end = region_ends_at.get(pos)
    if place_end is None:
        return pos
    head = ZONE_RE.match(text, place_end, end)
    place_end = head.end() if head else place_end
    return place_end if end - place_end >= 2 else pos


def _field_start(text: str, start: int, end: int, known: frozenset[str] = frozenset()) -> int:
    """Skip the words that open no field name (拓展升级|智能终端 → 智能终端); -1 if nothing is left.

    Word classes come from jieba's dictionary, looked up only for the few characters before
    a head.
    """
    pos = start
    while True:   # 过去|川渝两地|汽车, 更加突出|三大|先导: prefixes and function words, in any order
        before = pos
        pos = _skip_place_and_level(text, pos, end)
        pos = strip_leading_verbs(text, pos, end)   # 同时|做强|石化: the verb whole, not 做 alone
        if text[pos:end] in known:
            return pos   # 元宇宙: a name of the taxonomy, whatever its first character's class
        words = tagged(text[pos:end])
        if len(words) > 1 and words[0].flag.startswith(NON_OPENING) and words[0].flag not in ("vn", "nz", "zg") \
                and words[0].word not in FIELD_PREFIXES:
            pos += len(words[0].word)
            if words[0].flag == "ns" and text[pos] in "省市区县" and end - pos > 2:
                pos += 1   # 南康|区|家具: the level word of the place just passed
        if pos == before:
            break
    pos = strip_leading_verbs(text, pos, end)   # 铁西区布局|机器人: 布局 is a verb here, a noun to jieba
    rest = text[pos:end]
    inner = tagged(rest)
    # 嘉善瞄准|通讯电子: a clause whose subject the dictionary does not know as a place; the
    # field starts after its verb
    cut = max((i for i, w in enumerate(inner[:-1]) if w.flag == "v" or w.flag == "vn"
               and (FIELD_VERB_RE.fullmatch(w.word) or BUILD_VERBS.fullmatch(w.word))), default=None)
    if pos == start and text[start - 1:start] in LIST_SEPARATORS:
        cut = None   # 卫星通信和|导航装备产业: a list item opens here, no clause before it
    if cut is not None:
        skipped = sum(len(w.word) for w in inner[:cut + 1])
        if len(rest) - skipped < 2:   # 发展|竹产业: one character is left, a field only if a resource's
            return pos + skipped if rest[skipped:] in SINGLE_CHAR_FIELDS else -1
        after = inner[cut + 1]
        if len(rest) - skipped >= 2 and _looks_like_field(rest[skipped:], known) \
                and not (after.flag.startswith(NON_OPENING) and after.flag not in ("vn", "nz")):
            pos += skipped
            rest = text[pos:end]
            inner = inner[cut + 1:]
    if any(w.flag in ("v", "m", "q") or w.word.isdigit() for w in inner[:-1]) or (inner and inner[-1].flag == "v"):
        return -1  # a clause (企业背后站着新兴, 将AI做成), not a name
    if rest in SINGLE_CHAR_FIELDS:
        return pos   # 推动|竹产业
    if len(rest) < 2 or (len(words) == 1 and words[0].flag.startswith(("v", "d", "p", "c", "r", "m", "q")) and words[0].flag != "vn"):
        return -1
    if len(inner) == 1 and inner[0].flag in ("ns", "nr", "nrt"):
        return -1  # 泰山产业领军人才, 城市产业名片: a place or a name, not a field
    if inner and inner[0].flag == "vn" and len(inner[0].word) == 2 and rest[2:] in known:
        return pos + 2  # 拓展升级|智能终端, 突破|装备: the verb of the clause, then the field
    return pos


LIST_SEPARATORS = ("、", "和", "及", "与")
STAGE_WORDS = ("研制", "研发", "应用", "生产", "配套", "集成", "推广")
GROWTH_TAIL = re.compile(r"(?:协同|融合|联动|一体化|集群化|高质量)?发展$")


def _split_pair(text: str, a: int, b: int, known: frozenset[str], joint: bool = False) -> list[tuple[int, int]]:
    """新型储能与风电: two fields of the taxonomy joined by 与 are two items, unless the joined
    name is one of its own. Where the fields are said to grow together (``joint``: 推动跨境电商与
    边境贸易…融合发展) one known half is enough."""
    item = text[a:b]
    cut = item.find("与", 1)
    if cut < 0 or item in known:
        return [(a, b)]
    first, second = item[:cut], item[cut + 1:]
    if first in known and second in known or joint and (first in known or second in known) \
            and len(first) >= 2 and len(second) >= 2 and _looks_like_field(first) and _looks_like_field(second):
        return [(a, a + cut), (a + cut + 1, b)]
    return [(a, b)]


def _looks_like_field(item: str, known: frozenset[str] = frozenset()) -> bool:
    """A list item names a field unless it holds a verb or is a bare place or person name.
    Each half of a name joined by 与 (激光与增材制造) must look like one."""
    if "与" in item[1:-1]:
        return all(half in known or len(half) >= 2 and _looks_like_field(half) for half in item.split("与"))
    words = tagged(item)
    if any(w.flag in ("v", "m", "q", "p", "d", "r") and w.word not in FIELD_PREFIXES for w in words):
        return False
    return not (len(words) == 1 and words[0].flag in ("ns", "nr", "a", "ad"))


def _opens_with_a_field(item: str, known: frozenset[str]) -> bool:
    """In a list closed by 等…产业 (稀土永磁、稀土催化等稀土新材料产业), an item opening with a
    field's noun is a field even where the dictionary cuts the rest oddly (煤|基特|种|燃料)."""
    words = tagged(item)
    if len(words) < 2 or len(words[0].word) < 2 or not (words[0].word in known or words[0].flag == "n"):
        return False
    suffix = next((k for k in range(len(item) - 2, 1, -1) if item[-k:] in known), 0)
    if suffix:   # 工业|大数据: a field's name ends it, however the dictionary cuts it (工业|大数|据)
        words = tagged(item[:-suffix])
    return not any(w.flag in ("p", "c", "r", "u") for w in words)   # 钛合金在航空航天: a clause


# Verbs whose object, when it is an enumeration, lists fields: 重点突破五轴联动数控机床、精密磨床和数控系统
FIELD_VERB_RE = re.compile(r"(?:大力|重点|加快|积极|优先|着力|聚焦|全力)?(?:发展|培育|突破|布局|壮大|做强|做优|攻关|研发|"
                           r"引进|集聚|瞄准|主攻|深耕|延伸|拓展|涵盖|包括|涉及|聚焦)了?|(?<=重点|着力|主要|优先)服务")
# Verbs whose object lists fields only when they are said to grow together (推动钾肥、锂电材料、
# 镁基新材料协同发展); alone they take any object (推动企业上云).
JOINT_VERB_RE = re.compile(r"推动|促进|推进|带动")
JOINT_TAIL = re.compile(r"(?:协同|融合|联动|一体化)发展$")
LIST_VERB_RE = re.compile(f"{FIELD_VERB_RE.pattern}|{JOINT_VERB_RE.pattern}")
# What a list after such a verb also names: goals, places, bodies, kinds of things, not fields.
GOAL_ENDS = ("高地", "先行地", "策源地", "示范区", "先行区", "样板", "标杆", "之都", "名城", "基地", "中心", "平台",
             "体系", "机制", "方案", "供应商", "企业", "项目", "作品", "品牌", "模式", "环境", "生态", "能力", "水平",
             "理念", "政策", "人才", "团队", "主体", "集群", "园区", "方向", "领域", "产品", "技术", "场景", "应用",
             "协同")
# What rules a field, listed among fields (跨境数据流动、数字贸易规则等领域) but none itself.
RULE_ENDS = ("规则", "标准", "制度", "政策", "机制", "体系")
NOT_ITEM_START = re.compile(r"^(?:全国|全省|全市|大量|一批|各类|新一批|更多|一流)")
COUNT_BEFORE_HEAD = re.compile(r"[0-9一二三四五六七八九十两]+[大条个类种](?:重点|主导|优势|特色|新兴|支柱|战略性)?$")
LIST_HEAD_RE = re.compile(r"(?:产业|行业)(?!园|基地|项目|用地|基金|人才|工人|工作)")
COUNTED = re.compile(r"[0-9一二三四五六七八九十百两]+(?:大|个|项|类|家|条)")
# 与 joins the two halves of one cluster's name (船舶与海洋工程装备, 半导体与集成电路), not two items.
ENUM_SEP = re.compile(r"以及|、|和|及")
# After 等, the noun that says a list names firms, projects or places, not fields.
# (等配套企业 may close a list of component fields; 等龙头企业 closes a list of firms.)
NOT_FIELD_CLOSER = re.compile(r"[一-龥]{0,2}?(?:项目|龙头|公司|集团|单位|部门|机构|高校|院所|城市|地区|国家)")


# How names of fields and products end, for pairs that no list marker vouches for.
FIELD_ENDS = ("制造", "装备", "车", "材料", "系统", "通信", "服务", "电池", "芯片", "器件", "软件", "物流", "设备", "零部件",
              "汽车", "机床", "医药", "药", "器械", "能源", "电子", "技术", "经济", "农业", "养殖", "加工", "旅游",
              "金融", "网络", "平台经济", "计算", "智能", "信息", "化工", "纺织", "食品", "航空", "航天", "船舶",
              "显示", "终端", "纸", "铸造")


def _verb_lists(state: DocState, known: frozenset[str] = frozenset()) -> None:
    """An enumeration right after a field verb, up to the clause's end or 等: each item that
    looks like a field (a noun phrase of 2–10 characters) is an industry, when most do."""
    text = state.text
    orgs = [c for c in state.candidates if c.type == "Organization"]
    places_at = longest_ends(state.candidates, "Region")
    names = sorted((c.start, c.end) for c in state.candidates if c.type in ("Agency", "Organization", "Program"))
    for v in LIST_VERB_RE.finditer(text):
        joint = JOINT_VERB_RE.fullmatch(v.group()) is not None
        i = bisect.bisect_right(names, (v.start(), len(text))) - 1
        if any(a <= v.start() and v.end() <= b for a, b in names[max(0, i - 3):i + 1]):
            continue   # 市发展改革委: the verb inside a body's name
        end = v.end()
        stop = re.compile(r"[，,。；;：:！？\n（(]|等").search(text, end)
        clause_end = stop.start() if stop else len(text)
        span = text[end:clause_end]
        if "的" in span or len(span) > 80:
            continue  # modifiers of a head noun (…、自动执行的高端装备), or no list
        if joint and not JOINT_TAIL.search(span):
            continue
        if stop is not None and stop.group() == "等" and NOT_FIELD_CLOSER.match(text, stop.end()):
            continue  # 培育了粤芯半导体、百济神州等重点项目: what the list names is no field
        head = LIST_HEAD_RE.search(span)
        if head and ENUM_SEP.search(span, 0, head.start()):
            span = span[:head.end()]   # 瞄准通讯电子、新能源产业|组建专班: the head closes the list
        counted = COUNTED.search(span)
        if counted and re.match(r"(?:工程|行动|任务|举措|计划|工作|专项|机制)", span[counted.end():]):
            continue   # 实施主体培育、海外仓建设…四大工程: a list of programs, not of fields
        if counted:   # 聚焦创新药、现代中药和医疗美容四大方向: the count closes the list
            span = span[:counted.start()]
        parts = ENUM_SEP.split(span)
        headed = re.search(r"(?:产业|行业)$", span)
        # two items joined by 和 count when they are the verb's whole object (…做强整机制造和航空零部件，)
        whole_object = stop is not None and stop.group() != "等" and not counted
        if len(parts) < 3 and not (len(parts) == 2 and ("、" in span or headed or whole_object)):
            continue
        if len(parts) == 2 and whole_object and not ("、" in span or headed) \
                and not all(p.endswith(FIELD_ENDS) or p in known for p in parts):
            continue  # 政策文件和经验, 信心和竞争力: a pair of abstract nouns
        pair = len(parts) == 2 and whole_object   # 重点发展休闲旅游和民宿经济: two fields by their ends
        items: list[tuple[int, int]] = []
        pos = 0
        for sep in list(ENUM_SEP.finditer(span)) + [None]:   # items between separators (以及 whole)
            a, b = (sep.start(), sep.end()) if sep else (len(span), len(span))
            if a > pos:
                items.append((end + pos, end + a))
            pos = b
        if headed:   # 冷链物流和预制菜产业: the head names every item a field, even a verb-led one
            a, b = items[-1]
            items[-1] = (a, b - len(headed.group()))
        growth = GROWTH_TAIL.search(text, *items[-1]) if items else None
        grown = growth is not None and growth.start() - items[-1][0] >= 2
        if grown:
            # 新型储能与风电、光伏协同发展: how the fields grow together, not part of the last
            # one's name; and 与 there joins two of them (not 半导体与集成电路, one cluster)
            items[-1] = (items[-1][0], growth.start())
        if joint or grown:
            items = [part for a, b in items for part in _split_pair(text, a, b, known, joint)]
        good = []
        for a, b in items:
            place_end = places_at.get(a)
            if place_end is not None and FIELD_VERB_RE.match(text, place_end, b):
                a = place_end   # 南安市|发展光电: a place and its verb open the item
            lead = FIELD_VERB_RE.match(text, a, b)
            a = lead.end() if lead and b - lead.end() >= 2 else a
            item = text[a:b]
            if 2 <= len(item) <= 10 and not re.search(r"[0-9%“”《》]", item) and item not in NOT_FIELDS \
                    and not _is_stage(item) \
                    and not item.endswith(GOAL_ENDS) and not NOT_ITEM_START.match(item) \
                    and not COUNTED.search(item) and (headed or _looks_like_field(item, known)
                                                      or pair and item.endswith(FIELD_ENDS)
                                                      or item.endswith("制造") and _looks_like_field(item[:-2])):
                good.append((a, b))
        if joint:   # 推动遥感卫星研制、卫星数据处理与行业应用一体化发展: steps of work growing together
            good = [(a, b) for a, b in good if not text.endswith(STAGE_WORDS, a, b) and text[b - 1] not in "与和及"]
        if len(good) * 3 < len(items) * 2 or joint and len(good) < len(items):
            continue   # (推动整机研制、零部件配套和场景应用协同发展: stages growing together)
        if any(text[a:b].endswith(ORG_HEADS) or any(c.type == "Organization" and c.start < b and a < c.end
                                                    for c in orgs) for a, b in items):
            continue  # 包括一汽集团、首钢集团、浙江中烟等: a list of companies
        for a, b in good:
            state.add(Candidate(a, b, "Industry", text[a:b], "industry-verb-list", 1.0))


QUOTED_HEAD_RE = re.compile(r"“([^“”\n]{2,8})”(产业|行业)(?!互联网|数字化|服务平台|平台|园|基地|联盟|基金)")


# Words that make a field's products a field of their own right after its name (光电子|器件,
# 汽车|电子, 集成电路|装备); not 技术 or 产品 (人工智能技术 is still 人工智能).
COMPOUND_TAILS = re.compile(r"(?:器件|装备|材料|设备|零部件|芯片|电子|终端|模组|组件|制剂)(?=[、，,。；;和及与等产]|行业|领域|企业|$)")


def _compounds(state: DocState) -> None:
    """A taxonomy field followed by a product word is that product's field: 光电子器件."""
    text = state.text
    for c in [c for c in state.candidates if c.type == "Industry" and c.source == "gazetteer"]:
        tail = COMPOUND_TAILS.match(text, c.end)
        if tail and not any(o.type == "Industry" and o.start <= c.start and o.end >= tail.end() and o is not c
                            for o in state.candidates):
            state.add(Candidate(c.start, tail.end(), "Industry", text[c.start:tail.end()], "industry-grammar", 2.1))


GENERATION_PREFIXES = ("新一代", "下一代")


def _headed_names(state: DocState) -> None:
    """光电子信息产业: a field of the taxonomy before 产业 is named with it, even where a shorter
    field's own 产业 form (电子信息产业) starts inside it."""
    text = state.text
    spans = {(c.start, c.end) for c in state.candidates if c.type == "Industry"}
    for c in [c for c in state.candidates if c.type == "Industry" and c.source == "gazetteer" and not c.weak]:
        head = LIST_HEAD_RE.match(text, c.end)
        if head and (c.start, head.end()) not in spans:
            spans.add((c.start, head.end()))
            state.add(Candidate(c.start, head.end(), "Industry", c.name, "industry-grammar", c.score))


# Goods a qualifying field makes one product of (稀土永磁电机), unlike uses of a technology in
# a sector (农业大数据, 医疗大模型), which are no trade of their own.
PRODUCT_ENDS = ("电机", "家具", "材料", "器件", "陶瓷", "加工", "设备", "装备")


def _adjacent_fields(state: DocState) -> None:
    """稀土永磁|电机, 新能源汽车|驱动电机, 陶瓷|文创: two fields of the taxonomy written together
    name one product or trade, the first qualifying the second."""
    text = state.text
    fields = [c for c in state.candidates if c.type == "Industry" and c.source == "gazetteer"]
    longest: dict[int, Candidate] = {}
    for c in fields:
        if c.start not in longest or c.length > longest[c.start].length:
            longest[c.start] = c
    spans = {(c.start, c.end) for c in state.candidates if c.type == "Industry"}
    for a in sorted(longest.values(), key=lambda c: c.start):
        b = longest.get(a.end)
        if b is None or not b.name.endswith(PRODUCT_ENDS) or any(
                c.start < a.start < c.end or c.start < b.end < c.end for c in fields) \
                or any(r.type == "Region" and r.start < a.end and a.start < r.end for r in state.candidates):
            continue   # each a whole name, not the middle of a longer one, nor a place
        if (a.start, b.end) not in spans:
            spans.add((a.start, b.end))
            state.add(Candidate(a.start, b.end, "Industry", text[a.start:b.end], "industry-grammar",
                                max(a.score, b.score) + 0.2))


# Technologies a sector applies (农业|大数据, 医疗|大模型): the sector is no kind of them.
APPLIED_TECHNOLOGIES = frozenset("大数据 人工智能 大模型 云计算 物联网 区块链 互联网 元宇宙 保险".split())
BASED_ON = re.compile(r"(?:生物|[硅碳镁铝钛锂钠铁氢])基$")
SIZE_WORDS = frozenset("大型 小型 中型 城市 产业 行业 领域 企业".split())
MODIFIER_CLASSES = ("n", "nz", "b", "s", "ng", "ns")   # ns: a place word no division is named by (盐湖)


_OPENINGS: dict[int, frozenset[str]] = {}


def _field_openings(known: frozenset[str]) -> frozenset[str]:
    """The two characters opening the taxonomy's longer names (海洋经济 → 海洋, 低空经济 → 低空)."""
    if id(known) not in _OPENINGS:
        _OPENINGS[id(known)] = frozenset(k[:2] for k in known if len(k) >= 4) - NOT_FIELDS - SIZE_WORDS
    return _OPENINGS[id(known)]


def _qualified_fields(state: DocState, known: frozenset[str]) -> None:
    """低空|文旅, 海洋|创新药, 固态|储氢: a noun that opens the taxonomy's longer names, written right
    before one of its fields, qualifies it; together they name the trade."""
    text = state.text
    tags = word_classes()
    fields = [c for c in state.candidates if c.type == "Industry" and c.source == "gazetteer" and not c.weak]
    spans = {(c.start, c.end) for c in state.candidates if c.type == "Industry"}
    taken = [(c.start, c.end) for c in state.candidates if c.type in ("Region", "Organization", "Agency")]
    openings = _field_openings(known)
    for c in fields:
        start = c.start - 2
        word = text[start:c.start]
        if start < 0 or word not in openings or c.name in APPLIED_TECHNOLOGIES \
                or tags.get(word) not in MODIFIER_CLASSES or is_left_stop(word):
            continue
        if any(a < c.start and start < b for a, b in taken) or any(
                o.start < c.start < o.end or o.start <= c.start and c.end < o.end for o in fields if o is not c):
            continue   # a place or body's name, or the middle of a longer field's name
        before = tagged(text[max(0, start - 2):c.start])
        if not before or before[-1].word != word:
            continue   # the characters before belong to a longer word: no clean cut
        if (start, c.end) not in spans:
            spans.add((start, c.end))
            state.add(Candidate(start, c.end, "Industry", text[start:c.end], "industry-grammar", c.score + 0.1))


def _based_materials(state: DocState) -> None:
    """硅基|新材料, 生物基|新材料: a material is named with what it is made from."""
    text = state.text
    spans = {(c.start, c.end) for c in state.candidates if c.type == "Industry"}
    for c in [c for c in state.candidates if c.type == "Industry" and c.source == "gazetteer" and c.name.endswith("材料")]:
        based = BASED_ON.search(text, max(0, c.start - 3), c.start)
        if based and (based.start(), c.end) not in spans:
            spans.add((based.start(), c.end))
            state.add(Candidate(based.start(), c.end, "Industry", text[based.start():c.end], "industry-grammar",
                                c.score + 0.1))


def _new_generation(state: DocState) -> None:
    """新一代电子信息, 下一代互联网: the generation word is part of an information field's name
    (the taxonomy's own 新一代 names, 新一代信息技术, come from the lexicon); before a product
    (新一代燃料电池) it only says how new the product is."""
    text = state.text
    spans = {(c.start, c.end) for c in state.candidates if c.type == "Industry"}
    for c in [c for c in state.candidates if c.type == "Industry" and c.source == "gazetteer"]:
        start = c.start - 3
        if start >= 0 and text.startswith(GENERATION_PREFIXES, start) and (start, c.end) not in spans \
                and c.name.endswith(("信息", "通信", "互联网", "网络")):
            spans.add((start, c.end))
            state.add(Candidate(start, c.end, "Industry", text[start:c.end], "industry-grammar", c.score + 0.1))


# A list of the stages of a chain or the aspects of a policy (研发设计、生产制造、检验检测等环节;
# 用地保障、财政资金等方面). Stages are no fields, whatever closes their list; in a list of
# aspects only the taxonomy's names are (动力电池安全、汽车芯片等方面).
STAGE_CLOSER = re.compile(r"(?:等|一体化)(?:关键|重要|重点|各个|多个)?(环节|方面|工序|链条|阶段|产业链)")
STAGE_ITEMS = re.compile(r"(?:[\u4e00-\u9fffA-Za-z0-9]{2,8}[、和及与]){1,8}[\u4e00-\u9fffA-Za-z0-9]{2,8}?$")
STAGES = frozenset("研发 设计 制造 生产 封测 封装 测试 销售 运维 加工 组装 应用 服务 检验 检测 认证 中试 验证".split())


def _is_stage(item: str) -> bool:
    """研发设计, 生产制造, 检验检测: made of the words for stages only."""
    return len(item) % 2 == 0 and all(item[i:i + 2] in STAGES for i in range(0, len(item), 2))


def _drop_stage_lists(state: DocState, known: frozenset[str]) -> None:
    drop: list[tuple[int, int]] = []
    text = state.text
    for closer in STAGE_CLOSER.finditer(text):
        window_start = max(0, closer.start() - 90)   # the items, read back from the closer only
        items = STAGE_ITEMS.search(text, window_start, closer.start())
        if items is None:
            continue
        if closer.group().startswith("一体化"):
            drop.append((items.start(), closer.end()))   # 设计、制造、封测一体化产业链: one chain of stages
            continue
        kind = closer.group(1)
        pos = items.start()
        for i, item in enumerate(re.split(r"[、和及与]", items.group())):
            if i == 0:   # the first item starts where the clause before it ends: 在|研发设计
                cut = next((k for k in range(len(item) - 1) if _is_stage(item[k:])), None)   # the longest
                cut = cut if cut is not None else next((k for k in range(len(item)) if item[k:] in known), 0)
                pos, item = pos + cut, item[cut:]
            if _is_stage(item) or kind == "方面" and item not in known:
                drop.append((pos, pos + len(item)))
            pos += len(item) + 1
    if drop:
        state.candidates[:] = [c for c in state.candidates if c.type != "Industry"
                               or not any(a <= c.start and c.end <= b for a, b in drop)]


# A field word before 化 names a process (数字产业化, 工业化, 信息化), unless 化 opens a field of
# its own (化工, 化学, 化肥, 化妆品, 化纤)
IZATION = re.compile(r"化(?!工|学|肥|妆|纤|石)")


def _drop_processes(state: DocState) -> None:
    text = state.text
    state.candidates[:] = [c for c in state.candidates if c.type != "Industry" or not IZATION.match(text, c.end)]


def match_industries(state: DocState, known: frozenset[str] = frozenset()) -> None:
    """Industry candidates of the grammar; ``known`` are the taxonomy's names (they vouch for
    a pair of list items that nothing else marks as fields)."""
    text = state.text
    _verb_lists(state, known)
    _compounds(state)
    _adjacent_fields(state)
    _qualified_fields(state, known)
    _based_materials(state)
    _headed_names(state)
    _new_generation(state)
    # “十强”产业: the quoted name with its head
    for m in QUOTED_HEAD_RE.finditer(text):
        body = m.group(1)
        if body not in NOT_FIELDS and not re.search(r"[0-9]", body):   # “20+8”产业集群: a program
            state.add(Candidate(m.start(), m.end(), "Industry", body + "产业" if body in KEEP_HEAD else body,
                                "industry-grammar", 1.8))
    regions_before: dict[int, list[Candidate]] = {}
    region_ends_at = longest_ends(state.candidates, "Region")
    region_spans = [(c.start, c.end) for c in state.candidates if c.type == "Region"]
    for c in state.candidates:
        if c.type == "Region":
            regions_before.setdefault(c.end, []).append(c)
    for m in HEAD_RE.finditer(text):
        start = left_extent(text, m.start(), max_len=8, bounded=True)
        if start < 0:
            continue
        if m.group() == "产业链" and text[m.start() - 1:m.start()] == "全":
            continue  # 全产业链: the whole chain of the industry before it, named elsewhere
        count = COUNT_BEFORE_HEAD.search(text[:m.start()], start)
        head_start = count.start() if count else m.start()   # 集成电路装备|四大产业集群
        body = text[start:head_start]
        if len(body) < 2 and body not in SINGLE_CHAR_FIELDS or body in NOT_FIELDS or body[-1] in "的等和与及+—-" or body[0] == "+" or body.isdigit() \
                or BUILD_VERBS.fullmatch(body) or FIELD_VERB_RE.fullmatch(body):
            continue   # 建设产业园: a verb, not a field
        if body not in KEEP_HEAD:
            start = _field_start(text, start, head_start, known)
            if start < 0:
                continue
            covering = max((b for a, b in region_spans if a < start < b < head_start), default=None)
            if covering is not None:
                start = covering   # 临港|新片区前沿: the rest of a zone's name the word classes cut
            body = text[start:head_start]
            if body in NOT_FIELDS or body.endswith("级"):
                continue   # 世界级产业集群: a scale, not a field
        if len(body) == 1:   # a resource's character (竹产业, 发展|竹产业): the field is 竹
            if m.group() in ("产业", "产业链", "产业集群"):
                state.add(Candidate(start, m.end(), "Industry", body, "industry-grammar", 1.8))
            continue
        end = m.end() if head_start == m.start() else head_start
        if body.endswith(TRAILING_QUALIFIERS) and body not in known and len(body) >= 4:
            body = body[:-2]   # 人工智能核心产业: 人工智能
            end = start + len(body)
            if body in NOT_FIELDS or not _looks_like_field(body, known):
                continue
        if any(c.start == start for c in regions_before.get(m.start(), ())):
            continue  # 承接珠三角产业转移: a place's industry, not a field
        place_end = region_ends_at.get(start)
        if place_end is not None and head_start - place_end >= 2 and body not in known:
            start = _field_start(text, place_end, head_start, known)   # 阎良区|航空产业, 铁西区布局|机器人
            body = text[start:head_start]
            if start < 0 or body in NOT_FIELDS or PLACE_PAIRS.fullmatch(body):
                continue   # 横琴则深化|琴澳产业协同: the places, not a field
        name = body + "产业" if body in KEEP_HEAD else body
        state.add(Candidate(start, end, "Industry", name, "industry-grammar", 1.8))
    # enumerations: 云计算、高端软件、人工智能等产业
    for m in LIST_END_RE.finditer(text):
        sent = state.sentence_at(m.start())
        seg_start = max(sent.start, m.start() - 80)
        segment = text[seg_start:m.start()]
        cut = max(segment.rfind(ch) for ch in "，。；：,;:的")   # 佛山、东莞两地的|家电、家具等
        items_start = seg_start + cut + 1
        pos = items_start
        parts = re.split(r"([、]|和|及)", text[items_start:m.start()])
        if len(parts) < 3:
            continue
        counted = not m.group().startswith("等")   # …三大领域: a count vouches for less than 等…产业
        for i, part in enumerate(parts):
            if i % 2 == 0:
                item_start, item_end = pos, pos + len(part)
                if i == 0:
                    item_start = left_extent(text, item_end, max_len=10, min_start=items_start)
                    verbs = [v for v in FIELD_VERB_RE.finditer(text, item_start, item_end) if item_end - v.end() >= 2]
                    if verbs:   # 前瞻布局人工智能、低空经济等产业: the list begins after the verb
                        item_start = verbs[-1].end()
                    item_start = _field_start(text, item_start, item_end) if item_end - item_start >= 2 else -1
                    if item_start < 0:
                        pos += len(part)
                        continue
                item_start = _past_place(text, item_start, item_end, region_ends_at)   # 长沙|工程机械和株洲|…
                item = text[item_start:item_end]
                if 2 <= len(item) <= 10 and item not in NOT_FIELDS and not re.search(r"[0-9%“”《》]", item) \
                        and not item.endswith(RULE_ENDS) \
                        and (_looks_like_field(item, known) or _opens_with_a_field(item, known)) \
                        and (not counted or any(item[k:] in known for k in range(len(item) - 1))):
                    state.add(Candidate(item_start, item_end, "Industry", item, "industry-list", 1.2))
            pos += len(part)
    _drop_stage_lists(state, known)
    _drop_processes(state)
