"""The curator's decisions about imported records: ``data/resolution.yaml``.

``pin`` maps an imported record (``cordis:<organisationID>``, ``ror:<id>``) to the entity it
is (or ``new``: never matched); ``forbid`` lists entities it may not be. Every key and target
is checked, with the file and line of a mistake.
"""

from __future__ import annotations

from pathlib import Path

from collabgraph.curation.registry import Registry
from collabgraph.curation.yamlfile import LocatedMap, read_yaml
from collabgraph.errors import AnnotationError, CollabgraphError, ValidationFailed
from collabgraph.importers.resolution import (
    Pins,
)

__all__ = ["read_pins"]

_NEW = "new"


def _pin_target(value: object, path: Path, line: int, registry: Registry, ror_ids: set[str]) -> str:
    target = str(value).strip() if isinstance(value, str) else ""
    if target == _NEW or target in registry:
        return target
    if target.startswith("ror:") and target[4:] in ror_ids:
        return target
    if target.startswith("ror:"):
        raise AnnotationError(f"{target} is not in the imported ROR records", path=path, line=line)
    registry.get(target, path=path, line=line)  # raises with "did you mean"
    return target


def _check_key(key: str, path: Path, line: int) -> None:
    prefix, _, rest = key.partition(":")
    if prefix not in {"cordis", "ror"} or not rest:
        raise AnnotationError(
            f"unknown import key {key!r}: write cordis:<organisationID> or ror:<id>",
            path=path,
            line=line,
        )


def read_pins(path: Path, registry: Registry, ror_ids: set[str]) -> Pins:
    """``data/resolution.yaml``: every problem (unknown key or entity) by file and line."""
    pins = Pins()
    if not path.is_file():
        return pins
    document = read_yaml(path)
    if document is None:
        return pins
    if not isinstance(document, LocatedMap) or set(document) - {"pin", "forbid"}:
        raise AnnotationError("expected top-level 'pin:' and 'forbid:' mappings", path=path, line=1)
    problems: list[CollabgraphError] = []
    for section in ("pin", "forbid"):
        entries = document.get(section) or LocatedMap(document.line_of(section))
        if not isinstance(entries, LocatedMap):
            problems.append(AnnotationError(f"'{section}:' must be a mapping", path=path))
            continue
        for key, value in entries.items():
            line = entries.line_of(key)
            try:
                _check_key(key, path, line)
                if section == "pin":
                    pins.pin[key] = _pin_target(value, path, line, registry, ror_ids)
                else:
                    values = value if isinstance(value, list) else [value]
                    pins.forbid[key] = {
                        _pin_target(v, path, line, registry, ror_ids) for v in values
                    }
            except AnnotationError as problem:
                problems.append(problem)
    if problems:
        raise ValidationFailed(problems)
    return pins
