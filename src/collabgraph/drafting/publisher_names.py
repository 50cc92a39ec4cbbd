"""How a page names its publisher besides its full names: short forms the page uses
(initials, "VU", "UAntwerpen", a distinctive word such as "Imperial"), "the university" on a
university's page, and "we", "our", "wij", "onze"."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from collabgraph.drafting.lexicon import CONNECTORS, PRONOUNS, type_of_word
from collabgraph.drafting.mentions import Candidate, KnownName, of_known
from collabgraph.drafting.name_words import distinctive, name_token
from collabgraph.drafting.places import fold, is_major_place
from collabgraph.drafting.text import Unit

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["own_names", "pronouns", "publisher_forms"]


def publisher_forms(
    known: Sequence[KnownName],
    by_name: Mapping[str, KnownName],
    units: list[Unit],
    publisher: KnownName | None,
) -> set[str]:
    """The short forms by which a page names its publisher: the initials of any of its
    names ("AU" for Aarhus University) and a distinctive first word the page uses on its
    own in mid-sentence ("Imperial" for Imperial College London). Its full names, in
    every language, are known names already."""
    if publisher is None:
        return set()
    names = {k.name for k in known if k.entity == publisher.entity} | {publisher.name}
    records = {k.entity for k in known if k.entity.startswith("ror:") and k.name in names}
    names |= {k.name for k in known if k.entity in records}
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
        if len(words) == 2 and type_of_word(kind) == "University" and is_major_place(fold(place)):
            forms.add("U" + place)  # "UAntwerpen" for Universiteit Antwerpen
        for word in words:  # "Imperial", "the Crick", "Northfield works with"
            if distinctive(word) and re.search(
                rf"(?:^|[a-z,.;:]\s+){re.escape(word)}(?![\w'’-])(?!\s+[A-Z])", text
            ):
                forms.add(word)
    return {f for f in forms if fold(f) not in by_name}


def own_names(
    doc: Doc, unit: Unit, publisher: KnownName | None, own_forms: set[str]
) -> list[Candidate]:
    """The publisher's short forms, and "the university", "de universiteit", "the
    hospital" on a page whose publisher is of that kind."""
    if publisher is None:
        return []
    spans = []
    for index, token in enumerate(doc):
        if token.text in own_forms:
            mention = of_known(publisher, unit.start + token.idx, token.text, "known")
            spans.append(Candidate(mention.start, mention.end, 4, mention))
        elif (
            index
            and fold(doc[index - 1].text) in {"the", "de", "het"}
            and type_of_word(fold(token.text)) == publisher.type
            and publisher.type in {"University", "Hospital", "UniversityMedicalCentre"}
            and not (
                index + 1 < len(doc)
                and (name_token(doc[index + 1]) or doc[index + 1].text in {"of", "van"})
            )
        ):
            start = unit.start + doc[index - 1].idx
            text = doc.text[doc[index - 1].idx : token.idx + len(token.text)]
            mention = of_known(publisher, start, text, "anaphor")
            spans.append(Candidate(mention.start, mention.end, 3, mention))
    return spans


def pronouns(doc: Doc, unit: Unit, publisher: KnownName | None) -> list[Candidate]:
    if publisher is None:
        return []
    spans = []
    for token in doc:
        if token.text.lower() in PRONOUNS and token.text.lower() != "us":
            mention = of_known(publisher, unit.start + token.idx, token.text, "publisher")
            spans.append(Candidate(mention.start, mention.end, 0, mention))
    return spans
