"""Confidence that means something: a drafted relation's confidence is how often drafts like
it were right on the development pages it was fitted on.

"Like it" is read from general features only, never from names: the relation, the rule's own
confidence (which construction fired), what kind of name each end is (the publisher, a known
entity, a new name, a word that refers back, a place), how many facts the same sentence gave
(a long list) and the page's language. The rates live in ``data/confidence.json``, written
by ``benchmarks/calibrate_draft.py`` from the tune part of the dev set only; a feature
combination seen seldom there falls back, step by step, to the rate of a coarser one
(additive smoothing towards it), so a rare combination is never trusted on a handful of
cases.

The rate only ever lowers the rule's confidence, never raises it: the rules were written
against those same pages, so what they get right there overstates what they get right on a
page they never saw, while what they get wrong there (a construction that misleads them) is
a warning that holds anywhere.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources

__all__ = ["LEVELS", "calibrated", "evidence", "keys_of", "rate_table"]

LEVELS = (
    (),
    ("relation",),
    ("relation", "rule"),
    ("relation", "rule", "ends"),
    ("relation", "rule", "ends", "sentence"),
    ("relation", "rule", "ends", "sentence", "language"),
)
"""The feature combinations, coarsest first; each one's rate is smoothed towards the one
before it."""


def _end(kind: str | None, entity: str | None, publisher: str | None) -> str:
    if kind is None:
        return "none"
    if entity is not None and entity == publisher:
        return "publisher"
    return {"publisher": "publisher", "known": "known", "new": "new", "place": "place"}.get(
        kind, "reference"
    )


def evidence(
    relation: str,
    rule_confidence: float,
    ends: tuple[tuple[str | None, str | None], tuple[str | None, str | None]],
    facts_in_sentence: int,
    language: str,
    publisher: str | None,
) -> dict[str, str]:
    """The features of one drafted relation; ``ends`` holds the (kind, entity) of its subject
    and its object mention."""
    (subject_kind, subject), (object_kind, obj) = ends
    size = "1" if facts_in_sentence <= 1 else "2-3" if facts_in_sentence <= 3 else "4+"
    return {
        "relation": relation,
        "rule": f"{rule_confidence:.2f}",
        "ends": f"{_end(subject_kind, subject, publisher)}>{_end(object_kind, obj, publisher)}",
        "sentence": size,
        "language": language if language in {"en", "nl"} else "other",
    }


def keys_of(features: Mapping[str, str]) -> list[str]:
    """The table's keys for ``features``, coarsest first."""
    return ["|".join(f"{name}={features[name]}" for name in level) for level in LEVELS]


@cache
def rate_table() -> dict[str, object]:
    """The fitted table: ``{"smoothing": k, "counts": {key: [right, drafted]}}`` (empty when
    no table was fitted, and then drafts keep the rules' confidence)."""
    source = resources.files("collabgraph.drafting").joinpath("data/confidence.json")
    if not source.is_file():
        return {}
    loaded: dict[str, object] = json.loads(source.read_text(encoding="utf-8"))
    return loaded


def calibrated(
    features: Mapping[str, str],
    rule_confidence: float,
    table: Mapping[str, object] | None = None,
) -> float:
    """The smoothed rate of drafts with ``features`` being right, at most the rule's own
    confidence; the rule's confidence when there is no table."""
    table = rate_table() if table is None else table
    counts = table.get("counts") if table else None
    if not isinstance(counts, Mapping):
        return rule_confidence
    smoothing = float(table.get("smoothing", 5.0))  # type: ignore[arg-type]
    rate = rule_confidence
    for index, key in enumerate(keys_of(features)):
        right, drafted = _counts(counts, key)
        if index == 0:
            rate = (right + 1.0) / (drafted + 2.0) if drafted else rule_confidence
            continue
        rate = (right + smoothing * rate) / (drafted + smoothing)
    return round(min(rate, rule_confidence), 2)


def _counts(counts: Mapping[str, object], key: str) -> tuple[float, float]:
    found = counts.get(key)
    if isinstance(found, Sequence) and len(found) == 2:
        return float(found[0]), float(found[1])
    return 0.0, 0.0
