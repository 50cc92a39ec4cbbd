"""The graph holds, fact by fact, what each source document states, and nothing else.

The expected facts are written from a reading of the two pages in data/sources/; each
tuple is (subject, relation or attribute, object or value) with entity ids as in
data/registry.yaml and countries as ISO codes.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import XSD

from collabgraph.namespace import CG, DATA, GRAPH, SOURCE
from collabgraph.sparql.results import compact

MUMC = "mumc-strategic-initiatives"
UMCU = "umcu-international-cooperations"

MUMC_FACTS = {
    ("maastricht-umc", "cg:hasStrategy", "healthy-living"),
    ("maastricht-university", "cg:hasStrategy", "community-at-the-core"),
    ("strategic-initiatives", "cg:supports", "healthy-living"),
    ("strategic-initiatives", "cg:supports", "community-at-the-core"),
    ("strategic-initiatives", "cg:supports", "maastricht-umc"),
    ("strategic-initiatives", "cg:supports", "maastricht-university"),
    ("strategic-initiatives", "cg:supports", "eit-health"),
    ("strategic-initiatives", "cg:supports", "healthy-region"),
    ("strategic-initiatives", "cg:supports", "india-partnerships"),
    ("strategic-initiatives", "cg:supports", "kennis-as"),
    ("strategic-initiatives", "cg:supports", "link"),
    ("strategic-initiatives", "cg:supports", "parelsnoer"),
    ("strategic-initiatives", "cg:supports", "positive-health"),
    ("eit-health", "cg:memberCount", 140),
    ("eit-health", "cg:activeIn", "europe"),
    ("annemarie-koster", "cg:contactPersonFor", "eit-health"),
    ("nfu", "cg:publishes", "healthy-region-report"),
    ("nfu", "cg:basedIn", "country:NL"),
    ("minister-bruins", "cg:commissions", "healthy-region"),
    ("minister-bruins", "schema:jobTitle", "minister"),
    ("dutch-umcs", "cg:participatesIn", "healthy-region"),
    ("healthy-region", "cg:activeIn", "south-east-netherlands"),
    ("south-east-netherlands", "dcterms:isPartOf", "country:NL"),
    ("maastricht-umc", "cg:established", "research-innovation-agenda-south-east"),
    ("research-innovation-agenda-south-east", "dcterms:isPartOf", "healthy-region"),
    ("marel-segers", "cg:contactPersonFor", "healthy-region"),
    ("maastricht-umc", "cg:activeIn", "country:IN"),
    ("maastricht-umc", "cg:leads", "india-partnerships"),
    ("india-partnerships", "cg:activeIn", "country:IN"),
    ("india-partnerships", "cg:partnershipCount", 25),
    ("dorine-collijn", "cg:contactPersonFor", "india-partnerships"),
    (
        "kennis-as",
        "schema:description",
        "connects knowledge, expertise and capital, with the aim of converting ideas and plans into concrete projects",
    ),
    ("kennis-as", "cg:investment", Decimal("165000000")),
    ("kennis-as", "cg:partnerCount", 3),
    ("dorine-collijn", "cg:contactPersonFor", "kennis-as"),
    ("link", "cg:established", "m4i"),
    ("link", "cg:established", "merln"),
    ("merlijn-meens", "cg:contactPersonFor", "link"),
    ("dutch-umcs", "cg:established", "parelsnoer"),
    ("dutch-umcs", "cg:basedIn", "country:NL"),
    ("dutch-umcs", "cg:participatesIn", "parelsnoer"),
    ("dorine-collijn", "cg:contactPersonFor", "parelsnoer"),
    ("positive-health-core-group", "org:subOrganizationOf", "maastricht-umc"),
    ("strategic-initiatives", "org:subOrganizationOf", "maastricht-umc"),
    ("positive-health-core-group", "cg:coordinates", "positive-health"),
    ("dorine-collijn", "cg:contactPersonFor", "positive-health"),
    ("marel-segers", "cg:contactPersonFor", "positive-health"),
}

UMCU_FACTS = {
    ("resvinet", "org:subOrganizationOf", "umc-utrecht"),
    ("wilhelmina-childrens-hospital", "cg:established", "resvinet"),
    ("resvinet", "schema:foundingDate", "2014"),
    ("resvinet", "cg:manages", "ihi-resceu-grant"),
    ("ihi-resceu-grant", "schema:amount", Decimal("29000000")),
    ("european-union", "cg:funds", "ihi-resceu-grant"),
    ("ihi-resceu-grant", "cg:activeIn", "europe"),
    ("dutch-health-council", "cg:publishes", "rsv-vaccination-recommendation"),
    ("ihi-resceu-grant", "cg:ledTo", "rsv-vaccination-recommendation"),
    ("dutch-health-council", "cg:basedIn", "country:NL"),
    ("resvinet", "cg:organises", "rsvvw-congress"),
    ("rsvvw-congress", "cg:editionNumber", 7),
    ("rsvvw-congress", "cg:participantCount", 550),
    ("rsvvw-congress", "cg:countryCount", 52),
    ("umc-utrecht", "cg:participatesIn", "rsv-vaccination-studies"),
    ("rsv-vaccination-studies", "cg:studyCount", 3),
    ("umc-utrecht", "cg:leads", "rsv-asthma-consortium"),
    ("umc-utrecht", "cg:collaboratesWith", "utrecht-university"),
    ("umc-utrecht", "org:memberOf", "leuven-london-toronto-network"),
    ("utrecht-university", "org:memberOf", "leuven-london-toronto-network"),
    ("ku-leuven", "org:memberOf", "leuven-london-toronto-network"),
    ("ucl", "org:memberOf", "leuven-london-toronto-network"),
    ("university-of-toronto", "org:memberOf", "leuven-london-toronto-network"),
    ("umc-utrecht", "cg:participatesIn", "ku-leuven-visit-2023"),
    ("utrecht-university", "cg:participatesIn", "ku-leuven-visit-2023"),
    ("ku-leuven", "cg:hosts", "ku-leuven-visit-2023"),
    ("ku-leuven-visit-2023", "schema:startDate", "2023-11"),
    ("umc-utrecht", "org:memberOf", "leru"),
    (
        "leru",
        "schema:description",
        "association of major European research universities that aims through cooperation to have an "
        "impact on the European policy agenda in the field of research, education, and innovation",
    ),
    ("umc-utrecht", "cg:participatesIn", "leru"),
    ("umc-utrecht", "cg:participatesIn", "charm-eu"),
    ("charm-eu", "cg:contributesTo", "sdgs"),
    ("united-nations", "cg:established", "sdgs"),
    ("sdgs", "cg:goalCount", 17),
    ("umc-utrecht", "cg:coordinates", "health-challenges-and-solutions"),
    ("health-challenges-and-solutions", "dcterms:isPartOf", "global-challenges-for-sustainability"),
    ("global-challenges-for-sustainability", "dcterms:isPartOf", "charm-eu"),
    ("global-challenges-for-sustainability", "cg:accredited", True),
    ("umc-utrecht", "org:memberOf", "research-hubs-network"),
    ("research-hubs-network", "dcterms:isPartOf", "health-challenges-and-solutions"),
    ("charm-eu-team", "cg:receives", "uu-team-prize"),
    ("charm-eu-team", "cg:participatesIn", "global-challenges-for-sustainability"),
    ("global-challenges-for-sustainability", "cg:activeIn", "europe"),
    ("umcu-expertise-centres", "org:subOrganizationOf", "umc-utrecht"),
    ("umcu-expertise-centres", "cg:diseaseCount", 200),
    ("umc-utrecht", "cg:networkCount", 17),
    ("european-reference-networks", "cg:memberCount", 24),
    ("european-commission", "cg:commissions", "european-reference-networks"),
    ("european-reference-networks", "cg:activeIn", "europe"),
    ("umc-utrecht", "org:memberOf", "ern-rita"),
    ("ern-rita", "dcterms:isPartOf", "european-reference-networks"),
    (
        "ern-rita",
        "cg:specialism",
        "immune deficiencies, auto-inflammatory diseases, auto-immune diseases, and juvenile arthritis",
    ),
    ("umc-utrecht", "cg:coordinates", "ern-rita"),
    ("umc-utrecht", "cg:organises", "ern-rita-conference-2023"),
    ("ern-rita-conference-2023", "dcterms:isPartOf", "ern-rita"),
    ("ern-rita-conference-2023", "cg:participantCount", 120),
    ("ern-rita-conference-2023", "cg:organisationCount", 54),
    ("ern-rita-conference-2023", "cg:organisationCount", 9),
    ("umc-utrecht", "cg:participatesIn", "hoh-collaboration-agreement"),
    ("horacio-oduber-hospital", "cg:participatesIn", "hoh-collaboration-agreement"),
    ("umc-utrecht", "cg:partnerOf", "horacio-oduber-hospital"),
    ("horacio-oduber-hospital", "cg:basedIn", "country:AW"),
    ("neurosurgery-mdt-aruba", "dcterms:isPartOf", "hoh-collaboration-agreement"),
    ("neurosurgery-mdt-aruba", "schema:startDate", "2023"),
    ("umc-utrecht", "cg:activeIn", "country:AW"),
    ("umcu-pediatric-division", "org:subOrganizationOf", "umc-utrecht"),
    ("umcu-pediatric-division", "cg:participatesIn", "pediatric-care-aruba"),
    ("horacio-oduber-hospital", "cg:participatesIn", "pediatric-care-aruba"),
    ("umcu-pediatric-division", "cg:partnerOf", "horacio-oduber-hospital"),
    ("pediatric-care-aruba", "cg:activeIn", "country:AW"),
    ("umc-utrecht", "cg:participatesIn", "global-health-umcu"),
    ("utrecht-university", "cg:participatesIn", "global-health-umcu"),
    ("global-health-umcu", "cg:contributesTo", "sdgs"),
    ("cbhe-grant-west-africa", "dcterms:isPartOf", "cbhe"),
    ("cbhe-grant-southeast-asia", "dcterms:isPartOf", "cbhe"),
    ("west-africa-chronic-diseases-partnership", "cg:receives", "cbhe-grant-west-africa"),
    ("southeast-asia-planetary-health-partnership", "cg:receives", "cbhe-grant-southeast-asia"),
    ("umc-utrecht", "cg:participatesIn", "west-africa-chronic-diseases-partnership"),
    ("umc-utrecht", "cg:participatesIn", "southeast-asia-planetary-health-partnership"),
    ("west-africa-chronic-diseases-partnership", "cg:activeIn", "west-africa"),
    ("southeast-asia-planetary-health-partnership", "cg:activeIn", "southeast-asia"),
    ("umc-utrecht", "cg:organises", "global-health-summer-schools"),
    ("global-health-summer-schools", "dcterms:isPartOf", "utrecht-university"),
    ("global-health-summer-schools", "dcterms:isPartOf", "ewuu"),
    ("umc-utrecht", "cg:organises", "ectmih-2023"),
    ("ectmih-2023", "cg:editionNumber", 13),
    ("ectmih-2023", "cg:heldIn", "utrecht-city"),
    ("umc-utrecht", "org:memberOf", "global-health-hub-netherlands"),
    ("umc-utrecht", "cg:contributesTo", "national-global-health-strategy"),
    ("global-health-hub-netherlands", "cg:basedIn", "country:NL"),
}

FACTS_IN_GRAPH = """
SELECT ?subject ?predicate ?object ?value WHERE {
  GRAPH ?graph {
    ?fact a cg:Fact ; cg:subject ?subject .
    OPTIONAL { ?fact cg:relation ?predicate ; cg:object ?object }
    OPTIONAL { ?fact cg:attribute ?predicate ; schema:value ?value }
  }
}
"""


def _entity_id(iri: URIRef) -> str:
    text = str(iri)
    if text.startswith(str(DATA["country/"])):
        return "country:" + text.rsplit("/", 1)[1]
    return text[len(str(DATA)) :]


def stated_facts(dataset: Dataset, document: str) -> set[tuple[str, str, object]]:
    rows = dataset.query(FACTS_IN_GRAPH, initBindings={"graph": GRAPH[document]})
    facts = set()
    for subject, predicate, obj, value in rows:  # type: ignore[misc]
        other = _entity_id(obj) if obj is not None else value.toPython()
        if isinstance(other, Decimal):
            other = other.normalize()
        elif isinstance(other, Literal) or not isinstance(other, bool | int | str):
            other = str(value)
        facts.add((_entity_id(subject), compact(predicate), other))
    return facts


@pytest.mark.parametrize(("document", "expected"), [(MUMC, MUMC_FACTS), (UMCU, UMCU_FACTS)])
def test_graph_holds_exactly_the_facts_the_document_states(dataset, document, expected):
    actual = stated_facts(dataset, document)
    normalised = {(s, p, o.normalize() if isinstance(o, Decimal) else o) for s, p, o in expected}
    assert actual - normalised == set(), "facts in the graph that the test does not expect"
    assert normalised - actual == set(), "facts the document states that the graph lacks"


def _fact_with(
    dataset: Dataset, document: str, subject: str, predicate: str, obj: str | None = None
) -> URIRef:
    query = """
    SELECT ?fact WHERE { GRAPH ?graph {
      ?fact cg:subject ?subject .
      { ?fact cg:relation ?predicate } UNION { ?fact cg:attribute ?predicate }
    } }"""
    bindings = {"graph": GRAPH[document], "subject": _iri(subject), "predicate": _expand(predicate)}
    facts = [row[0] for row in dataset.query(query, initBindings=bindings)]  # type: ignore[index]
    if obj is not None:
        facts = [f for f in facts if (f, CG.object, _iri(obj)) in dataset]
    assert len(facts) == 1, facts
    return facts[0]


def _iri(entity: str) -> URIRef:
    if entity.startswith("country:"):
        return DATA["country/" + entity.split(":")[1]]
    return DATA[entity]


def _expand(compact_name: str) -> URIRef:
    from collabgraph.namespace import PREFIXES

    prefix, local = compact_name.split(":")
    return URIRef(PREFIXES[prefix] + local)


def test_amounts_are_decimals_with_currency(dataset):
    for document, subject, attribute, amount in [
        (MUMC, "kennis-as", "cg:investment", Decimal("165000000")),
        (UMCU, "ihi-resceu-grant", "schema:amount", Decimal("29000000")),
    ]:
        fact = _fact_with(dataset, document, subject, attribute)
        value = dataset.value(fact, _expand("schema:value"))
        assert value.datatype == XSD.decimal and value.toPython() == amount
        assert str(dataset.value(fact, _expand("schema:currency"))) == "EUR"
        assert (_iri(subject), _expand(attribute), fact) in dataset


@pytest.mark.parametrize(
    ("document", "subject", "attribute", "value", "approximation", "unit"),
    [
        (MUMC, "eit-health", "cg:memberCount", 140, None, "leading organisations"),
        (MUMC, "india-partnerships", "cg:partnershipCount", 25, CG.About, "active partnerships"),
        (MUMC, "kennis-as", "cg:partnerCount", 3, None, "knowledge partners"),
        (UMCU, "rsvvw-congress", "cg:participantCount", 550, CG.MoreThan, None),
        (UMCU, "rsvvw-congress", "cg:countryCount", 52, None, None),
        (UMCU, "umcu-expertise-centres", "cg:diseaseCount", 200, CG.MoreThan, None),
        (UMCU, "ern-rita-conference-2023", "cg:participantCount", 120, None, None),
        (UMCU, "sdgs", "cg:goalCount", 17, None, None),
    ],
)
def test_counts_are_integers_with_their_approximation(
    dataset, document, subject, attribute, value, approximation, unit
):
    fact = _fact_with(dataset, document, subject, attribute)
    literal = dataset.value(fact, _expand("schema:value"))
    assert literal.datatype == XSD.integer and literal.toPython() == value
    assert dataset.value(fact, CG.approximation) == approximation
    stated_unit = dataset.value(fact, _expand("schema:unitText"))
    assert (str(stated_unit) if stated_unit is not None else None) == unit
    assert (_iri(subject), _expand(attribute), literal) in dataset


def test_seventeen_of_twenty_four_erns_is_a_fact_of_its_own(dataset):
    fact = _fact_with(dataset, UMCU, "umc-utrecht", "cg:networkCount")
    assert dataset.value(fact, _expand("schema:value")).toPython() == 17
    assert dataset.value(fact, CG.outOf).toPython() == 24
    assert dataset.value(fact, CG.countOf) == DATA["european-reference-networks"]


def test_ern_rita_conference_counts_healthcare_providers_and_patient_organisations(dataset):
    query = """SELECT ?unit ?value WHERE { GRAPH ?g { ?f cg:subject ?s ; cg:attribute cg:organisationCount ;
               schema:value ?value ; schema:unitText ?unit } }"""
    rows = dataset.query(
        query, initBindings={"g": GRAPH[UMCU], "s": DATA["ern-rita-conference-2023"]}
    )
    assert {(str(u), v.toPython()) for u, v in rows} == {
        ("healthcare providers", 54),
        ("patient organizations", 9),
    }  # type: ignore[misc]


@pytest.mark.parametrize(
    ("document", "subject", "relation", "obj", "qualifier", "value", "datatype", "date_text"),
    [
        (
            MUMC,
            "maastricht-umc",
            "cg:activeIn",
            "country:IN",
            CG.startDate,
            "2008",
            XSD.gYear,
            "since 2008",
        ),
        (
            UMCU,
            "resvinet",
            "org:subOrganizationOf",
            "umc-utrecht",
            CG.startDate,
            "2023",
            XSD.gYear,
            None,
        ),
        (
            UMCU,
            "wilhelmina-childrens-hospital",
            "cg:established",
            "resvinet",
            CG.date,
            "2014",
            XSD.gYear,
            None,
        ),
        (
            UMCU,
            "umc-utrecht",
            "cg:partnerOf",
            "horacio-oduber-hospital",
            CG.startDate,
            "2022",
            XSD.gYear,
            "at the end of 2022",
        ),
        (
            UMCU,
            "umcu-pediatric-division",
            "cg:partnerOf",
            "horacio-oduber-hospital",
            CG.startDate,
            "2023-10",
            XSD.gYearMonth,
            "In October 2023",
        ),
        (
            UMCU,
            "umc-utrecht",
            "cg:participatesIn",
            "ku-leuven-visit-2023",
            CG.date,
            "2023-11",
            XSD.gYearMonth,
            None,
        ),
        (
            UMCU,
            "dutch-health-council",
            "cg:publishes",
            "rsv-vaccination-recommendation",
            CG.date,
            "2024",
            XSD.gYear,
            "at the beginning of 2024",
        ),
        (
            UMCU,
            "umc-utrecht",
            "org:memberOf",
            "global-health-hub-netherlands",
            CG.startDate,
            "2023",
            XSD.gYear,
            None,
        ),
        (
            UMCU,
            "umc-utrecht",
            "cg:organises",
            "ern-rita-conference-2023",
            CG.date,
            "2023",
            XSD.gYear,
            None,
        ),
    ],
)
def test_dates_keep_the_precision_and_wording_of_the_text(
    dataset, document, subject, relation, obj, qualifier, value, datatype, date_text
):
    fact = _fact_with(dataset, document, subject, relation, obj)
    assert dataset.value(fact, qualifier) == Literal(value, datatype=datatype)
    if date_text is not None:
        assert str(dataset.value(fact, CG.dateText)) == date_text


CONTACTS = {
    ("annemarie-koster", "eit-health"),
    ("marel-segers", "healthy-region"),
    ("marel-segers", "positive-health"),
    ("dorine-collijn", "india-partnerships"),
    ("dorine-collijn", "kennis-as"),
    ("dorine-collijn", "parelsnoer"),
    ("dorine-collijn", "positive-health"),
    ("merlijn-meens", "link"),
}


def test_contact_persons_and_the_line_that_names_each(dataset):
    query = """SELECT ?person ?initiative ?exact ?start WHERE { ?f cg:relation cg:contactPersonFor ;
               cg:subject ?person ; cg:object ?initiative ; cg:evidence ?e . ?e oa:exact ?exact ; oa:start ?start }"""
    rows = {
        (_entity_id(p), _entity_id(i), str(x), s.toPython()) for p, i, x, s in dataset.query(query)
    }  # type: ignore[misc]
    assert {(p, i) for p, i, _, _ in rows} == CONTACTS
    collijn = sorted(
        (start, initiative)
        for person, initiative, exact, start in rows
        if exact == "Contact person: Dorine Collijn"
    )
    assert [initiative for _, initiative in collijn] == [
        "india-partnerships",
        "kennis-as",
        "parelsnoer",
    ]
    assert len({start for start, _ in collijn}) == 3


def test_every_evidence_quote_is_the_source_text_at_its_position(dataset, built_project):
    query = """SELECT ?exact ?start ?end ?file WHERE { ?f cg:evidence ?e . ?e oa:exact ?exact ; oa:start ?start ;
               oa:end ?end ; cg:inDocument ?doc . ?doc cg:sourceFile ?file }"""
    rows = list(dataset.query(query))
    assert len(rows) > 100
    texts: dict[str, str] = {}
    for exact, start, end, file in rows:  # type: ignore[misc]
        text = texts.setdefault(
            str(file), (built_project.root / str(file)).read_text(encoding="utf-8")
        )
        assert text[start.toPython() : end.toPython()] == str(exact)


def test_every_document_fact_names_its_document_and_is_not_reference_data(dataset):
    for document in (MUMC, UMCU):
        graph = dataset.graph(GRAPH[document])
        facts = set(graph.subjects(_expand("rdf:type"), CG.Fact))
        assert facts
        assert all(
            graph.value(f, _expand("prov:wasDerivedFrom")) == SOURCE[document] for f in facts
        )
        assert not any((f, _expand("rdf:type"), CG.ReferenceFact) in graph for f in facts)


def test_source_documents_carry_their_metadata(dataset):
    for document, title, publisher, original in [
        (MUMC, "Strategic Initiatives", "maastricht-umc", "000_91ac99904763649e.txt"),
        (
            UMCU,
            "Cooperations with an international impact",
            "umc-utrecht",
            "004_59ad6b89264f215b.txt",
        ),
    ]:
        source = SOURCE[document]
        assert str(dataset.value(source, _expand("dcterms:title"))) == title
        assert dataset.value(source, _expand("dcterms:publisher")) == DATA[publisher]
        assert str(dataset.value(source, _expand("dcterms:language"))) == "en"
        assert str(dataset.value(source, CG.originalFile)) == original
        assert str(dataset.value(source, CG.sourceFile)) == f"data/sources/{document}.txt"


def test_shortcuts_and_their_inverses_are_materialised(dataset):
    assert (DATA["umc-utrecht"], _expand("org:memberOf"), DATA["leru"]) in dataset
    assert (DATA["leru"], _expand("org:hasMember"), DATA["umc-utrecht"]) in dataset
    assert (DATA["horacio-oduber-hospital"], CG.partnerOf, DATA["umc-utrecht"]) in dataset
    membership = _fact_with(dataset, UMCU, "umc-utrecht", "org:memberOf", "leru")
    assert (membership, _expand("rdf:type"), CG.Relationship) in dataset
    assert dataset.value(membership, CG.subject) == DATA["umc-utrecht"]
    assert dataset.value(membership, CG.object) == DATA["leru"]
    assert dataset.value(membership, _expand("org:role")) == CG.MemberRole


def test_an_entity_named_by_both_documents_is_one_node(dataset):
    europe_graphs = {
        str(g) for _, _, _, g in dataset.quads((None, CG.object, DATA["europe"], None))
    }
    assert europe_graphs == {str(GRAPH[MUMC]), str(GRAPH[UMCU])}
    netherlands_graphs = {
        str(g) for _, _, _, g in dataset.quads((None, CG.object, DATA["country/NL"], None))
    }
    assert {str(GRAPH[MUMC]), str(GRAPH[UMCU])} <= netherlands_graphs


def test_countries_come_from_iso_3166(dataset):
    for code, name in [("IN", "India"), ("AW", "Aruba"), ("NL", "Netherlands"), ("CA", "Canada")]:
        country = DATA[f"country/{code}"]
        assert str(dataset.value(country, _expand("skos:notation"))) == code
        assert str(dataset.value(country, _expand("rdfs:label"))) == name
        assert (country, _expand("rdf:type"), CG.Country) in dataset
