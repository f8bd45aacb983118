"""A bounded pool of worker processes that brief articles (extraction and rendering).

`briefing generate` on several articles and `briefing watch` hand each article to one of
``--jobs`` worker processes (default: the machine's cores).  The guarantees stay those of
one process:

- a worker claims the article in the store itself (its own connection and owner lock), so
  the store knows which live process works on what; it alone writes the article's output
  folder (``output.OutputWriter``);
- a worker killed in the middle (``kill -9``, a segfault) leaves the record ``processing``
  with a dead owner: the parent gives the article to a fresh worker, which takes the claim
  over; after ``TRIES`` such deaths on the same article it is quarantined (recorded as
  failed with the reason; the watcher moves the file to ``failed/``) and the rest of the
  batch goes on.  ``MemoryError`` in a worker ends that worker the same way: its heap
  cannot be trusted after it;
- a worker that has briefed ``MAX_TASKS_PER_WORKER`` articles ends and a fresh one takes
  its place: what libraries keep between documents cannot grow for ever in a watcher;
- the parent killed (``kill -9``): each worker gets SIGKILL from the kernel (Linux
  ``PR_SET_PDEATHSIG``) or sees its pipe closed, so no orphan works on; what was
  ``processing`` is taken over by the next run or watcher, as after any crash.

Workers are started with ``spawn``: they inherit no open store connection and no claim
lock of the parent, and load kiwipiepy, WeasyPrint and the data once each, for all the
articles they brief.  An article given to a worker while no other is queued or
being briefed has a core to spare (``Task.spare_core``): the worker draws half its memos
in a fork of itself (``render/forked.py``), which is why Kiwi runs without threads there.

Fault injection (tests only, documented so it is never a surprise): when the environment
variable ``BRIEFING_FAULT_INJECT`` is ``KIND:PATTERN``, a worker about to brief a file whose
name matches the glob ``PATTERN`` fails as ``KIND`` says: ``segv`` (kills itself with
SIGSEGV), ``exit`` (``os._exit(70)``) or ``memory`` (raises ``MemoryError``).
"""

from __future__ import annotations

import contextlib
import fnmatch
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from briefing.errors import BriefingError
from briefing.store import StoreLostError

if TYPE_CHECKING:
    from briefing.pipeline import ArticleResult, GenerateOptions
    from briefing.store import Store

TRIES = 2  # a worker dying on the same article this many times quarantines it
# A worker is replaced by a fresh one after this many articles, so that what a library keeps
# (fontconfig, Pango, malloc's fragments) cannot grow without bound in a long-running watcher.
MAX_TASKS_PER_WORKER = 200
FAULT_ENV = "BRIEFING_FAULT_INJECT"
MEMORY_EXIT = 71  # a worker's exit code after MemoryError

Mode = Literal["generate", "watch"]


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


@dataclass(frozen=True)
class Task:
    key: str  # the caller's name for it (the file's path, or the watcher's claim token)
    path: Path
    source_path: str | None = None  # watch: where the file arrived
    token: str | None = None  # watch: the inbox claim token
    # no other task waits nor runs: the worker may draw the memos on a second core
    spare_core: bool = False


@dataclass(frozen=True)
class Done:
    """A worker's answer: ``value`` is what the task function returned."""

    task: Task
    value: Any
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Crashed:
    """The worker died on this task ``TRIES`` times: the article is to be quarantined."""

    task: Task
    reason: str


Reply = Done | Crashed


# --------------------------------------------------------------------------- the worker


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (elsewhere: the pipe's EOF)."""
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)


def inject_fault(path: Path) -> None:
    """The test-only fault injection point (see the module's docstring)."""
    spec = os.environ.get(FAULT_ENV)
    if not spec or ":" not in spec:
        return
    kind, pattern = spec.split(":", 1)
    if not fnmatch.fnmatchcase(path.name, pattern):
        return
    if kind == "segv":
        os.kill(os.getpid(), signal.SIGSEGV)
    elif kind == "exit":
        os._exit(70)
    elif kind == "memory":
        raise MemoryError(f"injected for {path.name}")


TaskFunction = Callable[[Task, Any, Callable[[str], None]], Any]


def _worker_main(conn: Connection, parent_pid: int, mode: Mode, options: Any) -> None:
    _die_with_parent()
    if os.getppid() != parent_pid:
        return  # the parent died before the line above took effect
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from briefing.pipeline import end_process_on_memory_error
    from briefing.store import Store

    end_process_on_memory_error()
    # Kiwi without threads, so that the worker can fork to draw an article's memos on a
    # core no other article needs (render/forked.py: a fork only from a single thread)
    from briefing.sentences import analyse_in_one_thread

    analyse_in_one_thread()
    warnings: list[str] = []
    with Store(options.config.store_location) as store:
        run = _task_function(mode, options, store, warnings.append)
        while True:
            try:
                task = conn.recv()
            except (EOFError, OSError):
                return
            if task is None:
                return
            warnings.clear()
            try:
                inject_fault(task.path)
                value = run(task)
            except MemoryError:
                os._exit(MEMORY_EXIT)
            except StoreLostError as exc:
                conn.send(("store_lost", exc.message, exc.hint))
                return
            except BriefingError as exc:
                conn.send(("error", task, exc))
                continue
            except Exception as exc:  # a bug: reported for this article; the batch goes on
                conn.send(("error", task, BriefingError(f"internal error: {exc!r}")))
                continue
            conn.send(("done", task, value, tuple(warnings)))


