"""The persistent Oxigraph store follows the built graph."""

from __future__ import annotations

from collabgraph.curation.build import build
from collabgraph.sparql.prepare import run_query
from collabgraph.sparql.store import open_store

LABEL = "SELECT ?label WHERE { cgd:eit-health rdfs:label ?label }"


def test_the_persistent_store_reloads_after_every_build(fresh_project):
    build(fresh_project)
    assert run_query(open_store(fresh_project, "oxigraph"), LABEL).compact_rows() == [
        ["EIT Health"]
    ]
    registry = fresh_project.registry_file
    registry.write_text(
        registry.read_text(encoding="utf-8").replace(
            "label: EIT Health", "label: EIT Health (renamed)"
        ),
        encoding="utf-8",
    )
    build(fresh_project)
    assert run_query(open_store(fresh_project, "oxigraph"), LABEL).compact_rows() == [
        ["EIT Health (renamed)"]
    ]
