"""``kg view``: the graph as one self-contained, offline HTML explorer (see ``kg.view``)."""
from __future__ import annotations

import click

# the same one-line failure and graph opening as ``kg query``
from kg.commands import fail as _fail
from kg.commands import open_graph as _open


@click.command("view")
@click.argument("graph", type=click.Path(exists=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default="view.html",
              show_default=True, help="The HTML file to write (replaced whole, never half-written).")
@click.option("--focus", "focus", multiple=True, metavar="NAME",
              help="Show only the ego network of the entity with this name or alias "
                   "(Simplified or Traditional; repeatable).")
@click.option("--depth", type=click.IntRange(0, 10), default=1, show_default=True,
              help="Radius of the --focus ego network, in relations.")
@click.option("--types", metavar="TYPE,...",
              help="Only these entity types, e.g. Program,Agency,Region "
                   "(Program, Region, Agency, Industry, Organization, Person).")
@click.option("--title", help="Page title (default: the graph's file or folder name).")
def view_command(graph: str, output: str, focus: tuple[str, ...], depth: int, types: str | None,
                 title: str | None) -> None:
    """Write an interactive explorer of GRAPH (a build directory or an RDF file) to one HTML file.

    The page needs no network: vis-network and the data are inlined. Search by name or alias,
    filter by type, click a node or an edge for its evidence sentences.

        kg view build/ -o view.html

        kg view graph.ttl -o zhejiang.html --focus 浙江省 --depth 2 --types Program,Agency,Region
    """
    from kg.view import ViewError, write_html

    if depth != 1 and not focus:
        _fail("--depth needs --focus")
    g = _open(graph)
    try:
        view = write_html(g, output, focus=list(focus) or None, depth=depth, types=types, title=title)
    except ViewError as err:
        _fail(f"{graph}: {err}")
    except OSError as err:
        _fail(f"{output}: cannot write: {err.strerror or err}")
    stats = view.stats()
    click.echo(f"kg: wrote {output} ({stats['nodes']} entities, {stats['edges']} relations)", err=True)


COMMANDS = [view_command]
