"""A read-only SPARQL 1.1 Protocol endpoint over a built graph, with the standard library.

Routes:

- ``/sparql``: the SPARQL 1.1 Protocol query operation. ``GET ?query=…``; ``POST`` with an
  ``application/x-www-form-urlencoded`` body (``query=…``) or an ``application/sparql-query``
  body; ``default-graph-uri`` and ``named-graph-uri`` are honoured (without them the default
  graph is the union of the named graphs). SELECT/ASK results as JSON, XML, CSV or TSV and
  CONSTRUCT/DESCRIBE results as Turtle, JSON-LD, N-Triples or RDF/XML, chosen by ``Accept``
  (or a ``format=`` parameter). Updates (``update=``, ``application/sparql-update``, or update
  text sent as a query) are refused with 403: the store is never written.
- ``/``: a query page that works offline (no external scripts, styles or fonts).
- ``/view``: the graph explorer of ``kg.view.render_html`` (``?focus=…&depth=…&types=…``);
  404 when that module is absent.

Limits, all configurable: a per-query timeout (queries run in ``max_concurrent`` worker
processes of :mod:`kg.query_pool`; past the timeout the request is answered 503 and the worker
is killed and replaced, so a runaway query costs nothing afterwards), a cap on result rows (the
answer is cut and flagged with the ``X-KG-Truncated`` header) and a cap on request size
(413/414). Binds 127.0.0.1 unless told otherwise.

    >>> import kg, threading, urllib.request, urllib.parse, json
    >>> g = kg.KnowledgeGraph.from_turtle('<http://x/a> <http://x/p> "1" .')
    >>> server = make_server(g, port=0)
    >>> threading.Thread(target=server.serve_forever, daemon=True).start()
    >>> url = f"http://127.0.0.1:{server.server_port}/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    >>> json.load(urllib.request.urlopen(url))["boolean"]
    True
    >>> server.shutdown(); server.server_close()
"""
from __future__ import annotations

import base64
import hashlib
import importlib.util
import itertools
import json
import os
import sys
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg.query import (QueryError, boolean_json, boolean_xml, graph_bytes, is_update, query_kind,
                      questions, results_csv, results_json, results_tsv, results_xml, run,
                      solutions, store_of)
from kg.query_pool import PoolBusy, QueryPool, QueryTimeout

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878

# media type → format, for SELECT/ASK and for CONSTRUCT/DESCRIBE
RESULT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
RESULT_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/ld+json": "jsonld",
    "application/json": "jsonld", "application/n-triples": "ntriples", "text/plain": "ntriples",
    "application/rdf+xml": "rdfxml", "application/xml": "rdfxml", "text/xml": "rdfxml",
}
GRAPH_MEDIA = {"turtle": "text/turtle", "jsonld": "application/ld+json", "ntriples": "application/n-triples",
               "rdfxml": "application/rdf+xml"}
# values of the format= (or output=) parameter
FORMAT_NAMES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "turtle": "turtle", "ttl": "turtle",
                "jsonld": "jsonld", "json-ld": "jsonld", "ntriples": "ntriples", "nt": "ntriples",
                "rdfxml": "rdfxml", "rdf": "rdfxml"}


@dataclass
class Limits:
    timeout: float = 30.0             # seconds per query
    max_rows: int = 10_000            # rows (or triples) per answer
    max_request_bytes: int = 1_000_000  # body (POST) or URL (GET)
    max_concurrent: int = max(2, os.cpu_count() or 2)  # queries running at once (worker processes)


class HttpError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}

    def __reduce__(self):  # raised in a worker process, re-raised in the server
        return type(self), (self.status, self.message, self.headers)


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, graph, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, limits: Limits | None = None,
                 quiet: bool = False):
        self.graph = graph
        self.store = store_of(graph)
        self.limits = limits or Limits()
        self.quiet = quiet
        self.page = query_page()
        super().__init__((host, port), SparqlHandler)  # bind first: a busy port fails fast
        try:
            self.pool = QueryPool(graph, self.limits.max_concurrent, evaluate)
        except BaseException:
            super().server_close()
            raise

    def server_close(self) -> None:
        super().server_close()
        if hasattr(self, "pool"):
            self.pool.close()


