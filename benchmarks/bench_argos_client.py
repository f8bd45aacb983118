#!/usr/bin/env python3
"""The real Argos Translate client on the benchmark's package, one translate() per sentence.

Run it with a SEPARATE virtual environment (torch and stanza never go into .venv):

    python -m venv /tmp/argos-venv
    /tmp/argos-venv/bin/pip install torch==2.13.0 argostranslate   # a CPU build of torch
    .venv/bin/python benchmarks/bench_translate.py --dump-sources /tmp/sources.json
    /tmp/argos-venv/bin/python benchmarks/bench_argos_client.py \\
        benchmarks/.cache/translate-ko_en-bench-v4.argosmodel /tmp/sources.json

Two offline adjustments, so that it does exactly what the engine's benchmark does:
sentence splitting is the identity (each input is already one sentence; Argos's MiniSBD
would download a model), and decoding stops at --output-tokens like the engine's run
(random weights never emit the end token; Argos would otherwise decode 256 tokens).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package")
    parser.add_argument("sources", help="JSON list of sentences (bench_translate.py writes it)")
    parser.add_argument("--output-tokens", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    os.environ["ARGOS_PACKAGES_DIR"] = tempfile.mkdtemp()
    os.environ["ARGOS_DEVICE_TYPE"] = "cpu"
    import argostranslate.package as argos_package
    import argostranslate.sbd as argos_sbd
    import argostranslate.translate as argos_translate
    import ctranslate2

    def one_sentence(self: Any, text: str) -> list[str]:
        return [text]

    def no_download(self: Any, pkg: Any) -> None:
        self.pkg = pkg

    argos_sbd.MiniSBDSentencizer.split_sentences = one_sentence
    argos_sbd.MiniSBDSentencizer.__init__ = no_download
    real_translator = ctranslate2.Translator

    class Capped:
        def __init__(self, *a: Any, **k: Any) -> None:
            self.inner = real_translator(*a, **k)

        def translate_batch(self, *a: Any, **k: Any) -> Any:
            k.setdefault("max_decoding_length", args.output_tokens)
            return self.inner.translate_batch(*a, **k)

    argos_translate.ctranslate2.Translator = Capped
    argos_package.install_from_path(args.package)
    with open(args.sources, encoding="utf-8") as f:
        sources = json.load(f)
    translation = argos_translate.get_translation_from_codes("ko", "en")
    translation.translate(sources[0])  # load the model outside the timing
    times = []
    for run in range(args.repeat):
        start = time.perf_counter()
        for sentence in sources:
            translation.translate(sentence + " " * (run + 1))  # past Argos's paragraph cache
        times.append(time.perf_counter() - start)
    best = min(times)
    print(
        f"real Argos Translate client, one translate() per sentence: {best:.2f} s  "
        f"{len(sources) / best:.2f} sentences/s (best of {args.repeat})"
    )


if __name__ == "__main__":
    main()
