"""The catalogue of ready questions: one ``.rq`` file each, with a header of ``#`` lines::

    # title: Networks an institution belongs to
    # description: Networks and alliances the institution is a member of, with the evidence.
    # param: institution entity UMC Utrecht
    # example: collabgraph query networks-of --param institution="UMC Utrecht"

``param`` lines name a parameter, its kind (entity, text, integer, iri) and a default value.
A ``# limit: N`` line gives a question that can return thousands of rows a default page
size (``--limit`` / ``--offset`` page through the rest). A ``# page`` comment at the end of a
sub-query's ORDER BY line is where such a question takes its page (see ``paged``).
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

_HEADER = re.compile(r"^#\s*(title|description|param|example|limit):\s*(.*)$")
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
    origin: str = "built-in"
    """'built-in', 'project', or 'project, replaces built-in' (a project question's name wins)."""
    limit: int | None = None
    """Rows per page unless the caller asks for another ``limit``."""

    @property
    def form(self) -> str:
        from collabgraph.sparql.prepare import query_form

        return query_form(self.text)


def _parse(name: str, text: str, origin: str = "built-in") -> CatalogueQuery:
    values: dict[str, list[str]] = {
        "title": [],
        "description": [],
        "param": [],
        "example": [],
        "limit": [],
    }
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
    if values["limit"] and not values["limit"][0].isdigit():
        raise CollabgraphError(f"catalogue query {name}: '# limit:' takes a number of rows")
    return CatalogueQuery(
        name=name,
        title=values["title"][0],
        description=" ".join(values["description"]),
        text=text,
        parameters=tuple(parameters),
        examples=tuple(values["example"]),
        origin=origin,
        limit=int(values["limit"][0]) if values["limit"] else None,
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
    built_in = _built_in()
    return {
        Path(name).stem: _parse(
            Path(name).stem,
            (folder / name).read_text(encoding="utf-8"),
            "project, replaces built-in" if Path(name).stem in built_in else "project",
        )
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


_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class QueryRequest:
    """A query to run: its text and, for catalogue questions, the catalogue entry."""

    text: str
    entry: CatalogueQuery | None = None


def resolve_query(query: str, extra: Path | None = None) -> QueryRequest:
    """A question's name, a path to a ``.rq`` file, or inline SPARQL, in that order.

    A name is a name: the project's ``queries/*.rq`` first, then the built-in catalogue. Text
    that has the shape of a name (letters, digits, ``-``, ``_``, ``.``) but names no question
    is an unknown name with suggestions; anything else is SPARQL, for the engine to parse.
    """
    known = catalogue(extra)
    stripped = query.strip()
    if stripped in known:
        return QueryRequest(known[stripped].text, known[stripped])
    if stripped.endswith(".rq") and "\n" not in stripped:
        path = Path(stripped)
        if not path.is_file():
            raise CollabgraphError(f"query file {stripped} not found")
        return QueryRequest(path.read_text(encoding="utf-8"))
    if _NAME.fullmatch(stripped):
        raise UnknownNameError("catalogue query", stripped, known)
    return QueryRequest(query)
