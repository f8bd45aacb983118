"""`briefing watch INBOX`: brief every article dropped into a folder, exactly once.

A loop around `pipeline.process_file`. The inbox holds three folders of its own:

- ``processing/<token>/NAME``: a claimed file. A file is claimed by an atomic rename into a
  fresh token folder whose ``.lock`` the claiming watcher holds (``flock``) while it works;
  two watchers cannot both win the rename, and a claim whose lock is free belongs to a
  watcher that died (even by ``kill -9``): the next watcher takes it over and finishes it.
- ``done/NAME``: briefed, or a duplicate of an article briefed before.
- ``failed/NAME`` and ``failed/NAME.error.txt``: refused or failed, and why.

Nothing is deleted. The store (shared with `briefing generate`) decides by content hash
whether a claimed file is new, a duplicate, or being briefed by another process right now.
A file is picked up only once its size and modification time have stayed the same for
``settle_seconds``; temporary and hidden files are ignored.
"""

from __future__ import annotations

import contextlib
import errno
import fnmatch
import os
import secrets
import signal
import stat
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Literal

from briefing.datafiles import DataFiles, forget_loaded_data
from briefing.errors import BriefingError, InputError
from briefing.files import sha256_of_open_file, try_lock
from briefing.output import atomic_write
from briefing.pipeline import (
    ArticleResult,
    GenerateOptions,
    TranslatorSlot,
    ends_process_on_memory_error,
    process_file,
)
from briefing.store import ArticleRecord, ClaimKind, Store, StoreLostError
from briefing.weekly import WeeklySchedule, run_scheduled_digest
from briefing.workers import Crashed, Reply, Task, WorkerPool

PROCESSING = "processing"
DONE = "done"
FAILED = "failed"
OWN_FOLDERS = (PROCESSING, DONE, FAILED)
LOCK_NAME = ".lock"

# Editors', office suites' and downloaders' files that are not (yet) articles.
IGNORED_PATTERNS = (
    ".*",  # hidden: .DS_Store, .~lock.x#, .x.swp, ._AppleDouble, .nfs*
    "~$*",
    "*~",
    "#*#",
    "*.part",
    "*.partial",
    "*.crdownload",
    "*.download",
    "*.opdownload",
    "*.tmp",
    "*.temp",
    "*.swp",
    "*.swo",
    "*.swx",
    "*.lock",
    "Thumbs.db",
    "desktop.ini",
    "Icon\r",
)

Log = Callable[[str], None]
Signature = tuple[int, int, int, int]  # mode, size, mtime_ns, inode


def is_ignored(name: str) -> bool:
    folded = unicodedata.normalize("NFC", name).lower()
    return any(fnmatch.fnmatchcase(folded, pattern.lower()) for pattern in IGNORED_PATTERNS)


def display_name(name: str) -> str:
    """File names as people read them: macOS writes Hangul decomposed (NFD)."""
    return unicodedata.normalize("NFC", name)


@dataclass(frozen=True)
class WatchOptions:
    inbox: Path
    generate: GenerateOptions
    settle_seconds: float = 2.0
    poll_seconds: float = 1.0
    exit_when_idle: bool = False  # for tests and one-shot runs; users run it forever
    weekly: WeeklySchedule | None = None
    # --cluster: queue each file (path, source name) for the workers instead of briefing it
    submit: Callable[[Path, str], None] | None = None
    jobs: int = 1  # worker processes briefing articles (workers.py); 1: this process


@dataclass
class WatchSummary:
    done: int = 0
    duplicates: int = 0
    failed: int = 0
    refused: int = 0
    digests: list[str] = field(default_factory=list)


Outcome = Literal[
    "done", "duplicate", "failed", "refused", "busy", "gone", "interrupted", "dispatched"
]


# --------------------------------------------------------------------------- stop flag


class Interrupted(BaseException):
    """SIGINT/SIGTERM in the middle of an article: given up, to be claimed again later."""


