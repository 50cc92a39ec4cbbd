"""Stores the graph can live in; every reader (query, network, maps) goes through one interface.

- ``memory`` (default): pyoxigraph in-process and in memory, no setup, loaded from the build.
- ``rdflib``: plain rdflib in-process; the reference implementation, slow on large graphs.
- ``oxigraph``: a persistent pyoxigraph (RocksDB) store under ``build/oxigraph``, for large graphs.
- ``remote``: any SPARQL 1.1 server (``--endpoint URL``); loaded with the Graph Store Protocol
  (:mod:`collabgraph.sparql.remote`).

The persistent store's life (loaded once into its build's generation) and ``open_store`` are
in :mod:`collabgraph.sparql.persistent`.

Each store sees the *union* of the named graphs as its default graph, each triple once,
and honours FROM / FROM NAMED, so one query gives one answer everywhere: Oxigraph stores
materialise the union into their default graph when they load, rdflib merges it as a set.
A remote server's default graph is its own business (Virtuoso's holds every graph, its
system graphs included): ``push`` writes the union into a named graph and describes it, and
queries that name no dataset are sent with that dataset (the SPARQL Protocol's
``default-graph-uri`` and ``named-graph-uri``).
"""

from __future__ import annotations

import datetime
import os
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from collabgraph.errors import (
    CollabgraphError,
    QuerySyntaxError,
)
from collabgraph.prefixes import PREFIXES, XSD
from collabgraph.sparql.results import QueryResult

if TYPE_CHECKING:
    from rdflib import Dataset, Graph
    from rdflib.term import Node

    from collabgraph.sparql.worker import QueryWorker

__all__ = [
    "STORE_KINDS",
    "OxigraphStore",
    "RdflibStore",
    "Store",
    "StoreRecipe",
    "fresh_union_file",
    "load_with_union",
    "open_recipe",
    "plain_value",
]

STORE_KINDS = ("memory", "rdflib", "oxigraph")
_FORMAT_NAMES = {ox.RdfFormat.TRIG: "trig", ox.RdfFormat.N_QUADS: "nq"}
_READERS = 4
"""Threads that read an Oxigraph store side by side (two per core of the machines we measure on)."""


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
        return result.variables, [tuple(_plain(t) for t in row) for row in result.terms]

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
            self._worker = QueryWorker(recipe, open_recipe)
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
            from rdflib import Graph

            graph = Graph()
            for triple in result.graph or []:
                graph.add(triple)
            return QueryResult("graph", graph=graph)
        variables = [str(v) for v in result.vars or []]
        rows = [tuple(_canonical(term) for term in row) for row in result]  # type: ignore[union-attr]
        return QueryResult("select", variables, rows)


def _canonical(term: Node | None) -> Node | None:
    """xsd:decimal in its canonical form (rdflib keeps '165000000.0', Oxigraph gives '165000000')."""
    from rdflib import Literal

    if isinstance(term, Literal) and str(term.datatype) == XSD + "decimal":
        value = term.toPython()
        if isinstance(value, Decimal):
            text = format(value.normalize(), "f")
            return Literal(text, datatype=term.datatype)
    return term


_XSD_STRING = ox.NamedNode(XSD + "string")
_OX_CONVERTERS: dict[str, Callable[[str], Any]] = {
    **{XSD + name: int for name in ("integer", "int", "long", "short", "nonNegativeInteger",
                                         "positiveInteger", "nonPositiveInteger",
                                         "negativeInteger", "unsignedInt", "unsignedLong")},
    XSD + "decimal": Decimal,
    XSD + "double": float,
    XSD + "float": float,
    XSD + "boolean": lambda text: text in ("true", "1"),
    XSD + "date": datetime.date.fromisoformat,
}  # fmt: skip


def plain_value(term: Node | None) -> Any:
    """An rdflib term as :meth:`Store.plain_rows` gives it."""
    from rdflib import BNode, Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _plain(term: Any) -> Any:
    """A term of either library as :meth:`Store.plain_rows` gives it."""
    if term is None or isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return _plain_from_ox(term)
    return plain_value(term)


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
            return QueryResult("graph", graph=_rdflib_graph(result))
        variables = [v.value for v in result.variables]
        rows = [tuple(solution[i] for i in range(len(variables))) for solution in result]
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


def _rdflib_graph(triples: ox.QueryTriples) -> Graph:
    """A CONSTRUCT or DESCRIBE result as an rdflib graph (what the API gives)."""
    from rdflib import Graph

    from collabgraph.sparql.results import to_rdflib

    graph = Graph()
    for triple in triples:
        subject, predicate, obj = (to_rdflib(term) for term in triple)
        assert subject is not None and predicate is not None and obj is not None
        graph.add((subject, predicate, obj))
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


def open_recipe(recipe: StoreRecipe) -> Store:
    """The store a recipe describes (in the worker process)."""
    formats = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}
    if recipe.kind == "oxigraph":
        return OxigraphStore(ox.Store.read_only(recipe.path), Path(recipe.path))
    if recipe.kind == "memory":
        store = OxigraphStore.in_memory()
        store.load_file(Path(recipe.path), formats[recipe.rdf_format])
        return store
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    dataset.parse(recipe.path, format="trig" if recipe.rdf_format == "trig" else "nquads")
    return RdflibStore(dataset, Path(recipe.path))
