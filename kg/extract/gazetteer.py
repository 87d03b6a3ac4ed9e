"""Lexicon lookup: every seed surface form found in the text, by one Aho-Corasick pass.

Matching is on characters, never on jieba tokens (jieba cuts 省经信厅 as 省经|信厅).
"""
from __future__ import annotations

import re

import ahocorasick

from kg.extract.candidates import Candidate, DocState
from kg.extract.words import word_classes
from kg.lexicon import Lexicon, LexEntry

_AUTOMATA: dict[int, ahocorasick.Automaton] = {}


def _automaton(lex: Lexicon) -> ahocorasick.Automaton:
    if id(lex) in _AUTOMATA:
        return _AUTOMATA[id(lex)]
    auto = ahocorasick.Automaton()
    for surface, entries in lex.entries.items():
        auto.add_word(surface, (surface, tuple(entries)))
    auto.make_automaton()
    _AUTOMATA[id(lex)] = auto
    return auto


def _ascii_boundary_ok(text: str, start: int, end: int) -> bool:
    """Latin names (AI, 5G) must not sit inside a longer Latin word (MAIL, 5GHz)."""
    if text[start].isascii() and start > 0 and text[start - 1].isascii() and text[start - 1].isalnum():
        return False
    if text[end - 1].isascii() and end < len(text) and text[end].isascii() and text[end].isalnum():
        return False
    return True


FUNCTION_CLASSES = ("v", "d", "p", "c", "r", "m", "q", "u")


def _edge_words(text: str, start: int, end: int) -> list[str]:
    """Word classes (jieba's dictionary) of the two-character words across a match's edges:
    ``具有`` for 家具 in 5家具有, ``卓越`` for 越城 in 卓越城市."""
    tags = word_classes()
    return [tags[text[a:b]] for a, b in ((start - 1, start + 1), (end - 1, end + 1))
            if a >= 0 and b <= len(text) and text[a:b] in tags]


def _straddled(text: str, start: int, end: int) -> bool:
    """A short industry word cut out of a verb, adverb or function word around it."""
    return any(f.startswith(FUNCTION_CLASSES) and f != "vn" for f in _edge_words(text, start, end))


def _in_a_word(text: str, start: int, end: int, places: dict) -> bool:
    """A two-character place short form read out of a word around it: any two-character word
    across its edges but a place name, or a longer word that holds it but a place name (日照 in
    日照时数) unless the rest is a place or a level word (湖南长沙, 长沙县). Inside a longer place
    name (长白 in 长白山) it may still open a zone's name; resolution decides. A personal name in
    the dictionary (于宜宾 in 位于宜宾) hides no place: people are found by their posts."""
    if any(not f.startswith("ns") for f in _edge_words(text, start, end)):
        return True
    tags = word_classes()
    for a, b in ((start, end + 1), (start, end + 2), (start - 1, end), (start - 2, end)):
        if a >= 0 and b <= len(text) and text[a:b] in tags and not tags[text[a:b]].startswith(("ns", "nr")):
            rest = text[a:start] + text[end:b]
            if rest not in places and rest not in LEVEL_SUFFIXES:
                return True
    return False


ZONE_AFTER = re.compile(r"[\u4e00-\u9fff]{0,6}?(?:经济技术开发区|高新技术产业开发区|经济开发区|高新区|经开区|综合保税区)")
PERIOD_AFTER = re.compile(r"[”\"」』]?(?:时期|期间|期末|末期|以来|开局|初期|中期|末)")
LEVEL_SUFFIXES = ("省", "市", "县", "区", "州", "盟", "旗", "镇", "乡")
# A dateline (本报北京3月18日电, 新华社合肥讯) says where the reporter filed, not what the text is about
DATELINE_BEFORE = ("本报", "新华社", "中新社", "中新网")
DATELINE_AFTER = re.compile(r"(?:[0-9]{1,2}月[0-9]{1,2}日)?(?:讯|电)")


def match_gazetteer(state: DocState, lex: Lexicon) -> None:
    auto = _automaton(lex)
    text = state.text
    for end_idx, (surface, entries) in auto.iter(text):
        end = end_idx + 1
        start = end - len(surface)
        if not _ascii_boundary_ok(text, start, end):
            continue
        short = len(surface) <= 3
        for entry in entries:
            if short and entry.type == "Industry" and _straddled(text, start, end):
                continue
            if entry.type == "Program" and surface != entry.name and PERIOD_AFTER.match(text, end):
                continue   # “十五五”时期: the years a plan covers, not the plan
            if entry.type == "Region" and text.endswith(DATELINE_BEFORE, 0, start) and DATELINE_AFTER.match(text, end):
                continue
            if len(surface) == 2 and entry.type == "Region" and surface != entry.name \
                    and _in_a_word(text, start, end, lex.regions.by_surface) \
                    and not ZONE_AFTER.match(text, end):
                continue   # but 大连|长兴岛经济技术开发区 opens a zone's name, whatever 连长 is
            if len(surface) == 2 and entry.type == "Region" and surface == entry.name and start > 0 \
                    and not word_classes().get(text[start - 1:start + 1], "ns").startswith("ns"):
                continue   # 示范县: 范县 is a county's full name, but 示范 is the word here
            state.add(_candidate(entry, start, end, surface))
    _held_back_short_forms(state, lex)


HELD_BACK_AFTER = re.compile(r"[、，,。；;和及与等的]|$")


def _held_back_short_forms(state: DocState, lex: Lexicon) -> None:
    """A stop-listed short form right after a place above it, ending a list item (河北清河、
    江西南康; 甘肃合作): there the word can only be the place."""
    text, idx = state.text, lex.regions
    for c in [c for c in state.candidates if c.type == "Region" and c.key in idx.by_code]:
        for size in (3, 2):
            short = text[c.end:c.end + size]
            keys = [k for k in idx.held_back.get(short, ()) if c.key in idx.ancestors(k)]
            if len(keys) == 1 and HELD_BACK_AFTER.match(text, c.end + size):
                d = idx.by_code[keys[0]]
                state.add(Candidate(c.end, c.end + size, "Region", d.name, "gazetteer", 1.5, key=d.key))
                break


def _candidate(entry: LexEntry, start: int, end: int, surface: str) -> Candidate:
    exact = surface == entry.name
    score = 2.0 if exact else 1.5
    return Candidate(start, end, entry.type, entry.name, "gazetteer", score, key=entry.key,
                     weak=entry.weak)
