"""Shared fixtures: the repository's examples, the development corpus when present."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KG_SHARED_DIR", ROOT.parent / "shared"))
OUTPUT = ROOT / "test-output"


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return ROOT / "examples"


@pytest.fixture(scope="session")
def shared_seeds() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip("../shared/seeds is not present")
    return path


@pytest.fixture(scope="session")
def shared_gold() -> Path:
    path = SHARED / "gold" / "seeds.jsonl"
    if not path.exists():
        pytest.skip("../shared/gold/seeds.jsonl is not present")
    return path


@pytest.fixture(scope="session")
def output_dir() -> Path:
    """Where tests leave artefacts a person may want to look at (screenshots, reports)."""
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


@pytest.fixture(scope="session")
def examples_build(tmp_path_factory, examples_dir) -> Path:
    """A build directory of ``examples/``, built once per test session."""
    from kg.builder import build

    out = tmp_path_factory.mktemp("examples-build")
    build([examples_dir], out)
    return out


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory, shared_seeds) -> Path:
    """A build directory of the development corpus, built once per test session."""
    from kg.builder import build

    out = tmp_path_factory.mktemp("seeds-build")
    build([shared_seeds], out)
    return out
