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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import TYPE_CHECKING

from collabgraph.drafting.lexicon import (
    CONNECTORS,
    DEMONYM_COUNTRIES,
    DEMONYMS,
    DUTCH_DEMONYMS,
    LIST_NOUNS,
    NON_NAMES,
    PRONOUNS,
    ROLE_WORDS,
    TITLES,
    TYPE_WORDS,
    type_of_word,
)
from collabgraph.drafting.places import Place, country_codes, fold, is_major_place, place_names
from collabgraph.drafting.text import Unit, blank_pipeline

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc, Span, Token

__all__ = ["KnownName", "Mention", "NameFinder"]

_ARTICLES = {"the", "de", "het", "la", "le", "des", "den"}
"""Articles join a name only after a preposition ("Universiteit van de Kunsten"), never
between two names ("Erasmus MC de Medical Delta")."""
_GROUP_WORDS = {"alliance", "alliantie", "network", "netwerk", "consortium", "partnership",
                "partnerschap", "collaboration", "samenwerkingsverband"}  # fmt: skip
"""Lower-case words that end a name when they follow it: "the LDE alliance"."""
_HEADS_IN_LOWER_CASE = {"GovernmentBody", "University", "ResearchInstitute", "Hospital"}
_AGENT_GROUPS = {"organisation", "network", "initiative", "person"}
_SHORT_NAME = 4
_SPEECH = {"says", "said", "zegt", "zei", "aldus", "according", "volgens", "explains", "legt"}
_PARTICLES = {"van", "de", "der", "den", "ter", "ten", "von", "la", "le", "du", "da", "di"}
_ACRONYM_IN_BRACKETS = re.compile(r"\s*\(\s*([A-Z][A-Za-z0-9&+\-/ ]{0,15}?)\s*\)")
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december", "januari", "februari", "maart",
           "mei", "juni", "juli", "augustus", "oktober"}  # fmt: skip
_TITLE_ENDINGS = ("directeur", "voorzitter", "coordinator", "projectleider")
"""Dutch compound titles: "valorisatiedirecteur", "bestuursvoorzitter"."""
_LOCATIVES = {"in", "te", "at", "op", "from", "uit", "near", "bij", "(", "aan"}
"""Words after which a small town's name is a place: "in Veldhoven", "(Veldhoven)"."""
_ANAPHORS = {"alliance", "alliantie", "partnership", "partnerschap", "fund", "fonds",
             "network", "netwerk", "foundation", "stichting", "initiative", "consortium",
             "programme", "program", "institute", "instituut", "project"}  # fmt: skip


@dataclass(frozen=True)
class KnownName:
    """One name of an entity the project knows."""

    name: str
    entity: str
    type: str
    group: str


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    """The page's wording."""
    type: str
    group: str
    kind: str
    """'known', 'place', 'person', 'new', 'publisher' or 'anaphor'."""
    entity: str | None = None
    """The known entity's id, or None for a new name (see :attr:`label`)."""
    label: str = ""
    aliases: tuple[str, ...] = ()
    weak: bool = False
    """A single capitalised word with no other sign of being a name: used only in lists."""
    place: Place | None = None

    @property
    def key(self) -> str:
        """Who this is: the entity id, or the folded label of a new name."""
        return self.entity or "new:" + fold(self.label)

    @property
    def is_agent(self) -> bool:
        return self.group in _AGENT_GROUPS


def _of_known(known: KnownName, start: int, text: str, kind: str) -> Mention:
    """A mention of a known entity (or of the publisher) at ``start`` in the page."""
    return Mention(
        start,
        start + len(text),
        text,
        known.type,
        known.group,
        kind,
        entity=known.entity,
        label=known.name,
    )


@dataclass
class _Span:
    start: int
    end: int
    rank: int
    mention: Mention


def group_of(entity_type: str) -> str:
    from collabgraph.vocabulary import ENTITY_TYPES

    return ENTITY_TYPES[entity_type].group


_ROMANCE_HEADS = re.compile(
    r"^(?:univers(?:idad|idade|ite|ita|itat|itatea)|institut[oe]?|instytut|centro|centre"
    r"|hospital|hopital|ospedale|escuela|ecole|escola|politecnico|politecnica|tecnologico"
    r"|scuola|fondazione|fundacion|academie)$"
)


def _romance_head(doc: Doc, start: int, end: int) -> bool:
    """Whether a name so far has a French, Spanish, Italian or Portuguese head word, after
    which "de", "la", "des" join the name ("Universidad Complutense de Madrid") where in
    Dutch "de" would start a new phrase."""
    return any(_ROMANCE_HEADS.match(fold(t.text)) for t in doc[start:end])


_BOARD_OF = re.compile(
    r"^(?:College\s+van\s+Bestuur|Raad\s+van\s+(?:Bestuur|Toezicht)|Board\s+of\s+(?:Directors"
    r"|Governors|Trustees)|(?:Executive|Supervisory|Management)\s+Board|Bestuur)\s+(?:van|of)\s+"
    r"(?:de\s+|het\s+|the\s+)?",
    re.IGNORECASE,
)


