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
from collabgraph.extras import require_extra

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
    require_extra("drafting", "reading a web page", "trafilatura")
    import trafilatura

    html = path.read_bytes()
    text = trafilatura.extract(
        html, include_comments=False, include_tables=True, favor_recall=True, with_metadata=False
    )
    return text or ""


def _pdf_file(path: Path) -> str:
    require_extra("drafting", "reading a PDF", "pypdf")
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise DocumentError(f"{path}: not a readable PDF ({exc})") from None
    return reflow(pages)


_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:(?:page|pagina|p\.)\s*)?\d{1,4}(?:\s*(?:/|of|van)\s*\d{1,4})?"
    r"(?:\s*[-–—])?\s*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?:;\"”’)]\s*$")
_HYPHENATED = re.compile(r"(?<=[^\W\d_])-$")


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Lines that head or foot most pages (a report's title, its chapter, "Annual report
    2023 | 12"), compared with their digits masked."""
    if len(pages) < 3:
        return set()
    seen: dict[str, int] = {}
    for lines in pages:
        edges = {re.sub(r"\d+", "#", line.strip()) for line in lines[:2] + lines[-2:]}
        for edge in edges:
            seen[edge] = seen.get(edge, 0) + 1
    return {edge for edge, count in seen.items() if edge and count >= len(pages) / 2}


def _joins(line: str, following: str) -> bool:
    """Whether a PDF line runs on into the next: it closes no sentence, and the next one
    goes on in lower case or with a figure, or this one ends in a hyphen or a comma."""
    if not line or not following or _SENTENCE_END.search(line):
        return False
    return (
        following[:1].islower()
        or following[:1].isdigit()
        or line.endswith(("-", ",", "(", "&"))
        or len(line) > 60
    )


def reflow(pages: list[str]) -> str:
    """A PDF's text as one line per paragraph: running headers, footers and page numbers
    dropped, lines of a sentence joined (a word hyphenated at a line end rejoined), page
    breaks inside a paragraph closed. Every quote drafted from it is checked against this
    text, which is what ``data/sources/`` stores."""
    split = [[line.rstrip() for line in page.splitlines()] for page in pages]
    running = _running_lines(split)
    lines: list[str] = []
    for page in split:
        for line in page:
            if _PAGE_NUMBER.match(line) or re.sub(r"\d+", "#", line.strip()) in running:
                continue
            lines.append(line.strip())
    paragraphs: list[str] = []
    for line in lines:
        if not line:
            if paragraphs and paragraphs[-1]:
                paragraphs.append("")
            continue
        previous = paragraphs[-1] if paragraphs else ""
        if previous and _joins(previous, line):
            if _HYPHENATED.search(previous) and line[:1].islower():
                paragraphs[-1] = previous[:-1] + line
            else:
                paragraphs[-1] = previous + " " + line
        elif previous == "" and len(paragraphs) >= 2 and _joins(paragraphs[-2], line):
            paragraphs[-2:] = [paragraphs[-2] + " " + line]  # a page break mid-sentence
        else:
            paragraphs.append(line)
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


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
