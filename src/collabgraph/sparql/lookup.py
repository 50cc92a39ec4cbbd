"""Finding entities by what people call them: label, alias, Dutch name, id or IRI."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Literal, URIRef

from collabgraph.errors import AmbiguousNameError, UnknownNameError
from collabgraph.namespace import DATA
from collabgraph.sparql.prepare import parse_term, run_query
from collabgraph.sparql.store import Store

__all__ = ["EntityNames", "EntityRef", "all_entity_names", "resolve_entity"]

_NAMES_QUERY = """
SELECT DISTINCT ?entity ?name ?label ?rank WHERE {
  ?entity rdfs:label ?label .
  { ?entity rdfs:label ?name . BIND(0 AS ?rank) }
  UNION { ?entity skos:prefLabel ?name . BIND(1 AS ?rank) }
  UNION { ?entity skos:altLabel ?name . BIND(2 AS ?rank) }
  UNION { ?entity skos:notation ?name . BIND(3 AS ?rank) }
  FILTER NOT EXISTS { ?entity a cg:Fact }
  FILTER NOT EXISTS { ?entity a cg:SourceDocument }
  FILTER NOT EXISTS { ?entity a cg:ReferenceDataset }
}
ORDER BY ?rank ?entity
"""

_ID = re.compile(r"[A-Za-z0-9._/-]+")
_IRI = re.compile(r"[^\s<>\"{}|^`\\]+")
_LABEL_QUERY = "SELECT ?label WHERE { ?entity rdfs:label ?label }"


@dataclass(frozen=True)
class EntityRef:
    iri: URIRef
    label: str


class EntityNames(dict[str, EntityRef]):
    """Names (case-folded) to entities; ``ambiguous`` holds names several entities share at
    the same rank (two labels, or two aliases), which a lookup refuses to guess between."""

    def __init__(self) -> None:
        super().__init__()
        self.ambiguous: dict[str, list[EntityRef]] = {}


def all_entity_names(store: Store) -> EntityNames:
    """Every name (case-folded) an entity answers to; a label wins over another entity's alias."""
    names = EntityNames()
    ranks: dict[str, int] = {}
    for entity, name, label, rank in run_query(store, _NAMES_QUERY).rows:
        if not isinstance(entity, URIRef) or name is None:
            continue
        key, ref, level = str(name).casefold(), EntityRef(entity, str(label)), int(str(rank))
        if key not in names:
            names[key], ranks[key] = ref, level
        elif ranks[key] == level and names[key].iri != entity:
            known = names.ambiguous.setdefault(key, [names[key]])
            if ref not in known:
                known.append(ref)
    return names


def resolve_entity(store: Store, name: str, names: dict[str, EntityRef] | None = None) -> EntityRef:
    """The entity called ``name``; unknown names get close suggestions."""
    names = names if names is not None else all_entity_names(store)
    key = name.strip().casefold()
    shared = getattr(names, "ambiguous", {}).get(key)
    if shared:
        listed = "; ".join(f"{ref.label} <{ref.iri}>" for ref in sorted(shared, key=str))
        raise AmbiguousNameError(
            f"{name!r} names {len(shared)} entities: {listed}; use the id or IRI of the one you mean"
        )
    found = names.get(key)
    if found is not None:
        return found
    candidates = [
        URIRef(name.strip())
        if name.strip().startswith(("http://", "https://"))
        else parse_term(name)
    ]
    if name.strip().startswith("country:"):  # the curator's way of writing a country
        candidates.append(DATA["country/" + name.strip()[len("country:") :].upper()])
    elif _ID.fullmatch(name):
        candidates.append(DATA[name])
    for candidate in candidates:
        if isinstance(candidate, URIRef) and _IRI.fullmatch(str(candidate)):
            rows = run_query(store, _LABEL_QUERY, {"entity": candidate}).rows
            if rows and isinstance(rows[0][0], Literal):
                return EntityRef(candidate, str(rows[0][0]))
    # Suggest entities only: a class of the ontology ("University", "Network") is no answer.
    labels = sorted({ref.label for ref in names.values() if str(ref.iri).startswith(str(DATA))})
    raise UnknownNameError("entity", name, labels)
