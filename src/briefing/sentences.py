"""Stage 3, split: the cleaned body -> sentences (kiwipiepy, loaded once per process).

OWNER: reading helper.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def kiwi() -> Any:
    """The process-wide Kiwi analyser (loading costs seconds; share it)."""
    from kiwipiepy import Kiwi

    return Kiwi()


def split_sentences(body: str) -> list[str]:
    sentences: list[str] = []
    for paragraph in body.split("\n"):
        if paragraph.strip():
            sentences.extend(s.text.strip() for s in kiwi().split_into_sents(paragraph))
    return [s for s in sentences if s]
