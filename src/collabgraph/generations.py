"""Build outputs that switch together: one folder a build, one pointer to the current one.

A build writes its graph, union file and manifest into a new folder under
``build/generations/`` and makes it complete (every file synced); then one atomic rename of
the symbolic link ``build/current`` switches readers to it. ``build/graph.trig``,
``build/graph-union.nt`` and ``build/manifest.json`` are links through ``current``, so their
paths keep working. A reader that needs several files resolves ``current`` once
(:func:`current_generation`) and reads them all from that folder; the persistent store of a
generation is made inside it, once. A crash at any instant leaves the old generation current
or the new one, never a mix.

A generation is named by a hash of its files: the same input gives the same folder. Old
generations are pruned after a switch, never the current one nor one a reader holds (a
shared ``flock`` on its ``.readers`` file, see :func:`reading`). One lock per project
(:func:`project_lock`) serialises builds and store loads.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from collabgraph.errors import BuildError
from collabgraph.project import Project

__all__ = [
    "PUBLISHED_FILES",
    "adopt_older_build",
    "current_generation",
    "fsync_folder",
    "give_folder_usual_mode",
    "new_generation",
    "project_lock",
    "publish",
    "reading",
]

PUBLISHED_FILES = ("graph.trig", "graph-union.nt", "manifest.json")
"""The files of a generation that ``build/`` shows under the same names."""
_CURRENT = "current"
_GENERATIONS = "generations"
_STAGING_PREFIX = ".staging-"
_READERS = ".readers"
_LOCK = ".lock"
_KEPT = 2
"""Generations kept besides the current one (a reader that resolved ``current`` just before a
switch still finds its folder)."""


def give_folder_usual_mode(folder: Path) -> None:
    """The mode ``mkdir`` would give (0777 less the umask); ``mkdtemp`` alone gives 0700."""
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)


def fsync_folder(folder: Path) -> None:
    """Make a rename or a new entry in ``folder`` survive a power cut."""
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


@contextmanager
def project_lock(project: Project) -> Iterator[None]:
    """The project's write lock: two builds, or two store loads, run one after the other."""
    project.build_dir.mkdir(parents=True, exist_ok=True)
    handle = os.open(project.build_dir / _LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


@contextmanager
def reading(generation: Path) -> Iterator[Path]:
    """Hold a generation so that no prune removes it while it is read (a shared lock)."""
    handle = os.open(generation / _READERS, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_SH)
        yield generation
    finally:
        os.close(handle)


def current_generation(project: Project) -> Path | None:
    """The folder ``build/current`` points to, resolved once (None before the first build)."""
    pointer = project.build_dir / _CURRENT
    try:
        target = pointer.readlink()
    except OSError:
        return None
    return (project.build_dir / target).resolve()


def new_generation(project: Project) -> Path:
    """An empty staging folder for a build's outputs (call under :func:`project_lock`);
    staging folders a killed build left are removed first."""
    generations = project.build_dir / _GENERATIONS
    generations.mkdir(parents=True, exist_ok=True)
    for stale in generations.glob(_STAGING_PREFIX + "*"):
        shutil.rmtree(stale, ignore_errors=True)
    return Path(tempfile.mkdtemp(dir=generations, prefix=_STAGING_PREFIX))


def adopt_older_build(project: Project) -> None:
    """A build of an older collabgraph (plain files in ``build/``) becomes a generation, so
    that its store can be made inside it."""
    graph = project.build_dir / PUBLISHED_FILES[0]
    if current_generation(project) is not None or graph.is_symlink() or not graph.is_file():
        return
    with project_lock(project):
        if current_generation(project) is not None:
            return
        staging = new_generation(project)
        for name in PUBLISHED_FILES:
            if (project.build_dir / name).is_file():
                shutil.copy2(project.build_dir / name, staging / name)
        publish(project, staging)


def _fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    for name in PUBLISHED_FILES:
        path = folder / name
        digest.update(name.encode() + b"\0")
        if path.is_file():
            with path.open("rb") as stream:
                for block in iter(lambda: stream.read(1 << 20), b""):
                    digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def _sync_files(folder: Path) -> None:
    for path in folder.iterdir():
        if path.is_file():
            with path.open("rb") as stream:
                os.fsync(stream.fileno())
    fsync_folder(folder)


def publish(project: Project, staging: Path) -> Path:
    """Make a complete staging folder the current generation (under :func:`project_lock`):
    synced, named by its contents, switched in by one rename of ``build/current``; then the
    public links are made and old generations pruned. Returns the generation's folder."""
    (staging / _READERS).touch()
    give_folder_usual_mode(staging)
    _sync_files(staging)
    generations = staging.parent
    generation = generations / _fingerprint(staging)
    if generation.is_dir():
        shutil.rmtree(staging)  # the same outputs as a generation already kept
    else:
        staging.rename(generation)
        fsync_folder(generations)
    _switch(project.build_dir, generation)
    _prune(generations, keep=generation)
    return generation


def _switch(build_dir: Path, generation: Path) -> None:
    """Point ``build/current`` at the generation (one rename), and the public names at it."""
    for name in (_CURRENT, *PUBLISHED_FILES):  # links a killed switch left half-made
        for stale in build_dir.glob(f".{name}.*.tmp"):
            stale.unlink(missing_ok=True)
    _point(build_dir / _CURRENT, f"{_GENERATIONS}/{generation.name}")
    for name in PUBLISHED_FILES:
        _link_public(build_dir / name, f"{_CURRENT}/{name}")
    fsync_folder(build_dir)


def _point(link: Path, target: str) -> None:
    """Make ``link`` a symbolic link to ``target`` in one atomic rename."""
    temporary = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(target)
    temporary.replace(link)


def _link_public(path: Path, target: str) -> None:
    """``build/NAME`` as a link through ``current`` (replacing a file of an older layout)."""
    if path.is_symlink() and str(path.readlink()) == target:
        return
    if path.is_dir() and not path.is_symlink():
        raise BuildError(f"cannot publish the build: {path} is a folder")
    _point(path, target)


def _prune(generations: Path, keep: Path) -> None:
    """Remove generations beyond the newest few, never ``keep`` nor one a reader holds."""
    others = sorted(
        (g for g in generations.iterdir() if g.is_dir() and g != keep and _is_generation(g)),
        key=lambda g: g.stat().st_mtime_ns,
        reverse=True,
    )
    for old in others[_KEPT:]:
        _remove_unless_read(old)


def _is_generation(folder: Path) -> bool:
    return not folder.name.startswith(".") and (folder / _READERS).is_file()


def _remove_unless_read(generation: Path) -> None:
    """Remove a generation unless a reader holds it: it is first renamed away under an
    exclusive lock, so a reader resolving ``current`` never finds half a folder."""
    handle = os.open(generation / _READERS, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return
        doomed = generation.with_name(f"{_STAGING_PREFIX}old-{generation.name}")
        generation.rename(doomed)
    finally:
        os.close(handle)
    shutil.rmtree(doomed, ignore_errors=True)
