"""Map pages in a real browser: Debian's Chromium driven by Playwright, with the network blocked."""

from __future__ import annotations

import math
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from collabgraph.api import CollabGraph
from collabgraph.curation.build import build
from collabgraph.errors import CollabgraphError
from collabgraph.maps.page import Map, render_page, write_site
from collabgraph.maps.view import entity_map, overview_map
from collabgraph.sparql.store import open_store

from conftest import CHROMIUM, REPO, copy_project

pytestmark = pytest.mark.browser

D = "https://w3id.org/collabgraph/id/"
EVIL = '<img src=x onerror="window.__pwned=1">Evil & Co'


@pytest.fixture(scope="module")
def entities(built_project) -> nx.MultiDiGraph:
    return CollabGraph(open_store(built_project, "memory"), built_project).entity_graph()


@pytest.fixture(scope="module")
def site(entities, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("maps") / "maps"
    write_site(entities, folder)
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Debian's chromium is missing: scripts/test.sh installs it (apt-get install chromium)"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


class Visit:
    """A page opened from file:// with every other request refused and recorded."""

    def __init__(self, browser: Browser, path: Path) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 850})
        self.outside: list[str] = []
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page: Page = self.context.new_page()
        self.page.on(
            "console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None
        )
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.as_uri())
        self.wait_until_settled()

    def _route(self, route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def wait_until_settled(self, timeout: float = 30) -> float:
        started = time.monotonic()
        while not self.page.evaluate("() => !!(window.collabgraph && window.collabgraph.ready)"):
            if time.monotonic() - started > timeout:
                raise AssertionError("the layout did not settle")
            self.page.wait_for_timeout(50)
        return time.monotonic() - started

    def drawn_nodes(self) -> int:
        return self.page.evaluate(
            "() => Object.keys(window.collabgraph.network.getPositions()).length"
        )

    def panel(self) -> str:
        return self.page.inner_text("#panel")

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def visit(browser) -> Iterator:
    opened: list[Visit] = []

    def open_page(path: Path) -> Visit:
        opened.append(Visit(browser, path))
        return opened[-1]

    yield open_page
    for page in opened:
        page.close()


def test_a_site_writes_vis_network_once_and_a_single_page_inlines_it(site, built_project, tmp_path):
    pages = [p for p in site.rglob("*.html") if p.name != "index.html"]
    vis = (site / "vis-network.min.js").read_text(encoding="utf-8")
    assert len(vis) > 400_000
    assert all(vis[:2000] not in page.read_text(encoding="utf-8") for page in pages)
    assert sum(page.stat().st_size for page in pages) < 3_000_000  # 14 MB when each inlined it
    single = CollabGraph(open_store(built_project, "memory"), built_project).map("ERN RITA")
    assert vis[:2000].replace("</script", "<\\/script") in single.html


def test_every_page_loads_offline_without_errors_or_outside_requests(site, entities, visit):
    pages = sorted(site.rglob("*.html"))
    units = [n for n, kind in entities.nodes(data="type") if kind == "OrganisationalUnit"]
    assert len(units) == 5  # drawn on their organisation's page, not listed as institutions
    assert len(pages) == 29
    assert not any(page.stem == unit.rsplit("/", 1)[-1] for page in pages for unit in units)
    for path in pages:
        if path.name == "index.html":
            continue
        page = visit(path)
        assert page.outside == [], path
        assert page.console_errors == [], path
        assert page.drawn_nodes() > 0, path
        assert "default-src 'none'" in page.page.get_attribute(
            'meta[http-equiv="Content-Security-Policy"]', "content"
        )
        page.close()


def test_the_overview_draws_every_entity(site, entities, visit):
    page = visit(site / "overview.html")
    assert page.drawn_nodes() == entities.number_of_nodes() == 134
    assert page.page.evaluate("() => window.collabgraph.network.physics.physicsEnabled") is False


def test_an_institution_page_draws_its_neighbourhood(site, entities, visit):
    page = visit(site / "institutions" / "umc-utrecht.html")
    family = {D + "umc-utrecht"} | {
        unit
        for unit, _, relation in entities.in_edges(D + "umc-utrecht", data="relation")
        if relation == "org:subOrganizationOf"
    }
    expected = nx.multi_source_dijkstra_path_length(
        entities.to_undirected(as_view=True), family, cutoff=1
    )
    assert len(family) == 4  # UMC Utrecht and its three units
    assert page.drawn_nodes() == len(expected) == 30
    assert page.page.inner_text("h1") == "Collaboration map: UMC Utrecht"


def test_clicking_a_node_shows_its_details(site, visit):
    page = visit(site / "institutions" / "umc-utrecht.html")
    position = page.page.evaluate(
        "() => { const n = window.collabgraph.network; const id = 'https://w3id.org/collabgraph/id/umc-utrecht';"
        " return n.canvasToDOM(n.getPositions([id])[id]); }"
    )
    box = page.page.locator("#map").bounding_box()
    page.page.mouse.click(box["x"] + position["x"], box["y"] + position["y"])
    panel = page.panel()
    assert (
        "UMC Utrecht" in panel and "University medical centre" in panel and "Netherlands" in panel
    )
    assert "UniversityMedicalCentre" not in panel
    assert "https://w3id.org/collabgraph/id/umc-utrecht" in panel


def test_a_chosen_edge_shows_its_evidence_sentence_and_source(site, visit):
    page = visit(
        site / "institutions" / "ern-rita.html"
        if (site / "institutions" / "ern-rita.html").exists()
        else site / "networks" / "ern-rita.html"
    )
    edge_id = page.page.evaluate(
        "() => window.collabgraph.edges.get().find(e => e.from.endsWith('/umc-utrecht') && e.to.endsWith('/ern-rita')).id"
    )
    page.page.evaluate(
        f"() => window.collabgraph.network.body.emitter.emit('click', {{nodes: [], edges: ['{edge_id}']}})"
    )
    panel = page.panel()
    assert "The European coordination of ERN RITA takes place from UMC Utrecht." in panel
    assert (
        "One of the ERNs that UMC Utrecht has joined, is the European Reference Network for rare immunological diseases (ERN RITA) ."
        in panel
    )
    assert "Cooperations with an international impact" in panel
    assert "European coordination" in panel


def test_the_search_box_finds_and_focuses_an_entity(site, visit):
    page = visit(site / "overview.html")
    page.page.fill("#search", "ern rita")
    page.page.press("#search", "Enter")
    assert page.page.evaluate("() => window.collabgraph.network.getSelectedNodes()") == [
        D + "ern-rita"
    ]
    assert "ERN RITA" in page.panel()
    page.page.fill("#search", "nobody at all")
    page.page.press("#search", "Enter")
    assert page.page.inner_text("#search-status") == "No entity called “nobody at all” on this map."


def test_filters_hide_kinds_and_relations(site, visit):
    page = visit(site / "overview.html")
    page.page.uncheck('input[data-group="place"]')
    remaining = page.page.evaluate("() => window.collabgraph.network.body.data.nodes.length")
    assert remaining == 134 - 20
    page.page.select_option("#relation", "contact person for")
    assert page.page.evaluate("() => window.collabgraph.network.body.data.edges.length") == 8


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("evil"))
    registry = project.registry_file
    registry.write_text(
        registry.read_text(encoding="utf-8").replace("label: EIT Health", f"label: '{EVIL}'"),
        encoding="utf-8",
    )
    build(project)
    graph = CollabGraph(open_store(project, "memory"), project).entity_graph()
    folder = project.root / "maps"
    write_site(graph, folder)
    return folder