class StopFlag:
    """Set by SIGINT/SIGTERM: the watcher exits within seconds.

    An article being briefed is interrupted (``Interrupted`` is raised where it is, inside
    ``interruptible()``): its claim is released and its file stays in ``processing/``,
    where the next watcher to start takes it up. A long article never holds a stop up.
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        self._interruptible = False

    def set(self) -> None:
        self._event.set()

    def __bool__(self) -> bool:
        return self._event.is_set()

    def wait(self, seconds: float) -> None:
        self._event.wait(seconds)

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def handler(signum: int, frame: FrameType | None) -> None:
            self.set()
            if self._interruptible:
                self._interruptible = False  # raised once; clean-up runs undisturbed
                raise Interrupted(signal.Signals(signum).name)

        previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, old in previous.items():
                signal.signal(sig, old)

    @contextlib.contextmanager
    def interruptible(self) -> Iterator[None]:
        """A stretch of work that a stop signal interrupts instead of waiting for."""
        if self:
            raise Interrupted("stopping")
        self._interruptible = True
        try:
            yield
        finally:
            self._interruptible = False


# --------------------------------------------------------------------------- stability


class Stability:
    """Tells when an inbox entry has stopped changing (same signature for ``settle`` s).

    ``clock`` is injected so that tests step time instead of sleeping through it.
    """

    def __init__(self, settle_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.settle = settle_seconds
        self.clock = clock
        self._seen: dict[str, tuple[Signature, float]] = {}

    def observe(self, current: dict[str, Signature]) -> tuple[dict[str, Signature], int]:
        """The entries ready now, and how many are still settling."""
        now = self.clock()
        ready: dict[str, Signature] = {}
        settling = 0
        for name, sig in current.items():
            previous = self._seen.get(name)
            if previous is None or previous[0] != sig:
                self._seen[name] = (sig, now)
                settling += 1
            elif now - previous[1] >= self.settle:
                ready[name] = sig
            else:
                settling += 1
        for gone in set(self._seen) - set(current):
            del self._seen[gone]
        return ready, settling

    def forget(self, name: str) -> None:
        self._seen.pop(name, None)


def signature(st: os.stat_result) -> Signature:
    return (st.st_mode, st.st_size, st.st_mtime_ns, st.st_ino)


# --------------------------------------------------------------------------- claims


@dataclass
class Claimed:
    """A file this watcher owns: ``processing/<token>/<name>`` with the token's lock held."""

    token: str
    folder: Path
    name: str
    lock_fd: int

    @property
    def path(self) -> Path:
        return self.folder / self.name

    def release(self) -> None:
        """Drop the (now empty) claim folder and its lock."""
        with contextlib.suppress(OSError):
            (self.folder / LOCK_NAME).unlink()
        with contextlib.suppress(OSError):
            self.folder.rmdir()
        if self.lock_fd >= 0:
            os.close(self.lock_fd)
            self.lock_fd = -1


def _lock(folder: Path, *, create: bool) -> int | None:
    """The claim folder's lock, held; None if another live watcher holds it."""
    return try_lock(folder / LOCK_NAME, create=create)


def new_token() -> str:
    return f"{time.time_ns():x}-{os.getpid()}-{secrets.token_hex(3)}"


def claim(inbox: Path, name: str) -> Claimed | None:
    """Move ``name`` into a fresh claim folder; None if someone else took it (or it left)."""
    token = new_token()
    # Made hidden and locked, then renamed into view: a recovering watcher never sees an
    # unlocked claim folder of a live watcher.
    hidden = inbox / PROCESSING / f".{token}"
    folder = inbox / PROCESSING / token
    hidden.mkdir()
    fd = _lock(hidden, create=True)
    if fd is None:
        with contextlib.suppress(OSError):
            (hidden / LOCK_NAME).unlink()
        with contextlib.suppress(OSError):
            hidden.rmdir()
        return None
    os.rename(hidden, folder)
    claimed = Claimed(token, folder, name, fd)
    try:
        os.rename(inbox / name, claimed.path)
    except OSError:
        claimed.release()
        return None
    return claimed


