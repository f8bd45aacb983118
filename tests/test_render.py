"""Rendering memos: golden text and structure of every kind, and what a reader must see.

Golden files: tests/golden/ (regenerate with `.venv/bin/python tests/regen_golden.py`).
"""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from briefing.errors import RenderError
from briefing.memo_plan import plan_memo
from briefing.render import Format, Lang, render_memo
from briefing.render.fonts import DOCX_EAST_ASIAN_FONT
from briefing.types import Facts, Sentence, Text
from golden_render import (
    KINDS,
    OPTIONS,
    fixture_facts,
    golden_path,
    internal_link_targets,
    pdf_text,
    pipeline_facts,
    render_summaries,
    summary,
)

# Every test here renders PDFs or DOCX through WeasyPrint and python-docx.
pytestmark = pytest.mark.slow

HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.fixture(scope="module")
def facts() -> dict[str, Facts]:
    return fixture_facts()


@pytest.fixture(scope="module")
def memos(
    fixture_memos: Mapping[tuple[str, Lang, Format], bytes],
) -> Mapping[tuple[str, Lang, Format], bytes]:
    return fixture_memos


def flat(text: str) -> str:
    """Text with every run of whitespace (line breaks of the layout) as one space."""
    return " ".join(text.split())


def docx_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("word/document.xml").decode("utf-8")


def assert_matches_golden(group: str, actual: dict[tuple[str, Lang, Format], str]) -> None:
    for (name, lang, fmt), text in actual.items():
        path = golden_path(group, name, lang, fmt)
        assert path.exists(), f"{path} missing: run .venv/bin/python tests/regen_golden.py"
        expected = path.read_text(encoding="utf-8")
        if text != expected:
            diff = "".join(
                difflib.unified_diff(
                    expected.splitlines(True), text.splitlines(True), str(path), "rendered", n=1
                )
            )
            pytest.fail(
                f"{path.name} differs from the golden file "
                f"(if intended: .venv/bin/python tests/regen_golden.py)\n{diff[:4000]}"
            )


# --------------------------------------------------------------------------- golden


def test_fixture_memos_match_golden_files(memos: Mapping[tuple[str, Lang, Format], bytes]) -> None:
    assert_matches_golden("fixtures", {key: summary(data, key[2]) for key, data in memos.items()})


def test_pipeline_memos_of_the_seeds_match_golden_files(tmp_path: Path) -> None:
    assert_matches_golden("pipeline", render_summaries(pipeline_facts()))


# --------------------------------------------------------------------------- PDF


def test_korean_pdf_has_the_ministry_in_text_and_embeds_the_korean_font(
    memos: Mapping[tuple[str, Lang, Format], bytes],
) -> None:
    from pypdf import PdfReader

    data = memos[("seed-000", "ko", "pdf")]
    assert "과학기술정보통신부" in pdf_text(data)
    fonts = embedded_fonts(PdfReader(io.BytesIO(data)))
    assert any("Briefing-Sans-KR" in name for name in fonts), fonts
    assert all(embedded for embedded in fonts.values()), fonts
    # subset: WeasyPrint prefixes subset fonts with a six-letter tag
    assert all(re.match(r"/[A-Z]{6}\+", name) for name in fonts), fonts


def embedded_fonts(reader: Any) -> dict[str, bool]:
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    return fonts


def test_hanja_comes_from_the_embedded_hanja_face(
    memos: Mapping[tuple[str, Lang, Format], bytes],
) -> None:
    from pypdf import PdfReader

    data = memos[("seed-002", "ko", "pdf")]
    assert "韓美" in pdf_text(data)
    assert any("Briefing-Hanja" in name for name in embedded_fonts(PdfReader(io.BytesIO(data))))


