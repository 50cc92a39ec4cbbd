"""The endpoint's own pages: the catalogue as JSON and the query page that carries it."""

from __future__ import annotations

import json
from typing import Any

from collabgraph.api import CatalogueQuery, CollabGraph


def catalogue_json(graph: CollabGraph) -> list[dict[str, Any]]:
    def describe(entry: CatalogueQuery) -> dict[str, Any]:
        return {
            "name": entry.name,
            "title": entry.title,
            "description": entry.description,
            "parameters": [
                {"name": p.name, "kind": p.kind, "default": p.default} for p in entry.parameters
            ],
            "query": entry.text,
        }

    return [describe(entry) for entry in graph.catalogue().values()]


def query_page(graph: CollabGraph) -> bytes:
    from importlib import resources

    template = (resources.files("collabgraph.server") / "static" / "query.html").read_text(
        encoding="utf-8"
    )
    catalogue = json.dumps(catalogue_json(graph)).replace("</", "<\\/")
    return template.replace("/*CATALOGUE*/[]", catalogue).encode("utf-8")
