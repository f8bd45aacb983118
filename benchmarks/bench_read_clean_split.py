"""Time read -> clean -> split on about 1 MB of text, in three shapes.

Run: .venv/bin/python benchmarks/bench_read_clean_split.py
Prints seconds per stage; the Kiwi load is timed separately. Uses the bundled seed article.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from briefing.clean import clean_document
from briefing.read import read_document
from briefing.sentences import kiwi, split_sentences

ROOT = Path(__file__).resolve().parents[1]
TARGET_BYTES = 1_000_000


def shapes(seed: str) -> dict[str, str]:
    paragraphs = [line for line in seed.splitlines() if line.strip()]
    lines: list[str] = []
    size = 0
    while size < TARGET_BYTES:  # numbered, so the cleaner does not drop them as repeats
        line = f"{len(lines)}번째 문단이다. {paragraphs[len(lines) % len(paragraphs)]}"
        lines.append(line)
        size += len(line.encode()) + 1
    repeated = "\n".join(lines)
    one_line = repeated.replace("\n", " ")
    no_spaces = "가나다라마바사" * (TARGET_BYTES // 21)
    return {"paragraphs": repeated, "one paragraph": one_line, "no spaces": no_spaces}


def main() -> None:
    started = time.perf_counter()
    kiwi()
    print(f"kiwi load: {time.perf_counter() - started:.2f} s")
    seed = (ROOT / "seeds" / "000_6aa41a9c697c4b0d.txt").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        for name, text in shapes(seed).items():
            path = Path(folder) / "big.txt"
            path.write_text(text, encoding="utf-8")
            t0 = time.perf_counter()
            raw = read_document(path)
            t1 = time.perf_counter()
            cleaned = clean_document(raw)
            t2 = time.perf_counter()
            sentences = split_sentences(cleaned.body)
            t3 = time.perf_counter()
            print(
                f"{name:14} {path.stat().st_size / 1e6:.2f} MB {len(text):>8} chars: "
                f"read {t1 - t0:.2f} s, clean {t2 - t1:.2f} s, split {t3 - t2:.2f} s "
                f"({len(sentences)} sentences)"
            )


if __name__ == "__main__":
    main()
