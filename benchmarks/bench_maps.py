"""Map benchmark: page build time and size for 500, 5,000 and 50,000-node graphs, and the
time Chromium takes until the layout has settled (Debian's /usr/bin/chromium).

    python benchmarks/bench_maps.py
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

import networkx as nx
from playwright.sync_api import sync_playwright

from collabgraph.maps.page import render_page
from collabgraph.maps.view import overview_map

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


def settle_seconds(path: Path) -> float:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("COLLABGRAPH_CHROMIUM", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 850})
        started = time.perf_counter()
        page.goto(path.as_uri())
        while not page.evaluate("() => !!(window.collabgraph && window.collabgraph.ready)"):
            page.wait_for_timeout(20)
        seconds = time.perf_counter() - started
        browser.close()
        return seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5_000, 50_000])
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


if __name__ == "__main__":
    main()