def test_a_malicious_label_is_text_and_runs_nothing(evil_site, visit):
    overview = visit(evil_site / "overview.html")
    overview.page.fill("#search", "Evil & Co")
    overview.page.press("#search", "Enter")
    assert EVIL in overview.panel()
    assert overview.page.evaluate("() => window.__pwned") is None
    network_page = visit(evil_site / "networks" / "eit-health.html")
    assert network_page.page.inner_text("h1") == f"Collaboration map: {EVIL}"
    assert network_page.page.evaluate("() => window.__pwned") is None
    assert overview.dialogs == [] and network_page.dialogs == []
    assert overview.console_errors == [] and network_page.console_errors == []
    assert "<img src=x" not in (evil_site / "networks" / "eit-health.html").read_text().split(
        "<script"
    )[0].replace("&lt;img", "")


def test_a_large_graph_is_folded_with_a_visible_note(visit, tmp_path):
    graph = nx.MultiDiGraph()
    for i in range(3000):
        graph.add_node(
            f"o{i}",
            label=f"Organisation {i}",
            group="organisation",
            type="University",
            country_name=f"Country {i % 7}",
        )
    for i in range(3000):
        graph.add_edge(
            f"o{i}",
            f"o{(i * 7 + 1) % 3000}",
            relation="cg:partnerOf",
            evidence="s",
            source_title="t",
        )
        graph.add_edge(f"o{i}", "o0", relation="cg:partnerOf", evidence="s", source_title="t")
    view = overview_map(graph, max_nodes=500)
    shown = [n for n in view.nodes if "openedFrom" not in n]
    assert len(shown) == 450 + 7
    assert len(view.nodes) - len(shown) == 7 * 30  # each group's most connected, for opening
    assert view.notes[0] == (
        "Folded 2,550 of 3,000 nodes into 7 grey groups (organisations by country, the rest by kind); the 450 most connected are shown one by one."
    )
    folded_links = [
        e
        for e in view.edges
        if "openedFrom" not in e
        and (e["from"].startswith("folded:") or e["to"].startswith("folded:"))
    ]
    assert len(folded_links) <= 457
    path = tmp_path / "large.html"
    path.write_text(render_page(view), encoding="utf-8")
    page = visit(path)
    assert page.drawn_nodes() == 457
    assert "Folded 2,550 of 3,000 nodes" in page.page.inner_text("#controls")
    folded_member = next(
        graph.nodes[n]["label"] for n in sorted(graph.nodes, key=lambda n: int(n[1:]))[::-1]
    )
    page.page.fill("#search", folded_member)
    page.page.press("#search", "Enter")
    [selected] = page.page.evaluate("() => window.collabgraph.network.getSelectedNodes()")
    assert selected.startswith("folded:organisation:")
    assert page.page.inner_text("#search-status").startswith(
        f"“{folded_member}” is in the grey group"
    )
    listed = page.page.locator("#group-members li").all_inner_texts()
    assert folded_member in listed
    group = next(n for n in view.nodes if n["id"] == selected)
    assert len(listed) == int(group["fullLabel"].split()[0])  # "364 organisations in Country 3"
    before = page.drawn_nodes()
    page.page.click("#open-group")
    opened = page.page.evaluate(
        f"() => window.collabgraph.network.body.data.nodes.get().filter(n => n.openedFrom === {selected!r}).map(n => n.fullLabel)"
    )
    assert len(opened) == 30 and folded_member not in opened  # the most connected, not the last
    assert page.drawn_nodes() == before + 30
    assert page.page.inner_text("#open-group") == "Fold them again"
    page.page.click("#open-group")
    assert page.drawn_nodes() == before


