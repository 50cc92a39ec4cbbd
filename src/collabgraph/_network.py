"""Network analysis: projections of the RDF graph into networkx, and the questions they answer.

Projections are built from SPARQL results, so they work on every store. Entities become
nodes; a qualified relationship (a ``cg:Relationship`` node) becomes one attributed edge;
literals become node attributes, never nodes. Nothing turns every triple into an edge.

- the *entity graph* (MultiDiGraph): organisations, networks, initiatives, places, people;
  an edge per fact, with relation, role, dates, amount, source and evidence sentence;
- the *collaboration graph* (Graph): organisation to organisation, weighted by the networks
  and initiatives they share (and direct relations between them), each edge listing them;
- the *bipartite graph*: organisations and the networks and initiatives they take part in.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.term import Node

from ._model import ENTITY_TYPES
from ._namespace import FOAF
from ._query import run_query
from ._results import compact
from ._store import Store
from .errors import CollabgraphError, UnknownNameError

__all__ = [
    "GROUPS_SHARED",
    "Projection",
    "bipartite_graph",
    "centrality",
    "collaboration_graph",
    "communities",
    "entity_graph",
    "export_graph",
    "neighbourhood",
    "path_between",
    "profile",
    "shared_between",
    "summary",
]

GROUPS_SHARED = frozenset({"network", "initiative"})
"""Entity groups that organisations share when they collaborate."""

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
  UNION { ?entity cg:basedIn/skos:notation ?value . BIND("country" AS ?property) }
  UNION { ?entity skos:notation ?value . BIND("notation" AS ?property) }
  UNION { ?entity cg:basedIn/rdfs:label ?value . BIND("country_name" AS ?property) }
}
"""
_MEASUREMENTS_QUERY = """
SELECT ?entity ?attribute ?value ?currency WHERE {
  ?fact a cg:Measurement ; cg:subject ?entity ; cg:attribute ?attribute ; schema:value ?value .
  OPTIONAL { ?fact schema:currency ?currency }
}
"""
_EDGES_QUERY = """
SELECT ?fact ?subject ?relation ?object ?role ?roleLabel ?date ?start ?end ?amount ?currency
       ?source ?sourceTitle ?evidence ?reference WHERE {
  ?fact a cg:Relationship ;
        cg:subject ?subject ;
        cg:relation ?relation ;
        cg:object ?object ;
        prov:wasDerivedFrom ?source ;
        cg:evidence ?selector .
  ?selector oa:exact ?evidence .
  ?source rdfs:label ?sourceTitle .
  OPTIONAL { ?fact org:role/skos:prefLabel ?role }
  OPTIONAL { ?fact cg:roleLabel ?roleLabel }
  OPTIONAL { ?fact cg:date ?date }
  OPTIONAL { ?fact cg:startDate ?start }
  OPTIONAL { ?fact cg:endDate ?end }
  OPTIONAL { ?fact cg:amount ?money . ?money schema:value ?amount ; schema:currency ?currency }
  OPTIONAL { ?fact a ?referenceClass . FILTER (?referenceClass = cg:ReferenceFact) }
  BIND (BOUND(?referenceClass) AS ?reference)
}
"""
_RELATION_LABELS_QUERY = "SELECT ?property ?label WHERE { ?property rdfs:label ?label }"


def _text(term: Node | None) -> str | None:
    return None if term is None else str(term)


def _python(term: Node | None) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    return str(term)


