"""Finding entities by what people call them: label, alias, Dutch name, id or IRI."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from collabgraph.errors import AmbiguousNameError, UnknownNameError
from collabgraph.prefixes import PREFIXES
from collabgraph.sparql.nameindex import NAME_PROPERTIES, labels_in_index, names_in_index
from collabgraph.sparql.prepare import ParameterError, bind_parameters, parse_term, run_query
from collabgraph.sparql.results import term_parts
from collabgraph.sparql.store import Store

if TYPE_CHECKING:
    from rdflib import URIRef

__all__ = ["EntityNames", "EntityRef", "all_entity_names", "names_matching", "resolve_entity"]

_NAMES = """
  { ?entity rdfs:label ?name . BIND(0 AS ?rank) }
  UNION { ?entity skos:prefLabel ?name . BIND(1 AS ?rank) }
  UNION { ?entity skos:altLabel ?name . BIND(2 AS ?rank) }
  UNION { ?entity skos:notation ?name . BIND(3 AS ?rank) }
"""
_ENTITIES_ONLY = """
  ?entity rdfs:label ?label .
  FILTER NOT EXISTS { ?entity a cg:Fact }
  FILTER NOT EXISTS { ?entity a cg:SourceDocument }
  FILTER NOT EXISTS { ?entity a cg:ReferenceDataset }
