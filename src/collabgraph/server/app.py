"""``collabgraph serve``: the Oxigraph server answers SPARQL; a thin front adds what it lacks.

Oxigraph (``oxigraph serve-read-only``, from the ``oxigraph`` package on PyPI) does the
SPARQL 1.1 Protocol: GET and POST, content negotiation (JSON, XML, CSV, TSV results; Turtle
and other RDF for CONSTRUCT), read-only, and a query timeout; its store holds the union of
the named graphs (each triple once) as default graph. It runs on a private loopback port. The front, on the public address, adds three things Oxigraph
does not give: a query page that works offline with the catalogue's questions, catalogue
questions by name with safely bound parameters (``/catalogue/<name>?param=value``), and one
JSON error shape for every failure (Oxigraph answers a timed-out query with HTTP 200 and a
truncated body; the front turns that into a 504 error).
"""

from __future__ import annotations

import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import requests

from collabgraph.api import CatalogueQuery, CollabGraph, declare_prefixes, persistent_store
from collabgraph.errors import (
    BuildError,
    CollabgraphError,
    QuerySyntaxError,
    QueryTimeoutError,
    UnknownNameError,
)
from collabgraph.project import Project

__all__ = ["Endpoint", "serve"]

_CANCELLED = "The SPARQL operation has been cancelled"
_PASSED_HEADERS = ("Content-Disposition",)


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
    """A running endpoint: the Oxigraph process and the front's HTTP server."""

    project: Project
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 30.0
    process: subprocess.Popen[bytes] | None = None
    httpd: ThreadingHTTPServer | None = None
    upstream: str = ""
    _thread: threading.Thread | None = field(default=None, repr=False)
    _log: Any = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.httpd.server_address[1] if self.httpd else self.port}"

    def start(self) -> Endpoint:
        location = persistent_store(self.project)
        private_port = free_port()
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
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - read on failure, closed in stop()
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
            preexec_fn=_end_with_parent,
        )
        self._wait_for_upstream()
        graph = CollabGraph.on_endpoint(
            self.upstream + "/query", self.project, timeout=self.timeout + 5
        )
        handler = type("Handler", (_Handler,), {"endpoint": self, "graph": graph})
        try:
            self.httpd = ThreadingHTTPServer((self.host, self.port), handler)
        except OSError as exc:
            self.stop()
            raise CollabgraphError(
                f"cannot listen on {self.host}:{self.port}: {exc.strerror}"
            ) from None
        self.httpd.daemon_threads = True
        return self

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

    def serve_forever(self) -> None:
        assert self.httpd is not None
        try:
            self.httpd.serve_forever()
        finally:
            self.stop()

    def start_in_thread(self) -> Endpoint:
        self.start()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self.httpd is not None:
            if self._thread is not None:
                self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None