def test_a_hubs_projects_are_set_in_rings_around_it():
    """A view of more than 300 nodes: each node with one link sits on a ring around the node
    it links to, rings one spacing apart, no two in one place; the others are laid out."""
    graph = nx.MultiDiGraph()
    graph.add_node("hub", label="Hub University", group="organisation", type="University")
    graph.add_node("net", label="A Network", group="network", type="Network")
    graph.add_edge("hub", "net", relation="org:memberOf", evidence="s", source_title="t")
    for i in range(400):
        graph.add_node(f"p{i}", label=f"Project {i}", group="initiative", type="Project")
        graph.add_edge("hub", f"p{i}", relation="cg:participatesIn", evidence="s", source_title="t")
    graph.add_edge("p0", "net", relation="cg:partnerOf", evidence="s", source_title="t")
    view = entity_map(graph, "hub", max_nodes=800)
    place = {node["id"]: (node["x"], node["y"]) for node in view.nodes}
    assert len(place) == 402 and len(set(place.values())) == 402
    hx, hy = place["hub"]
    leaves = [f"p{i}" for i in range(1, 400)]  # p0 and the network have two links each
    rings = {round(math.dist(place[leaf], (hx, hy)) / 95) for leaf in leaves}
    assert rings == set(range(1, max(rings) + 1))  # filled from the inside out
    for leaf in leaves:
        distance = math.dist(place[leaf], (hx, hy))
        assert abs(distance - 95 * round(distance / 95)) <= 1.5


