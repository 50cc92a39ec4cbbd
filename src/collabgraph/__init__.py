"""collabgraph: a knowledge graph of institutional collaborations.

Three lines in a notebook::

    import collabgraph
    graph = collabgraph.load()                      # the project's graph, built if needed
    graph.query("networks-of", institution="UMC Utrecht")   # a pandas DataFrame

See the README for the command line, the SPARQL endpoint and the maps.
"""

from __future__ import annotations

from pathlib import Path

from ._api import CollabGraph
from ._build import BuildReport
from ._catalogue import CatalogueQuery
from ._lookup import EntityRef
from ._project import Project, find_project
from ._results import QueryResult
from .errors import CollabgraphError

__all__ = [
    "BuildReport",
    "CatalogueQuery",
    "CollabGraph",
    "CollabgraphError",
    "EntityRef",
    "Project",
    "QueryResult",
    "build",
    "find_project",
    "load",
]

__version__ = "0.1.0"


def load(
    path: Path | str | None = None, *, store: str = "memory", endpoint: str | None = None
) -> CollabGraph:
    """The project's knowledge graph on a store, built first if it has not been built yet.

    ``path`` is the project folder (default: the one around the working folder);
    ``store`` is ``memory`` (pyoxigraph in process), ``rdflib`` or ``oxigraph`` (persistent);
    ``endpoint`` queries a remote SPARQL 1.1 server instead.
    """
    return CollabGraph.open(path, store=store, endpoint=endpoint)


def build(path: Path | str | None = None) -> BuildReport:
    """Build and validate the project's graph (what ``collabgraph build`` does)."""
    from ._build import build as build_project

    return build_project(find_project(path))
