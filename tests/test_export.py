"""``kg export``: every format read back by the reference reader of that format.

RDF with the rdflib and pyoxigraph parsers, GraphML and GEXF with networkx and checked against
the formats' own schemas (tests/data/, see tests/data/README.md), CSV with pandas.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pandas as pd
import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

import kg
import kg.export as ex
from kg.cli import main
from kg.rdf import KG, RDF

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent
ID = "https://purl.org/kg-policy/id/"
PROGRAM, REGION, INDUSTRY = ID + "program/浙江制造", ID + "region/浙江省", ID + "industry/集成电路"
OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
              "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}
RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "trig": "trig", "jsonld": "json-ld"}
QUAD_FORMATS = ("nquads", "trig", "jsonld")

# Two documents state that the program applies to Zhejiang (two sentences); "issued by" has no
# assertion; the program's name has a comma and quotes, to exercise CSV quoting.
HAND_TRIG = """
@prefix kg: <https://purl.org/kg-policy/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix id: <https://purl.org/kg-policy/id/> .
id:graph\\/a {
  id:doc\\/a a kg:Document ; kg:path "a.txt" ; kg:charCount 40 .
  <https://purl.org/kg-policy/id/program/浙江制造> a kg:Program ; skos:prefLabel "“浙江制造”行动计划, 2019"@zh ;
      skos:altLabel "浙江制造"@zh ; kg:mentionedIn id:doc\\/a ;
      kg:appliesTo <https://purl.org/kg-policy/id/region/浙江省> ; kg:issuedBy <https://purl.org/kg-policy/id/region/浙江省> ;
      kg:targetsIndustry <https://purl.org/kg-policy/id/industry/集成电路> .
  <https://purl.org/kg-policy/id/region/浙江省> a kg:Region ; skos:prefLabel "浙江省"@zh ; skos:altLabel "浙江"@zh , "浙"@zh ;
      kg:regionCode "330000" ; kg:mentionedIn id:doc\\/a .
  <https://purl.org/kg-policy/id/industry/集成电路> a kg:Industry ; skos:prefLabel "集成电路"@zh .
  <https://purl.org/kg-policy/id/doc/a/sentence/0-20> a kg:Sentence ; kg:text "浙江省实施“浙江制造”行动计划。" ;
      kg:start 0 ; kg:end 20 ; kg:inDocument id:doc\\/a .
  <https://purl.org/kg-policy/id/doc/a/mention/0-3> a kg:Mention ; kg:denotes <https://purl.org/kg-policy/id/region/浙江省> ;
      kg:text "浙江省" ; kg:start 0 ; kg:end 3 ; kg:inSentence <https://purl.org/kg-policy/id/doc/a/sentence/0-20> .
  <https://purl.org/kg-policy/id/doc/a/assertion/1> a kg:Assertion ; rdf:subject <https://purl.org/kg-policy/id/program/浙江制造> ;
      rdf:predicate kg:appliesTo ; rdf:object <https://purl.org/kg-policy/id/region/浙江省> ;
      kg:evidence <https://purl.org/kg-policy/id/doc/a/sentence/0-20> ; prov:wasDerivedFrom id:doc\\/a .
}
id:graph\\/b {
  id:doc\\/b a kg:Document ; kg:path "b.txt" .
  <https://purl.org/kg-policy/id/program/浙江制造> a kg:Program ; skos:prefLabel "“浙江制造”行动计划, 2019"@zh ;
      kg:appliesTo <https://purl.org/kg-policy/id/region/浙江省> .
  <https://purl.org/kg-policy/id/region/浙江省> a kg:Region ; skos:prefLabel "浙江省"@zh .
  <https://purl.org/kg-policy/id/doc/b/sentence/5-9> a kg:Sentence ; kg:text "该计划覆盖全省。" ; kg:inDocument id:doc\\/b .
  <https://purl.org/kg-policy/id/doc/b/assertion/1> a kg:Assertion ; rdf:subject <https://purl.org/kg-policy/id/program/浙江制造> ;
      rdf:predicate kg:appliesTo ; rdf:object <https://purl.org/kg-policy/id/region/浙江省> ;
      kg:evidence <https://purl.org/kg-policy/id/doc/b/sentence/5-9> ; prov:wasDerivedFrom id:doc\\/b .
}
"""


@pytest.fixture(scope="module")
def hand(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hand") / "hand.trig"
    path.write_text(HAND_TRIG, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def examples(examples_build):
    return kg.open(examples_build)


def source_quads(graph) -> set[str]:
    return {str(q) for q in graph.store.quads_for_pattern(None, None, None, None)}


def source_triples(graph) -> set[str]:
    return {str(q.triple) for q in graph.store.quads_for_pattern(None, None, None, None)}


def a_relation(graph) -> tuple[str, str, str]:
    """A relation of the source found by SPARQL, independent of the exporter's own reading."""
    _, rows = graph.rows("""SELECT ?s ?p ?o WHERE { ?a a kg:Assertion ; rdf:subject ?s ; rdf:predicate ?p ;
                                                 rdf:object ?o } ORDER BY ?s ?p ?o LIMIT 1""")
    return tuple(rows[0])


