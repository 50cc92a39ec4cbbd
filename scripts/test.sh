#!/usr/bin/env bash
# The whole test suite: installs what it needs (Python packages into .venv; Debian's chromium
# for the browser tests), then lint, format check, type check and pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use for real: chromium for the browser tests (they drive
# $COLLABGRAPH_CHROMIUM, default /usr/bin/chromium; one rule for the script and the tests, so
# another chromium on the PATH does not count) and Virtuoso, the second SPARQL engine that
# push, --endpoint and every catalogue question are checked against.
MISSING=()
if [ ! -x "${COLLABGRAPH_CHROMIUM:-/usr/bin/chromium}" ]; then MISSING+=(chromium); fi
if ! command -v virtuoso-t >/dev/null; then MISSING+=(virtuoso-opensource); fi
if [ ${#MISSING[@]} -gt 0 ]; then
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    # Virtuoso's package starts no server here: the tests start their own on loopback
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${MISSING[@]}" >/dev/null
fi

source scripts/_setup.sh "[test]"
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
.venv/bin/mypy
.venv/bin/python -m pytest -n 2 "$@"
