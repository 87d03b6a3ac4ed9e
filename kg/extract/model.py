"""The result of extraction: plain data, the public JSON interface of ``kg extract``."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ENTITY_TYPES = ("Program", "Region", "Agency", "Industry", "Organization", "Person")
PREDICATES = ("issuedBy", "appliesTo", "targetsIndustry", "focusIndustry", "partOf",
              "jurisdiction", "memberOf", "locatedIn", "successorOf")


@dataclass(frozen=True, order=True)
class Mention:
    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass
class Entity:
    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out = {"id": self.id, "type": self.type, "name": self.name, "aliases": self.aliases,
               "mentions": [m.to_json() for m in self.mentions]}
        if self.attrs:
            out["attrs"] = self.attrs
        return out


@dataclass(frozen=True)
class Relation:
    p: str
    s: str
    o: str
    evidence: Mention

    def to_json(self) -> dict[str, Any]:
        return {"p": self.p, "s": self.s, "o": self.o, "evidence": self.evidence.to_json()}


@dataclass
class Extraction:
    doc: str
    entities: list[Entity]
    relations: list[Relation]
    meta: dict[str, Any] = field(default_factory=dict)

    def entity(self, entity_id: str) -> Entity:
        return next(e for e in self.entities if e.id == entity_id)

    def to_json(self) -> dict[str, Any]:
        out = {"doc": self.doc, "entities": [e.to_json() for e in self.entities],
               "relations": [r.to_json() for r in self.relations]}
        if self.meta:
            out["meta"] = self.meta
        return out
