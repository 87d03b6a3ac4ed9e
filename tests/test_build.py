"""Builds that never lose data: incremental equals clean, add keeps what is there, a build killed
at any moment leaves the previous graph usable, memory does not grow with the folder."""
from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from kg.builder import add, build
from kg.cli import main
from kg.store import StoreError, build_lock, current_version
from kg.validate import validate


def corpus(examples_dir: Path, folder: Path, count: int, tag: str = "") -> list[Path]:
    """``count`` distinct documents made from the bundled examples (a numbered line makes each unique)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(examples_dir.glob("*.txt"))]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"doc{tag}{i:03d}.txt"
        path.write_text(f"第{i}号文件{tag}\n" + texts[i % len(texts)], encoding="utf-8")
        paths.append(path)
    return paths


def snapshot(out: Path) -> tuple[bytes, bytes]:
    version = current_version(out)
    return (out / "graph.nq").read_bytes(), (version / "manifest.json").read_bytes()


def test_incremental_build_equals_clean_build(tmp_path, examples_dir):
    src = tmp_path / "src"
    a, b, c, d = corpus(examples_dir, src, 4)
    (src / "page.html").write_text(f"<html><body><p>{a.read_text(encoding='utf-8')}</p></body></html>",
                                   encoding="utf-8")
    inc = tmp_path / "inc"
    first = build([src], inc)
    assert len(first.documents) == 5 and first.reused == 0

    b.write_text(b.read_text(encoding="utf-8") + "\n工业和信息化部印发《工业互联网创新发展行动计划》。", encoding="utf-8")
    c_sha = next(r["sha256"] for r in first.documents if r["path"] == str(c))
    c.unlink()
    (e,) = corpus(examples_dir, src / "new", 1, tag="e")
    second = build([src], inc)
    assert second.reused == 3                      # a, d and the page: only b and e were extracted again
    assert {r["path"] for r in second.documents} == {str(p) for p in (a, b, d, e, src / "page.html")}
    assert c_sha[:16].encode() not in (inc / "graph.nq").read_bytes()   # c's facts are dropped

    clean = tmp_path / "clean"
    third = build([src], clean)
    assert third.reused == 0
    assert snapshot(inc) == snapshot(clean)
    assert current_version(inc).name == current_version(clean).name
    assert [p.name for p in (inc / "versions").iterdir()] == [current_version(inc).name]


def test_a_file_unreadable_on_rebuild_keeps_its_previous_facts(tmp_path, examples_dir):
    a, b = corpus(examples_dir, tmp_path / "src", 2)
    out = tmp_path / "out"
    build([a, b], out)
    before = snapshot(out)
    b.write_bytes(bytes(range(256)) * 4)           # e.g. a download that broke half-way
    result = build([a, b], out)
    assert [str(e) for e in result.errors] == [f"{b}: binary file, not text"]
    assert result.skipped == [f"{b}: unreadable; its facts from the previous build are kept"]
    assert snapshot(out) == before
    b.unlink()                                     # gone from INPUTS: now its facts go
    assert build([a], out).ok and kg.open(out).stats()["documents"] == 1


def test_add_appends_and_equals_a_clean_build_of_both(tmp_path, examples_dir):
    a1, a2, b, c = corpus(examples_dir, tmp_path / "src", 4)
    out = tmp_path / "out"
    build([a1, a2], out)
    added = add([b], out)
    assert added.reused == 0 and len(added.documents) == 3
    both = tmp_path / "both"
    build([a1, a2, b], both)
    assert snapshot(out) == snapshot(both)

    a1.unlink()                                    # gone from disk, kept in the graph
    copy = tmp_path / "copy.txt"
    copy.write_bytes(c.read_bytes())
    result = add([c, copy], out)
    assert {r["path"] for r in result.documents} == {str(a1), str(a2), str(b), str(c)}
    assert result.skipped == [f"{copy}: same content as {c}"]

    b.write_text("工业和信息化部印发《工业互联网创新发展行动计划》。", encoding="utf-8")
    result = add([b], out)
    assert result.skipped == [f"{b}: changed; its previous content is replaced"]
    assert len(result.documents) == 4
    assert kg.open(out).stats()["documents"] == 4


def test_kg_add_command_and_base_mismatch(tmp_path, examples_dir):
    a, b = corpus(examples_dir, tmp_path / "src", 2)
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["add", str(a), "-o", str(out)]).exit_code == 0   # creates DIR
    result = runner.invoke(main, ["add", str(b), "-o", str(out)])
    assert result.exit_code == 0 and "2 documents" in result.output
    with pytest.raises(StoreError, match="built with base"):
        add([b], out, base="http://example.org/other/")


def test_parallel_build_equals_serial(tmp_path, examples_dir):
    paths = corpus(examples_dir, tmp_path / "src", 6)
    build(paths, tmp_path / "serial")
    result = build(paths, tmp_path / "parallel", jobs=2)
    assert len(result.documents) == 6
    assert snapshot(tmp_path / "serial") == snapshot(tmp_path / "parallel")


def test_a_second_build_of_the_same_directory_is_refused(tmp_path, examples_dir):
    (a,) = corpus(examples_dir, tmp_path / "src", 1)
    out = tmp_path / "out"
    with build_lock(out):
        with pytest.raises(StoreError, match="another build is writing"):
            build([a], out)
    assert build([a], out).ok


def test_build_killed_at_random_moments_leaves_the_previous_graph_usable(tmp_path, examples_dir):
    """SIGKILL a real ``kg build`` process at random moments (and once inside the store load)."""
    src = tmp_path / "src"
    corpus(examples_dir, src, 8)
    out = tmp_path / "out"
    build([src], out)
    before = snapshot(out)
    stats_before = kg.open(out).stats()
    corpus(examples_dir, src / "more", 24, tag="m")   # the next build has work to do

    def start(target: Path) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(src), "-o", str(target)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    t0 = time.monotonic()
    assert start(tmp_path / "expected").wait(timeout=300) == 0   # what the finished build gives
    duration = time.monotonic() - t0
    after = snapshot(tmp_path / "expected")

    def whole_new_graph() -> bool:
        """``out`` holds the finished new build: every document's block, nothing else."""
        graph, manifest = snapshot(out)
        docs = json.loads(manifest)["documents"]
        assert len(docs) == 32 and sum(d["length"] for d in docs) == len(graph)
        for d in docs:
            lines = graph[d["offset"]:d["offset"] + d["length"]].decode("utf-8").splitlines()
            assert lines and all(line.endswith(f"<{d['graph']}> .") for line in lines)
        # byte for byte the expected graph, unless the extractor's code changed meanwhile
        # (another developer's edit while the test ran: the graph then rightly differs)
        return json.loads(manifest)["extractor"] != json.loads(after[1])["extractor"] or (graph, manifest) == after

    def check() -> str:
        state = snapshot(out)
        graph = kg.open(out)
        if state == before:                        # never anything half-written
            assert graph.stats() == stats_before
            return "before"
        assert whole_new_graph() and graph.stats()["documents"] == 32
        return "after"

    rng = random.Random(20240607)                  # random moments, the same ones every run
    outcomes = []
    for delay in sorted(rng.uniform(0.05, 1.0) * duration for _ in range(5)):
        proc = start(out)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        outcomes.append(check())

    # once more, killed the moment the new store starts loading (the commit phase)
    if outcomes[-1] == "before":
        proc = start(out)
        deadline = time.monotonic() + 300
        while not list((out / "versions").glob(".tmp-*/store")) and proc.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.002)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        outcomes.append(check())
    assert "before" in outcomes
    conforms, violations = validate(out)
    assert conforms, violations[:3]

    # the next build finishes the job and clears what the killed ones left behind
    assert start(out).wait(timeout=300) == 0
    assert whole_new_graph()
    assert [p.name for p in (out / "versions").iterdir()] == [current_version(out).name]
    assert not list(out.glob(".current-*")) and not list((out / "cache").rglob(".*.tmp"))


def test_memory_does_not_grow_with_the_input_folder(tmp_path):
    """1500 files of 20 KB (30 MB of text): the build's peak Python memory stays far below that.

    The files are alike, so only one is extracted and the test is fast; a build that held the
    documents (or their quads) until the end would hold all 30 MB.
    """
    src = tmp_path / "src"
    src.mkdir()
    text = "The quick brown fox jumps over the lazy dog.\n" * 450
    for i in range(1500):
        (src / f"{i:04d}.txt").write_text(text, encoding="utf-8")
    build([src / "0000.txt"], tmp_path / "warm")   # imports and the model are not the build's memory
    total = sum(p.stat().st_size for p in src.iterdir())
    tracemalloc.start()
    try:
        result = build([src], tmp_path / "out")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(result.documents) == 1 and len(result.skipped) == 1499
    assert total > 30_000_000
    assert peak < total / 4, f"peak {peak} bytes for {total} bytes of input"
