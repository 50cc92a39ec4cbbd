"""Measuring a document's facts against gold facts: precision, recall and F1 per relation.

Gold files are tab-separated ``subject, relation, object, evidence`` lines with eight
relations (see ../shared/extraction/README.md). The project's facts are mapped onto them:
memberOf and participatesIn are memberOf; partnerOf and collaboratesWith are partnerOf;
coordinates and leads are coordinates; basedIn, heldIn and activeIn are locatedIn;
"A funds B" is "B fundedBy A"; "A established B" is "B establishedBy A"; an amount is
fundingAmount; a fact with a start or date (or a founding date) gives "since" for its
subject or object. Names match through every name of the entity, its word-by-word
abbreviation ("U of T") and the page's wording;
the inverse direction is accepted; a gold partnerOf pair is also met when both are members
of one network. Rejected facts do not count; drafts and accepted facts do.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from collabgraph.curation.facts import DateValue, Fact, Money
from collabgraph.curation.registry import Registry
from collabgraph.drafting.mentions import KnownName
from collabgraph.drafting.name_context import short_forms
from collabgraph.drafting.quantities import find_dates, find_money
from collabgraph.errors import AnnotationError, ValidationFailed
from collabgraph.names import normalise

__all__ = [
    "GOLD_RELATIONS",
    "GOLD_RELATION_OF",
    "INVERTED_GOLD_RELATION_OF",
    "Evaluation",
    "GoldFact",
    "Score",
    "evaluate_facts",
    "read_gold",
]

GOLD_RELATIONS = (
    "memberOf",
    "partnerOf",
    "coordinates",
    "locatedIn",
    "fundedBy",
    "fundingAmount",
    "establishedBy",
    "since",
)
GOLD_RELATION_OF = {
    "memberOf": "memberOf",
    "participatesIn": "memberOf",
    "partnerOf": "partnerOf",
    "collaboratesWith": "partnerOf",
    "coordinates": "coordinates",
    "leads": "coordinates",
    "basedIn": "locatedIn",
    "heldIn": "locatedIn",
    "activeIn": "locatedIn",
}
INVERTED_GOLD_RELATION_OF = {"funds": "fundedBy", "established": "establishedBy"}


@dataclass(frozen=True)
class GoldFact:
    subject: str
    relation: str
    object: str
    evidence: str
    line: int


def read_gold(path: Path) -> list[GoldFact]:
    """Gold facts; a line without four fields or with an unknown relation is an error."""
    problems: list[AnnotationError] = []
    facts = []
    try:
        rows = list(
            csv.reader(
                path.read_text(encoding="utf-8").splitlines(),
                delimiter="\t",
                quoting=csv.QUOTE_NONE,
            )
        )
    except (OSError, UnicodeDecodeError) as exc:
        raise AnnotationError(f"cannot read gold facts: {exc}", path=path) from None
    for number, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 4:
            problems.append(
                AnnotationError(
                    f"a gold fact has 4 tab-separated fields (subject, relation, object, evidence), "
                    f"not {len(row)}",
                    path=path,
                    line=number,
                )
            )
            continue
        if row[1] not in GOLD_RELATIONS:
            problems.append(
                AnnotationError(
                    f"unknown gold relation {row[1]!r}; one of {', '.join(GOLD_RELATIONS)}",
                    path=path,
                    line=number,
                )
            )
            continue
        facts.append(GoldFact(row[0].strip(), row[1], row[2].strip(), row[3], number))
    if problems:
        raise ValidationFailed(list(problems))
    return facts


@dataclass(frozen=True)
class _Prediction:
    subjects: frozenset[str]
    relation: str
    target: str
    """An entity id, an amount ("100000 EUR") or a date ("2019-01")."""
    symmetric: bool = False


@dataclass(frozen=True)
class Score:
    relation: str
    true_positives: int
    predicted: int
    gold: int
    found: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Evaluation:
    scores: tuple[Score, ...]
    overall: Score
    unscored: int
    """Facts of relations the gold format does not have (counts, hosts, ...)."""
    missed: tuple[GoldFact, ...]


def _date_text(value: object) -> str | None:
    return value.text if isinstance(value, DateValue) else None


def _predictions(facts: Iterable[Fact]) -> tuple[list[_Prediction], int]:
    found: list[_Prediction] = []
    unscored = 0
    for fact in facts:
        before = len(found)
        if fact.relation in GOLD_RELATION_OF and fact.object:
            relation = GOLD_RELATION_OF[fact.relation]
            found.append(
                _Prediction(
                    frozenset({fact.subject}), relation, fact.object, relation == "partnerOf"
                )
            )
        elif fact.relation in INVERTED_GOLD_RELATION_OF and fact.object:
            found.append(
                _Prediction(
                    frozenset({fact.object}), INVERTED_GOLD_RELATION_OF[fact.relation], fact.subject
                )
            )
        elif fact.attribute in {"amount", "investment"} and isinstance(fact.value, Money):
            found.append(
                _Prediction(
                    frozenset({fact.subject}),
                    "fundingAmount",
                    f"{fact.value.value.normalize()} {fact.value.currency}",
                )
            )
        elif fact.attribute in {"foundingDate", "startDate"} and _date_text(fact.value):
            found.append(
                _Prediction(frozenset({fact.subject}), "since", _date_text(fact.value) or "")
            )
        dated = fact.start or fact.date
        if dated is not None and fact.object:
            found.append(_Prediction(frozenset({fact.subject, fact.object}), "since", dated.text))
        unscored += len(found) == before
    return list(dict.fromkeys(found)), unscored


class _Names:
    """Which entities a gold name can mean: any name of theirs or the page's wording."""

    def __init__(self, registry: Registry, facts: Iterable[Fact]) -> None:
        self.by_name: dict[str, set[str]] = defaultdict(set)
        for entity in registry:
            for name in entity.names():
                self.by_name[normalise(name)].add(entity.id)
        for fact in facts:
            for entity_id, text in (
                (fact.subject, fact.subject_text),
                (fact.object, fact.object_text),
            ):
                if entity_id and text:
                    self.by_name[normalise(text)].add(entity_id)
        known = [
            KnownName(name, entity.id, entity.type, entity.group)
            for entity in registry
            if entity.origin != "country"
            for name in entity.names()
        ]
        for form, short in short_forms(known).items():
            self.by_name.setdefault(normalise(form), set()).add(short.entity)

    def entities(self, name: str) -> set[str]:
        import re

        variants = {name}
        bracket = re.match(r"^(.*?)\s*\(([^)]+)\)\s*$", name)
        if bracket:
            variants |= {bracket.group(1), bracket.group(2)}
        found: set[str] = set()
        for variant in variants:
            found |= self.by_name.get(normalise(variant), set())
        return found


