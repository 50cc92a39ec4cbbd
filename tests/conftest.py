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
from collabgraph.sparql.store import Store, open_store

REPO = Path(__file__).resolve().parent.parent
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
