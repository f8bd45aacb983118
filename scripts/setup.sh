#!/usr/bin/env bash
# Create .venv, install briefing with its development tools, and run the main job on seeds/.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev]'
.venv/bin/briefing generate seeds/ --out output
