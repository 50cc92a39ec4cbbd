"""Running SPARQL on any store: prefixes, parameters, one syntax check, timeouts that stop.

- **Prefixes**: the project's prefixes are handed to the engine natively (pyoxigraph's
  ``prefixes=``, rdflib's ``initNs``), so the engine parses the user's own text and its error
  positions are the user's. Remote endpoints get them declared on one added first line, and
  their error positions are shifted back.
- **Parameters** are bound by substitution in the scope the variable lives in
  (:mod:`collabgraph.sparql.binding`).
- **One syntax check**, by the engine that runs the query. Only when the engine refuses a
  query is the user's text parsed again (by pyoxigraph, on an empty store) to say whether the
  query or a parameter value is at fault, with line, column and a caret under the spot.
- **Timeouts** run the query in a worker process that is ended when time is up
  (:mod:`collabgraph.sparql.worker`), so no abandoned query keeps a core busy.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING

import pyoxigraph as ox

from collabgraph.errors import CollabgraphError, QuerySyntaxError
from collabgraph.prefixes import PREFIXES
from collabgraph.sparql.binding import (
    ParameterError,
    bind_parameters,
    query_form,
    selects_all,
    tokens,
)
from collabgraph.sparql.results import QueryResult

if TYPE_CHECKING:
    from collabgraph.sparql.results import Term
    from collabgraph.sparql.store import Store

__all__ = [
    "ParameterError",
    "bind_parameters",
    "check_syntax",
    "paged",
    "parse_term",
    "prepare_query",
    "query_form",
    "run_query",
    "syntax_error",
    "with_prefixes",
]

_IRI = re.compile(r"[^\x00-\x20<>\"{}|^`\\]*")
_POSITION = re.compile(r"error at (\d+):(\d+):?\s*")
_MOST_EXPECTED = 12


_DECLARED = re.compile(r"(?i)PREFIX\s+([A-Za-z][\w.-]*)?:")
"""A prefix declaration (where ``PREFIX`` starts the text or follows white space)."""


def with_prefixes(query: str, prefixes: Mapping[str, str] = PREFIXES) -> tuple[str, int]:
    """Declare the project's prefixes the query does not declare itself, on one extra first line.

    Returns the query and how many lines were added (to map error positions back).
    """
    declared = {
        (m.group(1) or "").lower()
        for m in _DECLARED.finditer(query)
        if m.start() == 0 or query[m.start() - 1].isspace()
    }
    # a prefix is declared where ``name:`` occurs in the text; an occurrence inside a string,
    # an IRI or a longer name declares one the query does not need, which is harmless
    missing = [
        f"PREFIX {p}: <{ns}>"
        for p, ns in prefixes.items()
        if f"{p}:" in query and p.lower() not in declared
    ]
    if not missing:
        return query, 0
    return " ".join(missing) + "\n" + query, 1


def _expected(detail: str) -> str:
    """Oxigraph's 'expected one of A, B, ['x' ..= 'y']' without the character classes."""
    head, found, alternatives = detail.partition("expected one of ")
    if not found:
        return detail.strip()
    items, depth, current, quoted = [], 0, "", False
    for char in alternatives:
        if char == "'" and depth:
            quoted = not quoted
        elif not quoted and char == "[":
            depth += 1
        elif not quoted and char == "]":
            depth -= 1
        if char == "," and depth == 0 and not quoted:
            items.append(current.strip())
            current = ""
        else:
            current += char
    items.append(current.strip())
    words = [item for item in items if item and not item.startswith("[")]
    if "Prefix not found" in words:
        return head + "an undeclared prefix (declare it with PREFIX, or use one of the project's)"
    if not words:
        return head + "unexpected input here"
    if len(words) == 1:
        return f"{head}expected {words[0]}"
    shown = ", ".join(words[:_MOST_EXPECTED]) + (", ..." if len(words) > _MOST_EXPECTED else "")
    return f"{head}expected one of {shown}"


def syntax_error(message: str, query: str, added_lines: int = 0) -> QuerySyntaxError:
    """An engine's 'error at LINE:COLUMN: ...' as a message about the user's own text."""
    match = _POSITION.search(message)
    if match is None:
        return QuerySyntaxError(f"SPARQL syntax error: {message.strip()}")
    line = max(1, int(match.group(1)) - added_lines)
    column = int(match.group(2))
    detail = _expected(message[match.end() :])
    lines = query.splitlines() or [""]
    excerpt = lines[line - 1] if line <= len(lines) else ""
    caret = " " * (max(column, 1) - 1) + "^"
    return QuerySyntaxError(
        f"SPARQL syntax error at line {line}, column {column}: {detail}\n    {excerpt}\n    {caret}"
    )


