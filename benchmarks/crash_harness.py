"""The crash harness at full size: every writing command killed with SIGKILL before each of
its file system calls, and at random instants, on copies of the project.

After each kill the command's outputs must be the old ones or the new ones, whole (an add or
import left half-way is undone by the next command first), and the next run must succeed
and give the new ones. Prints a table for docs/benchmarks.md; exits non-zero on a failure.

    .venv/bin/python benchmarks/crash_harness.py                # every point, 20 random instants
    .venv/bin/python benchmarks/crash_harness.py --random 50 --only build map
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from test_crashes import SCENARIOS, undo_a_killed_transaction  # noqa: E402

from collabgraph.curation.build import build  # noqa: E402

from conftest import ROR_RECORDS, copy_project  # noqa: E402
from crashes import (  # noqa: E402
    Scenario,
    Tally,
    check_point,
    copy_tree,
    count_points,
    run_killed,
    run_killed_after,
    snapshot,
)


def _import_scenario() -> Scenario:
    return Scenario(
        "import ror",
        ("import", "ror", str(ROR_RECORDS), "--all"),
        lambda root: None,
        lambda root: snapshot([root / "data"]),
        settle=undo_a_killed_transaction,
        follow=("build",),
    )


def _harness(
    name: str, scenario: Scenario, built: Path, folder: Path, instants: int, seed: int
) -> tuple[int, Tally]:
    base = copy_tree(built, folder / "base")
    scenario.prepare(base)
    before = scenario.look(base)
    whole = copy_tree(base, folder / "whole")
    started = time.perf_counter()
    points, outcome = count_points(scenario.args, whole, [whole])
    duration = time.perf_counter() - started
    if outcome.status != 0:
        raise SystemExit(f"{name}: the command fails on its own: {outcome.stderr}")
    after = scenario.look(whole)
    tally = Tally()
    for point in range(1, points + 1):
        check_point(
            scenario,
            base,
            folder / "work",
            (before, after),
            lambda work, at=point: run_killed(scenario.args, work, [work], at),
            tally,
            f"before write {point}",
        )
    chance = random.Random(seed)
    for _ in range(instants):
        seconds = chance.uniform(0.0, duration)
        check_point(
            scenario,
            base,
            folder / "work",
            (before, after),
            lambda work, at=seconds: run_killed_after(scenario.args, work, [work], at),
            tally,
            f"at {seconds:.2f} s",
        )
    return points, tally


def main() -> None:
    scenarios = {**SCENARIOS, "import": _import_scenario()}
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--random", type=int, default=20, help="random instants per command")
    parser.add_argument("--seed", type=int, default=29)
    parser.add_argument("--only", nargs="*", choices=list(scenarios), default=list(scenarios))
    args = parser.parse_args()
    failures: list[str] = []
    print(
        "| command | kill points (each tried) | random instants | killed runs | failures | wall |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="crash-harness-") as scratch:
        built = copy_project(Path(scratch) / "built")
        build(built)
        for name in args.only:
            scenario = scenarios[name]
            points, tally = _harness(
                name, scenario, built.root, Path(scratch) / name, args.random, args.seed
            )
            failed = tally.failures or []
            failures += failed
            print(
                f"| `collabgraph {' '.join(scenario.args[:3])}` | {points} | {args.random} | "
                f"{tally.killed} of {tally.runs} | {len(failed)} | {tally.seconds:.0f} s |",
                flush=True,
            )
    for failure in failures:
        print(f"FAILED: {failure}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
