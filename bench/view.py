"""Explorer speed: time until the page is interactive, ``kg view`` against pyvis defaults.

For synthetic policy graphs of 1,000 and 10,000 entities (about 3 relations per entity, with
hubs: regions, agencies and industries that many programs point at; every relation with an
evidence sentence in one of 100 documents), in one headless Chromium (``/usr/bin/chromium``,
driven by Playwright), same run:

- **kg view**: ``kg.view.render_html`` of the graph loaded from N-Quads (positions computed in
  Python, physics off above 500 nodes); interactive = the page's ``window.kgReady`` (set once the
  network is drawn).
- **pyvis defaults**: ``pyvis.network.Network()`` with default settings (physics on,
  stabilisation), the same nodes (label = canonical name) and edges. Its page loads vis-network
  and its CSS from CDNs, which cannot be reached here, so those tags are pointed at local copies
  of the same files (vis-network 9.1.2, the build pyvis itself ships) and Bootstrap (page styling
  only) is dropped; nothing else changes. Interactive = vis-network's
  ``stabilizationIterationsDone`` followed by a drawn frame (pyvis shows its loading bar until
  then). Its wait is capped (``--cap``, 180 s) and reported as "> cap".

Once the kg page is interactive, it also times selecting the best-connected node (side panel
filled, neighbourhood highlighted, frame redrawn): the page has to stay interactive, not only open.

Times are from navigation start (``performance.now()`` in the page). Nodes are added to the
pyvis network with ``add_node``; edges are appended as ``add_edge`` would build them, because
``add_edge`` checks for duplicates in O(edges) per call (minutes at 30,000 edges), which is
Python time, not page time.

    python bench/view.py [--sizes 1000,10000] [--cap 180] [--repeat 3]
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

KG = "https://purl.org/kg-policy/ontology#"
BASE = "https://purl.org/kg-policy/id/"

_INDUSTRY_WORDS = ["数字经济", "人工智能", "集成电路", "新能源汽车", "生物医药", "高端装备", "新材料", "智能制造",
                   "工业互联网", "大数据", "云计算", "区块链", "物联网", "软件和信息服务", "节能环保", "现代农业",
                   "文化旅游", "现代物流", "金融科技", "航空航天", "海洋经济", "绿色低碳", "氢能", "储能",
                   "智能网联汽车", "医疗器械", "半导体", "光伏", "新一代信息技术", "电子商务"]
_PROGRAM_SUFFIX = ["发展行动计划", "高质量发展实施方案", "产业发展规划", "若干政策措施", "三年行动方案",
                   "专项行动", "扶持办法", "创新发展工程"]
_AGENCY_SUFFIX = ["发展和改革委员会", "经济和信息化局", "科学技术局", "商务局", "财政局", "人民政府",
                  "市场监督管理局", "工业和信息化厅"]
_ORG_SUFFIX = ["科技有限公司", "产业园", "研究院", "集团有限公司", "创新中心", "产业联盟"]
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰文斌宇浩凯"

#: (predicate, subject type, object type, weight)
_KINDS = [("issuedBy", "Program", "Agency", 8), ("appliesTo", "Program", "Region", 8),
          ("targetsIndustry", "Program", "Industry", 7), ("focusIndustry", "Region", "Industry", 3),
          ("partOf", "Region", "Region", 1), ("jurisdiction", "Agency", "Region", 1),
          ("memberOf", "Person", "Agency", 1), ("locatedIn", "Organization", "Region", 2),
          ("successorOf", "Program", "Program", 1)]
_SHARE = {"Program": 0.42, "Region": 0.14, "Agency": 0.12, "Industry": 0.10, "Organization": 0.14, "Person": 0.08}


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def synthetic_graph(n: int, edges_per_node: float = 3.0, seed: int = 1, documents: int = 100) -> str:
    """N-Quads of a policy-like graph of ``n`` entities and ``round(n * edges_per_node)`` relations.

    Shaped as ``kg build`` writes it (design.md): typed entities with prefLabel/altLabel, regions
    with codes, relations as plain triples plus kg:Assertion → kg:Sentence → kg:Document, one
    named graph per document. Targets are drawn Zipf-like, so some entities are hubs.
    """
    rng = random.Random(seed)
    regions = []
    with open(ROOT / "seeds" / "regions.csv", encoding="utf-8") as f:
        next(f)
        for line in f:
            code, name, *_ = line.rstrip("\n").split(",")
            regions.append((code, name))
    surnames = (ROOT / "seeds" / "surnames.txt").read_text(encoding="utf-8").splitlines()[1].split()
    counts = {t: max(1, int(n * share)) for t, share in _SHARE.items()}
    counts["Program"] += n - sum(counts.values())
    used: set[str] = set()

    def unique(name: str) -> str:
        base, k = name, 2
        while name in used:
            name = f"{base}（{k}）"
            k += 1
        used.add(name)
        return name

    entities: dict[str, list[tuple[str, str, list[str], str | None]]] = {}
    for t, count in counts.items():
        items = []
        for i in range(count):
            code = None
            aliases: list[str] = []
            if t == "Region":
                code, name = regions[i % len(regions)]
                name = unique(name)
            elif t == "Program":
                r = rng.choice(regions)[1]
                y = rng.randint(2018, 2024)
                name = unique(f"{r}{rng.choice(_INDUSTRY_WORDS)}{rng.choice(_PROGRAM_SUFFIX)}（{y}—{y + 3}年）")
            elif t == "Agency":
                r = rng.choice(regions)[1]
                name = unique(f"{r}{rng.choice(_AGENCY_SUFFIX)}")
                if "经济和信息化" in name:
                    aliases.append(name.replace("经济和信息化局", "经信局"))
            elif t == "Industry":
                word = _INDUSTRY_WORDS[i % len(_INDUSTRY_WORDS)]
                name = unique(word if i < len(_INDUSTRY_WORDS) else f"{word}{i // len(_INDUSTRY_WORDS)}")
            elif t == "Organization":
                r = rng.choice(regions)[1].rstrip("市省区县")
                name = unique(f"{r}{rng.choice(_INDUSTRY_WORDS)}{rng.choice(_ORG_SUFFIX)}")
            else:
                name = unique(rng.choice(surnames) + "".join(rng.choice(_GIVEN) for _ in range(rng.randint(1, 2))))
            iri = f"{BASE}{t.lower()}/{i}"
            items.append((iri, name, aliases, code))
        entities[t] = items

    def zipf(k: int) -> int:
        return min(k - 1, int(k * rng.random() ** 2.2))

    weights = [w for *_, w in _KINDS]
    want = round(n * edges_per_node)
    edges: dict[tuple[str, str, str], None] = {}
    attempts = 0
    while len(edges) < want and attempts < want * 20:
        attempts += 1
        p, st, ot, _ = rng.choices(_KINDS, weights)[0]
        s = entities[st][rng.randrange(len(entities[st]))][0]
        o = entities[ot][zipf(len(entities[ot]))][0]
        if s != o:
            edges[(s, p, o)] = None

    names = {iri: name for items in entities.values() for iri, name, _, _ in items}
    lines = []
    docs = [(f"{BASE}doc/{d:016x}", f"{BASE}graph/{d:016x}") for d in range(documents)]
    for d, (doc, graph) in enumerate(docs):
        lines.append(f"<{doc}> <{RDF_TYPE}> <{KG}Document> <{graph}> .")
        lines.append(f"<{doc}> <{KG}path> {_lit(f'corpus/policy-{d:03d}.txt')} <{graph}> .")
        lines.append(f"<{doc}> <http://purl.org/dc/terms/title> {_lit(f'关于印发第{d + 1}批产业政策的通知')}@zh <{graph}> .")
    for t, items in entities.items():
        for k, (iri, name, aliases, code) in enumerate(items):
            graph = docs[k % documents][1]
            lines.append(f"<{iri}> <{RDF_TYPE}> <{KG}{t}> <{graph}> .")
            lines.append(f"<{iri}> <http://www.w3.org/2004/02/skos/core#prefLabel> {_lit(name)}@zh <{graph}> .")
            lines.append(f"<{iri}> <http://www.w3.org/2000/01/rdf-schema#label> {_lit(name)}@zh <{graph}> .")
            for a in aliases:
                lines.append(f"<{iri}> <http://www.w3.org/2004/02/skos/core#altLabel> {_lit(a)}@zh <{graph}> .")
            if code:
                lines.append(f"<{iri}> <{KG}regionCode> {_lit(code)} <{graph}> .")
            lines.append(f"<{iri}> <{KG}mentionedIn> <{docs[k % documents][0]}> <{graph}> .")
    verbs = {"issuedBy": "由{o}印发{s}", "appliesTo": "{s}在{o}范围内实施", "targetsIndustry": "{s}重点支持{o}产业发展",
             "focusIndustry": "{s}大力发展{o}", "partOf": "{s}隶属于{o}", "jurisdiction": "{s}负责{o}相关工作",
             "memberOf": "{o}负责人{s}出席会议", "locatedIn": "{s}位于{o}", "successorOf": "{s}接续{o}"}
    for k, (s, p, o) in enumerate(edges):
        doc, graph = docs[k % documents]
        start = (k // documents) * 60
        sent = f"{doc}/sentence/{start}-{start + 50}"
        a = f"{doc}/assertion/{k:016x}"
        text = verbs[p].format(s=names[s], o=names[o]) + "。"
        lines += [f"<{s}> <{KG}{p}> <{o}> <{graph}> .",
                  f"<{a}> <{RDF_TYPE}> <{KG}Assertion> <{graph}> .",
                  f"<{a}> <{RDF}subject> <{s}> <{graph}> .",
                  f"<{a}> <{RDF}predicate> <{KG}{p}> <{graph}> .",
                  f"<{a}> <{RDF}object> <{o}> <{graph}> .",
                  f"<{a}> <{KG}evidence> <{sent}> <{graph}> .",
                  f"<{a}> <http://www.w3.org/ns/prov#wasDerivedFrom> <{doc}> <{graph}> .",
                  f"<{sent}> <{RDF_TYPE}> <{KG}Sentence> <{graph}> .",
                  f"<{sent}> <{KG}text> {_lit(text)} <{graph}> .",
                  f"<{sent}> <{KG}start> \"{start}\"^^<http://www.w3.org/2001/XMLSchema#integer> <{graph}> .",
                  f"<{sent}> <{KG}inDocument> <{doc}> <{graph}> ."]
    return "\n".join(lines) + "\n"


RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = RDF + "type"


# ---- pyvis baseline ----------------------------------------------------------------------------

def pyvis_page(view, folder: Path) -> Path:
    """pyvis's default page for the view's nodes and edges, made loadable offline."""
    from pyvis.edge import Edge
    from pyvis.network import Network

    net = Network()  # default settings
    for i, node in enumerate(view.nodes):
        net.add_node(i, label=node.name)
    for e in view.edges:  # what add_edge(source, target) appends, without its O(m) duplicate scan
        net.edges.append(Edge(e.source, e.target, net.directed).options)
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        net.write_html("pyvis.html")  # with cdn_resources="local" this also copies pyvis's lib/ here
    finally:
        os.chdir(cwd)
    page = folder / "pyvis.html"
    text = page.read_text(encoding="utf-8")
    text = localise_pyvis(text)
    page.write_text(text, encoding="utf-8")
    return page


def localise_pyvis(text: str) -> str:
    """Point pyvis's CDN tags at pyvis's own lib/ copies of vis-network 9.1.2 and its CSS, drop
    Bootstrap, and add a hook that marks the page interactive."""
    import re

    text = re.sub(r'<script\s+src="https://cdnjs[^"]*vis-network[^"]*"[^>]*></script>',
                  '<script src="lib/vis-9.1.2/vis-network.min.js"></script>', text)
    text = re.sub(r'<link\s+rel="stylesheet"\s+href="https://cdnjs[^"]*vis-network[^"]*"[^>]*/>',
                  '<link rel="stylesheet" href="lib/vis-9.1.2/vis-network.css" />', text)
    text = re.sub(r'<link\s+href="https://cdn\.jsdelivr\.net/npm/bootstrap[^>]*/>', "", text, flags=re.S)
    text = re.sub(r'<script\s+src="https://cdn\.jsdelivr\.net/npm/bootstrap[^>]*></script>', "", text, flags=re.S)
    if re.search(r'(src|href)="https?://', text):
        raise RuntimeError("pyvis page still refers to a remote resource")
    hook = """<script>(function () {
  function done() { window.kgReadyAt = performance.now(); window.kgReady = true;
                    document.documentElement.setAttribute("data-ready", "1"); }
  if (network.physics.options.enabled && network.physics.options.stabilization.enabled) {
    network.once("stabilizationIterationsDone", function () { network.once("afterDrawing", done); network.redraw(); });
  } else { network.once("afterDrawing", done); }
})();</script>"""
    return text.replace("</body>", hook + "\n</body>", 1)


# ---- measuring ---------------------------------------------------------------------------------

#: in the kg page once interactive: milliseconds to select the best-connected node (side panel
#: filled, neighbourhood highlighted and the frame drawn again)
SELECT_HUB = """() => { const d = kgView.data.nodes, hub = d.reduce((b, n, i) => n.d > d[b].d ? i : b, 0);
  const a = performance.now(); kgView.selectNode(hub, false); return performance.now() - a; }"""


def time_to_interactive(browser, page_path: Path, cap: float,
                        probe: str | None = None) -> tuple[float | None, int, float | None]:
    """Milliseconds from navigation start until the page says it is interactive (None: cap
    reached), how many requests it made besides the page itself, and what ``probe`` (a
    function run in the page once it is interactive) returns."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(page_path.as_uri(), wait_until="commit")
    try:
        page.wait_for_selector('html[data-ready="1"]', state="attached", timeout=cap * 1000)
        ready = page.evaluate("() => window.kgReadyAt")
    except Exception:  # noqa: BLE001 - Playwright's TimeoutError
        ready = None
    probed = page.evaluate(probe) if probe and ready is not None else None
    others = [u for u in requests if u != page_path.as_uri() and not u.startswith("file://")]
    context.close()
    return ready, len(others), probed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--cap", type=float, default=180.0, help="seconds to wait for pyvis at most")
    ap.add_argument("--repeat", type=int, default=3, help="runs of the kg page (median reported)")
    ap.add_argument("--keep", type=Path, help="also copy the pages here")
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"bench: {CHROMIUM} not found (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    import kg
    from kg.view import build_view, render_html

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in (int(s) for s in args.sizes.split(",")):
            folder = Path(tmp) / str(n)
            folder.mkdir()
            source = folder / "graph.nq"
            source.write_text(synthetic_graph(n), encoding="utf-8")
            t0 = time.perf_counter()
            graph = kg.open(source)
            view = build_view(graph)
            t1 = time.perf_counter()
            page = folder / "kg.html"
            page.write_text(render_html(view), encoding="utf-8")
            t2 = time.perf_counter()
            ours, selects = [], []
            for _ in range(args.repeat):
                ms, other, select_ms = time_to_interactive(browser, page, 60, SELECT_HUB)
                if other:
                    sys.exit(f"bench: the kg page made {other} network requests")
                ours.append(ms if ms is not None else float("inf"))
                selects.append(select_ms if select_ms is not None else float("inf"))
            ours_ms, select_ms = statistics.median(ours), statistics.median(selects)
            theirs_page = pyvis_page(view, folder)
            theirs_ms, _, _ = time_to_interactive(browser, theirs_page, args.cap)
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(page, args.keep / f"kg-{n}.html")
                shutil.copy(theirs_page, args.keep / f"pyvis-{n}.html")
            rows.append((n, len(view.edges), t1 - t0, t2 - t1, ours_ms, select_ms, theirs_ms, page.stat().st_size))
        browser.close()

    print(f"{'nodes':>7} {'edges':>7} {'build view':>11} {'render':>8} {'page MB':>8} "
          f"{'kg view':>9} {'select':>8} {'pyvis':>9} {'ratio':>8}")
    for n, m, tb, tr, ours_ms, select_ms, theirs_ms, size in rows:
        theirs = f"{theirs_ms / 1000:.2f} s" if theirs_ms is not None else f"> {args.cap:.0f} s"
        ratio_value = (theirs_ms if theirs_ms is not None else args.cap * 1000) / ours_ms
        ratio = f"{'>' if theirs_ms is None else ''}{ratio_value:.1f}x"
        print(f"{n:>7} {m:>7} {tb:>9.2f} s {tr:>6.2f} s {size / 1e6:>8.2f} {ours_ms / 1000:>7.2f} s "
              f"{select_ms:>5.0f} ms {theirs:>9} {ratio:>8}")
    print("kg view: time from navigation start until the network is drawn and the page interactive "
          f"(median of {args.repeat}); select: then selecting the best-connected node (panel, highlight, "
          "redraw); pyvis: default Network() until stabilised and drawn, same browser.")


if __name__ == "__main__":
    main()
