"""The store: articles processed (however they arrived), weekly digests, translations,
and the names registry (``briefing/registry.py``).

Two backends behind one ``Store``: an SQLite file (the default, described below) and, for
several machines, PostgreSQL (``store = "postgresql://…"``; ``briefing/store_pg.py``). The
SQL is written once, with ``?`` placeholders and rows read by column name; each backend
keeps its own migrations. Both serialise write transactions (SQLite's write lock, a
PostgreSQL advisory lock), so the claims below mean the same on both.

One file (default ``<user data dir>/briefing.sqlite3``; ``--store`` or ``[paths] store`` moves
it) shared by ``briefing generate``, every ``briefing watch`` and ``briefing weekly``:

- WAL mode and a busy timeout, so readers never block writers and concurrent processes wait
  instead of failing with "database is locked";
- every write transaction is ``BEGIN IMMEDIATE``: it takes the write lock up front, so two
  processes can never deadlock upgrading a read to a write;
- ``PRAGMA user_version`` is the schema version; ``_MIGRATIONS`` upgrade older stores.

Articles are keyed by the hash of the file's raw bytes. A record is ``processing`` while one
process works on it, then ``done``, ``failed`` or ``duplicate`` (same cleaned text as another
article). Which process owns a ``processing`` record is told by an owner lock: a file under
``<store>.owners/`` that the owner holds an ``flock`` on for its lifetime. The kernel drops the
lock when the process dies (even by ``kill -9``), so a dead owner's work is taken over
exactly once, whatever the pid has become since. A claim also holds a lease
(``CLAIM_LEASE``, renewed while the work goes on): a record whose owner is alive but stuck
is taken over once its lease runs out, so no record stays ``processing`` for ever.

Faults: the file is checked (``PRAGMA quick_check``) before anything is written to it; every
``sqlite3`` error any method meets becomes a ``StoreError`` saying what to do; and a store
deleted or replaced under a running process stops the run (``StoreLostError``) instead of
letting it record into a file nobody will read. ``check_store`` and ``backup_store`` are
``briefing store check`` and ``briefing store backup``.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import sqlite3
import stat
import time as clock
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import wraps
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

from briefing.errors import InputError, StoreError, StoreUnavailableError
from briefing.files import open_locked, sha256_of_open_file
from briefing.weeks import publication_day, week_bounds

SCHEMA_VERSION = 5

# A migration is SQL, or a function for what SQL alone cannot say (local-time weeks).
Migration = str | Callable[[sqlite3.Connection], None]


def _file_by_publication(conn: sqlite3.Connection) -> None:
    """4: articles are filed by publication date; each digest records what it listed.

    ``articles.published`` is copied out of each stored facts document. A digest made before
    listed the articles first briefed in its week: it keeps exactly those, so no article is
    listed a second time after the upgrade.
    """
    # Written to run again harmlessly: a store made by a development build may have it.
    columns = {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
    if "published" not in columns:
        conn.execute("ALTER TABLE articles ADD COLUMN published TEXT")  # ISO date; null: undated
    conn.execute("CREATE INDEX IF NOT EXISTS articles_by_published ON articles (published)")
    conn.execute(
        """
        CREATE TABLE IF NOT EXISTS digest_articles (
            article_id TEXT PRIMARY KEY,     -- listed in one digest only
            week       TEXT NOT NULL,        -- the digest that lists it
            part       TEXT NOT NULL CHECK (part IN ('main', 'late'))
        )
        """
    )
    conn.execute("CREATE INDEX IF NOT EXISTS digest_articles_by_week ON digest_articles (week)")
    rows = conn.execute("SELECT content_hash, facts FROM articles WHERE facts IS NOT NULL")
    for content_hash, facts in rows.fetchall():
        conn.execute(
            "UPDATE articles SET published = ? WHERE content_hash = ?",
            (published_of(facts), content_hash),
        )
    made = conn.execute("SELECT week FROM digests WHERE status IN ('done', 'empty') ORDER BY week")
    for (week,) in made.fetchall():
        try:
            start, end = week_bounds(week)
        except InputError:
            continue  # not a week this version can name: nothing it listed can be known
        conn.execute(
            "INSERT OR IGNORE INTO digest_articles (article_id, week, part) "
            "SELECT DISTINCT article_id, ?, 'main' FROM articles WHERE status = 'done' "
            "AND article_id IS NOT NULL AND first_done_at >= ? AND first_done_at < ?",
            (week, iso(start), iso(end)),
        )


_MIGRATIONS: dict[int, Migration] = {
    1: """
    CREATE TABLE translations (
        model_id TEXT NOT NULL,
        source   TEXT NOT NULL,
        target   TEXT NOT NULL,
        created  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        PRIMARY KEY (model_id, source)
    ) WITHOUT ROWID;
    """,
    2: """
    CREATE TABLE articles (
        content_hash  TEXT PRIMARY KEY,      -- sha256 of the file's raw bytes
        article_id    TEXT,                  -- sha256 of the cleaned body (16 hex), once read
        source_name   TEXT NOT NULL,         -- where it arrived (NFC)
        origin        TEXT NOT NULL,         -- watch | generate
        status        TEXT NOT NULL CHECK (status IN
                          ('processing', 'done', 'failed', 'duplicate')),
        error         TEXT,
        duplicate_of  TEXT,                  -- source_name of the article it repeats
        facts         TEXT,                  -- briefing.facts/1 JSON
        output_dir    TEXT,
        outputs       TEXT,                  -- JSON list of written paths
        owner         TEXT,                  -- owner lock token of the process working on it
        token         TEXT,                  -- the watcher's claim token (inbox work folder)
        attempts      INTEGER NOT NULL DEFAULT 0,
        claimed_at    TEXT NOT NULL,
        finished_at   TEXT,
        first_done_at TEXT                   -- when it was first briefed
    );
    CREATE INDEX articles_by_article_id ON articles (article_id);
    CREATE INDEX articles_by_first_done ON articles (first_done_at);
    CREATE TABLE digests (
        week        TEXT PRIMARY KEY,        -- ISO week, e.g. 2025-W44
        status      TEXT NOT NULL CHECK (status IN ('running', 'done', 'empty', 'failed')),
        owner       TEXT,
        error       TEXT,
        outputs     TEXT,
        started_at  TEXT NOT NULL,
        finished_at TEXT
    );
    """,
    3: """
    ALTER TABLE articles ADD COLUMN lease_until TEXT;  -- a 'processing' claim expires then
    """,
    4: _file_by_publication,
    # The names registry (briefing/registry.py): English spellings seen in articles.
    5: """
    CREATE TABLE names (
        key      TEXT PRIMARY KEY,          -- the Korean name without spaces or middle dots
        ko       TEXT NOT NULL,             -- as written
        en       TEXT NOT NULL,
        kind     TEXT NOT NULL,             -- person | party
        origin   TEXT NOT NULL,             -- article (seen in brackets) | user (names add)
        article  TEXT,                      -- the article it was seen in
        added_at TEXT NOT NULL
    );
    """,
}

ArticleStatus = Literal["processing", "done", "failed", "duplicate"]
DigestStatus = Literal["running", "done", "empty", "failed"]
# Briefing the largest article the reader accepts takes about a minute on a quiet machine;
# a claim not renewed for this long belongs to a process that is stuck.
CLAIM_LEASE = timedelta(minutes=10)

DAMAGED_HINT = (
    "stop using it: `briefing store check` tells more; restore a backup or start a new "
    "store as docs/operations.md says under 'A damaged store'"
)
# How long a process waits for another one's write lock on the SQLite store.
BUSY_SECONDS = 60
# SQLite's primary result codes (https://sqlite.org/rescode.html)
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = (
    10,
    11,
    13,
    14,
    26,
)


class StoreLostError(StoreError):
    """The store file was deleted or replaced while this process was using it."""


def damaged(path: Path, detail: str) -> StoreError:
    return StoreError(f"the store {path} is damaged: {detail}", DAMAGED_HINT)


def database_error(path: Path, exc: sqlite3.Error) -> StoreError:
    """The user's error line for an SQLite error on the store at ``path``."""
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    text = str(exc)
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in text or "not a database" in text:
        return damaged(path, text)
    if code == _SQLITE_FULL:
        return StoreError(
            f"the store {path} cannot be written: the disk is full",
            "free disk space, then run again",
        )
    if code in (_SQLITE_READONLY, _SQLITE_CANTOPEN, _SQLITE_PERM):
        return StoreError(
            f"the store {path} cannot be opened or written: {text}",
            "check the permissions of the file and its folder, or move it with --store",
        )
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return StoreUnavailableError(
            f"the store {path} is busy: {text}",
            "another briefing process held it too long; run again",
        )
    if code == _SQLITE_IOERR:
        return StoreError(
            f"the store {path} cannot be read or written: {text}",
            "check the disk; `briefing store check` tells whether the store is damaged",
        )
    return StoreError(
        f"the store {path} cannot be used: {text}",
        "`briefing store check` tells whether it is damaged",
    )


