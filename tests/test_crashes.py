"""Crashes: each writing command killed with SIGKILL leaves its old outputs or its new ones,
whole, and the next run succeeds (see tests/crashes.py for how the kill points are found).

A CI-sized sample: every kill point of the quick commands, an even spread of the build's;
benchmarks/crash_harness.py tries every point and random instants.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from collabgraph.curation.build import build
from collabgraph.curation.transaction import undo_folder, undo_unfinished
from collabgraph.generations import current_generation
from collabgraph.project import Project

from conftest import copy_project
from crashes import (
    Scenario,
    Tally,
    check_point,
    copy_tree,
    count_points,
    drop_a_member,
    run_killed,
    run_whole,
    snapshot,
)

BUILD_FILES = ("graph.trig", "graph-union.nt", "manifest.json")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
PAGE = "UMC Utrecht is a member of the Alpha Example Network.\n"


def build_outputs(root: Path) -> dict[str, bytes | None]:
    return snapshot([root / "build" / name for name in BUILD_FILES])


def store_state(root: Path) -> dict[str, bytes | None]:
    """The build's files, and whether the current generation's store is there and whole."""
    generation = current_generation(Project(root))
    assert generation is not None
    folder = generation / "oxigraph"
    whole = (folder / "loaded-from.json").is_file()
    state = b"whole" if whole else (b"half" if folder.exists() else None)
    return {**build_outputs(root), "store": state}


def write_page(root: Path) -> None:
    (root / "page.txt").write_text(PAGE, encoding="utf-8")


def undo_a_killed_transaction(root: Path) -> None:
    undo_unfinished(undo_folder(Project(root)))


def old_site(root: Path) -> None:
    assert run_whole(["map", "--view", "overview", "-o", "site"], root).status == 0


def old_export(root: Path) -> None:
    (root / "out").mkdir()
    (root / "out" / "graph.nt").write_bytes(b"an older export\n")


SCENARIOS = {
    "build": Scenario("build", ("build",), drop_a_member, lambda root: build_outputs(root)),
    "store": Scenario(
        "store load",
        ("query", "--store", "oxigraph", "-f", "csv", COUNT),
        lambda root: None,
        store_state,
    ),
    "export": Scenario(
        "export",
        ("export", "-f", "nt", "-o", "out/graph.nt"),
        old_export,
        lambda root: snapshot([root / "out" / "graph.nt"]),
    ),
    "map": Scenario(
        "map site", ("map", "-o", "site"), old_site, lambda root: snapshot([root / "site"])
    ),
    "add": Scenario(
        "add",
        ("add", "page.txt", "--publisher", "UMC Utrecht", "--language", "en", "--id", "page"),
        write_page,
        lambda root: snapshot([root / "data"]),
        settle=undo_a_killed_transaction,
        follow=("build",),
    ),
}
SAMPLE = {"build": 6, "store": 6, "export": 0, "map": 10, "add": 0}
"""Kill points tried per command (0: every one)."""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("crashes") / "base")
    build(project)
    return project.root


def spread(points: int, wanted: int) -> list[int]:
    """``wanted`` kill points spread evenly from the first to the last (all if 0)."""
    if wanted == 0 or wanted >= points:
        return list(range(1, points + 1))
    return sorted({1 + round(i * (points - 1) / (wanted - 1)) for i in range(wanted)})


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_a_command_killed_at_any_point_leaves_the_old_outputs_or_the_new_ones(
    name: str, built: Path, tmp_path: Path
) -> None:
    scenario = SCENARIOS[name]
    base = copy_tree(built, tmp_path / "base")
    scenario.prepare(base)
    before = scenario.look(base)
    whole = copy_tree(base, tmp_path / "whole")
    points, outcome = count_points(scenario.args, whole, [whole])
    assert outcome.status == 0, outcome.stderr
    after = scenario.look(whole)
    assert after != before and points > 0
    tally = Tally()
    for point in spread(points, SAMPLE[name]):
        check_point(
            scenario,
            base,
            tmp_path / "work",
            (before, after),
            lambda work, at=point: run_killed(scenario.args, work, [work], at),
            tally,
            f"killed before write {point} of {points}",
        )
    assert tally.killed == tally.runs
    assert tally.failures is None, "\n".join(tally.failures or [])


def test_two_builds_of_the_same_input_give_the_same_bytes(tmp_path: Path) -> None:
    """Reproducible: two copies of the project, built apart (each in its own process, so
    with its own hash seed), write byte-identical outputs to the same generation name."""
    results = []
    for copy in ("one", "two"):
        root = copy_project(tmp_path / copy).root
        assert run_whole(["build"], root).status == 0
        generation = current_generation(Project(root))
        assert generation is not None
        results.append((generation.name, build_outputs(root)))
    assert results[0] == results[1]
    manifest = json.loads(results[0][1]["manifest.json"] or b"{}")
    assert manifest["triples"] == 4325 and "built_at" not in manifest
