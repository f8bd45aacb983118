"""How long `briefing --help` takes (target < 0.5 s): the median of 7 runs, in seconds."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def main() -> None:
    exe = shutil.which("briefing") or str(Path(sys.executable).with_name("briefing"))
    times = []
    for _ in range(7):
        start = time.perf_counter()
        subprocess.run([exe, "--help"], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    print(
        f"briefing --help: median {statistics.median(times):.3f} s, "
        f"max {max(times):.3f} s over {len(times)} runs (target < 0.5 s)"
    )


if __name__ == "__main__":
    main()
