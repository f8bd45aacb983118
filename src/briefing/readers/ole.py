"""A small reader of OLE compound files (CFB, [MS-CFB]), the container of HWP 5 documents.

Only what reading needs: the header, the sector allocation table (with its DIFAT
extension), the directory and the mini stream. Every chain is bounded and checked, so a
damaged or hostile file ends in OleError, never in a loop or an unbounded read.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FREE, _END_OF_CHAIN = 0xFFFFFFFF, 0xFFFFFFFE
_NO_STREAM = 0xFFFFFFFF
_STORAGE, _STREAM, _ROOT = 1, 2, 5


class OleError(Exception):
    """The compound file is damaged or truncated."""


@dataclass(frozen=True)
class _Entry:
    name: str
    kind: int
    left: int
    right: int
    child: int
    start: int
    size: int


class OleFile:
    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or not data.startswith(MAGIC):
            raise OleError("not an OLE compound file")
        self._data = data
        (sector_shift, mini_shift) = struct.unpack_from("<HH", data, 0x1E)
        if sector_shift not in (9, 12) or mini_shift != 6:
            raise OleError("unknown sector size")
        self._sector = 1 << sector_shift
        self._mini = 1 << mini_shift
        (fat_sectors, first_dir, _, self._cutoff, first_minifat, minifat_sectors) = (
            struct.unpack_from("<IIIIII", data, 0x2C)
        )
        first_difat, difat_sectors = struct.unpack_from("<II", data, 0x44)
        self._max_sectors = (len(data) - 512) // self._sector + 1
        self._fat = self._read_fat(fat_sectors, first_difat, difat_sectors)
        directory = self._chain_bytes(first_dir, self._fat)
        self._entries = [
            self._entry(directory, offset) for offset in range(0, len(directory) - 127, 128)
        ]
        if not self._entries or self._entries[0].kind != _ROOT:
            raise OleError("no root entry")
        root = self._entries[0]
        self._ministream = self._chain_bytes(root.start, self._fat)[: root.size]
        self._minifat: list[int] = []
        if minifat_sectors and first_minifat not in (_FREE, _END_OF_CHAIN):
            raw = self._chain_bytes(first_minifat, self._fat)
            self._minifat = list(struct.unpack(f"<{len(raw) // 4}I", raw))
        self._paths = self._walk()

    # ------------------------------------------------------------------ public

    def exists(self, path: str) -> bool:
        return path in self._paths

    def streams(self) -> list[str]:
        return [p for p, e in self._paths.items() if self._entries[e].kind == _STREAM]

    def read(self, path: str, limit: int) -> bytes:
        """The stream's bytes; OleError if missing or larger than ``limit``."""
        index = self._paths.get(path)
        if index is None or self._entries[index].kind != _STREAM:
            raise OleError(f"no stream {path}")
        entry = self._entries[index]
        if entry.size > limit:
            raise OleError(f"stream {path} is too large ({entry.size} bytes)")
        if entry.size < self._cutoff:
            data = self._mini_chain_bytes(entry.start, entry.size)
        else:
            data = self._chain_bytes(entry.start, self._fat)
        if len(data) < entry.size:
            raise OleError(f"stream {path} is truncated")
        return data[: entry.size]

    # ------------------------------------------------------------------ internals

    def _sector_bytes(self, sector: int) -> bytes:
        offset = 512 + sector * self._sector if self._sector == 512 else (sector + 1) * self._sector
        chunk = self._data[offset : offset + self._sector]
        if len(chunk) < self._sector:
            raise OleError("truncated: a sector lies beyond the end of the file")
        return chunk

    def _read_fat(self, fat_sectors: int, first_difat: int, difat_sectors: int) -> list[int]:
        difat = list(struct.unpack_from("<109I", self._data, 0x4C))
        sector, seen = first_difat, 0
        while sector not in (_FREE, _END_OF_CHAIN) and seen < difat_sectors:
            raw = self._sector_bytes(sector)
            values = struct.unpack(f"<{self._sector // 4}I", raw)
            difat.extend(values[:-1])
            sector, seen = values[-1], seen + 1
        fat_ids = [s for s in difat if s not in (_FREE, _END_OF_CHAIN)][:fat_sectors]
        if len(fat_ids) > self._max_sectors:
            raise OleError("allocation table larger than the file")
        fat: list[int] = []
        for sector_id in fat_ids:
            fat.extend(struct.unpack(f"<{self._sector // 4}I", self._sector_bytes(sector_id)))
        return fat

    def _chain_bytes(self, start: int, fat: list[int]) -> bytes:
        parts, sector, steps = [], start, 0
        while sector not in (_END_OF_CHAIN, _FREE):
            if sector >= len(fat) or steps > self._max_sectors:
                raise OleError("broken sector chain")
            parts.append(self._sector_bytes(sector))
            sector, steps = fat[sector], steps + 1
        return b"".join(parts)

    def _mini_chain_bytes(self, start: int, size: int) -> bytes:
        parts, sector, steps = [], start, 0
        limit = len(self._ministream) // self._mini + 1
        while sector not in (_END_OF_CHAIN, _FREE) and steps * self._mini < size:
            if sector >= len(self._minifat) or steps > limit:
                raise OleError("broken mini sector chain")
            offset = sector * self._mini
            parts.append(self._ministream[offset : offset + self._mini])
            sector, steps = self._minifat[sector], steps + 1
        return b"".join(parts)

    @staticmethod
    def _entry(directory: bytes, offset: int) -> _Entry:
        name_len = struct.unpack_from("<H", directory, offset + 64)[0]
        raw_name = directory[offset : offset + max(0, min(name_len, 64) - 2)]
        kind = directory[offset + 66]
        left, right, child = struct.unpack_from("<III", directory, offset + 68)
        start, size = struct.unpack_from("<IQ", directory, offset + 116)
        return _Entry(
            raw_name.decode("utf-16-le", "replace"), kind, left, right, child, start, size
        )

    def _walk(self) -> dict[str, int]:
        """Every entry's path ("BodyText/Section0"), from the root's red-black trees."""
        paths: dict[str, int] = {}
        count = len(self._entries)
        stack = [(self._entries[0].child, "")]
        visited: set[int] = set()
        while stack:
            index, prefix = stack.pop()
            if index == _NO_STREAM or index >= count or index in visited:
                continue
            visited.add(index)
            entry = self._entries[index]
            path = prefix + entry.name
            paths[path] = index
            stack.append((entry.left, prefix))
            stack.append((entry.right, prefix))
            if entry.kind == _STORAGE:
                stack.append((entry.child, path + "/"))
        return paths
