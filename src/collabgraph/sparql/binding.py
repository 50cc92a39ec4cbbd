"""Binding query parameters by substitution, in the scope where the variable lives.

A parameter ``?name = term`` is bound the way SEP-0007 (SPARQL 1.2 "substitution") describes
and pyoxigraph's ``substitutions=`` implements, extended into sub-queries:

- every occurrence of ``?name`` in a graph pattern (triple patterns, FILTER, OPTIONAL, UNION,
  sub-SELECTs at any depth) becomes the term itself, so the engine filters where the question
  means it, whatever the nesting;
- where the variable must still be a variable (a SELECT's projection, ``SELECT *``, GROUP BY,
  ORDER BY, HAVING, a CONSTRUCT template, DESCRIBE), ``BIND(term AS ?name)`` is added at the
  end of that query's (or sub-query's) WHERE group, so the answers still carry it;
- where the query assigns the variable itself (``BIND(... AS ?name)``, ``(expr AS ?name)``,
  ``VALUES ?name``), binding it would be ambiguous: a clear error, never unfiltered rows.

Terms are serialised by their library, pyoxigraph or rdflib (quotes escaped, IRIs checked
first), so a value can never change the query's structure. The one textual form works on every store, remote ones too;
pyoxigraph's native ``substitutions=`` agrees with it wherever it applies (tested).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from collabgraph.errors import CollabgraphError
from collabgraph.sparql.lexer import Token, tokens

__all__ = [
    "ParameterError",
    "bind_parameters",
    "names_dataset",
    "query_form",
    "selects_all",
    "sparql_text",
    "tokens",
    "values_block",
]

_FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "construct", "DESCRIBE": "describe"}
_UPDATE_WORDS = {
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "CREATE",
    "DROP",
    "COPY",
    "MOVE",
    "ADD",
    "WITH",
}
_PROLOGUE_WORDS = {"PREFIX", "BASE"}


class ParameterError(CollabgraphError):
    """A parameter that cannot be bound in this query."""


def query_form(query: str) -> str:
    """'select', 'ask', 'construct', 'describe' or 'update': the first keyword after the
    prologue (``PREFIX p: <iri>`` and ``BASE <iri>``, SPARQL 1.1 grammar [4]-[6])."""
    toks = tokens(query)
    position = 0
    while position < len(toks) and toks[position].word in _PROLOGUE_WORDS:
        position += 3 if toks[position].word == "PREFIX" else 2
    first = toks[position].word if position < len(toks) else ""
    if first in _UPDATE_WORDS:
        return "update"
    return _FORMS.get(first, "select")


def names_dataset(query: str) -> bool:
    """Whether the query chooses its own dataset (FROM or FROM NAMED)."""
    return any(token.word == "FROM" for token in tokens(query))


@dataclass
class _Scope:
    """One query level (the main query or a sub-SELECT) and where a variable occurs in it."""

    form: str
    where_close: int | None = None  # index of the '}' that closes its WHERE group
    projects_all: bool = False
    projected: set[str] = field(default_factory=set)  # plain ?v in a SELECT or DESCRIBE list
    kept: set[str] = field(default_factory=set)  # where a variable must stay a variable
    occurs: set[str] = field(default_factory=set)  # in its graph pattern (substituted)
    children: list[_Scope] = field(default_factory=list)
    short_construct: bool = False
    head_depth: int = 0  # parentheses open in its SELECT or DESCRIBE list so far


class _Parser:
    """Walks the tokens once and records each variable occurrence with its role and scope."""

    def __init__(self, toks: tuple[Token, ...]) -> None:
        self.toks = toks
        self.index = 0
        self.substitute: dict[str, list[int]] = {}
        self.assigned: dict[str, str] = {}
        self.variables: set[str] = set()

    def _peek(self, ahead: int = 0) -> Token | None:
        position = self.index + ahead
        return self.toks[position] if position < len(self.toks) else None

    def _variable(self, token: Token) -> str:
        name = token.text[1:]
        self.variables.add(name)
        return name

    def main(self, form: str) -> _Scope:
        scope = _Scope(form)
        template_done = False
        seen_where = False
        while (token := self._peek()) is not None:
            if token.kind == "open":
                if form == "construct" and not template_done and not seen_where:
                    self.index += 1
                    self._template(scope)
                    template_done = True
                    continue
                scope.short_construct = form == "construct" and not template_done
                self._where_group(scope)
                break
            seen_where = seen_where or token.word == "WHERE"
            self._head_token(scope, token)
            self.index += 1
        self._modifiers(scope, inside_braces=False)
        return scope

    def _head_token(self, scope: _Scope, token: Token) -> None:
        """A token of a SELECT or DESCRIBE list: (expr AS ?v) assigns, a bare ?v is projected."""
        previous = self.toks[self.index - 1] if self.index else None
        if token.kind in {"lparen", "rparen"}:
            scope.head_depth += 1 if token.kind == "lparen" else -1
        if token.kind != "variable":
            return
        name = self._variable(token)
        if previous is not None and previous.word == "AS":
            self.assigned.setdefault(name, f"(... AS ?{name})")
        elif scope.head_depth == 0 and scope.form in {"select", "describe"}:
            scope.projected.add(name)
            scope.kept.add(name)
        else:
            scope.kept.add(name)

    def _template(self, scope: _Scope) -> None:
        depth = 1
        while (token := self._peek()) is not None:
            self.index += 1
            if token.kind == "open":
                depth += 1
            elif token.kind == "close":
                depth -= 1
                if depth == 0:
                    return
            elif token.kind == "variable":
                scope.kept.add(self._variable(token))

    def _where_group(self, scope: _Scope) -> None:
        """The '{' at ``self.index`` opens the WHERE group of ``scope``; walk past its '}'."""
        self.index += 1
        self._group(scope)
        scope.where_close = self.index - 1

    def _group(self, scope: _Scope) -> None:
        """Inside a group (its '{' consumed), up to and including its '}'."""
        previous: Token | None = None
        values_vars = False
        while (token := self._peek()) is not None:
            if token.kind == "open":
                following = self._peek(1)
                if following is not None and following.word == "SELECT":
                    self._sub_select(scope)
                else:
                    self.index += 1
                    self._group(scope)
                values_vars = False
                previous = token
                continue
            self.index += 1
            if token.kind == "close":
                return
            if token.word == "VALUES":
                values_vars = True
            elif token.kind == "variable":
                name = self._variable(token)
                if previous is not None and previous.word == "AS":
                    self.assigned.setdefault(name, f"BIND(... AS ?{name})")
                elif values_vars:
                    self.assigned.setdefault(name, f"VALUES ?{name}")
                else:
                    scope.occurs.add(name)
                    self.substitute.setdefault(name, []).append(self.index - 1)
            previous = token

    def _sub_select(self, parent: _Scope) -> None:
        """``{ SELECT ... WHERE { ... } modifiers }``: a scope of its own."""
        self.index += 2  # its '{' and SELECT
        child = _Scope("select")
        child.projects_all = selects_all(self.toks[self.index - 1 :])
        parent.children.append(child)
        while (token := self._peek()) is not None and token.kind != "open":
            self._head_token(child, token)
            self.index += 1
        if token is not None:
            self._where_group(child)
        self._modifiers(child, inside_braces=True)

    def _modifiers(self, scope: _Scope, *, inside_braces: bool) -> None:
        """GROUP BY, HAVING, ORDER BY and, after the main query, a trailing VALUES block."""
        values_mode = False
        previous: Token | None = None
        depth = 0
        while (token := self._peek()) is not None:
            self.index += 1
            if token.kind == "open":
                depth += 1
            elif token.kind == "close":
                if depth == 0 and inside_braces:
                    return
                depth -= 1
            elif token.word == "VALUES":
                values_mode = True
            elif token.kind == "variable":
                name = self._variable(token)
                if values_mode:
                    self.assigned.setdefault(name, f"VALUES ?{name}")
                elif previous is not None and previous.word == "AS":
                    self.assigned.setdefault(name, f"(... AS ?{name})")
                else:
                    scope.kept.add(name)
            previous = token


def _needs_bind(scope: _Scope, name: str) -> bool:
    """Whether ``?name`` must stay bound at the end of this scope's WHERE group."""
    if scope.where_close is None or scope.short_construct:
        return False
    if any(name in child.projected for child in scope.children):
        return False  # a sub-query already brings it into scope
    return name in scope.kept or (scope.projects_all and name in scope.occurs)


