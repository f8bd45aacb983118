"""Font subsets, made once per font file and character set and reused from a disk cache.

Embedding a font means cutting it down to the characters a document uses.  WeasyPrint
does that for every PDF with fontTools (a third of a memo's render time on a machine
without HarfBuzz's subsetting library), and the DOCX's embedded fonts are cut the same
way.  Here a subset is made once per (font file, character set, kind) and kept:

- made with HarfBuzz's subsetter (``uharfbuzz``) when it is installed, else with fontTools;
- kept in ``cache_dir`` (the store's folder: ``<store>.fonts/``; a temporary folder for
  the process when there is none), named by the hash of the font's bytes, of the
  character set and of the subsetting settings, so a changed font or setting never meets
  an old entry;
- written under a temporary name and renamed into place, so a reader never sees half a
  file; an entry that fails the check of its table directory and checksums (truncated,
  overwritten) is made again, never an error;
- at most ``MEMORY_ENTRIES`` paths remembered in memory, and at most ``MAX_CACHE_BYTES``
  on disk (the least recently used entries go first, never one used in the last
  ``KEEP_RECENT_SECONDS``): a watcher that briefs thousands of articles does not grow.

WeasyPrint then cuts each PDF's fonts down to the glyphs drawn.  It does that with
HarfBuzz only through the system library ``libharfbuzz-subset``, else with fontTools (10-50
times slower); ``weasyprint_subsets_with_harfbuzz`` gives it the same HarfBuzz cut through
``uharfbuzz`` when the library is missing.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import io
import logging
import os
import shutil
import struct
import tempfile
import time
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

LOGGER = logging.getLogger("briefing.render")

# "pdf": what a PDF viewer needs (WeasyPrint embeds the file as it is);
# "docx": also every name record (licence, family names Word matches on), no 'kern'.
Kind = Literal["pdf", "docx"]
# Bump when the subsetting settings change: old entries are then never read.
SETTINGS_VERSION = "2"
MEMORY_ENTRIES = 256
MAX_CACHE_BYTES = 256 * 1024 * 1024
KEEP_RECENT_SECONDS = 600
PRUNE_EVERY = 32  # new entries between two looks at the folder's size
_written = 0
_TEMP_DIR: Path | None = None
_remembered: OrderedDict[tuple[str, str, str, str], Path] = OrderedDict()
_digests: dict[tuple[str, int, int], str] = {}


def harfbuzz_available() -> bool:
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:
        return False
    return True


def file_digest(path: Path) -> str:
    """sha256 of a font file's bytes (remembered while its size and mtime stay the same)."""
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    digest = _digests.get(key)
    if digest is None:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if len(_digests) >= MEMORY_ENTRIES:
            _digests.clear()
        _digests[key] = digest
    return digest


def charset_digest(codepoints: Iterable[int]) -> str:
    text = ",".join(f"{cp:x}" for cp in sorted(set(codepoints)))
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def process_cache_dir() -> Path:
    """A folder for this process's subsets when no store folder is given; removed at exit."""
    global _TEMP_DIR
    if _TEMP_DIR is None or not _TEMP_DIR.is_dir():
        _TEMP_DIR = Path(tempfile.mkdtemp(prefix="briefing-fonts-"))
        atexit.register(shutil.rmtree, _TEMP_DIR, True)
    return _TEMP_DIR


