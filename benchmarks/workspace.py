"""A private copy of the project for a benchmark, so every benchmark runs from a fresh clone
and none writes into the project's own ``data/`` or ``build/``."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGISTRIES = ROOT / "tests" / "registries"


def fresh_project(name: str) -> Path:
    """``build/bench/<name>/project``: the project's ``data/`` and ``ontology/``, nothing
    built or imported yet (an earlier copy is removed first)."""
    bench = ROOT / "build" / "bench" / name
    shutil.rmtree(bench, ignore_errors=True)
    project = bench / "project"
    for folder in ("data", "ontology"):
        shutil.copytree(ROOT / folder, project / folder)
    return project


def import_registries(project: Path) -> None:
    """The README's registry step: the 73 ROR records and the CORDIS subset of
    ``tests/registries/``, so every catalogue question's default parameters name an entity."""
    from collabgraph.api import import_cordis, import_ror

    import_ror(REGISTRIES / "ror-records", path=project)
    import_cordis([REGISTRIES / "cordis-h2020-subset"], path=project)
