"""ZIP packages (DOCX, HWPX) opened safely: checked before any member is unpacked.

Refused: a damaged or truncated archive, more than MAX_MEMBERS members, a member whose
name is absolute or climbs out with ``..``, and a package that declares more than
MAX_UNPACKED bytes (a zip bomb). The declared sizes bound what is unpacked: Python's
zipfile stops a member at its declared size and fails its checksum if it lied.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path, PurePosixPath

from briefing.errors import InputError

MAX_MEMBERS = 5000
MAX_UNPACKED = 200 * 1024 * 1024
MAX_MEMBER = 64 * 1024 * 1024


def open_package(path: Path, data: bytes, what: str) -> zipfile.ZipFile:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        members = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise InputError(
            f"{path}: damaged or truncated {what} (not a readable ZIP package: {exc})",
            "save the document again and brief the new copy",
        ) from exc
    if len(members) > MAX_MEMBERS:
        raise InputError(
            f"{path}: {what} with {len(members)} parts (the limit is {MAX_MEMBERS})",
            "save the document again; this is not a normal document",
        )
    for member in members:
        name = member.filename.replace("\\", "/")
        parts = PurePosixPath(name).parts
        if name.startswith("/") or ".." in parts or (parts and parts[0].endswith(":")):
            raise InputError(
                f"{path}: unsafe {what}: part name {member.filename!r} points outside the package",
                "do not open this file; ask the sender for a clean copy",
            )
    declared = sum(member.file_size for member in members)
    if declared > MAX_UNPACKED or any(m.file_size > MAX_MEMBER for m in members):
        raise InputError(
            f"{path}: {what} unpacks to {declared / 1024 / 1024:,.0f} MB (a zip bomb; the "
            f"limit is {MAX_UNPACKED // 1024 // 1024} MB)",
            "do not open this file; ask the sender for a clean copy",
        )
    return package


def read_member(path: Path, package: zipfile.ZipFile, name: str, what: str) -> bytes:
    try:
        return package.read(name)
    except KeyError as exc:
        raise InputError(
            f"{path}: damaged {what}: the part {name} is missing",
            "save the document again and brief the new copy",
        ) from exc
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise InputError(
            f"{path}: damaged or truncated {what} (part {name}: {exc})",
            "save the document again and brief the new copy",
        ) from exc
    except RuntimeError as exc:  # zipfile's word for an encrypted member
        raise InputError(
            f"{path}: {what} protected by a password (encrypted)",
            "open it, remove the password, save it again, then brief the saved copy",
        ) from exc
