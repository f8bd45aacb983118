"""Does a long-running watcher grow?  Target: after 1,000 articles it uses no more than 10 %
more memory than after the first 50.

    .venv/bin/python benchmarks/bench_watch_memory.py [--articles 1000] [--jobs N]
        [--format pdf,docx] [--lang ko,en]

Drops ``--articles`` distinct articles (the seeds, each with a sentence of its own, so no
two are duplicates) into a watcher's inbox, a fresh ``BRIEFING_HOME`` and no translation
model, and samples the resident memory of the watcher and its worker processes (together,
the sum of their PSS, and the RSS of the largest single process) as the articles are
briefed.  Prints the memory after the first 50 and at every tenth of the run, and the
highest it reached after the first 50 against that.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare_revisions import process_rss_kib, tree_pids, tree_rss_kib, variant


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--format", default="pdf,docx")
    parser.add_argument("--lang", default="ko,en")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="briefing-memory-") as tmp:
        root = Path(tmp)
        inbox, done = root / "inbox", root / "inbox" / "done"
        inbox.mkdir()
        for i in range(args.articles):
            (inbox / f"m{i:04d}.txt").write_text(variant(5000 + i), encoding="utf-8")
        command = [
            sys.executable, "-m", "briefing", "watch", str(inbox), "--out", str(root / "out"),
            "--settle", "0", "--poll", "0.05", "--exit-when-idle",
            "--format", args.format, "--lang", args.lang,
        ]  # fmt: skip
        if args.jobs is not None:
            command += ["--jobs", str(args.jobs)]
        env = {**os.environ, "BRIEFING_HOME": str(root / "home")}
        start = time.perf_counter()
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
        marks = sorted({50, *(args.articles * k // 10 for k in range(1, 11))})
        samples: dict[int, tuple[int, int]] = {}
        peak_after_first = 0  # workers are replaced now and then: the highest, not a mark
        while proc.poll() is None:
            briefed = len(os.listdir(done)) if done.is_dir() else 0
            total = tree_rss_kib(proc.pid)
            if briefed >= 50:
                peak_after_first = max(peak_after_first, total)
            largest = max((process_rss_kib(pid) for pid in tree_pids(proc.pid)), default=0)
            for mark in marks:
                if briefed >= mark and mark not in samples and total:
                    samples[mark] = (total, largest)
                    print(
                        f"{mark:5d} briefed  {time.perf_counter() - start:7.0f} s  "
                        f"all processes {total / 1024:6.0f} MiB  "
                        f"largest {largest / 1024:6.0f} MiB",
                        flush=True,
                    )
            time.sleep(0.5)
        briefed = len(os.listdir(done)) if done.is_dir() else 0
    print(f"briefed {briefed} of {args.articles} in {time.perf_counter() - start:.0f} s")
    first = samples.get(50)
    if first and peak_after_first:
        # The highest sample after the first 50, not the last mark: workers are replaced
        # now and then, and the last mark may fall as they exit.
        growth = (peak_after_first - first[0]) / first[0] * 100
        verdict = "ok" if growth <= 10 else "MISSED"
        print(
            f"highest after the first 50: {peak_after_first / 1024:.0f} MiB, {growth:+.1f} % "
            f"of the {first[0] / 1024:.0f} MiB after 50 (target <= 10 %: {verdict})"
        )


if __name__ == "__main__":
    main()
