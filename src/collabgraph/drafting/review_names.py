"""Names at review: the entity a name the curator types is, a new entity to create, the
names a glued name holds, and what a name resembles."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from collabgraph.curation.build import gather_entities
from collabgraph.curation.registry import Registry, slugify
from collabgraph.drafting.lexicon import type_of_word
from collabgraph.drafting.likeness import Likeness
from collabgraph.drafting.places import fold
from collabgraph.drafting.project_names import known_entities
from collabgraph.errors import AmbiguousNameError, CollabgraphError, UnknownNameError
from collabgraph.project import Project
from collabgraph.vocabulary import ENTITY_TYPES

__all__ = [
    "NewEntity",
    "check_entity",
    "entity_for_name",
    "glued_parts",
    "likeness_of",
    "new_entity",
]

_LINKABLE_GROUPS = {"organisation", "network"}


_GLUE = re.compile(r"\s+(?:en|and|und|et|&|alsook|as well as)\s+|\s*[,;/]\s+", re.IGNORECASE)


@dataclass(frozen=True)
class NewEntity:
    """An entity the curator creates while reviewing (written to the registry when a fact
    that names it is accepted)."""

    id: str
    type: str
    label: str
    aliases: tuple[str, ...] = ()


def check_entity(entity: NewEntity, registry: Registry, creating: Mapping[str, NewEntity]) -> None:
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
    found = {e for e in known_entities(project, known).same(text) if not e.startswith("ror:")}
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
    check_entity(entity, registry, {})
    return entity


def likeness_of(project: Project, name: str) -> list[Likeness]:
    """The known entities (and ROR records) a name resembles, with the reason."""
    return known_entities(project, gather_entities(project)).resembling(name)
