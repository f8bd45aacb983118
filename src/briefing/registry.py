"""The names registry: English spellings of Korean names, kept in the store for later articles.

When an article gives a name's English in brackets (``마크 메그완(Mark McGowan)``), that
spelling is recorded with the article it came from; every later article that names the
same person or party without the brackets uses it (``name_source`` "registry"). Users
inspect and correct the registry with ``briefing names list|add|remove``; an entry they
add replaces what an article taught and is never replaced by one.

The registry is the ``names`` table of the SQLite store (store migration 5). Entries are
checked when read: a hand-edited entry that is malformed stops with one line naming it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from briefing.errors import InputError, StoreError
from briefing.store import Cursor, Row, Store

NameKind = Literal["person", "party"]
NAME_KINDS: tuple[str, ...] = ("person", "party")
ORIGINS: tuple[str, ...] = ("article", "user")  # who taught the spelling
MAX_KO = 60
MAX_EN = 120

_SEPARATORS = re.compile(r"[\s·・]+")
_HANGUL = re.compile(r"[가-힣ㄱ-ㆎ]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_COLUMNS = "rowid, key, ko, en, kind, origin, article, added_at"


def registry_key(ko: str) -> str:
    """The lookup key of a Korean name: NFC, without spaces or middle dots."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFC", ko))


@dataclass(frozen=True)
class RegistryEntry:
    ko: str
    en: str
    kind: NameKind
    origin: str  # "article" (seen in brackets) or "user" (briefing names add)
    article: str | None  # the article the spelling was seen in
    added_at: str


def describe_entry(entry: RegistryEntry) -> str:
    """One line of `briefing names list`."""
    when = entry.added_at[:10]
    if entry.origin == "user":
        where = f"added by hand on {when}"
    else:
        where = f"seen in {entry.article or 'an article'} on {when}"
    return f"{entry.ko} = {entry.en}  ({entry.kind}; {where})"


def english_problem(en: str) -> str | None:
    """Why ``en`` cannot be a registry's English name, or None."""
    if not en.strip():
        return "the English is empty"
    if en != en.strip() or "  " in en:
        return f'the English "{en}" has stray spaces'
    if _CONTROL.search(en):
        return "the English contains control characters"
    if _HANGUL.search(en):
        return f'the English "{en}" contains Hangul'
    if len(en) > MAX_EN:
        return f"the English is longer than {MAX_EN} characters"
    return None


def korean_problem(ko: str) -> str | None:
    """Why ``ko`` cannot be a registry's Korean name, or None."""
    if not ko.strip():
        return "the Korean name is empty"
    if _CONTROL.search(ko):
        return "the Korean name contains control characters"
    if not _HANGUL.search(ko):
        return f'the Korean name "{ko}" has no Hangul'
    if len(ko) > MAX_KO:
        return f"the Korean name is longer than {MAX_KO} characters"
    return None


def _entry(row: Row) -> RegistryEntry:
    """A stored row, checked: a malformed one is a StoreError naming the entry."""
    rowid, key, ko, en, kind = row["rowid"], row["key"], row["ko"], row["en"], row["kind"]
    origin, article, added_at = row["origin"], row["article"], row["added_at"]
    label = f'"{ko}"' if isinstance(ko, str) and ko.strip() else f"#{rowid}"
    problem = None
    if not isinstance(ko, str) or not isinstance(en, str):
        problem = "its Korean or English is not text"
    else:
        problem = korean_problem(ko) or english_problem(en)
        if problem is None and key != registry_key(ko):
            problem = f"its key {key!r} does not match its Korean name"
        elif problem is None and kind not in NAME_KINDS:
            problem = f"its kind {kind!r} is not person or party"
        elif problem is None and origin not in ORIGINS:
            problem = f"its origin {origin!r} is not article or user"
    if problem is not None:
        name = ko if isinstance(ko, str) and ko.strip() else str(key)
        raise StoreError(
            f"names registry entry {label} is malformed: {problem}",
            f'correct it with `briefing names add "{name}" "ENGLISH"` '
            f'or remove it with `briefing names remove "{name}"`',
        )
    return RegistryEntry(ko, en, kind, origin, article, added_at)


