"""Where a collabgraph project keeps its inputs and build outputs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from collabgraph.errors import BuildError

__all__ = ["Project", "find_project"]

_MARKER = Path("data") / "registry.yaml"


@dataclass(frozen=True)
class Project:
    """A project folder: ``data/``, ``ontology/`` and the ignored ``build/`` folder."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def registry_file(self) -> Path:
        return self.data / "registry.yaml"

    @property
    def annotations(self) -> Path:
        return self.data / "annotations"

    @property
    def reference(self) -> Path:
        return self.data / "reference"

    @property
    def imports(self) -> Path:
        """Imported registries (ROR, CORDIS), one compact file per source."""
        return self.data / "imports"

    @property
    def resolution_file(self) -> Path:
        """The curator's pins and vetoes for matching imported organisations to entities."""
        return self.data / "resolution.yaml"

    @property
    def ontology_file(self) -> Path:
        return self.root / "ontology" / "collabgraph.ttl"

    @property
    def shapes_file(self) -> Path:
        return self.root / "ontology" / "shapes.ttl"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    @property
    def graph_file(self) -> Path:
        return self.build_dir / "graph.trig"

    @property
    def union_file(self) -> Path:
        """The union of the graph file's named graphs as N-Triples, which stores load as
        their default graph (each triple once)."""
        return self.build_dir / "graph-union.nt"

    @property
    def manifest_file(self) -> Path:
        return self.build_dir / "manifest.json"

    @property
    def queries_dir(self) -> Path:
        """The project's own catalogue questions (``*.rq``), beside the built-in ones."""
        return self.root / "queries"

    def annotation_files(self) -> list[Path]:
        return sorted(self.annotations.glob("*.yaml"))


def find_project(start: Path | str | None = None) -> Project:
    """The project at ``start``, ``$COLLABGRAPH_HOME``, or the nearest parent of the working
    directory that holds ``data/registry.yaml``."""
    if start is not None:
        root = Path(start).resolve()
        if not (root / _MARKER).is_file():
            raise BuildError(f"{root} is not a collabgraph project (no {_MARKER})")
        return Project(root)
    home = os.environ.get("COLLABGRAPH_HOME")
    if home:
        return find_project(home)
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / _MARKER).is_file():
            return Project(folder)
    raise BuildError(
        f"no collabgraph project found in {here} or its parents (looked for {_MARKER}); "
        "run from the project folder or set COLLABGRAPH_HOME"
    )
