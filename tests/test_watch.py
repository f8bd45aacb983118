"""`briefing watch`: real watcher processes on real folders (tmp BRIEFING_HOME, bounded waits).

Each test starts as few processes as it can (Kiwi costs seconds per process) and kills
every child in teardown. Memos are DOCX (Korean) or facts only, to keep the suite fast.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from articles import FIXTURES, article_text
from briefing.watch import Stability, is_ignored, move_unique, refusal_reason

BRIEFING = Path(sys.executable).with_name("briefing")


class Watchers:
    """Starts `briefing watch` processes and makes sure none outlives the test."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.inbox = tmp / "inbox"
        self.out = tmp / "out"
        self.store = tmp / "home" / "store.sqlite3"
        self.inbox.mkdir()
        self.procs: list[subprocess.Popen[str]] = []
        self.env = {**os.environ, "BRIEFING_HOME": str(tmp / "home"), "PYTHONUNBUFFERED": "1"}

    def start(self, *extra: str, idle_exit: bool = True) -> subprocess.Popen[str]:
        args = [
            str(BRIEFING),
            "watch",
            str(self.inbox),
            "--out",
            str(self.out),
            "--store",
            str(self.store),
            "--lang",
            "ko",
            "--format",
            "docx",
            "--settle",
            "0.6",
            "--poll",
            "0.1",
            *extra,
        ]
        if idle_exit:
            args.append("--exit-when-idle")
        proc = subprocess.Popen(
            args, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self.procs.append(proc)
        return proc

    def finish(self, proc: subprocess.Popen[str], timeout: float = 120) -> tuple[str, str]:
        out, err = proc.communicate(timeout=timeout)
        assert proc.returncode == 0, err
        return out, err

    def kill_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.communicate(timeout=10)

    def records(self) -> list[tuple[str, str, int]]:
        with sqlite3.connect(self.store) as conn:
            return conn.execute("SELECT source_name, status, attempts FROM articles").fetchall()

    def briefing_folders(self) -> list[Path]:
        return sorted(p for p in self.out.iterdir() if p.is_dir() and p.name != "weekly")

    def done_names(self) -> list[str]:
        return sorted(os.listdir(self.inbox / "done"))


@pytest.fixture
def watchers(tmp_path: Path) -> Iterator[Watchers]:
    w = Watchers(tmp_path)
    yield w
    w.kill_all()


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def no_temporaries(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.endswith(".tmp")]


def assert_complete(folder: Path) -> None:
    assert sorted(p.name for p in folder.iterdir()) == ["facts.json", "memo.ko.docx"]
    json.loads((folder / "facts.json").read_text(encoding="utf-8"))
    assert (folder / "memo.ko.docx").read_bytes()[:2] == b"PK"


# --------------------------------------------------------------------------- in-process


def test_ignored_names() -> None:
    for name in (
        "a.part",
        "b.crdownload",
        "~$memo.docx",
        ".DS_Store",
        ".x.txt.swp",
        ".~lock.a.docx#",
        "c.tmp",
        "notes.txt~",
        "d.swp",
    ):
        assert is_ignored(name), name
    for name in ("기사.txt", "article.html", "report.htm", "partial.txt"):
        assert not is_ignored(name), name


class SteppedClock:
    """A monotonic clock that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_stability_needs_an_unchanged_signature_for_the_settle_time() -> None:
    clock = SteppedClock()
    stability = Stability(settle_seconds=2.0, clock=clock)
    assert stability.observe({"a": (1, 10, 1, 1)}) == ({}, 1)
    clock.now += 2.5
    assert stability.observe({"a": (1, 20, 2, 1)}) == ({}, 1)  # grew: starts again
    clock.now += 1.9
    assert stability.observe({"a": (1, 20, 2, 1)}) == ({}, 1)  # not yet settled
    clock.now += 0.1
    assert stability.observe({"a": (1, 20, 2, 1)}) == ({"a": (1, 20, 2, 1)}, 0)


def test_stability_counts_each_entry_on_its_own_and_forgets_what_left() -> None:
    clock = SteppedClock()
    stability = Stability(settle_seconds=1.0, clock=clock)
    assert stability.observe({"a": (1, 1, 1, 1)}) == ({}, 1)
    clock.now += 1.0
    assert stability.observe({"a": (1, 1, 1, 1), "b": (1, 2, 2, 2)}) == ({"a": (1, 1, 1, 1)}, 1)
    assert stability.observe({"b": (1, 2, 2, 2)}) == ({}, 1)  # a left; b still settling
    assert stability.observe({"a": (1, 1, 1, 1)}) == ({}, 1)  # a is back: new to it
    stability.forget("a")
    clock.now += 1.0
    assert stability.observe({"a": (1, 1, 1, 1)}) == ({}, 1)  # forgotten: seen afresh


def test_move_unique_never_replaces(tmp_path: Path) -> None:
    target = tmp_path / "done"
    first = tmp_path / "a.txt"
    first.write_text("one")
    assert move_unique(first, target, "a.txt") == target / "a.txt"
    second = tmp_path / "a.txt"
    second.write_text("two")
    assert move_unique(second, target, "a.txt") == target / "a (2).txt"
    assert (target / "a.txt").read_text() == "one"
    assert (target / "a (2).txt").read_text() == "two"


def test_refusal_reasons(tmp_path: Path) -> None:
    plain = tmp_path / "a.txt"
    plain.write_text("x")
    assert refusal_reason(os.lstat(plain)) is None
    os.link(plain, tmp_path / "b.txt")
    assert "hard link" in (refusal_reason(os.lstat(plain)) or "")
    (tmp_path / "link.txt").symlink_to(plain)
    assert "symbolic link" in (refusal_reason(os.lstat(tmp_path / "link.txt")) or "")
    os.mkfifo(tmp_path / "pipe")
    assert "FIFO" in (refusal_reason(os.lstat(tmp_path / "pipe")) or "")


# --------------------------------------------------------------------------- processes


@pytest.mark.slow
def test_a_batch_of_200_with_duplicates_junk_and_refusals(watchers: Watchers) -> None:
    inbox = watchers.inbox
    for i in range(200):
        (inbox / f"article-{i:03d}.txt").write_text(article_text(i), encoding="utf-8")
    # The same bytes again, and the same article with other line endings: duplicates.
    (inbox / "copy-of-007.txt").write_text(article_text(7), encoding="utf-8")
    (inbox / "crlf-of-008.txt").write_bytes(article_text(8).replace("\n", "\r\n").encode())
    # A Korean name as macOS writes it (NFD).
    nfd = unicodedata.normalize("NFD", "핀란드-기사.txt")
    (inbox / nfd).write_text(article_text(500), encoding="utf-8")
    for junk in (
        "download.part",
        "x.crdownload",
        "~$memo.docx",
        ".DS_Store",
        ".a.swp",
        ".~lock.memo.docx#",
    ):
        (inbox / junk).write_text("not an article")
    (inbox / "link.txt").symlink_to(FIXTURES / "finland_a.txt")
    os.mkfifo(inbox / "pipe.txt")
    (inbox / "folder").mkdir()
    outside = watchers.tmp / "outside.txt"
    outside.write_text(article_text(600), encoding="utf-8")
    os.link(outside, inbox / "hardlink.txt")
    (inbox / "empty.txt").write_bytes(b"")

    started = time.monotonic()
    out, err = watchers.finish(watchers.start("--facts-only"), timeout=240)
    elapsed = time.monotonic() - started

    lines = [
        line
        for line in out.splitlines()
        if not line.split(" ", 2)[2].startswith(("watching", "stopped", "warning"))
    ]
    names = Counter(line.split()[3].rstrip(":") for line in lines)
    assert all(count == 1 for count in names.values()), "one log line per file"
    assert "database is locked" not in out + err

    done = watchers.done_names()
    assert len(done) == 200 + 2 + 1
    assert unicodedata.normalize("NFC", "핀란드-기사.txt") in [
        unicodedata.normalize("NFC", n) for n in done
    ]
    folders = watchers.briefing_folders()
    assert len(folders) == 201  # 200 + the NFD-named one; duplicates add none
    assert all(sorted(p.name for p in f.iterdir()) == ["facts.json"] for f in folders)
    assert sum("duplicate copy-of-007.txt: same article as" in line for line in lines) == 1
    assert sum("duplicate crlf-of-008.txt: same article as" in line for line in lines) == 1

    failed = sorted(os.listdir(watchers.inbox / "failed"))
    for refused in ("link.txt", "pipe.txt", "folder", "hardlink.txt", "empty.txt"):
        assert refused in failed
        assert f"{refused}.error.txt" in failed
    assert "symbolic link" in (watchers.inbox / "failed" / "link.txt.error.txt").read_text()
    assert "empty" in (watchers.inbox / "failed" / "empty.txt.error.txt").read_text()
    assert outside.read_text(encoding="utf-8") == article_text(600)  # never touched
    for junk in ("download.part", "x.crdownload", "~$memo.docx", ".DS_Store"):
        assert (inbox / junk).exists()  # ignored, left alone
    assert os.listdir(inbox / "processing") == []

    records = watchers.records()
    statuses = Counter(status for _, status, _ in records)
    assert statuses == {"done": 201, "duplicate": 1, "failed": 1}  # + copy-of-007 by hash
    assert all(attempts == 1 for _, _, attempts in records)
    print(f"200 articles drained in {elapsed:.1f} s")


@pytest.mark.slow
def test_slow_writer_duplicate_and_sigterm(watchers: Watchers) -> None:
    # A settle time well above the writer's pauses, even on a busy machine.
    proc = watchers.start("--settle", "1.5", idle_exit=False)
    inbox = watchers.inbox
    text = article_text(3)
    pieces = [text[i : i + 40] for i in range(0, len(text), 40)]
    with (inbox / "slow.txt").open("w", encoding="utf-8") as fh:
        for piece in pieces:  # a pause shorter than --settle between pieces
            fh.write(piece)
            fh.flush()
            time.sleep(0.25)
    wait_until(lambda: (inbox / "done" / "slow.txt").exists(), 60, "slow.txt to be briefed")
    (inbox / "again.txt").write_text(text, encoding="utf-8")
    wait_until(lambda: (inbox / "done" / "again.txt").exists(), 30, "the duplicate")

    proc.send_signal(signal.SIGTERM)
    out, err = watchers.finish(proc, timeout=30)
    assert "Traceback" not in err
    [folder] = watchers.briefing_folders()
    facts = json.loads((folder / "facts.json").read_text(encoding="utf-8"))
    body = " ".join(s["ko"] for s in facts["article"]["sentences"])
    assert "3번째 후속 논의" in body  # the last piece was in when it was read
    assert_complete(folder)
    assert [
        line.split(" ", 2)[2]
        for line in out.splitlines()
        if "slow.txt" in line or "again.txt" in line
    ] == [
        f"done      slow.txt -> {folder}",
        f"duplicate again.txt: same article as {watchers.inbox / 'slow.txt'}; not briefed again",
    ]
    assert out.splitlines()[-1].endswith("stopped   1 briefed, 1 duplicates, 0 failed, 0 refused")


@pytest.mark.slow
def test_kill_9_then_restart_finishes_each_file_exactly_once(watchers: Watchers) -> None:
    count = 20  # killed after 5: most of them still to do (checked below)
    for i in range(count):
        (watchers.inbox / f"a{i:02d}.txt").write_text(article_text(i), encoding="utf-8")
    proc = watchers.start("--jobs", "2", idle_exit=False)
    done = watchers.inbox / "done"
    wait_until(lambda: done.is_dir() and len(os.listdir(done)) >= 5, 90, "five briefings")
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=10)
    assert len(os.listdir(done)) < count, "killed too late to test anything"

    watchers.finish(watchers.start(), timeout=180)
    assert watchers.done_names() == [f"a{i:02d}.txt" for i in range(count)]
    folders = watchers.briefing_folders()
    assert len(folders) == count
    for folder in folders:
        assert_complete(folder)
    assert no_temporaries(watchers.out) == []
    assert os.listdir(watchers.inbox / "processing") == []
    records = watchers.records()
    assert Counter(status for _, status, _ in records) == {"done": count}
    # Only what was in flight at the kill (one file per worker) ran twice; the rest once.
    assert sum(attempts > 1 for _, _, attempts in records) <= 2
    assert all(attempts <= 2 for _, _, attempts in records)


@pytest.mark.slow
def test_two_watchers_share_one_inbox(watchers: Watchers) -> None:
    count = 30  # enough that both watchers claim files side by side
    for i in range(count):
        (watchers.inbox / f"b{i:02d}.txt").write_text(article_text(i), encoding="utf-8")
    first = watchers.start("--facts-only")
    second = watchers.start("--facts-only")
    out1, err1 = watchers.finish(first, timeout=180)
    out2, err2 = watchers.finish(second, timeout=180)
    logs = out1 + out2 + err1 + err2
    assert "database is locked" not in logs
    assert "Traceback" not in logs
    briefed = [line.split()[3] for line in (out1 + out2).splitlines() if line.split()[2] == "done"]
    assert sorted(briefed) == [f"b{i:02d}.txt" for i in range(count)]  # each exactly once
    assert len(watchers.briefing_folders()) == count
    assert len(watchers.done_names()) == count
    assert Counter(status for _, status, _ in watchers.records()) == {"done": count}


# --------------------------------------------------------------------------- faults, in-process


def run_watcher(tmp: Path, log: list[str], formats: tuple[str, ...] = ("docx",)) -> None:
    from briefing.config import Config
    from briefing.pipeline import GenerateOptions
    from briefing.watch import WatchOptions, watch

    options = WatchOptions(
        inbox=tmp / "inbox",
        generate=GenerateOptions(
            out_dir=tmp / "out",
            config=Config(store_path=tmp / "store.sqlite3"),
            langs=("ko",),
            formats=formats,
        ),  # type: ignore[arg-type]
        settle_seconds=0.0,
        poll_seconds=0.05,
        exit_when_idle=True,
    )
    watch(options, log.append)


def test_a_file_removed_before_its_claim_leaves_nothing_behind(tmp_path: Path) -> None:
    from briefing.watch import claim, prepare_inbox

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    prepare_inbox(inbox)
    assert claim(inbox, "gone.txt") is None
    assert os.listdir(inbox / "processing") == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/fd")
def test_disk_full_while_writing_keeps_the_input_and_earlier_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "first.txt").write_text(article_text(1), encoding="utf-8")
    log: list[str] = []
    run_watcher(tmp_path, log)
    [earlier] = [p for p in (tmp_path / "out").iterdir()]
    before = {p.name: p.read_bytes() for p in earlier.iterdir()}

    real_fsync = os.fsync
    out_root = str(tmp_path / "out")

    def disk_full_under_out(fd: int) -> None:
        if os.readlink(f"/proc/self/fd/{fd}").startswith(out_root):
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", disk_full_under_out)
    (inbox / "second.txt").write_text(article_text(2), encoding="utf-8")
    run_watcher(tmp_path, log)
    assert (inbox / "failed" / "second.txt").read_text(encoding="utf-8") == article_text(2)
    reason = (inbox / "failed" / "second.txt.error.txt").read_text(encoding="utf-8")
    assert "No space left on device" in reason
    assert "To try again, move the file back into the inbox." in reason
    assert no_temporaries(tmp_path / "out") == []
    assert {p.name: p.read_bytes() for p in earlier.iterdir()} == before
    assert len(list((tmp_path / "out").iterdir())) in (1, 2)  # at most an empty new folder

    # Space again: moved back, it is briefed.
    monkeypatch.setattr(os, "fsync", real_fsync)
    os.rename(inbox / "failed" / "second.txt", inbox / "second.txt")
    run_watcher(tmp_path, log)
    assert (inbox / "done" / "second.txt").exists()
    verbs = [line.split(" ", 1)[0] for line in log]
    assert [v for v in verbs if v not in ("warning", "watching")] == ["done", "failed", "done"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files without read permission")
def test_an_unreadable_file_is_reported_and_the_others_continue(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "secret.txt").write_text(article_text(1), encoding="utf-8")
    (inbox / "secret.txt").chmod(0)
    (inbox / "fine.txt").write_text(article_text(2), encoding="utf-8")
    log: list[str] = []
    run_watcher(tmp_path, log, formats=())
    assert (inbox / "done" / "fine.txt").exists()
    assert any(
        line.startswith("failed    secret.txt: secret.txt: cannot read: permission denied")
        for line in log
    )
    assert "permission denied" in (inbox / "failed" / "secret.txt.error.txt").read_text()


def test_cli_refuses_a_missing_inbox_and_a_bad_schedule(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from briefing.cli import app

    runner = CliRunner()
    missing = tmp_path / "nowhere"
    result = runner.invoke(app, ["watch", str(missing), "--store", str(tmp_path / "s.db")])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: inbox folder not found: {missing} (create it, or check the path)\n"
    )
    result = runner.invoke(app, ["watch", str(tmp_path), "--weekly", "monday"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: cannot read the schedule 'monday' "
        '(write a weekday and a 24-hour time, like "mon 08:00")\n'
    )


def test_recovery_tidies_abandoned_claim_folders(tmp_path: Path) -> None:
    from briefing.watch import prepare_inbox, recover

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    prepare_inbox(inbox)
    (inbox / "processing" / ".half-made").mkdir()
    (inbox / "processing" / "empty-claim").mkdir()
    (inbox / "processing" / "dead-claim").mkdir()
    (inbox / "processing" / "dead-claim" / "a.txt").write_text("기사")
    [claimed] = recover(inbox)
    assert (claimed.token, claimed.name) == ("dead-claim", "a.txt")
    assert sorted(os.listdir(inbox / "processing")) == ["dead-claim"]
    assert recover(inbox) == []  # held by this claim now, as by a live watcher
    claimed.release()


def test_content_being_briefed_by_generate_waits_then_is_a_duplicate(tmp_path: Path) -> None:
    import threading

    from briefing.store import Store, content_hash_of

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(article_text(4), encoding="utf-8")
    content_hash = content_hash_of(inbox / "a.txt")
    claimed = threading.Event()

    def generate_run() -> None:  # another process's claim, in effect: its own owner lock
        with Store(tmp_path / "store.sqlite3") as store:
            claim = store.claim(content_hash, "articles/a.txt", origin="generate").claim
            assert claim is not None
            claimed.set()
            time.sleep(1.0)
            claim.done("{}", tmp_path / "out" / "a", [])

    other = threading.Thread(target=generate_run)
    other.start()
    assert claimed.wait(10)
    log: list[str] = []
    try:
        run_watcher(tmp_path, log, formats=())
    finally:
        other.join()
    assert [line for line in log if not line.startswith(("watching", "warning"))] == [
        "duplicate a.txt: same article as articles/a.txt; not briefed again"
    ]
    assert (inbox / "done" / "a.txt").exists()


@pytest.mark.slow
def test_sigterm_during_a_long_article_stops_at_once_and_it_is_taken_up_later(
    watchers: Watchers,
) -> None:
    base = article_text(0)
    long_text = "\n".join(f"{i}번째 문단이다. {base}" for i in range(120))  # ~300 KB
    (watchers.inbox / "long.txt").write_text(long_text, encoding="utf-8")
    proc = watchers.start("--facts-only", idle_exit=False)
    processing = watchers.inbox / "processing"

    def claimed() -> bool:
        return processing.is_dir() and any(processing.glob("*/long.txt"))

    wait_until(claimed, 60, "long.txt to be claimed")
    time.sleep(1.0)  # well inside reading, splitting or extracting it
    proc.send_signal(signal.SIGTERM)
    # The time it takes is a benchmark's figure (benchmarks/bench_large_article.py); here the
    # behaviour: the article is interrupted, not finished first, and is taken up later.
    out, err = watchers.finish(proc, timeout=30)
    assert "Traceback" not in err
    assert "stopped   long.txt: interrupted; the next watcher to start takes it up" in out
    assert claimed() and not (watchers.inbox / "done" / "long.txt").exists()
    [(_, status, _)] = watchers.records()
    assert status == "processing"

    watchers.finish(watchers.start("--facts-only"), timeout=180)
    assert watchers.done_names() == ["long.txt"]
    [(_, status, attempts)] = watchers.records()
    assert (status, attempts) == ("done", 2)
    assert not any(processing.iterdir())
