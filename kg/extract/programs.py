"""Program grammar: names in 《》, quoted names with a head (数字经济“一号工程”, “1248”计划),
quoted names after a launching verb (实施“城市大脑”), and bare names ending in a program head
(数字产业化提升工程, 绿色制造行动计划). A trailing period (2019—2022年) belongs to the name.
"""
from __future__ import annotations

import re

from kg.extract.candidates import LEADING_VERBS, Candidate, DocState, left_extent, longest_ends, strip_leading_verbs
from kg.extract.organizations import HEADS as ORG_HEADS
from kg.extract.words import tagged, word_classes

HEADS = ("三年行动计划", "五年行动计划", "行动计划", "专项行动", "行动方案", "实施方案", "试点方案",
         "工作方案", "指导意见", "实施意见", "若干措施", "若干意见", "倡议书", "提升工程", "重大工程",
         "重大专项", "重点专项", "专项",
         "工程", "行动", "计划", "战略", "规划纲要", "规划", "条例", "倡议", "纲要", "方案", "意见", "措施", "办法",
         "决定", "通知", "法")
BARE_HEADS = ("三年行动计划", "五年行动计划", "行动计划", "专项行动", "行动方案", "实施方案", "试点方案",
              "指导意见", "倡议书", "提升工程", "重大工程", "倍增计划", "综合试点", "示范项目", "补贴政策", "工程", "行动", "计划",
              "战略", "条例", "倡议", "试点")
QUOTE_HEAD_RE = re.compile(r"[^等和与及的之一批个项家、，,。“”「」『』《》()（）\s]{0,4}?(?:%s)" % "|".join(HEADS[:-1]))
DOC_HEADS = ("条例", "办法", "意见", "方案", "计划", "规划", "纲要", "通知", "决定", "措施", "指引", "法",
             "规定", "细则", "指南", "标准", "倡议书", "倡议", "清单", "目录", "战略", "行动", "工程", "宣言",
             "政策", "意见稿", "公告", "函", "批复", "要点", "路线图", "蓝图")
BARE_RE = re.compile("(?:%s)(?!上)" % "|".join(BARE_HEADS))   # not 思想上政治上行动上
# 战略 opening another noun: 签署战略合作协议, 战略投资, 战略意义
STRATEGY_AS_MODIFIER = ("合作", "投资", "咨询", "研究", "意义", "地位", "机遇", "伙伴", "布局")
PERIOD_RE = re.compile(r"[(（]\s*((?:19|20)\d\d)\s*[-—–－~至到]+\s*((?:19|20)\d\d)\s*年?\s*[)）]")
MEDIA_ENDS = ("报", "日报", "晚报", "杂志", "周刊", "网", "期刊", "学报")
LAUNCH_VERBS = ("深入实施", "全面实施", "组织实施", "实施", "推进", "推动", "开展", "深化", "启动", "推广",
                "争创", "创建", "打响", "擦亮", "迭代", "部署", "建设", "构建", "打造", "提出", "落实")
# Bodies that make no name: "实施这一工程", "重点行动", "该计划".
GENERIC_BODIES = frozenset("""这一 该 此 本 各项 各类 相关 重点 重大 专项 系列 一系列 有关 上述 下一步 行动 工作 具体 年度
这项 这些 一批 多项 三年 五年 十大 新 老 发展 建设 实施 改革 长期 中长期 总体 整体 年 今年 明年 项目 国家""".split())

OPEN_Q, CLOSE_Q = "“\"「『", "”\"」』"
PARTS_AFTER = re.compile(r"等?(?:关键|核心|重点)?(?:技术|环节|部件|部位|功能|能力|产品|器官)")
# Names that are counts or ranks of programs (十大工程, 省级…工程) or titles firms are awarded
# (专精特新 “小巨人”, 单项冠军, 独角兽): no program of their own.
NOT_PROGRAM = re.compile(r"^(?:[0-9一二三四五六七八九十百]+[大项个类批]|省级|市级|区级|县级|国家级)|(?:企业|冠军|独角兽|瞪羚|小巨人)$"
                         r"|[0-9一二三四五六七八九十]+[大项个类](?:工程|行动|计划|任务|举措|专项|战略)$"
                         r"|^一.一.$")   # “一链一策”, “一企一策”: a way of working, not a named initiative