def make_server(graph, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *, timeout: float = 30.0,
                max_rows: int = 10_000, max_request_bytes: int = 1_000_000, max_concurrent: int | None = None,
                quiet: bool = False) -> SparqlServer:
    """A server for ``graph`` (a KnowledgeGraph, a store or a path), not yet serving.

    ``port=0`` picks a free port (see ``server.server_port``).
    """
    if not isinstance(graph, ox.Store) and not hasattr(graph, "store"):
        from kg.api import open as open_graph

        graph = open_graph(graph)
    limits = Limits(timeout=timeout, max_rows=max_rows, max_request_bytes=max_request_bytes)
    if max_concurrent:
        limits.max_concurrent = max_concurrent
    return SparqlServer(graph, host, port, limits, quiet=quiet)


# ---------------------------------------------------------------------------------------------
# content negotiation
# ---------------------------------------------------------------------------------------------

def parse_accept(header: str | None) -> list[str]:
    """Media ranges of an Accept header, best first (q=0 dropped, order kept among equals)."""
    if not header:
        return ["*/*"]
    ranges = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, i, media))
    return [m for _, _, m in sorted(ranges)] or ["*/*"]


def choose_format(accept: str | None, kind: str, forced: str | None = None) -> tuple[str, str]:
    """(format, media type) for a result of ``kind`` (select, ask or graph)."""
    types, media, default = ((GRAPH_TYPES, GRAPH_MEDIA, "turtle") if kind == "graph"
                             else (RESULT_TYPES, RESULT_MEDIA, "json"))
    if forced:
        fmt = FORMAT_NAMES.get(forced.lower()) or types.get(forced.lower())
        if kind == "graph":  # clients ask json/xml/n3 of CONSTRUCT meaning JSON-LD, RDF/XML, Turtle
            fmt = {"json": "jsonld", "xml": "rdfxml", "n3": "turtle", "rdf+xml": "rdfxml"}.get(
                forced.lower(), fmt)
        if fmt not in media:
            raise HttpError(406, f"format {forced!r} is not available for a {kind.upper()} result "
                                 f"(one of {', '.join(media)})")
        return fmt, media[fmt]
    for rng in parse_accept(accept):
        if rng in types:
            return types[rng], media[types[rng]]
        if rng == "*/*" or (rng.endswith("/*") and any(m.startswith(rng[:-1]) for m in media.values())):
            if rng == "*/*":
                return default, media[default]
            for fmt, m in media.items():
                if m.startswith(rng[:-1]):
                    return fmt, m
    raise HttpError(406, f"none of the accepted types ({accept}) is available for a {kind.upper()} result; "
                         f"available: {', '.join(sorted(set(media.values())))}")


# ---------------------------------------------------------------------------------------------
# running a query under the limits
# ---------------------------------------------------------------------------------------------

@dataclass
class Response:
    status: int
    media: str
    body: bytes
    headers: dict[str, str]


def execute(server: SparqlServer, text: str, accept: str | None, forced: str | None,
            default_graphs: list[str], named_graphs: list[str]) -> Response:
    """Run ``text`` in a worker process under the server's limits; the answer or an HttpError."""
    if is_update(text):
        raise HttpError(403, "updates are not allowed: this endpoint is read-only")
    limits = server.limits
    job = (text, accept, forced, default_graphs, named_graphs, limits.max_rows)
    try:
        return server.pool.run(job, limits.timeout, wait=min(limits.timeout, 5.0))
    except PoolBusy:
        raise HttpError(503, f"server busy: {limits.max_concurrent} queries are running; try again later",
                        {"Retry-After": "5"}) from None
    except QueryTimeout:
        raise HttpError(503, f"query timed out after {limits.timeout:g} s (the limit of this endpoint)") from None
    except HttpError:
        raise
    except QueryError as err:
        status = 403 if str(err).startswith("updates are not allowed") else 400
        raise HttpError(status, str(err)) from None
    except Exception as err:  # noqa: BLE001 - a failure is an answer, not a dropped connection
        raise HttpError(500, f"query failed: {type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"
                        ) from None


