"""``kg view``: the explorer page, in a real headless Chromium (Debian's /usr/bin/chromium).

The browser tests share one browser; each opens the page in a fresh context that records every
request and console message, and aborts any request that is not for the page's own file.
"""
from __future__ import annotations

import concurrent.futures
import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from kg.cli import main
from kg.view import TYPE_STYLES, ViewError, build_view, display, render_html, write_html

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

PREFIXES = """@prefix kg: <https://purl.org/kg-policy/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix id: <https://purl.org/kg-policy/id/> .
"""

#: labels, aliases, sentences and document fields that would run script if parsed as HTML
HOSTILE_NAME = "<img src=x onerror=window.pwned=1>"
HOSTILE_ALIAS = "</script><script>window.pwned=2</script>"
HOSTILE_REGION = '"><svg onload=window.pwned=3>'
HOSTILE_SENTENCE = "<img src=y onerror=window.pwned=4>在浙江省实施。"
HOSTILE_PATH = "</title><script>window.pwned=5</script>.txt"
HOSTILE_DOC_TITLE = "<b onmouseover=window.pwned=6>通知</b>"
HOSTILE_TITLE = "</title><img src=z onerror=window.pwned=7>"


def _lit(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


HOSTILE_TTL = PREFIXES + f"""
id:doc1 a kg:Document ; kg:path {_lit(HOSTILE_PATH)} ; dcterms:title {_lit(HOSTILE_DOC_TITLE)}@zh .
id:p1 a kg:Program ; skos:prefLabel {_lit(HOSTILE_NAME)}@zh ; skos:altLabel {_lit(HOSTILE_ALIAS)}@zh ;
    kg:appliesTo id:r1 ; kg:mentionedIn id:doc1 .
id:r1 a kg:Region ; skos:prefLabel {_lit(HOSTILE_REGION)}@zh ; kg:regionCode "330000" .
id:s1 a kg:Sentence ; kg:text {_lit(HOSTILE_SENTENCE)} ; kg:start 0 ; kg:inDocument id:doc1 .
id:a1 a kg:Assertion ; rdf:subject id:p1 ; rdf:predicate kg:appliesTo ; rdf:object id:r1 ;
    kg:evidence id:s1 ; prov:wasDerivedFrom id:doc1 .
"""


def run_cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def run_kg(*args) -> subprocess.CompletedProcess:
    """The real ``kg`` process, for what it prints on stderr and its exit status."""
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True)


# ---------------------------------------------------------------------------------------------
# without a browser
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def examples_view(examples_build):
    return build_view(examples_build)


def test_page_is_self_contained_and_deterministic(examples_build):
    page = render_html(examples_build)
    assert page == render_html(examples_build)
    # every script and style is inline; nothing names a remote or local resource to load
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)=", page, re.I)
    assert "default-src 'none'" in page and "connect-src 'none'" in page


def test_hostile_text_never_reaches_the_markup(tmp_path):
    source = tmp_path / "hostile.ttl"
    source.write_text(HOSTILE_TTL, encoding="utf-8")
    page = render_html(source, title=HOSTILE_TITLE)
    for text in (HOSTILE_NAME, HOSTILE_ALIAS, HOSTILE_SENTENCE, HOSTILE_PATH, HOSTILE_DOC_TITLE, "<svg onload"):
        assert text not in page
    # the only </script> closers are those of the page's own three scripts
    assert page.lower().count("</script") == 3


def test_view_model_of_examples(examples_view):
    stats = examples_view.stats()
    assert stats["nodes"] > 20 and stats["edges"] > 20
    assert set(stats["types"]) <= {"Program", "Region", "Agency", "Industry", "Organization", "Person"}
    sentences = [s for e in examples_view.edges for s in e.evidence]
    assert sentences, "relations carry their evidence sentences"
    for s in sentences:
        sent = examples_view.sentences[s]
        assert sent.text and examples_view.documents[sent.document].path.endswith(".txt")
    # node size follows degree; degree counts the relations in the view
    degree = [0] * len(examples_view.nodes)
    for e in examples_view.edges:
        degree[e.source] += 1
        degree[e.target] += 1
    assert [n.degree for n in examples_view.nodes] == degree


