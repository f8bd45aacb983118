"""The weekly digest of 50 stored articles (target: <= 20 s for ko + en, PDF + DOCX).

    .venv/bin/python benchmarks/bench_weekly.py [--count 50] [--runs 2]

Briefs COUNT articles published in one week into a throw-away store (facts only; not
timed), the repository's sample articles (test fixtures, seeds and the held-out set), each
with a sentence of its own, then times `briefing weekly --week 2025-W45 --force` as a user
runs it: a fresh process, every language and format. Prints the wall and CPU time of each
run, whether every run wrote the same bytes, and the size and page count of each file.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 20.0
WEEK = "2025-W45"
SOURCES = sorted(
    [
        *(ROOT / "tests" / "fixtures" / "weekly").glob("*.txt"),
        *(ROOT / "tests" / "fixtures" / "inputs").glob("*.txt"),
        *(ROOT / "seeds").glob("*.txt"),
        *(ROOT / "benchmarks" / "heldout").glob("*.txt"),
    ]
)


def brief(root: Path, count: int) -> Path:
    """A store holding ``count`` briefed articles published Monday to Sunday of WEEK."""
    from briefing.pipeline import GenerateOptions, generate
    from briefing.store import Store

    articles = root / "articles"
    articles.mkdir()
    for i in range(count):
        title, _, body = SOURCES[i % len(SOURCES)].read_text(encoding="utf-8").partition("\n")
        day = 3 + i % 7  # 2025-11-03 .. 2025-11-09
        own = f"관계자는 이번이 {i}번째 후속 논의라고 설명했다."  # after the lead: never furniture
        (articles / f"article-{i:03d}.txt").write_text(
            f"date 2025-11-{day:02d}\n{title}\n{own}\n{body}", encoding="utf-8"
        )
    store_path = root / "store.sqlite3"
    with Store(store_path, clock=lambda: datetime(2025, 11, 10, 7).astimezone()) as store:
        options = GenerateOptions(out_dir=root / "memos", langs=("ko",), formats=())
        results = generate(sorted(articles.iterdir()), options, store=store)
    failed = [r for r in results if not r.ok]
    if failed:
        raise SystemExit(f"{len(failed)} articles failed: {failed[0].error}")
    return store_path


def pages(path: Path) -> str:
    if path.suffix != ".pdf":
        return "-"
    from pypdf import PdfReader

    return str(len(PdfReader(io.BytesIO(path.read_bytes())).pages))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
        "(wall times grow with load; CPU times hardly do)"
    )
    with tempfile.TemporaryDirectory(prefix="bench-weekly-") as tmp:
        root = Path(tmp)
        os.environ["BRIEFING_HOME"] = str(root / "home")
        start = time.perf_counter()
        store = brief(root, args.count)
        print(f"briefed {args.count} articles (facts only) in {time.perf_counter() - start:.1f} s")
        command = [
            sys.executable,
            "-m",
            "briefing",
            "weekly",
            "--week",
            WEEK,
            "--store",
            str(store),
            "--out",
            str(root / "out"),
            "--force",
        ]
        worst = 0.0
        hashes: set[tuple[str, ...]] = set()
        folder = root / "out" / "weekly" / WEEK
        for run in range(1, args.runs + 1):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            if done.returncode != 0:
                raise SystemExit(done.stderr.strip())
            worst = max(worst, wall)
            print(f"run {run}: {wall:.1f} s wall, {cpu:.1f} s CPU  {done.stdout.strip()}")
            hashes.add(
                tuple(hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()))
            )
        print(f"the same bytes from every run (separate processes): {len(hashes) == 1}")
        for path in sorted(folder.iterdir()):
            print(f"  {path.name:18} {path.stat().st_size / 1024:7.0f} KB  pages {pages(path)}")
        verdict = "ok" if worst <= TARGET_SECONDS else "MISSED"
        print(f"slowest run {worst:.1f} s (target <= {TARGET_SECONDS:.0f} s): {verdict}")


if __name__ == "__main__":
    main()