def cached_subset(
    path: Path, codepoints: Iterable[int], kind: Kind, cache_dir: Path | None
) -> Path:
    """The path of a subset of the font at ``path`` holding ``codepoints`` (made if needed)."""
    folder = cache_dir if cache_dir is not None else process_cache_dir()
    wanted = frozenset(codepoints)
    engine = "hb" if harfbuzz_available() else "ft"
    key = (file_digest(path), charset_digest(wanted), kind, engine)
    known = _remembered.get(key)
    if known is not None and known.is_file():
        _remembered.move_to_end(key)
        return known
    name = f"{path.stem}-{kind}-{engine}{SETTINGS_VERSION}-{key[0][:16]}-{key[1][:20]}.ttf"
    target = folder / name
    if _valid_entry(target):
        with contextlib.suppress(OSError):
            os.utime(target)  # recently used: the last to be pruned
    else:
        data = subset_bytes(path.read_bytes(), wanted, kind)
        try:
            _atomic_write(target, data)
        except OSError as exc:  # a read-only or full disk: fall back to this process's folder
            if folder == process_cache_dir():
                raise
            LOGGER.warning("cannot write the font cache in %s: %s", folder, exc)
            target = process_cache_dir() / name
            _atomic_write(target, data)
        global _written
        _written += 1
        if _written % PRUNE_EVERY == 1:
            prune(target.parent)
    _remembered[key] = target
    while len(_remembered) > MEMORY_ENTRIES:
        _remembered.popitem(last=False)
    return target


def prune(folder: Path, limit: int = MAX_CACHE_BYTES) -> None:
    """Remove the least recently used entries until ``folder`` holds under ``limit`` bytes;
    entries used in the last ``KEEP_RECENT_SECONDS`` stay (a render may be reading them)."""
    entries = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name.endswith(".ttf") and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    st = entry.stat(follow_symlinks=False)
                    entries.append((st.st_mtime, st.st_size, entry.path))
    total = sum(size for _, size, _ in entries)
    if total <= limit:
        return
    recent = time.time() - KEEP_RECENT_SECONDS
    for mtime, size, entry_path in sorted(entries):
        if total <= limit * 0.8 or mtime > recent:
            break
        with contextlib.suppress(OSError):
            os.unlink(entry_path)
            total -= size


def subset_bytes(font: bytes, codepoints: frozenset[int], kind: Kind) -> bytes:
    if harfbuzz_available():
        with contextlib.suppress(Exception):  # a font HarfBuzz refuses: fontTools tries
            return _harfbuzz_subset(font, codepoints, kind)
    return _fonttools_subset(font, codepoints, kind)


def _harfbuzz_subset(font: bytes, codepoints: frozenset[int], kind: Kind) -> bytes:
    import uharfbuzz as hb

    face = hb.Face(hb.Blob(font))
    request = hb.SubsetInput()
    request.unicode_set.update(codepoints)
    request.flags = hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.NOTDEF_OUTLINE
    if kind == "docx":
        for kept in (hb.SubsetInputSets.NAME_ID, hb.SubsetInputSets.NAME_LANG_ID):
            request.sets(kept).clear()  # the defaults (names 0-6, English) are not empty
            request.sets(kept).invert()  # every name record, in every language
        request.sets(hb.SubsetInputSets.DROP_TABLE_TAG).add(_tag("kern"))
        request.flags |= hb.SubsetFlags.NAME_LEGACY | hb.SubsetFlags.NO_PRUNE_UNICODE_RANGES
    result = hb.subset(face, request)
    if result is None:
        raise ValueError("HarfBuzz could not subset the font")
    data: bytes = result.blob.data
    return data


def _tag(name: str) -> int:
    value: int = struct.unpack(">I", name.encode("ascii"))[0]
    return value


