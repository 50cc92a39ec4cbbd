"""Files several subsystems share: atomic writes, the built graph, RDF serialisation.

TriG, N-Quads and JSON-LD keep the named graphs; Turtle and N-Triples hold their union.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from rdflib import Dataset, Graph

from collabgraph.errors import BuildError, CollabgraphError, UnknownNameError
from collabgraph.namespace import PREFIXES
from collabgraph.project import Project

__all__ = [
    "GRAPH_FORMATS",
    "NETWORK_FORMATS",
    "RDF_FORMATS",
    "atomic_writer",
    "export_dataset",
    "load_built_graph",
    "serialize_graph",
    "write_atomically",
]

RDF_FORMATS: dict[str, str] = {
    "ttl": "turtle",
    "trig": "trig",
    "nq": "nquads",
    "nt": "nt",
    "jsonld": "json-ld",
}
GRAPH_FORMATS = ("ttl", "nt", "jsonld")
"""Formats for a single graph (CONSTRUCT and DESCRIBE results)."""
NETWORK_FORMATS = ("graphml", "gexf", "csv", "json")
"""Formats a networkx projection is written in (``collabgraph.analysis.exports``)."""


def _rdflib_format(fmt: str) -> str:
    if fmt not in RDF_FORMATS:
        raise UnknownNameError("RDF format", fmt, RDF_FORMATS)
    return RDF_FORMATS[fmt]


def serialize_graph(graph: Graph, fmt: str) -> bytes:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph.serialize(format=_rdflib_format(fmt), encoding="utf-8")


def export_dataset(dataset: Dataset, fmt: str) -> bytes:
    """The whole dataset in ``fmt`` (one of :data:`RDF_FORMATS`)."""
    rdflib_format = _rdflib_format(fmt)
    if fmt in {"ttl", "nt"}:
        union = Graph()
        for triple in dataset.triples((None, None, None)):
            union.add(triple)
        return serialize_graph(union, fmt)
    return dataset.serialize(format=rdflib_format, encoding="utf-8")


def _default_file_mode() -> int:
    """The mode a plain ``open()`` would give a new file (0666 less the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename: readers never see half a file.

    The file gets the user's normal permissions (``mkstemp`` alone would make it 0600); a
    path that cannot be written is a user error naming the path, never a traceback.
    """
    with atomic_writer(path) as stream:
        stream.write(data)


@contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A binary stream to ``path`` that appears there only when the block ends without an
    error (for outputs too large to hold in memory); see :func:`write_atomically`."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise CollabgraphError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(_default_file_mode())
        Path(temporary).replace(path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise CollabgraphError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def built_graph_file(project: Project) -> Path:
    """The graph file the last successful build wrote (a clear error if there is none)."""
    if not project.graph_file.is_file():
        raise BuildError(f"no built graph at {project.graph_file}; run 'collabgraph build' first")
    return project.graph_file


def load_built_graph(project: Project) -> Dataset:
    """The graph written by the last successful build."""
    dataset = Dataset(default_union=True)
    dataset.parse(built_graph_file(project), format="trig")
    return dataset