def _foreign_demonym(word: str) -> bool:
    """A Dutch adjective of a foreign nationality ("Canadese", "Mexicaanse"): it says where
    the next name is, and is never part of it."""
    folded = fold(word)
    country = DEMONYM_COUNTRIES.get(folded)
    return country is not None and country not in {"NL", "BE"} and folded in DUTCH_DEMONYMS


def _distinctive(word: str) -> bool:
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
        and not _leading_word(word)
        and folded not in {"royal", "free", "open", "new", "saint", "sint", "technical", "medical"}
    )


def _initials_before(doc: Doc, end: int) -> str:
    """The initials of the capitalised words right before token ``end`` ("UM" before the
    brackets of "Universiteit Maastricht (UM)"), so an acronym is not taken for a country."""
    letters = []
    index = end - 1
    while index >= 0 and (doc[index].text[:1].isupper() or fold(doc[index].text) in CONNECTORS):
        if doc[index].text[:1].isupper():
            letters.append(doc[index].text[0])
        index -= 1
    return "".join(reversed(letters))[-2:]


def _beside_a_number(doc: Doc, start: int, end: int) -> bool:
    """A short capitalised word right before or after a number ("EUR 12.8 million")."""
    if end - start != 1 or len(doc[start].text) > 3 or not doc[start].text.isupper():
        return False
    before = doc[start - 1] if start else None
    after = doc[end] if end < len(doc) else None
    return any(t is not None and (t.like_num or t.text[:1].isdigit()) for t in (before, after))


def _leading_word(word: str) -> bool:
    """A capitalised function word ("While", "Binnen", "Over") that only starts a sentence
    or a clause before a name, in either language (pages mix them)."""
    lowered = word.lower()
    return any(lowered in blank_pipeline(language).Defaults.stop_words for language in ("en", "nl"))


_MIXED_CASE_IN_BRACKETS = re.compile(r"\s*\(\s*([a-z][a-z]*[A-Z][A-Za-z]{0,10})\s*\)")


_EXPANSION_IN_BRACKETS = re.compile(r"\s*\(\s*([A-Z][^()]{3,80}?)\s*\)")


def _glued_acronym(span: Span) -> str | None:
    """A name's last word when it is the acronym of the words before it ("... Liaison
    Offices Network UnILiON"), written without brackets."""
    if len(span) < 3:
        return None
    last = span[-1].text
    letters = "".join(c for c in last if c.isupper())
    words = [t.text for t in span[:-1] if t.text[:1].isupper()]
    initials = "".join(w[0] for w in words)
    return (
        last if len(letters) >= 3 and _abbreviation(last) and initials.endswith(letters) else None
    )


def _abbreviates(short: str, name: str) -> bool:
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


def _initials(text: str) -> str:
    return "".join(w[0] for w in re.findall(r"[^\W\d_][\w'’-]*", text) if w[0].isupper())


def _abbreviation(text: str) -> bool:
    """What a name's brackets may abbreviate it to: "LINK", "UZLeuven", "azV"."""
    word = text.replace(" ", "")
    return _is_acronym(word) or (" " not in text.strip() and any(c.isupper() for c in word[1:]))


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    capitals = sum(1 for c in letters if c.isupper())
    return len(letters) >= 2 and capitals >= 2 and not word.isdigit()


def _name_token(token: Token) -> bool:
    text = token.text
    if text[:1].isdigit():  # "4EU+", "1EUROPE": digits before capitals
        return sum(c.isupper() for c in text) >= 2
    if not text or not text[0].isalpha():
        return False
    return text[0].isupper() or _is_acronym(text)