def _end_with_parent() -> None:
    """In the Oxigraph child, before it starts: end it when its parent dies (Linux), so a
    killed ``collabgraph serve`` never leaves an orphan server behind."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def serve(
    project: Project, host: str = "127.0.0.1", port: int = 7878, timeout: float = 30.0
) -> Endpoint:
    """Start the endpoint (the caller runs ``serve_forever`` or ``stop``)."""
    return Endpoint(project, host, port, timeout).start()


def _error_body(error: CollabgraphError) -> bytes:
    return json.dumps(error.to_json()).encode()


class _Handler(BaseHTTPRequestHandler):
    endpoint: Endpoint
    graph: CollabGraph
    server_version = "collabgraph"

    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write(f"{self.address_string()} {format % args}\n")

    # --- answers -----------------------------------------------------------------------------
    def _send(
        self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _fail(self, status: HTTPStatus, error: CollabgraphError) -> None:
        self._send(status, _error_body(error), "application/json")

    # --- routes --------------------------------------------------------------------------------
    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path in {"/", "/index.html"}:
            self._send(
                HTTPStatus.OK, _query_page(self.graph), "text/html; charset=utf-8", _PAGE_HEADERS
            )
        elif url.path == "/catalogue":
            self._send(
                HTTPStatus.OK, json.dumps(_catalogue_json(self.graph)).encode(), "application/json"
            )
        elif url.path.startswith("/catalogue/"):
            self._catalogue_question(url.path[len("/catalogue/") :], dict(parse_qsl(url.query)))
        elif url.path == "/query":
            self._protocol_request(parse_qsl(url.query))
        else:
            self._not_found(url.path)

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", errors="replace") if length else ""
        content_type = self.headers.get("Content-Type", "").split(";")[0].strip()
        if path in {"/update", "/store"} or content_type == "application/sparql-update":
            self._refuse_update()
        elif path != "/query":
            self._not_found(path)
        elif content_type == "application/sparql-query":
            self._protocol_request([("query", body), *parse_qsl(urlsplit(self.path).query)])
        else:
            self._protocol_request(parse_qsl(body))

    def do_PUT(self) -> None:
        self._refuse_update()

    def do_DELETE(self) -> None:
        self._refuse_update()

    def _not_found(self, path: str) -> None:
        self._fail(
            HTTPStatus.NOT_FOUND,
            CollabgraphError(f"no such resource {path}; the endpoint is /query"),
        )

    def _refuse_update(self) -> None:
        self._fail(
            HTTPStatus.FORBIDDEN, CollabgraphError("the endpoint is read-only: updates are refused")
        )

    # --- SPARQL ----------------------------------------------------------------------------------
    def _protocol_request(self, fields: list[tuple[str, str]]) -> None:
        """A SPARQL 1.1 Protocol query: the project's prefixes are predeclared, then Oxigraph answers."""
        names = {name for name, _ in fields}
        if "update" in names:
            self._refuse_update()
            return
        queries = [value for name, value in fields if name == "query"]
        if len(queries) != 1:
            self._fail(
                HTTPStatus.BAD_REQUEST,
                CollabgraphError("a request needs exactly one 'query' parameter"),
            )
            return
        query, added = declare_prefixes(queries[0])
        others = [(name, value) for name, value in fields if name != "query"]
        self._forward([("query", query), *others], added)

    def _forward(self, fields: list[tuple[str, str]], added_lines: int = 0) -> None:
        accept = self.headers.get("Accept", "application/sparql-results+json")
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
        try:
            upstream = requests.post(
                self.endpoint.upstream + "/query",
                data=urlencode(fields).encode(),
                headers=headers,
                timeout=self.endpoint.timeout + 5,
            )
        except requests.Timeout:
            self._fail(HTTPStatus.GATEWAY_TIMEOUT, self._timeout_error())
            return
        except requests.ConnectionError:
            self._fail(HTTPStatus.BAD_GATEWAY, CollabgraphError("the SPARQL engine is not running"))
            return
        self._relay(upstream, added_lines)

    def _timeout_error(self) -> QueryTimeoutError:
        return QueryTimeoutError(
            f"the query was stopped after the {self.endpoint.timeout:g} s timeout"
        )

    def _relay(self, upstream: requests.Response, added_lines: int) -> None:
        text_tail = upstream.content[-200:].decode("utf-8", errors="replace")
        if upstream.ok and text_tail.rstrip().endswith(_CANCELLED):
            self._fail(HTTPStatus.GATEWAY_TIMEOUT, self._timeout_error())
        elif upstream.status_code == 400:
            message = _shift_position(upstream.text.strip() or "bad request", added_lines)
            self._fail(HTTPStatus.BAD_REQUEST, QuerySyntaxError(message))
        elif upstream.status_code == 403:
            self._refuse_update()
        elif not upstream.ok:
            status = HTTPStatus(upstream.status_code)
            self._fail(status, CollabgraphError(upstream.text.strip() or status.phrase))
        else:
            headers = {n: upstream.headers[n] for n in _PASSED_HEADERS if n in upstream.headers}
            self._send(
                upstream.status_code,
                upstream.content,
                upstream.headers.get("Content-Type", "application/octet-stream"),
                headers,
            )

    def _catalogue_question(self, name: str, params: dict[str, str]) -> None:
        try:
            known = self.graph.catalogue()
            if name not in known:
                raise UnknownNameError("catalogue query", name, known)
            query = self.graph.prepare(name, params)
        except CollabgraphError as error:
            unknown_question = isinstance(error, UnknownNameError) and error.name == name
            self._fail(HTTPStatus.NOT_FOUND if unknown_question else HTTPStatus.BAD_REQUEST, error)
            return
        self._forward([("query", query)])


def _shift_position(message: str, added_lines: int) -> str:
    """Oxigraph's 'error at LINE:COLUMN' in the user's own lines (before the predeclared prefixes)."""
    return re.sub(
        r"error at (\d+):(\d+)",
        lambda m: f"error at line {max(1, int(m.group(1)) - added_lines)}, column {m.group(2)}",
        message,
        count=1,
    )


_PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:",
}


def _catalogue_json(graph: CollabGraph) -> list[dict[str, Any]]:
    def describe(entry: CatalogueQuery) -> dict[str, Any]:
        return {
            "name": entry.name,
            "title": entry.title,
            "description": entry.description,
            "parameters": [
                {"name": p.name, "kind": p.kind, "default": p.default} for p in entry.parameters
            ],
            "query": entry.text,
        }

    return [describe(entry) for entry in graph.catalogue().values()]


def _query_page(graph: CollabGraph) -> bytes:
    template = (resources.files("collabgraph.server") / "static" / "query.html").read_text(
        encoding="utf-8"
    )
    catalogue = json.dumps(_catalogue_json(graph)).replace("</", "<\\/")
    return template.replace("/*CATALOGUE*/[]", catalogue).encode("utf-8")
