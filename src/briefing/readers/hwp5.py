"""HWP 5 (the binary Hangul format of most ministries' press releases), read by our own code.

Why our own reader (docs/inputs.md compares the candidates): pyhwp, the long-standing
Python reader, is AGPL (the product is MIT) and unmaintained since 2020; the other pure
Python readers are young one-person projects on top of olefile; the maintained ones
(rhwp-python, unhwp, hwpforge) are 7-9 MB native builds, and we need only the text. The
format is documented by Hancom ("한글 문서 파일 형식 5.0", free to implement):

- an OLE compound file (readers.ole) whose ``FileHeader`` stream says whether the body is
  compressed, password-protected, DRM-protected or a distribution copy (배포용);
- ``BodyText/Section0..N``: raw-deflated streams of records (tag, level, size). A
  paragraph is a PARA_HEADER record; its PARA_TEXT child holds UTF-16 text with control
  characters, and each extended control (table, drawing, header, footnote, ...) in the
  text has a CTRL_HEADER child in the same order, whose own children hold the table's
  cells or the text box's paragraphs.

Tables become lines (readers.tables); text boxes are read where they stand; headers,
footers, footnotes and endnotes are not read.
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import InputError
from briefing.readers.ole import OleError, OleFile
from briefing.readers.tables import table_lines
from briefing.types import RawDocument

MAX_STREAM = 64 * 1024 * 1024  # one section, compressed or not
MAX_SECTIONS = 1000

_SIGNATURE = b"HWP Document File"
_COMPRESSED, _PASSWORD, _DISTRIBUTION, _DRM, _CERT_ENCRYPTED = 1, 2, 4, 16, 256

_PARA_HEADER, _PARA_TEXT, _CTRL_HEADER, _LIST_HEADER = 66, 67, 71, 72
_CHAR_CONTROLS = {0, 10, 13, 24, 25, 26, 27, 28, 29, 30, 31}
_EXTENDED_CONTROLS = {1, 2, 3, 11, 12, 14, 15, 16, 17, 18, 21, 22, 23}
# Inline controls (4-9, 19, 20) take 8 code units too but carry no object; 9 is a tab.
_SKIPPED_CONTROLS = {"head", "foot", "fn  ", "en  ", "tcmt", "tcps"}
_SECTION = re.compile(r"^BodyText/Section(\d+)$")
_WHAT = "HWP document"


@dataclass
class _Record:
    tag: int
    level: int
    payload: bytes
    children: list[_Record] = field(default_factory=list)


def read_hwp(path: Path, data: bytes) -> RawDocument:
    try:
        ole = OleFile(data)
        header = ole.read("FileHeader", 4096)
    except OleError as exc:
        raise _damaged(path, exc) from exc
    if not header.startswith(_SIGNATURE) or len(header) < 40:
        raise InputError(
            f"{path}: not an HWP document: an OLE file without an HWP header "
            "(an old Word, Excel or PowerPoint file?)",
            "give the file the extension of its real format, or save it as PDF or DOCX",
        )
    flags = struct.unpack_from("<I", header, 36)[0]
    if flags & (_PASSWORD | _DRM | _CERT_ENCRYPTED):
        raise InputError(
            f"{path}: {_WHAT} protected by a password (encrypted)",
            "open it in Hangul, remove the password (or save it as PDF), then brief the copy",
        )
    if flags & _DISTRIBUTION:
        raise InputError(
            f"{path}: a distribution-only HWP (배포용 문서) whose text is locked",
            "open it in Hangul or the Hangul viewer and save or print it as PDF",
        )
    sections = sorted(
        (int(m.group(1)), name) for name in ole.streams() if (m := _SECTION.match(name))
    )
    if not sections:
        raise InputError(
            f"{path}: damaged {_WHAT}: it has no body text (BodyText/Section0)",
            "open it in Hangul and save it again, or save it as PDF",
        )
    lines: list[str] = []
    for _, name in sections[:MAX_SECTIONS]:
        try:
            raw = ole.read(name, MAX_STREAM)
        except OleError as exc:
            raise _damaged(path, exc) from exc
        if flags & _COMPRESSED:
            raw = _inflate(path, raw, name)
        for paragraph in _tree(path, raw):
            if paragraph.tag == _PARA_HEADER:
                lines.extend(_paragraph_lines(paragraph))
    return RawDocument(str(path), "\n".join(lines), "hwp5", "hwp")


def _damaged(path: Path, exc: Exception) -> InputError:
    return InputError(
        f"{path}: damaged or truncated {_WHAT} ({exc})",
        "open it in Hangul and save it again, or save it as PDF",
    )


def _inflate(path: Path, raw: bytes, name: str) -> bytes:
    inflater = zlib.decompressobj(-15)
    try:
        data = inflater.decompress(raw, MAX_STREAM)
    except zlib.error as exc:
        raise _damaged(path, OleError(f"{name}: {exc}")) from exc
    if inflater.unconsumed_tail:
        raise InputError(
            f"{path}: {_WHAT} whose {name} unpacks to more than {MAX_STREAM // 1024 // 1024} MB",
            "do not open this file; ask the sender for a clean copy",
        )
    return data


def _tree(path: Path, data: bytes) -> list[_Record]:
    """The stream's records, each under the nearest earlier record one level up."""
    roots: list[_Record] = []
    stack: list[_Record] = []
    offset = 0
    while offset + 4 <= len(data):
        word = struct.unpack_from("<I", data, offset)[0]
        tag, level, size = word & 0x3FF, (word >> 10) & 0x3FF, word >> 20
        offset += 4
        if size == 0xFFF:
            if offset + 4 > len(data):
                break
            size = struct.unpack_from("<I", data, offset)[0]
            offset += 4
        if offset + size > len(data):
            raise _damaged(path, OleError("a record runs past the end of its section"))
        record = _Record(tag, level, data[offset : offset + size])
        offset += size
        while stack and stack[-1].level >= level:
            stack.pop()
        (stack[-1].children if stack else roots).append(record)
        stack.append(record)
    return roots


