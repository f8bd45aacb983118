#!/usr/bin/env bash
# The test command: formatting, linters, type checks and the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff format --check src tests benchmarks scripts
.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/mypy
.venv/bin/python -m pytest -q