NUMBERED_SYSTEM_RE = re.compile(r"[“‘]([0-9][0-9+NX]{1,9})[”’][\u4e00-\u9fff]{0,8}?(?:产业集群|集群体系|产业体系|产业集群体系)")
# Notes after a document's head: …特别管理措施（负面清单）（2021年版）, …办法（试行）
TRAILING_NOTES = re.compile(r"(?:[(（][^()（）]{1,12}[)）])+$")
# 试点 opening another noun: the places or firms a pilot picks, its work, its results
PILOT_AS_MODIFIER = re.compile(r"城市|县|地区|省|市|名单|工作|方案|成效|期间|建设|评估|典型|进展|范围|企业|单位|示范|项目|行动")
# A title issued without 《》: 制定推进制造业平台经济发展工作的意见
UNBRACKETED_TITLE = re.compile(r"(?:制定|出台|印发|发布)((?:关于)?[^，,。；;、“”《》\s的]{4,30}的(?:指导|实施)?意见)")
# 《…》, which a page may break across one line
BOOK_TITLE = re.compile(r"《([^《》\n]{1,80}(?:\n\s*[^《》\n]{1,80})?)》")
# What closes a list of named programs: 数字大湾区、移动支付之省等一批标志性工程
LISTED_PROGRAMS = re.compile(r"等一批(?:标志性|重大|重点|示范性?)?(?:工程|项目)")
# A count before the head (五大专项行动): a kind of program, not one named
COUNTED_HEAD = re.compile(r"[0-9一二三四五六七八九十两]+[大项个类](?:重点|重大)?(?:专项)?(?:工程|行动|计划|专项|任务)$")
# 十项…: a count of items, not the end of a name (…款项 is one)
COUNTED_ITEMS = re.compile(r"[0-9一二三四五六七八九十百几多数]+项$")
# “追光计划”2.0版: a new round of a program, named with its version
VERSION_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?版")
QUOTED_BEFORE = re.compile(r"(?<![”\"」』])[“\"「『][^“”\"「」『』\s，,。、；;：:]{1,10}[”\"」』]$")   # “北斗+”, “415X”
FIRST_OF_A_KIND = re.compile(r"首台[（(]套[）)]$|首批次$|首版次$")
COUNT_BEFORE = re.compile(r"(?:[0-9一二三四五六七八九十百千万]+[个项家条批座]|一批|多个|若干)(?:以上|左右)?$")
GENERIC_STRATEGY_WORDS = frozenset("""国家 重大 发展 开放 合作 创新 驱动 总体 区域 协调 时期 我国 我省 我市 国际 国际化
长期 中长期 全球 整体 战略 重要 核心 主要 新 一体化 协同 融合 转型 升级 省 市 全省 全市""".split())


def _holds_verb(prefix: str) -> bool:
    """研发计划中设立“…”重点专项: a clause before the quotes, not part of the name."""
    return any(w.flag == "v" for w in tagged(prefix)) or "中" in prefix[1:]


def _head_in_a_word(text: str, start: int, end: int) -> bool:
    """工程机械, 计划单列市; 实行动态管理: the head runs on into a word, or its last character opens one."""
    tags = word_classes()
    return any(text[start:end + k] in tags for k in (1, 2) if end + k <= len(text)) \
        or tags.get(text[end - 1:end + 1], "").startswith(("n", "a"))


def _is_program_name(name: str) -> bool:
    return NOT_PROGRAM.search(name) is None


def _period(text: str, end: int) -> tuple[int, dict]:
    m = PERIOD_RE.match(text, end)
    if m:
        return m.end(), {"periodStart": m.group(1), "periodEnd": m.group(2)}
    return end, {}


def _clean(name: str) -> str:
    return re.sub(r"[“”\"「」『』‘’《》〈〉]", "", name)


def match_programs(state: DocState) -> None:
    first = len(state.candidates)
    _match_programs(state)
    state.candidates[first:] = [c for c in state.candidates[first:]
                                if c.type != "Program" or c.attrs.get("bracketed") or _is_program_name(c.name)]
    _appositions(state, state.candidates[first:])


