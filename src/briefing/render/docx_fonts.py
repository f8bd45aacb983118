"""Embed the memo font in a finished DOCX the way Word does, so Hangul shows anywhere.

A DOCX names its fonts; Word and LibreOffice draw Korean text with boxes or some other font
on a machine without that font.  Word's answer is the embedded font (ECMA-376 Part 1,
17.8.1 and 17.8.3): the font file, obfuscated, as a part of the package.  ``embed_fonts``
adds, to the bytes python-docx saved:

- ``word/fonts/fontN.odttf``: per weight (regular, bold), a subset of "Briefing Sans KR"
  holding only the characters the document's text uses (plus printable ASCII, so page
  numbers and small Latin edits still draw).  Rare Hangul syllables and Hanja come from
  the "Briefing Sans KR Extra" and "Briefing Hanja" faces, kana and Japanese kanji from
  "Briefing Sans JP", letters with diacritics from "Briefing Sans Latin", merged into the
  same subset (the first three are cut from Nanum Gothic; the Noto faces were given
  Nanum's units and line metrics when they were built), which keeps one family name for
  the runs to use;
- obfuscation: the first 32 bytes XOR the 16 bytes of the GUID ``w:fontKey``, in reverse;
- ``word/fontTable.xml``: ``<w:font w:name="Briefing Sans KR">`` with ``w:embedRegular``
  and ``w:embedBold`` (``r:id``, ``w:fontKey``, ``w:subsetted``), related from
  ``word/_rels/fontTable.xml.rels``;
- ``[Content_Types].xml``: the ``odttf`` extension as an obfuscated font;
- ``word/settings.xml``: ``w:embedTrueTypeFonts`` and ``w:saveSubsetFonts``, so Word keeps
  embedding when the user saves again.

The key is derived from the font bytes, so the same document gives the same DOCX.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import uuid
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from briefing.errors import RenderError
from briefing.render.fonts import (
    EXTRA_FAMILY,
    FACES,
    HANJA_FAMILY,
    JAPANESE_FAMILY,
    LATIN_FAMILY,
    SANS_FAMILY,
    font_codepoints,
    fonts_dir,
)

EMBEDDED_FAMILY = SANS_FAMILY
# Faces merged into one subset per weight, in order of preference for a character.
MERGE_ORDER = (SANS_FAMILY, EXTRA_FAMILY, HANJA_FAMILY, JAPANESE_FAMILY, LATIN_FAMILY)
ALWAYS_INCLUDED = frozenset(range(0x20, 0x7F))  # printable ASCII: digits of page numbers

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_TYPE = R_NS  # relationship types are this URI + "/name"
OBFUSCATED_FONT_TYPE = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FONT_TABLE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"
SETTINGS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"
# Parts whose w:t elements are text a reader sees.
STORY_REL_TYPES = frozenset(
    f"{REL_TYPE}/{name}" for name in ("header", "footer", "footnotes", "endnotes", "comments")
)
# CT_Settings is a sequence: these come before embedTrueTypeFonts ...
_BEFORE_EMBED = (
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
)
# ... and these before saveSubsetFonts.
_BEFORE_SUBSET = (*_BEFORE_EMBED, "embedTrueTypeFonts", "embedSystemFonts")
HANGUL_CHARSET = "81"  # Windows HANGUL_CHARSET (129)


def _w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


@dataclass(frozen=True)
class EmbeddedFont:
    """One obfuscated font part: its weight's element name, GUID key and bytes."""

    element: str  # "embedRegular" or "embedBold"
    key: str  # "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}"
    odttf: bytes
    sig: dict[str, str]  # w:sig attributes (Unicode and code page ranges of the subset)
    panose: str


# --------------------------------------------------------------------------- obfuscation


def font_key(font: bytes) -> str:
    """A GUID for ``w:fontKey``, derived from the font so the output is reproducible."""
    guid = uuid.UUID(bytes=hashlib.sha256(font).digest()[:16])
    return "{" + str(guid).upper() + "}"


def obfuscate_font(data: bytes, key: str) -> bytes:
    """XOR the first 32 bytes with the key's 16 bytes taken in reverse (17.8.1).

    The same operation undoes itself: ``obfuscate_font(obfuscate_font(f, k), k) == f``.
    """
    digits = key.strip("{}").replace("-", "")
    if len(digits) != 32:
        raise ValueError(f"not a GUID font key: {key!r}")
    reversed_key = bytes.fromhex(digits)[::-1]
    head = bytes(byte ^ reversed_key[i % 16] for i, byte in enumerate(data[:32]))
    return head + data[32:]


