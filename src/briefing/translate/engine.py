"""The MT engine: an installed Argos package run directly with ctranslate2 + sentencepiece.

Argos Translate's own ``translate`` module imports stanza and torch (~5 s) and translates
paragraph by paragraph; here all sentences of an article go to ctranslate2 in one
``translate_batch`` call, which sorts them by length and splits them into sub-batches of
``max_batch_size`` that run in parallel on ``inter_threads`` model replicas. The decoding
options follow Argos Translate's (``replace_unknowns``, ``length_penalty=0.2``, the
package's ``target_prefix``), so the output is the same as the reference client's.
"""

from __future__ import annotations

from typing import Any

from briefing.config import TranslationSettings
from briefing.errors import ModelError
from briefing.translate.models import InstalledModel


class ArgosTranslator:
    """Translates lists of sentences with one installed Argos package (loaded on first use)."""

    def __init__(
        self,
        model: InstalledModel,
        settings: TranslationSettings | None = None,
        *,
        max_decoding_length: int | None = None,
    ) -> None:
        self.model = model
        self.settings = settings or TranslationSettings()
        # None: a guard against a model looping on a sentence, far above real output lengths
        self.max_decoding_length = max_decoding_length
        self.model_id = model.model_id
        self._translator: Any = None
        self._sp: Any = None

    def _load(self) -> tuple[Any, Any]:
        if self._translator is None:
            import ctranslate2
            import sentencepiece

            s = self.settings
            try:
                self._sp = sentencepiece.SentencePieceProcessor(
                    model_file=str(self.model.path / "sentencepiece.model")
                )
                self._translator = ctranslate2.Translator(
                    str(self.model.path / "model"),
                    device="cpu",
                    compute_type=s.compute_type,
                    inter_threads=s.inter_threads,
                    intra_threads=s.intra_threads,
                )
            except (RuntimeError, OSError, ValueError) as exc:
                raise ModelError(
                    f"cannot load the model {self.model.name}: {exc}",
                    "reinstall it with `briefing models install --file ...`",
                ) from exc
        return self._translator, self._sp

    def unload(self) -> None:
        """Free the model's memory and CTranslate2's threads (a process with threads cannot
        fork safely: ``render/forked.py``); the next ``translate_batch`` loads it again."""
        self._translator = None
        self._sp = None

    def translate_batch(self, sentences: list[str]) -> list[str]:
        """English for each sentence, in order; one ctranslate2 call for all of them."""
        if not sentences:
            return []
        translator, sp = self._load()
        tokens = sp.encode(list(sentences), out_type=str)
        prefix = self.model.target_prefix
        longest = max(len(t) for t in tokens)
        results = translator.translate_batch(
            tokens,
            target_prefix=[[prefix]] * len(tokens) if prefix else None,
            beam_size=self.settings.beam_size,
            max_batch_size=self.settings.max_batch_size,
            batch_type="examples",
            replace_unknowns=True,
            length_penalty=0.2,
            max_decoding_length=self.max_decoding_length or 2 * longest + 16,
        )
        return [self._detokenize(r.hypotheses[0], sp) for r in results]

    def _detokenize(self, pieces: list[str], sp: Any) -> str:
        text: str = sp.decode_pieces(pieces).replace("▁", " ")
        prefix = self.model.target_prefix
        if prefix and text.startswith(prefix):
            text = text[len(prefix) :]
        return text.strip()
