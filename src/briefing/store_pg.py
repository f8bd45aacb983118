"""The PostgreSQL backend of the store (``store = "postgresql://…"``): several machines.

The same tables as the SQLite store and the same SQL (``store.py``); what differs:

- write transactions are serialised by a transaction advisory lock, as SQLite's write lock
  serialises them, so a claim, a duplicate check or a digest reservation decides alone;
- an owner is a session advisory lock (``pg_advisory_lock``) rather than a lock file: the
  server drops it when the owner's connection ends, so a worker that dies (even by
  ``kill -9``, even on another machine) has its claims taken over;
- the schema version lives in ``briefing_schema``; ``_MIGRATIONS`` upgrade older stores.

psycopg is imported here only, and this module only when a store URL is used.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import socket
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from briefing.errors import StoreError, StoreUnavailableError, first_line

if TYPE_CHECKING:
    import psycopg

SCHEMA_VERSION = 1
# The advisory lock namespace of briefing ("Brif"); key 0 is the write lock, others owners.
LOCK_NAMESPACE = 0x42726966
_WRITE_LOCK = 0
CONNECT_TIMEOUT_SECONDS = 5
# No call into the store may wait for ever: a server that vanished (TCP keepalives, unsent
# data) or a lock or statement that never ends becomes an error, which a worker waits out
# and tries again (cluster.py). The store's transactions last milliseconds.
_NEVER_FOREVER = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 30_000,  # ms
}
# Set when the session starts (before its first statement); a session left in a
# transaction (its client stuck) would otherwise hold the write lock for ever.
_SESSION_TIMEOUTS = (
    "-c lock_timeout=60s -c statement_timeout=120s -c idle_in_transaction_session_timeout=120s"
)
UNREACHABLE_HINT = (
    "check that PostgreSQL runs and that the URL in [paths] store (or --store) names the "
    "right host, port, user and database"
)

_MIGRATIONS: dict[int, str] = {
    # The SQLite store's schema at its version 5, at once.
    1: """
    CREATE TABLE translations (
        model_id TEXT NOT NULL,
        source   TEXT NOT NULL,
        target   TEXT NOT NULL,
        created  TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (model_id, source)
    );
    CREATE TABLE articles (
        content_hash  TEXT PRIMARY KEY,      -- sha256 of the file's raw bytes: one row each
        article_id    TEXT,
        source_name   TEXT NOT NULL,
        origin        TEXT NOT NULL,
        status        TEXT NOT NULL CHECK (status IN
                          ('processing', 'done', 'failed', 'duplicate')),
        error         TEXT,
        duplicate_of  TEXT,
        facts         TEXT,
        output_dir    TEXT,
        outputs       TEXT,
        owner         TEXT,
        token         TEXT,
        attempts      INTEGER NOT NULL DEFAULT 0,
        claimed_at    TEXT NOT NULL,
        finished_at   TEXT,
        first_done_at TEXT,
        lease_until   TEXT,
        published     TEXT
    );
    CREATE INDEX articles_by_article_id ON articles (article_id);
    CREATE INDEX articles_by_first_done ON articles (first_done_at);
    CREATE INDEX articles_by_published ON articles (published);
    CREATE TABLE digests (
        week        TEXT PRIMARY KEY,        -- one digest a week, whoever makes it
        status      TEXT NOT NULL CHECK (status IN ('running', 'done', 'empty', 'failed')),
        owner       TEXT,
        error       TEXT,
        outputs     TEXT,
        started_at  TEXT NOT NULL,
        finished_at TEXT
    );
    CREATE TABLE digest_articles (
        article_id TEXT PRIMARY KEY,
        week       TEXT NOT NULL,
        part       TEXT NOT NULL CHECK (part IN ('main', 'late'))
    );
    CREATE INDEX digest_articles_by_week ON digest_articles (week);
    CREATE TABLE names (
        rowid    BIGINT GENERATED ALWAYS AS IDENTITY,  -- as SQLite's, for messages
        key      TEXT PRIMARY KEY,
        ko       TEXT NOT NULL,
        en       TEXT NOT NULL,
        kind     TEXT NOT NULL,
        origin   TEXT NOT NULL,
        article  TEXT,
        added_at TEXT NOT NULL
    );
    """,
}


def redacted(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


class Row(tuple[Any, ...]):
    """A row by position (unpacking) and by column name, like ``sqlite3.Row``."""

    names: dict[str, int]

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self.names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self.names)


def _row_factory(cursor: Any) -> Any:
    description = cursor.description
    if description is None:
        return tuple
    names = {column.name: index for index, column in enumerate(description)}
    row_class = type("Row", (Row,), {"names": names})
    return lambda values: row_class(values)


def _with_timeouts(url: str) -> str:
    """The URL's connection string with the timeouts added (after any options it gives)."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    given = str(conninfo_to_dict(url).get("options") or "")
    return make_conninfo(url, **_NEVER_FOREVER, options=f"{given} {_SESSION_TIMEOUTS}".strip())