deobfuscate_font = obfuscate_font


# --------------------------------------------------------------------------- subsetting


@cache
def _font_file(path: Path) -> bytes:
    return path.read_bytes()


def _face_paths(weight: int) -> list[Path]:
    by_family = {
        face.family: fonts_dir() / face.file_name for face in FACES if face.weight == weight
    }
    return [by_family[family] for family in MERGE_ORDER]


def _subset(path: Path, codepoints: Iterable[int], cache_dir: Path | None) -> Any:
    """One face cut down to ``codepoints`` (every name record kept, no hinting, no 'kern':
    Nanum's pair kerning is slow to read and Word kerns only when asked), made once per
    character set (``subsets.cached_subset``)."""
    from fontTools.ttLib import TTFont

    from briefing.render.subsets import cached_subset

    subset = cached_subset(path, frozenset(codepoints), "docx", cache_dir)
    # recalcBBoxes would decompile and recompile every glyph; the boxes stay right
    return TTFont(io.BytesIO(subset.read_bytes()), recalcBBoxes=False, recalcTimestamp=False)


def _save(font: Any) -> bytes:
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def subset_font(weight: int, codepoints: Iterable[int], cache_dir: Path | None = None) -> bytes:
    """A TrueType "Briefing Sans KR" of ``weight`` (400/700) with just ``codepoints``.

    Each character comes from the first face (Sans, Extra, Hanja, JP) that has it; characters
    no face has are left out (Word falls back for them, as it would anyway).
    """
    wanted = set(codepoints) | ALWAYS_INCLUDED
    parts: list[tuple[Path, set[int]]] = []
    for path in _face_paths(weight):
        here = wanted & font_codepoints(path)
        wanted -= here
        if here or not parts:  # the Sans face always comes first: its names are kept
            parts.append((path, here))
    fonts = [_subset(path, chars, cache_dir) for path, chars in parts]
    if len(fonts) == 1:
        return _save(fonts[0])
    from fontTools.merge import Merger

    merged = Merger().merge([io.BytesIO(_save(font)) for font in fonts])
    merged.recalcBBoxes = False  # the merger already set the union of the inputs' boxes
    merged.recalcTimestamp = False
    for stamp in ("created", "modified"):  # the merger stamps "now": keep output reproducible
        setattr(merged["head"], stamp, getattr(fonts[0]["head"], stamp))
    return _save(merged)


def _embedded_font(element: str, font: bytes) -> EmbeddedFont:
    from fontTools.ttLib import TTFont

    with TTFont(io.BytesIO(font), lazy=True) as parsed:
        os2 = parsed["OS/2"]
        sig = {
            "usb0": f"{os2.ulUnicodeRange1:08X}",
            "usb1": f"{os2.ulUnicodeRange2:08X}",
            "usb2": f"{os2.ulUnicodeRange3:08X}",
            "usb3": f"{os2.ulUnicodeRange4:08X}",
            "csb0": f"{os2.ulCodePageRange1:08X}",
            "csb1": f"{os2.ulCodePageRange2:08X}",
        }
        panose = bytes(
            getattr(os2.panose, name)
            for name in (
                "bFamilyType",
                "bSerifStyle",
                "bWeight",
                "bProportion",
                "bContrast",
                "bStrokeVariation",
                "bArmStyle",
                "bLetterForm",
                "bMidline",
                "bXHeight",
            )
        ).hex()
    key = font_key(font)
    return EmbeddedFont(element, key, obfuscate_font(font, key), sig, panose.upper())


# --------------------------------------------------------------------------- the package


