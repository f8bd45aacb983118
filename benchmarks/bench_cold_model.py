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
  (twice its longest source plus 16 tokens, where a real model stops near its source's
  length).

Prints the median wall time, CPU and peak RSS of each, how many sentences the model
translated (rows of the store's translation cache), and an estimate for a real model: the
tiny model's run plus what the real-shape model takes, loaded in a fresh process, to
translate those same sentences with each output as long as the mean source (SentencePiece
pieces). Packages are built in a child process so that this one stays small (a child's
peak RSS counts its parent's pages until it starts the new program).
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


def translated_sources(home: Path) -> list[str]:
    sources: list[str] = []
    for store in home.rglob("*.sqlite3"):
        with sqlite3.connect(store) as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if "translations" in tables:
                sources += [row[0] for row in conn.execute("SELECT source FROM translations")]
    return sources


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
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024, len(translated_sources(home))


MT_TIMING = """
import json, sys, time
from pathlib import Path
from briefing.translate.engine import ArgosTranslator
from briefing.translate.models import find_model
sources = json.loads(sys.stdin.read())
model = find_model(Path(sys.argv[1]), "ko", "en")
start = time.perf_counter()
translator = ArgosTranslator(model)
_, sp = translator._load()
loaded = time.perf_counter() - start
pieces = sum(len(t) for t in sp.encode(sources, out_type=str)) / max(len(sources), 1)
translator.max_decoding_length = round(pieces)
start = time.perf_counter()
translator.translate_batch(sources)
print(json.dumps([loaded, time.perf_counter() - start, pieces]))
"""


def real_model_mt(models_dir: Path, sources: list[str]) -> tuple[float, float, float]:
    """Load seconds, translation seconds and mean source length (pieces) of the real-shape
    model on ``sources``, each output as long as the mean source, in a fresh process."""
    import json

    done = subprocess.run(
        [sys.executable, "-c", MT_TIMING, str(models_dir)],
        input=json.dumps(sources),
        capture_output=True,
        text=True,
        check=True,
    )
    loaded, seconds, pieces = json.loads(done.stdout)
    return loaded, seconds, pieces


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--build", action="store_true", help="only build the packages")
    args = parser.parse_args()
    if args.build:
        print(tiny_package(), real_shape_package(), sep="\n")
        return
    built = subprocess.run(
        [sys.executable, __file__, "--build"], capture_output=True, text=True, check=True
    ).stdout.split()
    cases = {"no model": None, "tiny model": Path(built[0]), "real shape": Path(built[1])}
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
        cold_run(templates["tiny model"], root / "work")
        sources = translated_sources(root / "work" / "home")
        loaded, mt_seconds, pieces = real_model_mt(
            templates["real shape"] / "data" / "models", sources
        )
    print(f"cold `briefing generate {SEEDS[0].name}`, four memos, median of {args.runs}:")
    for name, runs in results.items():
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        rss = statistics.median(r[2] for r in runs)
        print(
            f"  {name:10s}  {wall:5.2f} s wall  {cpu:5.2f} s CPU  {rss:4.0f} MiB peak  "
            f"{runs[0][3]:3d} sentences translated"
        )
    tiny = statistics.median(r[0] for r in results["tiny model"])
    print(
        f"real-shape model on those {len(sources)} sentences, outputs of {round(pieces)} "
        f"pieces (the mean source): load {loaded:.2f} s, translate {mt_seconds:.2f} s\n"
        f"estimate for a real model: {tiny:.2f} + {loaded:.2f} + {mt_seconds:.2f} = "
        f"{tiny + loaded + mt_seconds:.2f} s (target <= 5 s)"
    )


if __name__ == "__main__":
    main()
