"""Commands that turn a new document into reviewed facts: add, draft, review, evaluate."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

import collabgraph.api as api
from collabgraph.cli.options import default_table_format, emit, format_option, project_option
from collabgraph.cli.options import render_table as table
from collabgraph.errors import CollabgraphError, suggest

__all__ = ["COMMANDS"]


@click.command("add")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--publisher", required=True, help="Who published it: an entity id or name.")
@click.option("--language", required=True, help="The document's language code (en, nl, ...).")
@click.option("--url", help="Where the document was published.")
@click.option("--id", "doc_id", help="Document id (default: from the title).")
@click.option("--title", help="Title (default: the document's first line).")
@project_option
def add_command(
    file: Path,
    publisher: str,
    language: str,
    url: str | None,
    doc_id: str | None,
    title: str | None,
    project_dir: Path | None,
) -> None:
    """Add a document (.txt, .html or .pdf): its text and a new annotation file.

    The text goes to data/sources/<id>.txt (web pages through trafilatura, PDFs through
    pypdf); quotes are checked against it. A publisher the registry does not know is
    proposed as a new entity, after the near matches are shown.

    \b
    Example:
        collabgraph add report.pdf --publisher Radboudumc --language nl --url https://...
    """
    added = api.add_document(
        file,
        publisher=publisher,
        language=language,
        url=url,
        doc_id=doc_id,
        title=title,
        path=project_dir,
    )
    if added.proposed_publisher:
        under = f" under the name of {added.publisher_reading}" if added.publisher_reading else ""
        near = "; ".join(added.near_matches) or "none"
        click.echo(
            f"Publisher {publisher!r} is new: proposed as {added.publisher}{under} (near: {near})"
        )
    elif added.publisher_reading:
        click.echo(f"Publisher {publisher!r} read as {added.publisher}: {added.publisher_reading}")
    click.echo(
        f"Added {added.id} ({added.title!r}): {added.characters} characters in "
        f"{added.source_file}, annotations in {added.annotation_file}. "
        f"Next: collabgraph draft {added.id}"
    )


@click.command("draft")
@click.argument("doc_id")
@click.option("--extractor", default="rules", show_default=True, help="Drafting extractor.")
@project_option
def draft_command(doc_id: str, extractor: str, project_dir: Path | None) -> None:
    """Draft facts for a document: each with its sentence, cue and confidence.

    Writes draft facts (status: draft) into data/annotations/<id>.yaml and new entities
    (status: proposed) into data/registry.yaml. Running it again never touches accepted
    or rejected facts and never adds a draft twice.

    \b
    Example:
        collabgraph draft radboudumc-annual-report-2023
    """
    report = api.draft(doc_id, path=project_dir, extractor=extractor)
    click.echo(
        f"Drafted {len(report.added)} facts for {doc_id} ({report.already_there} already in "
        f"the file) and proposed {len(report.entities)} entities with the {report.extractor} "
        f"extractor. Next: collabgraph review {doc_id}"
    )


@click.command("review")
@click.argument("doc_id")
@click.option("--accept-all", is_flag=True, help="Accept every draft at or above --min-confidence.")
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    default=None,
    help="With --accept-all: accept only drafts at or above this confidence (default 0.5; "
    "the rest stay drafts, for review).",
)
@click.option("--list", "listing", is_flag=True, help="List the drafts and change nothing.")
@format_option()
@project_option
def review_command(
    doc_id: str,
    accept_all: bool,
    min_confidence: float | None,
    listing: bool,
    fmt: str | None,
    project_dir: Path | None,
) -> None:
    """Review a document's drafts: accept, reject or fix them, one at a time.

    For each draft it shows the sentence, the fact, the cue, the confidence and what a
    proposed entity resembles, and asks: [a]ccept, [r]eject, [s]kip, fix the [e] relation,
    the s[u]bject or the [o]bject (an id or a name, checked at once; + creates an entity),
    [g] split a glued name into the entities it holds, [q]uit. Each decision is saved as it
    is made. Accepting a fact accepts the proposed entities it names; a proposal no fact
    names any more is removed. --accept-all works without asking.

    \b
    Example:
        collabgraph review radboudumc-annual-report-2023 --accept-all --min-confidence 0.6
    """
    if listing:
        frame = api.drafts_of(doc_id, path=project_dir)
        columns = [str(c) for c in frame.columns]
        from collabgraph.api.frames import frame_records

        rows = [[record[c] for c in columns] for record in frame_records(frame)]
        emit(table(columns, rows, default_table_format(fmt)), None)
        return
    if accept_all:
        report = api.review(
            doc_id, path=project_dir, accept_all=True, min_confidence=min_confidence
        )
        totals = _Totals([report])
    else:
        totals = _interactive(doc_id, project_dir)
    click.echo(totals.summary())


@dataclass
class _Totals:
    """What a review run decided: the report of each decision saved."""

    reports: list[Any] = field(default_factory=list)

    def summary(self) -> str:
        accepted = sum(r.accepted for r in self.reports)
        rejected = sum(r.rejected for r in self.reports)
        entities = [e for r in self.reports for e in (*r.entities_accepted, *r.entities_created)]
        removed = [e for r in self.reports for e in r.entities_removed]
        said = f" and {len(entities)} entities" if entities else ""
        if removed:
            gone = f"; removed {len(removed)} proposed entities no fact names: {', '.join(removed)}"
        else:
            gone = ""
        left = sum(r.left for r in self.reports)
        threshold = next((r.threshold for r in self.reports if r.threshold is not None), None)
        kept = (
            f" Left {left} drafts below confidence {threshold:g} for review."
            if left and threshold is not None
            else ""
        )
        return f"Accepted {accepted} facts{said}, rejected {rejected}{gone}.{kept}"


_CHOICES = "  [a]ccept [r]eject [s]kip [e]relation s[u]bject [o]bject [g]split [q]uit"


def _interactive(doc_id: str, project_dir: Path | None) -> _Totals:
    """Ask about each draft in turn and save each decision as it is made: quitting, an
    error or Ctrl-C loses none of those already made."""
    totals = _Totals()
    skipped = 0
    total = len(api.review_items(doc_id, path=project_dir))
    shown = 0
    while True:
        items = api.review_items(doc_id, path=project_dir)
        if skipped >= len(items):
            break
        item = items[skipped]
        shown += 1
        _show(item, min(shown, total), total)
        decision = _ask(item, project_dir)
        if decision is None:
            break
        if not decision:
            skipped += 1
            continue
        try:
            report = api.review(doc_id, {item.number: decision}, path=project_dir)
        except CollabgraphError as error:
            click.echo(f"  Not saved: {error.message}")
            shown -= 1
            continue
        totals.reports.append(report)
    return totals


def _show(item: Any, position: int, total: int) -> None:
    click.echo(
        f"\n[{position}/{total}] confidence {item.confidence:.2f}, cue "
        f"{item.fields.get('cue', '')!r}"
    )
    click.echo(f"  \u201c{item.quote}\u201d")
    click.echo(f"  {item.description}")
    for note in item.notes:
        click.echo(f"  note: {note}")


def _ask(item: Any, project_dir: Path | None) -> dict[str, Any] | None:
    """The decision for one draft ({} to skip it, None to quit)."""
    fixes: dict[str, Any] = {}
    while True:
        answer = click.prompt(_CHOICES, type=click.Choice(list("arseuogq")), show_choices=False)
        if answer == "q":
            return None
        if answer == "s":
            return {}
        if answer in "ar":
            return {"status": "accepted" if answer == "a" else "rejected", **fixes}
        if answer == "e":
            fixes["relation"] = _ask_relation()
        elif answer in "uo":
            key = "subject" if answer == "u" else "object"
            entity, created = _ask_entity(key, project_dir)
            fixes[key] = entity
            fixes.setdefault("new_entities", []).extend(created)
        else:
            fixes.update(_ask_split(item, fixes, project_dir))


def _ask_relation() -> str:
    from collabgraph.vocabulary import RELATIONS

    while True:
        relation: str = click.prompt("  new relation")
        if relation in RELATIONS:
            return relation
        hint = suggest(relation, RELATIONS)
        click.echo(
            f"  unknown relation {relation!r}"
            + (f"; did you mean {', '.join(hint)}?" if hint else "")
        )


def _ask_entity(key: str, project_dir: Path | None) -> tuple[str, list[Any]]:
    """An entity id checked at once (an id or a name; + creates one), asked again until
    it is one."""
    while True:
        text: str = click.prompt(f"  new {key} (an id or a name; + to create one)")
        if text.strip() == "+":
            entity = _ask_new_entity(click.prompt("  label of the new entity"), project_dir)
            return entity.id, [entity]
        try:
            found = api.entity_for_name(text.strip(), path=project_dir)
        except CollabgraphError as error:
            click.echo(f"  {error.message}")
            continue
        if found != text.strip():
            click.echo(f"  {text.strip()!r} is {found}")
        return found, []


def _ask_new_entity(label: str, project_dir: Path | None, kind: str | None = None) -> Any:
    from collabgraph.vocabulary import ENTITY_TYPES

    guess = api.new_entity(label, kind, path=project_dir)
    entity_type: str = click.prompt(
        "  its type", default=guess.type, type=click.Choice(list(ENTITY_TYPES)), show_choices=False
    )
    return api.new_entity(label, entity_type, path=project_dir)


def _ask_split(item: Any, fixes: dict[str, Any], project_dir: Path | None) -> dict[str, Any]:
    """Split a glued name ("A en B") into the entities it holds: the fact is written once
    for each."""
    side = "object" if "object" in item.fields else "subject"
    if (
        side == "object"
        and click.prompt(
            "  split the [o]bject or the s[u]bject", type=click.Choice(["o", "u"]), default="o"
        )
        == "u"
    ):
        side = "subject"
    glued = api.entity_details(str(fixes.get(side, item.fields[side])), path=project_dir).entity
    suggested = " | ".join(api.glued_parts(glued.label))
    answer: str = click.prompt("  the names it holds, separated by |", default=suggested)
    ids: list[str] = []
    created: list[Any] = list(fixes.get("new_entities", []))
    for name in (part.strip() for part in answer.split("|") if part.strip()):
        try:
            ids.append(api.entity_for_name(name, path=project_dir))
            click.echo(f"  {name!r} is {ids[-1]}")
        except CollabgraphError:
            entity = api.new_entity(name, glued.type, path=project_dir)
            if any(e.id == entity.id for e in created):
                entity = api.new_entity(name, glued.type, f"{entity.id}-2", path=project_dir)
            created.append(entity)
            ids.append(entity.id)
            click.echo(f"  {name!r} will be new: {entity.id} ({entity.type})")
    if not ids:
        return {}
    return {side: ids[0], "also": ids[1:], "side": side, "new_entities": created}


@click.command("evaluate")
@click.argument("doc_id")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@format_option()
@project_option
def evaluate_command(doc_id: str, gold: Path, fmt: str | None, project_dir: Path | None) -> None:
    """Precision, recall and F1 of a document's facts against gold facts, per relation.

    GOLD is a tab-separated file: subject, relation, object, evidence (relations memberOf,
    partnerOf, coordinates, locatedIn, fundedBy, fundingAmount, establishedBy, since).
    Names match through labels and aliases; inverse relations count.

    \b
    Example:
        collabgraph evaluate uu-international-networks gold/07_uu.gold.tsv
    """
    result = api.evaluate(doc_id, gold, path=project_dir)
    columns = ["relation", "precision", "recall", "f1", "true_positives", "predicted", "gold"]
    rows = [
        [
            s.relation,
            round(s.precision, 3),
            round(s.recall, 3),
            round(s.f1, 3),
            s.true_positives,
            s.predicted,
            s.gold,
        ]
        for s in (*result.scores, result.overall)
    ]
    emit(table(columns, rows, default_table_format(fmt)), None)


COMMANDS = [add_command, draft_command, review_command, evaluate_command]