def _appositions(state: DocState, programs: list[Candidate]) -> None:
    """“中国视谷”是杭州智能物联产业生态圈标志性引领工程: the predicate describes the program named
    before 是; it is that program again, under a longer name (an alias), not a second one."""
    text = state.text
    by_end: dict[int, Candidate] = {}
    for c in programs:
        if c.type == "Program" and text[c.start:c.start + 1] in OPEN_Q + "《":
            by_end[c.end] = c
    for c in programs:
        if c.type != "Program" or not text.startswith("是", c.start - 1) or text.startswith("的", c.end):
            continue   # (…是“技能中国行动”的组成部分: a part of it, not the same program)
        subject = by_end.get(c.start - 1)
        if subject is None:   # a quoted name before 是 is then a program too
            q = re.search(r"[“\"「『]([^“”\"「」『』\n]{2,12})[”\"」』]$", text[max(0, c.start - 15):c.start - 1])
            if q is None:
                continue
            start = c.start - 1 - len(q.group())
            subject = Candidate(start, c.start - 1, "Program", q.group(1), "program-grammar", 3.0)
            state.add(subject)
        if subject is not c:
            c.attrs["aliases"] = [c.name]
            c.name = subject.name

def _match_programs(state: DocState) -> None:
    text = state.text
    # 1. 《…》
    for m in BOOK_TITLE.finditer(text):
        inner = re.sub(r"\s+", "", m.group(1))   # a title broken across lines is one title
        if "\n" in m.group(1) and re.search(r"[。！？；]", inner):
            continue   # an unclosed 《 on one line, another title's 》 on the next
        bare = TRAILING_NOTES.sub("", PERIOD_RE.sub("", inner).strip())
        if not bare.endswith(DOC_HEADS) and not inner.endswith(MEDIA_ENDS):
            continue  # a book, film or song title
        if inner.endswith(MEDIA_ENDS):
            state.add(Candidate(m.start(1), m.end(1), "Organization", _clean(inner), "program-grammar", 2.0,
                                attrs={"kind": "media"}))
            continue
        end, attrs = _period(text, m.end())
        p_in = PERIOD_RE.search(inner)
        if p_in:
            attrs = {"periodStart": p_in.group(1), "periodEnd": p_in.group(2)}
        name = _clean(inner + text[m.end():end])
        state.add(Candidate(m.start(), end, "Program", name, "program-grammar", 5.0,
                            attrs={**attrs, "bracketed": True}))
    # 2a. a run of quoted names: “云上浙江”“宽带浙江”“泛在浙江”行动 → three programs
    for run in re.finditer(r"(?:“[^“”\n，,。、]{2,12}”){2,}", text):
        if PARTS_AFTER.match(text, run.end()):
            continue  # 突破人形机器人“大脑”“小脑”“肢体”等关键技术: parts of a thing
        before = text[max(0, run.start() - 4):run.start()]
        if re.search(r"[0-9一二三四五六七八九十百千万]+[个项家条批座]$", before):
            continue
        # “网络筑基”“平台赋能”…五大行动: each is a 行动 of that name
        counted_head = re.match(r"[0-9一二三四五六七八九十两]+[大项个类]?(?:专项|重点|重大)?(行动|工程|计划|战略|专项)", text[run.end():])
        head = counted_head.group(1) if counted_head else ""
        for q in re.finditer(r"“([^“”]+)”", run.group()):
            start = run.start() + q.start()
            name = q.group(1) if not head or q.group(1).endswith(head) else q.group(1) + head
            state.add(Candidate(start, start + len(q.group()), "Program", name, "program-grammar", 3.5,
                                attrs={"aliases": [q.group(1)] if name != q.group(1) else []}))
    # 2a'. numbered systems of clusters: “20+8”产业集群, “33618”现代制造业集群体系
    for m in NUMBERED_SYSTEM_RE.finditer(text):
        state.add(Candidate(m.start(), m.end(), "Program", _clean(m.group()), "program-grammar", 4.0,
                            attrs={"aliases": [m.group(1)]}))
    # 2b. “…” with or without a head
    known_ends = {c.end for c in state.candidates if c.type == "Program" and c.source == "gazetteer"}
    agency_spans = [(c.start, c.end) for c in state.candidates if c.type == "Agency"]
    fields: dict[int, int] = {}   # where the longest industry name ending at each position starts
    for c in state.candidates:
        if c.type == "Industry":
            fields[c.end] = min(c.start, fields.get(c.end, c.start))
    for m in re.finditer(r"[“\"「『]([^“”\"「」『』\n]{1,24})[”\"」』]", text):
        inner = m.group(1)
        if re.search(r"[，。；：,;:！？]", inner):
            continue
        in_run = m.start() > 0 and text[m.start() - 1] in "”\""
        head = None if in_run else QUOTE_HEAD_RE.match(text, m.end())
        prefix_start = left_extent(text, m.start(), max_len=10, bounded=True)
        if prefix_start < 0:
            prefix_start = m.start()
        prefix = text[prefix_start:m.start()]
        if len(prefix) < 2 or prefix in GENERIC_BODIES or prefix in LAUNCH_VERBS or prefix in LEADING_VERBS \
                or re.fullmatch(r"[0-9]+[个项家条批]?", prefix) or _holds_verb(prefix) \
                or re.search(r"[0-9]+年|[首上新本]一?轮", prefix):   # 2021年首轮“追光计划”: when, not whose
            prefix_start, prefix = m.start(), ""
        if prefix and any(a < m.start() and prefix_start < b for a, b in agency_spans):
            prefix_start, prefix = m.start(), ""   # 山东省人民政府“十强产业”行动计划: its issuer, not its name
        if prefix and m.start() in known_ends:
            prefix_start, prefix = m.start(), ""   # 国家重点研发计划|“智能机器人”重点专项: a part named after its parent
        if not prefix and m.start() in fields:
            # 下设超硬材料“强基”行动, 新型显示“补链”行动: the field the program serves opens its name
            prefix_start = fields[m.start()]
            prefix = text[prefix_start:m.start()]
        if head:
            end, attrs = _period(text, head.end())
            core = inner + head.group()
            start = prefix_start
            name = _clean(prefix + core + text[head.end():end])
            aliases = [core] if prefix else []
            state.add(Candidate(start, end, "Program", name, "program-grammar", 4.0,
                                attrs={**attrs, "aliases": aliases}))
            continue
        if inner.endswith(HEADS[:-1]) and len(inner) >= 3:
            version = VERSION_RE.match(text, m.end())   # “追光计划”2.0版: a new round, a program of its own
            end = version.end() if version else m.end()
            state.add(Candidate(prefix_start, end, "Program", _clean(prefix + inner + text[m.end():end]),
                                "program-grammar", 4.0, attrs={"aliases": [inner] if prefix else []}))
            continue
        before = text[max(0, m.start() - 4):m.start()]
        after = text[m.end():m.end() + 10]
        if after and re.match(r"[\u4e00-\u9fffA-Za-z0-9]", after) and not re.match(
                r"(?:建设|工程|行动|品牌|改革|模式|试点|等|和|与|及)", after):
            continue  # a quoted modifier inside a longer phrase: “两化”深度融合
        launched = before.endswith(LAUNCH_VERBS) or re.match(r"(?:建设|工程|行动|品牌|改革|模式|试点)", after)
        listed = re.match(r"(?:[、和与及][“\"]|等[一]?[批系列项个]*(?:标志性)?(?:工程|行动|项目|计划|品牌|改革))", after)
        counted = re.search(r"[0-9一二三四五六七八九十百千万]+[个项家条批座]$", before)
        if (launched or listed) and not counted and 2 <= len(inner) <= 12 and not inner.isdigit() \
                and "+" not in inner:   # “民宿+电商”模式: a way of combining things, no initiative's name
            state.add(Candidate(m.start(), m.end(), "Program", _clean(inner), "program-grammar", 3.0,
                                ))
    # 2c. the items of a list closed by 等一批标志性工程 are named programs, quoted or not
    for m in LISTED_PROGRAMS.finditer(text):
        clause = max(text.rfind(ch, 0, m.start()) for ch in "，,。；;：:\n") + 1
        lead = re.match(r"(?:加快|全面|深入|大力|着力|重点)?(?:%s)" % "|".join(LAUNCH_VERBS), text[clause:m.start()])
        pos = clause + (lead.end() if lead else 0)
        for item in re.finditer(r"[^、和]+", text[pos:m.start()]):
            name = item.group()
            words = tagged(name)
            if name[:1] in OPEN_Q or not 3 <= len(name) <= 12 or re.search(r"[0-9]", name) \
                    or words[0].flag in ("v", "d", "p", "m"):
                continue   # quoted items are read above; a clause or a count is no name
            state.add(Candidate(pos + item.start(), pos + item.end(), "Program", name, "program-grammar", 2.0))
    # 2d. a document's title written without 《》 after the verb that issues it:
    #     制定推进制造业平台经济发展工作的意见
    for m in UNBRACKETED_TITLE.finditer(text):
        if text[m.start(1) - 1:m.start(1)] != "《":
            state.add(Candidate(m.start(1), m.end(1), "Program", m.group(1), "program-grammar", 2.5))
    # 3. bare names ending in a head
    known = {(c.start, c.end) for c in state.candidates if c.type == "Program" and c.source == "gazetteer"}
    place_ends = longest_ends(state.candidates, "Region")
    for m in BARE_RE.finditer(text):
        head_start = m.start()
        if head_start > 0 and text[head_start - 1] in CLOSE_Q + "》":
            continue  # the quoted forms above own these
        if m.group() == "战略" and text.startswith(STRATEGY_AS_MODIFIER, m.end()):
            continue
        if _head_in_a_word(text, m.start(), m.end()) or text.startswith(ORG_HEADS, m.end()):
            continue  # 工程机械, 工程学院, 战略性, 计划单列市, 汽车工程研究院: the head opens another word
        start = left_extent(text, head_start, max_len=24, bounded=True)
        if start < 0:
            continue
        if text[start - 1:start + 1] == "以上":   # 100个以|上…: the count's 以上
            start += 1
        quoted = QUOTED_BEFORE.search(text, max(0, start - 14), start)
        if quoted and not COUNTED_HEAD.search(text, start, m.end()) and not text.startswith("时期", start):
            start = quoted.start()   # “北斗+”融合应用示范工程, “415X”先进制造业集群培育工程: the quote opens the name
        first_set = FIRST_OF_A_KIND.search(text, max(0, start - 5), start)
        if first_set:   # 首台（套）重大技术装备…工程: the bracket is part of the name
            start = first_set.start()
        body = text[start:head_start]
        if len(body) < 4 or body in GENERIC_BODIES or body.endswith(("的", "个")) or COUNTED_ITEMS.search(body):
            continue   # (十项行动: a count; 中小企业款项条例 is a name)
        if m.group() == "试点":
            place_end = place_ends.get(start)
            if place_end is not None:   # 山西|深化|能源革命综合改革试点: the place and its verb open a clause
                start = strip_leading_verbs(text, place_end, head_start)
                lead = tagged(text[start:start + 2])
                start += 2 if len(lead) == 1 and lead[0].flag == "v" else 0
                body = text[start:head_start]
            words = tagged(body)
            if len(body) < 6 or PILOT_AS_MODIFIER.match(text, m.end()) or re.search(r"[0-9]", body) \
                    or words and words[-1].flag == "v" and len(body) < 8:
                continue   # 开展对外开放试点, 试点城市, 结合本地实际推进试点: no named pilot
        if re.search(r"[0-9一二三四五六七八九十]+月|[月年]底|[月年]前", body):
            continue   # 2024年5月底前报送实施方案: a deadline and a verb, no name
        if COUNT_BEFORE.search(text, max(0, start - 8), start):
            continue   # 培育100个以上新型信息消费示范项目: a kind of project, counted, not one named
        if m.group() == "行动" and tagged(body)[-1].flag in ("d", "ad"):
            continue   # 杭州迅速行动: the verb
        if m.group() == "战略" and all(w.word in GENERIC_STRATEGY_WORDS for w in tagged(body)):
            continue   # 国家发展战略, 重大发展战略, 开放合作战略: a kind of strategy, no name
        if re.fullmatch(r"[0-9]+年?(?:底|初|前|内)?", body):   # 2025年计划安排…: 计划 the verb
            continue
        if m.group() == "计划" and text[head_start - 1:head_start] in "则还将并也已正均拟":
            continue   # 联影医疗则计划将…: the verb
        if body.startswith(("上一轮", "新一轮", "本轮", "上轮")):
            continue   # 上一轮三年行动方案: which round, not a name
        end, attrs = _period(text, m.end())
        if text.startswith(("国家", "全国"), start) and (start + 2, m.end()) in known:
            continue   # 服务国家|东数西算工程: the lexicon's program, 国家 only says whose
        state.add(Candidate(start, end, "Program", _clean(text[start:end]), "program-grammar", 2.5,
                            attrs=attrs))
