"""Commands that turn a new document into reviewed facts: add, draft, review, evaluate."""

from __future__ import annotations

from pathlib import Path

import click

import collabgraph.api as api
from collabgraph.cli.options import default_table_format, emit, format_option, project_option
from collabgraph.cli.options import render_table as table

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
        near = "; ".join(added.near_matches) or "none"
        click.echo(f"Publisher {publisher!r} is new: proposed as {added.publisher} (near: {near})")
    click.echo(
        f"Added {added.id}: {added.characters} characters in {added.source_file}, "
        f"annotations in {added.annotation_file}. Next: collabgraph draft {added.id}"
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
    report = api.draft(doc_id, project_dir, extractor=extractor)
    click.echo(
        f"Drafted {len(report.added)} facts for {doc_id} ({report.already_there} already in "
        f"the file) and proposed {len(report.entities)} entities with the {report.extractor} "
        f"extractor. Next: collabgraph review {doc_id}"
    )


@click.command("review")
@click.argument("doc_id")
@click.option("--accept-all", is_flag=True, help="Accept every draft (see --min-confidence).")
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    default=0.0,
    help="With --accept-all: accept only drafts at or above this confidence.",
)
@click.option("--list", "listing", is_flag=True, help="List the drafts and change nothing.")
@format_option()
@project_option
def review_command(
    doc_id: str,
    accept_all: bool,
    min_confidence: float,
    listing: bool,
    fmt: str | None,
    project_dir: Path | None,
) -> None:
    """Review a document's drafts: accept, reject or fix them, one at a time.

    For each draft it shows the sentence, the fact, the cue and the confidence, and asks:
    [a]ccept, [r]eject, [s]kip, fix the [e] relation, [u] subject or [o] object, [q]uit.
    Decisions are saved when you quit or reach the end. Accepting a fact accepts the
    proposed entities it names. --accept-all works without asking.

    \b
    Example:
        collabgraph review radboudumc-annual-report-2023 --accept-all --min-confidence 0.6
    """
    if listing:
        frame = api.drafts_of(doc_id, project_dir)
        columns = [str(c) for c in frame.columns]
        rows = [[record[c] for c in columns] for record in api.frame_records(frame)]
        emit(table(columns, rows, default_table_format(fmt)), None)
        return
    if accept_all:
        report = api.review(
            doc_id, path=project_dir, accept_all=True, min_confidence=min_confidence
        )
    else:
        report = api.review(doc_id, _interactive(doc_id, project_dir), project_dir)
    accepted = f" and {len(report.entities_accepted)} entities" if report.entities_accepted else ""
    click.echo(f"Accepted {report.accepted} facts{accepted}, rejected {report.rejected}.")


def _interactive(doc_id: str, project_dir: Path | None) -> dict[int, dict[str, str]]:
    items = api.review_items(doc_id, project_dir)
    decisions: dict[int, dict[str, str]] = {}
    for item in items:
        click.echo(
            f"\n[{item.number}/{len(items)}] confidence {item.confidence:.2f}, cue "
            f"{item.fields.get('cue', '')!r}"
        )
        click.echo(f"  \u201c{item.quote}\u201d")
        click.echo(f"  {item.description}")
        fixes: dict[str, str] = {}
        while True:
            answer = click.prompt(
                "  [a]ccept [r]eject [s]kip [e]relation [u]subject [o]bject [q]uit",
                type=click.Choice(list("arseuoq")),
                show_choices=False,
            )
            if answer in "euo":
                key = {"e": "relation", "u": "subject", "o": "object"}[answer]
                fixes[key] = click.prompt(f"  new {key} (an id)")
                continue
            break
        if answer == "q":
            break
        if answer in "ar":
            decisions[item.number] = {"status": "accepted" if answer == "a" else "rejected"}
            decisions[item.number].update(fixes)
    return decisions


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
    result = api.evaluate(doc_id, gold, project_dir)
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
