"""Building a graph: files → documents → extractions (cached by content) → quads → store.

Documents stream through one at a time (read, extract, turn into N-Quads, spool to disk), so
memory does not grow with the size of the input folder. Each document's facts are one block
of ``graph.nq`` in its own named graph, keyed by its content hash; the blocks are written in
order of that hash. The result depends only on the inputs' contents and paths, so an
incremental build (reusing cached extractions) gives byte for byte the graph a clean build
gives, and :func:`add` gives what a clean build of old and new documents together gives.

>>> import tempfile, pathlib
>>> src = pathlib.Path(tempfile.mkdtemp())
>>> _ = (src / "a.txt").write_text("工业和信息化部印发《工业互联网创新发展行动计划》。", encoding="utf-8")
>>> _ = (src / "b.bin").write_bytes(bytes(range(256)))
>>> result = build([src / "a.txt", src / "b.bin"], src / "out")
>>> len(result.documents), [e.problem for e in result.errors]
(1, ['unsupported file type .bin'])
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kg.extract import extract_text
from kg.extract.model import Entity, Extraction, Mention, Relation
from kg.ingest import STDIN, STDIN_PATH, IngestError, SourceDocument, expand_inputs, read_document
from kg.rdf import DEFAULT_BASE, document_quads, graph_iri
from kg.resources import seeds_dir
from kg.store import MANIFEST, StoreError, VersionWriter, build_lock, current_version, serialize_nquads

MANIFEST_FORMAT = 2


@dataclass
class BuildResult:
    out_dir: Path
    documents: list[dict] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)   # notes: duplicates, replaced documents
    ignored: list[Path] = field(default_factory=list)  # files of other types found in folders
    reused: int = 0
    quads: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def failure_report(self) -> list[str]:
        """The end-of-run summary: one line per file left out and why, then the count.

        >>> BuildResult(Path("out"), errors=[IngestError("x.pdf", "PDF has no text layer")]).failure_report()
        ['skipped x.pdf: PDF has no text layer', '1 file(s) skipped']
        """
        return failure_report(self.errors)


def failure_report(errors: list[IngestError]) -> list[str]:
    """Lines for the files a run left out (empty when none was)."""
    if not errors:
        return []
    return [f"skipped {err}" for err in errors] + [f"{len(errors)} file(s) skipped"]


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """Changes whenever the extractor's code or seed lexicons change (the cache key)."""
    h = hashlib.sha256()
    roots = [Path(__file__).parent / "extract", seeds_dir()]
    for root in roots:
        for p in sorted(root.rglob("*")):
            if p.is_file() and p.suffix in (".py", ".csv", ".ttl", ".txt", ".yaml"):
                h.update(p.name.encode())
                h.update(p.read_bytes())
    for module in ("text.py", "lexicon.py", "rdf.py"):  # extraction and quads depend on these too
        h.update(Path(__file__).with_name(module).read_bytes())
    return h.hexdigest()[:16]


def extraction_from_json(data: dict) -> Extraction:
    entities = [Entity(e["id"], e["type"], e["name"], e.get("aliases", []),
                       [Mention(m["start"], m["end"], m["text"]) for m in e.get("mentions", [])],
                       e.get("attrs", {})) for e in data["entities"]]
    relations = [Relation(r["p"], r["s"], r["o"], Mention(r["evidence"]["start"], r["evidence"]["end"],
                                                          r["evidence"]["text"])) for r in data["relations"]]
    return Extraction(data["doc"], entities, relations, data.get("meta", {}))


