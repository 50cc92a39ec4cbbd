"""The curation loop on a project's files: what add, draft and review write, and refuse.

Every page here is written for the test (no text of the extraction set): a name the
registry knows under another form, a publisher that is a city, a title behind navigation,
a glued name, a mistyped id at the review prompt.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter
from test_drafting import _pdf

import collabgraph.api as api
from collabgraph.cli import cli

from conftest import ROR_RECORDS


@pytest.fixture()
def ror_project(fresh_project):
    api.import_ror(ROR_RECORDS, path=fresh_project)
    return fresh_project


def _page(project, text: str, name: str = "page.txt"):
    page = project.root.parent / name
    page.write_text(text, encoding="utf-8")
    return page


def _draft(project, text: str, language: str = "en", publisher: str = "UMC Utrecht"):
    page = _page(project, text)
    api.add_document(page, publisher=publisher, language=language, doc_id="page", path=project)
    return api.draft("page", path=project)


def _facts(report) -> set[tuple[str, str, str]]:
    return {(f.subject, f.relation or f.attribute, str(f.object or f.value)) for f in report.added}


def _invoke(project, *args: str, answers: str | None = None):
    return CliRunner().invoke(cli, [*args, "--project", str(project.root)], input=answers)


# --- No duplicate can enter ----------------------------------------------------------------


def test_names_of_a_linked_ror_record_and_another_word_order_are_the_known_entity(ror_project):
    report = _draft(
        ror_project,
        "De Universiteit van Amsterdam werkt samen met het UMC Utrecht en met de Toronto "
        "University.\n\nThe UvA is a partner of Universiteit Leiden.\n",
        "nl",
    )
    assert _facts(report) == {
        ("university-of-amsterdam", "partnerOf", "umc-utrecht"),  # the ROR record's Dutch name
        ("university-of-amsterdam", "partnerOf", "university-of-toronto"),  # words reordered
        ("umc-utrecht", "partnerOf", "university-of-toronto"),
        ("university-of-amsterdam", "partnerOf", "leiden-university"),  # its acronym, UvA
    }
    assert report.entities == ()


def test_a_name_that_only_resembles_a_known_one_is_proposed_and_the_reason_shown(
    fresh_project,
):
    with fresh_project.registry_file.open("a", encoding="utf-8") as registry:
        registry.write("  aurora-alliance:\n    type: Alliance\n    label: Aurora Alliance\n")
    report = _draft(fresh_project, "UMC Utrecht is a member of the Aurora Netwerk.\n")
    [proposed] = report.entities
    assert proposed.id == "aurora-netwerk"
    reason = "the same name but for the words that say its kind"
    assert (
        proposed.note == f"near match (not merged): aurora-alliance ('Aurora Alliance': {reason})"
    )
    [item] = api.review_items("page", path=fresh_project)
    assert item.notes == (
        f"aurora-netwerk is new; it resembles aurora-alliance ('Aurora Alliance': {reason})",
    )
    shown = _invoke(fresh_project, "review", "page", answers="q\n")
    assert "  note: aurora-netwerk is new; it resembles aurora-alliance" in shown.output


# --- add reads documents as they are -------------------------------------------------------


def test_a_web_page_is_named_by_its_heading_never_its_navigation(fresh_project, tmp_path):
    page = tmp_path / "saved.html"
    page.write_text(
        "<html><head><title>Home | News</title></head><body><nav><ul><li>meta-menu</li>"
        "<li>Ga naar inhoud</li></ul></nav><main><h1>Our partners in Europe</h1><p>UMC "
        "Utrecht is a member of LERU, the League of European Research Universities.</p>"
        "</main></body></html>",
        encoding="utf-8",
    )
    added = api.add_document(page, publisher="UMC Utrecht", language="en", path=fresh_project)
    assert (added.id, added.title) == ("our-partners-in-europe", "Our partners in Europe")


def test_a_pdf_is_named_by_its_title_metadata_unless_that_is_navigation(fresh_project, tmp_path):
    def pdf(title: str, name: str):
        path = tmp_path / name
        path.write_bytes(_pdf(["Annual report 2023", "UMC Utrecht is a member of LERU."]))
        writer = PdfWriter(clone_from=PdfReader(path))
        writer.add_metadata({"/Title": title})
        with path.open("wb") as stream:
            writer.write(stream)
        return path

    first = api.add_document(
        pdf("Home | News", "a.pdf"), publisher="UMC Utrecht", language="en", path=fresh_project
    )
    assert first.title == "Annual report 2023"  # the metadata is navigation: the first heading
    second = api.add_document(
        pdf("Partnerships abroad - UMC Utrecht", "b.pdf"),
        publisher="UMC Utrecht",
        language="en",
        path=fresh_project,
    )
    assert second.title == "Partnerships abroad - UMC Utrecht"


def test_a_text_is_named_by_its_first_line_that_reads_as_a_title(fresh_project):
    page = _page(
        fresh_project,
        "Ga naar artikel navigatie Ga naar inhoud\nSkip to main content\n12 maart 2024\n"
        "Leestijd: 3 minuten\n- Home\nWelkom op de website van het Voorbeeld Centrum\n"
        "Samen sterker in Europa\n\nHet UMC Utrecht werkt samen met de Universiteit Utrecht.\n",
    )
    added = api.add_document(page, publisher="UMC Utrecht", language="nl", path=fresh_project)
    assert (added.id, added.title) == ("samen-sterker-in-europa", "Samen sterker in Europa")


# --- one verdict ---------------------------------------------------------------------------


def test_validate_refuses_what_build_refuses_at_the_publishers_line(fresh_project):
    page = _page(fresh_project, "Some text.\n")
    api.add_document(page, publisher="Radboudumc", language="en", doc_id="p", path=fresh_project)
    annotation = fresh_project.annotations / "p.yaml"
    line = annotation.read_text(encoding="utf-8").splitlines().index("  publisher: radboudumc") + 1
    expected = (
        f"{annotation}:{line} [radboudumc]: publisher 'radboudumc' is only proposed (status: "
        "proposed); accept it with `collabgraph review`, or build with --drafts"
    )
    for command in ("validate", "build"):
        result = _invoke(fresh_project, command)
        assert result.exit_code == 1, command
        assert result.stderr == f"Error: 1 problem found:\n  {expected}\n", command
    assert _invoke(fresh_project, "validate", "--drafts").exit_code == 0
    assert _invoke(fresh_project, "build", "--drafts").exit_code == 0


def test_one_duplicated_document_id_is_one_problem_naming_both_files(fresh_project):
    first = fresh_project.annotations / "umcu-international-cooperations.yaml"
    second = fresh_project.annotations / "zz-copy.yaml"  # read after the first
    second.write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    for command in ("validate", "build"):
        result = _invoke(fresh_project, command)
        assert result.exit_code == 1
        line = next(
            n
            for n, text in enumerate(second.read_text().splitlines(), start=1)
            if re.match(r"\s+id:", text)
        )
        assert result.stderr == (
            f"Error: 1 problem found:\n  {second}:{line} [umcu-international-cooperations]: "
            f"duplicate document id 'umcu-international-cooperations': {first} has it too; "
            "give one of them another id\n"
        )


def test_a_publisher_that_is_a_place_is_named_at_its_line_by_validate_and_build(fresh_project):
    annotation = fresh_project.annotations / "umcu-international-cooperations.yaml"
    text = annotation.read_text(encoding="utf-8")
    annotation.write_text(
        text.replace("publisher: umc-utrecht", "publisher: utrecht-city"), encoding="utf-8"
    )
    line = annotation.read_text(encoding="utf-8").splitlines().index("  publisher: utrecht-city")
    expected = (
        f"Error: 1 problem found:\n  {annotation}:{line + 1} [utrecht-city]: publisher "
        "'utrecht-city' is a City, not an organisation; a publisher is an organisation or a "
        "network\n"
    )
    for command in ("validate", "build"):
        assert _invoke(fresh_project, command).stderr == expected
