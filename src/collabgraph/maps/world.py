"""The world map of a page: which countries its facts reach, and the outlines to draw them.

The outlines are Natural Earth's countries (public domain) from the npm package world-atlas
(ISC licence), projected once by ``scripts/vendor_world_atlas.sh`` into ``data/world.json``
and shipped with the package: a page draws them offline, with no tiles and no network.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import networkx as nx

from collabgraph.maps.labels import display_name

if TYPE_CHECKING:
    from collabgraph.maps.elements import FactTable

__all__ = [
    "CountryReach",
    "country_names",
    "place_codes",
    "view_countries",
    "world_data",
    "world_script",
]

ITEMS_LISTED = 200
"""A country's panel lists up to this many of the entities that link to it (all are counted)."""
PLACE_RELATIONS = frozenset({"cg:basedIn", "cg:activeIn", "cg:heldIn"})


@cache
def world_data() -> dict[str, Any]:
    """The countries' outlines (SVG paths in the Equal Earth projection, 1000 units wide)."""
    text = resources.files("collabgraph.maps").joinpath("data/world.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def world_json() -> str:
    """The outlines as JSON that is safe inside a <script> element."""
    text = json.dumps(world_data(), ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@cache
def world_script() -> str:
    """The outlines as a script a site writes once beside its pages."""
    return f"window.collabgraphWorld = {world_json()};\n"


@dataclass
class CountryReach:
    """One country on a page's world map: what links the page to it, each with its facts."""

    code: str
    name: str
    items: list[dict[str, Any]] = field(default_factory=list)
    count: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "count": self.count, "items": self.items}


def country_names(graph: nx.MultiDiGraph) -> dict[str, str]:
    """ISO code to the country's name, from the graph's countries (pycountry otherwise)."""
    names: dict[str, str] = {}
    for _, data in graph.nodes(data=True):
        if data.get("type") == "Country" and data.get("notation"):
            names.setdefault(str(data["notation"]), display_name(data))
        for code, name in zip(
            data.get("countries", []), data.get("country_names", []), strict=False
        ):
            names.setdefault(str(code), str(name))
    return names


def place_codes(data: dict[str, Any]) -> list[str]:
    """The countries of a place: a country's own code, a city's or region's country."""
    if data.get("type") == "Country" and data.get("notation"):
        return [str(data["notation"])]
    return [str(code) for code in data.get("countries", [])]


class ReachBuilder:
    """Collects, per country, the entities that link a page to it (each once per country)."""

    def __init__(self, graph: nx.MultiDiGraph, facts: FactTable) -> None:
        self.graph = graph
        self.facts = facts
        self.items: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        self.unlisted: dict[str, set[str]] = defaultdict(set)

    def add(
        self,
        code: str,
        entity: str,
        how: str,
        fact_edges: list[tuple[str, str, Any, dict[str, Any]]],
    ) -> None:
        """``entity`` links the page to the country ``code`` (``how``; the facts that say so).
        Past ``ITEMS_LISTED`` entities a country only counts the others."""
        item = self.items[code].get(entity)
        if item is None and len(self.items[code]) >= ITEMS_LISTED:
            self.unlisted[code].add(entity)
            return
        if item is None:
            item = {
                "node": entity,
                "label": display_name(self.graph.nodes[entity]),
                "how": [],
                "facts": [],
            }
            self.items[code][entity] = item
        if how not in item["how"]:
            item["how"].append(how)
        for u, v, key, data in fact_edges:
            fact_id = self.facts.add(self.graph, u, v, key, data)
            if fact_id not in item["facts"] and len(item["facts"]) < 6:
                item["facts"].append(fact_id)

    def based_in(
        self,
        entity: str,
        how: str,
        extra: list[tuple[str, str, Any, dict[str, Any]]],
        *,
        place_facts: bool = True,
    ) -> None:
        """The countries ``entity`` is based in (its ``countries``), with the facts that say so
        (with ``place_facts``: the facts that place it; for a partner, its link is evidence
        enough, and its place is read with its name)."""
        data = self.graph.nodes[entity]
        found = self.place_facts(entity, {"cg:basedIn"}) if place_facts else {}
        for code in data.get("countries", []):
            self.add(str(code), entity, how, extra + found.get(str(code), []))

    def active_in(
        self, entity: str, how: str, extra: list[tuple[str, str, Any, dict[str, Any]]]
    ) -> None:
        """The countries ``entity`` is active or held in, through its links to places."""
        for code, facts in sorted(self.place_facts(entity, {"cg:activeIn", "cg:heldIn"}).items()):
            self.add(code, entity, how, extra + facts)

    def place_facts(
        self, entity: str, relations: set[str]
    ) -> dict[str, list[tuple[str, str, Any, dict[str, Any]]]]:
        found: dict[str, list[tuple[str, str, Any, dict[str, Any]]]] = defaultdict(list)
        for u, v, key, data in sorted(
            self.graph.out_edges(entity, keys=True, data=True), key=lambda e: (str(e[1]), str(e[2]))
        ):
            if data.get("relation") in relations and self.graph.nodes[v].get("group") == "place":
                for code in place_codes(self.graph.nodes[v]):
                    found[code].append((u, v, key, data))
        return found

    def result(self) -> list[CountryReach]:
        names = country_names(self.graph)
        reached = []
        for code in sorted(self.items):
            items = sorted(
                self.items[code].values(), key=lambda i: (i["label"].casefold(), i["node"])
            )
            count = len(items) + len(self.unlisted[code])
            reached.append(
                CountryReach(code, names.get(code) or _pycountry_name(code), items, count)
            )
        return reached


def _pycountry_name(code: str) -> str:
    import pycountry

    found = pycountry.countries.get(alpha_2=code)
    return str(getattr(found, "name", code))


def view_countries(
    graph: nx.MultiDiGraph, nodes: list[str], facts: FactTable
) -> list[CountryReach]:
    """The countries of a general page: each entity on it counts in the countries it is based,
    active or held in."""
    builder = ReachBuilder(graph, facts)
    for node in nodes:
        if graph.nodes[node].get("group") == "place":
            continue
        builder.based_in(node, "based here", [])
        builder.active_in(node, "active here", [])
    return builder.result()
