"""Map models: what a network map shows, computed from the entity graph (no HTML here).

A :class:`MapView` holds nodes and edges with their visual style (colour and shape by kind,
size by degree centrality, dashed edges for reference data) and every detail a reader needs
to trace a link (relation, role, dates, amount, evidence sentence, source). Large graphs are
folded: the most central nodes stay, the rest are grouped by country or kind, and the view
says what was folded. Everything here is linear in the size of the graph.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from pyvis.network import Network

from collabgraph.analysis.analyses import neighbourhood, node_for, with_units

__all__ = ["GROUP_STYLES", "MapView", "compare_map", "entity_map", "overview_map", "vis_options"]

GROUP_STYLES: dict[str, dict[str, str]] = {
    "organisation": {"color": "#2f6fb0", "shape": "dot", "label": "Organisation"},
    "network": {"color": "#e07b24", "shape": "diamond", "label": "Network or alliance"},
    "initiative": {"color": "#3a9d5d", "shape": "square", "label": "Initiative, grant or event"},
    "place": {"color": "#8c8c8c", "shape": "triangle", "label": "Country or region"},
    "person": {"color": "#8e44ad", "shape": "star", "label": "Person"},
    "other": {"color": "#a0522d", "shape": "box", "label": "Award or report"},
    "folded": {"color": "#c9c9c9", "shape": "hexagon", "label": "Folded group"},
}
_RELATION_COLOURS = {
    "org:memberOf": "#e07b24",
    "cg:participatesIn": "#3a9d5d",
    "cg:contactPersonFor": "#8e44ad",
    "cg:basedIn": "#9a9a9a",
    "cg:activeIn": "#9a9a9a",
}
_OTHER_LINK = "#5b6f86"
_COLOUR_PRIORITY = {
    relation: rank
    for rank, relation in enumerate(
        ["org:memberOf", "cg:coordinates", "cg:participatesIn", "cg:contactPersonFor"]
    )
}
"""A link with several facts takes the colour of its strongest stated relation."""
_DETAIL_KEYS = ("type", "country", "country_name", "places", "aliases", "iri", "member_labels")
_PLAIN_KEYS = {
    "type": "Kind",
    "country_name": "Country",
    "places": "City or region",
    "aliases": "Also called",
}
"""What a tooltip says about a node, in words (codes and identifiers are in the panel)."""
_MEMBERS_LISTED = 1000
"""A grey group lists (and search finds) up to this many of its members by name."""
_FACTS_PER_EDGE = 10
"""A link between folded groups can stand for thousands of facts; the panel lists the first ten."""


@dataclass
class MapView:
    """One map: title, one-line explanation, nodes, edges, and notes about folding."""

    title: str
    explanation: str
    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    slug: str = "overview"

    def legend(self) -> list[dict[str, str]]:
        present = {node["group"] for node in self.nodes}
        return [
            dict(style, group=group) for group, style in GROUP_STYLES.items() if group in present
        ]

    def link_legend(self) -> list[dict[str, str]]:
        """What a link's colour says, for the colours this map uses."""
        used = {edge["color"]["color"] for edge in self.edges}
        words = {
            "org:memberOf": "member of",
            "cg:participatesIn": "takes part in",
            "cg:contactPersonFor": "contact person for",
            "cg:basedIn": "based or active in a place",
        }
        legend = [
            {"color": colour, "label": words[relation]}
            for relation, colour in _RELATION_COLOURS.items()
            if relation in words and colour in used
        ]
        if _OTHER_LINK in used:
            legend.append({"color": _OTHER_LINK, "label": "any other relation"})
        return legend

    def filters(self) -> dict[str, list[str]]:
        """The values each filter offers: kinds, countries, relations, sources."""
        return {
            "groups": sorted({n["group"] for n in self.nodes}),
            "countries": sorted({n["country_name"] for n in self.nodes if n.get("country_name")}),
            "relations": sorted({r for e in self.edges for r in e["relations"]}),
            "sources": sorted({s for e in self.edges for s in e["sources"]}),
            "years": sorted({y for e in self.edges for y in e.get("years", [])}),
        }

    def data_json(self) -> str:
        """The map's data as JSON that is safe inside a <script> element."""
        data = {"nodes": self.nodes, "edges": self.edges, "filters": self.filters()}
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def vis_options() -> dict[str, Any]:
    """vis-network options, from pyvis's defaults: the nodes come with their positions
    (computed in Python), so physics is off and the layout never moves."""
    net = Network(directed=True)
    options: dict[str, Any] = json.loads(net.options.to_json())
    options["physics"] = {"enabled": False}
    options["layout"] = {"improvedLayout": False, "randomSeed": LAYOUT_SEED}
    options["interaction"] = {
        "hover": True,
        "tooltipDelay": 120,
        "navigationButtons": False,
        "keyboard": {"enabled": True, "bindToWindow": False},
    }
    options["edges"] = {"smooth": False, "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}}
    options["nodes"] = {"font": {"size": 14, "face": "system-ui, sans-serif"}, "borderWidth": 1}
    return options


def _node(node_id: str, data: dict[str, Any], degree: int, max_degree: int) -> dict[str, Any]:
    group = data.get("group", "other")
    style = GROUP_STYLES.get(group, GROUP_STYLES["other"])
    label = str(data.get("label", node_id))
    details = {key: data[key] for key in _DETAIL_KEYS if data.get(key) not in (None, "", [])}
    if "type" in details:
        details["type"] = plain_kind(str(details["type"]))
    return {
        "id": node_id,
        "label": label if len(label) <= 40 else label[:39] + "…",
        "fullLabel": label,
        "group": group,
        "shape": style["shape"],
        "color": style["color"],
        "size": round(10 + 30 * (degree / max_degree if max_degree else 0), 1),
        "title": "\n".join(
            [
                label,
                *(
                    f"{_PLAIN_KEYS[k]}: {', '.join(v) if isinstance(v, list) else v}"
                    for k, v in details.items()
                    if k in _PLAIN_KEYS
                ),
            ]
        ),
        "country_name": data.get("country_name"),
        "details": details,
    }


def plain_kind(name: str) -> str:
    """``UniversityMedicalCentre`` -> ``University medical centre``."""
    words = re.findall(r"[A-Z][a-z]*|[a-z]+", name)
    return " ".join([words[0], *(w.lower() for w in words[1:])]) if words else name


def plain_amount(amount: Any, currency: str | None) -> str:
    """29000000 EUR -> "€ 29,000,000"; other currencies keep their code."""
    try:
        number = f"{float(amount):,.0f}"
    except (TypeError, ValueError):
        return str(amount)
    return f"€ {number}" if currency == "EUR" else f"{number} {currency or ''}".strip()


def plain_source(fact: dict[str, Any]) -> str:
    """Where a fact comes from, as a reader says it."""
    title = str(fact.get("source_title") or "")
    if fact.get("reference_data"):
        return f"From the reference list “{title.removeprefix('Reference data: ')}”"
    return f"From “{title}”"


def _edge_text(facts: list[dict[str, Any]]) -> str:
    lines = []
    for fact in facts:
        parts = [str(fact.get("relation_label") or fact["relation"])]
        if fact.get("role_label"):
            parts.append(f"role: {fact['role_label']}")
        if fact.get("date") or fact.get("start"):
            parts.append(
                f"{'since' if fact.get('start') else 'in'} {fact.get('start') or fact['date']}"
            )
        if fact.get("amount") not in (None, ""):
            parts.append(plain_amount(fact["amount"], fact.get("currency")))
        lines.append(" · ".join(parts))
        if fact.get("reference_data"):
            lines.append(plain_source(fact))
        else:
            lines.append(f"“{fact.get('evidence', '')}” ({plain_source(fact)})")
    return "\n".join(lines)


def _edges(
    graph: nx.MultiDiGraph, kept: set[str], folded_into: dict[str, str]
) -> list[dict[str, Any]]:
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for u, v, data in graph.edges(data=True):
        a, b = folded_into.get(u, u), folded_into.get(v, v)
        if a == b or a not in kept or b not in kept:
            continue
        grouped[(a, b)].append(data)
    kept_folded = set(folded_into.values())
    edges = []
    for index, ((a, b), facts) in enumerate(
        sorted(grouped.items(), key=lambda item: (str(item[0][0]), str(item[0][1])))
    ):
        facts.sort(
            key=lambda f: (f.get("reference_data", False), f["relation"], f.get("evidence", ""))
        )
        stated = [f["relation"] for f in facts if not f.get("reference_data")]
        relation = min(
            stated or [f["relation"] for f in facts],
            key=lambda r: (_COLOUR_PRIORITY.get(r, len(_COLOUR_PRIORITY)), r),
        )
        reference_only = all(f.get("reference_data") for f in facts)
        edges.append(
            {
                "id": f"e{index}",
                "from": a,
                "to": b,
                "relation": relation,
                "relations": sorted({str(f.get("relation_label") or f["relation"]) for f in facts}),
                "sources": sorted({f.get("source_title", "") for f in facts}),
                "years": sorted(
                    {
                        str(f.get(key))[:4]
                        for f in facts
                        for key in ("date", "start")
                        if f.get(key) and str(f.get(key))[:4].isdigit()
                    }
                ),
                # the same colour when selected or hovered: colours stay while one looks
                "color": dict.fromkeys(
                    ("color", "highlight", "hover"), _RELATION_COLOURS.get(relation, _OTHER_LINK)
                )
                | {"opacity": 0.75},
                "dashes": reference_only,
                "width": min(1 + len(facts), 6),
                "factCount": len(facts),
                "title": _edge_text(facts[:6])
                + (f"\n… and {len(facts) - 6} more facts" if len(facts) > 6 else ""),
                "facts": [
                    {
                        k: f.get(k)
                        for k in (
                            "relation",
                            "relation_label",
                            "role",
                            "role_label",
                            "date",
                            "start",
                            "end",
                            "amount",
                            "currency",
                            "evidence",
                            "source",
                            "source_title",
                            "source_url",
                            "source_cited",
                            "reference_data",
                        )
                    }
                    for f in facts[
                        : _FACTS_PER_EDGE if a not in kept_folded and b not in kept_folded else 3
                    ]
                ],
            }
        )
    return edges


def _is_folded(node: object) -> bool:
    return str(node).startswith("folded:")


def _strongest_folded_links(
    edges: list[dict[str, Any]], limit: int
) -> tuple[list[dict[str, Any]], int]:
    """All links between single nodes, and the ``limit`` links to folded groups with most facts."""
    direct = [e for e in edges if not (_is_folded(e["from"]) or _is_folded(e["to"]))]
    folded = [e for e in edges if _is_folded(e["from"]) or _is_folded(e["to"])]
    folded.sort(key=lambda e: (-e["factCount"], str(e["from"]), str(e["to"])))
    return direct + folded[:limit], max(0, len(folded) - limit)


def _fold(
    graph: nx.MultiDiGraph, keep: int
) -> tuple[set[str], dict[str, str], dict[str, dict[str, Any]], list[str]]:
    """Keep the ``keep`` highest-degree nodes; fold the rest by country (organisations) or kind."""
    degrees = dict(graph.degree())
    ranked = sorted(graph.nodes, key=lambda n: (-degrees[n], str(graph.nodes[n].get("label", n))))
    kept = set(ranked[:keep])
    folded_into: dict[str, str] = {}
    groups: dict[str, dict[str, Any]] = {}
    counts: Counter[str] = Counter()
    members: dict[str, list[str]] = defaultdict(list)
    for node in ranked[keep:]:
        data = graph.nodes[node]
        kind = data.get("group", "other")
        where = data.get("country_name") if kind == "organisation" else None
        key = f"folded:{kind}:{where or 'all'}"
        folded_into[node] = key
        counts[key] += 1
        if len(members[key]) < _MEMBERS_LISTED:
            members[key].append(str(data.get("label", node)))
        label_kind = GROUP_STYLES.get(kind, GROUP_STYLES["other"])["label"].lower()
        groups[key] = {
            "label": f"{label_kind}s in {where}" if where else f"other {label_kind}s",
            "group": "folded",
        }
    for key, count in counts.items():
        groups[key]["label"] = f"{count} {groups[key]['label']}"
        groups[key]["members"] = count
        listed = sorted(members[key], key=str.casefold)
        hidden = count - len(listed)
        groups[key]["member_labels"] = listed + ([f"… and {hidden:,} more"] if hidden else [])
    note = (
        f"Folded {len(folded_into):,} of {graph.number_of_nodes():,} nodes into {len(groups)} grey groups "
        f"(organisations by country, the rest by kind); the {len(kept):,} most connected are shown one by one."
    )
    return kept | set(groups), folded_into, groups, [note]


def _view(
    graph: nx.MultiDiGraph, title: str, explanation: str, slug: str, max_nodes: int
) -> MapView:
    view = MapView(title=title, explanation=explanation, slug=slug)
    if graph.number_of_nodes() > max_nodes:
        kept, folded_into, groups, notes = _fold(graph, max_nodes - 50)
        view.notes.extend(notes)
    else:
        kept, folded_into, groups = set(graph.nodes), {}, {}
    degrees: Counter[str] = Counter()
    for u, v in graph.edges():
        a, b = folded_into.get(u, u), folded_into.get(v, v)
        if a != b:
            degrees[a] += 1
            degrees[b] += 1
    max_degree = max(degrees.values(), default=1)
    for node in sorted(kept, key=str):
        data = groups.get(node) or graph.nodes[node]
        view.nodes.append(_node(node, data, degrees[node], max_degree))
    view.edges = _edges(graph, kept, folded_into)
    if folded_into:
        view.edges, dropped = _strongest_folded_links(view.edges, limit=len(kept))
        if dropped:
            view.notes.append(
                f"Of the links to grey groups, the {len(kept):,} strongest are drawn ({dropped:,} weaker ones left out)."
            )
    _place(view)
    if folded_into:
        _add_openable_members(view, graph, kept, folded_into, degrees)
    return view


_OPENED_PER_GROUP = 30
"""A grey group can be opened: its most connected members are drawn one by one around it."""
_OPENED_LINKS = 5
"""An opened member brings its strongest links (the page stays small)."""


def _add_openable_members(
    view: MapView,
    graph: nx.MultiDiGraph,
    kept: set[str],
    folded_into: dict[str, str],
    degrees: Counter[str],
) -> None:
    """The most connected members of each grey group, and their links to the nodes shown, as
    hidden nodes and links the page reveals when the group is opened."""
    by_group: dict[str, list[str]] = defaultdict(list)
    full_degree = dict(graph.degree())
    for member, group in folded_into.items():
        by_group[group].append(member)
    place = {node["id"]: (node["x"], node["y"]) for node in view.nodes}
    max_degree = max(degrees.values(), default=1)
    chosen: dict[str, str] = {}
    for group, members in sorted(by_group.items()):
        members.sort(key=lambda m: (-full_degree[m], str(m)))
        top = members[:_OPENED_PER_GROUP]
        gx, gy = place.get(group, (0, 0))
        for index, member in enumerate(top):
            angle = 2 * math.pi * index / max(len(top), 1)
            radius = 90 + 12 * len(top)
            node = _node(member, graph.nodes[member], full_degree[member], max_degree)
            node.update(
                x=round(gx + radius * math.cos(angle)),
                y=round(gy + radius * math.sin(angle)),
                openedFrom=group,
            )
            view.nodes.append(node)
            chosen[member] = group
    others = {m: g for m, g in folded_into.items() if m not in chosen}
    start = len(view.edges)
    per_member: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for edge in _edges(graph, kept | set(chosen) | set(folded_into.values()), others):
        member = edge["from"] if edge["from"] in chosen else edge["to"]
        if member in chosen:
            per_member[member].append(edge)
    for member, member_edges in sorted(per_member.items()):
        member_edges.sort(key=lambda e: (-e["factCount"], str(e["from"]), str(e["to"])))
        for edge in member_edges[:_OPENED_LINKS]:
            edge["id"] = f"o{start}-{edge['id']}"
            edge["openedFrom"] = chosen[member]
            edge["facts"] = edge["facts"][:1]  # an opened link shows its first fact
            edge["title"] = "\n".join(edge["title"].splitlines()[:2])
            view.edges.append(edge)


LAYOUT_SEED = 7
"""The same graph gives the same picture: the layout's random start is fixed."""
_SPACING = 95.0
_SPREAD = 2.5
"""Pixels between neighbouring nodes at zoom 1, so labels have room."""


_RINGS_ABOVE = 300
"""Nodes in a view above which its leaves are set in rings around their one neighbour."""


def _place(view: MapView) -> None:
    """Positions for every node, computed here (Fruchterman-Reingold, fixed seed) and drawn
    as they are: no physics in the browser, so a page opens at once and never moves. In a
    large view, the nodes with one link (a hub's projects) are set in rings around the node
    they link to, and only the rest is laid out: the picture a force layout converges to,
    without its cost (about 2 s for 800 nodes)."""
    layout_graph = nx.Graph()
    layout_graph.add_nodes_from(sorted(node["id"] for node in view.nodes))
    layout_graph.add_edges_from(
        sorted((edge["from"], edge["to"]) for edge in view.edges if edge["from"] != edge["to"])
    )
    count = layout_graph.number_of_nodes()
    if count == 0:
        return
    leaves = _leaves(layout_graph) if count > _RINGS_ABOVE else {}
    core = layout_graph.subgraph(n for n in layout_graph if n not in leaves)
    positions = nx.spring_layout(
        core,
        k=_SPREAD / count**0.5,  # wider than networkx's default, so labels have room
        seed=LAYOUT_SEED,
        iterations=100 if count <= _RINGS_ABOVE else 50,
    )
    scale = _SPACING * max(1.0, count**0.5)
    placed = {node: (float(x) * scale, float(y) * scale) for node, (x, y) in positions.items()}
    for parent, children in _by_parent(leaves).items():
        placed.update(_rings(placed[parent], children))
    for node in view.nodes:
        x, y = placed[node["id"]]
        node["x"], node["y"] = round(x), round(y)


def _leaves(graph: nx.Graph) -> dict[str, str]:
    """Each node with one link, to the node it links to (unless that one has one link too)."""
    found = {node: next(iter(graph[node])) for node in graph if graph.degree(node) == 1}
    return {leaf: parent for leaf, parent in found.items() if parent not in found}


def _by_parent(leaves: dict[str, str]) -> dict[str, list[str]]:
    children: dict[str, list[str]] = defaultdict(list)
    for leaf, parent in sorted(leaves.items()):
        children[parent].append(leaf)
    return children


def _rings(centre: tuple[float, float], children: list[str]) -> dict[str, tuple[float, float]]:
    """Rings around ``centre``, ``_SPACING`` apart and each filled with nodes ``_SPACING``
    apart along it, the inner ones first."""
    placed: dict[str, tuple[float, float]] = {}
    ring, start = 1, 0
    while start < len(children):
        radius = ring * _SPACING
        room = max(1, int(2 * math.pi * radius / _SPACING))
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
    graph: nx.MultiDiGraph, *, groups: set[str] | None = None, max_nodes: int = 800
) -> MapView:
    """The whole graph (optionally only some kinds of entity)."""
    shown = (
        graph
        if groups is None
        else graph.subgraph([n for n, g in graph.nodes(data="group") if g in groups])
    )
    return _view(
        shown,
        "Collaboration map: overview",
        "Every organisation, network, initiative, place and person the sources name; hover or click a link to see the sentence it comes from.",
        "overview",
        max_nodes,
    )


