"""What exists: finding entities by any name or identifier, and keeping names unique.

- :func:`check_names`: two entities sharing a label, alias, other-language label or
  identifier is an error naming both (file and line); names that differ only by a typo's
  worth are a warning; a country must be written ``country:XX``, never registered.
- :func:`name_collisions`: two entities whose names are one name under the registry's name
  rules (the resolution's ``name`` and ``words`` rules: case, accents, legal forms, Dutch
  institution words, word order), counting the names of the ROR records linked to them;
  ``validate`` and ``build`` warn about each pair.
- :func:`search_entities` and :func:`entity_details`: the curator's search over registry,
  reference and country entities, ranked by :mod:`collabgraph.names`, with where each entity
  is defined and how many facts use it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pycountry

from collabgraph.curation.facts import Fact
from collabgraph.curation.reference import Identifier
from collabgraph.curation.registry import COUNTRY_PREFIX, Entity, Registry, country_entity
from collabgraph.errors import AnnotationError, CollabgraphError, UnknownNameError
from collabgraph.importers.resolution import identity_keys
from collabgraph.names import are_first_words, is_acronym, normalise, score

__all__ = [
    "EntityDetails",
    "EntityHit",
    "NameCollision",
    "check_names",
    "entity_details",
    "name_collisions",
    "names_of",
    "search_entities",
    "search_score",
]

_SEARCH_CUTOFF = 60.0
"""The least score of a search hit."""
_TYPO_SIMILARITY = 92.0
"""Two different entities whose names are this similar (rapidfuzz ratio) get a warning."""


def names_of(entity: Entity, identifiers: Iterable[Identifier] = ()) -> list[str]:
    """Every name an entity answers to: label, aliases, other-language labels, identifiers."""
    names = list(entity.names())
    if entity.notation:
        names.append(entity.notation)
    for identifier in identifiers:
        names += [str(identifier.iri), str(identifier.iri).rstrip("/").rsplit("/", 1)[-1]]
    return names


def where_defined(entity: Entity) -> str:
    if entity.origin == "country":
        return "ISO 3166 (write country:" + (entity.notation or "") + ")"
    if entity.path is not None:
        return f"{entity.path}:{entity.line}" if entity.line else str(entity.path)
    return entity.origin


def _identifiers_by_entity(identifiers: Iterable[Identifier]) -> dict[str, list[Identifier]]:
    found: dict[str, list[Identifier]] = defaultdict(list)
    for identifier in identifiers:
        found[identifier.entity].append(identifier)
    return found


def check_names(
    registry: Registry, identifiers: Iterable[Identifier] = ()
) -> tuple[list[CollabgraphError], list[str]]:
    """Problems (shared names and identifiers, registered countries) and warnings (near twins)."""
    problems: list[CollabgraphError] = []
    owners: dict[str, Entity] = {}
    by_entity = _identifiers_by_entity(identifiers)
    for entity in registry:
        problems += _registered_country(entity)
        for name in dict.fromkeys(names_of(entity, by_entity.get(entity.id, ()))):
            key = normalise(name)
            other = owners.setdefault(key, entity)
            if other.id != entity.id and key:
                problems.append(
                    AnnotationError(
                        f"{name!r} is also a name of {other.id} ({where_defined(other)}); two "
                        "entities may not share a label, alias or identifier (merge them, or "
                        "make the names distinct)",
                        path=entity.path,
                        line=entity.line,
                        entity=entity.id,
                    )
                )
    return problems, _near_twins(registry)


def _registered_country(entity: Entity) -> list[CollabgraphError]:
    if entity.type != "Country" or entity.origin == "country":
        return []
    record = pycountry.countries.get(name=entity.label) or pycountry.countries.get(
        common_name=entity.label
    )
    code = f"country:{record.alpha_2}" if record is not None else "country:XX (ISO 3166-1)"
    return [
        AnnotationError(
            f"countries are not registered: write {code} wherever {entity.label} is meant",
            path=entity.path,
            line=entity.line,
            entity=entity.id,
        )
    ]


def _near_twins(registry: Registry) -> list[str]:
    from rapidfuzz import fuzz

    entities = [e for e in registry if e.origin != "country"]
    labels = [(normalise(e.label), e) for e in entities]
    warnings = []
    for position, (first_name, first) in enumerate(labels):
        for second_name, second in labels[position + 1 :]:
            if first.group != second.group or first_name == second_name:
                continue
            if fuzz.ratio(first_name, second_name) >= _TYPO_SIMILARITY:
                warnings.append(
                    f"{where_defined(second)} [{second.id}]: {second.label!r} is very like "
                    f"{first.label!r} ({first.id}, {where_defined(first)}); the same entity twice?"
                )
    return warnings


_FAMILY = {"organisation": "organisation", "network": "organisation"}
"""Drafting often types a network as an organisation: the two are compared with each other.
Places and people are never compared (two people may share a name)."""
_NOT_COMPARED = {"place", "person"}


@dataclass(frozen=True)
class NameCollision:
    """Two entities with one name between them under the registry's name rules."""

    first: Entity
    first_name: str
    second: Entity
    second_name: str

    def message(self) -> str:
        return (
            f"{self.first.id} ({where_defined(self.first)}) and {self.second.id} "
            f"({where_defined(self.second)}) have one name: {self.first_name!r} and "
            f"{self.second_name!r} are the same name under the registry's name rules (case, "
            "accents, legal forms, word order); merge them (one id, the other's names as "
            "aliases) or make the names distinct"
        )


