"""Map models: what a network map shows, computed from the entity graph (no HTML here).

A :class:`MapView` holds nodes and links with their visual style (colour and shape by kind,
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

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from collabgraph.analysis.analyses import neighbourhood, node_for
from collabgraph.maps.labels import display_name, label_tier
from collabgraph.maps.world import CountryReach, view_countries

__all__ = [
    "GROUP_STYLES",
    "LAYOUT_SEED",
    "FactTable",
    "MapView",
    "entity_map",
    "overview_map",
    "vis_options",
]

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


LAYOUT_SEED = 7
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


def slug_of(graph: nx.MultiDiGraph, node: str) -> str:
    return str(graph.nodes[node].get("curie", node)).split(":", 1)[-1].replace("/", "-")


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