def test_english_memo_names_the_parties_in_english_and_marks_untranslated_text(
    memos: Mapping[tuple[str, Lang, Format], bytes],
) -> None:
    text = pdf_text(memos[("seed-000", "en", "pdf")])
    parties = text[text.index("Parties") : text.index("Technology areas")]
    assert "Ministry of Science and ICT" in parties and "NVIDIA" in parties
    assert not HANGUL.search(parties)
    assert "[not translated]" in text
    assert "briefing models install --file" in " ".join(text.split())
    sources = text[text.rindex("Sources") :]
    # every untranslated sentence is marked, none is silently Korean
    for line in sources.splitlines():
        if HANGUL.search(line) and re.match(r"\d+ ", line):
            assert "[not translated]" in line, line


def test_a_transliterated_or_uncertain_name_is_marked_with_its_korean_original(
    facts: dict[str, Facts], memos: Mapping[tuple[str, Lang, Format], bytes]
) -> None:
    from briefing.types import Person

    base = facts["seed-002"]
    guessed = Person(Text("도브리크 샤르벨", "Dobrik Sharbel"), None, None, ("attendee",), (1,))
    unsure = Person(Text("장관이", "Jang Kwan-yi"), None, None, ("host",), (0,))
    marked = base.replace(
        people=(
            *base.people,
            replace(guessed, name_source="transliteration"),
            replace(unsure, name_source="rule", confidence=0.3),
        )
    )
    note = (
        "‡ A name so marked is transliterated from the Korean original shown beside it, or "
        "uncertain: no source confirms its English spelling."
    )
    english = flat(pdf_text(render_memo(marked, "en", "pdf", OPTIONS)))
    assert "Dobrik Sharbel‡ (도브리크 샤르벨)" in english
    assert "Jang Kwan-yi‡ (장관이)" in english
    assert "Cho Tae-yong‡" not in english and "Cho Tae-yong" in english
    assert note in english
    korean = flat(pdf_text(render_memo(marked, "ko", "pdf", OPTIONS)))
    assert "장관이‡" in korean and "도브리크 샤르벨‡" not in korean
    assert "‡ 이 표시가 붙은 이름은 인물·기관 여부가 확실하지 않습니다." in korean
    docx = docx_xml(render_memo(marked, "en", "docx", OPTIONS))
    assert '<w:vertAlign w:val="superscript"/>' in docx
    assert "(도브리크 샤르벨)" in docx and note in docx
    plain = flat(pdf_text(memos[("seed-002", "en", "pdf")]))
    assert "‡" not in plain  # nothing marked when every name is sourced


def test_english_quote_shows_who_spoke_and_the_machine_translation(
    memos: Mapping[tuple[str, Lang, Format], bytes],
) -> None:
    text = flat(pdf_text(memos[("seed-002", "en", "pdf")]))
    quotes = text[text.index("Quotes") : text.index("Annex")]
    assert "Cho Tae-yong (National Security Adviser) spoke on" in quotes
    assert "MACHINE TRANSLATION" in quotes and "future of geopolitics" in quotes
    # the Korean words stay in the sources annex, not beside the translation
    assert "KOREAN ORIGINAL" not in text and "지정학의 미래는" not in quotes
    assert "지정학의 미래는" in text[text.index("Annex") :]


def test_pdf_metadata_bookmarks_and_internal_links(
    memos: Mapping[tuple[str, Lang, Format], bytes],
) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(memos[("seed-002", "en", "pdf")]))
    assert reader.metadata is not None
    assert reader.metadata.title.startswith("South Korea and the United States hold")
    assert reader.metadata.author == "briefing"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged
    titles = (
        [item.title for item in reader.outline[1]] if isinstance(reader.outline[1], list) else []
    )
    assert "Key points" in titles and "Sources" in titles
    targets = internal_link_targets(reader)
    assert targets and all(t.startswith("s") or t.startswith("/s") for t in targets)
    assert set(targets) <= set(reader.named_destinations)
    footer = pdf_text(memos[("seed-002", "en", "pdf")])
    assert f"Page 1 of {len(reader.pages)}" in footer


def test_letter_page_size_and_pdf_ua_variant(facts: dict[str, Facts]) -> None:
    from pypdf import PdfReader

    options = replace(OPTIONS, page_size="Letter", pdf_variant="pdf/ua-1")
    data = render_memo(facts["seed-000"], "ko", "pdf", options)
    reader = PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfuaid:part="1"' in xmp


