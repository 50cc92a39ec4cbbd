"""The README's command blocks, read so a test can run them in order and compare what they print.

A fenced block runs when the line before it is ``<!-- tested -->`` (or ``<!-- tested, except
lines with: A, B -->``, which leaves out the commands that contain A or B, such as one that
needs a file of the reader's own). In a block of ``$ command`` lines, the lines after a command
are what it prints: they must equal its output (standard output, then standard error), where a
line ``...`` stands for any number of lines and ``<...>`` inside a line for any text (a time, a
path). A command without lines after it, and every line of a block without ``$``, must succeed.
A command whose shown output starts with ``Error:`` must fail.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

MARKER = re.compile(r"<!-- tested(?:, except lines with: (?P<skip>.*?))? -->")
ANY_LINES = "..."
ANY_TEXT = "<...>"


@dataclass(frozen=True)
class Command:
    """One command of a README block, where it stands, and what the README says it prints."""

    line: int
    text: str
    shown: tuple[str, ...] | None
    """The lines the README shows it printing; ``None`` when it shows none."""

    @property
    def arguments(self) -> list[str]:
        return shlex.split(self.text, comments=True)

    @property
    def must_fail(self) -> bool:
        return bool(self.shown) and self.shown[0].startswith("Error:")


def _joined(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Lines continued with a trailing backslash, joined: (first line's number, text)."""
    joined: list[tuple[int, str]] = []
    pending: tuple[int, str] | None = None
    for number, text in lines:
        if pending is not None:
            number, text = pending[0], pending[1] + " " + text.strip()
        if text.endswith("\\"):
            pending = (number, text[:-1].rstrip())
            continue
        pending = None
        joined.append((number, text))
    return joined


def _commands(lines: list[tuple[int, str]], skip: list[str]) -> list[Command]:
    prompted = any(text.startswith("$ ") for _, text in lines)
    commands: list[Command] = []
    if not prompted:
        commands = [Command(n, t, None) for n, t in _joined(lines) if t.strip()]
    else:
        for number, text in _joined(lines):
            if text.startswith("$ "):
                commands.append(Command(number, text[2:], None))
            elif commands:
                last = commands[-1]
                shown = (*(last.shown or ()), text.rstrip())
                commands[-1] = Command(last.line, last.text, shown)
    return [c for c in commands if not any(part in c.text for part in skip)]


def readme_commands(readme: Path) -> list[Command]:
    """Every command of the README's tested blocks, in the order the README gives them."""
    lines = readme.read_text(encoding="utf-8").splitlines()
    found: list[Command] = []
    index = 0
    while index < len(lines):
        marker = MARKER.fullmatch(lines[index].strip())
        if marker is None or not lines[index + 1].startswith("```"):
            index += 1
            continue
        skip = [s.strip() for s in (marker["skip"] or "").split(",") if s.strip()]
        end = next(i for i in range(index + 2, len(lines)) if lines[i].startswith("```"))
        body = [(i + 1, lines[i]) for i in range(index + 2, end)]
        found += _commands(body, skip)
        index = end + 1
    return found


def _line_pattern(shown: str) -> re.Pattern[str]:
    parts = [re.escape(part) for part in shown.split(ANY_TEXT)]
    return re.compile(".*".join(parts))


def matches(shown: tuple[str, ...], printed: list[str]) -> bool:
    """Whether the printed lines are the shown ones, with ``...`` and ``<...>`` as wildcards."""
    if not shown:
        return not printed
    first, rest = shown[0], shown[1:]
    if first == ANY_LINES:
        return any(matches(rest, printed[start:]) for start in range(len(printed) + 1))
    return (
        bool(printed)
        and _line_pattern(first).fullmatch(printed[0]) is not None
        and matches(rest, printed[1:])
    )