def _quick_check(
    conn: sqlite3.Connection, path: Path, pragma: str = "quick_check", shown: int = 2
) -> None:
    """Refuse a damaged file before anything writes to it (a few ms per 100 MB)."""
    rows = [str(row[0]) for row in conn.execute(f"PRAGMA {pragma}(20)")]
    if rows != ["ok"]:
        problems = [
            line.strip()
            for row in rows
            for line in row.splitlines()
            if line.strip() and not line.startswith("***")
        ]
        more = f" and {len(problems) - shown} more problems" if len(problems) > shown else ""
        raise damaged(path, "; ".join(problems[:shown]) + more)


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating and migrating) the store: WAL, busy timeout, explicit transactions."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
        conn.row_factory = sqlite3.Row
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")
            _quick_check(conn, path)
            _use_wal(conn)
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            _migrate(conn)
        except BaseException:
            conn.close()
            raise
    except sqlite3.Error as exc:
        raise database_error(path, exc) from exc
    except OSError as exc:
        raise StoreError(
            f"cannot create the store's folder {path.parent}: {exc.strerror}",
            "check the path, or move it with --store",
        ) from exc
    return conn


def _use_wal(conn: sqlite3.Connection) -> None:
    """Put the store in WAL mode (once per file; later connections find it so).

    Switching a new file to WAL needs its read lock upgraded, and SQLite does not call the
    busy handler for that: while another process opens the same new store it fails at once
    with "database is locked" (two watchers started together did), so it is tried again
    for as long as the busy timeout would wait."""
    deadline = clock.monotonic() + BUSY_SECONDS
    pause = 0.01
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
            if code not in (_SQLITE_BUSY, _SQLITE_LOCKED) or clock.monotonic() > deadline:
                raise
        clock.sleep(pause)
        pause = min(pause * 2, 0.5)


