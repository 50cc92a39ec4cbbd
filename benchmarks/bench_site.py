"""The map site of a large graph: time and size on disk.

    .venv/bin/python benchmarks/bench_site.py [--triples 1000000]

A synthetic collaboration graph (benchmarks/synthetic.py) in the in-memory store, its entity
graph, then ``write_site`` with the default rule (a page per institution and network a
document names; above 500 of a kind, the 200 most connected). Prints the time of each step,
the pages written and the site's size on disk.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from synthetic import synthetic_store, timed  # noqa: E402

from collabgraph.analysis import projection as projections  # noqa: E402
from collabgraph.maps.page import write_site  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--triples", type=int, default=1_000_000)
    args = parser.parse_args()
    store = synthetic_store(args.triples, ROOT)
    projection = timed("projection", lambda: projections.Projection.from_store(store))
    entity = timed("entity graph", lambda: projections.entity_graph(projection))
    folder = ROOT / "build" / "bench" / "site"
    shutil.rmtree(folder, ignore_errors=True)
    report = timed("map site", lambda: write_site(entity, folder))
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    print(f"{'pages':42} {len(report.pages) + 1:8,}")
    print(f"{'size on disk':42} {size / 1e6:8.1f} MB")


if __name__ == "__main__":
    main()
