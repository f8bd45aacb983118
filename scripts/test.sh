#!/usr/bin/env bash
# The test command: formatting, linters, type checks and the test suite.
#   scripts/test.sh          everything, as CI runs it
#   scripts/test.sh --fast   the inner loop: no linters, no tests marked slow or cluster
# Extra arguments go to pytest (e.g. `scripts/test.sh --fast tests/test_extract.py`).
# Tests run in parallel (pytest-xdist): one worker more than cores, as a good part of the
# suite waits on the processes and servers it starts (3 on 2 cores: 83-87 s against 93 s);
# each test file on one worker so that its module fixtures (Kiwi, rendered memos) are
# built once; the files in the order tests/conftest.py gives them (the longest first), not
# reordered by xdist.
set -euo pipefail
cd "$(dirname "$0")/.."
workers=$(.venv/bin/python -c 'import os; print(len(os.sched_getaffinity(0)) + 1)' 2>/dev/null \
    || .venv/bin/python -c 'import os; print((os.cpu_count() or 1) + 1)')
PYTEST=(.venv/bin/python -m pytest -q -n "$workers" --dist loadfile --no-loadscope-reorder)
if [[ "${1:-}" == "--fast" ]]; then
    shift
    exec "${PYTEST[@]}" -m "not slow and not cluster" "$@"
fi
# The linters and mypy run beside the tests (mypy from a fresh clone takes seconds; the
# tests wait on processes and servers part of the time); their report comes after pytest's.
lint_log="$(mktemp)"
trap 'rm -f "$lint_log"' EXIT
(
    .venv/bin/ruff format --check src tests benchmarks scripts
    .venv/bin/ruff check src tests benchmarks scripts
    .venv/bin/mypy
) >"$lint_log" 2>&1 &
lint_pid=$!
tests=0
"${PYTEST[@]}" "$@" || tests=$?
lint=0
wait "$lint_pid" || lint=$?
cat "$lint_log"
if ((lint != 0)); then
    echo "scripts/test.sh: ruff or mypy failed (above)" >&2
fi
exit $((tests != 0 ? tests : lint))
