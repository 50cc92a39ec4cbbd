"""An institution's page: with whom, in which networks, where in the world.

The institution is in the middle with its units drawn small beside it (a unit's links are the
institution's links; the panel says which unit states them). Its networks and alliances stand
in a column on the left, always labelled; its partner institutions in columns on the right,
the strongest nearest. A partner is an organisation it is linked to directly or that takes
part in one of its initiatives: the projects and initiatives they share are folded into one
weighted link ("12 shared projects, € 3.4 M"), which lists them, each with both sides'
facts, and draws them on demand. Initiatives it shares with no partner are drawn below it.
Past the page's budget of nodes, the weakest partners are folded into groups by country, and
further initiatives, networks and units into groups that say how many they hold. The world
map counts, per country, the entities that link the institution to it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from collabgraph.maps.elements import (
    SHARED_LINK,
    MapView,
    counted,
    make_edge,
    make_node,
    slug_of,
)
from collabgraph.maps.labels import LABEL_TIERS, display_name
from collabgraph.maps.reach import Fact, Reach, partner_link, partner_summary, sorted_edges
from collabgraph.maps.world import ReachBuilder

__all__ = ["institution_map"]

UNITS_DRAWN = 8
NETWORKS_DRAWN = 40
OTHERS_DRAWN = 10
INITIATIVES_DRAWN = 24
COUNTRY_GROUPS = 25
"""How many of each kind a page draws one by one before folding the rest into a group
(partners: as many as the page's budget leaves, then one group per country, for the
``COUNTRY_GROUPS`` countries with most and one for the others)."""


@dataclass
class _Column:
    """Nodes set in columns (one node a row), starting at ``x`` and growing by ``step``."""

    x: float
    step: float
    rows: int = 12
    spacing: float = 66.0
    centred: bool = False
    """Columns centred on ``x`` (else they start at ``x``)."""
    nodes: list[str] = field(default_factory=list)

    def height(self) -> float:
        rows = max(self.rows, math.ceil(math.sqrt(len(self.nodes) / 0.37)))
        return min(rows, len(self.nodes)) * self.spacing

    def positions(self) -> dict[str, tuple[float, float]]:
        """Columns of ``rows`` nodes, or, for many nodes, as many rows as keep the block
        about as wide as a screen is (columns are five rows' spacing apart)."""
        placed = {}
        rows = max(self.rows, math.ceil(math.sqrt(len(self.nodes) / 0.37)))
        columns = [self.nodes[i : i + rows] for i in range(0, len(self.nodes), rows)]
        start = self.x - (len(columns) - 1) * self.step / 2 if self.centred else self.x
        for number, members in enumerate(columns):
            top = -(len(members) - 1) * self.spacing / 2
            for row, node in enumerate(members):
                placed[node] = (start + number * self.step, top + row * self.spacing)
        return placed


class _Page:
    """Builds the view: nodes, links and positions, within a budget of nodes."""

    def __init__(
        self, graph: nx.MultiDiGraph, reach: Reach, max_nodes: int, groups: set[str] | None
    ) -> None:
        self.graph = graph
        self.reach = reach
        self.groups = groups
        self.max_nodes = max_nodes
        centre = reach.centre
        label = display_name(graph.nodes[centre])
        self.view = MapView(
            title=f"Collaboration map: {label}",
            explanation=f"{label}'s networks (left) and partners (right); a partner's link counts the projects and initiatives they share. Click a link or a country to see the sentences it comes from.",
            slug=slug_of(graph, centre),
            kind="institution",
        )
        self.edge_number = 0

    def shown(self, group: str) -> bool:
        return self.groups is None or group in self.groups

    def build(self) -> MapView:
        graph, reach, view = self.graph, self.reach, self.view
        centre = reach.centre
        units = sorted(
            reach.family - {centre}, key=lambda u: (display_name(graph.nodes[u]).casefold(), u)
        )
        networks = reach.of_group(graph, "network") if self.shown("network") else []
        networks.sort(key=lambda n: (-graph.degree(n), display_name(graph.nodes[n]).casefold(), n))
        partners = reach.partners(graph) if self.shown("organisation") else []
        shared = reach.shared_initiatives()
        initiatives = (
            [i for i in reach.of_group(graph, "initiative") if i not in shared]
            if self.shown("initiative")
            else []
        )
        initiatives.sort(
            key=lambda i: (-graph.degree(i), display_name(graph.nodes[i]).casefold(), i)
        )
        others = [
            n
            for n in reach.links
            if graph.nodes[n].get("group") in ("person", "other")
            and self.shown(graph.nodes[n]["group"])
        ]
        drawn_units, more_units = units[:UNITS_DRAWN], units[UNITS_DRAWN:]
        drawn_networks, more_networks = networks[:NETWORKS_DRAWN], networks[NETWORKS_DRAWN:]
        drawn_others, more_others = others[:OTHERS_DRAWN], others[OTHERS_DRAWN:]
        drawn_initiatives, more_initiatives = (
            initiatives[:INITIATIVES_DRAWN],
            initiatives[INITIATIVES_DRAWN:],
        )
        fixed = 1 + sum(
            len(drawn) + (1 if more else 0)
            for drawn, more in (
                (drawn_units, more_units),
                (drawn_networks, more_networks),
                (drawn_others, more_others),
                (drawn_initiatives, more_initiatives),
            )
        )
        drawn_partners, partner_groups = self.fold_partners(partners, self.max_nodes - fixed)

        self.add_centre(centre)
        self.add_units(drawn_units, more_units)
        left = _Column(-480.0, -330.0, rows=10)
        right = _Column(480.0, 330.0, rows=10)
        below = _Column(0.0, 330.0, rows=4, centred=True)
        left.nodes += self.add_linked(drawn_networks, "network")
        left.nodes += self.add_group("networks", "network", more_networks, "more network")
        right.nodes += self.add_partners(drawn_partners)
        right.nodes += self.add_partner_groups(partner_groups)
        below.nodes += self.add_linked(drawn_initiatives, "initiative")
        below.nodes += self.add_group(
            "initiatives", "initiative", more_initiatives, "more initiative"
        )
        below.nodes += self.add_linked(drawn_others, "other")
        below.nodes += self.add_group("others", "other", more_others, "more person or report")
        self.add_links_among()
        placed = {**left.positions(), **right.positions()}
        for node, (x, y) in below.positions().items():
            placed[node] = (x, y + 170 + (below.height() - below.spacing) / 2)
        placed.update(self.unit_positions(drawn_units, more_units))
        placed[centre] = (0.0, 0.0)
        for drawn in view.nodes:
            drawn["x"], drawn["y"] = (round(v) for v in placed[drawn["id"]])
        view.countries = self.countries(partners)
        notes = []
        if partner_groups:
            folded = sum(len(members) for members in partner_groups.values())
            notes.append(
                f"{len(drawn_partners):,} of {len(partners):,} partners are drawn one by one; "
                f"the other {folded:,} are in grey groups by country (search finds them)."
            )
        view.notes.extend(notes)
        return view

    def fold_partners(
        self, partners: list[str], room: int
    ) -> tuple[list[str], dict[str, list[str]]]:
        """The partners drawn one by one and, past ``room``, groups of the others by country
        (the countries with most, and one group for the rest)."""
        if len(partners) <= room:
            return partners, {}
        drawn = max(1, room - COUNTRY_GROUPS - 1)
        while True:
            groups = self.country_groups(partners[drawn:])
            if drawn + len(groups) >= room or drawn + len(groups) >= len(partners):
                return partners[:drawn], groups
            drawn = room - len(groups)

    def country_groups(self, partners: list[str]) -> dict[str, list[str]]:
        by_country: dict[str, list[str]] = defaultdict(list)
        for partner in partners:
            by_country[str(self.graph.nodes[partner].get("country_name") or "")].append(partner)
        ranked = sorted(by_country, key=lambda c: (-len(by_country[c]), c))
        groups = {country: by_country[country] for country in ranked[:COUNTRY_GROUPS] if country}
        rest = [p for c in ranked if c not in groups for p in by_country[c]]
        if rest:
            groups["*"] = rest
        return groups

    def next_edge(self) -> str:
        self.edge_number += 1
        return f"e{self.edge_number}"

    def fact_ids(self, facts: list[Fact]) -> list[str]:
        return [self.view.facts.add(self.graph, u, v, key, data) for u, v, key, data in facts]

    def add_centre(self, centre: str) -> None:
        node = make_node(centre, self.graph.nodes[centre], size=30, centre=True)
        self.view.nodes.append(node)

    def add_units(self, units: list[str], more: list[str]) -> None:
        centre = self.reach.centre
        for unit in units:
            node = make_node(unit, self.graph.nodes[unit], size=9)
            node.update(unitOf=centre, tier=LABEL_TIERS["initiative"])  # drawn as part of it
            self.view.nodes.append(node)
            facts = [
                (u, v, key, data)
                for u, v, key, data in self.graph.out_edges(unit, keys=True, data=True)
                if data.get("relation") == "org:subOrganizationOf" and v in self.reach.family
            ]
            self.view.edges.append(
                make_edge(
                    self.next_edge(),
                    unit,
                    centre,
                    self.fact_ids(sorted_edges(facts)),
                    self.view.facts,
                )
            )
        if more:
            self.add_group("units", "organisation", more, "more unit", size=9)

    def unit_positions(self, units: list[str], more: list[str]) -> dict[str, tuple[float, float]]:
        """Units hug the institution: on a small arc above it."""
        members = units + (["folded:units"] if more else [])
        placed = {}
        for index, unit in enumerate(members):
            angle = math.radians(-90 + (index - (len(members) - 1) / 2) * 24)
            placed[unit] = (46 * math.cos(angle), 46 * math.sin(angle))
        return placed

    def add_linked(self, nodes: list[str], kind: str) -> list[str]:
        """Entities linked to the family, each with one link carrying the facts between them."""
        graph = self.graph
        top = max((len(self.reach.links[n]) for n in nodes), default=1)
        for node in nodes:
            facts = self.reach.links[node]
            size = 10 + 6 * (len(facts) / top) ** 0.5 + (4 if kind == "network" else 0)
            self.view.nodes.append(make_node(node, graph.nodes[node], size=size))
            self.view.edges.append(
                make_edge(
                    self.next_edge(), self.reach.centre, node, self.fact_ids(facts), self.view.facts
                )
            )
        return nodes

    def add_group(
        self, name: str, group: str, members: list[str], words: str, *, size: float = 22
    ) -> list[str]:
        """A grey group for the ``members`` not drawn, linked to the institution."""
        if not members:
            return []
        graph = self.graph
        node_id = f"folded:{name}"
        names = sorted((display_name(graph.nodes[m]) for m in members), key=str.casefold)
        data = {
            "label": counted(len(members), words),
            "group": "folded",
            "members": len(members),
            "member_labels": names,
        }
        self.view.nodes.append(make_node(node_id, data, size=size))
        facts = [fact for member in members for fact in self.reach.links.get(member, [])]
        self.view.edges.append(
            make_edge(
                self.next_edge(),
                self.reach.centre,
                node_id,
                self.fact_ids(facts[:10]),
                self.view.facts,
                total=len(facts),
                summary=counted(len(members), words.removeprefix("more ")),
                weight=min(len(members), 6),
            )
        )
        return [node_id]

    def add_partners(self, partners: list[str]) -> list[str]:
        graph, reach = self.graph, self.reach
        weights = {
            p: len(reach.shared.get(p, {})) + (1 if p in reach.links else 0) for p in partners
        }
        top = max(weights.values(), default=1)
        for partner in partners:
            self.view.nodes.append(
                make_node(
                    partner, graph.nodes[partner], size=10 + 12 * (weights[partner] / top) ** 0.5
                )
            )
            self.view.edges.append(self.partner_edge(partner, weights[partner]))
        return partners

    def partner_edge(self, partner: str, weight: int) -> dict[str, Any]:
        return partner_link(
            self.graph, self.reach, partner, self.view, self.next_edge(), weight=weight
        )

    def add_partner_groups(self, groups: dict[str, list[str]]) -> list[str]:
        graph, reach = self.graph, self.reach
        added = []
        for country, members in groups.items():
            node_id = f"folded:partners:{country}"
            where = f" in {country}" if country != "*" else " in other countries"
            names = sorted((display_name(graph.nodes[m]) for m in members), key=str.casefold)
            label = counted(len(members), "more partner") + where
            data = {
                "label": label,
                "group": "folded",
                "members": len(members),
                "member_labels": names,
            }
            self.view.nodes.append(make_node(node_id, data, size=22))
            initiatives = sorted({i for m in members for i in reach.shared.get(m, {})})
            summary = f"{counted(len(members), 'partner')}{where}" + (
                f"; {partner_summary(graph, initiatives)}" if initiatives else ""
            )
            direct = [fact for member in members for fact in reach.links.get(member, [])]
            self.view.edges.append(
                make_edge(
                    self.next_edge(),
                    reach.centre,
                    node_id,
                    self.fact_ids(direct[:10]),
                    self.view.facts,
                    total=len(direct),
                    summary=summary,
                    colour=SHARED_LINK if initiatives else None,
                    weight=min(len(members), 6),
                )
            )
            added.append(node_id)
        return added

    def add_links_among(self) -> None:
        """Facts between two drawn entities other than the institution (a partner's network)."""
        graph, family = self.graph, self.reach.family
        drawn = {
            n["id"] for n in self.view.nodes if not str(n["id"]).startswith("folded:")
        } - family
        links: dict[tuple[str, str], list[Fact]] = defaultdict(list)
        for node in sorted(drawn):
            for u, v, key, data in sorted_edges(graph.out_edges(node, keys=True, data=True)):
                if v in drawn and v != u:
                    links[(u, v)].append((u, v, key, data))
        for (u, v), facts in sorted(links.items()):
            self.view.edges.append(
                make_edge(self.next_edge(), u, v, self.fact_ids(facts), self.view.facts)
            )

    def countries(self, partners: list[str]) -> list[Any]:
        """Per country, what links the institution to it: itself or a unit based or active
        there, partners based there, initiatives active there, networks based there or with
        members there (each network once per country)."""
        graph, reach = self.graph, self.reach
        builder = ReachBuilder(graph, self.view.facts)
        for member in sorted(reach.family):
            builder.based_in(member, "based here", [])
            builder.active_in(member, "active here", [])
        for partner in partners:
            link = reach.links.get(partner) or [
                f for facts in reach.shared.get(partner, {}).values() for f in facts
            ]
            builder.based_in(partner, "partner based here", link[:2], place_facts=False)
        for initiative in reach.of_group(graph, "initiative"):
            builder.active_in(initiative, "initiative active here", reach.links[initiative][:2])
        for network in reach.of_group(graph, "network"):
            link = reach.links[network][:2]
            builder.based_in(network, "network based here", link)
            builder.active_in(network, "network active here", link)
            for u, v, key, data in sorted_edges(graph.in_edges(network, keys=True, data=True)):
                if data.get("relation") == "org:memberOf" and u not in reach.family:
                    for code in graph.nodes[u].get("countries", []):
                        builder.add(
                            str(code),
                            network,
                            "network with members here",
                            [*link, (u, v, key, data)],
                        )
        return builder.result()


def institution_map(
    graph: nx.MultiDiGraph, centre: str, *, groups: set[str] | None = None, max_nodes: int = 150
) -> MapView:
    """An institution's page (see the module's description), at most ``max_nodes`` nodes."""
    return _Page(graph, Reach.of(graph, centre), max_nodes, groups).build()
