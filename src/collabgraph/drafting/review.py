"""Review: the curator's decisions on drafts, applied to the annotation file and the registry
together (see :mod:`.drafts` for what every operation guarantees)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from collabgraph.curation.annotations import read_annotations
from collabgraph.curation.build import gather_entities
from collabgraph.curation.registry import Registry
from collabgraph.curation.transaction import FileTransaction, undo_folder
from collabgraph.curation.yamlfile import LocatedList, LocatedMap, read_yaml
from collabgraph.drafting.draft_items import DraftItem, draft_items, fact_maps
from collabgraph.drafting.drafts import annotation_file_of, checked
from collabgraph.drafting.extractor import DraftFact, ProposedEntity
from collabgraph.drafting.files import (
    entity_entry,
    fact_entry,
    set_line_value,
    with_entities,
    with_facts,
    without_entities,
    without_lines,
)
from collabgraph.drafting.review_names import NewEntity, check_entity
from collabgraph.errors import CollabgraphError, UnknownNameError
from collabgraph.project import Project
from collabgraph.vocabulary import RELATIONS

__all__ = [
    "SAFE_CONFIDENCE",
    "ReviewDecision",
    "ReviewReport",
    "accept_all",
    "decide",
]


@dataclass(frozen=True)
class ReviewDecision:
    """What the curator decided for one draft: accept or reject, and any fix.

    ``also`` splits a glued name: the fact is written once more for each of these entity
    ids, on ``side`` (``object`` or ``subject``), the fixed ``object``/``subject`` being the
    first part. ``new_entities`` are created by the decision.
    """

    status: str
    relation: str | None = None
    subject: str | None = None
    object: str | None = None
    also: tuple[str, ...] = ()
    side: str = "object"
    new_entities: tuple[NewEntity, ...] = ()

    @classmethod
    def of(cls, spec: ReviewDecision | Mapping[str, Any]) -> ReviewDecision:
        """A decision from a mapping such as ``{"status": "accepted", "object": "x"}``."""
        if isinstance(spec, ReviewDecision):
            return spec
        values: dict[str, Any] = dict(spec)
        unknown = set(values) - set(cls.__dataclass_fields__)
        if unknown:
            raise CollabgraphError(
                f"a review decision has no {', '.join(sorted(unknown))}; it has "
                f"{', '.join(cls.__dataclass_fields__)}"
            )
        values["also"] = tuple(str(v) for v in values.get("also") or ())
        values["new_entities"] = tuple(
            e if isinstance(e, NewEntity) else NewEntity(**e)
            for e in values.get("new_entities") or ()
        )
        return cls(**values)


@dataclass
class ReviewReport:
    accepted: int = 0
    rejected: int = 0
    entities_accepted: list[str] = field(default_factory=list)
    entities_created: list[str] = field(default_factory=list)
    entities_removed: list[str] = field(default_factory=list)
    """Proposed entities no fact names any more (their last fact was rejected or fixed)."""
    left: int = 0
    """Drafts left for review (below the confidence accepting all of them asked for)."""
    threshold: float | None = None


def _check_decision(
    decision: ReviewDecision, registry: Registry, creating: Mapping[str, NewEntity]
) -> None:
    if decision.status not in {"accepted", "rejected"}:
        raise CollabgraphError(
            f"a review decision is accepted or rejected, not {decision.status!r}"
        )
    if decision.relation is not None and decision.relation not in RELATIONS:
        raise UnknownNameError("relation", decision.relation, RELATIONS)
    if decision.side not in {"subject", "object"}:
        raise CollabgraphError(f"a split is on the subject or the object, not {decision.side!r}")
    for entity in decision.new_entities:
        check_entity(entity, registry, creating)
    created = {e.id for e in decision.new_entities} | set(creating)
    for entity_id in (decision.subject, decision.object, *decision.also):
        if entity_id is not None and entity_id not in registry and entity_id not in created:
            raise UnknownNameError("entity", entity_id, [*registry.entities, *created])


def _split_copy(item: DraftItem, fields: dict[str, object], status: str) -> str:
    """Another fact entry like the draft's, for one more part of a split name."""
    value = fields.get("value")
    fact = DraftFact(
        quote=item.quote,
        occurrence=int(str(fields["occurrence"])) if "occurrence" in fields else None,
        subject=str(fields["subject"]),
        relation=str(fields["relation"]) if "relation" in fields else None,
        object=str(fields["object"]) if "object" in fields else None,
        attribute=str(fields["attribute"]) if "attribute" in fields else None,
        value=value,
        currency=str(fields["currency"]) if "currency" in fields else None,
        since=str(fields["since"]) if "since" in fields else None,
        date=str(fields["date"]) if "date" in fields else None,
        confidence=float(str(fields.get("confidence", 0.5))),
        cue=str(fields.get("cue", "")),
    )
    return fact_entry(fact, status=status)


def _named_anywhere(project: Project) -> set[str] | None:
    """Every entity a fact that is not rejected, or a document's publisher, names in any
    annotation file; None when a file cannot be read (then nothing is removed)."""
    named: set[str] = set()
    for path in project.annotation_files():
        try:
            document = read_yaml(path)
        except CollabgraphError:
            return None
        if not isinstance(document, LocatedMap):
            continue
        head = document.get("document")
        if isinstance(head, LocatedMap) and isinstance(head.get("publisher"), str):
            named.add(head["publisher"])
        facts = document.get("facts")
        for fact, _ in fact_maps(facts if isinstance(facts, LocatedList) else LocatedList(1)):
            if fact.get("status") != "rejected":
                named |= {str(fact[k]) for k in ("subject", "object", "count-of") if k in fact}
    return named


