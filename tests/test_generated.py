"""Generated projects: whatever validates works in every command, and the answers agree.

Hypothesis builds small annotation projects from the vocabulary itself, around one
organisation's profile (several relations, each with several objects, as real pages have:
a city, a region and a country; networks; partners; units), with every relation, attribute,
role, place kind, date precision and approximation, several facts per quote, and labels with
quotes, HTML, non-Latin scripts and non-breaking spaces. Each project is built, then every
catalogue question runs on every local store, every network question and the map site run
through the API, and invariants are checked: no exception, country columns hold only
countries, and the fact counts of the build, ``stats`` and the map index agree.

``COLLABGRAPH_HYPOTHESIS=long`` runs many more projects (see docs/development notes).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import collabgraph
from collabgraph.curation.build import build, validate
from collabgraph.project import Project
from collabgraph.vocabulary import (
    APPROXIMATIONS,
    ATTRIBUTES,
    ENTITY_TYPES,
    RELATIONS,
    ROLES,
    ValueKind,
)

from conftest import REPO

pytestmark = pytest.mark.generated

settings.register_profile("ci", max_examples=6, deadline=None)
settings.register_profile("long", max_examples=150, deadline=None)
settings.load_profile(os.environ.get("COLLABGRAPH_HYPOTHESIS", "ci"))

PIECES = [
    "Alpha",
    "Ziekenhuis",
    "O'Neil",
    'The "Quoted"',
    "<b>Bold</b> & Co",
    "Βήτα",
    "北京",
    "Curaçao",
    "Zürich",
    "Non\u00a0Breaking",
]
COUNTRIES = ["NL", "DE", "AW", "CW", "SX", "BE", "GB", "GR"]
GROUP_TYPES = {
    group: sorted(
        name for name, t in ENTITY_TYPES.items() if t.group == group and name != "Country"
    )
    for group in ("organisation", "network", "initiative", "person", "other")
}
PLACE_TYPES = ["City", "Region"]


def entity_strategy(group: str) -> st.SearchStrategy[tuple[str, str]]:
    return st.tuples(st.sampled_from(GROUP_TYPES[group]), st.sampled_from(PIECES))


@st.composite
def projects(draw: st.DrawFn) -> dict:
    """Entities by group, and facts: (subject, relation or attribute, object or value, extras)."""
    counts = {
        "organisation": draw(st.integers(2, 5)),
        "network": draw(st.integers(1, 3)),
        "initiative": draw(st.integers(1, 3)),
        "person": draw(st.integers(0, 2)),
        "other": draw(st.integers(0, 1)),
    }
    registry: dict[str, dict] = {}
    ids: dict[str, list[str]] = {}
    number = itertools.count(1)
    for group, count in counts.items():
        ids[group] = []
        for _ in range(count):
            kind, piece = draw(entity_strategy(group))
            entity_id = f"{group}-{next(number)}"
            registry[entity_id] = {
                "type": kind,
                "label": f"{piece} {kind} {entity_id[-1]}{next(number)}",
            }
            ids[group].append(entity_id)
    ids["place"] = []
    for _ in range(draw(st.integers(1, 3))):
        entity_id = f"place-{next(number)}"
        registry[entity_id] = {
            "type": draw(st.sampled_from(PLACE_TYPES)),
            "label": f"{draw(st.sampled_from(PIECES))} Town {next(number)}",
        }
        ids["place"].append(entity_id)
    countries = [
        f"country:{c}"
        for c in draw(st.lists(st.sampled_from(COUNTRIES), min_size=1, max_size=3, unique=True))
    ]
    everything = [e for group in ids.values() for e in group]
    focus = ids["organisation"][0]
    facts: list[dict] = []
    # The focal organisation's profile: places of every kind, networks, partners, a unit.
    for place in [
        *draw(st.lists(st.sampled_from(ids["place"]), max_size=2, unique=True)),
        *countries,
    ]:
        facts.append({"subject": focus, "relation": "basedIn", "object": place})
    for place in ids["place"]:
        if draw(st.booleans()):
            facts.append({"subject": place, "relation": "basedIn", "object": countries[0]})
    for network in ids["network"]:
        relation = draw(
            st.sampled_from(["memberOf", "participatesIn", "coordinates", "established"])
        )
        facts.append({"subject": focus, "relation": relation, "object": network})
    for partner in ids["organisation"][1:]:
        facts.append(
            {
                "subject": partner,
                "relation": draw(st.sampled_from(["partnerOf", "memberOf", "subOrganizationOf"])),
                "object": focus,
            }
        )
        facts.append(
            {
                "subject": partner,
                "relation": "basedIn",
                "object": draw(st.sampled_from(countries + ids["place"])),
            }
        )
    # Any relation of the vocabulary, between entities of the kinds it allows.
    for name in draw(st.lists(st.sampled_from(sorted(RELATIONS)), min_size=3, max_size=10)):
        relation = RELATIONS[name]
        objects = [
            e
            for g, group in ids.items()
            if relation.object_groups is None or g in relation.object_groups
            for e in group
        ]
        if relation.object_groups and "place" in relation.object_groups:
            objects += countries
        subjects = ids["person"] if name == "contactPersonFor" else everything
        if not objects or not subjects:
            continue
        facts.append(
            {
                "subject": draw(st.sampled_from(subjects)),
                "relation": name,
                "object": draw(st.sampled_from(objects)),
            }
        )
    # Attributes of every kind.
    for name in draw(
        st.lists(st.sampled_from(sorted(ATTRIBUTES)), min_size=1, max_size=5, unique=True)
    ):
        facts.append(
            {
                "subject": draw(st.sampled_from(everything)),
                "attribute": name,
                "value": draw(value_of(name)),
            }
            | draw(attribute_extras(name, ids))
        )
    for fact in facts:
        if "relation" in fact:
            fact.update(draw(relation_extras()))
    unique = {}
    for fact in facts:
        key = (
            fact["subject"],
            fact.get("relation") or fact.get("attribute"),
            str(fact.get("object")),
        )
        if fact["subject"] != fact.get("object"):
            unique.setdefault(key, fact)
    return {
        "registry": registry,
        "ids": ids,
        "countries": countries,
        "facts": list(unique.values()),
        "grouping": draw(st.integers(1, 3)),
        "nbsp": draw(st.booleans()),
    }


def value_of(name: str) -> st.SearchStrategy:
    kind = ATTRIBUTES[name].kind
    if kind is ValueKind.COUNT:
        return st.integers(0, 10**6)
    if kind is ValueKind.MONEY:
        return st.integers(1, 10**9)
    if kind is ValueKind.DATE:
        return dates()
    if kind is ValueKind.BOOLEAN:
        return st.booleans()
    return st.sampled_from(PIECES)


def dates() -> st.SearchStrategy:
    return st.one_of(
        st.integers(1950, 2030),
        st.tuples(st.integers(1950, 2030), st.integers(1, 12)).map(
            lambda ym: f"{ym[0]}-{ym[1]:02d}"
        ),
        st.dates(dt.date(1950, 1, 1), dt.date(2030, 12, 31)),
    )


@st.composite
def attribute_extras(draw: st.DrawFn, name: str, ids: dict[str, list[str]]) -> dict:
    attribute = ATTRIBUTES[name]
    extras: dict = {}
    if attribute.kind is ValueKind.MONEY:
        extras["currency"] = draw(st.sampled_from(["EUR", "USD"]))
    if attribute.kind is ValueKind.COUNT:
        if attribute.needs_unit or draw(st.booleans()):
            extras["unit"] = draw(st.sampled_from(["hospitals", "ERNs", "partners"]))
        if draw(st.booleans()):
            extras["approximation"] = draw(st.sampled_from(sorted(APPROXIMATIONS)))
        if draw(st.booleans()):
            extras["role"] = draw(st.sampled_from(sorted(ROLES)))
        if draw(st.booleans()) and ids["network"]:
            extras["out-of"] = draw(st.integers(0, 10**6))
            extras["count-of"] = draw(st.sampled_from(ids["network"]))
    return extras


@st.composite
def relation_extras(draw: st.DrawFn) -> dict:
    extras: dict = {}
    if draw(st.booleans()):
        extras["role"] = draw(st.sampled_from(sorted(ROLES)))
    if draw(st.booleans()):
        extras[draw(st.sampled_from(["since", "until", "date"]))] = draw(dates())
    if draw(st.integers(0, 4)) == 0:
        extras["amount"] = {"value": draw(st.integers(1, 10**8)), "currency": "EUR"}
    return extras


def sentence(fact: dict, registry: dict) -> str:
    def name(entity_id: str) -> str:
        return registry[entity_id]["label"] if entity_id in registry else entity_id

    what = fact.get("relation") or fact.get("attribute")
    other = name(str(fact["object"])) if "object" in fact else str(fact.get("value"))
    return f"{name(fact['subject'])} {what} {other}"


def write_project(root: Path, spec: dict) -> Project:
    shutil.copytree(REPO / "ontology", root / "ontology")
    for folder in ("sources", "annotations", "reference"):
        (root / "data" / folder).mkdir(parents=True)
    (root / "data" / "registry.yaml").write_text(
        yaml.safe_dump({"entities": spec["registry"]}, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    items, texts = [], []
    size = spec["grouping"]
    for number, start in enumerate(range(0, len(spec["facts"]), size), start=1):
        group = spec["facts"][start : start + size]
        quote = (
            f"Statement {number}: " + "; ".join(sentence(f, spec["registry"]) for f in group) + "."
        )
        texts.append(quote.replace(" ", "\u00a0", 1) if spec["nbsp"] else quote)
        items.append(
            {"quote": quote, "facts": group} if len(group) > 1 else {"quote": quote, **group[0]}
        )
    (root / "data" / "sources" / "generated.txt").write_text(
        "\n".join(texts) + "\n", encoding="utf-8"
    )
    document = {
        "id": "generated",
        "source": "../sources/generated.txt",
        "title": 'A <generated> "page"',
        "publisher": spec["ids"]["organisation"][0],
        "language": "nl",
        "url": "https://example.org/generated",
    }
    (root / "data" / "annotations" / "generated.yaml").write_text(
        yaml.safe_dump({"document": document, "facts": items}, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return Project(root)


def parameter_for(name: str, spec: dict) -> str:
    """A value each catalogue parameter can take in a generated project."""
    ids = spec["ids"]
    if name == "network":
        return ids["network"][0]
    if name == "country":
        return spec["countries"][0]
    if name == "person":
        return (ids["person"] or ids["organisation"])[0]
    if name == "second":
        return ids["organisation"][1]
    return ids["organisation"][0]


UNITS_IN_A_CYCLE = {
    "registry": {
        "organisation-1": {"type": "UniversityMedicalCentre", "label": "Alpha Centre"},
        "organisation-3": {"type": "AdvisoryBody", "label": "Alpha Board"},
        "network-5": {"type": "Alliance", "label": "Alpha Alliance"},
    },
    "ids": {
        "organisation": ["organisation-1", "organisation-3"],
        "network": ["network-5"],
        "initiative": [],
        "person": [],
        "other": [],
        "place": [],
    },
    "countries": ["country:BE"],
    "facts": [
        {"subject": "organisation-1", "relation": "basedIn", "object": "country:BE"},
        {"subject": "organisation-3", "relation": "subOrganizationOf", "object": "organisation-1"},
        {"subject": "organisation-1", "relation": "subOrganizationOf", "object": "organisation-3"},
        {"subject": "organisation-1", "relation": "participatesIn", "object": "network-5"},
    ],
    "grouping": 1,
    "nbsp": False,
}
"""Two units each other's parent: rdflib's ``*`` path answered the institution twice, and
each of its networks with it (found by this test; the unit sub-queries are DISTINCT)."""


@settings(
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ]
)
@given(spec=projects())
@example(spec=UNITS_IN_A_CYCLE)
def test_a_generated_project_works_in_every_command(tmp_path_factory, spec):
    project = write_project(tmp_path_factory.mktemp("generated"), spec)
    validate(project)  # one verdict: what builds validates (and the other way round)
    report = build(project)
    country_labels = set()
    answers = {}
    for kind in ("memory", "rdflib", "oxigraph"):
        graph = collabgraph.load(path=project.root, store=kind)
        country_labels = {
            str(r[0]) for r in graph.run("SELECT ?l WHERE { ?c a cg:Country ; rdfs:label ?l }").rows
        }
        for name, entry in graph.catalogue().items():
            params = {p.name: parameter_for(p.name, spec) for p in entry.parameters}
            result = graph.run(name, params)
            answers.setdefault(name, []).append(sorted(result.compact_rows()))
            if "countryLabel" in result.variables:
                column = result.variables.index("countryLabel")
                assert {str(row[column]) for row in result.rows} <= country_labels, name
        graph.store.close()
    for name, per_store in answers.items():
        assert per_store[0] == per_store[1] == per_store[2], name
    graph = collabgraph.load(path=project.root)
    sources = graph.stats()["sources"]
    stats_facts = sum(int(str(row[sources.variables.index("facts")])) for row in sources.rows)
    assert stats_facts == graph.fact_count() == report.facts
    first = spec["registry"][spec["ids"]["organisation"][0]]["label"]
    second = spec["registry"][spec["ids"]["organisation"][1]]["label"]
    graph.summary("entity")
    graph.centrality("entity", top=5)
    graph.centrality("collaboration", top=5)
    graph.neighbours(first, 2)
    graph.communities("collaboration")
    graph.communities("entity")
    graph.shared(first, second)
    graph.path(first, second)
    profile = graph.profile(first)
    for name in (
        profile.loc[0, "country_names"].split(", ") if profile.loc[0, "country_names"] else []
    ):
        assert name in country_labels
    for fmt in ("graphml", "gexf", "csv", "json"):
        graph.export_network(project.root / f"network.{fmt}", fmt, kind="entity")
    site = graph.write_maps(project.root / "site")
    index = (project.root / "site" / "index.html").read_text(encoding="utf-8")
    assert f"{report.facts} facts" in index
    assert site.pages
    assert "Collaboration map: " in graph.map(first).html
