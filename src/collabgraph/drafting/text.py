"""A page as units drafting reads: sentences, list items and headings, each with its span.

Blocks are the page's lines. A line that starts with a bullet is a list item, and the
sentence before a run of items that ends in a colon introduces them ("will join the
following ERNs:"). A short line without closing punctuation is a heading. Other lines are
split into sentences by spaCy's rule-based sentencizer (a blank pipeline for the page's
language: no model). A sentence repeated word for word (a teaser paragraph shown twice) is
read once, and a last sentence cut off mid-way is marked truncated: drafting finds names
in it but states no facts from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from collabgraph.extras import require_extra

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["Unit", "blank_pipeline", "split_units"]

_BULLET = re.compile(r"^[ \t]*(?:[•·▪◦●‣∙*]|[-–—](?=\s)|\d{1,2}[.)](?=\s))[ \t]*")
_CLOSING = re.compile(r"[.!?…:;)\"'’”»]\s*$")
_SENTENCE_END = re.compile(r"[.!?…:;\"”»]\s*$")
_HEADING_WORDS = 12
_NAME_WITH_ACRONYM = re.compile(r"^[A-Z][^.!?:;]*\([A-Z][A-Za-z0-9&+-]{1,12}\)$")
"""A short line that is a name and its acronym, "Instituut voor X (IX)": a heading."""
_SUPPORTED = {"en", "nl", "de", "fr", "es", "it"}
_ABBREVIATION = re.compile(
    r"(?:\b(?:prof|dr|drs|ir|mr|mrs|ms|dhr|mevr|st|nr|no|vs|ca|bijv|bv|o\.a|e\.g|i\.e|etc|incl|excl|jr|sr|mt)\.)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Unit:
    """One sentence, list item or heading of a page."""

    start: int
    end: int
    text: str
    kind: str
    """'sentence', 'item' or 'heading'."""
    truncated: bool = False
    intro: Unit | None = None
    """For a list item: the sentence or heading right before the list, which introduces it
    ("will join the following ERNs:", "Who are our partners?", "Members")."""
    block: int = 0
    """The page's line (paragraph) the unit stands in."""


@cache
def blank_pipeline(language: str) -> Language:
    """A blank spaCy pipeline with the rule-based sentencizer (English for other languages)."""
    require_extra("drafting", "drafting", "spacy")
    import spacy

    nlp = spacy.blank(language if language in _SUPPORTED else "en")
    nlp.add_pipe("sentencizer")
    return nlp


def _sentences(text: str, offset: int, language: str) -> list[tuple[int, int]]:
    doc = blank_pipeline(language)(text.replace("\n", " "))
    spans: list[tuple[int, int]] = []
    for sentence in doc.sents:
        start, end = sentence.start_char, sentence.end_char
        if spans and _ABBREVIATION.search(text[spans[-1][0] : spans[-1][1]]):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return [(offset + s, offset + e) for s, e in spans if text[s:e].strip()]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_ENDS_OPEN = re.compile(
    r"(?:[,\-–(]|\b(?:and|or|of|the|a|an|to|for|with|in|on|at|by|from|as|en|of|van|de|het|een"
    r"|met|voor|op|aan|bij|in|door|uit|naar|die|dat|tot|als))\s*$",
    re.IGNORECASE,
)


def _wrapped_width(lines: list[str]) -> int | None:
    """The width a hard-wrapped text (a PDF's, an e-mail's) breaks its lines at, if it is
    one: most long lines end near one width of under 130 characters."""
    lengths = sorted(len(line.rstrip()) for line in lines if len(line.strip()) > 30)
    if len(lengths) < 6:
        return None
    width = lengths[int(len(lengths) * 0.9) - 1]
    near = sum(1 for n in lengths if 0.8 * width <= n <= 1.05 * width)
    return width if width < 130 and near >= 0.6 * len(lengths) else None


def _logical_lines(text: str) -> list[tuple[int, int]]:
    """The page's lines as (start, end) offsets, a hard-wrapped sentence's lines joined into
    one: a line that does not close a sentence continues on the next when that one starts in
    lower case, when it ends in a comma, hyphen or a joining word ("of", "and", "van"), or
    when the text is wrapped at a fixed width and the line reaches it."""
    physical = text.splitlines(keepends=True)
    width = _wrapped_width(physical)
    spans: list[tuple[int, int]] = []
    position = 0
    joining = False
    for index, line in enumerate(physical):
        start, position = position, position + len(line)
        stripped = line.strip()
        if joining and stripped and not _BULLET.match(line):
            spans[-1] = (spans[-1][0], position)
        else:
            spans.append((start, position))
        following = physical[index + 1].strip() if index + 1 < len(physical) else ""
        joining = (
            bool(stripped)
            and bool(following)
            and not _SENTENCE_END.search(stripped)
            and (
                bool(_ENDS_OPEN.search(stripped))
                or (width is not None and len(line.rstrip()) >= 0.75 * width)
                or (following[:1].islower() and len(stripped.split()) > 3)
            )
        )
    return spans


def _unbulleted_item(units: list[Unit], body: str) -> bool:
    """A short line between list items that lost its bullet (pages copied from the web):
    an item too."""
    return (
        bool(units)
        and units[-1].kind == "item"
        and len(body.split()) <= _HEADING_WORDS
        and not re.search(r"[.:!?]\s*$", body)
    )


def split_units(text: str, language: str) -> list[Unit]:
    """The page's units in order, repeated sentences once, the cut-off last one marked."""
    units: list[Unit] = []
    seen: set[str] = set()
    intro: Unit | None = None
    lines = _logical_lines(text)
    bulleted = [bool(_BULLET.match(text[a:b])) for a, b in lines]
    filled = [bool(text[a:b].strip()) for a, b in lines]
    for block, (line_start, line_end) in enumerate(lines):
        line = text[line_start:line_end]
        following = next((bulleted[i] for i in range(block + 1, len(lines)) if filled[i]), False)
        bullet = _BULLET.match(line)
        body_start = line_start + (bullet.end() if bullet else 0)
        start, end = _trimmed(text, body_start, line_start + len(line.rstrip("\r\n")))
        if start >= end:
            continue
        body = text[start:end]
        if bullet or (following and _unbulleted_item(units, body)):
            units.append(Unit(start, end, body, "item", intro=intro, block=block))
            continue
        if len(body.split()) <= _HEADING_WORDS and (
            not _CLOSING.search(body) or _NAME_WITH_ACRONYM.search(body)
        ):
            heading = Unit(start, end, body, "heading", block=block)
            units.append(heading)
            intro = heading
            continue
        intro = None
        for s, e in _sentences(body, start, language):
            s, e = _trimmed(text, s, e)
            sentence = text[s:e]
            if sentence in seen:
                continue
            seen.add(sentence)
            unit = Unit(s, e, sentence, "sentence", block=block)
            units.append(unit)
            intro = unit
    return _mark_truncation(units)


def _mark_truncation(units: list[Unit]) -> list[Unit]:
    if not units:
        return units
    last = units[-1]
    if last.kind != "heading" and not _CLOSING.search(last.text):
        units[-1] = Unit(last.start, last.end, last.text, last.kind, True, last.intro, last.block)
    elif last.kind == "heading" and len(last.text.split()) > 3:
        units[-1] = Unit(last.start, last.end, last.text, "sentence", True, None, last.block)
    return units