def evaluate(store: ox.Store, text: str, accept: str | None, forced: str | None,
             default_graphs: list[str], named_graphs: list[str], cap: int) -> Response:
    """One query, answered in the negotiated format with at most ``cap`` rows (in a worker)."""
    result = run(store, text, default_graph=default_graphs or None, named_graphs=named_graphs or None)
    kind = query_kind(result)
    fmt, media = choose_format(accept, kind, forced)
    headers: dict[str, str] = {}
    try:
        if kind == "ask":
            value = bool(result)
            if fmt == "json":
                body = boolean_json(value)
            elif fmt == "xml":
                body = boolean_xml(value)
            else:  # CSV/TSV define no boolean form: one column, one row
                body = ("_askResult\r\n" if fmt == "csv" else "?_askResult\n") + ("true" if value else "false") + "\n"
            return Response(200, media, body.encode("utf-8"), headers)
        if kind == "graph":
            triples = list(itertools.islice(result, cap + 1))
            if len(triples) > cap:
                triples = triples[:cap]
                headers["X-KG-Truncated"] = f"true; max-rows={cap}"
            return Response(200, media, graph_bytes(triples, fmt), headers)
        names, rows = solutions(result, cap)
    except (OSError, RuntimeError, ValueError) as err:
        raise QueryError(str(err).splitlines()[0] if str(err) else type(err).__name__) from None
    if len(rows) > cap:
        rows = rows[:cap]
        headers["X-KG-Truncated"] = f"true; max-rows={cap}"
    writer = {"json": results_json, "xml": results_xml, "csv": results_csv, "tsv": results_tsv}[fmt]
    return Response(200, media, writer(names, rows).encode("utf-8"), headers)


# ---------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------

