"""What words and runs of words say about names, whatever finds them.

Tests on one word ("UMC" is an acronym, "While" only starts a clause, "Imperial" can stand
for a name alone) and on a run of tokens (where a ministry's name ends, where an acronym's
name begins, whether "A and B" is two names).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from collabgraph.drafting.lexicon import (
    CONNECTORS,
    DEMONYM_COUNTRIES,
    DEMONYMS,
    DUTCH_DEMONYMS,
    NON_NAMES,
    type_of_word,
)
from collabgraph.drafting.places import fold, is_major_place, place_names
from collabgraph.drafting.text import blank_pipeline

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_ROMANCE_HEADS = re.compile(
    r"^(?:univers(?:idad|idade|ite|ita|itat|itatea)|institut[oe]?|instytut|centro|centre"
    r"|hospital|hopital|ospedale|escuela|ecole|escola|politecnico|politecnica|tecnologico"
    r"|scuola|fondazione|fundacion|academie)$"
)


def romance_head(doc: Doc, start: int, end: int) -> bool:
    """Whether a name so far has a French, Spanish, Italian or Portuguese head word, after
    which "de", "la", "des" join the name ("Universidad Complutense de Madrid") where in
    Dutch "de" would start a new phrase."""
    return any(_ROMANCE_HEADS.match(fold(t.text)) for t in doc[start:end])


def foreign_demonym(word: str) -> bool:
    """A Dutch adjective of a foreign nationality ("Canadese", "Mexicaanse"): it says where
    the next name is, and is never part of it."""
    folded = fold(word)
    country = DEMONYM_COUNTRIES.get(folded)
    return country is not None and country not in {"NL", "BE"} and folded in DUTCH_DEMONYMS


def distinctive(word: str) -> bool:
    """A word of a name that can stand for it alone: not a kind, a place, a nationality or
    a function word ("Imperial", not "University", "Utrecht" or "Royal")."""
    folded = fold(word)
    return (
        len(word) >= 4
        and word[:1].isupper()
        and not word.isupper()
        and type_of_word(folded) is None
        and not is_major_place(folded)
        and folded not in DEMONYMS
        and not leading_word(word)
        and folded not in {"royal", "free", "open", "new", "saint", "sint", "technical", "medical"}
    )


def initials_before(doc: Doc, end: int) -> str:
    """The initials of the capitalised words right before token ``end`` ("UM" before the
    brackets of "Universiteit Maastricht (UM)"), so an acronym is not taken for a country."""
    letters = []
    index = end - 1
    while index >= 0 and (doc[index].text[:1].isupper() or fold(doc[index].text) in CONNECTORS):
        if doc[index].text[:1].isupper():
            letters.append(doc[index].text[0])
        index -= 1
    return "".join(reversed(letters))[-2:]


def beside_a_number(doc: Doc, start: int, end: int) -> bool:
    """A short capitalised word right before or after a number ("EUR 12.8 million")."""
    if end - start != 1 or len(doc[start].text) > 3 or not doc[start].text.isupper():
        return False
    before = doc[start - 1] if start else None
    after = doc[end] if end < len(doc) else None
    return any(t is not None and (t.like_num or t.text[:1].isdigit()) for t in (before, after))


def leading_word(word: str) -> bool:
    """A capitalised function word ("While", "Binnen", "Over") that only starts a sentence
    or a clause before a name, in either language (pages mix them)."""
    lowered = word.lower()
    return any(lowered in blank_pipeline(language).Defaults.stop_words for language in ("en", "nl"))


def glued_acronym(span: Span) -> str | None:
    """A name's last word when it is the acronym of the words before it ("... Liaison
    Offices Network UnILiON"), written without brackets."""
    if len(span) < 3:
        return None
    last = span[-1].text
    letters = "".join(c for c in last if c.isupper())
    words = [t.text for t in span[:-1] if t.text[:1].isupper()]
    initials = "".join(w[0] for w in words)
    return last if len(letters) >= 3 and abbreviation(last) and initials.endswith(letters) else None


def abbreviates(short: str, name: str) -> bool:
    """Whether ``short`` can abbreviate ``name``: its first letter starts a word of the name
    and its other letters follow in order (Schwartz and Hearst's test), so "(UNIC)" after a
    university that has no C is a name of its own, "(LINK)" after "Limburg Invests in its
    Knowledge Economy" an acronym."""
    letters = [c for c in fold(short) if c.isalnum()]
    text = fold(name)
    if not letters or not re.search(rf"(?:^|[\s-]){re.escape(letters[0])}", text):
        return False
    position = next(m.start() for m in re.finditer(rf"(?:^|[\s-]){re.escape(letters[0])}", text))
    for letter in letters[1:]:
        position = text.find(letter, position + 1)
        if position < 0:
            return False
    return True


def initials(text: str) -> str:
    return "".join(w[0] for w in re.findall(r"[^\W\d_][\w'’-]*", text) if w[0].isupper())


def abbreviation(text: str) -> bool:
    """What a name's brackets may abbreviate it to: "LINK", "UZLeuven", "azV"."""
    word = text.replace(" ", "")
    return is_acronym(word) or (" " not in text.strip() and any(c.isupper() for c in word[1:]))


def is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    capitals = sum(1 for c in letters if c.isupper())
    return len(letters) >= 2 and capitals >= 2 and not word.isdigit()


def name_token(token: Token) -> bool:
    text = token.text
    if text[:1].isdigit():  # "4EU+", "1EUROPE": digits before capitals
        return sum(c.isupper() for c in text) >= 2
    if not text or not text[0].isalpha():
        return False
    return text[0].isupper() or is_acronym(text)


