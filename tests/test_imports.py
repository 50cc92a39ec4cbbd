"""Imported registries in the project: one node per institution, named graphs, questions."""

from __future__ import annotations

import gzip
import json
import shutil

import pytest
from click.testing import CliRunner
from rdflib import Dataset, URIRef

from collabgraph.api import CollabGraph, build, import_cordis, import_ror, load, search_entities
from collabgraph.cli import cli
from collabgraph.curation.compile import ONTOLOGY_GRAPH
from collabgraph.curation.validate import check_vocabulary
from collabgraph.errors import BuildError, ValidationFailed
from collabgraph.io import load_built_graph
from collabgraph.namespace import DATA, GRAPH
from collabgraph.project import Project

from conftest import CORDIS_SUBSET, REPO, ROR_RECORDS, copy_project

GRONINGEN_ORG = "999989782"


@pytest.fixture(scope="module")
def graph(imported_project: Project) -> CollabGraph:
    return load(path=imported_project.root)


def _rows(graph: CollabGraph, query: str) -> list[tuple[str, ...]]:
    return [tuple(str(v) for v in row) for row in graph.run(query).rows]


def test_umc_utrecht_is_one_node_with_its_ror_id_names_and_city(graph):
    assert _rows(graph, "SELECT ?e WHERE { ?e owl:sameAs <https://ror.org/0575yy874> }") == [
        (str(DATA["umc-utrecht"]),)
    ]
    names = {
        row[0]
        for row in _rows(
            graph, "SELECT ?n WHERE { cgd:umc-utrecht rdfs:label|skos:prefLabel|skos:altLabel ?n }"
        )
    }
    assert {
        "UMC Utrecht",
        "Universitair Medisch Centrum Utrecht",
        "University Medical Center Utrecht",
        "UMCU",
    } <= names
    assert _rows(
        graph,
        "SELECT ?city ?country WHERE { cgd:umc-utrecht cg:basedIn ?c . ?c a cg:City ; "
        "rdfs:label ?city ; dcterms:isPartOf/skos:notation ?country }",
    ) == [("Utrecht", "NL")]


def test_no_seed_institution_has_a_duplicate(graph):
    rows = _rows(
        graph,
        "SELECT ?ror (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e owl:sameAs ?ror . "
        "FILTER STRSTARTS(STR(?ror), 'https://ror.org/') } GROUP BY ?ror HAVING (COUNT(DISTINCT ?e) > 1)",
    )
    assert rows == []
    identifiers = (REPO / "data" / "reference" / "identifiers.tsv").read_text().splitlines()
    rors = [line.split("\t")[1] for line in identifiers[5:] if line.split("\t")[1]]
    for ror_id in rors:
        found = _rows(graph, f"SELECT ?e WHERE {{ ?e owl:sameAs <https://ror.org/{ror_id}> }}")
        assert len(found) == 1 and found[0][0].startswith(str(DATA)), ror_id
        assert "/ror/" not in found[0][0]


def test_a_dutch_universitys_projects_and_partners_come_from_the_cordis_subset(graph):
    raw = json.loads((CORDIS_SUBSET / "organization.json").read_text())
    ours = [row for row in raw if str(row["organisationID"]) == GRONINGEN_ORG]
    projects = graph.query("projects-of", institution="University of Groningen")
    assert sorted(projects["acronym"]) == sorted(row["projectAcronym"] for row in ours)
    assert sorted(projects["euContribution"].astype(float)) == sorted(
        float(row["ecContribution"]) for row in ours
    )
    assert set(projects["programme"]) == {"Horizon 2020"}
    partners = graph.query("project-partners", institution="University of Groningen")
    their_ids = {
        str(row["organisationID"])
        for row in raw
        if row["projectID"] in {o["projectID"] for o in ours}
        and str(row["organisationID"]) != GRONINGEN_ORG
    }
    assert len(partners) == len(their_ids)
    assert partners["projects"].max() == 1


