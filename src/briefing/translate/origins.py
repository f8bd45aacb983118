"""Where a person named in Hangul comes from, told by the words around the name.

The English of 무토 요지 depends on it: Japanese names follow Hepburn and the English
order, Chinese names pinyin, Korean names the Korean romanisation. The markers are
countries and the words of ``data/name_origins.toml`` (ministries, titles, companies).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from briefing.errors import ConfigError
from briefing.resources import bundled_data_dir

OriginKind = Literal["korean", "japanese", "chinese", "chinese_local", "foreign"]
ORIGIN_KINDS: tuple[str, ...] = ("korean", "japanese", "chinese", "chinese_local", "foreign")

# Where one clause ends: sentence ends, commas, and the conjunctions 과/와/및 between names.
_CLAUSE_BREAK = re.compile(r"[.!?\n,;]|(?<=[가-힣][과와])\s|\s및\s")
_SENTENCE_BREAK = re.compile(r"[.!?\n]")
# A case particle after a country says where something happens (일본을 방문한), not whose.
_PARTICLE_AFTER = re.compile(
    r"(?:을|를|에서|에게|에|으로|로|은|는|이|가|과|와|까지|부터|도)(?![가-힣])"
)
_ADJACENT = 2  # characters between a name and a marker that still make them one phrase


@dataclass(frozen=True)
class Origin:
    kind: OriginKind | None  # None: nothing in the text says
    # True when the marker stands with the name (무토 요지 일본 경제산업상, 중국 상무부 왕원타오
    # 부장); False when it only says where the story happens, or is elsewhere in the sentence.
    strong: bool = False
    country: str | None = None  # the country's English name, when a country was the marker


UNKNOWN = Origin(None)


@dataclass(frozen=True)
class _Marker:
    start: int
    end: int
    kind: OriginKind
    strong: bool
    country: str | None = None


class OriginMarkers:
    """The marker words of every origin, found in text with one regular expression."""

    def __init__(
        self,
        words: Mapping[str, OriginKind],
        hanja: Mapping[str, OriginKind],
        countries: Mapping[str, str] | None = None,  # Korean country name -> English
    ) -> None:
        self.words = dict(words)
        self.hanja = dict(hanja)
        self.countries = dict(countries or {})

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        parts = []
        for word in sorted(self.words, key=len, reverse=True):
            escaped = re.escape(word)
            parts.append(rf"\b{escaped}\b" if word.isascii() else escaped)
        for char in self.hanja:
            parts.append(rf"{re.escape(char)}(?![\u4e00-\u9fff가-힣])")
        return re.compile("|".join(parts))

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[_Marker]:
        end = len(text) if end is None else end
        found = []
        for m in self._pattern.finditer(text, start, end):
            word = m.group()
            kind = self.words.get(word) or self.hanja[word]
            strong = _PARTICLE_AFTER.match(text, m.end()) is None
            found.append(_Marker(m.start(), m.end(), kind, strong, self.countries.get(word)))
        return found

    def origin_of(self, name: str, body: str, hint: str = "") -> Origin:
        """The origin the nearest marker gives: the person's own title and organisation
        (``hint``) first, then the clause of each mention, then its sentence."""
        if hint:
            markers = self.find(hint)
            if markers:
                return Origin(markers[0].kind, True, markers[0].country)
        best_clause: tuple[tuple[int, int], _Marker] | None = None
        best_sentence: tuple[int, _Marker] | None = None
        for mention in _mentions(name, body):
            clause = _span(body, mention.start(), mention.end(), _CLAUSE_BREAK)
            for marker in self.find(body, *clause):
                distance = _distance(mention.span(), marker)
                strong = marker.strong or distance <= _ADJACENT
                rank = (0 if strong else 1, distance)
                if best_clause is None or rank < best_clause[0]:
                    best_clause = (
                        rank,
                        _Marker(marker.start, marker.end, marker.kind, strong, marker.country),
                    )
            for marker in self.find(
                body, *_span(body, mention.start(), mention.end(), _SENTENCE_BREAK)
            ):
                distance = _distance(mention.span(), marker)
                if best_sentence is None or distance < best_sentence[0]:
                    best_sentence = (distance, marker)
        if best_clause is not None:
            marker = best_clause[1]
            return Origin(marker.kind, marker.strong, marker.country)
        if best_sentence is not None:
            return Origin(best_sentence[1].kind, False, best_sentence[1].country)
        return UNKNOWN


def _mentions(name: str, body: str) -> Iterable[re.Match[str]]:
    letters = [re.escape(c) for c in name if not c.isspace() and c not in "·・"]
    if not letters:
        return ()
    return re.finditer(r"[\s·・]*".join(letters), body)


def _span(text: str, start: int, end: int, breaks: re.Pattern[str]) -> tuple[int, int]:
    left = 0
    for m in breaks.finditer(text, max(0, start - 300), start):
        left = m.end()
    right_match = breaks.search(text, end)
    return left, right_match.start() if right_match else len(text)


def _distance(mention: tuple[int, int], marker: _Marker) -> int:
    if marker.end <= mention[0]:
        return mention[0] - marker.end
    if marker.start >= mention[1]:
        return marker.start - mention[1]
    return 0


def load_origin_markers(countries: Mapping[str, str], path: Path | None = None) -> OriginMarkers:
    """The markers of ``data/name_origins.toml``; ``countries`` maps Korean country names
    (the glossary's) to English ones, whose origin the file's [countries] table gives."""
    import tomllib

    path = path or bundled_data_dir() / "name_origins.toml"
    try:
        raw: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"data file {path} cannot be read: {exc}", "fix the file") from exc
    by_country = {str(k): _kind(v, path, "countries") for k, v in raw.get("countries", {}).items()}
    words: dict[str, OriginKind] = {
        ko: by_country.get(en, "foreign") for ko, en in countries.items() if len(ko) >= 2
    }
    for kind, listed in raw.get("words", {}).items():
        if not isinstance(listed, list) or not all(isinstance(w, str) and w for w in listed):
            raise ConfigError(f"{path}: [words] {kind} must be a list of words", "fix the entry")
        for word in listed:
            words[word] = _kind(kind, path, "words")
    hanja = {str(k): _kind(v, path, "hanja") for k, v in raw.get("hanja", {}).items()}
    named = {ko: en for ko, en in countries.items() if ko in words and len(ko) >= 2}
    return OriginMarkers(words, hanja, named)


def _kind(value: object, path: Path, table: str) -> OriginKind:
    if value not in ORIGIN_KINDS:
        raise ConfigError(
            f"{path}: [{table}] {value!r} is not an origin", f"use one of {', '.join(ORIGIN_KINDS)}"
        )
    return value  # type: ignore[return-value]
