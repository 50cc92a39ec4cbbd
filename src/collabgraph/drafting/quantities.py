"""Amounts of money, counts and dates as English and Dutch texts write them.

Each ``find_*`` function returns the expressions of one kind in a text, with their span, the
value in the form annotation files take (a number, a currency code, an ISO date at the
precision the text gives) and the approximation the text states ("up to", "meer dan").

Numbers follow one rule for both languages: a separator followed by exactly three digits
groups thousands (``100,000``, ``1.000.000``); any other separator is the decimal point
(``6,4``, ``2.5``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = [
    "Count",
    "DateMention",
    "MoneyMention",
    "find_counts",
    "find_dates",
    "find_money",
    "parse_number",
]

_NUMBER = r"\d{1,3}(?:[.,\u202f ]\d{3})+(?![\d])(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_SCALES = {
    "k": 1_000,
    "thousand": 1_000,
    "duizend": 1_000,
    "m": 1_000_000,
    "mln": 1_000_000,
    "mio": 1_000_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "miljoen": 1_000_000,
    "bn": 1_000_000_000,
    "billion": 1_000_000_000,
    "miljard": 1_000_000_000,
}
_SCALE = r"(?:thousand|duizend|million|millions|miljoen|mln|mio|billion|miljard|bn|m|k)\b"
_CURRENCY_WORDS = {
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "£": "GBP",
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "chf": "CHF",
}
_SYMBOL = r"(?:€|\$|£|EUR\b|USD\b|GBP\b|CHF\b)"
_CURRENCY_AFTER = r"(?:euros?|EUR|dollars?|USD|pounds?|GBP|CHF)\b"
_APPROXIMATION = {
    "up to": "at-most",
    "maximaal": "at-most",
    "tot maximaal": "at-most",
    "tot wel": "at-most",
    "tot": "at-most",
    "no more than": "at-most",
    "more than": "more-than",
    "over": "more-than",
    "meer dan": "more-than",
    "ruim": "more-than",
    "no fewer than": "at-least",
    "at least": "at-least",
    "minimaal": "at-least",
    "minstens": "at-least",
    "ten minste": "at-least",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "some": "about",
    "nearly": "about",
    "almost": "about",
    "bijna": "about",
    "ongeveer": "about",
    "circa": "about",
    "ca.": "about",
    "zo'n": "about",
    "bijna een": "about",
}
_APPROX = "|".join(re.escape(word) for word in sorted(_APPROXIMATION, key=len, reverse=True))
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "hundred": 100,
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
    "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "twintig": 20, "honderd": 100,
}  # fmt: skip
_WORD_NUMBER = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_MONEY = re.compile(
    rf"(?:(?P<approx>{_APPROX})\s+)?(?:(?:a\s+total\s+of|in\s+total|totaal|in\s+totaal)\s+)?"
    rf"(?:(?P<symbol>{_SYMBOL})\s?(?P<n1>{_NUMBER})\s?(?P<s1>{_SCALE})?"
    rf"|(?P<n2>{_NUMBER})\s?(?P<s2>{_SCALE})?\s?(?P<after>{_CURRENCY_AFTER}|€)"
    rf"|(?P<w3>{_WORD_NUMBER})\s+(?P<s3>{_SCALE})\s?(?P<after3>{_CURRENCY_AFTER}|€)"
    rf"|(?P<symbol4>{_SYMBOL})\s?(?P<w4>{_WORD_NUMBER})\s+(?P<s4>{_SCALE}))",
    re.IGNORECASE,
)
"""Amounts in figures, and in words with a scale ("vijf miljoen euro", "£ three million")."""


def parse_number(text: str) -> Decimal:
    """``100,000`` -> 100000, ``6,4`` -> 6.4, ``1.000.000`` -> 1000000, ``2.5`` -> 2.5."""
    cleaned = text.replace("\u202f", " ").strip()
    groups = re.fullmatch(r"(\d{1,3})((?:[., ]\d{3})+)([.,]\d+)?", cleaned)
    if groups and (groups.group(3) or len({c for c in groups.group(2) if not c.isdigit()}) == 1):
        whole = groups.group(1) + re.sub(r"\D", "", groups.group(2))
        decimals = groups.group(3)
        if decimals and decimals[0] != groups.group(2)[0]:
            whole += "." + decimals[1:]
        try:
            return Decimal(whole)
        except InvalidOperation:
            pass
    return Decimal(cleaned.replace(",", ".").replace(" ", ""))


@dataclass(frozen=True)
class MoneyMention:
    start: int
    end: int
    text: str
    value: Decimal
    currency: str
    approximation: str | None


def _whole(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def find_money(text: str) -> list[MoneyMention]:
    """Every amount of money: "€ 29 million", "6,4 miljoen euro", "up to 100,000 euros"."""
    found = []
    for match in _MONEY.finditer(text):
        number = match.group("n1") or match.group("n2")
        words = match.group("w3") or match.group("w4")
        scale = next((match.group(g) for g in ("s1", "s2", "s3", "s4") if match.group(g)), "")
        currency_word = next(
            (match.group(g) for g in ("symbol", "after", "after3", "symbol4") if match.group(g)), ""
        )
        currency = _CURRENCY_WORDS.get(currency_word.lower())
        if currency is None:
            continue
        try:
            figure = Decimal(_NUMBER_WORDS[words.lower()]) if words else parse_number(number)
            value = figure * _SCALES.get(scale.lower(), 1)
        except InvalidOperation:
            continue
        approx = match.group("approx")
        found.append(
            MoneyMention(
                start=match.start(),
                end=match.end(),
                text=match.group(0),
                value=_whole(value),
                currency=currency,
                approximation=_APPROXIMATION[approx.lower()] if approx else None,
            )
        )
    return found


_COUNT_NUMBER = rf"(?:{_NUMBER}|{'|'.join(sorted(_NUMBER_WORDS, key=len, reverse=True))})"
_COUNT = re.compile(
    rf"(?:(?P<approx>{_APPROX})\s+)?(?P<n>{_COUNT_NUMBER})\b"
    rf"(?:\s+(?:of\s+the|of|van\s+de|van\s+het|van|out\s+of)\s+(?P<total>{_COUNT_NUMBER})\b)?"
    rf"(?P<unit>\s+[^\W\d_][\w-]*)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Count:
    start: int
    end: int
    text: str
    value: int
    out_of: int | None
    approximation: str | None
    unit: str | None
    """The word counted, as written ("projects", "universiteiten")."""


def _count_value(text: str) -> int | None:
    word = _NUMBER_WORDS.get(text.lower())
    if word is not None:
        return word
    try:
        value = parse_number(text)
    except InvalidOperation:
        return None
    return int(value) if value == value.to_integral_value() else None


def find_counts(text: str) -> list[Count]:
    """Counts: "23 of the 24", "23 van de 24", "more than 550", "meer dan 90", "21 projects".

    Years, amounts of money and parts of dates are not counts.
    """
    money = [(m.start, m.end) for m in find_money(text)]
    dates = [(d.start, d.end) for d in find_dates(text)]
    found = []
    for match in _COUNT.finditer(text):
        start, end = match.start("n"), match.end("n")
        if any(s <= start < e for s, e in money + dates):
            continue
        if re.match(r"\d", match.group("n")) and _in_word(text, start, end):
            continue
        value = _count_value(match.group("n"))
        if value is None:
            continue
        total = _count_value(match.group("total")) if match.group("total") else None
        unit = (match.group("unit") or "").strip() or None
        approx = match.group("approx")
        found.append(
            Count(
                start=match.start(),
                end=match.end(),
                text=match.group(0).strip(),
                value=value,
                out_of=total,
                approximation=_APPROXIMATION[approx.lower()] if approx else None,
                unit=unit,
            )
        )
    return found


def _in_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return before.isalpha() or before == "-" or after.isalpha() or after in "-/"


_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "januari": 1, "februari": 2, "maart": 3, "mei": 5, "juni": 6, "juli": 7, "augustus": 8,
    "oktober": 10, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_YEAR = r"(?:19|20)\d{2}"
_PERIOD = (
    r"(?:(?:the\s+)?(?:summer|spring|autumn|fall|winter|beginning|start|end|middle|course)\s+of"
    r"|(?:early|late|mid-?|end|begin|eind|medio|zomer|lente|voorjaar|najaar|herfst|winter"
    r"|summer|spring|autumn|fall)(?:\s+van)?(?:\s+het)?)"
)
_DATE = re.compile(
    rf"(?:(?P<cue>since|sinds|as\s+of|as\s+from|per|vanaf|from|starting|started|began|begon"
    rf"|startte|gestart|until|till|tot|through)\s+)?"
    rf"(?:(?:in|on|op|at|during|tijdens)\s+)?"
    rf"(?:"
    rf"(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>{_YEAR})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th|e)?\s+(?P<m2>{_MONTH})\.?,?\s+(?P<y2>{_YEAR})"
    rf"|(?P<m3>{_MONTH})\.?\s+(?:of\s+)?(?P<y3>{_YEAR})"
    rf"|(?P<period>{_PERIOD})\s*(?P<y4>{_YEAR})"
    rf"|(?P<y5>{_YEAR})(?:\s*[-–]\s*(?P<y6>{_YEAR}|\d{{2}}))?"
    rf")(?!\d)",
    re.IGNORECASE,
)
_SINCE = {
    "since",
    "sinds",
    "as of",
    "as from",
    "per",
    "vanaf",
    "from",
    "starting",
    "started",
    "began",
    "begon",
    "startte",
    "gestart",
}
_UNTIL = {"until", "till", "tot", "through"}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    """The date as written, without its cue word ("1 januari 2022", "summer of 2019")."""
    value: str
    """2019, 2023-11 or 2022-01-01: the precision the text gives."""
    role: str
    """'since', 'until' or 'date' (when the text gives no cue)."""
    end_year: str | None = None
    """The last year of a range such as "2019-2022"."""


def _date_value(match: re.Match[str]) -> tuple[str, str | None] | None:
    groups = match.groupdict()
    for month_key, day_key, year_key in (("m1", "d1", "y1"), ("m2", "d2", "y2")):
        if groups[month_key]:
            month, day = _MONTHS[groups[month_key].lower()], int(groups[day_key])
            if not 1 <= day <= 31:
                return None
            return f"{groups[year_key]}-{month:02d}-{day:02d}", None
    if groups["m3"]:
        return f"{groups['y3']}-{_MONTHS[groups['m3'].lower()]:02d}", None
    if groups["y4"]:
        return groups["y4"], None
    last = groups["y6"]
    if last and len(last) == 2:
        last = groups["y5"][:2] + last
    return groups["y5"], last


def find_dates(text: str) -> list[DateMention]:
    """Dates: "since 2008", "sinds 2008", "end of 2022", "eind 2022", "1 januari 2022",
    "January 1, 2022", "summer of 2019", "November 2017", "2019-2022"."""
    found = []
    for match in _DATE.finditer(text):
        if match.start() and (text[match.start() - 1].isalnum()):
            continue
        parsed = _date_value(match)
        if parsed is None:
            continue
        value, end_year = parsed
        cue = (match.group("cue") or "").lower()
        cue = re.sub(r"\s+", " ", cue)
        role = "since" if cue in _SINCE else "until" if cue in _UNTIL else "date"
        first = min(
            match.start(key) for key in ("m1", "d2", "m3", "period", "y5") if match.group(key)
        )
        found.append(
            DateMention(
                start=match.start(),
                end=match.end(),
                text=text[first : match.end()],
                value=value,
                role=role,
                end_year=end_year,
            )
        )
    return found
