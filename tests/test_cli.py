"""End to end through the command line, on the bundled examples."""
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kg.cli import main


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_every_command_has_help():
    result = run("--help")
    assert result.exit_code == 0
    commands = [line.split()[0] for line in result.output.split("Commands:")[1].strip().splitlines()]
    assert {"build", "extract", "eval", "validate", "stats"} <= set(commands)
    for command in commands:
        sub = run(command, "--help")
        assert sub.exit_code == 0, command
        assert "Usage" in sub.output


def test_extract_jsonl_on_examples(examples_dir):
    result = run("extract", str(examples_dir), "--format", "jsonl")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.output.splitlines()]
    assert len(records) == len(list(examples_dir.glob("*.txt")))
    for rec in records:
        assert set(rec) >= {"doc", "entities", "relations"}
        ids = {e["id"] for e in rec["entities"]}
        for e in rec["entities"]:
            assert set(e) >= {"id", "type", "name", "aliases", "mentions"}
        for r in rec["relations"]:
            assert r["s"] in ids and r["o"] in ids
            assert set(r["evidence"]) == {"text", "start", "end"}


def test_build_twice_gives_the_same_graph(tmp_path, examples_dir):
    a, b = tmp_path / "a", tmp_path / "b"
    assert run("build", str(examples_dir), "-o", str(a)).exit_code == 0
    assert run("build", str(examples_dir), "-o", str(b)).exit_code == 0
    lines_a = sorted((a / "graph.nq").read_text(encoding="utf-8").splitlines())
    lines_b = sorted((b / "graph.nq").read_text(encoding="utf-8").splitlines())
    assert lines_a == lines_b and len(lines_a) > 100


def test_build_prints_summary_and_validates(tmp_path, examples_dir):
    out = tmp_path / "g"
    result = run("build", str(examples_dir), "-o", str(out))
    assert "documents" in result.output and "entities:" in result.output
    v = run("validate", str(out))
    assert v.exit_code == 0, v.output
    assert "conforms" in v.output


def test_bad_input_is_one_line_and_nonzero(tmp_path):
    missing = tmp_path / "nope.txt"
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "extract", str(missing)], capture_output=True, text=True)
    assert proc.returncode != 0
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert any(str(missing) in line and "no such file" in line for line in lines)


def test_validate_reports_violations(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("""@prefix kg: <https://purl.org/kg-policy/ontology#> .
<http://x/p> a kg:Program ; kg:issuedBy <http://x/i> .
<http://x/i> a kg:Industry .
""", encoding="utf-8")
    result = run("validate", str(bad))
    assert result.exit_code != 0
    assert "http://x/p" in result.output


@pytest.mark.parametrize("fmt", ["json"])
def test_eval_runs_on_example_gold(examples_dir, fmt):
    gold = examples_dir / "gold.jsonl"
    if not gold.exists():
        pytest.skip("examples/gold.jsonl missing")
    result = run("eval", "--gold", str(gold), str(examples_dir), "--json")
    scores = json.loads(result.output)
    assert scores["entity/ALL"]["f1"] > 0.5
