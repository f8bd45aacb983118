"""Sentences prepared for the extractors: words, quotes, Kiwi tags, glosses, headlines.

Particles, numbers, dates and name shapes are in ``briefing.korean``; the names below are
re-exported for the extractors' convenience.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from briefing.korean import (
    HANGUL,
    has_final_consonant,
    particle_after,
    strip_particle,
)

__all__ = [
    "HANGUL",
    "SentenceInfo",
    "Token",
    "Word",
    "find_quotes",
    "has_final_consonant",
    "is_headline",
    "particle_after",
    "prepare",
    "strip_particle",
]

_FINAL_ENDING = re.compile(r"(?:다|요|죠|까|니다|오)[.!?]?\s*[”\"’']?\s*$|[.!?]\s*$")
_PAREN = re.compile(r"\([^()]{0,80}\)")
# one whitespace- or middle-dot-separated word, with its offsets
_WORD = re.compile(r"[^\s·ㆍ,]+")
_QUOTE_PAIRS = (("“", "”"), ('"', '"'), ("「", "」"), ("『", "』"))


def is_headline(text: str) -> bool:
    """A line without a sentence-final ending: a headline, caption tag or cut-off text."""
    return not _FINAL_ENDING.search(text)


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str  # as written (parenthetical glosses blanked out)


@dataclass(frozen=True)
class Token:
    """One Kiwi morpheme: where it is in the sentence and its tag (NNP, NNG, JKS, ...)."""

    start: int
    end: int
    form: str
    tag: str


@dataclass
class SentenceInfo:
    """One sentence prepared for the extractors."""

    id: int
    text: str
    masked: str  # parentheticals blanked with spaces (same length)
    words: list[Word]
    quotes: list[tuple[int, int]]  # (start, end) of quoted spans including the marks
    nnp: list[bool]  # per character: Kiwi tagged it as a proper noun
    tagged: list[str]  # per character: Kiwi tag of the covering token ("" if none)
    headline: bool
    glosses: dict[int, str] = field(default_factory=dict)  # paren start -> Latin gloss
    tokens: list[Token] = field(default_factory=list)
    # paren start -> the Hanja inside (王文濤): the original of a Chinese or Japanese name
    hanja: dict[int, str] = field(default_factory=dict)
    _token_starts: list[int] = field(default_factory=list, repr=False)

    def tokens_in(self, start: int, end: int) -> list[Token]:
        """The tokens overlapping [start, end) (Kiwi may read two words as one: 로베르토 비올라)."""
        # tokens are in order and short: begin a little before the first that starts inside
        first = max(0, bisect_left(self.token_starts, start) - 4)
        out = []
        for t in self.tokens[first:]:
            if t.start >= end:
                break
            if t.end > start:
                out.append(t)
        return out

    @property
    def token_starts(self) -> list[int]:
        if len(self._token_starts) != len(self.tokens):
            self._token_starts = [t.start for t in self.tokens]
        return self._token_starts

    def in_quote(self, pos: int) -> bool:
        return any(a < pos < b for a, b in self.quotes)

    def without_quotes(self, placeholder: str = "“…”") -> str:
        out, last = [], 0
        for a, b in self.quotes:
            out.append(self.text[last:a])
            out.append(placeholder)
            last = b
        out.append(self.text[last:])
        return "".join(out)

    def word_index_at(self, pos: int) -> int | None:
        for i, w in enumerate(self.words):
            if w.start <= pos < w.end:
                return i
        return None


def find_quotes(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for open_mark, close_mark in _QUOTE_PAIRS:
        pos = 0
        while True:
            a = text.find(open_mark, pos)
            if a < 0:
                break
            b = text.find(close_mark, a + 1)
            if b < 0:
                break
            if not any(x <= a < y for x, y in spans):
                spans.append((a, b + 1))
            pos = b + 1
    return sorted(spans)


def _mask_parens(text: str) -> tuple[str, dict[int, str], dict[int, str]]:
    glosses: dict[int, str] = {}
    hanja: dict[int, str] = {}

    def blank(m: re.Match[str]) -> str:
        inner = m.group(0)[1:-1].strip()
        if re.fullmatch(r"[A-Za-z][A-Za-z0-9&.\- ]*", inner):
            glosses[m.start()] = inner
        elif re.fullmatch(r"[\u4e00-\u9fff]{2,6}", inner):
            hanja[m.start()] = inner
        return " " * len(m.group(0))

    masked = text
    for _ in range(2):  # nested parentheses, innermost first
        masked = _PAREN.sub(blank, masked)
    return masked, glosses, hanja


def prepare(sentences: Sequence[tuple[int, str]], tokens: Sequence[Any]) -> list[SentenceInfo]:
    infos = []
    for (sid, text), toks in zip(sentences, tokens, strict=True):
        masked, glosses, hanja = _mask_parens(text)
        nnp = [False] * len(text)
        tagged = [""] * len(text)
        kept: list[Token] = []
        for tok in toks:
            tag = str(tok.tag)
            kept.append(Token(tok.start, tok.start + tok.len, str(tok.form), tag))
            for i in range(tok.start, min(tok.start + tok.len, len(text))):
                tagged[i] = tag
                if tag == "NNP":
                    nnp[i] = True
        words = [Word(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(masked)]
        infos.append(
            SentenceInfo(
                sid,
                text,
                masked,
                words,
                find_quotes(text),
                nnp,
                tagged,
                is_headline(text),
                glosses,
                kept,
                hanja,
            )
        )
    return infos
