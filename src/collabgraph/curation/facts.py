"""Facts as the build sees them: checked values, ready to compile to RDF."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pycountry
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from collabgraph.curation.sources import Quote, Source
from collabgraph.errors import AnnotationError

__all__ = ["DateValue", "Fact", "Money", "parse_date"]

_YEAR = re.compile(r"^\d{4}$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class DateValue:
    """A date at the precision the text gives: a year, a year and month, or a day."""

    text: str
    datatype: URIRef

    def literal(self) -> Literal:
        return Literal(self.text, datatype=self.datatype)


def parse_date(value: object, *, what: str, path: Path, line: int) -> DateValue:
    """2008 -> xsd:gYear, '2023-11' -> xsd:gYearMonth, 2023-11-05 -> xsd:date."""
    if isinstance(value, dt.date):
        return DateValue(value.isoformat(), XSD.date)
    text = str(value).strip() if isinstance(value, int | str) else ""
    if _YEAR.match(text):
        return DateValue(text, XSD.gYear)
    month = _YEAR_MONTH.match(text)
    if month and 1 <= int(month.group(2)) <= 12:
        return DateValue(text, XSD.gYearMonth)
    try:
        return DateValue(dt.date.fromisoformat(text).isoformat(), XSD.date)
    except ValueError:
        raise AnnotationError(
            f"{what} must be a year (2008), a year-month ('2023-11') or a date (2023-11-05), "
            f"not {value!r}",
            path=path,
            line=line,
        ) from None


@dataclass(frozen=True)
class Money:
    value: Decimal
    currency: str


def parse_money(value: object, currency: object, *, path: Path, line: int) -> Money:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise AnnotationError(f"an amount must be a number, not {value!r}", path=path, line=line)
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise AnnotationError(
            f"an amount must be a number such as 165000000, not {value!r}", path=path, line=line
        ) from None
    if not isinstance(currency, str) or pycountry.currencies.get(alpha_3=currency) is None:
        raise AnnotationError(
            f"an amount needs 'currency:' with an ISO 4217 code such as EUR, not {currency!r}",
            path=path,
            line=line,
        )
    return Money(amount, currency)


@dataclass(frozen=True)
class Fact:
    """One qualified statement with its source and evidence.

    A relationship has ``relation`` and ``object``; a measurement has ``attribute`` and
    ``value`` (an int, bool, str, :class:`Money` or :class:`DateValue`).
    """

    source: Source
    subject: str
    quote: Quote
    path: Path
    line: int
    relation: str | None = None
    object: str | None = None
    attribute: str | None = None
    value: Any = None
    role: str | None = None
    role_label: str | None = None
    start: DateValue | None = None
    end: DateValue | None = None
    date: DateValue | None = None
    date_text: str | None = None
    note: str | None = None
    unit: str | None = None
    approximation: str | None = None
    out_of: int | None = None
    count_of: str | None = None
    amount: Money | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    status: str = "accepted"
    """'draft' (proposed by drafting, not yet reviewed), 'accepted' or 'rejected'."""
    confidence: float | None = None
    cue: str | None = None
    subject_text: str | None = None
    object_text: str | None = None
    """The page's own wording of the subject and object, as drafting found them."""

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def is_reference(self) -> bool:
        return self.source.kind == "reference"

    def key(self) -> str:
        """A stable hash of what the fact says (not where it stands in the file)."""
        said = {
            "source": self.source.id,
            "subject": self.subject,
            "relation": self.relation,
            "object": self.object,
            "attribute": self.attribute,
            "value": repr(self.value),
            "role": self.role,
            "role_label": self.role_label,
            "start": repr(self.start),
            "end": repr(self.end),
            "date": repr(self.date),
            "unit": self.unit,
            "count_of": self.count_of,
            "quote": self.quote.start,
        }
        digest = hashlib.sha1(json.dumps(said, sort_keys=True).encode()).hexdigest()
        return digest[:12]
