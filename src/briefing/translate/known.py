"""The bundled list of foreign people of Korean technology news (data/known_people.toml).

Heads of state and government, ministers, senior officials of international bodies and
chief executives, each with Korean spellings, the English their own side uses, the
office and a source. Used right after the glossary (see briefing/translate/names.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from briefing.errors import ConfigError
from briefing.resources import bundled_data_dir
from briefing.translate.romanize import has_hangul

_SEPARATORS = re.compile(r"[\s·・]+")


def _compact(text: str) -> str:
    return _SEPARATORS.sub("", text)


@dataclass(frozen=True)
class KnownPerson:
    en: str
    ko: tuple[str, ...]
    role: str
    source: str
    family_first: bool = False


@dataclass(frozen=True)
class KnownPeople:
    """The bundled list of foreign people (data/known_people.toml)."""

    people: tuple[KnownPerson, ...] = ()

    @cached_property
    def _by_name(self) -> dict[str, str]:
        return {_compact(ko): p.en for p in self.people for ko in p.ko}

    @cached_property
    def _by_family_name(self) -> dict[str, str]:
        """러트닉 -> Lutnick, 기시다 -> Kishida: a family name alone, where it is unique."""
        found: dict[str, set[str]] = {}
        for person in self.people:
            en_words = person.en.split()
            for ko in person.ko:
                words = ko.split()
                if len(words) < 2 or len(words) != len(en_words):
                    continue
                family = words[0] if person.family_first else words[-1]
                if len(family) >= 2:
                    found.setdefault(family, set()).add(en_words[-1])
        return {ko: next(iter(en)) for ko, en in found.items() if len(en) == 1}

    def spellings(self) -> list[str]:
        return [ko for p in self.people for ko in p.ko]

    def find(self, ko: str) -> str | None:
        return self._by_name.get(_compact(ko))

    def family_name(self, ko: str) -> str | None:
        return self._by_family_name.get(ko.strip())


def load_known_people(path: Path | None = None) -> KnownPeople:
    """The list, each entry checked: a malformed one stops with its position and fault."""
    import tomllib

    path = path or bundled_data_dir() / "known_people.toml"
    try:
        raw: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"data file {path} cannot be read: {exc}", "fix the file") from exc
    people = []
    for i, entry in enumerate(raw.get("person", []), start=1):
        if not isinstance(entry, dict):
            raise ConfigError(f"{path}: person {i} is not a table", "write it as [[person]]")
        en, ko, role, source = (entry.get(k) for k in ("en", "ko", "role", "source"))
        fault = None
        if not isinstance(en, str) or not en.strip() or has_hangul(en):
            fault = "en must be the English name"
        elif not isinstance(ko, list) or not ko or not all(isinstance(k, str) and k for k in ko):
            fault = "ko must list its Korean spellings"
        elif not isinstance(role, str) or not role.strip():
            fault = "role must say the office"
        elif not isinstance(source, str) or not source.strip():
            fault = "source must say where the spelling can be checked"
        if fault:
            raise ConfigError(f"{path}: person {i} ({en!r}): {fault}", "fix the entry")
        assert isinstance(en, str) and isinstance(ko, list)
        assert isinstance(role, str) and isinstance(source, str)
        people.append(KnownPerson(en, tuple(ko), role, source, entry.get("family_first") is True))
    return KnownPeople(tuple(people))
