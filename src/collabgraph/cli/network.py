"""``collabgraph network ...``: the graph questions SPARQL answers poorly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from collabgraph.api import NETWORK_FORMATS, NETWORK_KINDS, CollabGraph
from collabgraph.cli.options import (
    default_table_format,
    emit,
    emit_records,
    format_option,
    pass_graph,
    render_table,
)
from collabgraph.groups import ENTITY_GROUPS

__all__ = ["COMMANDS"]


def _graph_option(default: str = "entity") -> Callable[[Any], Any]:
    return click.option(
        "--graph",
        "kind",
        type=click.Choice(NETWORK_KINDS),
        default=default,
        show_default=True,
        help="Which projection.",
    )


def _emit_rows(rows: list[dict[str, Any]], fmt: str | None) -> None:
    columns = list(rows[0]) if rows else []
    emit(
        render_table(
            columns, [[row[c] for c in columns] for row in rows], default_table_format(fmt)
        ),
        None,
    )


@click.group("network")
def network_group() -> None:
    """Network analysis with networkx: brokers, paths, groups, profiles and exports.

    \b
    Example:
        collabgraph network path "Maastricht UMC+" "UMC Utrecht"
    """


@network_group.command("summary")
@_graph_option()
@format_option()
@pass_graph
def summary_command(kind: str, fmt: str | None, graph: CollabGraph) -> None:
    """Size, density, components and node counts per kind of a projection.

    \b
    Example:
        collabgraph network summary --graph collaboration
    """
    import dataclasses

    figures = graph.summary(kind)
    measures = [
        *((f.name, getattr(figures, f.name)) for f in dataclasses.fields(figures)),
        *((f"nodes_{group}", count) for group, count in figures.nodes_by_group.items()),
    ]
    measures = [(name, value) for name, value in measures if name != "nodes_by_group"]
    _emit_rows([{"measure": name, "value": value} for name, value in measures], fmt)


@network_group.command("centrality")
@_graph_option()
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="How many nodes (0: all).",
)
@format_option()
@pass_graph
def centrality_command(kind: str, top: int, fmt: str | None, graph: CollabGraph) -> None:
    """The brokers: degree, betweenness and PageRank, highest betweenness first.

    \b
    Example:
        collabgraph network centrality --graph collaboration --top 5
    """
    emit_records(graph.centrality(kind, top=top or None), fmt)


@network_group.command("path")
@click.argument("first")
@click.argument("second")
@click.option(
    "--exclude",
    "excluded",
    multiple=True,
    type=click.Choice(ENTITY_GROUPS),
    help="Kinds of entity the path may not pass through (repeatable).",
)
@format_option()
@pass_graph
def path_command(
    first: str, second: str, excluded: tuple[str, ...], fmt: str | None, graph: CollabGraph
) -> None:
    """How two entities are connected: each hop with its relation, evidence and source.

    \b
    Example:
        collabgraph network path "Maastricht UMC+" "UMC Utrecht"
    """
    emit_records(graph.path(first, second, exclude_groups=excluded), fmt)


@network_group.command("neighbours")
@click.argument("name")
@click.option(
    "--depth", type=click.IntRange(min=1), default=1, show_default=True, help="How many hops."
)
@format_option()
@pass_graph
def neighbours_command(name: str, depth: int, fmt: str | None, graph: CollabGraph) -> None:
    """Everything within DEPTH hops of an entity, nearest first.

    \b
    Example:
        collabgraph network neighbours "ERN RITA" --depth 2
    """
    emit_records(graph.neighbours(name, depth), fmt)


@network_group.command("communities")
@_graph_option("collaboration")
@format_option()
@pass_graph
def communities_command(kind: str, fmt: str | None, graph: CollabGraph) -> None:
    """Groups that form (Louvain modularity communities), largest first.

    \b
    Example:
        collabgraph network communities --graph collaboration
    """
    emit_records(graph.communities(kind), fmt)


@network_group.command("shared")
@click.argument("first")
@click.argument("second")
@format_option()
@pass_graph
def shared_command(first: str, second: str, fmt: str | None, graph: CollabGraph) -> None:
    """What two entities share: networks, initiatives, places and partners (^ marks an incoming relation).

    \b
    Example:
        collabgraph network shared "UMC Utrecht" "Utrecht University"
    """
    emit_records(graph.shared(first, second), fmt)


@network_group.command("profile")
@click.argument("names", nargs=-1, required=True)
@format_option()
@pass_graph
def profile_command(names: tuple[str, ...], fmt: str | None, graph: CollabGraph) -> None:
    """Institutions side by side: networks, countries reached, partner types, initiatives, money.

    \b
    Example:
        collabgraph network profile "Maastricht UMC+" "UMC Utrecht"
    """
    emit_records(graph.profile(*names), fmt)


@network_group.command("export")
@_graph_option()
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(NETWORK_FORMATS),
    default="graphml",
    show_default=True,
    help="GraphML, GEXF (Gephi, Cytoscape), node and edge CSV, node-link JSON.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="File to write (CSV: FILE-nodes.csv and FILE-edges.csv).",
)
@pass_graph
def export_command(kind: str, fmt: str, output: Path, graph: CollabGraph) -> None:
    """Write a projection for Gephi, Cytoscape, spreadsheets or JavaScript.

    \b
    Example:
        collabgraph network export --graph collaboration --format gexf -o collaboration.gexf
    """
    written = graph.export_network(output, fmt, kind)
    click.echo("Wrote " + ", ".join(str(path) for path in written), err=True)


COMMANDS = [network_group]
