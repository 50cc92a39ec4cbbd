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


def test_two_fitting_candidates_are_ambiguous_and_never_merged():
    found = INDEX.resolve("INSTITUTE OF PHYSICS", country="CZ")
    assert found == Resolution(None, "ambiguous", ("ror:02twin001", "ror:02twin002"))


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
