"""All or nothing for commands that change several of the project's files.

``add`` writes a source text, an annotation file and perhaps the registry; ``draft`` the
registry and an annotation file; ``review`` an annotation file and the registry; ``import``
a stored registry and the resolution report. Each runs inside a :class:`FileTransaction`:
every file is remembered as it was before its first change, and any exception (a failed
check, a full disk, a bug, Ctrl-C) puts every one of them back, byte for byte, and removes
the files that did not exist before.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from collabgraph.errors import CollabgraphError
from collabgraph.io import write_atomically

__all__ = ["FileTransaction"]


class FileTransaction:
    """Files changed together: ``with FileTransaction() as files: files.write(...)``."""

    def __init__(self) -> None:
        self._before: dict[Path, bytes | None] = {}

    def __enter__(self) -> FileTransaction:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is not None:
            self.rollback()

    @property
    def touched(self) -> tuple[Path, ...]:
        """The files changed so far, in the order of their first change."""
        return tuple(self._before)

    def _keep(self, path: Path) -> None:
        if path not in self._before:
            self._before[path] = path.read_bytes() if path.exists() else None

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
