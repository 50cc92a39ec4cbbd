"""The parts a map is made of: its model (:class:`MapView`, :class:`FactTable`), the style of
nodes and links by kind, and the plain words a page uses for kinds, amounts and counts.

``maps.view`` (the general view, the overview and an entity's page), ``maps.institution`` and
``maps.comparison`` build their pages from these; none of them is imported here, so the map
modules import one way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from collabgraph.maps.labels import display_name, label_tier
from collabgraph.maps.world import CountryReach

__all__ = [
    "FACTS_PER_LINK",
    "GROUP_STYLES",
    "LAYOUT_SEED",
    "MONEY_ATTRIBUTES",
    "SHARED_LINK",
    "FactTable",
    "MapView",
    "counted",
    "fact_text",
    "make_edge",
    "make_node",
    "money_of",
    "plain_amount",
    "plain_kind",
    "plain_plural",
    "plain_source",
    "slug_of",
    "vis_options",
]

LAYOUT_SEED = 7
"""The seed of every layout (vis-network's, and networkx's in ``maps.view``)."""

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
SHARED_LINK = "#2f6fb0"
"""The colour of a link that stands for initiatives two organisations share."""
_OTHER_LINK = "#5b6f86"
_COLOUR_PRIORITY = {
    relation: rank
    for rank, relation in enumerate(
        ["org:memberOf", "cg:coordinates", "cg:participatesIn", "cg:contactPersonFor"]
    )
}
"""A link with several facts takes the colour of its strongest stated relation."""
_LINK_WORDS = {
    "org:memberOf": "member of",
    "cg:participatesIn": "takes part in",
    "cg:contactPersonFor": "contact person for",
    "cg:basedIn": "based or active in a place",
}
_DETAIL_KEYS = ("type", "country_name", "places", "aliases", "iri")
_PLAIN_KEYS = {
    "type": "Kind",
    "country_name": "Country",
    "places": "City or region",
    "aliases": "Also called",
}
"""What a tooltip says about a node, in words (codes and identifiers are in the panel)."""
_FACT_KEYS = (
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
FACTS_PER_LINK = 10
"""A link between two groups can stand for thousands of facts; it carries the first ten."""
MONEY_ATTRIBUTES = ("euContribution", "amount", "investment")
"""The node attributes that say how much money an initiative has, in order of preference."""


@dataclass
class FactTable:
    """The facts a page shows, each stored once (a hub's project fact is behind every partner
    link that shares the project) and referred to by a short id."""

    facts: dict[str, dict[str, Any]] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)

    def add(self, graph: nx.MultiDiGraph, u: str, v: str, key: Any, data: dict[str, Any]) -> str:
        """The id of the fact ``u -> v`` (the edge ``key``), stored on first use."""
        name = str(data.get("fact", key))
        if name not in self.ids:
            fact_id = f"f{len(self.ids) + 1}"
            self.ids[name] = fact_id
            fact = {k: data.get(k) for k in _FACT_KEYS if data.get(k) not in (None, "")}
            fact["reference_data"] = bool(data.get("reference_data"))
            fact["subject"] = display_name(graph.nodes[u])
            fact["object"] = display_name(graph.nodes[v])
            self.facts[fact_id] = fact
        return self.ids[name]


@dataclass
class MapView:
    """One map: title, one-line explanation, nodes, links, their facts, the countries it
    reaches, and notes about folding."""

    title: str
    explanation: str
    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    slug: str = "overview"
    kind: str = "overview"
    facts: FactTable = field(default_factory=FactTable)
    countries: list[CountryReach] = field(default_factory=list)
    table: list[dict[str, Any]] = field(default_factory=list)
    """A comparison's table: each row an item with its column (first, both, second)."""

    def legend(self) -> list[dict[str, str]]:
        present = {node["group"] for node in self.nodes if not node.get("heading")}
        return [
            dict(style, group=group) for group, style in GROUP_STYLES.items() if group in present
        ]

    def link_legend(self) -> list[dict[str, str]]:
        """What a link's colour says, for the colours this map uses."""
        used = {edge["color"]["color"] for edge in self.edges}
        legend = [
            {"color": colour, "label": _LINK_WORDS[relation]}
            for relation, colour in _RELATION_COLOURS.items()
            if relation in _LINK_WORDS and colour in used
        ]
        if SHARED_LINK in used:
            legend.append({"color": SHARED_LINK, "label": "shared initiatives and projects"})
        if _OTHER_LINK in used:
            legend.append({"color": _OTHER_LINK, "label": "any other relation"})
        return legend

    def filters(self) -> dict[str, list[str]]:
        """The values each filter offers: kinds, countries, relations, sources, years."""
        drawn = [n for n in self.nodes if not n.get("heading")]
        facts = self.facts.facts.values()
        return {
            "groups": sorted({n["group"] for n in drawn}),
            "countries": sorted({n["country_name"] for n in drawn if n.get("country_name")}),
            "relations": sorted({r for e in self.edges for r in e["relations"]}),
            "sources": sorted({str(f["source_title"]) for f in facts if f.get("source_title")}),
            "years": sorted({y for e in self.edges for y in e.get("years", [])}),
        }

    def data(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "explanation": self.explanation,
            "nodes": self.nodes,
            "edges": self.edges,
            "facts": self.facts.facts,
            "countries": [country.to_json() for country in self.countries],
            "table": self.table,
            "filters": self.filters(),
        }

    def data_json(self) -> str:
        """The map's data as JSON that is safe inside a <script> element."""
        text = json.dumps(self.data(), ensure_ascii=False, separators=(",", ":"), default=str)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def vis_options() -> dict[str, Any]:
    """vis-network options: the nodes come with their positions (computed in Python), so
    physics is off and the layout never moves; the page's script does the keyboard."""
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": LAYOUT_SEED},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "navigationButtons": False,
            "keyboard": {"enabled": False},
            "multiselect": False,
        },
        "edges": {"smooth": False, "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}},
        "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif"}, "borderWidth": 1},
    }


