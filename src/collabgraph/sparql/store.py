"""Stores the graph can live in; every reader (query, network, maps) goes through one interface.

- ``memory`` (default): pyoxigraph in-process and in memory, no setup, loaded from the build.
- ``rdflib``: plain rdflib in-process; the reference implementation, slow on large graphs.
- ``oxigraph``: a persistent pyoxigraph (RocksDB) store under ``build/oxigraph``, for large graphs.
- ``remote``: any SPARQL 1.1 server (``--endpoint URL``); loaded with the Graph Store Protocol.

Each store sees the *union* of the named graphs as its default graph, each triple once,
and honours FROM / FROM NAMED, so one query gives one answer everywhere: Oxigraph stores
materialise the union into their default graph when they load, rdflib merges it as a set.
A remote server's default graph is its own business (Virtuoso's holds every graph, its
system graphs included): ``push`` writes the union into a named graph and describes it, and
queries that name no dataset are sent with that dataset (the SPARQL Protocol's
``default-graph-uri`` and ``named-graph-uri``).
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import itertools
import json
import os
import re
import shutil
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD, Namespace
from rdflib.term import Node

from collabgraph.errors import (
    BuildError,
    CollabgraphError,
    EndpointError,
    QuerySyntaxError,
    QueryTimeoutError,
)
from collabgraph.generations import (
    adopt_older_build,
    fsync_folder,
    give_folder_usual_mode,
    project_lock,
)
from collabgraph.io import built_graph_file, read_dataset, write_atomically
from collabgraph.namespace import GRAPH, PREFIXES
from collabgraph.project import Project
from collabgraph.sparql.results import QueryResult, term_from_json

if TYPE_CHECKING:
    import requests

    from collabgraph.sparql.worker import QueryWorker

__all__ = [
    "PUSHED_DATASET",
    "PUSHED_UNION",
    "STORE_KINDS",
    "OxigraphStore",
    "PushedDataset",
    "RdflibStore",
    "RemoteStore",
    "Store",
    "StoreRecipe",
    "open_recipe",
    "open_store",
]

STORE_KINDS = ("memory", "rdflib", "oxigraph")
_FORMAT_NAMES = {ox.RdfFormat.TRIG: "trig", ox.RdfFormat.N_QUADS: "nq"}
_POSITION = re.compile(r"error at (\d+):(\d+)")
_READERS = 4
"""Threads that read an Oxigraph store side by side (two per core of the machines we measure on)."""
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


def _temporary_file(suffix: str) -> Path:
    handle, name = tempfile.mkstemp(prefix="collabgraph-", suffix=suffix)
    os.close(handle)
    return Path(name)


@dataclass(frozen=True)
class StoreRecipe:
    """How another process opens the same data: a worker process's store (see ``worker``)."""

    kind: str  # memory | oxigraph | rdflib
    path: str
    rdf_format: str = "trig"  # for memory and rdflib: trig | nq


class Store(ABC):
    """Where a query runs. ``query`` takes the text with parameters bound; the project's
    prefixes come separately, so each engine declares them its own way."""

    kind: str = "store"
    name_index: Path | None = None
    """A table of the store's names (``nameindex``), when it has one."""
    _worker: QueryWorker | None = None
    _dump: Path | None = None

    @abstractmethod
    def query(self, sparql: str, prefixes: Mapping[str, str] = PREFIXES) -> QueryResult: ...

    def plain_rows(
        self, sparql: str, prefixes: Mapping[str, str] = PREFIXES
    ) -> tuple[list[str], list[tuple[Any, ...]]]:
        """A SELECT's variables and rows with IRIs as text (blank nodes ``_:id``) and literals
        as Python values: for readers of many rows, which need no RDF terms (projections)."""
        result = self.query(sparql, prefixes)
        return result.variables, [tuple(plain_value(t) for t in row) for row in result.rows]

    def plain_rows_many(
        self, queries: Sequence[str], prefixes: Mapping[str, str] = PREFIXES
    ) -> list[tuple[list[str], list[tuple[Any, ...]]]]:
        """``plain_rows`` of several independent SELECTs, in the order given (a store that
        can answer them side by side does)."""
        return [self.plain_rows(query, prefixes) for query in queries]

    def recipe(self) -> StoreRecipe | None:
        """How a worker process opens this store's data (None: it cannot)."""
        return None

    def run(
        self, sparql: str, prefixes: Mapping[str, str] = PREFIXES, *, timeout: float | None = None
    ) -> QueryResult:
        """Run a query; with a timeout, in a worker process that is ended when time is up."""
        if timeout is None:
            return self.query(sparql, prefixes)
        from collabgraph.sparql.worker import QueryWorker

        if self._worker is None or not self._worker.alive:
            recipe = self.recipe()
            if recipe is None:
                raise CollabgraphError(f"the {self.kind} store cannot run queries with a timeout")
            self._worker = QueryWorker(recipe)
        return self._worker.run(sparql, prefixes, timeout)

    def describe(self) -> str:
        return self.kind

    def _snapshot(self, kind: str, write: Callable[[str], object]) -> StoreRecipe:
        """A copy in N-Quads of data added by hand, for a worker to load (deleted on close)."""
        if self._dump is None:
            self._dump = _temporary_file(".nq")
            write(str(self._dump))
        return StoreRecipe(kind, str(self._dump), "nq")

    def close(self) -> None:
        """Release what the store holds: its worker process and snapshot, if it has them."""
        if self._worker is not None:
            self._worker.stop()
            self._worker = None
        if self._dump is not None:
            self._dump.unlink(missing_ok=True)
            self._dump = None