KIND_NOUNS = (
    r"alliance|alliantie|network|netwerk|consortium|association|vereniging|partnership"
    r"|partnerschap|project|programme|program|programma|initiative|initiatief|platform"
    r"|league|federation|federatie|samenwerkingsverband|cluster|coalition|coalitie"
)
"""Nouns that say what kind of group a name is ("the alliance X", "X network"), as a regular
expression alternation."""


def all_places(text: str) -> bool:
    """Whether ``text`` is only place names ("Budapest" after a university's name)."""
    return all(
        is_major_place(fold(part)) for part in re.split(r"\s*,\s*|\s+", text.strip()) if part
    )


def acronym_start(doc: Doc, start: int, end: int, acronym: str) -> int:
    """Where the name an acronym in brackets defines begins: "Limburg Invests in its
    Knowledge Economy (LINK)" although "in its" breaks the run of capitals. The acronym's
    letters are found right to left in the words before it, its first letter at the start
    of a word (Schwartz and Hearst's rule); the name may only grow to the left."""
    letters = [c for c in fold(acronym) if c.isalnum()]
    if start and doc[start - 1].text in {"in", "te"} and fold(doc[start:end].text) in place_names():
        return start  # "het Alder Ziekenhuis in Eindhoven (AZE)": the place is not in the name
    first_token = max(0, start - min(len(letters) + 5, 2 * len(letters)))
    offset = doc[first_token].idx
    text = fold(doc.text[offset : doc[end - 1].idx + len(doc[end - 1].text)])
    position = len(text) - 1
    for index in range(len(letters) - 1, -1, -1):
        while position >= 0 and (
            text[position] != letters[index]
            or (index == 0 and position > 0 and text[position - 1].isalnum())
        ):
            position -= 1
        if position < 0:
            return start
        position -= 1
    begin = offset + position + 1
    for index in range(first_token, start):
        if doc[index].idx == begin and doc[index].text[:1].isupper():
            crossed = doc[index:start]
            return start if any(t.is_punct or t.is_bracket for t in crossed) else index
    return start


_PORTFOLIO = re.compile(r",\s*[A-Z][\w-]*(?:\s*,\s*[A-Z][\w-]*)*\s+(?:and|en|&)\s+[A-Z][\w-]*")


def ministry_end(doc: Doc, start: int, end: int) -> int:
    """A ministry's name lists its portfolio: "Ministry of Health, Welfare and Sport"."""
    words = [fold(t.text) for t in doc[start : start + 2]]
    if not {"ministry", "ministerie"} & set(words) or end >= len(doc):
        return end
    found = _PORTFOLIO.match(doc.text, doc[end - 1].idx + len(doc[end - 1].text))
    if found is None:
        return end
    while end < len(doc) and doc[end].idx < found.end():
        end += 1
    return end


_HEADS_IN_LOWER_CASE = {"GovernmentBody", "University", "ResearchInstitute", "Hospital"}
_DUTCH_KINDS = {"Hospital", "Foundation", "GovernmentBody", "Network", "UniversityMedicalCentre"}
_BARE_GROUP_WORDS = {"netwerk", "network", "alliantie", "vereniging", "groep", "project"}


def dutch_kind_before_name(doc: Doc, index: int) -> bool:
    """ "het az Vesalius", "de huisartsenkring Herkenrode", "de gemeente Utrecht": in Dutch a
    kind word in lower case before a proper name is part of the organisation's name (a plain
    group word such as "netwerk" only types the name after it)."""
    word = fold(doc[index].text)
    return (
        doc[index].text.islower()
        and word not in _BARE_GROUP_WORDS
        and type_of_word(word) in _DUTCH_KINDS
        and index + 1 < len(doc)
        and doc[index].whitespace_ != ""
        and name_token(doc[index + 1])
        and fold(doc[index + 1].text) not in NON_NAMES
    )


def lowercase_head(doc: Doc, index: int) -> bool:
    """ "het ministerie van Defensie", "the ministry of Health": a kind word, lower case,
    before "of"/"van" and a capitalised word."""
    word = doc[index].text
    return (
        word.islower()
        and type_of_word(word) in _HEADS_IN_LOWER_CASE
        and index + 2 < len(doc)
        and doc[index + 1].text in {"van", "of", "voor", "for"}
        and name_token(doc[index + 2])
        and fold(doc[index + 2].text) not in NON_NAMES
    )


def split_at_and(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """ "A and B" is two names unless "and" joins words inside one ("Sciences and
    Humanities" after "for"): split where the part after "and" names a kind of its own."""
    for index in range(start + 1, end - 1):
        if fold(doc[index].text) not in {"and", "en"}:
            continue
        before = [fold(t.text) for t in doc[start:index]]
        after = [fold(t.text) for t in doc[index + 1 : end]]
        inside = any(w in {"of", "for", "van", "voor"} for w in before)
        if not inside or any(type_of_word(w) for w in after):
            return [(start, index), *split_at_and(doc, index + 1, end)]
    return [(start, end)]


def head_type(words: list[str]) -> str | None:
    """The kind a name's head word gives: the last kind word before "of"/"van", else the
    last one ("University of Toronto", "Maastricht UMC+ Staff Committee")."""
    cut = next((i for i, w in enumerate(words) if w in {"of", "for", "van", "voor"}), len(words))
    for part in (words[:cut], words):
        typed = [type_of_word(w) for w in part]
        found = [t for t in typed if t is not None]
        if found:
            return found[-1]
    return None
