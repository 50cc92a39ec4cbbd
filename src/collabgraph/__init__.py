"""collabgraph: a knowledge graph of institutional collaborations.

Three lines in a notebook::

    import collabgraph
    graph = collabgraph.load()                      # the project's graph, built if needed
    graph.query("networks-of", institution="UMC Utrecht")   # a pandas DataFrame

The public names below are imported on first use, so ``import collabgraph`` is instant and
loads none of rdflib, pandas, networkx or pySHACL. See the README for the command line, the
SPARQL endpoint and the maps, and docs/architecture.md for the packages.
"""

from __future__ import annotations

import sys

if sys.argv and sys.argv[0].endswith("/bin/collabgraph"):  # the command: Ctrl-C from now on
    from collabgraph.launch import exit_at_once_on_ctrl_c  # is one line (collabgraph.launch)

    exit_at_once_on_ctrl_c()

from importlib import import_module

TYPE_CHECKING = False
"""Not ``typing.TYPE_CHECKING``: importing ``typing`` is most of what the command does before
it can catch Ctrl-C (see :mod:`collabgraph.launch`)."""
if TYPE_CHECKING:
    from typing import Any

    from collabgraph.api import (
        CollabGraph,
        PushReport,
        add_document,
        build,
        catalogue_of,
        draft,
        drafts_of,
        entity_details,
        evaluate,
        export,
        import_cordis,
        import_ror,
        load,
        push,
        review,
        search_entities,
        validate,
    )
    from collabgraph.curation.build import BuildReport, ValidationReport
    from collabgraph.errors import (
        AmbiguousNameError,
        AnnotationError,
        BuildError,
        CollabgraphError,
        EndpointError,
        QuerySyntaxError,
        QueryTimeoutError,
        UnknownNameError,
        ValidationFailed,
    )
    from collabgraph.project import Project, find_project
    from collabgraph.sparql.catalogue import CatalogueQuery
    from collabgraph.sparql.lookup import EntityRef
    from collabgraph.sparql.results import QueryResult

__all__ = [
    "AmbiguousNameError",
    "AnnotationError",
    "BuildError",
    "BuildReport",
    "CatalogueQuery",
    "CollabGraph",
    "CollabgraphError",
    "EndpointError",
    "EntityRef",
    "Project",
    "PushReport",
    "QueryResult",
    "QuerySyntaxError",
    "QueryTimeoutError",
    "UnknownNameError",
    "ValidationFailed",
    "ValidationReport",
    "add_document",
    "build",
    "catalogue_of",
    "draft",
    "drafts_of",
    "entity_details",
    "evaluate",
    "export",
    "find_project",
    "import_cordis",
    "import_ror",
    "load",
    "push",
    "review",
    "search_entities",
    "validate",
]

__version__ = "0.1.0"

_HOMES = {
    "collabgraph.api": (
        "CollabGraph",
        "PushReport",
        "add_document",
        "build",
        "catalogue_of",
        "draft",
        "drafts_of",
        "entity_details",
        "evaluate",
        "export",
        "import_cordis",
        "import_ror",
        "load",
        "push",
        "review",
        "search_entities",
        "validate",
    ),
    "collabgraph.curation.build": ("BuildReport", "ValidationReport"),
    "collabgraph.errors": (
        "AmbiguousNameError",
        "AnnotationError",
        "BuildError",
        "CollabgraphError",
        "EndpointError",
        "QuerySyntaxError",
        "QueryTimeoutError",
        "UnknownNameError",
        "ValidationFailed",
    ),
    "collabgraph.project": ("Project", "find_project"),
    "collabgraph.sparql.catalogue": ("CatalogueQuery",),
    "collabgraph.sparql.lookup": ("EntityRef",),
    "collabgraph.sparql.results": ("QueryResult",),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use (PEP 562)."""
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'collabgraph' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
