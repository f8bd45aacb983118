"""Hangul -> Latin: Korean personal names, place names, and Hangul spellings of foreign names.

Three spellings, because English-language news uses three conventions:

- Korean personal names: customary surname spelling (이 Lee, 박 Park, 정 Jung) and the
  popular given-name spelling with a hyphen (배경훈 -> Bae Kyung-hoon), as in Korean
  newspapers' English editions; per-syllable exceptions live in ``romanization.toml``.
- Places and other proper nouns: the Revised Romanization (경주 -> Gyeongju).
- Foreign names written in Hangul: a dictionary of common given and family names, else a
  loanword-aware transliteration (the epenthetic 으 is dropped: 크라치오스 -> Krachios).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from briefing.errors import ConfigError
from briefing.resources import bundled_data_dir, read_data_toml

_HANGUL_BASE = 0xAC00
_HANGUL_LAST = 0xD7A3

# Jamo order of the Unicode Hangul block: 19 initials, 21 medials, 28 finals (0 = none).
_RR_INITIALS = [
    "g",
    "kk",
    "n",
    "d",
    "tt",
    "r",
    "m",
    "b",
    "pp",
    "s",
    "ss",
    "",
    "j",
    "jj",
    "ch",
    "k",
    "t",
    "p",
    "h",
]
_RR_MEDIALS = [
    "a",
    "ae",
    "ya",
    "yae",
    "eo",
    "e",
    "yeo",
    "ye",
    "o",
    "wa",
    "wae",
    "oe",
    "yo",
    "u",
    "wo",
    "we",
    "wi",
    "yu",
    "eu",
    "ui",
    "i",
]
_RR_FINALS = [
    "",
    "k",
    "k",
    "k",
    "n",
    "n",
    "n",
    "t",
    "l",
    "k",
    "m",
    "l",
    "l",
    "l",
    "p",
    "l",
    "m",
    "p",
    "p",
    "t",
    "t",
    "ng",
    "t",
    "t",
    "k",
    "t",
    "p",
    "t",
]
# A final consonant before a vowel-initial syllable is pronounced as that syllable's initial.
_RR_LIAISON = [
    "",
    "g",
    "kk",
    "g",
    "n",
    "n",
    "n",
    "d",
    "r",
    "g",
    "m",
    "r",
    "r",
    "r",
    "p",
    "r",
    "m",
    "b",
    "b",
    "s",
    "ss",
    "ng",
    "j",
    "ch",
    "k",
    "t",
    "p",
    "h",
]

_I_G, _I_R, _I_S, _I_NULL, _I_J, _I_CH = 0, 5, 9, 11, 12, 14
_M_EO, _M_YEO, _M_U, _M_EU, _M_I = 4, 6, 13, 18, 20
_F_NONE, _F_L, _F_NG, _F_M, _F_N = 0, 8, 21, 16, 4


def is_hangul_syllable(ch: str) -> bool:
    return _HANGUL_BASE <= ord(ch) <= _HANGUL_LAST


def has_hangul(text: str) -> bool:
    return any(is_hangul_syllable(c) for c in text)


def _parts(ch: str) -> tuple[int, int, int]:
    index = ord(ch) - _HANGUL_BASE
    return index // 588, (index % 588) // 28, index % 28


@dataclass(frozen=True)
class SpellingHint:
    """How names of some countries spell a word's start or end (data: [[foreign_spelling]])."""

    countries: frozenset[str]  # English country names; empty: every foreign name
    starts: dict[str, str]  # Hangul at a word's start = Latin (옌 = Jen, for Germany)
    ends: dict[str, str]  # Hangul at a word's end = Latin (부르크 = burg)

    def applies(self, country: str | None) -> bool:
        return not self.countries or country in self.countries


_NAME_TABLES = (
    "surnames",
    "given_syllables",
    "foreign_given",
    "foreign_surnames",
    "vietnamese_surnames",
    "vietnamese_syllables",
)


