"""Serialising the whole graph: TriG, N-Quads and JSON-LD keep the named graphs; Turtle and
N-Triples hold their union."""

from __future__ import annotations

from rdflib import Dataset, Graph

from ._namespace import PREFIXES
from .errors import UnknownNameError

__all__ = ["EXPORT_FORMATS", "GRAPH_FORMATS", "export_dataset", "serialize_graph"]

EXPORT_FORMATS: dict[str, str] = {
    "ttl": "turtle",
    "trig": "trig",
    "nq": "nquads",
    "nt": "nt",
    "jsonld": "json-ld",
}
GRAPH_FORMATS = ("ttl", "nt", "jsonld")
"""Formats for a single graph (CONSTRUCT and DESCRIBE results)."""


def _rdflib_format(fmt: str) -> str:
    if fmt not in EXPORT_FORMATS:
        raise UnknownNameError("RDF format", fmt, EXPORT_FORMATS)
    return EXPORT_FORMATS[fmt]


def serialize_graph(graph: Graph, fmt: str) -> bytes:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph.serialize(format=_rdflib_format(fmt), encoding="utf-8")


def export_dataset(dataset: Dataset, fmt: str) -> bytes:
    """The whole dataset in ``fmt`` (one of :data:`EXPORT_FORMATS`)."""
    rdflib_format = _rdflib_format(fmt)
    if fmt in {"ttl", "nt"}:
        union = Graph()
        for triple in dataset.triples((None, None, None)):
            union.add(triple)
        return serialize_graph(union, fmt)
    return dataset.serialize(format=rdflib_format, encoding="utf-8")
