"""The README, followed top to bottom on a fresh copy of the project, does what it says."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from readme_blocks import Command, matches, readme_commands

from conftest import REGISTRIES, REPO, copy_project

README = REPO / "README.md"
BIN = Path(sys.executable).parent


def run(command: Command, folder: Path) -> tuple[int, list[str]]:
    """Run one README command in ``folder`` as a reader would (the venv's ``collabgraph`` on
    the PATH, output piped); its exit code and printed lines, standard output first."""
    arguments = command.arguments
    if arguments[0] == "collabgraph":
        arguments[0] = str(BIN / "collabgraph")
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    environment.pop("COLLABGRAPH_STORE", None)
    done = subprocess.run(
        arguments,
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
        check=False,
    )
    printed = done.stdout.splitlines() + done.stderr.splitlines()
    return done.returncode, [line.rstrip() for line in printed]


def problem(command: Command, code: int, printed: list[str]) -> str | None:
    """What is untrue about a command's line in the README, or None."""
    where = f"README.md:{command.line} {command.text!r}"
    if command.must_fail and code == 0:
        return f"{where} should fail and exited 0"
    if not command.must_fail and code != 0:
        return f"{where} exited {code}:\n" + "\n".join(printed[-10:])
    if command.shown is not None and not matches(command.shown, printed):
        return f"{where} printed:\n" + "\n".join(printed)
    return None


def test_the_readme_commands_print_what_it_shows(tmp_path: Path) -> None:
    """A fresh copy of the project (its data, ontology and the registry files the README
    imports); every tested block's commands in order."""
    copy_project(tmp_path)
    shutil.copytree(REGISTRIES, tmp_path / "tests" / "registries")
    commands = readme_commands(README)
    assert len(commands) > 20, "the README's tested blocks were found"
    problems = []
    for command in commands:
        code, printed = run(command, tmp_path)
        found = problem(command, code, printed)
        if found:
            problems.append(found)
    assert problems == []


@pytest.mark.parametrize(
    ("shown", "printed", "expected"),
    [
        (("a", "b"), ["a", "b"], True),
        (("a", "b"), ["a", "c"], False),
        (("a",), ["a", "b"], False),
        (("a", "...", "d"), ["a", "b", "c", "d"], True),
        (("a", "...", "d"), ["a", "d"], True),
        (("a", "...", "d"), ["a", "b"], False),
        (("Built <...> (<...> s)",), ["Built /tmp/x: 5 triples (3.2 s)"], True),
        (("Built <...> (<...> s)",), ["Built /tmp/x: 5 triples"], False),
        (("1+1 (a.b)",), ["1+1 (aXb)"], False),
    ],
)
def test_shown_output_is_compared_with_wildcards(
    shown: tuple[str, ...], printed: list[str], expected: bool
) -> None:
    assert matches(shown, printed) is expected


def test_blocks_are_read_with_their_outputs_and_exceptions(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(
        "<!-- tested, except lines with: my-file -->\n"
        "```bash\n"
        "$ collabgraph query 'ASK {}'   # a comment\n"
        "true\n"
        "$ collabgraph query my-file.rq\n"
        "$ collabgraph network path A B\n"
        "Error: no path from A to B\n"
        "```\n"
        "```bash\n"
        "collabgraph build   # not marked: not run\n"
        "```\n"
        "<!-- tested -->\n"
        "```bash\n"
        "collabgraph push --endpoint http://x \\\n"
        "    --user dba    # continued\n"
        "```\n",
        encoding="utf-8",
    )
    commands = readme_commands(readme)
    assert [(c.line, c.arguments, c.shown, c.must_fail) for c in commands] == [
        (3, ["collabgraph", "query", "ASK {}"], ("true",), False),
        (6, ["collabgraph", "network", "path", "A", "B"], ("Error: no path from A to B",), True),
        (14, ["collabgraph", "push", "--endpoint", "http://x", "--user", "dba"], None, False),
    ]