def recover(inbox: Path, skip: set[str] | None = None) -> list[Claimed]:
    """Claims left by watchers that died: their locks are free. Empty ones are tidied away.

    ``skip``: tokens of this watcher's own claims (its workers brief them right now).
    """
    recovered: list[Claimed] = []
    with contextlib.suppress(FileNotFoundError):
        for entry in sorted(os.scandir(inbox / PROCESSING), key=lambda e: e.name):
            if not entry.is_dir(follow_symlinks=False) or entry.name in (skip or ()):
                continue
            folder = Path(entry.path)
            fd = _lock(folder, create=True)
            if fd is None:
                continue
            if entry.name.startswith("."):
                # A claim folder still being set up when its watcher died: never holds a file.
                Claimed(entry.name, folder, "", fd).release()
                continue
            try:
                names = sorted(n for n in os.listdir(folder) if n != LOCK_NAME)
            except OSError:
                names = []
            if not names:
                Claimed(entry.name, folder, "", fd).release()
                continue
            # One file per claim; any other is tidied as a claim of its own later on.
            recovered.append(Claimed(entry.name, folder, names[0], fd))
    return recovered


# --------------------------------------------------------------------------- moving out


def move_unique(source: Path, folder: Path, name: str) -> Path:
    """Move ``source`` to ``folder/name`` (or ``name (2)``, ...), never replacing anything."""
    folder.mkdir(exist_ok=True)
    stem, dot, suffix = name.rpartition(".")
    if not stem:
        stem, dot, suffix = name, "", ""
    for n in range(1, 10_000):
        candidate = folder / (name if n == 1 else f"{stem} ({n}){dot}{suffix}")
        try:
            if candidate.exists() or candidate.is_symlink():
                # A crash after the link below and before the unlink: finish that move.
                if os.path.samefile(source, candidate) if not source.is_symlink() else False:
                    source.unlink()
                    return candidate
                continue
            if source.is_dir() and not source.is_symlink():
                os.rename(source, candidate)
            else:
                os.link(source, candidate, follow_symlinks=False)
                source.unlink()
            return candidate
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EMLINK):
                raise
            os.rename(source, candidate)  # no hard links on this file system
            return candidate
    raise OSError(errno.EEXIST, f"no free name for {name} in {folder}")


# --------------------------------------------------------------------------- the watcher


