"""The front's client of the Oxigraph child: a query goes out form-encoded (aiohttp's client:
a fifth of httpx's CPU per request), its answer is relayed to the client, streamed when it is
long, and the engine's errors and timeouts become the front's JSON errors.

At most ``slots`` queries are at the engine at once, and at most ``budget`` per timeout window
(:class:`~collabgraph.server.admission.TimeoutThreads`); a query whose client hangs up while it
waits for a slot never reaches the engine.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import AsyncIterator, Callable
from http import HTTPStatus

import aiohttp
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.types import Receive
from yarl import URL

from collabgraph.errors import CollabgraphError, QuerySyntaxError, QueryTimeoutError
from collabgraph.server.admission import TimeoutThreads
from collabgraph.server.requests import PASSED_HEADERS, READ_ONLY, FrontError

__all__ = ["EngineClient"]

_CANCELLED = b"The SPARQL operation has been cancelled"
"""The marker Oxigraph ends an answer with (status 200) when the query ran out of time."""
_BUFFERED = 1 << 20
"""An answer up to this size is checked whole for the marker before the client sees it; a
longer one is streamed."""
_DEFAULT_ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"
"""When a client asks for nothing in particular: JSON results, or Turtle for CONSTRUCT."""
_GET_LIMIT = 6000
"""Queries up to this many encoded bytes go to the engine as GET, longer ones as POST."""


class EngineClient:
    """The connection pool to the engine, its slots and its admission budget."""

    def __init__(
        self,
        upstream: str,
        *,
        timeout: float,
        grace: float,
        slots: int,
        budget: int,
        engine_up: Callable[[], bool],
    ) -> None:
        self.address = upstream + "/query"
        self.timeout = timeout
        self.grace = grace
        self.engine_up = engine_up
        self.slots = asyncio.Semaphore(slots)
        self.timers = TimeoutThreads(budget, timeout)
        self.session: aiohttp.ClientSession | None = None

    def _session(self) -> aiohttp.ClientSession:
        if self.session is None:
            # aiohttp's connections set TCP_NODELAY: a request's headers and body go out in
            # two writes, and waiting for the first one's delayed ACK would cost 40 ms a query.
            self.session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=64, limit_per_host=64),
                timeout=aiohttp.ClientTimeout(
                    total=None, connect=5, sock_read=self.timeout + self.grace
                ),
                auto_decompress=False,
                skip_auto_headers=("User-Agent",),
            )
        return self.session

    async def forward(self, request: Request, encoded: str, added_lines: int = 0) -> Response:
        """Send the engine a query (its fields form-encoded) and relay the answer;
        ``added_lines`` prefix lines were put before the client's query text."""
        if not self.engine_up():
            raise _engine_down()
        accept = request.headers.get("accept", "").strip()
        if not accept or accept == "*/*":
            accept = _DEFAULT_ACCEPT
        if not await _slot_while_connected(self.slots, request):
            return Response(status_code=499)  # nobody is there to read it
        started = time.monotonic()
        try:
            await self.timers.admit()
            upstream = await self._send(encoded, accept)
            return await _relay(
                upstream, added_lines, request.method == "HEAD", started, self.timeout
            )
        except TimeoutError:
            raise _gave_up(started, self.timeout) from None
        except aiohttp.ClientError:  # the engine went away, before or while it answered
            raise _engine_down() from None
        finally:
            self.slots.release()

    async def _send(self, encoded: str, accept: str) -> aiohttp.ClientResponse:
        if len(encoded) <= _GET_LIMIT:  # one write instead of two: less work per query
            return await self._session().get(
                URL(self.address + "?" + encoded, encoded=True), headers={"Accept": accept}
            )
        return await self._session().post(
            URL(self.address, encoded=True),
            data=encoded.encode(),
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        )

    async def close(self) -> None:
        if self.session is not None:
            await self.session.close()


async def _hang_up(receive: Receive) -> None:
    """Returns when the client disconnects. Called once the request's body is read, so what
    the server delivers next is the disconnect."""
    while (await receive())["type"] != "http.disconnect":
        pass


