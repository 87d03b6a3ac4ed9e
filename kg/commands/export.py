"""``kg export``: the graph in the formats of other tools (a thin layer over ``kg.export``)."""
from __future__ import annotations

from pathlib import Path

import click

from kg.commands import fail as _fail
from kg.export import FORMATS, SUFFIXES, ExportError, check_format, check_types, export


@click.command("export")
@click.argument("graph")
@click.option("--format", "fmt", metavar="FORMAT",
              help=f"One of {', '.join(FORMATS)} (default: from the -o file name).")
@click.option("-o", "--output", default="-", show_default=True, metavar="PATH",
              help="Output file, '-' for standard output; a directory for csv and neo4j.")
@click.option("--no-evidence", is_flag=True,
              help="Leave out provenance: mentions, sentences, assertions (and the evidence counts).")
@click.option("--types", default=None, metavar="TYPE,...",
              help="Keep only these entity types, e.g. Program,Agency (and the relations among them).")
def export_command(graph: str, fmt: str | None, output: str, no_evidence: bool, types: str | None) -> None:
    """Write GRAPH (a build directory or an RDF file) in another tool's format.

    \b
    RDF:      turtle, ntriples, nquads, trig (named graphs kept), jsonld (ontology/context.jsonld)
    networks: graphml (Cytoscape, yEd), gexf (Gephi)
    tables:   csv (DIR/nodes.csv, DIR/edges.csv; UTF-8 with BOM for Excel),
              neo4j (DIR/nodes.csv, DIR/relationships.csv for neo4j-admin database import)

    \b
        kg export build/ --format trig -o graph.trig
        kg export build/ -o graph.gexf --types Program,Region,Industry
        kg export build/ --format csv -o tables/
    """
    import kg
    from kg.store import StoreError

    if fmt is None:
        fmt = SUFFIXES.get(Path(output).suffix.lower()) if output != "-" else None
        if fmt is None:
            _fail(f"give --format ({', '.join(FORMATS)}); it cannot be told from {output!r}")
    type_list = types.split(",") if types is not None else None
    try:
        check_format(fmt)
        check_types(type_list)
        g = kg.open(graph)
        export(g, fmt, output, evidence=not no_evidence, types=type_list)
    except (ExportError, StoreError) as err:
        _fail(str(err))


COMMANDS = [export_command]