def plain_kind(name: str) -> str:
    """``UniversityMedicalCentre`` -> ``University medical centre``."""
    words = re.findall(r"[A-Z][a-z]*|[a-z]+", name)
    return " ".join([words[0], *(w.lower() for w in words[1:])]) if words else name


def plain_amount(amount: Any, currency: str | None = "EUR") -> str:
    """29000000 EUR -> "€ 29 M"; 3400000 -> "€ 3.4 M"; small amounts in full."""
    try:
        value = float(amount)
    except (TypeError, ValueError):
        return str(amount)
    if abs(value) >= 1e9:
        number = f"{value / 1e9:,.1f} bn".replace(".0 ", " ")
    elif abs(value) >= 1e6:
        number = f"{value / 1e6:,.1f} M".replace(".0 ", " ")
    else:
        number = f"{value:,.0f}"
    return f"€ {number}" if currency in (None, "EUR") else f"{number} {currency}"


def money_of(data: dict[str, Any]) -> float:
    """What an initiative's node says it is worth in euros (0 when it says nothing)."""
    for attribute in MONEY_ATTRIBUTES:
        value = data.get(attribute)
        currency = data.get(f"{attribute}_currency", "EUR")
        if isinstance(currency, list):
            currency = currency[0]
        if value is None or currency != "EUR":
            continue
        if isinstance(value, list):
            value = max(value, key=float)
        try:
            return float(value)
        except (TypeError, ValueError):
            continue
    return 0.0


def plain_source(fact: dict[str, Any]) -> str:
    """Where a fact comes from, as a reader says it."""
    title = str(fact.get("source_title") or "")
    if fact.get("reference_data"):
        return f"From the reference list “{title.removeprefix('Reference data: ')}”"
    return f"From “{title}”"


def fact_text(facts: list[dict[str, Any]]) -> str:
    """Facts as lines a tooltip shows: relation, role, date, amount, then the sentence."""
    lines = []
    for fact in facts:
        parts = [
            f"{fact['subject']} {fact.get('relation_label') or fact['relation']} {fact['object']}"
        ]
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


