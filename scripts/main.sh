#!/usr/bin/env bash
# The main job: install collabgraph into .venv, then build and validate the knowledge graph
# from data/ and draw the interactive maps into build/maps/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_setup.sh
.venv/bin/collabgraph build
.venv/bin/collabgraph stats --format table | sed -n '/## sources/,$p'