def _migrate(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"the store has schema version {current}, newer than this briefing "
                f"({SCHEMA_VERSION})",
                "upgrade briefing",
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            migration = _MIGRATIONS[version]
            if callable(migration):
                migration(conn)
                continue
            for statement in migration.split(";"):
                if statement.strip():
                    conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def content_hash_of(path: Path) -> str:
    """sha256 of a file's raw bytes, read in chunks (a huge file is refused later, not here).

    Opened without blocking and checked to be a regular file before anything is read: a
    FIFO would block for ever and a device never ends.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file", "check the path") from exc
    except OSError as exc:
        raise InputError(
            f"{path}: cannot read: {exc.strerror or exc}", "check the file's permissions"
        ) from exc
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(
                f"{path}: is a folder, not an article file",
                "name a .txt or .html file, or pass the folder to `briefing generate`",
            )
        if not stat.S_ISREG(mode):
            raise InputError(f"{path}: not a regular file", "give a .txt or .html file")
        return sha256_of_open_file(fd)
    except OSError as exc:
        raise InputError(
            f"{path}: cannot read: {exc.strerror or exc}", "check the file's permissions"
        ) from exc
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- owner locks


class OwnerLock:
    """A lock file held (flock) for this process's lifetime; its name is the owner token."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.token = f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(4)}"
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"{self.token}.lock"
        self._fd = open_locked(self.path, create=True)

    def release(self) -> None:
        if self._fd >= 0:
            with contextlib.suppress(OSError):
                self.path.unlink()
            os.close(self._fd)
            self._fd = -1

    @staticmethod
    def is_alive(folder: Path, token: str | None) -> bool:
        """True while the process that took ``token`` still runs (it holds the lock)."""
        if not token:
            return False
        path = folder / f"{token}.lock"
        try:
            fd = open_locked(path, create=False)
        except FileNotFoundError:
            return False
        except BlockingIOError:
            return True
        # A dead owner's leftover: ours to clear.
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(fd)
        return False


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class ArticleRecord:
    content_hash: str
    article_id: str | None
    source_name: str
    origin: str
    status: ArticleStatus
    error: str | None
    duplicate_of: str | None
    facts: str | None
    output_dir: str | None
    outputs: tuple[str, ...]
    owner: str | None
    token: str | None
    attempts: int
    claimed_at: str
    finished_at: str | None
    first_done_at: str | None
    lease_until: str | None = None  # a 'processing' claim not renewed by then is taken over
    published: str | None = None  # ISO date the article was published, if known

    @property
    def original_name(self) -> str:
        """The article this content repeats (itself unless it is a duplicate)."""
        return self.duplicate_of or self.source_name

    def facts_dict(self) -> dict[str, Any] | None:
        if self.facts is None:
            return None
        data: dict[str, Any] = json.loads(self.facts)
        return data


@dataclass(frozen=True)
class DigestRecord:
    week: str
    status: DigestStatus
    owner: str | None
    error: str | None
    outputs: tuple[str, ...]
    started_at: str
    finished_at: str | None


_ARTICLE_FIELDS = tuple(ArticleRecord.__dataclass_fields__)
_DIGEST_FIELDS = tuple(DigestRecord.__dataclass_fields__)
_ARTICLE_COLUMNS = ", ".join(_ARTICLE_FIELDS)
_DIGEST_COLUMNS = ", ".join(_DIGEST_FIELDS)


def _paths_list(value: str | None) -> tuple[str, ...]:
    return tuple(json.loads(value)) if value else ()


def _article(row: Row) -> ArticleRecord:
    values = {name: row[name] for name in _ARTICLE_FIELDS}
    values["outputs"] = _paths_list(values["outputs"])
    return ArticleRecord(**values)


def _digest(row: Row) -> DigestRecord:
    values = {name: row[name] for name in _DIGEST_FIELDS}
    values["outputs"] = _paths_list(values["outputs"])
    return DigestRecord(**values)


_Class = TypeVar("_Class", bound=type)


def _wrapping_database_errors(cls: _Class) -> _Class:
    """Every public method of ``cls`` raises StoreError, never a raw database error."""
    for name, method in list(vars(cls).items()):
        if name.startswith("_") or not callable(method) or isinstance(method, staticmethod):
            continue

        def guarded(self: Any, *args: Any, __method: Any = method, **kwargs: Any) -> Any:
            try:
                return __method(self, *args, **kwargs)
            except Exception as exc:
                database = (self if isinstance(self, Store) else self.store).db
                if isinstance(exc, database.errors) and not isinstance(exc, StoreError):
                    raise database.error(exc) from exc
                raise

        setattr(cls, name, wraps(method)(guarded))
    return cls


DigestPart = Literal["main", "late"]


@dataclass(frozen=True)
class DigestCandidate:
    """A briefed article no digest lists yet, as ``Store.digest_reserve`` offers it."""

    article_id: str
    published: str | None
    first_done_at: str


ChooseListed = Callable[[list[DigestCandidate], set[str]], Mapping[str, DigestPart]]

ClaimKind = Literal["claimed", "duplicate", "busy", "settled"]


@dataclass(frozen=True)
class ClaimOutcome:
    """What `Store.claim` decided. ``claim`` is set only when the caller should process.

    - claimed: process it (``claim.resumed`` when taken over from a dead owner);
    - duplicate: the same bytes were briefed already (``record`` says as what);
    - busy: another live process works on the same bytes right now;
    - settled: this very claim token was finished before a crash; only tidy up.
    """

    kind: ClaimKind
    record: ArticleRecord | None
    claim: ArticleClaim | None = None


@_wrapping_database_errors
class ArticleClaim:
    """The right to process one content hash; records the outcome in the store."""

    def __init__(
        self, store: Store, content_hash: str, source_path: str, *, redo_done: bool, resumed: bool
    ) -> None:
        self.store = store
        self.content_hash = content_hash
        self.source_path = source_path
        self.redo_done = redo_done
        self.resumed = resumed
        self.finished = False

    def check_article(self, article_id: str) -> ArticleRecord | None:
        """Note the article id; the record of another file with the same cleaned text, if any.

        Such an article is this one's original: this record becomes a ``duplicate`` of it.
        """
        store = self.store
        with store.write() as conn:
            rows = conn.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE article_id = ? "
                "AND content_hash != ? AND status IN ('done', 'processing')",
                (article_id, self.content_hash),
            ).fetchall()
            original = next((r for r in map(_article, rows) if self._repeats(r)), None)
            if original is None:
                conn.execute(
                    "UPDATE articles SET article_id = ? WHERE content_hash = ?",
                    (article_id, self.content_hash),
                )
                return None
            conn.execute(
                "UPDATE articles SET article_id = ?, status = 'duplicate', duplicate_of = ?, "
                "finished_at = ?, error = NULL WHERE content_hash = ?",
                (article_id, original.source_name, store.now(), self.content_hash),
            )
        self.finished = True
        return original

    def _repeats(self, other: ArticleRecord) -> bool:
        owner = self.store.owner
        if other.status == "done":
            return not self.redo_done or other.owner == owner
        return other.owner != owner and self.store.holds_claim(other)

    def renew(self) -> None:
        """Still working on it: extend the lease (called between the stages)."""
        with self.store.write() as conn:
            conn.execute(
                "UPDATE articles SET lease_until = ? WHERE content_hash = ? "
                "AND status = 'processing' AND owner = ?",
                (self.store.lease_end(), self.content_hash, self.store.owner),
            )

    def release(self) -> None:
        """Give the work up unfinished (SIGTERM): the next run or watcher takes it at once."""
        with self.store.write() as conn:
            conn.execute(
                "UPDATE articles SET lease_until = ? WHERE content_hash = ? "
                "AND status = 'processing' AND owner = ?",
                (self.store.now(), self.content_hash, self.store.owner),
            )
        self.finished = True

    def done(self, facts_json: str, folder: Path, files: Iterable[Path]) -> None:
        if self.resumed:
            remove_stale_temporaries(folder)
        now = self.store.now()
        with self.store.write() as conn:
            conn.execute(
                "UPDATE articles SET status = 'done', error = NULL, duplicate_of = NULL, "
                "facts = ?, output_dir = ?, outputs = ?, finished_at = ?, "
                "first_done_at = COALESCE(first_done_at, ?), published = ? "
                "WHERE content_hash = ?",
                (
                    facts_json,
                    str(folder),
                    json.dumps([str(f) for f in files], ensure_ascii=False),
                    now,
                    now,
                    published_of(facts_json),
                    self.content_hash,
                ),
            )
        self.finished = True

    def failed(self, message: str) -> None:
        with self.store.write() as conn:
            conn.execute(
                "UPDATE articles SET status = 'failed', error = ?, finished_at = ? "
                "WHERE content_hash = ? AND status = 'processing'",
                (message, self.store.now(), self.content_hash),
            )
        self.finished = True


