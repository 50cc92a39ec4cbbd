"""Which known entity an imported organisation is: rules a curator can read, check and override.

Candidates are the project's entities and the ROR records (one per target). An imported
organisation is matched, in order, by:

1. ``pinned``: the curator's pin in ``data/resolution.yaml`` (or ``new``: never matched);
2. ``ror-id``: the project already knows the ROR id (ROR records only);
3. ``name``: its name, normalised (case, accents, punctuation, Dutch institution words and
   legal forms such as BV, GmbH or a leading "Stichting" set aside), equals a candidate's
   label, alias or other-language label;
4. ``name+city``: its name followed by its city does ("Radboud Universiteit" in Nijmegen is
   "Radboud Universiteit Nijmegen");
5. ``words``: the same words in another order ("University of X" and "X University");
6. ``short-name``: its short name is a candidate's acronym in the same country;
7. ``vat``: another organisation with the same VAT number was matched.

A name rule only counts candidates in the same country (or of unknown country) that the
curator has not forbidden. Whatever the rule, two or more candidates is ``ambiguous``
(listed with the rule that found them, never merged, never dropped), none is ``new``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from collabgraph.names import normalise

__all__ = [
    "Candidate",
    "NameIndex",
    "Pins",
    "Resolution",
    "ResolutionReport",
    "identity_keys",
    "name_key",
]

_LEGAL_FORMS = {
    "ab", "ag", "aps", "as", "asbl", "bv", "bvba", "cic", "co", "cv", "doo", "ev", "gbr",
    "gmbh", "ggmbh", "inc", "kft", "kg", "llc", "ltd", "limited", "nv", "oy", "oyj", "plc",
    "sa", "sarl", "sas", "scarl", "sl", "slu", "spa", "sprl", "sro", "srl", "ug", "vzw", "zrt",
}  # fmt: skip
_SPLIT_FORMS = re.compile(r"\b(?:b v|n v|s a|s l|s p a|s r l|s r o|e v|a s|d o o)$")
_LEADING = ("foundation ", "the ")
_JOINING = {"of", "the", "and", "for", "in", "van", "de", "het", "en", "voor", "der", "des", "at"}


def name_key(name: str) -> str:
    """The form names are compared in: ``normalise`` without legal forms or "Stichting"."""
    key = normalise(name)
    key = _SPLIT_FORMS.sub("", key).strip()
    words = key.split()
    while len(words) > 1 and words[-1] in _LEGAL_FORMS:
        words.pop()
    key = " ".join(words)
    for leading in _LEADING:
        if key.startswith(leading) and len(key) > len(leading) + 2:
            key = key[len(leading) :]
    return key


def _words(key: str) -> frozenset[str]:
    return frozenset(word for word in key.split() if word not in _JOINING)


def identity_keys(name: str) -> tuple[str, ...]:
    """The keys under which two names are one name for the ``name`` and ``words`` rules:
    the name key, and (for names of two words or more) its words in any order. Two entities
    sharing a key collide: the registry's check warns, and drafting links instead of
    proposing ("Universiteit van Amsterdam" and "University of Amsterdam",
    "Universiteit Maastricht" and "Maastricht University")."""
    key = name_key(name)
    if not key:
        return ()
    words = _words(key)
    if len(key.split()) > 1 and len(words) > 1:
        return (key, "words: " + " ".join(sorted(words)))
    return (key,)


@dataclass(frozen=True)
class Candidate:
    """Something an imported organisation can be: a project entity or a ROR record."""

    target: str
    """A project entity id, or ``ror:<id>``."""
    names: tuple[str, ...]
    acronyms: tuple[str, ...] = ()
    country: str | None = None


@dataclass(frozen=True)
class Resolution:
    target: str | None
    rule: str
    candidates: tuple[str, ...] = ()
    """The two or more candidates of an ``ambiguous`` resolution, sorted."""
    by: str = ""
    """The rule that found them (``name``, ``words``, ``short-name``, ``vat``, ...)."""


def _ambiguous(candidates: Iterable[str], by: str) -> Resolution:
    return Resolution(None, "ambiguous", tuple(sorted(candidates)), by)


@dataclass
class Pins:
    """The curator's decisions: ``pin`` maps an imported key (``cordis:<organisationID>``,
    ``ror:<id>``) to a target (``new`` for never); ``forbid`` lists targets it may not be."""

    pin: dict[str, str] = field(default_factory=dict)
    forbid: dict[str, set[str]] = field(default_factory=dict)


class NameIndex:
    """Candidates by name key, word set and acronym, for exact lookups in constant time."""

    def __init__(self, candidates: Iterable[Candidate]) -> None:
        self.by_key: dict[str, set[str]] = defaultdict(set)
        self.by_words: dict[frozenset[str], set[str]] = defaultdict(set)
        self.by_acronym: dict[str, set[str]] = defaultdict(set)
        self.country: dict[str, str | None] = {}
        for candidate in candidates:
            self.country[candidate.target] = candidate.country
            for name in candidate.names:
                key = name_key(name)
                if key:
                    self.by_key[key].add(candidate.target)
                    if len(key.split()) > 1:
                        self.by_words[_words(key)].add(candidate.target)
            for acronym in candidate.acronyms:
                if acronym.strip():
                    self.by_acronym[normalise(acronym)].add(candidate.target)

    def _fitting(self, targets: Iterable[str], country: str, forbidden: set[str]) -> set[str]:
        return {
            target
            for target in targets
            if target not in forbidden and self.country.get(target) in (None, "", country)
        }

    def resolve(
        self,
        name: str,
        *,
        country: str = "",
        city: str = "",
        short: str = "",
        forbidden: set[str] | None = None,
    ) -> Resolution:
        """The one candidate a name fits by the first rule that finds any, or why none."""
        banned = forbidden or set()
        key = name_key(name)
        attempts = [
            ("name", self.by_key.get(key, ())),
            ("name+city", self.by_key.get(name_key(f"{name} {city}"), ()) if city else ()),
            ("words", self.by_words.get(_words(key), ()) if len(key.split()) > 1 else ()),
        ]
        for rule, found in attempts:
            fitting = self._fitting(found, country, banned)
            if len(fitting) == 1:
                return Resolution(next(iter(fitting)), rule)
            if len(fitting) > 1:
                return _ambiguous(fitting, rule)
        if short and country:
            found = self.by_acronym.get(normalise(short), set())
            same_country = {t for t in found - banned if self.country.get(t) == country}
            if len(same_country) == 1:
                return Resolution(next(iter(same_country)), "short-name")
            if len(same_country) > 1:
                return _ambiguous(same_country, "short-name")
        return Resolution(None, "new")


@dataclass
class ResolutionReport:
    """How the organisations of one import resolved, for the curator to check."""

    source: str
    unmatched: str = "new"
    """What an unmatched one becomes: a new entity (CORDIS), or an index entry only (ROR)."""
    rules: Counter[str] = field(default_factory=Counter)
    ambiguous: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    """(imported key, its name, the candidates)."""
    records: int = 0

    outcomes: dict[str, tuple[str, Resolution]] = field(default_factory=dict)
    """Each imported key's name and resolution."""

    def add(self, key: str, name: str, resolution: Resolution) -> None:
        self.rules[resolution.rule] += 1
        self.outcomes[key] = (name, resolution)
        if resolution.rule == "ambiguous":
            self.ambiguous.append((key, name, resolution.candidates))

    @property
    def matched(self) -> int:
        return sum(n for rule, n in self.rules.items() if rule not in {"new", "ambiguous"})

    def lines(self) -> list[str]:
        rules = ", ".join(
            f"{rule} {count}"
            for rule, count in sorted(self.rules.items())
            if rule not in {"new", "ambiguous"}
        )
        total = sum(self.rules.values())
        lines = [
            f"{self.source}: {total} organisations: {self.matched} matched"
            + (f" ({rules})" if rules else "")
            + f", {self.rules['ambiguous']} ambiguous, {self.rules['new']} {self.unmatched}"
        ]
        for key, name, candidates in self.ambiguous:
            by = self.outcomes[key][1].by
            lines.append(
                f"  ambiguous: {key} {name!r} could be {', '.join(candidates)}"
                + (f" (by {by}; never merged: pin one in data/resolution.yaml)" if by else "")
            )
        return lines


def resolve_by_vat(
    resolutions: dict[str, Resolution], vats: Mapping[str, str]
) -> dict[str, Resolution]:
    """Unmatched organisations that share a VAT number with a matched one join it."""
    by_vat: dict[str, set[str]] = defaultdict(set)
    for key, resolution in resolutions.items():
        vat = vats.get(key, "")
        if vat and resolution.target is not None:
            by_vat[vat].add(resolution.target)
    updated = dict(resolutions)
    for key, resolution in resolutions.items():
        targets = by_vat.get(vats.get(key, ""), set())
        if resolution.rule == "new" and len(targets) == 1:
            updated[key] = Resolution(next(iter(targets)), "vat")
        elif resolution.rule == "new" and len(targets) > 1:
            updated[key] = _ambiguous(targets, "vat")
    return updated
