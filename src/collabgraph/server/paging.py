"""Pages of a catalogue question's answer: ``limit`` and ``offset``, and the ``Link`` to the
next page."""

from __future__ import annotations

import json
from http import HTTPStatus
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from collabgraph.errors import (
    CollabgraphError,
)
from collabgraph.server.requests import PASSED_HEADERS, form_fields, query_string

PAGE_PARAMETERS = ("limit", "offset")
"""Query-string fields of ``/catalogue/NAME`` that page the answer, as the CLI's options do."""


def page_of(params: tuple[tuple[str, str], ...], default: int | None) -> tuple[int | None, int]:
    """The page ``limit`` and ``offset`` ask for (the question's default page size unless
    ``limit`` is given); a value that is not a whole number is the client's error."""
    limit, offset = default, 0
    for name in PAGE_PARAMETERS:
        values = [value for key, value in params if key == name]
        if len(values) > 1:
            raise CollabgraphError(f"the parameter {name!r} is given {len(values)} times")
        if not values:
            continue
        smallest = 1 if name == "limit" else 0
        if not values[0].isdigit() or int(values[0]) < smallest:
            raise CollabgraphError(
                f"the parameter {name!r} takes a whole number of rows, {smallest} or more, "
                f"not {values[0]!r}"
            )
        if name == "limit":
            limit = int(values[0])
        else:
            offset = int(values[0])
    return limit, offset


async def with_next_page(response: Response, request: Request, limit: int, offset: int) -> Response:
    """A page's answer with a ``Link: <...>; rel="next"`` header when the page is full (the
    rule of ``collabgraph query``'s hint): the page is read whole (at most ``limit`` rows)
    and its rows counted in the format the engine answered in."""
    if response.status_code != HTTPStatus.OK:
        return response
    if isinstance(response, StreamingResponse):
        body = b"".join([_bytes(chunk) async for chunk in response.body_iterator])
    else:
        body = bytes(response.body)
    headers = {n: v for n, v in response.headers.items() if n in PASSED_HEADERS}
    if rows_in(body, response.media_type or "") >= limit:
        fields = [(n, v) for n, v in form_fields(query_string(request)) if n != "offset"]
        if not any(n == "limit" for n, _ in fields):
            fields.append(("limit", str(limit)))
        following = urlencode([*fields, ("offset", str(offset + limit))])
        headers["Link"] = f'<{request.url.path}?{following}>; rel="next"'
    return Response(body, response.status_code, headers, response.media_type)


def _bytes(chunk: str | bytes | memoryview) -> bytes:
    return chunk.encode() if isinstance(chunk, str) else bytes(chunk)


def rows_in(body: bytes, media_type: str) -> int:
    """How many result rows a SELECT answer holds, in any format the engine writes."""
    media = media_type.split(";")[0].strip().lower()
    if media.endswith("json"):
        return len(json.loads(body)["results"]["bindings"])
    if media.endswith("xml"):
        return body.count(b"<result>") + body.count(b"<result ")
    if media == "text/csv":
        import csv
        import io

        return max(0, sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8")))) - 1)
    return max(0, len(body.decode("utf-8").splitlines()) - 1)  # TSV escapes its line breaks
