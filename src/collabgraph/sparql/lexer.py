"""SPARQL 1.1's terminals, read in context the way the grammar's productions read them.

The grammar's terminals overlap in one place that matters: ``<`` starts an ``IRIREF``
(``<http://e/p>``) where a term is expected, and is the less-than operator where an
expression has just read an operand. A lexer that always tries ``IRIREF`` first reads
``FILTER(?a<?b&&?b>0)`` as ``FILTER(?a <?b&&?b> 0)``: one IRI where the query has two
comparisons. This lexer keeps a stack of the brackets it is inside (``{`` a group,
``(`` an expression or a collection, decided by what precedes it as the grammar decides)
and reads ``<`` as an operator exactly when an expression expects one.

Prefixed names (``select:as``), blank node labels, language tags, numbers, strings (all
four forms) and comments are each one token, so a keyword inside them is never a keyword.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

__all__ = ["Token", "tokens"]

_NAME_START = r"A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD"
_NAME_CHAR = r"_0-9\-\u00B7\u0300-\u036F\u203F-\u2040"
"""What a name character may be besides a name start."""
_ASCII_NAME_START, _ASCII_NAME_CHAR = r"A-Za-z", r"_0-9\-"
_ESCAPE = r"%[0-9A-Fa-f][0-9A-Fa-f]|\\[_~.\-!$&'()*+,;=/?#@%]"


def _terminals(name_start: str, name_char: str) -> re.Pattern[str]:
    """SPARQL's terminals, names made of the given characters (classes of a regex)."""
    name_char = name_start + name_char
    local_first = rf"(?:[{name_start}_:0-9]|{_ESCAPE})"
    local_char = rf"(?:[{name_char}:]|{_ESCAPE})"
    prefix = rf"[{name_start}](?:[{name_char}.]*[{name_char}])?"
    return re.compile(
        rf"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<variable>[?$][{name_start}_0-9][{name_char}]*)
  | (?P<bnode>_:[{name_start}_0-9](?:[{name_char}.]*[{name_char}])?)
  | (?P<pname>(?:{prefix})?:(?:{local_first}(?:(?:{local_char}|\.)*{local_char})?)?)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<number>[0-9]*\.[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+\.[0-9]*[eE][+-]?[0-9]+
              |[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<word>[A-Za-z_][A-Za-z_0-9]*)
  | (?P<open>\{{)
  | (?P<close>\}})
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<star>\*)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[\[\].,;+\-/|^!=<>?&@])
    """,
        re.VERBOSE | re.DOTALL,
    )


_ASCII_TERMINALS = _terminals(_ASCII_NAME_START, _ASCII_NAME_CHAR)
"""The terminals of a query written in ASCII, which the others' extra characters never
match: the same tokens, and compiled in a fraction of a millisecond."""


@cache
def _unicode_terminals() -> re.Pattern[str]:
    """The terminals with every name character SPARQL allows. Compiling their classes of
    Unicode ranges takes about 40 ms (a Python loop over each range's code points), so
    only a process that reads a query beyond ASCII pays it."""
    return _terminals(_NAME_START, _NAME_CHAR)


_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_OPERANDS = {"variable", "string", "number", "iri", "pname", "bnode", "langtag", "rparen"}
_LITERAL_WORDS = {"TRUE", "FALSE"}


@dataclass(frozen=True)
class Token:
    """One terminal: its kind, its text and where it stands in the query."""

    kind: str
    text: str
    start: int
    end: int

    @property
    def word(self) -> str:
        """The keyword (upper case) this token is, or ''."""
        return self.text.upper() if self.kind == "word" else ""


class _Context:
    """The brackets the lexer is inside: 'group' ``{``, 'expression' or 'list' ``(``/``[``."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.in_head = False  # a SELECT's projection, up to its WHERE group

    @property
    def in_expression(self) -> bool:
        return bool(self.stack) and self.stack[-1] == "expression"

    def paren(self, before: list[Token]) -> str:
        """What a '(' opens, from the tokens before it (SPARQL 1.1 grammar, [60]-[121])."""
        if self.in_expression:
            return "expression"
        previous = before[-1] if before else None
        if previous is not None and previous.word == "VALUES":
            return "list"  # DataBlock: (?a ?b) { (1 2) }
        if not self.stack or self.in_head:
            return "expression"  # SELECT (expr AS ?v), GROUP BY (expr), ORDER BY ASC(expr)
        if previous is not None and previous.kind == "word" and previous.word != "A":
            return "expression"  # FILTER(...), BIND(...), GROUP BY (...), DESC(...)
        earlier = before[-2] if len(before) > 1 else None
        if earlier is not None and earlier.word == "FILTER":
            return "expression"  # FILTER regex(...), FILTER ex:f(...)
        return "list"  # a collection in a triple pattern: ?s ?p (1 2)

    def enter(self, token: Token, before: list[Token]) -> None:
        if token.word == "SELECT":
            self.in_head = True
        elif token.kind == "open" or token.word == "WHERE":
            self.in_head = False
        if token.kind == "open":
            self.stack.append("group")
        elif token.kind == "lparen":
            self.stack.append(self.paren(before))
        elif token.text == "[":
            self.stack.append("list")
        elif (token.kind in {"close", "rparen"} or token.text == "]") and self.stack:
            self.stack.pop()

    def less_than(self, before: list[Token]) -> bool:
        """Whether a '<' here is the operator: an expression has just read an operand."""
        if not self.in_expression or not before:
            return False
        previous = before[-1]
        return previous.kind in _OPERANDS or previous.word in _LITERAL_WORDS


@lru_cache(maxsize=512)
def tokens(query: str) -> tuple[Token, ...]:
    """The query's tokens, comments and white space left out.

    Cached: a catalogue question is read once per process, however often it runs.
    Text that is no SPARQL terminal becomes a one-character 'punct' token; the engine, not
    the lexer, reports the syntax error.
    """
    found: list[Token] = []
    context = _Context()
    terminals = _ASCII_TERMINALS if query.isascii() else _unicode_terminals()
    position = 0
    while position < len(query):
        token = _next_token(query, position, context, found, terminals)
        position = token.end
        if token.kind in {"space", "comment"}:
            continue
        context.enter(token, found)
        found.append(token)
    return tuple(found)


def _next_token(
    query: str,
    position: int,
    context: _Context,
    before: list[Token],
    terminals: re.Pattern[str],
) -> Token:
    if query.startswith("<", position):
        operator = context.less_than(before)
        iri = None if operator else _IRIREF.match(query, position)
        if iri is not None:
            return Token("iri", iri.group(0), position, iri.end())
        text = "<=" if query.startswith("<=", position) else "<"
        return Token("punct", text, position, position + len(text))
    match = terminals.match(query, position)
    if match is None:
        return Token("punct", query[position], position, position + 1)
    return Token(match.lastgroup or "punct", match.group(0), position, match.end())