class RdflibStore(Store):
    kind = "rdflib"

    def __init__(self, dataset: Dataset, source: Path | None = None) -> None:
        self.dataset = dataset
        self.source = source

    def recipe(self) -> StoreRecipe:
        if self.source is not None:
            return StoreRecipe("rdflib", str(self.source))
        return self._snapshot(
            "rdflib", lambda path: self.dataset.serialize(destination=path, format="nquads")
        )

    def query(self, sparql: str, prefixes: Mapping[str, str] = PREFIXES) -> QueryResult:
        from pyparsing import ParseException

        try:
            result = self.dataset.query(sparql, initNs=dict(prefixes))
        except ParseException as exc:
            raise QuerySyntaxError(
                f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}"
            ) from None
        except Exception as exc:  # rdflib raises a bare Exception for an unknown prefix
            if "Unknown namespace prefix" in str(exc):
                raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from None
            raise
        if result.type == "ASK":
            return QueryResult("ask", boolean=bool(result.askAnswer))
        if result.type in {"CONSTRUCT", "DESCRIBE"}:
            graph = Graph()
            for triple in result.graph or []:
                graph.add(triple)
            return QueryResult("graph", graph=graph)
        variables = [str(v) for v in result.vars or []]
        rows = [tuple(_canonical(term) for term in row) for row in result]  # type: ignore[union-attr]
        return QueryResult("select", variables, rows)


def _canonical(term: Node | None) -> Node | None:
    """xsd:decimal in its canonical form (rdflib keeps '165000000.0', Oxigraph gives '165000000')."""
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        value = term.toPython()
        if isinstance(value, Decimal):
            text = format(value.normalize(), "f")
            return Literal(text, datatype=XSD.decimal)
    return term


_XSD_STRING = ox.NamedNode(str(XSD.string))
_OX_CONVERTERS: dict[str, Callable[[str], Any]] = {
    **{str(XSD[name]): int for name in ("integer", "int", "long", "short", "nonNegativeInteger",
                                         "positiveInteger", "nonPositiveInteger",
                                         "negativeInteger", "unsignedInt", "unsignedLong")},
    str(XSD.decimal): Decimal,
    str(XSD.double): float,
    str(XSD.float): float,
    str(XSD.boolean): lambda text: text in ("true", "1"),
    str(XSD.date): datetime.date.fromisoformat,
}  # fmt: skip


