"""All or nothing: add, draft, review and import either change every file they write, or none.

Each command runs once to count its writes; then, for each write in turn, it runs again on
a fresh copy with a failure injected right after that write, and every file of the project
must be byte for byte what it was, with no file added.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import collabgraph.api as api
from collabgraph.curation.transaction import FileTransaction
from collabgraph.errors import CollabgraphError
from collabgraph.project import Project

from conftest import ROR_RECORDS, copy_project

PAGE = (
    "UMC Utrecht is a member of the Alpha Example Network.\n\n"
    "Together with the Beta Example Alliance, UMC Utrecht founded the Gamma Programme.\n"
)


class Injected(Exception):
    """The failure a test injects between two writes."""


def _files(project: Project) -> dict[str, bytes]:
    return {
        str(path.relative_to(project.root)): path.read_bytes()
        for path in sorted(project.root.rglob("*"))
        if path.is_file()
    }


def _add(project: Project) -> None:
    page = project.root.parent / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    api.add_document(
        page, publisher="Example Publisher Foundation", language="en", doc_id="page", path=project
    )


def _draft(project: Project) -> None:
    api.draft("page", path=project)


def _review(project: Project) -> None:
    api.review("page", {1: {"status": "accepted"}, 2: {"status": "rejected"}}, path=project)


def _import(project: Project) -> None:
    api.import_ror(ROR_RECORDS, path=project, everything=True, replace_newer=True)


def _ready_for(command: str, folder: Path) -> Project:
    """A project in the state the command starts from."""
    project = copy_project(folder / "project")
    if command in {"draft", "review"}:
        _add(project)
    if command == "review":
        _draft(project)
    if command == "import":
        api.import_ror(ROR_RECORDS, path=project)  # the same records, kept without --all
        api.build(path=project)  # build/ambiguous.tsv and the manifest exist
    return project


COMMANDS: dict[str, Callable[[Project], None]] = {
    "add": _add,
    "draft": _draft,
    "review": _review,
    "import": _import,
}


def _writes_of(command: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    project = _ready_for(command, folder)
    written: list[Path] = []
    original = FileTransaction.write

    def counting(self: FileTransaction, path: Path, data: bytes | str) -> None:
        original(self, path, data)
        written.append(path)

    with monkeypatch.context() as patch:
        patch.setattr(FileTransaction, "write", counting)
        COMMANDS[command](project)
    return [path.relative_to(project.root) for path in written]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_failure_after_any_write_leaves_every_file_as_it_was(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes = _writes_of(command, tmp_path / "count", monkeypatch)
    assert len(writes) >= 2, writes  # several files, or the test proves nothing
    for failing_after in range(1, len(writes) + 1):
        folder = tmp_path / f"after-{failing_after}"
        project = _ready_for(command, folder)
        before = _files(project)
        with monkeypatch.context() as patch:
            patch.setattr(FileTransaction, "write", _failing_after(failing_after))
            with pytest.raises(Injected):
                COMMANDS[command](project)
        assert _files(project) == before, f"{command}: failed after write {failing_after}"
        shutil.rmtree(folder)


def _failing_after(count: int) -> Callable[[FileTransaction, Path, bytes | str], None]:
    """FileTransaction.write, failing right after the ``count``-th write."""
    original = FileTransaction.write
    done: list[Path] = []

    def failing(self: FileTransaction, path: Path, data: bytes | str) -> None:
        original(self, path, data)
        done.append(path)
        if len(done) == count:
            raise Injected(f"after writing {path}")

    return failing


def test_ctrl_c_between_two_writes_undoes_the_first(tmp_path, monkeypatch):
    project = _ready_for("add", tmp_path)
    before = _files(project)
    original = FileTransaction.write

    def interrupted(self: FileTransaction, path: Path, data: bytes | str) -> None:
        original(self, path, data)
        raise KeyboardInterrupt

    monkeypatch.setattr(FileTransaction, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _add(project)
    assert _files(project) == before


def test_add_on_a_registry_whose_last_key_is_not_entities_leaves_nothing_behind(tmp_path):
    """The reproduction of the issue: the source text stayed, and the retry said 'exists'."""
    project = copy_project(tmp_path / "project")
    with project.registry_file.open("a", encoding="utf-8") as registry:
        registry.write("\nnotes: kept by hand\n")
    before = _files(project)
    with pytest.raises(CollabgraphError, match="must be the file's last top-level key"):
        _add(project)
    assert _files(project) == before
