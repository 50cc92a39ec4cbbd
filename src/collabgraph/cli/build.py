"""Commands that make and describe the graph: build, validate, export, stats."""

from __future__ import annotations

import json
from pathlib import Path

import click

import collabgraph.api as api
from collabgraph.api import STATS_TABLES, CollabGraph
from collabgraph.cli.options import (
    default_table_format,
    emit,
    format_option,
    output_option,
    pass_graph,
    project_option,
    render_table,
)
from collabgraph.io import RDF_FORMATS

__all__ = ["COMMANDS"]


@click.command("build")
@click.option(
    "--drafts", is_flag=True, help="Include draft facts and proposed entities, marked as such."
)
@project_option
def build_command(drafts: bool, project_dir: Path | None) -> None:
    """Build and validate the graph from the project's documents.

    Reads the ontology, the registry, the reference data and every annotation file,
    validates (verbatim quotes, references, vocabulary, SHACL) and writes build/graph.trig
    atomically: a failed build leaves the previous graph in place. Draft facts and proposed
    entities (from ``collabgraph draft``) count only with --drafts, marked
    cg:curationStatus in the graph.

    \b
    Example:
        collabgraph build
    """
    report = api.build(path=project_dir, drafts=drafts)
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(report.summary())


@click.command("validate")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--drafts", is_flag=True, help="Check as build --drafts does (drafts in the graph).")
@project_option
def validate_command(files: tuple[Path, ...], drafts: bool, project_dir: Path | None) -> None:
    """Check annotation files without building (default: the whole project).

    Runs every check of the build (quotes verbatim in the source, known entities and
    relations, datatypes, duplicates, SHACL) on the given files, or on every annotation
    file of the project when none is given: on the whole project it refuses exactly what
    build refuses (with --drafts, what build --drafts refuses). Writes nothing.

    \b
    Example:
        collabgraph validate data/annotations/umcu-international-cooperations.yaml
    """
    report = api.validate(files or None, path=project_dir, drafts=drafts)
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(report.summary())


@click.command("export")
@format_option(list(RDF_FORMATS), default="trig")
@output_option
@project_option
def export_command(fmt: str, output: Path | None, project_dir: Path | None) -> None:
    """Write the whole built graph as RDF.

    TriG, N-Quads and JSON-LD keep one named graph per source; Turtle and N-Triples hold
    their union.

    \b
    Example:
        collabgraph export --format nt -o collabgraph.nt
    """
    emit(api.export(fmt, path=project_dir), output)


@click.command("stats")
@click.option(
    "--table",
    "only",
    type=click.Choice(STATS_TABLES),
    default=None,
    help="Print one table only (for CSV and TSV: one clean file).",
)
@format_option()
@pass_graph
def stats_command(only: str | None, fmt: str | None, graph: CollabGraph) -> None:
    """Count instances per class, facts per relation and per source, triples per graph.

    Several tables in CSV or TSV come one after another, each after a '# NAME' line and a
    blank line between them; --table NAME gives one clean table.

    \b
    Example:
        collabgraph stats --format markdown
        collabgraph stats --table sources -f csv > sources.csv
    """
    fmt = default_table_format(fmt)
    tables = graph.stats()
    if only is not None:
        tables = {only: tables[only]}
    if fmt == "json":
        emit(
            json.dumps({name: table.python_rows() for name, table in tables.items()}, indent=2)
            + "\n",
            None,
        )
        return
    parts = []
    for name, table in tables.items():
        body = render_table(table.variables, table.compact_rows(), fmt)
        if len(tables) == 1:
            parts.append(body)
        elif fmt in {"table", "markdown"}:
            parts.append(f"## {name}\n\n{body}")
        else:
            parts.append(f"# {name}\n{body}")
    emit("\n".join(parts), None)


COMMANDS = [build_command, validate_command, export_command, stats_command]
