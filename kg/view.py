"""Interactive graph explorer: a graph → a view model → one self-contained HTML page.

The page is a single file: vis-network (vendored in ``kg/data``), the explorer's script and
style, and the graph's data are all inlined, and a Content-Security-Policy forbids every
network request, so it opens offline and behind firewalls. Positions are computed here, in
Python, so the browser only draws: physics is on only for small graphs.

    >>> import kg
    >>> from kg.view import render_html
    >>> g = kg.KnowledgeGraph.from_turtle('''
    ...   @prefix kg: <https://purl.org/kg-policy/ontology#> .
    ...   @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    ...   <http://x/r> a kg:Region ; skos:prefLabel "浙江省"@zh ; skos:altLabel "浙江"@zh .''')
    >>> page = render_html(g)
    >>> page.startswith("<!DOCTYPE html>") and "浙江省" in page
    True

Safety: document-derived text only ever reaches the page inside a JSON block whose ``<``,
``>``, ``&``, U+2028 and U+2029 are escaped, and the script builds the DOM with
``textContent``; inline scripts are pinned by hash in the CSP, so an injected event handler
would not run even if some text were ever parsed as HTML.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from kg.rdf import KG, RDFS, SKOS
from kg.text import normalize_name

DATA_DIR = Path(__file__).resolve().parent / "data"
VIS_JS = DATA_DIR / "vis-network.min.js"
VIS_VERSION = "9.1.2"

ENTITY_TYPES = ("Program", "Region", "Agency", "Industry", "Organization", "Person")

#: label (Chinese), colour and vis-network shape of each entity type
TYPE_STYLES: dict[str, dict[str, str]] = {
    "Program": {"label": "规划/政策", "color": "#4e79a7", "shape": "dot"},
    "Region": {"label": "地区", "color": "#59a14f", "shape": "triangle"},
    "Agency": {"label": "机构", "color": "#e15759", "shape": "square"},
    "Industry": {"label": "产业", "color": "#f28e2b", "shape": "diamond"},
    "Organization": {"label": "组织", "color": "#b07aa1", "shape": "hexagon"},
    "Person": {"label": "人物", "color": "#17becf", "shape": "star"},
}

PREDICATE_LABELS = {
    "issuedBy": "发布主体", "appliesTo": "适用地区", "targetsIndustry": "目标产业",
    "focusIndustry": "重点产业", "partOf": "隶属于", "jurisdiction": "管辖", "memberOf": "任职于",
    "locatedIn": "位于", "successorOf": "接续", "broader": "上位类",
}

#: above this many nodes the browser gets physics off (positions are final)
PHYSICS_MAX_NODES = 500
#: at most this many mention sentences per entity go into the page
MENTION_SENTENCES = 3

_NOT_EDGES = {f"{KG}mentionedIn", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"}
_TYPE_VALUES = " ".join(f"kg:{t}" for t in ENTITY_TYPES)


class ViewError(Exception):
    """A view that cannot be made (unknown focus name, unknown type); one line."""


@dataclass
class Node:
    iri: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    region_code: str | None = None
    degree: int = 0
    x: float = 0.0
    y: float = 0.0
    mentions: list[int] = field(default_factory=list)   # sentence indices
    documents: list[int] = field(default_factory=list)  # document indices (kg:mentionedIn)


@dataclass
class Edge:
    source: int
    target: int
    predicate: str               # IRI
    evidence: list[int] = field(default_factory=list)  # sentence indices


@dataclass
class Sentence:
    text: str
    document: int | None
    start: int | None = None


@dataclass
class Document:
    iri: str
    path: str | None = None
    title: str | None = None


@dataclass
class View:
    """What the page shows: nodes, edges, evidence sentences and their documents."""
    nodes: list[Node]
    edges: list[Edge]
    sentences: list[Sentence]
    documents: list[Document]
    focus: list[int] = field(default_factory=list)
    title: str = "kg"

    def stats(self) -> dict[str, Any]:
        by_type: dict[str, int] = defaultdict(int)
        for n in self.nodes:
            by_type[n.type] += 1
        return {"nodes": len(self.nodes), "edges": len(self.edges), "types": dict(by_type)}


# ---------------------------------------------------------------------------------------------
# graph → view model
# ---------------------------------------------------------------------------------------------

def _open(graph):
    from kg.api import KnowledgeGraph
    from kg.api import open as open_graph

    if isinstance(graph, KnowledgeGraph):
        return graph
    if isinstance(graph, (str, Path)):
        return open_graph(graph)
    raise TypeError(f"expected a KnowledgeGraph, a View or a path, not {type(graph).__name__}")


def _select(graph, sparql: str):
    """Rows of raw values (str or None) of a SELECT."""
    result = graph.query_raw(sparql)
    names = [v.value for v in result.variables]
    for sol in result:
        yield [None if sol[n] is None else sol[n].value for n in names]


def parse_types(types: str | Iterable[str] | None) -> list[str] | None:
    """``"Program,agency"`` → ``["Program", "Agency"]``; unknown names raise ViewError."""
    if types is None:
        return None
    items = types.split(",") if isinstance(types, str) else list(types)
    lookup = {t.lower(): t for t in ENTITY_TYPES}
    lookup.update({s["label"]: t for t, s in TYPE_STYLES.items()})
    out = []
    for item in (i.strip() for i in items):
        if not item:
            continue
        key = item.rsplit("#", 1)[-1].removeprefix("kg:")
        if key.lower() not in lookup and key not in lookup:
            raise ViewError(f"unknown type {item!r}; choose from {', '.join(ENTITY_TYPES)}")
        t = lookup.get(key.lower()) or lookup[key]
        if t not in out:
            out.append(t)
    if not out:
        raise ViewError("--types names no type")
    return out


def build_view(graph, *, focus: str | Sequence[str] | None = None, depth: int = 1,
               types: str | Iterable[str] | None = None, title: str | None = None) -> View:
    """The view model of ``graph`` (a KnowledgeGraph or a path), positions included.

    ``focus``: a name or alias (Simplified or Traditional); the view is then the ego network of
    radius ``depth`` around every entity of that name. ``types``: keep only these entity types
    (the focus entities are always kept).
    """
    g = _open(graph)
    type_filter = parse_types(types)

    # -- entities ------------------------------------------------------------------------------
    order = {t: i for i, t in enumerate(ENTITY_TYPES)}
    etype: dict[str, str] = {}
    for e, t in _select(g, f"SELECT ?e ?t WHERE {{ VALUES ?t {{ {_TYPE_VALUES} }} ?e a ?t }}"):
        t = t.rsplit("#", 1)[-1]
        if e not in etype or order[t] < order[etype[e]]:
            etype[e] = t
    pref: dict[str, str] = {}
    label: dict[str, str] = {}
    alts: dict[str, list[str]] = defaultdict(list)
    code: dict[str, str] = {}
    for e, p, v in _select(g, f"""SELECT ?e ?p ?v WHERE {{
            VALUES ?t {{ {_TYPE_VALUES} }} ?e a ?t .
            VALUES ?p {{ skos:prefLabel rdfs:label skos:altLabel kg:regionCode }} ?e ?p ?v }}"""):
        if p == f"{SKOS}prefLabel":
            pref[e] = min(pref.get(e, v), v)
        elif p == f"{RDFS}label":
            label[e] = min(label.get(e, v), v)
        elif p == f"{SKOS}altLabel":
            if v not in alts[e]:
                alts[e].append(v)
        else:
            code[e] = min(code.get(e, v), v)

    # -- relations between entities ------------------------------------------------------------
    triples: dict[tuple[str, str, str], None] = {}
    for s, p, o in _select(g, f"""SELECT DISTINCT ?s ?p ?o WHERE {{
            VALUES ?t {{ {_TYPE_VALUES} }} ?s a ?t . ?s ?p ?o . FILTER(isIRI(?o)) }}"""):
        if p not in _NOT_EDGES and o in etype and s != o:
            triples[(s, p, o)] = None
    assertions: dict[tuple[str, str, str], list[tuple[str, str | None, str | None, str | None]]] = defaultdict(list)
    for s, p, o, sent, text, start, doc in _select(g, """SELECT ?s ?p ?o ?sent ?text ?start ?doc WHERE {
            ?a a kg:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
            OPTIONAL { ?a kg:evidence ?sent .
                       OPTIONAL { ?sent kg:text ?text } OPTIONAL { ?sent kg:start ?start }
                       OPTIONAL { ?sent kg:inDocument ?sdoc } }
            OPTIONAL { ?a prov:wasDerivedFrom ?adoc }
            BIND(COALESCE(?sdoc, ?adoc) AS ?doc) }"""):
        if s in etype and o in etype and s != o:
            triples.setdefault((s, p, o), None)
            if sent is not None:
                assertions[(s, p, o)].append((sent, text, start, doc))

    # -- which entities the view shows -----------------------------------------------------------
    keep = set(etype)
    if type_filter is not None:
        keep = {e for e in keep if etype[e] in type_filter}
    centres: list[str] = []
    if focus:
        centres = _match_focus(focus, etype, pref, label, alts)
        keep |= set(centres)
        adjacency: dict[str, set[str]] = defaultdict(set)
        for s, _, o in triples:
            if s in keep and o in keep:
                adjacency[s].add(o)
                adjacency[o].add(s)
        seen = set(centres)
        frontier = list(centres)
        for _ in range(max(0, int(depth))):
            nxt = []
            for e in frontier:
                for nb in adjacency.get(e, ()):
                    if nb not in seen:
                        seen.add(nb)
                        nxt.append(nb)
            frontier = nxt
        keep = seen

    iris = sorted(keep, key=lambda e: (order[etype[e]], e))
    index = {e: i for i, e in enumerate(iris)}
    nodes = [Node(iri=e, type=etype[e], name=pref.get(e) or label.get(e) or _tail(e),
                  aliases=[], region_code=code.get(e)) for e in iris]
    for n in nodes:
        n.aliases = [a for a in sorted(alts.get(n.iri, ())) if a != n.name]
        if label.get(n.iri) and label[n.iri] != n.name and label[n.iri] not in n.aliases:
            n.aliases.insert(0, label[n.iri])

    # -- documents and sentences -----------------------------------------------------------------
    documents: list[Document] = []
    doc_index: dict[str, int] = {}
    doc_meta: dict[str, tuple[str | None, str | None]] = {}
    for d, path, ttl in _select(g, """SELECT ?d ?path ?title WHERE { ?d a kg:Document .
            OPTIONAL { ?d kg:path ?path } OPTIONAL { ?d dcterms:title ?title } }"""):
        old = doc_meta.get(d, (None, None))
        doc_meta[d] = (old[0] or path, old[1] or ttl)

    def doc_id(d: str | None) -> int | None:
        if d is None:
            return None
        if d not in doc_index:
            path, ttl = doc_meta.get(d, (None, None))
            doc_index[d] = len(documents)
            documents.append(Document(iri=d, path=path, title=ttl))
        return doc_index[d]

    sentences: list[Sentence] = []
    sent_index: dict[str, int] = {}

    def sent_id(sent: str, text: str | None, start: str | None, doc: str | None) -> int:
        if sent not in sent_index:
            sent_index[sent] = len(sentences)
            sentences.append(Sentence(text=text or "", document=doc_id(doc),
                                      start=int(start) if start and start.lstrip("-").isdigit() else None))
        return sent_index[sent]

    edges: list[Edge] = []
    for (s, p, o) in sorted(triples):
        if s in index and o in index:
            ev = sorted(assertions.get((s, p, o), ()), key=lambda r: (r[3] or "", _int(r[2]), r[0]))
            ids = []
            for sent, text, start, doc in ev:
                i = sent_id(sent, text, start, doc)
                if i not in ids:
                    ids.append(i)
            edges.append(Edge(index[s], index[o], p, ids))

    mention_rows: dict[str, list[tuple[str, str, str | None, str | None]]] = defaultdict(list)
    for e, sent, text, start, doc in _select(g, """SELECT DISTINCT ?e ?sent ?text ?start ?doc WHERE {
            ?m kg:denotes ?e ; kg:inSentence ?sent . ?sent kg:text ?text .
            OPTIONAL { ?sent kg:start ?start } OPTIONAL { ?sent kg:inDocument ?doc } }"""):
        if e in index:
            mention_rows[e].append((sent, text, start, doc))
    for e, rows in mention_rows.items():
        rows.sort(key=lambda r: (r[3] or "", _int(r[2]), r[0]))
        node = nodes[index[e]]
        for sent, text, start, doc in rows:
            i = sent_id(sent, text, start, doc)
            if i not in node.mentions:
                node.mentions.append(i)
            if len(node.mentions) >= MENTION_SENTENCES:
                break
    for e, d in _select(g, "SELECT DISTINCT ?e ?d WHERE { ?e kg:mentionedIn ?d }"):
        if e in index:
            i = doc_id(d)
            node = nodes[index[e]]
            if i not in node.documents:
                node.documents.append(i)

    view = View(nodes=nodes, edges=edges, sentences=sentences, documents=documents,
                focus=[index[c] for c in centres if c in index],
                title=title or _default_title(g, focus))
    for e in edges:
        nodes[e.source].degree += 1
        nodes[e.target].degree += 1
    place(view)
    return view


def place(view: View) -> None:
    """Positions for the view's nodes: connected ones by ``layout``, isolated ones (no
    relation in the view) in a compact grid under them, sorted by type and name."""
    linked = [i for i, n in enumerate(view.nodes) if n.degree > 0]
    alone = [i for i, n in enumerate(view.nodes) if n.degree == 0]
    remap = {old: new for new, old in enumerate(linked)}
    xy = layout([(remap[e.source], remap[e.target]) for e in view.edges], len(linked))
    for i, (x, y) in zip(linked, xy):
        view.nodes[i].x, view.nodes[i].y = float(x), float(y)
    if not alone:
        return
    alone.sort(key=lambda i: (ENTITY_TYPES.index(view.nodes[i].type), view.nodes[i].name))
    gap = EDGE_PIXELS * 0.8
    if len(xy):
        left, right, bottom = float(xy[:, 0].min()), float(xy[:, 0].max()), float(xy[:, 1].max())
        cols = max(int(math.ceil(math.sqrt(len(alone)))), int((right - left) / gap) + 1)
        top = bottom + 2 * gap
    else:
        cols = int(math.ceil(math.sqrt(len(alone))))
        left, top = -(cols - 1) * gap / 2, -(len(alone) // cols) * gap / 2
    for k, i in enumerate(alone):
        view.nodes[i].x = float(round(left + (k % cols) * gap))
        view.nodes[i].y = float(round(top + (k // cols) * gap))


def _int(value: str | None) -> int:
    try:
        return int(value) if value is not None else -1
    except ValueError:
        return -1


def _tail(iri: str) -> str:
    from urllib.parse import unquote

    return unquote(iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1])


def _default_title(g, focus) -> str:
    where = Path(str(g.path)).name if getattr(g, "path", None) else "kg"
    if focus:
        names = [focus] if isinstance(focus, str) else list(focus)
        return f"{where} · {'、'.join(names)}"
    return where


def _match_focus(focus: str | Sequence[str], etype, pref, label, alts) -> list[str]:
    """Entities whose name or alias equals ``focus`` after folding (Traditional → Simplified,
    full-width, quotes, spaces); else the single entity containing it; else an error."""
    wanted = [focus] if isinstance(focus, str) else list(focus)
    keys: dict[str, set[str]] = {}
    for e in etype:
        names = {pref.get(e), label.get(e), *alts.get(e, ())} - {None}
        keys[e] = {normalize_name(n).lower() for n in names}
    out: list[str] = []
    for name in wanted:
        key = normalize_name(name).lower()
        if not key:
            raise ViewError("--focus is empty")
        exact = sorted(e for e, ks in keys.items() if key in ks)
        if not exact:
            partial = sorted((e for e, ks in keys.items() if any(key in k for k in ks)),
                             key=lambda e: (len(pref.get(e) or label.get(e) or e), e))
            if len(partial) == 1:
                exact = partial
            elif partial:
                names = "、".join(pref.get(e) or label.get(e) or _tail(e) for e in partial[:8])
                more = f" and {len(partial) - 8} more" if len(partial) > 8 else ""
                raise ViewError(f"--focus {name!r} is ambiguous: {names}{more}")
            else:
                raise ViewError(f"--focus {name!r}: no entity has that name or alias")
        out.extend(e for e in exact if e not in out)
    return out


# ---------------------------------------------------------------------------------------------
# layout
# ---------------------------------------------------------------------------------------------

#: pixels per unit of ideal edge length
EDGE_PIXELS = 140.0
#: least median distance between a node and its nearest neighbour, in pixels: in hub-heavy
#: graphs most edges are long spokes, and scaling by edge length alone packs the rest together
NEIGHBOUR_PIXELS = 45.0


def layout(edges: Sequence[tuple[int, int]], n: int, seed: int = 7) -> np.ndarray:
    """Positions (n × 2, in pixels) for a graph of ``n`` nodes.

    Fruchterman-Reingold, as networkx's ``spring_layout``, but with the repulsion of all nodes
    computed on a grid by FFT convolution (a particle-mesh method), exact between nodes that
    share a cell, plus a weak pull to the centre that keeps components together. One iteration
    costs O(n + m + G² log G) time and O(n + m + G²) memory (G ≤ 256), where networkx's sparse
    spring layout costs O(n²) time per iteration: about 1.5 s for 10,000 nodes and 30,000 edges.
    """
    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.zeros((1, 2))
    uv = np.array(sorted({(min(a, b), max(a, b)) for a, b in edges if a != b}), dtype=np.int64).reshape(-1, 2)
    xy = mesh_layout(n, uv[:, 0], uv[:, 1], seed=seed)
    return _normalise(_gather_components(xy, uv), uv)


def _gather_components(xy: np.ndarray, uv: np.ndarray) -> np.ndarray:
    """Move small components flung far out (early, hot iterations) back to the rim of the rest,
    whole, so they do not stretch the view that fits everything."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(xy)
    count, label = connected_components(coo_matrix((np.ones(len(uv)), (uv[:, 0], uv[:, 1])), shape=(n, n)),
                                        directed=False)
    if count < 2:
        return xy
    centre = xy.mean(0)
    rim = float(np.percentile(np.sqrt(((xy - centre) ** 2).sum(1)), 99))
    sums = np.zeros((count, 2))
    np.add.at(sums, label, xy)
    centroids = sums / np.bincount(label, minlength=count)[:, None]
    dist = np.sqrt(((centroids - centre) ** 2).sum(1))
    far = dist > rim
    shift = np.zeros((count, 2))
    shift[far] = (centroids[far] - centre) * (rim / dist[far] - 1)[:, None]
    return xy + shift[label]


