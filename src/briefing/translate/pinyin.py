"""Chinese names written in Hangul, back to Hanyu Pinyin: 왕원타오 -> Wang Wentao.

The official pinyin-Hangul table (data/pinyin.toml) is read backwards. A Hangul spelling
can stand for several syllables (장 = zhang, jiang): the family name takes the most
frequent Chinese family name among them, the given name the reading the table prefers,
and a reading that stays uncertain is reported (the name is then marked as a guess).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from briefing.errors import ConfigError
from briefing.resources import bundled_data_dir

_SEPARATORS = re.compile(r"[\s·・]+")
_MAX_SPELLING = 3  # the longest Hangul spelling of one syllable (e.g. 위안), in letters


@dataclass(frozen=True)
class PinyinName:
    en: str
    certain: bool  # False when a syllable of the given name had several readings


@dataclass(frozen=True)
class PinyinTable:
    readings: dict[str, tuple[str, ...]]  # Hangul spelling -> pinyin syllables, table order
    surnames: dict[str, int]  # pinyin family name -> frequency rank (0 = most frequent)
    given: dict[str, tuple[str, ...]]  # Hangul spelling -> likely given-name readings

    def split(self, hangul: str) -> list[str] | None:
        """``hangul`` cut into table spellings, fewest pieces first (왕|원|타오)."""
        n = len(hangul)
        best: list[list[str] | None] = [[], *([None] * n)]
        for i in range(n):
            pieces = best[i]
            if pieces is None:
                continue
            for j in range(i + 1, min(n, i + _MAX_SPELLING) + 1):
                if hangul[i:j] in self.readings:
                    current = best[j]
                    if current is None or len(pieces) + 1 < len(current):
                        best[j] = [*pieces, hangul[i:j]]
        return best[n]

    def name(self, ko: str) -> PinyinName | None:
        """Family name first, the given name as one word; None unless the first syllable is
        a common Chinese family name and the rest are table syllables."""
        pieces = self.split("".join(_SEPARATORS.split(ko.strip())))
        if pieces is None or not 2 <= len(pieces) <= 3:
            return None
        family = [p for p in self.readings[pieces[0]] if p in self.surnames]
        if not family:
            return None
        surname = min(family, key=self.surnames.__getitem__)
        certain = True
        given: list[str] = []
        for piece in pieces[1:]:
            readings = self.given.get(piece) or self.readings[piece]
            certain = certain and len(readings) == 1
            syllable = readings[0]
            if given and syllable[0] in "aoe":
                syllable = "'" + syllable  # Xi'an: where the syllable break is not obvious
            given.append(syllable)
        given_name = "".join(given)
        return PinyinName(f"{_capital(surname)} {_capital(given_name)}", certain)


def _capital(syllables: str) -> str:
    return syllables[:1].upper() + syllables[1:]


def load_pinyin(path: Path | None = None) -> PinyinTable:
    import tomllib

    path = path or bundled_data_dir() / "pinyin.toml"
    try:
        raw: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"data file {path} cannot be read: {exc}", "fix the file") from exc
    syllables = raw.get("syllables")
    if not isinstance(syllables, dict) or not all(isinstance(v, str) for v in syllables.values()):
        raise ConfigError(f"{path}: [syllables] must map pinyin to Hangul", "fix the file")
    readings: dict[str, list[str]] = {}
    for pinyin, hangul in syllables.items():
        readings.setdefault(hangul, []).append(pinyin)
    names = raw.get("surnames", {}).get("names", [])
    unknown = [s for s in names if s not in syllables]
    if unknown:
        raise ConfigError(f"{path}: [surnames] {unknown[0]!r} is not a syllable", "fix it")
    given: dict[str, tuple[str, ...]] = {}
    for hangul, choices in raw.get("given_names", {}).items():
        if not isinstance(choices, list) or not choices or any(c not in syllables for c in choices):
            raise ConfigError(
                f"{path}: [given_names] {hangul!r} must list syllables of [syllables]",
                "fix the entry",
            )
        given[str(hangul)] = tuple(choices)
    ranks: dict[str, int] = {}
    for rank, surname in enumerate(names):
        ranks.setdefault(surname, rank)
    return PinyinTable({h: tuple(p) for h, p in readings.items()}, ranks, given)


@cache
def bundled_pinyin() -> PinyinTable:
    return load_pinyin()
