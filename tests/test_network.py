"""Network analysis on the built graph: projections, questions, exports."""

from __future__ import annotations

import json
import sys

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Literal

from collabgraph.analysis import analyses, exports, projection, projection_queries
from collabgraph.api import CollabGraph, import_cordis
from collabgraph.cli import cli
from collabgraph.curation.build import build
from collabgraph.errors import CollabgraphError, UnknownNameError
from collabgraph.project import Project
from collabgraph.sparql.persistent import open_store

from conftest import REPO, copy_project

D = "https://w3id.org/collabgraph/id/"


@pytest.fixture(scope="module")
def graph(built_project) -> CollabGraph:
    return CollabGraph(open_store(built_project, "memory"), built_project)


@pytest.fixture(scope="module")
def entities(graph) -> nx.MultiDiGraph:
    return graph.entity_graph()


def test_a_summary_is_a_dataclass_of_the_projections_figures(graph):
    collaboration = graph.collaboration_graph()
    figures = graph.summary("collaboration")
    assert (figures.nodes, figures.edges) == (
        collaboration.number_of_nodes(),
        collaboration.number_of_edges(),
    )
    assert figures.components == nx.number_connected_components(collaboration)
    assert sum(figures.nodes_by_group.values()) == figures.nodes
    assert figures.nodes_by_group["organisation"] == sum(
        1 for _, group in collaboration.nodes(data="group") if group == "organisation"
    )


def test_entities_are_nodes_and_literals_are_attributes(entities, dataset):
    assert entities.number_of_nodes() == 134
    assert entities.number_of_edges() == 188
    assert not any(isinstance(node, Literal) for node in entities)
    assert all(node.startswith(D) for node in entities)
    eit = entities.nodes[D + "eit-health"]
    assert (eit["label"], eit["type"], eit["group"], eit["memberCount"]) == (
        "EIT Health",
        "Network",
        "network",
        140,
    )
    assert entities.nodes[D + "kennis-as"]["investment"] == pytest.approx(165_000_000)
    assert entities.nodes[D + "ern-rita-conference-2023"]["organisationCount"] == [54, 9]
    assert entities.nodes[D + "ku-leuven"]["country"] == "BE"
    assert entities.nodes[D + "horacio-oduber-hospital"]["aliases"] == ["HOH"]


def test_each_fact_is_one_edge_with_its_evidence(entities):
    edges = entities.get_edge_data(D + "umc-utrecht", D + "ern-rita")
    by_relation = {data["relation"]: data for data in edges.values()}
    assert set(by_relation) == {"org:memberOf", "cg:coordinates"}
    coordination = by_relation["cg:coordinates"]
    assert (
        coordination["evidence"]
        == "The European coordination of ERN RITA takes place from UMC Utrecht."
    )
    assert coordination["role"] == "coordinator"
    assert coordination["role_label"] == "European coordination"
    assert coordination["source"] == "cgs:umcu-international-cooperations"
    assert coordination["reference_data"] is False
    agreement = next(
        iter(entities.get_edge_data(D + "umc-utrecht", D + "horacio-oduber-hospital").values())
    )
    assert (agreement["relation"], agreement["start"]) == ("cg:partnerOf", "2022")


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_the_projection_is_the_same_on_every_store(built_project, kind):
    """Each Oxigraph store against rdflib, the reference implementation."""
    reference = projection.Projection.from_store(open_store(built_project, "rdflib"))
    other = projection.Projection.from_store(open_store(built_project, kind))
    assert (len(reference.nodes), len(reference.edges)) == (134, 188)
    assert other.nodes == reference.nodes
    assert sorted(other.edges, key=str) == sorted(reference.edges, key=str)


def test_path_from_maastricht_umc_to_umc_utrecht(graph):
    hops = graph.path("Maastricht UMC+", "umc utrecht").to_dict("records")
    assert hops == [
        {
            "from": "Maastricht UMC+",
            "to": "Netherlands",
            "subject": "Maastricht UMC+",
            "relation": "cg:basedIn",
            "object": "Netherlands",
            "evidence": "institution countries list (institution_countries.tsv), row 4: "
            "Maastricht UMC+, NL",
            "source": "Reference data: institution countries",
            "reference_data": True,
        },
        {
            "from": "Netherlands",
            "to": "UMC Utrecht",
            "subject": "UMC Utrecht",
            "relation": "cg:basedIn",
            "object": "Netherlands",
            "evidence": "institution countries list (institution_countries.tsv), row 6: "
            "UMC Utrecht, NL",
            "source": "Reference data: institution countries",
            "reference_data": True,
        },
    ]


def test_without_places_the_two_documents_do_not_connect(entities):
    with pytest.raises(CollabgraphError, match="no path from Maastricht UMC\\+ to UMC Utrecht"):
        analyses.path_between(entities, "Maastricht UMC+", "UMC Utrecht", exclude_groups=["place"])


