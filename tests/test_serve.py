"""``kg serve``: the SPARQL 1.1 Protocol endpoint, driven by real clients over real sockets.

Two servers: one in a thread of this process on the hand-made graph of test_query (tight row
and size limits), and ``kg serve`` itself in a subprocess on the examples' build directory
(a one-second timeout and one worker, so a runaway query can be shown to be cut off and its
worker stopped).
"""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
import rdflib

import kg
from kg.serve import choose_format, make_server, parse_accept

from test_query import HAND_MADE

SPARQLWrapper = pytest.importorskip("SPARQLWrapper")

KG = "https://purl.org/kg-policy/ontology#"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, headers, body text) without raising on error statuses."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers, resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read().decode("utf-8")


def get(endpoint: str, query: str, accept: str | None = None, **params):
    url = endpoint + "?" + urllib.parse.urlencode({"query": query, **params})
    return http(url, headers={"Accept": accept} if accept else {})


@pytest.fixture(scope="module")
def hand_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "hand.trig"
    path.write_text(HAND_MADE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def server(hand_path):
    srv = make_server(kg.open(hand_path), port=0, quiet=True, timeout=20, max_rows=20, max_request_bytes=4096)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def endpoint(server):
    return f"http://127.0.0.1:{server.server_port}/sparql"


@pytest.fixture(scope="module")
def served_build(examples_build):
    """``kg serve`` in a subprocess on a build directory; yields (base URL, build dir)."""
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", str(examples_build), "--port", "0",
                             "--timeout", "1", "--max-rows", "5", "--max-request-bytes", "2048",
                             "--max-concurrent", "1", "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert m, (line, proc.stderr.read() if proc.poll() is not None else "")
        yield f"http://127.0.0.1:{m.group(1)}", examples_build
    finally:
        proc.kill()
        proc.wait(timeout=10)


# --------------------------------------------------------------------------------------------
# the protocol, raw
# --------------------------------------------------------------------------------------------

def test_binds_loopback_by_default(server):
    assert server.server_address[0] == "127.0.0.1"


@pytest.mark.parametrize("accept,media,parser", [
    (None, "application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("application/sparql-results+json", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("application/sparql-results+xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/tab-separated-values", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ("text/html;q=0.9, application/sparql-results+xml;q=0.95", "application/sparql-results+xml",
     ox.QueryResultsFormat.XML),
])
def test_select_formats_by_accept(endpoint, accept, media, parser):
    q = "SELECT DISTINCT ?r ?label WHERE { ?r a kg:Region ; skos:prefLabel ?label } ORDER BY ?label"
    status, headers, body = get(endpoint, q, accept)
    assert status == 200, body
    assert headers["Content-Type"].startswith(media)
    parsed = [(s["r"].value, s["label"].value, s["label"].language)
              for s in ox.parse_query_results(body.encode("utf-8"), format=parser)]
    assert parsed == [("http://x/hz", "杭州市", "zh"), ("http://x/js", "江苏省", "zh"),
                      ("http://x/zj", "浙江省", "zh"), ("http://x/bj", "滨江区", "zh")]


def test_csv(endpoint):
    status, headers, body = get(endpoint, "SELECT DISTINCT ?label WHERE { ?r a kg:Region ; skos:prefLabel ?label }"
                                          " ORDER BY ?label", "text/csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(body))) == [["label"], ["杭州市"], ["江苏省"], ["浙江省"], ["滨江区"]]


def test_post_forms(endpoint):
    q = "ASK { <http://x/hz> kg:partOf <http://x/zj> }"
    form = urllib.parse.urlencode({"query": q}).encode()
    status, _, body = http(endpoint, form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and json.loads(body)["boolean"] is True
    status, _, body = http(endpoint, q.encode(), {"Content-Type": "application/sparql-query",
                                                  "Accept": "application/sparql-results+xml"})
    assert status == 200 and "<boolean>true</boolean>" in body


@pytest.mark.parametrize("accept,fmt", [("text/turtle", ox.RdfFormat.TURTLE), ("application/ld+json", ox.RdfFormat.JSON_LD),
                                        ("application/n-triples", ox.RdfFormat.N_TRIPLES), (None, ox.RdfFormat.TURTLE)])
def test_construct_and_describe(endpoint, accept, fmt):
    status, headers, body = get(endpoint, "CONSTRUCT { ?s kg:partOf ?o } WHERE { ?s kg:partOf ?o }", accept)
    assert status == 200, body
    triples = {str(t) for t in ox.parse(body.encode("utf-8"), format=fmt)}
    assert triples == {f"<http://x/hz> <{KG}partOf> <http://x/zj>", f"<http://x/bj> <{KG}partOf> <http://x/hz>",
                       f"<http://x/jxt> <{KG}partOf> <http://x/gov>"}
    status, _, body = get(endpoint, "DESCRIBE <http://x/js>", accept)
    assert status == 200 and "江苏省" in body


def test_dataset_parameters(endpoint):
    q = "SELECT DISTINCT ?p WHERE { ?p a kg:Program } ORDER BY ?p"
    _, _, body = get(endpoint, q, "text/csv", **{"default-graph-uri": "http://x/g2"})
    assert body.split() == ["p", "http://x/p1", "http://x/p5"]


def test_syntax_error_is_400_with_the_parser_message(endpoint):
    status, headers, body = get(endpoint, "SELECT ?x WHERE { ?x ?p }")
    assert status == 400
    assert headers["Content-Type"].startswith("text/plain")
    assert re.search(r"error at 1:\d+: expected", body), body


@pytest.mark.parametrize("how", ["query", "update-param", "update-form", "update-body"])
def test_updates_are_refused_and_change_nothing(endpoint, server, how):
    before = len(server.store)
    update = "INSERT DATA { GRAPH <http://x/g9> { <http://x/a> <http://x/b> <http://x/c> } }"
    if how == "query":
        status, _, body = get(endpoint, update)
    elif how == "update-param":
        status, _, body = http(endpoint + "?" + urllib.parse.urlencode({"update": update}))
    elif how == "update-form":
        status, _, body = http(endpoint, urllib.parse.urlencode({"update": update}).encode(),
                               {"Content-Type": "application/x-www-form-urlencoded"})
    else:
        status, _, body = http(endpoint, update.encode(), {"Content-Type": "application/sparql-update"})
    assert status == 403 and "read-only" in body
    assert len(server.store) == before
    _, _, body = get(endpoint, "ASK { <http://x/a> ?p ?o }")
    assert json.loads(body)["boolean"] is False


def test_other_methods_and_paths(endpoint, server):
    status, headers, _ = http(endpoint, b"x", {"Content-Type": "text/turtle"}, method="PUT")
    assert status == 405 and "GET" in headers["Allow"]
    assert http(endpoint, b"x", {"Content-Type": "text/plain"})[0] == 415
    assert http(endpoint)[0] == 400
    assert http(endpoint.replace("/sparql", "/nope"))[0] == 404


def test_not_acceptable(endpoint):
    status, _, body = get(endpoint, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "image/png")
    assert status == 406 and "available" in body


def test_row_cap(endpoint):
    status, headers, body = get(endpoint, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == 20
    assert headers["X-KG-Truncated"].startswith("true")
    status, headers, body = get(endpoint, "SELECT ?s WHERE { ?s a kg:Person }")
    assert "X-KG-Truncated" not in headers


def test_request_size_caps(endpoint):
    big = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 5000
    status, _, body = http(endpoint, big.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 413 and "4096" in body
    assert get(endpoint, big)[0] == 414


def test_query_page_is_offline(endpoint):
    status, headers, body = http(endpoint.replace("/sparql", "/"))
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", body)
    assert "@import" not in body and "url(" not in body
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp
    assert "programs-in-region" in body  # the named questions are offered as examples


def test_view_route(endpoint):
    status, headers, body = http(endpoint.replace("/sparql", "/view"))
    assert status == 200, body
    assert body.startswith("<!DOCTYPE html>") and "浙江省" in body
    assert http(endpoint.replace("/sparql", "/view?focus=浙江省&depth=1".replace("浙江省", "%E6%B5%99%E6%B1%9F%E7%9C%81")))[0] == 200


def test_accept_parsing():
    assert parse_accept("text/csv;q=0.5, application/json") == ["application/json", "text/csv"]
    assert parse_accept(None) == ["*/*"]
    assert choose_format("text/*", "select") == ("csv", "text/csv")
    assert choose_format("application/json", "graph") == ("jsonld", "application/ld+json")
    assert choose_format(None, "graph", forced="xml") == ("rdfxml", "application/rdf+xml")


# --------------------------------------------------------------------------------------------
# real clients
# --------------------------------------------------------------------------------------------

def test_sparqlwrapper_select_ask_construct(endpoint):
    from SPARQLWrapper import CSV, JSON, JSONLD, POST, TSV, TURTLE, XML, SPARQLWrapper as Client

    client = Client(endpoint)
    client.setQuery("PREFIX kg: <https://purl.org/kg-policy/ontology#> "
                    "SELECT DISTINCT ?p WHERE { ?p kg:appliesTo <http://x/hz> } ORDER BY ?p")
    client.setReturnFormat(JSON)
    assert [b["p"]["value"] for b in client.queryAndConvert()["results"]["bindings"]] == ["http://x/p4", "http://x/p5"]
    client.setReturnFormat(XML)
    doc = client.queryAndConvert()
    assert [n.firstChild.data for n in doc.getElementsByTagName("uri")] == ["http://x/p4", "http://x/p5"]
    for fmt in (CSV, TSV):
        client.setReturnFormat(fmt)
        assert b"http://x/p4" in client.queryAndConvert()
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setQuery("ASK { <http://x/bj> <https://purl.org/kg-policy/ontology#partOf> <http://x/hz> }")
    assert client.queryAndConvert()["boolean"] is True
    client.setQuery("CONSTRUCT { ?s ?p ?o } WHERE { BIND(<http://x/hz> AS ?s) ?s ?p ?o }")
    for fmt in (TURTLE, JSONLD, XML):
        client.setReturnFormat(fmt)
        graph = client.queryAndConvert()
        if not isinstance(graph, rdflib.Graph):
            graph = rdflib.Graph().parse(data=graph, format="turtle" if fmt == TURTLE else "json-ld")
        assert (rdflib.URIRef("http://x/hz"), rdflib.URIRef(KG + "partOf"), rdflib.URIRef("http://x/zj")) in graph


def test_sparqlwrapper_errors(endpoint):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper as Client
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    client = Client(endpoint)
    client.setReturnFormat(JSON)
    client.setQuery("SELECT ?x WHERE { ?x ?p }")
    with pytest.raises(QueryBadFormed, match="expected"):
        client.queryAndConvert()
    client.setMethod(POST)
    client.setQuery("DELETE WHERE { ?s ?p ?o }")  # SPARQLWrapper sends it as an update
    with pytest.raises(Exception):
        client.queryAndConvert()
    client.setQuery("ASK { <http://x/hz> ?p ?o }")
    assert client.queryAndConvert()["boolean"] is True


def test_rdflib_sparqlstore(endpoint, server):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore

    graph = rdflib.Graph(store=SPARQLStore(endpoint))
    rows = list(graph.query("SELECT DISTINCT ?label WHERE { ?p a <https://purl.org/kg-policy/ontology#Program> ; "
                            "<http://www.w3.org/2004/02/skos/core#prefLabel> ?label } ORDER BY ?label"))
    assert sorted(str(r[0]) for r in rows) == sorted(["数字经济一号工程", "城市大脑", "苏州计划", "企业上云行动", "无日期计划"])
    regions = set(graph.subjects(rdflib.RDF.type, rdflib.URIRef(KG + "Region")))
    assert regions == {rdflib.URIRef(f"http://x/{r}") for r in ("zj", "hz", "bj", "js")}
    assert graph.query("ASK { <http://x/hz> ?p ?o }").askAnswer is True

    before = len(server.store)
    writable = rdflib.Graph(store=SPARQLUpdateStore(endpoint, endpoint), identifier=rdflib.URIRef("http://x/g1"))
    with pytest.raises(Exception):
        writable.add((rdflib.URIRef("http://x/new"), rdflib.RDF.type, rdflib.URIRef(KG + "Region")))
        writable.commit()
    with pytest.raises(Exception):
        writable.update("DELETE WHERE { ?s ?p ?o }")
    assert len(server.store) == before
    assert (rdflib.URIRef("http://x/new"), None, None) not in graph


# --------------------------------------------------------------------------------------------
# kg serve itself, on a build directory
# --------------------------------------------------------------------------------------------

def test_kg_serve_build_directory_and_timeout(served_build):
    base, build_dir = served_build
    endpoint = base + "/sparql"
    quads = kg.open(build_dir).stats()["quads"]
    status, _, body = get(endpoint, COUNT, "text/csv")
    assert status == 200 and int(body.split()[1]) == quads

    started = time.monotonic()
    status, _, body = get(endpoint, RUNAWAY)
    assert status == 503 and "timed out" in body
    assert time.monotonic() - started < 10
    # with one worker, answering again at once means the runaway query was stopped, not left running
    for _ in range(2):
        status, _, body = get(endpoint, COUNT, "text/csv")
        assert status == 200 and int(body.split()[1]) == quads
        assert get(endpoint, RUNAWAY)[0] == 503

    from SPARQLWrapper import JSON, SPARQLWrapper as Client
    client = Client(endpoint)
    client.setReturnFormat(JSON)
    client.setQuery("PREFIX kg: <https://purl.org/kg-policy/ontology#> SELECT (COUNT(DISTINCT ?d) AS ?n) "
                    "WHERE { ?d a kg:Document }")
    n = int(client.queryAndConvert()["results"]["bindings"][0]["n"]["value"])
    assert n == kg.open(build_dir).stats()["documents"]

    # the row and size caps given on the command line hold
    status, headers, body = get(endpoint, "SELECT ?s WHERE { ?s ?p ?o }", "text/csv")
    assert status == 200 and len(body.split()) == 1 + 5 and headers["X-KG-Truncated"] == "true; max-rows=5"
    status, _, body = http(endpoint, ("ASK {} #" + "x" * 3000).encode(), {"Content-Type": "application/sparql-query"})
    assert status == 413 and "2048" in body

    status, _, _ = http(endpoint, b"CLEAR ALL", {"Content-Type": "application/sparql-update"})
    assert status == 403
    status, _, body = get(endpoint, COUNT, "text/csv")
    assert int(body.split()[1]) == quads
    assert kg.open(build_dir).stats()["quads"] == quads


def test_kg_serve_help_and_bad_graph(tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "--max-request-bytes" in result.output and "--timeout" in result.output
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    result = CliRunner().invoke(main, ["serve", str(bad), "--port", "0"])
    assert result.exit_code != 0
    assert result.output.strip().startswith("kg: ") and len(result.output.strip().splitlines()) == 1


# --------------------------------------------------------------------------------------------
# the query page, in a real headless Chromium with the network cut off
# --------------------------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"


def test_query_page_runs_a_named_question_offline(server):
    import os

    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (.ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    base = f"http://127.0.0.1:{server.server_port}/"
    requests, problems = [], []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            context = browser.new_context()
            # anything but this server is cut off: the page must need nothing else
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
            page = context.new_page()
            page.on("request", lambda req: requests.append(req.url))
            page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda err: problems.append(str(err)))
            page.goto(base)
            page.select_option("#example", "programs-in-region")
            assert "$region" not in page.input_value("#query") and "浙江省" in page.input_value("#query")
            page.click("button[type=submit]")
            page.wait_for_selector("#out table", timeout=20000)
            header = page.locator("#out th").all_inner_texts()
            programs = page.locator("#out tbody tr td:first-child").all_inner_texts()
            status = page.inner_text("#status")
        finally:
            browser.close()
    assert header == ["program", "appliesTo", "iri"]
    expected = list(kg.query.ask(kg.KnowledgeGraph(server.store), "programs-in-region")["program"])
    assert programs == expected and len(expected) == 4
    assert status.startswith("4 rows")
    assert problems == []  # no script errors, no Content-Security-Policy violations
    assert requests and all(u.startswith(base) for u in requests)


def test_query_pool_stops_runaway_queries(hand_path):
    from kg.query import QueryError
    from kg.query_pool import QueryPool, QueryTimeout, count_rows

    pool = QueryPool(kg.open(hand_path), size=1, handler=count_rows)
    try:
        regions = "SELECT DISTINCT ?r WHERE { ?r a kg:Region }"
        assert pool.run((regions,), timeout=60) == 4
        (worker,) = pool._all
        with pytest.raises(QueryTimeout):
            pool.run((RUNAWAY,), timeout=0.5)
        assert not worker.process.is_alive()  # stopped, not left running
        with pytest.raises(QueryError, match="syntax"):
            pool.run(("SELEC ?x",), timeout=60)
        assert pool.run((regions,), timeout=60) == 4  # a fresh worker answers
        assert len(pool._all) == 1
    finally:
        pool.close()
    assert not worker.process.is_alive()
