"""Protect names, translate through the cache, restore: the work around one MT batch.

Protection writes a name's English into the Korean source (배경훈 부총리는 -> Bae Kyung-hoon
부총리는): Argos models copy Latin-script names through, and the model sees a name where a
name stands. Restoration then rewrites whatever the model made of that English
(``Bae Kyung - hoon``, ``BAE KYUNG-HOON``) back to the glossary's exact form.

The cache is keyed by model and protected source sentence, so a glossary change never
serves a stale translation, and rendering an article again translates nothing.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from briefing.errors import StoreError
from briefing.translate.glossary import Glossary

if TYPE_CHECKING:
    from briefing.store import Store


class BatchTranslator(Protocol):
    model_id: str

    def translate_batch(self, sentences: list[str]) -> list[str]: ...


@dataclass(frozen=True)
class Protected:
    source: str  # what the model gets
    names: tuple[str, ...]  # the English written into it, to restore afterwards


def protect(sentence: str, names: dict[str, str], glossary: Glossary) -> Protected:
    """Replace the memo's names, then the glossary's, with their English."""
    spans: list[tuple[int, int, str]] = []
    if names:
        for m in _names_pattern(tuple(sorted(names, key=len, reverse=True))).finditer(sentence):
            spans.append((m.start(), m.end(), names[m.group()]))
    taken = [False] * len(sentence)
    for start, end, _ in spans:
        taken[start:end] = [True] * (end - start)
    for start, end, english in glossary.protected_spans(sentence):
        if not any(taken[start:end]):
            spans.append((start, end, english))
            taken[start:end] = [True] * (end - start)
    if not spans:
        return Protected(sentence, ())
    spans.sort()
    out: list[str] = []
    pos = 0
    for start, end, english in spans:
        out.append(sentence[pos:start])
        # keep the English a separate word for the tokenizer, but not before a particle
        before = " " if out[-1] and not out[-1].endswith((" ", "(", "‘", "“", "'", '"')) else ""
        out.append(before + english)
        pos = end
    out.append(sentence[pos:])
    return Protected("".join(out), tuple(dict.fromkeys(e for _, _, e in spans)))


@lru_cache(maxsize=32)  # keyed by each article's names: unbounded, a watcher would grow
def _names_pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(k) for k in keys if k))


@lru_cache(maxsize=1024)  # keyed by names of every article: bounded for long-running watchers
def _loose(english: str) -> re.Pattern[str]:
    """The English as a model may have mangled it: case, spaces around or a lost hyphen."""
    parts = []
    for piece in re.split(r"(\s+|-)", english):
        if not piece:
            continue
        if piece.isspace():
            parts.append(r"\s+")
        elif piece == "-":
            parts.append(r"\s*-?\s*")
        else:
            parts.append(re.escape(piece))
    # short forms (SK, U.S.) only as written: "us" or "Sk" in a sentence is another word
    letters = sum(c.isalpha() for c in english)
    flags = re.IGNORECASE if letters > 3 else 0
    return re.compile(rf"(?<![A-Za-z]){''.join(parts)}(?![A-Za-z])", flags)


def restore(translated: str, protected: Protected) -> str:
    for english in sorted(protected.names, key=len, reverse=True):
        translated = _loose(english).sub(lambda _m, e=english: e, translated)  # type: ignore[misc]
    return translated


MT_CALL_SENTENCES = 32


def translate_cached(
    translator: BatchTranslator,
    sources: Sequence[str],
    store: Store | None,
) -> list[str]:
    """Each source's translation: cache hits skip the model; misses go in one batch."""
    unique = list(dict.fromkeys(s for s in sources if s.strip()))
    found: dict[str, str] = {}
    if store is not None and unique:
        try:
            found = store.translations_get(translator.model_id, unique)
        except (StoreError, sqlite3.Error):
            store = None  # a broken cache costs time, never a memo
    missing = sorted((s for s in unique if s not in found), key=len)
    if missing:
        fresh: dict[str, str] = {}
        # Calls of a few seconds at most (sorted by length, so each call pads little): a
        # stop signal is handled between them.
        for start in range(0, len(missing), MT_CALL_SENTENCES):
            chunk = missing[start : start + MT_CALL_SENTENCES]
            fresh.update(zip(chunk, translator.translate_batch(chunk), strict=True))
        if store is not None:
            with contextlib.suppress(StoreError, sqlite3.Error):
                store.translations_put(translator.model_id, fresh)
        found.update(fresh)
    return [found.get(s, "") for s in sources]


def translate_texts(
    translator: BatchTranslator,
    texts: Iterable[list[str]],
    names: dict[str, str],
    glossary: Glossary,
    store: Store | None,
) -> list[str]:
    """Each text (given as its sentences) translated, protected and restored, in one batch."""
    groups = [list(t) for t in texts]
    protected = [[protect(s, names, glossary) for s in group] for group in groups]
    flat = [p.source for group in protected for p in group]
    translated = iter(translate_cached(translator, flat, store))
    return [
        " ".join(restore(next(translated), p).strip() for p in group).strip() for group in protected
    ]