@cache
def _parser() -> ox.Store:
    """An empty store: parsing a query there evaluates nothing of the graph."""
    return ox.Store()


def check_syntax(query: str) -> None:
    """Parse the user's text (project prefixes predeclared); raise its syntax error, if any."""
    try:
        if query_form(query) == "update":
            return
        _parser().query(query, prefixes=dict(PREFIXES))
    except SyntaxError as exc:
        raise _undeclared_prefix(query) or syntax_error(str(exc), query) from None


def _undeclared_prefix(query: str) -> QuerySyntaxError | None:
    """A prefixed name whose prefix is neither the project's nor declared (the engine's own
    message for it is unhelpful)."""
    toks = tokens(query)
    declared = set(PREFIXES)
    for position, token in enumerate(toks):
        if token.word == "PREFIX" and position + 1 < len(toks):
            declared.add(toks[position + 1].text.partition(":")[0])
    for token in toks:
        prefix = token.text.partition(":")[0]
        if token.kind != "pname" or prefix in declared:
            continue
        line = query.count("\n", 0, token.start) + 1
        column = token.start - (query.rfind("\n", 0, token.start) + 1) + 1
        return syntax_error(
            f"error at {line}:{column}: the prefix {prefix}: is not declared "
            "(declare it with PREFIX, or use one of the project's)",
            query,
        )
    return None


_PAGING = re.compile(r"\b(?:LIMIT|OFFSET)\b", re.IGNORECASE)
_PAGE_MARK = re.compile(r"#\s*page\s*$", re.MULTILINE)


def paged(query: str, limit: int | None, offset: int = 0) -> str:
    """A SELECT with ``LIMIT``/``OFFSET`` appended (its ORDER BY makes pages stable); a
    query that pages itself is left to do so and asking for a page of it is an error.

    A query may mark where its page is cut with a ``# page`` comment at the end of a line,
    after the ORDER BY of a sub-query that picks one row per answer row. The engine then
    orders only the keys it needs and reads the rest of each row for one page, not for
    every row (``money`` at Horizon 2020 size: 7.6 s to 1.3 s). Unpaged, the mark is a
    comment and the sub-query returns every row."""
    if limit is None and not offset:
        return query
    if query_form(query) != "select":
        raise CollabgraphError("`limit` and `offset` page SELECT results only")
    if _PAGE_MARK.search(query):
        return _PAGE_MARK.sub(lambda _: _page_clauses(limit, offset), query, count=1)
    tail = query[query.rfind("}") + 1 :]
    if _PAGING.search(re.sub(r"#[^\n]*", "", tail)):
        raise CollabgraphError(
            "this query has its own LIMIT or OFFSET; `limit`/`offset` cannot add one"
        )
    return f"{query.rstrip()}\n{_page_clauses(limit, offset)}\n"


def _page_clauses(limit: int | None, offset: int) -> str:
    clauses = ([f"LIMIT {limit}"] if limit is not None else []) + (
        [f"OFFSET {offset}"] if offset else []
    )
    return " ".join(clauses)


def prepare_query(query: str, bindings: Mapping[str, Term] | None = None) -> str:
    """The full text for a remote engine: parameters bound, the project's prefixes declared."""
    return with_prefixes(bind_parameters(query, bindings or {}))[0]


def run_query(
    store: Store,
    query: str,
    bindings: Mapping[str, Term] | None = None,
    *,
    timeout: float | None = None,
    allow_update: bool = False,
) -> QueryResult:
    """Bind and run a query on ``store`` (see the module docstring)."""
    if query_form(query) == "update" and not allow_update:
        raise CollabgraphError(
            "updates are refused: collabgraph queries are read-only (rebuild the graph to change it)"
        )
    try:
        bound = bind_parameters(query, bindings or {})
    except ParameterError:
        check_syntax(query)  # a mistake in the query itself is the first thing to say
        raise
    try:
        result = store.run(bound, PREFIXES, timeout=timeout)
    except QuerySyntaxError as error:
        check_syntax(query)
        if bound == query:
            raise
        raise ParameterError(
            "a parameter value cannot stand where the query uses its variable "
            f"(for example a literal as a subject): {error.message}"
        ) from None
    if result.kind == "select" and selects_all(query):
        return _in_query_order(result, query)
    return result


def _in_query_order(result: QueryResult, query: str) -> QueryResult:
    """``SELECT *`` columns in the order the variables first appear in the query (engines
    differ: Oxigraph sorts them, rdflib does not say)."""
    first_seen: dict[str, int] = {}
    for token in tokens(query):
        if token.kind == "variable":
            first_seen.setdefault(token.text[1:], len(first_seen))
    order = sorted(
        range(len(result.variables)),
        key=lambda i: (first_seen.get(result.variables[i], len(first_seen)), result.variables[i]),
    )
    return result.with_columns(order)


