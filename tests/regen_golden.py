"""Regenerate the rendering golden files (tests/golden/), then review `git diff tests/golden`.

.venv/bin/python tests/regen_golden.py            # fixtures and pipeline
.venv/bin/python tests/regen_golden.py fixtures   # hand-written facts only
.venv/bin/python tests/regen_golden.py pipeline   # the seeds through the pipeline
"""

from __future__ import annotations

import sys

from golden_render import ROOT, regenerate

GROUPS = ("fixtures", "pipeline")


def main(argv: list[str]) -> int:
    groups = argv or list(GROUPS)
    unknown = [g for g in groups if g not in GROUPS]
    if unknown:
        print(f"unknown group {', '.join(unknown)}; use {' or '.join(GROUPS)}", file=sys.stderr)
        return 2
    for group in groups:
        for path in regenerate(group):
            print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