def read_back_ox(path: Path, fmt: str) -> set[str]:
    parsed = ox.parse(path=str(path), format=OX_FORMATS[fmt])
    return {str(q) if fmt in QUAD_FORMATS else str(q.triple) for q in parsed}


def read_back_rdflib(path: Path, fmt: str):
    dataset = rdflib.Dataset()
    dataset.parse(str(path), format=RDFLIB_FORMATS[fmt])
    return dataset


# -- RDF ------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", list(OX_FORMATS))
def test_rdf_round_trips_through_both_parsers(examples, tmp_path, fmt):
    out = tmp_path / f"graph.{fmt}"
    ex.export(examples, fmt, out)
    expected = source_quads(examples) if fmt in QUAD_FORMATS else source_triples(examples)
    assert len(expected) > 1000
    assert read_back_ox(out, fmt) == expected
    dataset = read_back_rdflib(out, fmt)
    assert len(list(dataset.quads((None, None, None, None)))) == len(expected)
    s, p, o = a_relation(examples)
    assert list(dataset.quads((rdflib.URIRef(s), rdflib.URIRef(p), rdflib.URIRef(o), None)))


@pytest.mark.parametrize("fmt", QUAD_FORMATS)
def test_named_graphs_are_kept(examples, tmp_path, fmt):
    out = tmp_path / f"graph.{fmt}"
    ex.export(examples, fmt, out)
    names = {str(q.graph_name) for q in ox.parse(path=str(out), format=OX_FORMATS[fmt])}
    documents = examples.stats()["documents"]
    assert len(names) == documents == len(examples.manifest["documents"])
    assert all(n.startswith(f"<{ID}graph/") for n in names)


def test_jsonld_is_compacted_with_the_published_context(examples, tmp_path):
    out = tmp_path / "graph.jsonld"
    ex.export(examples, "jsonld", out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    published = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert doc["@context"] == published
    used = set()

    def walk(value):
        if isinstance(value, dict):
            used.update(value)
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(doc["@graph"])
    keywords = {k for k in used if k.startswith("@")}
    assert used - keywords <= set(published), "every property is a term of the context"
    assert {"prefLabel", "appliesTo", "evidence", "text"} <= used
    node = next(n for g in doc["@graph"] for n in g["@graph"] if n.get("@type") == "Region")
    assert isinstance(node["prefLabel"], str)  # the @zh language comes from the context


def test_jsonld_context_is_valid_for_every_ontology_term():
    context = ex.jsonld_context()
    ontology = rdflib.Graph().parse(ROOT / "ontology" / "kg.ttl", format="turtle")
    terms = {str(s)[len(KG):] for s in ontology.subjects() if str(s).startswith(KG)}
    assert terms <= set(context), sorted(terms - set(context))


def test_no_evidence_drops_mentions_sentences_assertions(examples, tmp_path):
    out = tmp_path / "graph.nq"
    ex.export(examples, "nquads", out, evidence=False)
    parsed = list(ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS))
    types = {q.object.value for q in parsed if q.predicate.value == RDF + "type"}
    assert not types & {KG + "Mention", KG + "Sentence", KG + "Assertion"}
    assert {KG + "Program", KG + "Region", KG + "Document"} <= types
    s, p, o = a_relation(examples)
    assert any(q.subject.value == s and q.predicate.value == p and q.object.value == o for q in parsed)
    assert len(parsed) < len(source_quads(examples)) / 2


