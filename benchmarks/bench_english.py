#!/usr/bin/env python3
"""How English the English memo is without a translation model: the share of Hangul among
the letters on its pages before the sources annex, read from the real PDF (pypdf).

    .venv/bin/python benchmarks/bench_english.py                    # the seeds
    .venv/bin/python benchmarks/bench_english.py ../shared/corpus/tune
    .venv/bin/python benchmarks/bench_english.py ARTICLE.txt FOLDER ... [-v]

Each article goes through the real pipeline (read, clean, split, extract, English, PDF)
with no model installed (an empty models folder). The text of every page is extracted,
cut at the annex heading, and its letters counted: Hangul syllables and jamo against all
letters. Prints one line per article and the mean, and how many commitment lines were composed
(the others point to their source sentence); ``-v`` also prints the Korean left.
Targets (issue 11): <= 5 % on each seed, <= 10 % averaged over the tune corpus.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNCOMPOSED = "not composed in English"  # compose.commitment_line's pointer to the source
HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3131-\u318e]")


def hangul_share(text: str) -> tuple[float, int, int]:
    """(share, Hangul letters, all letters) of ``text``."""
    letters = [c for c in text if c.isalpha()]
    hangul = sum(1 for c in letters if HANGUL.match(c))
    return (hangul / len(letters) if letters else 0.0), hangul, len(letters)


def memo_proper(pdf: bytes, annex_heading: str) -> str:
    """The text of the memo's pages up to the annex heading."""
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    cut = text.find(annex_heading)
    return text if cut < 0 else text[:cut]


def articles(paths: list[str]) -> list[Path]:
    from briefing.pipeline import expand_inputs

    return expand_inputs(Path(p) for p in paths)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "seeds")])
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)

    from briefing.config import Config
    from briefing.pipeline import build_article, extract_article
    from briefing.render import RenderOptions, render_memo
    from briefing.render.context import english_leftovers, memo_labels
    from briefing.translate.compose import commitment_line

    labels = memo_labels(None)["en"]
    heading = f"{labels['annex']}: {labels['sources']}"
    options = RenderOptions(generated_at="2025-11-03T09:00:00+09:00")
    shares: list[float] = []
    totals = [0, 0]  # commitment lines composed, commitment lines
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as empty:
        config = replace(Config(), models_dir=Path(empty) / "models")
        for path in articles(args.paths):
            facts = extract_article(build_article(path, config), config, None)
            text = memo_proper(render_memo(facts, "en", "pdf", options), heading)
            share, hangul, letters = hangul_share(text)
            shares.append(share)
            left = english_leftovers(facts)
            lines = [commitment_line(c, facts).text for c in facts.commitments]
            composed = sum(UNCOMPOSED not in line for line in lines)
            totals[0] += composed
            totals[1] += len(lines)
            print(
                f"{path.name:32} {share * 100:5.1f} %  ({hangul} of {letters} letters; "
                f"{len(left)} Korean terms marked; {composed} of {len(lines)} commitments "
                "composed)"
            )
            if args.verbose and left:
                print("    " + "; ".join(left))
    mean = sum(shares) / len(shares) if shares else 0.0
    print(
        f"{'mean':32} {mean * 100:5.1f} %  over {len(shares)} articles; {totals[0]} of "
        f"{totals[1]} commitments composed ({time.perf_counter() - started:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