def test_path_through_a_network_shows_the_sentence(entities):
    hops = analyses.path_between(entities, "UMC Utrecht", "University of Toronto")
    assert [(h["subject"], h["relation"], h["object"]) for h in hops] == [
        (
            "UMC Utrecht",
            "org:memberOf",
            "Strategic network with KU Leuven, UCL and University of Toronto",
        ),
        (
            "University of Toronto",
            "org:memberOf",
            "Strategic network with KU Leuven, UCL and University of Toronto",
        ),
    ]
    assert hops[0]["evidence"].startswith(
        "To guarantee research of internationally high-standing quality"
    )


def test_a_misspelt_name_gets_suggestions(entities):
    with pytest.raises(UnknownNameError, match="Did you mean: UMC Utrecht"):
        analyses.path_between(entities, "UMC Utrect", "LERU")


def test_brokers_by_betweenness(entities):
    top = analyses.centrality(entities, top=4)
    assert [row["label"] for row in top] == [
        "UMC Utrecht",
        "League of European Research Universities",
        "European Reference Networks",
        "Netherlands",
    ]
    assert top[0]["degree"] == 25 and top[0]["betweenness"] == pytest.approx(0.594841)


def test_collaboration_edges_list_what_is_shared(graph):
    collaboration = graph.collaboration_graph()
    edge = collaboration.edges[D + "umc-utrecht", D + "utrecht-university"]
    assert edge["weight"] == 5
    assert edge["shared"] == [
        "League of European Research Universities",
        "Strategic network with KU Leuven, UCL and University of Toronto",
        "UMC Utrecht Global Health activities",
        "Visit to KU Leuven (November 2023)",
    ]
    assert edge["relations"] == ["cg:collaboratesWith"]
    assert not collaboration.has_edge(D + "maastricht-umc", D + "umc-utrecht")
    without_reference = graph.collaboration_graph(include_reference=False)
    assert without_reference.edges[D + "umc-utrecht", D + "utrecht-university"]["weight"] == 4


def test_bipartite_graph_sides(graph):
    bipartite = graph.bipartite_graph()
    assert bipartite.nodes[D + "umc-utrecht"]["bipartite"] == 0
    assert bipartite.nodes[D + "leru"]["bipartite"] == 1
    assert nx.is_bipartite(bipartite)
    assert sorted(bipartite.nodes[n]["label"] for n in bipartite[D + "maastricht-umc"]) == [
        "Common agenda for research and innovation in South-East Netherlands",
        "Healthy Living",
        "Maastricht UMC+ in India",
    ]


def test_what_the_two_umcs_share(entities):
    assert analyses.shared_between(entities, "Maastricht UMC+", "UMC Utrecht") == [
        {"shared": "Netherlands", "type": "Country", "first": "cg:basedIn", "second": "cg:basedIn"}
    ]


def test_profile_side_by_side(entities):
    mumc, umcu = analyses.profile(entities, ["Maastricht UMC+", "UMC Utrecht"])
    # Its units (Strategic Initiatives, Positive Health core group) count as Maastricht UMC+.
    assert (mumc["units"], mumc["networks"], mumc["initiatives"], mumc["country_names"]) == (
        2,
        1,
        9,
        "India, Netherlands",
    )
    assert mumc["network_names"] == "EIT Health"
    assert umcu["networks"] == 6 and umcu["units"] == 3 and umcu["money_eur"] == 29_000_000
    assert umcu["countries_reached"] == 14
    assert umcu["partner_types"] == "Hospital 2, University 1"


def test_communities_group_the_maastricht_side(graph):
    found = analyses.communities(graph.collaboration_graph())
    assert [
        "Maastricht UMC+",
        "Maastricht University",
        "Positive Health core group",
        "Strategic Initiatives",
    ] in found
    assert sum(len(c) for c in found) == graph.collaboration_graph().number_of_nodes()


def test_neighbourhood_depth(entities):
    around = analyses.neighbourhood(entities, "ERN RITA", depth=1)
    assert sorted(d["label"] for _, d in around.nodes(data=True)) == [
        "ERN RITA",
        "ERN RITA conference 2023",
        "European Reference Networks",
        "UMC Utrecht",
    ]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.parametrize("kind", ["entity", "collaboration"])
