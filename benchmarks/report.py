"""Writing a benchmark's table into docs/benchmarks.md, between markers it owns."""

from __future__ import annotations

import re
from pathlib import Path


def write_section(doc: Path, marker: str, title: str, text: str) -> None:
    """Replace the text between ``<!-- marker -->`` and ``<!-- /marker -->``, or append a
    section ``title`` holding it when the markers are not there yet."""
    content = doc.read_text(encoding="utf-8")
    start, end = f"<!-- {marker} -->", f"<!-- /{marker} -->"
    block = f"{start}\n{text}\n{end}"
    if start in content:
        content = re.sub(
            rf"{re.escape(start)}.*?{re.escape(end)}", lambda _: block, content, flags=re.DOTALL
        )
    else:
        content += f"\n## {title}\n\n{block}\n"
    doc.write_text(content, encoding="utf-8")
