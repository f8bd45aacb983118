"""The DOCX carries its own Korean font: a per-document subset, embedded the way Word does.

ECMA-376 Part 1, 17.8.1 (obfuscation), 17.8.3 (font table); LibreOffice and Word read it
(checked by hand with LibreOffice; no test needs it).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from lxml import etree

from briefing.render import render_memo
from briefing.render.docx import add_run, document_bytes, new_document
from briefing.render.docx_fonts import (
    EMBEDDED_FAMILY,
    OBFUSCATED_FONT_TYPE,
    deobfuscate_font,
    document_codepoints,
    embed_fonts,
    embedded_fonts,
    obfuscate_font,
)
from briefing.render.fonts import DOCX_EAST_ASIAN_FONT, SANS_FAMILY, covered_codepoints
from golden_render import OPTIONS, fixture_facts

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
GUID = re.compile(r"\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}")
TRUETYPE_MAGIC = b"\x00\x01\x00\x00"
RARE_HANGUL = "똠햏뷁"  # not in KS X 1001: from the Extra face
HANJA = "韓美"  # from the Hanja face
SMALL_TEXT = f"한국과 미국 {HANJA} 협력 {RARE_HANGUL} AI 2025"


def part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name)


def xml(data: bytes, name: str) -> Any:
    return etree.fromstring(part(data, name))


def names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.namelist()


def is_hangul_or_hanja(char: str) -> bool:
    code = ord(char)
    return 0xAC00 <= code <= 0xD7A3 or 0x4E00 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF


@pytest.fixture(scope="module")
def small_docx() -> bytes:
    """A document built like the weekly digest: new_document, add_run, document_bytes."""
    document = new_document(OPTIONS, title="시험 문서", lang="ko")
    add_run(document.add_paragraph(style="Heading 1"), "제목 " + HANJA)
    add_run(document.add_paragraph(), SMALL_TEXT)
    add_run(document.add_paragraph(), "굵게", bold=True)
    return document_bytes(document)


@pytest.fixture(scope="module")
def memo_docx(fixture_memos: Mapping[tuple[str, str, str], bytes]) -> bytes:
    return fixture_memos[("seed-002", "ko", "docx")]


@pytest.fixture(scope="module")
def memo_fonts(memo_docx: bytes) -> dict[str, TTFont]:
    return {name: TTFont(io.BytesIO(font)) for name, font in embedded_fonts(memo_docx).items()}


# --------------------------------------------------------------------------- obfuscation


def test_obfuscation_xors_the_first_32_bytes_with_the_reversed_guid() -> None:
    key = "{00112233-4455-6677-8899-AABBCCDDEEFF}"
    font = bytes(40)
    obfuscated = obfuscate_font(font, key)
    # 17.8.1: key byte i is the GUID's bytes read from its end
    reversed_key = bytes.fromhex("FFEEDDCCBBAA99887766554433221100")
    assert obfuscated[:16] == reversed_key
    assert obfuscated[16:32] == reversed_key
    assert obfuscated[32:] == bytes(8)
    assert deobfuscate_font(obfuscated, key) == font


def test_a_malformed_key_is_refused() -> None:
    with pytest.raises(ValueError, match="not a GUID"):
        obfuscate_font(bytes(40), "{1234}")


# --------------------------------------------------------------------------- the package


def test_the_docx_holds_obfuscated_font_parts_that_decode_to_the_family(memo_docx: bytes) -> None:
    font_parts = [n for n in names(memo_docx) if n.endswith(".odttf")]
    assert len(font_parts) == 2
    assert all(n.startswith("word/fonts/") for n in font_parts)
    for name in font_parts:
        assert not part(memo_docx, name).startswith(TRUETYPE_MAGIC)  # really obfuscated
    fonts = embedded_fonts(memo_docx)
    assert set(fonts) == {"embedRegular", "embedBold"}
    for element, style, bold in (("embedRegular", "Regular", 0), ("embedBold", "Bold", 1)):
        font = TTFont(io.BytesIO(fonts[element]))
        assert fonts[element].startswith(TRUETYPE_MAGIC)
        assert font["name"].getDebugName(1) == SANS_FAMILY == EMBEDDED_FAMILY
        assert font["name"].getDebugName(2) == style
        assert font["head"].macStyle & 1 == bold
        assert font["OS/2"].fsType & 0x2 == 0  # not restricted: Word and LibreOffice load it


def test_the_subset_covers_every_hangul_and_hanja_character_of_the_memo(
    memo_docx: bytes, memo_fonts: dict[str, TTFont]
) -> None:
    text = set(map(chr, document_codepoints(memo_docx)))
    korean = {char for char in text if is_hangul_or_hanja(char)}
    assert len(korean) > 200
    assert any(0x4E00 <= ord(char) <= 0x9FFF for char in korean)  # the seed has Hanja
    drawable = {chr(c) for c in covered_codepoints()} & text
    for font in memo_fonts.values():
        cmap = font.getBestCmap()
        assert not {char for char in korean if ord(char) not in cmap}
        assert not {char for char in drawable if ord(char) not in cmap}


def test_rare_syllables_and_hanja_are_merged_into_the_one_family(small_docx: bytes) -> None:
    for data in embedded_fonts(small_docx).values():
        font = TTFont(io.BytesIO(data))
        cmap = font.getBestCmap()
        assert all(ord(char) in cmap for char in RARE_HANGUL + HANJA + "한국협력굵게")
        assert font["name"].getDebugName(1) == SANS_FAMILY
        # the merged glyphs draw something (composite glyphs kept their components)
        glyphs = font.getGlyphSet()
        for char in "똠韓한":
            pen = BoundsPen(glyphs)
            glyphs[cmap[ord(char)]].draw(pen)
            assert pen.bounds is not None, char


def test_the_subset_holds_only_what_the_document_uses(small_docx: bytes, memo_docx: bytes) -> None:
    font = TTFont(io.BytesIO(embedded_fonts(small_docx)["embedRegular"]))
    cmap = font.getBestCmap()
    assert ord("똠") in cmap and ord("햏") in cmap
    assert ord("뀨") not in cmap and ord("漢") not in cmap
    assert font["maxp"].numGlyphs < 200  # printable ASCII and a few dozen syllables
    memo_font_bytes = sum(len(f) for f in embedded_fonts(memo_docx).values())
    assert memo_font_bytes < 300 * 1024


def test_the_font_table_relates_each_weight_to_its_part(memo_docx: bytes) -> None:
    table = xml(memo_docx, "word/fontTable.xml")
    entries = [f for f in table.findall(W + "font") if f.get(W + "name") == EMBEDDED_FAMILY]
    assert len(entries) == 1
    entry = entries[0]
    children = [etree.QName(child).localname for child in entry]
    # CT_Font's sequence: panose1, charset, family, pitch, sig, then the embeds
    assert children == ["panose1", "charset", "family", "pitch", "sig", "embedRegular", "embedBold"]
    assert entry.find(W + "charset").get(W + "val") == "81"  # HANGUL_CHARSET
    rels = {rel.get("Id"): rel for rel in xml(memo_docx, "word/_rels/fontTable.xml.rels")}
    for element in ("embedRegular", "embedBold"):
        embed = entry.find(W + element)
        assert GUID.fullmatch(embed.get(W + "fontKey"))
        assert embed.get(W + "subsetted") == "1"
        rel = rels[embed.get(R + "id")]
        assert rel.get("Type") == FONT_REL
        target = "word/" + rel.get("Target")
        font = deobfuscate_font(part(memo_docx, target), embed.get(W + "fontKey"))
        assert TTFont(io.BytesIO(font))["name"].getDebugName(1) == EMBEDDED_FAMILY


def test_content_types_declare_the_obfuscated_font(memo_docx: bytes) -> None:
    types = xml(memo_docx, "[Content_Types].xml")
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.findall(CT + "Default")}
    assert defaults["odttf"] == OBFUSCATED_FONT_TYPE
    assert names(memo_docx)[0] == "[Content_Types].xml"


def test_settings_switch_embedding_on_in_schema_order(memo_docx: bytes) -> None:
    settings = [etree.QName(child).localname for child in xml(memo_docx, "word/settings.xml")]
    assert "embedTrueTypeFonts" in settings and "saveSubsetFonts" in settings
    # CT_Settings: zoom < embedTrueTypeFonts < saveSubsetFonts < proofState < defaultTabStop
    order = ["zoom", "embedTrueTypeFonts", "saveSubsetFonts", "proofState", "defaultTabStop"]
    assert [settings.index(name) for name in order] == sorted(
        settings.index(name) for name in order
    )


def test_python_docx_still_opens_it(memo_docx: bytes, small_docx: bytes) -> None:
    import docx

    document = docx.Document(io.BytesIO(small_docx))
    assert SMALL_TEXT in [p.text for p in document.paragraphs]
    assert docx.Document(io.BytesIO(memo_docx)).paragraphs


def test_the_same_memo_gives_the_same_bytes(memo_docx: bytes) -> None:
    again = render_memo(fixture_facts()["seed-002"], "ko", "docx", OPTIONS)
    assert again == memo_docx


def test_embedding_again_replaces_the_fonts_instead_of_piling_them_up(
    memo_docx: bytes, tmp_path: Path
) -> None:
    twice = embed_fonts(memo_docx)
    assert len([n for n in names(twice) if n.endswith(".odttf")]) == 2
    table = xml(twice, "word/fontTable.xml")
    assert [f.get(W + "name") for f in table.findall(W + "font")].count(EMBEDDED_FAMILY) == 1
    assert len(xml(twice, "word/_rels/fontTable.xml.rels")) == 2
    # a memo written with one of our own DOCX as the reference keeps just the new fonts
    (tmp_path / "house.docx").write_bytes(memo_docx)
    data = render_memo(
        fixture_facts()["seed-000"],
        "en",
        "docx",
        replace(OPTIONS, reference_docx=tmp_path / "house.docx"),
    )
    assert len([n for n in names(data) if n.endswith(".odttf")]) == 2
    assert set(embedded_fonts(data)) == {"embedRegular", "embedBold"}


# --------------------------------------------------------------------------- the runs


@pytest.mark.parametrize("kind", ["ko", "en", "bilingual"])
def test_every_run_and_the_defaults_name_the_embedded_family(
    kind: str, fixture_memos: Mapping[tuple[str, str, str], bytes]
) -> None:
    data = fixture_memos[("seed-000", kind, "docx")]
    assert DOCX_EAST_ASIAN_FONT == EMBEDDED_FAMILY
    for name in ("word/document.xml", "word/header1.xml", "word/footer1.xml"):
        runs = xml(data, name).iter(W + "r")
        fonts = [r.find(f"{W}rPr/{W}rFonts") for r in runs]
        assert fonts and all(
            f is not None and f.get(W + "eastAsia") == EMBEDDED_FAMILY for f in fonts
        )
    styles = xml(data, "word/styles.xml")
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert default.get(W + "eastAsia") == EMBEDDED_FAMILY
    for fonts in [default, *styles.iter(W + "rFonts")]:
        if fonts.get(W + "eastAsia") == EMBEDDED_FAMILY:
            # a theme attribute beside it would win over the named font
            assert fonts.get(W + "eastAsiaTheme") is None
    heading = next(s for s in styles.findall(W + "style") if s.get(W + "styleId") == "Heading1")
    assert heading.find(f"{W}rPr/{W}rFonts").get(W + "eastAsia") == EMBEDDED_FAMILY
