"""Options every command shares, and the one way tables and files are written."""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from collabgraph.api import STORE_KINDS, CollabGraph
from collabgraph.io import write_atomically

__all__ = [
    "TABLE_FORMATS",
    "default_table_format",
    "emit",
    "emit_records",
    "format_option",
    "open_graph",
    "output_option",
    "pass_graph",
    "project_option",
    "render_table",
    "store_options",
    "timeout_option",
]

F = TypeVar("F", bound=Callable[..., Any])

TABLE_FORMATS = ("table", "csv", "tsv", "json", "markdown")


def project_option(function: F) -> F:
    return click.option(
        "--project",
        "project_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Project folder (default: the one around the working folder, or $COLLABGRAPH_HOME).",
    )(function)


def store_options(function: F) -> F:
    function = click.option(
        "--endpoint",
        envvar="COLLABGRAPH_ENDPOINT",
        default=None,
        metavar="URL",
        help="Query a remote SPARQL 1.1 endpoint instead (loaded with 'collabgraph push').",
    )(function)
    return click.option(
        "--store",
        type=click.Choice(STORE_KINDS),
        default="memory",
        envvar="COLLABGRAPH_STORE",
        show_default=True,
        help="Where the graph is queried: pyoxigraph in memory, plain rdflib, or persistent Oxigraph.",
    )(function)


def timeout_option(function: F) -> F:
    return click.option(
        "--timeout",
        type=click.FloatRange(min=0.001),
        default=None,
        metavar="SECONDS",
        help="Stop a query that runs longer than this.",
    )(function)


def format_option(
    choices: Sequence[str] = TABLE_FORMATS, default: str | None = None
) -> Callable[[F], F]:
    def decorate(function: F) -> F:
        return click.option(
            "--format",
            "-f",
            "fmt",
            type=click.Choice(list(choices)),
            default=default,
            help=f"Output format (default: {default or 'table on a terminal, csv otherwise'}).",
        )(function)

    return decorate


def output_option(function: F) -> F:
    return click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Write to this file (atomically) instead of standard output.",
    )(function)


def endpoint_auth() -> tuple[str, str] | None:
    """The user name and password for a protected endpoint, from the environment
    (COLLABGRAPH_ENDPOINT_USER, COLLABGRAPH_ENDPOINT_PASSWORD), so they stay out of the
    shell's history and the process list."""
    user = os.environ.get("COLLABGRAPH_ENDPOINT_USER")
    if not user:
        return None
    return user, os.environ.get("COLLABGRAPH_ENDPOINT_PASSWORD", "")


def open_graph(
    project_dir: Path | None, store: str = "memory", endpoint: str | None = None
) -> CollabGraph:
    """The graph a command reads: the project's build on ``--store``, or ``--endpoint``
    (which answers for itself: ``--store`` does not apply to it)."""
    from collabgraph.api import load

    if endpoint:
        return load(path=project_dir, endpoint=endpoint, auth=endpoint_auth())
    return load(path=project_dir, store=store, build_if_needed=False)


def default_table_format(fmt: str | None) -> str:
    if fmt is not None:
        return fmt
    return "table" if sys.stdout.isatty() else "csv"


def _markdown_cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def render_table(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str, max_width: int = 0
) -> str:
    """Rows as an aligned table, CSV, TSV, JSON (a list of objects) or Markdown."""
    cells = [["" if value is None else str(value) for value in row] for row in rows]
    if fmt in {"csv", "tsv"}:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(cells)
        return buffer.getvalue()
    if fmt == "json":
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        return json.dumps(records, indent=2, ensure_ascii=False, default=str) + "\n"
    if fmt == "markdown":
        lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
        lines += ["| " + " | ".join(_markdown_cell(c) for c in row) + " |" for row in cells]
        return "\n".join(lines) + "\n"
    cells = [[c.replace("\t", " ").replace("\n", " ") for c in row] for row in cells]
    if max_width > 0:
        cells = [
            [c if len(c) <= max_width else c[: max_width - 1] + "…" for c in row] for row in cells
        ]
    widths = [max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(columns)]
    lines = ["  ".join(name.ljust(widths[i]) for i, name in enumerate(columns)).rstrip()]
    lines.append("  ".join("-" * width for width in widths))
    lines += [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in cells
    ]
    return "\n".join(lines) + "\n"


def emit(content: str | bytes, output: Path | None) -> None:
    """Standard output, or a file written atomically (never half a file)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    write_atomically(output, data)
    click.echo(f"Wrote {output}", err=True)


def pass_graph(function: F) -> F:
    """Add --store, --endpoint and --project, and pass the opened graph as ``graph``."""

    @functools.wraps(function)
    def with_graph(
        *args: Any, store: str, endpoint: str | None, project_dir: Path | None, **kwargs: Any
    ) -> Any:
        return function(*args, graph=open_graph(project_dir, store, endpoint), **kwargs)

    return cast(F, project_option(store_options(with_graph)))


def emit_records(frame: Any, fmt: str | None) -> None:
    """A DataFrame from the API as a table in the chosen format (its values unchanged)."""
    from collabgraph.api.frames import frame_records

    records = frame_records(frame)
    columns = [str(name) for name in frame.columns]
    rows = [[record[name] for name in frame.columns] for record in records]
    emit(render_table(columns, rows, default_table_format(fmt)), None)
