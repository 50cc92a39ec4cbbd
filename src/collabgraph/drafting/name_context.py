"""What the rest of a page, or the project's other names, say about a name.

Read after a first pass over the page: the kind of group the page calls a new name ("the
alliance X", "X is a European network"), acronyms written beside their expansion, the names
the body text gives (a Title Case headline capitalises words that name nothing), an event
named after a network ("the X conference"), and the short forms of known names ("U of T"), the type a list's introducing noun gives its items.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from collabgraph.drafting.lexicon import CONNECTORS, DEMONYMS, LIST_NOUNS, type_of_word
from collabgraph.drafting.mentions import KnownName, Mention, group_of
from collabgraph.drafting.name_words import KIND_NOUNS, is_acronym, leading_word
from collabgraph.drafting.places import fold, is_major_place
from collabgraph.drafting.text import Unit

__all__ = [
    "acronym_pairs",
    "as_event",
    "body_names",
    "kinds_by_context",
    "list_type",
    "of_kind",
    "short_forms",
    "title_case",
]

_KIND_BEFORE = re.compile(rf"(?:^|[\s(])({KIND_NOUNS})\s+(?:the\s+|de\s+|het\s+)?$")
_KIND_AFTER = re.compile(rf"^\s+(?:[a-z][\w-]*\s+){{0,2}}?({KIND_NOUNS})\b")
_KIND_PREDICATE = re.compile(
    rf"^\s*(?:\([^)]*\)\s*)?,?\s*(?:is|was|wordt|werd)\s+(?:a|an|the|een|de|het)\s+"
    rf"(?:[\w+-]+\s+){{0,6}}?({KIND_NOUNS})\b"
)


def title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def body_names(units: list[Unit], found: list[list[Mention]]) -> set[str] | None:
    """The names the page's text (not its Title Case headlines) gives."""
    return {
        m.key
        for unit, mentions in zip(units, found, strict=True)
        if not (unit.kind == "heading" and title_case(unit.text))
        for m in mentions
    }


_PAIRED = re.compile(r"^\s*(?:[–—]|-\s|\(|,\s*(?:or|also\s+known\s+as|ook\s+wel|oftewel)\s+)\s*$")


def acronym_pairs(
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
                bare = re.sub(rf"\s+(?:{KIND_NOUNS})$", "", short.label, flags=re.IGNORECASE)
                letters = re.sub(r"[^A-Za-z]", "", bare)
                initials = "".join(
                    w[0] for w in re.findall(r"[\w'’-]+", full.label) if w[:1].isupper()
                )
                if is_acronym(bare) and len(letters) >= 2 and letters.upper() == initials.upper():
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
    return is_acronym(short.text) and short.text.upper() == initials.upper()


def of_kind(mention: Mention, kinds: dict[str, str]) -> Mention:
    kind = kinds.get(mention.key)
    untyped = mention.kind == "known" and mention.type == "Organisation"
    if kind is None or not (mention.kind == "new" or untyped) or mention.group != "organisation":
        return mention
    return replace(mention, type=kind, group=group_of(kind), weak=False)


def kinds_by_context(units: list[Unit], found: list[list[Mention]]) -> dict[str, str]:
    """New names the page calls a kind of group ("the alliance Circle U.", "the Circle U.
    university alliance", "X is a European network"): that kind wherever they stand."""
    kinds: dict[str, str] = {}
    for unit, mentions in zip(units, found, strict=True):
        for mention in mentions:
            if mention.kind == "new" and mention.group in {"network", "initiative"}:
                bare = re.sub(rf"\s+(?:{KIND_NOUNS})$", "", fold(mention.label))
                if bare != fold(mention.label):  # "UNA Europa alliance": "UNA Europa" too
                    kinds.setdefault("new:" + bare, mention.type)
                continue
            if mention.kind not in {"new", "known"} or mention.group != "organisation":
                continue
            before = unit.text[: mention.start - unit.start]
            after = unit.text[mention.end - unit.start :]
            trailing = _KIND_AFTER.match(after)
            if trailing and any(leading_word(w) for w in trailing.group(0).split()[:-1]):
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


def as_event(mention: Mention, unit: Unit) -> Mention:
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


def list_type(text_before: str) -> str | None:
    """The type a list's introducing noun gives its items ("companies (e.g. ...")."""
    words = re.findall(r"[\w-]+", fold(text_before))[-4:]
    for size in (2, 1):
        for index in range(len(words) - size, -1, -1):
            phrase = " ".join(words[index : index + size])
            if phrase in LIST_NOUNS:
                return LIST_NOUNS[phrase]
    return None
