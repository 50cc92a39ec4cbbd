"""The text of a document as people have it: plain text, a saved web page or a PDF.

Web pages go through trafilatura, which keeps the main text and drops menus, footers and
cookie banners; PDFs through pypdf, page by page. The text stored in ``data/sources/`` is
what every quote is checked against, so it is stored exactly as extracted.
"""

from __future__ import annotations

from pathlib import Path

from collabgraph.errors import DocumentError

__all__ = ["FORMATS", "read_document"]

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
