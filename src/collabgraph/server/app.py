"""``collabgraph serve``: the Oxigraph server answers SPARQL; a front adds what it lacks.

Oxigraph (``oxigraph serve-read-only``, from the ``oxigraph`` package on PyPI) does the
SPARQL 1.1 Protocol: GET and POST, content negotiation (JSON, XML, CSV, TSV results; Turtle
and other RDF for CONSTRUCT), read-only, and a query timeout; its store holds the union of
the named graphs (each triple once) as default graph. It runs on a private loopback port,
supervised: it ends with its parent (a parent-death signal on Linux, and SIGINT, SIGTERM and
SIGHUP stop both), its output goes to a file, and if it dies it is started again while
clients get a JSON 503. The front (:mod:`collabgraph.server.front`, served by uvicorn) is on
the public address.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any

import requests
import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from collabgraph.api import load
from collabgraph.errors import BuildError, CollabgraphError
from collabgraph.generations import reading
from collabgraph.project import Project
from collabgraph.server.front import FrontSettings, front_app
from collabgraph.sparql.nameindex import index_in
from collabgraph.sparql.persistent import persistent_store_folder

__all__ = ["Endpoint", "serve"]

_BACKLOG = 2048
_KEEP_ALIVE = 5
"""Seconds an idle keep-alive connection stays open."""
_MAX_HEADERS = 16 * 1024
"""Bytes of headers a client may send (more: a JSON 431 and the connection closed)."""
_PARSER_BUFFER = 64 * 1024
"""What the HTTP parser holds of an unfinished request line and headers (more: a JSON 431,
see :class:`_BoundedHttpTools`)."""
_CONCURRENCY = 512
"""Connections served at once; beyond it clients get 503 at once instead of waiting."""
_WATCH_INTERVAL = 0.2
_RESTARTS = 3
_RESTART_WINDOW = 60.0


def _engine_budget() -> int:
    """Queries the engine may receive per timeout window. Oxigraph keeps a sleeping thread
    for each (see :class:`collabgraph.server.admission.TimeoutThreads`), and a thread costs it
    four memory maps (stack and signal stack, each with a guard page; measured: 2,000 threads,
    8,018 maps); 40 % of the kernel's limit stays free for its store and working threads."""
    try:
        maps = int(Path("/proc/sys/vm/max_map_count").read_text())
    except (OSError, ValueError):
        maps = 65_530  # Linux's default
    return max(1_000, maps * 3 // 20)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def _oxigraph_binary() -> str:
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
        "oxigraph"
    )
    if found is None:
        raise BuildError("the 'oxigraph' server is not installed (pip install oxigraph)")
    return found


