"""What a map calls an entity, and which labels it draws first.

Registries name organisations by their legal names, often in capitals ("VYSOKE UCENI
TECHNICKE V BRNE"); a map shows the name people use: the label the project or ROR gives, and
for a name in capitals, the same words in title case ("Vysoke Uceni Technicke v Brne"). The
legal name stays in the panel.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["LABEL_TIERS", "display_name", "is_shouted", "label_tier", "title_cased"]

_PARTICLES = frozenset(
    [
        "a",
        "an",
        "and",
        "at",
        "au",
        "aux",
        "d",
        "da",
        "das",
        "de",
        "degli",
        "dei",
        "del",
        "della",
        "delle",
        "dello",
        "der",
        "des",
        "di",
        "do",
        "dos",
        "du",
        "e",
        "en",
        "et",
        "for",
        "from",
        "für",
        "i",
        "in",
        "la",
        "las",
        "le",
        "les",
        "li",
        "lo",
        "los",
        "of",
        "on",
        "or",
        "per",
        "por",
        "sur",
        "the",
        "to",
        "und",
        "van",
        "voor",
        "von",
        "y",
        "z",
        "zu",
        "zum",
        "zur",
    ]
)
"""Short words that stay lower case inside a title-cased name (several languages)."""
_LEGAL_FORMS = {
    "gmbh": "GmbH",
    "ggmbh": "gGmbH",
    "mbh": "mbH",
    "ev": "eV",
    "e.v.": "e.V.",
    "bv": "BV",
    "b.v.": "B.V.",
    "nv": "NV",
    "n.v.": "N.V.",
    "ag": "AG",
    "sa": "SA",
    "s.a.": "S.A.",
    "srl": "SRL",
    "spa": "SpA",
    "sl": "SL",
    "ltd": "Ltd",
    "plc": "PLC",
    "ab": "AB",
    "as": "AS",
    "oy": "Oy",
    "kg": "KG",
    "vzw": "VZW",
    "asbl": "ASBL",
}
"""Company forms keep their usual spelling."""
_VOWELS = frozenset("aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüý")


def is_shouted(name: str) -> bool:
    """A name written in capitals: two words or more and at least ten letters, or one word of
    at least twelve (an acronym such as "ERN RITA" or "CHARM-EU" is not)."""
    letters = [c for c in name if c.isalpha()]
    words = len(name.split())
    if not (words >= 2 and len(letters) >= 10) and not (words == 1 and len(letters) >= 12):
        return False
    return all(c.isupper() for c in letters)


def _word(word: str, first: bool) -> str:
    lower = word.lower()
    if lower in _LEGAL_FORMS:
        return _LEGAL_FORMS[lower]
    if not first and lower in _PARTICLES:
        return lower
    letters = [c for c in lower if c.isalpha()]
    if 1 < len(letters) <= 4 and not any(c in _VOWELS for c in letters):
        return word  # an acronym without vowels (KTH, CNRS) stays as it is
    if any(c.isdigit() for c in word):
        return word
    return re.sub(r"[^\W\d_]+", _capitalised, lower)


def _capitalised(match: re.Match[str]) -> str:
    """Each run of letters capitalised, except a possessive ``'s``."""
    run = match.group(0)
    if run == "s" and match.start() > 0 and match.string[match.start() - 1] in "'\u2019":
        return run
    return run[0].upper() + run[1:]


def title_cased(name: str) -> str:
    """``THE UNIVERSITY OF EDINBURGH`` -> ``The University of Edinburgh``."""
    words = name.split()
    return " ".join(_word(word, index == 0) for index, word in enumerate(words))


def display_name(node: Mapping[str, Any]) -> str:
    """The name a map shows: the entity's label (the project's or ROR's name), title-cased
    for an organisation whose label is a registry's legal name in capitals."""
    label = str(node.get("label") or node.get("iri") or "")
    if node.get("group") == "organisation" and is_shouted(label):
        return title_cased(label)
    return label


LABEL_TIERS = {
    "centre": 0,
    "network": 1,
    "organisation": 2,
    "place": 3,
    "folded": 4,
    "initiative": 5,
    "person": 6,
    "other": 7,
}
"""Which labels a map draws first: the entity the page is about, then the kinds a board asks
about (networks, partner institutions, countries), then the rest."""


def label_tier(group: str, *, centre: bool = False) -> int:
    return LABEL_TIERS["centre"] if centre else LABEL_TIERS.get(group, LABEL_TIERS["other"])
