"""Helpers over Korean sentence text: words, particles, quotes, Kiwi tags, headlines."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

HANGUL = re.compile(r"[가-힣]")
_FINAL_ENDING = re.compile(r"(?:다|요|죠|까|니다|오)[.!?]?\s*[”\"’']?\s*$|[.!?]\s*$")
_PAREN = re.compile(r"\([^()]{0,80}\)")
# one whitespace- or middle-dot-separated word, with its offsets
_WORD = re.compile(r"[^\s·ㆍ,]+")
_QUOTE_PAIRS = (("“", "”"), ('"', '"'), ("「", "」"), ("『", "』"))


def has_final_consonant(syllable: str, jong: int | None = None) -> bool:
    """Whether a Hangul syllable has a final consonant (``jong``: that one; 8 is ㄹ)."""
    if not syllable or not "가" <= syllable[-1] <= "힣":
        return False
    index = (ord(syllable[-1]) - 0xAC00) % 28
    return index != 0 if jong is None else index == jong


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


_AFTER_CONSONANT = ("이", "은", "을", "과", "으")
_AFTER_VOWEL = ("가", "는", "를", "와", "로")


def _particle_fits(before: str, particle: str) -> bool:
    """Korean particles alternate by the preceding syllable: 이/가, 은/는, 을/를, 과/와."""
    if not HANGUL.match(before):
        return before.isalnum() or before in ")]’'\""
    if particle.startswith(_AFTER_CONSONANT):
        return has_final_consonant(before)
    if particle.startswith("로"):
        return not has_final_consonant(before) or has_final_consonant(before, 8)
    if particle.startswith(_AFTER_VOWEL):
        return not has_final_consonant(before)
    return True


def strip_particle(word: str, particles: Sequence[str]) -> tuple[str, str]:
    """``word`` split into stem and trailing particle(s) (longest first, two at most)."""
    return _strip_particle(word, _particle_table(tuple(particles)))


@lru_cache(maxsize=8)
def _particle_table(particles: tuple[str, ...]) -> tuple[frozenset[str], tuple[int, ...]]:
    return frozenset(particles), tuple(sorted({len(p) for p in particles}, reverse=True))


@lru_cache(maxsize=65536)
def _strip_particle(word: str, table: tuple[frozenset[str], tuple[int, ...]]) -> tuple[str, str]:
    known, lengths = table
    stem, tail = word, ""
    for _ in range(2):
        for n in lengths:
            p = stem[-n:]
            if len(stem) > n and p in known and _particle_fits(stem[-n - 1], p):
                stem, tail = stem[:-n], p + tail
                break
        else:
            break
    return stem, tail


def particle_after(text: str, pos: int, particles: Sequence[str]) -> str:
    """The particle after a mention ending at ``pos``, past a gloss: 최고경영자(CEO)가 -> 가."""
    while pos < len(text) and text[pos] == "(":
        close = text.find(")", pos)
        if close < 0:
            break
        pos = close + 1
    end = pos
    while end < len(text) and HANGUL.match(text[end]):
        end += 1
    if end == pos:
        return ""
    return (
        strip_particle("X" + text[pos:end], particles)[1]
        if text[pos:end] not in particles
        else text[pos:end]
    )