class Watcher:
    def __init__(self, options: WatchOptions, store: Store, log: Log) -> None:
        self.options = options
        self.inbox = options.inbox
        self.store = store
        self.log = log
        self.stop = StopFlag()
        self.summary = WatchSummary()
        self.translators = TranslatorSlot(
            options.generate.config, lambda message: log(f"warning   {message}")
        )
        self.pending: list[Claimed] = []
        self.digest_weeks_tried: set[str] = set()
        self.data_files = DataFiles(options.generate.config)
        self.pool: WorkerPool | None = None
        self.in_flight: dict[str, Claimed] = {}  # claim token -> file a worker briefs
        self.warned: set[str] = set()

    # ----------------------------------------------------------------- loop

    def run(self) -> WatchSummary:
        if self.options.jobs > 1:
            self.pool = WorkerPool(self.options.jobs, "watch", self.options.generate)
        try:
            self._loop()
        finally:
            if self.pool is not None:
                for claimed in self.in_flight.values():
                    self.log(
                        f"stopped   {display_name(claimed.name)}: interrupted; "
                        "the next watcher to start takes it up"
                    )
                self.pool.close()  # busy workers stop; their claims stay for the next watcher
        for waiting in [*self.pending, *self.in_flight.values()]:
            # Still busy elsewhere: the claim stays; the next watcher to start takes it over.
            if waiting.lock_fd >= 0:
                os.close(waiting.lock_fd)
                waiting.lock_fd = -1
        return self.summary

    def _reload_changed_data(self) -> None:
        """Edited glossaries, gazetteers, term lists apply from the next article on."""
        if self.data_files.changed():
            forget_loaded_data()
            self.log("reloaded  data files changed; the next articles use them")

    def _loop(self) -> None:
        stability = Stability(self.options.settle_seconds)
        with self.stop.installed():
            while not self.stop:
                self._reload_changed_data()
                self.pending.extend(recover(self.inbox, skip=set(self.in_flight)))
                self._work_pending()
                ready, settling = self._scan(stability)
                for name, sig in sorted(ready.items(), key=lambda item: (item[1][2], item[0])):
                    if self.stop or not self._room():
                        break
                    self._take(name, sig, stability)
                self._collect(0)
                if self.options.weekly is not None and not self.stop:
                    self._weekly(self.options.weekly)
                idle = not ready and not settling and not self.pending and not self.in_flight
                if self.options.exit_when_idle and idle:
                    break
                if self.in_flight:
                    self._collect(self.options.poll_seconds)
                elif not ready:
                    self.stop.wait(self.options.poll_seconds)

    # ----------------------------------------------------------------- workers

    def _room(self) -> bool:
        """Whether a worker can take one more file now (waits a little for one to finish)."""
        if self.pool is None:
            return True
        while not self.pool.has_room and not self.stop:
            self._collect(self.options.poll_seconds)
        return self.pool.has_room

    def _collect(self, timeout: float) -> None:
        """Finish the files whose workers have answered (within ``timeout`` seconds)."""
        if self.pool is None or not self.in_flight:
            return
        for reply in self.pool.replies(timeout):
            claimed = self.in_flight.pop(reply.task.key)
            shown = display_name(claimed.name)
            outcome = self._answered(claimed, shown, reply)
            if outcome == "busy":
                self.pending.append(claimed)
            else:
                claimed.release()

    def _answered(self, claimed: Claimed, shown: str, reply: Reply) -> Outcome:
        if isinstance(reply, Crashed):
            return self._quarantine(claimed, shown, reply.reason)
        for message in reply.warnings:
            if message not in self.warned:
                self.warned.add(message)
                self.log(f"warning   {message}")
        if isinstance(reply.value, BriefingError):
            return self._fail(claimed, shown, str(reply.value))
        return self._briefed(claimed, shown, reply.value)

    def _quarantine(self, claimed: Claimed, shown: str, reason: str) -> Outcome:
        """The workers died on this file: recorded as failed, moved to failed/ with why."""
        message = f"{reason}; quarantined (please report this with the file)"
        with contextlib.suppress(BriefingError):
            content_hash = hash_regular_file(claimed.path)
            source_path = str(self.inbox / shown)
            outcome = self.store.claim(
                content_hash, source_path, origin="watch", token=claimed.token
            )
            if outcome.claim is not None:
                outcome.claim.failed(message)
        return self._fail(claimed, shown, message)

    def _scan(self, stability: Stability) -> tuple[dict[str, Signature], int]:
        entries: dict[str, Signature] = {}
        try:
            with os.scandir(self.inbox) as it:
                for entry in it:
                    if entry.name in OWN_FOLDERS or is_ignored(entry.name):
                        continue
                    try:
                        entries[entry.name] = signature(entry.stat(follow_symlinks=False))
                    except FileNotFoundError:
                        continue
        except OSError as exc:
            raise InputError(
                f"cannot read the inbox {self.inbox}: {exc.strerror}",
                "check that the folder exists and is readable",
            ) from exc
        return stability.observe(entries)

    def _take(self, name: str, sig: Signature, stability: Stability) -> None:
        try:
            now_sig = signature(os.lstat(self.inbox / name))
        except FileNotFoundError:
            stability.forget(name)
            return
        if now_sig != sig:
            return  # changed since it looked settled: look again next round
        claimed = claim(self.inbox, name)
        stability.forget(name)
        if claimed is None:
            return  # another watcher (or the user) took it first
        if self._handle(claimed) in ("busy", "interrupted"):
            self.pending.append(claimed)

    def _work_pending(self) -> None:
        for claimed in list(self.pending):
            if self.stop:
                return
            if self._handle(claimed) not in ("busy", "interrupted"):
                self.pending.remove(claimed)

    # ----------------------------------------------------------------- one file

    def _handle(self, claimed: Claimed) -> Outcome:
        """Brief one claimed file and move it out; one log line.  With workers, the file is
        handed to one ("dispatched") and finished when it answers (``_collect``)."""
        shown = display_name(claimed.name)
        try:
            outcome = self._handle_claimed(claimed, shown)
        except Interrupted:
            self.log(f"stopped   {shown}: interrupted; the next watcher to start takes it up")
            return "interrupted"  # the claim folder stays, its lock goes when we exit
        except StoreLostError:
            raise  # the claim stays in processing/; the next watcher takes it over
        except BriefingError as exc:
            outcome = self._fail(claimed, shown, str(exc))
        except Exception as exc:  # a bug must not stop the watcher: report, keep the file
            outcome = self._fail(
                claimed,
                shown,
                f"internal error: {type(exc).__name__}: {exc} "
                "(please report this; the file is kept)",
            )
        if outcome not in ("busy", "interrupted", "dispatched"):
            claimed.release()
        return outcome

    def _handle_claimed(self, claimed: Claimed, shown: str) -> Outcome:
        path = claimed.path
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return "gone"
        refusal = refusal_reason(st)
        if refusal is not None:
            self._move(claimed, FAILED, error=refusal)
            self.summary.refused += 1
            self.log(f"refused   {shown}: {refusal}")
            return "refused"
        source_path = str(self.inbox / shown)
        if self.options.submit is not None:  # --cluster: a worker briefs it
            try:
                hash_regular_file(path)  # readable, a plain file: else it fails here
            except InputError as exc:
                return self._fail(claimed, shown, exc.message + f" ({exc.hint})")
            self.options.submit(path, source_path)
            self._move(claimed, DONE)
            self.summary.done += 1
            self.log(f"queued    {shown}")
            return "done"
        if self.pool is not None:
            self.pool.submit(Task(claimed.token, path, source_path, claimed.token))
            self.in_flight[claimed.token] = claimed
            return "dispatched"
        try:
            briefed = brief_claimed_file(
                path,
                source_path,
                claimed.token,
                self.store,
                self.options.generate,
                self.translators,
                self.stop.interruptible,
            )
        except InputError as exc:
            return self._fail(claimed, shown, exc.message + f" ({exc.hint})")
        return self._briefed(claimed, shown, briefed)

    def _briefed(self, claimed: Claimed, shown: str, briefed: Briefed) -> Outcome:
        if briefed.kind == "busy":
            return "busy"
        if briefed.kind == "settled":
            return self._settle(claimed, shown, briefed.record)
        if briefed.kind == "duplicate":
            assert briefed.record is not None
            return self._duplicate(claimed, shown, briefed.record.original_name)
        assert briefed.result is not None
        return self._finish(claimed, shown, briefed.result)

    def _finish(self, claimed: Claimed, shown: str, result: ArticleResult) -> Outcome:
        for message in result.warnings:
            self.log(f"warning   {message.replace(str(claimed.path), str(self.inbox / shown))}")
        if result.duplicate_of is not None:
            return self._duplicate(claimed, shown, result.duplicate_of)
        if result.error is not None:
            return self._fail(claimed, shown, str(result.error))
        self._move(claimed, DONE)
        self.summary.done += 1
        self.log(f"done      {shown} -> {result.folder}")
        return "done"

    def _settle(self, claimed: Claimed, shown: str, record: ArticleRecord | None) -> Outcome:
        """Finished before a crash, not yet moved out: finish the move only."""
        assert record is not None
        if record.status == "failed":
            return self._fail(claimed, shown, record.error or "failed")
        if record.status == "duplicate":
            return self._duplicate(claimed, shown, record.original_name)
        self._move(claimed, DONE)
        self.summary.done += 1
        self.log(f"done      {shown} -> {record.output_dir}")
        return "done"

    def _duplicate(self, claimed: Claimed, shown: str, original: str) -> Outcome:
        self._move(claimed, DONE)
        self.summary.duplicates += 1
        self.log(f"duplicate {shown}: same article as {original}; not briefed again")
        return "duplicate"

    def _fail(self, claimed: Claimed, shown: str, message: str) -> Outcome:
        # Messages name the file where it was read: the claim folder means nothing to users.
        message = message.replace(str(claimed.path), str(self.inbox / shown))
        try:
            self._move(claimed, FAILED, error=message)
        except OSError as exc:
            self.log(
                f"failed    {shown}: {message}; it stays in {claimed.folder} "
                f"(cannot move it to {FAILED}/: {exc.strerror})"
            )
            return "failed"
        self.summary.failed += 1
        self.log(f"failed    {shown}: {message}")
        return "failed"

    def _move(self, claimed: Claimed, where: str, *, error: str | None = None) -> None:
        if not claimed.path.exists() and not claimed.path.is_symlink():
            return
        moved = move_unique(claimed.path, self.inbox / where, claimed.name)
        if error is not None:
            stamp = datetime.now().astimezone().isoformat(timespec="seconds")
            text = (
                f"{display_name(moved.name)}\n{stamp}\n\n{error}\n\n"
                "To try again, move the file back into the inbox.\n"
            )
            with contextlib.suppress(BriefingError):
                atomic_write(moved.with_name(moved.name + ".error.txt"), text.encode("utf-8"))

    # ----------------------------------------------------------------- weekly digest

    def _weekly(self, schedule: WeeklySchedule) -> None:
        week = run_scheduled_digest(
            schedule, self.store, self.options.generate, self.digest_weeks_tried, self.log
        )
        if week is not None:
            self.summary.digests.append(week)


