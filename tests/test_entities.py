"""Curation you can trust: what exists is found, names stay unique, legal data works everywhere."""

from __future__ import annotations

import csv
import functools
import io

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import collabgraph
from collabgraph.cli import cli
from collabgraph.curation.build import build
from collabgraph.errors import AmbiguousNameError, CollabgraphError, UnknownNameError
from collabgraph.names import normalise, score
from collabgraph.sparql.binding import ParameterError
from collabgraph.sparql.lookup import all_entity_names, names_matching, resolve_entity
from collabgraph.sparql.persistent import open_store
from collabgraph.sparql.store import OxigraphStore, Store

ENGLISH_PAGE = (
    "Heidelberg University has campuses in Heidelberg and Mannheim, Germany. "
    "Heidelberg University works together with UMC Utrecht. "
    "In 2023, 23 of the 24 ERNs had a Dutch member, of which we coordinate two.\n"
)
DUTCH_PAGE = (
    "Het UMC Utrecht werkt samen met de Universiteit Heidelberg, gevestigd in Heidelberg, "
    "Duitsland. Wij nemen deel aan EIT Health.\n"
)
REGISTRY_ADDITIONS = """  heidelberg:
    type: City
    label: Heidelberg
  mannheim:
    type: City
    label: Mannheim
"""
ENGLISH_ANNOTATIONS = """document:
  id: heidelberg-page
  source: ../sources/heidelberg-page.txt
  title: Heidelberg page
  publisher: umc-utrecht
  language: en
  url: https://example.org/heidelberg
  retrieved: 2026-11-28
facts:
  - quote: Heidelberg University has campuses in Heidelberg and Mannheim, Germany.
    facts:
      - {subject: heidelberg-university, relation: basedIn, object: heidelberg}
      - {subject: heidelberg-university, relation: basedIn, object: mannheim}
      - {subject: heidelberg-university, relation: basedIn, object: "country:DE"}
  - quote: Heidelberg University works together with UMC Utrecht.
    subject: heidelberg-university
    relation: partnerOf
    object: umc-utrecht
  - quote: In 2023, 23 of the 24 ERNs had a Dutch member, of which we coordinate two.
    facts:
      - {subject: umc-utrecht, attribute: networkCount, value: 2, role: coordinator, unit: ERNs}
"""
DUTCH_ANNOTATIONS = """document:
  id: heidelberg-pagina
  source: ../sources/heidelberg-pagina.txt
  title: Samenwerking met Heidelberg
  publisher: umc-utrecht
  language: nl
facts:
  - quote: Het UMC Utrecht werkt samen met de Universiteit Heidelberg, gevestigd in Heidelberg, Duitsland.
    facts:
      - {subject: umc-utrecht, relation: partnerOf, object: heidelberg-university}
      - {subject: heidelberg-university, relation: basedIn, object: heidelberg}
  - quote: Wij nemen deel aan EIT Health.
    subject: umc-utrecht
    relation: participatesIn
    object: eit-health
"""


def invoke(project, *args: str):
    result = CliRunner().invoke(cli, [*args, "--project", str(project.root)])
    assert "Traceback" not in result.output + result.stderr
    return result


def add_document(project, doc_id: str, text: str, annotations: str) -> None:
    (project.data / "sources" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    (project.annotations / f"{doc_id}.yaml").write_text(annotations, encoding="utf-8")


@pytest.fixture()
def curated(fresh_project):
    """Two new pages, English and Dutch: an organisation in two cities and a country."""
    with fresh_project.registry_file.open("a", encoding="utf-8") as registry:
        registry.write(REGISTRY_ADDITIONS)
    add_document(fresh_project, "heidelberg-page", ENGLISH_PAGE, ENGLISH_ANNOTATIONS)
    add_document(fresh_project, "heidelberg-pagina", DUTCH_PAGE, DUTCH_ANNOTATIONS)
    build(fresh_project)
    return fresh_project


def table(result) -> list[dict[str, str]]:
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.output)))


def test_an_organisation_in_cities_and_a_country_works_in_every_command(curated):
    profile = table(invoke(curated, "network", "profile", "UMC Utrecht", "-f", "csv"))
    assert "Germany" in profile[0]["country_names"].split(", ")
    assert "Heidelberg" not in profile[0]["country_names"]
    site = invoke(curated, "map", "-o", str(curated.root / "site"))
    assert site.exit_code == 0, site.stderr
    assert (curated.root / "site" / "index.html").is_file()
    graph = collabgraph.load(path=curated.root)
    node = graph.entity_graph().nodes[str(graph.entity("Heidelberg University").iri)]
    assert (node["country"], node["country_name"]) == ("DE", "Germany")
    assert node["places"] == ["Heidelberg", "Mannheim"]


