"""Several machines: `briefing submit` puts articles on a Redis queue, `briefing worker`
briefs them with the same pipeline as `briefing generate` (read -> extract -> translate ->
render -> write through the one output writer), recording into a shared store (PostgreSQL).

Delivery is at least once; the effects happen once:

- a task carries the article's bytes and name; the store's unique key on the bytes' hash
  (``Store.claim``) makes a second delivery, or a second submission, a duplicate, and an
  article whose cleaned text was briefed already (another outlet's copy) is recorded as a
  duplicate of it, as on one machine;
- tasks are acknowledged late (after the article is recorded) and rejected when the worker
  process is lost, so a worker killed mid-task leaves its task to another; a task that no
  worker acknowledges is handed out again after ``VISIBILITY_TIMEOUT`` seconds;
- a database that is down or restarting is waited out in place: the worker keeps its task
  (unacknowledged) and tries again with back-off (up to a minute between tries) for as long
  as it takes, rather than turning every queued article into a retry while nothing can be
  recorded; asked to stop meanwhile, it hands the task back to the queue;
- an article that fails on every one of ``MAX_TRIES`` tries for any other reason, or that
  no try can brief (bad input), goes to ``OUT/quarantine/`` with a ``.error.txt`` saying
  why; the tries are counted in the task itself, so waits for a busy article or an absent
  database never count;
- the weekly digest is made once: the store's row per week is claimed in a serialised
  transaction (``Store.digest_claim``).

Celery is imported here only, and this module only by the commands that need it.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from briefing.errors import (
    BriefingError,
    InputError,
    QueueError,
    StoreError,
    StoreUnavailableError,
    first_line,
)
from briefing.output import atomic_write

if TYPE_CHECKING:
    from celery import Celery

    from briefing.pipeline import GenerateOptions, TranslatorSlot

QUEUE = "briefing"
BRIEF_TASK = "briefing.brief_article"
WEEKLY_TASK = "briefing.weekly_digest"
DEFAULT_BROKER = "redis://localhost:6379/0"
MAX_TRIES = 5
# Before the 2nd, 3rd, ... try; BRIEFING_BACKOFF_SECONDS replaces it (tests wait less).
BACKOFF_SECONDS: tuple[float, ...] = tuple(
    float(part) for part in os.environ.get("BRIEFING_BACKOFF_SECONDS", "2,5,15,30,60").split(",")
)
# A task not acknowledged this long after delivery (its worker died) is delivered again.
VISIBILITY_TIMEOUT = int(os.environ.get("BRIEFING_VISIBILITY_TIMEOUT", "600"))
# Another worker is briefing the same bytes: look again after this long.
BUSY_RETRY_SECONDS = 10
MAX_ARTICLE_BYTES = 64 << 20
QUARANTINE = "quarantine"

log = logging.getLogger("briefing.cluster")
T = TypeVar("T")


@dataclass(frozen=True)
class ArticleJob:
    """One article as a task carries it: the bytes travel, the worker needs no shared disk."""

    name: str  # the file name (its suffix tells the reader the format)
    source: str  # where it was submitted from, as the facts' source_path
    data: bytes

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def message(self) -> dict[str, str]:
        return {
            "name": self.name,
            "source": self.source,
            "data": base64.b64encode(self.data).decode("ascii"),
        }

    @staticmethod
    def from_message(message: Any) -> ArticleJob:
        """The job a message describes; InputError if it is not one."""
        if not isinstance(message, dict):
            raise InputError(f"not an article task: {type(message).__name__}", "dropped")
        name, source, data = message.get("name"), message.get("source"), message.get("data")
        if not (isinstance(name, str) and isinstance(source, str) and isinstance(data, str)):
            raise InputError("an article task without name, source and data", "dropped")
        safe = Path(name).name
        if not safe or safe in (".", "..") or safe != name:
            raise InputError(f"an article task with a bad file name {name!r}", "dropped")
        try:
            raw = base64.b64decode(data.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError) as exc:
            raise InputError(f"{name}: the task's data is not base64", "dropped") from exc
        return ArticleJob(name, source, raw)


@dataclass(frozen=True)
class WorkerSettings:
    broker_url: str
    options: GenerateOptions
    concurrency: int = 1


# --------------------------------------------------------------------------- the Celery app


def make_app(broker_url: str) -> Celery:
    from celery import Celery

    app = Celery("briefing", broker=broker_url, set_as_current=False)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_acks_on_failure_or_timeout=True,
        worker_prefetch_multiplier=1,  # a worker holds only the article it works on
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        task_default_queue=QUEUE,
        broker_transport_options={
            "visibility_timeout": VISIBILITY_TIMEOUT,
            # look for a dead worker's tasks a few times per timeout, not every 100 s
            "unacked_restore_interval": max(1, min(10, VISIBILITY_TIMEOUT // 4)),
            "unacked_restore_throttle": 1,
        },
        broker_connection_retry_on_startup=False,
        broker_connection_max_retries=None,  # once running, wait out a broker restart
        worker_hijack_root_logger=False,
        worker_redirect_stdouts=False,
        worker_cancel_long_running_tasks_on_connection_loss=False,
    )
    return app


def check_broker(app: Celery, url: str) -> None:
    """One clear error, not a hang, when the broker cannot be reached."""
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=5)
    except Exception as exc:
        raise QueueError(
            f"cannot reach the broker {_redacted(url)}: {first_line(exc)}",
            "check that Redis runs and that [cluster] broker (or --broker) is its URL",
        ) from exc


def _redacted(url: str) -> str:
    from briefing.store_pg import redacted

    return redacted(url)


# --------------------------------------------------------------------------- submit


def jobs_for(paths: Iterable[Path]) -> list[ArticleJob]:
    """The article files named (folders expanded as `generate` does), read into jobs."""
    from briefing.pipeline import expand_inputs

    jobs = []
    for path in expand_inputs(list(paths)):
        try:
            size = path.stat().st_size
            if size > MAX_ARTICLE_BYTES:
                raise InputError(
                    f"{path}: {size >> 20} MB is too large to queue",
                    f"articles up to {MAX_ARTICLE_BYTES >> 20} MB are queued; brief it "
                    "with `briefing generate`",
                )
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(
                f"{path}: cannot read: {exc.strerror or exc}", "check the path"
            ) from exc
        jobs.append(ArticleJob(path.name, str(path), data))
    return jobs


def submit(paths: Iterable[Path], broker_url: str) -> list[ArticleJob]:
    """Put every article on the queue; all are read before the first is sent."""
    jobs = jobs_for(paths)
    app = make_app(broker_url)
    check_broker(app, broker_url)
    send_jobs(app, broker_url, jobs)
    return jobs


def send_jobs(app: Celery, broker_url: str, jobs: Iterable[ArticleJob]) -> None:
    try:
        with app.producer_or_acquire() as producer:
            for job in jobs:
                app.send_task(BRIEF_TASK, args=[job.message()], queue=QUEUE, producer=producer)
    except Exception as exc:
        raise QueueError(
            f"cannot queue articles on {_redacted(broker_url)}: {first_line(exc)}",
            "check that Redis runs, then submit again (a repeat is briefed once)",
        ) from exc


def submit_weekly(week: str, broker_url: str) -> None:
    app = make_app(broker_url)
    check_broker(app, broker_url)
    app.send_task(WEEKLY_TASK, args=[week], queue=QUEUE)


def file_submitter(broker_url: str) -> Callable[[Path, str], None]:
    """What `briefing watch --cluster` does with each file: queue it (source: its name)."""
    app = make_app(broker_url)
    check_broker(app, broker_url)

    def send(path: Path, source: str) -> None:
        send_jobs(app, broker_url, [ArticleJob(path.name, source, path.read_bytes())])

    return send


# --------------------------------------------------------------------------- the worker


class _Worker:
    """What a worker process keeps between tasks: the options and the translation model."""

    def __init__(self, options: GenerateOptions) -> None:
        from briefing.pipeline import TranslatorSlot

        self.options = options
        self.translators: TranslatorSlot = TranslatorSlot(options.config, log.warning)


_state: _Worker | None = None


def brief_job(job: ArticleJob, options: GenerateOptions, translators: TranslatorSlot) -> str:
    """Brief one article into the store and the output folder; what happened, for the log.

    A BriefingError other than an unreachable store is final (quarantine); an unreachable
    store (StoreUnavailableError) is raised for the task to try again.
    """
    from briefing.pipeline import process_file
    from briefing.store import Store

    with Store(options.config.store_location) as store:
        outcome = store.claim(job.content_hash, job.source, origin="cluster")
        if outcome.kind == "busy":
            raise _Busy(job.source)
        if outcome.claim is None:
            assert outcome.record is not None
            return f"duplicate {job.source}: same as {outcome.record.original_name}"
        with tempfile.TemporaryDirectory(prefix="briefing-job-") as folder:
            path = Path(folder) / job.name
            path.write_bytes(job.data)
            result = process_file(path, options, translators, outcome.claim)
    if result.duplicate_of is not None:
        return f"duplicate {job.source}: same article as {result.duplicate_of}"
    if result.error is not None:
        raise result.error
    return f"done      {job.source} -> {result.folder}"


class _Busy(Exception):
    """Another worker is briefing the same bytes right now."""


def quarantine(out_dir: Path, job: ArticleJob, reason: str) -> Path:
    """Keep an article no try could brief, with its reason, in ``OUT/quarantine/``."""
    folder = out_dir / QUARANTINE
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{job.content_hash[:12]}_{job.name}"
    atomic_write(target, job.data)
    stamp = datetime.now().astimezone().isoformat(timespec="seconds")
    text = f"{job.source}\n{stamp}\n\n{reason}\n\nTo try again: briefing submit {target}\n"
    atomic_write(target.with_name(target.name + ".error.txt"), text.encode("utf-8"))
    return target


def _transient(exc: BaseException) -> bool:
    """A database or broker that may be back soon (restart, failover, network); waited out
    for as long as it takes, so a fault of the article or of the disk is not one."""
    if isinstance(exc, StoreUnavailableError | ConnectionError):
        return True
    if isinstance(exc, StoreError):
        return False
    psycopg = sys.modules.get("psycopg")  # loaded if a PostgreSQL store is used
    if psycopg is not None and isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        return True
    return type(exc).__module__.startswith(("kombu", "redis"))


def _backoff(tries: int) -> float:
    """The wait before try ``tries + 1``."""
    return BACKOFF_SECONDS[min(tries - 1, len(BACKOFF_SECONDS) - 1)]


def _brief_task(task: Any, message: Any, failures: int = 0) -> str:
    """The Celery task: see the module's docstring for what happens when.

    ``failures``: the tries of this article that failed for a reason of its own so far.
    """
    from celery.exceptions import Reject

    state = _state
    assert state is not None, "the worker sets up its state before consuming"
    try:
        job = ArticleJob.from_message(message)
    except InputError as exc:
        log.error("dropped   an invalid task: %s", exc.message)
        return "dropped"
    tries = failures + 1
    try:
        said = _waiting_out_outages(
            job.source, lambda: brief_job(job, state.options, state.translators)
        )
    except Reject:
        raise  # handed back to the queue: not a try
    except _Busy:
        # not a failed try: the other worker finishes it, or dies and this one takes over
        raise task.retry(
            args=[message], kwargs={"failures": failures}, countdown=BUSY_RETRY_SECONDS
        ) from None
    except InputError as exc:
        where = quarantine(state.options.out_dir, job, str(exc))
        log.error("failed    %s: %s (kept in %s)", job.source, exc, where)
        return "failed"
    except Exception as exc:
        reason = str(exc) if isinstance(exc, BriefingError) else f"{type(exc).__name__}: {exc}"
        if tries >= MAX_TRIES:
            where = quarantine(state.options.out_dir, job, f"failed {tries} tries: {reason}")
            log.error(
                "failed    %s after %d tries: %s (kept in %s)", job.source, tries, reason, where
            )
            return "failed"
        delay = _backoff(tries)
        log.warning(
            "retry     %s in %g s (try %d of %d): %s", job.source, delay, tries, MAX_TRIES, reason
        )
        raise task.retry(args=[message], kwargs={"failures": tries}, countdown=delay) from None
    log.info("%s", said)
    return "done"


def _waiting_out_outages(what: str, work: Callable[[], T]) -> T:
    """``work()``, tried again with back-off while the store cannot be reached.

    The task stays with this worker meanwhile (no other article could be recorded either);
    a worker asked to stop hands it back to the queue instead of waiting on.
    """
    from celery.exceptions import Reject
    from celery.worker import state as worker_state

    waits = 0
    while True:
        try:
            return work()
        except Exception as exc:
            if not _transient(exc):
                raise
            waits += 1
            delay = _backoff(waits)
            log.warning("waiting   %s: %s; trying again in %g s", what, exc, delay)
            deadline = time.monotonic() + delay
            while time.monotonic() < deadline:
                if worker_state.should_stop is not None or worker_state.should_terminate:
                    log.warning("requeued  %s: the worker is stopping", what)
                    raise Reject(f"{what}: the worker stopped", requeue=True) from exc
                time.sleep(min(0.5, max(0.0, deadline - time.monotonic())))


def _weekly_task(task: Any, week: Any) -> str:
    from briefing.weekly import run_weekly

    state = _state
    assert state is not None
    if not isinstance(week, str):
        log.error("dropped   an invalid weekly task: %r", week)
        return "dropped"
    try:
        result = _waiting_out_outages(
            f"weekly digest {week}", lambda: run_weekly(week, state.options, if_missing=True)
        )
    except BriefingError as exc:
        log.error("failed    weekly digest %s: %s", week, exc)
        return "failed"
    if result is None:
        log.info("weekly    %s: made already (or by another worker now)", week)
        return "exists"
    log.info("weekly    %s made -> %s", week, result.folder)
    return "made"


def register_tasks(app: Celery) -> None:
    # max_retries=None: a retry's own ``max_retries=None`` means the task's default (three),
    # and a retry past it fails the task, which acknowledges it: the article would be lost.
    # The tries are bounded here (MAX_TRIES in _brief_task), not by Celery.
    for name, function in ((BRIEF_TASK, _brief_task), (WEEKLY_TASK, _weekly_task)):
        app.task(
            bind=True, name=name, acks_late=True, reject_on_worker_lost=True, max_retries=None
        )(function)


def run_worker(settings: WorkerSettings) -> None:
    """Check the store and the broker (one clear error each), then consume until stopped."""
    from briefing.store import Store

    global _state
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s")
    log.setLevel(logging.INFO)  # one line per article; the libraries only warn
    with Store(settings.options.config.store_location):
        pass  # creates or upgrades the tables; a wrong URL stops here
    app = make_app(settings.broker_url)
    register_tasks(app)
    check_broker(app, settings.broker_url)
    _state = _Worker(settings.options)
    worker = app.Worker(
        queues=[QUEUE],
        concurrency=settings.concurrency,
        pool="prefork" if settings.concurrency > 1 else "solo",
        loglevel="WARNING",  # our lines at INFO (log), the libraries' only when they warn
        without_heartbeat=True,
        without_mingle=True,
        without_gossip=True,
        quiet=True,
    )
    worker.start()
    with contextlib.suppress(AttributeError):
        if worker.exitcode:
            raise QueueError(
                f"the worker stopped with exit code {worker.exitcode}",
                "see the lines above; check the broker",
            )
