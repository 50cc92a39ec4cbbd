"""Build outputs in generation folders: one switch, public names kept, old ones pruned except
those a reader holds, and a build of the older layout adopted."""

from __future__ import annotations

import shutil

from collabgraph.curation.build import build
from collabgraph.generations import current_generation, reading
from collabgraph.sparql.persistent import open_store

from crashes import drop_a_member

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def test_builds_switch_generations_and_prune_all_but_the_newest_and_the_held(fresh_project):
    build(fresh_project)
    first = current_generation(fresh_project)
    assert first is not None
    names = ("graph.trig", "graph-union.nt", "manifest.json")
    for name in names:
        public = fresh_project.build_dir / name
        assert public.is_symlink() and public.read_bytes() == (first / name).read_bytes()
    made = [first]
    with reading(first):
        for _ in range(4):
            drop_a_member(fresh_project.root)
            build(fresh_project)
            made.append(current_generation(fresh_project))
        assert len(set(made)) == 5
        kept = sorted(p.name for p in (fresh_project.build_dir / "generations").iterdir())
        # the current one, the two before it, and the first (held); the second pruned
        assert kept == sorted(g.name for g in [made[0], *made[2:]])
    assert (fresh_project.build_dir / "graph.trig").read_bytes() == (
        made[-1] / "graph.trig"
    ).read_bytes()


def test_a_build_of_the_older_layout_is_adopted_when_its_store_is_asked_for(fresh_project):
    build(fresh_project)
    generation = current_generation(fresh_project)
    assert generation is not None
    build_dir = fresh_project.build_dir
    for name in ("graph.trig", "graph-union.nt", "manifest.json"):
        (build_dir / name).unlink()
        shutil.copy2(generation / name, build_dir / name)  # plain files, as before
    (build_dir / "current").unlink()
    shutil.rmtree(build_dir / "generations")
    store = open_store(fresh_project, "oxigraph")
    try:
        assert store.plain_rows(COUNT)[1] == [(4387,)]  # as the in-memory store counts
        assert open_store(fresh_project, "memory").plain_rows(COUNT)[1] == [(4387,)]
    finally:
        store.close()
    assert current_generation(fresh_project) == generation  # the same bytes, the same name
    assert (build_dir / "graph.trig").is_symlink()
