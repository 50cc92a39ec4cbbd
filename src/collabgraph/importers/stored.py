"""Imported sources as the project keeps them: one compact file per source in ``data/imports/``.

An import reads the registry's own files once, checks every record, and stores what the
build needs as gzip-compressed JSON (``<source-id>.json.gz``), so the build never needs the
original download and a clone of the project rebuilds the same graph. The file is written
deterministically (sorted keys, no timestamp), so importing the same release twice changes
nothing; importing a newer release replaces the older one.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from collabgraph.errors import BuildError, CollabgraphError
from collabgraph.io import write_atomically

__all__ = [
    "FORMAT_VERSION",
    "StoredImport",
    "file_sha256",
    "iso_country",
    "parse_amount",
    "read_stored_imports",
    "stored_import_bytes",
    "write_stored_import",
]

FORMAT_VERSION = 1
_CORDIS_COUNTRIES = {"EL": "GR", "UK": "GB"}


@dataclass
class StoredImport:
    """One imported source: what it is, which release, from which files, and its records."""

    dataset: str
    """'ror' or 'cordis'."""
    id: str
    title: str
    release: str
    cited: str
    files: list[tuple[str, str]]
    """(file name, SHA-256) of every file read."""
    records: dict[str, Any]
    everything: bool = False
    """``--all``: every record enters the graph, not only those the project refers to."""
    path: Path | None = field(default=None, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "dataset": self.dataset,
            "id": self.id,
            "title": self.title,
            "release": self.release,
            "cited": self.cited,
            "files": [list(pair) for pair in self.files],
            "all": self.everything,
            "records": self.records,
        }


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def iso_country(code: str) -> str:
    """An ISO 3166 alpha-2 code from a registry's country code (CORDIS writes EL and UK)."""
    code = code.strip().upper()
    return _CORDIS_COUNTRIES.get(code, code)


_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:([.,\s\u2019'])\d{3})+(?:([.,])\d+)?$")


def parse_amount(value: object) -> Decimal | None:
    """A money amount as registries write it: 1234.5, "1234,5", "1.234.567,89",
    "1,234,567.89", "1 234 567"; empty means unknown (None). Anything else raises ValueError."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = str(value).strip().replace("€", "").replace("EUR", "").strip()
    if not text:
        return None
    grouped = _GROUPED.match(text)
    if grouped:
        separator, decimal_mark = grouped.group(1), grouped.group(2)
        if decimal_mark == separator:
            raise ValueError(f"not an amount: {value!r}")
        text = text.replace(separator, "")
        if decimal_mark == ",":
            text = text.replace(",", ".")
    elif text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not an amount: {value!r}") from None
    if not amount.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    return amount


def stored_import_bytes(stored: StoredImport) -> bytes:
    """The stored file's bytes: the same release gives the same bytes."""
    payload = json.dumps(stored.to_json(), sort_keys=True, ensure_ascii=False, default=str)
    return gzip.compress(payload.encode("utf-8"), compresslevel=6, mtime=0)


def write_stored_import(folder: Path, stored: StoredImport) -> Path:
    path = folder / f"{stored.id}.json.gz"
    write_atomically(path, stored_import_bytes(stored), make_folder=True)
    return path


def _read_one(path: Path) -> StoredImport:
    try:
        data = json.loads(gzip.decompress(path.read_bytes()))
        if data.get("format") != FORMAT_VERSION:
            raise BuildError(
                f"{path}: stored in import format {data.get('format')!r}, this collabgraph "
                f"reads format {FORMAT_VERSION}; import the source again"
            )
        return StoredImport(
            dataset=data["dataset"],
            id=data["id"],
            title=data["title"],
            release=data["release"],
            cited=data["cited"],
            files=[(name, digest) for name, digest in data["files"]],
            records=data["records"],
            everything=bool(data["all"]),
            path=path,
        )
    except CollabgraphError:
        raise
    except (OSError, EOFError, ValueError, KeyError, TypeError) as exc:
        raise BuildError(
            f"{path}: not a readable collabgraph import ({exc}); import the source again"
        ) from None


def read_stored_imports(folder: Path) -> list[StoredImport]:
    """Every stored import in ``folder``, ROR first (CORDIS resolves against it)."""
    found = [_read_one(path) for path in sorted(folder.glob("*.json.gz"))]
    return sorted(found, key=lambda stored: (stored.dataset != "ror", stored.id))