def make_node(
    node_id: str,
    data: dict[str, Any],
    *,
    size: float,
    centre: bool = False,
    label: str | None = None,
) -> dict[str, Any]:
    """A node as the page draws it: display name, kind, style, tooltip and panel details."""
    group = data.get("group", "other")
    style = GROUP_STYLES.get(group, GROUP_STYLES["other"])
    name = label or display_name(data)
    details = {key: data[key] for key in _DETAIL_KEYS if data.get(key) not in (None, "", [])}
    if "type" in details:
        details["type"] = plain_kind(str(details["type"]))
    registered = str(data.get("label", ""))
    if registered and registered != name:
        details["legal_name"] = registered
    for key in ("member_labels", "members"):
        if key in data:
            details[key] = data[key]
    node: dict[str, Any] = {
        "id": node_id,
        "label": name if len(name) <= 40 else name[:39] + "…",
        "fullLabel": name,
        "group": group,
        "shape": style["shape"],
        "color": style["color"],
        "size": round(size, 1),
        "tier": label_tier(group, centre=centre),
        "title": "\n".join(
            [
                name,
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
    if centre:
        node["borderWidth"] = 4
    return node


def _colour(relations: Iterable[str]) -> str:
    strongest = min(relations, key=lambda r: (_COLOUR_PRIORITY.get(r, 99), r))
    return _RELATION_COLOURS.get(strongest, _OTHER_LINK)


def _years(facts: list[dict[str, Any]]) -> list[str]:
    return sorted(
        {
            str(fact.get("date") or fact.get("start"))[:4]
            for fact in facts
            if fact.get("date") or fact.get("start")
        }
    )


def make_edge(
    edge_id: str,
    source: str,
    target: str,
    fact_ids: list[str],
    table: FactTable,
    *,
    total: int | None = None,
    summary: str | None = None,
    colour: str | None = None,
    weight: int | None = None,
) -> dict[str, Any]:
    """A link as the page draws it: the facts it stands for (``total`` when it carries only
    the first of them), coloured by its strongest relation, dashed when only reference data
    states it, thicker with more facts."""
    facts = [table.facts[f] for f in fact_ids]
    relations = sorted(
        {f["relation_label"] if "relation_label" in f else f["relation"] for f in facts}
    )
    count = total if total is not None else len(fact_ids)
    tooltip = ([summary] if summary else []) + [fact_text(facts[:4])]
    if count > 4 and len(facts) > 4:
        tooltip.append(f"… and {count - 4:,} more facts: click to see them")
    edge: dict[str, Any] = {
        "id": edge_id,
        "from": source,
        "to": target,
        "relations": relations,
        "sources": sorted({str(f.get("source_title")) for f in facts if f.get("source_title")}),
        "years": _years(facts),
        "color": dict.fromkeys(
            ("color", "highlight", "hover"),
            colour or _colour(f["relation"] for f in facts) if facts else colour or _OTHER_LINK,
        )
        | {"opacity": 0.75},
        "dashes": bool(facts) and all(f.get("reference_data") for f in facts),
        "width": min(1 + (weight if weight is not None else count), 8),
        "factCount": count,
        "title": "\n".join(t for t in tooltip if t),
        "facts": fact_ids,
    }
    if summary:
        edge["summary"] = summary
    return edge


# --- the general view: most connected one by one, the rest folded -------------------------------


def plain_plural(words: str) -> str:
    """``university`` -> ``universities``; ``initiative, grant or event`` -> ``initiatives,
    grants or events``."""
    parts = re.split(r"(, | or | and )", words)
    return "".join(
        part
        if part in (", ", " or ", " and ")
        else " ".join([*part.split()[:-1], _plural(part.split()[-1])])
        for part in parts
        if part
    )


def _plural(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def counted(count: int, singular: str) -> str:
    """``37 universities``, ``1 university``."""
    return f"{count:,} {singular if count == 1 else plain_plural(singular)}"


def slug_of(graph: nx.MultiDiGraph, node: str) -> str:
    return str(graph.nodes[node].get("curie", node)).split(":", 1)[-1].replace("/", "-")
