"""Who published a document: a known organisation however the curator writes it, or a new
one proposed (under a ROR record's name when one has it); never a place or a person."""

from __future__ import annotations

import pytest
from test_drafts import _invoke, _page

import collabgraph.api as api

from conftest import ROR_RECORDS


@pytest.fixture()
def ror_project(fresh_project):
    api.import_ror(ROR_RECORDS, path=fresh_project)
    return fresh_project


def test_a_publisher_that_is_not_an_organisation_is_refused_with_candidates(fresh_project):
    page = _page(fresh_project, "Some text.\n")
    before = sorted(p.name for p in fresh_project.data.rglob("*"))
    for name, what in (("Utrecht", "utrecht-city, a City"), ("dorine-collijn", "a Person")):
        result = _invoke(fresh_project, "add", str(page), "--publisher", name, "--language", "en")
        assert result.exit_code == 1
        assert result.stderr.startswith(f"Error: publisher {name!r} is ")
        assert what in result.stderr and "not an organisation" in result.stderr
    city = _invoke(fresh_project, "add", str(page), "--publisher", "Utrecht", "--language", "en")
    assert "Organisations with a name like it: " in city.stderr
    assert "umc-utrecht (UMC Utrecht)" in city.stderr
    assert "give the id of one as --publisher" in city.stderr
    assert sorted(p.name for p in fresh_project.data.rglob("*")) == before


def test_a_misspelt_publisher_is_read_as_the_organisation_and_the_reading_reported(
    fresh_project,
):
    page = _page(fresh_project, "Some text.\n")
    result = _invoke(
        fresh_project, "add", str(page), "--publisher", "Leidn University", "--language", "en"
    )
    assert result.exit_code == 0, result.stderr
    assert result.output.startswith(
        "Publisher 'Leidn University' read as leiden-university: a close spelling of "
        "'Leiden University'\n"
    )


def test_a_new_publisher_lists_only_plausible_near_matches_ror_records_among_them(ror_project):
    page = _page(ror_project, "Some text.\n")
    ghent = api.add_document(
        page, publisher="Ghent University", language="en", doc_id="ghent", path=ror_project
    )
    assert (ghent.publisher, ghent.proposed_publisher, ghent.near_matches) == (
        "ghent-university",
        True,
        (),  # no longer every "University ..." of the registry
    )
    erasmus = api.add_document(
        page, publisher="Erasmus MC", language="en", doc_id="erasmus", path=ror_project
    )
    assert erasmus.publisher_reading == "the ROR record ror:018906e22"
    registry = ror_project.registry_file.read_text(encoding="utf-8")
    assert 'note: "ROR https://ror.org/018906e22; Proposed as the publisher' in registry
    api.review("erasmus", {}, path=ror_project)  # accepts the proposed publishers
    api.review("ghent", {}, path=ror_project)
    linked = api.load(path=ror_project).query(
        "SELECT ?e WHERE { ?e owl:sameAs <https://ror.org/018906e22> }"
    )
    assert list(linked["e"]) == ["https://w3id.org/collabgraph/id/erasmus-mc"]


def test_a_publisher_with_its_acronym_in_brackets_gets_it_as_an_alias(fresh_project):
    page = _page(fresh_project, "Some text.\n")
    added = api.add_document(
        page,
        publisher="Example Health Data Network (EHDN)",
        language="en",
        path=fresh_project,
    )
    registry = fresh_project.registry_file.read_text(encoding="utf-8")
    assert added.publisher == "example-health-data-network"
    assert '    label: "Example Health Data Network"\n    aliases: ["EHDN"]\n' in registry