def plain_value(term: Node | None) -> Any:
    """An rdflib term as :meth:`Store.plain_rows` gives it."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _plain_from_ox(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        if term.language or term.datatype == _XSD_STRING:
            return term.value
        convert = _OX_CONVERTERS.get(term.datatype.value)
        if convert is None:
            return term.value
        try:
            return convert(term.value)
        except (ValueError, ArithmeticError):
            return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _from_ox(term: Any) -> Node | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unexpected term {term!r}")


def _node(term: Any) -> Node:
    node = _from_ox(term)
    if node is None:
        raise TypeError("a triple has no unbound term")
    return node


class OxigraphStore(Store):
    kind = "oxigraph"

    def __init__(
        self, store: ox.Store, path: Path | None = None, name_index: Path | None = None
    ) -> None:
        self.store = store
        self.path = path
        self.name_index = name_index
        self.loaded_from: list[tuple[Path, ox.RdfFormat]] = []

    @classmethod
    def in_memory(cls, graph_file: Path | None = None) -> OxigraphStore:
        store = cls(ox.Store())
        store.kind = "memory"
        if graph_file is not None:
            store.load_file(graph_file)
        return store

    def load_file(self, path: Path, rdf_format: ox.RdfFormat = ox.RdfFormat.TRIG) -> None:
        load_with_union(self.store, Path(path), rdf_format)
        self.loaded_from.append((Path(path), rdf_format))

    def recipe(self) -> StoreRecipe:
        if self.path is not None:
            return StoreRecipe("oxigraph", str(self.path))
        if len(self.loaded_from) == 1 and self.loaded_from[0][1] in _FORMAT_NAMES:
            path, rdf_format = self.loaded_from[0]
            return StoreRecipe("memory", str(path), _FORMAT_NAMES[rdf_format])
        return self._snapshot(
            "memory", lambda path: self.store.dump(path, format=ox.RdfFormat.N_QUADS)
        )

    def query(self, sparql: str, prefixes: Mapping[str, str] = PREFIXES) -> QueryResult:
        from collabgraph.sparql.prepare import syntax_error

        try:
            result = self.store.query(
                sparql, prefixes=dict(prefixes), use_default_graph_as_union=False
            )
        except SyntaxError as exc:
            raise syntax_error(str(exc), sparql) from None
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(result))
        if isinstance(result, ox.QueryTriples):
            graph = Graph()
            for triple in result:
                graph.add((_node(triple.subject), _node(triple.predicate), _node(triple.object)))
            return QueryResult("graph", graph=graph)
        variables = [v.value for v in result.variables]
        rows = [tuple(_from_ox(solution[i]) for i in range(len(variables))) for solution in result]
        return QueryResult("select", variables, rows)

    def plain_rows(
        self, sparql: str, prefixes: Mapping[str, str] = PREFIXES
    ) -> tuple[list[str], list[tuple[Any, ...]]]:
        result = self.store.query(sparql, prefixes=dict(prefixes), use_default_graph_as_union=False)
        if not isinstance(result, ox.QuerySolutions):
            raise CollabgraphError("plain_rows() reads SELECT results")
        variables = [v.value for v in result.variables]
        width = range(len(variables))
        return variables, [tuple(_plain_from_ox(row[i]) for i in width) for row in result]

    def plain_rows_many(
        self, queries: Sequence[str], prefixes: Mapping[str, str] = PREFIXES
    ) -> list[tuple[list[str], list[tuple[Any, ...]]]]:
        """Side by side in threads: pyoxigraph releases the GIL while it evaluates, so an
        entity's map at Horizon 2020 size reads its 28 queries in 0.9 s instead of 2.0 s."""
        if len(queries) < 2:
            return super().plain_rows_many(queries, prefixes)
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(min(_READERS, len(queries))) as pool:
            return list(pool.map(lambda query: self.plain_rows(query, prefixes), queries))

    def describe(self) -> str:
        return f"oxigraph ({self.path})" if self.path else "memory (pyoxigraph, in process)"


PUSHED_UNION = GRAPH["push/union"]
"""Where ``push`` writes the union of the named graphs on a remote server."""
PUSHED_STAGING = GRAPH["push/staging/"]
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
PUSHED_DATASET = GRAPH["push/dataset"]
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
        rows = self._ask(query, prefixes, "select", [], None).rows
        if not rows:
            return None
        named = sorted({str(row[1]) for row in rows if row[1] is not None})
        return PushedDataset(str(rows[0][0]), tuple(named))

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
        value = str(rows[0][0]) if rows and rows[0][0] is not None else "0"
        if value in {"1", "true", "0", "false"}:
            return value in {"1", "true"}
    raise EndpointError(f"{endpoint} answered an ASK with a table, not true or false")


def _description(pushed: PushedDataset) -> Graph:
    graph = Graph()
    dataset = URIRef(PUSHED_DATASET)
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, URIRef(pushed.default_graph)))
    for name in pushed.named_graphs:
        node = BNode()
        graph.add((dataset, SD.namedGraph, node))
        graph.add((node, RDF.type, SD.NamedGraph))
        graph.add((node, SD.name, URIRef(name)))
    return graph


_UNION_FILE = "graph-union.nt"
"""Beside a built graph file: the union of its named graphs (``Project.union_file``)."""


