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

Each named question runs ``--repeat`` times per engine (rdflib ``--rdflib-repeat`` times, as it
is slow); the table gives the medians, the ratio rdflib / pyoxigraph, and whether both engines
gave the same number of rows. Answers are fully consumed in both engines.

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
    from kg.build import build

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


def time_it(fn, repeat: int) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(repeat):
        t = time.perf_counter()
        rows = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000, help="about this many quads (default 1,000,000)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per question on pyoxigraph (median)")
    ap.add_argument("--rdflib-repeat", type=int, default=3, help="runs per question on rdflib (median)")
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

            def oxi() -> int:
                return len(solutions(run(store, text))[1])

            oxi()  # warm the caches once
            ox_t, ox_rows = time_it(oxi, args.repeat)
            rd_t, rd_rows = None, None
            if graph is not None:
                def rdf() -> int:
                    return len(list(graph.query(prologue + text)))

                rd_t, rd_rows = time_it(rdf, args.rdflib_repeat)
            results.append((name, ox_t, ox_rows, rd_t, rd_rows))
            ratio = f"{rd_t / ox_t:8.0f}x" if rd_t else ""
            print(f"  {name:24s} pyoxigraph {ox_t * 1000:9.1f} ms ({ox_rows} rows)"
                  + (f"  rdflib {rd_t * 1000:10.1f} ms ({rd_rows} rows) {ratio}" if rd_t else ""), flush=True)

    print()
    print(f"| question | pyoxigraph median (ms) | rdflib median (ms) | rdflib / pyoxigraph | rows (oxi / rdflib) |")
    print("|---|---:|---:|---:|---|")
    for name, ox_t, ox_rows, rd_t, rd_rows in results:
        print(f"| {name} | {ox_t * 1000:.1f} | {'' if rd_t is None else f'{rd_t * 1000:.0f}'} | "
              f"{'' if rd_t is None else f'{rd_t / ox_t:.0f}×'} | {ox_rows} / {'' if rd_rows is None else rd_rows} |")
    ox_times = [r[1] for r in results]
    print(f"\nmedian over questions, pyoxigraph: {statistics.median(ox_times) * 1000:.1f} ms; "
          f"slowest: {max(ox_times) * 1000:.1f} ms")
    ratios = [r[3] / r[1] for r in results if r[3]]
    if ratios:
        print(f"median over questions of rdflib / pyoxigraph: {statistics.median(ratios):.0f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
