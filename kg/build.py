"""Building a graph: files → documents → extractions (cached by content) → quads → store.

The result depends only on the inputs' contents and paths, so an incremental build (reusing
cached extractions) gives exactly the graph a clean build gives.
"""
from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from kg.extract import extract_text
from kg.extract.model import Entity, Extraction, Mention, Relation
from kg.ingest import IngestError, SourceDocument, expand_inputs, read_document
from kg.rdf import DEFAULT_BASE, document_quads, graph_iri
from kg.resources import seeds_dir
from kg.store import serialize_nquads, write_version


@dataclass
class BuildResult:
    out_dir: Path
    documents: list[dict] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    reused: int = 0
    quads: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


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
    h.update(Path(__file__).with_name("text.py").read_bytes())
    return h.hexdigest()[:16]


def extraction_from_json(data: dict) -> Extraction:
    entities = [Entity(e["id"], e["type"], e["name"], e.get("aliases", []),
                       [Mention(m["start"], m["end"], m["text"]) for m in e.get("mentions", [])],
                       e.get("attrs", {})) for e in data["entities"]]
    relations = [Relation(r["p"], r["s"], r["o"], Mention(r["evidence"]["start"], r["evidence"]["end"],
                                                          r["evidence"]["text"])) for r in data["relations"]]
    return Extraction(data["doc"], entities, relations, data.get("meta", {}))


def _extract(doc: SourceDocument) -> dict:
    return extract_text(doc.text, doc.name).to_json()


class ExtractionCache:
    def __init__(self, out_dir: Path):
        self.dir = out_dir / "cache" / extractor_version()

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


def build(inputs: Iterable[str | Path], out_dir: str | Path, *, base: str = DEFAULT_BASE,
          jobs: int = 1, strict: bool = False, keep: Iterable[SourceDocument] = (),
          progress: Callable[[Iterable], Iterable] | None = None) -> BuildResult:
    """Build ``out_dir`` so that it reflects exactly ``inputs`` (plus ``keep``).

    Unreadable files are reported in ``result.errors`` and left out; with ``strict`` the first
    one raises and nothing is written.
    """
    out = Path(out_dir)
    result = BuildResult(out)
    paths = expand_inputs(inputs)
    docs: list[SourceDocument] = list(keep)
    for p in (progress(paths) if progress else paths):
        try:
            docs.append(read_document(p))
        except IngestError as err:
            if strict:
                raise
            result.errors.append(err)
    by_sha: dict[str, SourceDocument] = {}
    for d in docs:
        if d.sha256 in by_sha:
            result.skipped.append(f"{d.path}: same content as {by_sha[d.sha256].path}")
            continue
        by_sha[d.sha256] = d
    cache = ExtractionCache(out)
    todo = [d for d in by_sha.values() if cache.get(d.sha256) is None]
    result.reused = len(by_sha) - len(todo)
    if jobs > 1 and len(todo) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for d, data in zip(todo, pool.map(_extract, todo, chunksize=4)):
                cache.put(d.sha256, data)
    else:
        for d in todo:
            cache.put(d.sha256, _extract(d))
    quads = []
    for sha in sorted(by_sha):
        d = by_sha[sha]
        data = cache.get(sha) or _extract(d)
        ex = extraction_from_json(data)
        quads.extend(document_quads(d, ex, base))
        result.documents.append({"path": d.path, "sha256": sha, "graph": graph_iri(sha, base).value,
                                 "title": d.title, "encoding": d.encoding,
                                 "entities": len(ex.entities), "relations": len(ex.relations)})
    nquads = serialize_nquads(quads)
    result.quads = nquads.count(b"\n")
    manifest = {"format": 1, "base": base, "extractor": extractor_version(),
                "documents": sorted(result.documents, key=lambda d: d["path"])}
    write_version(out, nquads, manifest)
    return result
