"""The curator's loop on a project: add a document, draft its facts, review them.

Every operation changes the project's files all together or not at all: new contents are
checked by the build's own reader and validator (drafts included) before they replace the
old ones, and anything that fails restores what was there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from collabgraph.curation.annotations import read_annotations
from collabgraph.curation.build import ProjectEntities, assemble, gather_entities
from collabgraph.curation.facts import DateValue, Fact, Money
from collabgraph.curation.reference import Identifier
from collabgraph.curation.registry import LANGUAGE_TAG, Entity, Registry, slugify
from collabgraph.curation.yamlfile import LocatedList, LocatedMap, read_yaml
from collabgraph.drafting.documents import read_document
from collabgraph.drafting.extractor import (
    Draft,
    DraftFact,
    Page,
    ProposedEntity,
    load_extractor,
    settle_collisions,
)
from collabgraph.drafting.files import (
    entity_entry,
    fact_entry,
    set_line_value,
    with_entities,
    with_facts,
    yaml_scalar,
)
from collabgraph.drafting.lexicon import type_of_word
from collabgraph.drafting.mentions import KnownName
from collabgraph.drafting.places import fold
from collabgraph.errors import (
    AmbiguousNameError,
    CollabgraphError,
    DocumentError,
    UnknownNameError,
    ValidationFailed,
)
from collabgraph.io import write_atomically
from collabgraph.project import Project
from collabgraph.vocabulary import ENTITY_TYPES, RELATIONS

__all__ = [
    "AddedDocument",
    "DraftItem",
    "DraftReport",
    "ReviewDecision",
    "ReviewReport",
    "accept_all",
    "add_document",
    "decide",
    "draft_document",
    "draft_items",
    "known_names",
]

_NEAR = 80.0
_ACRONYM_OR_FIRST_WORDS = 92.0
"""collabgraph.names scores an acronym of a name 96 and its first words 92: a publisher given
so is that entity when only one entity fits, and ambiguous when several do."""


@dataclass(frozen=True)
class AddedDocument:
    id: str
    source_file: Path
    annotation_file: Path
    publisher: str
    proposed_publisher: bool
    near_matches: tuple[str, ...]
    characters: int


@dataclass(frozen=True)
class DraftReport:
    id: str
    annotation_file: Path
    added: tuple[DraftFact, ...]
    already_there: int
    entities: tuple[ProposedEntity, ...]
    extractor: str
    draft: Draft


def _linked_record_names(project: Project, known: ProjectEntities) -> list[KnownName]:
    """Every name of an imported ROR record that is a project entity already, as a name of
    that entity ("Universiteit Maastricht" and "UM" for maastricht-university): drafting
    links them and never proposes them anew."""
    from collabgraph.curation.imports import linked_records

    registry = known.registry
    return [
        KnownName(name, entity_id, registry.get(entity_id).type, registry.get(entity_id).group)
        for entity_id, names in linked_records(
            project, registry, known.facts, known.identifiers
        ).items()
        for name in names
    ]


def _registry_index_names(project: Project, known: ProjectEntities) -> list[KnownName]:
    """Names of imported ROR records that are not project entities yet (id ``ror:<id>``):
    drafting proposes such an organisation under its ROR name, which the build then merges
    with the record."""
    from collabgraph.curation.imports import index_entities

    index = index_entities(project, known.registry, known.facts, known.identifiers)
    return [
        KnownName(name, entity.id, entity.type, ENTITY_TYPES[entity.type].group)
        for entity in index
        for name in dict.fromkeys(entity.names())
    ]


def registry_names(registry: Registry, identifiers: Sequence[Identifier]) -> dict[str, Entity]:
    """Every name the registry's check compares (labels, aliases, codes, identifiers),
    normalised, to its entity."""
    from collabgraph.curation.entities import names_of
    from collabgraph.names import normalise

    by_entity: dict[str, list[Identifier]] = {}
    for identifier in identifiers:
        by_entity.setdefault(identifier.entity, []).append(identifier)
    return {
        normalise(name): entity
        for entity in registry
        for name in names_of(entity, by_entity.get(entity.id, ()))
    }


def known_names(registry: Registry) -> list[KnownName]:
    """Every name of every entity (proposed ones too, so drafting never proposes twice)."""
    return [
        KnownName(name, entity.id, entity.type, entity.group)
        for entity in registry
        if entity.origin != "country"
        for name in dict.fromkeys(entity.names())
    ]


class _Rollback:
    """Files written by one operation, restored to their old contents if it fails."""

    def __init__(self) -> None:
        self.saved: dict[Path, bytes | None] = {}

    def write(self, path: Path, text: str) -> None:
        if path not in self.saved:
            self.saved[path] = path.read_bytes() if path.exists() else None
        write_atomically(path, text.encode("utf-8"))

    def undo(self) -> None:
        for path, old in self.saved.items():
            if old is None:
                path.unlink(missing_ok=True)
            else:
                write_atomically(path, old)


def _checked(project: Project, rollback: _Rollback, files: Sequence[Path]) -> None:
    """Run the build's checks on ``files`` with drafts; on a problem, undo and raise."""
    try:
        problems = assemble(project, files, shacl=False, drafts=True).problems
    except CollabgraphError:
        rollback.undo()
        raise
    if problems:
        rollback.undo()
        raise ValidationFailed(problems)


