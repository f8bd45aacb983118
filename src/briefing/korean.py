"""Korean text, defined once: syllables, particles, numbers, dates and the shape of names.

Every stage that reads Korean (cleaning, extraction, English) takes these from here:

- particles: ``strip_particle("삼성전자는") == ("삼성전자", "는")``; the lists are data
  (``data/korean.toml``), grouped as subject, comitative and object markers;
- numbers: ``parse_korean_number("22조 8천억") == 2.28e13``;
- dates: ``iso_date``, ``parse_iso``, ``full_dates`` ("2025년 10월 29일", "2023.12.13"),
  ``korean_date_parts`` ("10월 29일" -> month and day), ``resolve_day`` ("29일" in an article);
- names: ``is_korean_name`` (a surname and a one- or two-syllable given name).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache

from briefing.resources import bundled_data_dir

HANGUL = re.compile(r"[가-힣]")
_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3


def is_hangul_syllable(ch: str) -> bool:
    return len(ch) == 1 and _HANGUL_FIRST <= ord(ch) <= _HANGUL_LAST


def has_final_consonant(syllable: str, jong: int | None = None) -> bool:
    """Whether a Hangul syllable has a final consonant (``jong``: that one; 8 is ㄹ)."""
    if not syllable or not is_hangul_syllable(syllable[-1]):
        return False
    index = (ord(syllable[-1]) - _HANGUL_FIRST) % 28
    return index != 0 if jong is None else index == jong


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class KoreanData:
    particles: tuple[str, ...]
    subject: tuple[str, ...]
    comitative: tuple[str, ...]
    object: tuple[str, ...]
    surnames: tuple[str, ...]  # longest first
    given_syllables: frozenset[str]


@cache
def korean_data() -> KoreanData:
    raw = tomllib.loads((bundled_data_dir() / "korean.toml").read_text(encoding="utf-8"))
    particles, names = raw["particles"], raw["names"]
    return KoreanData(
        particles=tuple(particles["all"]),
        subject=tuple(particles["subject"]),
        comitative=tuple(particles["comitative"]),
        object=tuple(particles["object"]),
        surnames=tuple(sorted(names["surnames"], key=len, reverse=True)),
        given_syllables=frozenset("".join(names["given_syllables"].split())),
    )


# --------------------------------------------------------------------------- particles

_AFTER_CONSONANT = ("이", "은", "을", "과", "으")
_AFTER_VOWEL = ("가", "는", "를", "와", "로")


def particle_fits(before: str, particle: str) -> bool:
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


def strip_particle(word: str, particles: Sequence[str] | None = None) -> tuple[str, str]:
    """``word`` split into stem and trailing particle(s), longest first, two at most."""
    chosen = korean_data().particles if particles is None else tuple(particles)
    return _strip_particle(word, _particle_table(chosen))


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
            if len(stem) > n and p in known and particle_fits(stem[-n - 1], p):
                stem, tail = stem[:-n], p + tail
                break
        else:
            break
    return stem, tail


def particle_after(text: str, pos: int, particles: Sequence[str] | None = None) -> str:
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
    chosen = korean_data().particles if particles is None else tuple(particles)
    run = text[pos:end]
    return run if run in chosen else strip_particle("X" + run, chosen)[1]


# --------------------------------------------------------------------------- numbers

_DIGITS = r"\d[\d,]*(?:\.\d+)?"
_UNITS = {"조": 10**12, "억": 10**8, "만": 10**4, "천": 10**3, "백": 100, "십": 10}
KOREAN_NUMBER = (
    rf"(?:{_DIGITS}\s?(?:[천백십]\s?)?[조억만]\s?)*{_DIGITS}(?:\s?[천백십])?(?:\s?[조억만])?"
)


def parse_korean_number(text: str) -> float | None:
    """22조 8천억 -> 2.28e13; 2억5000만 -> 2.5e8; 1000만 -> 1e7; 1,000 -> 1000; None if none."""
    text = text.replace(",", "").replace(" ", "")
    total = 0.0
    section = 0.0  # the part below the current big unit (만, 억, 조)
    number: float | None = None
    seen = False
    for token in re.findall(r"\d+(?:\.\d+)?|[조억만천백십]", text):
        if token[0].isdigit():
            number = float(token)
            seen = True
            continue
        unit = _UNITS[token]
        if unit >= 10**4:
            section += number if number is not None else (0 if section else 1)
            total += section * unit
            section = 0.0
        else:
            section += (number if number is not None else 1) * unit
            seen = True
        number = None
    if number is not None:
        section += number
    total += section
    return total if seen else None


# --------------------------------------------------------------------------- dates

# 2025년 10월 29일, 2025.10.29, 2025-10-29, 2025/10/29
FULL_DATE = re.compile(
    r"(?<!\d)(20\d\d|19\d\d)\s?[.\-/년]\s?(\d{1,2})\s?[.\-/월]\s?(\d{1,2})(?!\d)"
)
# 10월 29일, 2025년 10월 29일
MONTH_DAY = re.compile(r"(?<!\d)(?:(20\d\d)년\s?)?(\d{1,2})월\s?(\d{1,2})일")
YEAR_MONTH = re.compile(r"(\d{4})\s*년\s*(\d{1,2})\s*월")
# 29일, not 3일간 or 10일째
DAY = re.compile(r"(?<![\d.])(\d{1,2})일(?!\s*(?:간|동안|까지|부터|이내|만에|째))")
RELATIVE_DAY = re.compile(r"(?<![가-힣])(오늘|어제|그제|그저께)(?![가-힣])")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def iso_date(year: str | int, month: str | int, day: str | int) -> str | None:
    """The ISO form of a calendar date, None if there is no such day."""
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def is_iso_date(value: str) -> bool:
    return bool(_ISO.match(value)) and parse_iso(value) is not None


def full_dates(text: str) -> list[date]:
    """Every complete date written in ``text``, in order."""
    out = []
    for m in FULL_DATE.finditer(text):
        found = iso_date(*m.groups())
        if found:
            out.append(date.fromisoformat(found))
    return out


def korean_date_parts(text: str) -> tuple[int | None, int | None, int | None] | None:
    """(year, month, day) of the first date in ``text``, with what it leaves out as None:
    2025년 10월 29일 / 2025-10-29 -> (2025, 10, 29); 10월 29일 -> (None, 10, 29);
    2025년 10월 -> (2025, 10, None)."""
    iso = _ISO.match(text.strip())
    if iso:
        return int(iso.group(1)), int(iso.group(2)), int(iso.group(3))
    m = FULL_DATE.search(text)
    if m:
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    m = MONTH_DAY.search(text)
    if m:
        return (int(m.group(1)) if m.group(1) else None), int(m.group(2)), int(m.group(3))
    m = YEAR_MONTH.search(text)
    if m:
        return int(m.group(1)), int(m.group(2)), None
    return None


def resolve_day(day: int, reference: date) -> date | None:
    """``29일`` in an article of ``reference``: this month if not after it, else last month."""
    try:
        if day <= reference.day + 2:
            return reference.replace(day=day)
        previous = reference.replace(day=1) - timedelta(days=1)
        return previous.replace(day=day)
    except ValueError:
        return None


# --------------------------------------------------------------------------- names


def is_korean_name(word: str) -> bool:
    """A surname and a one- or two-syllable given name of Korean given-name syllables."""
    if not re.fullmatch(r"[가-힣]{2,4}", word):
        return False
    data = korean_data()
    for surname in data.surnames:
        given = word[len(surname) :]
        if word.startswith(surname) and 1 <= len(given) <= 2:
            return all(ch in data.given_syllables for ch in given)
    return False
