"""CPU time of query preparation: every catalogue question and the network projection.

    .venv/bin/python benchmarks/bench_prepare.py [--runs 20]

On the project's own graph in the memory store (built first if needed). CPU time
(``time.process_time``), not wall time: it is what the parse cost adds under the GIL, and
what the server's catalogue route pays per request. Medians over the runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from collabgraph.analysis.projection import Projection  # noqa: E402
from collabgraph.api import CollabGraph  # noqa: E402


def cpu_ms(function, runs: int) -> float:
    function()  # warm caches
    times = []
    for _ in range(runs):
        started = time.process_time()
        function()
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    graph = CollabGraph.open(ROOT, store="memory")
    total = 0.0
    for name in graph.catalogue():
        spent = cpu_ms(lambda name=name: graph.run(name), args.runs)
        total += spent
        print(f"{name:28} {spent:7.2f} ms CPU")
    print(f"{'all 18 catalogue questions':28} {total:7.2f} ms CPU")
    projection = cpu_ms(lambda: Projection.from_store(graph.store), max(3, args.runs // 4))
    print(f"{'network projection':28} {projection:7.2f} ms CPU")


if __name__ == "__main__":
    main()