def test_bilingual_pdf_is_landscape_with_both_languages(
    memos: Mapping[tuple[str, Lang, Format], bytes],
) -> None:
    from pypdf import PdfReader

    data = memos[("seed-000", "bilingual", "pdf")]
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert float(box.width) > float(box.height)
    text = pdf_text(data)
    assert "핵심 내용 / Key points" in text
    assert "과학기술정보통신부" in text and "Ministry of Science and ICT" in text


def test_unknown_page_size_and_variant_are_refused(facts: dict[str, Facts]) -> None:
    with pytest.raises(RenderError, match="unknown page size 'A3'"):
        render_memo(facts["seed-000"], "ko", "pdf", replace(OPTIONS, page_size="A3"))
    with pytest.raises(RenderError, match="unknown PDF variant"):
        render_memo(facts["seed-000"], "ko", "pdf", replace(OPTIONS, pdf_variant="pdf/x"))


# --------------------------------------------------------------------------- DOCX


def test_docx_styles_properties_fonts_and_page_numbers(
    memos: Mapping[tuple[str, Lang, Format], bytes],
) -> None:
    import docx

    data = memos[("seed-000", "ko", "docx")]
    document = docx.Document(io.BytesIO(data))
    styles = {p.style.name for p in document.paragraphs if p.style is not None}
    assert {"Heading 1", "Heading 2", "List Bullet"} <= styles
    # the commitments: one numbered table, "#" in the first header cell
    assert any(
        t.rows[0].cells[0].text == "#" and t.rows[1].cells[0].text == "1" for t in document.tables
    )
    assert all(
        t.style is not None and t.style.name == "Light List Accent 1" for t in document.tables
    )
    core = document.core_properties
    assert core.title.startswith("한·미, ‘기술번영 MOU’")
    assert core.author == "briefing"
    assert core.created is not None and core.created.year == 2025
    footer_xml = document.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    assert "과학기술정보통신부" in "\n".join(p.text for p in document.paragraphs) + "".join(
        c.text for t in document.tables for row in t.rows for c in row.cells
    )


@pytest.mark.parametrize("kind", KINDS)
def test_every_docx_run_has_the_east_asian_font(
    memos: Mapping[tuple[str, Lang, Format], bytes], kind: Lang
) -> None:
    for name in ("seed-000", "seed-002"):
        xml = docx_xml(memos[(name, kind, "docx")])
        runs = re.findall(r"<w:r>.*?</w:r>|<w:r\s[^>]*>.*?</w:r>|<w:r/>", xml, flags=re.S)
        assert runs
        missing = [r for r in runs if f'w:eastAsia="{DOCX_EAST_ASIAN_FONT}"' not in r]
        assert not missing, missing[:3]


def test_docx_citations_link_to_bookmarked_source_sentences(
    memos: Mapping[tuple[str, Lang, Format], bytes],
) -> None:
    xml = docx_xml(memos[("seed-002", "en", "docx")])
    anchors = set(re.findall(r'w:anchor="([^"]+)"', xml))
    bookmarks = set(re.findall(r'<w:bookmarkStart [^>]*w:name="([^"]+)"', xml))
    assert anchors and anchors <= bookmarks
    # one per sentence of the annex: the sentences the memo cites
    assert len(bookmarks) == len(plan_memo(fixture_facts()["seed-002"]).sources)


def test_bilingual_docx_is_landscape_side_by_side(
    memos: Mapping[tuple[str, Lang, Format], bytes],
) -> None:
    import docx

    document = docx.Document(io.BytesIO(memos[("seed-000", "bilingual", "docx")]))
    section = document.sections[0]
    assert section.page_width > section.page_height
    headings = [p.text for p in document.paragraphs if p.style and p.style.name == "Heading 2"]
    assert "핵심 내용 / Key points" in headings
    people = next(t for t in document.tables if "배경훈" in t.rows[0].cells[0].text)
    assert "Bae Kyung-hoon" in people.rows[0].cells[1].text