async def _slot_while_connected(slots: asyncio.Semaphore, request: Request) -> bool:
    """One of the engine's slots, waited for only while the client is still there. Oxigraph
    cannot cancel a query, and it starts a queued one even when its client has long gone:
    this queue keeps an abandoned query from ever reaching it, so what clients leave behind
    costs at most the queries already running, each until the timeout. The wait costs
    nothing while it lasts: the server wakes it when the client hangs up (no polling)."""
    if not slots.locked():
        await slots.acquire()
        return True
    slot = asyncio.ensure_future(slots.acquire())
    gone = asyncio.ensure_future(_hang_up(request.receive))
    await asyncio.wait([slot, gone], return_when=asyncio.FIRST_COMPLETED)
    gone.cancel()
    if slot.done():
        return True
    slot.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await slot
    if not slot.cancelled():
        slots.release()  # granted as it was given up
    return False


async def _relay(
    upstream: aiohttp.ClientResponse,
    added_lines: int,
    head: bool,
    started: float,
    timeout: float,
) -> Response:
    """The engine's answer as the client's response: an error in the front's JSON shape, a
    short answer whole, a long one streamed."""
    if upstream.status >= 400:
        raise await _engine_error(upstream, added_lines)
    head_bytes, finished = await _first_part(upstream)
    if finished and head_bytes.rstrip().endswith(_CANCELLED):
        raise _cancelled(started, timeout)
    headers = {n: upstream.headers[n] for n in PASSED_HEADERS if n in upstream.headers}
    media_type = upstream.headers.get("content-type", "application/octet-stream")
    if head:
        upstream.close()
        return Response(b"", status_code=upstream.status, headers=headers, media_type=media_type)
    if finished:
        return Response(head_bytes, upstream.status, headers, media_type)
    return StreamingResponse(_rest(upstream, head_bytes), upstream.status, headers, media_type)


async def _engine_error(upstream: aiohttp.ClientResponse, added_lines: int) -> FrontError:
    try:
        text = (await upstream.read()).decode("utf-8", errors="replace").strip()
    finally:
        upstream.release()
    if upstream.status == 400:
        return FrontError(
            HTTPStatus.BAD_REQUEST,
            QuerySyntaxError(_shift_position(text or "bad request", added_lines)),
        )
    if upstream.status == 403:
        return FrontError(HTTPStatus.FORBIDDEN, CollabgraphError(READ_ONLY))
    status = HTTPStatus(upstream.status)
    return FrontError(status, CollabgraphError(text or status.phrase))


def _shift_position(message: str, added_lines: int) -> str:
    """Oxigraph's 'error at LINE:COLUMN' in the user's own lines (before the predeclared prefixes)."""
    return re.sub(
        r"error at (\d+):(\d+)",
        lambda m: f"error at line {max(1, int(m.group(1)) - added_lines)}, column {m.group(2)}",
        message,
        count=1,
    )


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


def _cancelled(started: float, timeout: float) -> FrontError:
    """The engine stopped the query itself: its answer ended in the cancel marker."""
    return _timed_out(
        f"the SPARQL engine stopped the query at its {timeout:g} s timeout "
        f"(answered after {time.monotonic() - started:.1f} s)"
    )


def _gave_up(started: float, timeout: float) -> FrontError:
    """The engine sent nothing for longer than its timeout and the grace after it."""
    return _timed_out(
        f"the SPARQL engine did not answer within {time.monotonic() - started:.1f} s (its "
        f"timeout is {timeout:g} s); the endpoint stopped waiting for it"
    )


def _timed_out(message: str) -> FrontError:
    return FrontError(HTTPStatus.GATEWAY_TIMEOUT, QueryTimeoutError(message))


def _engine_down() -> FrontError:
    return FrontError(
        HTTPStatus.SERVICE_UNAVAILABLE,
        CollabgraphError("the SPARQL engine is restarting; try again in a moment"),
    )
