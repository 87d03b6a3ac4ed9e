"""The Python API mirrors the CLI: kg.build, kg.open and the KnowledgeGraph methods."""
import kg


def test_build_can_be_called_again(tmp_path, examples_dir):
    # the build module (kg.builder) is named apart from the kg.build function it serves
    first = kg.build([examples_dir / "beijing_ai_innovation.txt"], tmp_path / "a")
    second = kg.build([examples_dir / "beijing_ai_innovation.txt"], tmp_path / "b")
    assert callable(kg.build)
    assert first.stats() == second.stats()


def test_api_and_cli_agree(tmp_path, examples_dir):
    from click.testing import CliRunner

    from kg.cli import main

    graph = kg.build([examples_dir], tmp_path / "api")
    result = CliRunner().invoke(main, ["stats", str(tmp_path / "api"), "--json"])
    assert result.exit_code == 0
    import json

    assert json.loads(result.output) == graph.stats()
    frame = graph.query("SELECT ?name WHERE { ?p a kg:Program ; skos:prefLabel ?name }")
    assert len(frame) == graph.stats()["entities"]["Program"]
    nx_graph = graph.to_networkx()
    assert nx_graph.number_of_nodes() >= sum(graph.stats()["entities"].values())
    assert "<table>" in graph._repr_html_()