def _normalise(xy: np.ndarray, uv: np.ndarray) -> np.ndarray:
    """Centre on the origin and scale so the median edge is about EDGE_PIXELS long and the
    median nearest-neighbour distance at least NEIGHBOUR_PIXELS."""
    from scipy.spatial import cKDTree

    xy = xy - xy.mean(0)
    factors = []
    if len(uv):
        d = np.sqrt(((xy[uv[:, 0]] - xy[uv[:, 1]]) ** 2).sum(1))
        med = float(np.median(d))
        if med > 1e-9:
            factors.append(EDGE_PIXELS / med)
    if len(xy) > 1:
        nearest = cKDTree(xy).query(xy, k=2)[0][:, 1]
        med = float(np.median(nearest))
        if med > 1e-9:
            factors.append(NEIGHBOUR_PIXELS / med)
    if factors:
        xy *= max(factors)
    return np.round(xy)  # whole pixels: vis-network parseInt()s positions anyway


@lru_cache(maxsize=4)
def _mesh_kernel(grid: int) -> np.ndarray:
    """FFT of the repulsion kernel r/|r|² (as a complex number x + iy) on a 2G × 2G torus."""
    ax = np.fft.fftfreq(2 * grid, 1.0 / (2 * grid))
    ox, oy = np.meshgrid(ax, ax, indexing="ij")
    r2 = ox * ox + oy * oy
    r2[0, 0] = 1.0
    k = (ox + 1j * oy) / r2
    k[0, 0] = 0.0
    return np.fft.fft2(k)


