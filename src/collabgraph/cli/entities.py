"""``collabgraph entities ...``: find what exists before adding something new."""

from __future__ import annotations

from pathlib import Path

import click

import collabgraph.api as api
from collabgraph.cli.options import emit, emit_records, format_option, project_option

__all__ = ["COMMANDS"]


@click.group("entities")
def entities_group() -> None:
    """Search the project's entities by any name or identifier, and show one.

    \b
    Example:
        collabgraph entities search "Europese Commissie"
    """


@entities_group.command("search")
@click.argument("text")
@click.option(
    "--limit", type=click.IntRange(min=1), default=10, show_default=True, help="How many."
)
@format_option()
@project_option
def search_command(text: str, limit: int, fmt: str | None, project_dir: Path | None) -> None:
    """Entities whose label, alias, other-language label, acronym or id matches TEXT.

    Ranked by a fuzzy matcher that ignores accents and case and reads common Dutch words of
    institution names in English; each hit says where it is defined (file:line) and how
    many facts use it. Reads the project's files: no build needed.

    \b
    Example:
        collabgraph entities search "EIT"
    """
    emit_records(api.search_entities(text, path=project_dir, limit=limit), fmt)


@entities_group.command("show")
@click.argument("entity_id")
@project_option
def show_command(entity_id: str, project_dir: Path | None) -> None:
    """One entity: its type, every name, where it is defined and each fact that uses it.

    \b
    Example:
        collabgraph entities show ern-rita
    """
    details = api.entity_details(entity_id, path=project_dir)
    entity = details.entity
    lines = [
        f"id:       {entity.id}",
        f"type:     {entity.type}",
        f"label:    {entity.label}",
        f"names:    {'; '.join(n for n in details.names if n != entity.label) or '-'}",
        f"defined:  {details.defined}",
        f"facts:    {len(details.facts)}",
    ]
    for fact in details.facts:
        what = fact.relation or fact.attribute
        other = fact.object if fact.relation else fact.value
        lines.append(f"  {fact.path}:{fact.line}  {fact.subject} {what} {other}")
    emit("\n".join(lines) + "\n", None)


COMMANDS = [entities_group]