def test_country_columns_hold_only_countries(curated):
    rows = table(invoke(curated, "query", "partners-by-country", "-f", "csv"))
    countries = {row["countryLabel"] for row in rows}
    assert {"Heidelberg", "Mannheim"}.isdisjoint(countries)
    by_partner = {row["partnerLabel"]: row["countryLabel"] for row in rows}
    assert by_partner["Heidelberg University"] == "Germany"
    reached = table(invoke(curated, "query", "countries-reached", "-f", "csv"))
    assert {row["countryLabel"] for row in reached} >= {"Germany", "Netherlands", "Aruba"}
    assert "Heidelberg" not in {row["countryLabel"] for row in reached}


def test_a_role_on_a_count_is_kept(curated):
    rows = table(invoke(curated, "query", "counts", "-f", "csv"))
    coordinated = [row for row in rows if row["role"] == "coordinator"]
    assert [(r["entityLabel"], r["value"], r["unit"]) for r in coordinated] == [
        ("UMC Utrecht", "2", "ERNs")
    ]


def test_a_source_url_is_shown_with_its_facts(curated):
    rows = table(
        invoke(curated, "query", "about-entity", "-p", "entity=Heidelberg University", "-f", "csv")
    )
    urls = {row["source"]: row["url"] for row in rows}
    assert urls["Heidelberg page"] == "https://example.org/heidelberg"
    assert urls["Samenwerking met Heidelberg"] == ""


def test_a_dutch_page_participation_counts_for_membership_questions(curated):
    rows = table(invoke(curated, "query", "members-of", "-p", "network=EIT Health", "-f", "csv"))
    assert ("UMC Utrecht", "cg:participatesIn") in {
        (row["memberLabel"], row["relation"]) for row in rows
    }


def test_a_duplicated_label_is_an_error_naming_both(fresh_project):
    with fresh_project.registry_file.open("a", encoding="utf-8") as registry:
        registry.write("  leru-again:\n    type: Alliance\n    label: LERU\n")
    result = invoke(fresh_project, "validate")
    assert result.exit_code == 1
    registry_file = fresh_project.registry_file
    line = len(registry_file.read_text(encoding="utf-8").splitlines()) - 2
    assert (
        f"  {registry_file}:{line} [leru-again]: 'LERU' is also a name of leru "
        f"({registry_file}:102); two entities may not share a label, alias or identifier"
    ) in result.stderr


def test_a_registered_country_is_an_error(fresh_project):
    with fresh_project.registry_file.open("a", encoding="utf-8") as registry:
        registry.write("  germany:\n    type: Country\n    label: Germany\n")
    result = invoke(fresh_project, "validate")
    assert result.exit_code == 1
    assert (
        "[germany]: countries are not registered: write country:DE wherever Germany is meant"
        in result.stderr
    )


def test_a_near_duplicate_is_a_warning(fresh_project):
    with fresh_project.registry_file.open("a", encoding="utf-8") as registry:
        registry.write("  utrecht-universty:\n    type: University\n    label: Utrecht Universty\n")
    result = invoke(fresh_project, "validate")
    assert result.exit_code == 0, result.stderr
    assert "[utrecht-universty]: 'Utrecht Universty' is very like 'Utrecht University'" in (
        result.stderr
    )


def test_names_that_are_one_name_under_the_registry_rules_are_a_warning(fresh_project):
    with fresh_project.registry_file.open("a", encoding="utf-8") as registry:
        registry.write(
            "  universiteit-maastricht:\n    type: University\n    label: Universiteit Maastricht\n"
        )
    result = invoke(fresh_project, "validate")
    assert result.exit_code == 0, result.stderr
    registry_file = fresh_project.registry_file
    assert (
        f"Warning: maastricht-university ({registry_file}:"
        f"{registry_line(fresh_project, 'maastricht-university')}) and universiteit-maastricht "
        f"({registry_file}:{registry_line(fresh_project, 'universiteit-maastricht')}) have one "
        "name: 'Maastricht University' and 'Universiteit Maastricht' are the same name under "
        "the registry's name rules"
    ) in result.stderr


def test_a_name_of_a_linked_ror_record_collides_like_the_entitys_own():
    from collabgraph.curation.entities import name_collisions
    from collabgraph.curation.registry import Entity, Registry

    registry = Registry()
    registry.add(Entity("vu", "University", "Vrije Universiteit Amsterdam"))
    registry.add(Entity("vu-amsterdam-2", "University", "Amsterdam VU"))
    registry.add(Entity("amsterdam", "City", "Amsterdam VU"))
    assert name_collisions(registry) == []
    [collision] = name_collisions(registry, {"vu": ["VU Amsterdam"]})
    assert (collision.first.id, collision.first_name) == ("vu", "VU Amsterdam (its ROR record)")
    assert (collision.second.id, collision.second_name) == ("vu-amsterdam-2", "Amsterdam VU")


