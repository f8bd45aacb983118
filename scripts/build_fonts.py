"""Cut Nanum Gothic down into the two small font families the memos embed.

    .venv/bin/python scripts/build_fonts.py [--source DIR]

WeasyPrint's time per render grows with the number of glyphs in the fonts it embeds (it
subsets them keeping glyph ids), so the full Nanum Gothic (4.6 MB, 20,000 glyphs per
weight) is split into three families; a memo embeds only those it uses:

- ``BriefingSansKR-{Regular,Bold}.ttf``: the 2,350 Hangul syllables of KS X 1001, Latin,
  punctuation and symbols (everything in Nanum Gothic but ideographs and rare syllables);
- ``BriefingSansKRExtra-{Regular,Bold}.ttf``: the other 8,822 Hangul syllables (똠, 햏, 뷁),
  the first fallback family;
- ``BriefingHanja-{Regular,Bold}.ttf``: the CJK ideographs (Hanja, e.g. 美韓), used by the
  stylesheet as the fallback family;
- ``BriefingSansJP-{Regular,Bold}.ttf``: kana (hiragana, katakana, halfwidth katakana), CJK
  punctuation and the Jōyō kanji Nanum Gothic lacks (the simplified forms 国, 会, 発),
  cut from the Japanese face of Noto Sans CJK (Debian's ``fonts-noto-cjk``, SIL OFL 1.1)
  and converted to TrueType outlines so the DOCX embedding can merge it with the others.
  The Jōyō list comes from KANJIDIC (Debian's ``kanjidic``: grades 1-8), read at build time.
- ``BriefingSansLatin-{Regular,Bold}.ttf``: the Latin letters with diacritics that Nanum
  Gothic lacks (å, č, ğ, ř, ō: names such as Šefčovič or Erdoğan keep them), cut from Noto
  Sans (Debian's ``fonts-noto-core``, SIL OFL 1.1), the last fallback family.

Nanum Gothic is under the SIL Open Font License 1.1 and "Nanum" is a Reserved Font Name,
so the cut-down files carry other family names; OFL.txt stays beside them
(see templates/fonts/README.md). The source is Nanum Gothic as shipped by Debian's
``fonts-nanum`` (``apt-get install fonts-nanum``: ``/usr/share/fonts/truetype/nanum``), or
``--source DIR``; the originals are not kept in the repository.  Noto Sans CJK is read from
``/usr/share/fonts/opentype/noto`` or ``--noto DIR`` (OFL-NotoSansCJK.txt stays beside it),
Noto Sans from ``/usr/share/fonts/truetype/noto`` or ``--noto-latin DIR`` (OFL-NotoSans.txt).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "templates" / "fonts"
SOURCES = (Path("/usr/share/fonts/truetype/nanum"),)
WEIGHTS = {"Regular": "NanumGothic.ttf", "Bold": "NanumGothicBold.ttf"}
NOTO_SOURCES = (Path("/usr/share/fonts/opentype/noto"),)
NOTO_WEIGHTS = {"Regular": "NotoSansCJK-Regular.ttc", "Bold": "NotoSansCJK-Bold.ttc"}
NOTO_JP_FAMILY = "Noto Sans CJK JP"  # the face of the collection with Japanese glyph forms
KANJIDIC = Path("/usr/share/edict/kanjidic")
NOTO_LATIN_SOURCES = (Path("/usr/share/fonts/truetype/noto"),)  # Debian's fonts-noto-core
NOTO_LATIN_WEIGHTS = {"Regular": "NotoSans-Regular.ttf", "Bold": "NotoSans-Bold.ttf"}
# Jōyō kanji outside JIS X 0208, so absent from the EUC-JP KANJIDIC: 𠮟 塡 剝 頰
JOYO_OUTSIDE_JIS = (0x20B9F, 0x5861, 0x525D, 0x9830)
FAMILIES = {
    "sans": "Briefing Sans KR",
    "extra": "Briefing Sans KR Extra",
    "hanja": "Briefing Hanja",
    "jp": "Briefing Sans JP",
    "latin": "Briefing Sans Latin",
}
FILE_STEMS = {
    "sans": "BriefingSansKR",
    "extra": "BriefingSansKRExtra",
    "hanja": "BriefingHanja",
    "jp": "BriefingSansJP",
    "latin": "BriefingSansLatin",
}
NANUM_NOTE = (
    "Modified from Nanum Gothic (NAVER Corporation) under the SIL Open Font License 1.1: "
    "cut down to a subset of its characters."
)
NOTO_LATIN_NOTE = (
    "Modified from Noto Sans (Google) under the SIL Open Font License 1.1: cut down to the "
    "Latin letters with diacritics that Nanum Gothic lacks."
)
NOTO_NOTE = (
    "Modified from Noto Sans CJK JP (Adobe, Google) under the SIL Open Font License 1.1: "
    "cut down to kana, CJK punctuation and Joyo kanji, converted to TrueType outlines."
)


def is_ideograph(cp: int) -> bool:
    return (
        0x3400 <= cp <= 0x4DBF  # CJK Extension A
        or 0x4E00 <= cp <= 0x9FFF  # CJK Unified Ideographs
        or 0xF900 <= cp <= 0xFAFF  # CJK Compatibility Ideographs
        or 0x20000 <= cp <= 0x2FA1F  # supplementary planes
    )


def is_common_hangul(cp: int) -> bool:
    """The 2,350 syllables of KS X 1001 (EUC-KR): nearly all Korean news text."""
    try:
        # Python's codec spells the other syllables as 8-byte jamo sequences
        return len(chr(cp).encode("euc_kr")) == 2
    except UnicodeEncodeError:
        return False


def is_rare_hangul(cp: int) -> bool:
    return 0xAC00 <= cp <= 0xD7A3 and not is_common_hangul(cp)


def is_shared(cp: int) -> bool:
    return 0x20 <= cp <= 0x7E or cp in (0xA0, 0x2026, 0x00B7) or 0x3000 <= cp <= 0x303F


def is_japanese(cp: int) -> bool:
    """Kana and CJK punctuation: hiragana, katakana (and its phonetic extensions), halfwidth
    katakana and the Japanese punctuation of the halfwidth forms."""
    return (
        0x3000 <= cp <= 0x30FF  # CJK punctuation, hiragana, katakana
        or 0x31F0 <= cp <= 0x31FF  # katakana phonetic extensions (small ㇰ)
        or 0xFF61 <= cp <= 0xFF9F  # halfwidth katakana and punctuation
    )


def joyo_kanji(kanjidic: Path) -> set[int]:
    """The 2,136 Jōyō kanji: KANJIDIC's grades 1-6 (kyōiku) and 8 (the rest)."""
    joyo = set(JOYO_OUTSIDE_JIS)
    for line in kanjidic.read_bytes().decode("euc_jp", errors="replace").splitlines()[1:]:
        fields = line.split()
        grade = next((f[1:] for f in fields if f[:1] == "G" and f[1:].isdigit()), None)
        code = next((f[1:] for f in fields if f[:1] == "U"), None)
        if grade is not None and int(grade) <= 8 and code is not None:
            joyo.add(int(code, 16))
    return joyo


