"""Interactive map pages: self-contained HTML written from :class:`~collabgraph._maps.MapView`.

Each page inlines vis-network (the copy the pyvis package ships), its data and its script,
so it opens from ``file://``, a shared drive or an email with no network at all; a
Content-Security-Policy forbids remote loads. Every text from the data is escaped: headings by
Jinja's autoescaping, the data as JSON inside a ``<script type="application/json">`` element
(``<`` escaped), and the page shows it only through ``textContent``. pyvis's own template is
not used: it loads Bootstrap from a CDN and puts titles into ``innerHTML``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
import networkx as nx

from collabgraph.errors import CollabgraphError
from collabgraph.io import write_atomically
from collabgraph.maps.view import MapView, entity_map, overview_map, vis_options

__all__ = ["Map", "SiteReport", "render_page", "write_site"]

_ids = itertools.count(1)


@cache
def _environment() -> jinja2.Environment:
    loader = jinja2.PackageLoader("collabgraph.maps", "templates")
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined)


@cache
def _vis_js() -> str:
    import pyvis

    path = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
    return path.read_text(encoding="utf-8").replace("</script", "<\\/script")


@cache
def _sha256(script: str) -> str:
    """The CSP hash of a script (the two scripts are the same on every page: hashed once)."""
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()


LARGE_SITE = 500
LARGE_SITE_TOP = 200
"""Above LARGE_SITE candidate pages of a kind, a site has pages for the LARGE_SITE_TOP most
connected (``top`` chooses another number)."""
VIS_FILE = "vis-network.min.js"
"""A site writes vis-network once, beside its pages; a single page inlines it."""


@cache
def _app_js() -> str:
    """The map's own script: the same on every page, so rendered once per process."""
    return (
        _environment()
        .get_template("map.js")
        .render(options_json=json.dumps(vis_options()))
        .replace("</script", "<\\/script")
    )


def render_page(view: MapView, *, index_link: str | None = None, vis_src: str | None = None) -> str:
    """One self-contained HTML page for a map.

    The Content-Security-Policy allows exactly the page's two scripts (vis-network and the
    map's own code) by their SHA-256 hashes: an inline script that found its way into the
    page some other way would not run, even if escaping ever failed. With ``vis_src`` the
    page loads vis-network from that file (a site's shared copy, allowed as 'self').
    """
    app_js, vis_js = _app_js(), _vis_js()
    return (
        _environment()
        .get_template("map.html")
        .render(
            view=view,
            data_json=view.data_json(),
            vis_js=vis_js,
            vis_src=vis_src,
            app_js=app_js,
            script_hashes=f"'{_sha256(app_js)}' 'self'"
            if vis_src
            else f"'{_sha256(vis_js)}' '{_sha256(app_js)}'",
            index_link=index_link,
        )
    )


@dataclass
class Map:
    """A map for notebooks: shows itself inline (an iframe with ``srcdoc``) and saves to a file."""

    view: MapView
    height: int = 620

    @property
    def html(self) -> str:
        return render_page(self.view)

    def save(self, path: Path | str) -> Path:
        target = Path(path)
        write_atomically(target, self.html.encode("utf-8"))
        return target

    def save_png(self, path: Path | str, *, width: int = 1440, height: int = 900) -> Path:
        """The map as a picture, drawn by headless Chromium ($COLLABGRAPH_CHROMIUM, or
        ``chromium`` on the PATH): title, map and legend as a reader sees them."""
        target = Path(path).resolve()
        browser = os.environ.get("COLLABGRAPH_CHROMIUM") or shutil.which("chromium")
        if not browser or not Path(browser).exists():
            raise CollabgraphError(
                "--png needs Chromium (apt-get install chromium, or set COLLABGRAPH_CHROMIUM)"
            )
        with tempfile.TemporaryDirectory() as folder:
            page = Path(folder) / "map.html"
            page.write_text(self.html, encoding="utf-8")
            shot = Path(folder) / "map.png"
            command = [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--window-size={width},{height}",
                "--virtual-time-budget=5000",
                f"--screenshot={shot}",
                page.as_uri(),
            ]
            try:
                subprocess.run(command, capture_output=True, timeout=120, check=True)
            except (subprocess.SubprocessError, OSError) as exc:
                raise CollabgraphError(f"Chromium could not draw the map: {exc}") from None
            if not shot.is_file():
                raise CollabgraphError("Chromium drew no picture of the map")
            write_atomically(target, shot.read_bytes())
        return target

    def _repr_html_(self) -> str:
        frame_id = f"collabgraph-map-{next(_ids)}"
        source = html.escape(self.html, quote=True)
        return (
            f'<iframe id="{frame_id}" srcdoc="{source}" style="width: 100%; height: {self.height}px; '
            f'border: 1px solid #ddd" sandbox="allow-scripts" title="{html.escape(self.view.title)}"></iframe>'
        )


