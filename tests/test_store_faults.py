"""The store's faults (issue 16): damage, deletion under a running process, stuck claims."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from briefing.errors import StoreError
from briefing.store import CLAIM_LEASE, Store
from conftest import CliRun

DAMAGED_HINT = (
    "stop using it: `briefing store check` tells more; restore a backup or start a new "
    "store as docs/operations.md says under 'A damaged store'"
)


def filled_store(path: Path, count: int = 200) -> None:
    with Store(path) as store:
        for i in range(count):
            outcome = store.claim(f"hash{i:04d}", f"article-{i}.txt", origin="generate")
            assert outcome.claim is not None
            outcome.claim.done('{"facts": "' + "x" * 300 + '"}', Path(f"out/{i}"), [])


def damage(path: Path, table: str = "articles") -> None:
    """Overwrite a page of ``table`` inside the file (the header stays intact)."""
    with sqlite3.connect(path) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()
    with path.open("r+b") as fh:
        fh.seek((root[0] - 1) * page_size)
        fh.write(b"\xa5" * 64)


# --------------------------------------------------------------------------- damage


def test_a_damaged_store_is_refused_at_open_and_never_written(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    filled_store(path)
    damage(path)
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        Store(path)
    assert str(caught.value).startswith(f"the store {path} is damaged: ")
    assert caught.value.hint == DAMAGED_HINT
    assert path.read_bytes() == before


def test_generate_with_a_damaged_store_is_one_error_line(tmp_path: Path, cli: CliRun) -> None:
    path = tmp_path / "store.sqlite3"
    filled_store(path)
    damage(path)
    article = tmp_path / "a.txt"
    article.write_text("한국과 미국은 인공지능 공동연구를 확대하기로 합의했다.\n", encoding="utf-8")
    code, stdout, stderr = cli(
        "generate", str(article), "--store", str(path), "--out", str(tmp_path / "out")
    )
    assert code == 1 and stdout == ""
    [line] = stderr.splitlines()
    assert line.startswith(f"Error: the store {path} is damaged: ")
    assert line.endswith(f"({DAMAGED_HINT})")


def test_every_database_error_becomes_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    filled_store(path)
    with Store(path) as store:
        store.conn.execute("DROP TABLE digests")  # damage the open store behind its back
        with pytest.raises(StoreError) as caught:
            store.digest("2025-W44")
        assert str(caught.value).startswith(f"the store {path} cannot be used: ")
        with pytest.raises(StoreError):
            store.digest_claim("2025-W44")


def test_store_check_and_backup(tmp_path: Path, cli: CliRun) -> None:
    path = tmp_path / "store.sqlite3"
    filled_store(path, count=3)
    code, stdout, stderr = cli("store", "check", "--store", str(path))
    assert (code, stderr) == (0, "")
    assert stdout.strip() == f"{path}: ok (3 articles: 3 done; 0 digests; 0 translations)"

    backup = tmp_path / "backups" / "store-copy.sqlite3"
    code, stdout, stderr = cli("store", "backup", str(backup), "--store", str(path))
    assert (code, stderr) == (0, "")
    assert stdout.strip() == f"{path} -> {backup}"
    with Store(backup) as copy:
        assert len(copy.articles("done")) == 3

    code, _, stderr = cli("store", "backup", str(backup), "--store", str(path))
    assert code == 1
    assert stderr.strip() == (
        f"Error: {backup} exists already (give a new file name; a backup never overwrites)"
    )

    damage(path)
    code, stdout, stderr = cli("store", "check", "--store", str(path))
    assert code == 1
    assert stderr.startswith(f"Error: the store {path} is damaged: ")
    code, _, stderr = cli("store", "backup", str(tmp_path / "other.sqlite3"), "--store", str(path))
    assert code == 1 and stderr.startswith(f"Error: the store {path} is damaged: ")
    assert not (tmp_path / "other.sqlite3").exists()


# --------------------------------------------------------------------------- deleted or replaced


def seed_articles(tmp_path: Path, count: int) -> list[Path]:
    paths = []
    for i in range(count):
        path = tmp_path / "in" / f"a{i}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(
            f"과학기술정보통신부는 {i + 1}번째 협력 방안을 발표했다.\n"
            "한국과 미국은 인공지능 공동연구를 확대하기로 합의했다.\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


@pytest.mark.parametrize("how", ["deleted", "replaced"])
def test_a_store_deleted_or_replaced_during_a_run_stops_it(tmp_path: Path, how: str) -> None:
    from briefing.pipeline import ArticleResult, GenerateOptions, generate
    from briefing.store import StoreLostError

    path = tmp_path / "store.sqlite3"
    articles = seed_articles(tmp_path, 3)
    options = GenerateOptions(out_dir=tmp_path / "out", langs=("ko",), formats=())
    reported: list[ArticleResult] = []

    def on_result(result: ArticleResult) -> None:
        reported.append(result)
        if len(reported) == 1:
            for leftover in tmp_path.glob("store.sqlite3*"):
                if leftover.is_file():
                    leftover.unlink()
            if how == "replaced":
                filled_store(tmp_path / "other.sqlite3", count=1)
                (tmp_path / "other.sqlite3").rename(path)

    with Store(path) as store, pytest.raises(StoreLostError) as caught:
        generate(articles, options, on_result=on_result, store=store)
    assert str(caught.value) == (
        f"the store {path} was deleted or replaced while this run was using it "
        "(nothing more was recorded; run again to brief the rest)"
    )
    assert [r.ok for r in reported] == [True]  # nothing reported done after that


# --------------------------------------------------------------------------- stuck claims


def clock_at(moment: list[datetime]) -> Callable[[], datetime]:
    return lambda: moment[0]


def test_a_processing_row_whose_lease_ran_out_is_taken_up_again(tmp_path: Path) -> None:
    now = [datetime(2025, 11, 3, 9, 0, tzinfo=UTC)]
    path = tmp_path / "store.sqlite3"
    stuck = Store(path, clock=clock_at(now))  # alive, but never finishes (a bug, a hang)
    assert stuck.claim("h1", "a.txt", origin="watch").kind == "claimed"
    with Store(path, clock=clock_at(now)) as later:
        assert later.claim("h1", "a.txt", origin="generate", redo_done=True).kind == "busy"
        now[0] += CLAIM_LEASE + timedelta(seconds=1)
        outcome = later.claim("h1", "a.txt", origin="generate", redo_done=True)
        assert outcome.kind == "claimed" and outcome.claim is not None
        assert outcome.claim.resumed
        outcome.claim.done("{}", tmp_path / "out", [])
        record = later.article("h1")
        assert record is not None and record.status == "done"
    stuck.close()


def test_a_claim_renewed_while_working_keeps_its_lease(tmp_path: Path) -> None:
    now = [datetime(2025, 11, 3, 9, 0, tzinfo=UTC)]
    path = tmp_path / "store.sqlite3"
    with Store(path, clock=clock_at(now)) as working, Store(path, clock=clock_at(now)) as other:
        outcome = working.claim("h1", "a.txt", origin="watch")
        assert outcome.claim is not None
        now[0] += CLAIM_LEASE * 0.9
        outcome.claim.renew()
        now[0] += CLAIM_LEASE * 0.9
        assert other.claim("h1", "a.txt", origin="watch").kind == "busy"


def test_a_released_claim_is_taken_up_at_once(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    with Store(path) as working, Store(path) as other:
        outcome = working.claim("h1", "a.txt", origin="watch")
        assert outcome.claim is not None
        outcome.claim.release()  # e.g. SIGTERM in the middle of the article
        retaken = other.claim("h1", "a.txt", origin="watch")
        assert retaken.kind == "claimed" and retaken.claim is not None and retaken.claim.resumed


def _open_store_when_all_are_ready(path: str, ready: Any, results: Any) -> None:
    ready.wait()
    try:
        with Store(Path(path)) as store:
            mode = store.db.conn.execute("PRAGMA journal_mode").fetchone()[0]  # type: ignore[attr-defined]
        results.put(mode)
    except StoreError as exc:
        results.put(str(exc))


def test_processes_opening_a_new_store_at_the_same_moment_all_open_it(tmp_path: Path) -> None:
    """Two watchers started together once failed: "database is locked" on the new file
    (before the fix, about one trial in four failed)."""
    import multiprocessing

    # forked from a single-threaded server, not from this test runner and its threads
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["briefing.store"])
    for trial in range(12):
        path = str(tmp_path / f"store-{trial}.sqlite3")
        ready, results = context.Barrier(4), context.Queue()
        openers = [
            context.Process(target=_open_store_when_all_are_ready, args=(path, ready, results))
            for _ in range(4)
        ]
        for opener in openers:
            opener.start()
        for opener in openers:
            opener.join(timeout=120)
            if opener.is_alive():
                opener.kill()
        assert [results.get(timeout=10) for _ in openers] == ["wal"] * 4
