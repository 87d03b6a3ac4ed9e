import pyoxigraph as ox

from kg.extract import extract_text
from kg.ingest import SourceDocument
from kg.rdf import KG, document_quads, entity_iri, graph_iri
from kg.store import serialize_nquads

TEXT = "江苏省工业和信息化厅印发《江苏省智能制造行动计划》，南京市将培育集成电路产业。"


def doc(text=TEXT, path="js.txt"):
    import hashlib

    return SourceDocument(path, text, hashlib.sha256(text.encode()).hexdigest(), "t")


def test_quads_live_in_the_document_graph_and_are_deterministic():
    d = doc()
    q1 = document_quads(d, extract_text(d.text, d.path))
    q2 = document_quads(d, extract_text(d.text, d.path))
    assert serialize_nquads(q1) == serialize_nquads(q2)
    assert {q.graph_name for q in q1} == {graph_iri(d.sha256)}


def test_relation_has_assertion_with_evidence_offsets():
    d = doc()
    store = ox.Store()
    store.extend(document_quads(d, extract_text(d.text, d.path)))
    rows = list(store.query(f"""
        PREFIX kg: <{KG}> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?text ?start ?end WHERE {{ GRAPH ?g {{
          ?a a kg:Assertion ; rdf:predicate kg:issuedBy ; kg:evidence ?s .
          ?s kg:text ?text ; kg:start ?start ; kg:end ?end }} }}"""))
    assert rows
    text, start, end = rows[0]["text"].value, int(rows[0]["start"].value), int(rows[0]["end"].value)
    assert TEXT[start:end] == text


def test_entity_iris_are_readable_and_escaped():
    assert entity_iri("Region", "浙江省").value.endswith("/region/浙江省")
    assert " " not in entity_iri("Program", "A B").value