def test_a_name_two_entities_share_is_refused_not_guessed():
    store = OxigraphStore.in_memory()
    store.store.update(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> INSERT DATA { "
        '<https://e/a> rdfs:label "Alpha" ; skos:altLabel "AB" . '
        '<https://e/b> rdfs:label "Beta" ; skos:altLabel "AB" . }'
    )
    with pytest.raises(AmbiguousNameError) as caught:
        resolve_entity(store, "ab")
    assert caught.value.message == (
        "'ab' names 2 entities: Alpha <https://e/a>; Beta <https://e/b>; "
        "use the id or IRI of the one you mean"
    )
    assert str(resolve_entity(store, "Alpha").iri) == "https://e/a"


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Europese Commissie", "european-commission"),
        ("EIT", "eit-health"),
        ("leru", "leru"),
        ("umc utrech", "umc-utrecht"),
        ("04pp8hn57", "utrecht-university"),  # a ROR id
        ("Nederland", "country:NL"),
        ("Marel Segers", "marel-segers"),  # accents ignored
    ],
)
def test_entity_search_finds_by_any_name(built_project, text, first):
    rows = table(invoke(built_project, "entities", "search", text, "-f", "csv"))
    assert rows[0]["id"] == first


@pytest.fixture(scope="module")
def searched(tmp_path_factory):
    """The project with the ROR records imported and two entities the searches below want."""
    from conftest import ROR_RECORDS, copy_project

    project = copy_project(tmp_path_factory.mktemp("search"))
    collabgraph.import_ror(ROR_RECORDS, path=project)
    with project.registry_file.open("a", encoding="utf-8") as registry:
        registry.write(
            "  the-guild:\n    type: Network\n"
            "    label: The Guild of European Research-Intensive Universities\n"
            "  eua:\n    type: Network\n    label: European University Association\n"
            "  alpha-one:\n    type: Network\n    label: Alpha One\n"
            "  alpha-two:\n    type: Network\n    label: Alpha Two\n"
        )
    quote = "UMC Utrecht is a member of Alpha Two."
    (project.data / "sources" / "alpha.txt").write_text(quote + "\n", encoding="utf-8")
    (project.annotations / "alpha.yaml").write_text(
        "document:\n  id: alpha\n  source: ../sources/alpha.txt\n  title: Alpha\n"
        f"  language: en\nfacts:\n  - quote: {quote}\n    subject: umc-utrecht\n"
        "    relation: memberOf\n    object: alpha-two\n",
        encoding="utf-8",
    )
    return project


def _search(project, text: str) -> list[tuple[str, float]]:
    rows = table(invoke(project, "entities", "search", text, "-f", "csv"))
    return [(row["id"], float(row["score"])) for row in rows]


def test_stop_words_never_match_alone(searched):
    assert _search(searched, "The Guild") == [("the-guild", 92.0)]
    assert _search(searched, "the") == []


def test_an_acronym_finds_its_entity_first_and_no_code_that_is_spelt_alike(searched):
    assert _search(searched, "EUA") == [("eua", 96.0)]  # not country:UA, not the EU
    # VU is both the Vrije Universiteit's acronym (its ROR record) and Vanuatu's code
    assert [hit for hit, _ in _search(searched, "VU")][:2] == ["ror:008xxew50", "country:VU"]


def test_an_exact_name_beats_a_partial_one(searched):
    hits = _search(searched, "Wilhelmina Kinderziekenhuis")
    assert hits[0] == ("wilhelmina-childrens-hospital", 100.0)
    assert hits[1][0] == "ror:047afsm11"  # the other children's hospital, far behind
    assert hits[1][1] < 70
    assert [hit for hit, _ in _search(searched, "Universiteit Utrecht")] == [
        "utrecht-university"  # not the city, which has one of the two words
    ]


def test_a_tie_goes_to_the_entity_more_facts_use(searched):
    hits = table(invoke(searched, "entities", "search", "Alpha", "-f", "csv"))
    assert [(h["id"], h["score"], h["facts"]) for h in hits] == [
        ("alpha-two", "92.0", "1"),  # the first words of both names: the one a fact uses first
        ("alpha-one", "92.0", "0"),
    ]


