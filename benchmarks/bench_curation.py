"""What the curation loop does to a project's registry: duplicates, glued names, lost links.

Imports the real ROR records (tests/registries/ror-records) into a fresh copy of this
project and builds it; then adds the extraction pages 13-36 one after another
(``collabgraph add`` with the publisher and language of the pages' MANIFEST), drafts each,
accepts its drafts with ``review --accept-all`` (the default confidence), and builds. Prints
three counts, with the entity ids behind each and no page text:

- pairs of entities whose names collide under the registry's name rules (what ``validate``
  and ``build`` warn about);
- entities whose name holds two organisations ("A en B");
- ROR links the first build made that the last one does not.

    python benchmarks/bench_curation.py [--pages DIR] [--first 13] [--last 36]
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

import collabgraph.api as api
from collabgraph.curation.build import gather_entities
from collabgraph.curation.entities import name_collisions
from collabgraph.curation.imports import ror_names
from collabgraph.drafting.review_names import glued_parts
from collabgraph.errors import CollabgraphError
from collabgraph.project import Project

REPO = Path(__file__).resolve().parents[1]
PAGES = REPO.parent / "shared" / "extraction" / "dev"
ROR_RECORDS = REPO / "tests" / "registries" / "ror-records"


def _fresh_project(folder: Path) -> Project:
    root = folder / "project"
    for part in ("data", "ontology"):
        shutil.copytree(REPO / part, root / part, ignore=shutil.ignore_patterns("imports"))
    return Project(root)


def _ror_links(project: Project) -> dict[str, str]:
    manifest = json.loads(project.manifest_file.read_text(encoding="utf-8"))
    return {k: v for k, v in manifest.get("links", {}).items() if k.startswith("ror:")}


def _manifest(pages: Path) -> dict[str, tuple[str, str]]:
    rows = (pages / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    return {
        name: (publisher, language) for name, publisher, language in (r.split("\t") for r in rows)
    }


def run(pages: Path, first: int, last: int) -> dict[str, object]:
    manifest = _manifest(pages)
    chosen = [p for p in sorted(pages.glob("*.txt")) if first <= int(p.name[:2]) <= last]
    with tempfile.TemporaryDirectory() as folder:
        project = _fresh_project(Path(folder))
        api.import_ror(ROR_RECORDS, path=project)
        api.build(path=project)
        before = _ror_links(project)
        failures: list[str] = []
        started = time.perf_counter()
        for text_file in chosen:
            url, text = text_file.read_text(encoding="utf-8").split("\n", 1)
            publisher, language = manifest[text_file.stem]
            page = Path(folder) / text_file.name
            page.write_text(text, encoding="utf-8")
            try:
                added = api.add_document(
                    page, publisher=publisher, language=language, url=url, path=project
                )
                api.draft(added.id, path=project)
                api.review(added.id, path=project, accept_all=True)
            except CollabgraphError as error:  # counted, never printed: no page text
                failures.append(f"{text_file.name[:2]}: {type(error).__name__}")
        loop_seconds = time.perf_counter() - started
        tick = time.perf_counter()
        try:
            api.build(path=project)
            built = "built"
        except CollabgraphError as error:
            built = f"build refused: {type(error).__name__}"
        build_seconds = time.perf_counter() - tick
        after = _ror_links(project) if built == "built" else {}
        known = gather_entities(project)
        linked = ror_names(project, known.registry, known.facts, known.identifiers).linked
        collisions = [(c.first.id, c.second.id) for c in name_collisions(known.registry, linked)]
        glued = [
            e.id for e in known.registry if e.origin == "registry" and len(glued_parts(e.label)) > 1
        ]
        lost = sorted(key for key, entity in before.items() if after.get(key) != entity)
        return {
            "pages": len(chosen),
            "failures": failures,
            "built": built,
            "collisions": collisions,
            "glued": glued,
            "lost": lost,
            "links_before": len(before),
            "entities": sum(1 for e in known.registry if e.origin == "registry"),
            "loop_seconds": loop_seconds,
            "build_seconds": build_seconds,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=PAGES)
    parser.add_argument("--first", type=int, default=13)
    parser.add_argument("--last", type=int, default=36)
    args = parser.parse_args()
    outcome = run(args.pages, args.first, args.last)
    collisions = outcome["collisions"]
    glued = outcome["glued"]
    lost = outcome["lost"]
    assert isinstance(collisions, list) and isinstance(glued, list) and isinstance(lost, list)
    print(
        f"{outcome['pages']} pages added, drafted and accepted in {outcome['loop_seconds']:.1f} s "
        f"(pages refused: {len(outcome['failures'])} {outcome['failures']}); final build "
        f"{outcome['build_seconds']:.1f} s: {outcome['built']}; {outcome['entities']} "
        "registry entities"
    )
    print(f"entity pairs whose names collide: {len(collisions)} {collisions}")
    print(f"entities whose name holds two organisations: {len(glued)} {glued}")
    print(f"ROR links lost: {len(lost)} of {outcome['links_before']} {lost}")


if __name__ == "__main__":
    main()
