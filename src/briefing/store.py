"""The SQLite store: articles processed (however they arrived) and the translation cache.

OWNER: store helper (issue 6) extends this; the translation cache API below is used by
briefing.translate and must keep its signatures.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path

from briefing.errors import StoreError

SCHEMA_VERSION = 1

_MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE translations (
        model_id TEXT NOT NULL,
        source   TEXT NOT NULL,
        target   TEXT NOT NULL,
        created  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        PRIMARY KEY (model_id, source)
    ) WITHOUT ROWID;
    """,
}


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating and migrating) the store: WAL, busy timeout, explicit transactions."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=30, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        _migrate(conn)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the store {path}: {exc}",
                         "check the path, or move it with --store") from exc
    return conn


def _migrate(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"the store has schema version {current}, newer than this briefing "
                f"({SCHEMA_VERSION})", "upgrade briefing")
        for version in range(current + 1, SCHEMA_VERSION + 1):
            for statement in _MIGRATIONS[version].split(";"):
                if statement.strip():
                    conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


class Store:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = connect(path)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------- translation cache

    def translations_get(self, model_id: str, sources: Iterable[str]) -> dict[str, str]:
        """Cached translations of ``sources`` by ``model_id`` (missing ones are absent)."""
        found: dict[str, str] = {}
        for source in dict.fromkeys(sources):
            row = self.conn.execute(
                "SELECT target FROM translations WHERE model_id = ? AND source = ?",
                (model_id, source),
            ).fetchone()
            if row is not None:
                found[source] = row[0]
        return found

    def translations_put(self, model_id: str, pairs: Mapping[str, str]) -> None:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.executemany(
                "INSERT OR REPLACE INTO translations (model_id, source, target) VALUES (?, ?, ?)",
                [(model_id, s, t) for s, t in pairs.items()],
            )
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
