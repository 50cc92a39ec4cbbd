"""How fast the command line starts: median wall time of three commands over 10 runs.

    .venv/bin/python benchmarks/bench_startup.py [--runs 10]

Runs on the project's own graph (built first if needed), each command in a fresh process,
as a user would type it. Then what a fresh ``collabgraph query`` costs over a bare
pyoxigraph process that opens the same store and runs the same prepared text (the floor any
command line on that store pays): the memory store (loaded from the build's files, as
``--store memory`` loads them) and the persistent one (``--store oxigraph``).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from functools import partial
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


BARE = {
    "memory": """
import sys
import pyoxigraph as ox
store = ox.Store()
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.TRIG)
store.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
print(len(list(store.query(sys.stdin.read()))))
""",
    "oxigraph": """
import sys
import pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
print(len(list(store.query(sys.stdin.read()))))
""",
}
"""What a bare pyoxigraph process does on each store: open it, run the prepared text."""
QUESTION = ("networks-of", {"institution": "UMC Utrecht"})


CACHED_BYTECODE = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""The environment of the measured processes: with ``PYTHONDONTWRITEBYTECODE`` set (as in
some shells and containers), every run compiles each module from source again (0.14 s of a
``collabgraph query`` on a loaded machine), which an installed package never does."""


def timings(command: list[str], runs: int, stdin: str | None = None) -> list[tuple[float, float]]:
    """Wall and CPU time (user + system) of ``runs`` fresh processes, after one to warm
    caches. CPU time says more than wall time on a machine other work keeps busy."""
    run = partial(
        subprocess.run, cwd=ROOT, capture_output=True, check=True, env=CACHED_BYTECODE, text=True
    )
    run(command, input=stdin)
    measured = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        run(command, input=stdin)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        measured.append((wall, cpu))
    return measured


def median_of(command: list[str], runs: int, stdin: str | None = None) -> tuple[float, float]:
    """Median and least wall time of ``runs`` fresh processes (after one to warm caches)."""
    walls = [wall for wall, _ in timings(command, runs, stdin)]
    return statistics.median(walls), min(walls)


def bare_arguments(store: str) -> list[str]:
    """The files a bare process opens for ``store``: the build's graph and union file, or
    the persistent store's folder."""
    from collabgraph.io import built_graph_file
    from collabgraph.project import find_project
    from collabgraph.sparql.persistent import persistent_store_folder

    project = find_project(ROOT)
    if store == "memory":
        graph = built_graph_file(project)
        return [str(graph), str(graph.with_name("graph-union.nt"))]
    return [str(persistent_store_folder(project))]


def over_bare_pyoxigraph(runs: int) -> None:
    """``collabgraph query networks-of`` against bare pyoxigraph on the same store and text."""
    from collabgraph.api import load

    name, params = QUESTION
    print(f"\n{name}, {runs} fresh processes each: median wall time (median CPU time)")
    print(f"{'store':9} {'bare pyoxigraph':>22} {'collabgraph query':>22} {'difference':>22}")
    for store in BARE:
        graph = load(path=ROOT, store=store)
        text = graph.prepare(name, params)
        graph.store.close()
        bare_command = [sys.executable, "-c", BARE[store], *bare_arguments(store)]
        bare = medians(timings(bare_command, runs, text))
        options = [f"--param={key}={value}" for key, value in params.items()]
        full = medians(timings([CLI, "query", name, *options, "--store", store], runs))
        difference = (full[0] - bare[0], full[1] - bare[1])
        print(f"{store:9} {shown(bare):>22} {shown(full):>22} {shown(difference, '+'):>22}")


def medians(measured: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(w for w, _ in measured), statistics.median(c for _, c in measured)


def shown(pair: tuple[float, float], sign: str = "") -> str:
    return f"{pair[0]:{sign}.3f} s ({pair[1]:{sign}.3f} s)"


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
