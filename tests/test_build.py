"""Build, validation, export and reference data."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from collabgraph.cli import cli
from collabgraph.curation.build import assemble
from collabgraph.curation.compile import CLASS_HIERARCHY_GRAPH, ONTOLOGY_GRAPH
from collabgraph.curation.validate import check_shacl, check_vocabulary
from collabgraph.namespace import CG, DATA, GRAPH, ORG, PROV, SCHEMA, SOURCE

from conftest import REPO


def test_build_command_prints_a_summary(fresh_project):
    result = CliRunner().invoke(cli, ["build", "--project", str(fresh_project.root)])
    assert result.exit_code == 0, result.stderr
    assert re.fullmatch(
        rf"Built {re.escape(str(fresh_project.graph_file))}: 4325 triples, 237 facts about 134 entities "
        r"from 2 documents and 4 reference files \(\d+\.\d s\); SHACL: conforms\.\n",
        result.output,
    ), result.output


def test_exported_n_triples_validate_against_the_shapes(built_project, dataset, tmp_path):
    target = tmp_path / "graph.nt"
    result = CliRunner().invoke(
        cli, ["export", "--format", "nt", "-o", str(target), "--project", str(built_project.root)]
    )
    assert result.exit_code == 0, result.stderr
    graph = Graph().parse(target, format="nt")
    conforms, _, text = shacl_validate(graph, shacl_graph=str(REPO / "ontology" / "shapes.ttl"))
    assert conforms, text
    assert len(graph) == len(set(dataset.triples((None, None, None))))


@pytest.mark.parametrize(
    ("fmt", "keeps_graphs"),
    [("trig", True), ("nq", True), ("jsonld", True), ("ttl", False), ("nt", False)],
)
def test_every_export_format_loads_back(built_project, dataset, fmt, keeps_graphs):
    result = CliRunner().invoke(
        cli, ["export", "--format", fmt, "--project", str(built_project.root)]
    )
    assert result.exit_code == 0, result.stderr
    rdflib_format = {
        "trig": "trig",
        "nq": "nquads",
        "jsonld": "json-ld",
        "ttl": "turtle",
        "nt": "nt",
    }[fmt]
    if keeps_graphs:
        loaded = Dataset()
        loaded.parse(data=result.output, format=rdflib_format)
        named = {g.identifier for g in loaded.graphs() if len(g)}
        assert GRAPH["umcu-international-cooperations"] in named
        assert len(loaded) == len(dataset)
    else:
        loaded_graph = Graph().parse(data=result.output, format=rdflib_format)
        assert len(loaded_graph) == len(set(dataset.triples((None, None, None))))


def test_reference_facts_are_marked_and_cite_their_row(dataset):
    graph = dataset.graph(GRAPH["reference/leru_members"])
    members = {
        s
        for s, _, o in graph.triples(
            (None, URIRef("http://www.w3.org/ns/org#memberOf"), DATA["leru"])
        )
    }
    assert len(members) == 24
    assert DATA["utrecht-university"] in members and DATA["umc-utrecht"] not in members
    facts = list(graph.subjects(RDF.type, CG.ReferenceFact))
    assert len(facts) == 48
    fact = next(
        f
        for f in facts
        if graph.value(f, CG.subject) == DATA["ku-leuven"]
        and graph.value(f, CG.relation) == CG.basedIn
    )
    evidence = graph.value(fact, CG.evidence)
    assert str(graph.value(evidence, CG.recordKey)) == (
        "LERU members list (leru_members.tsv), row 5: KU Leuven, BE"
    )
    assert (evidence, RDF.type, CG.SourceRecord) in graph
    start = int(graph.value(evidence, URIRef("http://www.w3.org/ns/oa#start")))
    end = int(graph.value(evidence, URIRef("http://www.w3.org/ns/oa#end")))
    leru = (REPO / "data" / "reference" / "leru_members.tsv").read_text(encoding="utf-8")
    assert leru[start:end] == "KU Leuven\tBE"
    assert leru.splitlines()[4] == "KU Leuven\tBE"
    assert graph.value(fact, PROV.wasDerivedFrom) == SOURCE["reference/leru_members"]
    cited = str(
        dataset.value(SOURCE["reference/leru_members"], URIRef("http://purl.org/dc/terms/source"))
    )
    assert cited.startswith("Sources: LERU's own members page")


def test_checked_identifiers_become_same_as_links(dataset):
    graph = dataset.graph(GRAPH["reference/identifiers"])
    assert (DATA["umc-utrecht"], OWL.sameAs, URIRef("https://ror.org/0575yy874")) in graph
    assert (
        DATA["utrecht-university"],
        SCHEMA.sameAs,
        URIRef("http://www.wikidata.org/entity/Q221653"),
    ) in graph
    assert not list(
        graph.triples((DATA["umc-utrecht"], OWL.sameAs, URIRef("http://www.wikidata.org/entity/")))
    )


def test_all_24_european_reference_networks_come_from_reference_data(dataset):
    query = "SELECT (COUNT(DISTINCT ?ern) AS ?n) WHERE { ?ern dcterms:isPartOf cgd:european-reference-networks ; a cg:ReferenceNetwork }"
    assert (
        next(
            iter(
                dataset.query(
                    query,
                    initNs={
                        "cgd": DATA,
                        "cg": CG._NS,
                        "dcterms": URIRef("http://purl.org/dc/terms/"),
                    },
                )
            )
        )[0].toPython()
        == 24
    )


def test_the_class_hierarchy_graph_holds_every_class_with_itself_and_its_ancestors(
    imported_project,
):
    from collabgraph.io import load_built_graph

    built = load_built_graph(imported_project)
    hierarchy = built.graph(CLASS_HIERARCHY_GRAPH)
    alliance = set(hierarchy.objects(CG.Alliance, RDFS.subClassOf))
    assert alliance == {CG.Alliance, CG.Network, ORG.OrganizationalCollaboration, ORG.Organization}
    used = {o for _, _, o, g in built.quads((None, RDF.type, None, None)) if g != ONTOLOGY_GRAPH}
    assert used - set(hierarchy.subjects()) == set()
    assert all(p == RDFS.subClassOf for p in hierarchy.predicates())
    # the ontology graph itself states only the direct parents
    assert set(built.graph(ONTOLOGY_GRAPH).objects(CG.Alliance, RDFS.subClassOf)) == {CG.Network}


def test_undeclared_terms_are_found(dataset):
    broken = Dataset(default_union=True)
    for triple in dataset.graph(ONTOLOGY_GRAPH):
        broken.graph(ONTOLOGY_GRAPH).add(triple)
    broken.graph(GRAPH["x"]).add((DATA["leru"], URIRef(str(CG._NS) + "memberCuont"), Literal(3)))
    broken.graph(GRAPH["x"]).add((DATA["leru"], RDF.type, URIRef(str(CG._NS) + "Univercity")))
    messages = sorted(p.message for p in check_vocabulary(broken))
    assert messages == [
        f"undeclared class {CG._NS}Univercity (used on {DATA['leru']} in graph {GRAPH['x']})",
        f"undeclared property {CG._NS}memberCuont (used on {DATA['leru']} in graph {GRAPH['x']})",
    ]


def test_shacl_violations_point_back_to_the_annotation_line(built_project, tmp_path):
    assembly = assemble(built_project)
    fact = next(f for f in assembly.facts if f.relation == "contactPersonFor")
    from collabgraph.curation.compile import fact_iri

    node = fact_iri(fact)
    graph = assembly.dataset.graph(GRAPH[fact.source.id])
    evidence = graph.value(node, CG.evidence)
    graph.remove((node, CG.evidence, evidence))
    problems = check_shacl(
        assembly.dataset,
        Graph().parse(REPO / "ontology" / "shapes.ttl"),
        {node: (fact.path, fact.line)},
    )
    assert [p.message for p in problems] == [
        f"{fact.path}:{fact.line}: SHACL: a fact has exactly one evidence: a quote, or a record cited in words (focus "
        f"{node}, path {CG.evidence})"
    ]


def test_a_contact_person_must_be_a_person(fresh_project):
    annotation = fresh_project.annotations / "mumc-strategic-initiatives.yaml"
    text = annotation.read_text(encoding="utf-8")
    annotation.write_text(text.replace("subject: merlijn-meens", "subject: nfu"), encoding="utf-8")
    assembly = assemble(fresh_project)
    assert [p.message for p in assembly.problems] == [
        f"SHACL: only a person can be a contact person (focus {DATA['nfu']})"
    ]


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        ("{tmp}/nonexistent-dir/x.nt", "{tmp}/nonexistent-dir does not exist"),
        ("{tmp}/notes.txt/x.nt", "{tmp}/notes.txt is a file, not a folder"),
        ("/proc/x.nt", "No such file or directory"),
    ],
)
def test_an_export_path_that_cannot_be_written_is_one_line_and_creates_nothing(
    built_project, tmp_path, target, problem
):
    (tmp_path / "notes.txt").write_text("mine")
    path = target.format(tmp=tmp_path)
    result = CliRunner().invoke(
        cli, ["export", "-f", "nt", "-o", path, "--project", str(built_project.root)]
    )
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {path}: {problem.format(tmp=tmp_path)}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    assert (tmp_path / "notes.txt").read_text() == "mine"