def published_of(facts_json: str) -> str | None:
    """The publication date a facts document states (None if it states none)."""
    try:
        published = json.loads(facts_json)["article"]["published"]
    except (ValueError, KeyError, TypeError):
        return None
    return published if isinstance(published, str) and published else None


def remove_stale_temporaries(folder: Path) -> None:
    """Remove what an interrupted atomic write left (``.NAME.XXXX.tmp``) in an owned folder."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name.startswith(".") and entry.name.endswith(".tmp") and entry.is_file():
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """The one timestamp format of the store (UTC, microseconds), so strings sort as times."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Row(Protocol):
    """A row read by column name (``row["status"]``); it also unpacks as a tuple."""

    def __getitem__(self, key: str | int, /) -> Any: ...


class Database(Protocol):
    """What ``Store`` needs of a backend (SQLite here, PostgreSQL in ``store_pg``).

    SQL uses ``?`` placeholders; rows are read by column name.
    """

    location: str  # for messages: a file path, or a URL without its password
    errors: tuple[type[Exception], ...]  # what the driver raises

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor: ...

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...

    def begin_write(self) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def error(self, exc: Exception) -> StoreError: ...

    def take_owner(self) -> str: ...

    def release_owner(self) -> None: ...

    def owner_alive(self, token: str | None) -> bool: ...

    def check_still_there(self) -> None: ...

    def close(self) -> None: ...


