"""``collabgraph import ...``: bring registries (ROR, CORDIS) into the project."""

from __future__ import annotations

from pathlib import Path

import click

import collabgraph.api as api
from collabgraph.cli.options import project_option

__all__ = ["COMMANDS"]

_EXISTING = click.Path(exists=True, path_type=Path)


@click.group("import")
def import_group() -> None:
    """Import a registry: ROR organisations or CORDIS EU projects.

    Each import is kept in data/imports/ as one file per source; the next build resolves
    its organisations against the project's entities and adds one named graph per source.

    \b
    Example:
        collabgraph import ror v1.55-2024-10-31-ror-data.zip
    """


@import_group.command("ror")
@click.argument("source", type=_EXISTING)
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Every record enters the graph, not only those the project refers to.",
)
@click.option("--replace-newer", is_flag=True, help="Import even if a newer release is kept.")
@project_option
def ror_command(
    source: Path, everything: bool, replace_newer: bool, project_dir: Path | None
) -> None:
    """Import ROR v2 records: a dump (.json or .zip) or a folder of record files.

    Names (with their languages), types, country and city, parent/child/related/successor
    relationships, identifiers (Wikidata, ISNI, FundRef, GRID), links and founding years.
    Records the project already knows by ROR id, or by an exact name, become the same node.
    The rest stay a searchable index (``entities search``) unless --all is given.

    \b
    Example:
        collabgraph import ror ../shared/reference/ror/records
    """
    result = api.import_ror(
        source, path=project_dir, everything=everything, replace_newer=replace_newer
    )
    click.echo(result.summary())


@import_group.command("cordis")
@click.argument("sources", nargs=-1, required=True, type=_EXISTING)
@click.option("--name", help="Source name (default: the programme, e.g. h2020).")
@click.option("--replace-newer", is_flag=True, help="Import even if a newer release is kept.")
@project_option
def cordis_command(
    sources: tuple[Path, ...], name: str | None, replace_newer: bool, project_dir: Path | None
) -> None:
    """Import CORDIS project and organization tables (CSV, JSON or XLSX; files, folder or zip).

    Projects become project entities (dates, programme, funding scheme, total cost and EU
    contribution in EUR); participations become facts with role and EU contribution; the
    European Commission funds each project. Organisations are matched to known entities
    (prints how, by which rule, and lists ambiguous ones); pin or forbid a match in
    data/resolution.yaml.

    \b
    Example:
        collabgraph import cordis cordis-h2020projects-csv.zip
    """
    result = api.import_cordis(sources, path=project_dir, name=name, replace_newer=replace_newer)
    click.echo(result.summary())


COMMANDS = [import_group]
