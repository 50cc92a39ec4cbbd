"""The Python API: what the CLI, the server and the notebooks use, and all they use.

Module functions work on a project's files (``build``, ``validate``, ``export``, ``push``,
``catalogue``); :class:`CollabGraph` is the built graph on a store: SPARQL, entities,
evidence, network analysis and maps. Heavy libraries (pandas, networkx, pySHACL, pyvis) are
imported by the methods that need them, so importing this module stays fast.
"""

from collabgraph.api.graph import CollabGraph
from collabgraph.api.opening import load
from collabgraph.api.project import (
    NETWORK_KINDS,
    SITE_VIEWS,
    STATS_TABLES,
    PushReport,
    add_document,
    build,
    catalogue_of,
    draft,
    drafts_of,
    entity_details,
    entity_for_name,
    evaluate,
    export,
    glued_parts,
    import_cordis,
    import_ror,
    new_entity,
    push,
    review,
    review_items,
    search_entities,
    validate,
)
from collabgraph.io import NETWORK_FORMATS
from collabgraph.sparql.catalogue import CatalogueQuery
from collabgraph.sparql.lookup import EntityRef
from collabgraph.sparql.results import QueryResult
from collabgraph.sparql.store import STORE_KINDS

__all__ = [
    "NETWORK_FORMATS",
    "NETWORK_KINDS",
    "SITE_VIEWS",
    "STATS_TABLES",
    "STORE_KINDS",
    "CatalogueQuery",
    "CollabGraph",
    "EntityRef",
    "PushReport",
    "QueryResult",
    "add_document",
    "build",
    "catalogue_of",
    "draft",
    "drafts_of",
    "entity_details",
    "entity_for_name",
    "evaluate",
    "export",
    "glued_parts",
    "import_cordis",
    "import_ror",
    "load",
    "new_entity",
    "push",
    "review",
    "review_items",
    "search_entities",
    "validate",
]
