"""The questions networks answer: brokers, paths, neighbourhoods, communities, profiles."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from collabgraph.errors import CollabgraphError, UnknownNameError

__all__ = [
    "NetworkSummary",
    "centrality",
    "communities",
    "neighbourhood",
    "node_for",
    "path_between",
    "profile",
    "shared_between",
    "summary",
    "with_units",
]


@dataclass(frozen=True)
class NetworkSummary:
    """A projection's size and shape."""

    graph: str
    nodes: int
    edges: int
    density: float
    components: int
    largest_component: int
    nodes_by_group: dict[str, int]
    """How many nodes of each kind (organisation, network, place, ...), by kind's name."""


def summary(graph: nx.Graph) -> NetworkSummary:
    """Size, density, components and node counts per group."""
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    components = list(nx.connected_components(undirected)) if graph.number_of_nodes() else []
    groups: dict[str, int] = defaultdict(int)
    for _, group in graph.nodes(data="group"):
        groups[group or "other"] += 1
    return NetworkSummary(
        graph=graph.graph.get("name", ""),
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        density=round(nx.density(graph), 6) if graph.number_of_nodes() > 1 else 0.0,
        components=len(components),
        largest_component=max((len(c) for c in components), default=0),
        nodes_by_group=dict(sorted(groups.items())),
    )


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


def node_for(graph: nx.Graph, name: str) -> str:
    """A node by label, alias, compact id or IRI, case-insensitive; suggestions otherwise."""
    if name in graph:  # a node id (IRI): no scan, so a site of many pages stays linear
        return name
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
    start, end = node_for(graph, first), node_for(graph, second)
    if start == end:
        raise CollabgraphError(
            f"{first!r} and {second!r} are the same entity ({graph.nodes[start]['label']}): "
            "a path needs two"
        )
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


def neighbourhood(
    graph: nx.Graph, name: str, depth: int = 1, *, include_units: bool = False
) -> nx.Graph:
    """The entity and everything within ``depth`` hops (edges in either direction).

    With ``include_units``, an organisation's own units (``org:subOrganizationOf``, at any
    depth) count as the organisation: they are at distance 0 and their links are its links.
    """
    centre = node_for(graph, name)
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    sources = with_units(graph, centre) if include_units and graph.is_directed() else {centre}
    reached = nx.multi_source_dijkstra_path_length(undirected, sources, cutoff=depth, weight=None)
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
    a, b = node_for(graph, first), node_for(graph, second)

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


def with_units(graph: nx.MultiDiGraph, node: str) -> set[str]:
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
        node = node_for(graph, name)
        family = with_units(graph, node)
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