def test_reference_docx_supplies_the_styles(facts: dict[str, Facts], tmp_path: Path) -> None:
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    reference = docx.Document()
    reference.styles["Heading 2"].font.size = Pt(21)
    reference.styles.add_style("House Style", WD_STYLE_TYPE.PARAGRAPH)
    reference.add_paragraph("this body text is dropped")
    reference.save(str(tmp_path / "house.docx"))
    data = render_memo(
        facts["seed-000"], "ko", "docx", replace(OPTIONS, reference_docx=tmp_path / "house.docx")
    )
    document = docx.Document(io.BytesIO(data))
    assert document.styles["Heading 2"].font.size == Pt(21)
    assert "House Style" in {s.name for s in document.styles}
    assert "this body text is dropped" not in "\n".join(p.text for p in document.paragraphs)


def test_unreadable_reference_docx_is_a_render_error(
    facts: dict[str, Facts], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_text("not a docx")
    with pytest.raises(RenderError, match=r"reference DOCX .* cannot be opened"):
        render_memo(facts["seed-000"], "ko", "docx", replace(OPTIONS, reference_docx=bad))


# --------------------------------------------------------------------------- bad text


def with_sentence(facts: Facts, text: str) -> Facts:
    sentences = (*facts.article.sentences, Sentence(len(facts.article.sentences), text))
    article = replace(facts.article, sentences=sentences, title=Text("제목 " + text[:20], None))
    return replace(facts, article=article)


def test_control_characters_never_reach_the_docx(facts: dict[str, Facts]) -> None:
    import docx

    bad = with_sentence(facts["seed-000"], "널\x00 수직탭\x0b 폼피드\x0c 비문자\uffff 끝")
    for kind in KINDS:
        data = render_memo(bad, kind, "docx", OPTIONS)
        xml = docx_xml(data)
        assert not re.search("[\x00\x0b\x0c\uffff]", xml)
        if kind != "en":  # the English memo's headline is composed, not the Korean title
            assert "널 수직탭 폼피드 비문자 끝" in xml
        docx.Document(io.BytesIO(data))  # opens again
    assert "비문자 끝" in pdf_text(render_memo(bad, "ko", "pdf", OPTIONS))


def test_a_character_the_fonts_lack_is_reported_not_boxed(facts: dict[str, Facts]) -> None:
    from briefing.pipeline import GenerateOptions, missing_glyphs_warning

    bad = with_sentence(facts["seed-000"], "웃음 \U0001f600 과 확장한자 \U00020000 표기")
    text = pdf_text(render_memo(bad, "ko", "pdf", OPTIONS))
    assert "[U+1F600]" in text and "[U+20000]" in text
    assert "U+1F600, U+20000" in text  # the note in the header lists them
    assert "\U0001f600" not in text
    # Said once per article by the pipeline, not once per memo.
    warning = missing_glyphs_warning(bad, GenerateOptions(out_dir=Path("unused")))
    assert warning is not None and "lack 2 characters (\U0001f600 \U00020000)" in warning
    # (the English memo's headline is composed; the bilingual one shows the Korean title)
    docx_text = docx_xml(render_memo(bad, "bilingual", "docx", OPTIONS))
    assert "[U+1F600]" in docx_text


def test_missing_english_of_a_structured_field_is_marked(facts: dict[str, Facts]) -> None:
    base = facts["seed-000"]
    party = replace(base.parties[2], name=Text("과학기술정보통신부", None))
    memo = replace(base, parties=(party, *base.parties[3:]))
    text = pdf_text(render_memo(memo, "en", "pdf", OPTIONS))
    parties = text[text.index("Parties") : text.index("Technology areas")]
    assert "[과학기술정보통신부]†" in parties  # bracketed, marked and counted in a note
    # in the parties and in the headline that names them
    assert "† Korean with no English yet (2 in this memo)" in flat(text)


def test_rare_hangul_syllables_come_from_the_extra_face(facts: dict[str, Facts]) -> None:
    from pypdf import PdfReader

    data = render_memo(with_sentence(facts["seed-000"], "똠방각하 햏자 뷁"), "ko", "pdf", OPTIONS)
    assert "똠방각하 햏자 뷁" in pdf_text(data)
    assert "[U+" not in pdf_text(data)
    assert any(
        "Briefing-Sans-KR-Extra" in name for name in embedded_fonts(PdfReader(io.BytesIO(data)))
    )


JAPANESE = "経産省、半導体協力を発表「ｶﾀｶﾅ」ヴィ・ゔ・佐々木"


def with_japanese_title(facts: Facts) -> Facts:
    article = replace(facts.article, title=Text(JAPANESE, None))
    return replace(facts, article=article)


def font_file(reader: Any, name_part: str) -> tuple[bytes, str]:
    """The embedded font program and ToUnicode map of the first font named like ``name_part``."""
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            if name_part not in str(font["/BaseFont"]):
                continue
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            program = descriptor.get_object()["/FontFile2"].get_object().get_data()
            return program, font["/ToUnicode"].get_object().get_data().decode("latin-1")
    raise AssertionError(f"no font {name_part} in the PDF")


def test_kana_and_japanese_kanji_come_from_the_japanese_face(facts: dict[str, Facts]) -> None:
    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    from briefing.pipeline import GenerateOptions, missing_glyphs_warning

    mixed = with_japanese_title(facts["seed-000"])
    data = render_memo(mixed, "ko", "pdf", OPTIONS)
    text = pdf_text(data)
    assert JAPANESE in flat(text)
    assert "[U+" not in text
    reader = PdfReader(io.BytesIO(data))
    program, to_unicode = font_file(reader, "Briefing-Sans-JP")
    # the subset holds drawn glyphs, and maps them back to the characters only Noto has
    assert TTFont(io.BytesIO(program))["maxp"].numGlyphs > 5
    for char in "ゔ経発ｶﾀ":  # 経 and 発: Japanese forms Nanum Gothic lacks
        assert f"<{ord(char):04x}>" in to_unicode.lower(), char
    assert missing_glyphs_warning(mixed, GenerateOptions(out_dir=Path("unused"))) is None


def test_latin_letters_with_diacritics_are_drawn(facts: dict[str, Facts]) -> None:
    from briefing.pipeline import GenerateOptions, missing_glyphs_warning

    names = "Šefčovič Håkon João"  # letters Nanum Gothic lacks (the title keeps 20)
    mixed = with_sentence(facts["seed-000"], names)
    text = pdf_text(render_memo(mixed, "ko", "pdf", OPTIONS))
    assert names in text and "[U+" not in text
    assert missing_glyphs_warning(mixed, GenerateOptions(out_dir=Path("unused"))) is None
    docx = render_memo(mixed, "en", "docx", OPTIONS)
    assert "[U+" not in docx_xml(docx)


def test_a_korean_memo_embeds_no_japanese_face(
    memos: dict[tuple[str, Lang, Format], bytes],
) -> None:
    from pypdf import PdfReader

    for key in (("seed-000", "ko", "pdf"), ("seed-002", "ko", "pdf")):
        fonts = embedded_fonts(PdfReader(io.BytesIO(memos[key])))
        assert not any("Briefing-Sans-JP" in name for name in fonts), fonts


def test_japanese_text_in_the_docx_is_in_the_embedded_font(facts: dict[str, Facts]) -> None:
    from fontTools.ttLib import TTFont

    from briefing.render.docx_fonts import embedded_fonts as docx_embedded_fonts

    data = render_memo(with_japanese_title(facts["seed-000"]), "ko", "docx", OPTIONS)
    assert "[U+" not in docx_xml(data)
    cmap = TTFont(io.BytesIO(docx_embedded_fonts(data)["embedRegular"])).getBestCmap()
    assert all(ord(c) in cmap for c in JAPANESE if not c.isspace()), [
        c for c in JAPANESE if ord(c) not in cmap
    ]


def test_a_reference_docx_without_the_memo_styles_still_works(
    facts: dict[str, Facts], tmp_path: Path
) -> None:
    import docx

    reference = docx.Document()
    styles = reference.styles.element
    for name in (
        "Heading 1",
        "Heading 2",
        "List Bullet",
        "List Number",
        "Quote",
        "Light List Accent 1",
    ):
        styles.remove(reference.styles[name].element)
    reference.save(str(tmp_path / "bare.docx"))
    options = replace(OPTIONS, reference_docx=tmp_path / "bare.docx")
    for kind in KINDS:
        document = docx.Document(io.BytesIO(render_memo(facts["seed-002"], kind, "docx", options)))
        assert "Heading 2" in {p.style.name for p in document.paragraphs if p.style}


@pytest.mark.parametrize("kind", KINDS)
def test_every_pdf_citation_link_has_its_target(
    memos: Mapping[tuple[str, Lang, Format], bytes], kind: Lang
) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(memos[("seed-002", kind, "pdf")]))
    targets = internal_link_targets(reader)
    assert len(targets) > 30
    assert set(targets) <= set(reader.named_destinations)