def _publisher(project: Project, name: str) -> tuple[str, ProposedEntity | None, list[str]]:
    """The publisher's id: a known id or name, or a new entity (near matches listed)."""
    from collabgraph.names import best_matches, normalise

    registry = gather_entities(project).registry
    if name in registry.entities:
        return name, None, []
    exact = {e.id for e in registry for n in e.names() if normalise(n) == normalise(name)}
    if len(exact) == 1:
        return exact.pop(), None, []
    if exact:
        raise AmbiguousNameError(
            f"publisher {name!r} is a name of several entities: {', '.join(sorted(exact))}; "
            "give the id with --publisher"
        )
    names = {
        e.id: list(e.names())
        for e in registry
        if e.origin != "country" and e.group in {"organisation", "network"}
    }
    matches = best_matches(name, names, limit=5)
    strong = [m for m in matches if m.score >= _ACRONYM_OR_FIRST_WORDS]
    if len(strong) == 1:
        return strong[0].key, None, []
    if strong:
        listed = ", ".join(f"{m.key} ({m.name})" for m in strong)
        raise AmbiguousNameError(
            f"publisher {name!r} could be any of: {listed}; give the id with --publisher, "
            "or the full name of a new publisher"
        )
    near = [f"{m.key} ({m.name}, {m.score:.0f})" for m in matches[:3] if m.score >= _NEAR]
    entity_id, number = slugify(name) or "publisher", 2
    while entity_id in registry.entities:
        entity_id, number = f"{slugify(name)}-{number}", number + 1
    words = [type_of_word(fold(w)) for w in name.split()]
    entity_type = next((t for t in reversed(words) if t), None) or "Organisation"
    note = "Proposed as the publisher of a new document"
    if near:
        note += "; near matches (not merged): " + "; ".join(near)
    return entity_id, ProposedEntity(entity_id, entity_type, name, (), note), near


def _document_id(project: Project, wanted: str | None, title: str) -> str:
    doc_id = wanted or slugify(title)[:60].strip("-") or "document"
    if wanted is not None and slugify(wanted) != wanted:
        raise DocumentError(f"a document id is lower-case letters, digits and hyphens: {wanted!r}")
    for existing in (
        project.data / "sources" / f"{doc_id}.txt",
        project.annotations / f"{doc_id}.yaml",
    ):
        if existing.exists():
            raise DocumentError(f"{existing} already exists; choose another --id")
    return doc_id


def _annotation_text(
    doc_id: str, title: str, publisher: str, language: str, url: str | None, original: str
) -> str:
    lines = [
        f"# Added by `collabgraph add` from {original}. `collabgraph draft {doc_id}` proposes",
        f"# facts as drafts; `collabgraph review {doc_id}` accepts or rejects them.",
        "",
        "document:",
        f"  id: {doc_id}",
        f"  source: ../sources/{doc_id}.txt",
        f"  title: {yaml_scalar(title)}",
        f"  publisher: {publisher}",
        f"  language: {language}",
    ]
    if url:
        lines.append(f"  url: {yaml_scalar(url)}")
    lines += [
        f"  retrieved: {dt.date.today().isoformat()}",
        f"  original-file: {yaml_scalar(original)}",
        "",
        "facts: []",
    ]
    return "\n".join(lines) + "\n"


