"""What embedding the Korean font costs a DOCX memo (targets: <= 300 KB added, <= 0.25 s CPU).

    .venv/bin/python benchmarks/bench_docx_fonts.py [--runs 5]

Renders every DOCX memo kind of the hand-written facts documents in tests/fixtures/facts/,
takes python-docx's bytes before ``docx_fonts.embed_fonts`` and times that step alone
(once cold, then ``--runs`` times warm); prints the size before and after, the characters
embedded and the median warm wall and CPU times (wall times grow with the machine's load).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from briefing.pipeline import load_facts
from briefing.render import RenderOptions, docx_fonts, render_memo

ROOT = Path(__file__).resolve().parents[1]
MAX_ADDED = 300 * 1024
MAX_CPU_SECONDS = 0.25  # CPU, not wall: the wall time follows the machine's load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    options = RenderOptions(generated_at="2025-11-03T09:00:00+09:00")
    embed = docx_fonts.embed_fonts
    captured: list[bytes] = []

    def capture(data: bytes) -> bytes:
        captured.append(data)
        return data

    print(
        f"{'memo':24} {'before KB':>9} {'after KB':>9} {'added KB':>9} {'chars':>6} "
        f"{'cold s':>7} {'warm s':>7} {'cpu s':>6}  target"
    )
    failures = 0
    for path in sorted((ROOT / "tests" / "fixtures" / "facts").glob("seed-*.json")):
        facts = load_facts(path)
        for lang in ("ko", "en", "bilingual"):
            docx_fonts.embed_fonts = capture  # document_bytes looks it up at each call
            try:
                render_memo(facts, lang, "docx", options)  # type: ignore[arg-type]
            finally:
                docx_fonts.embed_fonts = embed
            raw = captured.pop()
            start = time.perf_counter()
            embedded = embed(raw)
            cold = time.perf_counter() - start
            warm, cpu = [], []
            for _ in range(args.runs):
                start, start_cpu = time.perf_counter(), time.process_time()
                embed(raw)
                warm.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
            added = len(embedded) - len(raw)
            median, median_cpu = statistics.median(warm), statistics.median(cpu)
            ok = added <= MAX_ADDED and median_cpu <= MAX_CPU_SECONDS
            failures += not ok
            chars = len(docx_fonts.document_codepoints(raw))
            print(
                f"{path.stem + '.' + lang:24} {len(raw) / 1024:9.1f} "
                f"{len(embedded) / 1024:9.1f} {added / 1024:9.1f} {chars:6} {cold:7.2f} "
                f"{median:7.3f} {median_cpu:6.3f}  {'ok' if ok else 'MISSED'}"
            )
    print("all targets met" if not failures else f"{failures} memo(s) missed a target")


if __name__ == "__main__":
    main()
