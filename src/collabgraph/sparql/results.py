"""Query results in one shape for every store, and their serialisations.

A result keeps the terms its engine gave (pyoxigraph's from Oxigraph and, where they are
valid IRIs, from a remote endpoint; rdflib's from the rdflib store), and the command line
prints them as they are, so ``collabgraph query`` on Oxigraph never imports rdflib.
:attr:`QueryResult.rows` gives rdflib terms to the API's callers, converted on first use.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import pyoxigraph as ox

from collabgraph.prefixes import PREFIXES, XSD

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

__all__ = [
    "QueryResult",
    "compact",
    "is_term",
    "term_from_json",
    "term_parts",
    "term_to_json",
    "to_rdflib",
]

Term = Any
"""A term of pyoxigraph (``NamedNode``, ``BlankNode``, ``Literal``) or of rdflib (``Node``)."""
_OX_TERMS = (ox.NamedNode, ox.BlankNode, ox.Literal)
_XSD_STRING = XSD + "string"


def is_term(value: Any) -> bool:
    """Whether ``value`` is an RDF term of pyoxigraph or rdflib (a value that is one of
    rdflib's can only exist once rdflib is imported, so this never imports it)."""
    if isinstance(value, _OX_TERMS):
        return True
    rdflib = sys.modules.get("rdflib")
    return rdflib is not None and isinstance(value, rdflib.term.Node)


def term_parts(term: Term) -> tuple[str, str, str | None, str | None]:
    """(kind, value, language, datatype) of a term of either library; kind is uri, bnode or
    literal, and a plain string's datatype is None (as SPARQL JSON leaves it out)."""
    if isinstance(term, ox.NamedNode):
        return "uri", term.value, None, None
    if isinstance(term, ox.BlankNode):
        return "bnode", term.value, None, None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        plain = term.language or datatype == _XSD_STRING
        return "literal", term.value, term.language, None if plain else datatype
    from rdflib import BNode, URIRef
    from rdflib import Literal as RDFLiteral

    if isinstance(term, URIRef):
        return "uri", str(term), None, None
    if isinstance(term, BNode):
        return "bnode", str(term), None, None
    assert isinstance(term, RDFLiteral)
    typed = str(term.datatype) if term.datatype is not None else None
    return "literal", str(term), term.language, None if typed == _XSD_STRING else typed


def compact(term: Term | None, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """A term as an analyst reads it: IRIs with the project's prefixes, literals as text."""
    if term is None:
        return ""
    kind, text, _, _ = term_parts(term)
    if kind == "uri":
        best = max(
            ((p, ns) for p, ns in prefixes.items() if text.startswith(ns)),
            key=lambda pair: len(pair[1]),
            default=None,
        )
        if best is not None:
            local = text[len(best[1]) :]
            if local and all(c.isalnum() or c in "-_./" for c in local):
                return f"{best[0]}:{local}"
        return f"<{text}>"
    if kind == "bnode":
        return f"_:{text}"
    return text


def term_to_json(term: Term) -> dict[str, str]:
    """A term in the SPARQL 1.1 Query Results JSON format."""
    kind, value, language, datatype = term_parts(term)
    result = {"type": kind, "value": value}
    if language:
        result["xml:lang"] = language
    elif datatype is not None:
        result["datatype"] = datatype
    return result


def term_from_json(data: Mapping[str, str]) -> Term:
    """A term of SPARQL JSON results as pyoxigraph's; an IRI that pyoxigraph refuses (a
    server may answer one with a space) as rdflib's, as it was before."""
    kind, value = data["type"], data["value"]
    try:
        if kind == "uri":
            return ox.NamedNode(value)
        if kind == "bnode":
            return ox.BlankNode(value)
        datatype = data.get("datatype")
        if data.get("xml:lang"):
            return ox.Literal(value, language=data["xml:lang"])
        return ox.Literal(value, datatype=ox.NamedNode(datatype) if datatype else None)
    except ValueError:
        return _rdflib_from_json(data)


def _rdflib_from_json(data: Mapping[str, str]) -> Node:
    from rdflib import BNode, URIRef
    from rdflib import Literal as RDFLiteral

    kind = data["type"]
    if kind == "uri":
        return URIRef(data["value"])
    if kind == "bnode":
        return BNode(data["value"])
    datatype = data.get("datatype")
    return RDFLiteral(
        data["value"], lang=data.get("xml:lang"), datatype=URIRef(datatype) if datatype else None
    )


def to_rdflib(term: Term | None) -> Node | None:
    """A term as rdflib's (what :attr:`QueryResult.rows` gives)."""
    if term is None or not isinstance(term, _OX_TERMS):
        return term
    from rdflib import BNode, URIRef
    from rdflib import Literal as RDFLiteral

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return RDFLiteral(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        return RDFLiteral(term.value)
    return RDFLiteral(term.value, datatype=URIRef(term.datatype.value))


class QueryResult:
    """What a query returned: rows (SELECT), a boolean (ASK) or a graph (CONSTRUCT/DESCRIBE).

    ``rows`` given to it may hold the terms of pyoxigraph or rdflib; :attr:`rows` reads them
    as rdflib terms, :attr:`terms` as the engine gave them."""

    def __init__(
        self,
        kind: Literal["select", "ask", "graph"],
        variables: Sequence[str] | None = None,
        rows: Sequence[tuple[Term | None, ...]] | None = None,
        boolean: bool | None = None,
        graph: Graph | None = None,
    ) -> None:
        self.kind = kind
        self.variables = list(variables or [])
        self.terms: list[tuple[Term | None, ...]] = list(rows or [])
        self.boolean = boolean
        self.graph = graph
        self._rows: list[tuple[Node | None, ...]] | None = None

    @property
    def rows(self) -> list[tuple[Node | None, ...]]:
        """The rows with rdflib terms (imports rdflib on first use)."""
        if self._rows is None:
            self._rows = [tuple(to_rdflib(term) for term in row) for row in self.terms]
        return self._rows

    def __repr__(self) -> str:
        shape = f"{len(self.terms)} rows" if self.kind == "select" else self.kind
        return f"<QueryResult {self.kind}: {shape}>"

    def __iter__(self) -> Iterator[tuple[Node | None, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.terms)

    def with_columns(self, order: Sequence[int]) -> QueryResult:
        """The same SELECT result with its columns in the given order."""
        return QueryResult(
            "select",
            [self.variables[i] for i in order],
            [tuple(row[i] for i in order) for row in self.terms],
        )

    def python_rows(self) -> list[dict[str, Any]]:
        """Rows with literals as Python values (int, Decimal, str) and IRIs as strings."""
        from rdflib import Literal as RDFLiteral

        return [
            {
                name: (
                    term.toPython()
                    if isinstance(term, RDFLiteral)
                    else (str(term) if term is not None else None)
                )
                for name, term in zip(self.variables, row, strict=True)
            }
            for row in self.rows
        ]

    def compact_rows(self) -> list[list[str]]:
        return [[compact(term) for term in row] for row in self.terms]

    def to_sparql_json(self) -> dict[str, Any]:
        if self.kind == "ask":
            return {"head": {}, "boolean": bool(self.boolean)}
        bindings = [
            {
                name: term_to_json(term)
                for name, term in zip(self.variables, row, strict=True)
                if term is not None
            }
            for row in self.terms
        ]
        return {"head": {"vars": self.variables}, "results": {"bindings": bindings}}

    def to_json_text(self) -> str:
        return json.dumps(self.to_sparql_json(), indent=2, ensure_ascii=False)