def test_reference_docx_in_the_users_templates_folder_is_used(
    facts: dict[str, Facts], tmp_path: Path
) -> None:
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    reference = docx.Document()
    reference.styles.add_style("Ministry Body", WD_STYLE_TYPE.PARAGRAPH)
    reference.save(str(tmp_path / "reference.docx"))
    data = render_memo(facts["seed-000"], "en", "docx", replace(OPTIONS, templates_dir=tmp_path))
    assert "Ministry Body" in {s.name for s in docx.Document(io.BytesIO(data)).styles}


# --------------------------------------------------------------------------- memory


def resident_kib() -> int:
    """This process's resident memory once garbage is collected and freed heap pages are
    returned (glibc), so that what is left is what is still held."""
    import contextlib
    import ctypes
    import gc

    gc.collect()
    with contextlib.suppress(AttributeError):  # glibc's; elsewhere the heap stays as it is
        ctypes.CDLL(None).malloc_trim(0)
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's /proc")
def test_drawing_pdfs_one_after_another_does_not_grow_the_process(tmp_path: Path) -> None:
    """A watcher draws thousands: each PDF's font configuration must be given back (Pango
    1.50 kept it, about 0.25-0.75 MiB a PDF)."""
    from briefing.render.pdf import html_to_pdf

    options = replace(OPTIONS, font_cache=tmp_path)
    html = "<html><body><p>한국과 미국의 기술 협력 (Korea)</p></body></html>"
    for _ in range(5):  # caches filled, the heap grown to its working size
        html_to_pdf(html, options, title="t", lang="ko")
    before = resident_kib()
    for _ in range(40):
        html_to_pdf(html, options, title="t", lang="ko")
    assert resident_kib() - before < 8 * 1024