def test_types_keep_only_those_entities_and_their_relations(hand, tmp_path):
    graph = kg.open(hand)
    out = tmp_path / "graph.nq"
    ex.export(graph, "nquads", out, types=["Program", "industry"])
    parsed = list(ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS))
    terms = {t.value for q in parsed for t in (q.subject, q.object) if isinstance(t, ox.NamedNode)}
    assert REGION not in terms  # the region, its relations, its mention and the assertions about it go
    assert {PROGRAM, INDUSTRY} <= terms
    assert not any("/mention/" in t or "/assertion/" in t for t in terms)
    assert any(q.predicate.value == KG + "targetsIndustry" for q in parsed)


def test_unknown_or_missing_types_are_refused():
    with pytest.raises(ex.ExportError, match="unknown type 'Town'"):
        ex.check_types(["Program", "Town"])
    with pytest.raises(ex.ExportError, match="no entity type"):
        ex.check_types(["", " "])


# -- networks -------------------------------------------------------------------------------
def graphml_schema():
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(DATA / "graphml" / "graphml-attributes.xsd")))


def gexf_grammar():
    from lxml import etree

    return etree.RelaxNG(etree.parse(str(DATA / "gexf-1.3" / "gexf.rng")))


def validate(schema, data: bytes):
    from lxml import etree

    ok = schema.validate(etree.fromstring(data))
    return ok, str(schema.error_log)


def test_schemas_are_real_validators():
    """Each schema refuses what its format forbids, so a passing validation means something."""
    network = nx.MultiDiGraph()
    network.add_node("https://x/a", label="甲")
    network.add_edge("https://x/a", "https://x/a", predicate="partOf")
    buffer = io.BytesIO()
    nx.write_graphml(network, buffer)  # IRIs are no XML name tokens: invalid GraphML ids
    assert not validate(graphml_schema(), buffer.getvalue())[0]
    buffer = io.BytesIO()
    nx.write_gexf(network, buffer, version="1.3")  # networkx's 1.3 keeps 1.2's mode attribute
    ok, log = validate(gexf_grammar(), buffer.getvalue())
    assert not ok and "mode" in log


def exported_network(graph, fmt: str, tmp_path: Path, **options):
    """Export as GraphML or GEXF, check it against the format's schema, read it with networkx.

    Returns the graph read back and a map from IRIs to its node ids (GraphML ids are n0, n1, …).
    """
    out = tmp_path / f"graph.{fmt}"
    ex.export(graph, fmt, out, **options)
    ok, log = validate(graphml_schema() if fmt == "graphml" else gexf_grammar(), out.read_bytes())
    assert ok, log
    back = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    ids = {d["iri"]: n for n, d in back.nodes(data=True)} if fmt == "graphml" else {n: n for n in back}
    return back, ids


def edges_between(back, u, v) -> dict[str, dict]:
    data = back.get_edge_data(u, v)
    return {d["predicate"]: d for d in (data.values() if back.is_multigraph() else [data])}


@pytest.mark.parametrize("fmt", ex.NETWORK_FORMATS)
def test_networks_are_valid_and_networkx_reads_them_back(examples, tmp_path, fmt):
    back, ids = exported_network(examples, fmt, tmp_path)
    source = examples.to_networkx()
    assert (back.number_of_nodes(), back.number_of_edges()) == (source.number_of_nodes(), source.number_of_edges())
    s, p, o = a_relation(examples)
    name = p.rsplit("#", 1)[1]
    fact = edges_between(back, ids[s], ids[o])[name]
    assert fact["evidence"] == source.edges[s, o, name]["evidence"] >= 1
    assert fact["documents"] == source.edges[s, o, name]["documents"] >= 1
    assert back.nodes[ids[s]]["label"] == source.nodes[s]["label"]
    assert back.nodes[ids[s]]["type"] == source.nodes[s]["type"]


