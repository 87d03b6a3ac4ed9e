"""Word classes from jieba's dictionary, for the few characters next to a name's head.

>>> [(w.word, w.flag) for w in tagged("拓展升级智能终端")][:2]
[('拓展', 'v'), ('升级', 'vn')]
"""
from __future__ import annotations

import importlib.util
import marshal
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def word_classes() -> dict[str, str]:
    """Word → part-of-speech tag from jieba's dictionary (words of up to four characters).

    Reading the tagged dictionary directly costs a fraction of starting jieba's tagger; the
    table is kept in a user cache (as jieba keeps its own), which loads in a tenth of the time.
    """
    # jieba's own dictionary, found without importing jieba (which costs more than the cache)
    path = Path(importlib.util.find_spec("jieba").origin).with_name("dict.txt")
    stat = path.stat()
    cache = _cache_dir() / f"word-classes-{stat.st_size}-{stat.st_mtime_ns}.marshal"
    try:
        return marshal.loads(cache.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    tags: dict[str, str] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and len(parts[0]) <= 4:
                tags[parts[0]] = parts[2]
    _write_quietly(cache, marshal.dumps(tags))
    return tags


def _cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kg"


def _write_quietly(path: Path, data: bytes) -> None:
    """Write a cache file atomically; a cache that cannot be written is simply not kept."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as f:
            f.write(data)
        os.replace(f.name, path)
    except OSError:
        pass


@dataclass(frozen=True)
class Word:
    word: str
    flag: str


@lru_cache(maxsize=16384)
def tagged(phrase: str) -> list[Word]:
    """Forward maximum matching over jieba's dictionary, with each word's tag."""
    tags = word_classes()
    out, i = [], 0
    while i < len(phrase):
        for size in (4, 3, 2, 1):
            w = phrase[i:i + size]
            if len(w) == size and (w in tags or size == 1):
                out.append(Word(w, tags.get(w, "x")))
                i += size
                break
    return out


def has_verb_or_number(phrase: str) -> bool:
    """True when a phrase holds a verb or a number word (杭州拥有120余家): no name then."""
    return any(w.flag in ("v", "m", "q", "d", "p") or w.word.isdigit() for w in tagged(phrase))