@dataclass(frozen=True)
class RomanizationData:
    surnames: dict[str, str] = field(default_factory=dict)
    given_syllables: dict[str, str] = field(default_factory=dict)
    foreign_given: dict[str, str] = field(default_factory=dict)
    foreign_surnames: dict[str, str] = field(default_factory=dict)
    vietnamese_surnames: dict[str, str] = field(default_factory=dict)
    vietnamese_syllables: dict[str, str] = field(default_factory=dict)
    foreign_spelling: list[SpellingHint] = field(default_factory=list)


def load_romanization(extra_files: Iterable[Path] = ()) -> RomanizationData:
    """The bundled tables, with the same tables from ``extra_files`` merged over them."""
    data = RomanizationData()
    for path in (bundled_data_dir() / "romanization.toml", *extra_files):
        raw = _read_toml(path)
        for table in _NAME_TABLES:
            section = raw.get(table, {})
            if not isinstance(section, dict):
                raise ConfigError(
                    f'{path}: [{table}] must be a table of "Hangul" = "Latin"',
                    "see README, Translation",
                )
            getattr(data, table).update({str(k): str(v) for k, v in section.items()})
        data.foreign_spelling.extend(_spelling_hints(raw.get("foreign_spelling", []), path))
    return data


def _spelling_hints(raw: object, path: Path) -> list[SpellingHint]:
    hints = []
    for i, entry in enumerate(raw if isinstance(raw, list) else [raw], start=1):
        tables = [entry.get(k, {}) if isinstance(entry, dict) else None for k in ("starts", "ends")]
        countries = entry.get("countries", []) if isinstance(entry, dict) else None
        if (
            not isinstance(countries, list)
            or not all(isinstance(c, str) for c in countries)
            or not all(
                isinstance(t, dict) and all(isinstance(v, str) for v in t.values()) for t in tables
            )
        ):
            raise ConfigError(
                f"{path}: [[foreign_spelling]] {i} must have countries = [...] and tables "
                'starts / ends of "Hangul" = "Latin"',
                "see the bundled romanization.toml",
            )
        starts, ends = (dict(t) for t in tables if isinstance(t, dict))
        hints.append(SpellingHint(frozenset(countries), starts, ends))
    return hints


def _read_toml(path: Path) -> dict[str, object]:
    return read_data_toml(path, "data file", "check [data] in the config", "fix the file")


@cache
def bundled_romanization() -> RomanizationData:
    return load_romanization()


# --------------------------------------------------------------------------- Revised Romanization


def romanize_rr(text: str) -> str:
    """Revised Romanization of the Hangul in ``text`` (other characters kept), lower case."""
    out: list[str] = []
    chars = list(text)
    for i, ch in enumerate(chars):
        if not is_hangul_syllable(ch):
            out.append(ch)
            continue
        initial, medial, final = _parts(ch)
        prev = chars[i - 1] if i > 0 and is_hangul_syllable(chars[i - 1]) else None
        nxt = chars[i + 1] if i + 1 < len(chars) and is_hangul_syllable(chars[i + 1]) else None
        onset = _RR_INITIALS[initial]
        if prev is not None:
            p_final = _parts(prev)[2]
            if initial == _I_R and p_final in (_F_L, _F_N):
                onset = "l"
            elif initial == _I_R and p_final in (_F_NG, _F_M):
                onset = "n"
            elif initial == _I_NULL and p_final != _F_NONE:
                onset = ""  # the final already moved over (liaison)
        coda = _RR_FINALS[final]
        if nxt is not None and final != _F_NONE:
            n_initial = _parts(nxt)[0]
            if n_initial == _I_NULL:
                coda = _RR_LIAISON[final]
            elif final == _F_N and n_initial == _I_R:
                coda = "l"
        out.append(onset + _RR_MEDIALS[medial] + coda)
    return "".join(out)


def romanize_place(text: str) -> str:
    """A proper noun in RR, each word capitalised (경주 -> Gyeongju)."""
    return " ".join(w[:1].upper() + w[1:] for w in romanize_rr(text).split())


# --------------------------------------------------------------------------- Korean names


