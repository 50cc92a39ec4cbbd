"""Remote SPARQL 1.1 servers: querying one with the pushed dataset (:class:`RemoteStore`),
and ``push``: the build's named graphs, their union and a Service Description of both,
staged and then moved into place with the Graph Store Protocol and SPARQL Update."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import pyoxigraph as ox

from collabgraph.errors import (
    CollabgraphError,
    EndpointError,
    QuerySyntaxError,
    QueryTimeoutError,
)
from collabgraph.prefixes import PREFIXES
from collabgraph.sparql.results import QueryResult, term_from_json, term_parts

if TYPE_CHECKING:
    import requests
    from rdflib import Graph


from collabgraph.sparql.store import (
    Store,
    fresh_union_file,
)

_POSITION = re.compile(r"error at (\d+):(\d+)")
SD = "http://www.w3.org/ns/sparql-service-description#"
_GRAPH = PREFIXES["cgg"]

PUSHED_UNION = _GRAPH + "push/union"
"""Where ``push`` writes the union of the named graphs on a remote server."""
PUSHED_STAGING = _GRAPH + "push/staging/"
"""Where ``push`` first writes each graph (``.../staging/N``); they are moved to their
names only once every one has arrived, so a push that fails leaves the engine's graphs whole."""
PUSH_BASE_WAIT = 60.0
PUSH_RATE = 1_000_000
"""A graph sent by ``push`` is waited for ``PUSH_BASE_WAIT`` seconds plus one second per
``PUSH_RATE`` bytes (Virtuoso loaded 6.1M triples, about 1 GB, in 114 s)."""
PUSH_PART = 100_000
"""``push`` sends a graph in parts of this many triples. Virtuoso 7.2 stopped, idle, part of
the way through one request of 655,000 triples (at 450,000 to 460,000, three times; with a
page cache of 10,000 and of 100,000 pages alike)."""
PUSHED_DATASET = _GRAPH + "push/dataset"
"""Where ``push`` describes what it wrote (SPARQL Service Description): the union graph and
the named graphs. Clients read it to send the dataset with every query, so the server's own
graphs (an engine's system graphs, other projects) never enter an answer."""

_GRAPH_MEDIA_TYPES = {
    "application/n-triples": "nt",
    "text/turtle": "turtle",
    "application/rdf+xml": "xml",
}
_ACCEPT = {
    "select": "application/sparql-results+json",
    "ask": "application/sparql-results+json",
    "construct": "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5",
    "describe": "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5",
}


@dataclass(frozen=True)
class PushedDataset:
    """The dataset a push described: its union graph and its named graphs."""

    default_graph: str
    named_graphs: tuple[str, ...]

    def protocol_parameters(self) -> list[tuple[str, str]]:
        """The SPARQL 1.1 Protocol's dataset parameters for a query naming no dataset."""
        return [("default-graph-uri", self.default_graph)] + [
            ("named-graph-uri", graph) for graph in self.named_graphs
        ]


