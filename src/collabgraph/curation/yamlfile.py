"""YAML 1.2 reading that remembers where every mapping and value came from.

Curators edit YAML by hand, so every error must name the file and line. ruamel.yaml reads
YAML 1.2 (its core schema: ``010`` is 10, ``0o10`` is 8, ``1:30`` and ``no`` are text, only
``true`` and ``false`` are booleans) and composes nodes with marks; we turn them into dicts
and lists that keep their line numbers, and reject duplicate keys. A recursive alias is an
error, not a crash.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from collabgraph.errors import AnnotationError

if TYPE_CHECKING:
    from ruamel.yaml.constructor import BaseConstructor
    from ruamel.yaml.nodes import Node

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


class _Converter:
    """Turns one file's node tree into located values; a new one per read, so nothing is
    cached across files or shared between threads."""

    def __init__(self, path: Path, constructor: BaseConstructor) -> None:
        self.path = path
        self.constructor = constructor
        self.active: set[int] = set()

    def convert(self, node: Node) -> Any:
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


def _convert(node: Node, path: Path, converter: _Converter) -> Any:
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    line = node.start_mark.line + 1
    if isinstance(node, MappingNode):
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
    if isinstance(node, SequenceNode):
        sequence = LocatedList(line)
        for item in node.value:
            sequence.append(converter.convert(item))
            sequence.item_lines.append(item.start_mark.line + 1)
        return sequence
    return converter.constructor.construct_object(node, deep=True)


def read_yaml(path: Path) -> Any:
    """Read a YAML 1.2 file into LocatedMap/LocatedList values; errors name file and line."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AnnotationError("file not found", path=path) from None
    except UnicodeDecodeError as exc:
        raise AnnotationError(f"not UTF-8 text ({exc.reason})", path=path) from None
    reader = YAML(typ="safe", pure=True)  # YAML 1.2 unless a file's %YAML directive says so
    try:
        node = reader.compose(text)
        if node is None:
            return LocatedMap(1)
        return _Converter(path, reader.constructor).convert(node)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        raise AnnotationError(
            f"YAML syntax error: {problem}{context}", path=path, line=line
        ) from None
    except YAMLError as exc:
        raise AnnotationError(f"YAML error: {exc}", path=path) from None
