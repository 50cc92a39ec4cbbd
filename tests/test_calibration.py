"""Drafting's confidence: a rate fitted on development pages, smoothed towards coarser
combinations of features, never above the rule's own confidence."""

from __future__ import annotations

from collabgraph.drafting.calibration import calibrated, evidence, keys_of, rate_table
from collabgraph.drafting.extractor import Page, RuleExtractor
from collabgraph.drafting.mentions import KnownName

FEATURES = evidence(
    "partnerOf",
    0.65,
    (("new", "alpha-lab"), ("new", "beta-lab")),
    5,
    "nl",
    publisher="gamma-university",
)


def _table(**counts: list[int]) -> dict[str, object]:
    keys = keys_of(FEATURES)
    return {"smoothing": 5.0, "counts": {keys[int(level)]: n for level, n in counts.items()}}


def test_the_features_name_no_entity_only_kinds_of_ends():
    assert FEATURES == {
        "relation": "partnerOf",
        "rule": "0.65",
        "ends": "new>new",
        "sentence": "4+",
        "language": "nl",
    }
    ends = (("known", "gamma-university"), ("anaphor", "delta-network"))
    assert evidence("memberOf", 0.7, ends, 1, "de", "gamma-university")["ends"] == (
        "publisher>reference"
    )


def test_without_a_table_the_rule_keeps_its_confidence():
    assert calibrated(FEATURES, 0.65, {}) == 0.65


def test_a_combination_often_wrong_lowers_the_confidence():
    often_wrong = _table(**{"0": [80, 100], "1": [40, 50], "5": [1, 40]})
    assert calibrated(FEATURES, 0.65, often_wrong) < 0.2


def test_a_rare_combination_falls_back_to_the_coarser_rate():
    rare = _table(**{"0": [20, 100], "5": [0, 1]})
    common = _table(**{"0": [20, 100], "5": [0, 100]})
    assert 0.15 < calibrated(FEATURES, 0.65, rare) < 0.25  # about the overall 0.2
    assert calibrated(FEATURES, 0.65, common) < 0.05


def test_a_rate_never_raises_the_rules_confidence():
    always_right = _table(**{"0": [100, 100], "5": [100, 100]})
    assert calibrated(FEATURES, 0.65, always_right) == 0.65


def test_the_shipped_table_was_fitted_and_drafts_carry_their_features():
    table = rate_table()
    assert table["counts"] and float(table["smoothing"]) > 0  # type: ignore[index,arg-type]
    known = [KnownName("Gamma University", "gamma-university", "University", "organisation")]
    page = Page(
        "p", "Gamma University is a member of the Northern Example Network.", "en", known[0]
    )
    draft = RuleExtractor().draft(page, known)
    (fact,) = [f for f in draft.facts if f.relation == "memberOf"]
    assert fact.evidence is not None
    assert fact.evidence["ends"] == "publisher>new"
    assert fact.confidence <= float(fact.evidence["rule"])
