"""What an institution reaches, as its page and a comparison draw it: its units, networks,
partners and initiatives (:class:`Reach`), and the one link that folds all a partner shares
with it (:func:`partner_link`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from collabgraph.analysis.analyses import with_units
from collabgraph.analysis.projection import NOT_SHARING
from collabgraph.maps.elements import (
    SHARED_LINK,
    MapView,
    counted,
    make_edge,
    money_of,
    plain_amount,
    plain_kind,
)
from collabgraph.maps.labels import display_name

__all__ = ["SHARED_WITH_FACTS", "Fact", "Reach", "partner_link", "partner_summary", "sorted_edges"]


Fact = tuple[str, str, Any, dict[str, Any]]


SHARED_WITH_FACTS = 40
"""A partner link carries the facts of its first 40 shared initiatives; it names them all."""


def sorted_edges(edges: Any) -> list[Fact]:
    return sorted(edges, key=lambda e: (str(e[0]), str(e[1]), str(e[2])))


@dataclass
class Reach:
    """What an institution (with its units) is linked to, by kind, with the facts."""

    centre: str
    family: set[str]
    links: dict[str, list[Fact]] = field(default_factory=dict)
    """Each entity linked to the family, with the facts between them."""
    shared: dict[str, dict[str, list[Fact]]] = field(default_factory=dict)
    """Each organisation that takes part in one of the family's initiatives: the initiatives,
    each with that organisation's facts about it."""

    @classmethod
    def of(cls, graph: nx.MultiDiGraph, centre: str) -> Reach:
        family = with_units(graph, centre)
        reach = cls(centre, family)
        links: dict[str, list[Fact]] = defaultdict(list)
        for member in sorted(family):
            for u, v, key, data in sorted_edges(
                [
                    *graph.out_edges(member, keys=True, data=True),
                    *graph.in_edges(member, keys=True, data=True),
                ]
            ):
                other = v if u == member else u
                if other not in family:
                    links[other].append((u, v, key, data))
        reach.links = dict(sorted(links.items()))
        shared: dict[str, dict[str, list[Fact]]] = defaultdict(dict)
        for initiative in reach.of_group(graph, "initiative"):
            if all(data.get("relation") in NOT_SHARING for *_, data in links[initiative]):
                continue  # funding an initiative is not taking part in it
            for u, v, key, data in sorted_edges(
                [
                    *graph.out_edges(initiative, keys=True, data=True),
                    *graph.in_edges(initiative, keys=True, data=True),
                ]
            ):
                other = v if u == initiative else u
                if (
                    other in family
                    or graph.nodes[other].get("group") != "organisation"
                    or data.get("relation") in NOT_SHARING
                ):
                    continue
                shared[other].setdefault(initiative, []).append((u, v, key, data))
        reach.shared = dict(sorted(shared.items()))
        return reach

    def of_group(self, graph: nx.MultiDiGraph, group: str) -> list[str]:
        return [n for n in self.links if graph.nodes[n].get("group") == group]

    def partners(self, graph: nx.MultiDiGraph) -> list[str]:
        """Organisations linked directly or through shared initiatives, strongest first."""
        found = set(self.of_group(graph, "organisation")) | set(self.shared)

        def strength(partner: str) -> tuple[int, float, str, str]:
            shared = self.shared.get(partner, {})
            weight = len(shared) + (1 if partner in self.links else 0)
            money = sum(money_of(graph.nodes[i]) for i in shared)
            return (-weight, -money, display_name(graph.nodes[partner]).casefold(), partner)

        return sorted(found, key=strength)

    def shared_initiatives(self) -> set[str]:
        return {i for initiatives in self.shared.values() for i in initiatives}


def partner_summary(graph: nx.MultiDiGraph, initiatives: list[str]) -> str:
    """``12 shared projects, € 3.4 M`` (the EU contribution or amount of those projects)."""
    if not initiatives:
        return ""
    kinds = {graph.nodes[i].get("type") for i in initiatives}
    noun = "shared project" if kinds == {"Project"} else "shared initiative"
    money = sum(money_of(graph.nodes[i]) for i in initiatives)
    return counted(len(initiatives), noun) + (f", {plain_amount(money)}" if money else "")


def partner_link(
    graph: nx.MultiDiGraph,
    reach: Reach,
    partner: str,
    view: MapView,
    edge_id: str,
    *,
    weight: int,
) -> dict[str, Any]:
    """One link for all a partner (or any entity) shares with the institution: its direct
    facts, and each shared initiative with both sides' facts (the first ``SHARED_WITH_FACTS``)."""
    table = view.facts

    def ids(facts: list[Fact]) -> list[str]:
        return [table.add(graph, u, v, key, data) for u, v, key, data in facts]

    direct = ids(reach.links.get(partner, []))
    shared = reach.shared.get(partner, {})
    ordered = sorted(
        shared,
        key=lambda i: (-money_of(graph.nodes[i]), display_name(graph.nodes[i]).casefold(), i),
    )
    listed = []
    every = list(direct)
    for number, initiative in enumerate(ordered):
        item: dict[str, Any] = {
            "node": initiative,
            "label": display_name(graph.nodes[initiative]),
            "kind": plain_kind(str(graph.nodes[initiative].get("type", ""))),
        }
        money = money_of(graph.nodes[initiative])
        if money:
            item["money"] = plain_amount(money)
        if number < SHARED_WITH_FACTS:
            item["ours"] = ids(reach.links.get(initiative, []))
            item["theirs"] = ids(shared[initiative])
            every += [f for f in item["ours"] + item["theirs"] if f not in every]
        listed.append(item)
    relations = sorted(
        {str(table.facts[f].get("relation_label") or table.facts[f]["relation"]) for f in direct}
    )
    parts = [part for part in (", ".join(relations), partner_summary(graph, ordered)) if part]
    names = (display_name(graph.nodes[reach.centre]), display_name(graph.nodes[partner]))
    edge = make_edge(
        edge_id,
        reach.centre,
        partner,
        every,
        table,
        summary=f"{names[0]} and {names[1]}: {', '.join(parts)}",
        colour=SHARED_LINK if shared else None,
        weight=weight,
    )
    edge["facts"] = direct
    if listed:
        edge["shared"] = listed
    edge["factCount"] = len(direct) + sum(
        len(reach.links.get(i, [])) + len(shared[i]) for i in ordered
    )
    return edge
