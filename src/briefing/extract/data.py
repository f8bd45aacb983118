"""The extractor's data: gazetteer, tech-area lexicon and prose patterns (TOML files).

Bundled files live in ``briefing/data``; a user's files named in the config
(``[data] gazetteer = [...]``, ``lexicon = [...]``) are merged over them: a user entry with
the same English name replaces the bundled one's aliases, new entries are added.
Everything is compiled once per set of files (cached).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from briefing.errors import ConfigError
from briefing.extract.patterns import Patterns, load_patterns
from briefing.resources import bundled_data_dir, read_data_toml

GAZETTEER_FILE = "gazetteer.toml"
LEXICON_FILE = "tech_areas.toml"
PATTERNS_FILE = "extract_patterns.toml"

ENTITY_KINDS = ("country", "government", "company", "research", "international", "media")


@dataclass(frozen=True)
class Entity:
    """A known entity: its English name is its identity."""

    en: str
    kind: str  # one of ENTITY_KINDS, or "person"
    aliases: tuple[str, ...]

    @property
    def ko(self) -> str:
        return self.aliases[0] if self.aliases else self.en


@dataclass(frozen=True)
class TechArea:
    id: str
    label_ko: str
    label_en: str
    terms: tuple[str, ...]


@dataclass
class Gazetteer:
    entities: dict[str, Entity] = field(default_factory=dict)  # by English name
    country_abbr: dict[str, str] = field(default_factory=dict)  # 미 -> United States
    alias_index: dict[str, Entity] = field(default_factory=dict)  # normalised alias -> entity
    alias_re: re.Pattern[str] | None = None  # all aliases, longest first

    def lookup(self, name: str) -> Entity | None:
        return self.alias_index.get(normalise(name))


@dataclass
class Lexicon:
    areas: dict[str, TechArea] = field(default_factory=dict)
    also: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ignore: tuple[str, ...] = ()
    term_area: dict[str, str] = field(default_factory=dict)
    term_re: re.Pattern[str] | None = None


@dataclass(frozen=True)
class ExtractData:
    gazetteer: Gazetteer
    lexicon: Lexicon
    patterns: Patterns

    def is_place(self, word: str) -> bool:
        """A country of the gazetteer or a city/region of the patterns' place list."""
        entity = self.gazetteer.lookup(word)
        if entity is not None and entity.kind == "country":
            return True
        return word in self.patterns.event.location_places


_SPACES = re.compile(r"[\s·ㆍ\-.]+")


def normalise(name: str) -> str:
    return _SPACES.sub("", name).lower()


def _read_toml(path: Path) -> dict[str, Any]:
    return read_data_toml(
        path,
        "data file",
        "check the [data] paths in the config",
        "fix the file; its format is in docs/data-files.md",
    )


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of strings", "see docs/data-files.md")
    return tuple(v.strip() for v in value if v.strip())


def _alias_pattern(aliases: Sequence[str]) -> re.Pattern[str]:
    """All aliases as one trie-shaped pattern, the longest alias winning at each position;
    Latin aliases stand as whole words. A flat alternation of thousands of aliases costs
    about 15x more per character: Python's engine tries every branch at every offset."""
    root: dict[str, Any] = {}
    for alias in set(aliases):
        node = root
        for ch in alias:
            node = node.setdefault(ch, {})
        node[_END] = {}
    tops = []
    for ch in sorted(k for k in root if k != _END):
        piece = re.escape(ch)
        if _alnum(ch):
            piece = r"(?<![A-Za-z0-9])" + piece
        tops.append(piece + _trie_body(root[ch], ch))
    return re.compile("|".join(tops) if tops else r"(?!x)x")


_END = ""


def _alnum(ch: str) -> bool:
    return bool(re.match(r"[A-Za-z0-9]", ch))


