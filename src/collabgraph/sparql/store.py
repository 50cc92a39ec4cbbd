"""Stores the graph can live in; every reader (query, network, maps) goes through one interface.

- ``memory`` (default): pyoxigraph in-process and in memory, no setup, loaded from the build.
- ``rdflib``: plain rdflib in-process; the reference implementation, slow on large graphs.
- ``oxigraph``: a persistent pyoxigraph (RocksDB) store under ``build/oxigraph``, for large graphs.
- ``remote``: any SPARQL 1.1 server (``--endpoint URL``); loaded with the Graph Store Protocol.

Each store sees the *union* of the named graphs as its default graph, so one query gives
one answer everywhere. For remote servers (whose default graph is their own business) the
loader also writes the union into the server's default graph.
"""

from __future__ import annotations

import json
import shutil
from abc import ABC, abstractmethod
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.term import Node

from collabgraph.errors import BuildError, EndpointError, QuerySyntaxError
from collabgraph.io import load_built_graph, write_atomically
from collabgraph.project import Project
from collabgraph.sparql.results import QueryResult, term_from_json

if TYPE_CHECKING:
    import requests

__all__ = ["STORE_KINDS", "OxigraphStore", "RdflibStore", "RemoteStore", "Store", "open_store"]

STORE_KINDS = ("memory", "rdflib", "oxigraph")


class Store(ABC):
    """Where a query runs. ``query`` takes a complete SPARQL text (prefixes and bindings in)."""

    kind: str = "store"

    @abstractmethod
    def query(self, sparql: str) -> QueryResult: ...

    def describe(self) -> str:
        return self.kind

    def close(self) -> None:  # noqa: B027 - most stores hold nothing to release
        """Release what the store holds."""


class RdflibStore(Store):
    kind = "rdflib"

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

    def query(self, sparql: str) -> QueryResult:
        result = self.dataset.query(sparql)
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

    def __init__(self, store: ox.Store, path: Path | None = None) -> None:
        self.store = store
        self.path = path

    @classmethod
    def in_memory(cls, graph_file: Path | None = None) -> OxigraphStore:
        store = cls(ox.Store())
        store.kind = "memory"
        if graph_file is not None:
            store.load_file(graph_file)
        return store

    def load_file(self, path: Path, rdf_format: ox.RdfFormat = ox.RdfFormat.TRIG) -> None:
        self.store.bulk_load(path=str(path), format=rdf_format)

    def query(self, sparql: str) -> QueryResult:
        try:
            result = self.store.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from None
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

    def describe(self) -> str:
        return f"oxigraph ({self.path})" if self.path else "memory (pyoxigraph, in process)"


