"""Running SPARQL: prefixes, safe parameter binding, syntax checks and timeouts, on any store.

Parameters are bound by inserting ``VALUES (?name) { (term) }`` at the head of the query's
outermost WHERE group. The term is serialised by rdflib (quotes escaped, IRIs checked), so a
parameter value can never change the query's structure; and the one mechanism works the
same on every store, the remote ones included.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from typing import TypeVar

from pyparsing import ParseException
from rdflib import Literal, URIRef
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.term import Node

from collabgraph.errors import CollabgraphError, QuerySyntaxError, QueryTimeoutError
from collabgraph.namespace import PREFIXES
from collabgraph.sparql.results import QueryResult
from collabgraph.sparql.store import Store

__all__ = ["bind_parameters", "prepare_query", "query_form", "run_query", "with_prefixes"]

_TOKEN = re.compile(
    r"""
    (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<string>'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<comment>\#[^\n]*)
  | (?P<variable>[?$][A-Za-z_0-9\u00B7-\uFFFF]+)
  | (?P<word>[A-Za-z_][A-Za-z_0-9-]*)
  | (?P<open>\{)
  | (?P<close>\})
    """,
    re.VERBOSE | re.DOTALL,
)
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

T = TypeVar("T")


def _tokens(query: str) -> list[re.Match[str]]:
    return [m for m in _TOKEN.finditer(query) if m.lastgroup not in {"comment", "string", "iri"}]


_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s+[^\s:]*:|BASE)\s*<[^>]*>|#[^\n]*)", re.IGNORECASE)


def query_form(query: str) -> str:
    """'select', 'ask', 'construct', 'describe' or 'update' (by the first keyword after the prologue)."""
    position = 0
    while match := _PROLOGUE.match(query, position):
        if match.end() == position:
            break
        position = match.end()
    for token in _tokens(query[position:]):
        word = token.group(0).upper()
        if token.lastgroup != "word":
            continue
        if word in _FORMS:
            return _FORMS[word]
        if word in _UPDATE_WORDS:
            return "update"
    return "select"


def with_prefixes(query: str, prefixes: Mapping[str, str] = PREFIXES) -> tuple[str, int]:
    """Declare the project's prefixes the query does not declare itself, on one extra first line.

    Returns the query and how many lines were added (to map error positions back).
    """
    declared = {m.lower() for m in re.findall(r"(?im)^\s*PREFIX\s+([A-Za-z][\w.-]*)?:", query)}
    missing = [f"PREFIX {p}: <{ns}>" for p, ns in prefixes.items() if p.lower() not in declared]
    if not missing:
        return query, 0
    return " ".join(missing) + "\n" + query, 1


def _where_brace(query: str, tokens: list[re.Match[str]]) -> int:
    depth = 0
    after_where = False
    form = query_form(query)
    for token in tokens:
        kind = token.lastgroup
        if kind == "word" and depth == 0 and token.group(0).upper() == "WHERE":
            after_where = True
        elif kind == "open":
            if depth == 0 and (after_where or form in {"select", "ask", "describe"}):
                return token.end()
            depth += 1
        elif kind == "close":
            depth -= 1
    raise QuerySyntaxError("cannot bind parameters: the query has no WHERE { ... } group")


def bind_parameters(query: str, bindings: Mapping[str, Node]) -> str:
    """Bind ``?name`` to a term for each binding (see the module docstring)."""
    if not bindings:
        return query
    tokens = _tokens(query)
    variables = {t.group(0)[1:] for t in tokens if t.lastgroup == "variable"}
    for name in bindings:
        if name not in variables:
            known = ", ".join(sorted(f"?{v}" for v in variables)) or "none"
            raise CollabgraphError(
                f"parameter {name!r}: the query has no variable ?{name} (it has {known})"
            )
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(term.n3() for term in bindings.values())
    clause = f" VALUES ({names}) {{ ({values}) }} "
    position = _where_brace(query, tokens)
    return query[:position] + clause + query[position:]


def check_syntax(query: str, added_lines: int = 0) -> None:
    """Parse with rdflib's SPARQL grammar; errors give line and column in the user's text."""
    parse = parseUpdate if query_form(query) == "update" else parseQuery
    try:
        parse(query)
    except ParseException as exc:
        line = max(1, exc.lineno - added_lines)
        message = exc.msg.replace("\n", " ")
        raise QuerySyntaxError(
            f"SPARQL syntax error at line {line}, column {exc.col}: {message}"
        ) from None


def run_with_timeout(function: Callable[[], T], timeout: float | None) -> T:
    """Run ``function`` on a worker thread and stop waiting after ``timeout`` seconds.

    Both stores release the interpreter while they work, so a runaway query cannot hold the
    caller; the abandoned worker is a daemon thread and ends with the process.
    """
    if timeout is None:
        return function()
    outcome: dict[str, T] = {}
    failure: list[BaseException] = []

    def work() -> None:
        try:
            outcome["value"] = function()
        except BaseException as exc:
            failure.append(exc)

    worker = threading.Thread(target=work, name="collabgraph-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryTimeoutError(f"the query was stopped after the {timeout:g} s timeout")
    if failure:
        raise failure[0]
    return outcome["value"]


def prepare_query(query: str, bindings: Mapping[str, Node] | None = None) -> str:
    """The text a store runs: the project's prefixes declared, syntax checked, parameters bound."""
    prefixed, added = with_prefixes(query)
    check_syntax(prefixed, added)
    return bind_parameters(prefixed, bindings or {})


def run_query(
    store: Store,
    query: str,
    bindings: Mapping[str, Node] | None = None,
    *,
    timeout: float | None = None,
    allow_update: bool = False,
) -> QueryResult:
    """Check, bind and run a query on ``store``."""
    if query_form(query) == "update" and not allow_update:
        raise CollabgraphError(
            "updates are refused: collabgraph queries are read-only (rebuild the graph to change it)"
        )
    final = prepare_query(query, bindings)
    return run_with_timeout(lambda: store.query(final), timeout)


def parse_term(text: str) -> Node:
    """A command-line value as a term: <iri>, prefix:name, an integer, or plain text."""
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    prefix, _, local = text.partition(":")
    if prefix in PREFIXES and local and " " not in text:
        return URIRef(PREFIXES[prefix] + local)
    if re.fullmatch(r"-?\d+", text):
        return Literal(int(text))
    return Literal(text)
