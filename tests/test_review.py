"""Review keeps work: each decision lands on its own, a mistyped id is asked again, a glued
name is split, a changed relation drops its cue, a proposal no fact names is removed."""

from __future__ import annotations

import pytest
from test_drafts import _draft, _invoke

import collabgraph.api as api
from collabgraph.errors import CollabgraphError, ValidationFailed

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