def test_graphml_and_gexf_load_back_with_the_same_nodes_edges_and_attributes(
    graph, tmp_path, fmt, kind
):
    original = graph.network(kind)
    path = tmp_path / f"graph.{fmt}"
    exports.export_graph(original, fmt, path)
    loaded = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert set(loaded.nodes) == set(original.nodes)
    assert loaded.number_of_edges() == original.number_of_edges()
    for node, data in original.nodes(data=True):
        assert loaded.nodes[node]["label"] == data["label"]
        assert loaded.nodes[node]["type"] == data["type"]
    if kind == "entity":
        coordination = [
            d
            for _, _, d in loaded.edges(data=True)
            if d.get("relation") == "cg:coordinates"
            and d.get("role_label") == "European coordination"
        ]
        assert [d["evidence"] for d in coordination] == [
            "The European coordination of ERN RITA takes place from UMC Utrecht."
        ]
    else:
        edge = loaded.edges[D + "umc-utrecht", D + "utrecht-university"]
        assert edge["weight"] == 5
        assert edge["shared"].startswith(
            "League of European Research Universities; Strategic network"
        )


def test_csv_and_json_exports(graph, tmp_path):
    original = graph.collaboration_graph()
    nodes_path, edges_path = exports.export_graph(original, "csv", tmp_path / "c.csv")
    assert len(nodes_path.read_text().splitlines()) == original.number_of_nodes() + 1
    assert nodes_path.name == "c-nodes.csv" and edges_path.name == "c-edges.csv"
    [json_path] = exports.export_graph(original, "json", tmp_path / "c.json")
    loaded = nx.node_link_graph(json.loads(json_path.read_text()), edges="edges")
    assert set(loaded.edges) == set(original.edges)


def test_network_commands(built_project):
    runner = CliRunner()
    result = runner.invoke(
        cli,
        [
            "network",
            "shared",
            "UMC Utrecht",
            "Maastricht UMC+",
            "-f",
            "csv",
            "--project",
            str(built_project.root),
        ],
    )
    assert result.output == "shared,type,first,second\nNetherlands,Country,cg:basedIn,cg:basedIn\n"
    result = runner.invoke(
        cli,
        [
            "network",
            "summary",
            "--graph",
            "bipartite",
            "-f",
            "json",
            "--project",
            str(built_project.root),
        ],
    )
    summary = {row["measure"]: row["value"] for row in json.loads(result.output)}
    assert summary["nodes"] == 71 and summary["edges"] == 72
    result = runner.invoke(
        cli, ["network", "path", "UMC Utrect", "LERU", "--project", str(built_project.root)]
    )
    assert result.exit_code == 1 and result.stderr.startswith(
        "Error: unknown entity 'UMC Utrect'. Did you mean: UMC Utrecht"
    )


def _as_sets(graph: nx.MultiDiGraph) -> tuple[dict, set]:
    nodes = {
        node: {k: v for k, v in data.items() if k != "distance"}
        for node, data in graph.nodes(data=True)
    }
    edges = {
        (u, v, key, json.dumps(data, sort_keys=True, default=str))
        for u, v, key, data in graph.edges(keys=True, data=True)
    }
    return nodes, edges


def _local(store, centres: list[str], depth: int) -> nx.MultiDiGraph:
    return projection.entity_graph(projection.Projection.around(store, centres, depth))


@pytest.mark.parametrize("depth", [0, 1, 2])
def test_the_local_projection_is_the_whole_graphs_neighbourhood(graph, entities, depth):
    """For every entity: the same nodes (attributes included) and the same facts as the
    neighbourhood cut out of the projection of the whole graph."""
    for centre in entities:
        expected = analyses.neighbourhood(entities, centre, depth, include_units=True)
        assert _as_sets(_local(graph.store, [centre], depth)) == _as_sets(expected), centre


def test_the_local_projection_of_a_network(graph):
    around = _local(graph.store, [D + "ern-rita"], 1)
    assert sorted(d["label"] for _, d in around.nodes(data=True)) == [
        "ERN RITA",
        "ERN RITA conference 2023",
        "European Reference Networks",
        "UMC Utrecht",
    ]
    label = around.nodes(data="label")
    assert sorted((label[u], d["relation"], label[v]) for u, v, d in around.edges(data=True)) == [
        ("ERN RITA", "dcterms:isPartOf", "European Reference Networks"),
        ("ERN RITA", "dcterms:isPartOf", "European Reference Networks"),
        ("ERN RITA conference 2023", "dcterms:isPartOf", "ERN RITA"),
        ("UMC Utrecht", "cg:coordinates", "ERN RITA"),
        ("UMC Utrecht", "cg:organises", "ERN RITA conference 2023"),  # between the outer ring
        ("UMC Utrecht", "org:memberOf", "ERN RITA"),
    ]


