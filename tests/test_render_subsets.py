"""Font subsets made once per font and character set, kept on disk, rebuilt when damaged."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from briefing.render import subsets
from briefing.render.fonts import FACES, fonts_dir, subset_font_face_css

SANS = fonts_dir() / FACES[0].file_name
HANGUL = frozenset(map(ord, "한미기술협력"))


@pytest.fixture(autouse=True)
def _forget_remembered() -> None:
    subsets._remembered.clear()


def test_a_subset_holds_the_characters_asked_for_and_no_others(tmp_path: Path) -> None:
    path = subsets.cached_subset(SANS, HANGUL, "pdf", tmp_path)
    cmap = set(TTFont(io.BytesIO(path.read_bytes())).getBestCmap())
    assert cmap == set(HANGUL)
    assert path.parent == tmp_path


def test_the_same_characters_reuse_the_file_and_others_make_a_new_one(tmp_path: Path) -> None:
    first = subsets.cached_subset(SANS, HANGUL, "pdf", tmp_path)
    inode = first.stat().st_ino  # made again would be a new file renamed into place
    subsets._remembered.clear()  # a new process: only the disk remembers
    again = subsets.cached_subset(SANS, set(HANGUL), "pdf", tmp_path)
    other = subsets.cached_subset(SANS, HANGUL | {ord("가")}, "pdf", tmp_path)
    assert again == first and again.stat().st_ino == inode
    assert other != first
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.name, other.name])


def test_a_damaged_entry_is_made_again_not_an_error(tmp_path: Path) -> None:
    path = subsets.cached_subset(SANS, HANGUL, "docx", tmp_path)
    good = path.read_bytes()
    for damage in (good[: len(good) // 2], b"", b"not a font at all"):
        path.write_bytes(damage)
        subsets._remembered.clear()
        assert subsets.cached_subset(SANS, HANGUL, "docx", tmp_path) == path
        assert path.read_bytes() == good
    flipped = bytearray(good)
    flipped[-10] ^= 0xFF  # a glyph's bytes changed: its table's checksum no longer matches
    assert not subsets.valid_font(bytes(flipped))


def test_no_temporary_file_is_left_behind(tmp_path: Path) -> None:
    subsets.cached_subset(SANS, HANGUL, "pdf", tmp_path)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_an_unwritable_cache_falls_back_to_the_process_folder(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    path = subsets.cached_subset(SANS, HANGUL, "pdf", blocked / "cache")
    assert path.parent == subsets.process_cache_dir()
    assert subsets.valid_font(path.read_bytes())


def test_faces_without_a_wanted_character_get_no_rule(tmp_path: Path) -> None:
    css, folders = subset_font_face_css(map(ord, "Memo 2025"), tmp_path)
    assert '"Briefing Sans KR"' in css
    assert "Hanja" not in css and "Extra" not in css
    assert folders == [tmp_path]


def test_the_docx_subset_keeps_every_name_record(tmp_path: Path) -> None:
    source = TTFont(SANS)
    path = subsets.cached_subset(SANS, HANGUL, "docx", tmp_path)
    names = TTFont(io.BytesIO(path.read_bytes()))["name"].names
    assert {(n.nameID, n.platformID, n.langID) for n in names} == {
        (n.nameID, n.platformID, n.langID) for n in source["name"].names
    }


@pytest.mark.skipif(not subsets.harfbuzz_available(), reason="uharfbuzz not installed")
def test_weasyprint_cuts_pdf_fonts_with_harfbuzz() -> None:
    from weasyprint.pdf import fonts as weasyprint_fonts

    assert subsets.weasyprint_subsets_with_harfbuzz()
    assert getattr(weasyprint_fonts.Font, "_briefing_harfbuzz", False) or getattr(
        weasyprint_fonts, "harfbuzz_subset", None
    )
    data = subsets.glyph_subset(SANS.read_bytes(), 0, [0, 3, 40], True, False)
    cut = TTFont(io.BytesIO(data))
    assert len(cut.getGlyphOrder()) == 41  # ids kept: glyphs up to the last one used
    assert "GSUB" not in cut and "GPOS" not in cut


def test_the_cache_is_pruned_oldest_first_but_never_what_was_just_used(tmp_path: Path) -> None:
    import os

    old = [subsets.cached_subset(SANS, HANGUL | {0xAC00 + i}, "pdf", tmp_path) for i in range(4)]
    for i, path in enumerate(old):
        os.utime(path, (1_000_000 + i, 1_000_000 + i))  # used long ago, oldest first
    fresh = subsets.cached_subset(SANS, HANGUL | {0xB000}, "pdf", tmp_path)
    size = fresh.stat().st_size
    subsets.prune(tmp_path, limit=int(size * 3.5))
    left = sorted(p.name for p in tmp_path.iterdir())
    assert fresh.name in left and old[0].name not in left and old[1].name not in left
    assert old[3].name in left
