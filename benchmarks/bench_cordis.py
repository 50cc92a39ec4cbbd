"""CORDIS at full programme size: import, build, stores, every question for the biggest hub.

    .venv/bin/python benchmarks/bench_cordis.py                 # H2020 size (35k projects)
    .venv/bin/python benchmarks/bench_cordis.py --scale 0.1     # a tenth, for a quick look
    .venv/bin/python benchmarks/bench_cordis.py --resolution-only   # generate, import, resolve

Generates CORDIS-shaped tables (benchmarks/cordis_generator.py: generated, not real data, with
a few hundred records that collide as real records do) into a private copy of the project
with the ROR records of tests/registries imported, reports how the organisations resolved
(merged with a known one, new, ambiguous; per kind of collision), then measures each step in a process of its own (wall time and peak resident
memory): ``import cordis``, ``build``, loading the persistent Oxigraph store, every
catalogue question for the biggest hub on the persistent store and in memory (median of
three runs after one warm-up), the collaboration projection and the hub's map page (median of
three fresh processes).
Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from cordis_generator import generate  # noqa: E402
from workspace import REGISTRIES, fresh_project  # noqa: E402

HUB = "Utrecht University"
SECOND_HUB = "University College London"
STEP = """
import json, resource, sys, time
started = time.perf_counter()
{body}
print(json.dumps({{"seconds": time.perf_counter() - started,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "value": value}}))
"""
QUESTIONS = """
import statistics, time
from collabgraph.api import catalogue_of, load
graph = load(path=project, store=store)
params_for = dict(institution=hub, entity=hub, first=hub, second=second,
                  network="League of European Research Universities", country="Netherlands")
value = {}
for name, entry in sorted(catalogue_of(path=project).items()):
    params = {p.name: params_for[p.name] for p in entry.parameters if p.name in params_for}
    rows = len(graph.run(name, params).rows)
    times = []
    for _ in range(3):
        begun = time.perf_counter()
        graph.run(name, params)
        times.append(time.perf_counter() - begun)
    value[name] = [statistics.median(times), rows]