def _task_function(
    mode: Mode, options: Any, store: Any, warn: Callable[[str], None]
) -> Callable[[Task], Any]:
    from briefing.pipeline import TranslatorSlot

    translators = TranslatorSlot(options.config, warn)
    if mode == "generate":
        from briefing.pipeline import process_recorded

        def generate_one(task: Task) -> Any:
            return process_recorded(
                task.path, options, translators, store, side_by_side=task.spare_core
            )

        return generate_one
    from briefing.watch import brief_claimed_file

    def watch_one(task: Task) -> Any:
        assert task.source_path is not None and task.token is not None
        return brief_claimed_file(
            task.path,
            task.source_path,
            task.token,
            store,
            options,
            translators,
            side_by_side=task.spare_core,
        )

    return watch_one


# --------------------------------------------------------------------------- the pool


@dataclass
class _Worker:
    process: Any
    conn: Connection
    task: Task | None = None
    briefed: int = 0


@dataclass
class WorkerPool:
    """``jobs`` worker processes briefing ``Task``s; ``submit``, then ``replies``."""

    jobs: int
    mode: Mode
    options: Any
    _queue: deque[Task] = field(default_factory=deque)
    _workers: list[_Worker] = field(default_factory=list)
    _tries: dict[str, int] = field(default_factory=dict)
    _retired: list[_Worker] = field(default_factory=list)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def busy(self) -> int:
        """Tasks queued or being briefed."""
        return len(self._queue) + sum(1 for w in self._workers if w.task is not None)

    @property
    def has_room(self) -> bool:
        return self.busy < self.jobs

    def submit(self, task: Task) -> None:
        self._queue.append(task)
        self._dispatch()

    def _running(self) -> int:
        return sum(1 for w in self._workers if w.task is not None)

    def _start(self) -> _Worker:
        context = multiprocessing.get_context("spawn")
        parent_end, child_end = context.Pipe()
        process = context.Process(
            target=_worker_main,
            args=(child_end, os.getpid(), self.mode, self.options),
            name="briefing-worker",
            daemon=True,
        )
        process.start()
        child_end.close()
        worker = _Worker(process, parent_end)
        self._workers.append(worker)
        return worker

    def _dispatch(self) -> None:
        while self._queue:
            idle = next((w for w in self._workers if w.task is None), None)
            if idle is None:
                if len(self._workers) >= self.jobs:
                    return
                idle = self._start()
            task = self._queue.popleft()
            self._tries[task.key] = self._tries.get(task.key, 0) + 1
            # alone: its memos may be drawn on two cores
            alone = not self._queue and self.jobs > 1 and self._running() == 0
            task = replace(task, spare_core=alone)
            idle.task = task
            # one that died between tasks: its sentinel tells, and the task goes again
            with contextlib.suppress(OSError):
                idle.conn.send(task)

    def replies(self, timeout: float | None = None) -> Iterator[Reply]:
        """Answers that are in within ``timeout`` seconds (None: wait for at least one)."""
        working = [w for w in self._workers if w.task is not None]
        if not working:
            return
        waitables: list[Any] = [w.conn for w in working] + [w.process.sentinel for w in working]
        ready = wait(waitables, timeout)
        for worker in working:
            if worker.conn in ready:
                reply = self._receive(worker)
                if reply is not None:
                    yield reply
                    continue
            if worker.process.sentinel in ready or not worker.process.is_alive():
                crashed = self._bury(worker)
                if crashed is not None:
                    yield crashed
        self._dispatch()

    def _receive(self, worker: _Worker) -> Reply | None:
        try:
            message = worker.conn.recv()
        except (EOFError, OSError):
            return None  # it died: the sentinel says how
        task = worker.task
        assert task is not None
        worker.task = None
        self._tries.pop(task.key, None)
        worker.briefed += 1
        if worker.briefed >= MAX_TASKS_PER_WORKER:
            self._retire(worker)
        if message[0] == "store_lost":
            raise StoreLostError(message[1], message[2])
        if message[0] == "error":
            raise_or_return: BriefingError = message[2]
            return Done(task, raise_or_return)
        return Done(task, message[2], message[3])

    def _retire(self, worker: _Worker) -> None:
        """Let a worker that has briefed its share end; a fresh one takes its place."""
        self._workers.remove(worker)
        with contextlib.suppress(OSError):
            worker.conn.send(None)
        self._retired.append(worker)
        for old in list(self._retired):
            if not old.process.is_alive():
                old.process.join()
                with contextlib.suppress(OSError):
                    old.conn.close()
                self._retired.remove(old)

    def _bury(self, worker: _Worker) -> Crashed | None:
        """A worker died: its task goes to a fresh one, or is given up after ``TRIES``."""
        worker.process.join(5)
        with contextlib.suppress(OSError):
            worker.conn.close()
        self._workers.remove(worker)
        task, worker.task = worker.task, None
        if task is None:
            return None
        reason = death_reason(worker.process.exitcode)
        if self._tries.get(task.key, 0) >= TRIES:
            self._tries.pop(task.key, None)
            return Crashed(task, f"the worker process briefing it {reason}, {TRIES} times")
        self._queue.appendleft(task)
        return None

    def close(self) -> None:
        """Stop every worker: idle ones at once, busy ones by SIGTERM (their claims are
        taken over later, like any dead owner's)."""
        for worker in self._workers:
            with contextlib.suppress(OSError):
                if worker.task is None:
                    worker.conn.send(None)
                else:
                    worker.process.terminate()
        for worker in [*self._workers, *self._retired]:
            worker.process.join(10)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            with contextlib.suppress(OSError):
                worker.conn.close()
        self._workers.clear()
        self._retired.clear()
        self._queue.clear()