@dataclass(frozen=True)
class SiteReport:
    index: Path
    pages: list[Path]
    seconds: float


def _page_worthy(graph: nx.MultiDiGraph, node: str, group: str) -> bool:
    """A page for organisations and networks that a source document (not only reference data)
    names; an organisation's units are shown on its page, not listed as institutions."""
    if (
        graph.nodes[node].get("group") != group
        or graph.nodes[node].get("type") == "OrganisationalUnit"
    ):
        return False
    edges = itertools.chain(graph.out_edges(node, data=True), graph.in_edges(node, data=True))
    return any(not data.get("reference_data") for _, _, data in edges)


SITE_MARKER = ".collabgraph-maps"
"""The file that says a folder is a map site collabgraph may replace."""


def _refuse_foreign_folder(folder: Path) -> None:
    """A site replaces its folder whole, so never a folder that holds anything else."""
    if folder.exists() and not folder.is_dir():
        raise CollabgraphError(f"{folder} is a file, not a folder for the map site")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / SITE_MARKER).is_file():
        raise CollabgraphError(
            f"{folder} is not empty and holds no map site of collabgraph's; choose an empty or "
            "new folder (the site replaces its folder whole)"
        )


def write_site(
    graph: nx.MultiDiGraph,
    folder: Path,
    *,
    depth: int = 1,
    groups: set[str] | None = None,
    views: tuple[str, ...] = ("overview", "institutions", "networks"),
    max_nodes: int = 800,
    facts: int | None = None,
    top: int | None = None,
) -> SiteReport:
    """The overview, a page per institution and per network, and an index; written atomically.

    A page is written for each organisation and network that a source document names (not
    only reference data; units are drawn on their organisation's page); with ``top``, only for
    the ``top`` most connected of each kind. Without ``top``, a kind with more than 500 such
    entities gets pages for its 200 most connected, so a site of a large graph stays small;
    the index says so. ``facts``
    is what the index says the graph holds (as the build counts them: relations, counts and
    values); by default the links drawn.
    """
    started = time.perf_counter()
    folder = Path(folder).resolve()
    _refuse_foreign_folder(folder)
    staging = folder.with_name(folder.name + ".writing")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    (staging / SITE_MARKER).write_text("A map site written by collabgraph; rewritten whole.\n")
    (staging / VIS_FILE).write_text(_vis_js(), encoding="utf-8")
    pages: list[Path] = []
    notes: list[str] = []
    sections: list[tuple[str, list[tuple[str, str]]]] = []
    if "overview" in views:
        (staging / "overview.html").write_text(
            render_page(
                overview_map(graph, groups=groups, max_nodes=max_nodes),
                index_link="index.html",
                vis_src=VIS_FILE,
            ),
            encoding="utf-8",
        )
        pages.append(folder / "overview.html")
    for view_name, group, heading in (
        ("institutions", "organisation", "Institutions"),
        ("networks", "network", "Networks and alliances"),
    ):
        if view_name not in views:
            continue
        links = []
        worthy = [node for node in graph.nodes if _page_worthy(graph, node, group)]
        limit = top if top is not None else (LARGE_SITE_TOP if len(worthy) > LARGE_SITE else None)
        if limit is not None and len(worthy) > limit:
            notes.append(f"{heading}: pages for the {limit:,} most connected of {len(worthy):,}.")
            worthy = sorted(worthy, key=lambda n: (-graph.degree(n), str(n)))[:limit]
        for node in sorted(worthy, key=lambda n: str(graph.nodes[n].get("label", n)).casefold()):
            view = entity_map(graph, node, depth=depth, groups=groups, max_nodes=max_nodes)
            name = f"{view_name}/{view.slug}.html"
            (staging / view_name).mkdir(exist_ok=True)
            (staging / name).write_text(
                render_page(view, index_link="../index.html", vis_src=f"../{VIS_FILE}"),
                encoding="utf-8",
            )
            pages.append(folder / name)
            links.append((graph.nodes[node]["label"], name))
        sections.append((heading, links))
    fact_count = graph.number_of_edges() if facts is None else facts
    summary = f"{graph.number_of_nodes()} entities and {fact_count} facts; every link shows the sentence it comes from."
    index = (
        _environment()
        .get_template("index.html")
        .render(summary=" ".join([summary, *notes]), overview="overview.html", sections=sections)
    )
    (staging / "index.html").write_text(index, encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)
    return SiteReport(folder / "index.html", pages, time.perf_counter() - started)
