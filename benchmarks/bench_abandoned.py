"""Queries their clients abandon: the engine's CPU behind the front and behind bare Oxigraph.

Clients send a runaway query and leave after 0.3 s, ten per core, first to
`collabgraph serve` (which queues queries at the engine and drops those whose client left),
then to a bare `oxigraph serve-read-only` on the same store, both with a 2 s timeout.
Prints the CPU seconds the engine spent on them and how long it stayed busy after the last
client left (1 s windows), for each; ``--write`` puts the table into docs/benchmarks.md. This replaces a unit test's
absolute CPU threshold (tests/test_server.py now counts the queries that reach an engine).

    python benchmarks/bench_abandoned.py [--write]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench_endpoint import _wait as wait_until_answering  # the same wait for a server
from report import write_section

import collabgraph.api as api
from collabgraph.server.app import free_port

REPO = Path(__file__).resolve().parents[1]
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TIMEOUT = 2
LONGEST = 120.0


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _engine_of(process: subprocess.Popen[bytes]) -> int:
    """The oxigraph process: the bare one itself, or the child of `collabgraph serve`."""
    if "oxigraph" in Path(f"/proc/{process.pid}/cmdline").read_bytes().decode():
        return process.pid
    for stat in Path("/proc").glob("[0-9]*/stat"):
        fields = stat.read_text().rsplit(")", 1)[1].split()
        if int(fields[1]) == process.pid:
            return int(stat.parent.name)
    raise RuntimeError("no engine found")


def _abandon(url: str, count: int) -> None:
    body = urllib.parse.urlencode({"query": RUNAWAY}).encode()
    for _ in range(count):
        with contextlib.suppress(TimeoutError, urllib.error.URLError):
            urllib.request.urlopen(url, data=body, timeout=0.3).read()


def _until_idle(engine: int) -> float:
    """Seconds until the engine spends under 0.05 s of CPU in a second (at most LONGEST)."""
    started = time.monotonic()
    while time.monotonic() - started < LONGEST:
        before = _cpu_seconds(engine)
        time.sleep(1)
        if _cpu_seconds(engine) - before < 0.05:
            break
    return time.monotonic() - started


def _measure(command: list[str], url: str, count: int) -> tuple[float, float]:
    """The engine's CPU seconds from the first query until it is idle, and how long after
    the last client left it became idle."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_answering(url, process)
        engine = _engine_of(process)
        start = _cpu_seconds(engine)
        _abandon(url, count)
        busy_for = _until_idle(engine)
        return _cpu_seconds(engine) - start, busy_for
    finally:
        process.terminate()
        process.wait(timeout=60)


def run() -> str:
    api.build(path=REPO)
    from collabgraph.project import find_project
    from collabgraph.sparql.persistent import persistent_store_folder

    location = persistent_store_folder(find_project(REPO))
    count = 10 * (os.cpu_count() or 1)
    front_port, bare_port = free_port(), free_port()
    collabgraph = str(Path(sys.executable).parent / "collabgraph")
    oxigraph = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or "oxigraph"
    front = [collabgraph, "serve", "--port", str(front_port), "--timeout", str(TIMEOUT)]
    front += ["--project", str(REPO)]
    bare = [oxigraph, "serve-read-only", "--location", str(location)]
    bare += ["--bind", f"127.0.0.1:{bare_port}", "--timeout-s", str(TIMEOUT)]
    rows = []
    for label, command, port in (("front", front, front_port), ("bare Oxigraph", bare, bare_port)):
        cpu, busy_for = _measure(command, f"http://127.0.0.1:{port}/query", count)
        rows.append(f"| {label} | {count} | {cpu:.1f} | {busy_for:.0f} |")
        print(rows[-1], flush=True)
    header = [
        "| engine behind | abandoned queries | engine CPU s in all | s busy after the last left |",
        "|---|---:|---:|---:|",
    ]
    note = (
        f"\n\nEach client leaves after 0.3 s; the engine's timeout is {TIMEOUT} s. Measured "
        f"on a machine with {os.cpu_count()} cores shared with other work."
    )
    return "\n".join(header + rows) + note


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--write", action="store_true", help="Write into docs/benchmarks.md.")
    args = parser.parse_args()
    table = run()
    print(table)
    if args.write:
        write_section(
            REPO / "docs" / "benchmarks.md",
            "abandoned-queries",
            "Queries their clients abandon (issue 29)",
            table,
        )


if __name__ == "__main__":
    main()
