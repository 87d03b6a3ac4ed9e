"""From one document's extraction to RDF quads in that document's own named graph.

IRIs are deterministic: the same input gives the same graph. See ``docs/design.md``.

>>> from kg.ingest import SourceDocument
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

from pyoxigraph import NamedNode, Quad

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


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_XSD_INT_IRI = f"<{XSD}integer>"
_XSD_YEAR_IRI = f"<{XSD}gYear>"


def _lit(text: str, suffix: str = "") -> str:
    """An N-Quads literal: ``"text"`` plus ``@zh`` or ``^^<datatype>``."""
    return f'"{text.translate(_ESCAPES)}"{suffix}'


def document_nquads(doc: SourceDocument, extraction: Extraction, base: str = DEFAULT_BASE) -> list[str]:
    """All facts of one document as N-Quads lines, in its named graph, in a stable order.

    Writing the lines directly (rather than building term objects) keeps the hot path lean;
    :func:`document_quads` parses them when objects are wanted.
    """
    g = f"<{graph_iri(doc.sha256, base).value}>"
    d_iri = document_iri(doc.sha256, base).value
    d = f"<{d_iri}>"
    out: list[str] = []
    a = f"<{RDF}type>"
    p_kg = {t: f"<{KG}{t}>" for t in ("path", "sha256", "charCount", "text", "start", "end", "inDocument",
                                       "mentionedIn", "regionCode", "level", "denotes", "inSentence",
                                       "evidence", "periodStart", "periodEnd", "issuedYear")}
    label, pref, alt = f"<{RDFS}label>", f"<{SKOS}prefLabel>", f"<{SKOS}altLabel>"

    def add(s: str, p: str, o: str) -> None:
        out.append(f"{s} {p} {o} {g} .")

    def integer(n: int) -> str:
        return f'"{n}"^^{_XSD_INT_IRI}'

    add(d, a, f"<{KG}Document>")
    add(d, p_kg["path"], _lit(doc.path))
    add(d, p_kg["sha256"], _lit(doc.sha256))
    add(d, p_kg["charCount"], integer(len(doc.text)))
    if doc.title:
        add(d, f"<{DCTERMS}title>", _lit(doc.title, "@zh"))
    if extraction.meta.get("date"):
        add(d, f"<{DCTERMS}date>", _lit(extraction.meta["date"], f"^^<{XSD}date>"))

    bounds = [(s.start, s.end) for s in split_sentences(doc.text)] or [(0, max(1, len(doc.text)))]
    starts = [b[0] for b in bounds]
    sentences: dict[tuple[int, int], str] = {}

    def sentence(start: int, end: int) -> str:
        node = sentences.get((start, end))
        if node is None:
            node = sentences[(start, end)] = f"<{d_iri}/sentence/{start}-{end}>"
            add(node, a, f"<{KG}Sentence>")
            add(node, p_kg["text"], _lit(doc.text[start:end]))
            add(node, p_kg["start"], integer(start))
            add(node, p_kg["end"], integer(end))
            add(node, p_kg["inDocument"], d)
        return node

    def sentence_of(pos: int) -> str:
        return sentence(*bounds[max(0, bisect.bisect_right(starts, pos) - 1)])

    iris: dict[str, str] = {}
    for e in extraction.entities:
        node = f"<{entity_iri(e.type, e.name, base).value}>"
        iris[e.id] = node
        add(node, a, f"<{KG}{e.type}>")
        add(node, label, _lit(e.name, "@zh"))
        add(node, pref, _lit(e.name, "@zh"))
        for alias in sorted(set(e.aliases)):
            add(node, alt, _lit(alias, "@zh"))
        add(node, p_kg["mentionedIn"], d)
        if e.attrs.get("regionCode"):
            add(node, p_kg["regionCode"], _lit(str(e.attrs["regionCode"])))
        if e.attrs.get("level"):
            add(node, p_kg["level"], _lit(str(e.attrs["level"])))
        for attr in ("periodStart", "periodEnd", "issuedYear"):
            if e.attrs.get(attr):
                add(node, p_kg[attr], _lit(str(e.attrs[attr]), f"^^{_XSD_YEAR_IRI}"))
        for broader in e.attrs.get("broader", []):
            add(node, f"<{SKOS}broader>", f"<{entity_iri('Industry', broader, base).value}>")
        for m in e.mentions:
            mn = f"<{d_iri}/mention/{m.start}-{m.end}>"
            add(mn, a, f"<{KG}Mention>")
            add(mn, p_kg["denotes"], node)
            add(mn, p_kg["text"], _lit(m.text))
            add(mn, p_kg["start"], integer(m.start))
            add(mn, p_kg["end"], integer(m.end))
            add(mn, p_kg["inSentence"], sentence_of(m.start))
            add(mn, p_kg["inDocument"], d)
    for r in extraction.relations:
        s, o, p = iris[r.s], iris[r.o], f"<{KG}{r.p}>"
        add(s, p, o)
        digest = hashlib.sha1(f"{s[1:-1]}|{p[1:-1]}|{o[1:-1]}".encode()).hexdigest()[:16]
        node = f"<{d_iri}/assertion/{digest}>"
        add(node, a, f"<{KG}Assertion>")
        add(node, f"<{RDF}subject>", s)
        add(node, f"<{RDF}predicate>", p)
        add(node, f"<{RDF}object>", o)
        add(node, p_kg["evidence"], sentence(r.evidence.start, r.evidence.end))
        add(node, f"<{PROV}wasDerivedFrom>", d)
    return list(dict.fromkeys(out))  # first occurrence order; a span two entities share repeats


def document_quads(doc: SourceDocument, extraction: Extraction, base: str = DEFAULT_BASE) -> list[Quad]:
    """:func:`document_nquads` as pyoxigraph quads."""
    import pyoxigraph as ox

    data = "\n".join(document_nquads(doc, extraction, base)).encode("utf-8")
    return list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
