"""The graph in the formats other tools read: RDF serializations, GraphML/GEXF networks, CSV tables.

Three families share one selection step (``--types``, ``--no-evidence``):

* **RDF** (turtle, ntriples, nquads, trig, jsonld) write the quads themselves; TriG, N-Quads and
  JSON-LD keep each document's named graph, Turtle and N-Triples merge them.
* **Networks** (graphml, gexf) write the entity graph of :meth:`KnowledgeGraph.to_networkx`.
* **Tables** (csv, neo4j) write that entity graph as a nodes file and an edges file in a directory.

Output is deterministic (sorted) and written to a temporary file that is renamed into place, so
a failed export leaves nothing half-written.

>>> import kg, kg.export
>>> g = kg.KnowledgeGraph.from_turtle('''
... @prefix kg: <https://purl.org/kg-policy/ontology#> .
... @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
... <http://x/p> a kg:Program ; skos:prefLabel "计划"@zh ; kg:appliesTo <http://x/r> .
... <http://x/r> a kg:Region ; skos:prefLabel "浙江省"@zh ; kg:regionCode "330000" .''')
>>> print(kg.export.to_bytes(g, "ntriples", types=["Region"]).decode())  # doctest: +NORMALIZE_WHITESPACE
<http://x/r> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.org/kg-policy/ontology#Region> .
<http://x/r> <http://www.w3.org/2004/02/skos/core#prefLabel> "浙江省"@zh .
<http://x/r> <https://purl.org/kg-policy/ontology#regionCode> "330000" .
>>> print(kg.export.to_bytes(g, "csv-edges").decode("utf-8-sig"), end="")
source,target,predicate,evidence,documents
http://x/p,http://x/r,appliesTo,0,0
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
import uuid
from pathlib import Path
from typing import IO, Iterable, Sequence
from xml.etree import ElementTree as ET

import pyoxigraph as ox

from kg.rdf import KG, PREFIXES, RDF
from kg.resources import ontology_dir
from kg.store import serialize_nquads

ENTITY_TYPES = ("Agency", "Industry", "Organization", "Person", "Program", "Region")
PROVENANCE_TYPES = frozenset({"Mention", "Sentence", "Assertion"})

RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
               "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "jsonld": None}
NETWORK_FORMATS = ("graphml", "gexf")
TABLE_FORMATS = ("csv", "neo4j")
FORMATS = tuple(RDF_FORMATS) + NETWORK_FORMATS + TABLE_FORMATS

#: the format a file name implies when ``--format`` is not given
SUFFIXES = {".ttl": "turtle", ".nt": "ntriples", ".nq": "nquads", ".trig": "trig", ".jsonld": "jsonld",
            ".graphml": "graphml", ".gexf": "gexf"}

ARRAY_SEPARATOR = ";"  # neo4j-admin import's default --array-delimiter; also used in CSV/GraphML/GEXF
GEXF_NS = "http://gexf.net/1.3"

_RDF_TYPE = ox.NamedNode(RDF + "type")
_LINKS_TO_ENTITY = frozenset(ox.NamedNode(iri) for iri in (KG + "denotes", RDF + "subject", RDF + "object"))


class ExportError(Exception):
    """An export that cannot be made (unknown format or type, unwritable output); one line."""


# -- selection ------------------------------------------------------------------------------
def check_types(types: Iterable[str] | None) -> frozenset[str] | None:
    """Entity type names as the ontology spells them; ``None`` keeps every type.

    >>> sorted(check_types(["program", "Agency"]))
    ['Agency', 'Program']
    >>> check_types(["Town"])
    Traceback (most recent call last):
    kg.export.ExportError: unknown type 'Town' (choose from Agency, Industry, Organization, Person, Program, Region)
    """
    if types is None:
        return None
    by_lower = {t.lower(): t for t in ENTITY_TYPES}
    out = set()
    for name in types:
        name = name.strip()
        if not name:
            continue
        if name.lower() not in by_lower:
            raise ExportError(f"unknown type {name!r} (choose from {', '.join(ENTITY_TYPES)})")
        out.add(by_lower[name.lower()])
    if not out:
        raise ExportError(f"no entity type given (choose from {', '.join(ENTITY_TYPES)})")
    return frozenset(out)


def select_quads(graph, evidence: bool = True, types: Iterable[str] | None = None) -> list[ox.Quad]:
    """The graph's quads, sorted, without provenance (``evidence=False``) or other entity types.

    Leaving out a type also leaves out the relations, mentions and assertions that touch its
    entities; documents and ``kg:mentionedIn`` always stay (they say where an entity comes from).
    """
    keep_types = check_types(types)
    quads = list(graph.store.quads_for_pattern(None, None, None, None))
    typed: dict = {}
    for q in quads:
        if q.predicate == _RDF_TYPE and isinstance(q.object, ox.NamedNode) and q.object.value.startswith(KG):
            typed.setdefault(q.subject, set()).add(q.object.value[len(KG):])
    dropped = set()
    if not evidence:
        dropped |= {s for s, names in typed.items() if names & PROVENANCE_TYPES}
    if keep_types is not None:
        excluded = {s for s, names in typed.items() if names & set(ENTITY_TYPES) and not names & keep_types}
        dropped |= excluded
        dropped |= {q.subject for q in quads if q.predicate in _LINKS_TO_ENTITY and q.object in excluded}
    # a store holds each quad once, so filtering keeps them unique
    selected = [q for q in quads if q.subject not in dropped and q.object not in dropped] if dropped else quads
    return sorted(selected, key=_quad_key)


def _quad_key(q: ox.Quad) -> tuple[str, str, str, str]:
    graph_name = "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
    return graph_name, str(q.subject), str(q.predicate), str(q.object)


def entity_network(graph, evidence: bool = True, types: Iterable[str] | None = None):
    """:meth:`KnowledgeGraph.to_networkx`, restricted to ``types``, without counts if ``evidence=False``."""
    keep_types = check_types(types)
    network = graph.to_networkx()
    if keep_types is not None:
        network.remove_nodes_from([n for n, t in network.nodes(data="type") if t not in keep_types])
    if not evidence:
        for _, _, data in network.edges(data=True):
            data.pop("evidence", None)
            data.pop("documents", None)
    return network


def _nodes(network) -> list[tuple[str, dict]]:
    return sorted(network.nodes(data=True))


def _edges(network) -> list[tuple[str, str, dict]]:
    return sorted(((s, o, d) for s, o, d in network.edges(data=True)), key=lambda e: (e[0], e[2]["predicate"], e[1]))


def _joined(values: Sequence[str]) -> str:
    return ARRAY_SEPARATOR.join(values)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: str) -> str:
    """Text without the control characters XML 1.0 cannot carry (a stray one would make the file unreadable)."""
    return _NOT_XML.sub("", value)


# -- RDF ------------------------------------------------------------------------------------
def rdf_bytes(quads: list[ox.Quad], fmt: str) -> bytes:
    """Serialize sorted quads; Turtle and N-Triples merge the named graphs into one graph."""
    if fmt == "nquads":
        return serialize_nquads(quads)
    if fmt == "jsonld":
        return jsonld_bytes(quads)
    if fmt in ("turtle", "ntriples"):
        triples = sorted({q.triple for q in quads}, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        return ox.serialize(triples, format=RDF_FORMATS[fmt], prefixes=PREFIXES if fmt == "turtle" else None) or b""
    return ox.serialize(quads, format=RDF_FORMATS[fmt], prefixes=PREFIXES) or b""


def jsonld_context() -> dict:
    """The published ``@context`` of the ontology (``ontology/context.jsonld``)."""
    path = ontology_dir() / "context.jsonld"
    try:
        return json.loads(path.read_text(encoding="utf-8"))["@context"]
    except (OSError, ValueError, KeyError) as err:
        raise ExportError(f"{path}: cannot read the JSON-LD context: {err}") from None


def jsonld_bytes(quads: list[ox.Quad]) -> bytes:
    """JSON-LD compacted with the ontology's context (inline, so no reader needs the network).

    rdflib does the compaction; its node order follows hashing, so arrays are sorted afterwards
    (JSON-LD arrays are unordered sets unless they are ``@list``).
    """
    import rdflib

    dataset = rdflib.Dataset()
    if quads:
        dataset.parse(data=serialize_nquads(quads), format="nquads")
    text = dataset.serialize(format="json-ld", context=jsonld_context(), auto_compact=True)
    doc = _sorted_jsonld(json.loads(text))
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _sorted_jsonld(value):
    if isinstance(value, dict):
        return {k: (v if k == "@list" else _sorted_jsonld(v)) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_jsonld(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


# -- networks -------------------------------------------------------------------------------
def graphml_bytes(network) -> bytes:
    """GraphML (networkx writer) for Cytoscape, yEd and Gephi.

    GraphML ids are XML name tokens, which IRIs are not: nodes are ``n0, n1, …`` in IRI order with
    the IRI in the ``iri`` attribute; edges are ``e0, e1, …``.
    """
    import networkx as nx

    out = nx.MultiDiGraph()
    ids = {}
    for i, (iri, data) in enumerate(_nodes(network)):
        ids[iri] = f"n{i}"
        attrs = {"iri": _xml_text(iri), "type": data["type"], "label": _xml_text(data["label"]),
                 "aliases": _xml_text(_joined(data["aliases"]))}
        if data.get("region_code"):
            attrs["region_code"] = data["region_code"]
        out.add_node(ids[iri], **attrs)
    for i, (s, o, data) in enumerate(_edges(network)):
        out.add_edge(ids[s], ids[o], key=f"e{i}", **data)
    buffer = io.BytesIO()
    nx.write_graphml(out, buffer, encoding="utf-8", named_key_ids=True)
    return buffer.getvalue()


def gexf_bytes(network) -> bytes:
    """GEXF 1.3 for Gephi, valid against the format's official grammar.

    Written here rather than with ``networkx.write_gexf``: its 1.3 output puts a 1.2 ``mode``
    attribute on ``<attributes>`` (which the 1.3 grammar refuses) and stamps today's date.
    """
    root = ET.Element("gexf", {"xmlns": GEXF_NS, "version": "1.3"})
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "kg"
    ET.SubElement(meta, "description").text = "kg entity graph (https://purl.org/kg-policy/ontology)"
    graph = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "idtype": "string"})
    edges = _edges(network)
    counted = any("evidence" in d for _, _, d in edges)
    columns = {"node": [("type", "string"), ("aliases", "string"), ("region_code", "string")],
               "edge": [("predicate", "string")] + ([("evidence", "integer"), ("documents", "integer")]
                                                   if counted else [])}
    for cls, attrs in columns.items():
        decl = ET.SubElement(graph, "attributes", {"class": cls})
        for name, kind in attrs:
            ET.SubElement(decl, "attribute", {"id": name, "title": name, "type": kind})
    nodes = ET.SubElement(graph, "nodes", {"count": str(network.number_of_nodes())})
    for iri, data in _nodes(network):
        node = ET.SubElement(nodes, "node", {"id": _xml_text(iri), "label": _xml_text(data["label"])})
        _attvalues(node, {"type": data["type"], "aliases": _xml_text(_joined(data["aliases"])),
                          "region_code": data.get("region_code")})
    edge_list = ET.SubElement(graph, "edges", {"count": str(len(edges))})
    for i, (s, o, data) in enumerate(edges):
        edge = ET.SubElement(edge_list, "edge", {"id": f"e{i}", "source": _xml_text(s), "target": _xml_text(o),
                                                 "label": data["predicate"], "kind": data["predicate"]})
        _attvalues(edge, {k: data.get(k) for k, _ in columns["edge"]})
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _attvalues(element: ET.Element, values: dict) -> None:
    present = {k: v for k, v in values.items() if v not in (None, "")}
    if present:
        holder = ET.SubElement(element, "attvalues")
        for key, value in present.items():
            ET.SubElement(holder, "attvalue", {"for": key, "value": str(value)})


# -- tables ---------------------------------------------------------------------------------
def _csv(rows: Iterable[Sequence], bom: bool) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


def csv_files(network) -> dict[str, bytes]:
    """``nodes.csv`` and ``edges.csv`` in UTF-8 with a BOM, so that Excel reads the Chinese right."""
    edges = _edges(network)
    counted = any("evidence" in d for _, _, d in edges)
    nodes = [["id", "type", "label", "aliases", "region_code"]]
    nodes += [[iri, d["type"], d["label"], _joined(d["aliases"]), d.get("region_code", "")]
              for iri, d in _nodes(network)]
    rows = [["source", "target", "predicate"] + (["evidence", "documents"] if counted else [])]
    rows += [[s, o, d["predicate"]] + ([d["evidence"], d["documents"]] if counted else []) for s, o, d in edges]
    return {"nodes.csv": _csv(nodes, bom=True), "edges.csv": _csv(rows, bom=True)}


def neo4j_type(predicate: str) -> str:
    """Relationship types in Neo4j's upper snake case.

    >>> neo4j_type("targetsIndustry")
    'TARGETS_INDUSTRY'
    """
    return "".join("_" + c if c.isupper() else c.upper() for c in predicate).lstrip("_")


def neo4j_files(network) -> dict[str, bytes]:
    """``nodes.csv`` and ``relationships.csv`` with ``neo4j-admin database import`` headers.

    Node ids are the IRIs, labels the entity types, ``aliases`` a ``string[]`` split on ``;``.
    """
    edges = _edges(network)
    counted = any("evidence" in d for _, _, d in edges)
    nodes = [["iri:ID", "name", "aliases:string[]", "regionCode", ":LABEL"]]
    nodes += [[iri, d["label"], _joined(d["aliases"]), d.get("region_code", ""), d["type"] or "Entity"]
              for iri, d in _nodes(network)]
    rels = [[":START_ID", ":END_ID", ":TYPE", "predicate"] + (["evidence:int", "documents:int"] if counted else [])]
    rels += [[s, o, neo4j_type(d["predicate"]), KG + d["predicate"]]
             + ([d["evidence"], d["documents"]] if counted else []) for s, o, d in edges]
    return {"nodes.csv": _csv(nodes, bom=False), "relationships.csv": _csv(rels, bom=False)}


# -- the API --------------------------------------------------------------------------------
def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    return fmt


def render(graph, fmt: str, evidence: bool = True, types: Iterable[str] | None = None) -> dict[str, bytes]:
    """The export as ``{file name: content}``: one entry for a file format, two for a table format."""
    check_format(fmt)
    if fmt in RDF_FORMATS:
        return {"": rdf_bytes(select_quads(graph, evidence, types), fmt)}
    network = entity_network(graph, evidence, types)
    if fmt == "graphml":
        return {"": graphml_bytes(network)}
    if fmt == "gexf":
        return {"": gexf_bytes(network)}
    return csv_files(network) if fmt == "csv" else neo4j_files(network)


def to_bytes(graph, fmt: str, evidence: bool = True, types: Iterable[str] | None = None) -> bytes:
    """One file of an export; the table files are ``csv-nodes``, ``csv-edges``, ``neo4j-nodes``,
    ``neo4j-relationships``."""
    family, _, part = fmt.partition("-")
    files = render(graph, family, evidence, types)
    return files[f"{part}.csv" if part else ""]


def export(graph, fmt: str, out: str | Path | IO[bytes], evidence: bool = True,
           types: Iterable[str] | None = None) -> list[Path]:
    """Write ``graph`` (a KnowledgeGraph, a build directory or an RDF file) as ``fmt`` to ``out``.

    ``out`` is a file path, ``"-"`` or a binary stream for the file formats, and a directory for
    ``csv`` (``nodes.csv``, ``edges.csv``) and ``neo4j`` (``nodes.csv``, ``relationships.csv``).
    Returns the paths written (none for a stream).
    """
    check_format(fmt)
    check_types(types)
    if isinstance(graph, (str, Path)):
        import kg

        graph = kg.open(graph)
    files = render(graph, fmt, evidence, types)
    if fmt in TABLE_FORMATS:
        if not isinstance(out, (str, Path)) or str(out) == "-":
            raise ExportError(f"{fmt} writes two files: give a directory with -o, not a stream")
        return _write_files(Path(out), files)
    data = files[""]
    if isinstance(out, (str, Path)) and str(out) == "-":
        out = sys.stdout.buffer
    if not isinstance(out, (str, Path)):
        out.write(data)
        out.flush()
        return []
    path = Path(out)
    if path.is_dir():
        raise ExportError(f"{path}: is a directory; {fmt} writes one file")
    return _write_files(path.parent, {path.name: data})


def _write_files(directory: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file beside its target first, then rename them all into place."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise ExportError(f"{directory}: exists and is not a directory") from None
    except OSError as err:
        raise ExportError(f"{directory}: cannot create: {err.strerror or err}") from None
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in files.items():
            target = directory / name
            tmp = directory / f".{name}.tmp-{uuid.uuid4().hex}"
            staged.append((tmp, target))
            with open(tmp, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        for tmp, target in staged:
            os.replace(tmp, target)
    except OSError as err:
        raise ExportError(f"{err.filename or directory}: cannot write: {err.strerror or err}") from None
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
    return [target for _, target in staged]