@pytest.mark.parametrize("fmt", ex.NETWORK_FORMATS)
def test_networks_of_the_hand_graph_keep_every_attribute(hand, tmp_path, fmt):
    back, ids = exported_network(kg.open(hand), fmt, tmp_path)
    assert isinstance(back, nx.MultiDiGraph)  # issuedBy and appliesTo join the same two nodes
    region = dict(back.nodes[ids[REGION]])
    region.pop("iri", None)
    assert region == {"type": "Region", "label": "浙江省", "aliases": "浙;浙江", "region_code": "330000"}
    edges = edges_between(back, ids[PROGRAM], ids[REGION])
    assert (edges["appliesTo"]["evidence"], edges["appliesTo"]["documents"]) == (2, 2)
    assert (edges["issuedBy"]["evidence"], edges["issuedBy"]["documents"]) == (0, 0)


@pytest.mark.parametrize("fmt", ex.NETWORK_FORMATS)
def test_control_characters_do_not_break_the_xml(tmp_path, fmt):
    graph = kg.KnowledgeGraph.from_turtle('''@prefix kg: <https://purl.org/kg-policy/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <http://x/r> a kg:Region ; skos:prefLabel "浙\\u000B江"@zh ; skos:altLabel "浙\\u0001"@zh .''')
    back, ids = exported_network(graph, fmt, tmp_path)
    assert (back.nodes[ids["http://x/r"]]["label"], back.nodes[ids["http://x/r"]]["aliases"]) == ("浙江", "浙")


@pytest.mark.parametrize("fmt", ex.NETWORK_FORMATS)
def test_no_evidence_and_types_in_networks(hand, tmp_path, fmt):
    back, ids = exported_network(kg.open(hand), fmt, tmp_path, evidence=False, types=["Program", "Region"])
    assert set(ids) == {PROGRAM, REGION}
    assert all("evidence" not in d and "documents" not in d for _, _, d in back.edges(data=True))


# -- tables ---------------------------------------------------------------------------------
def test_csv_has_a_bom_and_pandas_reads_the_chinese(examples, tmp_path):
    out = tmp_path / "tables"
    written = ex.export(examples, "csv", out)
    assert sorted(p.name for p in written) == ["edges.csv", "nodes.csv"]
    for path in written:
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    nodes = pd.read_csv(out / "nodes.csv", encoding="utf-8-sig", keep_default_na=False)
    edges = pd.read_csv(out / "edges.csv", encoding="utf-8-sig", keep_default_na=False)
    source = examples.to_networkx()
    assert list(nodes.columns) == ["id", "type", "label", "aliases", "region_code"]
    assert (len(nodes), len(edges)) == (source.number_of_nodes(), source.number_of_edges())
    s, p, o = a_relation(examples)
    assert nodes.set_index("id").loc[s, "label"] == source.nodes[s]["label"]
    row = edges[(edges.source == s) & (edges.target == o) & (edges.predicate == p.rsplit("#", 1)[1])]
    assert len(row) == 1 and row.iloc[0]["evidence"] >= 1
    assert any("\u4e00" <= ch <= "\u9fff" for ch in "".join(nodes["label"]))


def test_csv_quotes_names_with_commas(hand, tmp_path):
    ex.export(hand, "csv", tmp_path)
    nodes = pd.read_csv(tmp_path / "nodes.csv", encoding="utf-8-sig", keep_default_na=False, dtype=str).set_index("id")
    assert nodes.loc[PROGRAM, "label"] == "“浙江制造”行动计划, 2019"
    assert nodes.loc[REGION, "aliases"].split(";") == ["浙", "浙江"]
    assert nodes.loc[REGION, "region_code"] == "330000"