def entity_map(
    graph: nx.MultiDiGraph,
    name: str,
    *,
    depth: int = 1,
    groups: set[str] | None = None,
    max_nodes: int = 800,
) -> MapView:
    """One entity and its neighbourhood to ``depth`` hops; an organisation's own units count
    as the organisation (their links are drawn, through the unit)."""
    around = neighbourhood(graph, name, depth, include_units=True)
    centre = around.graph["centre"]
    if groups is not None:
        around = around.subgraph(
            [n for n, g in around.nodes(data="group") if g in groups or n == centre]
        ).copy()
    label = graph.nodes[centre]["label"]
    kind = "network" if graph.nodes[centre].get("group") == "network" else "institution"
    hops = "one step" if depth == 1 else f"{depth} steps"
    view = _view(
        around,
        f"Collaboration map: {label}",
        f"Who this {kind} is linked to, {hops} away, and through what; hover or click a link to see its source.",
        graph.nodes[centre].get("curie", centre).split(":", 1)[-1].replace("/", "-"),
        max_nodes,
    )
    for node in view.nodes:
        if node["id"] == centre:
            node["borderWidth"] = 4
            node["size"] = max(node["size"], 30)
    return view


def _things(count: int) -> str:
    return "the one thing" if count == 1 else f"the {count} things"


