#!/usr/bin/env bash
# The main job: install collabgraph into .venv, build and validate the knowledge graph from
# data/, write the interactive maps into build/maps/ and print the path of their index page.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_setup.sh "[all]"
.venv/bin/collabgraph build
.venv/bin/collabgraph map
