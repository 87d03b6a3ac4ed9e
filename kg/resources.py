"""Where kg finds its data: the seed lexicons and the ontology.

Both live at the top of the repository (``seeds/``, ``ontology/``) so that they are data a
curator edits, not code; a wheel installs them under ``<prefix>/share/kg``. ``KG_SEEDS_DIR``
and ``KG_ONTOLOGY_DIR`` override the locations.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent


def _data_dir(name: str, variable: str) -> Path:
    """``$variable`` if set; else the checkout's top-level folder; else where a wheel put it."""
    if os.environ.get(variable):
        return Path(os.environ[variable])
    for base in (_ROOT, Path(sys.prefix) / "share" / "kg", Path(sys.base_prefix) / "share" / "kg"):
        if (base / name).is_dir():
            return base / name
    return _ROOT / name


def seeds_dir() -> Path:
    return _data_dir("seeds", "KG_SEEDS_DIR")


def ontology_dir() -> Path:
    return _data_dir("ontology", "KG_ONTOLOGY_DIR")


def queries_dir() -> Path:
    return Path(__file__).resolve().parent / "queries"