def test_the_local_projection_counts_units_as_their_organisation(graph, entities):
    units = analyses.with_units(entities, D + "umc-utrecht") - {D + "umc-utrecht"}
    assert units, "the seed graph gives UMC Utrecht units"
    around = _local(graph.store, [D + "umc-utrecht"], 1)
    assert units <= set(around)
    for unit in units:
        for _, partner in entities.out_edges(unit):
            assert partner in around


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_the_local_projection_on_the_imported_registries(imported_project, store):
    """The hubs of the real CORDIS subset with the projects they are in, and two hops from a
    sample of entities: the same as cut from the whole projection."""
    opened = open_store(imported_project, store)
    whole = projection.entity_graph(projection.Projection.from_store(opened))
    hubs = sorted(whole, key=lambda node: (-whole.degree(node), node))[:4]
    for hub in hubs:
        expected = analyses.neighbourhood(whole, hub, 1, include_units=True)
        assert _as_sets(_local(opened, [hub], 1)) == _as_sets(expected), hub
    sample = sorted(whole)[::20]
    for entity in sample:
        expected = analyses.neighbourhood(whole, entity, 2, include_units=True)
        assert _as_sets(_local(opened, [entity], 2)) == _as_sets(expected), entity
    assert len(sample) >= 20


@pytest.fixture(scope="module")
def hub_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A generated CORDIS programme of 200 projects whose biggest hub (Utrecht University)
    takes part in 15% of all participations: its first step reaches about 100 entities,
    its second hundreds of partners (benchmarks/cordis_generator.py)."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from cordis_generator import HUB_SHARES, generate

    folder = tmp_path_factory.mktemp("hub")
    project = copy_project(folder / "project")
    generate(
        folder / "tables",
        projects=200,
        participations=1_000,
        organisations=230,
        hub_shares=(0.15, *HUB_SHARES[1:]),
    )
    import_cordis([folder / "tables"], path=project)
    build(project)
    return project


@pytest.mark.parametrize(("store", "batch"), [("memory", 256), ("oxigraph", 256), ("memory", 7)])
def test_a_hubs_neighbourhood_two_steps_out_is_read_locally(hub_project, store, batch, monkeypatch):
    """Two steps around a hub whose first step reaches about a hundred entities (read in
    batches, here of the default size and of 7, so batches end everywhere): the same nodes
    and facts as cut from the whole projection."""
    monkeypatch.setattr(projection_queries, "BATCH", batch)
    opened = open_store(hub_project, store)
    hub = str(CollabGraph(opened, hub_project).entity("Utrecht University").iri)
    whole = projection.entity_graph(projection.Projection.from_store(opened))
    first_ring = analyses.neighbourhood(whole, hub, 1, include_units=True)
    expected = analyses.neighbourhood(whole, hub, 2, include_units=True)
    assert len(first_ring) > 90 and len(expected) > len(first_ring) + 100
    assert _as_sets(_local(opened, [hub], 2)) == _as_sets(expected)


def test_a_hubs_page_from_the_store_is_the_page_from_the_whole_graph(hub_project):
    """The hub's page reads two steps around it, never the whole graph, and draws the same
    page as the whole graph's projection."""
    local = CollabGraph(open_store(hub_project, "memory"), hub_project)
    whole = CollabGraph(open_store(hub_project, "memory"), hub_project)
    whole.entity_graph()
    page = local.map_view("Utrecht University")
    assert page == whole.map_view("Utrecht University")
    assert local._projection is None
    assert len(page.nodes) > 100


def test_an_entitys_map_reads_only_its_neighbourhood(built_project):
    """The map of one entity is the same whether the whole graph was projected first or not."""
    local = CollabGraph(open_store(built_project, "memory"), built_project)
    whole = CollabGraph(open_store(built_project, "memory"), built_project)
    whole.entity_graph()
    for name in ("UMC Utrecht", "ERN RITA", "Maastricht UMC+"):
        assert local.map_view(name, depth=2) == whole.map_view(name, depth=2)
    assert local._projection is None
    first, second = (
        CollabGraph(open_store(built_project, "memory"), built_project).compare(
            "UMC Utrecht", "Maastricht UMC+"
        ),
        whole.compare("UMC Utrecht", "Maastricht UMC+"),
    )
    assert first.view == second.view


def test_a_projection_binds_iris_through_the_binding_module():
    """The IRI a local projection starts from is bound by substitution (in the pattern, and
    kept as the projected variable), never pasted: one that would change the query's
    structure is refused before any query runs."""
    from collabgraph.analysis.projection_queries import (
        NODES_QUERY,
        RING_FACTS_QUERY,
        among,
        itself,
    )

    iri = "https://w3id.org/collabgraph/id/umc-utrecht"
    nodes = NODES_QUERY.text(itself(iri))
    assert f"<{iri}> a ?class ; rdfs:label ?label ." in nodes
    assert f"BIND(<{iri}> AS ?entity)" in nodes
    assert "VALUES ?ring { <https://x/a> <https://x/b> }" in RING_FACTS_QUERY.text(
        among({"https://x/b", "https://x/a"}, "ring")[0]
    )
    for scope in (itself("https://x/a> } DROP ALL #"), among({"https://x/a> } DROP ALL #"})[0]):
        with pytest.raises(Exception, match="does not look like a valid URI"):
            NODES_QUERY.text(scope)
