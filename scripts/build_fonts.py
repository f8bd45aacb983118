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
  stylesheet as the fallback family.

Nanum Gothic is under the SIL Open Font License 1.1 and "Nanum" is a Reserved Font Name,
so the cut-down files carry other family names; OFL.txt stays beside them
(see templates/fonts/README.md). The source is Nanum Gothic as shipped by Debian's
``fonts-nanum`` (``apt-get install fonts-nanum``: ``/usr/share/fonts/truetype/nanum``), or
``--source DIR``; the originals are not kept in the repository.
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
FAMILIES = {
    "sans": "Briefing Sans KR",
    "extra": "Briefing Sans KR Extra",
    "hanja": "Briefing Hanja",
}
FILE_STEMS = {"sans": "BriefingSansKR", "extra": "BriefingSansKRExtra", "hanja": "BriefingHanja"}


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


def rename(font: TTFont, family: str, style: str) -> None:
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
    table.setName(
        "Modified from Nanum Gothic (NAVER Corporation) under the SIL Open Font License 1.1: "
        "cut down to a subset of its characters.",
        10,
        3,
        1,
        0x409,
    )


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--source", type=Path, help="folder holding NanumGothic.ttf and NanumGothicBold.ttf"
    )
    parser.add_argument("--out", type=Path, default=FONTS)
    args = parser.parse_args()
    candidates = [args.source] if args.source else list(SOURCES)
    source = next((c for c in candidates if (c / WEIGHTS["Regular"]).is_file()), None)
    if source is None:
        raise SystemExit(f"Nanum Gothic not found in {', '.join(map(str, candidates))}")
    for path in build(source, args.out):
        print(
            f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
            f"{path.stat().st_size // 1024} KB"
        )


if __name__ == "__main__":
    main()
