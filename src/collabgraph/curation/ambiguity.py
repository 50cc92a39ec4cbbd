"""What resolution left for the curator: ambiguous records and links a build lost.

``build/ambiguous.tsv`` lists each, a row a record, with the candidates and the rule that
found them; a pin in ``data/resolution.yaml`` settles one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from collabgraph.curation.registry import Registry
from collabgraph.importers.resolution import (
    Resolution,
    ResolutionReport,
)
from collabgraph.project import Project

if TYPE_CHECKING:
    from collabgraph.curation.imports import ImportedGraphs

__all__ = ["LostLink", "ambiguity_file", "ambiguity_table", "lost_links"]


@dataclass(frozen=True)
class LostLink:
    """An imported record linked to ``was`` by the last build and not by this one."""

    key: str
    name: str
    was: str
    now: Resolution | None
    exists: bool
    """Whether ``was`` is still an entity of the project."""

    def message(self) -> str:
        said = f"{self.key} {self.name!r} was linked to {self.was} by the last build"
        if not self.exists:
            return f"{said}; {self.was} is no longer an entity (pin the record to its new id)"
        if self.now is not None and self.now.rule == "ambiguous":
            return (
                f"{said} and is not now: it fits {', '.join(self.now.candidates)} (by "
                f"{self.now.by}); pin it in data/resolution.yaml ({self.key}: {self.was}) or "
                "merge the entities"
            )
        if self.now is not None and self.now.target is not None:
            return f"{said} and is now linked to {self.now.target} (by {self.now.rule})"
        return f"{said} and is not now; pin it in data/resolution.yaml ({self.key}: {self.was})"


def lost_links(
    before: Mapping[str, str], imports: ImportedGraphs, registry: Registry
) -> list[LostLink]:
    """The links of ``before`` (the last build's) that ``imports`` no longer makes."""
    outcomes = {key: o for report in imports.reports for key, o in report.outcomes.items()}
    lost = []
    for key, was in sorted(before.items()):
        if imports.links.get(key) == was:
            continue
        name, now = outcomes.get(key, ("", None))
        exists = was.startswith("ror:") or was in registry
        lost.append(LostLink(key, name, was, now, exists))
    return lost


def ambiguity_file(project: Project) -> Path:
    """The file that lists what resolution could not decide, for the curator to read."""
    return project.build_dir / "ambiguous.tsv"


def ambiguity_table(reports: Iterable[ResolutionReport], lost: Iterable[LostLink] = ()) -> str:
    """Every ambiguous record and every lost link, a row each (tab-separated)."""
    lines = [
        "# Imported records that resolution did not link: each ambiguous one could be several",
        "# entities (never merged); each lost link was made by the last build and is not now.",
        "# Pin the right target in data/resolution.yaml (pin: {ror:<id>: entity-id}), forbid",
        "# the wrong ones, or merge entities that are one.",
        "source\trecord\tname\tproblem\trule\tcandidates",
    ]

    def cell(text: str) -> str:
        return " ".join(text.split())

    for report in reports:
        for key, name, candidates in report.ambiguous:
            by = report.outcomes[key][1].by
            row = [report.source, key, name, "ambiguous", by, " ".join(candidates)]
            lines.append("\t".join(cell(c) for c in row))
    for link in lost:
        now = link.now
        fits = " ".join(now.candidates) if now is not None else ""
        row = [link.key.split(":")[0], link.key, link.name, f"link lost (was {link.was})"]
        row += [now.by or now.rule if now is not None else "", fits]
        lines.append("\t".join(cell(c) for c in row))
    return "\n".join(lines) + "\n"
