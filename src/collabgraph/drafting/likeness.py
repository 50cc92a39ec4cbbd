"""Which known entity a new name is, and which it only resembles, with the reason.

A new name *is* a known entity when one of its identity keys (the resolution's ``name`` and
``words`` rules: case, accents, punctuation, legal forms, Dutch institution words, word
order) is a key of one of the entity's names: its label, aliases, other-language labels, or
the names of the ROR record linked to it. Drafting then links instead of proposing, and the
registry's check would warn about the two otherwise.

A new name only *resembles* an entity when it is an acronym of one of its names (or the
other way round), their first words, the same name but for the word that says its kind
("Aurora Netwerk" and "Aurora Alliance"), or a close spelling. Such an entity is shown to the
curator with the reason, never merged. Words that only say a kind or join a name
("University", "Netwerk", "of", "van") never make two names alike on their own, so "Ghent
University" does not resemble "University Medical Centres in the Netherlands".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from collabgraph.drafting.lexicon import type_of_word
from collabgraph.importers.resolution import identity_keys
from collabgraph.names import are_first_words, is_acronym, normalise

__all__ = [
    "ACRONYM_OF",
    "CLOSE_SPELLING",
    "FIRST_WORDS",
    "ITS_ACRONYM",
    "KIND_WORDS",
    "STARTS_WITH_IT",
    "KnownEntities",
    "Likeness",
    "distinctive_words",
    "how_alike",
]

_CLOSE_SPELLING = 90.0
"""rapidfuzz's ratio of two normalised names from which one is a close spelling of the other."""
_CLOSE_DISTINCTIVE = 85.0
"""... and of their distinctive words: "Hogeschool Zuid" is no spelling of "Hogeschool Noord"."""
_JOINING = {
    "of", "the", "and", "for", "in", "at", "on", "to", "van", "de", "het", "en", "voor",
    "der", "des", "den", "du", "la", "le", "di", "da", "und", "et", "s",
}  # fmt: skip


def distinctive_words(name: str) -> frozenset[str]:
    """The words of a name that are neither a kind word nor a joining word."""
    words = normalise(name).split()
    return frozenset(w for w in words if w not in _JOINING and type_of_word(w) is None)


@dataclass(frozen=True)
class Likeness:
    """A known entity a new name resembles, and why."""

    entity: str
    name: str
    reason: str

    def describe(self) -> str:
        return f"{self.entity} ({self.name!r}: {self.reason})"


ACRONYM_OF = "an acronym of its name"
ITS_ACRONYM = "its acronym"
FIRST_WORDS = "the first words of its name"
STARTS_WITH_IT = "its name and more words"
KIND_WORDS = "the same name but for the words that say its kind"
CLOSE_SPELLING = "a close spelling"


def how_alike(new: str, known: str) -> str | None:
    """Why the name ``new`` resembles the name ``known`` (one of the reasons above), or None."""
    if is_acronym(new, known):
        return ACRONYM_OF
    if is_acronym(known, new):
        return ITS_ACRONYM
    if are_first_words(new, known):
        return FIRST_WORDS
    if are_first_words(known, new):
        return STARTS_WITH_IT
    new_words, known_words = distinctive_words(new), distinctive_words(known)
    if new_words and new_words == known_words:
        return KIND_WORDS
    from rapidfuzz import fuzz

    a, b = normalise(new), normalise(known)
    if min(len(a), len(b)) <= 4 or fuzz.ratio(a, b) < _CLOSE_SPELLING:
        return None
    if new_words and known_words:  # the words that tell them apart must be close too
        own_a, own_b = " ".join(sorted(new_words)), " ".join(sorted(known_words))
        if fuzz.ratio(own_a, own_b) < _CLOSE_DISTINCTIVE:
            return None
    return CLOSE_SPELLING


class KnownEntities:
    """Every name of the entities a new name may be (entity id to names)."""

    def __init__(self, names: Mapping[str, Iterable[str]]) -> None:
        self.names: dict[str, list[str]] = {}
        self._exact: dict[str, set[str]] = defaultdict(set)
        self._keys: dict[str, set[str]] = defaultdict(set)
        for entity, found in names.items():
            self.add(entity, found)

    def add(self, entity: str, names: Iterable[str]) -> None:
        """More names of ``entity`` (a new entity, or names found for a known one)."""
        known = self.names.setdefault(entity, [])
        for name in names:
            if name in known:
                continue
            known.append(name)
            self._exact[normalise(name)].add(entity)
            for key in identity_keys(name):
                self._keys[key].add(entity)

    def same(self, name: str) -> set[str]:
        """The entities ``name`` is a name of: exactly, else under the identity keys."""
        exact = self._exact.get(normalise(name), set())
        if exact:
            return set(exact)
        return {entity for key in identity_keys(name) for entity in self._keys.get(key, ())}

    def resembling(
        self, name: str, *, leave_out: Iterable[str] = (), limit: int = 3
    ) -> list[Likeness]:
        """Entities ``name`` resembles (see the module docstring), never those it is."""
        skipped = set(leave_out) | self.same(name)
        found: list[Likeness] = []
        for entity, known in self.names.items():
            if entity in skipped:
                continue
            for other in known:
                reason = how_alike(name, other)
                if reason is not None:
                    found.append(Likeness(entity, other, reason))
                    break
            if len(found) >= limit:
                break
        return found
