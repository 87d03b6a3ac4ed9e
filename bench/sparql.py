"""Named questions at about a million triples: the embedded store against rdflib, same run.

The graph: the development corpus (``../shared/seeds``, else ``examples/``) is built once, and
its N-Quads are copied N times with the names varied, so the copies are different entities:
in copy k > 0 every program, region, agency, organization and person gets the suffix ``-k`` on
its IRI and ``k`` on its labels (浙江省 → 浙江省3, 浙江 → 浙江3), and every document and named
graph a new hash; industries stay shared, as they come from one taxonomy. Copy 0 keeps the
real names, so the questions' default parameters (浙江省, 工业和信息化部, 人工智能, …) select
one copy's worth of answers out of the whole graph, as they would in a large corpus.

Engines, on the same data and the same query text:

- **pyoxigraph**: an on-disk ``pyoxigraph.Store`` (as ``kg build`` writes), default graph as
  the union of the named graphs, queried through ``kg.query.run``.
- **rdflib**: rdflib's default in-memory ``Graph`` holding the same triples (the union of the
  named graphs), queried with ``Graph.query``.

Each named question runs with its default parameters ``--repeat`` times on pyoxigraph (after one
warm-up run) and ``--rdflib-repeat`` times on rdflib (once if that run takes over 10 s; a run is
stopped after ``--rdflib-timeout`` seconds and then counts at the limit, so the ratio is a lower
bound). The table gives the medians, the ratio rdflib / pyoxigraph, and whether both engines gave
the same answer (rows compared as sets; GROUP_CONCAT lists as sets). Answers are fully consumed
in both engines. Exit status 1 if the engines disagree.

    python bench/sparql.py [--triples 1000000] [--repeat 5] [--rdflib-repeat 3] [--skip-rdflib]
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from kg.query import questions, run, solutions  # noqa: E402
from kg.rdf import DEFAULT_BASE, PREFIXES  # noqa: E402

VARIED = ("program", "region", "agency", "organization", "person")
_ENTITY = re.compile(r"<" + re.escape(DEFAULT_BASE) + r"(" + "|".join(VARIED) + r")/([^>]*)>")
_DOC = re.compile(r"<" + re.escape(DEFAULT_BASE) + r"(doc|graph)/([0-9a-f]{4})([0-9a-f]{12})")
_LABEL = re.compile(r'^(<[^>]*> <(?:' + "|".join(re.escape(p) for p in (
    "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel")) + r')> ")((?:[^"\\]|\\.)*)(")')


def corpus() -> Path:
    shared = ROOT.parent / "shared" / "seeds"
    return shared if shared.is_dir() else ROOT / "examples"


def base_nquads(source: Path, work: Path) -> list[str]:
    from kg.builder import build

    out = work / "base"
    build([source], out)
    return (out / "graph.nq").read_text(encoding="utf-8").splitlines()


def vary(lines: list[str], k: int) -> list[str]:
    """Copy ``k`` of the graph: varied entity IRIs and labels, new document hashes."""
    if k == 0:
        return lines
    tag = f"{k:04x}"
    out = []
    for line in lines:
        varied_subject = bool(_ENTITY.match(line))
        line = _ENTITY.sub(lambda m: f"<{DEFAULT_BASE}{m.group(1)}/{m.group(2)}-{k}>", line)
        line = _DOC.sub(lambda m: f"<{DEFAULT_BASE}{m.group(1)}/{tag}{m.group(3)}", line)
        if varied_subject:
            line = _LABEL.sub(lambda m: f"{m.group(1)}{m.group(2)}{k}{m.group(3)}", line)
        out.append(line)
    return out


def make_graph(triples: int, work: Path) -> tuple[bytes, int]:
    lines = base_nquads(corpus(), work)
    copies = max(1, round(triples / max(1, len(lines))))
    data = "\n".join(line for k in range(copies) for line in vary(lines, k)) + "\n"
    return data.encode("utf-8"), copies


def canonical(rows: list[list]) -> list[tuple]:
    """Rows comparable across engines: GROUP_CONCAT lists as sets (their order is the engine's)."""
    def cell(value):
        if value is None:
            return ()
        for sep in ("、", " | "):
            if sep in value:
                return tuple(sorted(value.split(sep)))
        return (value,)
    return sorted(tuple(cell(v) for v in row) for row in rows)


def time_it(fn, repeat: int) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(repeat):
        t = time.perf_counter()
        rows = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), rows


class OutOfTime(Exception):
    pass


