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
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import networkx as nx
from rdflib import URIRef

from collabgraph.analysis.projection_queries import (
    DETAIL_KINDS,
    EDGE_DETAILS_QUERY,
    EDGE_FACTS_QUERY,
    EDGES_QUERY,
    NODES_QUERY,
    RELATION_LABELS_QUERY,
    SOURCE_QUERY,
    WHOLE_GRAPH,
    Scope,
    among,
    bound,
    detail_queries,
    itself,
    ring_queries,
)
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


_LIST_ATTRIBUTES = frozenset({"aliases", "places", "countries", "country_names"})
"""Node attributes that are always lists; every other one is single-valued."""


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


@lru_cache(maxsize=4096)
def _curie(iri: str) -> str:
    """An IRI in the project's prefixes (few distinct ones: relations, sources, classes)."""
    return compact(URIRef(iri))


def _rows(store: Store, query: str) -> list[tuple[Any, ...]]:
    return store.plain_rows(query)[1]


def _rows_of_each(store: Store, texts: list[str]) -> list[list[tuple[Any, ...]]]:
    """The rows of each query, read side by side where the store can."""
    return [rows for _, rows in store.plain_rows_many(texts)]


Edge = tuple[str, str, dict[str, Any]]

_UNIT_RELATION = "org:subOrganizationOf"


