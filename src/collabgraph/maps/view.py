"""Map views: what a network map shows, computed from the entity graph (no HTML here).

A :class:`~collabgraph.maps.elements.MapView` (``maps.elements``, with the style of nodes and
links and the words a page uses) holds nodes and links with their visual style (colour and shape by kind,
size by weight, dashed links for reference data), the facts behind every link (relation, role,
dates, amount, evidence sentence, source; stored once per page and referred to by the links),
the countries the page reaches for its world map, and notes about what was folded. Positions
are computed here, deterministically: the same graph gives the same bytes under any hash seed.

Three kinds of page: an institution's (``maps.institution``: its networks, its partners with
the projects they share folded into weighted links, its units drawn as part of it), a
comparison (``maps.comparison``), and the general view used for the overview, networks and
wider neighbourhoods (here): the most connected entities one by one, the rest folded into
groups that say what they are ("37 universities in Germany"), every member findable.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Any

import networkx as nx

from collabgraph.analysis.analyses import neighbourhood, node_for
from collabgraph.maps.elements import (
    FACTS_PER_LINK,
    GROUP_STYLES,
    LAYOUT_SEED,
    MapView,
    counted,
    make_edge,
    make_node,
    plain_kind,
    slug_of,
)
from collabgraph.maps.labels import display_name
from collabgraph.maps.world import view_countries

__all__ = ["INSTITUTION_NODES", "MapView", "entity_map", "overview_map"]


def _is_folded(node: object) -> bool:
    return str(node).startswith("folded:")


def _kind_words(data: dict[str, Any]) -> tuple[str, str]:
    """How a folded group names one of its members: by type ("university") for organisations
    and networks, by kind for the rest."""
    group = data.get("group", "other")
    entity_type = data.get("type")
    if group in ("organisation", "network", "initiative") and entity_type:
        return f"{group}:{entity_type}", plain_kind(str(entity_type)).lower()
    return group, GROUP_STYLES.get(group, GROUP_STYLES["other"])["label"].lower()


def _fold(
    graph: nx.MultiDiGraph, keep: int
) -> tuple[set[str], dict[str, str], dict[str, dict[str, Any]], list[str]]:
    """Keep the ``keep`` most important nodes (organisations and networks first, then by
    degree); fold the rest into groups by type and country ("37 universities in Germany")."""
    degrees = dict(graph.degree())
    important = {"organisation": 0, "network": 0}
    ranked = sorted(
        graph.nodes,
        key=lambda n: (
            important.get(graph.nodes[n].get("group", "other"), 1),
            -degrees[n],
            display_name(graph.nodes[n]),
            str(n),
        ),
    )
    kept = set(ranked[:keep])
    folded_into: dict[str, str] = {}
    groups: dict[str, dict[str, Any]] = {}
    members: dict[str, list[str]] = defaultdict(list)
    for node in ranked[keep:]:
        data = graph.nodes[node]
        kind, words = _kind_words(data)
        where = (
            data.get("country_name") if data.get("group") in ("organisation", "network") else None
        )
        key = f"folded:{kind}:{where or 'all'}"
        folded_into[node] = key
        members[key].append(display_name(data))
        groups.setdefault(
            key,
            {"words": words, "where": where, "group": "folded", "kind": data.get("group")},
        )
    _merge_small_groups(groups, members, folded_into)
    for key, names in members.items():
        group = groups[key]
        count = len(names)
        group["label"] = counted(count, group["words"]) + (
            f" in {group['where']}" if group["where"] else ""
        )
        group["members"] = count
        group["member_labels"] = sorted(names, key=str.casefold)
    note = (
        f"{len(kept):,} of {graph.number_of_nodes():,} entities are drawn one by one; "
        f"the other {len(folded_into):,} are in {len(groups):,} grey groups that say what they hold "
        "(search finds them)."
    )
    return kept | set(groups), folded_into, groups, [note]


MAX_GROUPS = 40
"""Groups a folded view draws at most: the largest, then one group of the rest per kind."""


def _merge_small_groups(
    groups: dict[str, dict[str, Any]], members: dict[str, list[str]], folded_into: dict[str, str]
) -> None:
    if len(groups) <= MAX_GROUPS:
        return
    ranked = sorted(groups, key=lambda key: (-len(members[key]), key))
    for key in ranked[MAX_GROUPS:]:
        kind = groups[key]["kind"] or "other"
        rest = f"folded:{kind}:rest"
        words = GROUP_STYLES.get(kind, GROUP_STYLES["other"])["label"].lower().split(",")[0]
        groups.setdefault(
            rest, {"words": f"more {words}", "where": None, "group": "folded", "kind": kind}
        )
        members[rest].extend(members.pop(key))
        del groups[key]
    for node, key in folded_into.items():
        if key not in groups:
            folded_into[node] = f"folded:{groups_kind(key)}:rest"


def groups_kind(key: str) -> str:
    """``folded:organisation:University:Germany`` -> ``organisation``."""
    return key.split(":")[1]


def general_view(
    graph: nx.MultiDiGraph,
    title: str,
    explanation: str,
    slug: str,
    max_nodes: int,
    *,
    kind: str = "overview",
    centre: str | None = None,
) -> MapView:
    """The view of the overview, a network's page and a neighbourhood of several steps."""
    view = MapView(title=title, explanation=explanation, slug=slug, kind=kind)
    if graph.number_of_nodes() > max_nodes:
        kept, folded_into, groups, notes = _fold(graph, max_nodes - 50)
        view.notes.extend(notes)
    else:
        kept, folded_into, groups = set(graph.nodes), {}, {}
    links: dict[tuple[str, str], list[tuple[str, str, Any, dict[str, Any]]]] = defaultdict(list)
    for u, v, key, data in sorted(
        graph.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))
    ):
        a, b = folded_into.get(u, u), folded_into.get(v, v)
        if a != b:
            links[(a, b)].append((u, v, key, data))
    degrees: Counter[str] = Counter()
    for (a, b), facts in links.items():
        degrees[a] += len(facts)
        degrees[b] += len(facts)
    top = max(degrees.values(), default=1)
    for node in sorted(kept, key=str):
        data = groups.get(node) or graph.nodes[node]
        size = 10 + 30 * math.sqrt(degrees[node] / top)
        view.nodes.append(make_node(node, data, size=size, centre=node == centre))
    ordered = sorted(links.items(), key=lambda item: (-len(item[1]), item[0]))
    single = [(ends, facts) for ends, facts in ordered if not any(map(_is_folded, ends))]
    to_groups = [(ends, facts) for ends, facts in ordered if any(map(_is_folded, ends))]
    if len(to_groups) > len(kept):
        view.notes.append(
            f"Of the links to grey groups, the {len(kept):,} strongest are drawn "
            f"({len(to_groups) - len(kept):,} weaker ones left out)."
        )
        to_groups = to_groups[: len(kept)]
    for number, ((a, b), facts) in enumerate(sorted(single + to_groups, key=lambda i: i[0])):
        limit = FACTS_PER_LINK if any(map(_is_folded, (a, b))) else len(facts)
        ids = [view.facts.add(graph, u, v, key, data) for u, v, key, data in facts[:limit]]
        view.edges.append(make_edge(f"e{number}", a, b, ids, view.facts, total=len(facts)))
    place_spring(view)
    if folded_into:
        add_openable_members(view, graph, kept, folded_into)
    view.countries = view_countries(graph, sorted(graph.nodes, key=str), view.facts)
    return view