def to_truetype(font: TTFont) -> None:
    """Replace CFF outlines by quadratic TrueType ones (fontTools' otf2ttf recipe)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    maxp.maxPoints = maxp.maxContours = maxp.maxCompositePoints = 0
    maxp.maxCompositeContours = maxp.maxComponentDepth = 0
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0  # no glyph names: smaller, and the subsetters drop them
    font.sfntVersion = "\x00\x01\x00\x00"


def match_line_metrics(font: TTFont, model: TTFont) -> None:
    """Take Nanum Gothic's ascent and descent, so a line holding kana is no taller than one
    without (Noto's are a quarter larger); the glyphs stay on the same baseline."""
    for table, fields in (
        ("hhea", ("ascent", "descent", "lineGap")),
        (
            "OS/2",
            ("sTypoAscender", "sTypoDescender", "sTypoLineGap", "usWinAscent", "usWinDescent"),
        ),
    ):
        for field in fields:
            setattr(font[table], field, getattr(model[table], field))


def rename(font: TTFont, family: str, style: str, note: str = NANUM_NOTE) -> None:
    """Give the cut-down font its own names (OFL: no Reserved Font Name on a modified font)."""
    full = f"{family} {style}" if style != "Regular" else family
    postscript = f"{family.replace(' ', '')}-{style}"
    names = {
        1: family,
        2: style,
        3: f"briefing: {postscript}",
        4: full,
        6: postscript,
        16: family,
        17: style,
    }
    table = font["name"]
    for record in list(table.names):
        if record.nameID in (1, 2, 3, 4, 6, 16, 17, 21, 22):
            table.removeNames(nameID=record.nameID)
    for name_id, value in names.items():
        table.setName(value, name_id, 3, 1, 0x409)  # Windows, Unicode BMP, English (US)
        table.setName(value, name_id, 1, 0, 0)  # Macintosh, Roman, English
    table.setName(note, 10, 3, 1, 0x409)


def build(source: Path, out_dir: Path) -> list[Path]:
    written = []
    for style, file_name in WEIGHTS.items():
        cmap = TTFont(source / file_name).getBestCmap()
        parts = {
            "sans": sorted(cp for cp in cmap if not is_ideograph(cp) and not is_rare_hangul(cp)),
            "extra": sorted(cp for cp in cmap if is_rare_hangul(cp) or is_shared(cp)),
            # Spaces and punctuation too: text shaping keeps the face of the preceding
            # ideograph for a following space, which would otherwise draw as a box.
            "hanja": sorted(cp for cp in cmap if is_ideograph(cp) or is_shared(cp)),
        }
        for part, codepoints in parts.items():
            options = subset.Options()
            options.layout_features = ["*"]
            options.name_IDs = ["*"]
            options.name_languages = ["*"]
            options.notdef_outline = True
            options.hinting = False  # hints are large and PDF viewers ignore them
            options.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5"]  # VTT sources
            font = TTFont(source / file_name)
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=codepoints)
            subsetter.subset(font)
            rename(font, FAMILIES[part], style)
            target = out_dir / f"{FILE_STEMS[part]}-{style}.ttf"
            font.save(target)
            written.append(target)
    return written


