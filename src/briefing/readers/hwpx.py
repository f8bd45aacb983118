"""HWPX (Hangul 2014 and later, OWPML: zipped XML): the sections' paragraphs and tables.

The package lists its sections in ``Contents/content.hpf`` (reading order); each
``Contents/sectionN.xml`` holds paragraphs (``hp:p``) of runs (``hp:run``) whose text is in
``hp:t``. Tables (``hp:tbl``) become lines (readers.tables); text boxes (``hp:drawText``)
are read where they stand; headers, footers, footnotes, endnotes and hidden comments are
not read. Elements are matched by local name: Hancom has used more than one namespace
version. XML is parsed without DTDs, entities or network access.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from briefing.errors import InputError
from briefing.readers.tables import table_lines
from briefing.readers.zipped import open_package, read_member
from briefing.types import RawDocument

_WHAT = "HWPX document"
_SKIPPED = {"header", "footer", "footNote", "endNote", "hiddenComment", "fieldBegin", "parameters"}
_SECTION = re.compile(r"^Contents/section(\d+)\.xml$", re.IGNORECASE)


def read_hwpx(path: Path, data: bytes) -> RawDocument:
    package = open_package(path, data, _WHAT)
    names = package.namelist()
    manifest = "META-INF/manifest.xml"
    if manifest in names and b"encryption-data" in read_member(path, package, manifest, _WHAT):
        raise InputError(
            f"{path}: {_WHAT} protected by a password (encrypted)",
            "open it in Hangul, remove the password, save it again, then brief the saved copy",
        )
    sections = _section_order(path, package, names)
    if not sections:
        raise InputError(
            f"{path}: not an HWPX document: the package has no Contents/section0.xml",
            "give the file the extension of its real format, or save it from Hangul again",
        )
    lines: list[str] = []
    for name in sections:
        root = _parse(path, read_member(path, package, name, _WHAT), name)
        lines.extend(_block_lines(root))
    return RawDocument(str(path), "\n".join(lines), "hwpx", "hwpx")


def _section_order(path: Path, package: Any, names: list[str]) -> list[str]:
    """Sections in the spine's order (content.hpf), else by number."""
    numbered = sorted(
        (int(m.group(1)), name) for name in names if (m := _SECTION.match(name)) is not None
    )
    ordered = [name for _, name in numbered]
    if "Contents/content.hpf" not in names:
        return ordered
    root = _parse(path, read_member(path, package, "Contents/content.hpf", _WHAT), "content.hpf")
    hrefs = {
        item.get("id"): item.get("href", "")
        for item in root.iter()
        if _local(item) == "item" and item.get("id")
    }
    spine = [hrefs.get(ref.get("idref"), "") for ref in root.iter() if _local(ref) == "itemref"]
    from_spine = [href for href in spine if href in ordered]
    return from_spine + [name for name in ordered if name not in from_spine]


def _parse(path: Path, data: bytes, name: str) -> Any:
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(
            f"{path}: damaged {_WHAT} ({name}: {exc})",
            "open it in Hangul, save it again and brief the new copy",
        ) from exc


def _local(element: Any) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _block_lines(container: Any) -> list[str]:
    """Lines of the paragraphs directly in ``container`` (a section or a sub-list)."""
    lines: list[str] = []
    for child in container:
        name = _local(child)
        if name == "p":
            lines.extend(_paragraph_lines(child))
        elif name in ("subList", "drawText"):
            lines.extend(_block_lines(child))
    return lines


def _paragraph_lines(paragraph: Any) -> list[str]:
    """The paragraph's text; a table or text box inside it breaks it into lines."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = "".join(current)
        lines.extend(" ".join(part.split()) for part in text.split("\n") if part.strip())
        current.clear()

    def walk(node: Any) -> None:
        name = _local(node)
        if name in _SKIPPED:
            return
        if name == "t":
            _text_of(node, current)
            return
        if name == "tbl":
            flush()
            lines.extend(_table_lines(node))
            return
        if name in ("subList", "drawText"):
            flush()
            lines.extend(_block_lines(node))
            return
        for child in node:
            walk(child)

    for child in paragraph:
        walk(child)
    flush()
    return lines


def _text_of(t: Any, out: list[str]) -> None:
    """``hp:t`` holds text mixed with ``hp:lineBreak``, ``hp:tab`` and other marks."""
    if t.text:
        out.append(t.text)
    for child in t:
        name = _local(child)
        if name == "lineBreak":
            out.append("\n")
        elif name in ("tab", "nbSpace", "fwSpace"):
            out.append(" ")
        elif name == "hyphen":
            out.append("-")
        if child.tail:
            out.append(child.tail)


def _table_lines(table: Any) -> list[str]:
    rows = []
    for row in table:
        if _local(row) != "tr":
            continue
        cells = []
        for cell in row:
            if _local(cell) == "tc":
                cells.append(_block_lines(cell))
        rows.append(cells)
    return table_lines(rows)
