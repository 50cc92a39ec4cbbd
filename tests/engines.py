"""Real SPARQL engines for the tests, each a server process on loopback that ends with the
tests (a parent-death signal too, so not even a killed test run leaves one behind)."""

from __future__ import annotations

import contextlib
import ctypes
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import requests

from collabgraph.server.app import free_port

VIRTUOSO = shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"
ISQL = shutil.which("isql-vt") or "/usr/bin/isql-vt"  # Virtuoso's SQL client, in the same package
VIRTUOSO_USER, VIRTUOSO_PASSWORD = "dba", "dba"  # a new Virtuoso database's administrator


@dataclass
class Engine:
    """A running engine: where to query it, where to load it and with which credentials."""

    name: str
    endpoint: str
    graph_store: str
    user: str | None = None
    password: str | None = None
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    sql_port: int | None = None

    def push_arguments(self) -> list[str]:
        """``collabgraph push`` options for this engine (the password comes from the
        environment, as a user's would: see :meth:`push_environment`)."""
        arguments = ["--endpoint", self.endpoint, "--graph-store", self.graph_store]
        return arguments + (["--user", self.user] if self.user else [])

    def push_environment(self) -> dict[str, str]:
        return {"COLLABGRAPH_ENDPOINT_PASSWORD": self.password} if self.password else {}


def _end_with_parent() -> None:
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _wait_until_answering(url: str, process: subprocess.Popen[bytes], log: Path | None) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            detail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"the engine exited with {process.returncode}: {detail}")
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within 60 s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def _running(
    command: list[str], ready_url: str, log: Path | None = None, cwd: Path | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """A server process from start (answering at ``ready_url``) to its end."""
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=_end_with_parent,
    )
    try:
        _wait_until_answering(ready_url, process, log)
        yield process
    finally:
        _stop(process)


@contextlib.contextmanager
def oxigraph_server(folder: Path) -> Iterator[Engine]:
    """Oxigraph's own read-write server (``/query``, ``/store``)."""
    oxigraph = shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    assert oxigraph is not None, "the oxigraph command is installed with pyoxigraph's server"
    base = f"http://127.0.0.1:{free_port()}"
    command = [oxigraph, "serve", "--location", str(folder), "--bind", base[len("http://") :]]
    with _running(command, base + "/") as process:
        yield Engine("oxigraph", base + "/query", base + "/store", process=process)


VIRTUOSO_SETTINGS = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {folder}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0
TransactionAfterImageLimit = {after_image_limit}
VectorSize = {vector_size}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 8
MaxClientConnections = 8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 1800
"""


@contextlib.contextmanager
def virtuoso_server(
    folder: Path, after_image_limit: int = 1_500_000_000, vector_size: int = 10_000
) -> Iterator[Engine]:
    """Virtuoso open source (Debian's ``virtuoso-opensource``) on a new database: queries at
    ``/sparql``, writes through ``/sparql-graph-crud-auth`` as its administrator.

    ``after_image_limit`` is the most a transaction may change, in bytes (Virtuoso's own
    default, 50 MB, is less than push's move of a graph of 650,000 triples).
    ``MaxQueryExecutionTime`` also bounds push's move (one update): 120 s stopped it on a busy
    machine ("SR171: Transaction timed out"), so the tests allow 30 minutes.
    ``vector_size`` is how many rows each step of a query works on at a time (10,000 is
    Virtuoso's own default; Debian's sample ``virtuoso.ini`` sets 1,000)."""
    assert Path(VIRTUOSO).exists(), (
        "Virtuoso is not installed: scripts/test.sh installs Debian's virtuoso-opensource"
    )
    http_port, sql_port = free_port(), free_port()
    settings = folder / "virtuoso.ini"
    settings.write_text(
        VIRTUOSO_SETTINGS.format(
            folder=folder,
            sql_port=sql_port,
            http_port=http_port,
            after_image_limit=after_image_limit,
            vector_size=vector_size,
        )
    )
    log = folder / "virtuoso.log"
    base = f"http://127.0.0.1:{http_port}"
    command = [VIRTUOSO, "+foreground", "+configfile", str(settings)]
    with _running(command, base + "/sparql?query=ASK%7B%7D", log, folder) as process:
        yield Engine(
            "virtuoso",
            base + "/sparql",
            base + "/sparql-graph-crud-auth",
            VIRTUOSO_USER,
            VIRTUOSO_PASSWORD,
            process,
            sql_port,
        )


def virtuoso_bulk_load(engine: Engine, file: Path, graph: str) -> None:
    """An N-Triples file into one graph of a :func:`virtuoso_server` with Virtuoso's bulk
    loader (isql's ``ld_dir`` and ``rdf_loader_run``), as docs/engines.md advises at Horizon
    2020 size. The file must be in a folder the server's ``DirsAllowed`` lists (its own)."""
    statement = f"ld_dir('{file.parent}', '{file.name}', '{graph}'); rdf_loader_run(); checkpoint;"
    login = [f"127.0.0.1:{engine.sql_port}", engine.user or "", engine.password or ""]
    subprocess.run([ISQL, *login, f"exec={statement}"], check=True, capture_output=True)


ENGINES = {"oxigraph": oxigraph_server, "virtuoso": virtuoso_server}
