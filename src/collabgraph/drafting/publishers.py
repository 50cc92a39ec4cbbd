"""Who published a document being added: a known organisation (by id, name, acronym, first
words or a close spelling, the reading reported) or a new one, proposed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from collabgraph.curation.build import gather_entities
from collabgraph.curation.registry import Entity, Registry, slugify
from collabgraph.drafting.extractor import ProposedEntity
from collabgraph.drafting.lexicon import type_of_word
from collabgraph.drafting.likeness import (
    ACRONYM_OF,
    CLOSE_SPELLING,
    FIRST_WORDS,
    KnownEntities,
    how_alike,
)
from collabgraph.drafting.places import fold
from collabgraph.drafting.project_names import known_entities
from collabgraph.errors import AmbiguousNameError, CollabgraphError
from collabgraph.project import Project
from collabgraph.vocabulary import ENTITY_TYPES

__all__ = ["PUBLISHER_GROUPS", "Publisher", "choose_publisher"]

PUBLISHER_GROUPS = {"organisation", "network"}


_READINGS = {
    ACRONYM_OF: "an acronym of",
    FIRST_WORDS: "the first words of",
    CLOSE_SPELLING: "a close spelling of",
}
"""A publisher given as an acronym, the first words or a close spelling of one organisation's
name is that organisation (the reading is reported); when several fit, it is ambiguous."""


_BRACKETED_ACRONYM = re.compile(r"^(.*\S)\s*\(([^()\s]{2,12})\)$")


def _label_and_acronym(name: str) -> tuple[str, tuple[str, ...]]:
    """'European Health Data and Evidence Network (EHDEN)' -> the name and its acronym."""
    bracketed = _BRACKETED_ACRONYM.match(name.strip())
    if bracketed is None or not any(c.isupper() for c in bracketed.group(2)):
        return name.strip(), ()
    return bracketed.group(1), (bracketed.group(2),)


@dataclass(frozen=True)
class Publisher:
    id: str
    proposed: ProposedEntity | None = None
    reading: str | None = None
    near: tuple[str, ...] = ()


def _not_an_organisation(name: str, entity: Entity, registry: Registry) -> CollabgraphError:
    from collabgraph.names import best_matches

    names = {e.id: list(e.names()) for e in registry if e.group in PUBLISHER_GROUPS}
    candidates = [m for m in best_matches(name, names, limit=5, cutoff=70.0)]
    listed = ", ".join(f"{m.key} ({m.name})" for m in candidates) or "none close"
    return AmbiguousNameError(
        f"publisher {name!r} is {entity.id}, a {entity.type}, not an organisation; a "
        f"publisher is an organisation or a network. Organisations with a name like it: "
        f"{listed}; give the id of one as `publisher`, or the full name of a new one"
    )


def choose_publisher(project: Project, name: str) -> Publisher:
    """The publisher's id: a known organisation by id or name (an acronym, its first words
    or a close spelling are read as it, and the reading reported), or a new organisation
    (proposed; under a ROR record's name when one has that name), with the plausible near
    matches. A place, a person or anything else that is not an organisation is refused."""
    from collabgraph.names import normalise

    known = gather_entities(project)
    registry = known.registry
    if name in registry.entities:
        entity = registry.get(name)
        if entity.group not in PUBLISHER_GROUPS:
            raise _not_an_organisation(name, entity, registry)
        return Publisher(name)
    label, acronyms = _label_and_acronym(name)
    organisations = known_entities(project, known, PUBLISHER_GROUPS)
    same = organisations.same(label) or {e for a in acronyms for e in organisations.same(a)}
    own = sorted(e for e in same if not e.startswith("ror:"))
    if len(own) == 1:
        return Publisher(own[0])
    if len(own) > 1:
        listed = ", ".join(f"{e} ({registry.get(e).label})" for e in own)
        raise AmbiguousNameError(
            f"publisher {name!r} is a name of several entities: {listed}; give the id of "
            "one as `publisher`"
        )
    other = [e for e in registry if e.group not in PUBLISHER_GROUPS and e.origin != "country"]
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
        return Publisher(readings[0][0], reading=readings[0][1])
    if readings:
        listed = ", ".join(f"{e} ({how})" for e, how in readings)
        raise AmbiguousNameError(
            f"publisher {name!r} could be any of: {listed}; give the id of one as "
            "`publisher`, or the full name of a new publisher"
        )
    return _propose_publisher(registry, name, None, organisations)


def _propose_publisher(
    registry: Registry, name: str, record: str | None, organisations: KnownEntities
) -> Publisher:
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
    if ENTITY_TYPES[entity_type].group not in PUBLISHER_GROUPS:
        entity_type = "Organisation"
    near = tuple(
        likeness.describe()
        for likeness in organisations.resembling(label, leave_out={record or ""}, limit=5)
    )
    if near:
        note += "; near matches (not merged): " + "; ".join(near)
    proposed = ProposedEntity(entity_id, entity_type, label, aliases, note)
    reading = f"the ROR record {record}" if record is not None else None
    return Publisher(entity_id, proposed, reading, near)
