"""The rows of a published table: CSV (``;`` or ``,``), a JSON array of objects, or XLSX.

Each reader names the file, and the row where it can, of a table it cannot read; empty rows
are passed over. Used by the CORDIS importer; openpyxl is imported only for an XLSX file.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from collabgraph.errors import AnnotationError
from collabgraph.extras import require_extra

__all__ = ["table_rows"]


def _csv_rows(data: bytes, name: str) -> list[tuple[int, dict[str, Any]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AnnotationError(
            f"not UTF-8 text ({exc.reason} at byte {exc.start})", path=name
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise AnnotationError("empty file", path=name) from None
    rows = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise AnnotationError(
                f"expected {len(header)} {delimiter!r}-separated columns, found {len(cells)}",
                path=name,
                line=reader.line_num,
            )
        rows.append((reader.line_num, dict(zip(header, cells, strict=True))))
    return rows


def _json_rows(data: bytes, name: str) -> list[tuple[int, dict[str, Any]]]:
    try:
        payload = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AnnotationError(f"not JSON: {exc}", path=name) from None
    if not isinstance(payload, list) or not all(isinstance(row, dict) for row in payload):
        raise AnnotationError("expected a JSON array of objects (one per row)", path=name)
    return [(number, row) for number, row in enumerate(payload, start=1)]


def _xlsx_rows(data: bytes, name: str) -> list[tuple[int, dict[str, Any]]]:
    require_extra("xlsx", f"reading {name}", "openpyxl")
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types for a broken file
        raise AnnotationError(f"not a readable XLSX workbook ({exc})", path=name) from None
    sheet = book.worksheets[0]
    lines = sheet.iter_rows(values_only=True)
    header = [str(cell or "").strip() for cell in next(lines, ())]
    rows = []
    for number, cells in enumerate(lines, start=2):
        if any(cell not in (None, "") for cell in cells):
            values = ["" if cell is None else cell for cell in cells]
            rows.append((number, dict(zip(header, values, strict=False))))
    book.close()
    return rows


def table_rows(data: bytes, name: str) -> list[tuple[int, dict[str, Any]]]:
    """(row number as the file counts it, values by column) of a table's rows, read by its
    file name's ending: ``.json``, ``.xlsx``, or CSV (``;`` or ``,``, as its header uses)."""
    lowered = name.lower()
    if lowered.endswith(".json"):
        return _json_rows(data, name)
    if lowered.endswith(".xlsx"):
        return _xlsx_rows(data, name)
    return _csv_rows(data, name)
