"""Stage 1, read: one file on disk -> decoded text (RawDocument).

OWNER: reading helper. Contract: raise InputError (one clear line + hint) for a missing,
empty, binary, undecodable or too-large file; never read a huge body whole.
"""

from __future__ import annotations

from pathlib import Path

from briefing.errors import InputError
from briefing.types import RawDocument


def read_document(path: Path) -> RawDocument:
    if not path.is_file():
        raise InputError(f"{path}: no such file", "check the path")
    data = path.read_bytes()
    if not data:
        raise InputError(f"{path}: file is empty", "save the article text into it and try again")
    text = data.decode("utf-8-sig")
    return RawDocument(str(path), text, "utf-8", "text")