class SQLiteDatabase:
    """One store file: owners are lock files beside it (``<store>.owners/``)."""

    errors: tuple[type[Exception], ...] = (sqlite3.Error,)

    def __init__(self, path: Path) -> None:
        self.path = path
        self.location = str(path)
        self.conn = connect(path)
        self._identity = _file_identity(path)
        self._owner_lock: OwnerLock | None = None

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    def begin_write(self) -> None:
        # Takes the write lock up front: no deadlock upgrading a read to a write.
        self.conn.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        self.conn.execute("ROLLBACK")

    def error(self, exc: Exception) -> StoreError:
        assert isinstance(exc, sqlite3.Error)
        return database_error(self.path, exc)

    @property
    def owners_dir(self) -> Path:
        return self.path.with_name(self.path.name + ".owners")

    def take_owner(self) -> str:
        if self._owner_lock is None:
            try:
                self._owner_lock = OwnerLock(self.owners_dir)
            except OSError as exc:
                raise StoreError(
                    f"cannot create a lock in {self.owners_dir}: {exc.strerror}",
                    "check the store folder's permissions",
                ) from exc
        return self._owner_lock.token

    def release_owner(self) -> None:
        if self._owner_lock is not None:
            self._owner_lock.release()
            self._owner_lock = None

    def owner_alive(self, token: str | None) -> bool:
        return OwnerLock.is_alive(self.owners_dir, token)

    def check_still_there(self) -> None:
        """Stop if the file behind the open connection was deleted or replaced."""
        if _file_identity(self.path) != self._identity:
            raise StoreLostError(
                f"the store {self.path} was deleted or replaced while this run was using it",
                "nothing more was recorded; run again to brief the rest",
            )

    def close(self) -> None:
        self.release_owner()
        self.conn.close()


def is_database_url(location: Path | str) -> bool:
    """A PostgreSQL URL (``postgresql://…``) rather than the path of an SQLite file."""
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


def open_database(location: Path | str) -> Database:
    if is_database_url(location):
        from briefing.store_pg import PostgresDatabase

        return PostgresDatabase(str(location))
    return SQLiteDatabase(Path(location))


