"""Writing drafts into the curator's own files without disturbing what is there.

Drafting appends: new fact entries at the end of an annotation file's ``facts:`` list, new
entities at the end of the registry's ``entities:`` mapping, each in block style with one
key per line, so comments and hand formatting elsewhere stay as they are. Review changes
single lines (a fact's ``status:``, ``relation:``, ``subject:`` or ``object:``) at the line
numbers the YAML reader reports, and checks that the line holds the key it expects; it
removes lines (a fact's ``cue:`` and ``confidence:`` when its relation changes) and whole
registry entries (a proposed entity no fact names any more) the same way.
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
    "without_entities",
    "without_lines",
    "yaml_scalar",
]

_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z][\w-]*):", re.MULTILINE)
_PLAIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]|:(?=[A-Za-z0-9]))*$")
"""Ids, codes and relations written plain ("country:NL", "memberOf"); "budget:" would read as
a mapping."""
_NOT_TEXT = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}
"""Words a YAML reader (1.1 or 1.2) may take for a boolean or null: quoted."""


def _number_like(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def yaml_scalar(value: object) -> str:
    """A YAML scalar: ids, relations and numbers plain, text double-quoted (JSON strings
    are YAML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if _PLAIN.match(text) and not _number_like(text) and text.casefold() not in _NOT_TEXT:
        return text
    return json.dumps(text, ensure_ascii=False)


def fact_entry(fact: DraftFact, status: str = "draft") -> str:
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
        ("status", status),
        ("confidence", fact.confidence),
        ("cue", fact.cue or None),
        ("subject-text", fact.subject_text),
        ("object-text", fact.object_text),
    ]
    fields += [(key, value) for key, value in optional if value is not None]
    lines = [f"  - {fields[0][0]}: {yaml_scalar(fields[0][1])}"]
    lines += [f"    {key}: {yaml_scalar(value)}" for key, value in fields[1:]]
    return "\n".join(lines) + "\n"


def entity_entry(entity: ProposedEntity, status: str = "proposed") -> str:
    lines = [
        f"  {yaml_scalar(entity.id)}:",  # an id such as "null" or "2020" quoted, so it stays text
        f"    type: {entity.type}",
        f"    label: {yaml_scalar(entity.label)}",
    ]
    if entity.aliases:
        aliases = ", ".join(json.dumps(a, ensure_ascii=False) for a in entity.aliases)
        lines.append(f"    aliases: [{aliases}]")
    if entity.note:
        lines.append(f"    note: {yaml_scalar(entity.note)}")
    lines.append(f"    status: {status}")
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


def without_lines(text: str, lines: dict[int, str], path: Path) -> str:
    """The text without the 1-based ``lines``, each of which must hold its key."""
    kept = text.splitlines(keepends=True)
    for line, key in sorted(lines.items(), reverse=True):
        if not 1 <= line <= len(kept) or not re.match(
            rf"^\s*(?:-\s+)?{re.escape(key)}:", kept[line - 1]
        ):
            raise AnnotationError(
                f"expected '{key}:' on this line; the file changed since it was read",
                path=path,
                line=line,
            )
        del kept[line - 1]
    return "".join(kept)


def _is_entry_or_end(line: str) -> bool:
    return not line.strip() or line.lstrip().startswith("#")


def without_entities(text: str, starts: dict[str, int], path: Path) -> str:
    """The registry's text without the entries of ``starts`` (entity id to the line its
    entry starts on, as the reader reports). An entry runs to the next line indented as
    little as it is; blank and comment lines before that belong to what follows. A comment
    left heading no entry (``# proposed by ...``) goes too."""
    lines = text.splitlines(keepends=True)
    doomed: set[int] = set()
    for entity, start in starts.items():
        first = lines[start - 1] if 1 <= start <= len(lines) else ""
        if not first.lstrip().startswith(f"{entity}:"):
            raise AnnotationError(
                f"expected the entry of {entity!r} on this line; the file changed since it "
                "was read",
                path=path,
                line=start,
            )
        indent = len(first) - len(first.lstrip())
        end = start
        while end < len(lines):
            following = lines[end]
            if following.strip() and len(following) - len(following.lstrip()) <= indent:
                break
            end += 1
        while end > start and _is_entry_or_end(lines[end - 1]):
            end -= 1
        doomed.update(range(start - 1, end))
    kept = [line for number, line in enumerate(lines) if number not in doomed]
    return _without_empty_headings(kept)


def _without_empty_headings(lines: list[str]) -> str:
    """Drop ``# proposed by`` comments that head nothing, and the blank line before them."""
    out: list[str] = []
    for number, line in enumerate(lines):
        if line.strip().startswith("# proposed by `collabgraph"):
            following = next((n for n in lines[number + 1 :] if n.strip()), "")
            if not following.strip() or following.lstrip().startswith("#"):
                while out and not out[-1].strip():
                    out.pop()
                continue
        out.append(line)
    return "".join(out)