"""


def step(label: str, body: str, **names: object) -> dict:
    """Run ``body`` (which sets ``value``) in a fresh Python; print and return its figures."""
    prelude = "".join(f"{name} = {value!r}\n" for name, value in names.items())
    code = STEP.format(body=prelude + body)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{label} failed:\n{done.stderr}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"{label:44} {figures['seconds']:8.2f} s {figures['peak_mb']:8.0f} MB", flush=True)
    return figures


def ask_every_question(project: str, stores: list[str]) -> dict[str, dict]:
    """Every catalogue question for the hub, on each store: {store: {name: [s, rows]}}."""
    answers = {}
    for store in stores:
        figures = step(
            f"every catalogue question ({store})",
            QUESTIONS,
            project=project,
            store=store,
            hub=HUB,
            second=SECOND_HUB,
        )
        answers[store] = figures["value"]
    return answers


MAP_RUNS = 3
"""The map page is measured in this many fresh processes (median and range): one run alone
swings by half a second with what else the machine does."""


def map_pages(project: str, page: str, stores: list[str]) -> None:
    """The hub's map page on each store, each time in a fresh process: the step (loading
    included), then the page alone (finding the hub by name, its neighbourhood, the view and
    the file)."""
    for store in stores:
        alone = []
        for run in range(1, MAP_RUNS + 1):
            figures = step(
                f"the hub's map page ({store}, with loading, {run}/{MAP_RUNS})",
                "from collabgraph.api import load\n"
                "graph = load(path=project, store=store)\n"
                "begun = time.perf_counter()\n"
                "graph.map(hub).save(page)\n"
                "value = time.perf_counter() - begun",
                project=project,
                store=store,
                hub=HUB,
                page=page,
            )
            alone.append(figures["value"])
        print(
            f"the hub's map page alone ({store}): median {statistics.median(alone):.2f} s "
            f"({min(alone):.2f} to {max(alone):.2f} s in {MAP_RUNS} fresh processes)"
        )


def print_questions(answers: dict[str, dict], stores: list[str]) -> None:
    titles = {"oxigraph": "persistent Oxigraph (s)", "memory": "in memory (s)"}
    print("\n| question | rows | " + " | ".join(titles[s] for s in stores) + " |")
    print("|---|---:|" + "---:|" * len(stores))
    for name in sorted(answers[stores[0]]):
        rows = answers[stores[0]][name][1]
        times = " | ".join(f"{answers[s][name][0]:.3f}" for s in stores)
        print(f"| `{name}` | {rows:,} | {times} |")


def outcome(rule: str) -> str:
    """What a resolution rule did to an imported name: merged, new or ambiguous."""
    return rule if rule in {"new", "ambiguous"} else "merged"


def resolution_counts(project: Path, tables: Path) -> dict[str, Counter[str]]:
    """How the import's organisations resolved, for every kind of collision the generator
    made and for all: {kind: {"merged (name)": n, "new": n, ...}}."""
    from collabgraph.curation.build import gather_entities
    from collabgraph.curation.imports import compile_imports
    from collabgraph.project import Project

    with (tables / "collisions.tsv").open(encoding="utf-8", newline="") as handle:
        kinds = {
            row["organisationID"]: row["kind"] for row in csv.DictReader(handle, delimiter="\t")
        }
    folder = Project(project)
    known = gather_entities(folder)
    graphs = compile_imports(folder, known.registry, known.facts, known.identifiers, write=False)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for report in graphs.reports:
        if report.source == "ror":
            continue
        for key, (_, resolution) in report.outcomes.items():
            way = outcome(resolution.rule)
            label = f"{way} ({resolution.rule})" if way == "merged" else way
            counts["all organisations"][label] += 1
            kind = kinds.get(key.removeprefix("cordis:"))
            if kind:
                counts[kind][label] += 1
    return counts


def print_resolution(counts: dict[str, Counter[str]]) -> None:
    print("\n| records | organisations | merged with a known one | new | ambiguous |")
    print("|---|---:|---|---:|---:|")
    for kind in sorted(counts, key=lambda k: (k == "all organisations", k)):
        found = counts[kind]
        merged = {label[8:-1]: n for label, n in found.items() if label.startswith("merged")}
        by_rule = ", ".join(f"{rule} {n:,}" for rule, n in sorted(merged.items()))
        total = sum(merged.values())
        print(
            f"| {kind} | {sum(found.values()):,} | {total:,}"
            + (f" ({by_rule})" if by_rule else "")
            + f" | {found['new']:,} | {found['ambiguous']:,} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: H2020 size")
    parser.add_argument(
        "--questions-only",
        action="store_true",
        help="only the catalogue questions on the project an earlier run built",
    )
    parser.add_argument(
        "--maps-only",
        action="store_true",
        help="only the hub's map page on the project an earlier run built",
    )
    parser.add_argument(
        "--resolution-only",
        action="store_true",
        help="only generate, import and report how the organisations resolved",
    )
    parser.add_argument(
        "--store",
        action="append",
        choices=["oxigraph", "memory"],
        help="the stores to ask (default: both)",
    )
    args = parser.parse_args()
    bench = ROOT / "build" / "bench" / f"cordis-{args.scale:g}"
    project = bench / "project"
    stores = args.store or ["oxigraph", "memory"]
    if args.questions_only or args.maps_only:
        if not (project / "build").is_dir():
            raise SystemExit(f"no earlier build at {project}: run a whole benchmark first")
        if args.questions_only:
            print_questions(ask_every_question(str(project), stores), stores)
        if args.maps_only:
            map_pages(str(project), str(bench / "hub.html"), stores)
        return
    project = fresh_project(bench.name)
    counts = generate(
        bench / "tables",
        projects=round(35_000 * args.scale),
        participations=round(181_000 * args.scale),
        organisations=round(40_000 * args.scale),
    )
    print("==", ", ".join(f"{n:,} {what}" for what, n in counts.items()))
    root, tables = str(project), str(bench / "tables")
    step(
        "import ror (tests/registries/ror-records)",
        "from collabgraph.api import import_ror\nvalue = import_ror(records, path=root).records",
        records=str(REGISTRIES / "ror-records"),
        root=root,
    )
    imported = step(
        "import cordis",
        "from collabgraph.api import import_cordis\nvalue = import_cordis([tables], path=root).records",
        tables=tables,
        root=root,
    )
    print_resolution(resolution_counts(project, bench / "tables"))
    if args.resolution_only:
        return
    built = step(
        "build",
        "from collabgraph.api import build\nvalue = build(path=root).triples",
        root=root,
    )
    print(f"{'triples':44} {built['value']:>10,}")
    step(
        "load the persistent Oxigraph store",
        "from collabgraph.project import find_project\n"
        "from collabgraph.sparql.persistent import persistent_store_folder\n"
        "value = str(persistent_store_folder(find_project(root)))",
        root=root,
    )
    answers = ask_every_question(root, stores)
    projected = step(
        "collaboration projection (memory, with loading)",
        "from collabgraph.api import load\n"
        "graph = load(path=root)\n"
        "begun = time.perf_counter()\n"
        "collaboration = graph.collaboration_graph()\n"
        "value = [collaboration.number_of_nodes(), collaboration.number_of_edges(),"
        " time.perf_counter() - begun]",
        root=root,
    )
    print_questions(answers, stores)
    nodes, edges, seconds = projected["value"]
    print(f"\ncollaboration projection alone: {seconds:.1f} s ({nodes:,} nodes, {edges:,} edges)")
    map_pages(root, str(bench / "hub.html"), stores)
    print(f"import {imported['value']:,} records; build {built['value']:,} triples")


if __name__ == "__main__":
    main()
