"""The shared entity registry: one stable IRI per entity, with labels and aliases.

Entities come from ``data/registry.yaml`` (curated), from reference data files (entities a
reference list names that no document does) and from ISO 3166 (countries, written
``country:NL`` in annotation files and looked up in pycountry, never typed by hand).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pycountry
from rdflib import URIRef

from collabgraph.curation.schema import ENTITY_FIELDS, check_shapes
from collabgraph.curation.yamlfile import LocatedMap, read_yaml
from collabgraph.errors import AnnotationError, CollabgraphError, ValidationFailed, suggest
from collabgraph.namespace import DATA
from collabgraph.vocabulary import ENTITY_STATUSES, ENTITY_TYPES

__all__ = ["COUNTRY_PREFIX", "LANGUAGE_TAG", "Entity", "Registry", "country_entity", "slugify"]

COUNTRY_PREFIX = "country:"
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
"""A BCP 47 language tag as documents need them: nl, en, pt-BR."""
_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(name: str) -> str:
    """A stable id from a name: ``ERN RITA`` -> ``ern-rita``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


@dataclass(frozen=True)
class Entity:
    id: str
    type: str
    label: str
    aliases: tuple[str, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()
    """(language, label) pairs beyond the English label, e.g. Dutch names."""
    origin: str = "registry"
    """'registry', 'country' (ISO 3166) or the id of the reference source that declared it."""
    notation: str | None = None
    path: Path | None = None
    line: int | None = None
    status: str = "accepted"
    """'proposed' for an entity drafting proposed and no curator has accepted yet."""

    @property
    def iri(self) -> URIRef:
        if self.type == "Country" and self.notation is not None:
            return DATA[f"country/{self.notation}"]
        return DATA[self.id]

    @property
    def group(self) -> str:
        return ENTITY_TYPES[self.type].group

    def names(self) -> Iterator[str]:
        yield self.label
        yield from self.aliases
        for _, label in self.labels:
            yield label


@dataclass
class Registry:
    entities: dict[str, Entity] = field(default_factory=dict)
    _by_name: dict[str, str] = field(default_factory=dict)

    def add(self, entity: Entity) -> None:
        existing = self.entities.get(entity.id)
        if existing is not None:
            where = f"{existing.path}:{existing.line}" if existing.path else existing.origin
            raise AnnotationError(
                f"duplicate entity id {entity.id!r} (already defined at {where})",
                path=entity.path,
                line=entity.line,
                entity=entity.id,
            )
        self.entities[entity.id] = entity
        for name in entity.names():
            self._by_name.setdefault(name.casefold(), entity.id)

    def without(self, entity_ids: set[str]) -> Registry:
        """A copy without these entities (proposed ones, when drafts are left out)."""
        kept = Registry()
        for entity in self.entities.values():
            if entity.id not in entity_ids:
                kept.add(entity)
        return kept

    def __contains__(self, entity_id: str) -> bool:
        return entity_id in self.entities or self._country(entity_id) is not None

    def get(self, entity_id: str, *, path: Path | None = None, line: int | None = None) -> Entity:
        """The entity with this id. A country (``country:XX``) is added to the registry on
        first use, so the build writes the countries its facts name and no others; to look
        entities up without that, iterate or use :meth:`find`."""
        if entity_id in self.entities:
            return self.entities[entity_id]
        country = self._country(entity_id)
        if country is not None:
            self.add(country)
            return country
        hint = self.closest(entity_id)
        did_you_mean = f"; did you mean {', '.join(hint)}?" if hint else ""
        raise AnnotationError(
            f"unknown entity {entity_id!r}{did_you_mean}", path=path, line=line, entity=entity_id
        )

    def closest(self, text: str, limit: int = 3) -> list[str]:
        """Ids of the entities whose id, label or aliases are closest to ``text``."""
        from collabgraph.names import CLOSE, best_matches

        names = {e.id: [e.id, *e.names()] for e in self.entities.values() if e.origin != "country"}
        found = best_matches(text.replace("-", " "), names, limit=limit, cutoff=75.0)
        return [match.key for match in found if match.score >= found[0].score - CLOSE]

    def find(self, name: str) -> Entity | None:
        """An entity by id, label or alias, case-insensitive."""
        if name in self.entities:
            return self.entities[name]
        entity_id = self._by_name.get(name.casefold())
        return self.entities[entity_id] if entity_id is not None else None

    def __iter__(self) -> Iterator[Entity]:
        return iter(list(self.entities.values()))

    def __len__(self) -> int:
        return len(self.entities)

    @staticmethod
    def _country(entity_id: str) -> Entity | None:
        return country_entity(entity_id)


@lru_cache(maxsize=512)
def country_entity(entity_id: str) -> Entity | None:
    """The country ``country:XX`` names (ISO 3166 alpha-2, from pycountry), or None."""
    if not entity_id.startswith(COUNTRY_PREFIX):
        return None
    code = entity_id[len(COUNTRY_PREFIX) :]
    record = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    if record is None or code != code.upper():
        return None
    aliases = tuple(
        name
        for name in (
            getattr(record, "official_name", None),
            getattr(record, "common_name", None),
        )
        if name and name != record.name
    )
    return Entity(
        id=entity_id,
        type="Country",
        label=record.name,
        aliases=aliases,
        origin="country",
        notation=record.alpha_2,
    )


def _text_list(value: object, what: str, path: Path, line: int, entity: str) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise AnnotationError(
            f"{what} must be text or a list of texts", path=path, line=line, entity=entity
        )
    return tuple(items)


def _entity_from_yaml(entity_id: str, spec: object, path: Path, line: int) -> Entity:
    if not _ID_PATTERN.match(entity_id):
        raise AnnotationError(
            "an entity id is lower-case letters, digits and hyphens (e.g. umc-utrecht)",
            path=path,
            line=line,
            entity=entity_id,
        )
    if not isinstance(spec, LocatedMap):
        raise AnnotationError(
            "an entity is a mapping with type and label", path=path, line=line, entity=entity_id
        )
    shape_problems = check_shapes(spec, ENTITY_FIELDS, path, "an entity", entity=entity_id)
    if shape_problems:
        raise ValidationFailed(list(shape_problems))
    entity_type = spec.get("type")
    if entity_type not in ENTITY_TYPES:
        hint = suggest(str(entity_type), ENTITY_TYPES)
        did_you_mean = f"; did you mean {', '.join(hint)}?" if hint else ""
        raise AnnotationError(
            f"unknown entity type {entity_type!r}{did_you_mean}",
            path=path,
            line=spec.line_of("type"),
            entity=entity_id,
        )
    label = spec.get("label")
    if not isinstance(label, str) or not label.strip():
        raise AnnotationError(
            "an entity needs a label (text)", path=path, line=line, entity=entity_id
        )
    labels = spec.get("labels") or {}
    if (
        not isinstance(labels, dict)
        or not all(isinstance(v, str) and v.strip() for v in labels.values())
        or not all(LANGUAGE_TAG.fullmatch(str(k)) for k in labels)
    ):
        raise AnnotationError(
            "labels maps a language code to a label, e.g. {nl: ...}",
            path=path,
            line=spec.line_of("labels"),
            entity=entity_id,
        )
    status = spec.get("status", "accepted")
    if status not in ENTITY_STATUSES:
        raise AnnotationError(
            f"an entity's status is one of {', '.join(ENTITY_STATUSES)}, not {status!r}",
            path=path,
            line=spec.line_of("status"),
            entity=entity_id,
        )
    return Entity(
        id=entity_id,
        type=entity_type,
        label=label,
        aliases=_text_list(
            spec.get("aliases"), "aliases", path, spec.line_of("aliases"), entity_id
        ),
        labels=tuple(sorted(labels.items())),
        path=path,
        line=line,
        status=status,
    )


def load_registry(path: Path) -> Registry:
    """Read the registry file; every problem names the file, line and entity, all at once."""
    document = read_yaml(path)
    if not isinstance(document, LocatedMap) or not isinstance(document.get("entities"), LocatedMap):
        raise AnnotationError(
            "the registry needs a top-level 'entities:' mapping", path=path, line=1
        )
    registry = Registry()
    entities: LocatedMap = document["entities"]
    problems: list[CollabgraphError] = []
    for entity_id, spec in entities.items():
        try:
            registry.add(_entity_from_yaml(entity_id, spec, path, entities.line_of(entity_id)))
        except AnnotationError as problem:
            problems.append(problem)
        except ValidationFailed as failed:
            problems.extend(failed.problems)
    if problems:
        raise ValidationFailed(problems)
    return registry
