"""SPARQL over built graphs: the query core, the named questions, ``kg query`` and ``kg ask``.

The named questions are checked twice: exactly, on a small hand-made graph whose answers are
known (two documents repeating the same entities, as a real build does), and against the
development corpus's gold annotations (``../shared/gold/seeds.jsonl``), as recall floors, since
the extractor that builds that graph is still improving.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import kg
from kg.cli import main
from kg.query import (QueryError, ask, format_result, is_update, parse_question, question, questions, run,
                      sparql_literal, substitute)
from kg.text import normalize_name

# Two documents, each in its own named graph; entity triples repeat in both, as in a build.
HAND_MADE = """
@prefix kg: <https://purl.org/kg-policy/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix : <http://x/> .

:g1 {
  :d1 a kg:Document ; kg:path "a.txt" ; dcterms:title "文一"@zh ; dcterms:date "2019-03-01"^^xsd:date .
  :zj a kg:Region ; skos:prefLabel "浙江省"@zh ; skos:altLabel "浙江"@zh ; kg:mentionedIn :d1 .
  :hz a kg:Region ; skos:prefLabel "杭州市"@zh ; kg:partOf :zj ; kg:mentionedIn :d1 .
  :bj a kg:Region ; skos:prefLabel "滨江区"@zh ; kg:partOf :hz ; kg:mentionedIn :d1 .
  :js a kg:Region ; skos:prefLabel "江苏省"@zh ; kg:mentionedIn :d1 .
  :gov a kg:Agency ; skos:prefLabel "浙江省人民政府"@zh ; kg:mentionedIn :d1 .
  :jxt a kg:Agency ; skos:prefLabel "浙江省经济和信息化厅"@zh ; skos:altLabel "省经信厅"@zh ;
       kg:partOf :gov ; kg:mentionedIn :d1 .
  :szjj a kg:Industry ; skos:prefLabel "数字经济"@zh ; kg:mentionedIn :d1 .
  :rgzn a kg:Industry ; skos:prefLabel "人工智能"@zh ; kg:mentionedIn :d1 .
  :yjs a kg:Industry ; skos:prefLabel "云计算"@zh ; kg:mentionedIn :d1 .
  :jqxx a kg:Industry ; skos:prefLabel "机器学习"@zh ; skos:broader :rgzn ; kg:mentionedIn :d1 .
  :sdxx a kg:Industry ; skos:prefLabel "深度学习"@zh ; skos:broader :jqxx ; kg:mentionedIn :d1 .
  :p1 a kg:Program ; skos:prefLabel "数字经济一号工程"@zh ; kg:mentionedIn :d1 ;
      kg:appliesTo :zj ; kg:issuedBy :gov ; kg:targetsIndustry :szjj , :rgzn .
  :p2 a kg:Program ; skos:prefLabel "城市大脑"@zh ; kg:mentionedIn :d1 ; kg:issuedYear "2018"^^xsd:gYear ;
      kg:appliesTo :bj ; kg:targetsIndustry :rgzn , :yjs .
  :p3 a kg:Program ; skos:prefLabel "苏州计划"@zh ; kg:mentionedIn :d1 ;
      kg:appliesTo :js ; kg:targetsIndustry :rgzn , :szjj .
  :p4 a kg:Program ; skos:prefLabel "企业上云行动"@zh ; kg:mentionedIn :d1 ; kg:issuedBy :jxt ;
      kg:periodStart "2017"^^xsd:gYear ; kg:periodEnd "2020"^^xsd:gYear ; kg:appliesTo :hz .
  :hz kg:focusIndustry :jqxx .
  :bj kg:focusIndustry :sdxx .
  :js kg:focusIndustry :rgzn .
  :zj kg:focusIndustry :szjj .
  :zhang a kg:Person ; skos:prefLabel "张耕"@zh ; kg:memberOf :jxt ; kg:mentionedIn :d1 .
  :li a kg:Person ; skos:prefLabel "李四"@zh ; kg:memberOf :ali ; kg:mentionedIn :d1 .
  :wang a kg:Person ; skos:prefLabel "王五"@zh ; kg:mentionedIn :d1 .
  :ali a kg:Organization ; skos:prefLabel "阿里巴巴集团"@zh ; kg:mentionedIn :d1 .
  :d1s1 a kg:Sentence ; kg:text "浙江省实施数字经济一号工程。" ; kg:start 0 ; kg:end 14 ; kg:inDocument :d1 .
  :d1a1 a kg:Assertion ; rdf:subject :p1 ; rdf:predicate kg:appliesTo ; rdf:object :zj ;
        kg:evidence :d1s1 ; prov:wasDerivedFrom :d1 .
}
:g2 {
  :d2 a kg:Document ; kg:path "b.txt" ; dcterms:title "文二"@zh .
  :zj a kg:Region ; skos:prefLabel "浙江省"@zh ; skos:altLabel "浙江"@zh ; kg:mentionedIn :d2 .
  :hz a kg:Region ; skos:prefLabel "杭州市"@zh ; kg:partOf :zj ; kg:mentionedIn :d2 .
  :rgzn a kg:Industry ; skos:prefLabel "人工智能"@zh ; kg:mentionedIn :d2 .
  :p1 a kg:Program ; skos:prefLabel "数字经济一号工程"@zh ; kg:mentionedIn :d2 ;
      kg:appliesTo :zj ; kg:targetsIndustry :rgzn .
  :p5 a kg:Program ; skos:prefLabel "无日期计划"@zh ; kg:mentionedIn :d2 ; kg:appliesTo :hz .
  :d2s1 a kg:Sentence ; kg:text "一号工程覆盖浙江全省。" ; kg:start 5 ; kg:end 16 ; kg:inDocument :d2 .
  :d2a1 a kg:Assertion ; rdf:subject :p1 ; rdf:predicate kg:appliesTo ; rdf:object :zj ;
        kg:evidence :d2s1 ; prov:wasDerivedFrom :d2 .
}
"""


@pytest.fixture(scope="module")
def hand(tmp_path_factory):
    path = tmp_path_factory.mktemp("hand") / "hand.trig"
    path.write_text(HAND_MADE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hand_graph(hand):
    return kg.open(hand)


def rows(df, *cols):
    import pandas as pd

    return [tuple(None if pd.isna(v) else v for v in r) for r in df[list(cols)].itertuples(index=False)]


# --------------------------------------------------------------------------------------------
# parameters and substitution
# --------------------------------------------------------------------------------------------

def test_literal_escaping_round_trips():
    store = ox.Store()
    for value in ['浙江省', 'a"b', "a'b", "back\\slash", "line\nbreak\r\t", '"} . ?s ?p ?o . #', "", "😀"]:
        q = f"SELECT ?v WHERE {{ BIND({sparql_literal(value)} AS ?v) }}"
        assert [s["v"].value for s in store.query(q)] == [value]


def test_codepoint_escapes_are_refused():
    with pytest.raises(QueryError, match="backslash"):
        sparql_literal("\\u0022")


def test_substitution_leaves_strings_iris_and_comments_alone():
    text = 'SELECT * WHERE { ?s <http://x/$v> $v . FILTER(?o = "$v" || ?o = \'$v\' || ?o = """$v""") } # $v'
    out = substitute(text, {"v": "X"})
    assert out == 'SELECT * WHERE { ?s <http://x/$v> "X" . FILTER(?o = "$v" || ?o = \'$v\' || ?o = """$v""") } # $v'
    assert substitute("VALUES ?n { $v@zh $v }", {"v": "浙江"}) == 'VALUES ?n { "浙江"@zh "浙江" }'
    assert substitute("?a < $v", {"v": "1"}) == '?a < "1"'   # a lone < is an operator
    assert substitute("$vv $v", {"v": "1"}) == '$vv "1"'     # whole names only


def test_injection_stays_a_literal(hand_graph):
    evil = '浙江省" } } SELECT * WHERE { ?s ?p ?o } #'
    df = ask(hand_graph, "programs-in-region", region=evil)
    assert df.empty


def test_parse_question_declarations():
    q = parse_question("# description: Things\n# param: region = 浙江省 (a region)\n# param: other (needed)\n"
                       "SELECT * WHERE { ?s ?p $region FILTER(?s != $other) }", "t")
    assert q.description == "Things"
    assert [(p.name, p.default, p.doc) for p in q.params] == [("region", "浙江省", "a region"), ("other", None, "needed")]
    with pytest.raises(QueryError, match="required"):
        q.sparql()
    with pytest.raises(QueryError, match="unknown parameter"):
        q.sparql(other="x", nope="y")
    assert '"杭州市"' in q.sparql(region="杭州市", other="x")


def test_empty_default_is_a_value():
    q = parse_question("# param: organization = (empty for all)\nSELECT * WHERE { FILTER($organization = \"\") }")
    assert q.params[0].default == ""
    assert 'FILTER("" = "")' in q.sparql()


# --------------------------------------------------------------------------------------------
# the named question files
# --------------------------------------------------------------------------------------------

REQUIRED = {"programs-in-region", "issued-by", "industries-in-province", "regions-focusing-on", "people",
            "evidence", "programs-over-time", "co-targeted-industries"}


def test_named_questions_are_well_formed():
    known = questions()
    assert REQUIRED <= set(known)
    empty = ox.Store()
    for name, q in known.items():
        assert q.description, name
        assert q.text.startswith("# description:"), name
        code = "".join(piece for is_code, piece in __import__("kg.query", fromlist=["_tokens"])._tokens(q.text)
                       if is_code)
        for p in q.params:
            assert re.search(rf"\${p.name}\b", code), f"{name}: ${p.name} is declared but not used"
            assert not re.search(rf"\?{p.name}\b", code), f"{name}: ?{p.name} would be the same variable as ${p.name}"
        result = run(empty, q.sparql())  # parses, runs with the defaults
        assert isinstance(result, ox.QuerySolutions)
        assert list(result) == []


def test_unknown_question():
    with pytest.raises(QueryError, match="no named question"):
        question("nope")


# --------------------------------------------------------------------------------------------
# exact answers on the hand-made graph
# --------------------------------------------------------------------------------------------

def test_programs_in_region_follows_part_of(hand_graph):
    df = ask(hand_graph, "programs-in-region", region="浙江省")
    assert sorted(df["program"]) == sorted(["数字经济一号工程", "城市大脑", "企业上云行动", "无日期计划"])
    assert dict(zip(df["program"], df["appliesTo"]))["城市大脑"] == "滨江区"
    assert sorted(ask(hand_graph, "programs-in-region", region="浙江")["program"]) == sorted(df["program"])  # alias
    assert sorted(ask(hand_graph, "programs-in-region", region="杭州市")["program"]) == ["企业上云行动", "城市大脑", "无日期计划"]
    assert list(ask(hand_graph, "programs-in-region", region="江苏省")["program"]) == ["苏州计划"]


def test_issued_by_includes_sub_units(hand_graph):
    df = ask(hand_graph, "issued-by", issuer="浙江省人民政府")
    assert sorted(df["program"]) == ["企业上云行动", "数字经济一号工程"]
    assert list(ask(hand_graph, "issued-by", issuer="省经信厅")["program"]) == ["企业上云行动"]


def test_industries_in_province(hand_graph):
    df = ask(hand_graph, "industries-in-province", province="浙江省")
    assert set(rows(df, "industry", "programs", "regions")) == {
        ("人工智能", 2, 0), ("数字经济", 1, 1), ("云计算", 1, 0), ("机器学习", 0, 1), ("深度学习", 0, 1)}
    assert set(df["industry"][:2]) == {"人工智能", "数字经济"}


def test_regions_focusing_on_narrower_industries(hand_graph):
    df = ask(hand_graph, "regions-focusing-on", industry="人工智能")
    assert sorted(rows(df, "region", "industries")) == [("杭州市", "机器学习"), ("江苏省", "人工智能"), ("滨江区", "深度学习")]
    df = ask(hand_graph, "regions-focusing-on", industry="机器学习")
    assert sorted(rows(df, "region", "industries")) == [("杭州市", "机器学习"), ("滨江区", "深度学习")]


def test_people_and_posts(hand_graph):
    df = ask(hand_graph, "people")
    assert sorted(rows(df, "person", "post", "kind"), key=str) == sorted(
        [("张耕", "浙江省经济和信息化厅", "Agency"), ("李四", "阿里巴巴集团", "Organization"), ("王五", None, None)], key=str)
    assert list(ask(hand_graph, "people", organization="浙江省人民政府")["person"]) == ["张耕"]


def test_evidence_sentences(hand_graph):
    df = ask(hand_graph, "evidence", object="浙江省", relation="appliesTo")
    assert sorted(rows(df, "subjectName", "predicate", "sentence", "document", "start")) == [
        ("数字经济一号工程", "appliesTo", "一号工程覆盖浙江全省。", "文二", 5),
        ("数字经济一号工程", "appliesTo", "浙江省实施数字经济一号工程。", "文一", 0)]
    assert ask(hand_graph, "evidence", object="浙江省", subject="城市大脑").empty
    assert len(ask(hand_graph, "evidence", object="浙江", relation="", subject="数字经济一号工程")) == 2


def test_programs_over_time(hand_graph):
    df = ask(hand_graph, "programs-over-time", region="浙江省")
    assert rows(df, "year", "program", "basis") == [
        (2017, "企业上云行动", "periodStart"), (2018, "城市大脑", "issuedYear"),
        (2019, "数字经济一号工程", "document date"), (None, "无日期计划", "document")]
    assert dict(zip(df["program"], df["period"]))["企业上云行动"] == "2017–2020"
    assert sorted(dict(zip(df["program"], df["documents"]))["数字经济一号工程"].split(" | ")) == ["文一", "文二"]
    assert len(ask(hand_graph, "programs-over-time", region="")) == 5


def test_co_targeted_industries(hand_graph):
    df = ask(hand_graph, "co-targeted-industries")
    assert rows(df, "industry1", "industry2", "programs") == [("人工智能", "数字经济", 2), ("云计算", "人工智能", 1)]
    df = ask(hand_graph, "co-targeted-industries", industry="人工智能")
    assert rows(df, "industry1", "industry2", "programs") == [("人工智能", "数字经济", 2), ("人工智能", "云计算", 1)]


# --------------------------------------------------------------------------------------------
# exact answers on the seeds graph written from the gold annotations
# --------------------------------------------------------------------------------------------
# The development corpus's gold facts (../shared/gold/seeds.jsonl) are written into a graph the
# way `kg build` writes extractions (kg.rdf.document_quads, one named graph per document, the
# same documents read by kg.ingest). Every named question's answer on it must equal what the
# gold facts say, computed here in Python — so the SPARQL is checked exactly, whatever the
# extractor's quality (that is checked on the extractor-built graph further down).

_YEARS = re.compile(r"[（(]\s*(\d{4})\s*[—–\-~～至到]+\s*(\d{4})\s*年?\s*[）)]")


class GoldFacts:
    """Entities (type, name) and relations of the gold file, and the graph written from them."""

    def __init__(self, gold_path, seeds_dir, dates: dict[str, str]):
        from kg.builder import read_document
        from kg.extract.model import Entity, Extraction, Mention, Relation
        from kg.lexicon import load_lexicon
        from kg.rdf import document_quads
        from kg.text import split_sentences

        broader_of = load_lexicon().industry_broader
        self.labels: dict[tuple, set[str]] = defaultdict(set)      # entity → name and aliases
        self.rel: dict[str, set[tuple]] = defaultdict(set)          # predicate → {(s, o)}
        self.evidence: set[tuple] = set()                           # (s, p, o, sentence, title, start)
        self.docs_of: dict[tuple, set[str]] = defaultdict(set)      # entity → titles mentioning it
        self.doc_year: dict[str, int] = {}                          # title → year of its date
        self.broader: set[tuple] = set()
        self.period: dict[tuple, tuple[str, str]] = {}
        store = ox.Store()
        for line in gold_path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            doc = read_document(seeds_dir / rec["doc"])
            sentences = split_sentences(doc.text)
            meta = {"date": dates[doc.sha256]} if doc.sha256 in dates else {}
            if meta:
                self.doc_year[doc.title] = int(meta["date"][:4])
            by_name, entities = {}, []
            for e in rec["entities"]:
                key = (e["type"], e["name"])
                by_name[e["name"]] = key
                attrs = {}
                if e["type"] == "Industry" and broader_of.get(e["name"]):
                    attrs["broader"] = broader_of[e["name"]]
                    self.broader |= {(key, ("Industry", b)) for b in broader_of[e["name"]]}
                if e["type"] == "Program" and (m := _YEARS.search(e["name"])):
                    attrs["periodStart"], attrs["periodEnd"] = m.groups()
                    self.period[key] = m.groups()
                entities.append(Entity(f"{e['type']}:{e['name']}", e["type"], e["name"], e["aliases"], [], attrs))
                self.labels[key] |= {e["name"], *e["aliases"]}
                self.docs_of[key].add(doc.title)
            relations = []
            for r in rec["relations"]:
                s, o = by_name[r["s"]], by_name[r["o"]]
                # the evidence: the first sentence naming both ends, else one, else the first
                names_s, names_o = self.labels[s], self.labels[o]
                ev = next((x for x in sentences if any(n in x.text for n in names_s)
                           and any(n in x.text for n in names_o)), None) \
                    or next((x for x in sentences if any(n in x.text for n in names_s | names_o)), sentences[0])
                relations.append(Relation(r["p"], f"{s[0]}:{s[1]}", f"{o[0]}:{o[1]}", Mention(ev.start, ev.end, ev.text)))
                self.rel[r["p"]].add((s, o))
                self.evidence.add((s, r["p"], o, ev.text, doc.title, ev.start))
            store.extend(document_quads(doc, Extraction(rec["doc"], entities, relations, meta)))
        self.graph = kg.KnowledgeGraph(store)

    # -- the facts, as the questions define them --------------------------------------------
    def named(self, name: str, *types: str) -> set[tuple]:
        return {e for e, labels in self.labels.items() if name in labels and (not types or e[0] in types)}

    def inside(self, tops: set[tuple]) -> set[tuple]:
        """``tops`` and everything kg:partOf* them."""
        out, todo = set(tops), list(tops)
        while todo:
            top = todo.pop()
            for s, o in self.rel["partOf"]:
                if o == top and s not in out:
                    out.add(s)
                    todo.append(s)
        return out

    def narrower(self, tops: set[tuple]) -> set[tuple]:
        """``tops`` and every industry skos:broader* them."""
        out, todo = set(tops), list(tops)
        while todo:
            top = todo.pop()
            for s, o in self.broader:
                if o == top and s not in out:
                    out.add(s)
                    todo.append(s)
        return out

    def most(self, predicate: str) -> str:
        """The name of the most frequent object of ``predicate`` (ties: the smallest name)."""
        counts: dict[str, int] = defaultdict(int)
        for _, o in self.rel[predicate]:
            counts[o[1]] += 1
        return min(counts, key=lambda n: (-counts[n], n))

    def programs_in(self, region: str) -> dict[str, set[str]]:
        places = self.inside(self.named(region, "Region"))
        out: dict[str, set[str]] = defaultdict(set)
        for p, r in self.rel["appliesTo"]:
            if r in places:
                out[p[1]].add(r[1])
        return dict(out)


@pytest.fixture(scope="module")
def gold_facts(shared_gold, shared_seeds, seeds_build):
    # Document dates are the reader's, not annotations: take the ones `kg build` found.
    _, found = kg.open(seeds_build).rows("SELECT ?sha ?date WHERE { ?d kg:sha256 ?sha ; dcterms:date ?date }")
    return GoldFacts(shared_gold, shared_seeds, dict(found))


def joined(value) -> set[str]:
    return set(value.split("、")) if isinstance(value, str) else set()


def test_gold_graph_programs_in_region(gold_facts):
    for region in ("浙江省", "杭州市", "浙江", gold_facts.most("appliesTo")):
        expected = gold_facts.programs_in(region)
        df = ask(gold_facts.graph, "programs-in-region", region=region)
        assert expected and {p: joined(a) for p, a in zip(df["program"], df["appliesTo"])} == expected, region
        assert list(df["program"]) == sorted(df["program"])


def test_gold_graph_issued_by(gold_facts):
    for issuer in (gold_facts.most("issuedBy"), "工业和信息化部", "浙江省经济和信息化厅"):
        units = gold_facts.inside(gold_facts.named(issuer, "Agency", "Region"))
        expected: dict[str, set[str]] = defaultdict(set)
        for p, o in gold_facts.rel["issuedBy"]:
            if o in units:
                expected[p[1]].add(o[1])
        df = ask(gold_facts.graph, "issued-by", issuer=issuer)
        assert {p: joined(a) for p, a in zip(df["program"], df["issuedBy"])} == dict(expected), issuer
    assert ask(gold_facts.graph, "issued-by", issuer=gold_facts.most("issuedBy")).shape[0] > 0


def test_gold_graph_industries_in_province(gold_facts):
    for province in ("浙江省", "山东省", "杭州市"):
        places = gold_facts.inside(gold_facts.named(province, "Region"))
        programs = {p for p, r in gold_facts.rel["appliesTo"] if r in places}
        counts: dict[str, list[set]] = defaultdict(lambda: [set(), set()])
        for p, i in gold_facts.rel["targetsIndustry"]:
            if p in programs:
                counts[i[1]][0].add(p)
        for r, i in gold_facts.rel["focusIndustry"]:
            if r in places:
                counts[i[1]][1].add(r)
        expected = {i: (len(ps), len(rs)) for i, (ps, rs) in counts.items()}
        df = ask(gold_facts.graph, "industries-in-province", province=province)
        assert expected and {i: (p, r) for i, p, r in rows(df, "industry", "programs", "regions")} == expected, province
        totals = [p + r for p, r in zip(df["programs"], df["regions"])]
        assert totals == sorted(totals, reverse=True)


def test_gold_graph_regions_focusing_on(gold_facts):
    focus = {i for _, i in gold_facts.rel["focusIndustry"]}
    widest = max(sorted(gold_facts.labels), key=lambda e: len(gold_facts.narrower({e}) & focus))
    for industry in (gold_facts.most("focusIndustry"), widest[1], "人工智能"):
        fields = gold_facts.narrower(gold_facts.named(industry, "Industry"))
        expected: dict[str, set[str]] = defaultdict(set)
        for r, i in gold_facts.rel["focusIndustry"]:
            if i in fields:
                expected[r[1]].add(i[1])
        df = ask(gold_facts.graph, "regions-focusing-on", industry=industry)
        assert expected and {r: joined(i) for r, i in zip(df["region"], df["industries"])} == dict(expected), industry
    assert len(gold_facts.narrower({widest}) & focus) > 1  # narrower industries are exercised


def test_gold_graph_people(gold_facts):
    people = {e for e in gold_facts.labels if e[0] == "Person"}
    posts = {(p[1], o[1], o[0]) for p, o in gold_facts.rel["memberOf"]}
    expected = posts | {(p[1], None, None) for p in people if not any(s == p for s, _ in gold_facts.rel["memberOf"])}
    df = ask(gold_facts.graph, "people")
    assert posts and set(rows(df, "person", "post", "kind")) == expected
    body = gold_facts.most("memberOf")
    units = gold_facts.inside(gold_facts.named(body))
    df = ask(gold_facts.graph, "people", organization=body)
    assert set(df["person"]) == {p[1] for p, o in gold_facts.rel["memberOf"] if o in units} != set()


def test_gold_graph_evidence(gold_facts):
    for obj, relation in (("浙江省", "appliesTo"), ("杭州市", ""), (gold_facts.most("issuedBy"), "issuedBy")):
        expected = {(s[1], p, o[1], text, title, start) for s, p, o, text, title, start in gold_facts.evidence
                    if obj in gold_facts.labels[o] and relation in ("", p)}
        df = ask(gold_facts.graph, "evidence", object=obj, relation=relation)
        found = set(rows(df, "subjectName", "predicate", "objectName", "sentence", "document", "start"))
        assert expected and found == expected, (obj, relation)
    subject = sorted(gold_facts.programs_in("浙江省"))[0]
    df = ask(gold_facts.graph, "evidence", object="浙江省", relation="", subject=subject)
    assert set(df["subjectName"]) == {subject}


def test_gold_graph_programs_over_time(gold_facts):
    programs = gold_facts.programs_in("浙江省")
    expected = set()
    for name in programs:
        key = ("Program", name)
        years = [gold_facts.doc_year[t] for t in gold_facts.docs_of[key] if t in gold_facts.doc_year]
        if key in gold_facts.period:
            start, end = gold_facts.period[key]
            expected.add((int(start), name, "periodStart", f"{start}–{end}"))
        elif years:
            expected.add((min(years), name, "document date", ""))
        else:
            expected.add((None, name, "document", ""))
    df = ask(gold_facts.graph, "programs-over-time", region="浙江省")
    assert set(rows(df, "year", "program", "basis", "period")) == expected
    assert {b for _, _, b, _ in expected} >= {"periodStart", "document date"}  # both kinds are exercised
    years = [y for (y,) in rows(df, "year")]
    dated = [y for y in years if y is not None]
    assert dated == sorted(dated) and years[len(dated):] == [None] * (len(years) - len(dated))  # undated last
    for name, docs in zip(df["program"], df["documents"]):
        assert set(docs.split(" | ")) == gold_facts.docs_of[("Program", name)]


def test_gold_graph_co_targeted_industries(gold_facts):
    targets: dict[tuple, set[str]] = defaultdict(set)
    for p, i in gold_facts.rel["targetsIndustry"]:
        targets[p].add(i[1])
    pairs: dict[tuple, int] = defaultdict(int)
    for industries in targets.values():
        for a in industries:
            for b in industries:
                if a < b:
                    pairs[(a, b)] += 1
    df = ask(gold_facts.graph, "co-targeted-industries")
    assert pairs and {(a, b): n for a, b, n in rows(df, "industry1", "industry2", "programs")} == pairs
    assert list(df["programs"]) == sorted(df["programs"], reverse=True)
    top = max(sorted(pairs), key=pairs.get)[0]
    expected = {(b if a == top else a): n for (a, b), n in pairs.items() if top in (a, b)}
    df = ask(gold_facts.graph, "co-targeted-industries", industry=top)
    assert set(df["industry1"]) == {top}
    assert dict(zip(df["industry2"], df["programs"])) == expected


# --------------------------------------------------------------------------------------------
# the extractor-built seeds graph against the gold annotations (recall floors)
# --------------------------------------------------------------------------------------------

class Gold:
    """Facts of ../shared/gold/seeds.jsonl, over all documents, by normalised name."""

    def __init__(self, path):
        self.keys: dict[str, set[str]] = defaultdict(set)  # canonical key → all keys (name, aliases)
        self.rel: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self.programs_by_doc: dict[str, dict[str, set[str]]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            for e in rec["entities"]:
                key = normalize_name(e["name"])
                self.keys[key] |= {key, *(normalize_name(a) for a in e.get("aliases", []))}
            for r in rec["relations"]:
                self.rel[r["p"]].add((normalize_name(r["s"]), normalize_name(r["o"])))

    def inside(self, key: str) -> set[str]:
        """``key`` and everything partOf* it."""
        out, todo = {key}, [key]
        while todo:
            k = todo.pop()
            for s, o in self.rel["partOf"]:
                if o == k and s not in out:
                    out.add(s)
                    todo.append(s)
        return out

    def most(self, predicate: str, side: int = 1) -> str:
        counts: dict[str, int] = defaultdict(int)
        for pair in self.rel[predicate]:
            counts[pair[side]] += 1
        return max(sorted(counts), key=counts.get)

    def recall(self, expected: set[str], answer) -> float:
        found = {normalize_name(str(a)) for a in answer}
        hit = sum(1 for k in expected if self.keys.get(k, {k}) & found)
        return hit / len(expected)


@pytest.fixture(scope="module")
def gold(shared_gold):
    return Gold(shared_gold)


@pytest.fixture(scope="module")
def seeds_graph(seeds_build):
    return kg.open(seeds_build)


def test_gold_programs_in_region(gold, seeds_graph):
    inside = gold.inside(normalize_name("浙江省"))
    expected = {p for p, r in gold.rel["appliesTo"] if r in inside}
    df = ask(seeds_graph, "programs-in-region", region="浙江省")
    assert not df.empty and expected
    assert gold.recall(expected, df["program"]) >= 0.4


def test_gold_issued_by(gold, seeds_graph):
    issuer = gold.most("issuedBy")
    units = gold.inside(issuer)
    expected = {p for p, o in gold.rel["issuedBy"] if o in units}
    df = ask(seeds_graph, "issued-by", issuer=issuer)
    assert not df.empty
    assert gold.recall(expected, df["program"]) >= 0.3


def test_gold_industries_in_province(gold, seeds_graph):
    inside = gold.inside(normalize_name("浙江省"))
    programs = {p for p, r in gold.rel["appliesTo"] if r in inside}
    expected = {i for p, i in gold.rel["targetsIndustry"] if p in programs}
    expected |= {i for r, i in gold.rel["focusIndustry"] if r in inside}
    df = ask(seeds_graph, "industries-in-province", province="浙江省")
    assert not df.empty
    assert gold.recall(expected, df["industry"]) >= 0.4


def test_gold_regions_focusing_on(gold, seeds_graph):
    industry = gold.most("focusIndustry")
    expected = {r for r, i in gold.rel["focusIndustry"] if i == industry}
    df = ask(seeds_graph, "regions-focusing-on", industry=industry)
    assert not df.empty
    assert gold.recall(expected, df["region"]) >= 0.2


def test_gold_people(gold, seeds_graph):
    expected = {p for p, _ in gold.rel["memberOf"]}
    df = ask(seeds_graph, "people")
    assert gold.recall(expected, df["person"]) >= 0.5
    posts = {(normalize_name(p), normalize_name(o)) for p, o in zip(df["person"], df["post"]) if isinstance(o, str)}
    assert len(posts & gold.rel["memberOf"]) / len(gold.rel["memberOf"]) >= 0.3


def test_gold_evidence(gold, seeds_graph):
    expected = {s for s, o in gold.rel["appliesTo"] if o == normalize_name("浙江省")}
    df = ask(seeds_graph, "evidence", object="浙江省", relation="appliesTo")
    assert not df.empty and expected
    assert gold.recall(expected, df["subjectName"]) >= 0.4
    for sentence in df["sentence"]:
        assert sentence.strip()


def test_gold_programs_over_time(gold, seeds_graph):
    inside = gold.inside(normalize_name("浙江省"))
    expected = {p for p, r in gold.rel["appliesTo"] if r in inside}
    df = ask(seeds_graph, "programs-over-time", region="浙江省")
    assert not df.empty
    assert gold.recall(expected, df["program"]) >= 0.4
    years = [int(y) for y in df["year"].dropna()]
    assert years == sorted(years)
    assert set(df["basis"]) <= {"issuedYear", "periodStart", "document date", "document"}


def test_gold_co_targeted_industries(gold, seeds_graph):
    by_program: dict[str, set[str]] = defaultdict(set)
    for p, i in gold.rel["targetsIndustry"]:
        by_program[p].add(i)
    expected = {tuple(sorted((a, b))) for inds in by_program.values() for a in inds for b in inds if a < b}
    df = ask(seeds_graph, "co-targeted-industries")
    assert not df.empty
    found = {tuple(sorted((normalize_name(a), normalize_name(b)))) for a, b in zip(df["industry1"], df["industry2"])}
    assert len(found & expected) / len(expected) >= 0.1
    assert all(n >= 1 for n in df["programs"])
    assert list(df["programs"]) == sorted(df["programs"], reverse=True)


# --------------------------------------------------------------------------------------------
# results and formats
# --------------------------------------------------------------------------------------------

SELECT_ALL = "SELECT ?s ?label WHERE { ?s skos:prefLabel ?label } ORDER BY ?label"


@pytest.mark.parametrize("fmt,parser", [("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML),
                                        ("tsv", ox.QueryResultsFormat.TSV)])
def test_formats_parse_back(hand_graph, fmt, parser):
    from kg.query import results_xml, solutions

    if fmt == "xml":
        text = results_xml(*solutions(run(hand_graph, SELECT_ALL)))
    else:
        text = format_result(run(hand_graph, SELECT_ALL), fmt)
    parsed = list(ox.parse_query_results(text.encode("utf-8"), format=parser))
    expected = list(run(hand_graph, SELECT_ALL))
    assert len(parsed) == len(expected) > 10
    assert [(p["s"], p["label"]) for p in parsed] == [(e["s"], e["label"]) for e in expected]


def test_csv_is_values_only(hand_graph):
    import csv
    import io

    text = format_result(run(hand_graph, SELECT_ALL), "csv")
    assert "\r\n" in text
    table = list(csv.reader(io.StringIO(text)))
    expected = list(run(hand_graph, SELECT_ALL))
    assert table[0] == ["s", "label"]
    assert table[1:] == [[e["s"].value, e["label"].value] for e in expected]


def test_table_aligns_wide_characters(hand_graph):
    text = format_result(run(hand_graph, "SELECT ?label ?s WHERE { ?s skos:prefLabel ?label } ORDER BY ?label"), "table")
    lines = text.splitlines()
    assert lines[0].startswith("label") and lines[-1].endswith("rows)")
    cols = {line.index("http") for line in lines[2:-1]}
    from kg.query import _width

    starts = {_width(line[:line.index("http")]) for line in lines[2:-1]}
    assert len(starts) == 1 and cols  # the IRI column starts at the same display column on every row


def test_ask_and_construct_formats(hand_graph):
    assert format_result(run(hand_graph, "ASK { ?s a kg:Region }"), "table") == "true\n"
    assert json.loads(format_result(run(hand_graph, "ASK { ?s a kg:Nothing }"), "json")) == {"head": {}, "boolean": False}
    turtle = format_result(run(hand_graph, "CONSTRUCT { ?s a kg:Region } WHERE { ?s a kg:Region }"), "table")
    assert len(list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))) == 4
    jsonld = format_result(run(hand_graph, "CONSTRUCT { ?s a kg:Region } WHERE { ?s a kg:Region }"), "json")
    assert len(json.loads(jsonld)) == 4


def test_syntax_errors_and_updates_are_query_errors(hand_graph):
    with pytest.raises(QueryError, match=r"error at 1:\d+"):
        run(hand_graph, "SELEC ?x")
    for update in ["INSERT DATA { <a:b> <a:b> <a:b> }", "PREFIX x: <http://x/>\n# c\nDELETE WHERE { ?s ?p ?o }",
                   "drop all", "LOAD <http://example.org/x>"]:
        assert is_update(update)
        with pytest.raises(QueryError, match="read-only"):
            run(hand_graph, update)
    assert not is_update("SELECT * WHERE { ?s ?p 'INSERT' }")
    assert len(hand_graph.store) > 100


def test_rdflib_api_over_the_build_store(examples_build):
    """rdflib's API on the store `kg build` wrote (oxrdflib): same answers, no copy, read-only."""
    import rdflib

    from kg.query import rdflib_dataset

    graph = kg.open(examples_build)
    dataset = rdflib_dataset(graph)
    assert dataset.store._inner is graph.store  # the same store, not a copy
    q = "SELECT DISTINCT ?p ?label WHERE { ?p a kg:Program ; skos:prefLabel ?label } ORDER BY ?p"
    expected = [(str(a), str(b)) for a, b in graph.rows(q)[1]]
    assert expected and [(str(r.p), str(r.label)) for r in dataset.query(q)] == expected
    programs = {str(s) for s in dataset.subjects(rdflib.RDF.type, rdflib.URIRef(kg.rdf.KG + "Program"))}
    assert programs == {p for p, _ in expected}
    named = {str(g.identifier) for g in dataset.contexts()} - {str(rdflib.graph.DATASET_DEFAULT_GRAPH_ID)}
    assert named == {d["graph"] for d in graph.manifest["documents"]}  # one graph per document
    before = len(graph.store)
    with pytest.raises(Exception):
        dataset.add((rdflib.URIRef("http://x/a"), rdflib.RDF.type, rdflib.URIRef("http://x/b"), rdflib.URIRef("http://x/g")))
    with pytest.raises(Exception):
        dataset.update("INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }")
    assert len(kg.open(examples_build).store) == before == len(graph.store)