@dataclass(frozen=True)
class Briefed:
    """What briefing a claimed file came to (``Store.claim``'s kind, then the result)."""

    kind: ClaimKind
    record: ArticleRecord | None
    result: ArticleResult | None = None


def brief_claimed_file(
    path: Path,
    source_path: str,
    token: str,
    store: Store,
    options: GenerateOptions,
    translators: TranslatorSlot,
    interruptible: Callable[[], contextlib.AbstractContextManager[None]] = contextlib.nullcontext,
    *,
    side_by_side: bool = False,
) -> Briefed:
    """Claim a file of the inbox's ``processing/`` in the store and brief it: the part of
    the watcher's work a worker process does (``workers.py``; ``side_by_side``: its memos
    on two cores).  Raises ``InputError`` for a file that cannot be read."""
    content_hash = hash_regular_file(path)
    outcome = store.claim(content_hash, source_path, origin="watch", token=token)
    if outcome.claim is None:
        return Briefed(outcome.kind, outcome.record)
    try:
        with interruptible():
            result = process_file(
                path, options, translators, outcome.claim, side_by_side=side_by_side
            )
    except Interrupted:
        if not outcome.claim.finished:
            with contextlib.suppress(BriefingError):
                outcome.claim.release()
        raise
    except BaseException as exc:
        ends_worker = isinstance(exc, MemoryError) and ends_process_on_memory_error()
        if not outcome.claim.finished and not ends_worker:
            with contextlib.suppress(BriefingError):
                outcome.claim.failed("interrupted by an internal error")
        raise
    return Briefed("claimed", outcome.record, result)