def _popular_syllable(ch: str, data: RomanizationData) -> str:
    if ch in data.given_syllables:
        return data.given_syllables[ch]
    if not is_hangul_syllable(ch):
        return ch.lower()
    initial, medial, final = _parts(ch)
    onset = _RR_INITIALS[initial]
    if initial == _I_G and medial != _M_EU:
        onset = "k"  # Kyung, Ki, Kwan: the customary spelling of ㄱ in names
    elif initial == _I_S and medial == _M_I:
        onset = "sh"
    vowel = _RR_MEDIALS[medial]
    if medial == _M_EO and final != _F_NONE:
        vowel = "u"  # Jung, Sun, Duk
    elif medial == _M_YEO and final != _F_NONE:
        vowel = "yu"  # Hyun, Myung, Kyung
    elif medial == _M_U:
        vowel = "oo"  # Hoon, Joo, Soo
    return onset + vowel + _RR_FINALS[final]


def split_korean_name(name: str, data: RomanizationData) -> tuple[str, str] | None:
    """(surname, given name) when ``name`` looks like a Korean personal name, else None."""
    name = name.strip()
    if not 2 <= len(name) <= 5 or not all(is_hangul_syllable(c) for c in name):
        return None
    if len(name) >= 4 and name[:2] in data.surnames:
        return name[:2], name[2:]
    if len(name) <= 4 and name[0] in data.surnames:
        return name[0], name[1:]
    return None


def romanize_given_name(given: str, data: RomanizationData) -> str:
    syllables = [_popular_syllable(c, data) for c in given]
    return "-".join(syllables).capitalize() if syllables else ""


def romanize_korean_name(name: str, data: RomanizationData | None = None) -> str | None:
    """Bae Kyung-hoon for 배경훈; None when ``name`` is not shaped like a Korean name."""
    data = data or bundled_romanization()
    parts = split_korean_name(name, data)
    if parts is None:
        return None
    surname, given = parts
    return f"{data.surnames[surname]} {romanize_given_name(given, data)}"


# --------------------------------------------------------------------------- foreign names


def transliterate_word(word: str) -> str:
    """A foreign word written in Hangul, back to a plausible Latin spelling."""
    out: list[str] = []
    chars = list(word)
    for i, ch in enumerate(chars):
        if not is_hangul_syllable(ch):
            out.append(ch)
            continue
        initial, medial, final = _parts(ch)
        prev_final = _parts(chars[i - 1])[2] if i > 0 and is_hangul_syllable(chars[i - 1]) else -1
        onset = _RR_INITIALS[initial]
        if initial == _I_R:
            onset = "l" if i == 0 or prev_final == _F_L else "r"
        vowel = {_M_EO: "e", 1: "a", 5: "e", 7: "ye"}.get(medial, _RR_MEDIALS[medial])
        if medial == _M_EO and final == _F_NONE and i == len(chars) - 1 and i > 0:
            vowel = "er"  # 터너 = Turner, 브레너 = Brenner: a final 어 is the English -er
        if medial == _M_EU and initial != _I_NULL and (i > 0 or final == _F_NONE):
            vowel = ""  # the 으 Korean adds to consonant clusters (크라 = kra, 스 = s)
            onset = {_I_J: "z", _I_CH: "ts"}.get(initial, onset)  # 즈 = z, 츠 = ts
            if initial == _I_S and out and out[-1].endswith("x"):
                onset = ""
        elif initial == _I_S and vowel.startswith("y"):
            onset, vowel = "sh", vowel[1:].replace("eo", "e")  # 슈 = shu, 샤 = sha, 쇼 = sho
        coda = {_F_L: "l", 19: "t"}.get(final, _RR_FINALS[final])
        if final == 1 and i + 1 < len(chars) and chars[i + 1] == "스":
            coda = "x"  # 맥스 = Max, 폭스 = Fox: a k before a vowelless s is an x
        if (
            final == _F_L
            and i + 1 < len(chars)
            and is_hangul_syllable(chars[i + 1])
            and _parts(chars[i + 1])[0] == _I_R
        ):
            coda = ""  # 을러 = ll, the double spelling of an English l
        out.append(onset + vowel + coda)
    latin = "".join(out)
    return latin[:1].upper() + latin[1:]