@_wrapping_database_errors
class Store:
    """The store at ``location``: an SQLite file's path, or a ``postgresql://`` URL."""

    def __init__(self, location: Path | str, clock: Callable[[], datetime] = utc_now) -> None:
        self.clock = clock
        self.db = open_database(location)
        self.location = self.db.location
        self.conn: Database = self.db  # registry.py reads through it

    @property
    def path(self) -> Path:
        """The SQLite file (a PostgreSQL store has none: its location, for messages)."""
        return self.db.path if isinstance(self.db, SQLiteDatabase) else Path(self.location)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------- plumbing

    @property
    def owners_dir(self) -> Path:
        assert isinstance(self.db, SQLiteDatabase)
        return self.db.owners_dir

    @property
    def owner(self) -> str:
        """This process's owner token (its lock is taken on first use)."""
        return self.db.take_owner()

    def owner_alive(self, token: str | None) -> bool:
        return self.db.owner_alive(token)

    def now(self) -> str:
        return iso(self.clock())

    def lease_end(self) -> str:
        return iso(self.clock() + CLAIM_LEASE)

    def holds_claim(self, record: ArticleRecord) -> bool:
        """Whether another process still holds this 'processing' record: alive, lease valid."""
        if record.lease_until is not None and record.lease_until <= self.now():
            return False
        return self.owner_alive(record.owner)

    def check_still_there(self) -> None:
        self.db.check_still_there()

    @contextlib.contextmanager
    def write(self) -> Iterator[Database]:
        """One write transaction that takes the write lock up front.

        The file is checked before and after: a record committed into a deleted store is
        lost, so it must not be reported as recorded.
        """
        db = self.db
        db.check_still_there()
        try:
            db.begin_write()
        except db.errors as exc:
            raise db.error(exc) from exc
        try:
            yield db
        except BaseException as exc:
            with contextlib.suppress(*db.errors):
                db.rollback()
            if isinstance(exc, db.errors) and not isinstance(exc, StoreError):
                raise db.error(exc) from exc
            raise
        try:
            db.commit()
        except db.errors as exc:
            with contextlib.suppress(*db.errors):
                db.rollback()
            raise db.error(exc) from exc
        db.check_still_there()

    # ----------------------------------------------------------------- articles

    def claim(
        self,
        content_hash: str,
        source_path: str,
        *,
        origin: str,
        token: str | None = None,
        redo_done: bool = False,
    ) -> ClaimOutcome:
        """Decide, atomically, whether this process should brief these bytes.

        ``redo_done`` (``briefing generate``): what an earlier run briefed is briefed again;
        only a repeat within this same run is a duplicate.
        """
        owner = self.owner
        now = self.now()
        with self.write() as conn:
            row = conn.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE content_hash = ?", (content_hash,)
            ).fetchone()
            record = None if row is None else _article(row)
            resumed = False
            if record is None:
                conn.execute(
                    "INSERT INTO articles (content_hash, source_name, origin, status, owner, "
                    "token, attempts, claimed_at, lease_until) "
                    "VALUES (?, ?, ?, 'processing', ?, ?, 1, ?, ?)",
                    (content_hash, source_path, origin, owner, token, now, self.lease_end()),
                )
            else:
                if token is not None and record.token == token and record.status != "processing":
                    return ClaimOutcome("settled", record)
                if record.status == "processing":
                    if record.owner != owner and self.holds_claim(record):
                        return ClaimOutcome("busy", record)
                    resumed = True
                elif record.status in ("done", "duplicate") and (
                    not redo_done or record.owner == owner
                ):
                    return ClaimOutcome("duplicate", record)
                conn.execute(
                    "UPDATE articles SET status = 'processing', source_name = ?, origin = ?, "
                    "owner = ?, token = ?, attempts = attempts + 1, claimed_at = ?, "
                    "lease_until = ?, error = NULL, duplicate_of = NULL WHERE content_hash = ?",
                    (source_path, origin, owner, token, now, self.lease_end(), content_hash),
                )
        claim = ArticleClaim(self, content_hash, source_path, redo_done=redo_done, resumed=resumed)
        return ClaimOutcome("claimed", record, claim)

    def claim_file(
        self, path: Path, *, origin: str, source_path: str | None = None, redo_done: bool = False
    ) -> ClaimOutcome:
        return self.claim(
            content_hash_of(path), source_path or str(path), origin=origin, redo_done=redo_done
        )

    def article(self, content_hash: str) -> ArticleRecord | None:
        row = self.conn.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE content_hash = ?", (content_hash,)
        ).fetchone()
        return None if row is None else _article(row)

    def articles(self, status: ArticleStatus | None = None) -> list[ArticleRecord]:
        if status is None:
            rows = self.conn.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY claimed_at"
            ).fetchall()
        else:
            rows = self.conn.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE status = ? ORDER BY claimed_at",
                (status,),
            ).fetchall()
        return [_article(r) for r in rows]

    def published_between(self, first: date, last: date) -> list[ArticleRecord]:
        """Briefed articles that may count for the days ``first`` to ``last``: published then,
        or first briefed then (an undated article counts on the day it was briefed).

        A superset: the caller decides each article's day with ``weeks.publication_day``.
        """
        start = datetime.combine(first, time(0)).astimezone()
        end = datetime.combine(last + timedelta(days=1), time(0)).astimezone()
        rows = self.conn.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE status = 'done' "
            "AND facts IS NOT NULL AND article_id IS NOT NULL "
            "AND (substr(published, 1, 10) BETWEEN ? AND ? "
            "OR (first_done_at >= ? AND first_done_at < ?)) "
            "ORDER BY first_done_at, content_hash",
            (first.isoformat(), last.isoformat(), iso(start), iso(end)),
        ).fetchall()
        return [_article(r) for r in rows]

    def articles_by_id(self, article_ids: Iterable[str]) -> list[ArticleRecord]:
        """One briefed record per article id (the latest briefed, if several files hold the
        same article), in the order of ``article_ids``."""
        found = []
        for article_id in dict.fromkeys(article_ids):
            row = self.conn.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE article_id = ? "
                "AND status = 'done' AND facts IS NOT NULL "
                "ORDER BY finished_at DESC, content_hash LIMIT 1",
                (article_id,),
            ).fetchone()
            if row is not None:
                found.append(_article(row))
        return found

    def earliest_publication(self) -> date | None:
        """The earliest day any briefed article counts for (see ``weeks.publication_day``)."""
        rows = self.conn.execute(
            "SELECT published, first_done_at FROM articles WHERE status = 'done' "
            "AND facts IS NOT NULL AND article_id IS NOT NULL AND first_done_at IS NOT NULL"
        ).fetchall()
        return min(
            (publication_day(r["published"], r["first_done_at"])[0] for r in rows), default=None
        )

    # ----------------------------------------------------------------- weekly digests

    def digest(self, week: str) -> DigestRecord | None:
        row = self.conn.execute(
            f"SELECT {_DIGEST_COLUMNS} FROM digests WHERE week = ?", (week,)
        ).fetchone()
        return None if row is None else _digest(row)

    def digest_claim(self, week: str, *, redo: bool = False, retry_failed: bool = True) -> bool:
        """Take the right to make ``week``'s digest; False if it exists or is being made.

        ``redo`` (a user's explicit ``briefing weekly``) remakes a finished digest in place.
        """
        owner = self.owner
        with self.write() as conn:
            row = conn.execute(
                f"SELECT {_DIGEST_COLUMNS} FROM digests WHERE week = ?", (week,)
            ).fetchone()
            current = None if row is None else _digest(row)
            if current is not None:
                if current.status == "running":
                    if current.owner != owner and self.owner_alive(current.owner):
                        return False
                elif current.status == "failed":
                    if not (retry_failed or redo):
                        return False
                elif not redo:
                    return False
            conn.execute("DELETE FROM digests WHERE week = ?", (week,))
            conn.execute(
                "INSERT INTO digests (week, status, owner, started_at) VALUES (?, 'running', ?, ?)",
                (week, owner, self.now()),
            )
        return True

    def digest_finished(
        self, week: str, status: Literal["done", "empty"], outputs: Iterable[Path]
    ) -> None:
        with self.write() as conn:
            conn.execute(
                "UPDATE digests SET status = ?, outputs = ?, error = NULL, finished_at = ? "
                "WHERE week = ?",
                (
                    status,
                    json.dumps([str(p) for p in outputs], ensure_ascii=False),
                    self.now(),
                    week,
                ),
            )

    def digest_failed(self, week: str, error: str, release: Iterable[str] = ()) -> None:
        """Record the failure; ``release``: article ids this attempt reserved, free again."""
        with self.write() as conn:
            conn.execute(
                "UPDATE digests SET status = 'failed', error = ?, finished_at = ? WHERE week = ?",
                (error, self.now(), week),
            )
            conn.executemany(
                "DELETE FROM digest_articles WHERE week = ? AND article_id = ?",
                [(week, article_id) for article_id in release],
            )

    def digest_listed(self, week: str) -> dict[str, DigestPart]:
        """The articles ``week``'s digest lists: article id -> main or late part."""
        rows = self.conn.execute(
            "SELECT article_id, part FROM digest_articles WHERE week = ? ORDER BY article_id",
            (week,),
        ).fetchall()
        return {row["article_id"]: row["part"] for row in rows}

    def digest_reserve(
        self, week: str, choose: ChooseListed
    ) -> tuple[dict[str, DigestPart], set[str]]:
        """Reserve, atomically, the articles ``week``'s digest lists; (all listed, newly added).

        What an earlier making of this digest listed stays listed. ``choose`` picks among the
        articles no digest lists yet (``DigestCandidate``), knowing which weeks have a digest
        made; the picks are recorded in the same transaction, so two digests made at once
        never list one article twice.
        """
        with self.write() as conn:
            listed: dict[str, DigestPart] = {
                row["article_id"]: row["part"]
                for row in conn.execute(
                    "SELECT article_id, part FROM digest_articles WHERE week = ?", (week,)
                ).fetchall()
            }
            rows = conn.execute(
                "SELECT article_id, published, first_done_at FROM articles AS a "
                "WHERE status = 'done' AND facts IS NOT NULL AND article_id IS NOT NULL "
                "AND first_done_at IS NOT NULL AND NOT EXISTS "
                "(SELECT 1 FROM digest_articles AS d WHERE d.article_id = a.article_id) "
                "ORDER BY first_done_at, content_hash"
            ).fetchall()
            candidates: dict[str, DigestCandidate] = {}
            for row in rows:
                candidates.setdefault(
                    row["article_id"],
                    DigestCandidate(row["article_id"], row["published"], row["first_done_at"]),
                )
            made = {
                row["week"]
                for row in conn.execute(
                    "SELECT week FROM digests WHERE status IN ('done', 'empty') AND week != ?",
                    (week,),
                ).fetchall()
            }
            chosen = dict(choose(list(candidates.values()), made))
            conn.executemany(
                "INSERT INTO digest_articles (article_id, week, part) VALUES (?, ?, ?)",
                [(article_id, week, part) for article_id, part in chosen.items()],
            )
        return {**listed, **chosen}, set(chosen)

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
                found[source] = row["target"]
        return found

    def translations_put(self, model_id: str, pairs: Mapping[str, str]) -> None:
        with self.write() as conn:
            conn.executemany(
                "DELETE FROM translations WHERE model_id = ? AND source = ?",
                [(model_id, s) for s in pairs],
            )
            conn.executemany(
                "INSERT INTO translations (model_id, source, target) VALUES (?, ?, ?)",
                [(model_id, s, t) for s, t in pairs.items()],
            )