def parse_term(text: str) -> Term:
    """A command-line value as a term: <iri>, prefix:name, "text"@lang, "text"^^datatype,
    an integer, or plain text. A value that starts like an IRI, a literal or a prefixed name
    and is not one is a clear error, never plain text."""
    text = text.strip()
    if text.startswith("<"):
        if not text.endswith(">"):
            raise ParameterError(f"{text!r} opens an IRI with < but does not close it with >")
        return checked_iri(text[1:-1])
    if text.startswith('"'):
        return _quoted_literal(text)
    prefixed = _PREFIXED.fullmatch(text)
    if prefixed is not None:
        return _prefixed_iri(prefixed.group(1), prefixed.group(2), text)
    if re.fullmatch(r"-?\d+", text):
        return ox.Literal(int(text))
    return ox.Literal(text)


_PREFIXED = re.compile(r"([A-Za-z][\w.-]*)?:([^\s\"<>]*)")
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"(.*)', re.DOTALL)
_LANGUAGE = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")


def _prefixed_iri(prefix: str | None, local: str, text: str) -> ox.NamedNode:
    if prefix in PREFIXES:
        return checked_iri(PREFIXES[prefix] + local)
    if prefix in {"http", "https"}:
        raise ParameterError(f"write the IRI {text!r} in angle brackets: <{text}>")
    known = ", ".join(f"{p}:" for p in sorted(PREFIXES))
    raise ParameterError(
        f"{text!r} uses the prefix {prefix or ''}:, which is not declared (the project's: "
        f'{known}); write an IRI as <...> or text with quotes, "{text}"'
    )


def _quoted_literal(text: str) -> ox.Literal:
    """``"text"``, ``"text"@lang`` or ``"text"^^datatype``, each part checked."""
    quoted = _QUOTED.fullmatch(text)
    if quoted is None:
        raise ParameterError(f'{text!r} opens a literal with " but does not close it')
    value, rest = quoted.group(1), quoted.group(2)
    if rest.startswith("@"):
        if not _LANGUAGE.fullmatch(rest[1:]):
            raise ParameterError(
                f"{rest!r} in {text!r} is not a language tag (like @en, @nl or @pt-BR)"
            )
        return _typed_literal(value, rest[1:], None)
    if rest.startswith("^^"):
        if not rest[2:]:
            raise ParameterError(f"{text!r} has ^^ but no datatype after it")
        return _typed_literal(value, None, rest[2:])
    if rest:
        raise ParameterError(
            f"{text!r} has {rest!r} after its closing quote (only @lang or ^^datatype may follow)"
        )
    return _typed_literal(value, None, None)


def checked_iri(value: str) -> ox.NamedNode:
    """An IRI, refused when it has spaces or characters no IRI may hold, or no scheme."""
    if not value or not _IRI.fullmatch(value) or not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value):
        raise ParameterError(
            f'{value!r} is not a valid IRI (no spaces or <>"{{}}|^`\\, and a scheme such as https:)'
        )
    try:
        return ox.NamedNode(value)
    except ValueError as error:
        raise ParameterError(f"{value!r} is not a valid IRI ({error})") from None


def _typed_literal(text: str, language: str | None, datatype: str | None) -> ox.Literal:
    unescaped = re.sub(r"\\(.)", r"\1", text)
    if language:
        return ox.Literal(unescaped, language=language)
    if datatype is None:
        return ox.Literal(unescaped)
    if datatype.startswith("<") and datatype.endswith(">"):
        iri = checked_iri(datatype[1:-1])
    else:
        prefix, _, local = datatype.partition(":")
        if prefix not in PREFIXES or not local:
            raise ParameterError(f"unknown datatype {datatype!r} (use <IRI> or xsd:...)")
        iri = checked_iri(PREFIXES[prefix] + local)
    return _well_typed(unescaped, iri, datatype)


def _well_typed(text: str, datatype: ox.NamedNode, written: str) -> ox.Literal:
    """A typed literal, refused when its text is not a value of its type (rdflib checks;
    imported here only, for the rare value written with ``^^``). Its text is the canonical
    one rdflib gives (``"01"^^xsd:integer`` binds 1)."""
    from rdflib import Literal, URIRef

    value = Literal(text, datatype=URIRef(datatype.value))
    if value.ill_typed:
        raise ParameterError(f"{text!r} is not a valid {written} value")
    return ox.Literal(str(value), datatype=datatype)
