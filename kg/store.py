"""The build directory: an embedded pyoxigraph store plus ``graph.nq``, replaced atomically.

Layout of a build directory ``DIR``::

    DIR/current            symlink → versions/<id>   (swapped with one atomic rename)
    DIR/graph.nq           symlink → current/graph.nq (N-Quads of the whole graph: one block
                           of sorted lines per document, blocks in order of content hash)
    DIR/versions/<id>/     store/ (pyoxigraph), graph.nq, manifest.json (each document's
                           block of graph.nq as byte offset and length)
    DIR/cache/<extractor>/ one JSON extraction per document content hash

A build writes a new version beside the old one and only then points ``current`` at it, so a
build killed at any moment leaves the previous graph intact and usable.
"""
from __future__ import annotations

import json
import os
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

MANIFEST = "manifest.json"


class StoreError(Exception):
    """A build directory or RDF file that cannot be opened; one line naming it."""


def serialize_nquads(quads: Iterable[ox.Quad]) -> bytes:
    """N-Quads with sorted, unique lines: byte-identical for the same graph."""
    data = ox.serialize(list(quads), format=ox.RdfFormat.N_QUADS) or b""
    # split on LF only: literals may hold other line separators (NEL, U+2028) unescaped
    lines = sorted(set(data.decode("utf-8").split("\n")) - {""})
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def current_version(out_dir: Path) -> Path | None:
    link = out_dir / "current"
    if link.is_symlink() or link.is_dir():
        target = link.resolve()
        if (target / MANIFEST).exists():
            return target
    return None


def read_manifest(out_dir: Path) -> dict | None:
    version = current_version(out_dir)
    if version is None:
        return None
    return json.loads((version / MANIFEST).read_text(encoding="utf-8"))


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class VersionWriter:
    """A new version of a build directory, written piece by piece and switched to atomically.

    ``graph.nq`` is streamed in with :meth:`write` (the caller never holds the whole graph),
    :meth:`commit` loads the store from it, writes the manifest last and points ``current`` at
    the version. Until then nothing visible changes; a version without a manifest is a leftover
    of a killed build and is removed by the next one.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> with VersionWriter(out) as w:
    ...     _ = w.write(b'<http://x/a> <http://x/b> "c" <http://x/g> .\\n')
    ...     version = w.commit({"format": 2, "documents": []})
    >>> (out / "graph.nq").read_bytes().count(b"\\n"), current_version(out) == version
    (1, True)
    """

    def __init__(self, out_dir: Path):
        import hashlib

        self.out_dir = Path(out_dir)
        self.versions = self.out_dir / "versions"
        self.versions.mkdir(parents=True, exist_ok=True)
        self.tmp = self.versions / f".tmp-{uuid.uuid4().hex}"
        self.tmp.mkdir()
        self._file = open(self.tmp / "graph.nq", "wb")
        self._hash = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        """Append N-Quads lines; returns the offset they start at."""
        offset = self.size
        self._file.write(data)
        self._hash.update(data)
        self.size += len(data)
        return offset

    def commit(self, manifest: dict) -> Path:
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        self._hash.update(json.dumps(manifest, sort_keys=True).encode())
        version_id = self._hash.hexdigest()[:16]
        final = self.versions / version_id
        if (final / MANIFEST).exists():  # the same graph as an existing version
            shutil.rmtree(self.tmp, ignore_errors=True)
        else:
            store = ox.Store(str(self.tmp / "store"))
            # bulk loading buffers what it is given: slices keep its memory flat on big graphs
            with open(self.tmp / "graph.nq", "rb") as f:
                for piece in _line_slices(f, LOAD_SLICE_BYTES):
                    store.bulk_load(piece, format=ox.RdfFormat.N_QUADS)
            store.flush()
            del store
            # the manifest is written last: a version without one is incomplete
            with open(self.tmp / MANIFEST, "w", encoding="utf-8") as f:
                json.dump(manifest, f, ensure_ascii=False, indent=1, sort_keys=True)
                f.flush()
                os.fsync(f.fileno())
            if final.exists():
                shutil.rmtree(final)
            os.rename(self.tmp, final)
            _fsync_dir(self.versions)
        link_tmp = self.out_dir / f".current-{uuid.uuid4().hex}"
        os.symlink(Path("versions") / version_id, link_tmp)
        os.replace(link_tmp, self.out_dir / "current")
        graph_link = self.out_dir / "graph.nq"
        if not graph_link.is_symlink():
            if graph_link.exists():
                graph_link.unlink()
            os.symlink(Path("current") / "graph.nq", graph_link)
        _fsync_dir(self.out_dir)
        _collect_garbage(self.out_dir, keep=final)
        return final

    def abort(self) -> None:
        if not self._file.closed:
            self._file.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> "VersionWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None or not self._file.closed:
            self.abort()


