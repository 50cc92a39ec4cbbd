"""Interactive map pages: self-contained HTML written from :class:`~collabgraph.maps.elements.MapView`.

Each page inlines vis-network (the copy the pyvis package ships), its data, the world's
outlines and its script, so it opens from ``file://``, a shared drive or an email with no
network at all; a
Content-Security-Policy forbids remote loads. Every text from the data is escaped: headings by
Jinja's autoescaping, the data as JSON inside a ``<script type="application/json">`` element
(``<`` escaped), and the page shows it only through ``textContent``. pyvis's own template is
not used: it loads Bootstrap from a CDN and puts titles into ``innerHTML``.
"""

from __future__ import annotations

import base64
import ctypes
import errno
import hashlib
import html
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx

from collabgraph.errors import CollabgraphError
from collabgraph.io import write_atomically
from collabgraph.maps.elements import MapView, vis_options
from collabgraph.maps.labels import display_name
from collabgraph.maps.view import entity_map, overview_map
from collabgraph.maps.world import world_json, world_script

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
WORLD_FILE = "world.js"
"""A site writes vis-network and the world's outlines once, beside its pages; a single page
inlines them."""


@cache
def _app_js() -> str:
    """The map's own script: the same on every page, so rendered once per process."""
    return (
        _environment()
        .get_template("map.js")
        .render(options_json=json.dumps(vis_options()))
        .replace("</script", "<\\/script")
    )


