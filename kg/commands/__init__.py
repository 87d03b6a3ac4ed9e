"""Sub-commands of ``kg`` beyond the core ones, one module per concern.

Each module here defines click commands and lists them in ``COMMANDS``; ``kg.cli`` adds them
all. A module owns its command's options and calls the Python API, never the other way round.
"""
from __future__ import annotations

import importlib
import pkgutil
import sys

import click


def fail(message: str, code: int = 1) -> None:
    """One line on stderr, ``kg: …``, and exit with ``code`` (the CLI's way to stop)."""
    click.echo(f"kg: {message}", err=True)
    sys.exit(code)


def open_graph(graph: str):
    """``kg.open(graph)``, or a one-line failure naming what could not be opened."""
    import kg
    from kg.store import StoreError

    try:
        return kg.open(graph)
    except StoreError as err:
        fail(str(err))


def register(group: click.Group) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for command in getattr(module, "COMMANDS", ()):
            group.add_command(command)
