"""The curator's loop on a project: add a document and draft its facts (reviewing them is
:mod:`.review`'s).

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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from collabgraph.curation.annotations import read_annotations
from collabgraph.curation.build import assemble, gather_entities
from collabgraph.curation.facts import DateValue, Fact, Money
from collabgraph.curation.registry import LANGUAGE_TAG, slugify
from collabgraph.curation.transaction import FileTransaction, undo_folder
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
    with_entities,
    with_facts,
    yaml_scalar,
)
from collabgraph.drafting.mentions import KnownName
from collabgraph.drafting.project_names import known_names, registry_index_names, registry_names
from collabgraph.drafting.publishers import choose_publisher
from collabgraph.errors import DocumentError, UnknownNameError, ValidationFailed
from collabgraph.project import Project

__all__ = [
    "AddedDocument",
    "DraftReport",
    "add_document",
    "annotation_file_of",
    "checked",
    "draft_document",
]


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


def checked(project: Project, files: Sequence[Path]) -> None:
    """Run the build's checks on ``files`` with drafts; raise on a problem (inside a
    transaction, which then puts every file back)."""
    problems = assemble(project, files, shacl=False, drafts=True).problems
    if problems:
        raise ValidationFailed(problems)


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
    chosen = choose_publisher(project, publisher)
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
        checked(project, [annotation_file])
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


def annotation_file_of(project: Project, doc_id: str) -> Path:
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
    annotation_file = annotation_file_of(project, doc_id)
    source, facts, problems = read_annotations(annotation_file)
    if problems:
        raise ValidationFailed(problems)
    known = gather_entities(project)
    registry = known.registry
    names = known_names(registry) + registry_index_names(project, known)
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
        checked(project, [annotation_file])
    return DraftReport(
        doc_id,
        annotation_file,
        tuple(added),
        len(draft.facts) - len(added),
        tuple(entities),
        chosen.name,
        draft,
    )
