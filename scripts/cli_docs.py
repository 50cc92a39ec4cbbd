"""Write docs/cli.md from the commands' own help (run after changing a command)."""

from __future__ import annotations

from pathlib import Path

import click

from collabgraph.cli import cli


def sections(group: click.Group, prefix: str) -> list[str]:
    parts = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        with click.Context(command, info_name=path) as context:
            text = command.get_help(context)
        parts.append(f"## `{path}`\n\n```text\n{text}\n```\n")
        if isinstance(command, click.Group):
            parts.extend(sections(command, path))
    return parts


def main() -> None:
    target = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
    body = (
        "# Command reference\n\nGenerated from `--help` by `python scripts/cli_docs.py`.\n\n"
        + "\n".join(sections(cli, "collabgraph"))
    )
    target.write_text(body, encoding="utf-8")
    print(target)


if __name__ == "__main__":
    main()
