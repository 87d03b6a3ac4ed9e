"""Extraction: one document's text in, entities and relations out (a pure function)."""
from kg.extract.model import ENTITY_TYPES, PREDICATES, Entity, Extraction, Mention, Relation
from kg.extract.pipeline import extract_text, get_pipeline

__all__ = ["extract_text", "get_pipeline", "Entity", "Extraction", "Mention", "Relation",
           "ENTITY_TYPES", "PREDICATES"]
