"""Commands that serve the graph to other tools: serve (a SPARQL endpoint) and push."""

from __future__ import annotations

from pathlib import Path

import click

import collabgraph.api as api
from collabgraph.cli.options import project_option
from collabgraph.extras import require_extra
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
@click.option(
    "--cors",
    multiple=True,
    metavar="ORIGIN",
    help="Let pages from this origin query the endpoint (repeatable; '*' for any).",
)
@click.option(
    "--max-body",
    type=click.IntRange(min=1024),
    default=1 << 20,
    show_default=True,
    metavar="BYTES",
    help="Largest request body accepted (larger: 413).",
)
@click.option(
    "--client-timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    metavar="SECONDS",
    help="How long a client may take to send its request body (slower: 408).",
)
@project_option
def serve_command(
    host: str,
    port: int,
    timeout: float,
    cors: tuple[str, ...],
    max_body: int,
    client_timeout: float,
    project_dir: Path | None,
) -> None:
    """Serve the built graph as a read-only SPARQL 1.1 endpoint.

    Starts the Oxigraph server on the persistent store (supervised: restarted if it dies)
    and a front (uvicorn, HTTP/1.1) that adds a query page (works offline, with the
    catalogue), catalogue questions by name at /catalogue/NAME?param=value, the map site
    at /maps/ (after `collabgraph map`), opt-in CORS and JSON errors. Updates are refused.
    Stop with Ctrl-C (or SIGTERM, SIGHUP).

    \b
    Example:
        collabgraph serve --port 7878
        curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 3' http://127.0.0.1:7878/query
    """
    require_extra("server", "collabgraph serve")
    from collabgraph.server import serve

    endpoint = serve(
        find_project(project_dir),
        host,
        port,
        timeout,
        cors=cors,
        max_body=max_body,
        client_timeout=client_timeout,
    )

    def announce() -> None:
        click.echo(
            f"SPARQL endpoint: {endpoint.url}/query  (query page: {endpoint.url}/)", err=True
        )
        click.echo("Press Ctrl-C to stop.", err=True)

    endpoint.serve_forever(announce)  # SIGINT, SIGTERM, SIGHUP: stops the Oxigraph child
    click.echo("Stopped.", err=True)


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
@click.option(
    "--user",
    envvar="COLLABGRAPH_ENDPOINT_USER",
    default=None,
    help="User name, for servers that protect writes ($COLLABGRAPH_ENDPOINT_USER).",
)
@click.option(
    "--password",
    envvar="COLLABGRAPH_ENDPOINT_PASSWORD",
    default=None,
    help="Its password ($COLLABGRAPH_ENDPOINT_PASSWORD; asked for when --user is given alone).",
)
@click.option(
    "--update-endpoint",
    default=None,
    metavar="URL",
    help="Its SPARQL Update endpoint, which moves the staged graphs into place "
    "(default: Oxigraph .../update, Virtuoso .../sparql-auth beside its graph store).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=None,
    help="Seconds to wait for each graph (default: 60 plus one a megabyte sent; 0: no limit).",
)
@project_option
def push_command(
    endpoint: str,
    graph_store: str | None,
    user: str | None,
    password: str | None,
    update_endpoint: str | None,
    timeout: float | None,
    project_dir: Path | None,
) -> None:
    """Load the built graph into a remote SPARQL 1.1 server.

    Sends each named graph and their union with the Graph Store Protocol (HTTP PUT) into
    staging graphs, then moves them all to their names (cgg:push/union for the union) with
    one SPARQL Update, so a push that fails on the way leaves the server's graphs whole.
    It describes both in cgg:push/dataset; graphs an earlier
    push wrote that the build no longer has are deleted. query, stats, network and map with
    --endpoint URL read that description and send the dataset with each query, so they
    answer as they do locally, whatever else the server holds. Basic and Digest
    authentication are answered as the server asks.

    \b
    Example:
        collabgraph push --endpoint http://127.0.0.1:7879/query
        collabgraph push --endpoint http://127.0.0.1:8890/sparql \\
            --graph-store http://127.0.0.1:8890/sparql-graph-crud-auth --user dba
    """
    if user and password is None:
        password = click.prompt(f"Password for {user}", hide_input=True, err=True)
    auth = (user, password or "") if user else None
    pushed = api.push(
        endpoint, graph_store, path=project_dir, auth=auth, update=update_endpoint, timeout=timeout
    )
    click.echo(
        f"Loaded {pushed.quads} quads into {pushed.graph_store} "
        "(named graphs, their union and its description)."
    )


COMMANDS = [serve_command, push_command]