def time_limited(fn, repeat: int, limit: float) -> tuple[float, int | None, bool]:
    """Like :func:`time_it`, but each run may take at most ``limit`` seconds (SIGALRM: rdflib's
    engine is Python, so the signal lands between its steps). Past it: (limit, None, True)."""
    import signal

    def alarm(signum, frame):
        raise OutOfTime

    old = signal.signal(signal.SIGALRM, alarm)
    times, rows = [], None
    try:
        for _ in range(repeat):
            signal.setitimer(signal.ITIMER_REAL, limit)
            t = time.perf_counter()
            try:
                rows = fn()
            except OutOfTime:
                return limit, None, True
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            times.append(time.perf_counter() - t)
            if times[0] > 10:  # a slow engine's first run is telling enough; spare the repeats
                break
    finally:
        signal.signal(signal.SIGALRM, old)
    return statistics.median(times), rows, False


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000, help="about this many quads (default 1,000,000)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per question on pyoxigraph (median)")
    ap.add_argument("--rdflib-repeat", type=int, default=3, help="runs per question on rdflib (median)")
    ap.add_argument("--rdflib-timeout", type=float, default=120.0,
                    help="seconds an rdflib run may take; past it the ratio is a lower bound (default 120)")
    ap.add_argument("--skip-rdflib", action="store_true", help="time the embedded store only")
    ap.add_argument("--only", default="", help="comma-separated question names (default all)")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="kg-bench-sparql-") as tmp:
        work = Path(tmp)
        t = time.perf_counter()
        data, copies = make_graph(args.triples, work)
        store = ox.Store(str(work / "store"))
        store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        store.flush()
        quads = len(store)
        print(f"graph: {copies} varied copies of {corpus().name}/, {quads:,} quads "
              f"(pyoxigraph load {time.perf_counter() - t:.1f} s)", flush=True)
        graph = None
        if not args.skip_rdflib:
            import rdflib

            t = time.perf_counter()
            triples = "\n".join(sorted({line.rsplit(" ", 2)[0] + " ." for line in data.decode().splitlines()
                                        if line}))
            graph = rdflib.Graph()
            graph.parse(data=triples, format="nt")
            print(f"rdflib Graph: {len(graph):,} triples (load {time.perf_counter() - t:.1f} s)", flush=True)
        del data

        prologue = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
        only = {n for n in args.only.split(",") if n}
        results = []
        for name, q in questions().items():
            if only and name not in only:
                continue
            text = q.sparql()

            answers: dict[str, list] = {}

            def oxi() -> int:
                names, rows = solutions(run(store, text))
                answers["pyoxigraph"] = [[t.value if t is not None else None for t in row] for row in rows]
                return len(rows)

            oxi()  # warm the caches once
            ox_t, ox_rows = time_it(oxi, args.repeat)
            rd_t, rd_rows, cut = None, None, False
            if graph is not None:
                def rdf() -> int:
                    rows = list(graph.query(prologue + text))
                    answers["rdflib"] = [[None if t is None else str(t) for t in row] for row in rows]
                    return len(rows)

                rd_t, rd_rows, cut = time_limited(rdf, args.rdflib_repeat, args.rdflib_timeout)
            same = "" if rd_rows is None else ("same" if canonical(answers["pyoxigraph"]) == canonical(answers["rdflib"])
                                               else "DIFFERENT")
            results.append((name, ox_t, ox_rows, rd_t, rd_rows, cut, same))
            print(f"  {name:24s} pyoxigraph {ox_t * 1000:9.1f} ms ({ox_rows} rows)"
                  + ("" if rd_t is None else f"  rdflib {'>' if cut else ' '}{rd_t * 1000:10.1f} ms "
                     f"({'-' if cut else rd_rows} rows) {'≥' if cut else ' '}{rd_t / ox_t:6.0f}× {same}"), flush=True)

    print()
    print("| question | pyoxigraph median (ms) | rdflib median (ms) | rdflib / pyoxigraph | rows | answers |")
    print("|---|---:|---:|---:|---:|---|")
    for name, ox_t, ox_rows, rd_t, rd_rows, cut, same in results:
        rd = "" if rd_t is None else f"{'> ' if cut else ''}{rd_t * 1000:.0f}"
        ratio = "" if rd_t is None else f"{'≥ ' if cut else ''}{rd_t / ox_t:.0f}×"
        print(f"| {name} | {ox_t * 1000:.1f} | {rd} | {ratio} | {ox_rows} | "
              f"{same or ('rdflib stopped' if cut else '')} |")
    ox_times = [r[1] for r in results]
    print(f"\nmedian over questions, pyoxigraph: {statistics.median(ox_times) * 1000:.1f} ms; "
          f"slowest: {max(ox_times) * 1000:.1f} ms (target: each under 100 ms)")
    ratios = [r[3] / r[1] for r in results if r[3]]
    if ratios:
        bound = "≥ " if any(r[5] for r in results) else ""  # stopped runs count at the limit: a lower bound
        print(f"median over questions of rdflib / pyoxigraph: {bound}{statistics.median(ratios):.0f}× (target ≥ 30×)")
    return 1 if any(r[6] == "DIFFERENT" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