class SparqlHandler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "kg-sparql/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        if not self.server.quiet:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")

    # -- plumbing ---------------------------------------------------------------------------
    def _send(self, status: int, media: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if media.startswith("text/") or media.endswith(("json", "xml")):
            media += "; charset=utf-8"
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, err: HttpError) -> None:
        self._send(err.status, "text/plain", (err.message + "\n").encode("utf-8"), err.headers)

    def _guard(self, fn) -> None:
        try:
            fn()
        except HttpError as err:
            self._error(err)
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception as err:  # noqa: BLE001 - answer 500 rather than drop the connection
            self._error(HttpError(500, f"internal error: {type(err).__name__}: {err}"))

    # -- methods ----------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._guard(self._get)

    def do_HEAD(self) -> None:  # noqa: N802
        self._guard(self._get)

    def do_POST(self) -> None:  # noqa: N802
        self._guard(self._post)

    def _refuse_method(self) -> None:
        self._discard_body()
        self._error(HttpError(405, f"{self.command} is not allowed: this endpoint is read-only",
                              {"Allow": "GET, HEAD, POST"}))

    do_PUT = do_DELETE = do_PATCH = _refuse_method

    def _discard_body(self) -> None:
        length = self.headers.get("Content-Length")
        if length and length.isdigit() and int(length) <= self.server.limits.max_request_bytes:
            self.rfile.read(int(length))
        else:
            self.close_connection = True

    def _get(self) -> None:
        if len(self.path.encode("utf-8")) > self.server.limits.max_request_bytes:
            raise HttpError(414, f"request URL is longer than {self.server.limits.max_request_bytes} bytes")
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            self._send(200, "text/html", self.server.page, {"Content-Security-Policy": PAGE_CSP})
            return
        if url.path == "/view":
            self._view(parse_qs(url.query))
            return
        if url.path != "/sparql":
            raise HttpError(404, f"no such page: {url.path} (the endpoint is /sparql, the query page /)")
        params = parse_qs(url.query, keep_blank_values=True)
        if "update" in params:
            raise HttpError(403, "updates are not allowed: this endpoint is read-only")
        if "query" not in params:
            raise HttpError(400, "missing query parameter (GET /sparql?query=…); the query page is at /")
        self._query(params)

    def _post(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._discard_body()
            raise HttpError(404, f"no such endpoint: {url.path} (the endpoint is /sparql)")
        length = self.headers.get("Content-Length")
        if length is None:
            self.close_connection = True
            raise HttpError(411, "Content-Length is required")
        if not length.isdigit():
            self.close_connection = True
            raise HttpError(400, "bad Content-Length")
        limit = self.server.limits.max_request_bytes
        if int(length) > limit:
            self.close_connection = True
            raise HttpError(413, f"request body is larger than {limit} bytes")
        body = self.rfile.read(int(length))
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        if media == "application/sparql-update":
            raise HttpError(403, "updates are not allowed: this endpoint is read-only")
        if media == "application/x-www-form-urlencoded":
            form = parse_qs(_decode(body), keep_blank_values=True)
            if "update" in form or "update" in params:
                raise HttpError(403, "updates are not allowed: this endpoint is read-only")
            if "query" in params:
                raise HttpError(400, "the query must be in the body only, not also in the URL")
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
            if "query" not in params:
                raise HttpError(400, "missing query parameter in the form body")
        elif media == "application/sparql-query":
            if "query" in params:
                raise HttpError(400, "the query must be in the body only, not also in the URL")
            params["query"] = [_decode(body)]
        else:
            raise HttpError(415, f"unsupported Content-Type {media or '(none)'}: use "
                                 "application/x-www-form-urlencoded or application/sparql-query")
        self._query(params)

    def _query(self, params: dict[str, list[str]]) -> None:
        queries = params.get("query", [])
        if len(queries) != 1:
            raise HttpError(400, "exactly one query parameter is allowed")
        forced = (params.get("format") or params.get("output") or [None])[0] or None
        response = execute(self.server, queries[0], self.headers.get("Accept"), forced,
                           params.get("default-graph-uri", []), params.get("named-graph-uri", []))
        self._send(response.status, response.media, response.body, response.headers)

    def _view(self, params: dict[str, list[str]]) -> None:
        if importlib.util.find_spec("kg.view") is None:
            raise HttpError(404, "the graph explorer (kg.view) is not installed")
        from kg import view

        options: dict[str, Any] = {}
        if params.get("focus"):
            options["focus"] = params["focus"][0]
        if params.get("depth"):
            try:
                options["depth"] = int(params["depth"][0])
            except ValueError:
                raise HttpError(400, "depth must be a whole number") from None
        if params.get("types"):
            options["types"] = params["types"][0]
        try:
            page = view.render_html(self.server.graph, **options)
        except getattr(view, "ViewError", ValueError) as err:
            raise HttpError(400, str(err)) from None
        self._send(200, "text/html", page.encode("utf-8"))


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, "the request body is not UTF-8") from None


# ---------------------------------------------------------------------------------------------
# the query page
# ---------------------------------------------------------------------------------------------

_PAGE_SCRIPT = r"""
const $ = (id) => document.getElementById(id);
const examples = JSON.parse($("examples").textContent);
for (const [name, q] of Object.entries(examples)) {
  const opt = document.createElement("option");
  opt.value = name; opt.textContent = name + " — " + q.description;
  $("example").appendChild(opt);
}
$("example").addEventListener("change", () => {
  const q = examples[$("example").value];
  if (q) $("query").value = q.sparql;
});
function cell(term) {
  if (!term) return "";
  if (term.type === "literal" && term["xml:lang"]) return term.value;
  if (term.type === "bnode") return "_:" + term.value;
  if (term.type === "triple") return "<< … >>";
  return term.value;
}
async function run(event) {
  event.preventDefault();
  const accept = $("format").value;
  const started = performance.now();
  $("status").textContent = "running…";
  $("out").replaceChildren();
  let response;
  try {
    response = await fetch("sparql", {method: "POST",
      headers: {"Content-Type": "application/sparql-query", "Accept": accept},
      body: $("query").value});
  } catch (err) { $("status").textContent = String(err); return; }
  const text = await response.text();
  const ms = Math.round(performance.now() - started);
  if (!response.ok) { $("status").textContent = response.status + " " + text; return; }
  const truncated = response.headers.get("X-KG-Truncated") ? " (cut at the row limit)" : "";
  const type = response.headers.get("Content-Type") || "";
  if (type.startsWith("application/sparql-results+json")) {
    const data = JSON.parse(text);
    if ("boolean" in data) { $("status").textContent = "answer: " + data.boolean + " (" + ms + " ms)"; return; }
    const vars = data.head.vars, rows = data.results.bindings;
    const table = document.createElement("table");
    const head = table.createTHead().insertRow();
    for (const v of vars) { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); }
    const body = table.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      for (const v of vars) tr.insertCell().textContent = cell(row[v]);
    }
    $("out").appendChild(table);
    $("status").textContent = rows.length + " rows, " + ms + " ms" + truncated;
  } else {
    const pre = document.createElement("pre"); pre.textContent = text; $("out").appendChild(pre);
    $("status").textContent = ms + " ms" + truncated;
  }
}
$("form").addEventListener("submit", run);
"""

