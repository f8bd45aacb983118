"""Drain time and peak memory of `briefing watch` for a batch of dropped articles.

    .venv/bin/python benchmarks/bench_watch.py                 # 200 articles, ko+en, pdf+docx
    .venv/bin/python benchmarks/bench_watch.py --count 50 --format docx --lang ko
    .venv/bin/python benchmarks/bench_watch.py --facts-only

Drops COUNT distinct articles (the repository's sample articles, each with a sentence of
its own) into a fresh inbox at once, runs one watcher until the inbox is drained
(--exit-when-idle) in a throw-away BRIEFING_HOME, and prints the numbers.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BRIEFING = Path(sys.executable).with_name("briefing")
SOURCES = sorted((ROOT / "tests" / "fixtures" / "weekly").glob("*.txt")) + sorted(
    (ROOT / "seeds").glob("*.txt")
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--lang", default="ko,en")
    parser.add_argument("--format", default="pdf,docx")
    parser.add_argument("--facts-only", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-watch-") as tmp:
        root = Path(tmp)
        inbox, out = root / "inbox", root / "out"
        inbox.mkdir()
        for i in range(args.count):
            base = SOURCES[i % len(SOURCES)].read_text(encoding="utf-8")
            (inbox / f"article-{i:04d}.txt").write_text(
                f"{base}\n관계자는 이번이 {i}번째 후속 논의라고 설명했다.\n", encoding="utf-8"
            )
        command = [
            str(BRIEFING),
            "watch",
            str(inbox),
            "--out",
            str(out),
            "--lang",
            args.lang,
            "--format",
            args.format,
            "--settle",
            "0.5",
            "--poll",
            "0.2",
            "--exit-when-idle",
        ]
        if args.facts_only:
            command.append("--facts-only")
        env = {**os.environ, "BRIEFING_HOME": str(root / "home")}
        started = time.perf_counter()
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - started
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if sys.platform == "darwin":
            peak_kib //= 1024  # bytes there
        done = len(os.listdir(inbox / "done")) if (inbox / "done").is_dir() else 0
        failed = (
            len([n for n in os.listdir(inbox / "failed") if not n.endswith(".error.txt")])
            if (inbox / "failed").is_dir()
            else 0
        )
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
    what = "facts only" if args.facts_only else f"{args.lang} x {args.format}"
    print(f"articles:           {args.count} ({what})")
    print(f"briefed / failed:   {done} / {failed}")
    print(f"drain time:         {elapsed:.1f} s (incl. ~{0.5:.1f} s settle, model loading)")
    print(f"per article:        {elapsed / max(args.count, 1):.3f} s")
    print(f"watcher peak RSS:   {peak_kib / 1024:.0f} MiB")
    print(f"exit code:          {result.returncode}")


if __name__ == "__main__":
    main()
