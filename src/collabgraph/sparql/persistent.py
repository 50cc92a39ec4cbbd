"""The persistent Oxigraph store of a build (RocksDB, inside its generation folder), and
opening a project's graph in the store a user chooses."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from collabgraph.errors import (
    BuildError,
)
from collabgraph.generations import (
    adopt_older_build,
    fsync_folder,
    give_folder_usual_mode,
    project_lock,
)
from collabgraph.io import built_graph_file, read_dataset, write_atomically
from collabgraph.project import Project

if TYPE_CHECKING:
    pass

from collabgraph.sparql.remote import RemoteStore
from collabgraph.sparql.store import STORE_KINDS, OxigraphStore, RdflibStore, Store, load_with_union


def oxigraph_store_for(project: Project) -> OxigraphStore:
    """The persistent Oxigraph store of the current build, loaded into its generation's
    folder the first time it is asked for (see :mod:`collabgraph.generations`)."""
    from collabgraph.sparql.nameindex import ensure_name_index

    adopt_older_build(project)
    graph_file = built_graph_file(project)
    folder = graph_file.parent / _STORE_FOLDER
    if not (folder / _LOADED_MARKER).is_file():
        with project_lock(project):
            if not (folder / _LOADED_MARKER).is_file():
                _load_store(graph_file, folder)
    try:
        opened = ox.Store.read_only(str(folder))
    except OSError as exc:
        raise BuildError(f"cannot open the Oxigraph store at {folder}: {exc}") from None
    return OxigraphStore(opened, folder, ensure_name_index(opened, folder))


_STORE_FOLDER = "oxigraph"
_LOADED_MARKER = "loaded-from.json"
"""In a store's folder: the graph file it was loaded from (written last, before the rename
that puts the whole folder in place)."""


def _load_store(graph_file: Path, folder: Path) -> None:
    """Load a graph file into a new store beside it, then rename the complete store into
    ``folder`` (which does not exist yet): a crash leaves no store or a whole one, never
    removes a store a reader may use. Under the project lock."""
    from collabgraph.sparql.nameindex import write_name_index

    for stale in folder.parent.glob(f".{folder.name}.loading-*"):
        shutil.rmtree(stale, ignore_errors=True)  # left by a load that was killed
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.loading-"))
    try:
        store = ox.Store(str(staging))
        load_with_union(store, graph_file, ox.RdfFormat.TRIG)
        write_name_index(store, staging)
        store.optimize()  # compacts RocksDB after the bulk load: reads get faster
        store.flush()
        del store
        write_atomically(staging / _LOADED_MARKER, json.dumps(str(graph_file)).encode())
        give_folder_usual_mode(staging)
        staging.rename(folder)
        fsync_folder(folder.parent)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"cannot create the Oxigraph store at {folder}: {exc}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def open_store(
    project: Project,
    kind: str = "memory",
    *,
    endpoint: str | None = None,
    auth: tuple[str, str] | None = None,
) -> Store:
    """The built graph in the chosen store; ``endpoint`` selects a remote SPARQL server
    (``auth``: its user name and password, if it asks for them)."""
    if endpoint:
        return RemoteStore(endpoint, auth=auth)
    if kind == "memory":
        return OxigraphStore.in_memory(built_graph_file(project))
    if kind == "rdflib":
        graph_file = built_graph_file(project)  # resolved once: the worker reads the same
        return RdflibStore(read_dataset(graph_file), graph_file)
    if kind == "oxigraph":
        return oxigraph_store_for(project)
    raise BuildError(f"unknown store {kind!r} (one of: {', '.join(STORE_KINDS)}, or an `endpoint`)")


def persistent_store_folder(project: Project) -> Path:
    """The folder of the current build's persistent Oxigraph store, loaded if it is not yet
    (what ``collabgraph serve`` hands its engine)."""
    store = oxigraph_store_for(project)
    location = store.path
    store.close()
    if location is None:
        raise BuildError("the persistent store has no folder")
    return location
