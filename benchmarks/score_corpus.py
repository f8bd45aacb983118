"""Extraction quality on a gold corpus, in one process (Kiwi and the data files load once).

    .venv/bin/python benchmarks/score_corpus.py CORPUS_DIR [CORPUS_DIR ...] [--scorer PATH] [-v]

For every ``NAME.txt`` with a ``NAME.gold.json`` beside it, writes the facts document that
``briefing extract NAME.txt --format json`` would print (no translation model) into a
temporary folder, then runs the scorer (``score_facts.py --facts``) on it and prints its
table. The scorer is not part of the product: pass its path (default: the workplace's
``../shared/tools/score_facts.py``). Also prints the warm extraction time per article.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--scorer", type=Path, default=ROOT.parent / "shared/tools/score_facts.py")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--keep", type=Path, help="write the facts documents here and keep them")
    args = parser.parse_args(argv)

    os.environ.setdefault("BRIEFING_HOME", tempfile.mkdtemp(prefix="briefing-score-"))
    from briefing.config import load_config
    from briefing.pipeline import extract_one, facts_json
    from briefing.sentences import kiwi

    config = load_config(None)
    kiwi()
    status = 0
    for corpus in args.corpora:
        out = args.keep or Path(tempfile.mkdtemp(prefix="briefing-facts-"))
        out.mkdir(parents=True, exist_ok=True)
        timings = []
        for gold in sorted(corpus.glob("*.gold.json")):
            name = gold.name.removesuffix(".gold.json")
            start = time.perf_counter()
            try:
                facts = extract_one(corpus / f"{name}.txt", config)
            except Exception as exc:  # a broken article scores as missing, and says why
                print(f"{name}: {type(exc).__name__}: {exc}", file=sys.stderr)
                status = 1
                continue
            timings.append(time.perf_counter() - start)
            (out / f"{name}.json").write_bytes(facts_json(facts))
        print(f"== {corpus} ({len(timings)} articles, mean {sum(timings) / len(timings):.3f} s)")
        cmd = [sys.executable, str(args.scorer), str(corpus), "--facts", str(out)]
        if args.verbose:
            cmd.append("-v")
        status |= subprocess.run(cmd, check=False).returncode
        if args.keep is None:
            shutil.rmtree(out)
    return status


if __name__ == "__main__":
    sys.exit(main())
