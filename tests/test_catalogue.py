"""Every catalogue question gives its exact answer on the built graph, on every store."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator

import pytest

from collabgraph.api import CollabGraph
from collabgraph.sparql.catalogue import catalogue
from collabgraph.sparql.persistent import open_store

from conftest import REPO

UMCU = "Cooperations with an international impact"
MUMC = "Strategic Initiatives"


def leru_reference_members() -> list[str]:
    with (REPO / "data" / "reference" / "leru_members.tsv").open(encoding="utf-8") as stream:
        rows = csv.DictReader((line for line in stream if not line.startswith("#")), delimiter="\t")
        return [row["university"] for row in rows]


def codepoint_sorted(names: list[str]) -> list[str]:
    """SPARQL orders plain strings by code point (LMU before Leiden)."""
    return sorted(names)


# name -> (parameters, columns compared, expected rows in order)
EXPECTED: dict[str, tuple[dict[str, str], list[str], list[tuple[str, ...]]]] = {
    "networks-of": (
        {"institution": "UMC Utrecht"},
        ["networkLabel", "relation", "since"],
        [
            ("CHARM-EU", "cg:participatesIn", ""),
            ("ERN RITA", "org:memberOf", ""),
            ("ERN RITA", "cg:coordinates", ""),
            ("Global Health Hub Netherlands", "org:memberOf", "2023"),
            ("League of European Research Universities", "org:memberOf", ""),
            ("League of European Research Universities", "cg:participatesIn", ""),
            ("Research Hubs network", "org:memberOf", ""),
            ("Strategic network with KU Leuven, UCL and University of Toronto", "org:memberOf", ""),
        ],
    ),
    "contact-persons": (
        {},
        ["initiativeLabel", "personLabel", "evidence"],
        [
            ("EIT Health", "Annemarie Koster", "Contact person: Annemarie Koster"),
            ("Healthy Region", "Marèl Segers", "Contact person: Marèl Segers"),
            ("Kennis-As", "Dorine Collijn", "Contact person: Dorine Collijn"),
            (
                "Limburg Invests in its Knowledge Economy",
                "Merlijn Meens",
                "Contact person: Merlijn Meens",
            ),
            ("Maastricht UMC+ in India", "Dorine Collijn", "Contact person: Dorine Collijn"),
            ("Parelsnoer", "Dorine Collijn", "Contact person: Dorine Collijn"),
            (
                "Positive Health",
                "Dorine Collijn",
                "Contact persons: Dorine Collijn and Marèl Segers",
            ),
            ("Positive Health", "Marèl Segers", "Contact persons: Dorine Collijn and Marèl Segers"),
        ],
    ),
    "contacts-of-person": (
        {"person": "dorine collijn"},
        ["initiativeLabel", "source"],
        [
            ("Kennis-As", MUMC),
            ("Maastricht UMC+ in India", MUMC),
            ("Parelsnoer", MUMC),
            ("Positive Health", MUMC),
        ],
    ),
    "money": (
        {},
        ["entityLabel", "attribute", "amount", "currency", "evidence"],
        [
            (
                "Kennis-As",
                "cg:investment",
                "165000000",
                "EUR",
                "Together, the three knowledge partners are investing a total of €165 million in the programme.",
            ),
            (
                "IHI RESCEU grant",
                "schema:amount",
                "29000000",
                "EUR",
                "The foundation therefore has control over the IHI RESCEU grant of € 29 million from the European Union.",
            ),
        ],
    ),
    "shared-between": (
        {"first": "UMC Utrecht", "second": "UU"},
        ["sharedLabel", "firstRelation", "secondRelation"],
        [
            ("Global Health summer schools", "cg:organises", "dcterms:hasPart"),
            ("League of European Research Universities", "org:memberOf", "org:memberOf"),
            ("League of European Research Universities", "cg:participatesIn", "org:memberOf"),
            ("Netherlands", "cg:basedIn", "cg:basedIn"),
            (
                "Strategic network with KU Leuven, UCL and University of Toronto",
                "org:memberOf",
                "org:memberOf",
            ),
            ("UMC Utrecht Global Health activities", "cg:participatesIn", "cg:participatesIn"),
            ("Visit to KU Leuven (November 2023)", "cg:participatesIn", "cg:participatesIn"),
        ],
    ),
    "institutions-in-country": (
        {"country": "India"},
        ["entityLabel", "relation", "kind"],
        [
            ("Maastricht UMC+", "cg:activeIn", "document"),
            ("Maastricht UMC+ in India", "cg:activeIn", "document"),
        ],
    ),
    "about-entity": (
        {"entity": "ERN RITA"},
        ["source", "subjectLabel", "predicate", "objectLabel", "value"],
        [
            (UMCU, "ERN RITA", "dcterms:isPartOf", "European Reference Networks", ""),
            (
                UMCU,
                "ERN RITA",
                "cg:specialism",
                "",
                "immune deficiencies, auto-inflammatory diseases, auto-immune diseases, and juvenile arthritis",
            ),
            (UMCU, "ERN RITA conference 2023", "dcterms:isPartOf", "ERN RITA", ""),
            (UMCU, "UMC Utrecht", "org:memberOf", "ERN RITA", ""),
            (UMCU, "UMC Utrecht", "cg:coordinates", "ERN RITA", ""),
            (
                "Reference data: european reference networks",
                "ERN RITA",
                "dcterms:isPartOf",
                "European Reference Networks",
                "",
            ),
            (
                "Reference data: european reference networks",
                "ERN RITA",
                "cg:specialism",
                "",
                "rare immunodeficiency, autoinflammatory and autoimmune diseases",
            ),
        ],
    ),
    "counts": (
        {},
        ["entityLabel", "attribute", "value", "approximation", "unit"],
        [
            ("RSV Vaccines for the World congress", "cg:participantCount", "550", "more than", ""),
            (
                "UMC Utrecht expertise centres for rare diseases",
                "cg:diseaseCount",
                "200",
                "more than",
                "",
            ),
            ("EIT Health", "cg:memberCount", "140", "", "leading organisations"),
            ("ERN RITA conference 2023", "cg:participantCount", "120", "", ""),
            ("ERN RITA conference 2023", "cg:organisationCount", "54", "", "healthcare providers"),
            ("RSV Vaccines for the World congress", "cg:countryCount", "52", "", ""),
            (
                "Maastricht UMC+ in India",
                "cg:partnershipCount",
                "25",
                "about",
                "active partnerships",
            ),
            ("European Reference Networks", "cg:memberCount", "24", "", "networks"),
            ("Sustainable Development Goals", "cg:goalCount", "17", "", ""),
            ("UMC Utrecht", "cg:networkCount", "17", "", ""),
            ("13th European Global Health Congress", "cg:editionNumber", "13", "", ""),
            ("ERN RITA conference 2023", "cg:organisationCount", "9", "", "patient organizations"),
            ("RSV Vaccines for the World congress", "cg:editionNumber", "7", "", ""),
            ("Kennis-As", "cg:partnerCount", "3", "", "knowledge partners"),
            ("RSV vaccination studies (2023)", "cg:studyCount", "3", "", ""),
        ],
    ),
    "timeline": (
        {"entity": "UMC Utrecht"},
        ["date", "subjectLabel", "relation", "objectLabel", "dateText"],
        [
            (
                "2022",
                "UMC Utrecht",
                "cg:participatesIn",
                "UMC Utrecht – Horacio Oduber Hospital collaboration agreement",
                "at the end of 2022",
            ),
            (
                "2022",
                "UMC Utrecht",
                "cg:partnerOf",
                "Horacio Oduber Hospital",
                "at the end of 2022",
            ),
            (
                "2023",
                "ReSViNET",
                "org:subOrganizationOf",
                "UMC Utrecht",
                "In 2023 ... became part of",
            ),
            (
                "2023",
                "UMC Utrecht",
                "org:memberOf",
                "Global Health Hub Netherlands",
                "In 2023 ... became a member",
            ),
            ("2023", "UMC Utrecht", "cg:organises", "13th European Global Health Congress", ""),
            ("2023", "UMC Utrecht", "cg:organises", "ERN RITA conference 2023", ""),
            ("2023", "UMC Utrecht", "cg:organises", "Global Health summer schools", ""),
            (
                "2023",
                "UMC Utrecht",
                "cg:participatesIn",
                "League of European Research Universities",
                "",
            ),
            ("2023", "UMC Utrecht", "cg:participatesIn", "RSV vaccination studies (2023)", ""),
            (
                "2023-11",
                "UMC Utrecht",
                "cg:participatesIn",
                "Visit to KU Leuven (November 2023)",
                "",
            ),
        ],
    ),
    "hoh-timeline": (
        {"entity": "Horacio Oduber Hospital"},
        ["date", "subjectLabel", "relation", "objectLabel", "dateText"],
        [
            (
                "2022",
                "Horacio Oduber Hospital",
                "cg:participatesIn",
                "UMC Utrecht – Horacio Oduber Hospital collaboration agreement",
                "at the end of 2022",
            ),
            (
                "2022",
                "UMC Utrecht",
                "cg:partnerOf",
                "Horacio Oduber Hospital",
                "at the end of 2022",
            ),
            (
                "2023-10",
                "Horacio Oduber Hospital",
                "cg:participatesIn",
                "Pediatric care collaboration on Aruba",
                "In October 2023",
            ),
            (
                "2023-10",
                "UMC Utrecht Pediatric division",
                "cg:partnerOf",
                "Horacio Oduber Hospital",
                "In October 2023",
            ),
        ],
    ),
    "initiatives-of": (
        {"institution": "Maastricht UMC+"},
        ["initiativeLabel", "viaLabel", "relation", "date"],
        [
            (
                "Common agenda for research and innovation in South-East Netherlands",
                "Maastricht UMC+",
                "cg:established",
                "",
            ),
            ("Community at the CORE", "Strategic Initiatives", "cg:supports", ""),
            ("Healthy Living", "Maastricht UMC+", "cg:hasStrategy", ""),
            ("Healthy Living", "Strategic Initiatives", "cg:supports", ""),
            ("Healthy Region", "Strategic Initiatives", "cg:supports", ""),
            ("Kennis-As", "Strategic Initiatives", "cg:supports", ""),
            (
                "Limburg Invests in its Knowledge Economy",
                "Strategic Initiatives",
                "cg:supports",
                "",
            ),
            ("Maastricht UMC+ in India", "Maastricht UMC+", "cg:leads", "2008"),
            ("Maastricht UMC+ in India", "Strategic Initiatives", "cg:supports", ""),
            ("Parelsnoer", "Strategic Initiatives", "cg:supports", ""),
            ("Positive Health", "Positive Health core group", "cg:coordinates", ""),
            ("Positive Health", "Strategic Initiatives", "cg:supports", ""),
        ],
    ),
    "coordinators-and-leads": (
        {},
        ["whoLabel", "relation", "whatLabel", "roleLabel"],
        [
            ("UMC Utrecht", "cg:coordinates", "ERN RITA", "European coordination"),
            ("UMC Utrecht", "cg:coordinates", "Health Challenges & Solutions", ""),
            ("UMC Utrecht", "cg:leads", "International consortium on RSV and later asthma", ""),
            ("Maastricht UMC+", "cg:leads", "Maastricht UMC+ in India", ""),
            (
                "Positive Health core group",
                "cg:coordinates",
                "Positive Health",
                "core group around Positive Health",
            ),
        ],
    ),
    "founders": (
        {},
        ["founderLabel", "establishedLabel", "date", "roleLabel"],
        [
            (
                "Maastricht UMC+",
                "Common agenda for research and innovation in South-East Netherlands",
                "",
                "takes the initiative to develop",
            ),
            (
                "Limburg Invests in its Knowledge Economy",
                "Institute for Technology-Inspired Regenerative Medicine",
                "",
                "established within the programme",
            ),
            (
                "Limburg Invests in its Knowledge Economy",
                "Maastricht MultiModal Molecular Imaging Institute",
                "",
                "established within the programme",
            ),
            (
                "University Medical Centres in the Netherlands",
                "Parelsnoer",
                "",
                "collaborative biobanking initiative of the UMCs",
            ),
            (
                "Wilhelmina Children’s Hospital",
                "ReSViNET",
                "2014",
                "initiative by a researcher from",
            ),
            ("United Nations", "Sustainable Development Goals", "", "the UN’s goals"),
        ],
    ),
    "events": (
        {},
        ["eventLabel", "relation", "byLabel", "date", "edition", "participants", "countries"],
        [
            (
                "13th European Global Health Congress",
                "cg:organises",
                "UMC Utrecht",
                "2023",
                "13",
                "",
                "",
            ),
            ("ERN RITA conference 2023", "cg:organises", "UMC Utrecht", "2023", "", "120", ""),
            (
                "RSV Vaccines for the World congress",
                "cg:organises",
                "ReSViNET",
                "2023",
                "7",
                "550",
                "52",
            ),
            ("Visit to KU Leuven (November 2023)", "cg:hosts", "KU Leuven", "2023-11", "", "", ""),
        ],
    ),
    "sources": (
        {},
        ["source", "kind", "publisherLabel", "facts"],
        [
            ("cgs:mumc-strategic-initiatives", "document", "Maastricht UMC+", "47"),
            ("cgs:umcu-international-cooperations", "document", "UMC Utrecht", "90"),
            ("cgs:reference/european_reference_networks", "reference data", "", "48"),
            ("cgs:reference/identifiers", "reference data", "", "0"),
            ("cgs:reference/institution_countries", "reference data", "", "4"),
            ("cgs:reference/leru_members", "reference data", "", "48"),
        ],
    ),
    "countries-reached": (
        {"institution": "Maastricht UMC+"},
        ["countryLabel", "how"],
        [
            ("India", "active in"),
            ("India", "initiative active in"),
            ("Netherlands", "based in"),
            ("Netherlands", "initiative active in"),  # through its unit Strategic Initiatives
            ("Netherlands", "partner based in"),
        ],
    ),
}


def rows_of(
    graph: CollabGraph, name: str, params: dict[str, str], columns: list[str]
) -> list[tuple[str, ...]]:
    result = graph.run(name, params)
    index = [result.variables.index(c) for c in columns]
    return [tuple(row[i] for i in index) for row in result.compact_rows()]


QUERY_OF = {"hoh-timeline": "timeline"}


@pytest.fixture(scope="module")
def graph(store, built_project) -> CollabGraph:
    return CollabGraph(store, built_project)


def test_the_catalogue_has_at_least_15_documented_questions():
    entries = catalogue()
    assert len(entries) >= 15
    for entry in entries.values():
        assert entry.title and entry.description, entry.name
        assert entry.examples and entry.examples[0].startswith(f"collabgraph query {entry.name}"), (
            entry.name
        )
        assert entry.form == "select"


def test_every_catalogue_question_has_an_exact_answer_test():
    tested = {QUERY_OF.get(name, name) for name in EXPECTED}
    answered_elsewhere = {"members-of", "partners-by-country", "top-collaborators"}
    answered_in_test_imports = {"projects-of", "project-partners"}
    assert set(catalogue()) == {*tested, *answered_elsewhere, *answered_in_test_imports}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_catalogue_answer(graph, name):
    params, columns, expected = EXPECTED[name]
    assert rows_of(graph, QUERY_OF.get(name, name), params, columns) == expected


def test_members_of_leru_are_the_reference_list_and_umc_utrecht(graph):
    rows = rows_of(
        graph, "members-of", {"network": "LERU"}, ["memberLabel", "relation", "kind", "source"]
    )
    expected = [
        (name, "org:memberOf", "reference data", "Reference data: leru members")
        for name in leru_reference_members()
    ]
    expected.append(("UMC Utrecht", "org:memberOf", "document", UMCU))
    expected.append(("UMC Utrecht", "cg:participatesIn", "document", UMCU))
    assert sorted(rows) == sorted(expected)
    assert [row[0] for row in rows] == sorted(row[0] for row in rows)


def test_partners_by_country_of_umc_utrecht(graph):
    rows = rows_of(
        graph,
        "partners-by-country",
        {"institution": "UMC Utrecht"},
        ["countryLabel", "partnerLabel", "links"],
    )
    by_partner = {partner: (country, links) for country, partner, links in rows}
    assert len(rows) == 26
    assert by_partner["Horacio Oduber Hospital"] == ("Aruba", "3")  # one through a unit
    assert by_partner["KU Leuven"] == ("Belgium", "3")
    assert by_partner["University of Toronto"] == ("Canada", "1")
    assert by_partner["Utrecht University"] == ("Netherlands", "5")
    assert by_partner["University College London"] == ("United Kingdom", "2")
    fellow_leru = set(leru_reference_members())
    assert set(by_partner) == fellow_leru | {"Horacio Oduber Hospital", "University of Toronto"}
    assert [country for country, _, _ in rows] == sorted(country for country, _, _ in rows)


def test_top_collaborators_of_umc_utrecht(graph):
    rows = rows_of(
        graph, "top-collaborators", {"institution": "UMC Utrecht"}, ["partnerLabel", "sharedCount"]
    )
    assert rows[:5] == [
        ("Utrecht University", "4"),
        ("KU Leuven", "3"),
        ("Horacio Oduber Hospital", "2"),  # with UMC Utrecht's pediatric division (a unit)
        ("University College London", "2"),
        ("ETH Zurich", "1"),
    ]
    fellow_leru = set(leru_reference_members())
    assert {partner for partner, _ in rows} == fellow_leru | {
        "Horacio Oduber Hospital",
        "University of Toronto",
        "European Union",  # funds the grant that UMC Utrecht's unit ReSViNET manages
    }
    assert dict(rows)["Horacio Oduber Hospital"] == "2"


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_every_question_follows_the_portable_rules(name):
    """docs/engines.md: the units of an institution come from a sub-query with a LIMIT (no
    engine pushes the rest of the query into it), and a set of relations or kinds is a filter,
    not a VALUES block after the patterns (Virtuoso drops rows, Oxigraph joins every fact)."""
    text = catalogue()[name].text
    body = text[text.index("WHERE {") + len("WHERE {") :]
    units = re.findall(r"[^\n]*org:subOrganizationOf\* \?institution[^\n]*", body)
    for line in units:
        inside_a_filter = "NOT EXISTS" in line
        assert inside_a_filter or re.search(
            r"\{ SELECT DISTINCT (\?\w+) WHERE \{ \1 org:subOrganizationOf\* \?institution \} LIMIT \d+ \}",
            line,
        ), line
    for found in re.finditer(r"VALUES \?", body):  # one variable: a lookup table may follow
        before = body[: found.start()].rstrip()
        assert before == "" or before.endswith("{"), f"a VALUES after the patterns in {name}"


def test_a_partner_in_a_city_and_its_country_is_listed_once(imported_project):
    """ROR places an institution in its city and its country: partners-by-country names each
    partner once per country, not once per place."""
    graph = CollabGraph(open_store(imported_project, "memory"), imported_project)
    rows = graph.run("partners-by-country", {"institution": "UMC Utrecht"}).compact_rows()
    assert len(rows) == len({tuple(row) for row in rows}) == 26
    assert [row for row in rows if row[0] == "Netherlands"] == [
        ["Netherlands", "cgd:leiden-university", "Leiden University", "1", ""],
        ["Netherlands", "cgd:university-of-amsterdam", "University of Amsterdam", "1", ""],
        ["Netherlands", "cgd:utrecht-university", "Utrecht University", "6", ""],
    ]


PAGED = sorted(name for name, entry in catalogue().items() if entry.limit)


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def imported_graph(request, imported_project) -> Iterator[CollabGraph]:
    store = open_store(imported_project, request.param)
    yield CollabGraph(store, imported_project)
    store.close()


@pytest.mark.parametrize("name", PAGED)
def test_the_pages_of_a_question_make_up_its_whole_answer(imported_graph, name):
    """Page by page (some questions cut the page inside a sub-query: ``# page``) a question
    gives every row of its answer once, in the same order, never more rows than asked.
    Plain rdflib is left out: it takes minutes over the imported graph for two of these
    questions, and test_generated compares its answers with the others'."""
    whole = imported_graph.run(name, limit=1_000_000).rows
    size = max(2, len(whole) // 4)
    pages = [
        imported_graph.run(name, limit=size, offset=offset).rows
        for offset in range(0, len(whole) + size, size)
    ]
    assert all(len(page) <= size for page in pages)
    assert [row for page in pages for row in page] == whole
    assert len(whole) >= 8 or name not in {"money", "coordinators-and-leads"}


def test_a_membership_counts_whatever_the_type_of_what_one_is_a_member_of(fresh_project):
    """A drafted network is often typed a plain organisation ("SGroup"): its members still
    have it among their networks, and it has them among its members."""
    from collabgraph.api import load

    source = "UMC Utrecht is a member of the Example Group of universities.\n"
    (fresh_project.data / "sources" / "group.txt").write_text(source, encoding="utf-8")
    (fresh_project.annotations / "group.yaml").write_text(
        "document:\n  id: group\n  source: ../sources/group.txt\n  title: Group\n"
        "  publisher: umc-utrecht\n  language: en\nfacts:\n"
        f"  - quote: {source.strip()}\n    subject: umc-utrecht\n    relation: memberOf\n"
        "    object: example-group\n",
        encoding="utf-8",
    )
    with fresh_project.registry_file.open("a", encoding="utf-8") as registry:
        registry.write("  example-group:\n    type: Organisation\n    label: Example Group\n")
    graph = load(path=fresh_project.root)
    networks = graph.query("networks-of", institution="UMC Utrecht")
    membership = ("Example Group", "http://www.w3.org/ns/org#memberOf", source.strip())
    assert membership in {
        (row["networkLabel"], row["relation"], row["evidence"])
        for row in networks.to_dict("records")
    }
    members = graph.query("members-of", network="Example Group")
    assert list(members["memberLabel"]) == ["UMC Utrecht"]
    # a reference row cites its list and row in words
    leru = graph.query("about-entity", entity="KU Leuven")
    assert "LERU members list (leru_members.tsv), row 5: KU Leuven, BE" in set(leru["evidence"])
