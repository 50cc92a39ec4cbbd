"""Commands for analysts: query (inline, file or catalogue) and queries (the catalogue)."""

from __future__ import annotations

from pathlib import Path

import click

from collabgraph.api import CollabGraph, QueryResult, catalogue_of
from collabgraph.cli.options import (
    TABLE_FORMATS,
    default_table_format,
    emit,
    format_option,
    output_option,
    pass_graph,
    project_option,
    render_table,
    timeout_option,
)
from collabgraph.errors import CollabgraphError
from collabgraph.io import GRAPH_FORMATS, serialize_graph

__all__ = ["COMMANDS"]


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name.strip():
            raise CollabgraphError(f"--param takes NAME=VALUE, not {value!r}")
        if name.strip() in params:
            raise CollabgraphError(f"--param {name.strip()} is given twice; give each name once")
        params[name.strip()] = text
    return params


def _render(result: QueryResult, fmt: str | None, max_width: int) -> tuple[str | bytes, int]:
    if result.kind == "ask":
        if fmt == "json":
            return result.to_json_text() + "\n", 0 if result.boolean else 1
        return ("true\n" if result.boolean else "false\n"), 0 if result.boolean else 1
    if result.kind == "graph":
        rdf_format = fmt if fmt in GRAPH_FORMATS else "ttl"
        if fmt is not None and fmt not in GRAPH_FORMATS:
            raise CollabgraphError(
                f"a CONSTRUCT or DESCRIBE result is RDF: use --format {'|'.join(GRAPH_FORMATS)}"
            )
        assert result.graph is not None
        return serialize_graph(result.graph, rdf_format), 0
    if max_width and fmt is None:
        fmt = "table"  # a width asks for the aligned table, on a terminal or not
    elif max_width and fmt != "table":
        raise CollabgraphError(f"--max-width cuts table cells; it does not apply to --format {fmt}")
    fmt = default_table_format(fmt)
    if fmt in GRAPH_FORMATS:
        raise CollabgraphError(
            f"a SELECT result is a table: use --format {'|'.join(TABLE_FORMATS)}"
        )
    if fmt == "json":
        return result.to_json_text() + "\n", 0
    return render_table(result.variables, result.compact_rows(), fmt, max_width), 0


@click.command("query")
@click.argument("query")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind ?NAME to VALUE (repeatable).",
)
@format_option([*TABLE_FORMATS, *GRAPH_FORMATS])
@click.option(
    "--max-width",
    type=click.IntRange(min=0),
    default=0,
    help="Cut table cells to this width (0: no limit); implies --format table.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    help="At most this many rows (a catalogue question may have a default; see 'queries').",
)
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many rows first.")
@timeout_option
@output_option
@pass_graph
def query_command(
    query: str,
    params: tuple[str, ...],
    fmt: str | None,
    max_width: int,
    limit: int | None,
    offset: int,
    timeout: float | None,
    output: Path | None,
    graph: CollabGraph,
) -> None:
    """Ask the graph a SPARQL question: inline, from a .rq file, or by catalogue name.

    Parameters are bound safely as RDF terms (never pasted into the query text); for a
    catalogue question an entity parameter takes a label, alias or IRI. SELECT gives a
    table, CSV, TSV, SPARQL JSON or Markdown; ASK prints true or false (exit code 0 or 1);
    CONSTRUCT and DESCRIBE give RDF. A syntax error exits with code 2.

    \b
    Example:
        collabgraph query networks-of --param institution="UMC Utrecht"
        collabgraph query projects-of -p institution="Radboud University Nijmegen" --limit 20
        collabgraph query 'SELECT ?n WHERE { ?o org:memberOf cgd:leru ; rdfs:label ?n }' -f csv
    """
    result = graph.run(query, _parse_params(params), timeout=timeout, limit=limit, offset=offset)
    text, code = _render(result, fmt, max_width)
    emit(text, output)
    shown = len(result) if result.kind == "select" else 0
    page = limit if limit is not None else graph.default_limit(query)
    if page and shown == page:
        click.echo(
            f"(showing rows {offset + 1} to {offset + shown}; --offset {offset + shown} "
            "for the next page, --limit to change the page size)",
            err=True,
        )
    if code:
        raise SystemExit(code)


@click.command("queries")
@format_option()
@project_option
def queries_command(fmt: str | None, project_dir: Path | None) -> None:
    """List the catalogue of ready questions, with their parameters and origin.

    The project's own questions (queries/*.rq) are listed beside the built-in ones; one
    with a built-in's name replaces it, and says so in the origin column.

    \b
    Example:
        collabgraph queries --format markdown
    """
    entries = catalogue_of(path=project_dir).values()
    rows = [
        [
            entry.name,
            entry.title,
            " ".join(f"{p.name}={p.default}" if p.default else p.name for p in entry.parameters),
            entry.description,
            entry.origin,
        ]
        for entry in entries
    ]
    columns = ["name", "title", "parameters", "description", "origin"]
    emit(render_table(columns, rows, default_table_format(fmt)), None)


COMMANDS = [query_command, queries_command]