def test_ask_accepts_a_path(hand):
    assert len(ask(str(hand), "people")) == 3


# --------------------------------------------------------------------------------------------
# the commands
# --------------------------------------------------------------------------------------------

def cli(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env)


def test_kg_ask_lists_questions():
    result = cli("ask")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == len(questions())
    for line, (name, q) in zip(lines, questions().items()):
        assert line.startswith(name) and q.description in line


def test_kg_ask_runs_a_question(hand):
    result = cli("ask", "programs-in-region", str(hand), "--param", "region=杭州市", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "program,appliesTo,iri"
    assert {line.split(",")[0] for line in result.output.splitlines()[1:]} == {"企业上云行动", "城市大脑", "无日期计划"}
    env_result = cli("ask", "people", env={"KG_GRAPH": str(hand)})
    assert env_result.exit_code == 0 and "张耕" in env_result.output


def test_kg_ask_show_prints_sparql():
    result = cli("ask", "programs-in-region", "--param", "region=杭州市", "--show")
    assert result.exit_code == 0
    assert '"杭州市"@zh' in result.output and "$region" not in result.output


@pytest.mark.parametrize("args,message", [
    (("ask", "nope", "x"), "no named question"),
    (("ask", "people", "{hand}", "--param", "nope=1"), "unknown parameter"),
    (("ask", "people", "{hand}", "--param", "novalue"), "NAME=VALUE"),
    (("ask", "people"), "no graph"),
    (("query", "{hand}", "SELEC ?x"), "syntax error"),
    (("query", "{hand}", "INSERT DATA { <a:b> <a:b> <a:b> }"), "read-only"),
    (("query", "{hand}"), "either"),
])
def test_errors_are_one_line(hand, args, message):
    result = CliRunner().invoke(main, [a.replace("{hand}", str(hand)) for a in args], env={"KG_GRAPH": ""})
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("kg: ") and message in lines[0], result.output


def test_kg_query_formats_and_file(hand, tmp_path):
    q = tmp_path / "q.rq"
    q.write_text("# param: name = 杭州市 (a label)\nSELECT DISTINCT ?s WHERE { ?s skos:prefLabel ?l FILTER(STR(?l) = $name) }",
                 encoding="utf-8")
    result = cli("query", str(hand), "-f", str(q), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["results"]["bindings"] == [{"s": {"type": "uri", "value": "http://x/hz"}}]
    result = cli("query", str(hand), "-f", str(q), "--param", "name=江苏省", "--format", "tsv")
    assert result.output == "?s\n<http://x/js>\n"
    result = cli("query", str(hand), "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a kg:Program }")
    assert result.exit_code == 0 and "5" in result.output.splitlines()[2]


def test_kg_query_reads_standard_input(hand):
    q = "SELECT DISTINCT ?label WHERE { <http://x/hz> skos:prefLabel ?label }"
    for args in (["-f", "-"], ["-"]):
        result = CliRunner().invoke(main, ["query", str(hand), *args, "--format", "csv"], input=q)
        assert result.exit_code == 0, result.output
        assert result.output.splitlines() == ["label", "杭州市"]


def test_kg_query_on_build_directory(examples_build):
    result = cli("query", str(examples_build), "SELECT (COUNT(*) AS ?n) WHERE { ?d a kg:Document }", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert int(result.output.splitlines()[1]) >= 1