class _Package:
    """The DOCX zip as an ordered mapping of part names (no leading slash) to bytes."""

    def __init__(self, data: bytes) -> None:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                self.parts = {
                    info.filename: archive.read(info)
                    for info in archive.infolist()
                    if not info.is_dir()
                }
        except zipfile.BadZipFile as exc:
            raise RenderError(
                "the DOCX package is not a zip file", "report this as a bug in briefing"
            ) from exc

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, blob in self.parts.items():
                # a fixed date keeps the bytes reproducible, like python-docx's own output
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, blob)
        return buffer.getvalue()

    def xml(self, name: str) -> Any:
        return etree.fromstring(self.parts[name])

    def set_xml(self, name: str, root: Any) -> None:
        self.parts[name] = etree.tostring(
            root, xml_declaration=True, encoding="UTF-8", standalone=True
        )

    @staticmethod
    def rels_name(part: str) -> str:
        folder, file_name = posixpath.split(part)
        return posixpath.join(folder, "_rels", file_name + ".rels")

    def rels(self, part: str) -> Any:
        name = self.rels_name(part)
        if name in self.parts:
            return self.xml(name)
        return etree.Element(f"{{{RELS_NS}}}Relationships", nsmap={None: RELS_NS})

    def targets(self, part: str, rel_type: str | frozenset[str]) -> list[str]:
        """Part names ``part`` relates to with ``rel_type`` (internal targets only)."""
        types = {rel_type} if isinstance(rel_type, str) else rel_type
        folder = posixpath.dirname(part)
        found = []
        for rel in self.rels(part):
            if rel.get("Type") in types and rel.get("TargetMode") != "External":
                found.append(_resolve(folder, rel.get("Target", "")))
        return found

    def add_rel(self, rels: Any, rel_type: str, target: str) -> str:
        taken = {rel.get("Id") for rel in rels}
        number = len(taken) + 1
        while f"rId{number}" in taken:
            number += 1
        rel_id = f"rId{number}"
        etree.SubElement(
            rels, f"{{{RELS_NS}}}Relationship", {"Id": rel_id, "Type": rel_type, "Target": target}
        )
        return rel_id

    def free_name(self, folder: str, stem: str, suffix: str) -> str:
        number = 1
        while f"{folder}/{stem}{number}{suffix}" in self.parts:
            number += 1
        return f"{folder}/{stem}{number}{suffix}"


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def _main_document(package: _Package) -> str:
    for target in package.targets("", f"{REL_TYPE}/officeDocument"):
        if target in package.parts:
            return target
    raise RenderError(
        "the DOCX package has no main document part", "report this as a bug in briefing"
    )


def document_codepoints(docx: bytes) -> frozenset[int]:
    """The characters of the text of a DOCX: body, headers, footers, notes, comments."""
    return _story_codepoints(_Package(docx))


def _story_codepoints(package: _Package) -> frozenset[int]:
    main = _main_document(package)
    stories = [main, *package.targets(main, STORY_REL_TYPES)]
    codepoints: set[int] = set()
    for name in stories:
        if name in package.parts:
            for text in package.xml(name).iter(_w("t")):
                codepoints.update(map(ord, text.text or ""))
    return frozenset(codepoints)


def _get_or_add_part(
    package: _Package, main: str, rel_name: str, content_type: str, root_tag: str
) -> str:
    """The part the main document relates to with ``rel_name``; added empty if missing."""
    for target in package.targets(main, f"{REL_TYPE}/{rel_name}"):
        if target in package.parts:
            return target
    folder = posixpath.dirname(main)
    name = posixpath.join(folder, f"{rel_name}.xml")
    package.set_xml(name, etree.Element(_w(root_tag), nsmap={"w": W_NS, "r": R_NS}))
    rels = package.rels(main)
    package.add_rel(rels, f"{REL_TYPE}/{rel_name}", f"{rel_name}.xml")
    package.set_xml(package.rels_name(main), rels)
    types = package.xml("[Content_Types].xml")
    etree.SubElement(
        types, f"{{{TYPES_NS}}}Override", {"PartName": "/" + name, "ContentType": content_type}
    )
    package.set_xml("[Content_Types].xml", types)
    return name


def _write_font_table(package: _Package, font_table: str, fonts: list[EmbeddedFont]) -> None:
    root = package.xml(font_table)
    rels = package.rels(font_table)
    folder = posixpath.dirname(font_table)
    for old in root.findall(_w("font")):
        if old.get(_w("name")) == EMBEDDED_FAMILY:  # e.g. a reference DOCX we wrote
            _drop_embedded_parts(package, old, rels, folder)
            root.remove(old)
    entry = etree.SubElement(root, _w("font"), {_w("name"): EMBEDDED_FAMILY})
    etree.SubElement(entry, _w("panose1"), {_w("val"): fonts[0].panose})
    etree.SubElement(entry, _w("charset"), {_w("val"): HANGUL_CHARSET})
    etree.SubElement(entry, _w("family"), {_w("val"): "swiss"})
    etree.SubElement(entry, _w("pitch"), {_w("val"): "variable"})
    etree.SubElement(entry, _w("sig"), {_w(k): v for k, v in fonts[0].sig.items()})
    for font in fonts:
        name = package.free_name(posixpath.join(folder, "fonts"), "font", ".odttf")
        package.parts[name] = font.odttf
        rel_id = package.add_rel(rels, f"{REL_TYPE}/font", posixpath.relpath(name, folder))
        etree.SubElement(
            entry,
            _w(font.element),
            {f"{{{R_NS}}}id": rel_id, _w("fontKey"): font.key, _w("subsetted"): "1"},
        )
    package.set_xml(font_table, root)
    package.set_xml(package.rels_name(font_table), rels)


