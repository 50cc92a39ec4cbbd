"""Words that refer to a name given elsewhere on the page.

"the alliance", "het project", "this network": the last name of that kind; "It was founded
in 2001": what the sentence before opened with; "the universities of Barcelona and Dublin":
the university the page or the project knows by each word; "WUN" after "Worldwide University
Network (WUN)" and other short forms of new names met earlier (:class:`PageNames`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from collabgraph.drafting.lexicon import type_of_word
from collabgraph.drafting.mentions import Candidate, KnownName, Mention, group_of, of_known
from collabgraph.drafting.name_words import KIND_NOUNS, distinctive, name_token
from collabgraph.drafting.places import fold
from collabgraph.drafting.text import Unit

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["PageNames", "anaphors", "opening_it", "universities_of"]

_ANAPHORS = {"alliance", "alliantie", "partnership", "partnerschap", "fund", "fonds",
             "network", "netwerk", "foundation", "stichting", "initiative", "consortium",
             "programme", "program", "institute", "instituut", "project"}  # fmt: skip

_ITEM = r"(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|[IVX]+|de|del|di|do|da|la|of))*"
_UNIVERSITIES_OF = re.compile(
    rf"\b(?:universities|universiteiten)\s+(?:of\s+|van\s+)?(?P<names>{_ITEM}"
    rf"(?:\s*\([^()]{{0,40}}\))?(?:\s+in\s+[A-Z][\w-]+)?"
    rf"(?:(?:\s*,\s*|\s*,?\s+(?:and|en)\s+){_ITEM}(?:\s*\([^()]{{0,40}}\))?(?:\s+in\s+[A-Z][\w-]+)?)+)"
)
_UNIVERSITY_ITEM = re.compile(
    rf"(?:the\s+)?(?P<name>{_ITEM})(?:\s*\([^()]*\))?(?:\s+in\s+[A-Z][\w-]+)?"
)


def universities_of(
    unit: Unit,
    recent: list[Mention],
    located: dict[str, Mention],
    by_name: Mapping[str, KnownName],
    language: str,
) -> list[Candidate]:
    """ "the universities of Barcelona, Montpellier and Dublin", "the universities
    Maastricht (coordinator), Antwerp and Essex": one university each, the one the page or
    the project already knows by that word ("Heidelberg University", the university "in
    Prague"), else "University of X"."""
    spans = []
    for match in _UNIVERSITIES_OF.finditer(unit.text):
        offset = match.start("names")
        for item in _UNIVERSITY_ITEM.finditer(match.group("names")):
            word = item.group("name")
            if fold(word) in {"and", "en"} or not word[:1].isupper():
                continue
            start = unit.start + offset + item.start("name")
            mention = _university_called(word, start, recent, located, by_name, language)
            spans.append(Candidate(mention.start, mention.end, 6, mention))
    return spans


def _university_called(
    word: str,
    start: int,
    recent: list[Mention],
    located: dict[str, Mention],
    by_name: Mapping[str, KnownName],
    language: str,
) -> Mention:
    key = fold(word)
    for name in (f"{word} University", f"University of {word}", f"Universiteit {word}",
                 f"Universiteit van {word}", f"{word} Universiteit", word):  # fmt: skip
        known = by_name.get(fold(name))
        if known is not None and known.group == "organisation":
            return of_known(known, start, word, "anaphor")  # "Maastricht" names no one
    earlier = located.get(key) or next(
        (m for m in reversed(recent) if m.type == "University" and key in fold(m.label).split()),
        None,
    )
    if earlier is not None:
        return replace(earlier, start=start, end=start + len(word), text=word, kind="anaphor")
    label = f"Universiteit {word}" if language == "nl" else f"University of {word}"
    return Mention(start, start + len(word), word, "University", "organisation", "new", label=label)


def anaphors(doc: Doc, unit: Unit, recent: list[Mention], here: list[Mention]) -> list[Candidate]:
    """Definite group words ("the alliance") and what they refer to, named before them
    on the page or earlier in the same sentence."""
    spans = []
    for index, token in enumerate(doc[1:], start=1):
        word = fold(token.text)
        if (
            word not in _ANAPHORS
            or fold(doc[index - 1].text) not in {"the", "de", "het", "this", "deze", "dit"}
            or (index + 1 < len(doc) and name_token(doc[index + 1]))
        ):
            continue
        wanted = type_of_word(word)
        before = [m for m in here if m.end <= unit.start + token.idx]
        antecedent = _antecedent(word, wanted, recent + before, before)
        if antecedent is None:
            continue
        start = unit.start + token.idx
        mention = replace(antecedent, start=start, end=start + len(token.text), text=token.text)
        mention = replace(mention, kind="anaphor")
        if mention.group == "organisation" and wanted and group_of(wanted) == "network":
            mention = replace(mention, type=wanted, group="network")
        spans.append(Candidate(mention.start, mention.end, 5, mention))
    return spans


def opening_it(doc: Doc, unit: Unit, previous: Mention | None) -> list[Candidate]:
    """ "It was founded in 2001", "Its members are": a sentence that opens with "it" speaks
    of the organisation the sentence before it opened with."""
    if previous is None or not len(doc) or doc[0].text not in {"It", "Its"}:
        return []
    mention = replace(
        previous,
        start=unit.start,
        end=unit.start + len(doc[0].text),
        text=doc[0].text,
        kind="anaphor",
    )
    return [Candidate(mention.start, mention.end, 5, mention)]


def _antecedent(
    word: str, wanted: str | None, recent: list[Mention], here: list[Mention]
) -> Mention | None:
    """What "the alliance", "het project", "the consortium" refers to: the last name of
    that kind; else the last group of the same family ("the network" for a reference
    network); else, for a group word, the last name of no known kind, if it is one of the
    names of the same sentence before it ("WTZ Ost (the partners in the consortium ...)")."""
    family = group_of(wanted) if wanted else None
    tests: tuple[Callable[[Mention], bool], ...] = (
        lambda m: m.type == wanted or word in fold(m.label),
        lambda m: family in {"network", "initiative"} and m.group == family,
        lambda m: word in {"initiative", "initiatief"} and m.group in {"network", "initiative"},
    )
    for test in tests:
        found = next((m for m in reversed(recent) if test(m)), None)
        if found is not None:
            return found
    if family == "network" and here:
        return next(
            (m for m in reversed(here) if m.kind == "new" and m.type == "Organisation"), None
        )
    return None


@dataclass
class PageNames:
    """New names met earlier on the page: "WUN" after "Worldwide University Network (WUN)",
    "EASSH" after "European Alliance for Social Sciences and Humanities"."""

    by_name: dict[str, Mention] = field(default_factory=dict)
    groups: list[Mention] = field(default_factory=list)
    """Groups named so far, known or new, for "Swimway" after "the project X Swimway Y"."""

    def same(self, mention: Mention) -> Mention:
        if mention.kind == "known" and mention.group in {"network", "initiative"}:
            self.groups.append(mention)
        if mention.kind != "new":
            return mention
        earlier = (
            self.by_name.get(fold(mention.label))
            or self._by_initials(mention.label)
            or self._by_prefix(mention.label)
            or self._by_leading_words(mention.label)
            or self._by_suffix(mention)
            or self._by_word(mention)
        )
        if earlier is not None:
            return replace(earlier, start=mention.start, end=mention.end, text=mention.text)
        for name in (mention.label, *mention.aliases):
            self.by_name.setdefault(fold(name), mention)
        return mention

    def _by_leading_words(self, label: str) -> Mention | None:
        """ "HZ" after "HZ University of Applied Sciences", "Van Hall Larenstein" after "Van
        Hall Larenstein University of Applied Sciences": a name's words before its kind word,
        when only one name on the page starts so."""
        words = fold(label).split()
        found = {}
        for name, mention in self.by_name.items():
            parts = name.split()
            leading = len(parts) > len(words) and parts[: len(words)] == words
            if leading and type_of_word(parts[len(words)]) is not None:
                found[mention.key] = mention
        return next(iter(found.values())) if len(found) == 1 else None

    def _by_suffix(self, mention: Mention) -> Mention | None:
        """ "Capital Awards" after "Wellcome-Wolfson Capital Awards": the last two or more
        words of one group named before."""
        words = re.findall(r"\w+", re.sub(rf"\s+(?:{KIND_NOUNS})$", "", fold(mention.label)))
        if len(words) < 2:
            return None
        found = {
            m.key: m
            for m in [*self.groups, *self.by_name.values()]
            if m.group in {"network", "initiative"}
            and len(re.findall(r"\w+", fold(m.label))) > len(words)
            and re.findall(r"\w+", fold(m.label))[-len(words) :] == words
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def _by_word(self, mention: Mention) -> Mention | None:
        """A one-word name that is a distinctive word of a group named before ("Swimway"
        after "Waddentools Swimway Waddenzee"), when only one such group has it."""
        word = fold(mention.label)
        if " " in word or not distinctive(mention.label):
            return None
        found = {
            m.key: m
            for m in [*self.groups, *self.by_name.values()]
            if m.group in {"network", "initiative"} and word in fold(m.label).split()[1:]
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def _by_prefix(self, label: str) -> Mention | None:
        """ "Eureka Institute" after "Eureka Institute for Translational Medicine"."""
        words = fold(label).split()
        if len(words) < 2 or type_of_word(words[-1]) is None:
            return None
        for name, mention in self.by_name.items():
            parts = name.split()
            if (
                parts[: len(words)] == words
                and len(parts) > len(words) + 1
                and parts[len(words)] in {"for", "of", "voor", "van"}
            ):
                return mention
        return None

    def _by_initials(self, label: str) -> Mention | None:
        if not label.isupper() or len(label) < 3:
            return None
        for mention in self.by_name.values():
            capitals = "".join(w[0] for w in re.findall(r"[\w]+", mention.label) if w[0].isupper())
            if capitals == label:
                return mention
        return None
