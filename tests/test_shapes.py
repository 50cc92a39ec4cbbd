"""Every key at every level, fed wrongly shaped values: a clean file:line error, never a crash.

Hypothesis draws a key of the document, of a fact, of a quote entry or of a registry entity,
and puts a value of a shape the key does not take there (a list, a mapping, a number, a
boolean, null, nested structures). The files are written as YAML and validated by the CLI.
"""

from __future__ import annotations

import os

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collabgraph.cli import cli

from conftest import REPO, copy_project

settings.register_profile("ci", max_examples=60, deadline=None)
settings.register_profile("long", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("COLLABGRAPH_HYPOTHESIS", "ci"))

DOCUMENT = {
    "id": "test-document",
    "source": "../sources/umcu-international-cooperations.txt",
    "title": "Test",
    "publisher": "umc-utrecht",
    "language": "en",
    "url": "https://example.org/page",
    "retrieved": "2026-11-28",
}
FACT = {
    "quote": "UMC Utrecht is a member of the League of European Research Universities (LERU) .",
    "subject": "umc-utrecht",
    "relation": "memberOf",
    "object": "leru",
    "since": 2008,
    "role": "member",
}
FACT_KEYS = [
    "subject",
    "relation",
    "object",
    "attribute",
    "value",
    "currency",
    "role",
    "role-label",
    "since",
    "until",
    "date",
    "date-text",
    "note",
    "unit",
    "approximation",
    "out-of",
    "count-of",
    "amount",
    "quote",
    "occurrence",
]
ENTITY = {"type": "University", "label": "Test University", "aliases": ["TU"]}
ENTITY_KEYS = ["type", "label", "aliases", "labels", "note"]

shapes = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-5, 10**12),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=12),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("shapes"))


def run_validate(project):
    """Validate the project, then build it: one verdict (a project validate passes builds;
    one it refuses, build refuses with the same problems)."""
    result = CliRunner().invoke(cli, ["validate", "--project", str(project.root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr
    assert result.exit_code in (0, 1), result.stderr
    if result.exit_code == 1:
        assert result.stderr.startswith("Error: "), result.stderr
    built = CliRunner().invoke(cli, ["build", "--project", str(project.root)])
    assert "Traceback" not in built.output + built.stderr
    assert built.exit_code == result.exit_code, (result.stderr, built.stderr)
    if built.exit_code == 1:
        assert built.stderr == result.stderr
    return result


def write(project, document, facts):
    for existing in project.annotations.glob("*.yaml"):
        existing.unlink()
    text = yaml.safe_dump({"document": document, "facts": facts}, allow_unicode=True)
    (project.annotations / "test.yaml").write_text(text, encoding="utf-8")


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(sorted(DOCUMENT)), value=shapes)
def test_a_document_key_with_any_shape(project, key, value):
    write(project, {**DOCUMENT, key: value}, [FACT])
    run_validate(project)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(FACT_KEYS), value=shapes, nested=st.booleans())
def test_a_fact_key_with_any_shape(project, key, value, nested):
    fact = {**FACT, key: value}
    if nested:
        quote = fact.pop("quote", FACT["quote"])
        write(project, DOCUMENT, [{"quote": quote, "facts": [fact]}])
    else:
        write(project, DOCUMENT, [fact])
    run_validate(project)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(ENTITY_KEYS), value=shapes)
def test_a_registry_key_with_any_shape(project, key, value, tmp_path_factory):
    original = project.registry_file.read_text(encoding="utf-8")
    try:
        entry = yaml.safe_dump({"test-university": {**ENTITY, key: value}}, allow_unicode=True)
        indented = "".join(f"  {line}\n" for line in entry.splitlines())
        project.registry_file.write_text(original + indented, encoding="utf-8")
        write(project, DOCUMENT, [FACT])
        run_validate(project)
    finally:
        project.registry_file.write_text(original, encoding="utf-8")


def test_the_good_file_validates(project):
    write(project, DOCUMENT, [FACT])
    assert run_validate(project).exit_code == 0


def test_a_norwegian_language_code_stays_text(project):
    write(project, {**DOCUMENT, "language": "no"}, [FACT])
    result = run_validate(project)
    assert result.exit_code == 0, result.stderr


def test_a_nested_fact_with_its_own_quote_is_refused(project):
    nested = {"quote": FACT["quote"], "facts": [{**FACT, "quote": "Not in the source at all."}]}
    write(project, DOCUMENT, [nested])
    result = run_validate(project)
    assert result.exit_code == 1
    assert "a fact under a shared quote cannot have its own 'quote:'" in result.stderr


def test_a_recursive_alias_is_an_error(project):
    (project.annotations / "test.yaml").write_text("document: &a\n  self: *a\nfacts: []\n")
    result = run_validate(project)
    assert result.exit_code == 1
    assert "a YAML alias refers to itself" in result.stderr


def test_every_registry_problem_is_reported_at_once(project):
    original = project.registry_file.read_text(encoding="utf-8")
    try:
        project.registry_file.write_text(
            original
            + "  bad-one:\n    type: [University]\n    label: One\n"
            + "  bad-two:\n    type: Universty\n    label: Two\n",
            encoding="utf-8",
        )
        result = run_validate(project)
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: 2 problems found:")
        assert "[bad-one]" in result.stderr and "[bad-two]" in result.stderr
    finally:
        project.registry_file.write_text(original, encoding="utf-8")


def test_every_problem_of_a_fact_is_reported_at_once(project):
    bad = {**FACT, "relation": ["memberOf"], "since": {"year": 2008}, "colour": "blue"}
    write(project, DOCUMENT, [bad])
    result = run_validate(project)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: 3 problems found:")
    assert "'relation' in a fact must be one word from the vocabulary, not ['memberOf']" in (
        result.stderr
    )
    assert "'since' in a fact must be a year (2008)" in result.stderr
    assert "unknown key 'colour' in a fact" in result.stderr


def test_the_schema_covers_every_key_the_readers_know():
    from collabgraph.curation.schema import DOCUMENT_FIELDS, FACT_FIELDS, keys_of

    documented = (REPO / "docs" / "curating.md").read_text(encoding="utf-8")
    for key in keys_of(DOCUMENT_FIELDS, FACT_FIELDS):
        assert f"`{key}`" in documented, key


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("010", 10),  # YAML 1.1 read this as octal 8
        ("0o10", 8),
        ("1:30", "1:30"),  # YAML 1.1 read this as sexagesimal 90
        ("no", "no"),
        ("yes", "yes"),
        ("true", True),
        ("1e3", 1000.0),
        ("~", None),
    ],
)
def test_yaml_is_read_as_yaml_1_2(tmp_path, text, value):
    from collabgraph.curation.yamlfile import read_yaml

    path = tmp_path / "values.yaml"
    path.write_text(f"first: x\nvalue: {text}\n", encoding="utf-8")
    read = read_yaml(path)
    assert read["value"] == value and type(read["value"]) is type(value)
    assert read.line_of("value") == 2


def test_a_yaml_syntax_error_names_file_and_line(tmp_path):
    from collabgraph.curation.yamlfile import read_yaml
    from collabgraph.errors import AnnotationError

    path = tmp_path / "broken.yaml"
    path.write_text("a: 1\nb: [1, 2\nc: 3\n", encoding="utf-8")
    with pytest.raises(AnnotationError) as caught:
        read_yaml(path)
    assert caught.value.message.startswith(f"{path}:")
    assert "YAML syntax error: " in caught.value.message