def _control_id(record: _Record) -> str:
    if len(record.payload) < 4:
        return ""
    value: int = struct.unpack_from("<I", record.payload)[0]
    return value.to_bytes(4, "big").decode("latin-1")


def _paragraph_lines(paragraph: _Record) -> list[str]:
    text = b"".join(c.payload for c in paragraph.children if c.tag == _PARA_TEXT)
    controls = iter([c for c in paragraph.children if c.tag == _CTRL_HEADER])
    units = struct.unpack(f"<{len(text) // 2}H", text[: len(text) // 2 * 2])
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        joined = "".join(current)
        lines.extend(" ".join(part.split()) for part in joined.split("\n") if part.strip())
        current.clear()

    i = 0
    while i < len(units):
        unit = units[i]
        if unit >= 32:
            current.append(chr(unit))
            i += 1
        elif unit in _CHAR_CONTROLS:
            if unit == 10:
                current.append("\n")
            elif unit in (30, 31):
                current.append(" ")
            elif unit == 24:
                current.append("-")
            i += 1
        elif unit in _EXTENDED_CONTROLS:
            control = next(controls, None)
            if control is not None and _control_id(control) not in _SKIPPED_CONTROLS:
                inner = _control_lines(control)
                if inner:
                    flush()
                    lines.extend(inner)
            i += 8
        else:  # inline control: 8 units, a tab (9) reads as a space
            if unit == 9:
                current.append(" ")
            i += 8
    flush()
    # Surrogate pairs arrive as two units: let Python join them.
    return [line.encode("utf-16", "surrogatepass").decode("utf-16") for line in lines]


def _control_lines(control: _Record) -> list[str]:
    if _control_id(control) == "tbl ":
        return _table(control)
    return _nested_paragraphs(control)


def _nested_paragraphs(record: _Record) -> list[str]:
    """Paragraphs anywhere below a control (a text box's, a caption's)."""
    lines: list[str] = []
    for child in record.children:
        if child.tag == _PARA_HEADER:
            lines.extend(_paragraph_lines(child))
        else:
            lines.extend(_nested_paragraphs(child))
    return lines


def _table(control: _Record) -> list[str]:
    """Cells are LIST_HEADER records (with their row and column) each followed by their
    paragraphs, all children of the table's CTRL_HEADER."""
    cells: list[tuple[int, int, list[str]]] = []
    caption: list[str] = []
    for child in control.children:
        if child.tag == _LIST_HEADER:
            if len(child.payload) >= 12:
                column, row = struct.unpack_from("<HH", child.payload, 8)
                cells.append((row, column, []))
        elif child.tag == _PARA_HEADER:
            target = cells[-1][2] if cells else caption
            target.extend(_paragraph_lines(child))
    rows: dict[int, list[tuple[int, list[str]]]] = {}
    for row, column, lines in cells:
        rows.setdefault(row, []).append((column, lines))
    grid = [[lines for _, lines in sorted(rows[r])] for r in sorted(rows)]
    return caption + table_lines(grid)
