"""Commands that serve the graph to other tools: serve (a SPARQL endpoint) and push."""

from __future__ import annotations

import signal
from pathlib import Path

import click

import collabgraph.api as api
from collabgraph.cli.options import project_option
from collabgraph.project import find_project

__all__ = ["COMMANDS"]


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=7878,
    show_default=True,
    help="Port (0: any free port).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="Stop queries that run longer.",
)
@project_option
def serve_command(host: str, port: int, timeout: float, project_dir: Path | None) -> None:
    """Serve the built graph as a read-only SPARQL 1.1 endpoint.

    Starts the Oxigraph server on the persistent store and a front that adds a query page
    (works offline, with the catalogue), catalogue questions by name at
    /catalogue/NAME?param=value, and JSON errors. Updates are refused. Stop with Ctrl-C.

    \b
    Example:
        collabgraph serve --port 7878
        curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 3' http://127.0.0.1:7878/query
    """
    from collabgraph.server import serve

    endpoint = serve(find_project(project_dir), host, port, timeout)
    for stop_signal in (signal.SIGTERM, signal.SIGHUP):  # kill, systemd, Docker, a closed terminal
        signal.signal(stop_signal, _interrupt)
    click.echo(f"SPARQL endpoint: {endpoint.url}/query  (query page: {endpoint.url}/)", err=True)
    click.echo("Press Ctrl-C to stop.", err=True)
    try:
        endpoint.serve_forever()  # stops the Oxigraph child on the way out
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@click.command("push")
@click.option(
    "--endpoint",
    required=True,
    envvar="COLLABGRAPH_ENDPOINT",
    metavar="URL",
    help="The server's SPARQL query endpoint.",
)
@click.option(
    "--graph-store",
    default=None,
    metavar="URL",
    help="Its Graph Store Protocol endpoint (default: .../query -> .../store).",
)
@project_option
def push_command(endpoint: str, graph_store: str | None, project_dir: Path | None) -> None:
    """Load the built graph into a remote SPARQL 1.1 server.

    Replaces each named graph with the Graph Store Protocol (HTTP PUT) and writes their
    union into the server's default graph, so queries answer as they do locally. Then use
    --endpoint URL with query, stats, network and map.

    \b
    Example:
        collabgraph push --endpoint http://127.0.0.1:7879/query
    """
    triples, graph_store_url = api.push(endpoint, graph_store, project_dir)
    click.echo(
        f"Loaded {triples} quads into {graph_store_url} "
        "(named graphs, and their union as the default graph)."
    )


COMMANDS = [serve_command, push_command]