# Particles written with a capital; the others are lower-case values in [foreign_surnames].
_CAPITAL_PARTICLES = frozenset({"Al", "El", "Abu", "Le", "Mc", "O'"})
_GLUED_PARTICLES = frozenset({"Mc", "O'"})  # spelled onto the next word: 오 코너 -> O'Connor
_PATRONYMICS = frozenset({"bin", "ibn", "bint"})  # followed by a father's given name
_NAME_SEPARATORS = re.compile(r"[\s·・]+")


def _is_particle(latin: str) -> bool:
    return latin in _CAPITAL_PARTICLES or (latin[:1].islower() and latin.isalpha())


def _table_word(word: str, data: RomanizationData, given_first: bool) -> str | None:
    tables = (
        (data.foreign_given, data.foreign_surnames)
        if given_first
        else (data.foreign_surnames, data.foreign_given)
    )
    for table in tables:
        if word in table:
            return table[word]
    return None


def _compound_given(word: str, data: RomanizationData) -> str | None:
    """장뤼크 -> Jean-Luc: two known given names written as one word."""
    for cut in range(1, len(word)):
        head, tail = word[:cut], word[cut:]
        if head in data.foreign_given and tail in data.foreign_given:
            return f"{data.foreign_given[head]}-{data.foreign_given[tail]}"
    return None


def _particle_prefixed(word: str, data: RomanizationData) -> str | None:
    """알자베르 -> Al Jaber: a particle spelled onto a known family name."""
    for cut in (2, 1):
        head, tail = word[:cut], word[cut:]
        particle = data.foreign_surnames.get(head)
        if (
            particle is None
            or not _is_particle(particle)
            or particle in _GLUED_PARTICLES
            or len(tail) < 2
        ):
            continue
        rest = data.foreign_surnames.get(tail)
        if rest is None and particle in _PATRONYMICS:
            rest = data.foreign_given.get(tail)
        if rest is not None:
            return f"{particle} {rest}"
    return None


def _hinted(word: str, data: RomanizationData, country: str | None) -> str:
    """A letter-by-letter reading, with the start and end spellings of the name's country
    (브란덴부르크 in a German's name -> Brandenburg)."""
    start = end = ""
    middle = word
    for hint in data.foreign_spelling:
        if not hint.applies(country):
            continue
        for hangul in sorted(hint.ends, key=len, reverse=True):
            if not end and middle.endswith(hangul) and len(middle) > len(hangul):
                middle, end = middle[: -len(hangul)], hint.ends[hangul]
        for hangul in sorted(hint.starts, key=len, reverse=True):
            if not start and middle.startswith(hangul):
                middle, start = middle[len(hangul) :], hint.starts[hangul]
    latin = start + (transliterate_word(middle).lower() if middle else "") + end
    return latin[:1].upper() + latin[1:]


def _foreign_word(
    word: str,
    data: RomanizationData,
    given_first: bool,
    guessed: list[str] | None = None,
    country: str | None = None,
) -> str:
    found = _table_word(word, data, given_first)
    if found is not None:
        return found
    if "-" in word.strip("-"):
        return "-".join(
            _foreign_word(p, data, given_first, guessed, country) for p in word.split("-") if p
        )
    found = (_compound_given(word, data) if given_first else None) or _particle_prefixed(word, data)
    if found is not None:
        return found
    if guessed is not None and has_hangul(word):
        guessed.append(word)
    return _hinted(word, data, country)


def _family_name_first(words: list[str], data: RomanizationData) -> bool:
    """기시다 후미오: Korean press writes Japanese (and Hungarian) names family name first;
    trusted only when the tables know the first word only as a family name and the second
    only as a given name."""
    if len(words) != 2 or any(len(w) < 2 for w in words):
        return False
    family, given = words
    return (
        family in data.foreign_surnames
        and family not in data.foreign_given
        and given in data.foreign_given
        and given not in data.foreign_surnames
    )


