"""Reading input files into :class:`SourceDocument` objects.

Decoding is detected (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK, Big5); a
binary file is refused. Every problem is an :class:`IngestError` whose message is one line
naming the file.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

TEXT_SUFFIXES = (".txt", ".md", ".text")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES


class IngestError(Exception):
    """A file that cannot be read; ``str(err)`` is one line naming the file."""

    def __init__(self, path: str | Path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


@dataclass(frozen=True)
class SourceDocument:
    path: str          # as given (relative paths stay relative)
    text: str
    sha256: str        # of the decoded text, so re-encoding a file does not change its identity
    title: str
    encoding: str = "utf-8"

    @property
    def name(self) -> str:
        return Path(self.path).name


def _looks_binary(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return bool(sample) and controls / len(sample) > 0.05


def decode(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Bytes → (text, encoding name).

    >>> decode("浙江".encode("gb18030"))
    ('浙江', 'gb18030')
    >>> decode(b"\\xef\\xbb\\xbf" + "浙江".encode())
    ('浙江', 'utf-8-sig')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if _looks_binary(data):
        raise IngestError(path, "binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # GB18030 decodes most byte strings; prefer Big5 when it decodes and GB18030 gives rarer text.
    candidates = []
    for enc in ("gb18030", "big5"):
        try:
            candidates.append((data.decode(enc), enc))
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise IngestError(path, "unknown text encoding (not UTF-8, UTF-16, GB18030 or Big5)")
    if len(candidates) == 1:
        return candidates[0]
    return max(candidates, key=lambda c: _common_han_ratio(c[0]))


def _common_han_ratio(text: str) -> float:
    # Text decoded with the wrong codec yields rare characters; count the common CJK block
    # (U+4E00–U+9FA5, where everyday characters live) against everything else.
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fa5")
    odd = sum(1 for ch in text if ord(ch) > 0x7F and not ("\u4e00" <= ch <= "\u9fa5")
              and not ("\u3000" <= ch <= "\u303f") and not ("\uff00" <= ch <= "\uffef"))
    return han / (han + 3 * odd + 1)


def _title(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return ""


def read_document(path: str | Path, data: bytes | None = None) -> SourceDocument:
    """Read one file (or the given bytes) into a :class:`SourceDocument`."""
    p = Path(path)
    if data is None:
        if not p.exists():
            raise IngestError(path, "no such file")
        if p.is_dir():
            raise IngestError(path, "is a directory")
        if p.suffix.lower() not in SUPPORTED_SUFFIXES:
            raise IngestError(path, f"unsupported file type {p.suffix or '(none)'}")
        try:
            data = p.read_bytes()
        except OSError as err:
            raise IngestError(path, err.strerror or str(err)) from None
    text, encoding = decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return SourceDocument(str(path), text, sha, _title(text), encoding)


def expand_inputs(inputs: Iterable[str | Path]) -> list[Path]:
    """Files named, plus supported files found recursively in folders named; sorted, unique."""
    out: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES
                              and not any(part.startswith(".") for part in f.relative_to(p).parts)))
        else:
            out.append(p)
    seen: set[Path] = set()
    unique = []
    for p in out:
        if p not in seen:
            seen.add(p)
            unique.append(p)
    return unique


def iter_documents(paths: Iterable[Path]) -> Iterator[SourceDocument | IngestError]:
    """Each path as a document, or the error that stopped it (the batch goes on)."""
    for p in paths:
        try:
            yield read_document(p)
        except IngestError as err:
            yield err


