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
``intra_threads=0``, ``compute_type="auto"``. To compare with the real client instead:
``python -m venv /tmp/argos && /tmp/argos/bin/pip install torch==2.13.0 argostranslate``,
install the same package with ``argospm install`` and time
``argostranslate.translate.translate`` per sentence.

Prints sentences per second for both, the speed-up, and the time spent around MT
(protect, restore, cache read and write) as a share of MT time.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
CACHE = ROOT / "benchmarks" / ".cache"


def real_shape_package(sentences: list[str]) -> Path:
    """The real-shape random model (built once: ~15 s, ~90 MB)."""
    out = CACHE / "translate-ko_en-bench-v3.argosmodel"
    if out.exists():
        return out
    import shutil

    from argos_tiny import build_package

    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        # SentencePiece trained on the benchmark's own sentences, so they split into
        # realistic 20-70 pieces; padded to a 32k vocabulary like real packages. The end
        # token is suppressed: output length is set by --output-tokens on both paths.
        built = build_package(Path(tmp), code="translate-ko_en", version="bench",
                              training_lines=sentences, layers=6, d_model=512, heads=8,
                              ffn=2048, vocab_size=8000, extra_vocab=24_000, quantize=1,
                              eos_bias=-50.0)
        shutil.copy(built, out)
    return out


def article_sentences(n: int) -> list[str]:
    from briefing.sentences import split_sentences

    sentences: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        sentences.extend(s for s in split_sentences(path.read_text(encoding="utf-8"))
                         if len(s) > 15)
    return (sentences * (n // max(len(sentences), 1) + 1))[:n]


def argos_own_path(model_dir: Path, sp_model: Path, sentences: list[str], beam: int,
                   output_tokens: int) -> float:
    """One translate_batch per sentence, Argos Translate's options and default settings."""
    import ctranslate2
    import sentencepiece

    sp = sentencepiece.SentencePieceProcessor(model_file=str(sp_model))
    translator = ctranslate2.Translator(str(model_dir), device="cpu", inter_threads=1,
                                        intra_threads=0, compute_type="auto")
    start = time.perf_counter()
    for sentence in sentences:
        tokens = sp.encode(sentence, out_type=str)
        result = translator.translate_batch(
            [tokens], replace_unknowns=True, max_batch_size=32, batch_type="tokens",
            beam_size=max(1, beam), num_hypotheses=1, length_penalty=0.2, return_scores=True,
            max_decoding_length=output_tokens)
        sp.decode_pieces(result[0].hypotheses[0])
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=30)
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--output-tokens", type=int, default=40)
    parser.add_argument("--skip-argos", action="store_true", help="only the batched engine")
    args = parser.parse_args()

    from briefing.config import TranslationSettings
    from briefing.store import Store
    from briefing.translate.cache import protect, restore, translate_cached
    from briefing.translate.engine import ArgosTranslator
    from briefing.translate.glossary import load_glossary
    from briefing.translate.models import install_file

    sentences = article_sentences(args.sentences)
    package = real_shape_package(article_sentences(30))
    with tempfile.TemporaryDirectory() as tmp:
        model = install_file(Path(tmp) / "models", package)
        settings = TranslationSettings(beam_size=args.beam)
        engine = ArgosTranslator(model, settings, max_decoding_length=args.output_tokens)
        engine.translate_batch(sentences[:1])  # load the model outside the timing

        glossary = load_glossary()
        start = time.perf_counter()
        protected = [protect(s, {}, glossary) for s in sentences]
        protect_s = time.perf_counter() - start

        start = time.perf_counter()
        translated = engine.translate_batch([p.source for p in protected])
        batched_s = time.perf_counter() - start

        store = Store(Path(tmp) / "cache.sqlite3")
        start = time.perf_counter()
        store.translations_put(engine.model_id, dict(zip([p.source for p in protected],
                                                         translated, strict=True)))
        cached = translate_cached(engine, [p.source for p in protected], store)  # all hits
        restored = [restore(t, p) for t, p in zip(cached, protected, strict=True)]
        around_s = protect_s + time.perf_counter() - start
        store.close()
        assert len(restored) == len(sentences)

        n = len(sentences)
        print(f"model: 6+6 layers, d_model 512, 8 heads, FFN 2048, 32k vocab, int8; "
              f"{n} sentences, beam {args.beam}, {args.output_tokens} output tokens each")
        print(f"settings: inter_threads={settings.inter_threads} "
              f"intra_threads={settings.intra_threads} max_batch_size={settings.max_batch_size}")
        print(f"batched engine (one translate_batch):  {batched_s:7.2f} s  "
              f"{n / batched_s:6.2f} sentences/s")
        if not args.skip_argos:
            own_s = argos_own_path(model.path / "model", model.path / "sentencepiece.model",
                                   sentences, args.beam, args.output_tokens)
            print(f"Argos path (one call per sentence):    {own_s:7.2f} s  "
                  f"{n / own_s:6.2f} sentences/s")
            print(f"speed-up: {own_s / batched_s:.1f}x (target >= 8x)")
        print(f"around MT (protect + cache put/get + restore): {around_s * 1000:.1f} ms = "
              f"{100 * around_s / batched_s:.2f}% of MT time (target < 10%)")


if __name__ == "__main__":
    main()
