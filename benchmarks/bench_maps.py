"""Map benchmark: page build time and size for 500, 5,000 and 50,000-node overviews, the
page of a synthetic hub with 2,000 (and 10,000) projects, and the time Debian's Chromium
(/usr/bin/chromium) takes until the page is drawn (layout, labels and world map; median of
three loads).

    python benchmarks/bench_maps.py
    python benchmarks/bench_maps.py --sizes 500 --hubs 2000
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
from playwright.sync_api import sync_playwright

from collabgraph.maps.page import render_page
from collabgraph.maps.view import entity_map, overview_map

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from test_maps import hub_graph

GROUPS = [
    "organisation",
    "organisation",
    "organisation",
    "network",
    "initiative",
    "initiative",
    "person",
    "place",
]


def synthetic(nodes: int, seed: int = 7) -> nx.MultiDiGraph:
    """A skewed graph: each new node links to two earlier ones, hubs preferred."""
    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    targets: list[int] = []
    for i in range(nodes):
        group = GROUPS[i % len(GROUPS)]
        graph.add_node(
            f"n{i}",
            label=f"Entity {i}",
            group=group,
            type=group.title(),
            country_name=f"Country {i % 25}",
        )
        for target in {rng.choice(targets) for _ in range(2)} if targets else ():
            graph.add_edge(
                f"n{i}",
                f"n{target}",
                relation="cg:participatesIn",
                evidence=f"Sentence {i}.",
                source_title="Synthetic",
            )
            targets.append(target)
        targets.append(i)
    return graph


def settle_seconds(path: Path, runs: int = 3) -> float:
    """From navigation until the page says it is drawn (median of ``runs`` loads)."""
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("COLLABGRAPH_CHROMIUM", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            started = time.perf_counter()
            page.goto(path.as_uri())
            while not page.evaluate("() => !!(window.collabgraph && window.collabgraph.ready)"):
                page.wait_for_timeout(10)
            times.append(time.perf_counter() - started)
            page.close()
        browser.close()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5_000, 50_000])
    parser.add_argument("--hubs", type=int, nargs="*", default=[2_000, 10_000])
    parser.add_argument("--max-nodes", type=int, default=800)
    args = parser.parse_args()
    print(
        f"{'nodes':>8} {'edges':>8} {'drawn':>6} {'build':>8} {'page':>9} {'settled in Chromium':>20}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            graph = synthetic(size)
            started = time.perf_counter()
            view = overview_map(graph, max_nodes=args.max_nodes)
            html = render_page(view)
            build_seconds = time.perf_counter() - started
            path = Path(folder) / f"map-{size}.html"
            path.write_text(html, encoding="utf-8")
            print(
                f"{size:>8,} {graph.number_of_edges():>8,} {sum('openedFrom' not in n for n in view.nodes):>6,} {build_seconds:>7.2f}s "
                f"{path.stat().st_size / 1e6:>7.2f}MB {settle_seconds(path):>19.2f}s",
                flush=True,
            )
        print(
            f"\n{'hub projects':>12} {'partners':>8} {'drawn':>6} {'build':>8} {'page':>9} {'drawn in Chromium':>18}"
        )
        for projects in args.hubs:
            graph = hub_graph(projects=projects, partners=max(900, projects // 2))
            started = time.perf_counter()
            view = entity_map(graph, "hub")
            html = render_page(view)
            build_seconds = time.perf_counter() - started
            path = Path(folder) / f"hub-{projects}.html"
            path.write_text(html, encoding="utf-8")
            partners = len(
                {u for p in graph.successors("hub") for u, _ in graph.in_edges(p)} - {"hub"}
            )
            print(
                f"{projects:>12,} {partners:>8,} {len(view.nodes):>6,} {build_seconds:>7.2f}s "
                f"{path.stat().st_size / 1e6:>7.2f}MB {settle_seconds(path):>17.2f}s",
                flush=True,
            )


if __name__ == "__main__":
    main()
