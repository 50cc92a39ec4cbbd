"""Query results in one shape for every store (rdflib terms), and their serialisations."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.namespace import XSD
from rdflib.term import Node

from collabgraph.namespace import PREFIXES

__all__ = ["QueryResult", "compact", "term_from_json", "term_to_json"]


def compact(term: Node | None, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """A term as an analyst reads it: IRIs with the project's prefixes, literals as text."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
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
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def term_to_json(term: Node) -> dict[str, str]:
    """A term in the SPARQL 1.1 Query Results JSON format."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, RDFLiteral)
    result = {"type": "literal", "value": str(term)}
    if term.language:
        result["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype != XSD.string:
        result["datatype"] = str(term.datatype)
    return result


def term_from_json(data: Mapping[str, str]) -> Node:
    kind = data["type"]
    if kind == "uri":
        return URIRef(data["value"])
    if kind == "bnode":
        return BNode(data["value"])
    datatype = data.get("datatype")
    return RDFLiteral(
        data["value"], lang=data.get("xml:lang"), datatype=URIRef(datatype) if datatype else None
    )


@dataclass
class QueryResult:
    """What a query returned: rows (SELECT), a boolean (ASK) or a graph (CONSTRUCT/DESCRIBE)."""

    kind: Literal["select", "ask", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    def __iter__(self) -> Iterator[tuple[Node | None, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def python_rows(self) -> list[dict[str, Any]]:
        """Rows with literals as Python values (int, Decimal, str) and IRIs as strings."""
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
        return [[compact(term) for term in row] for row in self.rows]

    def to_sparql_json(self) -> dict[str, Any]:
        if self.kind == "ask":
            return {"head": {}, "boolean": bool(self.boolean)}
        bindings = [
            {
                name: term_to_json(term)
                for name, term in zip(self.variables, row, strict=True)
                if term is not None
            }
            for row in self.rows
        ]
        return {"head": {"vars": self.variables}, "results": {"bindings": bindings}}

    def to_json_text(self) -> str:
        return json.dumps(self.to_sparql_json(), indent=2, ensure_ascii=False)
