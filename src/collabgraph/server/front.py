"""The front: an ASGI application (Starlette, served by uvicorn) before the Oxigraph child.

It speaks HTTP/1.1 with keep-alive, reads request bodies with a size limit and a time limit,
streams answers to the client instead of holding them, gives every error one JSON shape, and
adds what Oxigraph lacks: the query page, catalogue questions by name, the map site under
``/maps/`` and opt-in CORS. SPARQL is forwarded with httpx; the engine is supervised by
:class:`~collabgraph.server.app.Endpoint`, which this module only asks whether it is up.
"""

from __future__ import annotations

import json
import re
import socket
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import httpx
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from collabgraph.api import CatalogueQuery, CollabGraph, declare_prefixes
from collabgraph.errors import (
    CollabgraphError,
    QuerySyntaxError,
    QueryTimeoutError,
    UnknownNameError,
)

__all__ = ["FrontSettings", "front_app"]

_CANCELLED = b"The SPARQL operation has been cancelled"
_PASSED_HEADERS = ("content-disposition",)
_DEFAULT_ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"
"""When a client asks for nothing in particular: JSON results, or Turtle for CONSTRUCT."""
_BUFFERED = 1 << 20
"""An answer up to this size is checked whole (a timed-out query ends in a marker Oxigraph
sends with status 200) before the client sees it; a longer one is streamed."""
_PREPARED = 256
_GET_LIMIT = 6000
"""Queries up to this many encoded bytes go to the engine as GET, longer ones as POST."""
_PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; "
    "style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:",
}
_READ_ONLY = "the endpoint is read-only: updates are refused"


@dataclass
class FrontSettings:
    """What the front needs: where the engine is, and the limits it enforces."""

    upstream: str
    graph: CollabGraph
    timeout: float
    engine_up: Callable[[], bool]
    maps: Path | None = None
    cors: tuple[str, ...] = ()
    max_body: int = 1 << 20
    body_timeout: float = 10.0
    _prepared: OrderedDict[tuple[str, tuple[tuple[str, str], ...]], str] = field(
        default_factory=OrderedDict
    )


class FrontError(Exception):
    """An error answer: an HTTP status and a user error (its JSON shape)."""

    def __init__(self, status: int, error: CollabgraphError) -> None:
        super().__init__(error.message)
        self.status = status
        self.error = error


def _json_error(
    status: int, error: CollabgraphError, headers: dict[str, str] | None = None
) -> Response:
    return JSONResponse(error.to_json(), status_code=status, headers=headers)


