"""People a page names: after a title ("Prof.", "dr."), before a role in brackets or after a
comma ("(chair of ...)", ", professor of ..."), or beside a speech verb ("says", "zegt"); later
on the page, by the surname alone."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from collabgraph.drafting.lexicon import NON_NAMES, ROLE_WORDS, TITLES, TYPE_WORDS
from collabgraph.drafting.mentions import Candidate, Mention
from collabgraph.drafting.name_words import is_acronym
from collabgraph.drafting.places import fold
from collabgraph.drafting.text import Unit

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["people_in"]

_SPEECH = {"says", "said", "zegt", "zei", "aldus", "according", "volgens", "explains", "legt"}
_PARTICLES = {"van", "de", "der", "den", "ter", "ten", "von", "la", "le", "du", "da", "di"}
_TITLE_ENDINGS = ("directeur", "voorzitter", "coordinator", "projectleider")
"""Dutch compound titles: "valorisatiedirecteur", "bestuursvoorzitter"."""


def people_in(doc: Doc, unit: Unit, people: dict[str, Mention]) -> list[Candidate]:
    spans = []
    index = 0
    while index < len(doc):
        name = _person_at(doc, index)
        if name is None:
            surname = people.get(doc[index].text)
            if surname is not None and doc[index].text[:1].isupper():
                token = doc[index]
                start = unit.start + token.idx
                mention = replace(
                    surname, start=start, end=start + len(token.text), text=token.text
                )
                spans.append(Candidate(mention.start, mention.end, 3, mention))
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
        spans.append(Candidate(mention.start, mention.end, 3, mention))
        index = last
    return spans


def _person_at(doc: Doc, index: int) -> tuple[int, int] | None:
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
        if text[:1].isupper() and not doc[end].is_punct and not is_acronym(text):
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
    return (start, end) if _role_follows(doc, end) else None


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
