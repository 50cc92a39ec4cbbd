"""Timeouts stop the work: a timed-out query's worker process is gone, nothing keeps running."""

from __future__ import annotations

import multiprocessing
import os
import threading

import pyoxigraph as ox
import pytest

from collabgraph.errors import QueryTimeoutError
from collabgraph.sparql.persistent import open_store
from collabgraph.sparql.prepare import run_query

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ASK = "ASK { cgd:umc-utrecht org:memberOf cgd:leru }"


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.parametrize("kind", ["memory", "rdflib", "oxigraph"])
def test_after_a_timeout_no_thread_or_process_keeps_working(built_project, kind):
    store = open_store(built_project, kind)
    threads = threading.active_count()
    try:
        assert run_query(store, ASK, timeout=60).boolean is True  # starts the worker
        worker = store._worker
        assert worker is not None and worker.alive
        pid = worker.process.pid
        with pytest.raises(QueryTimeoutError, match=r"stopped after the 0.5 s timeout"):
            run_query(store, RUNAWAY, timeout=0.5)
        assert gone(pid)
        assert not worker.alive
        assert worker.process not in multiprocessing.active_children()
        assert threading.active_count() == threads
        assert run_query(store, ASK, timeout=60).boolean is True  # a fresh worker answers
        assert store._worker is not None and store._worker.process.pid != pid
    finally:
        store.close()
    assert store._worker is None
    assert multiprocessing.active_children() == []


def test_a_worker_answers_as_the_store_does(built_project):
    store = open_store(built_project, "memory")
    try:
        query = "SELECT ?m WHERE { ?m org:memberOf cgd:leru } ORDER BY ?m"
        assert run_query(store, query, timeout=60).rows == run_query(store, query).rows
        graph = run_query(store, "CONSTRUCT WHERE { cgd:leru rdfs:label ?l }", timeout=60).graph
        assert graph is not None and len(graph) == 1
    finally:
        store.close()


def test_a_store_without_a_file_gives_its_worker_a_snapshot(built_project):
    from collabgraph.sparql.store import OxigraphStore

    store = OxigraphStore.in_memory()
    store.store.bulk_load(path=str(built_project.graph_file), format=ox.RdfFormat.TRIG)
    try:
        assert run_query(store, ASK, timeout=60).boolean is True
        snapshot = store._dump
        assert snapshot is not None and snapshot.is_file()
    finally:
        store.close()
    assert not snapshot.exists()
