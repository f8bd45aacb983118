"""The bilingual glossary: Korean names, titles and terms -> the English a memo must use.

Loaded from the bundled ``data/glossary.toml``, the extractor's ``data/gazetteer.toml`` (so
entity names agree with it) and the user's own files (``[data] glossary``), later files
winning entry by entry. It names entities (``entity``, ``person``), composes English for
names no table holds (``compose``), and finds the spans of a sentence to protect from MT.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from briefing.errors import ConfigError
from briefing.resources import bundled_data_dir, read_data_toml
from briefing.translate.known import KnownPeople, load_known_people
from briefing.translate.romanize import (
    RomanizationData,
    has_hangul,
    load_romanization,
    loanword_shaped,
    romanize_person,
    romanize_place,
    transliterate_word,
)

NAME_TABLES = ("people", "organizations", "countries", "places")
TABLES = (*NAME_TABLES, "terms", "tech_areas", "org_suffixes", "org_fields")

_SPACES = re.compile(r"[\s·・]+")
_MAX_KEY = 16  # longest Korean key tried inside a word
_PARTICLE = re.compile(r"(?:을|를|의|에|와|과|은|는|이|가|으로|로|에서|에게)$")


def compact(text: str) -> str:
    """The comparison key of a Korean name: no spaces or middle dots."""
    return _SPACES.sub("", text)


@dataclass
class Glossary:
    people: dict[str, str] = field(default_factory=dict)
    organizations: dict[str, str] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)
    terms: dict[str, str] = field(default_factory=dict)
    tech_areas: dict[str, str] = field(default_factory=dict)
    # unknown bodies named by their fields: 고용경제부 -> Ministry of Employment and Economy
    org_suffixes: dict[str, str] = field(default_factory=dict)  # 부 -> "Ministry of {}"
    org_fields: dict[str, str] = field(default_factory=dict)  # 고용 -> "Employment"
    titles: dict[str, dict[str, str]] = field(default_factory=dict)
    the_prefixes: tuple[str, ...] = ()
    # a body named by a common noun at its end takes "the" (the Quantum Project Group)
    the_heads: tuple[str, ...] = ()
    # words that end a unit of a body (연구소, 사무국): 한양대 AI융합연구소 is a unit of 한양대
    unit_words: tuple[str, ...] = ()
    joiners: tuple[str, ...] = ("겸", "및")
    timeline: dict[str, dict[str, Any]] = field(default_factory=dict)
    money: dict[str, dict[str, str]] = field(default_factory=dict)
    romanization: RomanizationData = field(default_factory=RomanizationData)
    # foreign people of the bundled list (data/known_people.toml): named by
    # briefing/translate/names.py, protected in sentences like the tables' names
    known: KnownPeople = field(default_factory=KnownPeople)

    # ------------------------------------------------------------------ lookups

    @cached_property
    def _names_compact(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for table in ("places", "countries", "organizations"):
            for ko, en in getattr(self, table).items():
                found[compact(ko)] = en
        return found

    @cached_property
    def _people_compact(self) -> dict[str, str]:
        return {compact(ko): en for ko, en in self.people.items()}

    @cached_property
    def _family_names(self) -> dict[str, str]:
        """Family name alone (크라치오스 -> Kratsios) for foreign people in the glossary."""
        counts: dict[str, set[str]] = {}
        for ko, en in self.people.items():
            ko_words, en_words = ko.split(), en.split()
            if len(ko_words) >= 2 and len(en_words) >= 2:
                counts.setdefault(ko_words[-1], set()).add(en_words[-1])
        return {ko: next(iter(ens)) for ko, ens in counts.items() if len(ens) == 1}

    def entity(self, ko: str) -> str | None:
        """An organisation, country or place from the tables (exact, then without spaces)."""
        for table in (self.organizations, self.countries, self.places):
            if ko in table:
                return table[ko]
        return self._names_compact.get(compact(ko))

    def known_person(self, ko: str) -> str | None:
        return self.people.get(ko) or self._people_compact.get(compact(ko))

    def family_name(self, ko: str) -> str | None:
        """A glossary person's family name written alone (크라치오스 -> Kratsios)."""
        name = ko.strip()
        return self._family_names.get(name) if " " not in name else None

    def person(self, ko: str) -> str:
        """Glossary first, then a family name of a glossary person, then romanisation."""
        name = ko.strip()
        known = self.known_person(name) or self.known.find(name)
        if known:
            return known
        family = self.family_name(name) or self.known.family_name(name)
        if family:
            return family
        if not has_hangul(name):
            return name
        return romanize_person(name, self.romanization)

    # ------------------------------------------------------------------ composition

    def _term(self, ko: str) -> str | None:
        return self.entity(ko) or self.terms.get(ko)

    def compose(self, ko: str) -> str:
        """English for a name or phrase no table holds whole: known pieces translated,
        Latin kept, the remaining Hangul romanised (한화에어로스페이스 -> Hanwha Aerospace)."""
        return self._compose(ko, [])

    def composes_fully(self, ko: str) -> bool:
        """True when every Hangul piece of ``ko`` is covered by a table (nothing romanised)."""
        romanised: list[str] = []
        self._compose(ko, romanised)
        return not romanised

    def _compose(self, ko: str, romanised: list[str]) -> str:
        ko = re.sub(r"[‘’“”'\"「」『』<>《》]", "", ko).strip()
        whole = self.entity(ko) or self.terms.get(ko)
        if whole:
            return whole
        bracketed = re.search(r"\(([A-Za-z][A-Za-z0-9&.\- ]*)\)", ko)
        if bracketed:
            # 업무협약(MOU): the article's own English; keep it once, after the composition
            rest = self._compose(
                (ko[: bracketed.start()] + ko[bracketed.end() :]).strip(), romanised
            )
            latin = bracketed.group(1).strip()
            return rest if latin.lower() in rest.lower() else f"{rest} ({latin})".strip()
        words: list[str] = []
        tokens = ko.split()
        i = 0
        while i < len(tokens):
            # the longest run of words the tables hold whole (라운드 테이블, EU 집행위)
            for j in range(len(tokens), i + 1, -1):
                found = self._term(" ".join(tokens[i:j]))
                if found:
                    words.append(found)
                    i = j
                    break
            else:
                words.extend(self._compose_token(tokens[i], romanised))
                i += 1
        text = " ".join(w for w in words if w)
        text = re.sub(r"\s+-\s+", "-", text)  # 한국-네덜란드 -> South Korea-Netherlands
        return re.sub(r"\s+([,)])", r"\1", text).strip()

    def _compose_token(self, token: str, romanised: list[str]) -> Iterator[str]:
        whole = self._term(token) or self.body_by_fields(token)
        if whole:
            yield whole
            return
        particle = _PARTICLE.search(token)
        if particle and self._term(token[: particle.start()]):
            yield self._term(token[: particle.start()]) or ""  # 조성을 -> Creation
            return
        # the split that leaves the fewest characters unknown (공동+연구소, not 공동연구+소)
        n = len(token)
        Split = tuple[int, int, list[tuple[str, bool]]]  # (unknown chars, pieces, pieces)
        best: list[Split] = [(0, 0, []), *[(n + 1, 0, []) for _ in range(n)]]
        for i in range(n):
            unknown, count, pieces = best[i]
            if unknown > n:
                continue
            for j in range(i + 1, min(n, i + _MAX_KEY) + 1):
                piece = token[i:j]
                known = j - i >= 2 and self._term(piece) is not None
                if not known and j > i + 1:
                    continue
                cost = (unknown + (0 if known else 1), count + 1)
                if cost < best[j][:2]:
                    merged = [*pieces, (piece, known)]
                    if not known and pieces and not pieces[-1][1]:
                        merged = [*pieces[:-1], (pieces[-1][0] + piece, False)]
                    best[j] = (*cost, merged)
        for piece, known in best[n][2]:
            if known:
                yield self._term(piece) or ""
            else:
                yield from self._leftover(piece, romanised)

    def body_by_fields(self, token: str) -> str | None:
        """고용경제부 -> Ministry of Employment and Economy: a ministry, agency or institute
        whose name is its fields plus a suffix, every piece known to [org_fields]."""
        for suffix in sorted(self.org_suffixes, key=len, reverse=True):
            stem = token[: -len(suffix)]
            if not token.endswith(suffix) or not stem:
                continue
            fields = self._split_fields(stem)
            if fields:
                joined = (
                    fields[0]
                    if len(fields) == 1
                    else (", ".join(fields[:-1]) + " and " + fields[-1])
                )
                return self.org_suffixes[suffix].format(joined)
        return None

    def _split_fields(self, stem: str) -> list[str] | None:
        """``stem`` as a run of known field words, longest first (정보통신 -> 정보 + 통신)."""
        if not stem:
            return []
        for end in range(len(stem), 0, -1):
            english = self.org_fields.get(stem[:end])
            if english:
                rest = self._split_fields(stem[end:])
                if rest is not None:
                    return [english, *rest]
        return None

    def _leftover(self, chunk: str, romanised: list[str]) -> Iterator[str]:
        # Latin runs stay as written; Hangul runs are romanised (and reported), since
        # dropping text would hide that a name was not recognised.
        for piece in re.findall(r"[A-Za-z0-9&.\-]+|[^\sA-Za-z0-9&.\-]+", chunk):
            if has_hangul(piece):
                romanised.append(piece)
                # a loanword (로보티즈, 에스볼트) is read back as one, a Korean word in RR
                yield transliterate_word(piece) if loanword_shaped(piece) else romanize_place(piece)
            elif piece.strip("·()[]"):
                yield piece
            elif piece == "·":
                yield "and"  # 에너지절약·재생에너지: two fields of one name

    def with_the(self, english: str) -> str:
        if english.startswith(("the ", "The ")):
            return english
        named = english.startswith(self.the_prefixes) or english.endswith(self.the_heads)
        return f"the {english}" if named else english

    # ------------------------------------------------------------------ protection

    @cached_property
    def _protect_pattern(self) -> re.Pattern[str] | None:
        keys = {
            k
            for table in NAME_TABLES
            for k in getattr(self, table)
            if has_hangul(k) and len(k) >= 2
        }
        keys |= {k for k in self.known.spellings() if has_hangul(k) and len(k) >= 2}
        if not keys:
            return None
        return re.compile("|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)))

    def protected_spans(self, sentence: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, English) of every glossary name in ``sentence``, longest first."""
        pattern = self._protect_pattern
        if pattern is None:
            return
        for m in pattern.finditer(sentence):
            english = (
                self.known_person(m.group()) or self.entity(m.group()) or self.known.find(m.group())
            )
            if english:
                yield m.start(), m.end(), english


# --------------------------------------------------------------------------- loading


def _tables(path: Path) -> dict[str, Any]:
    return read_data_toml(
        path,
        "glossary file",
        "check [data] glossary",
        "fix the file (format: see the bundled glossary.toml)",
    )


def _merge_gazetteer(glossary: Glossary, path: Path) -> None:
    """The extractor's gazetteer: one table per kind, English name = [Korean aliases]."""
    tables = {"person": glossary.people, "country": glossary.countries}
    for kind, section in _tables(path).items():
        if not isinstance(section, dict) or kind in ("country_abbr", "media"):
            continue
        target = tables.get(kind, glossary.organizations)
        for english, aliases in section.items():
            if isinstance(aliases, str):
                aliases = [aliases]
            if not isinstance(aliases, list):
                continue
            for alias in aliases:
                # one-character forms (李, 美) are headline shorthand, never protected alone
                if isinstance(alias, str) and len(alias) >= 2:
                    target.setdefault(alias, english)


def _merge(glossary: Glossary, raw: dict[str, Any], path: Path) -> None:
    for table in TABLES:
        section = raw.get(table, {})
        if not isinstance(section, dict) or not all(isinstance(v, str) for v in section.values()):
            raise ConfigError(
                f"{path}: [{table}] must map Korean to English strings",
                'write entries as "한국어" = "English"',
            )
        getattr(glossary, table).update(section)


def _load_titles(glossary: Glossary, path: Path) -> None:
    raw = _tables(path)
    for ko, value in raw.get("titles", {}).items():
        entry = {"en": value} if isinstance(value, str) else dict(value)
        if not isinstance(entry.get("en"), str):
            raise ConfigError(f"{path}: title {ko!r} needs an English form", 'add en = "..."')
        glossary.titles[ko] = entry
    if "articles" in raw:
        glossary.the_prefixes = tuple(raw["articles"].get("the", []))
        glossary.the_heads = tuple(raw["articles"].get("the_heads", []))
    if "units" in raw:
        glossary.unit_words = tuple(raw["units"].get("words", []))
    if "joiners" in raw:
        glossary.joiners = tuple(raw["joiners"].get("words", glossary.joiners))
    glossary.timeline.update(raw.get("timeline", {}))
    glossary.money.update(raw.get("money", {}))


def load_glossary(user_files: Iterable[Path] = ()) -> Glossary:
    """Bundled tables, the extractor's gazetteer if present, then the user's files."""
    data = bundled_data_dir()
    user_files = tuple(user_files)
    glossary = Glossary(
        romanization=load_romanization(p for p in user_files if _has_romanization(p)),
        known=load_known_people(),
    )
    _merge(glossary, _tables(data / "glossary.toml"), data / "glossary.toml")
    _load_titles(glossary, data / "titles.toml")
    gazetteer = data / "gazetteer.toml"
    if gazetteer.exists():
        _merge_gazetteer(glossary, gazetteer)
    for path in user_files:
        raw = _tables(path)
        _merge(glossary, raw, path)
        if "titles" in raw:
            _load_titles(glossary, path)
    return glossary


def _has_romanization(path: Path) -> bool:
    try:
        raw = _tables(path)
    except ConfigError:
        return False
    return any(
        t in raw
        for t in (
            "surnames",
            "given_syllables",
            "foreign_given",
            "foreign_surnames",
            "vietnamese_surnames",
            "vietnamese_syllables",
            "foreign_spelling",
        )
    )