_PAGE = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kg SPARQL</title>
<style>
body {{ font: 14px/1.45 system-ui, "PingFang SC", "Noto Sans CJK SC", sans-serif; margin: 1.5em; color: #222; }}
textarea {{ width: 100%; height: 16em; font: 13px/1.4 ui-monospace, monospace; box-sizing: border-box; }}
select, button {{ font: inherit; margin: .4em .4em .4em 0; }}
table {{ border-collapse: collapse; margin-top: .6em; }}
th, td {{ border: 1px solid #ccc; padding: .2em .5em; text-align: left; vertical-align: top; }}
th {{ background: #f3f3f3; }}
pre {{ white-space: pre-wrap; background: #f8f8f8; padding: .6em; }}
#status {{ color: #555; margin-left: .5em; }}
</style></head>
<body>
<h1>kg SPARQL</h1>
<p>Endpoint: <code>/sparql</code> (SPARQL 1.1 Protocol, read-only). The default graph is the union of
the documents' graphs; the prefixes kg:, rdf:, rdfs:, skos:, prov:, dcterms: and xsd: are predeclared.
{view_link}</p>
<form id="form">
<select id="example"><option value="">named questions…</option></select><br>
<textarea id="query" spellcheck="false">SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a ?type }} GROUP BY ?type ORDER BY DESC(?n)</textarea><br>
<select id="format">
<option value="application/sparql-results+json">table (JSON)</option>
<option value="application/sparql-results+xml">XML</option>
<option value="text/csv">CSV</option>
<option value="text/tab-separated-values">TSV</option>
<option value="text/turtle">Turtle (CONSTRUCT/DESCRIBE)</option>
<option value="application/ld+json">JSON-LD (CONSTRUCT/DESCRIBE)</option>
</select>
<button type="submit">Run</button><span id="status"></span>
</form>
<div id="out"></div>
<script type="application/json" id="examples">{examples}</script>
<script>{script}</script>
</body></html>
"""

_SCRIPT_HASH = base64.b64encode(hashlib.sha256(_PAGE_SCRIPT.encode("utf-8")).digest()).decode("ascii")
#: the page's Content-Security-Policy: its one inline script (pinned by hash), same-origin fetches only
PAGE_CSP = (f"default-src 'none'; script-src 'sha256-{_SCRIPT_HASH}'; style-src 'unsafe-inline'; "
            "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def _script_json(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False)
    for a, b in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(a, b)
    return text


def query_page() -> bytes:
    """The offline query page: a form, the named questions as examples, a result table."""
    examples = {}
    for name, q in questions().items():
        try:
            examples[name] = {"description": q.description, "sparql": q.sparql()}
        except QueryError:
            continue
    view_link = ('The graph explorer is at <a href="view">/view</a>.'
                 if importlib.util.find_spec("kg.view") is not None else "")
    page = _PAGE.format(examples=_script_json(examples), script=_PAGE_SCRIPT, view_link=view_link)
    return page.encode("utf-8")


def serve(graph, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, **options) -> None:
    """Serve ``graph`` until interrupted."""
    server = make_server(graph, host, port, **options)
    try:
        server.serve_forever()
    finally:
        server.server_close()


__all__ = ["Limits", "SparqlServer", "make_server", "serve", "parse_accept", "choose_format"]