def refusal_reason(st: os.stat_result) -> str | None:
    mode = st.st_mode
    if stat.S_ISLNK(mode):
        return "a symbolic link; links are not followed (copy the article itself into the inbox)"
    if stat.S_ISDIR(mode):
        return "a folder; folders are not read (put the article files themselves in the inbox)"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), not a file"
    if not stat.S_ISREG(mode):
        return "not a regular file (socket or device)"
    if st.st_nlink > 1:
        return (
            f"a hard link ({st.st_nlink} names for one file); copy the article into the "
            "inbox instead of linking it"
        )
    return None


def hash_regular_file(path: Path) -> str:
    """sha256 of a claimed file, opened without following links and without blocking."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except PermissionError as exc:
        raise InputError(
            f"{display_name(path.name)}: cannot read: permission denied",
            "give the file read permission, then move it back into the inbox",
        ) from exc
    except OSError as exc:
        raise InputError(
            f"{display_name(path.name)}: cannot open: {exc.strerror}", "check the file"
        ) from exc
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_nlink > 1:
            raise InputError(
                f"{display_name(path.name)}: changed into something that is not a "
                "plain file while it was claimed",
                "copy the article in again",
            )
        return sha256_of_open_file(fd)
    except OSError as exc:
        raise InputError(
            f"{display_name(path.name)}: cannot read: {exc.strerror}", "check the file"
        ) from exc
    finally:
        os.close(fd)


def prepare_inbox(inbox: Path) -> None:
    if not inbox.is_dir():
        raise InputError(f"inbox folder not found: {inbox}", "create it, or check the path")
    for name in OWN_FOLDERS:
        try:
            (inbox / name).mkdir(exist_ok=True)
        except OSError as exc:
            raise InputError(
                f"cannot create {inbox / name}: {exc.strerror}", "check the inbox's permissions"
            ) from exc


def watch(options: WatchOptions, log: Log) -> WatchSummary:
    """Brief what is in the inbox and whatever arrives, until SIGINT/SIGTERM (or idle)."""
    prepare_inbox(options.inbox)
    with Store(options.generate.config.store_location) as store:
        log(f"watching  {options.inbox} -> {options.generate.out_dir}")
        return Watcher(options, store, log).run()
