"""Reading input files into :class:`SourceDocument` objects.

Formats: plain text (.txt, .md), HTML (.html, .htm), Word (.docx) and PDF with a text layer
(see :mod:`kg.formats`); ``-`` reads standard input and tells the format from the bytes.
Decoding of text is detected (UTF-8 with or without BOM, UTF-16, GB18030/GBK, Big5); a binary
file is refused. Every problem is an :class:`IngestError` whose message is one line naming the
file, so a batch can report it and go on.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "big5.txt"
>>> _ = p.write_bytes("臺灣數位經濟".encode("big5"))
>>> doc = read_document(p)
>>> doc.text, doc.encoding, doc.format
('臺灣數位經濟', 'big5', 'text')
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

TEXT_SUFFIXES = (".txt", ".md", ".text")
FORMAT_OF_SUFFIX = {**{s: "text" for s in TEXT_SUFFIXES}, ".html": "html", ".htm": "html",
                    ".docx": "docx", ".pdf": "pdf"}
SUPPORTED_SUFFIXES = tuple(FORMAT_OF_SUFFIX)
STDIN = "-"
STDIN_PATH = "<stdin>"
# One document is held in memory whole (extraction needs it); bigger files are refused rather
# than exhausting memory. Folders of any size are streamed one file at a time.
MAX_FILE_BYTES = 64 * 1024 * 1024


class IngestError(Exception):
    """A file that cannot be read; ``str(err)`` is one line naming the file."""

    def __init__(self, path: str | Path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")

    def __reduce__(self):  # picklable across worker processes
        return IngestError, (self.path, self.problem)


@dataclass(frozen=True)
class SourceDocument:
    path: str          # as given (relative paths stay relative)
    text: str
    sha256: str        # of the decoded text, so re-encoding a file does not change its identity
    title: str
    encoding: str = "utf-8"
    format: str = "text"   # text, html, docx or pdf

    @property
    def name(self) -> str:
        return Path(self.path).name


_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32)])


def looks_binary(data: bytes) -> bool:
    """Control bytes a text file has not (UTF-16 with a BOM or NUL pattern is text)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(data):
        return False
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
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
    bomless = _utf16_without_bom(data)
    if bomless:
        try:
            return data.decode(bomless), bomless
        except UnicodeDecodeError:
            raise IngestError(path, f"broken {bomless.upper()} text") from None
    if looks_binary(data):
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


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NULs sit on one side of (mostly ASCII) character pairs."""
    sample = data[:8192]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    # ASCII gives NULs on one side; a few on the other come from characters like 一 (U+4E00)
    if odd > 0.2 * half and even * 4 < odd:
        return "utf-16-le"
    if even > 0.2 * half and odd * 4 < even:
        return "utf-16-be"
    return None


_COMMON_HAN = re.compile("[\u4e00-\u9fa5]")
_ODD = re.compile("[^\x00-\x7f\u4e00-\u9fa5\u3000-\u303f\uff00-\uffef]")


def _common_han_ratio(text: str) -> float:
    # Text decoded with the wrong codec yields rare characters; count the common CJK block
    # (U+4E00–U+9FA5, where everyday characters live) against everything else, on a sample.
    sample = text[:65536]
    han, odd = len(_COMMON_HAN.findall(sample)), len(_ODD.findall(sample))
    return han / (han + 3 * odd + 1)


def _title(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return ""


def _read_bytes(path: str | Path) -> bytes:
    """The bytes of a file (or of standard input for ``-``), refusing oversized ones."""
    if str(path) == STDIN:
        import sys

        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        name = STDIN_PATH
    else:
        p = Path(path)
        if not p.exists():
            raise IngestError(path, "no such file")
        if p.is_dir():
            raise IngestError(path, "is a directory")
        if p.suffix.lower() not in SUPPORTED_SUFFIXES:
            hint = "; save it as .docx" if p.suffix.lower() == ".doc" else ""
            raise IngestError(path, f"unsupported file type {p.suffix or '(none)'}{hint}")
        try:
            if p.stat().st_size > MAX_FILE_BYTES:
                raise IngestError(path, f"file too large ({p.stat().st_size >> 20} MiB, at most {MAX_FILE_BYTES >> 20} MiB)")
            data = p.read_bytes()
        except OSError as err:
            raise IngestError(path, err.strerror or str(err)) from None
        name = str(path)
    if len(data) > MAX_FILE_BYTES:
        raise IngestError(name, f"input too large (at most {MAX_FILE_BYTES >> 20} MiB)")
    return data


def read_document(path: str | Path, data: bytes | None = None) -> SourceDocument:
    """Read one file (or the given bytes; ``-`` is standard input) into a :class:`SourceDocument`.

    The format comes from the file's suffix, or from the bytes themselves for standard input.
    """
    from kg import formats

    stdin = str(path) == STDIN
    name = STDIN_PATH if stdin else str(path)
    if data is None:
        data = _read_bytes(path)
    fmt = formats.sniff(data) if stdin else FORMAT_OF_SUFFIX.get(Path(path).suffix.lower(), "text")
    title = ""
    if fmt == "html":
        text, title, encoding = formats.html_text(data, name)
    elif fmt == "docx":
        text, title, encoding = formats.docx_text(data, name)
    elif fmt == "pdf":
        text, title, encoding = formats.pdf_text(data, name)
    else:
        text, encoding = decode(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return SourceDocument(name, text, sha, title or _title(text), encoding, fmt)


def expand_inputs(inputs: Iterable[str | Path], ignored: list[Path] | None = None) -> list[Path]:
    """Files named, plus supported files found recursively in folders named; unique, each folder sorted.

    Hidden files and folders are passed over; other files in folders whose type is not supported
    are appended to ``ignored`` when given. ``-`` (standard input) is kept as it is.
    """
    out: list[Path] = []
    for item in inputs:
        p = Path(item)
        if str(item) != STDIN and p.is_dir():
            for f in sorted(p.rglob("*")):
                if any(part.startswith(".") for part in f.relative_to(p).parts) or not f.is_file():
                    continue
                if f.suffix.lower() in SUPPORTED_SUFFIXES:
                    out.append(f)
                elif ignored is not None:
                    ignored.append(f)
        else:
            out.append(p)
    return list(dict.fromkeys(out))


def iter_documents(paths: Iterable[Path]) -> Iterator[SourceDocument | IngestError]:
    """Each path as a document, or the error that stopped it (the batch goes on)."""
    for p in paths:
        try:
            yield read_document(p)
        except IngestError as err:
            yield err


