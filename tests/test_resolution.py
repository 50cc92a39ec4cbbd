"""Matching imported organisations to known entities: each rule, ambiguity and vetoes."""

from __future__ import annotations

import pytest

from collabgraph.importers.resolution import (
    Candidate,
    NameIndex,
    Resolution,
    ResolutionReport,
    name_key,
    resolve_by_vat,
)

INDEX = NameIndex(
    [
        Candidate(
            "maastricht-umc", ("Maastricht UMC+", "Academisch Ziekenhuis Maastricht"), (), "NL"
        ),
        Candidate("ror:016xsfp80", ("Radboud Universiteit Nijmegen",), ("RU",), "NL"),
        Candidate(
            "ror:012p63287", ("University of Groningen", "Rijksuniversiteit Groningen"), (), "NL"
        ),
        Candidate("ror:008xxew50", ("Vrije Universiteit Amsterdam", "VU Amsterdam"), ("VU",), "NL"),
        Candidate("ror:02twin001", ("Institute of Physics",), (), "CZ"),
        Candidate("ror:02twin002", ("Institute of Physics",), (), None),
        Candidate("ror:0helsinki", ("University of Helsinki",), (), "FI"),
    ]
)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("ACADEMISCH ZIEKENHUIS MAASTRICHT", "academic hospital maastricht"),
        ("STICHTING RADBOUD UNIVERSITEIT", "radboud university"),
        ("NXP SEMICONDUCTORS NETHERLANDS BV", "nxp semiconductors netherlands"),
        ("Signify  Netherlands B.V.", "signify netherlands"),
        ("Infineon Technologies AG", "infineon technologies"),
        ("THALES SA", "thales"),
        ("BV", "bv"),
    ],
)
def test_names_are_compared_without_case_accents_legal_forms_or_stichting(name, key):
    assert name_key(name) == key


@pytest.mark.parametrize(
    ("name", "country", "city", "short", "expected"),
    [
        ("ACADEMISCH ZIEKENHUIS MAASTRICHT", "NL", "MAASTRICHT", "", ("maastricht-umc", "name")),
        ("RIJKSUNIVERSITEIT GRONINGEN", "NL", "GRONINGEN", "RuG", ("ror:012p63287", "name")),
        ("STICHTING RADBOUD UNIVERSITEIT", "NL", "NIJMEGEN", "", ("ror:016xsfp80", "name+city")),
        ("STICHTING VU", "NL", "AMSTERDAM", "", ("ror:008xxew50", "name+city")),
        ("HELSINGIN YLIOPISTO", "FI", "HELSINKI", "", (None, "new")),
        ("HELSINKI UNIVERSITY OF", "FI", "", "", ("ror:0helsinki", "words")),
        ("VRIJE UNIV", "NL", "AMSTERDAM", "VU", ("ror:008xxew50", "short-name")),
        ("RIJKSUNIVERSITEIT GRONINGEN", "DE", "", "", (None, "new")),
        ("ACME BV", "NL", "", "RU", ("ror:016xsfp80", "short-name")),
    ],
)
def test_each_rule_finds_the_one_candidate(name, country, city, short, expected):
    found = INDEX.resolve(name, country=country, city=city, short=short)
    assert (found.target, found.rule) == expected


TWINS = NameIndex(
    [
        Candidate(
            "ror:0twin0001", ("Institute of Physics", "Delft Vision Institute"), ("IPD",), "NL"
        ),
        Candidate(
            "ror:0twin0002", ("Institute of Physics", "Institute Vision Delft"), ("IPD",), "NL"
        ),
        Candidate("ror:0twin0003", ("Acme Labs Delft",), (), "NL"),
        Candidate("ror:0twin0004", ("Acme Labs Delft",), (), None),
    ]
)
"""Two candidates for each rule: a name, a name and its city, the same words in another
order, an acronym."""


@pytest.mark.parametrize(
    ("name", "city", "short", "rule", "candidates"),
    [
        ("INSTITUTE OF PHYSICS", "", "", "name", ("ror:0twin0001", "ror:0twin0002")),
        ("STICHTING ACME LABS", "DELFT", "", "name+city", ("ror:0twin0003", "ror:0twin0004")),
        ("VISION INSTITUTE DELFT", "", "", "words", ("ror:0twin0001", "ror:0twin0002")),
        ("INST PHYS DELFT", "", "IPD", "short-name", ("ror:0twin0001", "ror:0twin0002")),
    ],
)
def test_two_fitting_candidates_are_ambiguous_and_never_merged_whatever_the_rule(
    name, city, short, rule, candidates
):
    found = TWINS.resolve(name, country="NL", city=city, short=short)
    assert found == Resolution(None, "ambiguous", candidates, rule)


def test_two_matched_organisations_with_one_vat_number_make_a_third_ambiguous():
    resolutions = {
        "1": Resolution("ror:012p63287", "name"),
        "2": Resolution("maastricht-umc", "name"),
        "3": Resolution(None, "new"),
    }
    vats = {"1": "NL001", "2": "NL001", "3": "NL001"}
    assert resolve_by_vat(resolutions, vats)["3"] == Resolution(
        None, "ambiguous", ("maastricht-umc", "ror:012p63287"), "vat"
    )


def test_identity_keys_make_one_name_of_case_accents_legal_forms_and_word_order():
    from collabgraph.importers.resolution import identity_keys

    assert set(identity_keys("Universiteit van Amsterdam")) & set(
        identity_keys("University of Amsterdam")
    )
    assert set(identity_keys("Universiteit Maastricht")) & set(
        identity_keys("Maastricht University")
    )
    assert set(identity_keys("ACME B.V.")) == set(identity_keys("Acme"))
    assert not set(identity_keys("University of Amsterdam")) & set(
        identity_keys("Amsterdam University of Applied Sciences")
    )


def test_a_forbidden_candidate_is_not_offered():
    found = INDEX.resolve("INSTITUTE OF PHYSICS", country="CZ", forbidden={"ror:02twin002"})
    assert (found.target, found.rule) == ("ror:02twin001", "name")


def test_an_unmatched_organisation_joins_a_matched_one_with_its_vat_number():
    resolutions = {
        "1": Resolution("ror:012p63287", "name"),
        "2": Resolution(None, "new"),
        "3": Resolution(None, "new"),
    }
    vats = {"1": "NL001932706B01", "2": "NL001932706B01", "3": "NL999"}
    assert resolve_by_vat(resolutions, vats) == {
        "1": Resolution("ror:012p63287", "name"),
        "2": Resolution("ror:012p63287", "vat"),
        "3": Resolution(None, "new"),
    }


def test_the_report_counts_rules_and_lists_ambiguous_ones():
    report = ResolutionReport("cordis-h2020")
    report.add("cordis:1", "A", Resolution("x", "name"))
    report.add("cordis:2", "B", Resolution("y", "vat"))
    report.add("cordis:3", "C", Resolution(None, "new"))
    report.add("cordis:4", "INSTITUTE OF PHYSICS", Resolution(None, "ambiguous", ("p", "q")))
    assert report.lines() == [
        "cordis-h2020: 4 organisations: 2 matched (name 1, vat 1), 1 ambiguous, 1 new",
        "  ambiguous: cordis:4 'INSTITUTE OF PHYSICS' could be p, q",
    ]
    report.add("cordis:5", "ACME", Resolution(None, "ambiguous", ("r", "s"), "short-name"))
    assert report.lines()[-1] == (
        "  ambiguous: cordis:5 'ACME' could be r, s (by short-name; never merged: pin one in "
        "data/resolution.yaml)"
    )