@dataclass
class Projection:
    """The graph's entities and facts as Python records, fetched once from a store."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    @classmethod
    def from_store(cls, store: Store) -> Projection:
        projection = cls()
        for entity, label, klass in run_query(store, _NODES_QUERY).rows:
            entity_type = _CLASS_TO_TYPE.get(str(klass))
            if entity_type is None or not isinstance(entity, URIRef):
                continue
            # The build gives every entity exactly one class of its own (foaf:Person for people).
            projection.nodes[str(entity)] = {
                "label": str(label),
                "iri": str(entity),
                "curie": compact(entity),
                "type": entity_type,
                "group": ENTITY_TYPES[entity_type].group,
            }
        projection._add_details(store)
        projection._add_edges(store)
        return projection

    def _add_details(self, store: Store) -> None:
        values: dict[tuple[str, str], set[Any]] = defaultdict(set)
        for entity, prop, value in run_query(store, _DETAILS_QUERY).rows:
            if str(entity) in self.nodes and prop is not None and value is not None:
                values[(str(entity), str(prop))].add(str(value))
        for entity, attribute, value, currency in run_query(store, _MEASUREMENTS_QUERY).rows:
            if str(entity) in self.nodes and attribute is not None:
                name = compact(attribute).split(":", 1)[1]
                values[(str(entity), name)].add(_python(value))
                if currency is not None:
                    values[(str(entity), f"{name}_currency")].add(str(currency))
        for (iri, name), found in values.items():
            ordered = sorted(found, key=str)
            # Aliases are always a list; another attribute is a list only when sources disagree.
            self.nodes[iri][name] = ordered if name == "aliases" or len(ordered) > 1 else ordered[0]

    def _add_edges(self, store: Store) -> None:
        labels = {str(p): str(label) for p, label in run_query(store, _RELATION_LABELS_QUERY).rows}
        result = run_query(store, _EDGES_QUERY)
        for row in result.dicts():
            subject, obj = str(row["subject"]), str(row["object"])
            if subject not in self.nodes or obj not in self.nodes:
                continue
            relation = row["relation"]
            attributes = {
                "key": str(row["fact"]),
                "relation": compact(relation),
                "relation_label": labels.get(str(relation), compact(relation)),
                "role": _text(row["role"]),
                "role_label": _text(row["roleLabel"]),
                "date": _text(row["date"]),
                "start": _text(row["start"]),
                "end": _text(row["end"]),
                "amount": _python(row["amount"]),
                "currency": _text(row["currency"]),
                "source": compact(row["source"]),
                "source_title": _text(row["sourceTitle"]),
                "evidence": _text(row["evidence"]),
                "reference_data": bool(_python(row["reference"])),
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


def summary(graph: nx.Graph) -> dict[str, Any]:
    """Size, density, components and node counts per group."""
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    components = list(nx.connected_components(undirected)) if graph.number_of_nodes() else []
    groups: dict[str, int] = defaultdict(int)
    for _, group in graph.nodes(data="group"):
        groups[group or "other"] += 1
    return {
        "graph": graph.graph.get("name", ""),
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "density": round(nx.density(graph), 6) if graph.number_of_nodes() > 1 else 0.0,
        "components": len(components),
        "largest_component": max((len(c) for c in components), default=0),
        **{f"nodes_{group}": count for group, count in sorted(groups.items())},
    }


def _simple(graph: nx.Graph) -> nx.Graph:
    """An undirected simple graph (multi-edges merged, weight = number of facts)."""
    if not graph.is_multigraph() and not graph.is_directed():
        return graph
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes(data=True))
    for u, v in graph.edges():
        if u == v:
            continue
        weight = simple.edges[u, v]["weight"] + 1 if simple.has_edge(u, v) else 1
        simple.add_edge(u, v, weight=weight)
    return simple


def centrality(
    graph: nx.Graph, *, top: int | None = 10, sample: int | None = None, seed: int = 7
) -> list[dict[str, Any]]:
    """Degree, betweenness and PageRank per node, the brokers (highest betweenness) first.

    ``sample`` approximates betweenness from that many source nodes (for large graphs); by
    default it is exact up to 2,000 nodes and samples 500 beyond.
    """
    simple = _simple(graph)
    if simple.number_of_nodes() == 0:
        return []
    if sample is None and simple.number_of_nodes() > 2000:
        sample = 500
    k = min(sample, simple.number_of_nodes()) if sample else None
    betweenness = nx.betweenness_centrality(simple, k=k, seed=seed if k else None)
    degree = dict(simple.degree())
    pagerank = nx.pagerank(simple, weight="weight")
    rows = [
        {
            "id": simple.nodes[n].get("curie", n),
            "label": simple.nodes[n].get("label", n),
            "type": simple.nodes[n].get("type"),
            "degree": degree[n],
            "betweenness": round(betweenness[n], 6),
            "pagerank": round(pagerank[n], 6),
        }
        for n in simple.nodes
    ]
    rows.sort(key=lambda row: (-row["betweenness"], -row["degree"], row["label"]))
    return rows[:top] if top else rows


def _node_for(graph: nx.Graph, name: str) -> str:
    """A node by label, alias, compact id or IRI, case-insensitive; suggestions otherwise."""
    wanted = name.strip().casefold()
    for node, data in graph.nodes(data=True):
        names = [
            node,
            data.get("label", ""),
            data.get("curie", ""),
            data.get("notation", ""),
            *data.get("aliases", []),
        ]
        if any(str(candidate).casefold() == wanted for candidate in names if candidate):
            return str(node)
    labels = [str(data.get("label", node)) for node, data in graph.nodes(data=True)]
    raise UnknownNameError("entity", name, labels)


def _hop(graph: nx.MultiDiGraph, u: str, v: str) -> dict[str, Any]:
    if graph.has_edge(u, v):
        source, target = u, v
    else:
        source, target = v, u
    facts = sorted(
        graph.get_edge_data(source, target).values(),
        key=lambda e: (e.get("reference_data", False), e["relation"]),
    )
    fact = facts[0]
    return {
        "from": graph.nodes[u]["label"],
        "to": graph.nodes[v]["label"],
        "subject": graph.nodes[source]["label"],
        "relation": fact["relation"],
        "object": graph.nodes[target]["label"],
        "evidence": fact.get("evidence"),
        "source": fact.get("source_title"),
        "reference_data": fact.get("reference_data", False),
    }


def path_between(
    graph: nx.MultiDiGraph, first: str, second: str, *, exclude_groups: Iterable[str] = ()
) -> list[dict[str, Any]]:
    """The shortest chain of facts from one entity to another (edges in either direction)."""
    start, end = _node_for(graph, first), _node_for(graph, second)
    excluded = set(exclude_groups)
    keep = [
        n for n, group in graph.nodes(data="group") if group not in excluded or n in {start, end}
    ]
    undirected = graph.subgraph(keep).to_undirected(as_view=True)
    try:
        nodes = nx.shortest_path(undirected, start, end)
    except nx.NetworkXNoPath:
        raise CollabgraphError(
            f"no path from {graph.nodes[start]['label']} to {graph.nodes[end]['label']}"
        ) from None
    return [_hop(graph, u, v) for u, v in itertools.pairwise(nodes)]


def neighbourhood(graph: nx.Graph, name: str, depth: int = 1) -> nx.Graph:
    """The entity and everything within ``depth`` hops (edges in either direction)."""
    centre = _node_for(graph, name)
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    reached = nx.single_source_shortest_path_length(undirected, centre, cutoff=depth)
    subgraph = graph.subgraph(reached).copy()
    for node, distance in reached.items():
        subgraph.nodes[node]["distance"] = distance
    subgraph.graph["centre"] = centre
    return subgraph


def communities(graph: nx.Graph, *, seed: int = 7) -> list[list[str]]:
    """Louvain communities (modularity), largest first, each as sorted labels."""
    simple = _simple(graph)
    found = nx.community.louvain_communities(simple, weight="weight", seed=seed)
    labelled = [sorted(simple.nodes[n].get("label", n) for n in community) for community in found]
    return sorted(labelled, key=lambda members: (-len(members), members))


def shared_between(graph: nx.MultiDiGraph, first: str, second: str) -> list[dict[str, Any]]:
    """Entities both are linked to (either direction), with each side's relations."""
    a, b = _node_for(graph, first), _node_for(graph, second)

    def links(node: str) -> dict[str, set[str]]:
        found: dict[str, set[str]] = defaultdict(set)
        for _, other, data in graph.out_edges(node, data=True):
            found[other].add(data["relation"])
        for other, _, data in graph.in_edges(node, data=True):
            found[other].add("^" + data["relation"])
        return found

    mine, theirs = links(a), links(b)
    rows = [
        {
            "shared": graph.nodes[n]["label"],
            "type": graph.nodes[n].get("type"),
            "first": ", ".join(sorted(mine[n])),
            "second": ", ".join(sorted(theirs[n])),
        }
        for n in set(mine) & set(theirs)
        if n not in {a, b}
    ]
    return sorted(rows, key=lambda row: (str(row["type"]), row["shared"]))