def noto_jp(path: Path) -> TTFont:
    """The Japanese face of a Noto Sans CJK collection (.ttc holds JP, KR, SC, TC, HK)."""
    from fontTools.ttLib import TTCollection

    names = [f["name"].getDebugName(1) for f in TTCollection(path, lazy=True).fonts]
    return TTFont(path, fontNumber=names.index(NOTO_JP_FAMILY))


def build_japanese(source: Path, nanum_hanja: Path, kanjidic: Path, out_dir: Path) -> list[Path]:
    """Kana, CJK punctuation and the Jōyō kanji that "Briefing Hanja" does not draw."""
    written = []
    for style, file_name in NOTO_WEIGHTS.items():
        hanja = set(TTFont(nanum_hanja / WEIGHTS[style]).getBestCmap())
        hanja = {cp for cp in hanja if is_ideograph(cp)}
        font = noto_jp(source / file_name)
        cmap = font.getBestCmap()
        wanted = {cp for cp in cmap if is_japanese(cp) or is_shared(cp)}
        wanted |= {cp for cp in joyo_kanji(kanjidic) if cp in cmap and cp not in hanja}
        options = subset.Options()
        options.layout_features = []  # vertical forms, proportional kana: not used in memos
        options.drop_tables += ["GSUB", "GPOS", "BASE", "vhea", "vmtx", "VORG"]
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.hinting = False
        options.desubroutinize = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(wanted))
        subsetter.subset(font)
        to_truetype(font)
        match_line_metrics(font, TTFont(nanum_hanja / WEIGHTS[style]))
        rename(font, FAMILIES["jp"], style, NOTO_NOTE)
        target = out_dir / f"{FILE_STEMS['jp']}-{style}.ttf"
        font.save(target)
        written.append(target)
    return written


