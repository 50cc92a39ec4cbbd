"""Install size and time: the core, and everything (``[all]``), each into a fresh venv.

    .venv/bin/python benchmarks/bench_install.py [--specs core all] [--source DIR]

``--source`` measures another checkout (``git archive REV | tar -x -C DIR`` gives one).

Builds this checkout's package and installs it with pip into a new virtual environment under
a temporary folder; prints the wall time of ``pip install`` (with pip's cache as it is on
the machine, so mostly unpacking and compiling) and the size of the environment on disk.
Needs the package registry (or pip's cache).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPECS = {"core": "", "all": "[all]"}


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def measure(source: Path, extras: str) -> tuple[float, float]:
    """(seconds of pip install, MB of the environment) for ``collabgraph{extras}``."""
    with tempfile.TemporaryDirectory(prefix="collabgraph-install-") as folder:
        venv = Path(folder) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True, capture_output=True)
        started = time.perf_counter()
        subprocess.run([*pip, f"{source}{extras}"], check=True, capture_output=True)
        return time.perf_counter() - started, size_mb(venv)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--specs", nargs="+", choices=sorted(SPECS), default=["core", "all"])
    parser.add_argument("--source", type=Path, default=ROOT, help="the checkout to install")
    args = parser.parse_args()
    print("| install | pip install | environment on disk |\n|---|---:|---:|")
    for spec in args.specs:
        seconds, megabytes = measure(args.source, SPECS[spec])
        print(f"| `collabgraph{SPECS[spec]}` ({spec}) | {seconds:.0f} s | {megabytes:,.0f} MB |")


if __name__ == "__main__":
    main()
