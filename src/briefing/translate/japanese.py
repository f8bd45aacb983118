"""Japanese names written in Hangul, back to Hepburn: 기시다 후미오 -> Fumio Kishida.

The Korean orthography of Japanese (data/japanese.toml) is read backwards syllable by
syllable. It loses two things, so the reading chooses: voicing at the start of a word (가
is か or が; the table's order says which comes first) and long vowels, which the Korean
spelling writes only sometimes (이토오 -> Itō; 이토 -> Ito).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from briefing.errors import ConfigError
from briefing.resources import bundled_data_dir
from briefing.translate.romanize import is_hangul_syllable

_HANGUL_BASE = 0xAC00
_FINAL_N = 4  # ㄴ: ん
_FINAL_S = 19  # ㅅ: っ, doubles the next consonant
_LONG_VOWELS = (("oo", "ō"), ("uu", "ū"), ("aa", "ā"), ("ee", "ē"))
_NAME_SEPARATORS = re.compile(r"[\s·・]+")


@dataclass(frozen=True)
class JapaneseTable:
    at_start: dict[str, str]  # Hangul syllable -> Hepburn, at the start of a word
    inside: dict[str, str]  # ... inside a word

    def word(self, word: str) -> str | None:
        """One Hangul word in Hepburn (lower case), or None if a syllable is not Japanese."""
        out: list[str] = []
        double_next = False
        for i, ch in enumerate(word):
            if not is_hangul_syllable(ch):
                return None
            index = ord(ch) - _HANGUL_BASE
            final = index % 28
            if final not in (0, _FINAL_N, _FINAL_S):
                return None
            open_syllable = chr(ord(ch) - final)
            table = self.at_start if i == 0 else self.inside
            syllable = table.get(open_syllable)
            if syllable is None:
                return None
            if double_next:
                if syllable[0] in "aeiou":
                    return None  # っ before a vowel is not Japanese
                syllable = ("t" if syllable.startswith("ch") else syllable[0]) + syllable
                double_next = False
            out.append(syllable)
            if final == _FINAL_N:
                out.append("n")
            elif final == _FINAL_S:
                double_next = True
        if double_next:
            return None
        latin = "".join(out)
        for written, long in _LONG_VOWELS:
            latin = latin.replace(written, long)
        return latin

    def name(self, ko: str) -> str | None:
        """A Japanese name in English order (given name first), or None if not Japanese.

        Korean writes the family name first; one word alone is the family name."""
        words = [w for w in _NAME_SEPARATORS.split(ko.strip()) if w]
        if not 1 <= len(words) <= 2:
            return None
        latin = [self.word(w) for w in words]
        if any(w is None or len(w) < 2 for w in latin):
            return None
        parts = [w[:1].upper() + w[1:] for w in latin if w]
        return " ".join(reversed(parts))


def load_japanese(path: Path | None = None) -> JapaneseTable:
    import tomllib

    path = path or bundled_data_dir() / "japanese.toml"
    try:
        raw: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"data file {path} cannot be read: {exc}", "fix the file") from exc
    at_start: dict[str, str] = {}
    inside: dict[str, str] = {}
    for syllable, forms in _kana(raw, path):
        start, middle = forms
        at_start.setdefault(start, syllable)
        inside.setdefault(middle, syllable)
    for syllable, forms in _kana(raw, path):
        # the aspirated spellings kept for inside a word, also met at the start of one
        at_start.setdefault(forms[1], syllable)
    for table, targets in (("press", (at_start, inside)), ("at_start", (at_start,))):
        section = raw.get(table, {})
        if not isinstance(section, dict):
            raise ConfigError(f"{path}: [{table}] must map Hangul to Hepburn", "fix the file")
        for hangul, syllable in section.items():
            for target in targets:
                target[str(hangul)] = str(syllable)
    return JapaneseTable(at_start, inside)


def _kana(raw: dict[str, Any], path: Path) -> Iterable[tuple[str, tuple[str, str]]]:
    section = raw.get("kana")
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [kana] is missing", "restore the bundled file")
    for syllable, forms in section.items():
        if not (
            isinstance(forms, list)
            and len(forms) == 2
            and all(isinstance(f, str) and len(f) == 1 for f in forms)
        ):
            raise ConfigError(
                f"{path}: [kana] {syllable} must be two Hangul syllables", "fix the entry"
            )
        yield str(syllable), (forms[0], forms[1])


@cache
def bundled_japanese() -> JapaneseTable:
    return load_japanese()
