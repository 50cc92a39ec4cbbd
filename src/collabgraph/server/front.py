"""The front: an ASGI application (Starlette, served by uvicorn) before the Oxigraph child.

It speaks HTTP/1.1 with keep-alive, reads request bodies with a size limit and a time limit,
streams answers to the client instead of holding them, gives every error one JSON shape, and
adds what Oxigraph lacks: the query page, catalogue questions by name, the map site under
``/maps/`` and opt-in CORS. SPARQL goes to the engine through
:class:`~collabgraph.server.engine.EngineClient`; the engine is supervised by
:class:`~collabgraph.server.app.Endpoint`, which this module only asks whether it is up.

One table, :data:`ROUTES`, is the endpoint's URL space: Starlette's routes are made from it,
and so is the direct path that takes the SPARQL routes to their handlers without Starlette's
routing and middleware (the front's CPU per query is what its throughput beside the engine
comes down to).
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from collabgraph.api import CollabGraph
from collabgraph.errors import CollabgraphError, UnknownNameError
from collabgraph.server.engine import EngineClient
from collabgraph.server.pages import catalogue_json, query_page
from collabgraph.server.paging import PAGE_PARAMETERS, page_of, with_next_page
from collabgraph.server.requests import (
    READ_ONLY,
    FrontError,
    form_fields,
    media_type,
    query_string,
)
from collabgraph.sparql.prepare import with_prefixes

__all__ = ["ROUTES", "FrontSettings", "RouteEntry", "front_app"]

_PREPARED = 256
_REMEMBERED_TEXT = 16 * 1024
"""Query texts up to this long have their declared prefixes remembered."""
_PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; "
    "style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:",
}


@dataclass(frozen=True)
class _Prepared:
    """A catalogue question ready for the engine: form-encoded, and the page it asks for
    (None: every row)."""

    encoded: str
    limit: int | None = None
    offset: int = 0


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
    max_headers: int = 16 * 1024
    engine_slots: int = 4 * (os.cpu_count() or 1)  # fewer cost throughput (load benchmark)
    engine_budget: int = 9_800
    """Queries sent to the engine per ``timeout`` window at most (see :class:`TimeoutThreads`)."""
    engine_grace: float = 5.0
    """Seconds past ``timeout`` the front waits for the engine's own cancellation (its
    answer ends in a marker) before it gives up on the engine's socket itself."""
    _prepared: OrderedDict[tuple[str, tuple[tuple[str, str], ...]], _Prepared] = field(
        default_factory=OrderedDict
    )


_remembered_declarations = lru_cache(maxsize=_PREPARED)(with_prefixes)


def _declared(query: str) -> tuple[str, int]:
    """``with_prefixes``, remembered for the last few hundred query texts that are not
    long (a dashboard sends the same ones again; each costs a scan of the text)."""
    if len(query) <= _REMEMBERED_TEXT:
        return _remembered_declarations(query)
    return with_prefixes(query)


def _json_error(
    status: int, error: CollabgraphError, headers: dict[str, str] | None = None
) -> Response:
    return JSONResponse(error.to_json(), status_code=status, headers=headers)


