"""All or nothing for commands that change several of the project's files.

``add`` writes a source text, an annotation file and perhaps the registry; ``draft`` the
registry and an annotation file; ``review`` an annotation file and the registry; ``import``
a stored registry and the resolution report. Each runs inside a :class:`FileTransaction`:
every file is remembered as it was before its first change, and any exception (a failed
check, a full disk, a bug, Ctrl-C) puts every one of them back, byte for byte, and removes
the files that did not exist before.

A kill (SIGKILL, a power cut) leaves no chance to put files back, so a transaction given an
undo folder keeps a journal there: each file's old bytes are saved (synced) before its first
change, and the journal is removed only when every change is made. The next transaction
(and the next build) finds a journal left behind and undoes it first (:func:`undo_unfinished`).
Transactions of one project run one at a time (a lock on the project's folder, so that one
never undoes another's journal while it is being written).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from types import TracebackType

from collabgraph.errors import CollabgraphError
from collabgraph.generations import fsync_folder
from collabgraph.io import write_atomically
from collabgraph.project import Project

__all__ = ["FileTransaction", "undo_folder", "undo_unfinished"]

_JOURNAL = "journal.json"


def undo_folder(project: Project) -> Path:
    """Where a project's transactions keep what they would need to undo a kill."""
    return project.root / ".collabgraph-undo"


class FileTransaction:
    """Files changed together: ``with FileTransaction() as files: files.write(...)``."""

    def __init__(self, undo: Path | None = None) -> None:
        self._before: dict[Path, bytes | None] = {}
        self._undo = undo
        self._held = ExitStack()

    def __enter__(self) -> FileTransaction:
        if self._undo is not None:
            self._held.enter_context(_one_at_a_time(self._undo))
            _replay(self._undo)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        with self._held:
            if kind is not None:
                self.rollback()
            self._forget()

    @property
    def touched(self) -> tuple[Path, ...]:
        """The files changed so far, in the order of their first change."""
        return tuple(self._before)

    def _keep(self, path: Path) -> None:
        if path not in self._before:
            self._before[path] = path.read_bytes() if path.exists() else None
            self._journal(path)

    def _journal(self, path: Path) -> None:
        """Save the file's old bytes and name it in the journal, before its first change."""
        if self._undo is None:
            return
        saved = None
        old = self._before[path]
        if old is not None:
            saved = f"{len(self._before)}.old"
            write_atomically(self._undo / saved, old, make_folder=True)
        entries = _read_journal(self._undo)
        entries.append({"path": str(path.resolve()), "saved": saved})
        write_atomically(self._undo / _JOURNAL, json.dumps(entries).encode(), make_folder=True)

    def _forget(self) -> None:
        """Every change made (or undone): the journal goes first, then the saved bytes."""
        if self._undo is not None and (self._undo / _JOURNAL).exists():
            (self._undo / _JOURNAL).unlink()
            fsync_folder(self._undo)
            shutil.rmtree(self._undo, ignore_errors=True)

    def write(self, path: Path, data: bytes | str) -> None:
        """Replace the file's contents (atomically: a reader never sees half a file)."""
        self._keep(path)
        data = data.encode("utf-8") if isinstance(data, str) else data
        write_atomically(path, data, make_folder=True)

    def remove(self, path: Path) -> None:
        self._keep(path)
        path.unlink(missing_ok=True)

    def rollback(self) -> None:
        """Every touched file as it was; a file that cannot be restored is named."""
        failed: list[str] = []
        for path, old in reversed(list(self._before.items())):
            try:
                if old is None:
                    path.unlink(missing_ok=True)
                else:
                    write_atomically(path, old, make_folder=True)
            except (OSError, CollabgraphError) as problem:
                failed.append(f"{path} ({problem})")
        self._before.clear()
        if failed:
            raise CollabgraphError("could not restore after a failed change: " + "; ".join(failed))


def _read_journal(undo: Path) -> list[dict[str, str | None]]:
    try:
        entries = json.loads((undo / _JOURNAL).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as problem:
        raise CollabgraphError(
            f"cannot read the undo journal {undo / _JOURNAL}: {problem}"
        ) from None
    return list(entries)


@contextmanager
def _one_at_a_time(undo: Path) -> Iterator[None]:
    """Hold the lock of the project's transactions: a ``flock`` on the folder that holds the
    undo folder (a lock file would be one more file in the project)."""
    handle = os.open(undo.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def undo_unfinished(undo: Path) -> bool:
    """Put back the files of a transaction that was killed before it finished (its journal
    is still there); True if there was one. Undoing again after a kill here is harmless."""
    with _one_at_a_time(undo):
        return _replay(undo)


def _replay(undo: Path) -> bool:
    entries = _read_journal(undo)
    for entry in reversed(entries):
        path, saved = Path(str(entry["path"])), entry["saved"]
        if saved is None:
            path.unlink(missing_ok=True)
        else:
            write_atomically(path, (undo / saved).read_bytes(), make_folder=True)
    if undo.exists():
        (undo / _JOURNAL).unlink(missing_ok=True)
        fsync_folder(undo)
        shutil.rmtree(undo, ignore_errors=True)
    return bool(entries)
