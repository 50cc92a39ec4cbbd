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
from collabgraph.errors import CollabgraphError, ValidationFailed

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


# --- review keeps work ---------------------------------------------------------------------


def _two_drafts(project):
    """Two drafts: UMC Utrecht a member of two new networks."""
    return _draft(
        project,
        "UMC Utrecht is a member of the Alpha Example Network.\n\n"
        "UMC Utrecht is a member of the Beta Example Network.\n",
    )


def test_a_mistyped_id_at_the_prompt_is_asked_again_and_nothing_is_lost(fresh_project):
    _two_drafts(fresh_project)
    result = _invoke(fresh_project, "review", "page", answers="o\nlerru\nleru\na\nq\n")
    assert result.exit_code == 0, result.stderr
    assert "  unknown entity 'lerru'. Did you mean: leru?" in result.output
    [left] = api.review_items("page", path=fresh_project)
    assert left.fields["object"] == "beta-example-network"
    facts = fresh_project.annotations.joinpath("page.yaml").read_text(encoding="utf-8")
    assert "    object: leru\n    status: accepted\n" in facts


def test_every_decision_is_saved_as_it_is_made(fresh_project):
    _two_drafts(fresh_project)
    result = _invoke(fresh_project, "review", "page", answers="a\n")  # then the input ends
    assert result.exit_code == 1  # click aborts at the next prompt
    [left] = api.review_items("page", path=fresh_project)
    assert left.fields["object"] == "beta-example-network"
    assert "alpha-example-network:\n    type: Network" in (
        fresh_project.registry_file.read_text(encoding="utf-8")
    )
    registry = api.entity_details("alpha-example-network", path=fresh_project).entity
    assert registry.status == "accepted"


def test_an_entity_is_created_at_the_prompt(fresh_project):
    _two_drafts(fresh_project)
    answers = "o\n+\nGamma Health Alliance\n\na\nq\n"  # the type as guessed: Alliance
    result = _invoke(fresh_project, "review", "page", answers=answers)
    assert result.exit_code == 0, result.stderr
    created = api.entity_details("gamma-health-alliance", path=fresh_project)
    assert (created.entity.type, created.entity.status) == ("Alliance", "accepted")
    assert [(f.subject, f.object) for f in created.facts] == [
        ("umc-utrecht", "gamma-health-alliance")
    ]
    # the proposal the fact named first has no fact left: it is gone
    with pytest.raises(CollabgraphError):
        api.entity_details("alpha-example-network", path=fresh_project)
    assert result.output.endswith(
        "Accepted 1 facts and 1 entities, rejected 0; removed 1 proposed entities no fact "
        "names: alpha-example-network.\n"
    )


GLUED_SOURCE = "Het UMC Utrecht werkt samen met Hogeschool Zuid en Hogeschool Noord.\n"
GLUED_REGISTRY = (
    "\n  # proposed by `collabgraph draft glued`\n"
    "  hogeschool-zuid-en-hogeschool-noord:\n    type: University\n"
    '    label: "Hogeschool Zuid en Hogeschool Noord"\n    status: proposed\n'
)
GLUED_FACTS = (
    "facts:\n"
    f"  - quote: {GLUED_SOURCE.strip()!r}\n"
    "    subject: umc-utrecht\n"
    "    relation: partnerOf\n"
    "    object: hogeschool-zuid-en-hogeschool-noord\n"
    "    status: draft\n"
    "    confidence: 0.6\n"
    '    cue: "werkt samen met"\n'
)


def _glued(project) -> None:
    """A draft naming two organisations glued into one proposed entity, as a curator finds
    it (written here by hand: what drafting makes of a page is the drafting tests' job)."""
    (project.data / "sources" / "glued.txt").write_text(GLUED_SOURCE, encoding="utf-8")
    project.annotations.joinpath("glued.yaml").write_text(
        "document:\n  id: glued\n  source: ../sources/glued.txt\n  title: Glued\n"
        "  publisher: umc-utrecht\n  language: nl\n" + GLUED_FACTS,
        encoding="utf-8",
    )
    with project.registry_file.open("a", encoding="utf-8") as registry:
        registry.write(GLUED_REGISTRY)


def test_a_glued_name_is_split_at_the_prompt(fresh_project):
    _glued(fresh_project)
    [item] = api.review_items("glued", path=fresh_project)
    assert item.notes == (
        "hogeschool-zuid-en-hogeschool-noord may hold 2 names: Hogeschool Zuid | Hogeschool Noord",
    )
    result = _invoke(fresh_project, "review", "glued", answers="g\n\n\na\nq\n")
    assert result.exit_code == 0, result.stderr
    assert "  'Hogeschool Zuid' will be new: hogeschool-zuid (University)" in result.output
    for part in ("hogeschool-zuid", "hogeschool-noord"):
        details = api.entity_details(part, path=fresh_project)
        assert details.entity.status == "accepted"
        assert [(f.subject, f.relation, f.status) for f in details.facts] == [
            ("umc-utrecht", "partnerOf", "accepted")
        ]
    registry = fresh_project.registry_file.read_text(encoding="utf-8")
    assert "hogeschool-zuid-en-hogeschool-noord" not in registry
    assert "# proposed by `collabgraph draft glued`" not in registry
    api.build(path=fresh_project)


def test_a_changed_relation_drops_the_old_cue_and_confidence(fresh_project):
    _glued(fresh_project)
    api.review(
        "glued", {1: {"status": "accepted", "relation": "collaboratesWith"}}, path=fresh_project
    )
    text = fresh_project.annotations.joinpath("glued.yaml").read_text(encoding="utf-8")
    assert text.endswith(
        "    relation: collaboratesWith\n"
        "    object: hogeschool-zuid-en-hogeschool-noord\n"
        "    status: accepted\n"
    )


def test_a_proposal_whose_last_fact_is_rejected_is_removed(fresh_project):
    _glued(fresh_project)
    before = fresh_project.registry_file.read_text(encoding="utf-8")
    report = api.review("glued", {1: {"status": "rejected"}}, path=fresh_project)
    assert report.entities_removed == ["hogeschool-zuid-en-hogeschool-noord"]
    assert fresh_project.registry_file.read_text(encoding="utf-8") == (
        before.removesuffix(GLUED_REGISTRY)
    )


def test_a_proposal_another_documents_draft_names_is_kept(fresh_project):
    _glued(fresh_project)
    other = GLUED_FACTS.replace("status: draft", "status: draft\n    note: again")
    (fresh_project.data / "sources" / "again.txt").write_text(GLUED_SOURCE, encoding="utf-8")
    fresh_project.annotations.joinpath("again.yaml").write_text(
        "document:\n  id: again\n  source: ../sources/again.txt\n  title: Again\n"
        "  publisher: umc-utrecht\n  language: nl\n" + other,
        encoding="utf-8",
    )
    report = api.review("glued", {1: {"status": "rejected"}}, path=fresh_project)
    assert report.entities_removed == []


def test_a_decision_naming_an_unknown_entity_changes_nothing(fresh_project):
    _glued(fresh_project)
    files = {p: p.read_bytes() for p in fresh_project.data.rglob("*") if p.is_file()}
    with pytest.raises(CollabgraphError, match="unknown entity 'lerru'"):
        api.review("glued", {1: {"status": "accepted", "object": "lerru"}}, path=fresh_project)
    with pytest.raises(ValidationFailed, match="needs an object of kind place"):
        api.review("glued", {1: {"status": "accepted", "relation": "basedIn"}}, path=fresh_project)
    assert {p: p.read_bytes() for p in fresh_project.data.rglob("*") if p.is_file()} == files


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