def is_latin_extended(cp: int) -> bool:
    """Latin letters with diacritics that English spellings of names keep (Šefčovič, Erdoğan,
    Håkon, João, Itō): Latin-1, Latin Extended-A and -B, Latin Extended Additional."""
    return 0x00A0 <= cp <= 0x024F or 0x1E00 <= cp <= 0x1EFF


def build_latin(source: Path, nanum: Path, out_dir: Path) -> list[Path]:
    """The Latin letters with diacritics that Nanum Gothic lacks, from Noto Sans."""
    written = []
    for style, file_name in NOTO_LATIN_WEIGHTS.items():
        model = TTFont(nanum / WEIGHTS[style])
        nanum_has = set(model.getBestCmap())
        font = TTFont(source / file_name)
        wanted = {cp for cp in font.getBestCmap() if is_latin_extended(cp)} - nanum_has
        options = subset.Options()
        options.layout_features = ["kern", "mark", "mkmk", "ccmp"]  # accents placed right
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.hinting = False
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(wanted | {0x20}))
        subsetter.subset(font)
        match_line_metrics(font, model)
        rename(font, FAMILIES["latin"], style, NOTO_LATIN_NOTE)
        target = out_dir / f"{FILE_STEMS['latin']}-{style}.ttf"
        font.save(target)
        written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--source", type=Path, help="folder holding NanumGothic.ttf and NanumGothicBold.ttf"
    )
    parser.add_argument(
        "--noto", type=Path, help="folder holding NotoSansCJK-Regular.ttc and -Bold.ttc"
    )
    parser.add_argument(
        "--noto-latin", type=Path, help="folder holding NotoSans-Regular.ttf and -Bold.ttf"
    )
    parser.add_argument("--kanjidic", type=Path, default=KANJIDIC, help="KANJIDIC (EUC-JP)")
    parser.add_argument("--out", type=Path, default=FONTS)
    args = parser.parse_args()
    candidates = [args.source] if args.source else list(SOURCES)
    source = next((c for c in candidates if (c / WEIGHTS["Regular"]).is_file()), None)
    if source is None:
        raise SystemExit(f"Nanum Gothic not found in {', '.join(map(str, candidates))}")
    noto_candidates = [args.noto] if args.noto else list(NOTO_SOURCES)
    noto = next((c for c in noto_candidates if (c / NOTO_WEIGHTS["Regular"]).is_file()), None)
    if noto is None:
        raise SystemExit(f"Noto Sans CJK not found in {', '.join(map(str, noto_candidates))}")
    if not args.kanjidic.is_file():
        raise SystemExit(f"KANJIDIC not found at {args.kanjidic} (apt-get install kanjidic)")
    latin_candidates = [args.noto_latin] if args.noto_latin else list(NOTO_LATIN_SOURCES)
    latin = next(
        (c for c in latin_candidates if (c / NOTO_LATIN_WEIGHTS["Regular"]).is_file()), None
    )
    if latin is None:
        raise SystemExit(
            f"Noto Sans not found in {', '.join(map(str, latin_candidates))} "
            "(apt-get install fonts-noto-core)"
        )
    written = (
        build(source, args.out)
        + build_japanese(noto, source, args.kanjidic, args.out)
        + build_latin(latin, source, args.out)
    )
    for path in written:
        print(
            f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
            f"{path.stat().st_size // 1024} KB"
        )


if __name__ == "__main__":
    main()
