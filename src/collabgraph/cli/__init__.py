"""The ``collabgraph`` command: a thin layer over the Python API.

Commands live in one module per group (build, drafting, entities, imports, query, serve,
network, maps); this module
assembles them and turns every :class:`~collabgraph.errors.CollabgraphError` into a clean
message on stderr and its exit code, never a traceback.
"""

from __future__ import annotations

from typing import Any

import click

from collabgraph.cli import build, drafting, entities, imports, maps, network, query, serve
from collabgraph.errors import CollabgraphError

__all__ = ["cli", "main"]


class _CollabgraphGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CollabgraphError as error:
            click.echo(f"Error: {error.message}", err=True)
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
    cli(prog_name="collabgraph")
