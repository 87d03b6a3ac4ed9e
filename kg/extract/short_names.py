"""Declared short names: 《关于…的意见》（以下简称《意见》）, …方案（下称新方案）, …（简称“数据二十条”）.

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
TYPES = ("Program", "Agency", "Organization", "Region")


def match_short_names(state: DocState) -> None:
    text = state.text
    ends: dict[int, list[Candidate]] = {}
    for c in state.candidates:
        if c.type in TYPES:
            ends.setdefault(c.end, []).append(c)
    for m in DECLARATION.finditer(text):
        owners = ends.get(m.start())
        if not owners:
            continue
        owner = max(owners, key=lambda c: (c.length, c.score))
        short = m.group(2).strip()
        if short == owner.name:
            continue
        quoted = bool(m.group(1))
        for use in re.finditer(re.escape(short), text):
            if use.start() < m.end() and use.start() != m.start(2):
                continue
            start, end = use.start(), use.end()
            if quoted and start > 0 and text[start - 1] in "“\"《「" and end < len(text) and text[end] in "”\"》」":
                start, end = start - 1, end + 1
            state.add(Candidate(start, end, owner.type, owner.name, "short-name", owner.score + 1.0,
                                key=owner.key, attrs={**{k: v for k, v in owner.attrs.items() if k != "aliases"},
                                                      "aliases": [short]}))
