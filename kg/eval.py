"""Scoring extraction against gold, exactly as ``spec/annotation.md`` says.

* An entity matches when the types agree and the predicted name, or any of its mention texts,
  equals the gold name or one of its aliases after normalisation (:func:`kg.text.normalize_name`).
* Optional gold entities are neither rewarded nor penalised.
* A relation matches when its predicate agrees and both ends match gold entities of that relation.
* Precision, recall and F1 are micro-averaged over documents, per type and overall.

Matching is one to one within a document and type: exact name matches pair first, then
matches through aliases and mention texts.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from kg.text import normalize_name


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class Report:
    entities: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    relations: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    errors: list[dict[str, Any]] = field(default_factory=list)

    def total(self, table: dict[str, Counts]) -> Counts:
        out = Counts()
        for c in table.values():
            out.add(c)
        return out

    @property
    def entity_f1(self) -> float:
        return self.total(self.entities).f1

    @property
    def relation_f1(self) -> float:
        return self.total(self.relations).f1

    def rows(self) -> list[tuple[str, str, Counts]]:
        out = [("entity", k, self.entities[k]) for k in sorted(self.entities)]
        out.append(("entity", "ALL", self.total(self.entities)))
        out += [("relation", k, self.relations[k]) for k in sorted(self.relations)]
        out.append(("relation", "ALL", self.total(self.relations)))
        return out

    def to_json(self) -> dict[str, Any]:
        return {f"{kind}/{name}": {"p": round(c.precision, 4), "r": round(c.recall, 4),
                                   "f1": round(c.f1, 4), "tp": c.tp, "fp": c.fp, "fn": c.fn}
                for kind, name, c in self.rows()}

    def table(self) -> str:
        lines = [f"{'':9} {'':16} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
        for kind, name, c in self.rows():
            lines.append(f"{kind:9} {name:16} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} "
                         f"{c.tp:5d} {c.fp:5d} {c.fn:5d}")
        return "\n".join(lines)


def _keys(names: Iterable[str]) -> set[str]:
    return {k for k in (normalize_name(n) for n in names) if k}


def _match_entities(pred: list[dict], gold: list[dict]) -> dict[int, int]:
    """Pred index → gold index, one to one, types agreeing."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    pkeys = [_keys([p["name"], *(m["text"] for m in p.get("mentions", []))]) for p in pred]
    gkeys = [_keys([g["name"], *g.get("aliases", [])]) for g in gold]
    for exact in (True, False):
        for i, p in enumerate(pred):
            if i in pairs:
                continue
            for j, g in enumerate(gold):
                if j in used or p["type"] != g["type"]:
                    continue
                hit = normalize_name(p["name"]) == normalize_name(g["name"]) if exact else bool(pkeys[i] & gkeys[j])
                if hit:
                    pairs[i] = j
                    used.add(j)
                    break
    return pairs


def score_document(pred: dict, gold: dict, report: Report) -> None:
    pents, gents = pred.get("entities", []), gold.get("entities", [])
    pairs = _match_entities(pents, gents)
    doc = gold["doc"]
    for i, p in enumerate(pents):
        if i in pairs:
            if not gents[pairs[i]].get("optional"):
                report.entities[p["type"]].tp += 1
        else:
            report.entities[p["type"]].fp += 1
            report.errors.append({"doc": doc, "kind": "entity-fp", "type": p["type"], "name": p["name"]})
    matched = set(pairs.values())
    for j, g in enumerate(gents):
        if j not in matched and not g.get("optional"):
            report.entities[g["type"]].fn += 1
            report.errors.append({"doc": doc, "kind": "entity-fn", "type": g["type"], "name": g["name"]})
    gold_name_of = {p["id"]: normalize_name(gents[pairs[i]]["name"]) for i, p in enumerate(pents) if i in pairs}
    grels = {(r["p"], normalize_name(r["s"]), normalize_name(r["o"])) for r in gold.get("relations", [])}
    seen: set[tuple[str, str, str]] = set()
    for r in pred.get("relations", []):
        key = (r["p"], gold_name_of.get(r["s"], "?" + r["s"]), gold_name_of.get(r["o"], "?" + r["o"]))
        if key in seen:
            continue
        seen.add(key)
        if key in grels:
            report.relations[r["p"]].tp += 1
        else:
            report.relations[r["p"]].fp += 1
            report.errors.append({"doc": doc, "kind": "relation-fp", "p": r["p"], "s": r["s"], "o": r["o"]})
    for key in grels - seen:
        report.relations[key[0]].fn += 1
        report.errors.append({"doc": doc, "kind": "relation-fn", "p": key[0], "s": key[1], "o": key[2]})


def read_jsonl(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def evaluate(predictions: list[dict], gold: list[dict]) -> Report:
    """Score predictions (``kg extract`` records) against gold records, matched by ``doc``.

    >>> g = [{"doc": "a.txt", "entities": [{"type": "Region", "name": "浙江省", "aliases": ["浙江"]}],
    ...       "relations": []}]
    >>> p = [{"doc": "a.txt", "entities": [{"id": "r1", "type": "Region", "name": "浙江",
    ...       "mentions": []}], "relations": []}]
    >>> round(evaluate(p, g).entity_f1, 2)
    1.0
    """
    report = Report()
    by_doc = {Path(p["doc"]).name: p for p in predictions}
    for g in gold:
        score_document(by_doc.get(Path(g["doc"]).name, {"entities": [], "relations": []}), g, report)
    return report