def mesh_layout(n: int, u: np.ndarray, v: np.ndarray, iterations: int = 150, seed: int = 7,
                gravity: float = 0.5, near: int = 16) -> np.ndarray:
    """Fruchterman-Reingold (ideal distance 1) with particle-mesh repulsion weighted by
    sqrt(degree + 1); see ``layout``."""
    rng = np.random.default_rng(seed)
    # hubs repel more (as in ForceAtlas2, damped): leaves spread around them instead of piling up
    mass = np.sqrt(np.bincount(np.concatenate([u, v]), minlength=n) + 1.0)
    radius = math.sqrt(n)
    pos = rng.uniform(-radius / 2, radius / 2, (n, 2))
    grid = int(min(256, max(16, 2 ** math.ceil(math.log2(max(2.0, math.sqrt(n)))))))
    kernel = _mesh_kernel(grid)
    t0 = radius / 5
    for it in range(iterations):
        t = t0 * (1 - it / iterations) ** 1.5 + 0.01
        lo = pos.min(0)
        h = float((pos.max(0) - lo).max()) * 1.0001 / grid + 1e-12
        cell = np.minimum(((pos - lo) / h).astype(np.int64), grid - 1)
        flat = cell[:, 0] * (2 * grid) + cell[:, 1]
        rho = np.bincount(flat, weights=mass, minlength=4 * grid * grid).reshape(2 * grid, 2 * grid).astype(float)
        field_ = np.fft.ifft2(np.fft.fft2(rho) * kernel).ravel()[flat] / h
        dx, dy = field_.real * mass, field_.imag * mass
        # nodes sharing a cell: exact pairwise repulsion (the grid sees them as one point)
        order = np.argsort(flat, kind="stable")
        fs = flat[order]
        for k in range(1, near):
            same = fs[:-k] == fs[k:]
            if not same.any():
                break
            a, b = order[:-k][same], order[k:][same]
            d = pos[a] - pos[b]
            r2 = (d * d).sum(1) + 1e-4
            w = mass[a] * mass[b] / r2
            fx, fy = w * d[:, 0], w * d[:, 1]
            dx += np.bincount(a, fx, n) - np.bincount(b, fx, n)
            dy += np.bincount(a, fy, n) - np.bincount(b, fy, n)
        # springs: attraction d² along each edge
        if len(u):
            d = pos[u] - pos[v]
            dist = np.sqrt((d * d).sum(1))
            ax, ay = d[:, 0] * dist, d[:, 1] * dist
            dx -= np.bincount(u, ax, n) - np.bincount(v, ax, n)
            dy -= np.bincount(u, ay, n) - np.bincount(v, ay, n)
        c = pos.mean(0)
        dx -= gravity * (pos[:, 0] - c[0])
        dy -= gravity * (pos[:, 1] - c[1])
        length = np.sqrt(dx * dx + dy * dy) + 1e-12
        step = np.minimum(length, t) / length
        pos[:, 0] += dx * step
        pos[:, 1] += dy * step
    return pos


