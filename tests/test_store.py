"""The persistent Oxigraph store follows the built graph."""

from __future__ import annotations

import pytest

from collabgraph.curation.build import build
from collabgraph.sparql.lookup import names_matching, resolve_entity
from collabgraph.sparql.persistent import open_store
from collabgraph.sparql.prepare import run_query

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
    store = open_store(fresh_project, "oxigraph")
    assert run_query(store, LABEL).compact_rows() == [["EIT Health (renamed)"]]
    # the store's table of names was written again with it: the new name is found, the old
    # one no longer is
    assert store.name_index is not None
    assert str(resolve_entity(store, "eit health (RENAMED)").iri).endswith("/eit-health")
    assert "eit health" not in names_matching(store, "EIT Health")


DATASET_QUERIES = [
    # a triple two sources state (UMC Utrecht's country: two reference files) counts once
    "SELECT (COUNT(*) AS ?n) WHERE { cgd:umc-utrecht cg:basedIn ?c }",
    # FROM: only that graph is the default graph
    "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/collabgraph/graph/reference/leru_members> WHERE { ?s org:memberOf cgd:leru }",
    # FROM NAMED: GRAPH sees only the named graphs given
    "SELECT ?g (COUNT(*) AS ?n) FROM NAMED <https://w3id.org/collabgraph/graph/reference/institution_countries> "
    "WHERE { GRAPH ?g { ?s cg:basedIn ?c } } GROUP BY ?g",
]


@pytest.mark.parametrize("query", DATASET_QUERIES)
def test_dataset_semantics_are_the_same_on_every_store(built_project, query):
    from collabgraph.api import CollabGraph

    answers = {
        kind: CollabGraph(open_store(built_project, kind), built_project).run(query).compact_rows()
        for kind in ("memory", "rdflib", "oxigraph")
    }
    assert answers["memory"] == answers["rdflib"] == answers["oxigraph"], answers
    assert answers["memory"] != [["0"]]


def test_several_queries_at_once_answer_as_each_alone(store):
    """``plain_rows_many`` (threads on Oxigraph) gives each query's own rows, in order."""
    queries = [
        f"SELECT ?entity ?label WHERE {{ ?entity a {kind} ; rdfs:label ?label }} ORDER BY ?entity"
        for kind in ("cg:University", "cg:Network", "cg:Country", "cg:Hospital", "foaf:Person")
    ]
    alone = [store.plain_rows(query) for query in queries]
    assert store.plain_rows_many(queries) == alone
    assert all(rows for _, rows in alone[:4])


def test_a_store_loaded_without_a_table_of_names_gets_one_when_opened(fresh_project):
    """Stores loaded before stores kept the table are not loaded again for it."""
    build(fresh_project)
    first = open_store(fresh_project, "oxigraph")
    assert first.name_index is not None
    table = first.name_index
    first.close()
    table.unlink()
    marker = (table.parent / "loaded-from.json").stat().st_mtime_ns
    again = open_store(fresh_project, "oxigraph")
    assert again.name_index == table and table.is_file()
    assert (table.parent / "loaded-from.json").stat().st_mtime_ns == marker  # not reloaded
    assert str(resolve_entity(again, "eit health").iri).endswith("/eit-health")
