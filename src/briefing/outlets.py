"""Korean news outlets and their official English names (data: ``data/outlets.toml``).

``outlet_english("서울경제")`` -> ``"Seoul Economic Daily"``; ``find_outlet`` also knows the
aliases (``"한경"``, ``"hankyung.com"``) and ``find_outlet_in`` spots an outlet inside a
copyright line or dateline. Matching ignores spaces, case and compatibility forms.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from briefing.errors import ConfigError
from briefing.resources import bundled_data_dir


@dataclass(frozen=True)
class Outlet:
    ko: str
    en: str
    aliases: tuple[str, ...] = ()
    agency: bool = False  # a news agency credited under photos: neither outlet nor party

    def names(self) -> tuple[str, ...]:
        return (self.ko, *self.aliases)


def match_key(name: str) -> str:
    """The form names are compared in: NFKC, casefolded, without spaces."""
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


def _parse(path: Path) -> list[Outlet]:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(
            f"outlet list {path}: cannot read it: {exc}",
            "fix the file (format: see data/outlets.toml)",
        ) from exc
    outlets = []
    for i, entry in enumerate(raw.get("outlet", [])):
        ko, en = entry.get("ko"), entry.get("en")
        aliases = entry.get("aliases", [])
        if not isinstance(ko, str) or not isinstance(en, str) or not ko or not en:
            raise ConfigError(
                f"outlet list {path}: outlet #{i + 1} needs text 'ko' and 'en'",
                "fix the file (format: see data/outlets.toml)",
            )
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise ConfigError(
                f"outlet list {path}: outlet {ko!r}: 'aliases' must be a list of strings",
                "fix the file (format: see data/outlets.toml)",
            )
        outlets.append(Outlet(ko, en, tuple(aliases), bool(entry.get("agency", False))))
    return outlets


class OutletList:
    """Outlets by every name they go by; later files override earlier ones."""

    def __init__(self, outlets: Iterable[Outlet]) -> None:
        self._by_key: dict[str, Outlet] = {}
        for outlet in outlets:
            for name in outlet.names():
                self._by_key[match_key(name)] = outlet
        # Longest names first, so 연합뉴스TV wins over 연합뉴스 inside a line.
        self._keys = sorted(self._by_key, key=len, reverse=True)

    def all(self) -> list[Outlet]:
        return list(dict.fromkeys(self._by_key.values()))

    def find(self, name: str) -> Outlet | None:
        return self._by_key.get(match_key(name))

    def find_in(self, text: str, *, min_length: int = 2) -> Outlet | None:
        """The outlet whose name (longest first) occurs in ``text``."""
        key = match_key(text)
        spaced = unicodedata.normalize("NFKC", text).casefold()
        for name in self._keys:
            if len(name) < min_length or name not in key:
                continue
            # Latin names must stand as words: "ebs" is not the outlet inside "webs".
            if name.isascii() and not _latin_word(name).search(spaced):
                continue
            return self._by_key[name]
        return None


@cache
def _latin_word(key: str) -> re.Pattern[str]:
    spaced_key = r"\s*".join(re.escape(ch) for ch in key)
    return re.compile(rf"(?<![a-z0-9]){spaced_key}(?![a-z0-9])")


def load_outlets(extra_files: Sequence[Path] = ()) -> OutletList:
    outlets = _parse(bundled_data_dir() / "outlets.toml")
    for path in extra_files:
        outlets.extend(_parse(path))
    return OutletList(outlets)


@cache
def outlet_list(extra_files: tuple[Path, ...] = ()) -> OutletList:
    """The bundled outlets plus the user's files (``[data] outlets``), once per process."""
    return load_outlets(extra_files)


def outlets() -> OutletList:
    """The bundled outlet list (cached per process)."""
    return outlet_list()


def find_outlet(name: str) -> Outlet | None:
    return outlets().find(name)


def find_outlet_in(text: str) -> Outlet | None:
    return outlets().find_in(text)


def outlet_english(name_ko: str) -> str | None:
    """The official English name of a Korean outlet, or None if it is not in the list."""
    outlet = find_outlet(name_ko)
    return outlet.en if outlet else None
