"""Queries in worker processes, so that a query past its time limit can really be stopped.

pyoxigraph cannot interrupt a running query, and a thread cannot be killed: a runaway query in
a thread would burn a CPU until it ends, if ever. Each worker here is a process holding its own
handle on the graph (a build directory or RDF file opened again, read-only; an in-memory graph
copied in as N-Quads). A query past its limit is answered with :class:`QueryTimeout` and its
worker killed and replaced.

>>> import kg
>>> pool = QueryPool(kg.KnowledgeGraph.from_turtle('<http://x/a> <http://x/p> "1" .'), size=1, handler=count_rows)
>>> pool.run(("SELECT * WHERE { ?s ?p ?o }",), timeout=60)
1
>>> pool.close()
"""
from __future__ import annotations

import multiprocessing
import queue
import threading
from pathlib import Path
from typing import Any, Callable

import pyoxigraph as ox

from kg.query import run, store_of

#: seconds a new worker may take to open the graph before the pool gives up on it
START_TIMEOUT = 120.0


class QueryTimeout(Exception):
    """The query ran past its time limit; its worker was stopped."""


class PoolBusy(Exception):
    """Every worker is busy."""


def count_rows(store: ox.Store, sparql: str) -> int:
    """A handler for tests and examples: the number of solutions of a SELECT."""
    return sum(1 for _ in run(store, sparql))


def graph_source(graph) -> tuple[str, Any]:
    """How a worker opens the same graph: by path when it has one, else from its quads."""
    path = getattr(graph, "path", None)
    if path is not None and Path(path).exists():
        return "path", str(path)
    return "nquads", store_of(graph).dump(format=ox.RdfFormat.N_QUADS)


def _open(source: tuple[str, Any]) -> ox.Store:
    kind, value = source
    if kind == "path":
        from kg.store import open_store

        return open_store(value)[0]
    store = ox.Store()
    if value:
        store.bulk_load(value, format=ox.RdfFormat.N_QUADS)
    return store


def _worker_main(conn, source: tuple[str, Any], handler: Callable) -> None:
    """A worker: open the graph, then answer jobs until the pipe closes."""
    try:
        store = _open(source)
    except BaseException as err:  # noqa: BLE001 - reported to the pool, which raises it
        conn.send(("error", _portable(err)))
        return
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", handler(store, *job)))
        except BaseException as err:  # noqa: BLE001 - every failure goes back as an answer
            conn.send(("error", _portable(err)))


def _portable(err: BaseException) -> BaseException:
    """``err`` if it survives pickling, else a RuntimeError with its one-line message."""
    import pickle

    try:
        pickle.loads(pickle.dumps(err))
        return err
    except Exception:  # noqa: BLE001
        text = str(err).splitlines()[0] if str(err) else ""
        return RuntimeError(f"{type(err).__name__}: {text}")


class _Worker:
    def __init__(self, context, source, handler):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, source, handler), daemon=True,
                                       name="kg-query-worker")
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self) -> None:
        if self.ready:
            return
        if not self.conn.poll(START_TIMEOUT):
            self.stop()
            raise RuntimeError(f"a query worker did not start within {START_TIMEOUT:g} s")
        kind, value = self.conn.recv()
        if kind == "error":
            self.stop()
            raise value
        self.ready = True

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=10)
        self.conn.close()


class QueryPool:
    """``size`` worker processes running ``handler(store, *job)`` on their own copy of ``graph``.

    ``handler`` must be a module-level function (it is sent to the workers by name).
    """

    def __init__(self, graph, size: int, handler: Callable):
        self._context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._source = graph_source(graph)
        self._handler = handler
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(size):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self._context, self._source, self._handler)
        with self._lock:
            self._all.add(worker)
        self._idle.put(worker)

    def _drop(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            self._all.discard(worker)
        if not self._closed:
            self._add()

    def run(self, job: tuple, timeout: float, wait: float = 5.0) -> Any:
        """``handler(store, *job)`` in a free worker (waiting at most ``wait`` s for one);
        :class:`QueryTimeout` past ``timeout`` s, :class:`PoolBusy` if none came free."""
        try:
            worker = self._idle.get(timeout=wait)
        except queue.Empty:
            raise PoolBusy from None
        try:
            worker.wait_ready()  # opening the graph does not count against the query's time
        except BaseException:
            self._drop(worker)
            raise
        try:
            worker.conn.send(job)
        except (BrokenPipeError, OSError):
            self._drop(worker)
            raise RuntimeError("the query worker died") from None
        if not worker.conn.poll(timeout):
            self._drop(worker)
            raise QueryTimeout
        try:
            kind, value = worker.conn.recv()
        except (EOFError, OSError):
            self._drop(worker)
            raise RuntimeError("the query worker died") from None
        self._idle.put(worker)
        if kind == "error":
            raise value
        return value

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()
