"""The Python API; the ``kg`` command is a thin layer over it.

>>> import kg, pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("工业和信息化部印发《工业互联网创新发展行动计划》。", encoding="utf-8")
>>> graph = kg.build([folder], folder / "out")
>>> graph.query("SELECT ?name WHERE { ?p a kg:Program ; skos:prefLabel ?name }")["name"].tolist()
['工业互联网创新发展行动计划']
>>> kg.open(folder / "out").stats()["entities"]["Agency"]
1
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import pyoxigraph as ox

from kg.rdf import PREFIXES
from kg.store import open_store

SPARQL_PREFIXES = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())


class KnowledgeGraph:
    """A built graph: a build directory's store, or an RDF file loaded in memory."""

    def __init__(self, store: ox.Store, path: Path | None = None, manifest: dict | None = None):
        self.store = store
        self.path = path
        self.manifest = manifest

    # -- querying -------------------------------------------------------------------------
    def query_raw(self, sparql: str, prefixes: bool = True):
        """Run SPARQL over the union of all named graphs; returns pyoxigraph results."""
        text = SPARQL_PREFIXES + sparql if prefixes else sparql
        return self.store.query(text, use_default_graph_as_union=True)

    def rows(self, sparql: str) -> tuple[list[str], list[list[Any]]]:
        """Column names and rows of python values (str/int/float) for a SELECT."""
        result = self.query_raw(sparql)
        if not isinstance(result, ox.QuerySolutions):
            raise ValueError("rows() needs a SELECT query")
        names = [v.value for v in result.variables]
        out = []
        for sol in result:
            out.append([_py(sol[n]) for n in names])
        return names, out

    def query(self, sparql: str):
        """SELECT → pandas DataFrame.

        >>> g = KnowledgeGraph.from_turtle('<http://x/a> a <https://purl.org/kg-policy/ontology#Region> .')
        >>> g.query("SELECT ?s WHERE { ?s a kg:Region }").shape
        (1, 1)
        """
        import pandas as pd

        names, rows = self.rows(sparql)
        return pd.DataFrame(rows, columns=names)

    def ask(self, name: str, **params: Any):
        """A named question (``kg ask``) as a pandas DataFrame.

        >>> g = KnowledgeGraph.from_turtle('''
        ... @prefix kg: <https://purl.org/kg-policy/ontology#> .
        ... @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        ... <http://x/zj> a kg:Region ; skos:prefLabel "浙江省"@zh .
        ... <http://x/p> a kg:Program ; skos:prefLabel "城市大脑"@zh ; kg:appliesTo <http://x/zj> .''')
        >>> g.ask("programs-in-region", region="浙江省")["program"].tolist()
        ['城市大脑']
        """
        from kg.query import ask

        return ask(self, name, **params)

    def view(self, **options: Any):
        """The interactive explorer, shown inline in Jupyter (see ``kg view``); options as
        :func:`kg.view.build_view` (``focus``, ``depth``, ``types``).

        >>> g = KnowledgeGraph.from_turtle('<http://x/a> a <https://purl.org/kg-policy/ontology#Region> .')
        >>> "<iframe" in g.view()._repr_html_()
        True
        """
        from kg.view import display

        return display(self, **options)

    def rdflib(self):
        """rdflib's API over this graph's own store: an ``rdflib.Dataset`` through oxrdflib, no copy.

        >>> g = KnowledgeGraph.from_turtle('<http://x/a> a <https://purl.org/kg-policy/ontology#Region> .')
        >>> len(list(g.rdflib().query("SELECT ?s WHERE { ?s a <https://purl.org/kg-policy/ontology#Region> }")))
        1
        """
        from kg.query import rdflib_dataset

        return rdflib_dataset(self)

    def export(self, fmt: str, out: Any, **options: Any):
        """Write the graph as ``fmt`` to ``out`` (see ``kg export``; options ``evidence``, ``types``).

        >>> import tempfile, pathlib
        >>> g = KnowledgeGraph.from_turtle('<http://x/a> a <https://purl.org/kg-policy/ontology#Region> .')
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "g.nt"
        >>> _ = g.export("ntriples", out)
        >>> "kg-policy/ontology#Region" in out.read_text(encoding="utf-8")
        True
        """
        from kg.export import export

        return export(self, fmt, out, **options)

    # -- analysis -------------------------------------------------------------------------
    def to_networkx(self):
        """The entity graph as a ``networkx.MultiDiGraph``.

        Nodes are entity IRIs with ``type``, ``label``, ``aliases`` and (regions) ``region_code``;
        edges carry ``predicate``, ``evidence`` (number of supporting sentences) and
        ``documents`` (number of source documents).

        >>> g = KnowledgeGraph.from_turtle('''
        ... @prefix kg: <https://purl.org/kg-policy/ontology#> .
        ... @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        ... <http://x/p> a kg:Program ; skos:prefLabel "计划"@zh ; kg:appliesTo <http://x/r> .
        ... <http://x/r> a kg:Region ; skos:prefLabel "浙江省"@zh .''')
        >>> nx_graph = g.to_networkx()
        >>> nx_graph.nodes["http://x/r"]["label"], list(nx_graph.edges(data="predicate"))
        ('浙江省', [('http://x/p', 'http://x/r', 'appliesTo')])
        """
        import networkx as nx

        graph = nx.MultiDiGraph()
        _, rows = self.rows("""
            SELECT ?e ?type (SAMPLE(?label) AS ?name) (GROUP_CONCAT(DISTINCT ?alias; separator="|") AS ?aliases)
                   (SAMPLE(?code) AS ?region_code) WHERE {
              VALUES ?type { kg:Program kg:Region kg:Agency kg:Industry kg:Organization kg:Person }
              ?e a ?type .
              OPTIONAL { ?e skos:prefLabel ?label }
              OPTIONAL { ?e skos:altLabel ?alias }
              OPTIONAL { ?e kg:regionCode ?code }
            } GROUP BY ?e ?type ORDER BY ?e""")
        for iri, etype, name, aliases, code in rows:
            attrs = {"type": etype.rsplit("#", 1)[-1], "label": name or iri.rsplit("/", 1)[-1],
                     "aliases": sorted(a for a in (aliases or "").split("|") if a)}
            if code:
                attrs["region_code"] = code
            graph.add_node(iri, **attrs)
        _, rows = self.rows("""
            SELECT ?s ?p ?o (COUNT(DISTINCT ?ev) AS ?evidence) (COUNT(DISTINCT ?doc) AS ?documents) WHERE {
              VALUES ?p { kg:issuedBy kg:appliesTo kg:targetsIndustry kg:focusIndustry kg:partOf
                          kg:jurisdiction kg:memberOf kg:locatedIn kg:successorOf }
              ?s ?p ?o .
              OPTIONAL { ?a rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:evidence ?ev .
                         OPTIONAL { ?a prov:wasDerivedFrom ?doc } }
            } GROUP BY ?s ?p ?o ORDER BY ?s ?p ?o""")
        for s_iri, p_iri, o_iri, evidence, documents in rows:
            for node in (s_iri, o_iri):
                if node not in graph:
                    graph.add_node(node, type="", label=node.rsplit("/", 1)[-1], aliases=[])
            graph.add_edge(s_iri, o_iri, key=p_iri.rsplit("#", 1)[-1], predicate=p_iri.rsplit("#", 1)[-1],
                           evidence=int(evidence or 0), documents=int(documents or 0))
        return graph

    # -- summaries ------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        """Counts of documents, entities per type, relations per predicate, quads.

        >>> KnowledgeGraph.from_turtle('<http://x/a> a <https://purl.org/kg-policy/ontology#Agency> .').stats()
        {'quads': 1, 'documents': 0, 'entities': {'Agency': 1}, 'relations': {}}
        """
        out: dict[str, Any] = {}
        _, rows = self.rows("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        quads = rows[0][0] if rows else 0
        if not quads:
            _, rows = self.rows("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
            quads = rows[0][0] if rows else 0
        out["quads"] = quads
        _, rows = self.rows("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a kg:Document }")
        out["documents"] = rows[0][0]
        _, rows = self.rows("""SELECT ?t (COUNT(DISTINCT ?e) AS ?n) WHERE {
            VALUES ?t { kg:Program kg:Region kg:Agency kg:Industry kg:Organization kg:Person }
            ?e a ?t } GROUP BY ?t ORDER BY ?t""")
        out["entities"] = {t.rsplit("#", 1)[-1]: n for t, n in rows}
        _, rows = self.rows("""SELECT ?p (COUNT(*) AS ?n) WHERE {
            SELECT DISTINCT ?s ?p ?o WHERE { ?a a kg:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o } }
            GROUP BY ?p ORDER BY ?p""")
        out["relations"] = {p.rsplit("#", 1)[-1]: n for p, n in rows}
        return out

    def _repr_html_(self) -> str:
        import html

        s = self.stats()
        cells = "".join(f"<tr><td>{html.escape(k)}</td><td>{v}</td></tr>" for k, v in s["entities"].items())
        rels = "".join(f"<tr><td>{html.escape(k)}</td><td>{v}</td></tr>" for k, v in s["relations"].items())
        where = html.escape(str(self.path)) if self.path else "in memory"
        return (f"<div><b>kg graph</b> ({where}): {s['documents']} documents, {s['quads']} quads"
                f"<table><tr><th>entity type</th><th>count</th></tr>{cells}</table>"
                f"<table><tr><th>relation</th><th>count</th></tr>{rels}</table></div>")

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.path or 'in memory'}>"

    # -- constructors ---------------------------------------------------------------------
    @classmethod
    def from_turtle(cls, data: str) -> "KnowledgeGraph":
        store = ox.Store()
        store.load(data.encode("utf-8"), format=ox.RdfFormat.TURTLE)
        return cls(store)


def _py(term) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        if dt.endswith(("#integer", "#int", "#long", "#decimal")) and "decimal" not in dt:
            try:
                return int(term.value)
            except ValueError:
                return term.value
        if dt.endswith(("#double", "#float", "#decimal")):
            try:
                return float(term.value)
            except ValueError:
                return term.value
        return term.value
    return term.value


def open(path: str | Path) -> KnowledgeGraph:  # noqa: A001 - mirrors kg.open in the issue
    """Open a build directory or an RDF file (Turtle, N-Triples, N-Quads, TriG, JSON-LD).

    >>> import pathlib, tempfile
    >>> ttl = pathlib.Path(tempfile.mkdtemp()) / "g.ttl"
    >>> _ = ttl.write_text('<http://x/a> a <https://purl.org/kg-policy/ontology#Region> .', encoding="utf-8")
    >>> open(ttl).stats()["entities"]
    {'Region': 1}
    """
    store, manifest = open_store(path)
    return KnowledgeGraph(store, Path(path), manifest)


def build(paths: Iterable[str | Path], store: str | Path | None = None, **options) -> KnowledgeGraph:
    """Build a graph from files and folders into the build directory ``store``.

    With ``store=None`` the graph is built in a temporary directory. ``options`` go to
    :func:`kg.builder.build` (``base``, ``jobs``, ``strict``).

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("浙江省经信厅厅长张三表示，浙江将做强集成电路产业。", encoding="utf-8")
    >>> g = build([folder])
    >>> sorted(g.stats()["entities"])
    ['Agency', 'Industry', 'Person', 'Region']
    """
    import tempfile

    from kg.builder import build as run_build

    out = Path(store) if store is not None else Path(tempfile.mkdtemp(prefix="kg-"))
    result = run_build(paths, out, **options)
    graph = open(out)
    graph.build_result = result
    return graph