def name_collisions(
    registry: Registry, linked_names: Mapping[str, Iterable[str]] | None = None
) -> list[NameCollision]:
    """Pairs of entities sharing an identity key (see the module docstring); a name taken
    from a linked ROR record is shown as such. Pairs that share a name outright are left to
    :func:`check_names`, which refuses them."""
    owners: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    linked = linked_names or {}
    for entity in registry:
        if entity.origin == "country" or entity.group in _NOT_COMPARED:
            continue
        family = _FAMILY.get(entity.group, entity.group)
        names = [(name, name) for name in entity.names()]
        names += [(name, f"{name} (its ROR record)") for name in linked.get(entity.id, ())]
        for name, shown in names:
            for key in identity_keys(name):
                owners[(family, key)].setdefault(entity.id, shown)
    found: dict[tuple[str, str], NameCollision] = {}
    for entities in owners.values():
        ids = sorted(entities)
        for position, first in enumerate(ids):
            for second in ids[position + 1 :]:
                first_name, second_name = entities[first], entities[second]
                if (first, second) in found or normalise(first_name) == normalise(second_name):
                    continue
                found[(first, second)] = NameCollision(
                    registry.get(first), first_name, registry.get(second), second_name
                )
    return list(found.values())


@dataclass(frozen=True)
class EntityHit:
    id: str
    type: str
    label: str
    matched: str
    score: float
    names: tuple[str, ...]
    defined: str
    facts: int


@dataclass(frozen=True)
class EntityDetails:
    entity: Entity
    names: tuple[str, ...]
    defined: str
    facts: tuple[Fact, ...]


def _fact_counts(facts: Iterable[Fact]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for fact in facts:
        for entity_id in {fact.subject, fact.object, fact.count_of} - {None}:
            counts[entity_id] += 1  # type: ignore[index]
    return counts


_STOP_WORDS = {
    "a", "an", "and", "at", "de", "der", "des", "die", "du", "een", "en", "for", "het", "in",
    "la", "le", "of", "on", "the", "to", "van", "voor",
}  # fmt: skip
"""Words that never match on their own: "The Guild" is not found by its "the"."""
_WORD_MATCH = 80.0
"""Two words this alike (rapidfuzz ratio) are one word for search ("utrech", "utrecht")."""
_ORIGIN_ORDER = {"registry": 0, "ror": 2, "country": 3}
"""On a tie, a registry entity first, then reference data, ROR records, countries."""


def _content_words(name: str) -> list[str]:
    return [word for word in normalise(name).split() if word not in _STOP_WORDS]


def search_score(query: str, name: str) -> float:
    """How well a search for ``query`` finds ``name``: the matcher's score (see
    :mod:`collabgraph.names`) with three rules on top. The same name, its acronym or its
    first words count as they are; a query of stop words alone finds only its exact name; a
    short code (one word of up to four letters, or in capitals) is never matched by spelling;
    otherwise the score is scaled by the share of the query's words the name has."""
    from rapidfuzz import fuzz

    points = score(query, name)
    wanted = _content_words(query)
    if points == 100.0:
        return points
    if not wanted:
        return 0.0
    if is_acronym(query, name) or are_first_words(query, name):
        return points
    if len(wanted) == 1 and (len(wanted[0]) <= 4 or query.strip().isupper()):
        return 0.0
    words = normalise(name).split()
    shared = sum(1 for w in wanted if any(fuzz.ratio(w, other) >= _WORD_MATCH for other in words))
    return points * shared / len(wanted)


def _with_every_country(registry: Registry) -> list[Entity]:
    """The registry's entities and every country it does not hold yet (``country:XX``), so
    any country is there to be found; the registry itself is left as it is."""
    countries = (country_entity(COUNTRY_PREFIX + record.alpha_2) for record in pycountry.countries)
    missing = [c for c in countries if c is not None and c.id not in registry.entities]
    return [*registry, *missing]


def search_entities(
    registry: Registry,
    facts: Iterable[Fact],
    text: str,
    identifiers: Iterable[Identifier] = (),
    *,
    limit: int = 10,
) -> list[EntityHit]:
    """Entities ranked by how well one of their names or identifiers matches ``text``
    (:func:`search_score`); ties go to the entity more facts use."""
    by_entity = _identifiers_by_entity(identifiers)
    counts = _fact_counts(facts)
    scored = []
    for entity in _with_every_country(registry):
        names = names_of(entity, by_entity.get(entity.id, ()))
        best, matched = max(((search_score(text, n), n) for n in names), default=(0.0, ""))
        if best >= _SEARCH_CUTOFF:
            scored.append((round(best, 1), matched, entity, names))
    scored.sort(
        key=lambda hit: (
            -hit[0],
            -counts.get(hit[2].id, 0),
            _ORIGIN_ORDER.get(hit[2].origin, 1),
            hit[2].id,
        )
    )
    return [
        EntityHit(
            id=entity.id,
            type=entity.type,
            label=entity.label,
            matched=matched,
            score=points,
            names=tuple(n for n in dict.fromkeys(names) if n != entity.label),
            defined=where_defined(entity),
            facts=counts.get(entity.id, 0),
        )
        for points, matched, entity, names in scored[:limit]
    ]


def entity_details(
    registry: Registry,
    facts: Iterable[Fact],
    entity_id: str,
    identifiers: Iterable[Identifier] = (),
) -> EntityDetails:
    """One entity with all its names, where it is defined and every fact that uses it."""
    if entity_id not in registry:
        raise UnknownNameError("entity id", entity_id, [e.id for e in registry])
    entity = registry.get(entity_id)
    own = _identifiers_by_entity(identifiers).get(entity.id, [])
    using = tuple(f for f in facts if entity.id in {f.subject, f.object, f.count_of})
    return EntityDetails(
        entity, tuple(dict.fromkeys(names_of(entity, own))), where_defined(entity), using
    )