@dataclass
class Endpoint:
    """A running endpoint: the supervised Oxigraph child and the front (uvicorn)."""

    project: Project
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 30.0
    cors: tuple[str, ...] = ()
    max_body: int = 1 << 20
    client_timeout: float = 10.0
    engine_grace: float = 5.0
    process: subprocess.Popen[bytes] | None = None
    upstream: str = ""
    _server: Any = field(default=None, repr=False)
    _socket: socket.socket | None = field(default=None, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)
    _watcher: threading.Thread | None = field(default=None, repr=False)
    _log: Any = field(default=None, repr=False)
    _stopping: threading.Event = field(default_factory=threading.Event, repr=False)
    _up: threading.Event = field(default_factory=threading.Event, repr=False)
    _private_port: int = 0
    _store_folder: Path = field(default=Path(), repr=False)
    _generation: Path | None = field(default=None, repr=False)
    _held: contextlib.ExitStack = field(default_factory=contextlib.ExitStack, repr=False)

    @property
    def url(self) -> str:
        port = self._socket.getsockname()[1] if self._socket is not None else self.port
        return f"http://{self.host}:{port}"

    def start(self) -> Endpoint:
        self._start_engine()
        try:
            listening = socket.create_server(
                (self.host, self.port), backlog=_BACKLOG, reuse_port=False
            )
        except OSError as exc:
            self.stop()
            raise CollabgraphError(
                f"cannot listen on {self.host}:{self.port}: {exc.strerror}"
            ) from None
        # Accepted connections inherit this: without it a response's headers and body,
        # written separately, wait for the client's delayed ACK (40 ms per request).
        listening.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._socket = listening
        graph = load(
            endpoint=self.upstream + "/query",
            path=self.project,
            timeout=self.timeout + self.engine_grace,
            name_index=index_in(self._store_folder),
        )
        settings = FrontSettings(
            upstream=self.upstream,
            graph=graph,
            timeout=self.timeout,
            engine_up=self._up.is_set,
            maps=self.project.build_dir / "maps",
            cors=self.cors,
            max_body=self.max_body,
            body_timeout=self.client_timeout,
            max_headers=_MAX_HEADERS,
            engine_budget=_engine_budget(),
            engine_grace=self.engine_grace,
        )
        self._server = _QuietServer(
            uvicorn.Config(
                front_app(settings),
                log_level="warning",
                access_log=False,
                proxy_headers=False,  # no proxy before it: one layer less per request
                timeout_keep_alive=_KEEP_ALIVE,
                http=_BoundedHttpTools,
                limit_concurrency=_CONCURRENCY,
                backlog=_BACKLOG,
                lifespan="on",
            )
        )
        self._watcher = threading.Thread(target=self._supervise, daemon=True)
        self._watcher.start()
        return self

    def _start_engine(self) -> None:
        location = self._serving()
        self._store_folder = location
        private_port = self._private_port or free_port()
        self._private_port = private_port
        self.upstream = f"http://127.0.0.1:{private_port}"
        command = [
            _oxigraph_binary(),
            "serve-read-only",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{private_port}",
            "--timeout-s",
            str(max(1, round(self.timeout))),
        ]
        if self._log is None:
            self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            _ending_with_parent(command),
            stdout=subprocess.DEVNULL,
            stderr=self._log,
            start_new_session=True,  # a terminal's Ctrl-C reaches serve, which stops it
        )
        self._wait_for_upstream()
        self._up.set()

    def _serving(self) -> Path:
        """The store of the generation served: the current one when serving starts, held
        (never pruned) until the endpoint stops, and kept when the engine restarts while
        builds switch ``build/current`` beside it."""
        if self._generation is None:
            location = persistent_store_folder(self.project)
            self._generation = self._held.enter_context(reading(location.parent))
            return location
        return self._store_folder

    def _supervise(self) -> None:
        """Restart the engine if it dies (clients get a JSON 503 meanwhile); give up, with a
        message, after a few restarts in a row that do not hold."""
        failures: list[float] = []
        while not self._stopping.wait(_WATCH_INTERVAL):
            process = self.process
            if process is None or process.poll() is None:
                continue
            self._up.clear()
            sys.stderr.write(
                f"The SPARQL engine stopped (exit code {process.returncode}); restarting it.\n"
                + self._last_words()
            )
            now = time.monotonic()
            failures = [t for t in failures if now - t < _RESTART_WINDOW] + [now]
            if len(failures) > _RESTARTS:
                sys.stderr.write("The SPARQL engine keeps stopping; the endpoint stops.\n")
                if self._server is not None:
                    self._server.should_exit = True
                return
            try:
                self._restart_engine()
            except CollabgraphError as error:
                sys.stderr.write(f"{error.message}\n")

    def _last_words(self, size: int = 2000) -> str:
        """The end of the engine's output (its panic or error message), indented."""
        if self._log is None:
            return ""
        self._log.seek(0, 2)
        self._log.seek(max(0, self._log.tell() - size))
        words = self._log.read().decode(errors="replace").strip()
        return "".join(f"  {line}\n" for line in words.splitlines()[-12:])

    def _restart_engine(self) -> None:
        """The engine again, on the same private port (the front's address for it)."""
        self._start_engine()

    def _wait_for_upstream(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._log.seek(0)
                error = self._log.read().decode(errors="replace")
                raise CollabgraphError(f"the Oxigraph server did not start: {error.strip()}")
            try:
                requests.get(self.upstream + "/query", params={"query": "ASK {}"}, timeout=1)
                return
            except requests.ConnectionError:
                time.sleep(0.05)
        self.stop()
        raise CollabgraphError("the Oxigraph server did not answer within 20 s")

    def serve_forever(self, on_ready: Callable[[], None] | None = None) -> None:
        """Serve until SIGINT, SIGTERM or SIGHUP (or :meth:`stop`), then stop the engine.

        ``on_ready`` runs once the signals are the endpoint's (announce the address there:
        a signal sent as soon as it is known stops the endpoint as any other does)."""
        assert self._server is not None and self._socket is not None
        previous = {
            number: signal.signal(number, self._on_signal)
            for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
        }
        try:
            if on_ready is not None:
                on_ready()
            self._server.run(sockets=[self._socket])
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
            self.stop()

    def _on_signal(self, signum: int, frame: object) -> None:
        if self._server is not None:
            self._server.should_exit = True

    def start_in_thread(self) -> Endpoint:
        self.start()
        assert self._server is not None and self._socket is not None
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.should_exit = True
            if self._thread is not None and self._thread is not threading.current_thread():
                self._thread.join(timeout=10)
            self._server = None
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None
        self._held.close()
        self._generation = None


def _raw_json_error(status: HTTPStatus, message: str) -> bytes:
    """A whole HTTP answer with the endpoint's JSON error shape, closing the connection: for
    what is refused before a request reaches the front."""
    body = json.dumps(CollabgraphError(message).to_json()).encode()
    return b"".join(
        [
            f"HTTP/1.1 {status.value} {status.phrase}\r\n".encode(),
            b"content-type: application/json\r\n",
            f"content-length: {len(body)}\r\n".encode(),
            b"connection: close\r\n\r\n",
            body,
        ]
    )


class _BoundedHttpTools(HttpToolsProtocol):
    """uvicorn's httptools protocol (the faster of its parsers), with what it lacks: a bound
    on the request head it buffers (httptools would hold a 1 MB header line) and the
    endpoint's JSON error shape for a request it cannot parse."""

    _in_head = True
    _head_bytes = 0

    def data_received(self, data: bytes) -> None:
        if self._in_head:
            self._head_bytes += len(data)
        super().data_received(data)
        if self._in_head and self._head_bytes > _PARSER_BUFFER and not self.transport.is_closing():
            self._refuse(
                HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                f"the request's headers are over {_PARSER_BUFFER:,} bytes;"
                f" at most {_MAX_HEADERS:,} are read",
            )

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._in_head = True
        self._head_bytes = 0

    def send_400_response(self, msg: str) -> None:
        self._refuse(HTTPStatus.BAD_REQUEST, f"malformed HTTP request: {msg.rstrip('.')}")

    def _refuse(self, status: HTTPStatus, message: str) -> None:
        self.transport.write(_raw_json_error(status, message))
        self.transport.close()


class _QuietServer(uvicorn.Server):
    """uvicorn without its own signal handling: :class:`Endpoint` owns the signals, so the
    engine is always stopped before the process ends."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


_SET_PARENT_DEATH_SIGNAL = """\
import ctypes, os, signal, sys
if sys.platform.startswith("linux"):
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
if os.getppid() != int(sys.argv[1]):
    sys.exit(1)  # the parent died before the signal was set
os.execv(sys.argv[2], sys.argv[2:])
"""


def _ending_with_parent(command: list[str]) -> list[str]:
    """``command`` started by a tiny helper that sets its own parent-death signal (Linux) and
    then becomes the command (exec: same process, same pid), so a killed ``collabgraph
    serve`` never leaves an orphan server behind. The child sets it itself, after the fork:
    no ``preexec_fn``, which CPython documents as unsafe in a process with threads (the
    engine is restarted from the supervisor thread). The signal follows the thread that
    started the child: the main thread, or the supervisor, which lives as long as the
    endpoint."""
    return [sys.executable, "-I", "-S", "-c", _SET_PARENT_DEATH_SIGNAL, str(os.getpid()), *command]


def serve(
    project: Project,
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout: float = 30.0,
    *,
    cors: tuple[str, ...] = (),
    max_body: int = 1 << 20,
    client_timeout: float = 10.0,
) -> Endpoint:
    """Start the endpoint (the caller runs ``serve_forever`` or ``stop``)."""
    return Endpoint(project, host, port, timeout, cors, max_body, client_timeout).start()