def test_neo4j_import_files(hand, tmp_path):
    ex.export(hand, "neo4j", tmp_path)
    with open(tmp_path / "nodes.csv", encoding="utf-8", newline="") as f:
        nodes = list(csv.reader(f))
    with open(tmp_path / "relationships.csv", encoding="utf-8", newline="") as f:
        rels = list(csv.reader(f))
    assert nodes[0] == ["iri:ID", "name", "aliases:string[]", "regionCode", ":LABEL"]
    assert rels[0] == [":START_ID", ":END_ID", ":TYPE", "predicate", "evidence:int", "documents:int"]
    ids = [row[0] for row in nodes[1:]]
    assert len(ids) == len(set(ids)) == 3  # neo4j-admin refuses duplicate ids
    assert all(row[0] in ids and row[1] in ids for row in rels[1:])  # and dangling relationships
    by_id = {row[0]: row for row in nodes[1:]}
    assert by_id[REGION][2].split(";") == ["浙", "浙江"] and by_id[REGION][4] == "Region"
    applies = next(r for r in rels[1:] if r[2] == "APPLIES_TO")
    assert applies[:2] == [PROGRAM, REGION] and applies[3] == KG + "appliesTo"
    assert (int(applies[4]), int(applies[5])) == (2, 2)
    assert not (tmp_path / "nodes.csv").read_bytes().startswith(b"\xef\xbb\xbf")


# -- determinism and the command line -------------------------------------------------------
def test_output_is_the_same_run_after_run(examples_build, tmp_path):
    """Two processes with different hash seeds (rdflib's JSON-LD order follows hashing)."""
    script = ("import hashlib, sys, kg, kg.export as ex\n"
              "g = kg.open(sys.argv[1])\n"
              "for f in ex.FORMATS:\n"
              "    files = ex.render(g, f)\n"
              "    print(f, hashlib.sha256(b''.join(files[k] for k in sorted(files))).hexdigest())\n")
    runs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run([sys.executable, "-c", script, str(examples_build)], capture_output=True, text=True,
                              env=env, check=True)
        runs.append(done.stdout)
    assert runs[0] == runs[1]
    assert len(runs[0].splitlines()) == len(ex.FORMATS)


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_cli_writes_a_file_and_standard_output(examples_build, tmp_path):
    out = tmp_path / "g.trig"
    result = run("export", str(examples_build), "-o", str(out))  # format from the suffix
    assert result.exit_code == 0, result.output
    assert len(read_back_ox(out, "trig")) > 1000
    result = run("export", str(examples_build), "--format", "turtle", "-o", "-", "--types", "Region")
    assert result.exit_code == 0
    triples = list(ox.parse(result.stdout_bytes, format=ox.RdfFormat.TURTLE))
    assert triples and all("/program/" not in str(t.subject) for t in triples)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary files left


@pytest.mark.parametrize("args, message", [
    (["--format", "pdf"], "unknown format 'pdf'"),
    (["--format", "csv", "--types", "Town"], "unknown type 'Town'"),
])
def test_cli_bad_options_are_one_line_and_write_nothing(examples_build, tmp_path, args, message):
    out = tmp_path / "out"
    result = run("export", str(examples_build), *args, "-o", str(out))
    assert result.exit_code != 0
    assert result.stderr.strip().count("\n") == 0 and message in result.stderr
    assert not out.exists()


def test_cli_unreadable_graph_is_one_line_and_keeps_the_old_output(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://x/a> <http://x/p> .\n", encoding="utf-8")
    out = tmp_path / "graph.nt"
    out.write_text("previous export\n", encoding="utf-8")
    result = run("export", str(bad), "--format", "ntriples", "-o", str(out))
    assert result.exit_code != 0
    assert result.stderr.strip().count("\n") == 0 and "bad.ttl" in result.stderr
    assert out.read_text(encoding="utf-8") == "previous export\n"
    missing = run("export", str(tmp_path / "nowhere"), "--format", "nquads", "-o", str(tmp_path / "x.nq"))
    assert missing.exit_code != 0 and "nowhere" in missing.stderr and not (tmp_path / "x.nq").exists()


def test_cli_tables_need_a_directory(examples_build, tmp_path):
    result = run("export", str(examples_build), "--format", "csv", "-o", "-")
    assert result.exit_code != 0 and "directory" in result.stderr
    no_format = run("export", str(examples_build), "-o", str(tmp_path / "graph.txt"))
    assert no_format.exit_code != 0 and "--format" in no_format.stderr
