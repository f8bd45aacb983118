"""The fonts the memos embed, and the check that every character has a glyph.

Bundled (templates/fonts/, see README.md there): "Briefing Sans KR" (the 2,350 common
Hangul syllables, Latin, symbols), "Briefing Sans KR Extra" (the rarer Hangul syllables)
and "Briefing Hanja" (CJK ideographs), all cut down from Nanum Gothic, and "Briefing Sans
JP" (kana, CJK punctuation and the Jōyō kanji Nanum lacks, from Noto Sans CJK JP), all under
the SIL Open Font License.  A user's templates folder may add ``fonts/*.ttf|otf`` files: their
characters count as covered too (their CSS must then name the family).
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from briefing.resources import bundled_templates_dir

LOGGER = logging.getLogger("briefing.render")

SANS_FAMILY = "Briefing Sans KR"
EXTRA_FAMILY = "Briefing Sans KR Extra"
HANJA_FAMILY = "Briefing Hanja"
JAPANESE_FAMILY = "Briefing Sans JP"
LATIN_FAMILY = "Briefing Sans Latin"
# CSS font stack: common Hangul and Latin first, then rare Hangul, then Hanja, then kana and
# Japanese kanji; WeasyPrint embeds a family only when a character of the memo needs it.
FONT_STACK = (
    f'"{SANS_FAMILY}", "{EXTRA_FAMILY}", "{HANJA_FAMILY}", "{JAPANESE_FAMILY}", "{LATIN_FAMILY}"'
)
# The DOCX carries its own subset of this family (docx_fonts.embed_fonts), so Hangul shows
# on machines without any Korean font; Latin text stays in the document's Latin font.
DOCX_EAST_ASIAN_FONT = SANS_FAMILY
DOCX_LATIN_FONT = "Arial"


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int
    file_name: str  # relative to templates/fonts/


FACES = (
    FontFace(SANS_FAMILY, 400, "BriefingSansKR-Regular.ttf"),
    FontFace(SANS_FAMILY, 700, "BriefingSansKR-Bold.ttf"),
    FontFace(EXTRA_FAMILY, 400, "BriefingSansKRExtra-Regular.ttf"),
    FontFace(EXTRA_FAMILY, 700, "BriefingSansKRExtra-Bold.ttf"),
    FontFace(HANJA_FAMILY, 400, "BriefingHanja-Regular.ttf"),
    FontFace(HANJA_FAMILY, 700, "BriefingHanja-Bold.ttf"),
    FontFace(JAPANESE_FAMILY, 400, "BriefingSansJP-Regular.ttf"),
    FontFace(JAPANESE_FAMILY, 700, "BriefingSansJP-Bold.ttf"),
    FontFace(LATIN_FAMILY, 400, "BriefingSansLatin-Regular.ttf"),
    FontFace(LATIN_FAMILY, 700, "BriefingSansLatin-Bold.ttf"),
)


def fonts_dir() -> Path:
    return bundled_templates_dir() / "fonts"


def font_face_css() -> str:
    """``@font-face`` rules for the bundled faces (``file://`` URLs the fetcher allows)."""
    rules = []
    for face in FACES:
        url = (fonts_dir() / face.file_name).as_uri()
        rules.append(
            f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
            f'src: url("{url}") format("truetype"); }}'
        )
    return "\n".join(rules) + "\n"


# Always in every subset: digits and Latin the page furniture (counters) may draw.
ALWAYS_SUBSET = frozenset(range(0x20, 0x7F))


def subset_font_face_css(
    codepoints: Iterable[int], cache_dir: Path | None
) -> tuple[str, list[Path]]:
    """``@font-face`` rules for subsets of the bundled faces holding ``codepoints``, and
    the folders their files are in (for the fetcher to serve).

    A face that would draw none of them (each character is drawn by the first face of the
    stack that has it) gets no rule: WeasyPrint loads one font less.  Subsets come from
    ``subsets.cached_subset`` (one per font and character set, kept in ``cache_dir``).
    """
    from briefing.render.subsets import cached_subset

    wanted = frozenset(codepoints) | ALWAYS_SUBSET
    rules = []
    folders: dict[Path, None] = {}
    drawn_before: dict[int, set[int]] = {}  # per weight: what earlier faces have
    for face in FACES:
        path = fonts_dir() / face.file_name
        here = wanted & font_codepoints(path)
        before = drawn_before.setdefault(face.weight, set())
        needed = bool(here - before)
        before |= here
        if not needed:
            continue
        subset = cached_subset(path, here, "pdf", cache_dir)
        folders[subset.parent] = None
        rules.append(
            f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
            f'src: url("{subset.as_uri()}") format("truetype"); }}'
        )
    return "\n".join(rules) + "\n", list(folders)


@cache
def font_codepoints(path: Path) -> frozenset[int]:
    """The code points one font file has glyphs for (HarfBuzz reads a CJK font's table in
    milliseconds where fontTools decodes it in Python; fontTools where it is missing)."""
    try:
        import uharfbuzz as hb
    except ImportError:
        from fontTools.ttLib import TTFont

        with TTFont(path, lazy=True) as font:
            return frozenset(font.getBestCmap())
    return frozenset(hb.Face(hb.Blob.from_file_path(str(path))).unicodes)


@cache
def covered_codepoints(templates_dir: Path | None = None) -> frozenset[int]:
    """Code points some embedded font (bundled or the user's ``fonts/``) has a glyph for."""
    paths = [fonts_dir() / face.file_name for face in FACES if face.weight == 400]
    if templates_dir is not None and (templates_dir / "fonts").is_dir():
        paths += sorted(
            p for p in (templates_dir / "fonts").iterdir() if p.suffix.lower() in (".ttf", ".otf")
        )
    covered: set[int] = set()
    for path in paths:
        covered |= font_codepoints(path)
    return frozenset(covered)


def needs_glyph(char: str) -> bool:
    """Whitespace, controls and format characters (ZWJ, variation selectors) draw nothing."""
    if char.isspace():
        return False
    category = unicodedata.category(char)
    return category not in ("Cc", "Cf", "Mn", "Zs", "Zl", "Zp") and not (
        0xFE00 <= ord(char) <= 0xFE0F
    )


def missing_glyphs(text: str, covered: frozenset[int]) -> list[str]:
    """The characters of ``text`` no embedded font can draw, in order of first appearance."""
    missing: dict[str, None] = {}
    for char in text:
        if ord(char) not in covered and needs_glyph(char) and char not in missing:
            missing[char] = None
    return list(missing)


def codepoint_label(char: str) -> str:
    """How a character the fonts lack is shown instead of an empty box: ``[U+1F600]``."""
    return f"[U+{ord(char):04X}]"