def render_page(
    view: MapView,
    *,
    index_link: str | None = None,
    vis_src: str | None = None,
    world_src: str | None = None,
) -> str:
    """One self-contained HTML page for a map.

    The Content-Security-Policy allows exactly the page's two scripts (vis-network and the
    map's own code) by their SHA-256 hashes: an inline script that found its way into the
    page some other way would not run, even if escaping ever failed. With ``vis_src`` and
    ``world_src`` the page loads vis-network and the world's outlines from those files (a
    site's shared copies, allowed as 'self'); otherwise it inlines them (the outlines only
    when the page has countries to show).
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
            world_src=world_src if view.countries else None,
            world_json=world_json() if view.countries and not world_src else None,
            app_js=app_js,
            script_hashes=f"'{_sha256(app_js)}' 'self'"
            if vis_src
            else f"'{_sha256(vis_js)}' '{_sha256(app_js)}'",
            index_link=index_link,
        )
    )


def _chromium() -> str:
    browser = os.environ.get("COLLABGRAPH_CHROMIUM") or shutil.which("chromium")
    if not browser or not Path(browser).exists():
        raise CollabgraphError(
            "pictures need Chromium (apt-get install chromium, or set COLLABGRAPH_CHROMIUM)"
        )
    return browser


def draw_picture(page_html: str, kind: str, *, width: int = 1440, height: int = 900) -> bytes:
    """A picture of a page's map (``png`` at twice the pixels, or ``svg``): the map alone with
    its title, explanation, world map and whole legend, as the page's "Save" buttons make it,
    drawn by headless Chromium ($COLLABGRAPH_CHROMIUM, or ``chromium`` on the PATH)."""
    browser = _chromium()
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "map.html"
        page.write_text(page_html, encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={Path(folder) / 'profile'}",
            "--hide-scrollbars",
            "--force-device-scale-factor=2",
            f"--window-size={width},{height}",
            "--virtual-time-budget=15000",
            "--dump-dom",
            f"{page.as_uri()}#export={kind}",
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=180, check=True)
        except (subprocess.SubprocessError, OSError) as exc:
            raise CollabgraphError(f"Chromium could not draw the map: {exc}") from None
    found = re.search(rb'<pre id="export"[^>]*>([A-Za-z0-9+/=\s]+)</pre>', done.stdout)
    if found is None:
        raise CollabgraphError("Chromium drew no picture of the map")
    return base64.b64decode(found.group(1))


@dataclass
class Map:
    """A map for notebooks: shows itself inline (an iframe with ``srcdoc``) and saves to a
    file, as a page or as a picture for slides."""

    view: MapView
    height: int = 620

    @property
    def html(self) -> str:
        return render_page(self.view)

    def save(self, path: Path | str) -> Path:
        target = Path(path)
        _refuse_unwritable_file(target)
        write_atomically(target, self.html.encode("utf-8"))
        return target

    def save_png(self, path: Path | str, *, width: int = 1440, height: int = 900) -> Path:
        """The map as a PNG for slides, at twice the pixels of a ``width`` x ``height``
        window: the map with its title, explanation, world map and legend (no controls)."""
        target = Path(path)
        _refuse_unwritable_file(target)
        write_atomically(target, draw_picture(self.html, "png", width=width, height=height))
        return target

    def save_svg(self, path: Path | str, *, width: int = 1440, height: int = 900) -> Path:
        """The map as an SVG drawing for slides (as :meth:`save_png`)."""
        target = Path(path)
        _refuse_unwritable_file(target)
        write_atomically(target, draw_picture(self.html, "svg", width=width, height=height))
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
"""The file that says a folder is a map site collabgraph may replace; it lists the site's
pages (JSON), so a site rewritten for some views keeps the pages of the others."""


def _refuse_unwritable(folder: Path) -> None:
    """A clear one-line error for a folder the site cannot go to; and never a folder that
    holds anything else, since a site replaces its folder whole."""
    if folder.exists() and not folder.is_dir():
        raise CollabgraphError(f"{folder} is a file, not a folder for the map site")
    for parent in folder.parents:
        if parent.exists():
            if not parent.is_dir():
                raise CollabgraphError(
                    f"cannot write the map site to {folder}: {parent} is a file, not a folder"
                )
            break
    if folder.is_dir() and any(folder.iterdir()) and not (folder / SITE_MARKER).is_file():
        raise CollabgraphError(
            f"{folder} is not empty and holds no map site of collabgraph's; choose an empty or "
            "new folder (the site replaces its folder whole)"
        )


def _refuse_unwritable_file(target: Path) -> None:
    """A page or picture whose folder is a file: one line naming it."""
    for parent in target.parents:
        if parent.exists():
            if not parent.is_dir():
                raise CollabgraphError(f"cannot write {target}: {parent} is a file, not a folder")
            return


def _swap_folders(first: Path, second: Path) -> bool:
    """Exchange two folders in one step (Linux's ``renameat2`` with ``RENAME_EXCHANGE``): at
    every instant each name holds one whole folder. False where the system cannot."""
    if sys.platform != "linux":
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange):
        code = ctypes.get_errno()
        if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV):
            return False
        raise OSError(code, os.strerror(code), str(second))
    return True


def _replace_folder(staging: Path, folder: Path) -> None:
    """Put the new site (``staging``) in the place of the old one so that a crash at any point
    leaves one of them whole: exchanged in one step where the system can; elsewhere the old
    one is first renamed to ``NAME.old``, from where the next write puts it back if the
    process died before the new one was in place."""
    if not folder.exists():
        staging.rename(folder)
    elif _swap_folders(staging, folder):
        shutil.rmtree(staging)
    else:
        old = _old_site(folder)
        shutil.rmtree(old, ignore_errors=True)
        folder.rename(old)
        staging.rename(folder)
        shutil.rmtree(old)


def _old_site(folder: Path) -> Path:
    return folder.with_name(folder.name + ".old")


def _recover(folder: Path) -> None:
    """A site left at ``NAME.old`` by a write that died between its two renames goes back."""
    old = _old_site(folder)
    if not folder.exists() and (old / SITE_MARKER).is_file():
        old.rename(folder)


@dataclass
class _Section:
    """One part of a site: its heading, index links, note and files (for the site's marker)."""

    view: str
    heading: str
    links: list[tuple[str, str]]
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"view": self.view, "heading": self.heading, "links": self.links, "note": self.note}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> _Section:
        links = [(str(label), str(href)) for label, href in data["links"]]
        return cls(str(data["view"]), str(data["heading"]), links, data.get("note"))


def _sections_of(folder: Path) -> dict[str, _Section] | None:
    """The sections an existing site lists in its marker; None for a site without that list
    (written by an older collabgraph), which is then rewritten whole."""
    try:
        found = json.loads((folder / SITE_MARKER).read_text(encoding="utf-8"))
        return {data["view"]: _Section.from_json(data) for data in found["sections"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None


_VIEW_FILES = {"overview": "overview.html", "institutions": "institutions", "networks": "networks"}
_SECTION_HEADINGS = {
    "overview": "Overview",
    "institutions": "Institutions",
    "networks": "Networks and alliances",
}


def write_site(
    graph: nx.MultiDiGraph,
    folder: Path,
    *,
    depth: int = 1,
    groups: set[str] | None = None,
    views: tuple[str, ...] = ("overview", "institutions", "networks"),
    max_nodes: int | None = None,
    facts: int | None = None,
    top: int | None = None,
) -> SiteReport:
    """The overview, a page per institution and per network, and an index; written atomically.

    A page is written for each organisation and network that a source document names (not
    only reference data; units are drawn on their organisation's page); with ``top``, only for
    the ``top`` most connected of each kind. Without ``top``, a kind with more than 500 such
    entities gets pages for its 200 most connected, so a site of a large graph stays small;
    the index says so. ``views`` chooses the pages written; the pages of the other views that
    the folder's site already has are kept. ``facts`` is what the index says the graph holds
    (as the build counts them: relations, counts and values); by default the links drawn.

    The site is written beside its folder and then put in its place in one step, so a crash
    at any moment leaves either the old site or the new one, whole.
    """
    started = time.perf_counter()
    folder = Path(folder).resolve()
    _recover(folder)
    _refuse_unwritable(folder)
    kept = _sections_of(folder) if folder.is_dir() else {}
    if kept is None:
        views = tuple(_VIEW_FILES)
        kept = {}
    staging = folder.with_name(folder.name + ".writing")
    try:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        report = _write_site_into(
            staging,
            folder,
            graph,
            views=views,
            kept=kept,
            depth=depth,
            groups=groups,
            max_nodes=max_nodes,
            facts=facts,
            top=top,
        )
        _replace_folder(staging, folder)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise CollabgraphError(
            f"cannot write the map site to {folder}: {exc.strerror or exc}"
        ) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return SiteReport(folder / "index.html", report, time.perf_counter() - started)


def _write_site_into(
    staging: Path,
    folder: Path,
    graph: nx.MultiDiGraph,
    *,
    views: tuple[str, ...],
    kept: dict[str, _Section],
    depth: int,
    groups: set[str] | None,
    max_nodes: int | None,
    facts: int | None,
    top: int | None,
) -> list[Path]:
    """Every page of the site into ``staging`` (the pages of views not written now copied
    from ``folder``); the pages, as they will be named in ``folder``."""
    (staging / VIS_FILE).write_text(_vis_js(), encoding="utf-8")
    (staging / WORLD_FILE).write_text(world_script(), encoding="utf-8")
    pages: list[Path] = []
    sections: list[_Section] = []
    for view_name in _VIEW_FILES:
        if view_name in views:
            section = _write_view(staging, graph, view_name, depth, groups, max_nodes, top)
        elif view_name in kept:
            section = kept[view_name]
            source = folder / _VIEW_FILES[view_name]
            if source.is_dir():
                shutil.copytree(source, staging / _VIEW_FILES[view_name])
            elif source.is_file():
                shutil.copy2(source, staging / _VIEW_FILES[view_name])
        else:
            continue
        sections.append(section)
        pages += [folder / href for _, href in section.links]
    fact_count = graph.number_of_edges() if facts is None else facts
    summary = f"{graph.number_of_nodes()} entities and {fact_count} facts; every link shows the sentence it comes from."
    notes = [section.note for section in sections if section.note]
    index = (
        _environment()
        .get_template("index.html")
        .render(
            summary=" ".join([summary, *notes]),
            sections=[(section.heading, section.links) for section in sections],
        )
    )
    (staging / "index.html").write_text(index, encoding="utf-8")
    marker = {
        "written_by": "collabgraph: a map site, rewritten whole",
        "sections": [section.to_json() for section in sections],
    }
    (staging / SITE_MARKER).write_text(json.dumps(marker, indent=1) + "\n", encoding="utf-8")
    return pages


def _write_view(
    staging: Path,
    graph: nx.MultiDiGraph,
    view_name: str,
    depth: int,
    groups: set[str] | None,
    max_nodes: int | None,
    top: int | None,
) -> _Section:
    """The pages of one view (the overview, or a page per institution or per network)."""
    heading = _SECTION_HEADINGS[view_name]
    if view_name == "overview":
        view = overview_map(graph, groups=groups, max_nodes=max_nodes)
        (staging / "overview.html").write_text(
            render_page(view, index_link="index.html", vis_src=VIS_FILE, world_src=WORLD_FILE),
            encoding="utf-8",
        )
        return _Section(view_name, heading, [("The whole graph", "overview.html")])
    group = "organisation" if view_name == "institutions" else "network"
    worthy = [node for node in graph.nodes if _page_worthy(graph, node, group)]
    limit = top if top is not None else (LARGE_SITE_TOP if len(worthy) > LARGE_SITE else None)
    note = None
    if limit is not None and len(worthy) > limit:
        note = f"{heading}: pages for the {limit:,} most connected of {len(worthy):,}."
        worthy = sorted(worthy, key=lambda n: (-graph.degree(n), str(n)))[:limit]
    links = []
    (staging / view_name).mkdir(exist_ok=True)
    for node in sorted(worthy, key=lambda n: str(graph.nodes[n].get("label", n)).casefold()):
        view = entity_map(graph, node, depth=depth, groups=groups, max_nodes=max_nodes)
        name = f"{view_name}/{view.slug}.html"
        (staging / name).write_text(
            render_page(
                view,
                index_link="../index.html",
                vis_src=f"../{VIS_FILE}",
                world_src=f"../{WORLD_FILE}",
            ),
            encoding="utf-8",
        )
        links.append((display_name(graph.nodes[node]), name))
    return _Section(view_name, heading, links, note)
