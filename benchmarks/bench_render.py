"""Render speed and size of the memos (targets: warm PDF <= 1.5 s, DOCX <= 0.3 s per memo;
a two-page PDF with the embedded Korean font <= 400 KB).

    .venv/bin/python benchmarks/bench_render.py [--runs 3]

Renders the hand-written facts documents in tests/fixtures/facts/ (both seeds), every memo
kind, once cold and then ``--runs`` times warm, and prints the median warm time, the size
and the page count of each memo.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import statistics
import time
from pathlib import Path

from briefing.pipeline import load_facts
from briefing.render import RenderOptions, render_memo

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"pdf": 1.5, "docx": 0.3}
MAX_TWO_PAGE_PDF = 400 * 1024


def page_count(data: bytes, fmt: str) -> str:
    if fmt != "pdf":
        return "-"
    try:
        from pypdf import PdfReader
    except ImportError:
        return "?"
    return str(len(PdfReader(io.BytesIO(data)).pages))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    options = RenderOptions(generated_at="2025-11-03T09:00:00+09:00")
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
        "(wall times grow with load; CPU times hardly do)"
    )
    print(
        f"{'memo':32} {'cold s':>7} {'warm s':>7} {'cpu s':>6} {'size KB':>8} {'pages':>5}  target"
    )
    failures = 0
    for path in sorted((ROOT / "tests" / "fixtures" / "facts").glob("seed-*.json")):
        facts = load_facts(path)
        for fmt in ("pdf", "docx"):
            for lang in ("ko", "en", "bilingual"):
                start = time.perf_counter()
                data = render_memo(facts, lang, fmt, options)  # type: ignore[arg-type]
                cold = time.perf_counter() - start
                warm, cpu = [], []
                for _ in range(args.runs):
                    start, start_cpu = time.perf_counter(), time.process_time()
                    render_memo(facts, lang, fmt, options)  # type: ignore[arg-type]
                    warm.append(time.perf_counter() - start)
                    cpu.append(time.process_time() - start_cpu)
                median = statistics.median(warm)
                pages = page_count(data, fmt)
                ok = median <= TARGETS[fmt] and not (
                    pages in ("1", "2") and len(data) > MAX_TWO_PAGE_PDF
                )
                failures += not ok
                print(
                    f"{path.stem + '.' + lang + '.' + fmt:32} {cold:7.2f} {median:7.2f} "
                    f"{statistics.median(cpu):6.2f} "
                    f"{len(data) / 1024:8.0f} {pages:>5}  {'ok' if ok else 'MISSED'}"
                )
    print("all targets met" if not failures else f"{failures} memo(s) missed a target")


if __name__ == "__main__":
    main()
