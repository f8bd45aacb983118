"""A minimal HWP 5 writer for the tests: paragraphs and simple tables in a real OLE file.

No library writes HWP 5 (the maintained ones write HWPX only), so the tests make their own
files from sentences they hold, following Hancom's published format ("한글 문서 파일 형식
5.0"): an OLE compound file (512-byte sectors, a mini stream for the small streams) with
FileHeader, DocInfo and BodyText/Section0 (raw-deflated records). The reader
(briefing.readers.hwp5) was checked against files written by Hangul itself; see
docs/inputs.md. ``tests/fixtures/inputs/press_release.hwp`` was written by this module
from ``press_release.hwp.txt`` (``python tests/hwp5_writer.py``).
"""

from __future__ import annotations

import itertools
import struct
import zlib
from collections.abc import Sequence
from pathlib import Path

Block = str | Sequence[Sequence[str]]  # a paragraph, or a table's rows of cell texts

SECTOR = 512
MINI = 64
CUTOFF = 4096
FREE, END, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
COMPRESSED, PASSWORD = 1, 2


def _record(tag: int, level: int, payload: bytes) -> bytes:
    size = len(payload)
    if size >= 0xFFF:
        return struct.pack("<II", tag | (level << 10) | (0xFFF << 20), size) + payload
    return struct.pack("<I", tag | (level << 10) | (size << 20)) + payload


def _paragraph(text: str, level: int, controls: bytes = b"", control_units: int = 0) -> bytes:
    units = text.encode("utf-16-le")
    body = controls + units + b"\r\x00"
    count = len(body) // 2
    header = struct.pack("<IIHBBHHHI", count | 0x80000000, 0, 0, 0, 0, 1, 0, 1, 0)
    records = _record(66, level, header)
    records += _record(67, level + 1, body)
    records += _record(68, level + 1, struct.pack("<II", 0, 0))
    return records


def _table(rows: Sequence[Sequence[str]], level: int) -> bytes:
    """A paragraph holding one table control (level: the paragraph's)."""
    table_id = int.from_bytes(b"tbl ", "big")
    control_char = (
        struct.pack("<H", 11) + struct.pack("<I", table_id) + bytes(8) + struct.pack("<H", 11)
    )
    records = b""
    count = 8 + 1
    header = struct.pack("<IIHBBHHHI", count | 0x80000000, 1 << 11, 0, 0, 0, 1, 0, 1, 0)
    records += _record(66, level, header)
    records += _record(67, level + 1, control_char + b"\r\x00")
    records += _record(68, level + 1, struct.pack("<II", 0, 0))
    records += _record(71, level + 1, struct.pack("<I", table_id) + bytes(40))
    columns = max(len(row) for row in rows)
    records += _record(
        77, level + 2, struct.pack("<IHHH", 0, len(rows), columns, 0) + bytes(8) + bytes(2)
    )
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            cell_header = struct.pack("<HHI", 1, 0, 0) + struct.pack(
                "<HHHHII4HH", c, r, 1, 1, 10000, 1000, 0, 0, 0, 0, 1
            )
            records += _record(72, level + 2, cell_header)
            records += _paragraph(cell, level + 2)
    return records


def section_stream(blocks: Sequence[Block]) -> bytes:
    data = b""
    for block in blocks:
        data += _paragraph(block, 0) if isinstance(block, str) else _table(block, 0)
    return data


def _deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def hwp_bytes(blocks: Sequence[Block], *, password: bool = False) -> bytes:
    flags = COMPRESSED | (PASSWORD if password else 0)
    file_header = b"HWP Document File".ljust(32, b"\x00")
    file_header += struct.pack("<II", 0x05000300, flags) + bytes(256 - 40)
    doc_info = _deflate(_record(16, 0, struct.pack("<H7I", 1, 1, 1, 1, 1, 1, 1, 0)))
    section = _deflate(section_stream(blocks))
    streams = {"FileHeader": file_header, "DocInfo": doc_info, "BodyText/Section0": section}
    return compound_file(streams)


