"""The map site on disk: written atomically, kept whole for the views not rewritten, and clear
one-line errors for folders it cannot go to (no browser here)."""

from __future__ import annotations

import shutil
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from collabgraph.api import CollabGraph
from collabgraph.cli import cli
from collabgraph.errors import CollabgraphError
from collabgraph.maps import page as pages
from collabgraph.maps.page import SITE_MARKER, write_site
from collabgraph.sparql.persistent import open_store


@pytest.fixture(scope="module")
def entities(built_project) -> nx.MultiDiGraph:
    return CollabGraph(open_store(built_project, "memory"), built_project).entity_graph()


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


class SimulatedCrash(BaseException):
    """What a kill at that instant would leave behind (not an OSError: nothing catches it)."""


def test_a_crash_while_the_new_site_takes_the_old_ones_place_leaves_one_whole(
    entities, tmp_path, monkeypatch
):
    folder = tmp_path / "maps"
    write_site(entities, folder, views=("overview",))
    old = _files(folder)
    assert "overview.html" in old and not any(name.startswith("institutions/") for name in old)

    def crash(*args, **kwargs):
        raise SimulatedCrash

    # the last step: the new site goes in place of the old one (the old code deleted the old
    # site first, then renamed the new one: a crash between left no site at all)
    monkeypatch.setattr(pages, "_swap_folders", crash)
    monkeypatch.setattr(Path, "rename", crash)
    with pytest.raises(SimulatedCrash):
        write_site(entities, folder)
    monkeypatch.undo()
    assert _files(folder) == old
    write_site(entities, folder)
    assert "institutions/umc-utrecht.html" in _files(folder)


def test_where_folders_cannot_be_swapped_the_old_site_waits_beside_and_comes_back(
    entities, tmp_path, monkeypatch
):
    folder = tmp_path / "maps"
    write_site(entities, folder, views=("overview",))
    old = _files(folder)
    monkeypatch.setattr(pages, "_swap_folders", lambda first, second: False)
    renames = []
    real_rename = Path.rename

    def rename_once(self, target):
        renames.append((self.name, Path(target).name))
        if len(renames) == 2:  # the old site is aside, the new one not yet in place: killed
            raise SimulatedCrash
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename_once)
    with pytest.raises(SimulatedCrash):
        write_site(entities, folder)
    monkeypatch.undo()
    assert renames[0] == ("maps", "maps.old") and not folder.exists()
    write_site(entities, folder, views=("networks",))  # the next write puts the old site back first
    now = _files(folder)
    assert now["overview.html"] == old["overview.html"]
    assert "networks/leru.html" in now and not (tmp_path / "maps.old").exists()


def test_rewriting_some_views_keeps_the_pages_of_the_others(entities, tmp_path):
    folder = tmp_path / "maps"
    write_site(entities, folder)
    before = _files(folder)
    write_site(entities, folder, views=("overview",))
    after = _files(folder)
    assert sorted(after) == sorted(before)
    institutions = [name for name in after if name.startswith("institutions/")]
    assert len(institutions) == 17
    assert all(after[name] == before[name] for name in institutions)
    index = after["index.html"].decode()
    assert 'href="institutions/umc-utrecht.html"' in index and 'href="networks/leru.html"' in index
    assert index == before["index.html"].decode()


def test_a_site_from_an_older_collabgraph_is_rewritten_whole(entities, tmp_path):
    folder = tmp_path / "maps"
    write_site(entities, folder, views=("overview",))
    (folder / SITE_MARKER).write_text("A map site written by collabgraph; rewritten whole.\n")
    write_site(entities, folder, views=("overview",))
    assert "institutions/umc-utrecht.html" in _files(folder)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("/proc/maps", "Error: cannot write the map site to /proc/maps: "),
        (
            "{file}/sub",
            "Error: cannot write the map site to {file}/sub: {file} is a file, not a folder",
        ),
        (
            "{file}/sub/deeper",
            "Error: cannot write the map site to {file}/sub/deeper: {file} is a file, not a folder",
        ),
        ("{file}", "Error: {file} is a file, not a folder for the map site"),
    ],
)
def test_a_folder_the_site_cannot_go_to_is_one_clear_line(built_project, tmp_path, target, message):
    file = tmp_path / "notes.txt"
    file.write_text("mine")
    result = CliRunner().invoke(
        cli, ["map", "-o", target.format(file=file), "--project", str(built_project.root)]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(message.format(file=file))
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert file.read_text() == "mine"


@pytest.mark.parametrize(
    "option", [["--entity", "UMC Utrecht"], ["--compare", "UMC Utrecht", "Maastricht UMC+"]]
)
def test_a_page_whose_folder_is_a_file_is_one_clear_line(built_project, tmp_path, option):
    file = tmp_path / "notes.txt"
    file.write_text("mine")
    result = CliRunner().invoke(
        cli, ["map", *option, "-o", f"{file}/page.html", "--project", str(built_project.root)]
    )
    assert result.exit_code == 1
    assert (
        result.stderr == f"Error: cannot write {file}/page.html: {file} is a file, not a folder\n"
    )


def test_a_site_is_written_beside_its_folder_and_nothing_is_left_there(entities, tmp_path):
    write_site(entities, tmp_path / "maps")
    write_site(entities, tmp_path / "maps")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["maps"]


def test_a_foreign_folder_is_refused(entities, tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.tex").write_text("x")
    with pytest.raises(CollabgraphError, match="holds no map site"):
        write_site(entities, tmp_path / "mine")
    assert (tmp_path / "mine" / "thesis.tex").read_text() == "x"
    shutil.rmtree(tmp_path / "mine")