def _vietnamese(words: list[str], data: RomanizationData, country: str | None) -> bool:
    """응우옌 반 탄: a Vietnamese family name first and three words, or a person the article
    marks as Vietnamese."""
    if len(words) < 2 or words[0] not in data.vietnamese_surnames:
        return False
    return country == "Vietnam" or len(words) >= 3


def _vietnamese_word(
    word: str, position: int, data: RomanizationData, guessed: list[str] | None
) -> str:
    table = data.vietnamese_surnames if position == 0 else data.vietnamese_syllables
    if word in table:
        return table[word]
    if position and word in data.vietnamese_surnames:
        return data.vietnamese_surnames[word]
    if guessed is not None and has_hangul(word):
        guessed.append(word)
    return transliterate_word(word)


def romanize_foreign_name(
    name: str,
    data: RomanizationData | None = None,
    guessed: list[str] | None = None,
    country: str | None = None,
) -> str:
    """마이클 크라치오스 -> Michael Kratsios (dictionary), else a transliteration per word.

    The first of several words is looked up as a given name first, the others as family
    names first; particles (반 van, 알 Al, 빈 bin, 오 O') are table entries too. Words
    transliterated letter by letter (no table holds them) are appended to ``guessed``;
    ``country`` (English) selects the spelling hints of [[foreign_spelling]]."""
    data = data or bundled_romanization()
    words = [w for w in _NAME_SEPARATORS.split(name.strip()) if w]
    if _vietnamese(words, data, country):
        return " ".join(_vietnamese_word(w, i, data, guessed) for i, w in enumerate(words))
    if _family_name_first(words, data):
        return f"{data.foreign_given[words[1]]} {data.foreign_surnames[words[0]]}"
    english: list[str] = []
    glued = ""
    for i, word in enumerate(words):
        latin = _foreign_word(word, data, i == 0 and len(words) > 1, guessed, country)
        if latin in _GLUED_PARTICLES and i + 1 < len(words):
            glued += latin
            continue
        if glued:
            latin, glued = glued + latin[:1].upper() + latin[1:], ""
        english.append(latin)
    return " ".join(english)


def loanword_shaped(word: str) -> bool:
    """크, 스, 트 after the first syllable: the 으 of a loanword, never in a Korean name."""
    return any(
        is_hangul_syllable(c) and _parts(c)[1] == _M_EU and _parts(c)[2] == _F_NONE
        for c in word[1:]
    )


def korean_shaped(name: str, data: RomanizationData | None = None) -> bool:
    """True when ``name`` reads as a Korean personal name: one word, a Korean surname and a
    given name, not a loanword (크, 스 ...) and not a foreign name of the tables (오바마)."""
    data = data or bundled_romanization()
    compact = name.strip()
    if " " in compact or "·" in compact:
        return False
    if len(compact) >= 2 and compact in data.foreign_surnames:
        return False
    # ... but a four-syllable Korean name has a two-syllable surname, not 하+인리히.
    if len(compact) >= 4 and compact in data.foreign_given:
        return False
    return not loanword_shaped(compact) and split_korean_name(compact, data) is not None


def romanize_person(
    name: str,
    data: RomanizationData | None = None,
    guessed: list[str] | None = None,
    country: str | None = None,
) -> str:
    """A personal name in Hangul -> English by rule (glossary lookups happen before this).

    Words no table holds, transliterated letter by letter, are appended to ``guessed``;
    ``country`` is where the person is from, if the article says (spelling hints)."""
    data = data or bundled_romanization()
    compact = name.strip()
    if korean_shaped(compact, data):
        return romanize_korean_name(compact, data) or compact
    if " " not in compact and "·" not in compact:
        # A lone word naming a person is a family name (오바마, 설리번); a Korean-shaped word
        # that is only a foreign given name (마리, 한나) stays a Korean name.
        if len(compact) >= 2 and compact in data.foreign_surnames:
            return data.foreign_surnames[compact]
        if len(compact) >= 2 and compact in data.foreign_given:
            return data.foreign_given[compact]
    return romanize_foreign_name(compact, data, guessed, country)
