"""Finding who and what a page names: known entities, places, people and new names.

- Known entities by every name the project has for them (labels, aliases, other-language
  labels, ROR names of imported records), with spaCy's PhraseMatcher on folded text:
  accents and case do not matter, except for short names and acronyms ("UM" is not "um").
- Places from :mod:`.places` (ISO countries and GeoNames cities in English and Dutch).
- People: a title ("Prof.", "dr."), a role in brackets or after a comma ("(chair of ...)",
  ", professor of ..."), or a speech verb ("says", "zegt"); later, the surname alone.
- New names: runs of capitalised words (with "of", "van", "for" inside) that carry a word
  of their kind (University, Ziekenhuis, Network, Stichting, ...), an acronym in brackets,
  or capitals inside a word (ERKNet); a name the text gives only once without any of these
  counts when it stands in a list with other names.
- "we", "our", "wij", "onze": the publisher. "the Alliance", "the Partnership": the last
  alliance or partnership named.

A new name is never merged with a known entity it only resembles; near matches are noted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import TYPE_CHECKING

from collabgraph.drafting.coreference import PageNames, anaphors, opening_it, universities_of
from collabgraph.drafting.lexicon import DEMONYMS, type_of_word
from collabgraph.drafting.mentions import AGENT_GROUPS, Candidate, KnownName, Mention, of_known
from collabgraph.drafting.name_context import (
    acronym_pairs,
    as_event,
    body_names,
    kinds_by_context,
    of_kind,
    short_forms,
    title_case,
)
from collabgraph.drafting.name_words import all_places, beside_a_number
from collabgraph.drafting.new_names import NewNames
from collabgraph.drafting.people import people_in
from collabgraph.drafting.place_mentions import places_in
from collabgraph.drafting.places import fold
from collabgraph.drafting.publisher_names import own_names, pronouns, publisher_forms
from collabgraph.drafting.text import Unit, blank_pipeline

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

__all__ = ["NameFinder"]

_SHORT_NAME = 4


@dataclass
class NameFinder:
    """Finds mentions in a page's units; built once per set of known names."""

    known: Sequence[KnownName]
    language: str = "en"
    _matchers: tuple[PhraseMatcher, PhraseMatcher] | None = field(default=None, repr=False)
    _by_pattern: dict[str, KnownName] = field(default_factory=dict, repr=False)
    _by_name: dict[str, KnownName] = field(default_factory=dict, repr=False)
    _short_forms: dict[str, KnownName] = field(default_factory=dict, repr=False)
    _own_forms: set[str] = field(default_factory=set, repr=False)
    _synonyms: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict, repr=False)
    _body_names: set[str] | None = field(default=None, repr=False)
    _new: NewNames = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._new = NewNames(self._by_name, self.language)

    def _build(self) -> tuple[PhraseMatcher, PhraseMatcher]:
        from spacy.matcher import PhraseMatcher

        nlp = blank_pipeline(self.language)
        folded = PhraseMatcher(nlp.vocab, attr="NORM")
        exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        for index, known in enumerate(self.known):
            self._by_name.setdefault(fold(known.name), known)
            key = str(index)
            self._by_pattern[key] = known
            short = len(known.name) <= _SHORT_NAME or known.name.isupper()
            doc = self._doc(known.name)
            (exact if short else folded).add(key, [doc])
        return folded, exact

    def _doc(self, text: str) -> Doc:
        doc = blank_pipeline(self.language).make_doc(text.replace("\n", " "))
        for token in doc:
            token.norm_ = fold(token.text)
        return doc

    def find(self, units: Iterable[Unit], publisher: KnownName | None) -> list[list[Mention]]:
        """The mentions of each unit, in order, overlaps resolved (the longest name wins).
        Read twice when the page says what kind of group a new name is ("the alliance X"),
        so that the kind holds from its first mention and "the alliance" can refer to it."""
        if self._matchers is None:
            self._matchers = self._build()
        units = list(units)
        self._own_forms = publisher_forms(self.known, self._by_name, units, publisher)
        self._synonyms = {}
        self._body_names = None
        found = self._find(units, publisher, {})
        kinds = kinds_by_context(units, found)
        self._synonyms = acronym_pairs(units, found)
        self._body_names = body_names(units, found)
        return self._find(units, publisher, kinds)

    def _find(
        self, units: list[Unit], publisher: KnownName | None, kinds: dict[str, str]
    ) -> list[list[Mention]]:
        people: dict[str, Mention] = {}
        recent: list[Mention] = []
        previous_subject: Mention | None = None
        located: dict[str, Mention] = {}
        """Organisations the page places in a city ("Charles University in Prague"), by the
        city, for "the universities of Prague and ..."."""
        page = PageNames()
        self._new.page_aliases = set()
        found = []
        for unit in units:
            doc = self._doc(unit.text)
            spans = self._known(doc, unit) + places_in(doc, unit)
            spans += people_in(doc, unit, people) + self._new.find(doc, unit)
            here = [
                x.mention
                for x in sorted(spans, key=lambda x: x.start)
                if x.mention.kind in {"known", "new"}
                and x.mention.group in AGENT_GROUPS
                and not x.mention.weak
            ]
            spans += pronouns(doc, unit, publisher) + anaphors(doc, unit, recent, here)
            spans += opening_it(doc, unit, previous_subject)
            spans += own_names(doc, unit, publisher, self._own_forms)
            spans += universities_of(unit, recent, located, self._by_name, self.language)
            resolved = [as_event(self._short_form(m), unit) for m in _resolve(_known_first(spans))]
            resolved = [self._canonical(m) for m in resolved]
            if self._body_names is not None and unit.kind == "heading" and title_case(unit.text):
                # a Title Case headline ("... and Network Successful") capitalises words that
                # name nothing: its new names count only where the text names them too
                resolved = [m for m in resolved if m.kind != "new" or m.key in self._body_names]
            mentions = [of_kind(page.same(of_kind(m, kinds)), kinds) for m in resolved]
            for mention in mentions:
                if mention.kind == "new":
                    self._new.page_aliases |= {fold(n) for n in (mention.label, *mention.aliases)}
                if mention.kind == "person":
                    for word in mention.label.split()[1:]:
                        if word[:1].isupper():
                            people.setdefault(word, mention)
                if mention.kind in {"known", "new"} and mention.group in AGENT_GROUPS:
                    recent.append(mention)
            found.append(mentions)
            for org, place in pairwise(mentions):
                gap = unit.text[org.end - unit.start : place.start - unit.start]
                if place.group == "place" and org.type == "University" and gap.strip() == "in":
                    located.setdefault(fold(place.text), org)
            if unit.kind == "sentence":
                previous_subject = next(
                    (m for m in mentions if m.group in {"organisation", "network", "initiative"}),
                    None,
                )
        return found

    def _canonical(self, mention: Mention) -> Mention:
        """A new name the page pairs with its acronym or expansion ("the YUFE alliance –
        Young Universities for the Future of Europe –"): one entity, the expansion its
        label and the acronym an alias."""
        found = self._synonyms.get(fold(mention.label)) if mention.kind == "new" else None
        if found is None:
            return mention
        label, aliases = found
        kind = (
            type_of_word(fold(mention.label).split()[-1])
            if mention.group != "organisation"
            else None
        )
        typed = {"type": mention.type, "group": mention.group} if kind else {}
        return replace(mention, label=label, aliases=aliases, **typed)  # type: ignore[arg-type]

    def _short_form(self, mention: Mention) -> Mention:
        """A new name that is a known name's short form: "U of T" for "University of
        Toronto", "Reference Networks" for "European Reference Networks"."""
        if mention.kind != "new":
            return mention
        if not self._short_forms:
            self._short_forms = short_forms(self.known)
        known = self._short_forms.get(fold(mention.label))
        if known is None:
            return mention
        return of_known(known, mention.start, mention.text, "known")

    def _known(self, doc: Doc, unit: Unit) -> list[Candidate]:
        assert self._matchers is not None
        spans = []
        for matcher in self._matchers:
            for match_id, start, end in matcher(doc):
                known = self._by_pattern[doc.vocab.strings[match_id]]
                span = doc[start:end]
                if beside_a_number(doc, start, end):
                    continue  # "EUR 12.8 million": a currency, not an acronym
                mention = of_known(known, unit.start + span.start_char, span.text, "known")
                spans.append(Candidate(mention.start, mention.end, 4, mention))
        return spans


