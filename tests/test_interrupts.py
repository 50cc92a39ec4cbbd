"""Ctrl-C at any instant of a command: one line ("Interrupted.") and exit status 130, never
a traceback from collabgraph's code nor click's "Aborted!" with status 1; the build's outputs
are then the old ones or the new ones, whole."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from collabgraph.curation.build import build

from conftest import copy_project
from crashes import copy_tree, drop_a_member, snapshot

BUILD_FILES = ("graph.trig", "graph-union.nt", "manifest.json")
INSTANTS = (0.03, 0.06, 0.1, 0.15, 0.25, 0.4, 0.6, 0.9, 1.3, 1.8, 2.4, 3.2)
"""Seconds after the start; the first ones fall while Python imports the command."""


def _outputs(root: Path) -> dict[str, bytes | None]:
    return snapshot([root / "build" / name for name in BUILD_FILES])


def _from_our_code(stderr: str) -> bool:
    """A traceback through collabgraph's modules (not Python's own start, which runs before
    any line of the command can catch Ctrl-C)."""
    return "Traceback" in stderr and "/collabgraph/" in stderr.replace(".venv/bin/collabgraph", "")


def _before_python_started(stderr: str) -> bool:
    """Ctrl-C while CPython itself starts (its standard streams, before the first line of the
    command runs; seen in a loaded run at 0.06 s): CPython reports a fatal start-up error and
    exits with status 1."""
    return stderr.startswith("Fatal Python error: init_") and "KeyboardInterrupt" in stderr


@pytest.fixture(scope="module")
def changed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes | None]]:
    """A built project whose input changed since (the next build writes new outputs)."""
    project = copy_project(tmp_path_factory.mktemp("interrupts") / "base")
    build(project)
    drop_a_member(project.root)
    return project.root, _outputs(project.root)


def test_ctrl_c_at_any_instant_of_a_build_is_one_line_and_status_130(changed, tmp_path):
    base, before = changed
    command = [str(Path(sys.executable).parent / "collabgraph"), "build"]
    seen: dict[int, int] = {}
    after = None
    for instant in INSTANTS:
        work = copy_tree(base, tmp_path / "work")
        process = subprocess.Popen(
            command, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        time.sleep(instant)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=120)
        seen[process.returncode] = seen.get(process.returncode, 0) + 1
        assert "Aborted!" not in stderr and not _from_our_code(stderr), (instant, stderr)
        if process.returncode == 130:
            assert stderr.endswith("Interrupted.\n"), (instant, stderr)
        else:
            assert process.returncode in (0, -signal.SIGINT) or (
                process.returncode == 1 and _before_python_started(stderr)
            ), (instant, stderr)
        left = _outputs(work)
        if left != before:
            after = after or left
            assert left == after, f"a mix of old and new outputs after Ctrl-C at {instant} s"
    assert seen.get(130, 0) >= len(INSTANTS) // 2, seen


def test_an_interrupt_cpython_wraps_while_a_class_is_made_is_one_line_and_130(capfd):
    """Seen under load: Ctrl-C while a dataclass was being made during an import reached
    the command as ``RuntimeError: Error calling __set_name__`` with the interrupt as its
    cause."""
    import click

    from collabgraph.launch import INTERRUPTED, run

    class Interrupting:
        def __set_name__(self, owner: type, name: str) -> None:
            raise KeyboardInterrupt

    @click.command()
    def importing() -> None:
        type("Made", (), {"field": Interrupting()})

    assert run(importing, []) == INTERRUPTED
    assert capfd.readouterr().err == "Interrupted.\n"


def test_an_error_that_no_interrupt_caused_still_reaches_its_caller():
    import click

    from collabgraph.launch import run

    @click.command()
    def failing() -> None:
        raise RuntimeError("a bug")

    with pytest.raises(RuntimeError, match="a bug"):
        run(failing, [])