def test_a_notebook_map_is_an_iframe_with_srcdoc(entities):
    first, second = Map(entity_map(entities, "LERU")), Map(entity_map(entities, "ERN RITA"))
    html_first, html_second = first._repr_html_(), second._repr_html_()
    assert html_first.startswith('<iframe id="collabgraph-map-') and "srcdoc=" in html_first
    assert html_first.split('"')[1] != html_second.split('"')[1]


def test_screenshots_of_the_overview_and_an_institution(site, visit, tmp_path, built_project):
    """The README shows these; COLLABGRAPH_UPDATE_SCREENSHOTS=1 copies them into docs/images
    (otherwise nothing is written into the checkout)."""
    from PIL import Image

    shots = Path(os.environ.get("COLLABGRAPH_SCREENSHOT_DIR", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    graph = CollabGraph(open_store(built_project, "memory"), built_project)
    comparison = graph.compare("Maastricht UMC+", "UMC Utrecht").save(tmp_path / "compare.html")
    for name, path in (
        ("overview", site / "overview.html"),
        ("institution-umc-utrecht", site / "institutions" / "umc-utrecht.html"),
        ("compare", comparison),
    ):
        page = visit(path)
        target = shots / f"map-{name}.png"
        page.page.screenshot(path=str(target))
        with Image.open(target) as image:
            width, height = image.size
            colours = image.convert("RGB").getcolors(maxcolors=1_000_000) or []
        assert (width, height) == tuple(page.page.viewport_size.values())
        assert len(colours) > 200  # a drawn map with labels, not a blank page
        if os.environ.get("COLLABGRAPH_UPDATE_SCREENSHOTS") == "1":
            (REPO / "docs" / "images").mkdir(parents=True, exist_ok=True)
            shutil.copyfile(target, REPO / "docs" / "images" / target.name)


def test_the_same_map_opens_with_the_same_picture(site, visit, entities):
    """Positions are computed in Python with a fixed seed and drawn without physics."""
    drawn = []
    for _ in range(2):
        page = visit(site / "institutions" / "umc-utrecht.html")
        drawn.append(page.page.evaluate("() => window.collabgraph.network.getPositions()"))
        assert (
            page.page.evaluate("() => window.collabgraph.network.physics.physicsEnabled") is False
        )
        page.close()
    assert drawn[0] == drawn[1]
    assert len(drawn[0]) == 30
    view = entity_map(entities, "UMC Utrecht")
    again = entity_map(entities, "UMC Utrecht")
    assert [(n["id"], n["x"], n["y"]) for n in view.nodes] == [
        (n["id"], n["x"], n["y"]) for n in again.nodes
    ]
    placed = {n["id"]: (n["x"], n["y"]) for n in view.nodes}
    assert {node: (p["x"], p["y"]) for node, p in drawn[0].items()} == placed


def test_search_is_ranked_and_offers_the_matches(site, visit):
    page = visit(site / "overview.html")
    page.page.fill("#search", "Utrech")
    page.page.press("#search", "Enter")
    selected = page.page.evaluate("() => window.collabgraph.network.getSelectedNodes()")
    assert selected == [D + "utrecht-city"]  # the shortest label that starts with it
    offered = page.page.locator("#matches button").all_inner_texts()
    assert offered[:3] == ["Utrecht", "Utrecht University", "UMC Utrecht"]  # prefix, then inside
    page.page.locator("#matches button", has_text="UMC Utrecht").first.click()
    assert page.page.evaluate("() => window.collabgraph.network.getSelectedNodes()") == [
        D + "umc-utrecht"
    ]
    page.page.fill("#search", "nobody at all")
    page.page.press("#search", "Enter")
    assert page.page.evaluate("() => window.collabgraph.network.getSelectedNodes()") == []
    assert page.panel() == "Click a node or a link to see where it comes from."


def test_filtering_by_source_hides_the_nodes_it_leaves_unconnected(site, visit, entities):
    page = visit(site / "overview.html")
    page.page.select_option("#source", "Strategic Initiatives")
    shown = set(page.page.evaluate("() => window.collabgraph.network.body.data.nodes.getIds()"))
    expected = {
        node
        for u, v, source in entities.edges(data="source_title")
        if source == "Strategic Initiatives"
        for node in (u, v)
    }
    assert shown == expected
    assert len(shown) < entities.number_of_nodes() / 2


def test_zoom_buttons(site, visit):
    page = visit(site / "institutions" / "umc-utrecht.html")
    scale = lambda: page.page.evaluate("() => window.collabgraph.network.getScale()")  # noqa: E731
    fitted = scale()
    page.page.click("#zoom-in")
    assert scale() > fitted * 1.3
    page.page.click("#zoom-out")
    page.page.click("#zoom-out")
    assert scale() < fitted
    page.page.click("#zoom-fit")
    assert abs(scale() - fitted) / fitted < 0.05  # the labels shown change the fitted box a little


def test_an_inline_script_that_is_not_the_pages_own_does_not_run(site, visit, tmp_path):
    """The CSP allows the page's two scripts by hash; anything else is blocked."""
    page_file = tmp_path / "tampered.html"
    shutil.copyfile(site / "vis-network.min.js", tmp_path / "vis-network.min.js")
    original = (site / "overview.html").read_text(encoding="utf-8")
    assert "'unsafe-inline'" not in original.split("script-src", 1)[1].split(";", 1)[0]
    page_file.write_text(
        original.replace("<body>", "<body><script>window.__injected = 1;</script>", 1),
        encoding="utf-8",
    )
    page = visit(page_file)
    assert page.page.evaluate("() => window.__injected") is None
    assert page.drawn_nodes() > 100  # the page's own scripts still run


def test_no_curie_or_class_name_in_what_a_reader_sees(site, visit):
    """Tooltips, panels and filters speak in words: no cg:…, org:… or CamelCase class names."""
    page = visit(site / "institutions" / "umc-utrecht.html")
    texts = page.page.evaluate(
        """() => {
          const api = window.collabgraph, out = [];
          for (const n of api.nodes.get()) { out.push(n.tooltip); api.showNode(n.id); out.push(document.getElementById("panel").innerText); }
          for (const e of api.edges.get()) { out.push(e.tooltip); api.showEdge(e.id); out.push(document.getElementById("panel").innerText); }
          for (const s of document.querySelectorAll("select")) out.push(s.innerText);
          return out;
        }"""
    )
    seen = "\n".join(texts)
    for curie in ("cg:", "org:", "dcterms:", "schema:", "country_name", "UniversityMedicalCentre"):
        assert curie not in seen, curie
    assert "member of" in seen and "From the reference list “leru members”" in seen
    assert "The list's source\nSources: LERU's own members page (leru.org)" in seen


def test_the_link_colours_are_explained(site, visit):
    page = visit(site / "institutions" / "umc-utrecht.html")
    legend = page.page.inner_text("#links")
    assert "member of" in legend and "takes part in" in legend
    assert "dashed: from a reference list, not from a document" in legend
    colours = set(
        page.page.evaluate("() => window.collabgraph.edges.get().map(e => e.color.color)")
    )
    shown = page.page.evaluate(
        "() => [...document.querySelectorAll('#links .swatch:not(.dashed)')].map(s => getComputedStyle(s).backgroundColor)"
    )
    assert len(shown) == len(colours)  # one legend entry per colour on the map
    leru = page.page.evaluate(
        "() => window.collabgraph.edges.get().find(e => e.to.endsWith('/leru')).color.color"
    )
    assert leru == "#e07b24"  # member of, though it also takes part: the strongest relation


def test_a_comparison_puts_what_is_shared_in_the_middle(visit, built_project, tmp_path):
    graph = CollabGraph(open_store(built_project, "memory"), built_project)
    target = graph.compare("UMC Utrecht", "Utrecht University").save(tmp_path / "compare.html")
    page = visit(target)
    nodes = page.page.evaluate(
        "() => window.collabgraph.nodes.get().map(n => [n.fullLabel, n.side, n.x])"
    )
    side = {label: where for label, where, _ in nodes}
    shared = sorted(label for label, where, x in nodes if where == "both" and x == 0)
    expected = sorted(
        row["shared"]
        for row in graph.shared("UMC Utrecht", "Utrecht University").to_dict("records")
    )
    assert shared == expected  # the same six things `network shared` lists
    assert side["UMC Utrecht"] == "first" and side["Utrecht University"] == "second"
    assert all(x < 0 for _, where, x in nodes if where == "first")
    assert all(x > 0 for _, where, x in nodes if where == "second")
    assert page.page.inner_text("h1") == "Comparison: UMC Utrecht and Utrecht University"
    with pytest.raises(CollabgraphError, match="the same entity"):
        graph.compare("UMC Utrecht", "umc utrecht")


def test_top_keeps_a_site_to_the_most_connected(built_project, tmp_path):
    from click.testing import CliRunner

    from collabgraph.cli import cli

    result = CliRunner().invoke(
        cli,
        ["map", "--top", "2", "-o", str(tmp_path / "site"), "--project", str(built_project.root)],
    )
    assert result.exit_code == 0, result.stderr
    pages = sorted(
        p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*.html")
    )
    assert pages == [
        "index.html",
        "institutions/maastricht-umc.html",  # degree 8, ahead of Utrecht University (7)
        "institutions/umc-utrecht.html",  # degree 27
        "networks/european-reference-networks.html",  # 27, then LERU 26 (ERN RITA: 5)
        "networks/leru.html",
        "overview.html",
    ]


def test_a_picture_for_slides_from_the_button_and_the_command_line(
    site, visit, built_project, tmp_path
):
    from click.testing import CliRunner
    from PIL import Image

    from collabgraph.cli import cli

    page = visit(site / "institutions" / "umc-utrecht.html")
    with page.page.expect_download() as download:
        page.page.click("#save-png")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "Collaboration-map-UMC-Utrecht.png"
    canvas = page.page.evaluate(
        "() => [document.querySelector('#map canvas').width, document.querySelector('#map canvas').height]"
    )
    with Image.open(saved) as image:
        assert image.size[0] == canvas[0] and image.size[1] > canvas[1]  # title above, legend below
        top_left = image.convert("RGB").getpixel((5, 5))
    assert top_left == (31, 58, 95)  # the title band
    result = CliRunner().invoke(
        cli,
        [
            "map",
            "--entity",
            "ERN RITA",
            "-o",
            str(tmp_path / "rita.html"),
            "--png",
            str(tmp_path / "rita.png"),
            "--project",
            str(built_project.root),
        ],
    )
    assert result.exit_code == 0, result.stderr
    with Image.open(tmp_path / "rita.png") as image:
        assert image.size == (1440, 900)
        assert len(image.convert("RGB").getcolors(maxcolors=1_000_000) or []) > 200
    refused = CliRunner().invoke(
        cli, ["map", "--png", str(tmp_path / "x.png"), "--project", str(built_project.root)]
    )
    assert refused.exit_code == 2 and "use it with --entity or --compare" in refused.stderr


def test_a_year_filter_shows_the_links_of_that_year(site, visit, entities):
    page = visit(site / "institutions" / "umc-utrecht.html")
    years = page.page.evaluate(
        "() => [...document.querySelectorAll('#year option')].map(o => o.value)"
    )
    assert years[0] == "" and "2023" in years
    assert page.page.is_visible("#year")
    page.page.select_option("#year", "2023")
    edges = page.page.evaluate(
        "() => window.collabgraph.network.body.data.edges.get().map(e => e.facts.map(f => (f.date || f.start || '').slice(0, 4)))"
    )
    assert edges and all("2023" in facts for facts in edges)


LABEL_BOXES = """() => {
  const body = window.collabgraph.network.body, out = [];
  for (const id of window.collabgraph.network.body.data.nodes.getIds()) {
    const node = body.nodes[id];
    if (!node || !node.options.label || !node.options.label.trim()) continue;
    const s = node.labelModule.size;
    out.push([id, s.left, s.top, s.width, s.height, node.options.font.size * window.collabgraph.network.getScale()]);
  }
  return out;
}"""


def overlapping(boxes):
    pairs = []
    for i, (a, al, at, aw, ah, _) in enumerate(boxes):
        for b, bl, bt, bw, bh, _ in boxes[i + 1 :]:
            if al < bl + bw and bl < al + aw and at < bt + bh and bt < at + ah:
                pairs.append((a, b))
    return pairs


def test_no_two_shown_labels_overlap_on_any_page_and_all_are_readable(site, visit):
    for path in [site / "overview.html", *sorted((site / "institutions").glob("*.html"))]:
        page = visit(path)
        boxes = page.page.evaluate(LABEL_BOXES)
        assert len(boxes) >= min(5, page.drawn_nodes()), path  # the important ones are named
        assert overlapping(boxes) == [], path
        assert min(pixels for *_, pixels in boxes) >= 11.9, path  # at least 12 px high
        page.close()


@pytest.mark.parametrize("page_name", ["overview.html", "institutions/umc-utrecht.html"])
def test_zooming_in_brings_labels_back(site, visit, page_name):
    page = visit(site / page_name)
    boxes = page.page.evaluate(LABEL_BOXES)
    page.page.click("#zoom-in")
    page.page.click("#zoom-in")
    page.page.wait_for_timeout(300)
    zoomed = page.page.evaluate(LABEL_BOXES)
    assert len(zoomed) >= len(boxes)  # zooming in brings labels back, never fewer
    if page_name == "overview.html":
        assert len(zoomed) > len(boxes)
    assert overlapping(zoomed) == []


def test_hover_and_click_describe_the_same_link(site, visit):
    """In the fan around UMC Utrecht, the link whose tooltip shows is the one a click opens."""
    page = visit(site / "institutions" / "umc-utrecht.html")
    checked = 0
    points = page.page.evaluate(
        """() => {
          const api = window.collabgraph, n = api.network, out = [];
          for (const e of api.edges.get().slice(0, 12)) {
            const p = n.getPositions([e.from, e.to]);
            const mid = {x: (p[e.from].x * 2 + p[e.to].x) / 3, y: (p[e.from].y * 2 + p[e.to].y) / 3};
            out.push(n.canvasToDOM(mid));
          }
          return out;
        }"""
    )
    box = page.page.locator("#map").bounding_box()
    for point in points:
        page.page.mouse.move(box["x"] + 5, box["y"] + 5)  # away, so no tooltip lingers
        page.page.wait_for_timeout(300)
        page.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
        page.page.wait_for_timeout(400)
        tooltip = page.page.locator(".vis-tooltip")
        if not tooltip.is_visible():
            continue
        first_line = tooltip.inner_text().splitlines()[0].split(" · ")[0]
        page.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        panel = page.panel()
        if panel.startswith("LINK"):
            assert first_line in panel
            checked += 1
    assert checked >= 3