def test_entity_search_says_where_and_how_often(built_project):
    [hit] = table(
        invoke(built_project, "entities", "search", "ERN RITA", "--limit", "1", "-f", "csv")
    )
    assert (
        hit["defined"]
        == f"{built_project.registry_file}:{registry_line(built_project, 'ern-rita')}"
    )
    assert int(hit["facts"]) == len(
        collabgraph.entity_details("ern-rita", path=built_project).facts
    )
    assert int(hit["facts"]) >= 4


def registry_line(project, entity_id: str) -> int:
    lines = project.registry_file.read_text(encoding="utf-8").splitlines()
    return lines.index(f"  {entity_id}:") + 1


def test_entities_show(built_project):
    result = invoke(built_project, "entities", "show", "eit-health")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[:3] == ["id:       eit-health", "type:     Network", "label:    EIT Health"]
    assert (
        lines[4]
        == f"defined:  {built_project.registry_file}:{registry_line(built_project, 'eit-health')}"
    )
    assert any("contactPersonFor eit-health" in line for line in lines[6:])
    unknown = invoke(built_project, "entities", "show", "eit-helth")
    assert unknown.exit_code == 1
    assert "Did you mean: eit-health?" in unknown.stderr


@pytest.mark.parametrize(
    ("query", "name", "at_least"),
    [
        ("Europese Commissie", "European Commission", 100),
        ("LERU", "League of European Research Universities", 96),
        ("EIT", "EIT Health", 92),
        ("Universiteit Utrecht", "Utrecht University", 80),
    ],
)
def test_the_matcher(query, name, at_least):
    assert score(query, name) >= at_least
    assert normalise("Marèl  Segers!") == "marel segers"


def test_an_empty_search_is_a_clear_error(built_project):
    result = invoke(built_project, "entities", "search", "  ")
    assert result.exit_code == 1
    assert result.stderr == "Error: give a name, acronym or identifier to search for\n"


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
@pytest.mark.parametrize("project", ["built_project", "imported_project"])
def test_one_name_is_looked_up_as_reading_every_name_would(project, kind, request):
    """``names_matching`` reads only the names that match (on the persistent store, from its
    table of names); for every name of the graph (folded, upper case, and the label as
    written), it finds what the whole table finds ("Straße" found as "strasse" included)."""
    store = open_store(request.getfixturevalue(project), kind)
    assert (store.name_index is not None) == (kind == "oxigraph")
    everything = all_entity_names(store)
    assert len(everything) > 100
    every = 1 if project == "built_project" else 25  # one in 25 of the registries names
    for key, ref in sorted(everything.items())[::every]:
        for typed in (key, key.upper(), f"  {ref.label}  "):
            if typed.strip().casefold() != key:
                continue
            matching = names_matching(store, typed)
            assert matching.get(key) == ref, typed
            assert matching.ambiguous.get(key) == everything.ambiguous.get(key), typed
            if key not in everything.ambiguous:
                assert resolve_entity(store, typed) == ref


def test_a_lookup_reads_every_name_only_to_suggest(built_project):
    store = open_store(built_project, "memory")
    assert dict(names_matching(store, "no such entity")) == {}
    with pytest.raises(UnknownNameError) as caught:
        resolve_entity(store, "UMC Utrecth")
    assert "UMC Utrecht" in caught.value.suggestions


@given(name=st.text(max_size=40))
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_text_as_a_name_is_found_or_refused_with_a_clear_error(built_project, name):
    """Quotes, backslashes, braces, newlines, other scripts: a lookup answers an entity or a
    user error, never a broken query."""
    for kind in ("memory", "oxigraph"):  # names read from the store, and from its table
        store = _lookup_store(built_project, kind)
        try:
            found = resolve_entity(store, name)
        except CollabgraphError as error:
            written_as_a_term = name.strip().startswith(("<", '"'))  # refused when malformed
            allowed = (UnknownNameError, AmbiguousNameError) + (
                (ParameterError,) if written_as_a_term else ()
            )
            assert isinstance(error, allowed), error
        else:
            assert found == resolve_entity(store, name, all_entity_names(store))


@functools.cache
def _lookup_store(project: object, kind: str) -> Store:
    return open_store(project, kind)  # type: ignore[arg-type]


def test_a_search_finds_any_country_and_leaves_the_registry_as_it_was():
    """Every country can be found (``country:XX``) without the search adding the ~250
    countries to the registry it was given."""
    from collabgraph.curation.entities import search_entities
    from collabgraph.curation.registry import Entity, Registry

    registry = Registry()
    registry.add(Entity(id="umc-utrecht", type="UniversityMedicalCentre", label="UMC Utrecht"))
    hits = search_entities(registry, [], "Portugal", limit=1)
    assert [(hit.id, hit.label) for hit in hits] == [("country:PT", "Portugal")]
    assert list(registry.entities) == ["umc-utrecht"]
