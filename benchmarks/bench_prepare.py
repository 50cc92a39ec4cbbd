"""CPU time of query preparation: every catalogue question and the network projection.

    .venv/bin/python benchmarks/bench_prepare.py [--runs 20]

On a fresh copy of the project with the registries of ``tests/registries/`` imported (as the
README does), so every question's default parameters name an entity; memory store. CPU
time (``time.process_time``), not wall time: it is what the parse cost adds under the GIL,
and what the server's catalogue route pays per request. Medians over the runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from workspace import fresh_project, import_registries  # noqa: E402


def cpu_ms(function: Callable[[], object], runs: int) -> float:
    function()  # warm caches
    times = []
    for _ in range(runs):
        started = time.process_time()
        function()
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    from collabgraph.analysis.projection import Projection
    from collabgraph.api import build, load

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    project = fresh_project("prepare")
    import_registries(project)
    triples = build(path=project).triples
    graph = load(path=project, store="memory")
    print(f"{'graph':28} {triples:,} triples")
    spent = {}
    for name in sorted(graph.catalogue()):
        spent[name] = cpu_ms(lambda name=name: graph.run(name), args.runs)
        print(f"{name:28} {spent[name]:7.2f} ms CPU")
    label = f"all {len(spent)} catalogue questions"
    print(f"{label:28} {sum(spent.values()):7.2f} ms CPU")
    print(f"{'median question':28} {statistics.median(spent.values()):7.2f} ms CPU")
    projection = cpu_ms(lambda: Projection.from_store(graph.store), max(3, args.runs // 4))
    print(f"{'network projection':28} {projection:7.2f} ms CPU")


if __name__ == "__main__":
    main()
