"""From one document's extraction to RDF quads in that document's own named graph.

IRIs are deterministic: the same input gives the same graph. See ``docs/design.md``.

>>> from kg.ingest import SourceDocument
from kg.text import split_sentences
>>> from kg.extract import extract_text
>>> text = "工业和信息化部印发《工业互联网创新发展行动计划》。"
>>> doc = SourceDocument("a.txt", text, "0" * 64, "a")
>>> quads = document_quads(doc, extract_text(text, "a.txt"))
>>> str(quads[0].graph_name)
'<https://purl.org/kg-policy/id/graph/0000000000000000>'
"""
from __future__ import annotations

import bisect
import hashlib
from urllib.parse import quote

from pyoxigraph import Literal, NamedNode, Quad

from kg.extract.model import Extraction
from kg.ingest import SourceDocument
from kg.text import split_sentences

KG = "https://purl.org/kg-policy/ontology#"
DEFAULT_BASE = "https://purl.org/kg-policy/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"

PREFIXES = {"kg": KG, "rdf": RDF, "rdfs": RDFS, "skos": SKOS, "prov": PROV, "dcterms": DCTERMS,
            "xsd": XSD}


def kg(term: str) -> NamedNode:
    return NamedNode(KG + term)


A = NamedNode(RDF + "type")
_XSD_INT = NamedNode(XSD + "integer")
_XSD_YEAR = NamedNode(XSD + "gYear")


def iri_segment(name: str) -> str:
    """A name as an IRI path segment: Chinese stays readable, reserved characters are escaped.

    >>> iri_segment("“1248”计划 (2019)")
    '%E2%80%9C1248%E2%80%9D%E8%AE%A1%E5%88%92%20%282019%29'
    >>> iri_segment("浙江省")
    '浙江省'
    """
    if all("\u4e00" <= ch <= "\u9fff" or ch.isascii() and (ch.isalnum() or ch in "-._~") for ch in name):
        return name
    return quote(name, safe="")


def entity_iri(etype: str, name: str, base: str = DEFAULT_BASE) -> NamedNode:
    return NamedNode(f"{base}{etype.lower()}/{iri_segment(name)}")


def document_iri(sha256: str, base: str = DEFAULT_BASE) -> NamedNode:
    return NamedNode(f"{base}doc/{sha256[:16]}")


def graph_iri(sha256: str, base: str = DEFAULT_BASE) -> NamedNode:
    return NamedNode(f"{base}graph/{sha256[:16]}")


def _int(n: int) -> Literal:
    return Literal(str(n), datatype=_XSD_INT)


def _zh(text: str) -> Literal:
    return Literal(text, language="zh")


def document_quads(doc: SourceDocument, extraction: Extraction, base: str = DEFAULT_BASE) -> list[Quad]:
    """All facts of one document, in its named graph, in a stable order."""
    g = graph_iri(doc.sha256, base)
    d = document_iri(doc.sha256, base)
    out: list[Quad] = []

    def add(s, p, o) -> None:
        out.append(Quad(s, p, o, g))

    add(d, A, kg("Document"))
    add(d, kg("path"), Literal(doc.path))
    add(d, kg("sha256"), Literal(doc.sha256))
    add(d, kg("charCount"), _int(len(doc.text)))
    if doc.title:
        add(d, NamedNode(DCTERMS + "title"), _zh(doc.title))
    for key, value in sorted(extraction.meta.items()):
        if key == "date":
            add(d, NamedNode(DCTERMS + "date"), Literal(value, datatype=NamedNode(XSD + "date")))

    sentences: dict[tuple[int, int], NamedNode] = {}

    def sentence(start: int, end: int) -> NamedNode:
        if (start, end) not in sentences:
            node = NamedNode(f"{d.value}/sentence/{start}-{end}")
            sentences[(start, end)] = node
            add(node, A, kg("Sentence"))
            add(node, kg("text"), Literal(doc.text[start:end]))
            add(node, kg("start"), _int(start))
            add(node, kg("end"), _int(end))
            add(node, kg("inDocument"), d)
        return sentences[(start, end)]

    bounds = [(s.start, s.end) for s in split_sentences(doc.text)] or [(0, max(1, len(doc.text)))]
    starts = [b[0] for b in bounds]

    def sentence_of(pos: int) -> NamedNode:
        return sentence(*bounds[max(0, bisect.bisect_right(starts, pos) - 1)])

    iris: dict[str, NamedNode] = {}
    for e in extraction.entities:
        node = entity_iri(e.type, e.name, base)
        iris[e.id] = node
        add(node, A, kg(e.type))
        add(node, NamedNode(RDFS + "label"), _zh(e.name))
        add(node, NamedNode(SKOS + "prefLabel"), _zh(e.name))
        for alias in sorted(set(e.aliases)):
            add(node, NamedNode(SKOS + "altLabel"), _zh(alias))
        add(node, kg("mentionedIn"), d)
        if e.attrs.get("regionCode"):
            add(node, kg("regionCode"), Literal(e.attrs["regionCode"]))
        if e.attrs.get("level"):
            add(node, kg("level"), Literal(e.attrs["level"]))
        for attr in ("periodStart", "periodEnd", "issuedYear"):
            if e.attrs.get(attr):
                add(node, kg(attr), Literal(str(e.attrs[attr]), datatype=_XSD_YEAR))
        for broader in e.attrs.get("broader", []):
            add(node, NamedNode(SKOS + "broader"), entity_iri("Industry", broader, base))
        for m in e.mentions:
            mn = NamedNode(f"{d.value}/mention/{m.start}-{m.end}")
            add(mn, A, kg("Mention"))
            add(mn, kg("denotes"), node)
            add(mn, kg("text"), Literal(m.text))
            add(mn, kg("start"), _int(m.start))
            add(mn, kg("end"), _int(m.end))
            add(mn, kg("inSentence"), sentence_of(m.start))
            add(mn, kg("inDocument"), d)
    for r in extraction.relations:
        s, o = iris[r.s], iris[r.o]
        p = kg(r.p)
        add(s, p, o)
        digest = hashlib.sha1(f"{s.value}|{p.value}|{o.value}".encode()).hexdigest()[:16]
        a = NamedNode(f"{d.value}/assertion/{digest}")
        add(a, A, kg("Assertion"))
        add(a, NamedNode(RDF + "subject"), s)
        add(a, NamedNode(RDF + "predicate"), p)
        add(a, NamedNode(RDF + "object"), o)
        add(a, kg("evidence"), sentence(r.evidence.start, r.evidence.end))
        add(a, NamedNode(PROV + "wasDerivedFrom"), d)
    # Same facts can be produced twice (a mention and an alias); keep the first, in order.
    seen: set[Quad] = set()
    unique = []
    for q in out:
        if q not in seen:
            seen.add(q)
            unique.append(q)
    return unique