def test_each_import_is_a_named_graph_and_each_fact_cites_its_record(graph):
    sources = _rows(
        graph,
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?f cg:evidence/cg:recordKey ?k } } "
        "GROUP BY ?g ORDER BY ?g",
    )
    assert [g for g, _ in sources] == [
        str(GRAPH[name])
        for name in (
            "cordis-h2020",
            "reference/european_reference_networks",  # a reference row, cited in words too
            "reference/institution_countries",
            "reference/leru_members",
            "ror",
        )
    ]
    about = graph.query("about-entity", entity="University of Groningen")
    cordis = about[about["source"].str.startswith("CORDIS")]
    assert len(cordis) == 1
    assert cordis.iloc[0]["evidence"].startswith("organization.json row ")
    assert f"organisationID={GRONINGEN_ORG}" in cordis.iloc[0]["evidence"]


def test_the_union_counts_a_triple_two_sources_state_once(graph):
    rows = _rows(
        graph,
        "SELECT (COUNT(*) AS ?n) WHERE { cgd:umc-utrecht cg:basedIn <https://w3id.org/collabgraph/id/country/NL> }",
    )
    assert rows == [("1",)]
    named = _rows(
        graph,
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { cgd:umc-utrecht cg:basedIn <https://w3id.org/collabgraph/id/country/NL> } }",
    )
    assert int(named[0][0]) >= 2


def test_every_term_the_imports_use_is_declared(imported_project):
    dataset = load_built_graph(imported_project)
    assert check_vocabulary(dataset) == []
    assert len(dataset.graph(ONTOLOGY_GRAPH)) > 0


def test_the_funder_is_not_a_collaborator_and_shared_projects_are_counted(graph):
    collaboration = graph.collaboration_graph()
    commission = str(DATA["european-commission"])
    assert commission not in collaboration or collaboration.degree(commission) == 0
    groningen = next(
        n for n, d in collaboration.nodes(data=True) if d.get("label") == "University of Groningen"
    )
    weights = [d["projects"] for _, _, d in collaboration.edges(groningen, data=True)]
    assert weights and set(weights) == {1}


def test_reimporting_the_same_release_changes_nothing(tmp_path):
    project = copy_project(tmp_path)
    first = import_cordis([CORDIS_SUBSET], path=project)
    stored = first.path.read_bytes()
    again = import_cordis([CORDIS_SUBSET], path=project)
    assert again.path.read_bytes() == stored
    assert again.summary().startswith("cordis-h2020 release 2021-12-10 was already imported")


def test_a_newer_release_replaces_an_older_and_an_older_is_refused(tmp_path):
    project = copy_project(tmp_path / "p")
    newer = tmp_path / "newer"
    shutil.copytree(CORDIS_SUBSET, newer)
    rows = json.loads((newer / "organization.json").read_text())
    rows[0]["contentUpdateDate"] = "2023-01-05 09:00:00"
    rows[0]["ecContribution"] = 1
    (newer / "organization.json").write_text(json.dumps(rows))
    import_cordis([CORDIS_SUBSET], path=project)
    replaced = import_cordis([newer], path=project)
    assert (
        replaced.summary()
        .splitlines()[0]
        .startswith("cordis-h2020: release 2021-12-10 replaced by 2023-01-05")
    )
    with pytest.raises(
        BuildError, match="holds release 2023-01-05, newer than 2021-12-10"
    ) as refused:
        import_cordis([CORDIS_SUBSET], path=project)
    assert refused.value.message.endswith(  # the API's parameter; the CLI says its flag
        "pass `replace_newer=True` to import the older release anyway"
    )
    kept = json.loads(gzip.decompress(replaced.path.read_bytes()))
    assert kept["release"] == "2023-01-05"
    assert import_cordis([CORDIS_SUBSET], path=project, replace_newer=True).release == "2021-12-10"


def test_a_malformed_file_changes_nothing(tmp_path):
    project = copy_project(tmp_path / "p")
    import_cordis([CORDIS_SUBSET], path=project)
    before = {p.name: p.read_bytes() for p in project.imports.iterdir()}
    broken = tmp_path / "broken"
    shutil.copytree(CORDIS_SUBSET, broken)
    (broken / "organization.json").write_text('[{"projectID": 1, "name": "X"')
    result = CliRunner().invoke(
        cli, ["import", "cordis", str(broken), "--project", str(project.root)]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {broken / 'organization.json'}: not JSON: ")
    assert "Traceback" not in result.output + result.stderr
    assert {p.name: p.read_bytes() for p in project.imports.iterdir()} == before


def test_the_import_command_reports_how_organisations_resolved(tmp_path):
    project = copy_project(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["import", "ror", str(ROR_RECORDS), "--project", str(project.root)])
    assert result.exit_code == 0, result.stderr
    assert result.output == (
        f"ror: imported release 2026-06-23 (73 records, {project.imports / 'ror.json.gz'})\n"
        "ror: 73 organisations: 48 matched (name 41, ror-id 7), 0 ambiguous, "
        "25 not project entities\n"
        "Run 'collabgraph build' to bring it into the graph.\n"
    )
    result = runner.invoke(
        cli, ["import", "cordis", str(CORDIS_SUBSET), "--project", str(project.root)]
    )
    assert result.exit_code == 0, result.stderr
    assert result.output.splitlines()[1:] == [
        "ror: 73 organisations: 48 matched (name 41, ror-id 7), 0 ambiguous, "
        "25 not project entities",
        "cordis-h2020: 765 organisations: 11 matched (name 9, name+city 2), 0 ambiguous, 754 new",
        "Run 'collabgraph build' to bring it into the graph.",
    ]


def test_pins_and_vetoes_are_respected_by_every_later_build(tmp_path):
    project = copy_project(tmp_path)
    import_ror(ROR_RECORDS, path=project)
    import_cordis([CORDIS_SUBSET], path=project)
    project.resolution_file.write_text(
        "pin:\n"
        f"  cordis:{GRONINGEN_ORG}: maastricht-university\n"
        "forbid:\n"
        "  cordis:999992110: [ror:016xsfp80]\n"
    )
    report = build(path=project)
    assert report.imports[1] == (
        "cordis-h2020: 765 organisations: 10 matched (name 8, name+city 1, pinned 1), "
        "0 ambiguous, 755 new"
    )
    graph = load(path=project.root)
    ours = graph.query("projects-of", institution="Maastricht University")
    raw = json.loads((CORDIS_SUBSET / "organization.json").read_text())
    assert sorted(ours["acronym"]) == sorted(
        r["projectAcronym"] for r in raw if str(r["organisationID"]) == GRONINGEN_ORG
    )
    radboud = _rows(
        graph, "SELECT ?e WHERE { ?e schema:identifier 'cordis:organisation/999992110' }"
    )
    assert radboud == [(str(DATA["cordis/organisation/999992110"]),)]


def test_a_pin_to_an_unknown_entity_fails_the_build_and_keeps_the_graph(tmp_path):
    project = copy_project(tmp_path)
    import_cordis([CORDIS_SUBSET], path=project)
    build(path=project)
    before = project.graph_file.read_bytes()
    project.resolution_file.write_text("pin:\n  cordis:1: maastricht-universty\n  rug:2: x\n")
    with pytest.raises(ValidationFailed) as caught:
        build(path=project)
    messages = [str(problem) for problem in caught.value.problems]
    assert messages == [
        f"{project.resolution_file}:2 [maastricht-universty]: unknown entity "
        "'maastricht-universty'; did you mean maastricht-university?",
        f"{project.resolution_file}:3: unknown import key 'rug:2': write "
        "cordis:<organisationID> or ror:<id>",
    ]
    assert project.graph_file.read_bytes() == before


def test_records_the_graph_does_not_hold_are_found_by_search(imported_project):
    hits = search_entities("Erasmus MC", path=imported_project, limit=3)
    assert hits.iloc[0]["id"] == "ror:018906e22"
    assert hits.iloc[0]["defined"] == str(imported_project.imports / "ror.json.gz")


def test_ror_with_all_brings_every_record(tmp_path):
    project = copy_project(tmp_path)
    import_ror(ROR_RECORDS, path=project, everything=True)
    build(path=project)
    dataset = Dataset()
    dataset.parse(project.graph_file, format="trig")
    ror_graph = dataset.graph(GRAPH["ror"])
    linked = {
        o
        for o in ror_graph.objects(None, URIRef("http://www.w3.org/2002/07/owl#sameAs"))
        if str(o).startswith("https://ror.org/")
    }
    assert len(linked) == 73


def test_a_bad_pin_file_is_an_error_before_anything_is_imported(tmp_path):
    project = copy_project(tmp_path)
    project.resolution_file.write_text("pin: [1]\n")
    result = CliRunner().invoke(cli, ["build", "--project", str(project.root)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: 1 problem found:\n  {project.resolution_file}: 'pin:' must be a mapping\n"
    )
    assert not project.graph_file.exists()


def test_a_ror_record_that_fits_two_entities_is_ambiguous_and_its_lost_link_named(tmp_path):
    """The University of Amsterdam is a LERU member (reference data) linked to its ROR record
    by name; a second entity named as the record's Dutch label makes the record fit two."""
    project = copy_project(tmp_path)
    import_ror(ROR_RECORDS, path=project)
    first = build(path=project)
    assert first.lost_links == ()
    linked = json.loads(project.manifest_file.read_text())["links"]
    assert linked["ror:04dkp9463"] == "university-of-amsterdam"
    with project.registry_file.open("a", encoding="utf-8") as registry:
        registry.write(
            "  universiteit-van-amsterdam:\n    type: University\n"
            "    label: Universiteit van Amsterdam\n"
        )
    report = build(path=project)
    assert report.imports[0] == (
        "ror: 73 organisations: 47 matched (name 40, ror-id 7), 1 ambiguous, "
        "25 not project entities"
    )
    assert report.imports[1] == (
        "  ambiguous: ror:04dkp9463 'University of Amsterdam' could be universiteit-van-amsterdam, "
        "university-of-amsterdam (by name; never merged: pin one in data/resolution.yaml)"
    )
    assert [link.message() for link in report.lost_links] == [
        "ror:04dkp9463 'University of Amsterdam' was linked to university-of-amsterdam by the "
        "last build and is not now: it fits universiteit-van-amsterdam, university-of-amsterdam "
        "(by name); pin it in data/resolution.yaml (ror:04dkp9463: university-of-amsterdam) or "
        "merge the entities"
    ]
    assert [w.split(" (")[0] for w in report.warnings] == [
        "universiteit-van-amsterdam",  # the two entities have one name ...
        "ROR record ror:04dkp9463 'University of Amsterdam' fits universiteit-van-amsterdam, "
        "university-of-amsterdam, so it is linked to none of them; pin it in "
        "data/resolution.yaml",  # ... so the record links to neither
    ]
    assert "and university-of-amsterdam (" in report.warnings[0]
    table = (project.build_dir / "ambiguous.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in table if not line.startswith("#")]
    assert rows == [
        ["source", "record", "name", "problem", "rule", "candidates"],
        [
            "ror",
            "ror:04dkp9463",
            "University of Amsterdam",
            "ambiguous",
            "name",
            "universiteit-van-amsterdam university-of-amsterdam",
        ],
        [
            "ror",
            "ror:04dkp9463",
            "University of Amsterdam",
            "link lost (was university-of-amsterdam)",
            "name",
            "universiteit-van-amsterdam university-of-amsterdam",
        ],
    ]
    assert build(path=project).lost_links == ()  # reported once, by the build that lost it
    project.resolution_file.write_text("pin:\n  ror:04dkp9463: university-of-amsterdam\n")
    pinned = build(path=project)
    assert json.loads(project.manifest_file.read_text())["links"]["ror:04dkp9463"] == (
        "university-of-amsterdam"
    )
    assert "1 ambiguous" not in pinned.imports[0]