def _dates_agree(written: str, value: str) -> bool:
    dates = find_dates(written)
    if not dates:
        return False
    gold = dates[0].value
    return gold.startswith(value) or value.startswith(gold)


def _amounts_agree(written: str, value: str) -> bool:
    money = find_money(written)
    return bool(money) and f"{money[0].value.normalize()} {money[0].currency}" == value


def _matches(gold: GoldFact, prediction: _Prediction, names: _Names) -> bool:
    if gold.relation != prediction.relation:
        return False
    subjects = names.entities(gold.subject)
    if gold.relation == "fundingAmount":
        return bool(subjects & prediction.subjects) and _amounts_agree(
            gold.object, prediction.target
        )
    if gold.relation == "since":
        return bool(subjects & prediction.subjects) and _dates_agree(gold.object, prediction.target)
    objects = names.entities(gold.object)
    forward = bool(subjects & prediction.subjects) and prediction.target in objects
    backward = bool(objects & prediction.subjects) and prediction.target in subjects
    return forward or backward


def _shared_membership(gold: GoldFact, predictions: list[_Prediction], names: _Names) -> bool:
    groups: dict[str, set[str]] = defaultdict(set)
    for prediction in predictions:
        if prediction.relation == "memberOf":
            for member in prediction.subjects:
                groups[member].add(prediction.target)
    first, second = names.entities(gold.subject), names.entities(gold.object)
    return any(groups[a] & groups[b] for a in first for b in second if a != b)


def evaluate_facts(facts: Iterable[Fact], registry: Registry, gold: list[GoldFact]) -> Evaluation:
    """Precision, recall and F1 of ``facts`` against ``gold``, per relation and overall."""
    facts = [f for f in facts if f.status != "rejected"]
    names = _Names(registry, facts)
    predictions, unscored = _predictions(facts)
    scores = []
    missed = []
    for relation in GOLD_RELATIONS:
        mine = [p for p in predictions if p.relation == relation]
        theirs = [g for g in gold if g.relation == relation]
        hits = sum(1 for p in mine if any(_matches(g, p, names) for g in theirs))
        found = 0
        for fact in theirs:
            if any(_matches(fact, p, names) for p in mine) or (
                relation == "partnerOf" and _shared_membership(fact, predictions, names)
            ):
                found += 1
            else:
                missed.append(fact)
        scores.append(Score(relation, hits, len(mine), len(theirs), found))
    overall = Score(
        "overall",
        sum(s.true_positives for s in scores),
        sum(s.predicted for s in scores),
        sum(s.gold for s in scores),
        sum(s.found for s in scores),
    )
    return Evaluation(tuple(scores), overall, unscored, tuple(missed))
