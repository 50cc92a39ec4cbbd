"""Writing drafts into the curator's own files without disturbing what is there.

Drafting appends: new fact entries at the end of an annotation file's ``facts:`` list, new
entities at the end of the registry's ``entities:`` mapping, each in block style with one
key per line, so comments and hand formatting elsewhere stay as they are. Review changes
single lines (a fact's ``status:``, ``relation:``, ``subject:`` or ``object:``) at the line
numbers the YAML reader reports, and checks that the line holds the key it expects.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from collabgraph.drafting.extractor import DraftFact, ProposedEntity
from collabgraph.errors import AnnotationError

__all__ = [
    "entity_entry",
    "fact_entry",
    "set_line_value",
    "with_entities",
    "with_facts",
    "yaml_scalar",
]

_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z][\w-]*):", re.MULTILINE)
_PLAIN = re.compile(r"^[a-z0-9](?:[a-z0-9-]|:(?=[a-z0-9]))*$")
"""Ids and codes written plain ("country:NL"); "budget:" would read as a mapping."""


def yaml_scalar(value: object) -> str:
    """A YAML scalar: ids and numbers plain, text double-quoted (JSON strings are YAML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if _PLAIN.match(text) and not text.isdigit() and text not in {"true", "false", "null"}:
        return text
    return json.dumps(text, ensure_ascii=False)


def fact_entry(fact: DraftFact) -> str:
    """One ``facts:`` entry: the quote and one draft fact, a key per line."""
    fields: list[tuple[str, object]] = [("quote", fact.quote)]
    if fact.occurrence is not None:
        fields.append(("occurrence", fact.occurrence))
    fields.append(("subject", fact.subject))
    if fact.relation is not None:
        fields += [("relation", fact.relation), ("object", fact.object)]
    else:
        fields += [("attribute", fact.attribute), ("value", fact.value)]
        if fact.currency:
            fields.append(("currency", fact.currency))
    optional = [
        ("approximation", fact.approximation),
        ("out-of", fact.out_of),
        ("since", fact.since),
        ("date", fact.date),
        ("date-text", fact.date_text),
        ("status", "draft"),
        ("confidence", fact.confidence),
        ("cue", fact.cue or None),
        ("subject-text", fact.subject_text),
        ("object-text", fact.object_text),
    ]
    fields += [(key, value) for key, value in optional if value is not None]
    lines = [f"  - {fields[0][0]}: {yaml_scalar(fields[0][1])}"]
    lines += [f"    {key}: {yaml_scalar(value)}" for key, value in fields[1:]]
    return "\n".join(lines) + "\n"


def entity_entry(entity: ProposedEntity) -> str:
    lines = [
        f"  {entity.id}:",
        f"    type: {entity.type}",
        f"    label: {yaml_scalar(entity.label)}",
    ]
    if entity.aliases:
        aliases = ", ".join(json.dumps(a, ensure_ascii=False) for a in entity.aliases)
        lines.append(f"    aliases: [{aliases}]")
    if entity.note:
        lines.append(f"    note: {yaml_scalar(entity.note)}")
    lines.append("    status: proposed")
    return "\n".join(lines) + "\n"


def _last_key_must_be(text: str, key: str, path: Path) -> None:
    keys = _TOP_LEVEL_KEY.findall(text)
    if not keys or keys[-1] != key:
        raise AnnotationError(
            f"drafting appends to '{key}:', which must be the file's last top-level key "
            f"(found {keys[-1] if keys else 'none'!r} last); move '{key}:' to the end",
            path=path,
        )


def with_facts(text: str, entries: Iterable[str], path: Path) -> str:
    """The annotation file's text with ``entries`` appended to its ``facts:`` list."""
    _last_key_must_be(text, "facts", path)
    text = re.sub(r"^facts:[ \t]*\[\][ \t]*$", "facts:", text, flags=re.MULTILINE)
    return text.rstrip("\n") + "\n" + "".join(entries)


def with_entities(text: str, entries: Iterable[str], path: Path, comment: str) -> str:
    """The registry's text with ``entries`` appended to its ``entities:`` mapping."""
    _last_key_must_be(text, "entities", path)
    added = "".join(entries)
    if not added:
        return text
    return text.rstrip("\n") + f"\n\n  # {comment}\n" + added


def set_line_value(text: str, line: int, key: str, value: str, path: Path) -> str:
    """Replace the value of ``key`` on 1-based ``line`` (which must hold that key)."""
    lines = text.splitlines(keepends=True)
    if not 1 <= line <= len(lines):
        raise AnnotationError(f"line {line} not found while setting {key!r}", path=path)
    pattern = re.compile(rf"^(\s*(?:-\s+)?{re.escape(key)}:\s*)(.*?)(\s*)$", re.DOTALL)
    match = pattern.match(lines[line - 1])
    if match is None:
        raise AnnotationError(
            f"expected '{key}:' on this line; the file changed since it was read",
            path=path,
            line=line,
        )
    lines[line - 1] = match.group(1) + yaml_scalar(value) + match.group(3)
    return "".join(lines)
