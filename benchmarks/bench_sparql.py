"""SPARQL benchmark: load time, peak memory and catalogue query latency, per store and size.

Each (store, size) runs in a child process of its own, so the peak resident memory it
reports is that store's alone. Plain rdflib runs at 100k only by default (at 1M it takes
about a minute to load and minutes per query); --rdflib-1m adds it.

    python benchmarks/bench_sparql.py                  # 100k and 1M triples
    python benchmarks/bench_sparql.py --sizes 100000   # quicker
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdflib import URIRef

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from synthetic import write  # noqa: E402

D = "https://w3id.org/collabgraph/id/"
CO_PARTICIPATION = """
SELECT ?first ?second (COUNT(DISTINCT ?shared) AS ?sharedCount) WHERE {
  VALUES ?r1 { org:memberOf cg:participatesIn }
  VALUES ?r2 { org:memberOf cg:participatesIn }
  ?first ?r1 ?shared . ?second ?r2 ?shared .
  FILTER (STR(?first) < STR(?second))
}
GROUP BY ?first ?second
ORDER BY DESC(?sharedCount) ?first ?second
LIMIT 100
"""
EXTRA = {"(all-pairs co-participation)": CO_PARTICIPATION}
PARAMETERS = {
    "institution": URIRef(D + "org-0"),
    "network": URIRef(D + "network-0"),
    "person": URIRef(D + "person-0"),
    "country": URIRef(D + "country/NL"),
    "entity": URIRef(D + "org-0"),
    "first": URIRef(D + "org-0"),
    "second": URIRef(D + "org-1"),
}


def _load(kind: str, path: Path, workdir: Path):
    import pyoxigraph as ox
    from rdflib import Dataset

    from collabgraph.sparql.store import OxigraphStore, RdflibStore

    if kind == "rdflib":
        dataset = Dataset(default_union=True)
        dataset.parse(path, format="nquads")
        return RdflibStore(dataset)
    if kind == "memory":
        store = OxigraphStore(ox.Store())
        store.load_file(path, ox.RdfFormat.N_QUADS)
        return store
    store = OxigraphStore(ox.Store(str(workdir / "oxigraph")), workdir / "oxigraph")
    store.load_file(path, ox.RdfFormat.N_QUADS)
    store.store.optimize()
    return store


def query_names() -> list[str]:
    from collabgraph.sparql.catalogue import catalogue

    return [*catalogue(), *EXTRA]


def child(kind: str, path: Path, repeats: int, names: list[str], budget: float) -> None:
    from collabgraph.api import CollabGraph
    from collabgraph.errors import QueryTimeoutError
    from collabgraph.sparql.catalogue import catalogue

    entries = catalogue()
    report: dict = {"latency_s": {}, "rows": {}, "timed_out": None}
    with tempfile.TemporaryDirectory() as workdir:
        started = time.perf_counter()
        store = _load(kind, path, Path(workdir))
        report["load_s"] = time.perf_counter() - started
        graph = CollabGraph(store)
        for name in names:
            text = EXTRA.get(name) or entries[name].text
            params = (
                {p.name: PARAMETERS[p.name] for p in entries[name].parameters}
                if name in entries
                else {}
            )
            timings = []
            try:
                for _ in range(repeats):
                    began = time.perf_counter()
                    result = graph.run(text, params, timeout=budget)
                    timings.append(time.perf_counter() - began)
            except QueryTimeoutError:
                report["timed_out"] = name
                break
            report["latency_s"][name] = statistics.median(timings)
            report["rows"][name] = len(result.rows)
    report["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(report), flush=True)
    os._exit(0)  # a timed-out query's worker thread must not outlive the measurement


def run_child(kind: str, path: Path, repeats: int, budget: float) -> dict:
    """All queries for one store; after a query over budget, a fresh process runs the rest."""
    remaining = query_names()
    merged: dict = {"latency_s": {}, "rows": {}, "load_s": None, "peak_mb": 0.0}
    while remaining:
        completed = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                kind,
                "--file",
                str(path),
                "--repeats",
                str(repeats),
                "--budget",
                str(budget),
                "--names",
                *remaining,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        part = json.loads(completed.stdout.strip().splitlines()[-1])
        merged["load_s"] = merged["load_s"] or part["load_s"]
        merged["peak_mb"] = max(merged["peak_mb"], part["peak_mb"])
        merged["latency_s"].update(part["latency_s"])
        merged["rows"].update(part["rows"])
        if part["timed_out"] is None:
            break
        merged["latency_s"][part["timed_out"]] = float("inf")
        merged["rows"][part["timed_out"]] = -1
        remaining = remaining[remaining.index(part["timed_out"]) + 1 :]
    return merged


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--rdflib-1m", action="store_true", help="also run plain rdflib on graphs over 200k triples"
    )
    parser.add_argument("--no-rdflib", action="store_true", help="skip plain rdflib")
    parser.add_argument("--child", choices=["rdflib", "memory", "oxigraph"], help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--names", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument(
        "--budget",
        type=float,
        default=60.0,
        help="seconds a query may take before it counts as too slow",
    )
    args = parser.parse_args()
    if args.child:
        child(args.child, args.file, args.repeats, args.names, args.budget)
        return
    out = ROOT / "build" / "bench"
    results: dict[tuple[str, int], dict] = {}
    for size in args.sizes:
        path = out / f"synthetic-{size}.nq"
        quads = write(path, size, ontology=ROOT / "ontology" / "collabgraph.ttl")
        print(f"\n== {quads:,} quads ({path.name})")
        kinds = ["oxigraph", "memory"] + (
            ["rdflib"] if (size <= 200_000 or args.rdflib_1m) and not args.no_rdflib else []
        )
        for kind in kinds:
            result = run_child(kind, path, args.repeats if kind != "rdflib" else 1, args.budget)
            results[(kind, size)] = result
            catalogue_latencies = {n: v for n, v in result["latency_s"].items() if n not in EXTRA}
            slowest = max(catalogue_latencies, key=catalogue_latencies.get)
            print(
                f"{kind:9} load {result['load_s']:7.2f} s   peak {result['peak_mb']:7.0f} MB   "
                f"median catalogue query {statistics.median(catalogue_latencies.values()) * 1000:8.1f} ms   "
                f"slowest {slowest} {_ms(catalogue_latencies[slowest])}",
                flush=True,
            )
        print(f"\n{'query':30}" + "".join(f"{k:>12}" for k in kinds) + "      rows")
        for name in query_names():
            cells = "".join(f"{_ms(results[(k, size)]['latency_s'][name]):>12}" for k in kinds)
            print(f"{name:30}{cells}{results[(kinds[0], size)]['rows'][name]:10}")
        if "rdflib" in kinds:
            print("\nrdflib time / oxigraph time, per query (>: rdflib went over the budget):")
            for name in query_names():
                fast = results[("oxigraph", size)]["latency_s"][name]
                slow = results[("rdflib", size)]["latency_s"][name]
                ratio = (
                    f">{args.budget / fast:,.0f}x"
                    if slow == float("inf")
                    else f"{slow / fast:,.0f}x"
                )
                print(f"  {name:30}{ratio:>12}")
            load_ratio = results[("rdflib", size)]["load_s"] / results[("oxigraph", size)]["load_s"]
            print(f"  {'(load)':30}{load_ratio:>11.1f}x")


def _ms(seconds: float) -> str:
    return "over budget" if seconds == float("inf") else f"{seconds * 1000:.1f} ms"


if __name__ == "__main__":
    main()