# --------------------------------------------------------------------------- check and backup


@dataclass(frozen=True)
class StoreSummary:
    path: Path | str  # a PostgreSQL store's URL, without its password
    articles: dict[str, int]  # by status
    digests: int
    translations: int

    def describe(self) -> str:
        total = sum(self.articles.values())
        by_status = ", ".join(f"{n} {status}" for status, n in sorted(self.articles.items()))
        articles = f"{total} articles" + (f": {by_status}" if by_status else "")
        return (
            f"{self.path}: ok ({articles}; {self.digests} digests; "
            f"{self.translations} translations)"
        )


def _existing(path: Path) -> None:
    if not path.is_file():
        raise StoreError(
            f"no store at {path}", "briefing creates it on its first run; give --store PATH"
        )


def check_store(location: Path | str) -> StoreSummary:
    """A full integrity check (``PRAGMA integrity_check``) and what the store holds.

    A PostgreSQL store (the server keeps its own integrity) is only counted.
    """
    if is_database_url(location):
        from briefing.store_pg import PostgresDatabase

        database = PostgresDatabase(str(location))
        try:
            articles, digests, translations = database.counts()
        except database.errors as exc:
            raise database.error(exc) from exc
        finally:
            database.close()
        return StoreSummary(database.location, articles, digests, translations)
    return _check_sqlite(Path(location))


