"""YAML reading that remembers where every mapping and value came from.

Curators edit YAML by hand, so every error must name the file and line. PyYAML's composer
gives nodes with marks; we turn them into dicts and lists that keep their line numbers, and
reject duplicate keys (which PyYAML silently overwrites). Booleans follow YAML 1.2 (``no`` is
text), and a recursive alias is an error, not a crash.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from collabgraph.errors import AnnotationError

__all__ = ["LocatedList", "LocatedMap", "read_yaml"]


class LocatedMap(dict[str, Any]):
    """A YAML mapping with the line of the mapping and of each key (1-based)."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LocatedList(list[Any]):
    """A YAML sequence with the line of the sequence and of each item (1-based)."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []


_BOOL = "tag:yaml.org,2002:bool"


class _Yaml12Loader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2's booleans: only true and false, so a Norwegian
    ``language: no`` or a ``yes`` in prose stays text."""

    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML's own class attribute
        first: [(tag, pattern) for tag, pattern in resolvers if tag != _BOOL]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


_Yaml12Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class _Converter:
    """Turns one file's node tree into located values; a new one per read, so nothing is
    cached across files or shared between threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.constructor = _Yaml12Loader(stream="")
        self.active: set[int] = set()

    def convert(self, node: yaml.Node) -> Any:
        if id(node) in self.active:
            raise AnnotationError(
                "a YAML alias refers to itself (a recursive anchor)",
                path=self.path,
                line=node.start_mark.line + 1,
            )
        self.active.add(id(node))
        try:
            return _convert(node, self.path, self)
        finally:
            self.active.discard(id(node))


def _convert(node: yaml.Node, path: Path, converter: _Converter) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        mapping = LocatedMap(line)
        for key_node, value_node in node.value:
            key = converter.constructor.construct_object(key_node, deep=True)
            key_line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                raise AnnotationError(f"key {key!r} must be text", path=path, line=key_line)
            if key in mapping:
                first = mapping.key_lines[key]
                raise AnnotationError(
                    f"duplicate key {key!r} (first defined on line {first})",
                    path=path,
                    line=key_line,
                    entity=key,
                )
            mapping[key] = converter.convert(value_node)
            mapping.key_lines[key] = key_line
        return mapping
    if isinstance(node, yaml.SequenceNode):
        sequence = LocatedList(line)
        for item in node.value:
            sequence.append(converter.convert(item))
            sequence.item_lines.append(item.start_mark.line + 1)
        return sequence
    return converter.constructor.construct_object(node, deep=True)


def read_yaml(path: Path) -> Any:
    """Read a YAML file into LocatedMap/LocatedList values; syntax errors name file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AnnotationError("file not found", path=path) from None
    except UnicodeDecodeError as exc:
        raise AnnotationError(f"not UTF-8 text ({exc.reason})", path=path) from None
    try:
        node = yaml.compose(text, Loader=_Yaml12Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        raise AnnotationError(
            f"YAML syntax error: {problem}{context}", path=path, line=line
        ) from None
    except yaml.YAMLError as exc:
        raise AnnotationError(f"YAML error: {exc}", path=path) from None
    if node is None:
        return LocatedMap(1)
    try:
        return _Converter(path).convert(node)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise AnnotationError(f"YAML error: {exc.problem}", path=path, line=line) from None