def death_reason(exitcode: int | None) -> str:
    if exitcode is None:
        return "stopped answering"
    if exitcode == MEMORY_EXIT:
        return "ran out of memory (MemoryError)"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"was killed by {name}"
    return f"exited with code {exitcode}"


# --------------------------------------------------------------------------- generate


def generate_in_workers(
    files: list[Path],
    options: GenerateOptions,
    store: Store,
    jobs: int,
    on_result: Callable[[ArticleResult], None] | None,
    on_warning: Callable[[str], None],
) -> list[ArticleResult]:
    """`briefing generate` on several articles, by up to ``jobs`` workers.

    Results are reported in the order of ``files`` as soon as each and all before it are
    in.  A file whose bytes repeat an earlier one of the run is not briefed again (as in
    one process, where the store tells); a file its worker died on ``TRIES`` times is
    recorded as failed with the reason.
    """
    from briefing.pipeline import ArticleResult
    from briefing.store import content_hash_of

    results: list[ArticleResult | None] = [None] * len(files)
    reported = 0
    warned: set[str] = set()

    def settle(index: int, result: ArticleResult) -> None:
        nonlocal reported
        results[index] = result
        while reported < len(files) and results[reported] is not None:
            done = results[reported]
            assert done is not None
            if on_result is not None:
                on_result(done)
            reported += 1

    first_of: dict[str, int] = {}
    repeats: dict[int, int] = {}
    with WorkerPool(min(jobs, len(files)), "generate", options) as pool:
        for index, path in enumerate(files):
            try:
                content_hash: str | None = content_hash_of(path)
            except BriefingError:
                content_hash = None  # the worker reports it, as one process would
            if content_hash is not None and content_hash in first_of:
                repeats[index] = first_of[content_hash]
                continue
            if content_hash is not None:
                first_of[content_hash] = index
            pool.submit(Task(str(index), path))
        while pool.busy:
            for reply in pool.replies():
                index = int(reply.task.key)
                path = reply.task.path
                result = _generated(reply, store, warned, on_warning)
                settle(index, result)
                original_name = result.duplicate_of or str(path)
                for repeat, original in sorted(repeats.items()):
                    if original == index:
                        settle(repeat, ArticleResult(files[repeat], duplicate_of=original_name))
    final = [r for r in results if r is not None]
    assert len(final) == len(files)
    return final


def _generated(
    reply: Reply, store: Store, warned: set[str], on_warning: Callable[[str], None]
) -> ArticleResult:
    """The result a worker's reply stands for; its warnings said once per run."""
    from briefing.pipeline import ArticleResult

    path = reply.task.path
    if isinstance(reply, Crashed):
        return quarantine_generated(store, path, reply.reason)
    for message in reply.warnings:
        if message not in warned:
            warned.add(message)
            on_warning(message)
    if isinstance(reply.value, BriefingError):
        return ArticleResult(path, error=reply.value)
    result: ArticleResult = reply.value
    return result


def quarantine_message(path: Path | str, reason: str) -> BriefingError:
    return BriefingError(
        f"{path}: {reason}; quarantined: recorded as failed, not tried again",
        "please report this with the file; the other articles were briefed",
    )


def quarantine_generated(store: Store, path: Path, reason: str) -> ArticleResult:
    """Record an article its workers died on as failed, with the reason."""
    from briefing.pipeline import ArticleResult

    error = quarantine_message(path, reason)
    with contextlib.suppress(BriefingError):
        outcome = store.claim_file(path, origin="generate", redo_done=True)
        if outcome.claim is not None:
            outcome.claim.failed(str(error))
    return ArticleResult(path, error=error)