# ---------------------------------------------------------------------------------------------
# view model → page
# ---------------------------------------------------------------------------------------------

def _predicate_key(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _node_size(degree: int) -> float:
    return round(min(48.0, 9.0 + 4.0 * math.sqrt(degree)), 1)


@lru_cache(maxsize=1)
def _traditional_to_simplified() -> dict[str, str]:
    """Every CJK character OpenCC's t2s changes, one character for one character."""
    import opencc

    chars = [chr(c) for c in (*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000), *range(0xF900, 0xFB00))]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - OpenCC keeps the line structure
        converted = [opencc.OpenCC("t2s").convert(c) for c in chars]
    return {t: s for t, s in zip(chars, converted) if t != s and len(s) == 1}


def view_data(view: View, physics: bool | None = None) -> dict[str, Any]:
    """The JSON the page reads: compact keys, indices instead of IRIs."""
    predicates: list[str] = []
    pindex: dict[str, int] = {}
    for e in view.edges:
        if e.predicate not in pindex:
            pindex[e.predicate] = len(predicates)
            predicates.append(e.predicate)
    counts = view.stats()["types"]
    search_chars: set[str] = set()
    nodes = []
    for n in view.nodes:
        keys = []
        for name in (n.name, *n.aliases):
            k = normalize_name(name).lower()
            if k and k not in keys:
                keys.append(k)
        search_chars.update("".join(keys))
        item: dict[str, Any] = {"n": n.name, "t": ENTITY_TYPES.index(n.type), "i": n.iri,
                                "x": int(n.x), "y": int(n.y), "s": _node_size(n.degree), "d": n.degree,
                                "k": "\n".join(keys)}
        if n.aliases:
            item["a"] = n.aliases
        if n.region_code:
            item["c"] = n.region_code
        if n.mentions:
            item["m"] = n.mentions
        if n.documents:
            item["D"] = n.documents
        if n.degree == 0:
            item["z"] = 1  # isolated: stays where it was placed
        nodes.append(item)
    t2s = {t: s for t, s in _traditional_to_simplified().items() if s in search_chars}
    if physics is None:
        physics = len(view.nodes) <= PHYSICS_MAX_NODES
    return {
        "title": view.title,
        "types": [{"key": t, **TYPE_STYLES[t], "count": counts.get(t, 0)} for t in ENTITY_TYPES],
        "predicates": [{"iri": p, "key": _predicate_key(p),
                        "label": PREDICATE_LABELS.get(_predicate_key(p), _predicate_key(p))}
                       for p in predicates],
        "nodes": nodes,
        "edges": [{"f": e.source, "t": e.target, "p": pindex[e.predicate],
                   **({"e": e.evidence} if e.evidence else {})} for e in view.edges],
        "sentences": [[s.text, s.document] for s in view.sentences],
        "documents": [{"i": d.iri, "p": d.path, "t": d.title} for d in view.documents],
        "focus": view.focus,
        "physics": bool(physics),
        "t2s": t2s,
    }