def _check_sqlite(path: Path) -> StoreSummary:
    _existing(path)
    try:
        conn = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")
            _quick_check(conn, path, "integrity_check", shown=20)
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            articles: dict[str, int] = {}
            if "articles" in tables:
                rows = conn.execute("SELECT status, count(*) FROM articles GROUP BY status")
                articles = {str(status): int(n) for status, n in rows}

            def count(table: str) -> int:
                if table not in tables:
                    return 0
                return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

            return StoreSummary(path, articles, count("digests"), count("translations"))
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise database_error(path, exc) from exc


def backup_store(location: Path | str, target: Path) -> None:
    """A consistent copy of the store (SQLite's online backup) while others may use it.

    Written under a temporary name and linked into place: never a half copy, never over an
    existing file.
    """
    if is_database_url(location):
        raise StoreError(
            "a PostgreSQL store is backed up by PostgreSQL, not by briefing",
            "use pg_dump, e.g. `pg_dump -Fc -f FILE DATABASE` (docs/scaling.md)",
        )
    path = Path(location)
    _existing(path)
    if target.exists() or target.is_symlink():
        raise StoreError(
            f"{target} exists already", "give a new file name; a backup never overwrites"
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"cannot create {target.parent}: {exc.strerror}", "check the folder's permissions"
        ) from exc
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        source = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
        try:
            source.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")
            _quick_check(source, path)  # a copy of a damaged store would only copy the damage
            copy = sqlite3.connect(temporary, isolation_level=None)
            try:
                source.backup(copy)
                _quick_check(copy, temporary)
            finally:
                copy.close()
        finally:
            source.close()
        os.link(temporary, target)
    except sqlite3.Error as exc:
        raise database_error(path, exc) from exc
    except FileExistsError as exc:
        raise StoreError(
            f"{target} exists already", "give a new file name; a backup never overwrites"
        ) from exc
    except OSError as exc:
        raise StoreError(
            f"cannot write the backup {target}: {exc.strerror or exc}",
            "free disk space or check permissions, then run again",
        ) from exc
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
