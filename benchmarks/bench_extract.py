"""Benchmark of `briefing.extract.extract_facts` (targets: < 0.5 s warm for a 5 KB article,
>= 5 articles/s for 100 articles in one process, a 1 MB article finishes).

    .venv/bin/python benchmarks/bench_extract.py [ARTICLE.txt ...]

Without arguments it uses the seed articles in seeds/. Sentences are split before timing
(splitting is stage 3); the times are extraction only (Kiwi loaded once, warm caches).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from briefing.config import Config
from briefing.extract import extract_facts
from briefing.sentences import kiwi, split_sentences
from briefing.types import Article, Sentence

ROOT = Path(__file__).resolve().parents[1]


def article_of(text: str, name: str) -> Article:
    sentences = split_sentences(text)
    return Article(
        name, name, None, None, None, None, tuple(Sentence(i, s) for i, s in enumerate(sentences))
    )


def main(paths: list[Path]) -> None:
    config = Config()
    start = time.perf_counter()
    kiwi()
    print(f"kiwi load: {time.perf_counter() - start:.2f} s")
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in paths]
    articles = [article_of(t, n) for n, t in texts]

    start = time.perf_counter()
    extract_facts(articles[0], config)
    print(f"first extraction (data files compiled): {time.perf_counter() - start:.3f} s")

    # one ~5 KB article, warm
    text5 = min(texts, key=lambda nt: abs(len(nt[1].encode("utf-8")) - 5000))
    five = article_of(text5[1], text5[0])
    timings = []
    for _ in range(20):
        t = time.perf_counter()
        extract_facts(five, config)
        timings.append(time.perf_counter() - t)
    size = len(text5[1].encode("utf-8")) / 1024
    print(
        f"one article ({text5[0]}, {size:.1f} KB, {len(five.sentences)} sentences), warm: "
        f"median {statistics.median(timings) * 1000:.1f} ms, max {max(timings) * 1000:.1f} ms "
        f"(target < 500 ms)"
    )

    # throughput: 100 articles in one process
    batch = [articles[i % len(articles)] for i in range(100)]
    t = time.perf_counter()
    for art in batch:
        extract_facts(art, config)
    elapsed = time.perf_counter() - t
    print(
        f"throughput: 100 articles in {elapsed:.2f} s = {100 / elapsed:.1f} articles/s "
        f"(target >= 5)"
    )

    # very long input: ~1 MB of text
    body = "\n".join(t for _, t in texts)
    repeat = max(1, (1024 * 1024) // max(1, len(body.encode("utf-8"))))
    t = time.perf_counter()
    big = article_of("\n".join([body] * repeat), "big")
    split_time = time.perf_counter() - t
    t = time.perf_counter()
    facts = extract_facts(big, config)
    print(
        f"1 MB article ({len(big.sentences)} sentences): split {split_time:.1f} s, "
        f"extract {time.perf_counter() - t:.1f} s, {len(facts.parties)} parties"
    )


if __name__ == "__main__":
    given = [Path(a) for a in sys.argv[1:]]
    main(given or sorted((ROOT / "seeds").glob("*.txt")))
