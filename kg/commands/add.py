"""``kg add``: put more documents into an existing graph without dropping any."""
from __future__ import annotations

import click

from kg.ingest import IngestError
from kg.store import StoreError


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Build directory to add to (created when missing).")
@click.option("-j", "--jobs", default=1, show_default=True, help="Parallel extraction processes.")
@click.option("--strict", is_flag=True, help="Stop at the first unreadable file; write nothing.")
def add(inputs: tuple[str, ...], out_dir: str, jobs: int, strict: bool) -> None:
    """Add INPUTS (files or folders; - for stdin) to the graph in OUT, keeping what is there.

    A file added again with changed content replaces its earlier content. Like build, an
    interrupted add leaves the previous graph as it was.
    """
    from kg.builder import add as run_add
    from kg.cli import _progress, report_build
    from kg.commands import fail as _fail

    try:
        result = run_add(inputs, out_dir, jobs=jobs, strict=strict, progress=_progress("add"))
    except (IngestError, StoreError) as err:
        _fail(str(err))
    report_build(result, out_dir)


COMMANDS = [add]
