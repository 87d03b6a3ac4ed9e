from kg.eval import evaluate

GOLD = [{"doc": "d.txt",
         "entities": [{"type": "Region", "name": "浙江省", "aliases": ["浙江"]},
                      {"type": "Agency", "name": "浙江省经济和信息化厅", "aliases": ["省经信厅"]},
                      {"type": "Person", "name": "丽琳", "aliases": [], "optional": True}],
         "relations": [{"p": "jurisdiction", "s": "浙江省经济和信息化厅", "o": "浙江省"}]}]


def pred(entities, relations=()):
    return [{"doc": "d.txt", "entities": entities, "relations": list(relations)}]


def test_match_by_mention_text_and_relations():
    p = pred([{"id": "a", "type": "Agency", "name": "省经信厅X", "mentions": [{"text": "省经信厅"}]},
              {"id": "r", "type": "Region", "name": "浙江", "mentions": []}],
             [{"p": "jurisdiction", "s": "a", "o": "r"}])
    rep = evaluate(p, GOLD)
    assert rep.total(rep.entities).tp == 2 and rep.total(rep.entities).fp == 0
    assert rep.relation_f1 == 1.0


def test_optional_neither_rewarded_nor_penalised():
    p = pred([{"id": "x", "type": "Person", "name": "丽琳", "mentions": []}])
    rep = evaluate(p, GOLD)
    assert rep.total(rep.entities).tp == 0 and rep.total(rep.entities).fp == 0
    assert rep.total(rep.entities).fn == 2


def test_type_must_agree_and_duplicates_count_once():
    p = pred([{"id": "x", "type": "Agency", "name": "浙江省", "mentions": []},
              {"id": "y", "type": "Region", "name": "浙江省", "mentions": []},
              {"id": "z", "type": "Region", "name": "浙江", "mentions": []}])
    rep = evaluate(p, GOLD)
    assert rep.entities["Region"].tp == 1 and rep.entities["Region"].fp == 1
    assert rep.entities["Agency"].fp == 1
