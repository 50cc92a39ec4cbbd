"""Projections of the RDF graph into networkx (the questions they answer: ``analyses``).

Projections are built from SPARQL results, so they work on every store. Entities become
nodes; a qualified relationship (a ``cg:Relationship`` node) becomes one attributed edge;
literals become node attributes, never nodes. Nothing turns every triple into an edge.

- the *entity graph* (MultiDiGraph): organisations, networks, initiatives, places, people;
  an edge per fact, with relation, role, dates, amount, source and evidence sentence;
- the *collaboration graph* (Graph): organisation to organisation, weighted by the networks
  and initiatives they share (and direct relations between them), each edge listing them
  and counting the shared projects (EU projects from CORDIS among them); funding an
  initiative is not sharing it;
- the *bipartite graph*: organisations and the networks and initiatives they take part in.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import networkx as nx
from rdflib import URIRef

from collabgraph.namespace import FOAF
from collabgraph.sparql.results import compact
from collabgraph.sparql.store import Store
from collabgraph.vocabulary import ENTITY_TYPES

__all__ = [
    "GROUPS_SHARED",
    "Projection",
    "bipartite_graph",
    "collaboration_graph",
    "entity_graph",
]

GROUPS_SHARED = frozenset({"network", "initiative"})
"""Entity groups that organisations share when they collaborate."""
NOT_SHARING = frozenset({"cg:funds", "cg:commissions", "cg:supports"})
"""Relations to an initiative that do not make its funder a co-participant (the European
Commission funds every EU project; it shares none of them)."""

_CLASS_TO_TYPE: dict[str, str] = {}
for _name, _entity_type in ENTITY_TYPES.items():
    _CLASS_TO_TYPE.setdefault(str(_entity_type.classes[0]), _name)
_CLASS_TO_TYPE[str(FOAF.Person)] = "Person"

_NODES_QUERY = """
SELECT ?entity ?label ?class WHERE {
  ?entity a ?class ; rdfs:label ?label .
  FILTER (STRSTARTS(STR(?class), STR(cg:)) || ?class = foaf:Person)
}
"""
_DETAILS_QUERY = """
SELECT ?entity ?property ?value WHERE {
  { ?entity skos:altLabel ?value . BIND("aliases" AS ?property) }
  UNION { ?entity skos:notation ?value . BIND("notation" AS ?property) }
  UNION {
    ?entity cg:basedIn ?place .
    ?place a ?placeKind ; rdfs:label ?value .
    FILTER (?placeKind IN (cg:City, cg:Region) && LANG(?value) IN ("", "en"))
    BIND("places" AS ?property)
  }
}
"""
_COUNTRIES_QUERY = """
SELECT DISTINCT ?entity ?code ?name WHERE {
  ?entity cg:basedIn/(cg:basedIn|dcterms:isPartOf)? ?country .
  ?country a cg:Country ; skos:notation ?code ; rdfs:label ?name .
  FILTER (LANG(?name) IN ("", "en"))
}
"""
_LIST_ATTRIBUTES = frozenset({"aliases", "places", "countries", "country_names"})
"""Node attributes that are always lists; every other one is single-valued."""


_MEASUREMENTS_QUERY = """
SELECT ?entity ?attribute ?value ?currency WHERE {
  ?fact a cg:Measurement ; cg:subject ?entity ; cg:attribute ?attribute ; schema:value ?value .
  OPTIONAL { ?fact schema:currency ?currency }
}
"""
_EDGES_QUERY = """
SELECT ?fact ?subject ?relation ?object ?role ?roleLabel ?date ?start ?end ?amount ?currency
       ?source ?sourceTitle ?sourceUrl ?sourceCited ?evidence ?reference WHERE {
  ?fact a cg:Relationship ;
        cg:subject ?subject ;
        cg:relation ?relation ;
        cg:object ?object ;
        prov:wasDerivedFrom ?source ;
        cg:evidence ?selector .
  ?selector oa:exact|cg:recordKey ?evidence .
  ?source rdfs:label ?sourceTitle .
  OPTIONAL { ?fact org:role/skos:prefLabel ?role }
  OPTIONAL { ?fact cg:roleLabel ?roleLabel }
  OPTIONAL { ?fact cg:date ?date }
  OPTIONAL { ?fact cg:startDate ?start }
  OPTIONAL { ?fact cg:endDate ?end }
  OPTIONAL { ?fact cg:amount/schema:value ?amount }
  OPTIONAL { ?fact cg:amount/schema:currency ?currency }
  OPTIONAL { ?source schema:url ?sourceUrl }
  OPTIONAL { ?source dcterms:source ?sourceCited }
  BIND (EXISTS { ?fact a cg:ReferenceFact } AS ?reference)
}
"""
_RELATION_LABELS_QUERY = "SELECT ?property ?label WHERE { ?property rdfs:label ?label }"


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


@lru_cache(maxsize=4096)
def _curie(iri: str) -> str:
    """An IRI in the project's prefixes (few distinct ones: relations, sources, classes)."""
    return compact(URIRef(iri))


