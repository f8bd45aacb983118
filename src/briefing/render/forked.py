"""Two halves of a piece of work on two cores: the second in a forked child, when that is safe.

WeasyPrint and python-docx hold Python's lock while they work, so an article's memos are
drawn side by side only in two processes.  A fork shares what the parent has loaded
(WeasyPrint, the fonts, the article's contexts) and starts in milliseconds, where a fresh
process would spend a second importing; but a fork is safe only from a process with one
thread (a lock another thread held stays locked in the child).  So ``run_halves`` forks
only on Linux, with two or more cores, from a single-threaded process; anywhere else both
halves run here, one after the other, with the same result.

The child sends its result back through a pipe and ends with ``os._exit`` (no exit
handlers, no store connection touched); it dies with the parent.  If the child fails or
dies, the parent does the second half itself: it raises what there is to raise.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
U = TypeVar("U")


def can_fork() -> bool:
    """Linux, two or more cores, and this process has no thread but the main one."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    if len(os.sched_getaffinity(0)) < 2:
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def run_halves(first: Callable[[], T], second: Callable[[], U]) -> tuple[T, U]:
    """``(first(), second())``, ``second`` in a forked child while this process does
    ``first`` when ``can_fork()``; ``second``'s result must pickle."""
    if not can_fork():
        return first(), second()
    read_end, write_end = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        _child(second, write_end, parent)
    os.close(write_end)
    finished = False
    try:
        mine = first()
        payload = _read_all(read_end)
        finished = True
    finally:
        os.close(read_end)
        _reap(pid, kill=not finished)
    try:
        theirs: U = pickle.loads(payload)
    except Exception:  # the child failed or died: do it here, raising what it raises
        theirs = second()
    return mine, theirs


def _child(work: Callable[[], object], write_end: int, parent: int) -> None:
    code = 1
    try:
        _die_with_parent()
        if os.getppid() != parent:
            return  # the parent died before the line above took effect
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view) :]
        code = 0
    except BaseException:  # the parent does the work again and reports what fails
        pass
    finally:
        os._exit(code)


def _die_with_parent() -> None:
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _reap(pid: int, *, kill: bool) -> None:
    """Wait for the child to end; ``kill`` it first when the parent is leaving early."""
    with contextlib.suppress(ChildProcessError):
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
