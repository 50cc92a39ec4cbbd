"""The names drafting and review know entities by: every name of every registry entity, the
names of the ROR records linked to them, and the ROR records that are no project entity yet
(``ror:<id>``)."""

from __future__ import annotations

from collections.abc import Sequence

from collabgraph.curation.build import ProjectEntities
from collabgraph.curation.reference import Identifier
from collabgraph.curation.registry import Entity, Registry
from collabgraph.drafting.likeness import KnownEntities
from collabgraph.drafting.mentions import KnownName
from collabgraph.drafting.places import fold
from collabgraph.project import Project
from collabgraph.vocabulary import ENTITY_TYPES

__all__ = ["known_entities", "known_names", "registry_index_names", "registry_names"]


def _ror_names(
    project: Project, known: ProjectEntities
) -> tuple[list[Entity], dict[str, list[str]]]:
    from collabgraph.curation.imports import ror_names

    found = ror_names(project, known.registry, known.facts, known.identifiers)
    return found.index, found.linked


def registry_index_names(project: Project, known: ProjectEntities) -> list[KnownName]:
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


def known_entities(
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
