"""The ``collabgraph`` command: a thin layer over the Python API.

Commands live in one module per group (build, drafting, entities, imports, query, serve,
network, maps); this module
assembles them and turns every :class:`~collabgraph.errors.CollabgraphError` into a clean
message on stderr and its exit code, never a traceback.
"""

from __future__ import annotations

import re
from typing import Any

import click

from collabgraph.cli import build, drafting, entities, imports, maps, network, query, serve
from collabgraph.errors import CollabgraphError

__all__ = ["cli", "main"]


def _options_of(command: click.Command) -> dict[str, str]:
    """Each option's parameter name and its flag, in every command below ``command``."""
    found = {
        param.name: next((o for o in param.opts if o.startswith("--")), param.opts[0])
        for param in command.params
        if isinstance(param, click.Option) and param.name
    }
    for sub in getattr(command, "commands", {}).values():
        found = _options_of(sub) | found
    return found


_SPELLED_OUT = {
    "auth": "--user and --password (or COLLABGRAPH_ENDPOINT_USER and "
    "COLLABGRAPH_ENDPOINT_PASSWORD)",
}
"""Library parameters that are more than one option on the command line."""


def _as_options(message: str, command: click.Command) -> str:
    """The library names a parameter in backquotes (`publisher`); the command line says
    the option that sets it (--publisher), and a query's own parameter (parameter
    `country`) the option that gives it (--param country)."""
    options = _options_of(command) | _SPELLED_OUT
    if "params" in options:  # a query's own parameters are set with --param NAME=VALUE
        message = re.sub(r"parameter `(\w+)`", r"--param \1", message)
    return re.sub(r"`([a-z_]+)(?:=True)?`", lambda m: options.get(m.group(1), m.group(0)), message)


class _CollabgraphGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CollabgraphError as error:
            click.echo(f"Error: {_as_options(error.message, self)}", err=True)
            ctx.exit(error.exit_code)


@click.group(cls=_CollabgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="collabgraph")
def cli() -> None:
    """A knowledge graph of institutional collaborations.

    Turns curated annotations of source documents into a validated RDF graph, answers
    SPARQL from the shell, a catalogue or an endpoint, analyses the network and draws maps.

    \b
    Example:
        collabgraph build && collabgraph query networks-of --param institution="UMC Utrecht"
    """


for module in (build, drafting, entities, imports, query, serve, network, maps):
    for command in module.COMMANDS:
        cli.add_command(command)


def main() -> None:
    """The ``collabgraph`` command (see :mod:`collabgraph.launch` for Ctrl-C)."""
    from collabgraph.launch import main as launch

    launch()
