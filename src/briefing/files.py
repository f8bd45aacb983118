"""Two file operations every part that shares files needs: a content hash and a lock.

The store (claims, owner locks) and the watcher (claim folders) use these; new code should
too, so that chunking, flags and error handling are decided in one place.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

HASH_CHUNK = 1 << 20


def sha256_of_open_file(fd: int) -> str:
    """sha256 of what is left to read of an open file, read in chunks (OSError passes)."""
    digest = hashlib.sha256()
    while chunk := os.read(fd, HASH_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def open_locked(path: Path, *, create: bool) -> int:
    """``path`` opened with an exclusive ``flock``, held through the returned descriptor until
    it is closed (or the process dies, even by kill -9). Never waits: BlockingIOError if
    another process holds it, OSError if the file cannot be opened."""
    import fcntl

    fd = os.open(path, os.O_RDWR | (os.O_CREAT if create else 0), 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise
    return fd


def try_lock(path: Path, *, create: bool) -> int | None:
    """``open_locked``, or None if another process holds the lock or the file cannot be
    opened."""
    try:
        return open_locked(path, create=create)
    except OSError:
        return None