@dataclass
class NameFinder:
    """Finds mentions in a page's units; built once per set of known names."""

    known: Sequence[KnownName]
    language: str = "en"
    _matchers: tuple[PhraseMatcher, PhraseMatcher] | None = field(default=None, repr=False)
    _by_pattern: dict[str, KnownName] = field(default_factory=dict, repr=False)
    _by_name: dict[str, KnownName] = field(default_factory=dict, repr=False)
    _short_forms: dict[str, KnownName] = field(default_factory=dict, repr=False)
    _page_aliases: set[str] = field(default_factory=set, repr=False)
    _own_forms: set[str] = field(default_factory=set, repr=False)
    _synonyms: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict, repr=False)
    _body_names: set[str] | None = field(default=None, repr=False)

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
        self._own_forms = self._publisher_forms(units, publisher)
        self._synonyms = {}
        self._body_names = None
        found = self._find(units, publisher, {})
        kinds = _kinds_by_context(units, found)
        self._synonyms = _acronym_pairs(units, found)
        self._body_names = _body_names(units, found)
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
        page = _PageNames()
        self._page_aliases = set()
        found = []
        for unit in units:
            doc = self._doc(unit.text)
            spans = self._known(doc, unit) + self._places(doc, unit)
            spans += self._people(doc, unit, people) + self._new_names(doc, unit)
            here = [
                x.mention
                for x in sorted(spans, key=lambda x: x.start)
                if x.mention.kind in {"known", "new"}
                and x.mention.group in _AGENT_GROUPS
                and not x.mention.weak
            ]
            spans += self._pronouns(doc, unit, publisher) + self._anaphors(doc, unit, recent, here)
            spans += _it(doc, unit, previous_subject)
            spans += self._own_names(doc, unit, publisher)
            spans += self._universities_of(unit, recent, located)
            resolved = [_as_event(self._short_form(m), unit) for m in _resolve(_known_first(spans))]
            resolved = [self._canonical(m) for m in resolved]
            if self._body_names is not None and unit.kind == "heading" and _title_case(unit.text):
                # a Title Case headline ("... and Network Successful") capitalises words that
                # name nothing: its new names count only where the text names them too
                resolved = [m for m in resolved if m.kind != "new" or m.key in self._body_names]
            mentions = [_of_kind(page.same(_of_kind(m, kinds)), kinds) for m in resolved]
            for mention in mentions:
                if mention.kind == "new":
                    self._page_aliases |= {fold(n) for n in (mention.label, *mention.aliases)}
                if mention.kind == "person":
                    for word in mention.label.split()[1:]:
                        if word[:1].isupper():
                            people.setdefault(word, mention)
                if mention.kind in {"known", "new"} and mention.group in _AGENT_GROUPS:
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

    def _universities_of(
        self, unit: Unit, recent: list[Mention], located: dict[str, Mention]
    ) -> list[_Span]:
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
                mention = self._university_called(word, start, recent, located)
                spans.append(_Span(mention.start, mention.end, 6, mention))
        return spans

    def _university_called(
        self, word: str, start: int, recent: list[Mention], located: dict[str, Mention]
    ) -> Mention:
        key = fold(word)
        for name in (f"{word} University", f"University of {word}", f"Universiteit {word}",
                     f"Universiteit van {word}", f"{word} Universiteit", word):  # fmt: skip
            known = self._by_name.get(fold(name))
            if known is not None and known.group == "organisation":
                return _of_known(known, start, word, "anaphor")  # "Maastricht" names no one
        earlier = located.get(key) or next(
            (
                m
                for m in reversed(recent)
                if m.type == "University" and key in fold(m.label).split()
            ),
            None,
        )
        if earlier is not None:
            return replace(earlier, start=start, end=start + len(word), text=word, kind="anaphor")
        label = f"Universiteit {word}" if self.language == "nl" else f"University of {word}"
        return Mention(
            start, start + len(word), word, "University", "organisation", "new", label=label
        )

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
        return _of_known(known, mention.start, mention.text, "known")

    def _known(self, doc: Doc, unit: Unit) -> list[_Span]:
        assert self._matchers is not None
        spans = []
        for matcher in self._matchers:
            for match_id, start, end in matcher(doc):
                known = self._by_pattern[doc.vocab.strings[match_id]]
                span = doc[start:end]
                if _beside_a_number(doc, start, end):
                    continue  # "EUR 12.8 million": a currency, not an acronym
                mention = _of_known(known, unit.start + span.start_char, span.text, "known")
                spans.append(_Span(mention.start, mention.end, 4, mention))
        return spans

    def _places(self, doc: Doc, unit: Unit) -> list[_Span]:
        names = place_names()
        spans = []
        for start in range(1, len(doc) - 1):
            code = country_codes().get(doc[start].text)
            if (
                code is not None
                and doc[start - 1].text == "("
                and doc[start + 1].text == ")"
                and _initials_before(doc, start - 1) != doc[start].text
            ):
                mention = Mention(
                    unit.start + doc[start].idx,
                    unit.start + doc[start].idx + 2,
                    doc[start].text,
                    "Country",
                    "place",
                    "place",
                    entity=f"country:{code.code}",
                    label=code.name,
                    aliases=(doc[start].text,),
                    place=code,
                )
                spans.append(_Span(mention.start, mention.end, 2, mention))
        for start in range(len(doc)):
            if not doc[start].text[:1].isupper():
                continue
            for end in range(min(len(doc), start + 4), start + doc[start].is_stop, -1):
                span = doc[start:end]  # "Den Helder", never "Den" alone
                place = names.get(fold(span.text))
                if place is None or not span[-1].text[:1].isalpha():
                    continue
                if place.minor and not (start and fold(doc[start - 1].text) in _LOCATIVES):
                    continue
                if place.minor and span.text.isupper():
                    continue  # "(ORION)": an acronym, not the town
                entity = f"country:{place.code}" if place.kind == "Country" else None
                mention = Mention(
                    unit.start + span.start_char,
                    unit.start + span.end_char,
                    span.text,
                    place.kind,
                    "place",
                    "place",
                    entity=entity,
                    label=place.name,
                    aliases=(span.text,) if span.text != place.name else (),
                    place=place,
                )
                spans.append(_Span(mention.start, mention.end, 2, mention))
                break
        return spans

    def _people(self, doc: Doc, unit: Unit, people: dict[str, Mention]) -> list[_Span]:
        spans = []
        index = 0
        while index < len(doc):
            name = self._person_at(doc, index)
            if name is None:
                surname = people.get(doc[index].text)
                if surname is not None and doc[index].text[:1].isupper():
                    token = doc[index]
                    start = unit.start + token.idx
                    mention = replace(
                        surname, start=start, end=start + len(token.text), text=token.text
                    )
                    spans.append(_Span(mention.start, mention.end, 3, mention))
                index += 1
                continue
            first, last = name
            span = doc[first:last]
            mention = Mention(
                unit.start + span.start_char,
                unit.start + span.end_char,
                span.text,
                "Person",
                "person",
                "person",
                label=span.text,
            )
            spans.append(_Span(mention.start, mention.end, 3, mention))
            index = last
        return spans

    def _person_at(self, doc: Doc, index: int) -> tuple[int, int] | None:
        """A person's name starting at or after a title at ``index``: (first, end) tokens."""
        token = doc[index]
        titled = (
            fold(token.text) in TITLES
            or fold(token.text).rstrip(".") in TITLES
            or fold(token.text).endswith(_TITLE_ENDINGS)
        )
        start = index
        if titled:
            start = index + 1
            while start < len(doc) and (fold(doc[start].text) in TITLES or doc[start].text == "."):
                start += 1
        elif index and fold(doc[index - 1].text) in _SPEECH:
            pass
        elif not (token.text[:1].isupper() and token.is_alpha):
            return None
        end = start
        words = 0
        while end < len(doc) and words < 4:
            text = doc[end].text
            if text[:1].isupper() and not doc[end].is_punct and not _is_acronym(text):
                if fold(text) in TYPE_WORDS or (words == 0 and fold(text) in NON_NAMES):
                    break
                words += 1
                end += 1
                while end < len(doc) and doc[end - 1].whitespace_ == "" and not doc[end].is_punct:
                    end += 1  # one word the tokenizer split ("Gr├╝nberg", as published)
            elif text in _PARTICLES and words <= 1:  # "Jan van der Berg", not "X Y van de Z"
                after = end
                while after < len(doc) and doc[after].text in _PARTICLES:
                    after += 1
                if after >= len(doc) or not doc[after].text[:1].isupper():
                    break
                end = after
            else:
                break
        while end > start and doc[end - 1].text in _PARTICLES:
            end -= 1
        if words == 0 or (words < 2 and not titled):
            return None
        if titled or (index and fold(doc[index - 1].text) in _SPEECH):
            return start, end
        return (start, end) if self._role_follows(doc, end) else None

    @staticmethod
    def _role_follows(doc: Doc, end: int) -> bool:
        """After a name: "(chair of ...)", ", professor of ...", "says"."""
        if end >= len(doc):
            return False
        after = [fold(t.text) for t in doc[end : end + 4]]
        if after[0] in _SPEECH:
            return True
        if after[0] in {"(", ","} and len(after) > 1:
            word = after[1]
            return word in ROLE_WORDS or word in TITLES or word in {"professor", "hoogleraar"}
        return False

    def _new_names(self, doc: Doc, unit: Unit) -> list[_Span]:
        spans = []
        index = 0
        while index < len(doc):
            if (
                not _name_token(doc[index])
                and not _lowercase_head(doc, index)
                and not (self.language == "nl" and _dutch_kind_before_name(doc, index))
            ):
                index += 1
                continue
            end = _ministry_end(doc, index, self._name_end(doc, index))
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
                _name_token(token)
                or token.text == "+"
                or (token.text == "-" and token.whitespace_ == "")
                or (  # "Civil-law Notaries", not "Internist-nephrologist Prof. X"
                    token.text.islower()
                    and doc[end - 1].text == "-"
                    and doc[end - 1].whitespace_ == ""
                    and end + 1 < len(doc)
                    and _name_token(doc[end + 1])
                    and fold(doc[end + 1].text).rstrip(".") not in TITLES
                    and type_of_word(fold(doc[end + 1].text)) is not None
                )
                or (
                    token.text in {"'s", "’s"}  # "St. Jude Children's Research Hospital"
                    and end + 1 < len(doc)
                    and _name_token(doc[end + 1])
                )
                or (
                    fold(token.text) in CONNECTORS
                    and end + 1 < len(doc)
                    and (_name_token(doc[end + 1]) or fold(doc[end + 1].text) in {"the", "de"})
                    and (
                        fold(token.text) not in _ARTICLES
                        or fold(doc[end - 1].text) in CONNECTORS
                        or _romance_head(doc, start, end)
                    )
                )
                or (  # "Université Paris 1 Panthéon-Sorbonne", not "On 19 November"
                    token.like_num
                    and end + 1 < len(doc)
                    and _name_token(doc[end + 1])
                    and token.text[:1] not in "0"
                    and len(token.text) <= 2
                    and not _leading_word(doc[end - 1].text)
                    and fold(doc[end + 1].text) not in _MONTHS
                )
            ):
                end += 1
            else:
                break
        while end > start and (fold(doc[end - 1].text) in CONNECTORS or doc[end - 1].is_punct):
            end -= 1
        return end

    def _name_spans(self, doc: Doc, unit: Unit, start: int, end: int) -> list[_Span]:
        while start < end and (
            fold(doc[start].text) in NON_NAMES
            or fold(doc[start].text).rstrip(".") in TITLES
            or fold(doc[start].text) in CONNECTORS
            or doc[start].text == "."
            or (_leading_word(doc[start].text) and fold(doc[start].text) not in self._by_name)
            or (end - start > 1 and _foreign_demonym(doc[start].text))
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
            and not _is_acronym(first.text)
            and type_of_word(fold(first.text)) is None
            and (fold(doc[start + 1].text) in CONNECTORS or not _name_token(doc[start + 1]))
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
                    _Span(x.start, x.end, x.rank, replace(x.mention, weak=False))
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
            own = [possessor] if possessor is not None and _is_acronym(first.text) else []
            return own + self._name_spans(doc, unit, owner, end)
        parts = _split_at_and(doc, start, end)
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
            acronym = " " not in owner.strip() and _is_acronym(owner)
            if is_major_place(folded) or folded in self._by_name or acronym:
                return index + 1
        return None

    def _new_name(self, doc: Doc, unit: Unit, start: int, end: int, at_start: bool) -> _Span | None:
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
            known_bare = fold(bare) in self._by_name or fold(bare) in self._page_aliases
            if not known_bare and (word in _GROUP_WORDS or (word in TYPE_WORDS and bracket_next)):
                text_end += trailing.end()
                rest = doc.text[text_end:]
                span_words_extra = [word]
        expansion = _EXPANSION_IN_BRACKETS.match(rest)
        expanded = 0
        if (
            expansion
            and _initials(expansion.group(1)) == re.sub(r"[^A-Z]", "", span[-1].text) != ""
        ):
            aliases = (expansion.group(1),)  # "KOM (Kust, Ommeland en Meetjesland)"
            expanded = expansion.end()
            rest = doc.text[text_end + expanded :]
        bracket = _ACRONYM_IN_BRACKETS.match(rest) or _MIXED_CASE_IN_BRACKETS.match(rest)
        if (
            bracket
            and _initials_before(doc, end) != bracket.group(1)
            and (bracket.group(1) in country_codes() or fold(bracket.group(1)) in place_names())
        ):
            bracket = None  # "Erasmus MC (NL)": a country, not an acronym
        if bracket and _abbreviation(bracket.group(1)):
            start = _acronym_start(doc, start, end, bracket.group(1))
            span = doc[start:end]
            if not _abbreviates(bracket.group(1), span.text):
                bracket = None  # "Erasmus Universiteit Rotterdam (UNIC)": another name
        label = doc.text[span.start_char : text_end]
        glued = _glued_acronym(span)
        if glued is not None:  # "Universities Informal Liaison Offices Network UnILiON"
            label = doc.text[span.start_char : span[-2].idx + len(span[-2].text)]
            aliases = (*aliases, glued)
        text_end += expanded
        if bracket and _abbreviation(bracket.group(1)) and bracket.group(1) != label:
            aliases = (bracket.group(1),)
            text_end += bracket.end()
        words = [fold(t.text) for t in span] + span_words_extra
        if all(w in TYPE_WORDS or w in CONNECTORS or w in LIST_NOUNS for w in words):
            return None
        if span[0].text.islower() and len(span) > 1 and span[1].text[:1].isupper():
            aliases = (*aliases, doc.text[span[1].idx : text_end].strip())  # "Herkenrode"
        if any(w in ROLE_WORDS for w in words) and _all_places(
            " ".join(w for w in re.findall(r"[^\W\d_]+", label) if fold(w) not in ROLE_WORDS)
        ):
            return None  # "France-Coordinator": a place and a role
        entity_type = _head_type(words) or (
            "ReferenceNetwork" if re.search(r"(?:^|[\s-])ERN(?:$|[\s-])", label) else None
        )
        single = end - start == 1
        acronym = _is_acronym(span.text.replace(" ", ""))
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
        known = self._by_name.get(fold(label)) or (
            self._by_name.get(fold(aliases[0])) if aliases else None
        )
        if known is not None:
            text = doc.text[span.start_char : text_end]
            mention = _of_known(known, unit.start + span.start_char, text, "known")
            return _Span(mention.start, mention.end, 4, mention)
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
        return _Span(mention.start, mention.end, 1, mention)

    def _publisher_forms(self, units: list[Unit], publisher: KnownName | None) -> set[str]:
        """The short forms by which a page names its publisher: the initials of any of its
        names ("AU" for Aarhus University) and a distinctive first word the page uses on its
        own in mid-sentence ("Imperial" for Imperial College London). Its full names, in
        every language, are known names already."""
        if publisher is None:
            return set()
        names = {k.name for k in self.known if k.entity == publisher.entity} | {publisher.name}
        records = {k.entity for k in self.known if k.entity.startswith("ror:") and k.name in names}
        names |= {k.name for k in self.known if k.entity in records}
        text = " ".join(u.text for u in units)
        forms = set()
        for name in names:
            words = [w for w in re.findall(r"[\w'’+-]+", name) if fold(w) not in CONNECTORS]
            if len(words) < 2:
                continue
            initials = "".join(w[0] for w in words if w[:1].isupper())
            if len(initials) == len(words):
                forms.add(initials)
                if is_major_place(fold(words[-1])) and len(words) > 2:
                    forms.add(initials[:-1])  # "VU" for Vrije Universiteit Amsterdam
            kind, place = fold(words[0]), words[-1]
            if (
                len(words) == 2
                and type_of_word(kind) == "University"
                and is_major_place(fold(place))
            ):
                forms.add("U" + place)  # "UAntwerpen" for Universiteit Antwerpen
            for word in words:  # "Imperial", "the Crick", "Northfield works with"
                if _distinctive(word) and re.search(
                    rf"(?:^|[a-z,.;:]\s+){re.escape(word)}(?![\w'’-])(?!\s+[A-Z])", text
                ):
                    forms.add(word)
        return {f for f in forms if fold(f) not in self._by_name}

    def _own_names(self, doc: Doc, unit: Unit, publisher: KnownName | None) -> list[_Span]:
        """The publisher's short forms, and "the university", "de universiteit", "the
        hospital" on a page whose publisher is of that kind."""
        if publisher is None:
            return []
        spans = []
        for index, token in enumerate(doc):
            if token.text in self._own_forms:
                mention = _of_known(publisher, unit.start + token.idx, token.text, "known")
                spans.append(_Span(mention.start, mention.end, 4, mention))
            elif (
                index
                and fold(doc[index - 1].text) in {"the", "de", "het"}
                and type_of_word(fold(token.text)) == publisher.type
                and publisher.type in {"University", "Hospital", "UniversityMedicalCentre"}
                and not (
                    index + 1 < len(doc)
                    and (_name_token(doc[index + 1]) or doc[index + 1].text in {"of", "van"})
                )
            ):
                start = unit.start + doc[index - 1].idx
                text = doc.text[doc[index - 1].idx : token.idx + len(token.text)]
                mention = _of_known(publisher, start, text, "anaphor")
                spans.append(_Span(mention.start, mention.end, 3, mention))
        return spans

    @staticmethod
    def _pronouns(doc: Doc, unit: Unit, publisher: KnownName | None) -> list[_Span]:
        if publisher is None:
            return []
        spans = []
        for token in doc:
            if token.text.lower() in PRONOUNS and token.text.lower() != "us":
                mention = _of_known(publisher, unit.start + token.idx, token.text, "publisher")
                spans.append(_Span(mention.start, mention.end, 0, mention))
        return spans

    @staticmethod
    def _anaphors(doc: Doc, unit: Unit, recent: list[Mention], here: list[Mention]) -> list[_Span]:
        """Definite group words ("the alliance") and what they refer to, named before them
        on the page or earlier in the same sentence."""
        spans = []
        for index, token in enumerate(doc[1:], start=1):
            word = fold(token.text)
            if (
                word not in _ANAPHORS
                or fold(doc[index - 1].text) not in {"the", "de", "het", "this", "deze", "dit"}
                or (index + 1 < len(doc) and _name_token(doc[index + 1]))
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
            spans.append(_Span(mention.start, mention.end, 5, mention))
        return spans


def _it(doc: Doc, unit: Unit, previous: Mention | None) -> list[_Span]:
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
    return [_Span(mention.start, mention.end, 5, mention)]


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
class _PageNames:
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
        words = re.findall(r"\w+", re.sub(rf"\s+(?:{_KIND_NOUNS})$", "", fold(mention.label)))
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
        if " " in word or not _distinctive(mention.label):
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


_KIND_NOUNS = (
    r"alliance|alliantie|network|netwerk|consortium|association|vereniging|partnership"
    r"|partnerschap|project|programme|program|programma|initiative|initiatief|platform"
    r"|league|federation|federatie|samenwerkingsverband|cluster|coalition|coalitie"
)
_KIND_BEFORE = re.compile(rf"(?:^|[\s(])({_KIND_NOUNS})\s+(?:the\s+|de\s+|het\s+)?$")
_KIND_AFTER = re.compile(rf"^\s+(?:[a-z][\w-]*\s+){{0,2}}?({_KIND_NOUNS})\b")
_KIND_PREDICATE = re.compile(
    rf"^\s*(?:\([^)]*\)\s*)?,?\s*(?:is|was|wordt|werd)\s+(?:a|an|the|een|de|het)\s+"
    rf"(?:[\w+-]+\s+){{0,6}}?({_KIND_NOUNS})\b"
)


def _title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _body_names(units: list[Unit], found: list[list[Mention]]) -> set[str] | None:
    """The names the page's text (not its Title Case headlines) gives."""
    return {
        m.key
        for unit, mentions in zip(units, found, strict=True)
        if not (unit.kind == "heading" and _title_case(unit.text))
        for m in mentions
    }


_PAIRED = re.compile(r"^\s*(?:[–—]|-\s|\(|,\s*(?:or|also\s+known\s+as|ook\s+wel|oftewel)\s+)\s*$")


def _acronym_pairs(
    units: list[Unit], found: list[list[Mention]]
) -> dict[str, tuple[str, tuple[str, ...]]]:
    """New names the page writes side by side as acronym and expansion ("YUFE –
    Young Universities for the Future of Europe", "EUt+ (European University of
    Technology)"), each to the expansion and its other names."""
    pairs: dict[str, tuple[str, tuple[str, ...]]] = {}
    for unit, mentions in zip(units, found, strict=True):
        for first, second in pairwise(mentions):
            if first.kind != "new" or second.kind != "new":
                continue
            if not _PAIRED.match(unit.text[first.end - unit.start : second.start - unit.start]):
                continue
            for short, full in ((first, second), (second, first)):
                bare = re.sub(rf"\s+(?:{_KIND_NOUNS})$", "", short.label, flags=re.IGNORECASE)
                letters = re.sub(r"[^A-Za-z]", "", bare)
                initials = "".join(
                    w[0] for w in re.findall(r"[\w'’-]+", full.label) if w[:1].isupper()
                )
                if _is_acronym(bare) and len(letters) >= 2 and letters.upper() == initials.upper():
                    names = tuple(dict.fromkeys(n for n in (short.label, bare) if n != full.label))
                    pairs[fold(short.label)] = pairs[fold(full.label)] = (full.label, names)
        for owner, place, short in zip(mentions, mentions[1:], mentions[2:], strict=False):
            if _placed_acronym(unit, owner, place, short):
                pairs[fold(short.label)] = pairs[fold(owner.label)] = (owner.label, (short.label,))
    return pairs


def _placed_acronym(unit: Unit, owner: Mention, place: Mention, short: Mention) -> bool:
    """ "het Alder Ziekenhuis in Eindhoven (AZE)": the acronym's letters are the name's and
    the place's initials, so AZE elsewhere on the page is the Alder Ziekenhuis."""
    if owner.kind != "new" or place.group != "place" or short.kind != "new":
        return False
    gaps = (
        unit.text[owner.end - unit.start : place.start - unit.start],
        unit.text[place.end - unit.start : short.start - unit.start],
    )
    if not (re.fullmatch(r"\s+(?:in|te)\s+", gaps[0]) and re.fullmatch(r"\s*\(\s*", gaps[1])):
        return False
    initials = "".join(
        w[0] for w in re.findall(r"[\w'’-]+", f"{owner.label} {place.text}") if w[:1].isupper()
    )
    return _is_acronym(short.text) and short.text.upper() == initials.upper()


def _of_kind(mention: Mention, kinds: dict[str, str]) -> Mention:
    kind = kinds.get(mention.key)
    untyped = mention.kind == "known" and mention.type == "Organisation"
    if kind is None or not (mention.kind == "new" or untyped) or mention.group != "organisation":
        return mention
    return replace(mention, type=kind, group=group_of(kind), weak=False)


def _kinds_by_context(units: list[Unit], found: list[list[Mention]]) -> dict[str, str]:
    """New names the page calls a kind of group ("the alliance Circle U.", "the Circle U.
    university alliance", "X is a European network"): that kind wherever they stand."""
    kinds: dict[str, str] = {}
    for unit, mentions in zip(units, found, strict=True):
        for mention in mentions:
            if mention.kind == "new" and mention.group in {"network", "initiative"}:
                bare = re.sub(rf"\s+(?:{_KIND_NOUNS})$", "", fold(mention.label))
                if bare != fold(mention.label):  # "UNA Europa alliance": "UNA Europa" too
                    kinds.setdefault("new:" + bare, mention.type)
                continue
            if mention.kind not in {"new", "known"} or mention.group != "organisation":
                continue
            before = unit.text[: mention.start - unit.start]
            after = unit.text[mention.end - unit.start :]
            trailing = _KIND_AFTER.match(after)
            if trailing and any(_leading_word(w) for w in trailing.group(0).split()[:-1]):
                trailing = None  # "X zal dit netwerk leiden": no kind of X
            said = _KIND_BEFORE.search(before) or trailing
            said = said or _KIND_PREDICATE.match(after)
            kind = type_of_word(fold(said.group(1))) if said else None
            if kind is not None and group_of(kind) in {"network", "initiative"}:
                kinds.setdefault(mention.key, kind)
    return kinds


_EVENT_NOUNS = {
    "conference": "Event", "congress": "Congress", "congres": "Congress", "symposium": "Event",
    "summit": "Event", "meeting": "Event", "workshop": "Event", "conferentie": "Event",
}  # fmt: skip


def _as_event(mention: Mention, unit: Unit) -> Mention:
    """ "the ERN RITA conference": an event named after a network, not the network."""
    rest = unit.text[mention.end - unit.start :]
    noun = re.match(r"\s+([a-z]+)\b", rest)
    if mention.group == "place" or noun is None or noun.group(1) not in _EVENT_NOUNS:
        return mention
    end = mention.end + noun.end()
    text = unit.text[mention.start - unit.start : end - unit.start]
    kind = _EVENT_NOUNS[noun.group(1)]
    label = f"{mention.label or mention.text} {noun.group(1)}"
    return Mention(
        mention.start, end, text, kind, group_of(kind), "new", label=label, aliases=mention.aliases
    )


def short_forms(known: Sequence[KnownName]) -> dict[str, KnownName]:
    """Abbreviations with their joining words kept ("U of T") and the last two or more words
    of longer names ("Reference Networks"), where only one entity has them."""
    found: dict[str, KnownName | None] = {}
    for name in known:
        words = name.name.split()
        capitals = [w for w in words if w[:1].isupper()]
        if len(words) < 2 or len(capitals) < 2:
            continue
        forms = {" ".join(w if w in CONNECTORS else w[0] for w in words)}
        forms |= {
            " ".join(words[i:])
            for i in range(1, len(words) - 1)
            if all(fold(w) in DEMONYMS or is_major_place(fold(w)) for w in words[:i])
        }  # "Reference Networks" for "European ...", never "University of X" for "Medical ...
        for form in forms:
            key = fold(form)
            if key != fold(name.name):
                previous = found.get(key, name)
                found[key] = (
                    name if previous is not None and previous.entity == name.entity else None
                )
    return {form: name for form, name in found.items() if name is not None}


_ITEM = r"(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|[IVX]+|de|del|di|do|da|la|of))*"
_UNIVERSITIES_OF = re.compile(
    rf"\b(?:universities|universiteiten)\s+(?:of\s+|van\s+)?(?P<names>{_ITEM}"
    rf"(?:\s*\([^()]{{0,40}}\))?(?:\s+in\s+[A-Z][\w-]+)?"
    rf"(?:(?:\s*,\s*|\s*,?\s+(?:and|en)\s+){_ITEM}(?:\s*\([^()]{{0,40}}\))?(?:\s+in\s+[A-Z][\w-]+)?)+)"
)
_UNIVERSITY_ITEM = re.compile(
    rf"(?:the\s+)?(?P<name>{_ITEM})(?:\s*\([^()]*\))?(?:\s+in\s+[A-Z][\w-]+)?"
)


def _all_places(text: str) -> bool:
    """Whether ``text`` is only place names ("Budapest" after a university's name)."""
    return all(
        is_major_place(fold(part)) for part in re.split(r"\s*,\s*|\s+", text.strip()) if part
    )


def _known_first(spans: list[_Span]) -> list[_Span]:
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
                if inside[0].start == span.start and words and _all_places(rest):
                    whole = replace(inside[0].mention, end=span.end, text=text)
                    kept.append(_Span(span.start, span.end, 4, whole))
                continue
        kept.append(span)
    return kept


def _qualified(text: str, span: _Span, inside: list[_Span]) -> bool:
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
        and not _all_places(left)
    )


def _acronym_start(doc: Doc, start: int, end: int, acronym: str) -> int:
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


def _ministry_end(doc: Doc, start: int, end: int) -> int:
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


_DUTCH_KINDS = {"Hospital", "Foundation", "GovernmentBody", "Network", "UniversityMedicalCentre"}
_BARE_GROUP_WORDS = {"netwerk", "network", "alliantie", "vereniging", "groep", "project"}


def _dutch_kind_before_name(doc: Doc, index: int) -> bool:
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
        and _name_token(doc[index + 1])
        and fold(doc[index + 1].text) not in NON_NAMES
    )


