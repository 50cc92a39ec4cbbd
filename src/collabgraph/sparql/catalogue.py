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
from functools import cache
from importlib import resources
from pathlib import Path

from collabgraph.errors import CollabgraphError, UnknownNameError

__all__ = [
    "CatalogueQuery",
    "Parameter",
    "QueryRequest",
    "catalogue",
    "catalogue_query",
    "resolve_query",
]

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
        from collabgraph.sparql.prepare import query_form

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


@cache
def _built_in() -> dict[str, CatalogueQuery]:
    """The questions shipped with collabgraph, read once per process."""
    queries: dict[str, CatalogueQuery] = {}
    folder = resources.files("collabgraph.sparql") / "queries"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[: -len(".rq")]
            queries[name] = _parse(name, entry.read_text(encoding="utf-8"))
    return queries


@cache
def _project_questions(
    folder: Path, stamps: tuple[tuple[str, int], ...]
) -> dict[str, CatalogueQuery]:
    """A project's own questions, read again only when a file changes (``stamps``)."""
    return {
        Path(name).stem: _parse(Path(name).stem, (folder / name).read_text(encoding="utf-8"))
        for name, _ in stamps
    }


def catalogue(extra: Path | None = None) -> dict[str, CatalogueQuery]:
    """The built-in questions, plus ``*.rq`` files in ``extra`` (a project's own), by name."""
    queries = dict(_built_in())
    if extra is not None and extra.is_dir():
        stamps = tuple((path.name, path.stat().st_mtime_ns) for path in sorted(extra.glob("*.rq")))
        queries.update(_project_questions(extra, stamps))
    return queries


def catalogue_query(name: str, extra: Path | None = None) -> CatalogueQuery:
    queries = catalogue(extra)
    if name not in queries:
        raise UnknownNameError("catalogue query", name, queries)
    return queries[name]


_SPARQL_START = re.compile(
    r"^\s*(PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|WITH|#)", re.IGNORECASE
)


@dataclass(frozen=True)
class QueryRequest:
    """A query to run: its text and, for catalogue questions, the catalogue entry."""

    text: str
    entry: CatalogueQuery | None = None


def resolve_query(query: str, extra: Path | None = None) -> QueryRequest:
    """Inline SPARQL, a path to a ``.rq`` file, or the name of a catalogue question."""
    path = Path(query)
    if query.endswith(".rq") and "\n" not in query:
        if not path.is_file():
            raise CollabgraphError(f"query file {query} not found")
        return QueryRequest(path.read_text(encoding="utf-8"))
    if _SPARQL_START.match(query) or "{" in query:
        return QueryRequest(query)
    known = catalogue(extra)
    if query in known:
        return QueryRequest(known[query].text, known[query])
    raise UnknownNameError("catalogue query", query, known)
