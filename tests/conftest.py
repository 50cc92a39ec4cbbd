"""Shared fixtures: a private copy of the project, built once per test session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Dataset

from collabgraph.curation.build import build
from collabgraph.io import load_built_graph
from collabgraph.project import Project
from collabgraph.sparql.persistent import open_store
from collabgraph.sparql.store import Store

REPO = Path(__file__).resolve().parent.parent
REGISTRIES = REPO / "tests" / "registries"
"""Real registry files: 73 ROR v2 records and a CORDIS H2020 export (see its README)."""
ROR_RECORDS = REGISTRIES / "ror-records"
CORDIS_SUBSET = REGISTRIES / "cordis-h2020-subset"
CHROMIUM = os.environ.get("COLLABGRAPH_CHROMIUM", "/usr/bin/chromium")
"""The one browser the tests drive; scripts/test.sh installs Debian's package at this path."""


def copy_project(destination: Path) -> Project:
    """The project's inputs (data, ontology) in a folder of their own."""
    for folder in ("data", "ontology"):
        shutil.copytree(REPO / folder, destination / folder)
    return Project(destination)


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = copy_project(tmp_path_factory.mktemp("project"))
    build(project)
    return project


@pytest.fixture(scope="session")
def imported_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The project with the real ROR records and CORDIS subset imported, then built."""
    from collabgraph.api import import_cordis, import_ror

    project = copy_project(tmp_path_factory.mktemp("imported"))
    import_ror(ROR_RECORDS, path=project)
    import_cordis([CORDIS_SUBSET], path=project)
    build(project)
    return project


@pytest.fixture()
def fresh_project(tmp_path: Path) -> Project:
    """A project copy a test may break."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def dataset(built_project: Project) -> Dataset:
    return load_built_graph(built_project)


@pytest.fixture(scope="session", params=["memory", "rdflib", "oxigraph"])
def store(request: pytest.FixtureRequest, built_project: Project) -> Iterator[Store]:
    opened = open_store(built_project, request.param)
    yield opened
    opened.close()


def descendants(pid: int) -> list[tuple[int, str]]:
    """Every process below ``pid`` (from /proc), with its command line."""
    children: dict[int, list[int]] = {}
    commands: dict[int, str] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError):
            continue
        if fields[0] == "Z":
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        commands[int(stat.parent.name)] = command
    found, frontier = [], [pid]
    while frontier:
        for child in children.get(frontier.pop(), []):
            found.append((child, commands.get(child, "")))
            frontier.append(child)
    return found


@pytest.fixture(scope="session", autouse=True)
def no_process_left_behind() -> Iterator[None]:
    """Every server, worker or browser a test starts has ended when the tests end."""
    yield
    import time

    def left_behind() -> list[tuple[int, str]]:
        # multiprocessing's resource tracker ends with the interpreter, by design
        return [p for p in descendants(os.getpid()) if "resource_tracker" not in p[1]]

    deadline = time.monotonic() + 10
    left = left_behind()
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = left_behind()
    assert left == [], f"processes left behind: {left}"
