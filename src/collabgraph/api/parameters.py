"""A question's parameters as typed terms: given as a mapping or as keywords, a catalogue
question's defaults filled in, entities looked up by name; a value that cannot be bound is an
error that names its parameter. The terms are pyoxigraph's (rdflib is not imported for a
query), or the rdflib terms a caller gave."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import pyoxigraph as ox

from collabgraph.errors import CollabgraphError, UnknownNameError
from collabgraph.sparql.catalogue import QueryRequest
from collabgraph.sparql.prepare import ParameterError, checked_iri, parse_term
from collabgraph.sparql.results import Term, is_term

EntityIri = Callable[[str], ox.NamedNode]
"""The IRI of the entity a name stands for (a graph's lookup)."""


def merged_params(
    params: Mapping[str, Any] | None, keyword_params: Mapping[str, Any]
) -> dict[str, Any]:
    """Parameters given as a mapping and as keywords; a name given both ways is an error."""
    twice = sorted(set(params or {}) & set(keyword_params))
    if twice:
        raise ParameterError(
            f"parameter `{twice[0]}` is given twice (in params and as a keyword argument)"
        )
    return {**(params or {}), **keyword_params}


def bound_parameters(
    request: QueryRequest, params: Mapping[str, Any], entity_iri: EntityIri
) -> dict[str, Term]:
    """Typed terms for the parameters of ``request``: a catalogue question's declared ones
    (defaults filled in, entities looked up with ``entity_iri``), or any for inline SPARQL
    (written as SPARQL terms)."""
    if request.entry is None:
        return {name: _named(name, _given_term, value) for name, value in params.items()}
    entry = request.entry
    declared = {p.name: p for p in entry.parameters}
    unknown = [name for name in params if name not in declared]
    if unknown:
        raise UnknownNameError(f"parameter of {entry.name}", unknown[0], declared)
    bound: dict[str, Term] = {}
    for name, parameter in declared.items():
        value = params.get(name, parameter.default)
        if value is None:
            raise ParameterError(
                f"catalogue query {entry.name} needs a value for parameter `{name}`"
            )
        bound[name] = _named(name, partial(_term, parameter.kind, entity_iri), value)
    return bound


def _term(kind: str, entity_iri: EntityIri, value: Any) -> Term:
    if is_term(value):
        return value
    if kind == "entity":
        return entity_iri(str(value))
    if kind == "integer":
        try:
            return ox.Literal(int(value))
        except ValueError:
            raise CollabgraphError(f"{value!r} is not a whole number") from None
    if kind == "iri":
        return checked_iri(str(value).strip().removeprefix("<").removesuffix(">"))
    return ox.Literal(str(value))


def _given_term(value: Any) -> Term:
    return value if is_term(value) else parse_term(str(value))


def _named(name: str, make: Callable[[Any], Term], value: Any) -> Term:
    """``make(value)``; its error, if any, says which parameter it is about."""
    try:
        return make(value)
    except CollabgraphError as error:
        error.message = f"parameter `{name}`: {error.message}"
        error.args = (error.message,)
        raise
