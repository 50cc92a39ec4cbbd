"""New names: runs of capitalised words a page gives that the project does not know yet.

A run counts as a name when it carries a word of its kind (University, Ziekenhuis, Network,
Stichting, ...), an acronym in brackets, or capitals inside a word (ERKNet); a name the text
gives only once without any of these is *weak* and counts only where it stands in a list with
other names. Runs are cut where they hold more than one name ("A and B", a possessor, a
board "of" its organisation), and a run that is a known name is that known entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from collabgraph.drafting.lexicon import (
    CONNECTORS,
    DEMONYMS,
    LIST_NOUNS,
    NON_NAMES,
    ROLE_WORDS,
    TITLES,
    TYPE_WORDS,
    type_of_word,
)
from collabgraph.drafting.mentions import Candidate, KnownName, Mention, group_of, of_known
from collabgraph.drafting.name_words import (
    abbreviates,
    abbreviation,
    acronym_start,
    all_places,
    dutch_kind_before_name,
    foreign_demonym,
    glued_acronym,
    head_type,
    initials,
    initials_before,
    is_acronym,
    leading_word,
    lowercase_head,
    ministry_end,
    name_token,
    romance_head,
    split_at_and,
)
from collabgraph.drafting.places import country_codes, fold, is_major_place, place_names
from collabgraph.drafting.text import Unit

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["NewNames"]

_ARTICLES = {"the", "de", "het", "la", "le", "des", "den"}
"""Articles join a name only after a preposition ("Universiteit van de Kunsten"), never
between two names ("Erasmus MC de Medical Delta")."""
_GROUP_WORDS = {"alliance", "alliantie", "network", "netwerk", "consortium", "partnership",
                "partnerschap", "collaboration", "samenwerkingsverband"}  # fmt: skip
"""Lower-case words that end a name when they follow it: "the LDE alliance"."""
_ACRONYM_IN_BRACKETS = re.compile(r"\s*\(\s*([A-Z][A-Za-z0-9&+\-/ ]{0,15}?)\s*\)")
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december", "januari", "februari", "maart",
           "mei", "juni", "juli", "augustus", "oktober"}  # fmt: skip
_BOARD_OF = re.compile(
    r"^(?:College\s+van\s+Bestuur|Raad\s+van\s+(?:Bestuur|Toezicht)|Board\s+of\s+(?:Directors"
    r"|Governors|Trustees)|(?:Executive|Supervisory|Management)\s+Board|Bestuur)\s+(?:van|of)\s+"
    r"(?:de\s+|het\s+|the\s+)?",
    re.IGNORECASE,
)
_MIXED_CASE_IN_BRACKETS = re.compile(r"\s*\(\s*([a-z][a-z]*[A-Z][A-Za-z]{0,10})\s*\)")
_EXPANSION_IN_BRACKETS = re.compile(r"\s*\(\s*([A-Z][^()]{3,80}?)\s*\)")


@dataclass
class NewNames:
    """Finds new names in a unit's tokens."""

    by_name: dict[str, KnownName]
    """Every known name, folded: a run that is one of them is that entity."""
    language: str = "en"
    page_aliases: set[str] = field(default_factory=set)
    """The names and aliases of the new names met so far on the page."""

    def find(self, doc: Doc, unit: Unit) -> list[Candidate]:
        """The new names of one unit (and runs that turn out to be known names)."""
        spans = []
        index = 0
        while index < len(doc):
            if (
                not name_token(doc[index])
                and not lowercase_head(doc, index)
                and not (self.language == "nl" and dutch_kind_before_name(doc, index))
            ):
                index += 1
                continue
            end = ministry_end(doc, index, self._name_end(doc, index))
            spans.extend(self._name_spans(doc, unit, index, end))
            index = max(end, index + 1)
        return spans

    @staticmethod
    def _name_end(doc: Doc, start: int) -> int:
        end = start + 1
        while end < len(doc):
            token = doc[end]
            if token.text in {"The", "De", "Het"} and end > start:
                break  # "EUA The European University Association": two names side by side
            if (
                name_token(token)
                or token.text == "+"
                or (token.text == "-" and token.whitespace_ == "")
                or (  # "Civil-law Notaries", not "Internist-nephrologist Prof. X"
                    token.text.islower()
                    and doc[end - 1].text == "-"
                    and doc[end - 1].whitespace_ == ""
                    and end + 1 < len(doc)
                    and name_token(doc[end + 1])
                    and fold(doc[end + 1].text).rstrip(".") not in TITLES
                    and type_of_word(fold(doc[end + 1].text)) is not None
                )
                or (
                    token.text in {"'s", "’s"}  # "St. Jude Children's Research Hospital"
                    and end + 1 < len(doc)
                    and name_token(doc[end + 1])
                )
                or (
                    fold(token.text) in CONNECTORS
                    and end + 1 < len(doc)
                    and (name_token(doc[end + 1]) or fold(doc[end + 1].text) in {"the", "de"})
                    and (
                        fold(token.text) not in _ARTICLES
                        or fold(doc[end - 1].text) in CONNECTORS
                        or romance_head(doc, start, end)
                    )
                )
                or (  # "Université Paris 1 Panthéon-Sorbonne", not "On 19 November"
                    token.like_num
                    and end + 1 < len(doc)
                    and name_token(doc[end + 1])
                    and token.text[:1] not in "0"
                    and len(token.text) <= 2
                    and not leading_word(doc[end - 1].text)
                    and fold(doc[end + 1].text) not in _MONTHS
                )
            ):
                end += 1
            else:
                break
        while end > start and (fold(doc[end - 1].text) in CONNECTORS or doc[end - 1].is_punct):
            end -= 1
        return end

    def _name_spans(self, doc: Doc, unit: Unit, start: int, end: int) -> list[Candidate]:
        while start < end and (
            fold(doc[start].text) in NON_NAMES
            or fold(doc[start].text).rstrip(".") in TITLES
            or fold(doc[start].text) in CONNECTORS
            or doc[start].text == "."
            or (leading_word(doc[start].text) and fold(doc[start].text) not in self.by_name)
            or (end - start > 1 and foreign_demonym(doc[start].text))
        ):
            start += 1
        if start >= end:
            return []
        first = doc[start]
        at_start = start == 0 or doc[start - 1].text in {"•", "-", '"', "'", "‘", "“", ":"}
        glued = end - start > 1 and doc[start + 1].text in {"-", "'s", "’s"}
        if (
            at_start
            and end - start > 1
            and not glued
            and not is_acronym(first.text)
            and type_of_word(fold(first.text)) is None
            and (fold(doc[start + 1].text) in CONNECTORS or not name_token(doc[start + 1]))
        ):
            return self._name_spans(doc, unit, start + 1, end)
        if start and fold(doc[start - 1].text).rstrip(".") in TITLES:
            rest = next(
                (
                    i
                    for i in range(start + 2, end)
                    if fold(doc[i].text) in {"van", "of", "bij", "at"}
                ),
                None,
            )  # "collegevoorzitter Henk Pijlman van de Hanze": a person, then the Hanze
            if rest is not None:
                return [
                    Candidate(x.start, x.end, x.rank, replace(x.mention, weak=False))
                    for x in self._name_spans(doc, unit, rest + 1, end)
                ]
        board = _BOARD_OF.match(
            doc.text[doc[start].idx : doc[end - 1].idx + len(doc[end - 1].text)]
        )
        if board is not None:  # "het College van Bestuur van X": X is the name
            rest = next(
                (i for i in range(start, end) if doc[i].idx - doc[start].idx >= board.end()), end
            )
            return self._name_spans(doc, unit, rest, end) if rest < end else []
        owner = self._possessor_end(doc, start, end)
        if owner is not None:
            possessor = self._new_name(doc, unit, start, owner - 1, at_start)
            own = [possessor] if possessor is not None and is_acronym(first.text) else []
            return own + self._name_spans(doc, unit, owner, end)
        parts = split_at_and(doc, start, end)
        if len(parts) > 1:
            return [s for a, b in parts for s in self._name_spans(doc, unit, a, b)]
        named = self._new_name(doc, unit, start, end, at_start)
        return [named] if named is not None else []

    def _possessor_end(self, doc: Doc, start: int, end: int) -> int | None:
        """Where a name starts after a possessor that names something else: "France's
        National Centre ..." (a place), "AU's alliance" (an acronym), but not "King's
        College", whose possessor is part of the name."""
        for index in range(start + 1, end - 1):
            if doc[index].text not in {"'s", "’s"}:
                continue
            owner = doc.text[doc[start].idx : doc[index].idx]
            folded = fold(owner)
            acronym = " " not in owner.strip() and is_acronym(owner)
            if is_major_place(folded) or folded in self.by_name or acronym:
                return index + 1
        return None

    def _new_name(
        self, doc: Doc, unit: Unit, start: int, end: int, at_start: bool
    ) -> Candidate | None:
        span = doc[start:end]
        text_end = span.end_char
        aliases: tuple[str, ...] = ()
        rest = doc.text[text_end:]
        trailing = re.match(r"\s+([a-z]+)\b", rest)
        span_words_extra: list[str] = []
        if trailing:
            word = fold(trailing.group(1))
            bracket_next = rest[trailing.end() :].lstrip().startswith("(")
            bare = doc.text[span.start_char : span.end_char]
            known_bare = fold(bare) in self.by_name or fold(bare) in self.page_aliases
            if not known_bare and (word in _GROUP_WORDS or (word in TYPE_WORDS and bracket_next)):
                text_end += trailing.end()
                rest = doc.text[text_end:]
                span_words_extra = [word]
        expansion = _EXPANSION_IN_BRACKETS.match(rest)
        expanded = 0
        if expansion and initials(expansion.group(1)) == re.sub(r"[^A-Z]", "", span[-1].text) != "":
            aliases = (expansion.group(1),)  # "KOM (Kust, Ommeland en Meetjesland)"
            expanded = expansion.end()
            rest = doc.text[text_end + expanded :]
        bracket = _ACRONYM_IN_BRACKETS.match(rest) or _MIXED_CASE_IN_BRACKETS.match(rest)
        if (
            bracket
            and initials_before(doc, end) != bracket.group(1)
            and (bracket.group(1) in country_codes() or fold(bracket.group(1)) in place_names())
        ):
            bracket = None  # "Erasmus MC (NL)": a country, not an acronym
        if bracket and abbreviation(bracket.group(1)):
            start = acronym_start(doc, start, end, bracket.group(1))
            span = doc[start:end]
            if not abbreviates(bracket.group(1), span.text):
                bracket = None  # "Erasmus Universiteit Rotterdam (UNIC)": another name
        label = doc.text[span.start_char : text_end]
        glued = glued_acronym(span)
        if glued is not None:  # "Universities Informal Liaison Offices Network UnILiON"
            label = doc.text[span.start_char : span[-2].idx + len(span[-2].text)]
            aliases = (*aliases, glued)
        text_end += expanded
        if bracket and abbreviation(bracket.group(1)) and bracket.group(1) != label:
            aliases = (bracket.group(1),)
            text_end += bracket.end()
        words = [fold(t.text) for t in span] + span_words_extra
        if all(w in TYPE_WORDS or w in CONNECTORS or w in LIST_NOUNS for w in words):
            return None
        if span[0].text.islower() and len(span) > 1 and span[1].text[:1].isupper():
            aliases = (*aliases, doc.text[span[1].idx : text_end].strip())  # "Herkenrode"
        if any(w in ROLE_WORDS for w in words) and all_places(
            " ".join(w for w in re.findall(r"[^\W\d_]+", label) if fold(w) not in ROLE_WORDS)
        ):
            return None  # "France-Coordinator": a place and a role
        entity_type = head_type(words) or (
            "ReferenceNetwork" if re.search(r"(?:^|[\s-])ERN(?:$|[\s-])", label) else None
        )
        single = end - start == 1
        acronym = is_acronym(span.text.replace(" ", ""))
        named_subject = (
            single
            and at_start
            and re.match(r"\s+(?:is|was|are|has|heeft|is een|wordt|werd)\b", doc.text[text_end:])
        )
        at_start = at_start and not named_subject
        whole_heading = unit.kind == "heading" and not doc.text[: span.start_char].strip()
        whole_heading = whole_heading and not doc.text[text_end:].strip()
        whole_heading = whole_heading or (
            unit.kind == "item"
            and not doc.text[: span.start_char].strip()
            and re.match(r"^\s*(?:$|[(,;:–-]|in\s|at\s|from\s|te\s|uit\s)", doc.text[text_end:])
            is not None
        )
        weak = (
            entity_type is None
            and not aliases
            and not whole_heading
            and ((single and not acronym and not named_subject) or (at_start and not acronym))
        )
        if single and fold(span.text) in DEMONYMS:
            return None
        if single and at_start and re.search(r"(?:ed|ing|ly)$", span.text) and not acronym:
            return None  # "Affiliated partners ...", "Building on ..."
        kind_before = (
            start > 0 and doc[start - 1].text.islower() and type_of_word(fold(doc[start - 1].text))
        )
        if weak and kind_before:
            weak, entity_type = False, type_of_word(fold(doc[start - 1].text))
        known = self.by_name.get(fold(label)) or (
            self.by_name.get(fold(aliases[0])) if aliases else None
        )
        if known is not None:
            text = doc.text[span.start_char : text_end]
            mention = of_known(known, unit.start + span.start_char, text, "known")
            return Candidate(mention.start, mention.end, 4, mention)
        mention = Mention(
            unit.start + span.start_char,
            unit.start + text_end,
            doc.text[span.start_char : text_end],
            entity_type or "Organisation",
            group_of(entity_type or "Organisation"),
            "new",
            label=label,
            aliases=aliases,
            weak=weak,
        )
        return Candidate(mention.start, mention.end, 1, mention)