OPENED_PER_GROUP = 30
"""A grey group can be opened: its most connected members are drawn one by one around it."""
_OPENED_LINKS = 5
"""An opened member brings its strongest links (the page stays small)."""


def add_openable_members(
    view: MapView, graph: nx.MultiDiGraph, kept: set[str], folded_into: dict[str, str]
) -> None:
    """The most connected members of each grey group, and their strongest links to the nodes
    shown, as hidden nodes and links the page reveals when the group is opened."""
    by_group: dict[str, list[str]] = defaultdict(list)
    degree = dict(graph.degree())
    for member, group in sorted(folded_into.items()):
        by_group[group].append(member)
    place = {node["id"]: (node["x"], node["y"]) for node in view.nodes}
    top = max(degree.values(), default=1)
    chosen: dict[str, str] = {}
    for group, members in sorted(by_group.items()):
        members.sort(key=lambda m: (-degree[m], str(m)))
        opened = members[:OPENED_PER_GROUP]
        for member, (x, y) in rings(place[group], opened, 70.0).items():
            node = make_node(
                member, graph.nodes[member], size=8 + 12 * math.sqrt(degree[member] / top)
            )
            node.update(x=round(x), y=round(y), openedFrom=group)
            view.nodes.append(node)
            chosen[member] = group
    shown = kept | set(chosen)
    drawn = view_ids(view)
    links: dict[tuple[str, str], list[tuple[str, str, Any, dict[str, Any]]]] = defaultdict(list)
    for member in sorted(chosen):
        for u, v, key, data in sorted(
            [
                *graph.out_edges(member, keys=True, data=True),
                *graph.in_edges(member, keys=True, data=True),
            ],
            key=lambda e: (str(e[0]), str(e[1]), str(e[2])),
        ):
            a = u if u in shown else folded_into.get(u, u)
            b = v if v in shown else folded_into.get(v, v)
            if a != b and a in drawn and b in drawn:
                links[(a, b)].append((u, v, key, data))
    per_member: dict[str, list[tuple[tuple[str, str], list[Any]]]] = defaultdict(list)
    for ends, facts in sorted(links.items()):
        member = ends[0] if ends[0] in chosen else ends[1]
        per_member[member].append((ends, facts))
    number = 0
    for member, member_links in sorted(per_member.items()):
        member_links.sort(key=lambda item: (-len(item[1]), item[0]))
        for (a, b), facts in member_links[:_OPENED_LINKS]:
            u, v, key, data = facts[0]
            ids = [view.facts.add(graph, u, v, key, data)]
            edge = make_edge(f"o{number}", a, b, ids, view.facts, total=len(facts))
            edge["openedFrom"] = chosen[member]
            view.edges.append(edge)
            number += 1


