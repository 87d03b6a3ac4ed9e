"""Extraction: one document's text in, entities and relations out (a pure function).

spaCy and the lexicons load on the first extraction, not on import, so that modules which only
need the data model (RDF, the store, the server) start fast.
"""
from __future__ import annotations

from kg.extract.model import ENTITY_TYPES, PREDICATES, Entity, Extraction, Mention, Relation

__all__ = ["extract_text", "get_pipeline", "Entity", "Extraction", "Mention", "Relation",
           "ENTITY_TYPES", "PREDICATES"]


def extract_text(text: str, doc: str = "", seeds: str | None = None) -> Extraction:
    """Entities and relations of one text (see :func:`kg.extract.pipeline.extract_text`).

    >>> [e.name for e in extract_text("工信部印发《工业互联网创新发展行动计划》。").entities]
    ['工业和信息化部', '工业互联网', '工业互联网创新发展行动计划']
    """
    from kg.extract.pipeline import extract_text as run

    return run(text, doc, seeds)


def get_pipeline(seeds: str | None = None):
    """The spaCy pipeline (see :func:`kg.extract.pipeline.get_pipeline`)."""
    from kg.extract.pipeline import get_pipeline as pipeline

    return pipeline(seeds)
