"""Text normalisation that keeps character offsets.

Extraction runs on a *folded* copy of the text: Traditional characters converted to
Simplified (OpenCC ``t2s``), full-width ASCII folded to half-width, odd spaces made plain.
Every step maps one character to one character, so an offset into the folded text is the
same offset into the original: evidence always points at what the user's file says.

>>> fold("數字經濟（ＡＩ）")
'数字经济(AI)'
>>> len(fold("廈門市")) == len("廈門市")
True
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x200B: 0x20,
                   0xFEFF: 0x20})


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → Simplified, one character for one character."""
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    # OpenCC's phrase tables can change length; fall back to character by character.
    convert = _t2s().convert
    return "".join(c if len(s := convert(c)) != 1 else s for c in text)


def fold(text: str) -> str:
    """Fold text for matching; same length as the input, same offsets."""
    return to_simplified(text.translate(_FULLWIDTH))


_QUOTES = "“”\"'‘’「」『』《》〈〉<>"
_QUOTE_TABLE = {ord(c): None for c in _QUOTES}


@lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """The matching key of a name, as the annotation spec defines it.

    Quotes and book-title marks removed, full-width folded, Traditional → Simplified,
    spaces dropped.

    >>> normalize_name("《浙江省数字经济促进条例》")
    '浙江省数字经济促进条例'
    >>> normalize_name("“1248” 計劃")
    '1248计划'
    """
    name = unicodedata.normalize("NFKC", name)
    name = fold(name).translate(_QUOTE_TABLE)
    return "".join(name.split())


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


_SENT_END = re.compile(r"[。！？!?；;]+[”’」』]?|\n+")


def split_sentences(text: str) -> list[Sentence]:
    """Split at Chinese sentence punctuation and line breaks; offsets into ``text``.

    >>> [s.text for s in split_sentences("第一句。第二句！\\n标题\\n")]
    ['第一句。', '第二句！', '标题']
    """
    sentences: list[Sentence] = []
    pos = 0
    for m in _SENT_END.finditer(text):
        end = m.end() if not m.group().startswith("\n") else m.start()
        _add_sentence(sentences, text, pos, end)
        pos = m.end()
    _add_sentence(sentences, text, pos, len(text))
    return sentences


def _add_sentence(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))
