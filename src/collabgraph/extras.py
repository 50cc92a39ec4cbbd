"""Optional parts of the install: what each extra holds, and a clear error when one is missing.

The core (graph, SPARQL, analysis, maps, command line) needs none of them. ``pip install
'collabgraph[all]'`` (what ``scripts/main.sh`` installs) brings every extra:

- ``drafting``: drafting facts from documents (``add``, ``draft``): spaCy, trafilatura, pypdf;
- ``server``: the SPARQL endpoint (``serve``): Starlette, uvicorn, aiohttp, httptools, yarl;
- ``xlsx``: reading CORDIS tables as XLSX: openpyxl.
"""

from __future__ import annotations

import importlib

from collabgraph.errors import CollabgraphError

__all__ = ["EXTRAS", "MissingExtraError", "require_extra"]

EXTRAS: dict[str, tuple[str, ...]] = {
    "drafting": ("spacy", "trafilatura", "pypdf"),
    "server": ("starlette", "uvicorn", "aiohttp", "httptools", "yarl"),
    "xlsx": ("openpyxl",),
}
"""Each extra's packages, as Python imports them."""


class MissingExtraError(CollabgraphError):
    """A feature whose optional packages are not installed."""

    def __init__(self, extra: str, missing: str, feature: str) -> None:
        super().__init__(
            f"{feature} needs the '{extra}' extra ({missing} is not installed): "
            f"pip install 'collabgraph[{extra}]'"
        )
        self.extra = extra
        self.missing = missing


def require_extra(extra: str, feature: str, module: str | None = None) -> None:
    """Raise :class:`MissingExtraError` naming ``extra`` unless ``module`` (by default each
    of the extra's packages) imports; ``feature`` says what the user asked for."""
    for name in (module,) if module is not None else EXTRAS[extra]:
        try:
            importlib.import_module(name)
        except ImportError:
            raise MissingExtraError(extra, name, feature) from None