class _Front:
    def __init__(self, settings: FrontSettings) -> None:
        self.settings = settings
        self.page: bytes | None = None
        self.engine = EngineClient(
            settings.upstream,
            timeout=settings.timeout,
            grace=settings.engine_grace,
            slots=settings.engine_slots,
            budget=settings.engine_budget,
            engine_up=settings.engine_up,
        )

    # --- reading requests ---------------------------------------------------------------------
    async def body(self, request: Request) -> bytes:
        """The request body, at most ``max_body`` bytes, arrived within ``body_timeout``."""
        import asyncio

        limit = self.settings.max_body
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise FrontError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, self._too_large())
        chunks: list[bytes] = []
        size = 0
        more = True
        try:
            async with asyncio.timeout(self.settings.body_timeout):  # one timer, not one a chunk
                while more:  # the ASGI messages themselves: no generator per request
                    message = await request.receive()
                    if message["type"] == "http.disconnect":
                        raise ClientDisconnect()
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > limit:
                        raise FrontError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, self._too_large())
                    chunks.append(chunk)
                    more = message.get("more_body", False)
        except TimeoutError:
            raise FrontError(
                HTTPStatus.REQUEST_TIMEOUT,
                CollabgraphError(
                    f"the request body did not arrive within {self.settings.body_timeout:g} s"
                ),
            ) from None
        return b"".join(chunks)

    def _too_large(self) -> CollabgraphError:
        return CollabgraphError(f"the request body is larger than {self.settings.max_body} bytes")

    # --- routes -----------------------------------------------------------------------------
    async def index(self, request: Request) -> Response:
        if self.page is None:
            self.page = await run_in_threadpool(query_page, self.settings.graph)
        return Response(self.page, media_type="text/html; charset=utf-8", headers=_PAGE_HEADERS)

    async def catalogue(self, request: Request) -> Response:
        return JSONResponse(catalogue_json(self.settings.graph))

    async def catalogue_question(self, request: Request) -> Response:
        name = request.path_params["name"]
        params = tuple(sorted(form_fields(query_string(request))))
        prepared = self.settings._prepared.get((name, params))  # prepared before: no thread hop
        if prepared is None:
            prepared = await run_in_threadpool(self._prepared, name, params)
        response = await self.engine.forward(request, prepared.encoded)
        if prepared.limit is None or request.method == "HEAD":
            return response
        return await with_next_page(response, request, prepared.limit, prepared.offset)

    def _prepared(self, name: str, params: tuple[tuple[str, str], ...]) -> _Prepared:
        """A catalogue question with its parameters bound, form-encoded for the engine;
        prepared once per parameter set."""
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
            names = [field for field, _ in params]
            twice = sorted({field for field in names if names.count(field) > 1})
            if twice:
                raise CollabgraphError(f"parameter `{twice[0]}` is given twice; give it once")
            limit, offset = page_of(params, known[name].limit)
            bound = {key: value for key, value in params if key not in PAGE_PARAMETERS}
            query = graph.prepare(name, bound, limit=limit, offset=offset)
        except CollabgraphError as error:
            unknown_question = isinstance(error, UnknownNameError) and error.name == name
            status = HTTPStatus.NOT_FOUND if unknown_question else HTTPStatus.BAD_REQUEST
            raise FrontError(status, error) from None
        cache[key] = _Prepared(urlencode([("query", query)]), limit, offset)
        if len(cache) > _PREPARED:
            cache.popitem(last=False)
        return cache[key]

    async def query(self, request: Request) -> Response:
        raw_fields = query_string(request)
        fields = form_fields(raw_fields) if raw_fields else []
        form: bytes | None = None
        if request.method == "POST":
            media = media_type(request)
            body = await self.body(request)
            if media == "application/sparql-update":
                raise FrontError(HTTPStatus.FORBIDDEN, CollabgraphError(READ_ONLY))
            if media == "application/sparql-query":
                try:
                    fields = [("query", body.decode("utf-8")), *fields]
                except UnicodeDecodeError:
                    raise FrontError(
                        HTTPStatus.BAD_REQUEST, CollabgraphError("the query is not valid UTF-8")
                    ) from None
            elif media in {"application/x-www-form-urlencoded", ""}:
                form = body
                fields = form_fields(body) + fields
            else:
                raise FrontError(
                    HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                    CollabgraphError(
                        f"unsupported content type {media!r}: send "
                        "application/sparql-query or application/x-www-form-urlencoded"
                    ),
                )
        if any(name == "update" for name, _ in fields):
            raise FrontError(HTTPStatus.FORBIDDEN, CollabgraphError(READ_ONLY))
        queries = [value for name, value in fields if name == "query"]
        if len(queries) != 1:
            raise FrontError(
                HTTPStatus.BAD_REQUEST,
                CollabgraphError("a request needs exactly one 'query' parameter"),
            )
        query, added = _declared(queries[0])
        if form is not None and not added and not raw_fields:
            # the client's form goes on as it came: encoding it again costs more than the
            # rest of the front's work on a query
            return await self.engine.forward(request, form.decode("ascii"))
        others = [(name, value) for name, value in fields if name != "query"]
        return await self.engine.forward(request, urlencode([("query", query), *others]), added)

    async def maps(self, request: Request) -> Response:
        """The map site (``collabgraph map``'s folder), so a map is a link, not a file."""
        folder = self.settings.maps
        if folder is None or not folder.is_dir():
            raise FrontError(
                HTTPStatus.NOT_FOUND,
                CollabgraphError("no map site has been written yet: run `collabgraph map`"),
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
        raise FrontError(HTTPStatus.FORBIDDEN, CollabgraphError(READ_ONLY))

    async def close(self) -> None:
        await self.engine.close()


class _HeaderLimit:
    """Headers larger than ``limit`` bytes in all get the JSON 431 and a closed connection."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            size = sum(len(name) + len(value) + 4 for name, value in scope["headers"])
            if size > self.limit:
                error = CollabgraphError(
                    f"the request's headers are {size:,} bytes; at most {self.limit:,} are read"
                )
                response = _json_error(
                    HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, error, {"Connection": "close"}
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


_Handler = Callable[[Request], Any]
_READ = ("GET", "HEAD")
_WRITES = ("GET", "POST", "PUT", "DELETE", "PATCH")


@dataclass(frozen=True)
class RouteEntry:
    """A path of the endpoint, the front's method that answers it (by name) and the HTTP
    methods it allows (OPTIONS besides, answered with them)."""

    path: str
    handler: str
    methods: tuple[str, ...]
    direct: bool = False
    """Taken straight to its handler, past Starlette's routing and middleware: a path without
    parameters, or one that ends in a ``{name}`` segment (one segment, as in Starlette)."""


ROUTES = (
    RouteEntry("/query", "query", ("GET", "HEAD", "POST"), direct=True),
    RouteEntry("/catalogue/{name}", "catalogue_question", _READ, direct=True),
    RouteEntry("/catalogue", "catalogue", _READ),
    RouteEntry("/", "index", _READ),
    RouteEntry("/index.html", "index", _READ),
    RouteEntry("/maps/{path:path}", "maps", _READ),
    RouteEntry("/update", "read_only", _WRITES),
    RouteEntry("/store", "read_only", _WRITES),
)
"""The endpoint's URL space: Starlette's routes and the direct path are both made from it."""


class _DirectRoutes:
    """The direct entries of :data:`ROUTES` as lookups: a dict of whole paths, and the
    prefixes of paths that end in a parameter."""

    def __init__(self, front: _Front) -> None:
        self.whole: dict[str, tuple[_Handler, frozenset[str]]] = {}
        self.prefixed: list[tuple[str, str, _Handler, frozenset[str]]] = []
        for entry in ROUTES:
            if entry.direct:
                self._add(entry, getattr(front, entry.handler), frozenset(entry.methods))

    def _add(self, entry: RouteEntry, handler: _Handler, methods: frozenset[str]) -> None:
        prefix, brace, parameter = entry.path.partition("{")
        if not brace:
            self.whole[entry.path] = (handler, methods)
        elif prefix.endswith("/") and parameter.endswith("}") and parameter[:-1].isidentifier():
            self.prefixed.append((prefix, parameter[:-1], handler, methods))
        else:
            raise ValueError(f"route {entry.path} cannot be taken directly to its handler")

    def handler(self, scope: Scope) -> _Handler | None:
        """The handler of a direct route for a method it allows (None for every other
        request: Starlette's routes answer it, 404, 405 and OPTIONS included)."""
        path: str = scope["path"]
        method: str = scope["method"]
        whole = self.whole.get(path)
        if whole is not None:
            return whole[0] if method in whole[1] else None
        for prefix, parameter, handler, methods in self.prefixed:
            value = path[len(prefix) :]
            if path.startswith(prefix) and value and "/" not in value and method in methods:
                scope["path_params"] = {parameter: value}
                return handler
        return None


def _route(path: str, endpoint: _Handler, methods: tuple[str, ...]) -> Route:
    """A Starlette route that also answers OPTIONS with the methods it allows."""
    allow = ", ".join([*methods, "OPTIONS"])

    async def answer(request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status_code=HTTPStatus.NO_CONTENT, headers={"Allow": allow})
        response: Response = await endpoint(request)
        return response

    return Route(path, answer, methods=[*methods, "OPTIONS"])


def front_app(settings: FrontSettings) -> ASGIApp:
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

    routes = [_route(e.path, getattr(front, e.handler), e.methods) for e in ROUTES]
    direct = _DirectRoutes(front)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await front.close()

    everything = Starlette(
        routes=routes,
        exception_handlers={HTTPException: errors, FrontError: errors, ClientDisconnect: errors},
        lifespan=lifespan,
    )

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        """The direct routes straight to their handlers, the rest through Starlette."""
        handler = direct.handler(scope) if scope["type"] == "http" else None
        if handler is None:
            await everything(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            response = await handler(request)
        except (FrontError, ClientDisconnect) as exc:
            response = await errors(request, exc)
        await response(scope, receive, send)

    wrapped: ASGIApp = app
    if settings.cors:
        wrapped = CORSMiddleware(
            wrapped,
            allow_origins=list(settings.cors),
            allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
            allow_headers=["Accept", "Content-Type"],
        )
    return _HeaderLimit(wrapped, settings.max_headers)
