"""Places a page names: countries and cities from :mod:`.places`, in English and Dutch; a
country code in brackets ("(NL)"); a small town only after a locative ("in Veldhoven")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from collabgraph.drafting.mentions import Candidate, Mention
from collabgraph.drafting.name_words import initials_before
from collabgraph.drafting.places import country_codes, fold, place_names
from collabgraph.drafting.text import Unit

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["places_in"]

_LOCATIVES = {"in", "te", "at", "op", "from", "uit", "near", "bij", "(", "aan"}
"""Words after which a small town's name is a place: "in Veldhoven", "(Veldhoven)"."""


def places_in(doc: Doc, unit: Unit) -> list[Candidate]:
    names = place_names()
    spans = []
    for start in range(1, len(doc) - 1):
        code = country_codes().get(doc[start].text)
        if (
            code is not None
            and doc[start - 1].text == "("
            and doc[start + 1].text == ")"
            and initials_before(doc, start - 1) != doc[start].text
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
            spans.append(Candidate(mention.start, mention.end, 2, mention))
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
            spans.append(Candidate(mention.start, mention.end, 2, mention))
            break
    return spans
