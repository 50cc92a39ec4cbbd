# Shared by scripts/main.sh and scripts/test.sh: a virtual environment in .venv with
# collabgraph installed (editable) and the given extras. Sourced, not run. A rerun installs
# nothing when pyproject.toml and the extras are unchanged (so it also works offline).
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "collabgraph needs Python 3.11 or newer as \$PYTHON (found: $("$PYTHON" --version 2>&1))" >&2
    exit 1
fi
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
_wanted="$(sha256sum pyproject.toml | cut -d' ' -f1) ${1:-}"
_stamp=".venv/.collabgraph-installed"
if ! grep -qxF -- "$_wanted" "$_stamp" 2>/dev/null; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".${1:-}"
    echo "$_wanted" >> "$_stamp"
fi