_COLUMN = 420
_ROW = 46


def compare_map(graph: nx.MultiDiGraph, first: str, second: str) -> MapView:
    """Two institutions side by side: each on its side with what only it is linked to, and
    in the middle what both are linked to (networks, partners, initiatives, countries), each
    shared item with a link, and so its evidence, from both sides. An institution's own
    units count as the institution."""
    left, right = node_for(graph, first), node_for(graph, second)
    families = (with_units(graph, left), with_units(graph, right))
    undirected = graph.to_undirected(as_view=True)
    reached = [
        {n for member in family for n in undirected.neighbors(member)} - family
        for family in families
    ]
    shared = (reached[0] & reached[1]) - families[0] - families[1]
    only = [reached[0] - shared - families[1], reached[1] - shared - families[0]]
    chosen = families[0] | families[1] | reached[0] | reached[1]
    labels = [graph.nodes[n]["label"] for n in (left, right)]
    view = _view(
        graph.subgraph(chosen),
        f"Comparison: {labels[0]} and {labels[1]}",
        f"In the middle, {_things(len(shared))} both are linked to; on each side, what only "
        "one of them has. Click a link for the sentence it comes from.",
        f"compare-{graph.nodes[left].get('curie', left).split(':')[-1]}-"
        f"{graph.nodes[right].get('curie', right).split(':')[-1]}".replace("/", "-"),
        max_nodes=10**9,
    )
    column = {n: 0 for n in shared}
    column.update({n: -2 for n in only[0]} | {n: 2 for n in only[1]})
    column.update({n: -1 for n in families[0]} | {n: 1 for n in families[1]})
    by_column: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for node in view.nodes:
        by_column[column[node["id"]]].append(node)
    for number, nodes in by_column.items():
        nodes.sort(key=lambda n: (n["group"], n["fullLabel"].casefold()))
        for row, node in enumerate(nodes):
            node["x"] = number * _COLUMN
            node["y"] = round((row - (len(nodes) - 1) / 2) * _ROW)
            node["side"] = {-2: "first", -1: "first", 0: "both", 1: "second", 2: "second"}[number]
    for node in view.nodes:
        if node["id"] in (left, right):
            node["borderWidth"] = 4
            node["size"] = max(node["size"], 30)
    return view