def view_ids(view: MapView) -> set[str]:
    return {node["id"] for node in view.nodes}


"""The same graph gives the same picture: the layout's random start is fixed."""
_SPACING = 95.0
_SPREAD = 2.5
"""Pixels between neighbouring nodes at zoom 1, so labels have room."""
_RINGS_ABOVE = 300
"""Nodes in a view above which its leaves are set in rings around their one neighbour."""


def place_spring(view: MapView) -> None:
    """Positions for every node, computed here (Fruchterman-Reingold, fixed seed) and drawn
    as they are: no physics in the browser, so a page opens at once and never moves. The
    graph given to the layout is built in sorted order, so its result does not depend on
    Python's hash seed. In a large view, the nodes with one link (a hub's projects) are set
    in rings around the node they link to, and only the rest is laid out."""
    edges = sorted({(e["from"], e["to"]) for e in view.edges if e["from"] != e["to"]})
    everything = nx.Graph()
    everything.add_nodes_from(sorted(node["id"] for node in view.nodes))
    everything.add_edges_from(edges)
    count = everything.number_of_nodes()
    if count == 0:
        return
    leaves = _leaves(everything) if count > _RINGS_ABOVE else {}
    core = nx.Graph()
    core.add_nodes_from(n for n in sorted(everything) if n not in leaves)
    core.add_edges_from((u, v) for u, v in edges if u not in leaves and v not in leaves)
    positions = nx.spring_layout(
        core,
        k=_SPREAD / count**0.5,  # wider than networkx's default, so labels have room
        seed=LAYOUT_SEED,
        iterations=100 if count <= _RINGS_ABOVE else 50,
    )
    scale = _SPACING * max(1.0, count**0.5)
    placed = {node: (float(x) * scale, float(y) * scale) for node, (x, y) in positions.items()}
    for parent, children in _by_parent(leaves).items():
        placed.update(rings(placed[parent], children))
    for node in view.nodes:
        x, y = placed[node["id"]]
        node["x"], node["y"] = round(x), round(y)


