"""English names of people and parties, each with where it came from (``name_source``).

A person's English, the first that applies:

1. ``glossary``: the bundled and the user's glossary (and the extractor's gazetteer);
2. ``known``: the bundled list of foreign people of Korean technology news
   (data/known_people.toml), unless the name looks Korean and the article marks the
   person as Korean. Its spellings are checked against a source, so they come before an
   article's brackets (어니스트 모니즈(Earnest Moniz) is a typo);
3. ``article``: English the article gives in brackets (마크 메그완(Mark McGowan));
4. ``registry``: such a spelling seen in an earlier article, or added by the user
   (briefing/registry.py);
5. ``rule``, by the person's origin, told by the words around the name (origins.py):
   Korean names by the customary romanisation (배경훈 -> Bae Kyung-hoon); Japanese names
   from the Korean orthography of Japanese back to Hepburn, given name first (무토 요지
   -> Yoji Muto); Chinese names back to pinyin, family name first (왕원타오 -> Wang
   Wentao); Western names from the tables of given and family names (romanization.toml);
6. ``transliteration``: otherwise a letter-by-letter reading, which memos mark as such.
   A name the rules read only uncertainly (a Chinese syllable with several readings, a
   Korean-looking name of a person the article marks as Chinese or Japanese) is a
   transliteration too: a guess is never given as a fact.

Parties: glossary, then the article's brackets, the registry, then English composed from
the glossary's terms (``rule``) or partly romanised (``transliteration``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from briefing.translate.glossary import Glossary
from briefing.translate.japanese import JapaneseTable, bundled_japanese
from briefing.translate.origins import UNKNOWN, Origin, OriginMarkers, load_origin_markers
from briefing.translate.pinyin import PinyinTable, bundled_pinyin
from briefing.translate.romanize import (
    has_hangul,
    korean_shaped,
    romanize_korean_name,
    romanize_person,
)
from briefing.types import NameSource

if TYPE_CHECKING:
    from briefing.registry import RegistryEntry

_LATIN_NAME = r"([A-Za-z][A-Za-z0-9&.,'\- ]{0,60}[A-Za-z0-9.)])"
# Lower-case words inside personal names (Ursula von der Leyen, Mohammed bin Salman).
_NAME_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "da", "di", "du", "la", "le", "bin", "ibn", "al", "el"}
)


@dataclass(frozen=True)
class NameChoice:
    en: str
    source: NameSource


# --------------------------------------------------------------------------- the rules


@dataclass(frozen=True)
class NameRules:
    """Everything the naming reads, loaded once per process and configuration."""

    glossary: Glossary
    japanese: JapaneseTable = field(default_factory=bundled_japanese)
    pinyin: PinyinTable = field(default_factory=bundled_pinyin)
    origins: OriginMarkers = field(default_factory=lambda: OriginMarkers({}, {}))


_RULES: dict[int, NameRules] = {}


def name_rules(glossary: Glossary) -> NameRules:
    """The naming rules over ``glossary``, built once per glossary object (the glossary of
    a configuration is itself loaded once per process)."""
    rules = _RULES.get(id(glossary))
    if rules is None or rules.glossary is not glossary:
        rules = NameRules(glossary=glossary, origins=load_origin_markers(glossary.countries))
        _RULES[id(glossary)] = rules
    return rules


class Registry(Protocol):
    def lookup(self, ko: str) -> RegistryEntry | None: ...


# --------------------------------------------------------------------------- one article


class Namer:
    """Names for one article: each Korean name gets one English form, used everywhere."""

    def __init__(self, body: str, rules: NameRules, registry: Registry | None = None) -> None:
        self.body = body
        self.rules = rules
        self.registry = registry
        self.book: dict[str, NameChoice] = {}

    # ------------------------------------------------------------------ shared

    def remember(self, ko: str | None, en: str | None, source: NameSource) -> None:
        if ko and en:
            self.book.setdefault(ko, NameChoice(en, source))

    def given_in_article(self, ko: str, *, person: bool = False) -> str | None:
        """English the article gives in brackets: 국립과학재단(NSF), NSF(국립과학재단)."""
        candidates = []
        # only brackets that close the name: 유럽연합(EU) 정보통신총국 is not "EU"
        bracketed = re.search(rf"\({_LATIN_NAME}\)\s*$", ko)
        if bracketed:
            candidates.append(bracketed.group(1))
        name = r"[\s·・]*".join(re.escape(c) for c in ko if not c.isspace())
        # the whole word only: 이탈리아우주청(ASI) gives no English to 우주청
        candidates += [
            m.group(1) for m in re.finditer(rf"(?<![가-힣]){name}\s*\({_LATIN_NAME}\)", self.body)
        ]
        candidates += [
            m.group(1) for m in re.finditer(rf"(?<![A-Za-z]){_LATIN_NAME}\s*\({name}\)", self.body)
        ]
        for latin in candidates:
            latin = latin.strip()
            if not person or _looks_like_a_personal_name(latin):
                return latin
        return None

    def _registry(self, ko: str) -> str | None:
        if self.registry is None:
            return None
        entry = self.registry.lookup(ko)
        return None if entry is None else entry.en

    # ------------------------------------------------------------------ people

    def person(self, ko: str, hint: str = "") -> NameChoice:
        """A person's English; ``hint`` is their title and organisation (origin markers)."""
        ko = ko.strip()
        if ko not in self.book:
            self.book[ko] = self._person(ko, hint)
        return self.book[ko]

    def _person(self, ko: str, hint: str) -> NameChoice:
        if not has_hangul(ko):
            return NameChoice(ko, "article")  # written in Latin letters by the article
        g = self.rules.glossary
        glossary = g.known_person(ko)
        if glossary:
            return NameChoice(glossary, "glossary")
        data = g.romanization
        korean = korean_shaped(ko, data)
        origin = self.rules.origins.origin_of(ko, self.body, hint) if self.body or hint else UNKNOWN
        known = g.known.find(ko)
        if known and not (korean and origin.kind == "korean"):
            # checked, sourced spellings: before an article's brackets, which may be typos
            return NameChoice(known, "known")
        if " " not in ko:
            # 크라치오스 after 마이클 크라치오스: the family name of someone already named
            for other_ko, other in self.book.items():
                if other_ko.endswith(" " + ko) and " " in other.en:
                    return NameChoice(other.en.split()[-1], other.source)
        given = self.given_in_article(ko, person=True)
        if given:
            return NameChoice(given, "article")
        registered = self._registry(ko)
        if registered:
            return NameChoice(registered, "registry")
        by_origin = self._by_origin(ko, origin, korean)
        if by_origin is not None:
            return by_origin
        family = self.rules.glossary.known.family_name(ko) or g.family_name(ko)
        if family and not korean:
            return NameChoice(family, "known")
        if korean:
            # shaped like a Korean name, but the article says Chinese or Japanese and no
            # rule reads it (a Korean reading of Chinese characters, 음화준): a guess
            return NameChoice(romanize_korean_name(ko, data) or ko, "transliteration")
        guessed: list[str] = []
        english = romanize_person(ko, data, guessed, origin.country)
        return NameChoice(english, "transliteration" if guessed else "rule")

    def _by_origin(self, ko: str, origin: Origin, korean: bool) -> NameChoice | None:
        """The rule of the person's origin, or None when it does not apply."""
        foreign_to_korea = origin.kind in ("japanese", "chinese", "chinese_local")
        # A Korean-looking name needs a marker that stands with it to be read otherwise.
        if korean and not (foreign_to_korea and origin.strong):
            return NameChoice(
                romanize_korean_name(ko, self.rules.glossary.romanization) or ko, "rule"
            )
        if origin.kind == "japanese":
            japanese = self.rules.japanese.name(ko)
            if japanese:
                return NameChoice(japanese, "rule")
        elif origin.kind in ("chinese", "chinese_local"):
            chinese = self.rules.pinyin.name(ko)
            if chinese:
                sure = chinese.certain and origin.kind == "chinese"
                return NameChoice(chinese.en, "rule" if sure else "transliteration")
        return None

    # ------------------------------------------------------------------ parties

    def party(self, ko: str) -> NameChoice:
        if ko not in self.book:
            self.book[ko] = self._party(ko)
        return self.book[ko]

    def _party(self, ko: str) -> NameChoice:
        g = self.rules.glossary
        government = re.fullmatch(r"(.+?)\s*정부", ko)
        country = g.countries.get(government.group(1)) if government else None
        if country:  # 한국 정부, 미국 정부
            return NameChoice(f"Government of {g.with_the(country)}", "glossary")
        known = g.entity(ko)
        if known:
            return NameChoice(known, "glossary")
        if not has_hangul(ko):
            return NameChoice(ko, "article")
        given = self.given_in_article(ko)
        if given:
            return NameChoice(given, "article")
        registered = self._registry(ko)
        if registered:
            return NameChoice(registered, "registry")
        owned = re.fullmatch(r"(\S+)\s+(.+)", ko)
        owner = g.countries.get(owned.group(1)) if owned else None
        if owned and owner:
            # 일본 경제산업성 -> Ministry of Economy, Trade and Industry: the body's own
            # English name; the country is a party of its own
            body = owned.group(2)
            english = g.entity(body) or (g.compose(body) if g.composes_fully(body) else None)
            if english:
                return NameChoice(english, "rule")
        glued = self._country_body(ko)
        if glued:
            return NameChoice(glued, "rule")
        if g.composes_fully(ko):
            return NameChoice(g.compose(ko), "rule")
        if " " not in ko and self.body:
            # a Japanese company or body written in Hangul (도쿠야마 -> Tokuyama)
            origin = self.rules.origins.origin_of(ko, self.body)
            japanese = self.rules.japanese.word(ko) if origin.kind == "japanese" else None
            if japanese:
                return NameChoice(japanese[:1].upper() + japanese[1:], "transliteration")
        return NameChoice(g.compose(ko), "transliteration")

    def _country_body(self, ko: str) -> str | None:
        """우즈베키스탄우주청 -> Uzbekistan Space Agency: a country written onto a body named by
        its fields is part of the body's name (unlike 일본 경제산업성, a country before it)."""
        g = self.rules.glossary
        if " " in ko:
            return None
        for cut in range(len(ko) - 2, 1, -1):
            country = g.countries.get(ko[:cut])
            if country:
                body = g.body_by_fields(ko[cut:])
                # Korean bodies write Korea in their English names (한국수소협회)
                country = "Korea" if country == "South Korea" else country
                return f"{country} {body}" if body else None
        return None

    # ------------------------------------------------------------------ either

    def actor(self, ko: str) -> NameChoice:
        """A commitment's actor or a quote's speaker: a person or an organisation."""
        if ko in self.book:
            return self.book[ko]
        g = self.rules.glossary
        if g.entity(ko) is not None:
            return self.party(ko)
        r = g.romanization
        looks_like_person = (
            g.known_person(ko) is not None
            or self.rules.glossary.known.find(ko) is not None
            or any(other.endswith(" " + ko) for other in self.book)
            or ko in r.foreign_surnames
            or (korean_shaped(ko, r) and not g.composes_fully(ko))
        )
        return self.person(ko) if looks_like_person else self.party(ko)


def _looks_like_a_personal_name(latin: str) -> bool:
    """Mark McGowan, Ursula von der Leyen, JD Vance; not AP, CEO or a sentence."""
    words = latin.replace(",", " ").split()
    if not 2 <= len(words) <= 6:
        return False
    if not any(any(c.islower() for c in w) for w in words):
        return False  # all capitals: an acronym list, not a name
    return all(w[0].isupper() or w.lower() in _NAME_PARTICLES for w in words)
