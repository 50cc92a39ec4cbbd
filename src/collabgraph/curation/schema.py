"""The declared input schema: every key of every level of the curator's files, and its shape.

One table per level (the document of an annotation file, a fact, a quote that carries
several facts, a registry entity). :func:`check_shapes` checks a mapping against its table
and returns *every* problem it has (unknown keys with the allowed ones listed, empty values,
missing required keys, values of the wrong shape), each at its file and line; the readers
then read values whose shape is known. The vocabulary (which relation, which role) is
checked by the readers against :mod:`collabgraph.vocabulary`; docs/curating.md documents the
same tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from collabgraph.curation.yamlfile import LocatedList, LocatedMap
from collabgraph.errors import AnnotationError, suggest

__all__ = [
    "DOCUMENT_FIELDS",
    "ENTITY_FIELDS",
    "FACT_FIELDS",
    "QUOTE_FIELDS",
    "Field",
    "check_shapes",
    "keys_of",
    "unknown_key_message",
]


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: Any) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)) or _text(value)


def _date(value: Any) -> bool:
    return _whole(value) or _text(value) or isinstance(value, dt.date)


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool | dt.date)


def _texts(value: Any) -> bool:
    return _text(value) or (isinstance(value, LocatedList) and all(_text(v) for v in value))


def _language_map(value: Any) -> bool:
    return isinstance(value, LocatedMap) and all(_text(v) for v in value.values())


def _money(value: Any) -> bool:
    return isinstance(value, LocatedMap) and set(value) <= {"value", "currency"}


def _fact_list(value: Any) -> bool:
    return isinstance(value, LocatedList)


SHAPES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "text": (_text, "text"),
    "word": (_text, "one word from the vocabulary"),
    "count": (_whole, "a whole number"),
    "number": (_number, "a number"),
    "date": (_date, "a year (2008), a year-month ('2023-11') or a date (2023-11-05)"),
    "value": (_scalar, "a number, date, text or true/false"),
    "texts": (_texts, "text or a list of texts"),
    "language-map": (_language_map, "a mapping from language code to name, e.g. {nl: ...}"),
    "money": (_money, "a mapping with value and currency, e.g. {value: 1000, currency: EUR}"),
    "facts": (_fact_list, "a list of facts"),
}


@dataclass(frozen=True)
class Field:
    name: str
    shape: str
    required: bool = False


DOCUMENT_FIELDS = (
    Field("id", "text", required=True),
    Field("source", "text", required=True),
    Field("title", "text", required=True),
    Field("language", "text", required=True),
    Field("publisher", "text"),
    Field("url", "text"),
    Field("retrieved", "date"),
    Field("original-file", "text"),
    Field("description", "text"),
)
FACT_FIELDS = (
    Field("subject", "text", required=True),
    Field("relation", "word"),
    Field("object", "text"),
    Field("attribute", "word"),
    Field("value", "value"),
    Field("currency", "text"),
    Field("role", "word"),
    Field("role-label", "text"),
    Field("since", "date"),
    Field("until", "date"),
    Field("date", "date"),
    Field("date-text", "text"),
    Field("note", "text"),
    Field("unit", "text"),
    Field("approximation", "word"),
    Field("out-of", "count"),
    Field("count-of", "text"),
    Field("amount", "money"),
    Field("status", "word"),
    Field("confidence", "number"),
    Field("cue", "text"),
    Field("subject-text", "text"),
    Field("object-text", "text"),
)
QUOTE_FIELDS = (
    Field("quote", "text", required=True),
    Field("occurrence", "count"),
    Field("facts", "facts"),
)
ENTITY_FIELDS = (
    Field("type", "word", required=True),
    Field("label", "text", required=True),
    Field("aliases", "texts"),
    Field("labels", "language-map"),
    Field("note", "text"),
    Field("status", "word"),
)


def keys_of(*tables: tuple[Field, ...]) -> set[str]:
    return {field.name for table in tables for field in table}


def unknown_key_message(key: str, allowed: set[str], what: str) -> str:
    """Names the allowed keys, and the comma trap when the key looks like prose."""
    hint = suggest(key, allowed)
    did_you_mean = f"did you mean {hint[0]!r}? " if hint else ""
    message = f"unknown key {key!r} in {what}; {did_you_mean}allowed: {', '.join(sorted(allowed))}"
    if " " in key.strip():
        message += (
            ". This looks like text cut at a comma: inside {...} a comma ends a value, so put "
            'text that contains a comma in quotes ("...")'
        )
    return message


def check_shapes(
    spec: LocatedMap,
    fields: tuple[Field, ...],
    path: Path,
    what: str,
    *,
    entity: str | None = None,
    also_allowed: set[str] = frozenset(),  # type: ignore[assignment]
) -> list[AnnotationError]:
    """Every shape problem of one mapping, each at its line."""
    by_name = {field.name: field for field in fields}
    allowed = set(by_name) | set(also_allowed)
    problems = []

    def problem(message: str, line: int) -> None:
        problems.append(AnnotationError(message, path=path, line=line, entity=entity))

    for key, value in spec.items():
        line = spec.line_of(key)
        if key not in allowed:
            problem(unknown_key_message(key, allowed, what), line)
        elif value is None:
            problem(f"'{key}:' in {what} has no value (remove the key, or give it one)", line)
        elif key in by_name:
            accepts, description = SHAPES[by_name[key].shape]
            if not accepts(value):
                problem(f"'{key}' in {what} must be {description}, not {value!r}", line)
    for field in fields:
        if field.required and field.name not in spec:
            problem(f"{what} needs '{field.name}:' ({SHAPES[field.shape][1]})", spec.line)
    return problems