@dataclass
class Projection:
    """The graph's entities and facts as Python records, fetched once from a store."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    @classmethod
    def from_store(cls, store: Store) -> Projection:
        projection = cls()
        projection._add_nodes(store)
        projection._add_details(store, [WHOLE_GRAPH])
        projection.edges = [
            edge
            for edge in _EdgeReader(store).read()
            if edge[0] in projection.nodes and edge[1] in projection.nodes
        ]
        projection.edges.sort(key=_edge_order)
        return projection

    @classmethod
    def around(cls, store: Store, centres: Iterable[str], depth: int = 1) -> Projection:
        """Only what lies within ``depth`` hops of the centres (edges in either direction; an
        organisation's units at distance 0), with every fact among those entities: the same
        nodes and edges as the whole projection's neighbourhood, read by set-based queries
        that start from the entities reached (``VALUES`` blocks of a few hundred), so a hub's
        map of a graph of millions of facts reads its neighbourhood, never the whole graph."""
        walk = _Walk(store)
        family = walk.family(set(centres))
        reached, ring = set(family), set(family)
        for hop in range(1, depth + 1):
            ring = walk.neighbours(ring) - reached
            reached |= ring
            if hop < depth:
                walk.visit(ring)
        projection = cls()
        projection.nodes = {iri: walk.nodes[iri] for iri in sorted(reached)}
        # The outer ring's facts and the nodes' details are read side by side.
        rings = ring_queries(ring) if depth > 0 and ring else []
        found = _rows_of_each(store, rings + detail_queries(among(reached)))
        walk.read_edges_among(found[: len(rings)], reached)
        projection._add_detail_rows(found[len(rings) :])
        projection.edges = sorted(
            (edge for edge in walk.edges.values() if edge[0] in reached and edge[1] in reached),
            key=_edge_order,
        )
        return projection

    def _add_nodes(self, store: Store, scope: Scope = WHOLE_GRAPH) -> None:
        self._add_node_rows(_rows(store, NODES_QUERY.text(scope)))

    def _add_node_rows(self, rows: list[tuple[Any, ...]]) -> None:
        for entity, label, klass in rows:
            entity_type = _CLASS_TO_TYPE.get(str(klass))
            if entity_type is None or str(entity).startswith("_:"):
                continue
            # The build gives every entity exactly one class of its own (foaf:Person for people).
            self.nodes[entity] = {
                "label": str(label),
                "iri": entity,
                "curie": compact(URIRef(entity)),
                "type": entity_type,
                "group": ENTITY_TYPES[entity_type].group,
            }

    def _add_details(self, store: Store, scopes: list[Scope]) -> None:
        self._add_detail_rows(_rows_of_each(store, detail_queries(scopes)))

    def _add_detail_rows(self, results: list[list[tuple[Any, ...]]]) -> None:
        """Aliases, places, measurements and countries from the rows of ``detail_queries``."""
        values: dict[tuple[str, str], set[Any]] = defaultdict(set)
        details, measurements, countries = (results[i::DETAIL_KINDS] for i in range(DETAIL_KINDS))
        for rows in details:
            for entity, prop, value in rows:
                if entity in self.nodes and prop is not None and value is not None:
                    values[(entity, str(prop))].add(str(value))
        for rows in measurements:
            for entity, attribute, value, currency in rows:
                if entity in self.nodes and attribute is not None:
                    name = _curie(attribute).split(":", 1)[1]
                    values[(entity, name)].add(value)
                    if currency is not None:
                        values[(str(entity), f"{name}_currency")].add(str(currency))
        for (iri, name), distinct in values.items():
            ordered = sorted(distinct, key=str)
            if name in _LIST_ATTRIBUTES:
                self.nodes[iri][name] = ordered
            else:  # a measurement: a list only when sources disagree
                self.nodes[iri][name] = ordered if len(ordered) > 1 else ordered[0]
        self._add_countries(countries)

    def _add_countries(self, results: list[list[tuple[Any, ...]]]) -> None:
        """``country`` and ``country_name``: the one country an entity is based in (directly,
        or through its city or region). An entity in several countries gets the first by ISO
        code there; ``countries`` and ``country_names`` list them all."""
        found: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for rows in results:
            for entity, code, name in rows:
                if entity in self.nodes:
                    found[entity].add((str(code), str(name)))
        for iri, pairs in found.items():
            ordered = sorted(pairs)
            node = self.nodes[iri]
            node["country"], node["country_name"] = ordered[0]
            node["countries"] = [code for code, _ in ordered]
            node["country_names"] = [name for _, name in ordered]


def _edge_order(edge: Edge) -> tuple[str, str, str]:
    return edge[0], edge[1], edge[2]["key"]


class _EdgeReader:
    """Reads facts as edges (subject, object, attributes), their ends not checked to be
    entities; the relations' names and each source's title are read once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.labels: dict[str, str] | None = None
        self.sources: dict[str, dict[str, str | None] | None] = {}

    def read(self, scope: Scope = WHOLE_GRAPH) -> list[Edge]:
        return self.edges(*self.store.plain_rows(EDGES_QUERY.text(scope)))

    def read_each(self, scopes: list[Scope]) -> list[Edge]:
        """The facts of every scope (one query each), read side by side where the store
        can."""
        texts = [EDGES_QUERY.text(scope) for scope in scopes]
        return [edge for found in self.store.plain_rows_many(texts) for edge in self.edges(*found)]

    @staticmethod
    def queries(scopes: list[Scope]) -> list[str]:
        """Two queries per scope (``EDGE_FACTS_QUERY``, ``EDGE_DETAILS_QUERY``), whose
        results ``edges_of`` joins: for an entity's facts (a hub has thousands)."""
        return [
            half.text(scope) for scope in scopes for half in (EDGE_FACTS_QUERY, EDGE_DETAILS_QUERY)
        ]

    def edges_of(self, found: list[tuple[list[str], list[tuple[Any, ...]]]]) -> list[Edge]:
        """The edges in the results of ``queries``: each fact with each of its details."""
        edges = []
        for (columns, facts), (more, details) in zip(found[::2], found[1::2], strict=True):
            by_fact: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
            for row in details:
                by_fact[row[0]].append(row[1:])
            rows = [fact + extra for fact in facts for extra in by_fact[fact[0]]]
            edges += self.edges(columns + more[1:], rows)
        return edges

    def edges(self, variables: list[str], rows: list[tuple[Any, ...]]) -> list[Edge]:
        edges = []
        for values in rows:
            row = dict(zip(variables, values, strict=True))
            source = self._source(row["source"])
            if source is None:
                continue
            relation = row["relation"]
            attributes = {
                "key": row["fact"],
                "relation": _curie(relation),
                "relation_label": self._relation_label(relation),
                "role": _text(row["role"]),
                "role_label": _text(row["roleLabel"]),
                "date": _text(row["date"]),
                "start": _text(row["start"]),
                "end": _text(row["end"]),
                "amount": row["amount"],
                "currency": _text(row["currency"]),
                "source": _curie(row["source"]),
                **source,
                "evidence": _text(row["evidence"]),
                "reference_data": bool(row["reference"]),
            }
            edges.append((row["subject"], row["object"], attributes))
        return edges

    def _relation_label(self, relation: str) -> str:
        if self.labels is None:
            self.labels = {
                str(p): str(label) for p, label in _rows(self.store, RELATION_LABELS_QUERY)
            }
        return self.labels.get(relation, _curie(relation))

    def _source(self, iri: str) -> dict[str, str | None] | None:
        if iri not in self.sources:
            found = self.store.plain_rows(bound(SOURCE_QUERY, (("source", iri),)))[1]
            self.sources[iri] = None
            if found:
                title, url, cited = found[0]
                self.sources[iri] = {
                    "source_title": _text(title),
                    "source_url": _text(url),
                    "source_cited": _text(cited),
                }
        return self.sources[iri]


class _Walk:
    """A breadth-first walk over the store's facts, reading each entity's facts once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.known = Projection()
        self.nodes = self.known.nodes
        self.edges: dict[str, Edge] = {}
        self.visited: set[str] = set()
        self.reader = _EdgeReader(store)

    def family(self, centres: set[str]) -> set[str]:
        """The centres that are entities, and their units (``org:subOrganizationOf``, at any
        depth): together they are distance 0."""
        for centre in sorted(centres):
            self.known._add_nodes(self.store, itself(centre))
        family = centres & set(self.nodes)
        frontier = set(family)
        while frontier:
            self.visit(frontier)
            units = {
                subject
                for subject, obj, data in self.edges.values()
                if obj in family and data["relation"] == _UNIT_RELATION and subject in self.nodes
            }
            frontier = units - family
            family |= frontier
        return family

    def visit(self, entities: set[str]) -> None:
        """Every fact of ``entities`` (as subject or object), and the entities at their other
        ends. The ends are looked up by their IRIs once the facts are read: a query that
        reaches them through the facts (``?link cg:subject ?anchor ; cg:object ?entity``)
        is planned from every typed entity of the graph (28 s instead of 0.1 s for a batch
        of a hub's projects in memory)."""
        new = entities - self.visited
        if not new:
            return
        self.visited |= new
        facts = self.reader.queries(
            [scope for end in ("subject", "object") for scope in among(new, end)]
        )
        edges = self.reader.edges_of(self.store.plain_rows_many(facts))
        self._keep_edges(edges)
        ends = {end for subject, obj, _ in edges for end in (subject, obj)} - set(self.nodes)
        nodes = [NODES_QUERY.text(scope) for scope in among(ends)]
        for _, rows in self.store.plain_rows_many(nodes):
            self.known._add_node_rows(rows)

    def read_edges_among(self, ring_rows: list[list[tuple[Any, ...]]], reached: set[str]) -> None:
        """The facts of the outer ring's entities among the entities reached (the ring's links
        among itself and back): found with light queries (``ring_queries``), then read in
        batches of their IRIs. One query that reads them whole is planned as a scan of every
        fact."""
        wanted = set()
        for rows in ring_rows:
            for fact, subject, obj in rows:
                if subject in reached and obj in reached and fact not in self.edges:
                    wanted.add(fact)
        self._keep_edges(self.reader.read_each(among(wanted, "fact")))

    def neighbours(self, entities: set[str]) -> set[str]:
        """The entities one fact away from ``entities`` (a fact is an edge only between two
        entities)."""
        found = set()
        for subject, obj, _ in self.edges.values():
            if subject not in self.nodes or obj not in self.nodes:
                continue
            if subject in entities:
                found.add(obj)
            if obj in entities:
                found.add(subject)
        return found

    def _keep_edges(self, edges: list[Edge]) -> None:
        """Each fact once (by its IRI)."""
        for edge in edges:
            self.edges[edge[2]["key"]] = edge


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