def _leaves(graph: nx.Graph) -> dict[str, str]:
    """Each node with one link, to the node it links to (unless that one has one link too)."""
    found = {node: next(iter(graph[node])) for node in sorted(graph) if graph.degree(node) == 1}
    return {leaf: parent for leaf, parent in found.items() if parent not in found}


def _by_parent(leaves: dict[str, str]) -> dict[str, list[str]]:
    children: dict[str, list[str]] = defaultdict(list)
    for leaf, parent in sorted(leaves.items()):
        children[parent].append(leaf)
    return children


def rings(
    centre: tuple[float, float], children: list[str], spacing: float = _SPACING
) -> dict[str, tuple[float, float]]:
    """Rings around ``centre``, ``spacing`` apart and each filled with nodes ``spacing``
    apart along it, the inner ones first."""
    placed: dict[str, tuple[float, float]] = {}
    ring, start = 1, 0
    while start < len(children):
        radius = ring * spacing
        room = max(1, int(2 * math.pi * radius / spacing))
        members = children[start : start + room]
        for index, child in enumerate(members):
            angle = 2 * math.pi * index / len(members) + ring * 0.5
            placed[child] = (
                centre[0] + radius * math.cos(angle),
                centre[1] + radius * math.sin(angle),
            )
        ring, start = ring + 1, start + room
    return placed


def overview_map(
    graph: nx.MultiDiGraph, *, groups: set[str] | None = None, max_nodes: int | None = None
) -> MapView:
    """The whole graph (optionally only some kinds of entity): organisations and networks
    first, the rest folded into named groups when there are more than ``max_nodes``."""
    shown = (
        graph
        if groups is None
        else graph.subgraph([n for n, g in graph.nodes(data="group") if g in groups])
    )
    return general_view(
        shown,
        "Collaboration map: overview",
        "Every organisation, network, initiative, place and person the sources name; click a link to see the sentence it comes from.",
        "overview",
        max_nodes or 800,
    )


INSTITUTION_NODES = 150
"""An institution's page draws at most this many nodes (``max_nodes`` chooses another)."""


def entity_map(
    graph: nx.MultiDiGraph,
    name: str,
    *,
    depth: int = 1,
    groups: set[str] | None = None,
    max_nodes: int | None = None,
) -> MapView:
    """One entity's page. An organisation's, one step out, answers a board's questions (with
    whom, in which networks, where: ``maps.institution``); any other entity, or more steps,
    its neighbourhood (an organisation's own units count as the organisation)."""
    centre = node_for(graph, name)
    if depth == 1 and graph.nodes[centre].get("group") == "organisation":
        from collabgraph.maps.institution import institution_map

        return institution_map(
            graph, centre, groups=groups, max_nodes=max_nodes or INSTITUTION_NODES
        )
    around = neighbourhood(graph, centre, depth, include_units=True)
    if groups is not None:
        around = around.subgraph(
            [n for n, g in around.nodes(data="group") if g in groups or n == centre]
        ).copy()
    label = display_name(graph.nodes[centre])
    kind = "network" if graph.nodes[centre].get("group") == "network" else "entity"
    hops = "one step" if depth == 1 else f"{depth} steps"
    view = general_view(
        around,
        f"Collaboration map: {label}",
        f"Who this {'network' if kind == 'network' else 'entity'} is linked to, {hops} away, and through what; click a link to see its source.",
        slug_of(graph, centre),
        max_nodes or 800,
        kind=kind,
        centre=centre,
    )
    for node in view.nodes:
        if node["id"] == centre:
            node["size"] = max(node["size"], 30)
    return view
