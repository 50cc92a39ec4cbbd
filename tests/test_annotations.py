"""Bad annotation input: a clear message naming file, line or entity; non-zero exit; no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from collabgraph.cli import cli
from collabgraph.project import Project

HEADER = """document:
  id: test-document
  source: ../sources/umcu-international-cooperations.txt
  title: Test
  publisher: umc-utrecht
  language: en
facts:
"""
# HEADER is 7 lines: the first fact starts on line 8.
GOOD_FACT = """  - quote: UMC Utrecht is a member of the League of European Research Universities (LERU) .
    subject: umc-utrecht
    relation: memberOf
    object: leru
"""


def write_annotations(project: Project, body: str, name: str = "test.yaml") -> Path:
    for existing in project.annotations.glob("*.yaml"):
        existing.unlink()
    path = project.annotations / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def validate(project: Project, path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["validate", str(path), "--project", str(project.root)])
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.stderr


def test_a_good_file_validates(fresh_project):
    path = write_annotations(fresh_project, GOOD_FACT)
    result = CliRunner().invoke(cli, ["validate", str(path), "--project", str(fresh_project.root)])
    assert result.exit_code == 0, result.stderr
    assert result.output == "OK: 1 file(s), 1 document(s), 1 facts; SHACL: conforms.\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            GOOD_FACT.replace("(LERU) .", "(LERU)."),
            ":8: quote not found verbatim in umcu-international-cooperations.txt: "
            "'UMC Utrecht is a member of the League of European Research Universities (LERU).'",
            id="quote-not-in-source",
        ),
        pytest.param(
            GOOD_FACT.replace("subject: umc-utrecht", "subject: umc-utrech"),
            ":8 [umc-utrech]: unknown entity 'umc-utrech'; did you mean umc-utrecht?",
            id="unknown-entity",
        ),
        pytest.param(
            GOOD_FACT.replace("relation: memberOf", "relation: memberof"),
            ":10: unknown relation 'memberof'; did you mean 'memberOf'?",
            id="unknown-relation",
        ),
        pytest.param(
            "  - quote: 120 participants came together there, representing 54 healthcare providers and 9 patient organizations.\n"
            "    subject: ern-rita-conference-2023\n"
            "    attribute: participantCount\n"
            "    value: about a hundred\n",
            ":11: the value of participantCount must be a whole number, not 'about a hundred'",
            id="count-not-an-integer",
        ),
        pytest.param(
            "  - quote: The foundation therefore has control over the IHI RESCEU grant of € 29 million from the European Union.\n"
            "    subject: ihi-resceu-grant\n"
            "    attribute: amount\n"
            "    value: 29 million\n"
            "    currency: EUR\n",
            ":11: an amount must be a number such as 165000000, not '29 million'",
            id="amount-not-a-number",
        ),
        pytest.param(
            "  - quote: The foundation therefore has control over the IHI RESCEU grant of € 29 million from the European Union.\n"
            "    subject: ihi-resceu-grant\n"
            "    attribute: amount\n"
            "    value: 29000000\n"
            "    currency: euro\n",
            ":11: an amount needs 'currency:' with an ISO 4217 code such as EUR, not 'euro'",
            id="currency-not-iso-4217",
        ),
        pytest.param(
            GOOD_FACT + "    since: end of 2022\n",
            ":12: 'since' must be a year (2008), a year-month ('2023-11') or a date (2023-11-05), not 'end of 2022'",
            id="date-not-a-date",
        ),
        pytest.param(
            GOOD_FACT + GOOD_FACT,
            ":12 [umc-utrecht]: duplicate fact (same as line 8)",
            id="duplicate-fact",
        ),
        pytest.param(
            GOOD_FACT.replace("object: leru", "object: leru\n    objct: leru"),
            ":12: unknown key 'objct' in a fact; did you mean 'object'? allowed: amount, "
            "approximation, attribute, confidence, count-of, cue, currency, date, date-text, note, "
            "object, object-text, occurrence, out-of, quote, relation, role, role-label, since, "
            "status, subject, subject-text, unit, until, value",
            id="unknown-key",
        ),
        pytest.param(
            '  - {quote: "UMC Utrecht is a member of the League of European Research Universities'
            ' (LERU) .", subject: umc-utrecht, relation: memberOf, object: leru, tot op het'
            " niveau van individuele patiënten}\n",
            ":8: unknown key 'tot op het niveau van individuele patiënten' in a fact; allowed: "
            "amount, approximation, attribute, confidence, count-of, cue, currency, date, date-text, "
            "note, object, object-text, occurrence, out-of, quote, relation, role, role-label, "
            "since, status, subject, subject-text, unit, until, value. This looks like text cut at a comma: inside {...} a comma ends a value, so "
            'put text that contains a comma in quotes ("...")',
            id="comma-trap",
        ),
        pytest.param(
            GOOD_FACT.replace("object: leru", "object: country:NL"),
            ":8 [country:NL]: relation 'memberOf' needs an object of kind network or organisation, but 'country:NL' is a place",
            id="object-of-wrong-kind",
        ),
        pytest.param(
            '  - quote: "Contact person: Dorine Collijn\n    subject: dorine-collijn\n',
            ":10: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar)",
            id="yaml-syntax-error",
        ),
    ],
)
def test_bad_input_is_named_by_file_and_line(fresh_project, body, expected):
    path = write_annotations(fresh_project, body)
    code, stderr = validate(fresh_project, path)
    assert code == 1
    assert stderr.startswith("Error: 1 problem found:\n")
    assert f"  {path}{expected}\n" in stderr, stderr


def test_an_ambiguous_quote_asks_for_its_occurrence(fresh_project):
    body = (
        "  - quote: 'Contact person: Dorine Collijn'\n"
        "    subject: dorine-collijn\n"
        "    relation: contactPersonFor\n"
        "    object: kennis-as\n"
    ).replace("umcu-international-cooperations", "x")
    path = write_annotations(fresh_project, body)
    path.write_text(
        path.read_text().replace("umcu-international-cooperations", "mumc-strategic-initiatives")
    )
    code, stderr = validate(fresh_project, path)
    assert code == 1
    assert (
        f"{path}:8: quote occurs 3 times in mumc-strategic-initiatives.txt; add 'occurrence: N' (1 to 3) "
        "to say which: 'Contact person: Dorine Collijn'"
    ) in stderr


def test_a_duplicate_entity_id_in_the_registry_is_refused(fresh_project):
    registry = fresh_project.registry_file
    text = registry.read_text(encoding="utf-8")
    registry.write_text(
        text + "  leru:\n    type: Alliance\n    label: LERU again\n", encoding="utf-8"
    )
    line = len(text.splitlines()) + 1
    code, stderr = validate(fresh_project, fresh_project.annotation_files()[0])
    assert code == 1
    assert stderr.startswith(
        f"Error: {registry}:{line} [leru]: duplicate key 'leru' (first defined on line "
    )


def test_a_reference_entity_clashing_with_a_registry_id_is_refused(fresh_project):
    registry = fresh_project.registry_file
    registry.write_text(
        registry.read_text(encoding="utf-8")
        + "  university-of-copenhagen:\n    type: Hospital\n    label: Copenhagen Hospital\n",
        encoding="utf-8",
    )
    code, stderr = validate(fresh_project, fresh_project.annotation_files()[0])
    assert code == 1
    assert (
        "[university-of-copenhagen]: duplicate entity id 'university-of-copenhagen' (already defined at"
        in stderr
    )


def test_all_problems_of_a_file_are_reported_at_once(fresh_project):
    body = GOOD_FACT.replace("umc-utrecht", "umc-utrech") + GOOD_FACT.replace(
        "memberOf", "memberof"
    )
    path = write_annotations(fresh_project, body)
    code, stderr = validate(fresh_project, path)
    assert code == 1
    assert stderr.startswith("Error: 2 problems found:\n")


def test_a_failed_build_leaves_the_previous_graph_intact(fresh_project):
    runner = CliRunner()
    first = runner.invoke(cli, ["build", "--project", str(fresh_project.root)])
    assert first.exit_code == 0, first.stderr
    before = fresh_project.graph_file.read_bytes()
    annotation = fresh_project.annotations / "umcu-international-cooperations.yaml"
    annotation.write_text(
        annotation.read_text(encoding="utf-8").replace("subject: umc-utrecht", "subject: nobody")
    )
    second = runner.invoke(cli, ["build", "--project", str(fresh_project.root)])
    assert second.exit_code == 1
    assert "unknown entity 'nobody'" in second.stderr
    assert fresh_project.graph_file.read_bytes() == before
    assert not list(fresh_project.build_dir.glob(".*.tmp"))


def test_a_missing_file_is_a_clean_error(fresh_project):
    code, stderr = validate(fresh_project, fresh_project.root / "nope.yaml")
    assert code == 1
    assert (
        stderr == f"Error: 1 problem found:\n  {fresh_project.root / 'nope.yaml'}: file not found\n"
    )