def _fonttools_subset(font: bytes, codepoints: frozenset[int], kind: Kind) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = False
    if kind == "docx":
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.prune_codepage_ranges = False
        options.drop_tables += ["kern"]
    # recalcBBoxes would decompile every glyph; the source's boxes stay right for those kept
    parsed = TTFont(io.BytesIO(font), lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(parsed)
    buffer = io.BytesIO()
    parsed.save(buffer)
    return buffer.getvalue()


def _atomic_write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _valid_entry(path: Path) -> bool:
    try:
        data = path.read_bytes()
    except OSError:
        return False
    if valid_font(data):
        return True
    LOGGER.info("font cache entry %s is damaged; making it again", path.name)
    return False


def valid_font(data: bytes) -> bool:
    """An sfnt whose table directory fits the file and whose tables match their checksums."""
    if len(data) < 12 or data[:4] not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
        return False
    (count,) = struct.unpack(">H", data[4:6])
    if count == 0 or 12 + 16 * count > len(data):
        return False
    for index in range(count):
        tag, checksum, offset, length = struct.unpack(
            ">4sIII", data[12 + 16 * index : 28 + 16 * index]
        )
        if offset + length > len(data):
            return False
        if tag != b"head" and _checksum(data[offset : offset + length]) != checksum:
            return False
    return True


def _checksum(table: bytes) -> int:
    padded = table + b"\0" * (-len(table) % 4)
    words: tuple[int, ...] = struct.unpack(f">{len(padded) // 4}I", padded)
    return sum(words) & 0xFFFFFFFF


# --------------------------------------------------------------------------- WeasyPrint


def weasyprint_subsets_with_harfbuzz() -> bool:
    """Make WeasyPrint cut PDF fonts with ``uharfbuzz`` when it has no HarfBuzz of its own.

    The same cut as WeasyPrint's own HarfBuzz path (glyph ids kept, layout tables dropped,
    empty glyphs after the last one used dropped); if HarfBuzz fails on a font, WeasyPrint's
    fontTools path runs as before.  True if WeasyPrint now subsets with HarfBuzz.
    """
    from weasyprint.pdf import fonts as weasyprint_fonts

    font_class = weasyprint_fonts.Font
    if getattr(font_class, "_briefing_harfbuzz", False):
        return True
    if getattr(weasyprint_fonts, "harfbuzz_subset", None) or not harfbuzz_available():
        return bool(getattr(weasyprint_fonts, "harfbuzz_subset", None))
    original = font_class.subset

    def subset(self: Any, to_unicode: Any, hinting: bool) -> None:
        if not to_unicode:
            return
        try:
            self.file_content = glyph_subset(
                self.file_content, self.index, sorted(to_unicode), bool(self.missing), hinting
            )
        except Exception:  # a font HarfBuzz cannot cut: WeasyPrint's own way
            original(self, to_unicode, hinting)

    font_class.subset = subset
    font_class._briefing_harfbuzz = True
    return True


WEASYPRINT_DROPPED_TABLES = (
    "BASE", "DSIG", "EBDT", "EBLC", "EBSC", "GPOS", "GSUB", "JSTF", "LTSH", "PCLT", "SVG ",
)  # fmt: skip


def glyph_subset(
    font: bytes, index: int, glyph_ids: list[int], notdef_outline: bool, hinting: bool
) -> bytes:
    """WeasyPrint's HarfBuzz subset (``pdf/fonts.py``), through ``uharfbuzz``."""
    import uharfbuzz as hb

    face = hb.Face(hb.Blob(font), index)
    request = hb.SubsetInput()
    request.glyph_set.update(glyph_ids)
    flags = (
        hb.SubsetFlags.RETAIN_GIDS
        | hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED
        | hb.SubsetFlags.DESUBROUTINIZE
    )
    if notdef_outline:
        flags |= hb.SubsetFlags.NOTDEF_OUTLINE
    request.flags = flags
    request.sets(hb.SubsetInputSets.DROP_TABLE_TAG).update(
        _tag(name) for name in WEASYPRINT_DROPPED_TABLES
    )
    kept = hb.subset(face, request)
    if kept is None:
        raise ValueError("HarfBuzz could not subset the font")
    # Second pass: the glyphs after the last one used go (ids before it stay, empty).
    request.glyph_set.update(range(max(glyph_ids) + 1))
    flags = hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED | hb.SubsetFlags.DESUBROUTINIZE
    if not hinting:
        flags |= hb.SubsetFlags.NO_HINTING
    if notdef_outline:
        flags |= hb.SubsetFlags.NOTDEF_OUTLINE
    request.flags = flags
    final = hb.subset(kept, request)
    if final is None:
        raise ValueError("HarfBuzz could not subset the font")
    data: bytes = final.blob.data
    if not data:
        raise ValueError("HarfBuzz gave an empty font")
    return data