def _shift_position(message: str, added_lines: int) -> str:
    """Oxigraph's 'error at LINE:COLUMN' in the user's own lines (before the predeclared prefixes)."""
    return re.sub(
        r"error at (\d+):(\d+)",
        lambda m: f"error at line {max(1, int(m.group(1)) - added_lines)}, column {m.group(2)}",
        message,
        count=1,
    )


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def _fields(raw: bytes | str) -> list[tuple[str, str]]:
    """Form or query-string fields; invalid UTF-8 is refused, never replaced."""
    text = raw.decode("ascii", errors="strict") if isinstance(raw, bytes) else raw
    try:
        return parse_qsl(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise FrontError(
            HTTPStatus.BAD_REQUEST, CollabgraphError("the request is not valid UTF-8")
        ) from None


class _Front:
    def __init__(self, settings: FrontSettings) -> None:
        self.settings = settings
        self.client: httpx.AsyncClient | None = None
        self.page: bytes | None = None

    # --- reading requests ---------------------------------------------------------------------
    async def body(self, request: Request) -> bytes:
        import asyncio

        limit = self.settings.max_body
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise FrontError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, self._too_large())
        chunks: list[bytes] = []
        size = 0
        stream = request.stream().__aiter__()
        while True:
            try:
                chunk = await asyncio.wait_for(stream.__anext__(), self.settings.body_timeout)
            except StopAsyncIteration:
                break
            except TimeoutError:
                raise FrontError(
                    HTTPStatus.REQUEST_TIMEOUT,
                    CollabgraphError(
                        f"the request body did not arrive within {self.settings.body_timeout:g} s"
                    ),
                ) from None
            size += len(chunk)
            if size > limit:
                raise FrontError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, self._too_large())
            chunks.append(chunk)
        return b"".join(chunks)

    def _too_large(self) -> CollabgraphError:
        return CollabgraphError(f"the request body is larger than {self.settings.max_body} bytes")

    # --- routes -----------------------------------------------------------------------------
    async def index(self, request: Request) -> Response:
        if self.page is None:
            self.page = await run_in_threadpool(_query_page, self.settings.graph)
        return Response(self.page, media_type="text/html; charset=utf-8", headers=_PAGE_HEADERS)

    async def catalogue(self, request: Request) -> Response:
        return JSONResponse(_catalogue_json(self.settings.graph))

    async def catalogue_question(self, request: Request) -> Response:
        name = request.path_params["name"]
        params = tuple(sorted(_fields(request.url.query)))
        query = await run_in_threadpool(self._prepared, name, params)
        return await self.forward(request, [("query", query)])

    def _prepared(self, name: str, params: tuple[tuple[str, str], ...]) -> str:
        """A catalogue question with its parameters bound, prepared once per parameter set."""
        cache = self.settings._prepared
        key = (name, params)
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
        graph = self.settings.graph
        try:
            known = graph.catalogue()
            if name not in known:
                raise UnknownNameError("catalogue query", name, known)
            query = graph.prepare(name, dict(params))
        except CollabgraphError as error:
            unknown_question = isinstance(error, UnknownNameError) and error.name == name
            status = HTTPStatus.NOT_FOUND if unknown_question else HTTPStatus.BAD_REQUEST
            raise FrontError(status, error) from None
        cache[key] = query
        if len(cache) > _PREPARED:
            cache.popitem(last=False)
        return query

    async def query(self, request: Request) -> Response:
        fields = _fields(request.url.query)
        if request.method == "POST":
            media = _media_type(request)
            body = await self.body(request)
            if media == "application/sparql-update":
                raise FrontError(HTTPStatus.FORBIDDEN, CollabgraphError(_READ_ONLY))
            if media == "application/sparql-query":
                try:
                    fields = [("query", body.decode("utf-8")), *fields]
                except UnicodeDecodeError:
                    raise FrontError(
                        HTTPStatus.BAD_REQUEST, CollabgraphError("the query is not valid UTF-8")
                    ) from None
            elif media in {"application/x-www-form-urlencoded", ""}:
                fields = _fields(body) + fields
            else:
                raise FrontError(
                    HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                    CollabgraphError(
                        f"unsupported content type {media!r}: send "
                        "application/sparql-query or application/x-www-form-urlencoded"
                    ),
                )
        if any(name == "update" for name, _ in fields):
            raise FrontError(HTTPStatus.FORBIDDEN, CollabgraphError(_READ_ONLY))
        queries = [value for name, value in fields if name == "query"]
        if len(queries) != 1:
            raise FrontError(
                HTTPStatus.BAD_REQUEST,
                CollabgraphError("a request needs exactly one 'query' parameter"),
            )
        query, added = declare_prefixes(queries[0])
        others = [(name, value) for name, value in fields if name != "query"]
        return await self.forward(request, [("query", query), *others], added)

    async def maps(self, request: Request) -> Response:
        """The map site (``collabgraph maps``'s folder), so a map is a link, not a file."""
        folder = self.settings.maps
        if folder is None or not folder.is_dir():
            raise FrontError(
                HTTPStatus.NOT_FOUND,
                CollabgraphError("no map site has been written yet: run `collabgraph maps`"),
            )
        wanted = (folder / request.path_params["path"]).resolve()
        if wanted.is_dir():
            wanted = wanted / "index.html"
        if not wanted.is_relative_to(folder.resolve()) or not wanted.is_file():
            raise FrontError(
                HTTPStatus.NOT_FOUND, CollabgraphError(f"no such map page {request.url.path}")
            )
        return FileResponse(wanted)

    async def read_only(self, request: Request) -> Response:
        raise FrontError(HTTPStatus.FORBIDDEN, CollabgraphError(_READ_ONLY))

    # --- the engine -----------------------------------------------------------------------------
    def _client(self) -> httpx.AsyncClient:
        if self.client is None:
            limits = httpx.Limits(max_connections=64, max_keepalive_connections=32)
            # No Nagle on the engine's connections: a request's headers and body go out in two
            # writes, and waiting for the first one's delayed ACK costs 40 ms per query.
            nodelay = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
            self.client = httpx.AsyncClient(
                base_url=self.settings.upstream,
                timeout=httpx.Timeout(self.settings.timeout + 5, connect=5),
                transport=httpx.AsyncHTTPTransport(limits=limits, socket_options=nodelay),
            )
        return self.client

    def _timeout_error(self) -> QueryTimeoutError:
        return QueryTimeoutError(
            f"the query was stopped after the {self.settings.timeout:g} s timeout"
        )

    def _engine_down(self) -> FrontError:
        return FrontError(
            HTTPStatus.SERVICE_UNAVAILABLE,
            CollabgraphError("the SPARQL engine is restarting; try again in a moment"),
        )

    async def forward(
        self, request: Request, fields: list[tuple[str, str]], added_lines: int = 0
    ) -> Response:
        if not self.settings.engine_up():
            raise self._engine_down()
        accept = request.headers.get("accept", "").strip()
        if not accept or accept == "*/*":
            accept = _DEFAULT_ACCEPT
        encoded = urlencode(fields)
        if len(encoded) <= _GET_LIMIT:  # one write instead of two: less work per query
            upstream_request = self._client().build_request(
                "GET", "/query?" + encoded, headers={"Accept": accept}
            )
        else:
            upstream_request = self._client().build_request(
                "POST",
                "/query",
                content=encoded.encode(),
                headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
            )
        try:
            upstream = await self._client().send(upstream_request, stream=True)
        except httpx.TimeoutException:
            raise FrontError(HTTPStatus.GATEWAY_TIMEOUT, self._timeout_error()) from None
        except httpx.TransportError:
            raise self._engine_down() from None
        return await self._relay(upstream, added_lines, request.method == "HEAD")

    async def _relay(self, upstream: httpx.Response, added_lines: int, head: bool) -> Response:
        if upstream.status_code >= 400:
            text = (await upstream.aread()).decode("utf-8", errors="replace").strip()
            await upstream.aclose()
            if upstream.status_code == 400:
                raise FrontError(
                    HTTPStatus.BAD_REQUEST,
                    QuerySyntaxError(_shift_position(text or "bad request", added_lines)),
                )
            if upstream.status_code == 403:
                raise FrontError(HTTPStatus.FORBIDDEN, CollabgraphError(_READ_ONLY))
            status = HTTPStatus(upstream.status_code)
            raise FrontError(status, CollabgraphError(text or status.phrase))
        head_bytes, rest = await self._first_part(upstream)
        finished = rest is None
        if finished and head_bytes.rstrip().endswith(_CANCELLED):
            raise FrontError(HTTPStatus.GATEWAY_TIMEOUT, self._timeout_error())
        headers = {n: upstream.headers[n] for n in _PASSED_HEADERS if n in upstream.headers}
        media_type = upstream.headers.get("content-type", "application/octet-stream")
        if head:
            await upstream.aclose()
            return Response(
                b"", status_code=upstream.status_code, headers=headers, media_type=media_type
            )
        if finished:
            return Response(head_bytes, upstream.status_code, headers, media_type)
        assert rest is not None
        return StreamingResponse(
            self._rest(upstream, head_bytes, rest), upstream.status_code, headers, media_type
        )

    @staticmethod
    async def _first_part(
        upstream: httpx.Response,
    ) -> tuple[bytes, AsyncIterator[bytes] | None]:
        """Up to :data:`_BUFFERED` bytes of the answer, and the rest (None: that was all)."""
        chunks: list[bytes] = []
        size = 0
        iterator = upstream.aiter_raw()
        async for chunk in iterator:
            chunks.append(chunk)
            size += len(chunk)
            if size >= _BUFFERED:
                return b"".join(chunks), iterator
        await upstream.aclose()
        return b"".join(chunks), None

    @staticmethod
    async def _rest(
        upstream: httpx.Response, first: bytes, rest: AsyncIterator[bytes]
    ) -> AsyncIterator[bytes]:
        """The rest of a long answer as it comes; a timeout found at its end cuts the
        connection (the status line is already sent), so no client takes it for complete."""
        tail = first[-len(_CANCELLED) - 8 :]
        try:
            yield first
            async for chunk in rest:
                tail = (tail + chunk)[-len(_CANCELLED) - 8 :]
                yield chunk
            if tail.rstrip().endswith(_CANCELLED):
                raise ConnectionAbortedError("the query timed out while its answer was sent")
        finally:
            await upstream.aclose()

    async def close(self) -> None:
        if self.client is not None:
            await self.client.aclose()


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
    from importlib import resources

    template = (resources.files("collabgraph.server") / "static" / "query.html").read_text(
        encoding="utf-8"
    )
    catalogue = json.dumps(_catalogue_json(graph)).replace("</", "<\\/")
    return template.replace("/*CATALOGUE*/[]", catalogue).encode("utf-8")


