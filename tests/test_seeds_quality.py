"""Extraction quality floors that catch regressions: the development corpus (../shared/seeds)
against its gold, the repository's own examples (other provinces, ministries, Traditional
script) against examples/gold.jsonl, and the hundred and eight articles of tests/data/heldout, all
written without looking at the extractor's output.

Floors sit just under what the extractor reaches; raise them as it improves.
"""
from pathlib import Path

import kg
from kg.eval import evaluate, read_jsonl
from kg.extract import extract_text
from kg.validate import validate

ENTITY_F1_FLOOR = 0.88
RELATION_F1_FLOOR = 0.725
EXAMPLES_ENTITY_F1_FLOOR = 0.92
EXAMPLES_RELATION_F1_FLOOR = 0.775
HELDOUT_ENTITY_F1_FLOOR = 0.93
HELDOUT_RELATION_F1_FLOOR = 0.75
HELDOUT = Path(__file__).resolve().parent / "data" / "heldout"


def test_seeds_eval_floors(shared_seeds, shared_gold):
    preds = [extract_text(p.read_text(encoding="utf-8"), p.name).to_json() for p in sorted(shared_seeds.glob("*.txt"))]
    report = evaluate(preds, read_jsonl(shared_gold))
    print(report.table())
    assert report.entity_f1 >= ENTITY_F1_FLOOR
    assert report.relation_f1 >= RELATION_F1_FLOOR


def test_examples_eval_floors(examples_dir):
    gold = read_jsonl(examples_dir / "gold.jsonl")
    preds = [extract_text(p.read_text(encoding="utf-8"), p.name).to_json() for p in sorted(examples_dir.glob("*.txt"))]
    assert {g["doc"] for g in gold} == {p["doc"] for p in preds}, "every example has a gold line"
    report = evaluate(preds, gold)
    print(report.table())
    assert report.entity_f1 >= EXAMPLES_ENTITY_F1_FLOOR
    assert report.relation_f1 >= EXAMPLES_RELATION_F1_FLOOR


def test_heldout_eval_floors():
    """The hundred and eight articles of tests/data/heldout (see its README), once blind, now a guard."""
    gold = read_jsonl(HELDOUT / "gold.jsonl")
    preds = [extract_text(p.read_text(encoding="utf-8"), p.name).to_json() for p in sorted(HELDOUT.glob("*.txt"))]
    assert len(preds) == 108 and {g["doc"] for g in gold} == {p["doc"] for p in preds}
    report = evaluate(preds, gold)
    print(report.table())
    assert report.entity_f1 >= HELDOUT_ENTITY_F1_FLOOR
    assert report.relation_f1 >= HELDOUT_RELATION_F1_FLOOR


def test_seeds_graph_conforms(seeds_build):
    conforms, violations = validate(seeds_build)
    assert conforms, "\n".join(v.line() for v in violations[:20])


def test_readme_provenance_query_returns_evidence(seeds_build, shared_seeds):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    query = readme.split("```sparql", 1)[1].split("```", 1)[0]
    rows = list(kg.open(seeds_build).store.query(query, use_default_graph_as_union=True))
    assert rows, "the README's provenance query returned nothing"
    for row in rows[:50]:
        source = Path(row["path"].value).read_text(encoding="utf-8")
        assert row["sentence"].value in source


def test_traditional_script_scores_like_simplified(shared_seeds, shared_gold):
    """The dev corpus converted to Traditional characters (OpenCC s2t) must score as well."""
    import opencc

    to_traditional = opencc.OpenCC("s2t")
    gold = read_jsonl(shared_gold)
    docs = sorted(shared_seeds.glob("*.txt"))
    simplified = evaluate([extract_text(p.read_text(encoding="utf-8"), p.name).to_json() for p in docs], gold)
    traditional = evaluate([extract_text(to_traditional.convert(p.read_text(encoding="utf-8")), p.name).to_json()
                            for p in docs], gold)
    assert traditional.entity_f1 >= simplified.entity_f1 - 0.01
    assert traditional.relation_f1 >= simplified.relation_f1 - 0.02