def _with_units(graph: nx.MultiDiGraph, node: str) -> set[str]:
    """The organisation and its units (org:subOrganizationOf, transitively)."""
    family, frontier = {node}, [node]
    while frontier:
        current = frontier.pop()
        for unit, _, data in graph.in_edges(current, data=True):
            if data["relation"] == "org:subOrganizationOf" and unit not in family:
                family.add(unit)
                frontier.append(unit)
    return family


def _incident(graph: nx.MultiDiGraph, nodes: set[str]) -> list[tuple[str, str, dict[str, Any]]]:
    """Every edge touching ``nodes``, as (node, other end, data)."""
    edges = [(u, v, d) for u, v, d in graph.out_edges(nodes, data=True)]
    edges += [(v, u, d) for u, v, d in graph.in_edges(nodes, data=True)]
    return edges


def _type_counts(graph: nx.Graph, nodes: Iterable[str]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for node in nodes:
        counts[graph.nodes[node].get("type", "?")] += 1
    return ", ".join(f"{entity_type} {count}" for entity_type, count in sorted(counts.items()))


def profile(graph: nx.MultiDiGraph, names: Iterable[str]) -> list[dict[str, Any]]:
    """Side by side: networks, countries reached, partner types, initiatives, money, counts."""
    rows = []
    for name in names:
        node = _node_for(graph, name)
        family = _with_units(graph, node)
        networks, initiatives, countries, partners = set(), set(), set(), set()
        money = 0.0
        for _, other, data in _incident(graph, family):
            if other in family:
                continue
            target = graph.nodes[other]
            group = target.get("group")
            if group == "network":
                networks.add(target["label"])
            elif group == "initiative":
                initiatives.add(target["label"])
                money += sum(
                    float(v)
                    for k, v in target.items()
                    if k in {"amount", "investment"} and v is not None
                )
            elif group == "place" and target.get("type") == "Country":
                countries.add(target["label"])
            elif group == "organisation":
                partners.add(other)
                if target.get("country_name"):
                    countries.add(target["country_name"])
            if data["relation"] == "org:memberOf" and group == "network":
                for fellow, _, fellow_data in graph.in_edges(other, data=True):
                    if fellow_data["relation"] == "org:memberOf" and graph.nodes[fellow].get(
                        "country_name"
                    ):
                        countries.add(graph.nodes[fellow]["country_name"])
        rows.append(
            {
                "entity": graph.nodes[node]["label"],
                "units": len(family) - 1,
                "networks": len(networks),
                "initiatives": len(initiatives),
                "countries_reached": len(countries),
                "partners": len(partners),
                "partner_types": _type_counts(graph, partners),
                "money_eur": money,
                "network_names": ", ".join(sorted(networks)),
                "country_names": ", ".join(sorted(countries)),
            }
        )
    return rows


# --- exports ------------------------------------------------------------------------------------

EXPORT_FORMATS = ("graphml", "gexf", "csv", "json")


def _flat(value: Any) -> Any:
    if isinstance(value, list | tuple | set):
        return "; ".join(str(item) for item in value)
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def flattened(graph: nx.Graph) -> nx.Graph:
    """Lists joined with '; ', None dropped: what GraphML and GEXF can carry."""
    flat = graph.__class__()
    flat.graph.update({k: _flat(v) for k, v in graph.graph.items() if v is not None})
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: _flat(v) for k, v in data.items() if v is not None})
    if graph.is_multigraph():
        for u, v, key, data in graph.edges(keys=True, data=True):
            flat.add_edge(
                u, v, key=key, **{k: _flat(val) for k, val in data.items() if val is not None}
            )
    else:
        for u, v, data in graph.edges(data=True):
            flat.add_edge(u, v, **{k: _flat(val) for k, val in data.items() if val is not None})
    return flat