LOAD_SLICE_BYTES = 8 * 1024 * 1024


def _line_slices(f, size: int, read_size: int = 1 << 20):
    """Whole lines of ``f`` in pieces of about ``size`` bytes (read a megabyte at a time)."""
    pending: list[bytes] = []
    held = 0
    while True:
        data = f.read(read_size)
        if data:
            pending.append(data)
            held += len(data)
            if held < size:
                continue
        joined = b"".join(pending)
        cut = joined.rfind(b"\n") + 1 if data else len(joined)
        if cut:
            yield joined[:cut]
        pending, held = ([joined[cut:]], len(joined) - cut) if cut < len(joined) else ([], 0)
        if not data:
            break


def write_version(out_dir: Path, nquads: bytes, manifest: dict) -> Path:
    """Write a complete new version from ``nquads`` and switch ``current`` to it atomically."""
    with VersionWriter(out_dir) as writer:
        writer.write(nquads)
        return writer.commit(manifest)


@contextmanager
def build_lock(out_dir: Path):
    """Hold ``DIR/.lock`` for one build; a second build of the same directory is refused.

    The kernel releases the lock when the process dies, even by SIGKILL.
    """
    import fcntl

    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / ".lock", "w") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"{out_dir}: another build is writing this directory") from None
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _collect_garbage(out_dir: Path, keep: Path) -> None:
    """Remove versions that ``current`` no longer points at, and leftovers of killed builds."""
    for p in (out_dir / "versions").iterdir():
        if p.resolve() != keep.resolve():
            shutil.rmtree(p, ignore_errors=True)
    for p in out_dir.glob(".current-*"):
        p.unlink(missing_ok=True)


def open_store(path: str | Path) -> tuple[ox.Store, dict | None]:
    """A build directory (read-only store) or an RDF file (loaded in memory)."""
    p = Path(path)
    if p.is_dir():
        version = current_version(p)
        if version is None:
            raise StoreError(f"{path}: not a kg build directory (no current version)")
        try:
            return ox.Store.read_only(str(version / "store")), read_manifest(p)
        except OSError as err:
            raise StoreError(f"{path}: cannot open store: {err}") from None
    if not p.exists():
        raise StoreError(f"{path}: no such file or directory")
    fmt = rdf_format(p)
    store = ox.Store()
    try:
        store.bulk_load(path=str(p), format=fmt)
    except (SyntaxError, ValueError, OSError) as err:
        raise StoreError(f"{path}: cannot parse as {fmt}: {str(err).splitlines()[0]}") from None
    return store, None


_FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".nquads": ox.RdfFormat.N_QUADS, ".nt": ox.RdfFormat.N_TRIPLES,
            ".ttl": ox.RdfFormat.TURTLE, ".trig": ox.RdfFormat.TRIG, ".rdf": ox.RdfFormat.RDF_XML,
            ".xml": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML, ".n3": ox.RdfFormat.N3}


def rdf_format(path: Path) -> ox.RdfFormat:
    suffix = path.suffix.lower()
    if suffix in (".jsonld", ".json"):
        fmt = getattr(ox.RdfFormat, "JSON_LD", None)
        if fmt is not None:
            return fmt
    if suffix in _FORMATS:
        return _FORMATS[suffix]
    raise StoreError(f"{path}: unknown RDF file type {suffix or '(none)'}")
