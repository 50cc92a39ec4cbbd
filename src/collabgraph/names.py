"""Matching what people call an entity: one matcher for search, duplicates and "did you mean".

Names are compared after normalisation (accents, case, punctuation and spacing removed, and
common Dutch words of institution names put into English, so "Europese Commissie" meets
"European Commission"). A score from 0 to 100 says how well a query matches a name:

- 100: the same name once normalised;
- 96: an acronym of the name ("LERU" for "League of European Research Universities");
- 92: the query is the name's first words ("EIT" for "EIT Health");
- otherwise rapidfuzz's weighted ratio of the two normalised names (its plain ratio when
  one of them is a short code, so "CH" is not found inside "Utrecht").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "CLOSE",
    "Match",
    "are_first_words",
    "best_matches",
    "is_acronym",
    "normalise",
    "score",
    "suggest",
]

_DUTCH_TO_ENGLISH = {
    "academisch": "academic",
    "centrum": "centre",
    "center": "centre",
    "commissie": "commission",
    "europese": "european",
    "europees": "european",
    "gezondheid": "health",
    "gezondheidsraad": "health council",
    "hogeschool": "university of applied sciences",
    "instituut": "institute",
    "kinderziekenhuis": "children s hospital",
    "internationaal": "international",
    "internationale": "international",
    "medisch": "medical",
    "ministerie": "ministry",
    "nationaal": "national",
    "nationale": "national",
    "nederland": "netherlands",
    "nederlandse": "dutch",
    "netwerk": "network",
    "onderzoek": "research",
    "raad": "council",
    "stichting": "foundation",
    "universitair": "university",
    "universiteit": "university",
    "ziekenhuis": "hospital",
    "zorg": "care",
}
_SHORT = 4
"""Names shorter than this (codes, acronyms) are compared whole, never as a part."""
CLOSE = 4.0
"""A suggestion scores within this many points of the best one."""
_JOINING_WORDS = {"of", "the", "and", "for", "in", "van", "de", "het", "en", "voor", "der", "des"}


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """Lower case, no accents or punctuation, Dutch institution words in English."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", ascii_name.casefold()).split()
    return " ".join(_DUTCH_TO_ENGLISH.get(word, word) for word in words)


def _acronyms(normalised: str) -> set[str]:
    words = normalised.split()
    if len(words) < 2:
        return set()
    every = "".join(word[0] for word in words)
    content = "".join(word[0] for word in words if word not in _JOINING_WORDS)
    return {every, content}


def is_acronym(short: str, name: str) -> bool:
    """``short`` is made of the initials of ``name``'s words ("LERU", "League of ...")."""
    wanted = normalise(short)
    return bool(wanted) and " " not in wanted and wanted in _acronyms(normalise(name))


def are_first_words(short: str, name: str) -> bool:
    """``short`` is ``name``'s first words ("EIT" of "EIT Health")."""
    wanted = normalise(short)
    return bool(wanted) and normalise(name).startswith(wanted + " ")


def score(query: str, name: str) -> float:
    """How well ``query`` matches ``name`` (0 to 100; see the module docstring)."""
    from rapidfuzz import fuzz

    wanted, candidate = normalise(query), normalise(name)
    if not wanted or not candidate:
        return 0.0
    if wanted == candidate:
        return 100.0
    if is_acronym(query, name):
        return 96.0
    if are_first_words(query, name):
        return 92.0
    if min(len(wanted), len(candidate)) < _SHORT:
        return float(fuzz.ratio(wanted, candidate))  # codes and acronyms: no partial matches
    return float(fuzz.WRatio(wanted, candidate))


@dataclass(frozen=True)
class Match:
    key: str
    """What the match stands for (an entity id, or the name itself)."""
    name: str
    """The name that matched best."""
    score: float


def best_matches(
    query: str, names: Mapping[str, Iterable[str]], *, limit: int = 10, cutoff: float = 60.0
) -> list[Match]:
    """The keys whose names match ``query`` best: best score first, then by key."""
    found: list[Match] = []
    for key, key_names in names.items():
        best = max(((score(query, name), name) for name in key_names), default=(0.0, ""))
        if best[0] >= cutoff:
            found.append(Match(key, best[1], round(best[0], 1)))
    found.sort(key=lambda match: (-match.score, match.key))
    return found[:limit]


SUGGEST_CUTOFF = 75.0
"""The least score of a name offered as a "did you mean"."""


def suggest(name: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """Close matches for a misspelt name, best first (the "did you mean" of every message)."""
    unique = {candidate: [candidate] for candidate in candidates}
    found = best_matches(name, unique, limit=limit, cutoff=SUGGEST_CUTOFF)
    return [match.key for match in found if match.score >= found[0].score - CLOSE]
