"""The SQLite store: migrations, claims by content hash, owners, digests, translation cache."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from briefing.errors import InputError, StoreError
from briefing.store import SCHEMA_VERSION, Store, content_hash_of

V1_SCHEMA = """
CREATE TABLE translations (
    model_id TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (model_id, source)) WITHOUT ROWID;
INSERT INTO translations (model_id, source, target) VALUES ('m', '안녕', 'hello');
PRAGMA user_version = 1;
"""


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "store.sqlite3")
    yield s
    s.close()


def other_process_store(path: Path) -> Store:
    """A second owner in this process: it holds its own lock, as another process would."""
    return Store(path)


def test_a_version_1_store_is_migrated_and_keeps_its_translations(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript(V1_SCHEMA)
    with Store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.translations_get("m", ["안녕", "없음"]) == {"안녕": "hello"}
        assert store.articles() == []


def test_a_newer_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError) as caught:
        Store(path)
    assert str(caught.value) == (
        f"the store has schema version 99, newer than this briefing ({SCHEMA_VERSION}) "
        "(upgrade briefing)"
    )


def test_translation_cache_round_trip(store: Store) -> None:
    store.translations_put("m1", {"가": "a", "나": "b"})
    assert store.translations_get("m1", ["가", "나", "다"]) == {"가": "a", "나": "b"}
    assert store.translations_get("m2", ["가"]) == {}


def test_claim_done_then_the_same_bytes_are_a_duplicate(store: Store) -> None:
    outcome = store.claim("h1", "inbox/a.txt", origin="watch", token="t1")
    assert outcome.kind == "claimed" and outcome.claim is not None
    assert outcome.claim.check_article("article1") is None
    outcome.claim.done('{"x": 1}', Path("out/a"), [Path("out/a/facts.json")])
    again = store.claim("h1", "inbox/b.txt", origin="watch", token="t2")
    assert again.kind == "duplicate"
    assert again.record is not None and again.record.source_name == "inbox/a.txt"
    record = store.article("h1")
    assert record is not None
    assert (record.status, record.article_id, record.outputs) == (
        "done",
        "article1",
        ("out/a/facts.json",),
    )
    assert record.first_done_at is not None


def test_same_cleaned_text_under_other_bytes_is_a_duplicate(store: Store) -> None:
    first = store.claim("h1", "a.txt", origin="watch").claim
    assert first is not None and first.check_article("same") is None
    first.done("{}", Path("out/a"), [])
    second = store.claim("h2", "b.txt", origin="watch").claim
    assert second is not None
    original = second.check_article("same")
    assert original is not None and original.source_name == "a.txt"
    record = store.article("h2")
    assert record is not None
    assert (record.status, record.duplicate_of) == ("duplicate", "a.txt")
    # The duplicate's bytes dropped again are reported as repeating the original.
    third = store.claim("h2", "c.txt", origin="watch")
    assert third.kind == "duplicate" and third.record is not None
    assert third.record.original_name == "a.txt"


def test_a_failed_article_is_claimed_again(store: Store) -> None:
    claim = store.claim("h1", "a.txt", origin="watch").claim
    assert claim is not None
    claim.failed("no article text")
    record = store.article("h1")
    assert record is not None and (record.status, record.error) == ("failed", "no article text")
    retry = store.claim("h1", "a.txt", origin="watch")
    assert retry.kind == "claimed"
    record = store.article("h1")
    assert record is not None and (record.status, record.attempts) == ("processing", 2)


def test_busy_while_its_owner_lives_taken_over_when_it_dies(store: Store) -> None:
    other = other_process_store(store.path)
    assert other.claim("h1", "a.txt", origin="generate").kind == "claimed"
    assert store.claim("h1", "a.txt", origin="watch").kind == "busy"
    other.close()  # the owner's lock goes, as when a process dies
    taken = store.claim("h1", "a.txt", origin="watch")
    assert taken.kind == "claimed" and taken.claim is not None and taken.claim.resumed


def test_an_owner_killed_by_the_kernel_frees_its_claim(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from briefing.store import Store\n"
        f"s = Store(Path({str(path)!r}))\n"
        "s.claim('h1', 'a.txt', origin='watch')\n"
        "os._exit(9)  # no cleanup at all, like kill -9\n"
    )
    subprocess.run([sys.executable, "-c", script], check=False, timeout=60)
    with Store(path) as store:
        outcome = store.claim("h1", "a.txt", origin="watch")
        assert outcome.kind == "claimed" and outcome.claim is not None
        assert outcome.claim.resumed


def test_a_finished_claim_token_is_settled_not_redone(store: Store) -> None:
    claim = store.claim("h1", "a.txt", origin="watch", token="tok").claim
    assert claim is not None
    claim.done("{}", Path("out/a"), [])
    assert store.claim("h1", "a.txt", origin="watch", token="tok").kind == "settled"


def test_generate_briefs_again_what_an_earlier_run_briefed(store: Store) -> None:
    earlier = other_process_store(store.path)
    claim = earlier.claim("h1", "a.txt", origin="generate", redo_done=True).claim
    assert claim is not None
    claim.done("{}", Path("out/a"), [])
    earlier.close()
    again = store.claim("h1", "a.txt", origin="generate", redo_done=True)
    assert again.kind == "claimed" and again.claim is not None
    again.claim.done("{}", Path("out/a"), [])
    # ... but a repeat within the same run is a duplicate.
    assert store.claim("h1", "b.txt", origin="generate", redo_done=True).kind == "duplicate"


def test_digest_claims(store: Store) -> None:
    assert store.digest_claim("2025-W44")
    other = other_process_store(store.path)
    assert not other.digest_claim("2025-W44")  # being made by a live process
    store.digest_finished("2025-W44", "done", [Path("out/weekly/2025-W44/digest.ko.pdf")])
    assert not other.digest_claim("2025-W44")  # never two digests for a week
    assert other.digest_claim("2025-W44", redo=True)  # an explicit `briefing weekly`
    other.digest_failed("2025-W44", "boom")
    assert not store.digest_claim("2025-W44", retry_failed=False)
    assert store.digest_claim("2025-W44", retry_failed=True)
    other.close()


def test_content_hash_of_refuses_missing_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"abc")
    assert content_hash_of(tmp_path / "a.txt") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    with pytest.raises(InputError) as caught:
        content_hash_of(tmp_path / "missing.txt")
    assert str(caught.value) == f"{tmp_path / 'missing.txt'}: no such file (check the path)"


def test_an_unwritable_store_location_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError) as caught:
        Store(blocker / "store.sqlite3")
    assert str(caught.value).startswith(f"cannot create the store's folder {blocker}")


# The schema of version 2 (briefing 0.1.0), as users' stores hold it: frozen here, so the
# migration is tested from what exists on disk, not from today's code.
V2_SCHEMA = """
CREATE TABLE translations (
    model_id TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (model_id, source)) WITHOUT ROWID;