class NamesRegistry:
    """The ``names`` table of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def lookup(self, ko: str) -> RegistryEntry | None:
        """The entry for a Korean name (spaces and middle dots ignored), checked."""
        row = self._row(registry_key(ko))
        return None if row is None else _entry(row)

    def entries(self) -> list[tuple[RegistryEntry | None, StoreError | None]]:
        """Every entry in Korean order, each checked: (entry, None) or (None, its error)."""
        rows = self._query(f"SELECT {_COLUMNS} FROM names ORDER BY key").fetchall()
        out: list[tuple[RegistryEntry | None, StoreError | None]] = []
        for row in rows:
            try:
                out.append((_entry(row), None))
            except StoreError as exc:
                out.append((None, exc))
        return out

    def learn(self, ko: str, en: str, kind: NameKind, article: str | None) -> bool:
        """Record a spelling an article gave; True if new. Existing entries are kept."""
        if korean_problem(ko) or english_problem(en):
            return False
        with self.store.write() as conn:
            cursor = conn.execute(
                "INSERT INTO names (key, ko, en, kind, origin, article, added_at) "
                "VALUES (?, ?, ?, ?, 'article', ?, ?) ON CONFLICT DO NOTHING",
                (registry_key(ko), ko.strip(), en, kind, article, self.store.now()),
            )
        return cursor.rowcount > 0

    def add(self, ko: str, en: str, kind: NameKind) -> RegistryEntry | None:
        """A user's entry (replacing any for the same name); returns the one it replaced."""
        ko, en = unicodedata.normalize("NFC", ko.strip()), " ".join(en.split())
        problem = korean_problem(ko) or english_problem(en)
        if problem is not None:
            raise InputError(
                f'cannot add "{ko}": {problem}',
                'give the Korean name and its English, e.g. `briefing names add "마크 메그완" '
                '"Mark McGowan"`',
            )
        key = registry_key(ko)
        with self.store.write() as conn:
            row = conn.execute(f"SELECT {_COLUMNS} FROM names WHERE key = ?", (key,)).fetchone()
            conn.execute("DELETE FROM names WHERE key = ?", (key,))
            conn.execute(
                "INSERT INTO names (key, ko, en, kind, origin, article, added_at) "
                "VALUES (?, ?, ?, ?, 'user', NULL, ?)",
                (key, ko, en, kind, self.store.now()),
            )
        return None if row is None else _lenient(row)

    def remove(self, ko: str) -> RegistryEntry:
        """Remove the entry for a Korean name; the entry removed (even a malformed one)."""
        key = registry_key(ko.strip())
        with self.store.write() as conn:
            row = conn.execute(f"SELECT {_COLUMNS} FROM names WHERE key = ?", (key,)).fetchone()
            if row is None:
                raise InputError(
                    f'"{ko.strip()}" is not in the names registry', "see `briefing names list`"
                )
            conn.execute("DELETE FROM names WHERE key = ?", (key,))
        return _lenient(row)

    def _row(self, key: str) -> Row | None:
        row: Row | None = self._query(
            f"SELECT {_COLUMNS} FROM names WHERE key = ?", (key,)
        ).fetchone()
        return row

    def _query(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        try:
            return self.store.conn.execute(sql, params)
        except self.store.db.errors as exc:
            raise StoreError(
                f"cannot read the names registry in {self.store.location}: {exc}",
                "check the store file, or move it with --store",
            ) from exc


def _lenient(row: Row) -> RegistryEntry:
    """A row as it is, for reporting what was replaced or removed (it may be malformed)."""
    return RegistryEntry(
        str(row["ko"]),
        str(row["en"]),
        row["kind"],
        str(row["origin"]),
        row["article"],
        str(row["added_at"]),
    )
