"""The curator's loop on a project: add a document, draft its facts, review them.

Guarantees, whatever happens:

- **All or nothing.** Every operation writes its files in one
  :class:`~collabgraph.curation.transaction.FileTransaction`: new contents are checked by
  the build's own reader and validator (drafts included) before the operation returns, and
  any exception (a failed check, a full disk, Ctrl-C) restores every file it touched.
- **No duplicate enters.** A name that is a name of a known entity (label, alias,
  other-language label, acronym, or a name of the ROR record linked to it, under the
  registry's name rules) is that entity, never a proposal; an entity a new one only
  resembles is shown with the reason, never merged.
- **Review keeps work.** Each decision lands on its own (the interactive review saves as it
  goes); a proposal no fact names any more is removed; a changed relation drops the old
  ``cue`` and ``confidence``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from collabgraph.curation.annotations import read_annotations
from collabgraph.curation.build import ProjectEntities, assemble, gather_entities
from collabgraph.curation.facts import DateValue, Fact, Money
from collabgraph.curation.reference import Identifier
from collabgraph.curation.registry import LANGUAGE_TAG, Entity, Registry, slugify
from collabgraph.curation.transaction import FileTransaction, undo_folder
from collabgraph.curation.yamlfile import LocatedList, LocatedMap, read_yaml
from collabgraph.drafting.documents import read_document, read_title
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
    without_entities,
    without_lines,
    yaml_scalar,
)
from collabgraph.drafting.lexicon import type_of_word
from collabgraph.drafting.likeness import (
    ACRONYM_OF,
    CLOSE_SPELLING,
    FIRST_WORDS,
    KnownEntities,
    Likeness,
    how_alike,
)
from collabgraph.drafting.mentions import KnownName
from collabgraph.drafting.places import fold
from collabgraph.errors import (
    AmbiguousNameError,
    CollabgraphError,
    DocumentError,
    UnknownNameError,
    ValidationFailed,
)
from collabgraph.project import Project
from collabgraph.vocabulary import ENTITY_TYPES, RELATIONS

__all__ = [
    "AddedDocument",
    "DraftItem",
    "DraftReport",
    "NewEntity",
    "ReviewDecision",
    "ReviewReport",
    "accept_all",
    "add_document",
    "decide",
    "draft_document",
    "draft_items",
    "entity_for_name",
    "glued_parts",
    "known_names",
    "new_entity",
]

_PUBLISHER_GROUPS = {"organisation", "network"}
_LINKABLE_GROUPS = {"organisation", "network"}
_READINGS = {
    ACRONYM_OF: "an acronym of",
    FIRST_WORDS: "the first words of",
    CLOSE_SPELLING: "a close spelling of",
}
"""A publisher given as an acronym, the first words or a close spelling of one organisation's
name is that organisation (the reading is reported); when several fit, it is ambiguous."""
_GLUE = re.compile(r"\s+(?:en|and|und|et|&|alsook|as well as)\s+|\s*[,;/]\s+", re.IGNORECASE)
_BRACKETED_ACRONYM = re.compile(r"^(.*\S)\s*\(([^()\s]{2,12})\)$")


@dataclass(frozen=True)
class AddedDocument:
    id: str
    source_file: Path
    annotation_file: Path
    publisher: str
    proposed_publisher: bool
    near_matches: tuple[str, ...]
    characters: int
    title: str = ""
    publisher_reading: str | None = None
    """How the publisher's name was read when it is not the entity's own name ("a close
    spelling of 'Leiden University'", "an acronym of ...")."""


@dataclass(frozen=True)
class DraftReport:
    id: str
    annotation_file: Path
    added: tuple[DraftFact, ...]
    already_there: int
    entities: tuple[ProposedEntity, ...]
    extractor: str
    draft: Draft


def _ror_names(
    project: Project, known: ProjectEntities
) -> tuple[list[Entity], dict[str, list[str]]]:
    from collabgraph.curation.imports import ror_names

    found = ror_names(project, known.registry, known.facts, known.identifiers)
    return found.index, found.linked


def _registry_index_names(project: Project, known: ProjectEntities) -> list[KnownName]:
    """Names the imported ROR records add: those of a record linked to a project entity are
    that entity's names (its Dutch name, its acronym); a record that is not a project entity
    yet is known as ``ror:<id>``, and drafting proposes it under its ROR name, which the build
    then links to the record. A record name an entity of the registry already has is left
    out (its own, or another's: the build warns about the two)."""
    index, linked = _ror_names(project, known)
    own = {fold(n) for e in known.registry for n in e.names()}
    found = []
    for entity_id, names in linked.items():
        entity = known.registry.get(entity_id)
        for name in dict.fromkeys(names):
            if fold(name) not in own:
                found.append(KnownName(name, entity.id, entity.type, entity.group))
    found += [
        KnownName(name, entity.id, entity.type, ENTITY_TYPES[entity.type].group)
        for entity in index
        for name in dict.fromkeys(entity.names())
    ]
    return found


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


def _checked(project: Project, files: Sequence[Path]) -> None:
    """Run the build's checks on ``files`` with drafts; raise on a problem (inside a
    transaction, which then puts every file back)."""
    problems = assemble(project, files, shacl=False, drafts=True).problems
    if problems:
        raise ValidationFailed(problems)


def _known_entities(
    project: Project, known: ProjectEntities, groups: set[str] | None = None
) -> KnownEntities:
    """Names of the project's entities (the names of linked ROR records with them) and of
    the ROR records that are no project entity yet (``ror:<id>``)."""
    index, linked = _ror_names(project, known)
    names: dict[str, list[str]] = {}
    for entity in [*known.registry, *index]:
        if entity.origin == "country" or (groups is not None and entity.group not in groups):
            continue
        names[entity.id] = [*entity.names(), *linked.get(entity.id, ())]
    return KnownEntities(names)


def _label_and_acronym(name: str) -> tuple[str, tuple[str, ...]]:
    """'European Health Data and Evidence Network (EHDEN)' -> the name and its acronym."""
    bracketed = _BRACKETED_ACRONYM.match(name.strip())
    if bracketed is None or not any(c.isupper() for c in bracketed.group(2)):
        return name.strip(), ()
    return bracketed.group(1), (bracketed.group(2),)


@dataclass(frozen=True)
class _Publisher:
    id: str
    proposed: ProposedEntity | None = None
    reading: str | None = None
    near: tuple[str, ...] = ()


def _not_an_organisation(name: str, entity: Entity, registry: Registry) -> CollabgraphError:
    from collabgraph.names import best_matches

    names = {e.id: list(e.names()) for e in registry if e.group in _PUBLISHER_GROUPS}
    candidates = [m for m in best_matches(name, names, limit=5, cutoff=70.0)]
    listed = ", ".join(f"{m.key} ({m.name})" for m in candidates) or "none close"
    return AmbiguousNameError(
        f"publisher {name!r} is {entity.id}, a {entity.type}, not an organisation; a "
        f"publisher is an organisation or a network. Organisations with a name like it: "
        f"{listed}; give the id of one as `publisher`, or the full name of a new one"
    )


def _publisher(project: Project, name: str) -> _Publisher:
    """The publisher's id: a known organisation by id or name (an acronym, its first words
    or a close spelling are read as it, and the reading reported), or a new organisation
    (proposed; under a ROR record's name when one has that name), with the plausible near
    matches. A place, a person or anything else that is not an organisation is refused."""
    from collabgraph.names import normalise

    known = gather_entities(project)
    registry = known.registry
    if name in registry.entities:
        entity = registry.get(name)
        if entity.group not in _PUBLISHER_GROUPS:
            raise _not_an_organisation(name, entity, registry)
        return _Publisher(name)
    label, acronyms = _label_and_acronym(name)
    organisations = _known_entities(project, known, _PUBLISHER_GROUPS)
    same = organisations.same(label) or {e for a in acronyms for e in organisations.same(a)}
    own = sorted(e for e in same if not e.startswith("ror:"))
    if len(own) == 1:
        return _Publisher(own[0])
    if len(own) > 1:
        listed = ", ".join(f"{e} ({registry.get(e).label})" for e in own)
        raise AmbiguousNameError(
            f"publisher {name!r} is a name of several entities: {listed}; give the id of "
            "one as `publisher`"
        )
    other = [e for e in registry if e.group not in _PUBLISHER_GROUPS and e.origin != "country"]
    for entity in other:
        if any(normalise(n) == normalise(label) for n in entity.names()):
            raise _not_an_organisation(name, entity, registry)
    records = sorted(same)
    if records:
        return _propose_publisher(registry, name, records[0], organisations)
    readings = []
    for entity_id, names in organisations.names.items():
        if entity_id.startswith("ror:"):
            continue
        for known_name in names:
            how = how_alike(label, known_name)
            if how in _READINGS:
                readings.append((entity_id, f"{_READINGS[how]} {known_name!r}"))
                break
    if len(readings) == 1:
        return _Publisher(readings[0][0], reading=readings[0][1])
    if readings:
        listed = ", ".join(f"{e} ({how})" for e, how in readings)
        raise AmbiguousNameError(
            f"publisher {name!r} could be any of: {listed}; give the id of one as "
            "`publisher`, or the full name of a new publisher"
        )
    return _propose_publisher(registry, name, None, organisations)


def _propose_publisher(
    registry: Registry, name: str, record: str | None, organisations: KnownEntities
) -> _Publisher:
    """A new publisher: under a ROR record's name when ``record`` has the name given."""
    label, aliases = _label_and_acronym(name)
    note = "Proposed as the publisher of a new document"
    if record is not None:
        ror_label = organisations.names[record][0]
        aliases = tuple(dict.fromkeys(a for a in (label, *aliases) if a != ror_label))
        label = ror_label
        note = f"ROR https://ror.org/{record.removeprefix('ror:')}; {note}"
    entity_id, number = slugify(label) or "publisher", 2
    while entity_id in registry.entities:
        entity_id, number = f"{slugify(label)}-{number}", number + 1
    words = [type_of_word(fold(w)) for w in label.split()]
    entity_type = next((t for t in reversed(words) if t), None) or "Organisation"
    if ENTITY_TYPES[entity_type].group not in _PUBLISHER_GROUPS:
        entity_type = "Organisation"
    near = tuple(
        likeness.describe()
        for likeness in organisations.resembling(label, leave_out={record or ""}, limit=5)
    )
    if near:
        note += "; near matches (not merged): " + "; ".join(near)
    proposed = ProposedEntity(entity_id, entity_type, label, aliases, note)
    reading = f"the ROR record {record}" if record is not None else None
    return _Publisher(entity_id, proposed, reading, near)


def _document_id(project: Project, wanted: str | None, title: str) -> str:
    doc_id = wanted or slugify(title)[:60].strip("-") or "document"
    if wanted is not None and slugify(wanted) != wanted:
        raise DocumentError(
            f"a document id (`doc_id`) is lower-case letters, digits and hyphens: {wanted!r}"
        )
    for existing in (
        project.data / "sources" / f"{doc_id}.txt",
        project.annotations / f"{doc_id}.yaml",
    ):
        if existing.exists():
            raise DocumentError(f"{existing} already exists; choose another `doc_id`")
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
    """Store a document's text and start its annotation file (no facts yet).

    The title (and from it the id) is the document's own (see
    :func:`~collabgraph.drafting.documents.read_title`), else the file's name.
    """
    if not LANGUAGE_TAG.fullmatch(language):
        raise DocumentError(f"the `language` is a language code such as en or nl, not {language!r}")
    text = read_document(path)
    title = title or read_title(path, text) or path.stem
    doc_id = _document_id(project, doc_id, title)
    chosen = _publisher(project, publisher)
    source_file = project.data / "sources" / f"{doc_id}.txt"
    annotation_file = project.annotations / f"{doc_id}.yaml"
    with FileTransaction(undo_folder(project)) as files:
        files.write(source_file, text)
        if chosen.proposed is not None:
            registry_text = project.registry_file.read_text(encoding="utf-8")
            files.write(
                project.registry_file,
                with_entities(
                    registry_text,
                    [entity_entry(chosen.proposed)],
                    project.registry_file,
                    f"proposed by `collabgraph add` for {doc_id}",
                ),
            )
        files.write(
            annotation_file,
            _annotation_text(doc_id, title, chosen.id, language, url, path.name),
        )
        _checked(project, [annotation_file])
    return AddedDocument(
        doc_id,
        source_file,
        annotation_file,
        chosen.id,
        chosen.proposed is not None,
        chosen.near,
        len(text),
        title,
        chosen.reading,
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
    names = known_names(registry) + _registry_index_names(project, known)
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
    with FileTransaction(undo_folder(project)) as files:
        if entities:
            registry_text = project.registry_file.read_text(encoding="utf-8")
            files.write(
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
            files.write(
                annotation_file,
                with_facts(text, [fact_entry(f) for f in added], annotation_file),
            )
        _checked(project, [annotation_file])
    return DraftReport(
        doc_id,
        annotation_file,
        tuple(added),
        len(draft.facts) - len(added),
        tuple(entities),
        chosen.name,
        draft,
    )


_ITEM_KEYS = (
    "subject",
    "relation",
    "object",
    "attribute",
    "value",
    "occurrence",
    "since",
    "date",
    "currency",
    "cue",
    "confidence",
    "status",
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
    notes: tuple[str, ...] = ()
    """For each proposed entity the fact names: the known entities it resembles, and why."""

    @property
    def subject(self) -> str:
        return str(self.fields["subject"])

    def entities(self) -> set[str]:
        """The ids the fact names."""
        return {str(self.fields[k]) for k in ("subject", "object") if k in self.fields}

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


def _resemblance_notes(
    item: DraftItem, registry: Registry, known: KnownEntities
) -> tuple[str, ...]:
    notes = []
    for entity_id in sorted(item.entities()):
        entity = registry.entities.get(entity_id)
        if entity is None or entity.status != "proposed":
            continue
        found = known.resembling(entity.label, leave_out={entity_id})
        parts = glued_parts(entity.label)
        if found:
            listed = "; ".join(likeness.describe() for likeness in found)
            notes.append(f"{entity_id} is new; it resembles {listed}")
        if len(parts) > 1:
            notes.append(f"{entity_id} may hold {len(parts)} names: {' | '.join(parts)}")
    return tuple(notes)


def draft_items(
    project: Project, doc_id: str, registry: Registry | None = None, *, notes: bool = True
) -> list[DraftItem]:
    """The document's draft facts in file order, numbered from 1; with ``notes``, what each
    proposed entity they name resembles (see :mod:`.likeness`) or may hold."""
    path = _annotation_file(project, doc_id)
    document = read_yaml(path)
    items = document.get("facts") if isinstance(document, LocatedMap) else None
    if not isinstance(items, LocatedList):
        return []
    known = gather_entities(project) if registry is None else None
    registry = registry if registry is not None else known.registry  # type: ignore[union-attr]
    likeness = _known_entities(project, known) if notes and known is not None else None
    drafts: list[DraftItem] = []
    for fact, quote in _fact_maps(items):
        if fact.get("status") != "draft":
            continue
        confidence = fact.get("confidence", 0.0)
        item = DraftItem(
            number=len(drafts) + 1,
            quote=str(quote.get("quote", "")),
            fields={k: fact[k] for k in _ITEM_KEYS if k in fact}
            | ({"occurrence": quote["occurrence"]} if "occurrence" in quote else {}),
            lines={k: fact.line_of(k) for k in _ITEM_KEYS if k in fact},
            confidence=float(confidence) if isinstance(confidence, int | float) else 0.0,
        )
        item = replace(item, description=item.describe(registry))
        if likeness is not None:
            item = replace(item, notes=_resemblance_notes(item, registry, likeness))
        drafts.append(item)
    return drafts


@dataclass(frozen=True)
class NewEntity:
    """An entity the curator creates while reviewing (written to the registry when a fact
    that names it is accepted)."""

    id: str
    type: str
    label: str
    aliases: tuple[str, ...] = ()


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


def _check_entity(entity: NewEntity, registry: Registry, creating: Mapping[str, NewEntity]) -> None:
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", entity.id):
        raise CollabgraphError(
            f"a new entity's id is lower-case letters, digits and hyphens, not {entity.id!r}"
        )
    if entity.id in registry or entity.id in creating:
        raise CollabgraphError(f"entity {entity.id!r} exists already; choose another id")
    if entity.type not in ENTITY_TYPES:
        raise UnknownNameError("entity type", entity.type, ENTITY_TYPES)
    if not entity.label.strip():
        raise CollabgraphError(f"the new entity {entity.id!r} needs a label")


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
        _check_entity(entity, registry, creating)
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
        for fact, _ in _fact_maps(facts if isinstance(facts, LocatedList) else LocatedList(1)):
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
    path = _annotation_file(project, doc_id)
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
        _checked(project, [path])
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


def glued_parts(name: str) -> list[str]:
    """The names a glued name holds ("Hogeschool van Amsterdam en Hogeschool Inholland":
    two), split where "en", "and", "&" or a comma joins two parts that each carry a word of
    an organisation's kind or a capital; the name itself when it holds one."""
    from collabgraph.names import normalise

    parts = [part.strip() for part in _GLUE.split(name) if part.strip()]

    def organisation_like(part: str) -> bool:
        words = normalise(part).split()
        kinds = [type_of_word(w) for w in words]
        groups = {ENTITY_TYPES[k].group for k in kinds if k is not None and k in ENTITY_TYPES}
        return bool(groups & _LINKABLE_GROUPS) and part[:1].isupper()

    if len(parts) > 1 and all(organisation_like(part) for part in parts):
        return parts
    return [name]


def entity_for_name(project: Project, text: str) -> str:
    """The id of the entity ``text`` is: an id, or a name of exactly one entity (under the
    registry's name rules, ROR names of linked records included); otherwise an error with
    the closest ids."""
    known = gather_entities(project)
    if text in known.registry:
        return text
    found = {e for e in _known_entities(project, known).same(text) if not e.startswith("ror:")}
    if len(found) == 1:
        return found.pop()
    if found:
        raise AmbiguousNameError(f"{text!r} is a name of {', '.join(sorted(found))}; give the id")
    names = {e.id: [e.id, *e.names()] for e in known.registry if e.origin != "country"}
    from collabgraph.names import best_matches

    close = [m.key for m in best_matches(text, names, limit=3, cutoff=70.0)]
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise CollabgraphError(f"unknown entity {text!r}.{hint}")


def new_entity(
    project: Project, label: str, entity_type: str | None = None, entity_id: str | None = None
) -> NewEntity:
    """A new entity to create at review: its id a slug of the label (made unique), its type
    the kind its words say unless given."""
    registry = gather_entities(project).registry
    if entity_type is None:
        kinds = [type_of_word(fold(w)) for w in label.split()]
        entity_type = next((k for k in reversed(kinds) if k), None) or "Organisation"
    base = entity_id or slugify(label) or "entity"
    chosen, number = base, 2
    while entity_id is None and chosen in registry:
        chosen, number = f"{base}-{number}", number + 1
    entity = NewEntity(chosen, entity_type, label.strip())
    _check_entity(entity, registry, {})
    return entity


def likeness_of(project: Project, name: str) -> list[Likeness]:
    """The known entities (and ROR records) a name resembles, with the reason."""
    return _known_entities(project, gather_entities(project)).resembling(name)