def _lowercase_head(doc: Doc, index: int) -> bool:
    """ "het ministerie van Defensie", "the ministry of Health": a kind word, lower case,
    before "of"/"van" and a capitalised word."""
    word = doc[index].text
    return (
        word.islower()
        and type_of_word(word) in _HEADS_IN_LOWER_CASE
        and index + 2 < len(doc)
        and doc[index + 1].text in {"van", "of", "voor", "for"}
        and _name_token(doc[index + 2])
        and fold(doc[index + 2].text) not in NON_NAMES
    )


def _split_at_and(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """ "A and B" is two names unless "and" joins words inside one ("Sciences and
    Humanities" after "for"): split where the part after "and" names a kind of its own."""
    for index in range(start + 1, end - 1):
        if fold(doc[index].text) not in {"and", "en"}:
            continue
        before = [fold(t.text) for t in doc[start:index]]
        after = [fold(t.text) for t in doc[index + 1 : end]]
        inside = any(w in {"of", "for", "van", "voor"} for w in before)
        if not inside or any(type_of_word(w) for w in after):
            return [(start, index), *_split_at_and(doc, index + 1, end)]
    return [(start, end)]


def _head_type(words: list[str]) -> str | None:
    """The kind a name's head word gives: the last kind word before "of"/"van", else the
    last one ("University of Toronto", "Maastricht UMC+ Staff Committee")."""
    cut = next((i for i, w in enumerate(words) if w in {"of", "for", "van", "voor"}), len(words))
    for part in (words[:cut], words):
        typed = [type_of_word(w) for w in part]
        found = [t for t in typed if t is not None]
        if found:
            return found[-1]
    return None


def _resolve(spans: list[_Span]) -> list[Mention]:
    """Keep the longest of overlapping mentions; of equal length, the better kind."""
    chosen: list[_Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), -s.rank, s.start)):
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return [s.mention for s in sorted(chosen, key=lambda s: s.start)]


def list_type(text_before: str) -> str | None:
    """The type a list's introducing noun gives its items ("companies (e.g. ...")."""
    words = re.findall(r"[\w-]+", fold(text_before))[-4:]
    for size in (2, 1):
        for index in range(len(words) - size, -1, -1):
            phrase = " ".join(words[index : index + size])
            if phrase in LIST_NOUNS:
                return LIST_NOUNS[phrase]
    return None