def front_app(settings: FrontSettings) -> Starlette:
    """The ASGI application of the endpoint's front."""
    front = _Front(settings)

    async def errors(request: Request, exc: Exception) -> Response:
        if isinstance(exc, FrontError):
            closing = exc.status in {
                HTTPStatus.REQUEST_TIMEOUT,
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            }
            return _json_error(exc.status, exc.error, {"Connection": "close"} if closing else None)
        if isinstance(exc, HTTPException):
            status = exc.status_code
            if status == HTTPStatus.NOT_FOUND:
                message = f"no such resource {request.url.path}; the endpoint is /query"
            elif status == HTTPStatus.METHOD_NOT_ALLOWED:
                message = f"{request.method} is not allowed on {request.url.path}"
            else:
                message = str(exc.detail)
            return _json_error(status, CollabgraphError(message), dict(exc.headers or {}))
        return Response(status_code=HTTPStatus.BAD_REQUEST)  # the client left

    def route(path: str, endpoint: Callable[[Request], Any], methods: list[str]) -> Route:
        """A route that also answers OPTIONS with the methods it allows."""
        allow = ", ".join([*methods, "OPTIONS"])

        async def answer(request: Request) -> Response:
            if request.method == "OPTIONS":
                return Response(status_code=HTTPStatus.NO_CONTENT, headers={"Allow": allow})
            response: Response = await endpoint(request)
            return response

        return Route(path, answer, methods=[*methods, "OPTIONS"])

    read = ["GET", "HEAD"]
    writes = ["GET", "POST", "PUT", "DELETE", "PATCH"]
    routes = [
        route("/maps/{path:path}", front.maps, read),
        route("/", front.index, read),
        route("/index.html", front.index, read),
        route("/catalogue", front.catalogue, read),
        route("/catalogue/{name}", front.catalogue_question, read),
        route("/query", front.query, ["GET", "HEAD", "POST"]),
        route("/update", front.read_only, writes),
        route("/store", front.read_only, writes),
    ]
    middleware = []
    if settings.cors:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors),
                allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
                allow_headers=["Accept", "Content-Type"],
            )
        )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await front.close()

    return Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPException: errors, FrontError: errors, ClientDisconnect: errors},
        lifespan=lifespan,
    )
