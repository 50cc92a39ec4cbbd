"""Finding entities by what people call them: label, alias, Dutch name, id or IRI."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Literal, URIRef

from collabgraph.errors import UnknownNameError
from collabgraph.namespace import DATA
from collabgraph.sparql.prepare import parse_term, run_query
from collabgraph.sparql.store import Store

__all__ = ["EntityRef", "all_entity_names", "resolve_entity"]

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


def all_entity_names(store: Store) -> dict[str, EntityRef]:
    """Every name (case-folded) an entity answers to; a label wins over another entity's alias."""
    names: dict[str, EntityRef] = {}
    for entity, name, label, _ in run_query(store, _NAMES_QUERY).rows:
        if isinstance(entity, URIRef) and name is not None:
            names.setdefault(str(name).casefold(), EntityRef(entity, str(label)))
    return names


def resolve_entity(store: Store, name: str, names: dict[str, EntityRef] | None = None) -> EntityRef:
    """The entity called ``name``; unknown names get close suggestions."""
    names = names if names is not None else all_entity_names(store)
    found = names.get(name.strip().casefold())
    if found is not None:
        return found
    candidates = [
        URIRef(name.strip())
        if name.strip().startswith(("http://", "https://"))
        else parse_term(name)
    ]
    if _ID.fullmatch(name):
        candidates.append(DATA[name])
    for candidate in candidates:
        if isinstance(candidate, URIRef) and _IRI.fullmatch(str(candidate)):
            rows = run_query(store, _LABEL_QUERY, {"entity": candidate}).rows
            if rows and isinstance(rows[0][0], Literal):
                return EntityRef(candidate, str(rows[0][0]))
    labels = sorted({ref.label for ref in names.values()} | set(names))
    raise UnknownNameError("entity", name, labels)