class RemoteStore(Store):
    """A SPARQL 1.1 Protocol endpoint; loads go through the Graph Store Protocol.

    ``auth`` is a user name and password, sent the way the server asks (Basic or Digest).
    """

    kind = "remote"

    def __init__(
        self,
        endpoint: str,
        graph_store: str | None = None,
        *,
        timeout: float = 60.0,
        auth: tuple[str, str] | None = None,
        update: str | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.graph_store = graph_store or default_graph_store(endpoint)
        self.update = update or default_update_endpoint(endpoint, self.graph_store)
        self.timeout = timeout
        self.auth = auth
        self._dataset: PushedDataset | None = None
        self._dataset_read = False
        import requests  # here, not at import time: only remote stores need it

        self.session = requests.Session()

    def describe(self) -> str:
        return f"remote ({self.endpoint})"

    def _request(
        self, url: str, *, added_lines: int = 0, wait: float | None = None, **kwargs: Any
    ) -> requests.Response:
        method = kwargs.pop("method", "POST")
        response = self._send(method, url, wait, kwargs)
        if response.status_code == 401 and self.session.auth is None:
            self.session.auth = self._answer_challenge(url, response)
            if hasattr(kwargs.get("data"), "seek"):
                kwargs["data"].seek(0)  # a file body is sent again from its start
            response = self._send(method, url, wait, kwargs)
        if response.status_code == 401:
            user = self.auth[0] if self.auth else ""
            raise EndpointError(f"{url} refused the user name {user!r} or its password")
        if response.status_code == 400:
            message = _POSITION.sub(
                lambda m: f"error at {max(1, int(m.group(1)) - added_lines)}:{m.group(2)}",
                response.text.strip(),
                count=1,
            )
            raise QuerySyntaxError(f"the endpoint rejected the query: {message}")
        if response.status_code >= 400:
            raise EndpointError(
                f"{url} answered HTTP {response.status_code}: {response.text.strip()[:500]}"
            )
        return response

    def _send(
        self, method: str, url: str, wait: float | None, kwargs: dict[str, Any]
    ) -> requests.Response:
        import requests

        limit = self.timeout if wait is None else min(wait, self.timeout)
        if "timeout" in kwargs:  # a load's own wait (None: as long as it takes)
            limit = kwargs.pop("timeout")
        try:
            return self.session.request(method, url, timeout=limit, **kwargs)
        except requests.ConnectionError:
            raise EndpointError(
                f"cannot reach the SPARQL endpoint {url}: connection refused or host unknown"
            ) from None
        except requests.Timeout:
            if wait is not None and wait <= self.timeout:
                raise QueryTimeoutError(
                    f"the query was stopped after the {wait:g} s timeout"
                ) from None
            raise EndpointError(
                f"the SPARQL endpoint {url} did not answer within {limit:g} s"
            ) from None

    def _answer_challenge(self, url: str, response: requests.Response) -> Any:
        """The authentication the server's 401 asks for, with the store's credentials."""
        from requests.auth import HTTPBasicAuth, HTTPDigestAuth

        if self.auth is None:
            raise EndpointError(f"{url} asks for a user name and password: give them with `auth`")
        challenge = response.headers.get("WWW-Authenticate", "")
        if challenge.lower().startswith("digest"):
            return HTTPDigestAuth(*self.auth)
        return HTTPBasicAuth(*self.auth)

    def run(
        self, sparql: str, prefixes: Mapping[str, str] = PREFIXES, *, timeout: float | None = None
    ) -> QueryResult:
        """The engine stops the query at its own timeout; collabgraph stops waiting at ``timeout``."""
        return self.query(sparql, prefixes, timeout=timeout)

    def query(
        self,
        sparql: str,
        prefixes: Mapping[str, str] = PREFIXES,
        *,
        timeout: float | None = None,
    ) -> QueryResult:
        """Run a query; one naming no dataset gets the pushed one (see :data:`PUSHED_DATASET`)."""
        from collabgraph.sparql.binding import names_dataset, query_form

        pushed = None if names_dataset(sparql) else self.pushed_dataset()
        dataset = pushed.protocol_parameters() if pushed is not None else []
        return self._ask(sparql, prefixes, query_form(sparql), dataset, timeout)

    def _ask(
        self,
        sparql: str,
        prefixes: Mapping[str, str],
        form: str,
        dataset: list[tuple[str, str]],
        timeout: float | None,
    ) -> QueryResult:
        """Send a query with the given dataset parameters; its answer as a result."""
        from collabgraph.sparql.prepare import with_prefixes

        text, added = with_prefixes(sparql, prefixes)
        response = self._request(
            self.endpoint,
            data=[("query", text), *dataset],
            headers={"Accept": _ACCEPT.get(form, _ACCEPT["select"])},
            added_lines=added,
            wait=timeout,
        )
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type in _GRAPH_MEDIA_TYPES:
            from rdflib import Graph

            graph = Graph().parse(data=response.text, format=_GRAPH_MEDIA_TYPES[content_type])
            return QueryResult("graph", graph=graph)
        try:
            data = response.json()
        except json.JSONDecodeError:
            raise EndpointError(
                f"{self.endpoint} did not answer with SPARQL JSON results ({content_type})"
            ) from None
        return _result_from_json(data, form, self.endpoint)

    def pushed_dataset(self) -> PushedDataset | None:
        """The dataset ``push`` described on the server (None: the server's own default graph)."""
        if not self._dataset_read:
            self._dataset = self._read_pushed_dataset()
            self._dataset_read = True
        return self._dataset

    def _read_pushed_dataset(self) -> PushedDataset | None:
        query = f"""SELECT ?default ?named WHERE {{ GRAPH <{PUSHED_DATASET}> {{
  ?dataset a sd:Dataset ; sd:defaultGraph ?default .
  OPTIONAL {{ ?dataset sd:namedGraph/sd:name ?named }}
}} }}"""
        prefixes = {"sd": str(SD)}
        rows = self._ask(query, prefixes, "select", [], None).terms
        if not rows:
            return None
        named = sorted({term_parts(row[1])[1] for row in rows if row[1] is not None})
        return PushedDataset(term_parts(rows[0][0])[1], tuple(named))

    def load_file(
        self,
        path: Path,
        rdf_format: ox.RdfFormat = ox.RdfFormat.TRIG,
        *,
        wait: float | None = None,
    ) -> int:
        """Replace each named graph on the server with the dataset file's, then their union
        and the description clients read (:data:`PUSHED_DATASET`); graphs an earlier push
        wrote that the file no longer has are deleted. Streamed: each named graph is written
        to an N-Triples file of its own and sent from it, so a graph of millions of triples is
        never held in memory (the build's union file is the union when it is up to date).

        Each graph goes to a staging graph first; only when all have arrived does one SPARQL
        Update move them to their names, so a push that fails on the way leaves the
        engine's graphs as they were. ``wait`` is how long each graph is waited for (None:
        a time that fits its size, see :data:`PUSH_BASE_WAIT`; 0: as long as it takes)."""
        graph_store = self._graph_store_url()
        earlier = self.pushed_dataset()
        with tempfile.TemporaryDirectory(prefix="collabgraph-push-") as folder:
            files, put = _named_graph_files(path, rdf_format, Path(folder))
            targets = {name: files[name] for name in sorted(files)}
            targets[str(PUSHED_UNION)] = _union_file(path, files, Path(folder))
            self._stage(targets, wait)
        pushed = PushedDataset(str(PUSHED_UNION), tuple(sorted(files)))
        self._put(_description(pushed), str(PUSHED_DATASET))
        for stale in sorted(set(earlier.named_graphs if earlier else ()) - set(files)):
            self._request(graph_store, method="DELETE", params={"graph": stale})
        self._dataset, self._dataset_read = pushed, True
        return put

    def _stage(self, targets: dict[str, Path], wait: float | None) -> None:
        """Each file into a staging graph, then all moved to their names in one update."""
        staged: list[str] = []
        for number, (name, file) in enumerate(targets.items(), start=1):
            staging = f"{PUSHED_STAGING}{number}"
            try:
                self._send_in_parts(file, staging, wait)
            except CollabgraphError as error:
                self._drop([*staged, staging])
                if not staged:
                    raise  # the first graph: nothing was written (a refused password, say)
                raise EndpointError(
                    f"push stopped at graph {name} ({number} of {len(targets)}): "
                    f"{error.message}. The engine's graphs are as they were (the graphs "
                    "sent so far were staging copies and are deleted)"
                ) from None
            staged.append(staging)
        moves = " ;\n".join(
            f"MOVE SILENT <{staging}> TO <{name}>"
            for staging, name in zip(staged, targets, strict=True)
        )
        try:
            self._request(self._update_url(), data={"update": moves}, timeout=None)
        except CollabgraphError as error:
            self._drop(staged)
            raise EndpointError(
                f"push could not move the {len(staged)} graphs it sent into place: "
                f"{error.message.splitlines()[0]}. The engine's graphs are as they were "
                "(an engine may limit what one transaction moves: see docs/engines.md)"
            ) from None

    def _drop(self, graphs: list[str]) -> None:
        """Staging graphs deleted, as far as the engine lets (it may be what failed)."""
        with contextlib.suppress(CollabgraphError):
            drops = " ;\n".join(f"DROP SILENT GRAPH <{graph}>" for graph in graphs)
            self._request(self._update_url(), data={"update": drops})

    def _update_url(self) -> str:
        if self.update is None:
            raise EndpointError(
                f"where is the SPARQL Update endpoint of {self.endpoint}? Give it with "
                "--update-endpoint URL (Oxigraph: .../update, Fuseki: .../DATASET/update, "
                "Virtuoso: .../sparql-auth, GraphDB: .../repositories/ID/statements)"
            )
        return self.update

    def _graph_store_url(self) -> str:
        if self.graph_store is None:
            raise EndpointError(
                f"where is the Graph Store Protocol endpoint of {self.endpoint}? Give it with "
                "`graph_store` (Oxigraph: .../store, Fuseki: .../DATASET/data, Virtuoso: "
                ".../sparql-graph-crud-auth, GraphDB: .../repositories/ID/rdf-graphs/service)"
            )
        return self.graph_store

    def _put(self, graph: Graph, name: str) -> None:
        self._put_body(graph.serialize(format="nt", encoding="utf-8"), name)

    def _send_in_parts(self, file: Path, name: str, wait: float | None) -> None:
        """An N-Triples file in parts of :data:`PUSH_PART` triples: the first replaces the
        graph (PUT), the others are added to it (POST). One part is held at a time."""
        method = "PUT"
        with file.open("rb") as lines:
            while True:
                part = b"".join(itertools.islice(lines, PUSH_PART))
                if not part and method == "POST":
                    return
                self._put_body(part, name, _wait_for(len(part), wait), method)
                method = "POST"

    def _put_body(
        self, body: bytes | BinaryIO, name: str, wait: float | None = None, method: str = "PUT"
    ) -> None:
        self._request(
            self._graph_store_url(),
            method=method,
            params={"graph": name},
            data=body,
            headers={"Content-Type": "application/n-triples"},
            timeout=self.timeout if wait is None else (wait or None),
        )


def _wait_for(size: int, wait: float | None) -> float:
    """How long a part of ``size`` bytes is waited for: ``wait`` if given, else a time
    fitting its size."""
    if wait is not None:
        return wait
    return PUSH_BASE_WAIT + size / PUSH_RATE


def _named_graph_files(
    path: Path, rdf_format: ox.RdfFormat, folder: Path
) -> tuple[dict[str, Path], int]:
    """Each named graph of a dataset file as an N-Triples file in ``folder``, each triple
    once, and how many triples they hold in all. A streamed build can state a quad twice
    (two CORDIS rows of one participation), so each quad's 16-byte digest is kept to skip
    repeats: a few hundred MB for millions of quads, where rdflib held the whole dataset.
    The default graph's triples are not pushed: the union stands for it."""
    files: dict[str, Path] = {}
    streams: dict[str, BinaryIO] = {}
    seen: set[bytes] = set()
    try:
        for quad in ox.parse(path=str(path), format=rdf_format):
            if isinstance(quad.graph_name, ox.DefaultGraph):
                continue
            name = quad.graph_name.value
            line = f"{quad.subject} {quad.predicate} {quad.object} .\n".encode()
            digest = hashlib.blake2b(line + name.encode(), digest_size=16).digest()
            if digest in seen:
                continue
            seen.add(digest)
            if name not in streams:
                files[name] = folder / f"graph-{len(files)}.nt"
                streams[name] = files[name].open("wb")
            streams[name].write(line)
    except SyntaxError as error:
        raise EndpointError(f"{path} is not a valid dataset file: {error}") from None
    finally:
        for stream in streams.values():
            stream.close()
    return files, len(seen)


def _union_file(path: Path, files: dict[str, Path], folder: Path) -> Path:
    """The union of the named graphs as N-Triples, each triple once: the build's union file
    when it is up to date, else computed from the graph files."""
    built = fresh_union_file(path)
    if built is not None:
        return built
    union = folder / "union.nt"
    lines: set[bytes] = set()
    for graph_file in files.values():
        lines.update(graph_file.read_bytes().splitlines(keepends=True))
    union.write_bytes(b"".join(sorted(lines)))
    return union


def _result_from_json(data: Any, form: str, endpoint: str) -> QueryResult:
    """SPARQL JSON results, checked against the query's form."""
    if not isinstance(data, dict):
        raise EndpointError(f"{endpoint} did not answer with SPARQL JSON results")
    if "boolean" in data:
        return QueryResult("ask", boolean=bool(data["boolean"]))
    if form in {"construct", "describe"}:
        raise EndpointError(f"{endpoint} answered a {form.upper()} with a table, not RDF")
    variables = list(data["head"].get("vars", []))
    rows = [
        tuple(term_from_json(b[v]) if v in b else None for v in variables)
        for b in data["results"]["bindings"]
    ]
    if form == "ask":
        return QueryResult("ask", boolean=_ask_from_table(variables, rows, endpoint))
    return QueryResult("select", variables, rows)


def _ask_from_table(variables: list[str], rows: list[tuple[Any, ...]], endpoint: str) -> bool:
    """An ASK answered as a table of one cell (Virtuoso, unless its CaseMode is 2, gives
    ``__ASK_RETVAL`` 1 or 0): that cell is the answer; anything else is an error, never a
    silent 'true'."""
    if len(variables) == 1 and len(rows) <= 1:
        value = term_parts(rows[0][0])[1] if rows and rows[0][0] is not None else "0"
        if value in {"1", "true", "0", "false"}:
            return value in {"1", "true"}
    raise EndpointError(f"{endpoint} answered an ASK with a table, not true or false")


def _description(pushed: PushedDataset) -> Graph:
    from rdflib import RDF, BNode, Graph, Namespace, URIRef

    sd = Namespace(SD)
    graph = Graph()
    dataset = URIRef(PUSHED_DATASET)
    graph.add((dataset, RDF.type, sd.Dataset))
    graph.add((dataset, sd.defaultGraph, URIRef(pushed.default_graph)))
    for name in pushed.named_graphs:
        node = BNode()
        graph.add((dataset, sd.namedGraph, node))
        graph.add((node, RDF.type, sd.NamedGraph))
        graph.add((node, sd.name, URIRef(name)))
    return graph


def default_graph_store(endpoint: str) -> str | None:
    """Oxigraph's layout: ``.../query`` answers queries, ``.../store`` is the graph store.
    Other layouts are the server's own (None: ``push`` asks for ``--graph-store``)."""
    if endpoint.rstrip("/").endswith("/query"):
        return endpoint.rstrip("/")[: -len("query")] + "store"
    return None


def default_update_endpoint(endpoint: str, graph_store: str | None) -> str | None:
    """The SPARQL Update endpoint beside a known layout: Oxigraph's ``.../update``,
    Virtuoso's ``.../sparql-auth`` (or ``.../sparql``) beside its graph store."""
    if endpoint.rstrip("/").endswith("/query"):
        return endpoint.rstrip("/")[: -len("query")] + "update"
    if graph_store is not None:
        for crud, update in (
            ("sparql-graph-crud-auth", "sparql-auth"),
            ("sparql-graph-crud", "sparql"),
        ):
            if graph_store.rstrip("/").endswith("/" + crud):
                return graph_store.rstrip("/")[: -len(crud)] + update
    return None
