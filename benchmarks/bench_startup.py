"""How fast the command line starts: median wall time of three commands over 10 runs.

    .venv/bin/python benchmarks/bench_startup.py [--runs 10]

Runs on the project's own graph (built first if needed), each command in a fresh process,
as a user would type it.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = str(Path(sys.executable).parent / "collabgraph")
COMMANDS = {
    "collabgraph --help": [CLI, "--help"],
    "collabgraph queries": [CLI, "queries"],
    'collabgraph query networks-of --param institution="UMC Utrecht"': [
        CLI,
        "query",
        "networks-of",
        "--param",
        "institution=UMC Utrecht",
    ],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    subprocess.run([CLI, "build"], cwd=ROOT, capture_output=True, check=True)
    for name, command in COMMANDS.items():
        subprocess.run(command, cwd=ROOT, capture_output=True, check=True)  # warm the disk cache
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
            times.append(time.perf_counter() - started)
        print(f"{name:66} median {statistics.median(times):6.3f} s  (min {min(times):.3f} s)")


if __name__ == "__main__":
    main()
