"""The ``kg`` command: a thin layer over the Python API (``kg.api``, ``kg.builder``, ``kg.eval``)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg.commands import fail as _fail
from kg.ingest import IngestError
from kg.store import StoreError


def _progress(label: str):
    """A progress bar on stderr when it is a terminal; silent otherwise."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return lambda items: tqdm(items, desc=label, unit="file", file=sys.stderr)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def main() -> None:
    """Knowledge graphs from Chinese government and industrial-policy text."""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True,
              help="Output format: one JSON object per document.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default="-", help="Output file (default stdout).")
@click.option("--strict", is_flag=True, help="Stop at the first unreadable file; write nothing.")
def extract(files: tuple[str, ...], fmt: str, output: str, strict: bool) -> None:
    """Extract entities and relations from FILES (files or folders; - for stdin) as JSON Lines.

    Reads .txt, .md, .html, .docx and .pdf; unreadable files are skipped and listed at the end
    (non-zero exit). Records are written as documents are read, one at a time.
    """
    import os

    from kg.extract import extract_text
    from kg.ingest import expand_inputs, iter_documents

    failed: list[IngestError] = []
    paths = expand_inputs(files)
    bar = _progress("extract")
    # a file output appears whole or not at all: written beside it, renamed at the end
    tmp = None if output == "-" else Path(output).with_name(f".{Path(output).name}.{os.getpid()}.tmp")
    sink = sys.stdout if tmp is None else open(tmp, "w", encoding="utf-8")
    try:
        for doc in iter_documents(bar(paths) if bar else paths):
            if isinstance(doc, IngestError):
                if strict:
                    _fail(str(doc))
                failed.append(doc)
                continue
            sink.write(json.dumps(extract_text(doc.text, doc.name).to_json(), ensure_ascii=False) + "\n")
        if tmp is not None:
            sink.close()
            os.replace(tmp, output)
    finally:
        if tmp is not None:
            sink.close()
            tmp.unlink(missing_ok=True)
    _report_failures(failed)


def _report_failures(failed: list) -> None:
    from kg.builder import failure_report

    for line in failure_report(failed):
        click.echo(f"kg: {line}", err=True)
    if failed:
        sys.exit(1)


def report_build(result, out_dir: str) -> None:
    """What ``kg build`` and ``kg add`` print: the graph's counts, notes, then what was skipped."""
    import kg

    stats = kg.open(out_dir).stats()
    click.echo(f"built {out_dir}: {stats['documents']} documents, {stats['quads']} quads "
               f"({result.reused} extractions reused)")
    click.echo("entities: " + ", ".join(f"{k} {v}" for k, v in stats["entities"].items()))
    click.echo("relations: " + ", ".join(f"{k} {v}" for k, v in stats["relations"].items()))
    for note in result.skipped:
        click.echo(f"kg: note: {note}", err=True)
    if result.ignored:
        kinds = sorted({p.suffix.lower() or "(none)" for p in result.ignored})
        click.echo(f"kg: note: {len(result.ignored)} file(s) of other types in the folders ignored "
                   f"({', '.join(kinds)})", err=True)
    _report_failures(result.errors)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Build directory (created or updated to reflect exactly INPUTS).")
@click.option("--base", default=None, help="Base IRI of the graph's resources.")
@click.option("-j", "--jobs", default=1, show_default=True, help="Parallel extraction processes.")
@click.option("--strict", is_flag=True, help="Stop at the first unreadable file; write nothing.")
def build(inputs: tuple[str, ...], out_dir: str, base: str | None, jobs: int, strict: bool) -> None:
    """Build the graph of INPUTS (files or folders; - for stdin) into an embedded store in OUT.

    On an existing OUT only new or changed documents are extracted again, and documents no
    longer in INPUTS are dropped. A build that is interrupted leaves the previous graph as it was.
    Unreadable files are skipped and listed at the end (non-zero exit) unless --strict.
    """
    from kg.builder import build as run_build
    from kg.rdf import DEFAULT_BASE

    try:
        result = run_build(inputs, out_dir, base=base or DEFAULT_BASE, jobs=jobs, strict=strict,
                           progress=_progress("build"))
    except (IngestError, StoreError) as err:
        _fail(str(err))
    report_build(result, out_dir)


@main.command("eval")
@click.option("--gold", required=True, type=click.Path(exists=True, dir_okay=False), help="Gold JSON Lines.")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--predictions", is_flag=True, help="FILES are kg extract JSON Lines, not documents.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--errors", is_flag=True, help="Also list every false positive and false negative.")
def evaluate(gold: str, files: tuple[str, ...], predictions: bool, as_json: bool, errors: bool) -> None:
    """Score extraction of FILES against GOLD: per-type and per-predicate P/R/F1."""
    from kg.eval import evaluate as run_eval
    from kg.eval import read_jsonl
    from kg.extract import extract_text
    from kg.ingest import expand_inputs, read_document

    if predictions:
        preds = [rec for f in files for rec in read_jsonl(f)]
    else:
        preds = []
        for p in expand_inputs(files):
            try:
                doc = read_document(p)
            except IngestError as err:
                _fail(str(err))
            preds.append(extract_text(doc.text, doc.name).to_json())
    report = run_eval(preds, read_jsonl(gold))
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
    else:
        click.echo(report.table())
    if errors:
        for e in report.errors:
            click.echo(json.dumps(e, ensure_ascii=False))


@main.command()
@click.argument("graph", type=click.Path(exists=True))
def validate(graph: str) -> None:
    """Check GRAPH (build directory or RDF file) against the SHACL shapes."""
    from kg.validate import validate as run_validate

    try:
        conforms, violations = run_validate(graph)
    except StoreError as err:
        _fail(str(err))
    for v in violations:
        click.echo(v.line())
    if conforms:
        click.echo(f"{graph}: conforms")
    else:
        _fail(f"{graph}: does not conform ({len(violations)} results)")


@main.command()
@click.argument("graph", type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def stats(graph: str, as_json: bool) -> None:
    """Counts of documents, entities per type and relations per predicate in GRAPH."""
    import kg

    try:
        s = kg.open(graph).stats()
    except StoreError as err:
        _fail(str(err))
    if as_json:
        click.echo(json.dumps(s, ensure_ascii=False, indent=1))
        return
    click.echo(f"documents {s['documents']}\nquads {s['quads']}")
    for k, v in s["entities"].items():
        click.echo(f"entity {k} {v}")
    for k, v in s["relations"].items():
        click.echo(f"relation {k} {v}")


def _register_commands() -> None:
    from kg.commands import register

    register(main)


_register_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