def export_graph(graph: nx.Graph, fmt: str, path: Path) -> list[Path]:
    """Write ``graph`` as GraphML, GEXF, node and edge CSV, or node-link JSON; returns the files."""
    import pandas as pd

    from ._build import write_atomically

    if fmt not in EXPORT_FORMATS:
        raise UnknownNameError("network format", fmt, EXPORT_FORMATS)
    if fmt == "json":
        data = nx.node_link_data(graph, edges="edges")
        write_atomically(path, json.dumps(data, indent=1, default=str, ensure_ascii=False).encode())
        return [path]
    flat = flattened(graph)
    if fmt in {"graphml", "gexf"}:
        lines = nx.generate_graphml(flat) if fmt == "graphml" else nx.generate_gexf(flat)
        write_atomically(path, ("\n".join(lines) + "\n").encode("utf-8"))
        return [path]
    nodes = pd.DataFrame([{"node": n, **d} for n, d in flat.nodes(data=True)])
    edges = pd.DataFrame([{"source": u, "target": v, **d} for u, v, d in flat.edges(data=True)])
    node_path = path.with_name(path.stem + "-nodes.csv")
    edge_path = path.with_name(path.stem + "-edges.csv")
    write_atomically(node_path, nodes.to_csv(index=False).encode())
    write_atomically(edge_path, edges.to_csv(index=False).encode())
    return [node_path, edge_path]
