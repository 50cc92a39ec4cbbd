"""Errors a user can cause and fix.

Every user mistake raises a subclass of :class:`CollabgraphError`. The CLI prints its
message and exits with :attr:`CollabgraphError.exit_code`; the SPARQL server turns it into
one JSON error shape (:meth:`CollabgraphError.to_json`). Anything else is a bug.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = [
    "AnnotationError",
    "BuildError",
    "CollabgraphError",
    "DocumentError",
    "EndpointError",
    "QuerySyntaxError",
    "QueryTimeoutError",
    "UnknownNameError",
    "ValidationFailed",
    "suggest",
]


def suggest(name: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """Close matches for a misspelt name, best first (see :func:`collabgraph.names.suggest`)."""
    from collabgraph.names import suggest as closest

    return closest(name, candidates, limit)


class CollabgraphError(Exception):
    """Base class of every error caused by user input."""

    exit_code = 1
    kind = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def to_json(self) -> dict[str, Any]:
        """The one JSON shape every server error takes."""
        return {"error": {"type": self.kind, "message": self.message}}


class AnnotationError(CollabgraphError):
    """A problem in an annotation, registry or reference file, located by file and line."""

    kind = "annotation"

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        entity: str | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        self.entity = entity
        self.detail = message
        super().__init__(self._locate(message))

    def _locate(self, message: str) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
        if self.entity is not None:
            where += f" [{self.entity}]" if where else f"[{self.entity}]"
        return f"{where}: {message}" if where else message


class ValidationFailed(CollabgraphError):
    """One or more problems found while validating; each is an :class:`AnnotationError`."""

    kind = "validation"

    def __init__(self, problems: list[CollabgraphError]) -> None:
        self.problems = problems
        count = len(problems)
        lines = "\n".join(f"  {p.message}" for p in problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} found:\n{lines}")


class BuildError(CollabgraphError):
    """The build cannot run (no project data found, no built graph yet, ...)."""

    kind = "build"


class DocumentError(CollabgraphError):
    """A document that cannot be added or drafted: unknown format, no text, unreadable."""

    kind = "document"


class UnknownNameError(CollabgraphError):
    """A name (entity, catalogue query, format) that is not known; suggests close names."""

    kind = "unknown-name"

    def __init__(self, what: str, name: str, candidates: Iterable[str]) -> None:
        self.name = name
        self.suggestions = suggest(name, candidates)
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown {what} {name!r}.{hint}")


class AmbiguousNameError(CollabgraphError):
    """A name that several entities share: the lookup lists them instead of guessing."""

    kind = "ambiguous-name"


class QuerySyntaxError(CollabgraphError):
    """A SPARQL query that does not parse."""

    kind = "query-syntax"
    exit_code = 2


class QueryTimeoutError(CollabgraphError):
    """A query stopped because it ran longer than the timeout."""

    kind = "timeout"
    exit_code = 3


class EndpointError(CollabgraphError):
    """A remote SPARQL endpoint is unreachable or answered with an error."""

    kind = "endpoint"
