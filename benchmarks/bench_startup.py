"""How fast the command line starts: median wall time of three commands over 10 runs.

    .venv/bin/python benchmarks/bench_startup.py [--runs 10]

Runs on the project's own graph (built first if needed), each command in a fresh process,
as a user would type it. Then what a fresh ``collabgraph query`` costs over a bare
pyoxigraph process that opens the same persistent store and runs the same prepared text
(the floor any command line on that store pays).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = str(Path(sys.executable).parent / "collabgraph")
COMMANDS = {
    "collabgraph --help": [CLI, "--help"],
    "collabgraph queries": [CLI, "queries"],
    'collabgraph query networks-of --param institution="UMC Utrecht"': [
        CLI,
        "query",
        "networks-of",
        "--param",
        "institution=UMC Utrecht",
    ],
}


BARE = """
import sys
import pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
print(len(list(store.query(sys.stdin.read()))))
"""


def median_of(command: list[str], runs: int, stdin: str | None = None) -> tuple[float, float]:
    """Median and least wall time of ``runs`` fresh processes (after one to warm caches)."""
    subprocess.run(command, cwd=ROOT, capture_output=True, check=True, input=stdin, text=True)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True, check=True, input=stdin, text=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times)


def over_bare_pyoxigraph(runs: int) -> None:
    """``collabgraph query networks-of`` against bare pyoxigraph on the same store and text."""
    from collabgraph.api import load
    from collabgraph.project import find_project
    from collabgraph.sparql.persistent import persistent_store_folder

    folder = persistent_store_folder(find_project(ROOT))
    graph = load(path=ROOT, store="oxigraph")
    text = graph.prepare("networks-of", {"institution": "UMC Utrecht"})
    graph.store.close()
    bare, _ = median_of([sys.executable, "-c", BARE, str(folder)], runs, text)
    command = COMMANDS['collabgraph query networks-of --param institution="UMC Utrecht"']
    full, _ = median_of(command, runs)
    print(f"{'bare pyoxigraph, same store and prepared text':66} median {bare:6.3f} s")
    print(
        f"{'collabgraph query over bare pyoxigraph':66} {full - bare:+.3f} s ({full / bare:.1f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    subprocess.run([CLI, "build"], cwd=ROOT, capture_output=True, check=True)
    for name, command in COMMANDS.items():
        median, least = median_of(command, args.runs)
        print(f"{name:66} median {median:6.3f} s  (min {least:.3f} s)")
    over_bare_pyoxigraph(args.runs)


if __name__ == "__main__":
    main()
