#!/usr/bin/env bash
# The whole test suite: installs what it needs (Python packages into .venv; Debian's chromium
# for the browser tests), then lint, format check, type check and pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

# The browser tests drive $COLLABGRAPH_CHROMIUM (default: Debian's /usr/bin/chromium); one
# rule for the script and the tests, so another chromium on the PATH does not count.
if [ ! -x "${COLLABGRAPH_CHROMIUM:-/usr/bin/chromium}" ]; then
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

source scripts/_setup.sh "[test]"
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
.venv/bin/mypy
.venv/bin/python -m pytest -n 2 "$@"
