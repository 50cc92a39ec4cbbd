"""Kill a ``collabgraph`` command with SIGKILL at a chosen point, and read what it left.

A kill point is a file system call the command makes on the project or its output: opening
a file for writing, a rename, a link, a removal, a new folder (Python's audit events, so the
code under test has no hook of its own). ``run_killed(..., at=n)`` runs the real command in
a child process that kills itself with SIGKILL just before its ``n``-th such call: what is on
disk then is what a crash at that instant leaves. ``count_points`` runs it whole and counts
them; ``run_killed_after`` kills it after a delay instead (random instants).

Used by tests/test_crashes.py (a CI-sized sample of points) and benchmarks/crash_harness.py
(every point of every command, and random instants).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

_HOOK = r"""
import os, signal, sys

_roots = tuple(os.environ["CRASH_ROOTS"].split(os.pathsep))
_target = int(os.environ.get("CRASH_AT", "0"))
_counter = os.environ.get("CRASH_COUNT_FILE")
_seen = 0
_WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_EVENTS = {"os.rename", "os.symlink", "os.remove", "os.rmdir", "os.mkdir", "shutil.rmtree",
           "os.truncate", "os.link", "open"}


def _ours(path):
    if isinstance(path, int):
        return False
    path = os.path.abspath(os.fsdecode(path))
    return path.startswith(_roots)


def _point(event, args):
    global _seen
    if event not in _EVENTS:
        return
    if event == "open":
        path, mode, flags = args
        if not (flags & _WRITE) and not (mode and set(mode) & set("wax+")):
            return
    elif not args or not _ours(args[0]):
        return
    if event == "open" and not _ours(path):
        return
    _seen += 1
    if _counter:
        with open(_counter, "w") as out:  # not a point: its path is not a root's
            out.write(str(_seen))
    if _seen == _target:
        os.kill(os.getpid(), signal.SIGKILL)


sys.addaudithook(_point)
from collabgraph.launch import main

sys.argv = ["collabgraph", *sys.argv[1:]]
main()
"""


@dataclass(frozen=True)
class Outcome:
    """How a run ended: killed (by SIGKILL) or its exit status, and its standard error."""

    killed: bool
    status: int
    stderr: str


def _environment(roots: Sequence[Path], extra: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    env["CRASH_ROOTS"] = os.pathsep.join(str(root.resolve()) for root in roots)
    env.update(extra)
    return env


def _run(
    args: Sequence[str], cwd: Path, env: dict[str, str], kill_after: float | None = None
) -> Outcome:
    process = subprocess.Popen(
        [sys.executable, "-c", _HOOK, *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    if kill_after is not None:
        try:
            process.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
    _, stderr = process.communicate(timeout=600)
    return Outcome(process.returncode == -signal.SIGKILL, process.returncode, stderr)


def count_points(args: Sequence[str], cwd: Path, roots: Sequence[Path]) -> tuple[int, Outcome]:
    """Run the command whole; how many kill points it passed."""
    counter = cwd.parent / f".{cwd.name}.points"
    counter.unlink(missing_ok=True)
    outcome = _run(args, cwd, _environment(roots, {"CRASH_COUNT_FILE": str(counter)}))
    points = int(counter.read_text()) if counter.exists() else 0
    counter.unlink(missing_ok=True)
    return points, outcome


def run_killed(args: Sequence[str], cwd: Path, roots: Sequence[Path], at: int) -> Outcome:
    """Run the command and kill it (SIGKILL) just before its ``at``-th kill point."""
    return _run(args, cwd, _environment(roots, {"CRASH_AT": str(at)}))


def run_killed_after(
    args: Sequence[str], cwd: Path, roots: Sequence[Path], seconds: float
) -> Outcome:
    """Run the command and kill it (SIGKILL) after ``seconds``, wherever it is."""
    return _run(args, cwd, _environment(roots, {}), kill_after=seconds)


def run_whole(args: Sequence[str], cwd: Path) -> Outcome:
    """Run the command to its end, as a user would."""
    return _run(args, cwd, _environment([cwd], {}))


def snapshot(paths: Sequence[Path]) -> dict[str, bytes | None]:
    """Every file under ``paths`` (links followed, hidden files skipped) by relative name;
    a missing path is None."""
    found: dict[str, bytes | None] = {}
    for path in paths:
        if path.is_file():
            found[path.name] = path.read_bytes()
        elif path.is_dir():
            for item in sorted(path.rglob("*")):
                name = item.relative_to(path).as_posix()
                if item.is_file() and not any(p.startswith(".") for p in name.split("/")):
                    found[f"{path.name}/{name}"] = item.read_bytes()
        else:
            found[path.name] = None
    return found


def drop_a_member(root: Path) -> None:
    """Change an input of a project, so that its next build's outputs differ from the last."""
    members = root / "data" / "reference" / "leru_members.tsv"
    lines = members.read_text(encoding="utf-8").splitlines(keepends=True)
    members.write_text("".join(lines[:-1]), encoding="utf-8")


def copy_tree(source: Path, destination: Path) -> Path:
    """A copy of a project (its links kept as links)."""
    shutil.rmtree(destination, ignore_errors=True)
    shutil.copytree(source, destination, symlinks=True)
    return destination


@dataclass(frozen=True)
class Scenario:
    """A writing command and what it may leave: ``before`` (the state it starts from) and
    ``after`` (the state a whole run gives), both read by ``look``."""

    name: str
    args: tuple[str, ...]
    prepare: Callable[[Path], None]
    """Turns a copy of the built project into the command's starting point."""
    look: Callable[[Path], dict[str, bytes | None]]
    """What is checked: the outputs the command replaces."""
    settle: Callable[[Path], None] = lambda root: None
    """What the next command does first (undo a transaction a kill left unfinished)."""
    follow: tuple[str, ...] | None = None
    """The next command when the killed one had finished its change (default: the same
    command again; ``add`` cannot add the same document twice, so ``build``)."""


@dataclass
class Tally:
    """Kill points tried and what went wrong at each (empty: nothing)."""

    runs: int = 0
    killed: int = 0
    failures: list[str] | None = None
    seconds: float = 0.0

    def fail(self, message: str) -> None:
        self.failures = [*(self.failures or []), message]


def check_point(
    scenario: Scenario,
    base: Path,
    work: Path,
    expected: tuple[dict[str, bytes | None], dict[str, bytes | None]],
    kill: Callable[[Path], Outcome],
    tally: Tally,
    label: str,
) -> None:
    """One kill: the outputs are the old ones or the new ones, whole; the next run succeeds
    and gives the new ones."""
    before, after = expected
    started = time.perf_counter()
    copy_tree(base, work)
    outcome = kill(work)
    tally.runs += 1
    tally.killed += outcome.killed
    scenario.settle(work)
    left = scenario.look(work)
    if left not in (before, after):
        changed = sorted(k for k in set(left) | set(before) if left.get(k) != before.get(k))
        tally.fail(f"{scenario.name} {label}: a mix of old and new ({', '.join(changed[:4])})")
    finished = left == after and scenario.follow is not None
    again = run_whole(scenario.follow if finished else scenario.args, work)
    if again.status != 0:
        tally.fail(f"{scenario.name} {label}: the next run failed: {again.stderr.strip()[-300:]}")
    elif scenario.look(work) != after:
        tally.fail(f"{scenario.name} {label}: the next run did not give the new result")
    tally.seconds += time.perf_counter() - started