def _registry_after_review(
    project: Project,
    registry: Registry,
    accept: set[str],
    creating: Mapping[str, NewEntity],
    candidates: set[str],
    report: ReviewReport,
) -> str:
    """The registry's text with proposed entities accepted, new ones written and proposals
    that no fact names any more removed (``candidates``: those the decided drafts named)."""
    path = project.registry_file
    text = path.read_text(encoding="utf-8")
    entries = read_yaml(path)["entities"]
    proposed = [e for e in registry if e.status == "proposed"]
    for entity in (e for e in proposed if e.id in accept):
        text = set_line_value(
            text, entries[entity.id].line_of("status"), "status", "accepted", path
        )
        report.entities_accepted.append(entity.id)
    maybe = {e.id for e in proposed if e.id in candidates and e.id not in accept}
    named = _named_anywhere(project) if maybe else None  # read every file only when needed
    if named is not None:
        orphans = [e.id for e in proposed if e.id in maybe - named]
        text = without_entities(text, {e: entries.line_of(e) for e in orphans}, path)
        report.entities_removed += orphans
    created = [
        ProposedEntity(e.id, e.type, e.label, e.aliases, "Created at review")
        for e in creating.values()
        if e.id in accept
    ]
    report.entities_created = [e.id for e in created]
    return with_entities(
        text, [entity_entry(e, "accepted") for e in created], path, "created at review"
    )


def decide(
    project: Project, doc_id: str, decisions: Mapping[int, ReviewDecision | Mapping[str, Any]]
) -> ReviewReport:
    """Apply review decisions (by draft number). Accepting a fact accepts the proposed
    entities it names (and the document's proposed publisher); a fixed relation drops the
    draft's ``cue`` and ``confidence``; a proposal no fact names any more is removed. All
    decisions land together, checked, or none does."""
    return _decide(project, doc_id, decisions, gather_entities(project).registry)


def _decide(
    project: Project,
    doc_id: str,
    decisions: Mapping[int, ReviewDecision | Mapping[str, Any]],
    registry: Registry,
) -> ReviewReport:
    path = annotation_file_of(project, doc_id)
    items = {item.number: item for item in draft_items(project, doc_id, registry, notes=False)}
    publisher = read_annotations(path)[0].publisher
    text = path.read_text(encoding="utf-8")
    report = ReviewReport()
    creating: dict[str, NewEntity] = {}
    accept: set[str] = {publisher} if publisher else set()
    candidates: set[str] = set()
    dropped: dict[int, str] = {}
    copies: list[str] = []
    for number, spec in sorted(decisions.items()):
        decision = ReviewDecision.of(spec)
        if number not in items:
            raise CollabgraphError(f"{path}: no draft number {number} (1 to {len(items)})")
        _check_decision(decision, registry, creating)
        creating.update((e.id, e) for e in decision.new_entities)
        item = items[number]
        candidates |= item.entities()
        fields = dict(item.fields)
        for key in ("relation", "subject", "object"):
            value = getattr(decision, key)
            if value is not None and value != fields.get(key):
                text = set_line_value(text, item.lines[key], key, value, path)
                fields[key] = value
        if decision.relation is not None and decision.relation != item.fields.get("relation"):
            dropped |= {item.lines[k]: k for k in ("cue", "confidence") if k in item.lines}
            fields = {k: v for k, v in fields.items() if k not in {"cue", "confidence"}}
        text = set_line_value(text, item.lines["status"], "status", decision.status, path)
        named = {str(fields["subject"])} | (
            {str(fields["object"])} if "object" in fields else set()
        )
        for extra in decision.also:
            copies.append(_split_copy(item, fields | {decision.side: extra}, decision.status))
            named.add(extra)
        if decision.status == "accepted":
            report.accepted += 1
            accept |= named
        else:
            report.rejected += 1
    text = without_lines(text, dropped, path)
    if copies:
        text = with_facts(text, copies, path)
    with FileTransaction(undo_folder(project)) as files:
        files.write(path, text)
        files.write(
            project.registry_file,
            _registry_after_review(project, registry, accept, creating, candidates, report),
        )
        checked(project, [path])
    return report


SAFE_CONFIDENCE = 0.5
"""What accepting all drafts accepts unless told otherwise: on pages the rules were not
written against, drafts at 0.5 and above were right about four times in five (see
docs/benchmarks.md); below it are the broad readings a curator should look at."""


def accept_all(
    project: Project, doc_id: str, *, min_confidence: float = SAFE_CONFIDENCE
) -> ReviewReport:
    """Accept every draft of the document at or above ``min_confidence``; the report says
    how many were left for review."""
    registry = gather_entities(project).registry
    items = draft_items(project, doc_id, registry, notes=False)
    chosen = {
        item.number: ReviewDecision("accepted")
        for item in items
        if item.confidence >= min_confidence
    }
    report = _decide(project, doc_id, chosen, registry)
    return replace(report, left=len(items) - len(chosen), threshold=min_confidence)
