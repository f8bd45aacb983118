"""DOCX (Word, and clipping services' exports): the body's paragraphs and tables in order.

Read with python-docx after the package passed the ZIP checks (readers.zipped). Headers,
footers, footnotes and comments are other parts of the package and are not read; text
boxes and fields inside a paragraph are. Tables become lines (readers.tables).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefing.errors import InputError
from briefing.readers.tables import table_lines
from briefing.readers.zipped import open_package
from briefing.types import RawDocument

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WHAT = "Word (DOCX) document"


def read_docx(path: Path, data: bytes) -> RawDocument:
    package = open_package(path, data, _WHAT)
    names = set(package.namelist())
    if "word/document.xml" not in names:
        raise InputError(
            f"{path}: not a Word (DOCX) document: the package has no word/document.xml",
            "give the file the extension of its real format, or save it from Word again",
        )
    if "EncryptionInfo" in names or "EncryptedPackage" in names:
        raise InputError(
            f"{path}: {_WHAT} protected by a password (encrypted)",
            "open it, remove the password, save it again, then brief the saved copy",
        )
    document = _open_bytes(path, data)
    lines = _block_lines(document.element.body)
    return RawDocument(str(path), "\n".join(lines), "docx", "docx")


def _open_bytes(path: Path, data: bytes) -> Any:
    import io

    from docx import Document

    try:
        return Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors, ...
        raise InputError(
            f"{path}: damaged {_WHAT} ({type(exc).__name__}: {exc})",
            "open it in Word or LibreOffice, save it again and brief the new copy",
        ) from exc


def _block_lines(container: Any) -> list[str]:
    lines: list[str] = []
    for child in container.iterchildren():
        if child.tag == f"{_W}p":
            text = _paragraph_text(child)
            lines.extend(part.strip() for part in text.split("\n") if part.strip())
        elif child.tag == f"{_W}tbl":
            lines.extend(_table_lines(child))
        elif child.tag == f"{_W}sdt":  # a content control around blocks
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                lines.extend(_block_lines(content))
    return lines


def _paragraph_text(paragraph: Any) -> str:
    """The runs' text (w:t), with tabs as spaces and line breaks kept; deleted text skipped."""
    parts: list[str] = []
    for node in paragraph.iter():
        tag = node.tag
        if tag == f"{_W}t":
            if _inside(node, f"{_W}del"):
                continue
            parts.append(node.text or "")
        elif tag == f"{_W}tab":
            parts.append(" ")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _inside(node: Any, tag: str) -> bool:
    parent = node.getparent()
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _table_lines(table: Any) -> list[str]:
    rows = []
    for row in table.iterchildren(f"{_W}tr"):
        cells = []
        for cell in row.iterchildren(f"{_W}tc"):
            cells.append(_block_lines(cell))
        rows.append(cells)
    return table_lines(rows)
