"""Reading a curated annotation file: the document it describes and the facts it states.

File layout (see docs/curating.md)::

    document:
      id: umcu-international-cooperations
      source: ../sources/umcu-international-cooperations.txt
      title: Cooperations with an international impact
      publisher: umc-utrecht
      language: en
    facts:
      - quote: UMC Utrecht is a member of the League of European Research Universities (LERU) .
        subject: umc-utrecht
        relation: memberOf
        object: leru
      - quote: ...           # one quote, several facts
        facts:
          - {subject: ..., attribute: participantCount, value: 120}
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from collabgraph.curation.facts import Fact, parse_date, parse_money
from collabgraph.curation.registry import LANGUAGE_TAG
from collabgraph.curation.schema import (
    DOCUMENT_FIELDS,
    FACT_FIELDS,
    QUOTE_FIELDS,
    Field,
    check_shapes,
    unknown_key_message,
)
from collabgraph.curation.sources import Source, locate_quote
from collabgraph.curation.yamlfile import LocatedList, LocatedMap, read_yaml
from collabgraph.errors import AnnotationError, CollabgraphError, ValidationFailed, suggest
from collabgraph.vocabulary import (
    APPROXIMATIONS,
    ATTRIBUTES,
    FACT_STATUSES,
    RELATIONS,
    ROLES,
    ValueKind,
)

__all__ = ["read_annotations"]

_SINGLE_FACT_FIELDS = FACT_FIELDS + tuple(f for f in QUOTE_FIELDS if f.name != "facts")


def _shapes(spec: LocatedMap, fields: tuple[Field, ...], path: Path, what: str) -> None:
    """Raise every shape problem of the mapping at once (see :mod:`.schema`)."""
    problems = check_shapes(spec, fields, path, what)
    if problems:
        raise ValidationFailed(list(problems))


def _require_text(spec: LocatedMap, key: str, path: Path, what: str) -> str:
    value = spec.get(key)
    if not isinstance(value, str) or not value.strip():
        raise AnnotationError(f"{what} needs '{key}:' (text)", path=path, line=spec.line_of(key))
    return value


def _read_source(spec: object, path: Path) -> Source:
    if not isinstance(spec, LocatedMap):
        raise AnnotationError("the file needs a 'document:' mapping", path=path, line=1)
    _shapes(spec, DOCUMENT_FIELDS, path, "document")
    doc_id = _require_text(spec, "id", path, "document")
    source_name = _require_text(spec, "source", path, "document")
    try:
        source_path = (path.parent / source_name).resolve()
        text = source_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AnnotationError(
            f"source text {source_path} not found", path=path, line=spec.line_of("source")
        ) from None
    except (OSError, ValueError) as exc:  # a folder, no permission, a NUL in the name, not UTF-8
        raise AnnotationError(
            f"source text {source_name!r} cannot be read: {exc}",
            path=path,
            line=spec.line_of("source"),
        ) from None
    return Source(
        id=doc_id,
        kind="document",
        path=source_path,
        text=text,
        title=_require_text(spec, "title", path, "document"),
        publisher=_optional_text(spec, "publisher", path),
        language=_language(spec, path),
        original_file=_optional_text(spec, "original-file", path),
        description=_optional_text(spec, "description", path),
        url=_url(spec, path),
        retrieved=_retrieved(spec, path),
        annotation_file=path,
        lines=(("document", spec.line), *((key, spec.line_of(key)) for key in spec)),
    )


def _matching(spec: LocatedMap, key: str, path: Path, pattern: str, expected: str) -> str | None:
    """The text under ``key`` when it matches ``pattern`` (None when the key is absent)."""
    value = spec.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(pattern, value):
        raise AnnotationError(
            f"'{key}' must be {expected}, not {value!r}", path=path, line=spec.line_of(key)
        )
    return value


def _language(spec: LocatedMap, path: Path) -> str:
    found = _matching(
        spec, "language", path, LANGUAGE_TAG.pattern, "a language code such as en or nl"
    )
    return found or _require_text(spec, "language", path, "document")


def _url(spec: LocatedMap, path: Path) -> str | None:
    return _matching(
        spec, "url", path, r"https?://[^\s<>\"{}|\\^`]+", "an http(s) address without spaces"
    )


def _retrieved(spec: LocatedMap, path: Path) -> str | None:
    value = spec.get("retrieved")
    if value is None:
        return None
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise AnnotationError(
            f"'retrieved' is the day the text was retrieved (YYYY-MM-DD), not {value!r}",
            path=path,
            line=spec.line_of("retrieved"),
        ) from None
    return text


def _count(value: object, what: str, path: Path, line: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise AnnotationError(f"{what} must be a whole number, not {value!r}", path=path, line=line)
    if value < 0:
        raise AnnotationError(f"{what} cannot be negative ({value})", path=path, line=line)
    return value


def _measured_value(spec: LocatedMap, path: Path) -> Any:
    attribute = ATTRIBUTES[spec["attribute"]]
    line = spec.line_of("value")
    if "value" not in spec:
        raise AnnotationError(
            f"attribute {attribute.name!r} needs 'value:'", path=path, line=spec.line
        )
    value = spec["value"]
    what = f"the value of {attribute.name}"
    if attribute.kind is ValueKind.COUNT:
        return _count(value, what, path, line)
    if attribute.kind is ValueKind.MONEY:
        return parse_money(value, spec.get("currency"), path=path, line=line)
    if attribute.kind is ValueKind.DATE:
        return parse_date(value, what=what, path=path, line=line)
    if attribute.kind is ValueKind.BOOLEAN:
        if not isinstance(value, bool):
            raise AnnotationError(
                f"{what} must be true or false, not {value!r}", path=path, line=line
            )
        return value
    if not isinstance(value, str) or not value.strip():
        raise AnnotationError(f"{what} must be text", path=path, line=line)
    return value


def _choice(spec: LocatedMap, key: str, choices: dict[str, Any], path: Path) -> str | None:
    value = spec.get(key)
    if value is None:
        return None
    if value not in choices:
        hint = suggest(str(value), choices)
        help_text = f"did you mean {hint[0]!r}?" if hint else f"one of: {', '.join(choices)}"
        raise AnnotationError(
            f"unknown {key} {value!r}; {help_text}",
            path=path,
            line=spec.line_of(key),
        )
    return str(value)


def _optional_text(spec: LocatedMap, key: str, path: Path) -> str | None:
    value = spec.get(key)
    if value is not None and not isinstance(value, str):
        raise AnnotationError(
            f"'{key}' must be text, not {value!r}", path=path, line=spec.line_of(key)
        )
    return value


def _read_fact(spec: object, source: Source, quote_spec: LocatedMap, path: Path, line: int) -> Fact:
    if not isinstance(spec, LocatedMap):
        raise AnnotationError(
            "a fact is a mapping with subject and relation or attribute", path=path, line=line
        )
    _shapes(spec, _SINGLE_FACT_FIELDS if spec is quote_spec else FACT_FIELDS, path, "a fact")
    subject = _require_text(spec, "subject", path, "a fact")
    has_relation, has_attribute = "relation" in spec, "attribute" in spec
    if has_relation == has_attribute:
        raise AnnotationError(
            "a fact has either 'relation:' and 'object:' or 'attribute:' and 'value:'",
            path=path,
            line=spec.line,
        )
    relation = _choice(spec, "relation", RELATIONS, path)
    attribute = _choice(spec, "attribute", ATTRIBUTES, path)
    obj = _require_text(spec, "object", path, "a relation") if relation else None
    value = _measured_value(spec, path) if attribute else None
    if attribute and ATTRIBUTES[attribute].needs_unit and not spec.get("unit"):
        raise AnnotationError(
            f"attribute {attribute!r} needs 'unit:' (what is counted)", path=path, line=spec.line
        )
    amount_spec = spec.get("amount")
    amount = None
    if amount_spec is not None:
        if not isinstance(amount_spec, LocatedMap):
            raise AnnotationError(
                "'amount' is a mapping with value and currency",
                path=path,
                line=spec.line_of("amount"),
            )
        amount = parse_money(
            amount_spec.get("value"), amount_spec.get("currency"), path=path, line=amount_spec.line
        )
    occurrence = quote_spec.get("occurrence")
    if occurrence is not None:
        occurrence = _count(occurrence, "occurrence", path, quote_spec.line_of("occurrence"))
    quote_text = quote_spec.get("quote")
    if not isinstance(quote_text, str):
        raise AnnotationError(
            "every fact needs 'quote:' with the sentence that states it",
            path=path,
            line=quote_spec.line,
        )
    quote = locate_quote(
        source, quote_text, occurrence, path=path, line=quote_spec.line_of("quote")
    )
    dates = {
        key: parse_date(spec[key], what=f"'{key}'", path=path, line=spec.line_of(key))
        for key in ("since", "until", "date")
        if key in spec
    }
    out_of = spec.get("out-of")
    return Fact(
        source=source,
        subject=subject,
        quote=quote,
        path=path,
        line=spec.line,
        relation=relation,
        object=obj,
        attribute=attribute,
        value=value,
        role=_choice(spec, "role", ROLES, path),
        role_label=_optional_text(spec, "role-label", path),
        start=dates.get("since"),
        end=dates.get("until"),
        date=dates.get("date"),
        date_text=_optional_text(spec, "date-text", path),
        note=_optional_text(spec, "note", path),
        unit=_optional_text(spec, "unit", path),
        approximation=_choice(spec, "approximation", APPROXIMATIONS, path),
        out_of=_count(out_of, "'out-of'", path, spec.line_of("out-of"))
        if out_of is not None
        else None,
        count_of=_optional_text(spec, "count-of", path),
        amount=amount,
        status=_choice(spec, "status", dict.fromkeys(FACT_STATUSES), path) or "accepted",
        confidence=_confidence(spec, path),
        cue=_optional_text(spec, "cue", path),
        subject_text=_optional_text(spec, "subject-text", path),
        object_text=_optional_text(spec, "object-text", path),
    )


def _confidence(spec: LocatedMap, path: Path) -> float | None:
    value = spec.get("confidence")
    if value is None:
        return None
    try:
        confidence = float(value)
    except (TypeError, ValueError):
        confidence = -1.0
    if isinstance(value, bool) or not 0.0 <= confidence <= 1.0:
        raise AnnotationError(
            f"'confidence' is a number from 0 to 1, not {value!r}",
            path=path,
            line=spec.line_of("confidence"),
        )
    return confidence


def _read_item(item: object, source: Source, path: Path, line: int) -> list[Fact]:
    if not isinstance(item, LocatedMap):
        raise AnnotationError("each entry under 'facts:' is a mapping", path=path, line=line)
    nested = item.get("facts")
    if nested is None:
        return [_read_fact(item, source, item, path, item.line)]
    _shapes(item, QUOTE_FIELDS, path, "a quote with several facts")
    if not isinstance(nested, LocatedList):
        raise AnnotationError(
            "'facts:' under a quote is a list", path=path, line=item.line_of("facts")
        )
    facts = []
    for spec, spec_line in zip(nested, nested.item_lines, strict=True):
        if isinstance(spec, LocatedMap):
            for key in ("quote", "occurrence"):
                if key in spec:
                    raise AnnotationError(
                        f"a fact under a shared quote cannot have its own '{key}:'; give it an "
                        "entry of its own under 'facts:' with its quote",
                        path=path,
                        line=spec.line_of(key),
                    )
        facts.append(_read_fact(spec, source, item, path, spec_line))
    return facts


def read_annotations(path: Path) -> tuple[Source, list[Fact], list[CollabgraphError]]:
    """Parse one annotation file; problems in single facts are collected, not raised.

    Raises :class:`AnnotationError` when the file as a whole cannot be read.
    """
    document = read_yaml(path)
    if not isinstance(document, LocatedMap):
        raise AnnotationError(
            "the file must be a mapping with 'document:' and 'facts:'", path=path, line=1
        )
    unknown = [key for key in document if key not in {"document", "facts"}]
    if unknown:
        raise AnnotationError(
            unknown_key_message(unknown[0], {"document", "facts"}, "the file"),
            path=path,
            line=document.line_of(unknown[0]),
        )
    source = _read_source(document.get("document"), path)
    items = document.get("facts")
    if not isinstance(items, LocatedList):
        raise AnnotationError(
            "the file needs a 'facts:' list", path=path, line=document.line_of("facts")
        )
    facts: list[Fact] = []
    problems: list[CollabgraphError] = []
    for item, line in zip(items, items.item_lines, strict=True):
        try:
            facts.extend(_read_item(item, source, path, line))
        except AnnotationError as problem:
            problems.append(problem)
        except ValidationFailed as failed:
            problems.extend(failed.problems)
    return source, facts, problems