class PostgresDatabase:
    def __init__(self, url: str) -> None:
        import psycopg

        self.url = url
        self.location = redacted(url)
        self.errors: tuple[type[Exception], ...] = (psycopg.Error,)
        self._owner_key: int | None = None
        try:
            self.conn: psycopg.Connection[Any] = psycopg.connect(
                _with_timeouts(url),
                autocommit=True,
                connect_timeout=CONNECT_TIMEOUT_SECONDS,
                row_factory=_row_factory,
            )
        except psycopg.ProgrammingError as exc:  # the URL itself is malformed
            raise StoreError(
                f"the store URL {self.location} is not valid: {first_line(exc)}",
                "write it as postgresql://USER:PASSWORD@HOST:PORT/DATABASE",
            ) from exc
        except psycopg.Error as exc:
            raise self.error(exc) from exc
        try:
            self._migrate()
        except psycopg.Error as exc:
            self.conn.close()
            raise self.error(exc) from exc
        except BaseException:
            self.conn.close()
            raise

    # ----------------------------------------------------------------- SQL

    @staticmethod
    def _sql(sql: str) -> str:
        """The store's ``?`` placeholders as psycopg's ``%s``."""
        return sql.replace("%", "%%").replace("?", "%s")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(self._sql(sql), tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = [tuple(r) for r in rows]
        if rows:
            with self.conn.cursor() as cursor:
                cursor.executemany(self._sql(sql), rows)

    def begin_write(self) -> None:
        self.conn.execute("BEGIN")
        self.conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", (LOCK_NAMESPACE, _WRITE_LOCK))

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        self.conn.execute("ROLLBACK")

    def _migrate(self) -> None:
        self.begin_write()
        try:
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS briefing_schema (version INTEGER NOT NULL)"
            )
            row = self.conn.execute("SELECT max(version) FROM briefing_schema").fetchone()
            current = (row[0] if row else None) or 0
            if current > SCHEMA_VERSION:
                raise StoreError(
                    f"the store {self.location} has schema version {current}, newer than "
                    f"this briefing ({SCHEMA_VERSION})",
                    "upgrade briefing",
                )
            for version in range(current + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[version].split(";"):
                    if statement.strip():
                        self.conn.execute(statement.encode("utf-8"))
            if current != SCHEMA_VERSION:
                self.conn.execute("DELETE FROM briefing_schema")
                self.conn.execute(
                    "INSERT INTO briefing_schema (version) VALUES (%s)", (SCHEMA_VERSION,)
                )
            self.commit()
        except BaseException:
            if not self.conn.closed:
                self.rollback()
            raise

    # ----------------------------------------------------------------- errors

    def error(self, exc: Exception) -> StoreError:
        import psycopg

        detail = first_line(exc)
        if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
            return StoreUnavailableError(
                f"the PostgreSQL store {self.location} cannot be reached: {detail}",
                UNREACHABLE_HINT,
            )
        return StoreError(
            f"the PostgreSQL store {self.location} cannot be used: {detail}",
            "check the database and its permissions; `briefing store check --store URL`",
        )

    # ----------------------------------------------------------------- owners

    def take_owner(self) -> str:
        if self._owner_key is None:
            key = secrets.randbelow(2**31 - 2) + 1
            self.conn.execute("SELECT pg_advisory_lock(%s, %s)", (LOCK_NAMESPACE, key))
            self._owner_key = key
        return f"{socket.gethostname()}-{os.getpid()}-pg{self._owner_key}"

    def release_owner(self) -> None:
        if self._owner_key is not None and not self.conn.closed:
            import psycopg

            # if the connection is gone, so is the lock
            with contextlib.suppress(psycopg.Error):
                self.conn.execute(
                    "SELECT pg_advisory_unlock(%s, %s)", (LOCK_NAMESPACE, self._owner_key)
                )
        self._owner_key = None

    def owner_alive(self, token: str | None) -> bool:
        """True while the session that took ``token`` is connected (it holds the lock)."""
        found = re.search(r"-pg(\d+)$", token or "")
        if found is None:
            return False
        row = self.conn.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND classid::bigint = %s AND objid::bigint = %s AND objsubid = 2 "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            (LOCK_NAMESPACE, int(found.group(1))),
        ).fetchone()
        return bool(row and row[0])

    def check_still_there(self) -> None:
        pass  # a server, not a file that can be deleted under us

    def close(self) -> None:
        self.release_owner()
        self.conn.close()

    # ----------------------------------------------------------------- check

    def counts(self) -> tuple[dict[str, int], int, int]:
        """Articles by status, digests, translations (``briefing store check``)."""
        articles = {
            str(row[0]): int(row[1])
            for row in self.conn.execute("SELECT status, count(*) FROM articles GROUP BY status")
        }

        def count(table: str) -> int:
            row = self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()
            return int(row[0]) if row else 0

        return articles, count("digests"), count("translations")
