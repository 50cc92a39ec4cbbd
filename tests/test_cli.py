"""Every command has a one-line summary, an example, and a section in docs/cli.md."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from collabgraph.cli import cli

from conftest import REPO


def all_commands(
    group: click.Group = cli, prefix: str = "collabgraph"
) -> list[tuple[str, click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        found.append((path, command))
        if isinstance(command, click.Group):
            found.extend(all_commands(command, path))
    return found


COMMANDS = all_commands()


def test_the_cli_has_the_commands_the_readme_names():
    names = {path for path, _ in COMMANDS}
    assert {
        "collabgraph build",
        "collabgraph query",
        "collabgraph serve",
        "collabgraph map",
        "collabgraph network path",
    } <= names


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[path for path, _ in COMMANDS])
def test_every_command_has_a_summary_and_an_example(path, command):
    result = CliRunner().invoke(cli, [*path.split()[1:], "--help"])
    assert result.exit_code == 0
    summary = command.get_short_help_str(limit=200)
    assert summary and not summary.endswith("..."), path
    assert "Example:" in result.output, path


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[path for path, _ in COMMANDS])
def test_every_command_is_in_the_docs(path, command):
    docs = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"## `{path}`" in docs, (
        f"{path} is missing from docs/cli.md (python scripts/cli_docs.py writes it)"
    )


def test_a_user_error_is_a_message_not_a_traceback(tmp_path):
    result = CliRunner().invoke(cli, ["stats", "--project", str(tmp_path)])
    assert result.exit_code == 1
    assert (
        result.stderr == f"Error: {tmp_path} is not a collabgraph project (no data/registry.yaml)\n"
    )


@pytest.mark.parametrize(
    ("library", "command_line"),
    [
        (
            "pass `replace_newer=True` to import the older release anyway",
            "pass --replace-newer to import the older release anyway",
        ),
        ("give the id of one as `publisher`", "give the id of one as --publisher"),
        (
            "catalogue query x needs a value for parameter `country`",
            "catalogue query x needs a value for --param country",
        ),
        (
            "`limit` and `offset` page SELECT results only",
            "--limit and --offset page SELECT results only",
        ),
        (
            "give them with `auth`",
            "give them with --user and --password (or COLLABGRAPH_ENDPOINT_USER and COLLABGRAPH_ENDPOINT_PASSWORD)",
        ),
        ("`nothing_like_an_option` stays", "`nothing_like_an_option` stays"),
    ],
)
def test_library_messages_name_parameters_and_the_command_line_says_flags(library, command_line):
    from collabgraph.cli import _as_options

    assert _as_options(library, cli) == command_line
