"""``kg query``, ``kg ask`` and ``kg serve``: SPARQL over a built graph."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from kg.commands import fail as _fail
from kg.commands import open_graph as _open
from kg.query import FORMATS, QueryError


def _params(items: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            _fail(f"bad --param {item!r}: expected NAME=VALUE")
        out[name.strip()] = value
    return out


def _emit(result, fmt: str) -> None:
    from kg.query import format_result

    try:
        text = format_result(result, fmt)
    except QueryError as err:
        _fail(str(err))
    click.echo(text, nl=False)


_FORMAT = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                       help="SELECT results as an aligned table, SPARQL CSV, TSV or JSON "
                            "(CONSTRUCT: Turtle, or JSON-LD for json; ASK: true/false).")


@click.command("query")
@click.argument("graph", type=click.Path(exists=True))
@click.argument("sparql", required=False)
@click.option("-f", "--file", "file", type=click.Path(exists=True, dir_okay=False, allow_dash=True),
              help="Read the query from FILE (.rq); '-' for standard input.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A value for a parameter ($NAME) declared in the file with '# param:'.")
@_FORMAT
def query_command(graph: str, sparql: str | None, file: str | None, params: tuple[str, ...], fmt: str) -> None:
    """Run SPARQL over GRAPH (a build directory or an RDF file).

    The default graph is the union of the documents' graphs, and the prefixes kg:, rdf:, rdfs:,
    skos:, prov:, dcterms: and xsd: are predeclared.

        kg query build/ 'SELECT ?p WHERE { ?p a kg:Program } LIMIT 5'

        kg query build/ -f kg/queries/people.rq --format csv
    """
    from kg.query import parse_question, run

    if (sparql is None) == (file is None):
        _fail("give the query either as an argument or with -f FILE (not both)")
    if file == "-" or (file is None and sparql == "-"):
        text, file = sys.stdin.read(), None
    else:
        text = Path(file).read_text(encoding="utf-8") if file else sparql
    g = _open(graph)
    try:
        question = parse_question(text, Path(file).stem if file else "query", Path(file) if file else None)
        given = _params(params)
        if given or question.params:
            text = question.sparql(**given)
        result = run(g, text)
    except QueryError as err:
        _fail(str(err))
    _emit(result, fmt)


@click.command("ask")
@click.argument("name", required=False)
@click.argument("graph", required=False, type=click.Path())
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of the question, e.g. --param region=浙江省 (repeatable).")
@click.option("--show", is_flag=True, help="Print the question's SPARQL (parameters filled in) instead of running it.")
@_FORMAT
def ask_command(name: str | None, graph: str | None, params: tuple[str, ...], show: bool, fmt: str) -> None:
    """Ask a named question of GRAPH; without NAME, list the questions.

    GRAPH (a build directory or RDF file) defaults to the KG_GRAPH environment variable.

        kg ask

        kg ask programs-in-region build/ --param region=浙江省
    """
    from kg.query import questions, run

    known = questions()
    if name is None:
        width = max((len(n) for n in known), default=0)
        for qname, q in known.items():
            sig = q.signature()
            click.echo(f"{qname:{width}}  {q.description}" + (f"  [{sig}]" if sig else ""))
        return
    if name not in known:
        _fail(f"no named question {name!r}; 'kg ask' lists them")
    question = known[name]
    try:
        text = question.sparql(**_params(params))
    except QueryError as err:
        _fail(str(err))
    if show:
        click.echo(text, nl=not text.endswith("\n"))
        return
    graph = graph or os.environ.get("KG_GRAPH")
    if not graph:
        _fail("no graph: give GRAPH (kg ask NAME GRAPH) or set KG_GRAPH")
    if not Path(graph).exists():
        _fail(f"{graph}: no such file or directory")
    g = _open(graph)
    try:
        result = run(g, text)
    except QueryError as err:
        _fail(f"{name}: {err}")
    _emit(result, fmt)


@click.command("serve")
@click.argument("graph", type=click.Path(exists=True))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to bind; anything but loopback exposes the graph to the network.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535),
              help="Port (0: any free port, printed at start).")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.001),
              help="Seconds a query may run before the request is answered 503.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Rows (or triples) per answer; longer answers are cut and flagged (X-KG-Truncated).")
@click.option("--max-request-bytes", default=1_000_000, show_default=True, type=click.IntRange(min=64),
              help="Largest request body (POST) or URL (GET) accepted.")
@click.option("--max-concurrent", default=None, type=click.IntRange(min=1),
              help="Queries running at once, timed-out ones still finishing included (default: CPUs, at least 2).")
@click.option("--quiet", is_flag=True, help="Do not log requests.")
def serve_command(graph: str, host: str, port: int, timeout: float, max_rows: int, max_request_bytes: int,
                  max_concurrent: int | None, quiet: bool) -> None:
    """Serve GRAPH read-only over the SPARQL 1.1 Protocol at /sparql, with a query page at /.

    Any SPARQL client works: GET or POST (form or application/sparql-query); results as JSON,
    XML, CSV or TSV (CONSTRUCT/DESCRIBE as Turtle or JSON-LD) by Accept. Updates are refused.
    """
    from kg.serve import make_server

    g = _open(graph)
    try:
        server = make_server(g, host, port, timeout=timeout, max_rows=max_rows,
                             max_request_bytes=max_request_bytes, max_concurrent=max_concurrent, quiet=quiet)
    except OSError as err:
        _fail(f"cannot listen on {host}:{port}: {err.strerror or err}")
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"serving {graph} at http://{shown}:{server.server_port}/ (SPARQL endpoint /sparql); "
               "Ctrl-C to stop", err=False)
    sys.stdout.flush()
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"kg: note: bound to {host}: the graph is reachable from the network", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


COMMANDS = [query_command, ask_command, serve_command]
