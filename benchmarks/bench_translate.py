#!/usr/bin/env python3
"""Translation speed: the engine's one batched call versus Argos Translate's own path.

    .venv/bin/python benchmarks/bench_translate.py [--sentences 30] [--beam 4]

Builds (once, cached under benchmarks/.cache/, git-ignored) a random-weight Argos package
of the real ko->en shape: Transformer 6+6 layers, d_model 512, 8 heads, FFN 2048, a 32k
shared vocabulary, saved int8 like Argos packages. Random weights never emit the end token
in a useful place, so both paths decode exactly --output-tokens tokens per sentence
(default 40, a typical English news sentence): the same model, sentences (from seeds/)
and output length on both sides.

"Argos Translate's own path" is reimplemented faithfully rather than imported (it needs
torch and stanza): ``argostranslate.translate.apply_packaged_translation`` calls
``translate_batch`` once per paragraph; translating an article sentence by sentence, as a
memo needs (one English sentence per Korean one), that is one call per sentence, with
``beam_size=max(num_hypotheses, 4)``, ``batch_type="tokens"``, ``max_batch_size=32``,
``replace_unknowns``, ``length_penalty=0.2`` and the settings' ``inter_threads=1``,
``intra_threads=0``, ``compute_type="auto"``. ``bench_argos_client.py`` times the real
client (in a separate venv with torch) on the same package and sentences.

Prints sentences per second for both, the speed-up, and the time spent around MT
(protect, restore, cache read and write) as a share of MT time.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
CACHE = ROOT / "benchmarks" / ".cache"


def real_shape_package(sentences: list[str]) -> Path:
    """The real-shape random model (built once: ~15 s, ~90 MB)."""
    out = CACHE / "translate-ko_en-bench-v4.argosmodel"
    if out.exists():
        return out
    import shutil

    from argos_tiny import build_package

    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        # SentencePiece trained on the benchmark's own sentences and on the glossary's
        # English (a real package's vocabulary is shared by both languages, and protected
        # sentences carry English names), so sources split into realistic 20-70 pieces;
        # padded to a 32k vocabulary like real packages. The end token is suppressed:
        # output length is set by --output-tokens on both paths.
        built = build_package(
            Path(tmp),
            code="translate-ko_en",
            version="bench",
            training_lines=sentences,
            layers=6,
            d_model=512,
            heads=8,
            ffn=2048,
            vocab_size=8000,
            extra_vocab=24_000,
            quantize=1,
            eos_bias=-50.0,
        )
        shutil.copy(built, out)
    return out


def training_lines() -> list[str]:
    from briefing.translate.glossary import load_glossary

    glossary = load_glossary()
    english = [
        en
        for table in ("people", "organizations", "countries", "places", "terms")
        for en in getattr(glossary, table).values()
    ]
    return article_sentences(60) + english


def article_sentences(n: int) -> list[str]:
    from briefing.sentences import split_sentences

    sentences: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        sentences.extend(
            s for s in split_sentences(path.read_text(encoding="utf-8")) if len(s) > 15
        )
    return (sentences * (n // max(len(sentences), 1) + 1))[:n]


class ArgosOwnPath:
    """One translate_batch per sentence, with Argos Translate's options and settings."""

    def __init__(self, model_dir: Path, sp_model: Path, beam: int, output_tokens: int) -> None:
        import ctranslate2
        import sentencepiece

        self.sp = sentencepiece.SentencePieceProcessor(model_file=str(sp_model))
        self.translator = ctranslate2.Translator(
            str(model_dir), device="cpu", inter_threads=1, intra_threads=0, compute_type="auto"
        )
        self.beam, self.output_tokens = beam, output_tokens

    def __call__(self, sentences: list[str]) -> list[str]:
        out = []
        for sentence in sentences:
            tokens = self.sp.encode(sentence, out_type=str)
            result = self.translator.translate_batch(
                [tokens],
                replace_unknowns=True,
                max_batch_size=32,
                batch_type="tokens",
                beam_size=max(1, self.beam),
                num_hypotheses=1,
                length_penalty=0.2,
                return_scores=True,
                max_decoding_length=self.output_tokens,
            )
            out.append(self.sp.decode_pieces(result[0].hypotheses[0]))
        return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=30)
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--output-tokens", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-argos", action="store_true", help="only the batched engine")
    parser.add_argument(
        "--dump-sources",
        type=Path,
        help="write the sentences as translated (JSON) for bench_argos_client.py",
    )
    args = parser.parse_args()

    from briefing.config import TranslationSettings
    from briefing.store import Store
    from briefing.translate.cache import protect, restore, translate_cached
    from briefing.translate.engine import ArgosTranslator
    from briefing.translate.glossary import load_glossary
    from briefing.translate.models import install_file

    sentences = article_sentences(args.sentences)
    package = real_shape_package(training_lines())
    with tempfile.TemporaryDirectory() as tmp:
        model = install_file(Path(tmp) / "models", package)
        settings = TranslationSettings(beam_size=args.beam)
        engine = ArgosTranslator(model, settings, max_decoding_length=args.output_tokens)
        engine.translate_batch(sentences[:1])  # load the model outside the timing

        glossary = load_glossary()
        start = time.perf_counter()
        protected = [protect(s, {}, glossary) for s in sentences]
        protect_s = time.perf_counter() - start
        sources = [p.source for p in protected]  # what every path below translates
        if args.dump_sources:
            import json

            args.dump_sources.write_text(json.dumps(sources, ensure_ascii=False), encoding="utf-8")

        def best(run: Callable[[], object]) -> float:
            """The fastest of --repeat runs: the machine may be shared."""
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                run()
                times.append(time.perf_counter() - start)
            return min(times)

        batched_s = best(lambda: engine.translate_batch(sources))
        translated = engine.translate_batch(sources)

        # the work around MT on a first run: cache lookup (all misses), cache write,
        # restore; on a second run: cache lookup (all hits), restore
        store = Store(Path(tmp) / "cache.sqlite3")
        start = time.perf_counter()
        assert store.translations_get(engine.model_id, sources) == {}
        store.translations_put(engine.model_id, dict(zip(sources, translated, strict=True)))
        restored = [restore(t, p) for t, p in zip(translated, protected, strict=True)]
        around_s = protect_s + time.perf_counter() - start
        start = time.perf_counter()
        cached = translate_cached(engine, sources, store)  # all hits: the model is not called
        again = [restore(t, p) for t, p in zip(cached, protected, strict=True)]
        rerun_s = protect_s + time.perf_counter() - start
        store.close()
        assert again == restored

        n = len(sentences)
        print(
            f"model: 6+6 layers, d_model 512, 8 heads, FFN 2048, 32k vocab, int8; "
            f"{n} sentences, beam {args.beam}, {args.output_tokens} output tokens each; "
            f"best of {args.repeat}"
        )
        print(
            f"settings: inter_threads={settings.inter_threads} "
            f"intra_threads={settings.intra_threads} max_batch_size={settings.max_batch_size}"
        )
        print(
            f"engine, one translate_batch for all:   {batched_s:7.2f} s  "
            f"{n / batched_s:6.2f} sentences/s"
        )
        if not args.skip_argos:
            single_s = best(lambda: [engine.translate_batch([s]) for s in sources])
            print(
                f"engine, one call per sentence:         {single_s:7.2f} s  "
                f"{n / single_s:6.2f} sentences/s"
            )
            argos = ArgosOwnPath(
                model.path / "model",
                model.path / "sentencepiece.model",
                args.beam,
                args.output_tokens,
            )
            own_s = best(lambda: argos(sources))
            print(
                f"Argos Translate's path (per sentence): {own_s:7.2f} s  "
                f"{n / own_s:6.2f} sentences/s"
            )
            print(
                f"speed-up over Argos Translate's path: {own_s / batched_s:.1f}x "
                f"(target >= 8x); over one call per sentence: {single_s / batched_s:.1f}x"
            )
        print(
            f"around MT (protect + cache get/put + restore): {around_s * 1000:.1f} ms = "
            f"{100 * around_s / batched_s:.2f}% of MT time (target < 10%)"
        )
        print(f"rendering again (protect + cache hits + restore, no MT): {rerun_s * 1000:.1f} ms")


if __name__ == "__main__":
    main()