def _trie_body(node: dict[str, Any], last: str) -> str:
    branches = [
        (r"\s?" if ch == " " else re.escape(ch)) + _trie_body(node[ch], ch)
        for ch in sorted(k for k in node if k != _END)
    ]
    end = r"(?![A-Za-z0-9])" if _END in node and _alnum(last) else ""
    if not branches:
        return end
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:  # an alias ends here: try the longer ones first, else stop here
        return "(?:" + body + "|" + end + ")" if end else "(?:" + body + ")?"
    return body


def load_gazetteer(paths: Sequence[Path]) -> Gazetteer:
    gaz = Gazetteer()
    for path in paths:
        raw = _read_toml(path)
        for kind, table in raw.items():
            if kind == "country_abbr":
                if not isinstance(table, dict):
                    raise ConfigError(
                        f"{path} [country_abbr]: expected a table", "see docs/data-files.md"
                    )
                gaz.country_abbr.update({str(k): str(v) for k, v in table.items()})
                continue
            if kind not in ENTITY_KINDS and kind != "person":
                raise ConfigError(
                    f"{path}: unknown section [{kind}]",
                    f"use one of {', '.join((*ENTITY_KINDS, 'person', 'country_abbr'))}",
                )
            if not isinstance(table, dict):
                raise ConfigError(f"{path} [{kind}]: expected a table", "see docs/data-files.md")
            for en, aliases in table.items():
                gaz.entities[en] = Entity(en, kind, _str_list(aliases, f"{path} [{kind}] {en!r}"))
    # a later file (the user's) wins for an alias that two entries share
    index = {normalise(a): e for e in gaz.entities.values() for a in e.aliases}
    gaz.alias_index = index
    matchable = [
        a
        for e in gaz.entities.values()
        for a in e.aliases
        if len(a) >= 2 or not re.match(r"[가-힣]", a)
    ]
    gaz.alias_re = _alias_pattern(matchable)
    return gaz


def load_lexicon(paths: Sequence[Path]) -> Lexicon:
    lex = Lexicon()
    ignore: list[str] = []
    for path in paths:
        raw = _read_toml(path)
        for area_id, spec in raw.get("area", {}).items():
            if not isinstance(spec, dict):
                raise ConfigError(
                    f"{path} [area.{area_id}]: expected a table", "see docs/data-files.md"
                )
            old = lex.areas.get(area_id)
            terms = _str_list(spec.get("terms", []), f"{path} [area.{area_id}] terms")
            lex.areas[area_id] = TechArea(
                area_id,
                str(spec.get("label_ko", old.label_ko if old else area_id)),
                str(spec.get("label_en", old.label_en if old else area_id)),
                (old.terms if old else ()) + terms,
            )
        for term, areas in raw.get("also", {}).items():
            lex.also[term] = _str_list(areas, f"{path} [also] {term!r}")
        ignore.extend(_str_list(raw.get("ignore", {}).get("terms", []), f"{path} [ignore] terms"))
    lex.ignore = tuple(ignore)
    for area in lex.areas.values():
        for term in area.terms:
            lex.term_area[term] = area.id
    lex.term_re = _alias_pattern(list(lex.term_area) + list(lex.ignore))
    return lex


@cache
def _load(gazetteer_files: tuple[Path, ...], lexicon_files: tuple[Path, ...]) -> ExtractData:
    bundled = bundled_data_dir()
    return ExtractData(
        gazetteer=load_gazetteer((bundled / GAZETTEER_FILE, *gazetteer_files)),
        lexicon=load_lexicon((bundled / LEXICON_FILE, *lexicon_files)),
        patterns=load_patterns(_read_toml(bundled / PATTERNS_FILE), str(bundled / PATTERNS_FILE)),
    )


def load_data(
    gazetteer_files: Sequence[Path] = (), lexicon_files: Sequence[Path] = ()
) -> ExtractData:
    """Bundled data merged with the user's files (compiled once per combination)."""
    return _load(tuple(gazetteer_files), tuple(lexicon_files))


@cache
def compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)