"""
_NAMES_QUERY = f"""
SELECT DISTINCT ?entity ?name ?label ?rank WHERE {{
  {_NAMES}
  {_ENTITIES_ONLY}
}}
ORDER BY ?rank ?entity
"""
_MATCHING_QUERY = """
SELECT ?entity (STR(?name) AS ?text) WHERE {
  ?entity ?property ?name .
  BIND (LCASE(STR(?name)) AS ?lower)
  FILTER (?lower IN (?lowered, ?folded)
          || (CONTAINS(?lower, ?sharp_s) && REPLACE(?lower, ?sharp_s, "ss") = ?folded))
}
"""
_ID = re.compile(r"[A-Za-z0-9._/-]+")
_IRI = re.compile(r"[^\s<>\"{}|^`\\]+")
_LABEL_QUERY = "SELECT ?label WHERE { ?entity rdfs:label ?label }"
_CHECKED = 10
"""Closest labels from a table of names checked against the store (the message shows three)."""


_DATA = PREFIXES["cgd"]


@dataclass(frozen=True)
class EntityRef:
    """An entity found by name: its IRI (as text: :attr:`iri` gives it as an rdflib term,
    :attr:`term` as pyoxigraph's, which is what a query binds) and its label."""

    address: str
    label: str

    @property
    def iri(self) -> URIRef:
        from rdflib import URIRef

        return URIRef(self.address)

    @property
    def term(self) -> ox.NamedNode:
        return ox.NamedNode(self.address)

    def __repr__(self) -> str:
        return f"EntityRef(iri={self.address!r}, label={self.label!r})"


class EntityNames(dict[str, EntityRef]):
    """Names (case-folded) to entities; ``ambiguous`` holds names several entities share at
    the same rank (two labels, or two aliases), which a lookup refuses to guess between."""

    def __init__(self) -> None:
        super().__init__()
        self.ambiguous: dict[str, list[EntityRef]] = {}


def all_entity_names(store: Store) -> EntityNames:
    """Every name (case-folded) an entity answers to; a label wins over another entity's alias."""
    rows = run_query(store, _NAMES_QUERY).terms
    return _names_from(
        (_iri_text(entity), _text(name), _text(label), int(_text(rank)))
        for entity, name, label, rank in rows
    )


def names_matching(store: Store, name: str) -> EntityNames:
    """The entities answering to ``name`` (case-insensitive), ranked as ``all_entity_names``
    ranks them, without reading every name of the graph.

    Two steps: the names that match (from the store's table of names, ``nameindex``, when
    it has one; otherwise one pass over each kind of name, side by side where the store
    can), then the few entities they belong to. Joined in one query, Oxigraph
    joins every name with its entity first: 5 s at Horizon 2020 size (reading every name
    took 55 s; this takes 0.3 to 0.6 s)."""
    indexed = names_in_index(store.name_index, name) if store.name_index is not None else None
    matching = indexed if indexed is not None else _names_read(store, name)
    labels: dict[str | None, str] = {}
    if matching:
        entities = " ".join(sorted({f"<{entity}>" for entity, _, _ in matching}))
        query = f"SELECT DISTINCT ?entity ?label WHERE {{ VALUES ?entity {{ {entities} }} {_ENTITIES_ONLY} }}"
        labels = {
            _iri_text(entity): _text(label) for entity, label in run_query(store, query).terms
        }
    rows = sorted(
        (
            (entity, str(found), labels[entity], int(rank))
            for entity, found, rank in matching
            if entity in labels
        ),
        key=lambda row: (row[3], row[0]),
    )
    return _names_from(rows)


def _iri_text(term: Any) -> str | None:
    """The IRI of a term, None for a blank node or a literal."""
    kind, text, _, _ = term_parts(term)
    return text if kind == "uri" else None


def _text(term: Any) -> str:
    """The text of a term (an IRI's, a literal's lexical form)."""
    return term_parts(term)[1]


def _names_read(store: Store, name: str) -> list[tuple[str, str, int]]:
    """(entity, name, rank) of the names ``name`` matches, read from the store."""
    key = name.strip().casefold()
    # SPARQL has no case folding: lower case (and "ß" as "ss") finds what folding finds, in
    # all but rarer scripts, and folding then checks.
    params = {
        "lowered": ox.Literal(name.strip().lower()),
        "folded": ox.Literal(key),
        "sharp_s": ox.Literal("ß"),  # a parameter: the query's own text stays ASCII (lexer)
    }
    queries = [
        bind_parameters(_MATCHING_QUERY, {**params, "property": ox.NamedNode(prop)})
        for prop in NAME_PROPERTIES
    ]  # one per kind of name, read side by side where the store can
    return [
        (str(entity), str(found), rank)
        for rank, (_, rows) in enumerate(store.plain_rows_many(queries))
        for entity, found in rows
        if not str(entity).startswith("_:") and str(found).casefold() == key
    ]


def _names_from(rows: Iterable[tuple[str | None, str, str, int]]) -> EntityNames:
    """Rows of (entity IRI or None, name, label, rank), ordered by rank and entity, as a
    lookup table."""
    names = EntityNames()
    ranks: dict[str, int] = {}
    for entity, name, label, level in rows:
        if entity is None:
            continue
        key, ref = name.casefold(), EntityRef(entity, label)
        if key not in names:
            names[key], ranks[key] = ref, level
        elif ranks[key] == level and names[key].address != entity:
            known = names.ambiguous.setdefault(key, [names[key]])
            if ref not in known:
                known.append(ref)
    return names


def resolve_entity(store: Store, name: str, names: EntityNames | None = None) -> EntityRef:
    """The entity called ``name``; unknown names get close suggestions (``names``: every name
    of the graph, when the caller has read them; otherwise only this name is looked up)."""
    read_all = names is not None
    names = names if names is not None else names_matching(store, name)
    key = name.strip().casefold()
    shared = names.ambiguous.get(key)
    if shared:
        listed = "; ".join(f"{ref.label} <{ref.address}>" for ref in sorted(shared, key=str))
        raise AmbiguousNameError(
            f"{name!r} names {len(shared)} entities: {listed}; use the id or IRI of the one you mean"
        )
    found = names.get(key)
    if found is not None:
        return found
    for candidate in _candidate_iris(name):
        if _IRI.fullmatch(candidate):
            try:
                entity = ox.NamedNode(candidate)
            except ValueError:
                continue
            rows = run_query(store, _LABEL_QUERY, {"entity": entity}).terms
            if rows and rows[0][0] is not None and term_parts(rows[0][0])[0] == "literal":
                return EntityRef(candidate, _text(rows[0][0]))
    raise UnknownNameError("entity", name, _labels_to_suggest(store, name, names, read_all))


def _candidate_iris(name: str) -> list[str]:
    """The IRIs a name not found among the names may mean: itself, written as an IRI or a
    term, and an id of the data's namespace."""
    written = name.strip()
    if written.startswith(("http://", "https://")):
        candidates = [written]
    else:
        term = _term_or_text(name)
        candidates = [term.value] if isinstance(term, ox.NamedNode) else []
    if written.startswith("country:"):  # the curator's way of writing a country
        candidates.append(_DATA + "country/" + written[len("country:") :].upper())
    elif _ID.fullmatch(name):
        candidates.append(_DATA + name)
    return candidates


def _term_or_text(name: str) -> Any:
    """A name written as a term (``cgd:leru``, ``<https://...>``), else the name as text: a
    name with a colon is looked up, never refused for an unknown prefix; a malformed
    ``<IRI>`` or ``"literal"`` is refused."""
    if name.strip().startswith(("<", '"')):
        return parse_term(name)
    try:
        return parse_term(name)
    except ParameterError:
        return ox.Literal(name)


def _labels_to_suggest(
    store: Store, name: str, names: dict[str, EntityRef], read_all: bool
) -> list[str]:
    """The labels of the graph's entities, for a "did you mean" (entities only: a class of
    the ontology, "University" or "Network", is no answer).

    From the store's table of names when it has one, the closest checked against the
    store: reading every name by query took 36 s at Horizon 2020 size, the table 0.5 s."""
    if not read_all and store.name_index is not None:
        labels = labels_in_index(store.name_index, _DATA)
        if labels is not None:
            from collabgraph.names import SUGGEST_CUTOFF, best_matches

            closest = best_matches(
                name, {label: [label] for label in labels}, limit=_CHECKED, cutoff=SUGGEST_CUTOFF
            )
            return _entity_labels_among(store, [match.key for match in closest])
    every = names if read_all else all_entity_names(store)
    return sorted({ref.label for ref in every.values() if ref.address.startswith(_DATA)})


def _entity_labels_among(store: Store, labels: list[str]) -> list[str]:
    """Those of ``labels`` that some entity of the data's namespace has."""
    if not labels:
        return []
    values = " ".join(str(ox.Literal(label)) for label in labels)
    query = (
        f"SELECT DISTINCT ?label WHERE {{ VALUES ?label {{ {values} }} {_ENTITIES_ONLY} "
        f"FILTER (STRSTARTS(STR(?entity), {ox.Literal(_DATA)})) }}"
    )
    return sorted(_text(row[0]) for row in run_query(store, query).terms)
