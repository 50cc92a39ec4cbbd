"""A map as a :class:`pyvis.network.Network`, for researchers who work with pyvis in Jupyter.

The network carries what the map page computes: positions (physics off, so it shows the same
picture every time), colours and shapes by kind, sizes, display names, and each node's and
link's tooltip (the link's facts and their sentences). ``show()`` and ``generate_html()`` are
pyvis's own, with its template (which may fetch its stylesheet from a CDN); the map page
(:class:`~collabgraph.maps.page.Map`) is the self-contained one, with the world map, search,
filters and the panel.
"""

from __future__ import annotations

from typing import Any

from collabgraph.maps.elements import MapView

__all__ = ["pyvis_network"]


def pyvis_network(view: MapView, *, height: str = "620px", notebook: bool = True) -> Any:
    """The map's drawn nodes and links as a pyvis ``Network`` (vis-network inlined, so it
    shows offline in a notebook)."""
    from pyvis.network import Network

    network = Network(
        height=height,
        width="100%",
        directed=True,
        notebook=notebook,
        cdn_resources="in_line",
        heading=view.title,
    )
    network.toggle_physics(False)
    for node in view.nodes:
        if "openedFrom" in node:
            continue
        network.add_node(
            node["id"],
            label=node["label"],
            title=node.get("title") or node["fullLabel"],
            color=node.get("color", "#1d2733"),
            shape=node["shape"],
            size=node["size"],
            x=node["x"],
            y=node["y"],
            physics=False,
            borderWidth=node.get("borderWidth", 1),
            font={"size": 18 if node.get("heading") else 14},
        )
    for edge in view.edges:
        if "openedFrom" in edge:
            continue
        network.add_edge(
            edge["from"],
            edge["to"],
            title=edge["title"],
            color=edge["color"]["color"],
            width=edge["width"],
            dashes=edge["dashes"],
        )
    return network
