"""Builds a tiny but real Argos Translate package for tests and benchmarks.

A SentencePiece model trained on a few lines, a CTranslate2 ``TransformerSpec`` with small
random weights (shared vocabulary = the SentencePiece pieces), ``metadata.json``, zipped
as ``.argosmodel`` exactly as Argos Translate lays packages out. The weights are random, so
the output is gibberish, but every code path (install, load, tokenize, batch, decode) is
the one a real ko->en package takes. ``benchmarks/bench_translate.py`` builds one of the
real Argos shape (6+6 layers, d_model 512, 8 heads, FFN 2048) for realistic speed.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

TRAINING_LINES = [
    "과학기술정보통신부는 29일 미국과 기술번영 업무협약을 체결했다고 밝혔다.",
    "배경훈 부총리와 마이클 크라치오스 실장이 협약서에 서명했다.",
    "양국은 인공지능과 양자 기술 협력을 강화하기로 했다.",
    "엔비디아는 한국 정부와 기업에 그래픽처리장치 26만 장을 공급한다.",
    "정부는 내년 인공지능 전환에 5조원 넘는 예산을 투입한다.",
    "The Ministry of Science and ICT signed a technology agreement with the United States.",
    "Both countries agreed to strengthen cooperation in AI and quantum technology.",
    "NVIDIA will supply 260,000 GPUs to the Korean government and companies.",
]


def train_sentencepiece(
    folder: Path, vocab_size: int = 200, lines: list[str] | None = None
) -> Path:
    import sentencepiece

    folder.mkdir(parents=True, exist_ok=True)
    corpus = folder / "corpus.txt"
    corpus.write_text("\n".join((lines or TRAINING_LINES) * 3) + "\n", encoding="utf-8")
    prefix = folder / "sentencepiece"
    sentencepiece.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        character_coverage=1.0,
        model_type="unigram",
        hard_vocab_limit=False,
        minloglevel=2,
        unk_id=0,
        bos_id=1,
        eos_id=2,
        pad_id=-1,
    )
    corpus.unlink()
    return prefix.with_suffix(".model")


def build_model(
    folder: Path,
    pieces: list[str],
    *,
    layers: int = 2,
    d_model: int = 32,
    heads: int = 4,
    ffn: int = 64,
    extra_vocab: int = 0,
    seed: int = 0,
    quantize: int = 0,
    eos_bias: float = 0.0,
) -> None:
    """A CTranslate2 Transformer with random weights, saved to ``folder``.

    ``eos_bias`` raises the end-of-sentence logit so that random weights stop after a
    realistic number of tokens instead of decoding to the length limit.
    """
    import numpy as np
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(seed)
    vocab = ["<blank>", "<s>", "</s>", "<unk>"]
    vocab += [p for p in pieces if p not in vocab and p not in ("<unk>",)]
    vocab += [f"▁x{i}" for i in range(extra_vocab)]
    n = len(vocab)
    spec = transformer_spec.TransformerSpec.from_config((layers, layers), heads)

    def w(*shape: int) -> object:
        return (rng.standard_normal(shape) * 0.08).astype(np.float32)

    def norm(ln: object) -> None:
        ln.gamma = np.ones(d_model, dtype=np.float32)  # type: ignore[attr-defined]
        ln.beta = np.zeros(d_model, dtype=np.float32)  # type: ignore[attr-defined]

    def linear(lin: object, out: int, inp: int) -> None:
        lin.weight = w(out, inp)  # type: ignore[attr-defined]
        lin.bias = np.zeros(out, dtype=np.float32)  # type: ignore[attr-defined]

    enc, dec = spec.encoder, spec.decoder
    enc.embeddings[0].weight = w(n, d_model)
    dec.embeddings.weight = w(n, d_model)
    norm(enc.layer_norm)
    norm(dec.layer_norm)
    linear(dec.projection, n, d_model)
    dec.projection.bias[vocab.index("</s>")] = eos_bias
    for layer in enc.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d_model, d_model)
        linear(layer.self_attention.linear[1], d_model, d_model)
        norm(layer.ffn.layer_norm)
        linear(layer.ffn.linear_0, ffn, d_model)
        linear(layer.ffn.linear_1, d_model, ffn)
    for layer in dec.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d_model, d_model)
        linear(layer.self_attention.linear[1], d_model, d_model)
        norm(layer.attention.layer_norm)
        linear(layer.attention.linear[0], d_model, d_model)
        linear(layer.attention.linear[1], 2 * d_model, d_model)
        linear(layer.attention.linear[2], d_model, d_model)
        norm(layer.ffn.layer_norm)
        linear(layer.ffn.linear_0, ffn, d_model)
        linear(layer.ffn.linear_1, d_model, ffn)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    if quantize:
        spec.optimize(quantization="int8")  # saved int8, as Argos packages are
    folder.mkdir(parents=True, exist_ok=True)
    spec.save(str(folder))


def build_package(
    workdir: Path,
    *,
    code: str = "translate-ko_en",
    version: str = "1.0",
    training_lines: list[str] | None = None,
    **model_options: Any,
) -> Path:
    """Write ``<workdir>/<code>-<version>.argosmodel`` and return its path."""
    import sentencepiece

    root_name = f"{code.replace('translate-', '')}"
    root = workdir / "pkg" / root_name
    sp_model = train_sentencepiece(
        root, vocab_size=int(model_options.pop("vocab_size", 200)), lines=training_lines
    )
    sp_model.with_suffix(".vocab").unlink(missing_ok=True)
    processor = sentencepiece.SentencePieceProcessor(model_file=str(sp_model))
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    build_model(root / "model", pieces, **model_options)
    (root / "metadata.json").write_text(
        json.dumps(
            {
                "package_version": version,
                "argos_version": "1.9.0",
                "from_code": "ko",
                "from_name": "Korean",
                "to_code": "en",
                "to_name": "English",
                "type": "translate",
                "code": code,
            }
        ),
        encoding="utf-8",
    )
    out = workdir / f"{code}-{version}.argosmodel"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(root.rglob("*")):
            archive.write(path, path.relative_to(root.parent).as_posix())
    return out