class RemoteStore(Store):
    """A SPARQL 1.1 Protocol endpoint; loads go through the Graph Store Protocol."""

    kind = "remote"

    def __init__(
        self, endpoint: str, graph_store: str | None = None, *, timeout: float = 60.0
    ) -> None:
        self.endpoint = endpoint
        self.graph_store = graph_store or default_graph_store(endpoint)
        self.timeout = timeout
        import requests  # here, not at import time: only remote stores need it

        self.session = requests.Session()

    def describe(self) -> str:
        return f"remote ({self.endpoint})"

    def _post(self, url: str, **kwargs: Any) -> requests.Response:
        import requests

        try:
            response = self.session.request(
                kwargs.pop("method", "POST"), url, timeout=self.timeout, **kwargs
            )
        except requests.ConnectionError:
            raise EndpointError(
                f"cannot reach the SPARQL endpoint {url}: connection refused or host unknown"
            ) from None
        except requests.Timeout:
            raise EndpointError(
                f"the SPARQL endpoint {url} did not answer within {self.timeout:g} s"
            ) from None
        if response.status_code == 400:
            raise QuerySyntaxError(f"the endpoint rejected the query: {response.text.strip()}")
        if response.status_code >= 400:
            raise EndpointError(
                f"{url} answered HTTP {response.status_code}: {response.text.strip()[:500]}"
            )
        return response

    def query(self, sparql: str) -> QueryResult:
        accept = "application/sparql-results+json, application/n-triples;q=0.9"
        response = self._post(self.endpoint, data={"query": sparql}, headers={"Accept": accept})
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip()
        if content_type in {"application/n-triples", "text/turtle", "application/rdf+xml"}:
            graph = Graph().parse(
                data=response.text,
                format={"application/n-triples": "nt", "text/turtle": "turtle"}.get(
                    content_type, "xml"
                ),
            )
            return QueryResult("graph", graph=graph)
        try:
            data = response.json()
        except json.JSONDecodeError:
            raise EndpointError(
                f"{self.endpoint} did not answer with SPARQL JSON results ({content_type})"
            ) from None
        if "boolean" in data:
            return QueryResult("ask", boolean=bool(data["boolean"]))
        variables = list(data["head"].get("vars", []))
        rows = [
            tuple(term_from_json(b[v]) if v in b else None for v in variables)
            for b in data["results"]["bindings"]
        ]
        return QueryResult("select", variables, rows)

    def load(self, dataset: Dataset) -> int:
        """Replace each named graph on the server, and its default graph by the union."""
        put = 0
        for graph in dataset.graphs():
            if graph.identifier == DATASET_DEFAULT_GRAPH_ID or not len(graph):
                continue
            self._put(graph, {"graph": str(graph.identifier)})
            put += len(graph)
        union = Graph()
        for triple in dataset.triples((None, None, None)):
            union.add(triple)
        self._put(union, {"default": ""})
        return put

    def _put(self, graph: Graph, params: dict[str, str]) -> None:
        body = graph.serialize(format="nt", encoding="utf-8")
        self._post(
            self.graph_store,
            method="PUT",
            params=params,
            data=body,
            headers={"Content-Type": "application/n-triples"},
        )


def default_graph_store(endpoint: str) -> str:
    """Oxigraph's layout: ``.../query`` answers queries, ``.../store`` is the graph store."""
    if endpoint.rstrip("/").endswith("/query"):
        return endpoint.rstrip("/")[: -len("query")] + "store"
    return endpoint


def _graph_fingerprint(project: Project) -> str:
    """Which build the store was loaded from: the graph file's size and modification time (ns)."""
    status = project.graph_file.stat()
    return json.dumps([status.st_size, status.st_mtime_ns])


def oxigraph_store_for(project: Project) -> OxigraphStore:
    """The persistent Oxigraph store of the built graph, reloaded when the graph is newer."""
    if not project.graph_file.is_file():
        raise BuildError(f"no built graph at {project.graph_file}; run 'collabgraph build' first")
    folder = project.build_dir / "oxigraph"
    marker = folder / "loaded-from.json"
    fingerprint = _graph_fingerprint(project)
    if not (marker.is_file() and marker.read_text() == fingerprint):
        staging = project.build_dir / "oxigraph.loading"
        shutil.rmtree(staging, ignore_errors=True)
        try:
            store = ox.Store(str(staging))
        except OSError as exc:
            raise BuildError(f"cannot create the Oxigraph store at {staging}: {exc}") from None
        store.bulk_load(path=str(project.graph_file), format=ox.RdfFormat.TRIG)
        store.optimize()  # compacts RocksDB after the bulk load: reads get faster
        store.flush()
        del store
        shutil.rmtree(folder, ignore_errors=True)
        staging.rename(folder)
        write_atomically(marker, fingerprint.encode())
    try:
        return OxigraphStore(ox.Store.read_only(str(folder)), folder)
    except OSError as exc:
        raise BuildError(f"cannot open the Oxigraph store at {folder}: {exc}") from None


def open_store(project: Project, kind: str = "memory", *, endpoint: str | None = None) -> Store:
    """The built graph in the chosen store; ``endpoint`` selects a remote SPARQL server."""
    if endpoint:
        return RemoteStore(endpoint)
    if kind == "memory":
        if not project.graph_file.is_file():
            raise BuildError(
                f"no built graph at {project.graph_file}; run 'collabgraph build' first"
            )
        return OxigraphStore.in_memory(project.graph_file)
    if kind == "rdflib":
        return RdflibStore(load_built_graph(project))
    if kind == "oxigraph":
        return oxigraph_store_for(project)
    raise BuildError(
        f"unknown store {kind!r} (one of: {', '.join(STORE_KINDS)}, or --endpoint URL)"
    )
