"""Declared short names: 《关于…的意见》（以下简称《意见》）, …方案（下称新方案）, …（简称“数据二十条”),
and abbreviations in brackets right after a name: 西安高新技术产业开发区（西安高新区）.

The short name then stands for the full one wherever the text uses it, so each later use is a
mention of the same entity (its alias).

>>> from kg.extract import extract_text
>>> r = extract_text("国务院印发《关于加快低空经济发展的指导意见》（国发〔2024〕9号，以下简称“低空十条”）。“低空十条”提出…")
>>> [(e.name, e.aliases, len(e.mentions)) for e in r.entities if e.type == "Program"]
[('关于加快低空经济发展的指导意见', ['低空十条'], 3)]
"""
from __future__ import annotations

import re

from kg.extract.candidates import Candidate, DocState

DECLARATION = re.compile(r"[(（](?:[^()（）\n]{0,24}?[,，、;；]\s*)?(?:以下|下文)?(?:简称|下称|又称|俗称)\s*[:：]?\s*([“\"《「]?)([^“”\"《》「」()（）,，。;；、]{2,16})[”\"》」]?\s*[)）]")
BRACKETED = re.compile(r"[(（]([^()（）,，。;；、:：\s“”《》]{2,12})[)）]")
TYPES = ("Program", "Agency", "Organization", "Region")
LEVEL_CHARS = "省市区县"


def abbreviates(short: str, full: str) -> bool:
    """``short`` keeps ``full``'s characters in order and opens as it does (or with a level word).

    >>> abbreviates("西安高新区", "西安高新技术产业开发区"), abbreviates("省工信厅", "陕西省工业和信息化厅")
    (True, True)
    >>> abbreviates("国家标准委", "国家市场监督管理总局")   # a second name of the same office, no abbreviation
    False
    """
    if len(short) >= len(full) or not (short[0] == full[0] or short[0] in LEVEL_CHARS):
        return False
    return in_order(short, full)


def in_order(short: str, full: str) -> bool:
    """Every character of ``short`` occurs in ``full``, in the same order.

    >>> in_order("跨境电商", "加快发展跨境电子商务"), in_order("电商跨境", "跨境电子商务")
    (True, False)
    """
    chars = iter(full)
    return all(ch in chars for ch in short)


def match_short_names(state: DocState) -> None:
    text = state.text
    ends: dict[int, list[Candidate]] = {}
    spans: set[tuple[int, int, str]] = set()
    for c in state.candidates:
        if c.type in TYPES:
            ends.setdefault(c.end, []).append(c)
            spans.add((c.start, c.end, c.type))
    declarations = [(m, m.group(2).strip(), bool(m.group(1)), True) for m in DECLARATION.finditer(text)]
    declarations += [(m, m.group(1), False, False) for m in BRACKETED.finditer(text)]
    for m, short, quoted, declared in declarations:
        owners = ends.get(m.start())
        if not owners:
            continue
        owner = max(owners, key=lambda c: (c.length, c.score))
        # 厦门火炬高技术产业开发区（厦门火炬高新区）: a name of the same kind in brackets, opening alike
        same_kind = short[:3] == owner.name[:3] and (m.start(1), m.end(1), owner.type) in spans
        # 深圳前海微众银行股份有限公司（微众银行）: a firm's name without its place and legal form
        inside = owner.type == "Organization" and len(short) >= 3 and short in owner.name
        if short == owner.name or not (declared or abbreviates(short, owner.name) or same_kind or inside):
            continue
        for use in re.finditer(re.escape(short), text):
            if use.start() < m.start():
                continue
            start, end = use.start(), use.end()
            if quoted and start > 0 and text[start - 1] in "“\"《「" and end < len(text) and text[end] in "”\"》」":
                start, end = start - 1, end + 1
            state.add(Candidate(start, end, owner.type, owner.name, "short-name", owner.score + 1.0,
                                key=owner.key, attrs={**{k: v for k, v in owner.attrs.items() if k != "aliases"},
                                                      "aliases": [short]}))