def fresh_union_file(path: Path) -> Path | None:
    """The union file the build wrote beside a graph file, if it is as new as the graph."""
    union = path.with_name(_UNION_FILE)
    if union.is_file() and union.stat().st_mtime_ns >= path.stat().st_mtime_ns - 10**9:
        return union
    return None


def load_with_union(store: ox.Store, path: Path, rdf_format: ox.RdfFormat) -> None:
    """Load a dataset file into its named graphs, and their union into the default graph as
    a set: a triple two sources state is counted once, and FROM / FROM NAMED select graphs
    as SPARQL says (a query-time union counts it twice and ignores FROM). The build writes
    the union beside the graph file; without it the store computes it (slower)."""
    store.bulk_load(path=str(path), format=rdf_format)
    union = fresh_union_file(path)
    if union is not None:
        store.bulk_load(path=str(union), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    else:
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")


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


def oxigraph_store_for(project: Project) -> OxigraphStore:
    """The persistent Oxigraph store of the current build, loaded into its generation's
    folder the first time it is asked for (see :mod:`collabgraph.generations`)."""
    from collabgraph.sparql.nameindex import ensure_name_index

    adopt_older_build(project)
    graph_file = built_graph_file(project)
    folder = graph_file.parent / _STORE_FOLDER
    if not (folder / _LOADED_MARKER).is_file():
        with project_lock(project):
            if not (folder / _LOADED_MARKER).is_file():
                _load_store(graph_file, folder)
    try:
        opened = ox.Store.read_only(str(folder))
    except OSError as exc:
        raise BuildError(f"cannot open the Oxigraph store at {folder}: {exc}") from None
    return OxigraphStore(opened, folder, ensure_name_index(opened, folder))


_STORE_FOLDER = "oxigraph"
_LOADED_MARKER = "loaded-from.json"
"""In a store's folder: the graph file it was loaded from (written last, before the rename
that puts the whole folder in place)."""


def _load_store(graph_file: Path, folder: Path) -> None:
    """Load a graph file into a new store beside it, then rename the complete store into
    ``folder`` (which does not exist yet): a crash leaves no store or a whole one, never
    removes a store a reader may use. Under the project lock."""
    from collabgraph.sparql.nameindex import write_name_index

    for stale in folder.parent.glob(f".{folder.name}.loading-*"):
        shutil.rmtree(stale, ignore_errors=True)  # left by a load that was killed
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.loading-"))
    try:
        store = ox.Store(str(staging))
        load_with_union(store, graph_file, ox.RdfFormat.TRIG)
        write_name_index(store, staging)
        store.optimize()  # compacts RocksDB after the bulk load: reads get faster
        store.flush()
        del store
        write_atomically(staging / _LOADED_MARKER, json.dumps(str(graph_file)).encode())
        give_folder_usual_mode(staging)
        staging.rename(folder)
        fsync_folder(folder.parent)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"cannot create the Oxigraph store at {folder}: {exc}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def open_store(
    project: Project,
    kind: str = "memory",
    *,
    endpoint: str | None = None,
    auth: tuple[str, str] | None = None,
) -> Store:
    """The built graph in the chosen store; ``endpoint`` selects a remote SPARQL server
    (``auth``: its user name and password, if it asks for them)."""
    if endpoint:
        return RemoteStore(endpoint, auth=auth)
    if kind == "memory":
        return OxigraphStore.in_memory(built_graph_file(project))
    if kind == "rdflib":
        graph_file = built_graph_file(project)  # resolved once: the worker reads the same
        return RdflibStore(read_dataset(graph_file), graph_file)
    if kind == "oxigraph":
        return oxigraph_store_for(project)
    raise BuildError(f"unknown store {kind!r} (one of: {', '.join(STORE_KINDS)}, or an `endpoint`)")


def open_recipe(recipe: StoreRecipe) -> Store:
    """The store a recipe describes (in the worker process)."""
    formats = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}
    if recipe.kind == "oxigraph":
        return OxigraphStore(ox.Store.read_only(recipe.path), Path(recipe.path))
    if recipe.kind == "memory":
        store = OxigraphStore.in_memory()
        store.load_file(Path(recipe.path), formats[recipe.rdf_format])
        return store
    dataset = Dataset(default_union=True)
    dataset.parse(recipe.path, format="trig" if recipe.rdf_format == "trig" else "nquads")
    return RdflibStore(dataset, Path(recipe.path))
