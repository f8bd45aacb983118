#!/usr/bin/env python3
"""A cold `briefing generate` of one seed article with a translation model installed.

    .venv/bin/python benchmarks/bench_cold_model.py [--runs 5]

Issue 12's target: <= 5 s with a model installed (<= 3.5 s without). The real ko->en
package cannot be downloaded on the development machine, so three cases run side by
side, each in a fresh process with a fresh ``BRIEFING_HOME`` holding only the installed
model (no translation cache: every sentence goes through the model), four memos, no model
/ the tests' tiny model / a random-weight package of the real Argos shape:

- *no model*: the product's English without MT (composed from the facts);
- *tiny* (``tests/argos_tiny.py``, 2+2 layers, d_model 32): every code path of a real
  package (install, load, SentencePiece, batched decoding, the memo's MT lines) at almost
  no compute: what a model adds besides the network's arithmetic;
- *real shape* (``bench_translate.py``'s package: 6+6 layers, d_model 512, FFN 2048, 32k
  vocabulary, int8, about 90 MB like the real package): the arithmetic too, an upper
  bound, as its end token is suppressed and each sentence decodes to the length guard
  (twice its source plus 16 tokens, where a real model stops at about its source length).

Prints the median wall time, CPU and peak RSS of each, and how many sentences the model
translated (rows of the store's translation cache).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHMARKS))
sys.path.insert(0, str(BENCHMARKS.parent / "tests"))
CACHE = BENCHMARKS / ".cache"
SEEDS = sorted((BENCHMARKS.parent / "seeds").glob("*.txt"))


def tiny_package() -> Path:
    out = CACHE / "translate-ko_en-tiny.argosmodel"
    if not out.exists():
        from argos_tiny import build_package

        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(build_package(Path(tmp), version="tiny"), out)
    return out


def real_shape_package() -> Path:
    import bench_translate

    return bench_translate.real_shape_package(bench_translate.training_lines())


def home_with(package: Path | None, root: Path) -> Path:
    """A BRIEFING_HOME with ``package`` installed (none: an empty one)."""
    home = root / "home"
    home.mkdir(parents=True)
    if package is not None:
        subprocess.run(
            [sys.executable, "-m", "briefing", "models", "install", "--file", str(package)],
            env={**os.environ, "BRIEFING_HOME": str(home)},
            check=True,
            capture_output=True,
        )
    return home


def cold_run(template: Path, work: Path) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak RSS (MiB) and sentences translated of one run."""
    shutil.rmtree(work, ignore_errors=True)
    home = work / "home"
    shutil.copytree(template, home)
    start = time.perf_counter()
    with (work / "stderr.txt").open("w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "briefing", "generate", str(SEEDS[0]), "--out", str(work)],
            env={**os.environ, "BRIEFING_HOME": str(home)},
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"generate failed: {(work / 'stderr.txt').read_text()}")
    translated = 0
    for store in home.glob("*.sqlite3"):
        with sqlite3.connect(store) as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if "translations" in tables:
                translated = conn.execute("SELECT count(*) FROM translations").fetchone()[0]
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, translated


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    cases = {"no model": None, "tiny model": tiny_package(), "real shape": real_shape_package()}
    with tempfile.TemporaryDirectory(prefix="briefing-cold-model-") as tmp:
        root = Path(tmp)
        templates = {
            name: home_with(package, root / f"template-{i}")
            for i, (name, package) in enumerate(cases.items())
        }
        results: dict[str, list[tuple[float, float, float, int]]] = {n: [] for n in cases}
        for _ in range(args.runs):  # alternating: every case meets the same load
            for name, template in templates.items():
                results[name].append(cold_run(template, root / "work"))
    print(f"cold `briefing generate {SEEDS[0].name}`, four memos, median of {args.runs}:")
    for name, runs in results.items():
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        rss = statistics.median(r[2] for r in runs)
        print(
            f"  {name:10s}  {wall:5.2f} s wall  {cpu:5.2f} s CPU  {rss:4.0f} MiB peak  "
            f"{runs[0][3]:3d} sentences translated"
        )


if __name__ == "__main__":
    main()
