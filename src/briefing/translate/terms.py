"""The term lexicon: Korean technology, policy and cooperation terms -> English.

Bundled ``data/terms.toml`` with the user's files over it (``[data] terms`` in the config),
later files winning entry by entry. ``phrases`` composes the English of a commitment's
object from these terms; the glossary names organisations, countries and people.

Tables (every key is written without spaces; spaces in a key are ignored):
- ``[terms]``: `"공급망" = "supply chain"`. `"반도체" = "semiconductor|semiconductors"` gives
  the form inside a compound, then the form at the end of a phrase.
- ``[count]``: count nouns (`"센터" = "centre"`): a phrase ending in one takes "a"/"an".
- ``[demonyms]``: a country's adjective inside a compound (`"일본" = "Japanese"`).
- ``[counters]``: units after a number (`"장" = ""`, `"톤" = "tonnes"`).
- ``[areas]``: technology-area ids -> how running text names them (`quantum = "quantum
  technology"`).
- ``[heads]``: nouns that, ending a compound of two or more terms, take the rest as their
  object (`"협력" = "cooperation on"`: 양자 컴퓨터 연구 협력 -> cooperation on quantum
  computer research).
- ``[fronted]``: adjectives English puts before the whole compound (`"신규" = "new"`:
  AI 반도체 공급 신규 계약 -> a new AI chip supply contract).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefing.errors import ConfigError
from briefing.resources import bundled_data_dir, read_data_toml

TABLES = ("terms", "count", "demonyms", "counters", "areas", "heads", "fronted")


def term_key(ko: str) -> str:
    """The lookup key of a Korean term: no spaces or middle dots."""
    return "".join(ko.split())


@dataclass
class TermLexicon:
    terms: dict[str, str] = field(default_factory=dict)  # key -> "inside|final" English
    count: set[str] = field(default_factory=set)  # keys of count nouns
    demonyms: dict[str, str] = field(default_factory=dict)
    counters: dict[str, str] = field(default_factory=dict)
    areas: dict[str, str] = field(default_factory=dict)
    heads: dict[str, str] = field(default_factory=dict)
    fronted: dict[str, str] = field(default_factory=dict)
    longest: int = 1  # longest key, in characters

    def get(self, ko: str, *, final: bool = False) -> str | None:
        """The English of a term; ``final``: the form at the end of a phrase."""
        english = self.terms.get(term_key(ko))
        if english is None:
            return None
        inside, _, at_end = english.partition("|")
        return at_end if final and at_end else inside

    def is_count(self, ko: str) -> bool:
        """A count noun, or a compound that ends in one (정책 틀 -> framework)."""
        key = term_key(ko)
        return key in self.count or any(key.endswith(c) for c in self.count if len(c) < len(key))

    def area(self, area_id: str, label_en: str | None) -> str:
        """How running text names a technology area (`quantum` -> quantum technology)."""
        return self.areas.get(area_id) or (label_en or area_id).lower()


def _read(path: Path) -> dict[str, Any]:
    return read_data_toml(
        path,
        "terms file",
        "check [data] terms",
        "fix the file (format: see the bundled terms.toml)",
    )


def _merge(lexicon: TermLexicon, raw: dict[str, Any], path: Path) -> None:
    for table in TABLES:
        section = raw.get(table, {})
        if not isinstance(section, dict) or not all(isinstance(v, str) for v in section.values()):
            raise ConfigError(
                f"{path}: [{table}] must map Korean to English strings",
                'write entries as "한국어" = "English"',
            )
        if table == "areas":
            lexicon.areas.update(section)
            continue
        if table in ("heads", "fronted"):
            getattr(lexicon, table).update({term_key(k): v for k, v in section.items()})
            if table == "fronted":
                for ko, en in section.items():
                    lexicon.terms.setdefault(term_key(ko), en)
            continue
        for ko, en in section.items():
            key = term_key(ko)
            if table == "count":
                lexicon.terms[key] = en
                lexicon.count.add(key)
            elif table == "terms":
                lexicon.terms[key] = en
                lexicon.count.discard(key)
            else:
                getattr(lexicon, table)[key] = en
            lexicon.longest = max(lexicon.longest, len(key))


def load_terms(user_files: Iterable[Path] = ()) -> TermLexicon:
    """The bundled lexicon with the user's files over it."""
    lexicon = TermLexicon()
    bundled = bundled_data_dir() / "terms.toml"
    _merge(lexicon, _read(bundled), bundled)
    for path in user_files:
        _merge(lexicon, _read(path), path)
    return lexicon


@lru_cache(maxsize=8)
def _cached(user_files: tuple[str, ...]) -> TermLexicon:
    return load_terms(Path(p) for p in user_files)


def terms_for(files: Iterable[Path]) -> TermLexicon:
    """The lexicon for the user's ``[data] terms`` files (loaded once per process)."""
    return _cached(tuple(str(p) for p in files))


def bundled_terms() -> TermLexicon:
    return _cached(())