def _drop_embedded_parts(package: _Package, entry: Any, rels: Any, folder: str) -> None:
    ids = {child.get(f"{{{R_NS}}}id") for child in entry if child.get(f"{{{R_NS}}}id")}
    for rel in list(rels):
        if rel.get("Id") in ids:
            package.parts.pop(_resolve(folder, rel.get("Target", "")), None)
            rels.remove(rel)


def _declare_odttf(package: _Package) -> None:
    types = package.xml("[Content_Types].xml")
    defaults = types.findall(f"{{{TYPES_NS}}}Default")
    if any(d.get("Extension", "").lower() == "odttf" for d in defaults):
        return
    element = etree.Element(
        f"{{{TYPES_NS}}}Default", {"Extension": "odttf", "ContentType": OBFUSCATED_FONT_TYPE}
    )
    if defaults:
        defaults[-1].addnext(element)
    else:
        types.insert(0, element)
    package.set_xml("[Content_Types].xml", types)


def _switch_on(settings: Any, name: str, after: tuple[str, ...]) -> None:
    """Set the on/off setting ``name``, placed where CT_Settings' sequence wants it."""
    element = settings.find(_w(name))
    if element is not None:
        element.attrib.pop(_w("val"), None)  # absent val means on
        return
    element = etree.Element(_w(name))
    preceding = [
        child
        for child in settings
        if isinstance(child.tag, str)
        and etree.QName(child).localname in after
        and etree.QName(child).namespace == W_NS
    ]
    if preceding:
        preceding[-1].addnext(element)
    else:
        settings.insert(0, element)


def embed_fonts(docx: bytes, cache_dir: Path | None = None) -> bytes:
    """``docx`` with subsets of "Briefing Sans KR" (regular, bold) embedded for its text;
    the subsets are kept in ``cache_dir`` (see ``subsets.cached_subset``)."""
    package = _Package(docx)
    main = _main_document(package)
    codepoints = _story_codepoints(package)
    fonts = [
        _embedded_font(element, subset_font(weight, codepoints, cache_dir))
        for element, weight in (("embedRegular", 400), ("embedBold", 700))
    ]
    font_table = _get_or_add_part(package, main, "fontTable", FONT_TABLE_TYPE, "fonts")
    _write_font_table(package, font_table, fonts)
    _declare_odttf(package)
    settings_name = _get_or_add_part(package, main, "settings", SETTINGS_TYPE, "settings")
    settings = package.xml(settings_name)
    _switch_on(settings, "embedTrueTypeFonts", _BEFORE_EMBED)
    _switch_on(settings, "saveSubsetFonts", _BEFORE_SUBSET)
    package.set_xml(settings_name, settings)
    return package.to_bytes()


def embedded_fonts(docx: bytes) -> Mapping[str, bytes]:
    """The fonts embedded for "Briefing Sans KR", de-obfuscated: element name -> TTF bytes.

    For checks and tests: reads the package the way Word does (font table, relationship,
    key).
    """
    package = _Package(docx)
    main = _main_document(package)
    found: dict[str, bytes] = {}
    for font_table in package.targets(main, f"{REL_TYPE}/fontTable"):
        folder = posixpath.dirname(font_table)
        targets = {
            rel.get("Id"): _resolve(folder, rel.get("Target", ""))
            for rel in package.rels(font_table)
        }
        for entry in package.xml(font_table).findall(_w("font")):
            if entry.get(_w("name")) != EMBEDDED_FAMILY:
                continue
            for child in entry:
                rel_id = child.get(f"{{{R_NS}}}id")
                if rel_id in targets:
                    found[etree.QName(child).localname] = deobfuscate_font(
                        package.parts[targets[rel_id]], child.get(_w("fontKey"), "")
                    )
    return found
