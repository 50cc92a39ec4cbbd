"""Source texts and the evidence quotes located in them."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rdflib import URIRef

from collabgraph.errors import AnnotationError
from collabgraph.namespace import GRAPH, SOURCE

__all__ = ["Quote", "Source", "locate_quote"]

_CONTEXT = 32
# Web pages carry non-breaking and narrow spaces a curator cannot see or type. They match a
# plain space; the mapping is one character to one, so positions stay exact, and oa:exact
# keeps the source's own characters.
_INVISIBLE_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " "})


@dataclass(frozen=True)
class Source:
    """A text that facts come from: a source document or a reference data file."""

    id: str
    kind: Literal["document", "reference"]
    path: Path
    text: str
    title: str
    publisher: str | None = None
    language: str | None = None
    original_file: str | None = None
    cited_source: str | None = None
    description: str | None = None
    url: str | None = None
    retrieved: str | None = None
    """The day the text was retrieved from ``url`` (ISO 8601 date)."""
    annotation_file: Path | None = None
    """The annotation file that describes a document."""
    lines: tuple[tuple[str, int], ...] = ()
    """The line of each key of the annotation file's ``document:`` mapping."""

    def line_of(self, key: str) -> int:
        """The annotation file's line for ``key`` (the ``document:`` line when absent)."""
        return dict(self.lines).get(key, dict(self.lines).get("document", 1))

    @property
    def iri(self) -> URIRef:
        return SOURCE[self.id]

    @property
    def graph(self) -> URIRef:
        return GRAPH[self.id]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Quote:
    """An exact quote with its position in the source (Web Annotation selectors)."""

    exact: str
    start: int
    end: int
    prefix: str
    suffix: str
    line: int

    @classmethod
    def at(cls, text: str, start: int, end: int) -> Quote:
        """The quote text[start:end], with its context and line."""
        return cls(
            exact=text[start:end],
            start=start,
            end=end,
            prefix=text[max(0, start - _CONTEXT) : start],
            suffix=text[end : end + _CONTEXT],
            line=text.count("\n", 0, start) + 1,
        )


def _spacing_hint(text: str, quote: str) -> str:
    words = quote.split()
    if not words:
        return ""
    pattern = r"\s+".join(re.escape(word) for word in words)
    found = re.search(pattern, text)
    if found is None:
        return ""
    return f"; the source has it with different spacing: {found.group(0)!r}"


def locate_quote(
    source: Source, quote: str, occurrence: int | None, *, path: Path, line: int
) -> Quote:
    """Find ``quote`` verbatim in the source; ambiguous quotes need ``occurrence`` (1-based)."""
    if not quote.strip():
        raise AnnotationError("the quote is empty", path=path, line=line)
    searchable = source.text.translate(_INVISIBLE_SPACES)
    wanted = quote.translate(_INVISIBLE_SPACES)
    starts = [m.start() for m in re.finditer(re.escape(wanted), searchable)]
    if not starts:
        hint = _spacing_hint(searchable, wanted)
        raise AnnotationError(
            f"quote not found verbatim in {source.path.name}: {quote!r}{hint}",
            path=path,
            line=line,
        )
    if occurrence is None and len(starts) > 1:
        raise AnnotationError(
            f"quote occurs {len(starts)} times in {source.path.name}; "
            f"add 'occurrence: N' (1 to {len(starts)}) to say which: {quote!r}",
            path=path,
            line=line,
        )
    index = 1 if occurrence is None else occurrence
    if not 1 <= index <= len(starts):
        raise AnnotationError(
            f"occurrence {index} asked for, but the quote occurs {len(starts)} time(s)",
            path=path,
            line=line,
        )
    start = starts[index - 1]
    return Quote.at(source.text, start, start + len(quote))