def test_focus_is_an_ego_network(examples_build, examples_view):
    hub = max(range(len(examples_view.nodes)), key=lambda i: examples_view.nodes[i].degree)
    name = examples_view.nodes[hub].name
    near = {hub} | {e.target for e in examples_view.edges if e.source == hub} \
        | {e.source for e in examples_view.edges if e.target == hub}
    ego = build_view(examples_build, focus=name, depth=1)
    assert {n.iri for n in ego.nodes} == {examples_view.nodes[i].iri for i in near}
    assert [ego.nodes[i].name for i in ego.focus] == [name]
    assert len(build_view(examples_build, focus=name, depth=0).nodes) == 1
    wider = build_view(examples_build, focus=name, depth=2)
    assert len(wider.nodes) >= len(ego.nodes)


def test_focus_accepts_traditional_input(examples_build, examples_view):
    import opencc

    to_traditional = opencc.OpenCC("s2t")
    node = next(n for n in sorted(examples_view.nodes, key=lambda n: -n.degree)
                if to_traditional.convert(n.name) != n.name)
    ego = build_view(examples_build, focus=to_traditional.convert(node.name))
    assert [ego.nodes[i].iri for i in ego.focus] == [node.iri]


def test_types_filter(examples_build):
    view = build_view(examples_build, types="Program,agency")
    assert {n.type for n in view.nodes} == {"Program", "Agency"}
    with pytest.raises(ViewError, match="unknown type 'Foo'"):
        build_view(examples_build, types="Foo")


def test_bad_focus_is_one_line(examples_build):
    with pytest.raises(ViewError) as err:
        build_view(examples_build, focus="并不存在的实体名称")
    assert "\n" not in str(err.value) and "并不存在的实体名称" in str(err.value)


def test_write_html_leaves_nothing_half_written(examples_build, tmp_path):
    out = tmp_path / "view.html"
    with pytest.raises(ViewError):
        write_html(examples_build, out, focus="并不存在的实体名称")
    assert list(tmp_path.iterdir()) == []
    view = write_html(examples_build, out)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") and view.nodes
    assert [p.name for p in tmp_path.iterdir()] == ["view.html"]


def test_jupyter_display_is_an_iframe_srcdoc(examples_build):
    shown = display(examples_build, height=500)._repr_html_()
    assert shown.startswith("<iframe srcdoc=") and "height:500px" in shown
    assert "<script" not in shown  # the page is an escaped attribute value, not markup


# ---------------------------------------------------------------------------------------------
# the command
# ---------------------------------------------------------------------------------------------

def test_cli_help():
    result = run_cli("view", "--help")
    assert result.exit_code == 0
    for option in ("--output", "--focus", "--depth", "--types"):
        assert option in result.output


