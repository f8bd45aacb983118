"""The one writer of the output folder: naming, atomic writes, no silent overwrite.

Every article gets ``OUT/<published>_<slug>/``. Files are written to a hidden temporary
name in the same folder and renamed into place, so a reader never sees half a memo. A
folder that already holds a *different* article (same date and title slug) is never
overwritten: the new one gets the article id appended.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from briefing.errors import OutputError

FACTS_FILE = "facts.json"
MAX_SLUG_CHARS = 60
# Names that Windows refuses whatever the extension.
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}
_UNSAFE = re.compile(r"[^\w]+", re.UNICODE)


def slugify(title: str | None, fallback: str) -> str:
    """A folder-safe slug that keeps Korean: letters and digits of any script, joined by '-'."""
    text = unicodedata.normalize("NFC", title or "")
    slug = _UNSAFE.sub("-", text).replace("_", "-").strip("-").lower()
    slug = re.sub(r"-{2,}", "-", slug)[:MAX_SLUG_CHARS].strip("-")
    if not slug or slug in _RESERVED:
        slug = fallback
    return slug


@dataclass(frozen=True)
class WrittenFile:
    path: Path
    replaced: bool  # an earlier version of the same article's file was replaced


class OutputWriter:
    def __init__(self, root: Path) -> None:
        self.root = root

    def folder_for(self, *, article_id: str, published: str | None, title: str | None) -> Path:
        """The article's folder: the same one on every run, never another article's."""
        name = f"{published or 'undated'}_{slugify(title, article_id)}"
        folder = self.root / name
        owner = _folder_owner(folder)
        if owner is not None and owner != article_id:
            folder = self.root / f"{name}-{article_id[:8]}"
        return folder

    def write_article(
        self,
        files: Mapping[str, bytes],
        *,
        article_id: str,
        published: str | None,
        title: str | None,
    ) -> tuple[Path, list[WrittenFile]]:
        """Choose the article's folder and write its files as one step: workers in several
        processes that brief two articles with the same date and title at once must not
        both take the same folder (the second would replace the first's memos)."""
        with self._naming_lock():
            folder = self.folder_for(article_id=article_id, published=published, title=title)
            return folder, self.write(folder, files)

    @contextlib.contextmanager
    def _naming_lock(self) -> Iterator[None]:
        """An exclusive flock on the output root itself (no lock file to leave behind);
        writes are milliseconds, so waiting for another process's is short."""
        import fcntl

        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.root, os.O_RDONLY)
        except OSError as exc:
            raise OutputError(
                f"cannot create {self.root}: {exc.strerror}",
                "check the --out folder and its permissions",
            ) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # releases the lock

    def write(self, folder: Path, files: Mapping[str, bytes]) -> list[WrittenFile]:
        """Write each file atomically; on failure remove temporaries and keep what was there.

        A new article's folder is all or nothing: if a file fails (a full disk), the files
        already written are removed with the folder, so no folder looks briefed when half
        its memos are missing.
        """
        # Checked before anything is created: a folder name must never leave the root.
        if not _lexically_inside(folder, self.root):
            raise OutputError(f"{folder} is outside the output root", "this is a bug; report it")
        created = not folder.exists()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(
                f"cannot create {folder}: {exc.strerror}",
                "check the --out folder and its permissions",
            ) from exc
        if self.root.resolve() not in folder.resolve().parents:
            raise OutputError(f"{folder} is outside the output root", "this is a bug; report it")
        written: list[WrittenFile] = []
        try:
            for name, data in files.items():
                target = folder / name
                replaced = target.exists()
                atomic_write(target, data)
                written.append(WrittenFile(target, replaced))
        except OutputError:
            if created:
                for done in written:
                    with contextlib.suppress(OSError):
                        done.path.unlink()
                with contextlib.suppress(OSError):
                    folder.rmdir()  # leave no partial folder behind a failed first write
            raise
        return written


def atomic_write(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file and a rename."""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:  # a read-only folder, a full disk, a missing folder
        raise OutputError(
            f"cannot write {target}: {exc.strerror or exc}",
            "free disk space or check permissions, then run again",
        ) from exc
    tmp = Path(tmp_name)
    try:
        # mkstemp creates 0600; memos are shared documents, so honour the umask instead.
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise OutputError(
            f"cannot write {target}: {exc.strerror or exc}",
            "free disk space or check permissions, then run again",
        ) from exc


def _lexically_inside(folder: Path, root: Path) -> bool:
    try:
        parts = folder.relative_to(root).parts
    except ValueError:
        return False
    return bool(parts) and not any(part in ("", ".", "..") for part in parts)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _folder_owner(folder: Path) -> str | None:
    """The article id recorded in an existing output folder, if any."""
    try:
        doc = json.loads((folder / FACTS_FILE).read_text(encoding="utf-8"))
        owner = doc["article"]["id"]
        return owner if isinstance(owner, str) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None