def test_each_pdf_gives_its_fontconfig_configuration_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the test above measures, read from Pango: the font map of a drawn PDF holds no
    fontconfig configuration (with few fonts installed the growth alone is small)."""
    from cffi import FFI
    from weasyprint.text import fonts
    from weasyprint.text.ffi import ffi

    from briefing.render.pdf import html_to_pdf

    own = FFI()
    own.cdef(
        "typedef struct _PangoFcFontMap PangoFcFontMap; typedef struct _FcConfig FcConfig;"
        "FcConfig * pango_fc_font_map_get_config (PangoFcFontMap *fcfontmap);"
    )
    try:
        pango = own.dlopen("libpangoft2-1.0.so.0")
    except OSError:
        pytest.skip("reads the font map through Pango's Linux library")
    made: list[Any] = []

    class Recorded(fonts.FontConfiguration):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            made.append(self)

    monkeypatch.setattr(fonts, "FontConfiguration", Recorded)
    html = "<html><body><p>한국과 미국의 기술 협력</p></body></html>"
    html_to_pdf(html, replace(OPTIONS, font_cache=tmp_path), title="t", lang="ko")
    (config,) = made
    font_map = own.cast("PangoFcFontMap *", int(ffi.cast("uintptr_t", config.font_map)))
    assert pango.pango_fc_font_map_get_config(font_map) == own.NULL
