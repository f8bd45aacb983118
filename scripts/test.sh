#!/usr/bin/env bash
# The test command: formatting, linters, type checks and the test suite.
#   scripts/test.sh          everything, as CI runs it
#   scripts/test.sh --fast   the inner loop: no linters, no tests marked slow or cluster
# Extra arguments go to pytest (e.g. `scripts/test.sh --fast tests/test_extract.py`).
# Tests run in parallel (pytest-xdist): one worker per core, each test file on one worker
# so that its module fixtures (Kiwi, rendered memos) are built once.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTEST=(.venv/bin/python -m pytest -q -n auto --dist loadfile)
if [[ "${1:-}" == "--fast" ]]; then
    shift
    exec "${PYTEST[@]}" -m "not slow and not cluster" "$@"
fi
.venv/bin/ruff format --check src tests benchmarks scripts
.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/mypy
"${PYTEST[@]}" "$@"