class ExtractionCache:
    """One JSON extraction per document content hash, under ``DIR/cache/<extractor version>/``."""

    def __init__(self, out_dir: Path):
        self.dir = Path(out_dir) / "cache" / extractor_version()

    def get(self, sha: str) -> dict | None:
        p = self.dir / f"{sha}.json"
        if p.exists():
            try:
                return json.loads(p.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return None
        return None

    def put(self, sha: str, data: dict) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        tmp = self.dir / f".{sha}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.dir / f"{sha}.json")

    def clean(self) -> None:
        """Drop caches of other extractor versions and leftovers of killed builds."""
        root = self.dir.parent
        if root.is_dir():
            for p in root.iterdir():
                if p != self.dir:
                    shutil.rmtree(p, ignore_errors=True)
        if self.dir.is_dir():
            for p in self.dir.glob(".*.tmp"):
                p.unlink(missing_ok=True)


# -- one document: read, extract (or reuse), serialise its block ---------------------------------

@dataclass
class _Done:
    record: dict
    block: bytes
    reused: bool
    duplicate: bool = False


def _document_block(doc: SourceDocument, base: str, out_dir: Path) -> _Done:
    cache = ExtractionCache(out_dir)
    data = cache.get(doc.sha256)
    reused = data is not None
    if data is None:
        try:
            data = extract_text(doc.text, doc.name).to_json()
        except Exception as err:  # a bug on one odd document must not lose a whole crawl
            raise IngestError(doc.path, f"extraction failed ({type(err).__name__}: {err})") from None
        cache.put(doc.sha256, data)
    ex = extraction_from_json(data)
    block = serialize_nquads(document_quads(doc, ex, base))
    record = {"path": doc.path, "sha256": doc.sha256, "graph": graph_iri(doc.sha256, base).value,
              "title": doc.title, "encoding": doc.encoding, "format": doc.format,
              "extractor": extractor_version(), "entities": len(ex.entities), "relations": len(ex.relations)}
    return _Done(record, block, reused)


def _process(task: tuple, known: dict | None = None) -> _Done | IngestError:
    """A worker's job: ``(path or SourceDocument, base, out_dir)`` → its block, or the error.

    A document whose content hash is in ``known`` comes back without a block (a duplicate).
    """
    source, base, out_dir = task
    if isinstance(source, IngestError):  # standard input that could not be read
        return source
    try:
        doc = source if isinstance(source, SourceDocument) else read_document(source)
        if known is not None and doc.sha256 in known:
            return _Done({"path": doc.path, "sha256": doc.sha256}, b"", True, duplicate=True)
        return _document_block(doc, base, out_dir)
    except IngestError as err:
        return err


def _stream(tasks: Iterator[tuple], jobs: int, known: dict) -> Iterator[_Done | IngestError]:
    """Results in task order; with ``jobs > 1`` a bounded window of tasks runs in parallel.

    Run serially, duplicates of ``known`` documents are recognised before any work on them.
    """
    if jobs <= 1:
        for task in tasks:
            yield _process(task, known)
        return
    pool = ProcessPoolExecutor(max_workers=jobs)
    window: deque = deque()
    try:
        for task in tasks:
            window.append(pool.submit(_process, task))
            if len(window) >= 4 * jobs:  # never more than this many documents in flight
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# -- building ------------------------------------------------------------------------------------

def build(inputs: Iterable[str | Path], out_dir: str | Path, *, base: str = DEFAULT_BASE,
          jobs: int = 1, strict: bool = False, keep: Iterable[SourceDocument] = (),
          progress: Callable[[Iterable], Iterable] | None = None) -> BuildResult:
    """Build ``out_dir`` so that it reflects exactly ``inputs`` (plus ``keep``).

    On an existing build directory only new or changed documents are extracted again (the
    rest come from the extraction cache) and documents no longer in ``inputs`` are dropped.
    Unreadable files are reported in ``result.errors`` and left out; with ``strict`` the first
    one raises and nothing is written.
    """
    return _build(inputs, Path(out_dir), base=base, jobs=jobs, strict=strict, keep=keep,
                  progress=progress, append=False)


def add(inputs: Iterable[str | Path], out_dir: str | Path, *, base: str | None = None, jobs: int = 1,
        strict: bool = False, progress: Callable[[Iterable], Iterable] | None = None) -> BuildResult:
    """Add ``inputs`` to the graph in ``out_dir`` and keep every document already there.

    A path that is in the graph already with other content is replaced by its new content; a
    document whose content is in the graph already is noted and not added twice.
    """
    return _build(inputs, Path(out_dir), base=base, jobs=jobs, strict=strict, keep=(),
                  progress=progress, append=True)


def previous_documents(out_dir: Path) -> tuple[Path | None, dict | None]:
    """The current version of ``out_dir`` and its manifest, when it is a build directory."""
    version = current_version(out_dir)
    if version is None:
        return None, None
    manifest = json.loads((version / MANIFEST).read_text(encoding="utf-8"))
    return version, manifest


def _build(inputs, out: Path, *, base, jobs, strict, keep, progress, append) -> BuildResult:
    result = BuildResult(out)
    paths = expand_inputs(inputs, ignored=result.ignored)
    created = not out.exists()
    try:
        with build_lock(out):
            _build_locked(result, paths, out, base=base, jobs=jobs, strict=strict, keep=keep,
                          progress=progress, append=append)
    except BaseException:
        if created and current_version(out) is None:  # leave no directory behind, as it was
            shutil.rmtree(out, ignore_errors=True)
        raise
    return result


def _build_locked(result: BuildResult, paths: list[Path], out: Path, *, base, jobs, strict, keep, progress,
                  append) -> None:
    version, manifest = previous_documents(out)
    if manifest is not None:
        if manifest.get("format") != MANIFEST_FORMAT:
            if append:
                raise StoreError(f"{out}: built by an older kg; build it again before adding")
            version, manifest = None, None
        elif append:
            if base is not None and base != manifest["base"]:
                raise StoreError(f"{out}: built with base {manifest['base']}, not {base}")
            base = manifest["base"]
        elif base != manifest["base"]:
            version, manifest = None, None   # other IRIs: nothing of the old graph is reusable
    base = base or DEFAULT_BASE
    previous = {rec["path"]: rec for rec in (manifest or {}).get("documents", [])}
    # sha → (record, where its block is, offset, length): "old" in the previous graph.nq,
    # "new" in this build's spool
    entries: dict[str, tuple[dict, str, int, int]] = {}
    by_path: dict[str, str] = {}

    def keep_previous(rec: dict) -> None:
        entries[rec["sha256"]] = (rec, "old", rec["offset"], rec["length"])
        by_path[rec["path"]] = rec["sha256"]

    if append:
        for rec in previous.values():
            keep_previous(rec)
    with VersionWriter(out) as writer:
        spool_path = writer.tmp / "spool.nq"
        with open(spool_path, "w+b") as spool:
            for done in _stream(_tasks(paths, keep, base, out, progress), jobs, entries):
                if isinstance(done, IngestError):
                    if strict:
                        raise done
                    result.errors.append(done)
                    old = previous.get(done.path)
                    if not append and old is not None and old["sha256"] not in entries:
                        # unreadable now (a disk error, a half-copied file): its facts are not lost
                        keep_previous(old)
                        result.skipped.append(f"{done.path}: unreadable; its facts from the previous build are kept")
                    continue
                _admit(done, entries, by_path, spool, result)
            documents = []
            old_graph = open(version / "graph.nq", "rb") if version is not None else None
            try:
                for sha in sorted(entries):
                    rec, source, offset, length = entries[sha]
                    src = old_graph if source == "old" else spool
                    src.seek(offset)
                    block = src.read(length)
                    rec = dict(rec, offset=writer.write(block), length=len(block))
                    result.quads += block.count(b"\n")
                    documents.append(rec)
            finally:
                if old_graph is not None:
                    old_graph.close()
        spool_path.unlink()
        result.documents = sorted(documents, key=lambda d: d["path"])
        writer.commit({"format": MANIFEST_FORMAT, "base": base, "extractor": extractor_version(),
                       "documents": result.documents})
    ExtractionCache(out).clean()


def _tasks(paths: list[Path], keep: Iterable[SourceDocument], base: str, out: Path,
           progress) -> Iterator[tuple]:
    for doc in keep:
        yield doc, base, out
    for p in (progress(paths) if progress else paths):
        if str(p) == STDIN:  # standard input belongs to this process, not to a worker
            try:
                yield read_document(p), base, out
            except IngestError as err:
                yield err, base, out
        else:
            yield str(p), base, out


def _admit(done: _Done, entries: dict, by_path: dict, spool, result: BuildResult) -> None:
    """Take one finished document into the build, unless its content is there already."""
    rec = done.record
    sha, path = rec["sha256"], rec["path"]
    if sha in entries:
        if entries[sha][0]["path"] != path:
            result.skipped.append(f"{path}: same content as {entries[sha][0]['path']}")
        return
    assert not done.duplicate, "a duplicate of a document no longer in the build"
    old = by_path.get(path) if path != STDIN_PATH else None  # each text piped in is a document of its own
    if old is not None and old in entries and entries[old][1] == "old":
        result.skipped.append(f"{path}: changed; its previous content is replaced")
        del entries[old]
    offset = spool.seek(0, os.SEEK_END)
    spool.write(done.block)
    entries[sha] = (rec, "new", offset, len(done.block))
    by_path[path] = sha
    result.reused += done.reused
