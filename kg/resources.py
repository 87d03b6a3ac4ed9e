"""Where kg finds its data: the seed lexicons and the ontology.

Both live at the top of the repository (``seeds/``, ``ontology/``) so that they are data a
curator edits, not code. ``KG_SEEDS_DIR`` and ``KG_ONTOLOGY_DIR`` override the locations.
"""
from __future__ import annotations

import os
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent


def seeds_dir() -> Path:
    return Path(os.environ.get("KG_SEEDS_DIR", _ROOT / "seeds"))


def ontology_dir() -> Path:
    return Path(os.environ.get("KG_ONTOLOGY_DIR", _ROOT / "ontology"))


def queries_dir() -> Path:
    return Path(__file__).resolve().parent / "queries"