def _scopes(scope: _Scope) -> list[_Scope]:
    return [scope, *(s for child in scope.children for s in _scopes(child))]


def bind_parameters(query: str, bindings: Mapping[str, Any]) -> str:
    """The query with each ``?name`` bound to its term (see the module docstring)."""
    if not bindings:
        return query
    toks = tokens(query)
    parser = _Parser(toks)
    main = parser.main(query_form(query))
    main.projects_all = main.form == "select" and selects_all(toks)
    if main.where_close is None:
        raise ParameterError("cannot bind parameters: the query has no WHERE { ... } group")
    for name in bindings:
        if name not in parser.variables:
            known = ", ".join(sorted(f"?{v}" for v in parser.variables)) or "none"
            raise ParameterError(
                f"parameter `{name}`: the query has no variable ?{name} (it has {known})"
            )
        if name in parser.assigned:
            raise ParameterError(
                f"parameter `{name}`: the query sets ?{name} itself ({parser.assigned[name]}), "
                "so it cannot be bound from outside"
            )
    edits: list[tuple[int, int, str]] = []
    for name, term in bindings.items():
        text = sparql_text(term)
        edits += [
            (toks[i].start, toks[i].end, _apart(query, toks[i], text))
            for i in parser.substitute.get(name, [])
        ]
        for scope in _scopes(main):
            if _needs_bind(scope, name):
                position = toks[scope.where_close].start  # type: ignore[index]
                edits.append((position, position, f" BIND({text} AS ?{name}) "))
    result = query
    for start, end, text in sorted(edits, reverse=True):
        result = result[:start] + text + result[end:]
    return result