_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                 0x2028: "\\u2028", 0x2029: "\\u2029"}


def script_json(data: Any) -> str:
    """JSON safe to put inside ``<script>``: no ``<``, ``>``, ``&``, U+2028, U+2029 left.

    >>> script_json({"a": "</script><b>&\\u2028"})
    '{"a":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026\\\\u2028"}'
    """
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).translate(_JSON_ESCAPES)


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    if name.endswith(".js"):
        # a source-map comment would make developer tools fetch a file that is not there
        text = "\n".join(line for line in text.split("\n") if not line.startswith("//# sourceMappingURL="))
    lowered = text.lower()
    if "</script" in lowered or "<!--" in lowered or "</style" in lowered:
        raise RuntimeError(f"{name} cannot be inlined: it contains </script, </style or <!--")
    return text


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kg view (vis-network {vis_version})">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<header id="bar">
  <div id="brand"><span id="title"></span><span id="counts"></span></div>
  <div id="search"><input id="q" type="search" autocomplete="off" spellcheck="false"
       placeholder="搜索名称或别名（简体/繁體）" aria-label="搜索名称或别名">
    <ul id="results" role="listbox" hidden></ul></div>
  <div id="legend" aria-label="类型筛选"></div>
</header>
<main>
  <div id="net" aria-label="图谱"></div>
  <aside id="panel" aria-live="polite"><div id="panel-body"></div></aside>
