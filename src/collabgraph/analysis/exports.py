"""Networks as files other tools read: GraphML, GEXF, node and edge CSV, node-link JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from collabgraph.errors import UnknownNameError
from collabgraph.io import NETWORK_FORMATS, write_atomically

__all__ = ["export_graph", "flattened"]


def _flat(value: Any) -> Any:
    if isinstance(value, list | tuple | set):
        return "; ".join(str(item) for item in value)
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def flattened(graph: nx.Graph) -> nx.Graph:
    """Lists joined with '; ', None dropped: what GraphML and GEXF can carry."""
    flat = graph.__class__()
    flat.graph.update({k: _flat(v) for k, v in graph.graph.items() if v is not None})
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: _flat(v) for k, v in data.items() if v is not None})
    if graph.is_multigraph():
        for u, v, key, data in graph.edges(keys=True, data=True):
            flat.add_edge(
                u, v, key=key, **{k: _flat(val) for k, val in data.items() if val is not None}
            )
    else:
        for u, v, data in graph.edges(data=True):
            flat.add_edge(u, v, **{k: _flat(val) for k, val in data.items() if val is not None})
    return flat


def export_graph(graph: nx.Graph, fmt: str, path: Path) -> list[Path]:
    """Write ``graph`` as GraphML, GEXF, node and edge CSV, or node-link JSON; returns the files."""
    import pandas as pd

    if fmt not in NETWORK_FORMATS:
        raise UnknownNameError("network format", fmt, NETWORK_FORMATS)
    if fmt == "json":
        data = nx.node_link_data(graph, edges="edges")
        write_atomically(path, json.dumps(data, indent=1, default=str, ensure_ascii=False).encode())
        return [path]
    flat = flattened(graph)
    if fmt in {"graphml", "gexf"}:
        lines = nx.generate_graphml(flat) if fmt == "graphml" else nx.generate_gexf(flat)
        write_atomically(path, ("\n".join(lines) + "\n").encode("utf-8"))
        return [path]
    nodes = pd.DataFrame([{"node": n, **d} for n, d in flat.nodes(data=True)])
    edges = pd.DataFrame([{"source": u, "target": v, **d} for u, v, d in flat.edges(data=True)])
    node_path = path.with_name(path.stem + "-nodes.csv")
    edge_path = path.with_name(path.stem + "-edges.csv")
    write_atomically(node_path, nodes.to_csv(index=False).encode())
    write_atomically(edge_path, edges.to_csv(index=False).encode())
    return [node_path, edge_path]
