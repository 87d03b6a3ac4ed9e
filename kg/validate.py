"""SHACL validation of a graph against ``ontology/shapes.ttl`` (pyshacl).

Shapes are checked over the union of all named graphs: an entity typed in one document's
graph and used in another's is one node.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import rdflib

from kg.resources import ontology_dir
from kg.store import open_store


@dataclass
class Violation:
    focus: str
    path: str
    message: str
    severity: str

    def line(self) -> str:
        path = f" {_short(self.path)}" if self.path else ""
        return f"{self.severity}: {self.focus}{path}: {self.message}"


def _short(iri: str) -> str:
    from kg.rdf import PREFIXES

    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def load_union_graph(path: str | Path) -> rdflib.Graph:
    """All triples of a build directory or RDF file in one rdflib Graph."""
    import pyoxigraph as ox

    store, _ = open_store(path)
    quads = store.quads_for_pattern(None, None, None, None)
    nt = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), format=ox.RdfFormat.N_TRIPLES)
    g = rdflib.Graph()
    g.parse(data=nt.decode("utf-8") if nt else "", format="nt")
    return g


def validate(path: str | Path) -> tuple[bool, list[Violation]]:
    """(conforms, violations) for a build directory or RDF file."""
    from pyshacl import validate as shacl

    data = load_union_graph(path)
    shapes = rdflib.Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    ont = rdflib.Graph().parse(ontology_dir() / "kg.ttl", format="turtle")
    conforms, report, _ = shacl(data, shacl_graph=shapes, ont_graph=ont, inference="none",
                                advanced=True, allow_warnings=True)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    out = []
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        focus = report.value(result, sh.focusNode)
        rpath = report.value(result, sh.resultPath)
        msg = report.value(result, sh.resultMessage)
        sev = report.value(result, sh.resultSeverity)
        out.append(Violation(str(focus), str(rpath) if rpath is not None else "", " ".join(str(msg).split()),
                             str(sev).rsplit("#", 1)[-1] if sev else "Violation"))
    out.sort(key=lambda v: (v.severity, v.focus, v.path, v.message))
    return bool(conforms), out
