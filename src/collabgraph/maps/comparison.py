"""Two institutions side by side, in three headed columns: what only the first is linked to,
what both are, what only the second is; aggregated like an institution's page (a partner
stands for the initiatives it shares with an institution), with a table of the same content.

An institution's own units count as the institution. A shared item has a link, and so its
evidence, from each side. A column with more than ``COLUMN_DRAWN`` items draws the most
important and folds the others into groups by kind, which the table and search still list.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import networkx as nx

from collabgraph.errors import CollabgraphError
from collabgraph.maps.elements import (
    GROUP_STYLES,
    MapView,
    counted,
    make_edge,
    make_node,
    plain_kind,
    slug_of,
)
from collabgraph.maps.labels import display_name
from collabgraph.maps.reach import Reach, partner_link
from collabgraph.maps.world import view_countries

__all__ = ["COLUMN_DRAWN", "compare_map"]

COLUMN_DRAWN = 60
"""Items a column draws one by one; the rest are folded into a group per kind."""
ROWS = 20
"""Items one below the other in a column before it continues beside."""
_ROW = 56
_WIDTH = 300
_GAP = 180
_KIND_ORDER = {
    "network": 0,
    "organisation": 1,
    "initiative": 2,
    "place": 3,
    "person": 4,
    "other": 5,
}
_COLUMNS = ("first", "both", "second")


def _items(graph: nx.MultiDiGraph, reach: Reach, other: set[str]) -> set[str]:
    """What an institution is linked to (directly, or a partner through shared initiatives),
    without the other institution and its units."""
    return (set(reach.links) | set(reach.shared)) - other


def _importance(graph: nx.MultiDiGraph, reaches: list[Reach], item: str) -> tuple[Any, ...]:
    weight = sum(len(r.links.get(item, [])) + len(r.shared.get(item, {})) for r in reaches)
    group = graph.nodes[item].get("group", "other")
    return (_KIND_ORDER.get(group, 9), -weight, display_name(graph.nodes[item]).casefold(), item)


def compare_map(graph: nx.MultiDiGraph, first: str, second: str) -> MapView:
    """The comparison page of two institutions (see the module's description)."""
    if first == second:
        raise CollabgraphError("compare two different institutions")
    reaches = [Reach.of(graph, first), Reach.of(graph, second)]
    items = [
        _items(graph, reaches[0], reaches[1].family),
        _items(graph, reaches[1], reaches[0].family),
    ]
    both = items[0] & items[1]
    columns = {
        "first": sorted(items[0] - both, key=lambda i: _importance(graph, reaches[:1], i)),
        "both": sorted(both, key=lambda i: _importance(graph, reaches, i)),
        "second": sorted(items[1] - both, key=lambda i: _importance(graph, reaches[1:], i)),
    }
    names = [display_name(graph.nodes[n]) for n in (first, second)]
    view = MapView(
        title=f"Comparison: {names[0]} and {names[1]}",
        explanation=f"Three columns: what only {names[0]} is linked to, what both are, what only "
        f"{names[1]} is; a partner's link counts the initiatives they share. Click a link for the sentence it comes from.",
        slug=f"compare-{slug_of(graph, first)}-{slug_of(graph, second)}",
        kind="comparison",
    )
    heads = {
        "first": f"Only {names[0]} ({len(columns['first']):,})",
        "both": f"Both ({len(columns['both']):,})",
        "second": f"Only {names[1]} ({len(columns['second']):,})",
    }
    drawn: dict[str, list[str]] = {}
    for column, members in columns.items():
        drawn[column] = members[:COLUMN_DRAWN]
        for item in drawn[column]:
            node = make_node(item, graph.nodes[item], size=16)
            node["side"] = column
            view.nodes.append(node)
        for group_id, group in _fold(graph, column, members[COLUMN_DRAWN:]).items():
            view.nodes.append(make_node(group_id, group, size=20) | {"side": column})
            drawn[column].append(group_id)
    for index, centre in enumerate((first, second)):
        node = make_node(centre, graph.nodes[centre], size=32, centre=True)
        node["side"] = _COLUMNS[index * 2]
        view.nodes.append(node)
    _place(view, drawn, heads, (first, second))
    number = 0
    for index, reach in enumerate(reaches):
        side = _COLUMNS[index * 2]
        for item in [*drawn[side], *drawn["both"]]:
            if item.startswith("folded:"):
                continue
            number += 1
            weight = len(reach.links.get(item, [])) + len(reach.shared.get(item, {}))
            view.edges.append(
                partner_link(graph, reach, item, view, f"e{number}", weight=max(1, weight))
            )
        for column in (side, "both"):
            for group_id in (g for g in drawn[column] if g.startswith("folded:")):
                number += 1
                members = next(n for n in view.nodes if n["id"] == group_id)["details"]["members"]
                view.edges.append(
                    make_edge(
                        f"e{number}",
                        reach.centre,
                        group_id,
                        [],
                        view.facts,
                        total=0,
                        summary=f"{members:,} more, listed in the table",
                    )
                )
    view.table = _table(graph, reaches, columns)
    view.countries = view_countries(
        graph, sorted([first, second, *items[0], *items[1]]), view.facts
    )
    return view


def _fold(graph: nx.MultiDiGraph, column: str, rest: list[str]) -> dict[str, dict[str, Any]]:
    by_kind: dict[str, list[str]] = defaultdict(list)
    for item in rest:
        by_kind[graph.nodes[item].get("group", "other")].append(item)
    groups = {}
    for kind, members in sorted(by_kind.items()):
        words = GROUP_STYLES.get(kind, GROUP_STYLES["other"])["label"].lower()
        groups[f"folded:{column}:{kind}"] = {
            "label": counted(len(members), f"more {words.split(',')[0].split(' or ')[0]}"),
            "group": "folded",
            "members": len(members),
            "member_labels": sorted(
                (display_name(graph.nodes[m]) for m in members), key=str.casefold
            ),
        }
    return groups


def _place(
    view: MapView, drawn: dict[str, list[str]], heads: dict[str, str], centres: tuple[str, str]
) -> None:
    """Columns left to right (only the first, both, only the second), each continuing beside
    itself every ``ROWS`` items, headed by a title; the two institutions between."""
    widths = {c: max(1, math.ceil(len(drawn[c]) / ROWS)) * _WIDTH for c in _COLUMNS}
    both_left = -widths["both"] / 2
    starts = {
        "first": both_left - 2 * _GAP - widths["first"],
        "both": both_left,
        "second": -both_left + 2 * _GAP,
    }
    top = -_ROW
    placed: dict[str, tuple[float, float]] = {}
    for column in _COLUMNS:
        for index, item in enumerate(drawn[column]):
            sub, row = divmod(index, ROWS)
            placed[item] = (starts[column] + _WIDTH / 2 + sub * _WIDTH, top + (row + 1) * _ROW)
        view.nodes.append(
            {
                "id": f"heading:{column}",
                "label": heads[column],
                "fullLabel": heads[column],
                "heading": True,
                "group": "heading",
                "shape": "text",
                "size": 1,
                "tier": -1,
                "font": {"size": 18, "bold": True},
                "details": {},
                "x": round(starts[column] + widths[column] / 2),
                "y": round(top - _ROW),
                "side": column,
            }
        )
    placed[centres[0]] = (both_left - _GAP, top + _ROW * 3)
    placed[centres[1]] = (-both_left + _GAP, top + _ROW * 3)
    for node in view.nodes:
        if node["id"] in placed:
            node["x"], node["y"] = (round(v) for v in placed[node["id"]])


def _how(graph: nx.MultiDiGraph, reach: Reach, item: str) -> str:
    relations = sorted(
        {
            str(data.get("relation_label") or data["relation"])
            for *_, data in reach.links.get(item, [])
        }
    )
    shared = len(reach.shared.get(item, {}))
    if shared:
        relations.append(counted(shared, "shared initiative"))
    return ", ".join(relations)


def _table(
    graph: nx.MultiDiGraph, reaches: list[Reach], columns: dict[str, list[str]]
) -> list[dict[str, Any]]:
    """The comparison as rows: column, kind, name, and how each side is linked to the item."""
    rows = []
    for column, members in columns.items():
        for item in members:
            data = graph.nodes[item]
            rows.append(
                {
                    "column": column,
                    "node": item,
                    "label": display_name(data),
                    "kind": plain_kind(str(data.get("type", data.get("group", "")))),
                    "first": _how(graph, reaches[0], item) if column != "second" else "",
                    "second": _how(graph, reaches[1], item) if column != "first" else "",
                }
            )
    return rows
