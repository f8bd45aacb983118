"""English names on their own, apart from extraction: how often the naming gets gold right.

    .venv/bin/python benchmarks/bench_names.py CORPUS_DIR [CORPUS_DIR ...] [-v] [--no-registry]

For every person and party of every ``NAME.gold.json`` (``../shared/spec/gold-format.md``),
the naming code (``briefing.translate.names.Namer``) is asked for the English of the gold
Korean name in the context of its article (the article's text, so the brackets and the
words that tell a Japanese or Chinese name are there), and the answer is compared with the
gold English as the scorer compares them (case, spaces, ·, -, . and quotes ignored).
Articles are named in order with one names registry (a temporary store), as a user's
briefings would be: a bracketed spelling of one article serves the later ones.
Prints the share right per corpus and kind, and per source the names came from; with
``-v`` every miss.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

_STRIP = re.compile(r"[\s·\-\.\u00b7\u2027'\"‘’“”]")


def norm(text: str) -> str:
    return _STRIP.sub("", text).lower()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--no-registry", action="store_true", help="name without a registry")
    args = parser.parse_args(argv)

    from briefing.registry import NamesRegistry
    from briefing.store import Store
    from briefing.translate.glossary import load_glossary
    from briefing.translate.names import Namer, name_rules

    rules = name_rules(load_glossary())
    store = Store(Path(tempfile.mkdtemp(prefix="briefing-names-")) / "store.sqlite3")
    registry = None if args.no_registry else NamesRegistry(store)
    totals: Counter[str] = Counter()
    for corpus in args.corpora:
        right: Counter[str] = Counter()
        seen: Counter[str] = Counter()
        sources: Counter[str] = Counter()
        sources_right: Counter[str] = Counter()
        misses: list[str] = []
        for gold_path in sorted(corpus.glob("*.gold.json")):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            article = gold_path.with_name(gold_path.name.removesuffix(".gold.json") + ".txt")
            namer = Namer(article.read_text(encoding="utf-8"), rules, registry)
            for kind in ("people", "parties"):
                for entry in gold.get(kind, []):
                    if not entry.get("en"):
                        continue
                    ko = entry["ko"][0]
                    choice = namer.person(ko) if kind == "people" else namer.party(ko)
                    ok = norm(choice.en) in {norm(e) for e in entry["en"]}
                    seen[kind] += 1
                    right[kind] += ok
                    sources[f"{kind}:{choice.source}"] += 1
                    sources_right[f"{kind}:{choice.source}"] += ok
                    if not ok:
                        misses.append(
                            f"  {article.stem} {kind[:-1] if kind == 'parties' else 'person'}"
                            f" {ko!r} -> {choice.en!r} [{choice.source}] "
                            f"(want one of {entry['en']})"
                        )
                    if registry is not None and choice.source == "article":
                        registry.learn(
                            ko, choice.en, "person" if kind == "people" else "party", str(article)
                        )
        print(f"== {corpus}")
        for kind in ("people", "parties"):
            if seen[kind]:
                share = right[kind] / seen[kind]
                print(f"  {kind:8} {share:.2f} right ({right[kind]}/{seen[kind]})")
                totals[f"{kind}_right"] += right[kind]
                totals[f"{kind}_seen"] += seen[kind]
        print(
            "  right by source: "
            + ", ".join(f"{k} {sources_right[k]}/{v}" for k, v in sorted(sources.items()))
        )
        if args.verbose:
            print("\n".join(misses))
    store.close()
    if len(args.corpora) > 1:
        for kind in ("people", "parties"):
            if totals[f"{kind}_seen"]:
                share = totals[f"{kind}_right"] / totals[f"{kind}_seen"]
                print(
                    f"all {kind}: {share:.2f} ({totals[f'{kind}_right']}/{totals[f'{kind}_seen']})"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