def _known_first(spans: list[Candidate]) -> list[Candidate]:
    """A new name that contains a known one counts only if the rest names a kind
    ("Maastricht UMC+ Staff Committee"), not for "UMC Utrecht-onderzoeker"."""
    known = [s for s in spans if s.mention.kind == "known"]
    kept = []
    for span in spans:
        inside = [
            k
            for k in known
            if span.mention.kind == "new" and k.start < span.end and span.start < k.end
        ]
        if inside:
            text = span.mention.text
            rest = text[: inside[0].start - span.start] + " " + text[inside[-1].end - span.start :]
            words = re.findall(r"[\w]+", fold(rest))
            if not any(type_of_word(w) for w in words) and not _qualified(text, span, inside):
                if inside[0].start == span.start and words and all_places(rest):
                    whole = replace(inside[0].mention, end=span.end, text=text)
                    kept.append(Candidate(span.start, span.end, 4, whole))
                continue
        kept.append(span)
    return kept


def _qualified(text: str, span: Candidate, inside: list[Candidate]) -> bool:
    """A known name with capitalised words before it that make another name: "Technical
    University of Munich" is not "University of Munich" (places and nationalities do not
    count: "Dutch UMC Utrecht", "Utrecht UMC Utrecht")."""
    left = text[: inside[0].start - span.start]
    right = re.sub(r"\([^)]*\)", " ", text[inside[-1].end - span.start :])
    words = re.findall(r"[\w'’-]+", left)
    return (
        bool(words)
        and not re.findall(r"\w+", right)
        and all(w[:1].isupper() and fold(w) not in DEMONYMS for w in words)
        and not all_places(left)
    )


def _resolve(spans: list[Candidate]) -> list[Mention]:
    """Keep the longest of overlapping mentions; of equal length, the better kind."""
    chosen: list[Candidate] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), -s.rank, s.start)):
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return [s.mention for s in sorted(chosen, key=lambda s: s.start)]