CREATE TABLE articles (
    content_hash TEXT PRIMARY KEY, article_id TEXT, source_name TEXT NOT NULL,
    origin TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN
        ('processing', 'done', 'failed', 'duplicate')),
    error TEXT, duplicate_of TEXT, facts TEXT, output_dir TEXT, outputs TEXT, owner TEXT,
    token TEXT, attempts INTEGER NOT NULL DEFAULT 0, claimed_at TEXT NOT NULL,
    finished_at TEXT, first_done_at TEXT);
CREATE INDEX articles_by_article_id ON articles (article_id);
CREATE INDEX articles_by_first_done ON articles (first_done_at);
CREATE TABLE digests (
    week TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('running', 'done', 'empty', 'failed')),
    owner TEXT, error TEXT, outputs TEXT, started_at TEXT NOT NULL, finished_at TEXT);
PRAGMA user_version = 2;
"""


def v2_article(conn: sqlite3.Connection, article_id: str, published: str, briefed: str) -> None:
    import json

    facts = json.loads((Path(__file__).parent / "fixtures/facts/seed-000.json").read_text("utf-8"))
    facts["article"]["id"] = article_id
    facts["article"]["published"] = published
    moment = datetime.fromisoformat(briefed).astimezone(UTC).isoformat(timespec="microseconds")
    conn.execute(
        "INSERT INTO articles (content_hash, article_id, source_name, origin, status, facts, "
        "attempts, claimed_at, finished_at, first_done_at) "
        "VALUES (?, ?, ?, 'watch', 'done', ?, 1, ?, ?, ?)",
        (
            f"h-{article_id}",
            article_id,
            f"inbox/{article_id}.txt",
            json.dumps(facts),
            moment,
            moment,
            moment,
        ),
    )


# Version 3 (claim leases): the schema of the current release.
V3_SCHEMA = V2_SCHEMA.replace(
    "PRAGMA user_version = 2;",
    "ALTER TABLE articles ADD COLUMN lease_until TEXT;\nPRAGMA user_version = 3;",
)


@pytest.mark.parametrize("schema", [V2_SCHEMA, V3_SCHEMA], ids=["version 2", "version 3"])
def test_an_older_store_is_migrated_and_its_digests_keep_their_articles(
    tmp_path: Path, schema: str
) -> None:
    """Digests made before listed the articles *briefed* in their week. After the upgrade
    those stay theirs: no later digest lists them again, nothing is rebuilt or lost."""
    from briefing.config import Config
    from briefing.pipeline import GenerateOptions
    from briefing.weekly import run_weekly

    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript(schema)
        conn.execute("INSERT INTO translations (model_id, source, target) VALUES ('m', '가', 'a')")
        # Published in W44, briefed in W45: the old W45 digest listed it.
        v2_article(conn, "old-backlog", "2025-10-28", "2025-11-04T09:00")
        v2_article(conn, "old-w44", "2025-10-29", "2025-10-30T09:00")
        # Published in W45 and briefed after the W45 digest was made: in no digest yet.
        v2_article(conn, "after", "2025-11-06", "2025-11-11T09:00")
        for week in ("2025-W44", "2025-W45"):
            conn.execute(
                "INSERT INTO digests (week, status, started_at) VALUES (?, 'done', 'x')", (week,)
            )
    with Store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.translations_get("m", ["가"]) == {"가": "a"}
        assert [(r.article_id, r.published) for r in store.articles()] == [
            ("old-w44", "2025-10-29"),
            ("old-backlog", "2025-10-28"),
            ("after", "2025-11-06"),
        ]
        assert store.digest_listed("2025-W44") == {"old-w44": "main"}
        assert store.digest_listed("2025-W45") == {"old-backlog": "main"}
    options = GenerateOptions(
        out_dir=tmp_path / "out", config=Config(store_path=path), langs=("ko",), formats=()
    )
    result = run_weekly("2025-W46", options)
    assert result is not None and (result.article_count, result.late_count) == (0, 1)
    with Store(path) as store:
        assert store.digest_listed("2025-W46") == {"after": "late"}
