"""The catalogue of ready questions: one ``.rq`` file each, with a header of ``#`` lines::

    # title: Networks an institution belongs to
    # description: Networks and alliances the institution is a member of, with the evidence.
    # param: institution entity UMC Utrecht
    # example: collabgraph query networks-of --param institution="UMC Utrecht"

``param`` lines name a parameter, its kind (entity, text, integer, iri) and a default value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import CollabgraphError, UnknownNameError

__all__ = ["CatalogueQuery", "Parameter", "catalogue", "catalogue_query"]

_HEADER = re.compile(r"^#\s*(title|description|param|example):\s*(.*)$")
PARAMETER_KINDS = ("entity", "text", "integer", "iri")


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str
    default: str | None


@dataclass(frozen=True)
class CatalogueQuery:
    name: str
    title: str
    description: str
    text: str
    parameters: tuple[Parameter, ...] = ()
    examples: tuple[str, ...] = field(default=())

    @property
    def form(self) -> str:
        from ._query import query_form

        return query_form(self.text)


def _parse(name: str, text: str) -> CatalogueQuery:
    values: dict[str, list[str]] = {"title": [], "description": [], "param": [], "example": []}
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if match:
            values[match.group(1)].append(match.group(2).strip())
    parameters = []
    for spec in values["param"]:
        parts = spec.split(maxsplit=2)
        if len(parts) < 2 or parts[1] not in PARAMETER_KINDS:
            raise CollabgraphError(
                f"catalogue query {name}: bad 'param:' line {spec!r} (name kind [default])"
            )
        parameters.append(Parameter(parts[0], parts[1], parts[2] if len(parts) > 2 else None))
    if not values["title"]:
        raise CollabgraphError(f"catalogue query {name} has no '# title:' line")
    return CatalogueQuery(
        name=name,
        title=values["title"][0],
        description=" ".join(values["description"]),
        text=text,
        parameters=tuple(parameters),
        examples=tuple(values["example"]),
    )


def catalogue(extra: Path | None = None) -> dict[str, CatalogueQuery]:
    """The built-in questions, plus ``*.rq`` files in ``extra`` (a project's own), by name."""
    queries: dict[str, CatalogueQuery] = {}
    folder = resources.files("collabgraph") / "queries"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[: -len(".rq")]
            queries[name] = _parse(name, entry.read_text(encoding="utf-8"))
    if extra is not None and extra.is_dir():
        for path in sorted(extra.glob("*.rq")):
            queries[path.stem] = _parse(path.stem, path.read_text(encoding="utf-8"))
    return queries


def catalogue_query(name: str, extra: Path | None = None) -> CatalogueQuery:
    queries = catalogue(extra)
    if name not in queries:
        raise UnknownNameError("catalogue query", name, queries)
    return queries[name]
