"""The text of a document as people have it: plain text, a saved web page or a PDF.

Web pages go through trafilatura, which keeps the main text and drops menus, footers and
cookie banners; PDFs through pypdf, page by page. The text stored in ``data/sources/`` is
what every quote is checked against, so it is stored exactly as extracted.

A document's title is what its author called it: a web page's ``og:title``, first ``h1``
or ``<title>`` (through trafilatura's metadata, the site's name taken off), a PDF's title
metadata, else the first line of the text that reads as a title. Navigation ("Ga naar
inhoud", "Skip to main content", "meta-menu"), greetings ("Welkom op de website van ..."),
dates, reading times, contact lines and "Home | News" are never a title.
"""

from __future__ import annotations

import re
from pathlib import Path

from collabgraph.errors import DocumentError

__all__ = ["FORMATS", "read_document", "read_title", "text_title"]

FORMATS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".pdf": "pdf"}


def _text_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8 and add it again"
        ) from None


def _html_file(path: Path) -> str:
    import trafilatura

    html = path.read_bytes()
    text = trafilatura.extract(
        html, include_comments=False, include_tables=True, favor_recall=True, with_metadata=False
    )
    return text or ""


def _pdf_file(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise DocumentError(f"{path}: not a readable PDF ({exc})") from None
    return "\n\n".join(page.strip() for page in pages if page.strip())


def read_document(path: Path) -> str:
    """The document's text; an unknown format or a file without text is an error."""
    if not path.is_file():
        raise DocumentError(f"{path}: file not found")
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(FORMATS))
        raise DocumentError(f"{path}: unknown format {path.suffix or '(none)'!r}; one of {known}")
    reader = {"text": _text_file, "html": _html_file, "pdf": _pdf_file}[kind]
    text = reader(path).replace("\r\n", "\n").strip()
    if not text:
        hint = " (a scanned PDF has images, not text)" if kind == "pdf" else ""
        raise DocumentError(f"{path}: no text found{hint}; nothing was added")
    return text + "\n"


_TITLE_LENGTH = 120
_TITLE_LINES = 12
"""A title is looked for in the first lines only: further down, a line is a heading."""
_SEPARATORS = re.compile(r"\s+[|\u2013\u2014\u00b7\u2022:-]\s+")
_BOILERPLATE = re.compile(
    r"""(?ix)
    \b(?:skip\ to|jump\ to|go\ to|ga\ naar|spring\ naar|naar\ (?:de\ )?inhoud|
       navigation|navigatie|(?:meta|main|hoofd)-?menu|menu|breadcrumbs?|kruimelpad|
       cookies?|log\ ?in|inloggen|sign\ in|zoeken|search|zoom(?:en)?|inzoomen|uitzoomen|
       leestijd|reading\ time|read\ more|lees\ meer|print|share|delen|
       phone|telefoon|e-?mail|local_phone|contact\ us|press\ release|persbericht|nieuwsbericht)\b
    |^(?:welkom|welcome)\b
    |^(?:home|news|nieuws|start|homepage|index|untitled|document\d*|title|page\s*\d*)$
    |\.(?:docx?|pdf|indd|pptx?|html?)$
    """
)
_MADE_BY_A_PROGRAM = re.compile(r"(?i)^(?:microsoft\s+\w+|adobe\s+\w+|untitled)\b")
_DATE = re.compile(
    r"(?i)^(?:\w+day,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:jan|feb|m[aä]a?r|apr|ma[iy]|mei|jun|jul|"
    r"aug|sep|o[ck]t|nov|de[cz])\w*\.?\s+(?:\d{1,2},?\s+)?\d{4}$|^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$"
)


_NOT_FIRST = ("(", "[", "-", "*", "\u2022", "\u2013", "\u2014", "\u00b7", "/", "#", ">")
"""A list item, a bracketed remark or a breadcrumb starts so, a title does not."""


def _title_like(line: str) -> bool:
    """A line that can be a title: short, words in it, not a sentence, not boilerplate."""
    line = line.strip()
    words = re.findall(r"[^\W\d_]{2,}", line)
    return (
        bool(words)
        and len(line) <= _TITLE_LENGTH
        and not line.endswith((".", ",", ";", ":"))
        and not line.startswith(_NOT_FIRST)
        and _BOILERPLATE.search(line) is None
        and _DATE.match(line) is None
    )


def _clean_title(title: str, site: str | None = None) -> str | None:
    """A metadata title without the site's name and boilerplate parts ("Partners | Home")."""
    if _MADE_BY_A_PROGRAM.match(title):
        return None
    site_key = (site or "").strip().casefold()
    parts = [p.strip() for p in _SEPARATORS.split(title) if p.strip()]
    kept = [p for p in parts if p.casefold() != site_key and _title_like(p)]
    return " - ".join(kept) if kept else None


def text_title(text: str) -> str | None:
    """The first line among the text's first lines that reads as a title, if any."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return next((line for line in lines[:_TITLE_LINES] if _title_like(line)), None)


def _html_title(path: Path) -> str | None:
    from trafilatura import extract_metadata

    metadata = extract_metadata(path.read_bytes().decode("utf-8", errors="replace"))
    if metadata is None or not metadata.title:
        return None
    return _clean_title(str(metadata.title), metadata.sitename)


def _pdf_title(path: Path) -> str | None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        metadata = PdfReader(path).metadata
        title = metadata.title if metadata is not None else None
    except (PdfReadError, ValueError, KeyError):
        return None
    return _clean_title(str(title)) if title else None


def read_title(path: Path, text: str) -> str | None:
    """The document's own title (see the module docstring); None when it has none."""
    kind = FORMATS.get(path.suffix.lower())
    from_file = {"html": _html_title, "pdf": _pdf_title}.get(kind or "")
    found = from_file(path) if from_file is not None else None
    return found or text_title(text)
