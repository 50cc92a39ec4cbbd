"""``collabgraph map``: interactive network maps for leadership."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from collabgraph.api import SITE_VIEWS, CollabGraph
from collabgraph.cli.options import pass_graph
from collabgraph.groups import ENTITY_GROUPS

__all__ = ["COMMANDS"]


@click.command("map")
@click.option(
    "--view",
    "views",
    multiple=True,
    type=click.Choice(SITE_VIEWS),
    help="Which pages (repeatable; default: all).",
)
@click.option(
    "--entity",
    default=None,
    metavar="NAME",
    help="Write one page: this entity's neighbourhood (label, alias or IRI).",
)
@click.option(
    "--compare",
    nargs=2,
    default=None,
    metavar="FIRST SECOND",
    help="Write one page: two institutions side by side, what they share in the middle.",
)
@click.option(
    "--depth",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Hops around each institution or network.",
)
@click.option(
    "--types",
    "groups",
    multiple=True,
    type=click.Choice(ENTITY_GROUPS),
    help="Kinds of entity shown (repeatable; default: all).",
)
@click.option(
    "--max-nodes",
    type=click.IntRange(min=100),
    default=None,
    help="Draw at most this many nodes, folding the rest into groups (default: 150 on an institution's page, 800 elsewhere).",
)
@click.option(
    "--png",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="With --entity or --compare: save the map as a picture for slides (map, title and legend at twice the pixels; headless Chromium). Writes no page unless -o names one.",
)
@click.option(
    "--svg",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="With --entity or --compare: save the map as an SVG drawing for slides (as --png).",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=None,
    help="Pages only for the N most connected institutions and networks (default: all a document names).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder for the pages (default: build/maps), or the file with --entity.",
)
@pass_graph
def map_command(
    views: tuple[str, ...],
    entity: str | None,
    compare: tuple[str, str] | None,
    depth: int,
    groups: tuple[str, ...],
    max_nodes: int | None,
    png: Path | None,
    svg: Path | None,
    top: int | None,
    output: Path | None,
    graph: CollabGraph,
) -> None:
    """Write interactive network maps: an overview, a page per institution and per network, and an index.

    Each page is one self-contained HTML file that opens offline; hovering or clicking a link
    shows its relation, dates, amount, evidence sentence and source document.

    \b
    Example:
        collabgraph map
        collabgraph map --entity "UMC Utrecht" --depth 2 -o umc-utrecht.html
        collabgraph map --compare "Maastricht UMC+" "UMC Utrecht" --png compare.png
    """
    shown = set(groups) or None
    pictures = {"png": png, "svg": svg}
    if compare:
        slug = "-".join(name.replace(" ", "-").replace("/", "-").lower() for name in compare)
        _write(graph.compare(*compare), output, Path(f"compare-{slug}.html"), pictures)
        return
    if entity is not None:
        page = graph.map(entity, depth=depth, groups=shown, max_nodes=max_nodes)
        default = Path(f"{entity.replace(' ', '-').replace('/', '-').lower()}.html")
        _write(page, output, default, pictures)
        return
    for option, value in pictures.items():
        if value is not None:
            raise click.UsageError(f"--{option} draws one page: use it with --entity or --compare")
    report = graph.write_maps(
        output,
        depth=depth,
        groups=shown,
        views=views or SITE_VIEWS,
        max_nodes=max_nodes,
        top=top,
    )
    click.echo(
        f"Wrote {len(report.pages) + 1} pages in {report.seconds:.1f} s. Open: {report.index}",
        err=True,
    )
    click.echo(report.index)


def _write(page: Any, output: Path | None, default: Path, pictures: dict[str, Path | None]) -> None:
    """Save a map page (a ``Map`` from the API) and the pictures asked for; with a picture
    and no ``-o``, only the picture."""
    wanted = {kind: path for kind, path in pictures.items() if path is not None}
    if output is not None or not wanted:
        click.echo(page.save(output or default))
    if "png" in wanted:
        click.echo(page.save_png(wanted["png"]))
    if "svg" in wanted:
        click.echo(page.save_svg(wanted["svg"]))


COMMANDS = [map_command]