def add_document(
    project: Project,
    path: Path,
    *,
    publisher: str,
    language: str,
    url: str | None = None,
    doc_id: str | None = None,
    title: str | None = None,
) -> AddedDocument:
    """Store a document's text and start its annotation file (no facts yet)."""
    if not LANGUAGE_TAG.fullmatch(language):
        raise DocumentError(f"--language is a language code such as en or nl, not {language!r}")
    text = read_document(path)
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), path.stem)
    title = title or (first_line if len(first_line) <= 120 else path.stem)
    doc_id = _document_id(project, doc_id, title)
    publisher_id, proposed, near = _publisher(project, publisher)
    rollback = _Rollback()
    source_file = project.data / "sources" / f"{doc_id}.txt"
    annotation_file = project.annotations / f"{doc_id}.yaml"
    rollback.write(source_file, text)
    if proposed is not None:
        registry_text = project.registry_file.read_text(encoding="utf-8")
        rollback.write(
            project.registry_file,
            with_entities(
                registry_text,
                [entity_entry(proposed)],
                project.registry_file,
                f"proposed by `collabgraph add` for {doc_id}",
            ),
        )
    rollback.write(
        annotation_file,
        _annotation_text(doc_id, title, publisher_id, language, url, path.name),
    )
    _checked(project, rollback, [annotation_file])
    return AddedDocument(
        doc_id,
        source_file,
        annotation_file,
        publisher_id,
        proposed is not None,
        tuple(near),
        len(text),
    )


def _annotation_file(project: Project, doc_id: str) -> Path:
    path = project.annotations / f"{doc_id}.yaml"
    if not path.is_file():
        known = [p.stem for p in project.annotation_files()]
        raise UnknownNameError("document", doc_id, known)
    return path


def _plain(value: object) -> str:
    if isinstance(value, Money):
        return str(value.value)
    if isinstance(value, DateValue):
        return value.text
    return str(value)


def _fact_key(fact: Fact) -> tuple[str, ...]:
    target = fact.object if fact.relation else _plain(fact.value)
    return fact.quote.exact, fact.subject, fact.relation or fact.attribute or "", str(target)


def draft_document(project: Project, doc_id: str, *, extractor: str = "rules") -> DraftReport:
    """Draft facts for a document into its annotation file and proposed entities into the
    registry; facts already in the file (accepted, rejected or draft) are left alone."""
    annotation_file = _annotation_file(project, doc_id)
    source, facts, problems = read_annotations(annotation_file)
    if problems:
        raise ValidationFailed(problems)
    known = gather_entities(project)
    registry = known.registry
    names = (
        known_names(registry)
        + _linked_record_names(project, known)
        + _registry_index_names(project, known)
    )
    publisher = None
    if source.publisher and source.publisher in registry:
        entity = registry.get(source.publisher)
        publisher = KnownName(entity.label, entity.id, entity.type, entity.group)
    chosen = load_extractor(extractor)
    draft = chosen.draft(Page(doc_id, source.text, source.language or "en", publisher), names)
    draft = settle_collisions(draft, registry_names(registry, known.identifiers))
    existing = {_fact_key(f) for f in facts}
    added = [f for f in draft.facts if f.key() not in existing]
    used = {f.subject for f in added} | {f.object for f in added if f.object}
    entities = [e for e in draft.entities if e.id in used and e.id not in registry.entities]
    rollback = _Rollback()
    if entities:
        registry_text = project.registry_file.read_text(encoding="utf-8")
        rollback.write(
            project.registry_file,
            with_entities(
                registry_text,
                [entity_entry(e) for e in entities],
                project.registry_file,
                f"proposed by `collabgraph draft {doc_id}`",
            ),
        )
    if added:
        text = annotation_file.read_text(encoding="utf-8")
        rollback.write(
            annotation_file, with_facts(text, [fact_entry(f) for f in added], annotation_file)
        )
    _checked(project, rollback, [annotation_file])
    return DraftReport(
        doc_id,
        annotation_file,
        tuple(added),
        len(draft.facts) - len(added),
        tuple(entities),
        chosen.name,
        draft,
    )


@dataclass(frozen=True)
class DraftItem:
    """One draft fact of an annotation file, where it stands, and what it says."""

    number: int
    quote: str
    fields: dict[str, object]
    lines: dict[str, int]
    confidence: float
    description: str = ""
    """The fact in words, entities by label and id ("proposed" where they are)."""

    @property
    def subject(self) -> str:
        return str(self.fields["subject"])

    def describe(self, registry: Registry) -> str:
        def name(entity_id: object) -> str:
            found = registry.entities.get(str(entity_id))
            state = ", proposed" if found is not None and found.status == "proposed" else ""
            return f"{found.label} [{entity_id}{state}]" if found else str(entity_id)

        if "relation" in self.fields:
            said = (
                f"{name(self.subject)} --{self.fields['relation']}--> {name(self.fields['object'])}"
            )
        else:
            said = f"{name(self.subject)}: {self.fields['attribute']} = {self.fields.get('value')}"
        extras = [
            f"{k} {self.fields[k]}" for k in ("since", "date", "currency") if k in self.fields
        ]
        return said + (f" ({', '.join(extras)})" if extras else "")