def test_cli_writes_the_page(examples_build, tmp_path):
    out = tmp_path / "view.html"
    result = run_cli("view", examples_build, "-o", out, "--types", "Program,Region")
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    data = json.loads(re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', page, re.S).group(1))
    assert {data["types"][n["t"]]["key"] for n in data["nodes"]} == {"Program", "Region"}


def test_cli_reads_an_rdf_file(tmp_path):
    source = tmp_path / "hostile.ttl"
    source.write_text(HOSTILE_TTL, encoding="utf-8")
    out = tmp_path / "view.html"
    result = run_cli("view", source, "-o", out, "--focus", HOSTILE_NAME)
    assert result.exit_code == 0, result.output
    assert "2 entities, 1 relations" in result.output


def test_cli_bad_focus_fails_in_one_line(examples_build, tmp_path):
    out = tmp_path / "view.html"
    result = run_kg("view", examples_build, "-o", out, "--focus", "并不存在的实体名称")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "并不存在的实体名称" in lines[0] and str(examples_build) in lines[0]
    assert not out.exists()


def test_cli_bad_graph_fails_in_one_line(tmp_path):
    bad = tmp_path / "broken.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    result = run_kg("view", bad, "-o", tmp_path / "v.html")
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1 and "broken.ttl" in result.stderr
    assert not (tmp_path / "v.html").exists()


# ---------------------------------------------------------------------------------------------
# in the browser
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (.ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Opened:
    """A page opened in its own context, with every request and console problem recorded."""

    def __init__(self, browser, path: Path | None = None, html: str | None = None):
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.requests: list[str] = []
        self.problems: list[str] = []
        self.url = path.resolve().as_uri() if path else None

        def route(r):
            if r.request.url == self.url:
                r.continue_()
            else:
                r.abort()
        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("request", lambda req: self.requests.append(req.url))
        self.page.on("console", lambda m: self.problems.append(f"{m.type}: {m.text}")
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda err: self.problems.append(f"pageerror: {err}"))
        if path:
            self.page.goto(self.url)
        else:
            self.page.set_content(html)

    def ready(self, frame=None):
        (frame or self.page).wait_for_selector('html[data-ready="1"]', state="attached", timeout=30000)
        return self

    def other_requests(self) -> list[str]:
        return [u for u in self.requests if u != self.url]

    def click_node(self, index: int) -> None:
        """A real mouse click on the canvas where node ``index`` is drawn."""
        x, y = self.page.evaluate("""i => { const net = kgView.network;
            net.focus(i, { scale: 1.2, animation: false }); net.redraw();
            const p = net.canvasToDOM(net.getPositions([i])[i]);
            const box = document.getElementById("net").getBoundingClientRect();
            return [box.left + p.x, box.top + p.y]; }""", index)
        assert self.page.evaluate("([x, y]) => { const box = document.getElementById('net').getBoundingClientRect();"
                                  " return kgView.network.getNodeAt({x: x - box.left, y: y - box.top}); }",
                                  [x, y]) == index
        self.page.mouse.click(x, y)

    def close(self):
        self.context.close()


@pytest.fixture
def opened(browser):
    pages: list[Opened] = []

    def open_(path=None, html=None) -> Opened:
        pages.append(Opened(browser, path, html))
        return pages[-1]
    yield open_
    for p in pages:
        p.close()


@pytest.fixture(scope="module")
def examples_page(examples_build, tmp_path_factory):
    path = tmp_path_factory.mktemp("view") / "examples.html"
    write_html(examples_build, path)
    return path


def test_page_loads_offline_without_errors(opened, examples_page, examples_view, output_dir):
    o = opened(examples_page).ready()
    assert o.other_requests() == []
    assert o.problems == []
    shown = o.page.evaluate("kgView.nodes.length"), o.page.evaluate("kgView.edges.length")
    assert shown == (len(examples_view.nodes), len(examples_view.edges))
    legend = o.page.locator("#legend label").all_inner_texts()
    present = {n.type for n in examples_view.nodes}
    assert len(legend) == len(present) and any("地区" in t for t in legend)
    o.page.screenshot(path=str(output_dir / "view-examples.png"))
    assert (output_dir / "view-examples.png").stat().st_size > 10_000


def test_search_finds_a_node_by_traditional_name_and_by_alias(opened, examples_page, examples_view):
    import opencc

    to_traditional = opencc.OpenCC("s2t")
    o = opened(examples_page).ready()
    node = next(n for n in sorted(examples_view.nodes, key=lambda n: -n.degree)
                if to_traditional.convert(n.name) != n.name)
    o.page.fill("#q", to_traditional.convert(node.name))
    assert o.page.locator("#results li .name").first.inner_text() == node.name
    o.page.press("#q", "Enter")
    assert o.page.locator("#panel h2 .name").inner_text() == node.name
    assert node.iri in o.page.locator("#panel").inner_text()
    # an alias finds its entity too
    aliased = next(n for n in examples_view.nodes if n.aliases and len(n.aliases[0]) > 2)
    o.page.fill("#q", aliased.aliases[0])
    assert aliased.name in o.page.locator("#results li .name").all_inner_texts()
    assert o.problems == []


def test_clicking_a_node_shows_its_evidence(opened, examples_page, examples_view, output_dir):
    o = opened(examples_page).ready()
    hub = max(range(len(examples_view.nodes)), key=lambda i: examples_view.nodes[i].degree)
    o.click_node(hub)
    panel = o.page.locator("#panel")
    node = examples_view.nodes[hub]
    assert o.page.locator("#panel h2 .name").inner_text() == node.name
    text = panel.inner_text()
    for e in examples_view.edges:
        if hub in (e.source, e.target) and e.evidence:
            sent = examples_view.sentences[e.evidence[0]]
            assert sent.text.strip() in text.replace("\n", "")
            assert examples_view.documents[sent.document].path in text
    assert o.page.locator("#panel blockquote.evidence").count() > 0
    # relations are grouped by predicate
    assert o.page.locator("#panel details summary").count() >= 1
    # the neighbourhood stays lit, everything else is veiled: read the pixels at node centres
    near = {hub} | {e.target for e in examples_view.edges if e.source == hub} \
        | {e.source for e in examples_view.edges if e.target == hub}
    assert set(o.page.evaluate("kgView.highlighted().nodes")) == near
    pixels = o.page.evaluate("""() => { const net = kgView.network, cv = document.querySelector("#net canvas");
        const r = cv.width / cv.clientWidth, pos = net.getPositions(), out = [];
        const img = cv.getContext("2d").getImageData(0, 0, cv.width, cv.height).data;  // one read-back
        for (const id of kgView.nodes.getIds()) {
          const p = net.canvasToDOM(pos[id]), x = Math.round(p.x * r), y = Math.round(p.y * r);
          if (x < 0 || y < 0 || x >= cv.width || y >= cv.height) continue;
          const at = 4 * (y * cv.width + x);
          out.push([id, [img[at], img[at + 1], img[at + 2]]]);
        }
        return out; }""")
    lit = [i for i, _ in pixels if i in near]
    dim = [i for i, _ in pixels if i not in near]
    assert lit and dim

    def own_colour(i, rgba):
        want = TYPE_STYLES[examples_view.nodes[i].type]["color"]
        return max(abs(int(want[k:k + 2], 16) - rgba[j]) for j, k in enumerate((1, 3, 5))) <= 12
    in_colour = {i for i, rgba in pixels if own_colour(i, rgba)}
    assert len(in_colour & set(lit)) >= 0.8 * len(lit)
    assert len(in_colour & set(dim)) <= 0.1 * len(dim)
    o.page.screenshot(path=str(output_dir / "view-node-panel.png"))
    assert o.problems == []


def test_clicking_an_edge_shows_its_evidence(opened, examples_page, examples_view):
    o = opened(examples_page).ready()
    # an edge whose midpoint is clear of nodes and other edges, clicked with the real mouse
    point = o.page.evaluate("""() => { const net = kgView.network, box = document.getElementById("net").getBoundingClientRect();
        net.fit({ animation: false }); net.redraw();
        for (const j of kgView.edges.getIds()) {
          const e = kgView.data.edges[j];
          if (!e.e) continue;
          const p = net.getPositions([e.f, e.t]), a = net.canvasToDOM(p[e.f]), b = net.canvasToDOM(p[e.t]);
          const m = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
          if (net.getNodeAt(m) === undefined && net.getEdgeAt(m) === j) return [j, box.left + m.x, box.top + m.y];
        }
        return null; }""")
    assert point is not None
    j, x, y = point
    o.page.mouse.click(x, y)
    # the edge the click selected (at a crossing of two edges it may be the other one)
    selected = o.page.evaluate("() => kgView.network.getSelectedEdges()")
    assert len(selected) == 1
    edge = examples_view.edges[selected[0]]
    text = o.page.locator("#panel").inner_text().replace("\n", "")
    assert examples_view.nodes[edge.source].name in text and examples_view.nodes[edge.target].name in text
    for s in edge.evidence:
        assert examples_view.sentences[s].text.strip() in text
    assert o.problems == []


def test_focus_page_opens_on_its_entity(opened, examples_build, examples_view, tmp_path):
    hub = max(examples_view.nodes, key=lambda n: n.degree)
    path = tmp_path / "focus.html"
    ego = write_html(examples_build, path, focus=hub.name, depth=1)
    o = opened(path).ready()
    assert o.page.locator("#panel h2 .name").inner_text() == hub.name
    lit = o.page.evaluate("kgView.highlighted()")
    assert lit["centres"] == ego.focus and len(lit["nodes"]) == len(ego.nodes)
    assert o.other_requests() == [] and o.problems == []


def test_type_filter_hides_a_type(opened, examples_page, examples_view):
    o = opened(examples_page).ready()
    key = examples_view.nodes[0].type
    o.page.locator(f'#legend input[data-type="{key}"]').uncheck()
    hidden = o.page.evaluate("""key => kgView.nodes.get().filter(n => n.hidden).map(n => n.id)""", key)
    assert set(hidden) == {i for i, n in enumerate(examples_view.nodes) if n.type == key}
    o.page.locator(f'#legend input[data-type="{key}"]').check()
    assert o.page.evaluate("kgView.nodes.get().filter(n => n.hidden).length") == 0


def test_hostile_labels_show_as_text_and_run_nothing(opened, tmp_path, output_dir):
    source = tmp_path / "hostile.ttl"
    source.write_text(HOSTILE_TTL, encoding="utf-8")
    path = tmp_path / "hostile.html"
    write_html(source, path, title=HOSTILE_TITLE)
    o = opened(path).ready()
    assert o.page.title() == HOSTILE_TITLE
    o.page.fill("#q", "img src=x")
    assert o.page.locator("#results li .name").first.inner_text() == HOSTILE_NAME
    o.page.press("#q", "Enter")
    text = o.page.locator("#panel").inner_text()
    for literal in (HOSTILE_NAME, HOSTILE_ALIAS, HOSTILE_REGION, HOSTILE_SENTENCE):
        assert literal in text
    o.page.evaluate("kgView.selectEdge(0)")
    text = o.page.locator("#panel").inner_text()
    assert HOSTILE_SENTENCE in text and HOSTILE_PATH in text and HOSTILE_DOC_TITLE in text
    o.page.hover("#panel")
    assert o.page.evaluate("typeof window.pwned") == "undefined"
    assert o.page.evaluate("document.images.length + document.querySelectorAll('svg[onload], b, [onerror]').length") == 0
    assert o.page.evaluate("document.scripts.length") == 3
    assert o.other_requests() == [] and o.problems == []
    o.page.screenshot(path=str(output_dir / "view-hostile.png"))


def _synthetic_ttl(n: int, m: int, seed: int = 3) -> str:
    """A random typed graph of ``n`` entities and ``m`` relations, each with an evidence sentence."""
    rng = random.Random(seed)
    types = ["Program", "Region", "Agency", "Industry", "Organization", "Person"]
    lines = [PREFIXES, "id:d a kg:Document ; kg:path \"corpus/big.txt\" ."]
    for i in range(n):
        lines.append(f"id:e{i} a kg:{types[i % 6]} ; skos:prefLabel \"实体{i}号\"@zh .")
    seen = set()
    while len(seen) < m:
        s, o = rng.randrange(n), int(n * rng.random() ** 2)
        if s != o and (s, o) not in seen:
            k = len(seen)
            seen.add((s, o))
            lines.append(f"id:e{s} kg:partOf id:e{o} . id:s{k} a kg:Sentence ; kg:text \"实体{s}号属于实体{o}号。\" ;"
                         f" kg:inDocument id:d . id:a{k} a kg:Assertion ; rdf:subject id:e{s} ;"
                         f" rdf:predicate kg:partOf ; rdf:object id:e{o} ; kg:evidence id:s{k} .")
    return "\n".join(lines) + "\n"


def test_large_graph_opens_with_precomputed_positions(opened, tmp_path):
    source = tmp_path / "big.ttl"
    source.write_text(_synthetic_ttl(3000, 9000), encoding="utf-8")
    path = tmp_path / "big.html"
    view = write_html(source, path)
    assert len(view.nodes) == 3000 and len(view.edges) == 9000
    o = opened(path).ready()
    assert o.page.evaluate("kgView.data.physics") is False
    # the browser draws the positions computed in Python; nothing moved them
    moved = o.page.evaluate("""() => { const drawn = kgView.network.body.nodes;  // getPositions() rounds
        return kgView.data.nodes.filter((n, i) => Math.abs(drawn[i].x - n.x) > 0.01 || Math.abs(drawn[i].y - n.y) > 0.01).length; }""")
    assert moved == 0
    o.page.fill("#q", "实体2999号")
    o.page.press("#q", "Enter")
    assert o.page.locator("#panel h2 .name").inner_text() == "实体2999号"
    assert o.other_requests() == [] and o.problems == []


def _notebook_output(graph: Path) -> str:
    """The text/html a real Jupyter kernel returns for ``kg.open(graph).view()``."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        f"import kg\nkg.open({str(graph)!r}).view(height=600)")])
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    outputs = nb.cells[0].outputs
    assert [o["output_type"] for o in outputs] == ["execute_result"], outputs
    return outputs[0]["data"]["text/html"]


def test_shows_inline_in_jupyter(opened, examples_build):
    # in a thread of its own: the kernel client's event loop must not meet Playwright's
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        shown = pool.submit(_notebook_output, examples_build).result()
    # as the notebook front end does: the output's HTML inside the page, the explorer in its iframe
    o = opened(html=f"<!DOCTYPE html><html><body><div class='output'>{shown}</div></body></html>")
    frame = o.page.frame_locator("iframe")
    frame.locator('html[data-ready="1"]').wait_for(state="attached", timeout=30000)
    assert int(frame.locator("#counts").inner_text().split()[0]) > 20
    assert o.other_requests() == [] and o.problems == []
