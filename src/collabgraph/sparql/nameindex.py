"""A table of every name in a persistent store, written when the store is loaded.

Finding an entity by name is a case-insensitive comparison SPARQL can only answer by reading
every name: 0.4 s of a map page at Horizon 2020 size (225,000 names), paid again by every
command. The table keeps each name once per kind, keyed by its case-folded text, in SQLite
beside the store's data: a lookup then reads the few rows of one key (under a millisecond).
The table holds what the names' triples say, nothing more; which of their subjects are
entities is still asked of the store.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pyoxigraph as ox

__all__ = [
    "INDEX_FILE",
    "NAME_PROPERTIES",
    "ensure_name_index",
    "index_in",
    "labels_in_index",
    "names_in_index",
    "write_name_index",
]

NAME_PROPERTIES = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#notation",
)
"""The properties an entity is called by, in rank order: a label wins over an alias."""
INDEX_FILE = "names.sqlite"
_BATCH = 50_000


def write_name_index(store: ox.Store, folder: Path) -> Path:
    """Every (IRI subject, name) of the default graph, by kind of name, into
    ``folder/INDEX_FILE`` (replaced whole: a half-written table is never read)."""
    target = folder / INDEX_FILE
    handle, name = tempfile.mkstemp(dir=folder, prefix=INDEX_FILE + ".", suffix=".writing")
    os.close(handle)
    staging = Path(name)  # a name of its own: two processes may write the table at once
    staging.chmod(0o644)  # as readable as the store's other files
    try:
        _write_table(store, staging)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
    staging.replace(target)
    return target


def _write_table(store: ox.Store, staging: Path) -> None:
    with sqlite3.connect(staging) as table:
        table.execute("CREATE TABLE names (key TEXT, entity TEXT, name TEXT, rank INTEGER)")
        for rank, prop in enumerate(NAME_PROPERTIES):
            quads = store.quads_for_pattern(None, ox.NamedNode(prop), None, ox.DefaultGraph())
            batch: list[tuple[str, str, str, int]] = []
            for quad in quads:
                if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.Literal):
                    name = quad.object.value
                    batch.append((name.casefold(), quad.subject.value, name, rank))
                if len(batch) >= _BATCH:
                    table.executemany("INSERT INTO names VALUES (?, ?, ?, ?)", batch)
                    batch.clear()
            table.executemany("INSERT INTO names VALUES (?, ?, ?, ?)", batch)
        table.execute("CREATE INDEX names_by_key ON names (key)")
    table.close()


def index_in(folder: Path) -> Path | None:
    """The table of names a store's folder holds (None if it has none)."""
    table = folder / INDEX_FILE
    return table if table.is_file() else None


def ensure_name_index(store: ox.Store, folder: Path) -> Path | None:
    """The folder's table, written first if a store loaded before stores kept one lacks it
    (None where the folder cannot take it: names are then read by query)."""
    try:
        return index_in(folder) or write_name_index(store, folder)
    except (OSError, sqlite3.Error):
        return None


def names_in_index(index: Path, name: str) -> list[tuple[str, str, int]] | None:
    """(entity IRI, name, rank) of every name whose case-folded text is ``name``'s, by rank
    and IRI; each pair once (a name stated in two sources is one row of the default graph).
    None when the table cannot be read (removed or damaged): the store still has the names."""
    rows = _read(
        index,
        "SELECT DISTINCT entity, name, rank FROM names WHERE key = ? ORDER BY rank, entity",
        (name.strip().casefold(),),
    )
    if rows is None:
        return None
    return [(str(entity), str(text), int(rank)) for entity, text, rank in rows]


def labels_in_index(index: Path, namespace: str) -> list[str] | None:
    """Every label (the first kind of name) of a subject whose IRI starts with ``namespace``,
    sorted; None when the table cannot be read."""
    rows = _read(
        index,
        "SELECT DISTINCT name FROM names WHERE rank = 0 AND substr(entity, 1, ?) = ? ORDER BY name",
        (len(namespace), namespace),
    )
    if rows is None:
        return None
    return [str(label) for (label,) in rows]


def _read(index: Path, sql: str, params: tuple[object, ...]) -> list[tuple[Any, ...]] | None:
    """The rows of one query of the table, opened read-only; None when it cannot be read."""
    try:
        with sqlite3.connect(f"{index.resolve().as_uri()}?mode=ro", uri=True) as table:
            rows: list[tuple[Any, ...]] = table.execute(sql, params).fetchall()
        table.close()
    except sqlite3.Error:
        return None
    return rows