def _fact_maps(items: LocatedList) -> Iterable[tuple[LocatedMap, LocatedMap]]:
    for item in items:
        if not isinstance(item, LocatedMap):
            continue
        nested = item.get("facts")
        if isinstance(nested, LocatedList):
            yield from ((f, item) for f in nested if isinstance(f, LocatedMap))
        else:
            yield item, item


def draft_items(project: Project, doc_id: str, registry: Registry | None = None) -> list[DraftItem]:
    """The document's draft facts in file order, numbered from 1."""
    path = _annotation_file(project, doc_id)
    document = read_yaml(path)
    items = document.get("facts") if isinstance(document, LocatedMap) else None
    if not isinstance(items, LocatedList):
        return []
    registry = registry if registry is not None else gather_entities(project).registry
    drafts: list[DraftItem] = []
    for fact, quote in _fact_maps(items):
        if fact.get("status") != "draft":
            continue
        keys = (
            "subject",
            "relation",
            "object",
            "attribute",
            "value",
            "since",
            "date",
            "currency",
            "cue",
            "status",
        )
        item = DraftItem(
            number=len(drafts) + 1,
            quote=str(quote.get("quote", "")),
            fields={k: fact[k] for k in keys if k in fact},
            lines={k: fact.line_of(k) for k in keys if k in fact},
            confidence=float(fact.get("confidence", 0.0)),
        )
        drafts.append(replace(item, description=item.describe(registry)))
    return drafts


@dataclass(frozen=True)
class ReviewDecision:
    """What the curator decided for one draft: accept or reject, and any fix."""

    status: str
    relation: str | None = None
    subject: str | None = None
    object: str | None = None


@dataclass
class ReviewReport:
    accepted: int = 0
    rejected: int = 0
    entities_accepted: list[str] = field(default_factory=list)


def _check_decision(decision: ReviewDecision, registry: Registry) -> None:
    if decision.status not in {"accepted", "rejected"}:
        raise CollabgraphError(
            f"a review decision is accepted or rejected, not {decision.status!r}"
        )
    if decision.relation is not None and decision.relation not in RELATIONS:
        raise UnknownNameError("relation", decision.relation, RELATIONS)
    for entity_id in (decision.subject, decision.object):
        if entity_id is not None and entity_id not in registry:
            raise UnknownNameError("entity", entity_id, registry.entities)


def decide(project: Project, doc_id: str, decisions: dict[int, ReviewDecision]) -> ReviewReport:
    """Apply review decisions (by draft number); accepting a fact accepts the proposed
    entities it names. All decisions land together, checked, or none does."""
    path = _annotation_file(project, doc_id)
    registry = gather_entities(project).registry
    items = {item.number: item for item in draft_items(project, doc_id, registry)}
    publisher = read_annotations(path)[0].publisher
    text = path.read_text(encoding="utf-8")
    report = ReviewReport()
    to_accept: set[str] = set()
    for number, decision in sorted(decisions.items()):
        if number not in items:
            raise CollabgraphError(f"{path}: no draft number {number} (1 to {len(items)})")
        _check_decision(decision, registry)
        item = items[number]
        for key in ("relation", "subject", "object"):
            value = getattr(decision, key)
            if value is not None:
                text = set_line_value(text, item.lines[key], key, value, path)
        text = set_line_value(text, item.lines["status"], "status", decision.status, path)
        if decision.status == "accepted":
            report.accepted += 1
            to_accept |= {decision.subject or item.subject}
            if "object" in item.fields:
                to_accept.add(decision.object or str(item.fields["object"]))
        else:
            report.rejected += 1
    rollback = _Rollback()
    rollback.write(path, text)
    to_accept |= {publisher} if publisher else set()
    proposed = [e for e in registry if e.id in to_accept and e.status == "proposed"]
    if proposed:
        registry_text = project.registry_file.read_text(encoding="utf-8")
        entity_maps = read_yaml(project.registry_file)["entities"]
        for entity in proposed:
            registry_text = set_line_value(
                registry_text,
                entity_maps[entity.id].line_of("status"),
                "status",
                "accepted",
                project.registry_file,
            )
        rollback.write(project.registry_file, registry_text)
        report.entities_accepted = [e.id for e in proposed]
    _checked(project, rollback, [path])
    return report


def accept_all(project: Project, doc_id: str, *, min_confidence: float = 0.0) -> ReviewReport:
    """Accept every draft of the document at or above ``min_confidence``."""
    chosen = {
        item.number: ReviewDecision("accepted")
        for item in draft_items(project, doc_id)
        if item.confidence >= min_confidence
    }
    return decide(project, doc_id, chosen)
