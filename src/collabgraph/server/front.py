"""The front: an ASGI application (Starlette, served by uvicorn) before the Oxigraph child.

It speaks HTTP/1.1 with keep-alive, reads request bodies with a size limit and a time limit,
streams answers to the client instead of holding them, gives every error one JSON shape, and
adds what Oxigraph lacks: the query page, catalogue questions by name, the map site under
``/maps/`` and opt-in CORS. SPARQL is forwarded with aiohttp's client (a fifth of httpx's
CPU per request: the front's cost per query is what limits its throughput beside the engine's);
the engine is supervised by
:class:`~collabgraph.server.app.Endpoint`, which this module only asks whether it is up.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send
from yarl import URL

from collabgraph.api import CollabGraph
from collabgraph.errors import (
    CollabgraphError,
    QuerySyntaxError,
    QueryTimeoutError,
    UnknownNameError,
)
from collabgraph.server.admission import TimeoutThreads
from collabgraph.server.pages import catalogue_json, query_page
from collabgraph.server.paging import PAGE_PARAMETERS, page_of, with_next_page
from collabgraph.server.requests import (
    PASSED_HEADERS,
    FrontError,
    form_fields,
    media_type,
    query_string,
)
from collabgraph.sparql.prepare import with_prefixes

__all__ = ["FrontSettings", "front_app"]

_CANCELLED = b"The SPARQL operation has been cancelled"

"""When a client asks for nothing in particular: JSON results, or Turtle for CONSTRUCT."""
_BUFFERED = 1 << 20
"""An answer up to this size is checked whole (a timed-out query ends in a marker Oxigraph
sends with status 200) before the client sees it; a longer one is streamed."""
_PREPARED = 256
_REMEMBERED_TEXT = 16 * 1024
"""Query texts up to this long have their declared prefixes remembered."""
_DEFAULT_ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"
_GET_LIMIT = 6000
"""Queries up to this many encoded bytes go to the engine as GET, longer ones as POST."""
_PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'unsafe-inline'; "
    "style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:",
}
_READ_ONLY = "the endpoint is read-only: updates are refused"


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


async def _hang_up(receive: Receive) -> None:
    """Returns when the client disconnects. Called once the request's body is read, so what
    the server delivers next is the disconnect."""
    while (await receive())["type"] != "http.disconnect":
        pass


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


class _Front:
    def __init__(self, settings: FrontSettings) -> None:
        self.settings = settings
        self.client: aiohttp.ClientSession | None = None
        self.page: bytes | None = None
        self.slots = asyncio.Semaphore(settings.engine_slots)
        self.timers = TimeoutThreads(settings.engine_budget, settings.timeout)

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
        response = await self.forward(request, prepared.encoded)
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
                raise FrontError(HTTPStatus.FORBIDDEN, CollabgraphError(_READ_ONLY))
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
            raise FrontError(HTTPStatus.FORBIDDEN, CollabgraphError(_READ_ONLY))
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
            return await self.forward(request, form.decode("ascii"))
        others = [(name, value) for name, value in fields if name != "query"]
        return await self.forward(request, urlencode([("query", query), *others]), added)

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
        raise FrontError(HTTPStatus.FORBIDDEN, CollabgraphError(_READ_ONLY))

    # --- the engine -----------------------------------------------------------------------------
    def _client(self) -> aiohttp.ClientSession:
        if self.client is None:
            # aiohttp's connections set TCP_NODELAY: a request's headers and body go out in
            # two writes, and waiting for the first one's delayed ACK would cost 40 ms a query.
            self.client = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=64, limit_per_host=64),
                timeout=aiohttp.ClientTimeout(
                    total=None,
                    connect=5,
                    sock_read=self.settings.timeout + self.settings.engine_grace,
                ),
                auto_decompress=False,
                skip_auto_headers=("User-Agent",),
            )
        return self.client

    def _cancelled(self, started: float) -> FrontError:
        """The engine stopped the query itself: its answer ended in the cancel marker."""
        waited = time.monotonic() - started
        return FrontError(
            HTTPStatus.GATEWAY_TIMEOUT,
            QueryTimeoutError(
                f"the SPARQL engine stopped the query at its {self.settings.timeout:g} s "
                f"timeout (answered after {waited:.1f} s)"
            ),
        )

    def _gave_up(self, started: float) -> FrontError:
        """The engine sent nothing for longer than its timeout and the grace after it."""
        waited = time.monotonic() - started
        return FrontError(
            HTTPStatus.GATEWAY_TIMEOUT,
            QueryTimeoutError(
                f"the SPARQL engine did not answer within {waited:.1f} s (its timeout is "
                f"{self.settings.timeout:g} s); the endpoint stopped waiting for it"
            ),
        )

    def _engine_down(self) -> FrontError:
        return FrontError(
            HTTPStatus.SERVICE_UNAVAILABLE,
            CollabgraphError("the SPARQL engine is restarting; try again in a moment"),
        )

    async def forward(self, request: Request, encoded: str, added_lines: int = 0) -> Response:
        """Send the engine a query (its fields form-encoded) and relay the answer."""
        if not self.settings.engine_up():
            raise self._engine_down()
        accept = request.headers.get("accept", "").strip()
        if not accept or accept == "*/*":
            accept = _DEFAULT_ACCEPT
        address = self.settings.upstream + "/query"
        if not await self._slot_while_connected(request):
            return Response(status_code=499)  # nobody is there to read it
        started = time.monotonic()
        try:
            await self.timers.admit()
            if len(encoded) <= _GET_LIMIT:  # one write instead of two: less work per query
                upstream = await self._client().get(
                    URL(address + "?" + encoded, encoded=True), headers={"Accept": accept}
                )
            else:
                upstream = await self._client().post(
                    URL(address, encoded=True),
                    data=encoded.encode(),
                    headers={
                        "Accept": accept,
                        "Content-Type": "application/x-www-form-urlencoded",
                    },
                )
            return await self._relay(upstream, added_lines, request.method == "HEAD", started)
        except TimeoutError:
            raise self._gave_up(started) from None
        except aiohttp.ClientError:  # the engine went away, before or while it answered
            raise self._engine_down() from None
        finally:
            self.slots.release()

    async def _slot_while_connected(self, request: Request) -> bool:
        """One of the engine's slots (``engine_slots`` queries at once), waited for only while
        the client is still there. Oxigraph cannot cancel a query, and it starts a queued one
        even when its client has long gone: this queue keeps an abandoned query from ever
        reaching it, so what clients leave behind costs at most the queries already running,
        each until the timeout. The wait costs nothing while it lasts: the server wakes it
        when the client hangs up (no polling)."""
        if not self.slots.locked():
            await self.slots.acquire()
            return True
        slot = asyncio.ensure_future(self.slots.acquire())
        gone = asyncio.ensure_future(_hang_up(request.receive))
        await asyncio.wait([slot, gone], return_when=asyncio.FIRST_COMPLETED)
        gone.cancel()
        if slot.done():
            return True
        slot.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await slot
        if not slot.cancelled():
            self.slots.release()  # granted as it was given up
        return False

    async def _relay(
        self, upstream: aiohttp.ClientResponse, added_lines: int, head: bool, started: float
    ) -> Response:
        if upstream.status >= 400:
            try:
                text = (await upstream.read()).decode("utf-8", errors="replace").strip()
            finally:
                upstream.release()
            if upstream.status == 400:
                raise FrontError(
                    HTTPStatus.BAD_REQUEST,
                    QuerySyntaxError(_shift_position(text or "bad request", added_lines)),
                )
            if upstream.status == 403:
                raise FrontError(HTTPStatus.FORBIDDEN, CollabgraphError(_READ_ONLY))
            status = HTTPStatus(upstream.status)
            raise FrontError(status, CollabgraphError(text or status.phrase))
        head_bytes, finished = await self._first_part(upstream)
        if finished and head_bytes.rstrip().endswith(_CANCELLED):
            raise self._cancelled(started)
        headers = {n: upstream.headers[n] for n in PASSED_HEADERS if n in upstream.headers}
        media_type = upstream.headers.get("content-type", "application/octet-stream")
        if head:
            upstream.close()
            return Response(
                b"", status_code=upstream.status, headers=headers, media_type=media_type
            )
        if finished:
            return Response(head_bytes, upstream.status, headers, media_type)
        return StreamingResponse(
            self._rest(upstream, head_bytes), upstream.status, headers, media_type
        )

    @staticmethod
    async def _first_part(upstream: aiohttp.ClientResponse) -> tuple[bytes, bool]:
        """Up to :data:`_BUFFERED` bytes of the answer, and whether that was all of it."""
        chunks: list[bytes] = []
        size = 0
        try:
            async for chunk in upstream.content.iter_any():
                chunks.append(chunk)
                size += len(chunk)
                if size >= _BUFFERED:
                    return b"".join(chunks), False
        except BaseException:
            upstream.close()
            raise
        upstream.release()
        return b"".join(chunks), True

    @staticmethod
    async def _rest(upstream: aiohttp.ClientResponse, first: bytes) -> AsyncIterator[bytes]:
        """The rest of a long answer as it comes; a timeout found at its end cuts the
        connection (the status line is already sent), so no client takes it for complete."""
        tail = first[-len(_CANCELLED) - 8 :]
        whole = False
        try:
            yield first
            async for chunk in upstream.content.iter_any():
                tail = (tail + chunk)[-len(_CANCELLED) - 8 :]
                yield chunk
            whole = True
        finally:
            if whole:  # read to the end: the connection serves the next query
                upstream.release()
            else:
                upstream.close()
        if tail.rstrip().endswith(_CANCELLED):
            raise ConnectionAbortedError("the query timed out while its answer was sent")

    async def close(self) -> None:
        if self.client is not None:
            await self.client.close()


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


_CATALOGUE_PREFIX = "/catalogue/"


def _sparql_handler(front: _Front, scope: Scope) -> Callable[[Request], Any] | None:
    """The handler of ``/query`` or ``/catalogue/NAME`` for the methods they answer (None
    for every other request: Starlette's routes answer it, 404, 405 and OPTIONS included)."""
    path: str = scope["path"]
    method: str = scope["method"]
    if path == "/query":
        return front.query if method in {"GET", "HEAD", "POST"} else None
    name = path[len(_CATALOGUE_PREFIX) :]
    if not (path.startswith(_CATALOGUE_PREFIX) and name and "/" not in name):
        return None
    if method not in {"GET", "HEAD"}:
        return None
    scope["path_params"] = {"name": name}
    return front.catalogue_question


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
        """The SPARQL routes straight to their handlers, the rest through Starlette's
        routing and middleware: the front's CPU per query is what its throughput beside
        the engine comes down to."""
        handler = _sparql_handler(front, scope) if scope["type"] == "http" else None
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
