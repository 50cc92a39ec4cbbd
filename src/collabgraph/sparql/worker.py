"""Queries with a timeout run in a worker process, so a timed-out query really stops.

Neither pyoxigraph nor rdflib can cancel a query that is running in the caller's process: a
thread that is given up on keeps a core busy (and, for rdflib, the interpreter lock). A
worker process opens the same data (the built graph file, the persistent store read-only,
or a snapshot), answers queries one at a time, and is killed when a query runs past its
timeout; the next timed query starts a fresh one. The worker dies with its parent (Linux
parent-death signal, and it checks that its parent is still the one that started it).

Starting a worker costs a Python start-up and loading the graph (about half a second on the
project's graph); only queries with a timeout pay it, once per worker.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Mapping
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

import collabgraph.errors as errors
from collabgraph.errors import CollabgraphError, QueryTimeoutError
from collabgraph.sparql.results import QueryResult

if TYPE_CHECKING:
    from collabgraph.sparql.store import Store, StoreRecipe

    Opener = Callable[[StoreRecipe], Store]

__all__ = ["QueryWorker"]

_START_LIMIT = 300.0  # seconds a worker may take to load its data before it is given up


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the signal was set up
        os._exit(1)


def _pack(result: QueryResult) -> tuple[Any, ...]:
    if result.kind == "graph":
        assert result.graph is not None
        return ("graph", result.graph.serialize(format="nt", encoding="utf-8"))
    if result.kind == "ask":
        return ("ask", bool(result.boolean))
    return ("select", list(result.variables), list(result.terms))


def _unpack(packed: tuple[Any, ...]) -> QueryResult:
    if packed[0] == "graph":
        from rdflib import Graph

        return QueryResult("graph", graph=Graph().parse(data=packed[1], format="nt"))
    if packed[0] == "ask":
        return QueryResult("ask", boolean=packed[1])
    return QueryResult("select", packed[1], packed[2])


def _serve(recipe: StoreRecipe, opener: Opener, connection: Connection, parent: int) -> None:
    """The worker's loop: open the data, then answer (sparql, prefixes) requests."""
    _die_with_parent(parent)
    try:
        store = opener(recipe)
    except Exception as exc:  # reported to the parent, which raises it as a user error
        connection.send(
            ("error", "CollabgraphError", f"the query worker cannot open the graph: {exc}")
        )
        return
    connection.send(("ready",))
    while True:
        try:
            sparql, prefixes = connection.recv()
        except (EOFError, OSError):
            return
        try:
            connection.send(("ok", _pack(store.query(sparql, prefixes))))
        except CollabgraphError as error:
            connection.send(("error", type(error).__name__, error.message))
        except Exception as exc:  # an engine failure: reported, the worker goes on
            connection.send(("error", "CollabgraphError", f"the query failed: {exc}"))


def _error(name: str, message: str) -> CollabgraphError:
    """The worker's error as the same class, where that class takes just a message."""
    found = getattr(errors, name, CollabgraphError)
    takes_message = (
        isinstance(found, type)
        and issubclass(found, CollabgraphError)
        and found.__init__ is CollabgraphError.__init__
    )
    return found(message) if takes_message else CollabgraphError(message)


class QueryWorker:
    """A child process holding its own copy of a store, opened from ``recipe`` by ``opener``
    (a module-level function, so that the child can import it: the store module passes its
    own, and the worker module needs no import of it)."""

    def __init__(self, recipe: StoreRecipe, opener: Opener) -> None:
        context = multiprocessing.get_context("spawn")
        self.connection, child_end = context.Pipe()
        self.process = context.Process(
            target=_serve,
            args=(recipe, opener, child_end, os.getpid()),
            name="collabgraph-query-worker",
            daemon=True,
        )
        self.process.start()
        child_end.close()
        self._reply(_START_LIMIT, "the query worker did not start")

    @property
    def alive(self) -> bool:
        return self.process.is_alive()

    def run(self, sparql: str, prefixes: Mapping[str, str], timeout: float) -> QueryResult:
        """Send one query; kill the worker if it runs longer than ``timeout`` seconds."""
        self.connection.send((sparql, dict(prefixes)))
        reply = self._reply(timeout, f"the query was stopped after the {timeout:g} s timeout")
        return _unpack(reply[1])

    def _reply(self, timeout: float, timeout_message: str) -> tuple[Any, ...]:
        try:
            ready = self.connection.poll(timeout)
        except (EOFError, OSError):
            ready = True
        if not ready:
            self.stop()
            raise QueryTimeoutError(timeout_message)
        try:
            reply: tuple[Any, ...] = self.connection.recv()
        except (EOFError, OSError):
            self.stop()
            raise CollabgraphError("the query worker ended unexpectedly") from None
        if reply[0] == "error":
            raise _error(reply[1], reply[2])
        return reply

    def stop(self) -> None:
        """End the worker now (a running query ends with it) and wait for it to be gone."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=10)
        self.connection.close()