</main>
<script id="kg-data" type="application/json">{data}</script>
<script>{vis}</script>
<script>{app}</script>
</body>
</html>
"""


def render_html(graph, **options) -> str:
    """One self-contained HTML page exploring ``graph`` (a KnowledgeGraph, a path or a View).

    Options: ``focus``, ``depth``, ``types``, ``title`` (see ``build_view``) and ``physics``
    (None: on up to PHYSICS_MAX_NODES nodes).
    """
    physics = options.pop("physics", None)
    view = graph if isinstance(graph, View) else build_view(graph, **options)
    if isinstance(graph, View) and options.get("title"):
        view.title = options["title"]
    data = script_json(view_data(view, physics=physics))
    vis, app, css = _asset("vis-network.min.js"), _asset("view.js"), _asset("view.css")
    csp = ("default-src 'none'; "
           f"script-src {_csp_hash(vis)} {_csp_hash(app)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src data:; "
           "connect-src 'none'; base-uri 'none'; form-action 'none'")
    return _PAGE.format(csp=csp, vis_version=VIS_VERSION, title=html.escape(view.title),
                        css=css, data=data, vis=vis, app=app)


def write_html(graph, path: str | Path, **options) -> View:
    """Write the page for ``graph`` to ``path``; returns the view it shows.

    The page goes to a temporary file next to ``path`` first and then replaces it, so a failure
    never leaves a half-written page behind.
    """
    import os
    import tempfile

    physics = options.pop("physics", None)
    view = graph if isinstance(graph, View) else build_view(graph, **options)
    page = render_html(view, physics=physics)
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(page)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return view


class ViewDisplay:
    """The page in an ``<iframe srcdoc>``, for JupyterLab, Jupyter Notebook and VS Code."""

    def __init__(self, page: str, height: int = 640):
        self.html = page
        self.height = height

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" '
                f'style="width:100%;height:{int(self.height)}px;border:1px solid #ddd" '
                'sandbox="allow-scripts" loading="eager" title="kg view"></iframe>')

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.html, encoding="utf-8")


def display(graph, height: int = 640, **options) -> ViewDisplay:
    """An object Jupyter shows inline as the explorer (``_repr_html_``)."""
    return ViewDisplay(render_html(graph, **options), height=height)