_GLUES = set("<>=!&|^")
"""Characters a term written right beside could merge with, for a lexer that reads
``<`` greedily (``?a<?b`` bound to ``<x><?b``): the term gets a space on that side."""


def values_block(name: str, terms: Sequence[Any]) -> str:
    """``VALUES ?name { term ... }``: a variable bound to each of many terms (a set-based
    query's starting points), each term serialised as ``bind_parameters`` does."""
    if not terms:
        raise ParameterError(f"parameter `{name}`: a VALUES block needs at least one term")
    return f"VALUES ?{name} {{ " + " ".join(sparql_text(term) for term in terms) + " }"


def sparql_text(term: Any) -> str:
    """A term of pyoxigraph (its N-Triples form) or of rdflib (``n3()``) as SPARQL text."""
    n3 = getattr(term, "n3", None)
    return n3() if n3 is not None else str(term)


def _apart(query: str, token: Token, text: str) -> str:
    before = " " if query[token.start - 1 : token.start] in _GLUES else ""
    after = " " if query[token.end : token.end + 1] in _GLUES else ""
    return before + text + after


def selects_all(query: str | tuple[Token, ...]) -> bool:
    """``SELECT *`` (or ``SELECT DISTINCT *``) in the main query."""
    toks = tokens(query) if isinstance(query, str) else query
    for position, token in enumerate(toks):
        if token.word == "SELECT":
            rest = [
                t
                for t in toks[position + 1 : position + 3]
                if t.word not in {"DISTINCT", "REDUCED"}
            ]
            return bool(rest) and rest[0].text == "*"
    return False
