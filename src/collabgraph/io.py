"""Files several subsystems share: atomic writes, the built graph, RDF serialisation.

TriG, N-Quads and JSON-LD keep the named graphs; Turtle and N-Triples hold their union.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from collabgraph.errors import BuildError, CollabgraphError, UnknownNameError
from collabgraph.generations import current_generation, fsync_folder
from collabgraph.prefixes import PREFIXES
from collabgraph.project import Project

if TYPE_CHECKING:
    from rdflib import Dataset, Graph

__all__ = [
    "GRAPH_FORMATS",
    "NETWORK_FORMATS",
    "RDF_FORMATS",
    "atomic_writer",
    "export_dataset",
    "load_built_graph",
    "read_dataset",
    "serialize_graph",
    "trig_bytes",
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
    if fmt == "trig":
        return trig_bytes(dataset)
    if fmt in {"ttl", "nt"}:
        from rdflib import Graph

        union = Graph()
        for triple in dataset.triples((None, None, None)):
            union.add(triple)
        return _sorted_lines(serialize_graph(union, fmt), fmt)
    return _sorted_lines(dataset.serialize(format=rdflib_format, encoding="utf-8"), fmt)


def _sorted_lines(data: bytes, fmt: str) -> bytes:
    """N-Triples and N-Quads, a statement a line, in sorted order (the same bytes each time)."""
    if fmt not in {"nt", "nq"}:
        return data
    return b"".join(sorted(line + b"\n" for line in data.splitlines() if line.strip()))


def _default_file_mode() -> int:
    """The mode a plain ``open()`` would give a new file (0666 less the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(path: Path, data: bytes, *, make_folder: bool = False) -> None:
    """Write to a temporary file beside ``path``, sync it, then rename: readers never see
    half a file, and a crash leaves the old file or the new one.

    The file gets the user's normal permissions (``mkstemp`` alone would make it 0600); a
    path that cannot be written is a user error naming the path, never a traceback. Its
    folder must exist unless ``make_folder``.
    """
    with atomic_writer(path, make_folder=make_folder) as stream:
        stream.write(data)


@contextmanager
def atomic_writer(path: Path, *, make_folder: bool = False) -> Iterator[BinaryIO]:
    """A binary stream to ``path`` that appears there only when the block ends without an
    error (for outputs too large to hold in memory); see :func:`write_atomically`."""
    handle, temporary = _temporary_beside(Path(path), make_folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(_default_file_mode())
        temporary.replace(path)
        fsync_folder(temporary.parent)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise CollabgraphError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _temporary_beside(path: Path, make_folder: bool) -> tuple[int, Path]:
    """A new temporary file in ``path``'s folder; a folder that is missing (and not to be
    made) or that is a file is a one-line error naming it."""
    folder = path.parent
    try:
        if make_folder:
            folder.mkdir(parents=True, exist_ok=True)
        elif not folder.is_dir():
            what = "is a file, not a folder" if folder.exists() else "does not exist"
            raise CollabgraphError(f"cannot write {path}: {folder} {what}")
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise CollabgraphError(f"cannot write {path}: {exc.strerror or exc}") from None
    return handle, Path(temporary)


def built_graph_file(project: Project) -> Path:
    """The graph file the last successful build wrote (a clear error if there is none),
    in the current generation's folder: files read beside it belong to the same build."""
    generation = current_generation(project)
    if generation is not None and (generation / "graph.trig").is_file():
        return generation / "graph.trig"
    if not project.graph_file.is_file():
        raise BuildError(f"no built graph at {project.graph_file}; run 'collabgraph build' first")
    return project.graph_file


def trig_bytes(dataset: Dataset) -> bytes:
    """The dataset as TriG, its named graphs in the order of their names: the same dataset
    gives the same bytes (rdflib's own order follows a set and changes from run to run)."""
    from rdflib.plugins.serializers.trig import TrigSerializer

    serializer = TrigSerializer(dataset)
    serializer.contexts.sort(  # the graphs by name, the default graph last
        key=lambda graph: (graph.identifier == serializer.default_context, str(graph.identifier))
    )
    buffer = BytesIO()
    serializer.serialize(buffer, encoding="utf-8")
    return buffer.getvalue()


def load_built_graph(project: Project) -> Dataset:
    """The graph written by the last successful build."""
    return read_dataset(built_graph_file(project))


def read_dataset(graph_file: Path) -> Dataset:
    """A TriG graph file as an rdflib dataset whose default graph is the union."""
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    dataset.parse(graph_file, format="trig")
    return dataset
