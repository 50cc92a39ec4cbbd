"""The Python API researchers use: the same answers the CLI gives, as DataFrames and graphs."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

import collabgraph
from collabgraph.errors import CollabgraphError, UnknownNameError


@pytest.fixture(scope="module")
def graph(built_project):
    return collabgraph.load(path=built_project.root)


def test_load_builds_when_needed(fresh_project):
    assert not fresh_project.graph_file.exists()
    graph = collabgraph.load(path=fresh_project.root)
    assert fresh_project.graph_file.is_file()
    assert graph.ask("ASK { cgd:umc-utrecht org:memberOf cgd:leru }") is True


def test_load_opens_a_store_object_with_the_projects_questions(built_project, tmp_path):
    from collabgraph.sparql.persistent import open_store

    store = open_store(built_project, "memory")
    graph = collabgraph.load(store=store, path=built_project.root)
    assert graph.store is store and graph.project.root == built_project.root
    assert collabgraph.load(store=store, path=None).catalogue().keys() >= {"networks-of"}
    with pytest.raises(CollabgraphError, match="give `store` or `endpoint`, not both"):
        collabgraph.load(store="rdflib", endpoint="http://127.0.0.1:9/query")


def test_query_returns_a_dataframe_with_python_values(graph):
    frame = graph.query("money")
    assert isinstance(frame, pd.DataFrame)
    assert frame[["entityLabel", "currency"]].values.tolist() == [
        ["Kennis-As", "EUR"],
        ["IHI RESCEU grant", "EUR"],
    ]
    assert [int(v) for v in frame["amount"]] == [165_000_000, 29_000_000]


def test_keyword_parameters_and_labels(graph):
    frame = graph.query("networks-of", institution="umc utrecht", labels=True)
    assert frame.columns.tolist()[:4] == ["network", "network_label", "networkLabel", "relation"]
    assert sorted(set(frame["relation_label"])) == ["coordinates", "member of", "participates in"]


def test_entity_lookup_by_alias_and_iri(graph):
    assert graph.entity("HOH").label == "Horacio Oduber Hospital"
    assert (
        graph.entity("https://w3id.org/collabgraph/id/leru").label
        == "League of European Research Universities"
    )
    with pytest.raises(UnknownNameError, match="Did you mean: Parelsnoer"):
        graph.entity("Parelsnor")


def test_a_name_is_looked_up_once_per_graph(built_project, monkeypatch):
    graph = collabgraph.load(path=built_project.root)
    asked: list[str] = []
    for method in ("query", "plain_rows"):
        original = getattr(graph.store, method)
        monkeypatch.setattr(
            graph.store,
            method,
            lambda *a, original=original, **k: asked.append(a[0]) or original(*a, **k),
        )
    first = graph.query("networks-of", institution="UMC Utrecht")
    lookups = len(asked) - 1
    second = graph.query("networks-of", institution="UMC Utrecht")
    assert lookups == 5  # the matching names of each of 4 kinds, then their entities
    assert len(asked) == lookups + 2  # asked again: only the question itself
    assert second.equals(first)
    assert len(first) == 8


def test_evidence_for_a_fact(graph):
    frame = graph.evidence("Maastricht UMC+", "cg:activeIn", "India")
    assert frame[["evidence", "source", "kind"]].values.tolist() == [
        [
            "Maastricht UMC+ has been active in India since 2008.",
            "Strategic Initiatives",
            "document",
        ]
    ]


def test_projections_are_networkx_graphs(graph):
    assert isinstance(graph.entity_graph(), nx.MultiDiGraph)
    assert (
        graph.collaboration_graph().edges[
            "https://w3id.org/collabgraph/id/umc-utrecht",
            "https://w3id.org/collabgraph/id/utrecht-university",
        ]["weight"]
        == 5
    )
    assert graph.network("bipartite").number_of_nodes() == 71
    with pytest.raises(UnknownNameError):
        graph.network("social")


def test_brokers_and_paths_as_dataframes(graph):
    assert graph.centrality(top=2)["label"].tolist() == [
        "UMC Utrecht",
        "League of European Research Universities",
    ]
    assert graph.path("Maastricht UMC+", "UMC Utrecht")["object"].tolist() == [
        "Netherlands",
        "Netherlands",
    ]


def test_the_cli_and_the_api_agree(graph, built_project):
    from click.testing import CliRunner

    from collabgraph.cli import cli

    cli_csv = (
        CliRunner()
        .invoke(
            cli, ["query", "contact-persons", "-f", "csv", "--project", str(built_project.root)]
        )
        .output
    )
    frame = graph.query("contact-persons")
    assert cli_csv.splitlines()[1:] == [
        ",".join(
            [
                "cgd:" + row.initiative.rsplit("/", 1)[1],
                row.initiativeLabel,
                "cgd:" + row.person.rsplit("/", 1)[1],
                row.personLabel,
                row.evidence,
            ]
        )
        for row in frame.itertuples()
    ]


def test_a_select_only_method_refuses_ask(graph):
    with pytest.raises(CollabgraphError, match="use run"):
        graph.query("ASK { ?s ?p ?o }")


def test_a_map_for_the_notebook(graph, tmp_path):
    shown = graph.map("ERN RITA")
    assert shown.view.title == "Collaboration map: ERN RITA"
    assert len(shown.view.nodes) == 4
    saved = shown.save(tmp_path / "ern-rita.html")
    assert "vis.Network" in saved.read_text(encoding="utf-8")


def test_rebuild_closes_the_store_it_replaces(fresh_project):
    graph = collabgraph.load(path=fresh_project.root)
    assert graph.run("ASK { cgd:leru ?p ?o }", timeout=60).boolean is True  # starts a worker
    replaced = graph.store
    worker = replaced._worker
    assert worker is not None and worker.alive
    graph.rebuild()
    assert graph.store is not replaced
    assert replaced._worker is None
    assert not worker.process.is_alive()
    assert graph.run("ASK { cgd:leru ?p ?o }", timeout=60).boolean is True


def test_the_public_api_is_what_a_researcher_uses_and_no_transport_helper():
    """Prefix declaration, the persistent store's folder and its table of names, DataFrames
    turned back into rows: the server and the CLI take those from the subsystems that own
    them, not from the API. A graph opens one way (``load``), and every function or method
    that takes the project folder takes it as the keyword ``path``."""
    import inspect

    import collabgraph.api as api

    assert set(api.__all__) == {
        *("NETWORK_FORMATS", "NETWORK_KINDS", "SITE_VIEWS", "STATS_TABLES", "STORE_KINDS"),
        *("CatalogueQuery", "CollabGraph", "EntityRef", "PushReport", "QueryResult"),
        *("load", "build", "validate", "export", "push", "catalogue_of"),
        *("add_document", "draft", "drafts_of", "review", "review_items", "evaluate"),
        *("entity_details", "entity_for_name", "new_entity", "glued_parts", "search_entities"),
        *("import_cordis", "import_ror"),
    }
    transport = ("declare_prefixes", "name_index_of", "persistent_store", "frame_records")
    assert [name for name in transport if hasattr(api, name)] == []
    assert [name for name in ("open", "on_endpoint") if hasattr(api.CollabGraph, name)] == []
    callables = [
        getattr(api, name) for name in api.__all__ if inspect.isfunction(getattr(api, name))
    ]
    callables += [method for _, method in inspect.getmembers(api.CollabGraph, inspect.isfunction)]
    takes_path = [f for f in callables if "path" in inspect.signature(f).parameters]
    assert len(takes_path) == 18
    positional = [
        f.__name__
        for f in takes_path
        if inspect.signature(f).parameters["path"].kind is not inspect.Parameter.KEYWORD_ONLY
    ]
    assert positional == []
