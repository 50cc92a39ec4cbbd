"""Opening a graph, the one way: :func:`load` on a project's build, on a store of the
caller's own, or on a remote SPARQL endpoint."""

from __future__ import annotations

from pathlib import Path

from collabgraph.api.graph import CollabGraph
from collabgraph.api.project import build, project_at, project_if_any
from collabgraph.errors import CollabgraphError
from collabgraph.project import Project
from collabgraph.sparql.persistent import open_store
from collabgraph.sparql.remote import RemoteStore
from collabgraph.sparql.store import Store


def load(
    *,
    path: Path | str | Project | None = None,
    store: str | Store = "memory",
    endpoint: str | None = None,
    auth: tuple[str, str] | None = None,
    timeout: float = 60.0,
    name_index: Path | None = None,
    build_if_needed: bool = True,
) -> CollabGraph:
    """The collaboration graph, opened on one of three things:

    - the project's build (``path``: the project folder, by default the one around the
      working folder), built first if it has not been built yet (unless
      ``build_if_needed=False``), on a ``store``: ``memory`` (pyoxigraph in process),
      ``rdflib`` or ``oxigraph`` (persistent);
    - a :class:`~collabgraph.sparql.store.Store` object given as ``store``;
    - a remote SPARQL 1.1 server: ``endpoint`` is its query URL, ``auth`` a user name and
      password if it asks for them, ``timeout`` the seconds a query is waited for,
      ``name_index`` the table of names of the persistent store it serves (see
      :func:`collabgraph.sparql.nameindex.index_in`; names are looked up there instead of by
      query).

    With a store object or an endpoint, the project (``path``, or the one around the
    working folder if there is one) adds its own catalogue questions.
    """
    if endpoint is not None:
        if store != "memory":
            raise CollabgraphError("give `store` or `endpoint`, not both")
        remote = RemoteStore(endpoint, timeout=timeout, auth=auth)
        remote.name_index = name_index
        return CollabGraph(remote, project_if_any(path))
    if not isinstance(store, str):
        return CollabGraph(store, project_if_any(path))
    project = project_at(path)
    if build_if_needed and not project.graph_file.is_file():
        build(path=project)
    return CollabGraph(open_store(project, store), project)