def _directory_tree(
    streams: dict[str, bytes],
) -> tuple[list[str], dict[str, int], dict[str, int], dict[str, int]]:
    """Directory entries (root, storages, streams) with their kinds and right-sibling and
    first-child links, siblings in the order [MS-CFB] compares names."""
    names = ["Root Entry"]
    kinds = {"Root Entry": 5}
    parents: dict[str, str] = {}
    for path in streams:
        parts = path.split("/")
        for depth in range(len(parts)):
            item = "/".join(parts[: depth + 1])
            if item not in kinds:
                names.append(item)
                kinds[item] = 2 if depth == len(parts) - 1 else 1
                parents[item] = "/".join(parts[:depth]) or "Root Entry"
    index = {name: i for i, name in enumerate(names)}

    def order(item: str) -> tuple[int, str]:
        leaf = item.rsplit("/", 1)[-1]
        return (len(leaf), leaf.upper())

    children: dict[str, list[str]] = {}
    for item, parent in parents.items():
        children.setdefault(parent, []).append(item)
    right: dict[str, int] = {}
    child: dict[str, int] = {}
    for parent, items in children.items():
        items.sort(key=order)
        child[parent] = index[items[0]]
        for a, b in itertools.pairwise(items):
            right[a] = index[b]
    return names, kinds, right, child


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file (version 3) holding ``streams`` (one level of storages)."""
    sectors: list[bytes] = []
    fat: list[int] = []

    def place(data: bytes) -> int:
        if not data:
            return END
        start = len(sectors)
        chunks = [data[i : i + SECTOR].ljust(SECTOR, b"\x00") for i in range(0, len(data), SECTOR)]
        for k, chunk in enumerate(chunks):
            sectors.append(chunk)
            fat.append(start + k + 1 if k < len(chunks) - 1 else END)
        return start

    ministream = b""
    minifat: list[int] = []
    starts: dict[str, int] = {}
    for name, data in streams.items():
        if len(data) < CUTOFF:
            first = len(ministream) // MINI
            pieces = max(1, -(-len(data) // MINI))
            for k in range(pieces):
                minifat.append(first + k + 1 if k < pieces - 1 else END)
            ministream += data.ljust(pieces * MINI, b"\x00")
            starts[name] = first
        else:
            starts[name] = place(data)
    mini_start = place(ministream)
    minifat_start = place(b"".join(struct.pack("<I", v) for v in minifat))

    # Directory: root, then storages and streams; siblings chained to the right in the
    # order [MS-CFB] compares names (length, then upper case).
    names, kinds, right, child = _directory_tree(streams)
    directory = b""
    for item in names:
        leaf = "Root Entry" if item == "Root Entry" else item.rsplit("/", 1)[-1]
        encoded = (leaf + "\x00").encode("utf-16-le")
        kind = kinds[item]
        if item == "Root Entry":
            start, size = mini_start, len(ministream)
        elif kind == 2:
            start, size = starts[item], len(streams[item])
        else:
            start, size = 0, 0
        directory += (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", FREE, right.get(item, FREE), child.get(item, FREE))
            + bytes(16 + 4 + 8 + 8)
            + struct.pack("<IQ", start, size)
        )
    directory = directory.ljust(-(-len(directory) // SECTOR) * SECTOR, b"\x00")
    directory_start = place(directory)

    # FAT sectors last; they describe themselves too.
    fat_count = 1
    while len(fat) + fat_count > fat_count * (SECTOR // 4):
        fat_count += 1
    fat_first = len(sectors)
    fat.extend([FATSECT] * fat_count)
    fat.extend([FREE] * (fat_count * (SECTOR // 4) - len(fat)))
    for k in range(fat_count):
        sectors.append(b"".join(struct.pack("<I", v) for v in fat[k * 128 : (k + 1) * 128]))
    difat = [fat_first + k for k in range(fat_count)] + [FREE] * (109 - fat_count)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack(
            "<IIIIIIIII",
            0,
            fat_count,
            directory_start,
            0,
            CUTOFF,
            minifat_start,
            max(1, -(-len(minifat) * 4 // SECTOR)),
            END,
            0,
        )
        + b"".join(struct.pack("<I", v) for v in difat)
    )
    assert len(header) == 512
    return header + b"".join(sectors)


if __name__ == "__main__":
    fixtures = Path(__file__).parent / "fixtures" / "inputs"
    source = fixtures / "press_release.hwp.txt"
    blocks: list[Block] = []
    for line in source.read_text(encoding="utf-8").splitlines():
        if " | " in line:
            row = [cell.strip() for cell in line.split(" | ")]
            if blocks and not isinstance(blocks[-1], str):
                blocks[-1] = [*blocks[-1], row]
            else:
                blocks.append([row])
        elif line.strip():
            blocks.append(line)
    (fixtures / "press_release.hwp").write_bytes(hwp_bytes(blocks))
