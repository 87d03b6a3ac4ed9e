"""Candidate mentions and the document state the pipeline components share.

Components propose :class:`Candidate` spans; the resolver picks among them and groups them
into entities. All offsets are character offsets into the folded text (= the original text).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from kg.text import Sentence, split_sentences


@dataclass
class Candidate:
    start: int
    end: int
    type: str
    name: str                     # canonical name proposed by the component
    source: str                   # component that proposed it
    score: float = 1.0            # higher wins overlaps of equal length
    key: str = ""                 # region key / lexicon key when known
    weak: bool = False            # needs context to count
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlaps(self, other: "Candidate") -> bool:
        return self.start < other.end and other.start < self.end

    def inside(self, other: "Candidate") -> bool:
        return other.start <= self.start and self.end <= other.end


@dataclass
class DocState:
    """Everything the components know about one document."""

    text: str
    sentences: list[Sentence] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    home_province: str | None = None   # region keys of the document's own province / city
    home_city: str | None = None
    home_county: str | None = None     # only when the text is a county's own
    mentions: list[Candidate] = field(default_factory=list)    # accepted, after resolution
    entities: list[Any] = field(default_factory=list)
    relations: list[Any] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    _starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.sentences:
            self.sentences = split_sentences(self.text)
        self._starts = [s.start for s in self.sentences]

    def sentence_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._starts, pos) - 1)

    def sentence_at(self, pos: int) -> Sentence:
        return self.sentences[self.sentence_index(pos)]

    def add(self, cand: Candidate) -> None:
        if cand.end > cand.start:
            self.candidates.append(cand)


# Words that end the left context of a name: a name never runs across them (a few need
# context to be stops, in _LEFT_STOP_RE below: 由, 都, 利用, 及 but not 及时, 研究 but not 研究计划).
LEFT_STOPS = sorted(set("""
的 和 与 或 等 了 好 在 从 对 向 以 将 把 被 并 于 其 该 这 此 每 是 及其 以及 实施 开展 启动 组织 制定 出台 印发 发布 颁布 落实
贯彻 执行 提出 通过 围绕 依托 聚焦 锚定 部署 取代 替代 签署 吸引 新建 运营方 承建方 合作方 主办方 投资方 加快 加强 深入 全面 大力 积极 着力 全力 努力 重点 进一步 持续 不断 坚持 按照 根据 结合 关于
包括 涵盖 覆盖 其中 例如 比如 一批 一系列 要 将要 已 已经 正在 还 也 又 更 首批 参与 参加 举办 召开 承办 牵头 共同
应当 必须 携手 共建 成功 正式 认定 入选 获批 作为 成为 列入 纳入 用好 抓好 办好 做好 谋划 编制 讨论 审议 介绍 表示 指出 强调 认为
区内 园内 县内 境内 要求 明确 整合 目前 当前 近年来 近日 日前 此前 如今 接入 借助 简称 下称 又称 俗称 很多 许多 另外 一些 部分 有关 相关 其他 所属 下属 旗下 发挥 呈现 来自 位于 落户 落地 引进 入驻 签约 随着 今年 去年 明年 全省 全市 全区 全县 全国 我省 我市 我区 本市 本省 同比 增长 达到 实现 超过 约 近 累计 拟 力争 确保 争取 目标
""".split()), key=len, reverse=True)

# Verbs that may open a name (促进…行动计划) but, before a bare name, are the clause's verb.
LEADING_VERBS = ("推进", "推动", "促进", "深化", "打造", "培育", "建设", "建成", "建立", "设立", "成立", "发展", "支持", "鼓励", "引导",
                 "做强", "做大", "做优", "壮大", "提升", "布局", "构建", "完善", "优化", "加速", "全力", "大力")

# Numbers with a measure word (一家, 10家, 100个) and a few words that need context to be stops.
_LEFT_STOP_RE = re.compile("|".join([r"[0-9一二三四五六七八九十百千万几多数]+[家个项批条座所支类种款位名]",
                                      r"(?<!自)由", r"(?<![数依根证占])据", r"(?<![首成京])都", r"(?<!回收)(?<!综合)(?<!开发)利用", r"继(?!续)", r"服务(?=国家|全国|全省|全市)", r"(?:本地|本土|区内|园内|省内|市内|当地)企业", r"同步(?=推进|实施|建设|开展|打造|引进|布局)", r"及(?!时)", r"(?<!华)为", r"著(?!名|作)", r"联合(?!有限|股份|会|体|实验室|研究院|研究中心|创新中心)", r"研究(?!计划|院|所|中心|会|生)", r"[一二三四]季度|[上下]半年", *map(re.escape, LEFT_STOPS)]))
NAME_CHAR = re.compile(r"[\u3400-\u9fffA-Za-z0-9+\-—·]")


def is_left_stop(word: str) -> bool:
    """Whether ``word`` is one of the words a name never runs across (的, 实施, 全省 …)."""
    return _LEFT_STOP_RE.fullmatch(word) is not None


_LEADING_VERB_RE = re.compile("|".join(LEADING_VERBS))


def strip_leading_verbs(text: str, start: int, end: int) -> int:
    """Move ``start`` past clause verbs that open an unbracketed name (while two characters are left)."""
    while (verb := _LEADING_VERB_RE.match(text, start)) is not None and end - verb.end() >= 2:
        start = verb.end()
    return start


def longest_ends(candidates: list["Candidate"], etype: str, source: str | None = None) -> dict[int, int]:
    """Where the longest candidate of ``etype`` (from ``source``, if given) starting at each
    position ends: 湖南省, not 湖南."""
    ends: dict[int, int] = {}
    for c in candidates:
        if c.type == etype and (source is None or c.source == source):
            ends[c.start] = max(c.end, ends.get(c.start, c.end))
    return ends


def left_extent(text: str, head_start: int, max_len: int = 14, min_start: int = 0,
                bounded: bool = False) -> int:
    """Where a name that ends at ``head_start`` (exclusive of its head) begins.

    Walk left over name characters (Han, Latin, digits) up to ``max_len``, then cut after
    the last stop word inside that window. With ``bounded``, a name whose start was set only
    by the length cap (no punctuation or stop word found) is refused: -1.

    >>> t = "全面实施数字产业化提升工程"
    >>> t[left_extent(t, t.index("提升工程")):]
    '数字产业化提升工程'
    """
    start = head_start
    limit = max(min_start, head_start - max_len)
    while start > limit and NAME_CHAR.match(text[start - 1]):
        start -= 1
    capped = start == limit and start > min_start and NAME_CHAR.match(text[start - 1]) is not None
    window = text[start:head_start + 2]   # the head's characters let a stop look ahead (研究|计划)
    last = None
    for m in _LEFT_STOP_RE.finditer(window):
        if m.end() > head_start - start:
            break
        last = m
    if last is not None:
        start += last.end()
    elif capped and bounded:
        return -1
    return strip_leading_verbs(text, start, head_start)