def _rows(store: Store, query: str) -> list[tuple[Any, ...]]:
    return store.plain_rows(query)[1]


@dataclass
class Projection:
    """The graph's entities and facts as Python records, fetched once from a store."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    @classmethod
    def from_store(cls, store: Store) -> Projection:
        projection = cls()
        for entity, label, klass in _rows(store, _NODES_QUERY):
            entity_type = _CLASS_TO_TYPE.get(str(klass))
            if entity_type is None or str(entity).startswith("_:"):
                continue
            # The build gives every entity exactly one class of its own (foaf:Person for people).
            projection.nodes[entity] = {
                "label": str(label),
                "iri": entity,
                "curie": compact(URIRef(entity)),
                "type": entity_type,
                "group": ENTITY_TYPES[entity_type].group,
            }
        projection._add_details(store)
        projection._add_edges(store)
        return projection

    def _add_details(self, store: Store) -> None:
        values: dict[tuple[str, str], set[Any]] = defaultdict(set)
        for entity, prop, value in _rows(store, _DETAILS_QUERY):
            if entity in self.nodes and prop is not None and value is not None:
                values[(entity, str(prop))].add(str(value))
        for entity, attribute, value, currency in _rows(store, _MEASUREMENTS_QUERY):
            if entity in self.nodes and attribute is not None:
                name = _curie(attribute).split(":", 1)[1]
                values[(entity, name)].add(value)
                if currency is not None:
                    values[(str(entity), f"{name}_currency")].add(str(currency))
        for (iri, name), found in values.items():
            ordered = sorted(found, key=str)
            if name in _LIST_ATTRIBUTES:
                self.nodes[iri][name] = ordered
            else:  # a measurement: a list only when sources disagree
                self.nodes[iri][name] = ordered if len(ordered) > 1 else ordered[0]
        self._add_countries(store)

    def _add_countries(self, store: Store) -> None:
        """``country`` and ``country_name``: the one country an entity is based in (directly,
        or through its city or region). An entity in several countries gets the first by ISO
        code there; ``countries`` and ``country_names`` list them all."""
        found: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for entity, code, name in _rows(store, _COUNTRIES_QUERY):
            if entity in self.nodes:
                found[entity].add((str(code), str(name)))
        for iri, pairs in found.items():
            ordered = sorted(pairs)
            node = self.nodes[iri]
            node["country"], node["country_name"] = ordered[0]
            node["countries"] = [code for code, _ in ordered]
            node["country_names"] = [name for _, name in ordered]

    def _add_edges(self, store: Store) -> None:
        labels = {str(p): str(label) for p, label in _rows(store, _RELATION_LABELS_QUERY)}
        variables, rows = store.plain_rows(_EDGES_QUERY)
        for values in rows:
            row = dict(zip(variables, values, strict=True))
            subject, obj = row["subject"], row["object"]
            if subject not in self.nodes or obj not in self.nodes:
                continue
            relation = row["relation"]
            attributes = {
                "key": row["fact"],
                "relation": _curie(relation),
                "relation_label": labels.get(relation, _curie(relation)),
                "role": _text(row["role"]),
                "role_label": _text(row["roleLabel"]),
                "date": _text(row["date"]),
                "start": _text(row["start"]),
                "end": _text(row["end"]),
                "amount": row["amount"],
                "currency": _text(row["currency"]),
                "source": _curie(row["source"]),
                "source_title": _text(row["sourceTitle"]),
                "source_url": _text(row["sourceUrl"]),
                "source_cited": _text(row["sourceCited"]),
                "evidence": _text(row["evidence"]),
                "reference_data": bool(row["reference"]),
            }
            self.edges.append((subject, obj, attributes))
        self.edges.sort(key=lambda edge: (edge[0], edge[1], edge[2]["key"]))


def _clean(attributes: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in attributes.items() if value is not None}


def entity_graph(projection: Projection) -> nx.MultiDiGraph:
    """Entities as nodes, one edge per fact (keyed by the fact's IRI)."""
    graph = nx.MultiDiGraph(name="entity graph")
    for iri, attributes in projection.nodes.items():
        graph.add_node(iri, **_clean(attributes))
    for subject, obj, attributes in projection.edges:
        edge = _clean(attributes)
        graph.add_edge(subject, obj, key=edge.pop("key"), fact=attributes["key"], **edge)
    return graph


def _organisations(projection: Projection) -> set[str]:
    return {iri for iri, node in projection.nodes.items() if node.get("group") == "organisation"}


def collaboration_graph(projection: Projection, *, include_reference: bool = True) -> nx.Graph:
    """Organisations linked by what they share: networks and initiatives, and direct relations."""
    organisations = _organisations(projection)
    shared_by: dict[str, set[str]] = defaultdict(set)
    direct: dict[tuple[str, str], list[str]] = defaultdict(list)
    for subject, obj, attributes in projection.edges:
        if not include_reference and attributes["reference_data"]:
            continue
        if subject not in organisations:
            continue
        if projection.nodes[obj].get("group") in GROUPS_SHARED:
            if attributes["relation"] not in NOT_SHARING:
                shared_by[obj].add(subject)
        elif obj in organisations and obj != subject:
            pair = (subject, obj) if subject < obj else (obj, subject)
            direct[pair].append(attributes["relation"])
    graph = nx.Graph(name="collaboration graph")
    for iri in organisations:
        node = projection.nodes[iri]
        graph.add_node(
            iri,
            **_clean(
                {k: node.get(k) for k in ("label", "type", "group", "country", "iri", "curie")}
            ),
        )
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for shared, members in shared_by.items():
        for first, second in itertools.combinations(sorted(members), 2):
            pairs[(first, second)].append(shared)
    for pair in set(pairs) | set(direct):
        shared_iris = sorted(pairs.get(pair, []), key=lambda iri: projection.nodes[iri]["label"])
        relations = sorted(set(direct.get(pair, [])))
        graph.add_edge(
            *pair,
            weight=len(shared_iris) + len(relations),
            projects=sum(
                1 for iri in shared_iris if projection.nodes[iri].get("type") == "Project"
            ),
            shared=[projection.nodes[iri]["label"] for iri in shared_iris],
            shared_iris=shared_iris,
            relations=relations,
        )
    return graph


def bipartite_graph(projection: Projection) -> nx.Graph:
    """Organisations (bipartite=0) and the networks and initiatives they relate to (bipartite=1)."""
    organisations = _organisations(projection)
    graph = nx.Graph(name="bipartite graph")
    for subject, obj, attributes in projection.edges:
        target = projection.nodes[obj]
        if subject not in organisations or target.get("group") not in GROUPS_SHARED:
            continue
        for iri, side in ((subject, 0), (obj, 1)):
            node = projection.nodes[iri]
            graph.add_node(
                iri,
                bipartite=side,
                **_clean(
                    {k: node.get(k) for k in ("label", "type", "group", "country", "iri", "curie")}
                ),
            )
        if graph.has_edge(subject, obj):
            graph.edges[subject, obj]["relations"].append(attributes["relation"])
        else:
            graph.add_edge(subject, obj, relations=[attributes["relation"]])
    return graph


# --- questions ----------------------------------------------------------------------------------
