"""DOCX building blocks on python-docx: document, fonts, runs, bookmarks, internal links.

Every run gets the East-Asian font (``w:rFonts/@w:eastAsia``) and Korean language tag, so
Word lays Hangul and Hanja out with a Korean font; styles and the document defaults get it
too, and ``document_bytes`` embeds a subset of that font (``docx_fonts``), so the DOCX
shows Hangul on machines without a Korean font.  Text goes through ``xml_safe`` first:
characters XML 1.0 forbids (NUL, U+000B, U+000C, U+FFFE, U+FFFF, lone surrogates) make
Word refuse the whole file.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.errors import RenderError
from briefing.render.fonts import DOCX_EAST_ASIAN_FONT, DOCX_LATIN_FONT

if TYPE_CHECKING:
    from briefing.render import RenderOptions

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Styles a memo uses, with their East-Asian font set.
FONT_STYLES = (
    "Normal",
    "Title",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "List Bullet",
    "List Number",
    "Caption",
    "Header",
    "Footer",
    "Quote",
)
TABLE_STYLES = ("Light List Accent 1", "Table Grid")
REFERENCE_DOCX_NAME = "reference.docx"  # in a user's templates folder: the DOCX styles
PAGE_LABELS = {"ko": ("", " / ", "쪽"), "en": ("Page ", " of ", "")}


def xml_safe(text: str) -> str:
    """``text`` without the characters Word refuses (control characters, U+FFFE/U+FFFF)."""
    return _XML_ILLEGAL.sub("", text)


def set_east_asian_font(
    target: Any, east_asian: str = DOCX_EAST_ASIAN_FONT, latin: str = DOCX_LATIN_FONT
) -> None:
    """Set the fonts of a run or a style: ``w:ascii``/``w:hAnsi`` Latin, ``w:eastAsia`` Korean.

    ``target`` is a ``docx.text.run.Run`` or a ``docx.styles.style`` with a font; the
    Korean language tag (``w:lang/@w:eastAsia="ko-KR"``) is set with it.
    """
    _set_rpr_fonts(target.element.get_or_add_rPr(), east_asian, latin)


def _set_rpr_fonts(r_pr: Any, east_asian: str, latin: str) -> None:
    from docx.oxml.ns import qn

    fonts = r_pr.get_or_add_rFonts()
    # A theme font attribute wins over the named font in the same w:rFonts.
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = r_pr.makeelement(qn("w:lang"), {})
        r_pr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:eastAsia"), "ko-KR")


def add_run(
    paragraph: Any, text: str, *, bold: bool = False, italic: bool = False, style: str | None = None
) -> Any:
    """Append a run of ``text`` (made XML-safe) with the memo fonts; returns the run."""
    run = paragraph.add_run(xml_safe(text), style=style)
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    set_east_asian_font(run)
    return run


def add_bookmark(paragraph: Any, name: str, bookmark_id: int) -> None:
    """Wrap the paragraph's content in bookmark ``name`` (the target of internal links)."""
    from docx.oxml.ns import qn

    p = paragraph._p
    start = p.makeelement(qn("w:bookmarkStart"), {qn("w:id"): str(bookmark_id), qn("w:name"): name})
    end = p.makeelement(qn("w:bookmarkEnd"), {qn("w:id"): str(bookmark_id)})
    p_pr = p.find(qn("w:pPr"))
    if p_pr is not None:
        p_pr.addnext(start)
    else:
        p.insert(0, start)
    p.append(end)


def add_internal_link(paragraph: Any, text: str, anchor: str) -> None:
    """Append ``text`` as a link to bookmark ``anchor`` in the same document."""
    from docx.oxml.ns import qn
    from docx.shared import RGBColor
    from docx.text.run import Run

    link = paragraph._p.makeelement(
        qn("w:hyperlink"), {qn("w:anchor"): anchor, qn("w:history"): "1"}
    )
    run_element = paragraph._p.makeelement(qn("w:r"), {})
    link.append(run_element)
    paragraph._p.append(link)
    run = Run(run_element, paragraph)
    run.text = xml_safe(text)
    run.font.color.rgb = RGBColor(0x1F, 0x4E, 0x9A)
    run.font.underline = True
    set_east_asian_font(run)


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word updates when it lays the page out."""
    from docx.oxml.ns import qn

    run = add_run(paragraph, "")
    for tag, attrs, text in (
        ("w:fldChar", {qn("w:fldCharType"): "begin"}, None),
        ("w:instrText", {qn("xml:space"): "preserve"}, instruction),
        ("w:fldChar", {qn("w:fldCharType"): "separate"}, None),
        ("w:t", {}, "1"),
        ("w:fldChar", {qn("w:fldCharType"): "end"}, None),
    ):
        element = run._r.makeelement(qn(tag), attrs)
        if text is not None:
            element.text = f" {text} " if tag == "w:instrText" else text
        run._r.append(element)


def table_style(document: Any) -> str | None:
    """The first table style the document (or the user's reference DOCX) has."""
    names = {style.name for style in document.styles}
    return next((name for name in TABLE_STYLES if name in names), None)


def new_document(options: RenderOptions, *, title: str, lang: str, landscape: bool = False) -> Any:
    """A new, empty ``docx.Document`` set up the briefing way.

    - Styles come from ``options.reference_docx`` when given, else from ``reference.docx``
      in ``options.templates_dir`` if there is one (its body is emptied; its
      styles, page setup, header and footer are kept unless replaced below), else from
      python-docx's default template.  Use the built-in style names: "Title",
      "Heading 1", "Heading 2", "List Bullet", "List Number", and ``table_style(doc)``.
    - The East-Asian font is set on those styles; use ``add_run`` (or call
      ``set_east_asian_font`` on every run you add yourself) so each run carries it too.
    - Core properties: title, author ("briefing"), created (``options.generated_at``),
      language ``lang``.
    - Page: A4 or Letter from ``options.page_size`` (turned if ``landscape``); header
      shows ``title``, footer "Page X of Y" (Korean: "X / Y쪽") as Word fields.
    """
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    reference = options.reference_docx
    if reference is None and options.templates_dir is not None:
        in_templates = options.templates_dir / REFERENCE_DOCX_NAME
        reference = in_templates if in_templates.is_file() else None
    if reference is not None:
        try:
            document = Document(str(reference))
        except Exception as exc:  # python-docx raises several kinds for a bad package
            raise RenderError(
                f"reference DOCX {reference} cannot be opened: {exc}",
                "give a .docx saved by Word or LibreOffice",
            ) from exc
        body = document.element.body
        for child in list(body):
            if not child.tag.endswith("}sectPr"):
                body.remove(child)
        _ensure_styles(document)
    else:
        document = Document()
    for name in FONT_STYLES:
        if name in {style.name for style in document.styles}:
            set_east_asian_font(document.styles[name])
    _set_rpr_fonts(_default_run_properties(document), DOCX_EAST_ASIAN_FONT, DOCX_LATIN_FONT)

    properties = document.core_properties
    # The core properties hold at most 255 characters (python-docx refuses more).
    properties.title = title if len(title) <= 255 else title[:254] + "…"
    properties.author = options.author
    properties.language = lang
    properties.created = _parse_time(options.generated_at)

    section = document.sections[0]
    if options.page_size.lower() == "letter":
        section.page_width, section.page_height = Mm(215.9), Mm(279.4)
    elif options.page_size.lower() == "a4":
        section.page_width, section.page_height = Mm(210), Mm(297)
    else:
        raise RenderError(f"unknown page size {options.page_size!r}", "use A4 or Letter")
    if reference is None:
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(20)

    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    header = _only_paragraph(section.header, document.styles["Header"])
    add_run(header, title)
    footer = _only_paragraph(section.footer, document.styles["Footer"])
    before, middle, after = PAGE_LABELS.get(lang, PAGE_LABELS["en"])
    add_run(footer, before)
    _field(footer, "PAGE")
    add_run(footer, middle)
    _field(footer, "NUMPAGES")
    add_run(footer, after)
    return document


def _ensure_styles(document: Any) -> None:
    """Copy the styles memos use that a reference DOCX lacks from python-docx's template.

    Word saves only the styles a document uses; a copied list style loses its numbering
    (the reference has no matching numbering definition), so its items lose their bullets.
    """
    from copy import deepcopy

    from docx import Document
    from docx.oxml.ns import qn

    present = {style.name for style in document.styles}
    missing = [name for name in (*FONT_STYLES, *TABLE_STYLES[-1:]) if name not in present]
    if not missing:
        return
    template = Document()
    for name in missing:
        element = deepcopy(template.styles[name].element)
        for numbering in element.findall(".//" + qn("w:numPr")):
            numbering.getparent().remove(numbering)
        document.styles.element.append(element)


def _default_run_properties(document: Any) -> Any:
    """``w:docDefaults/w:rPrDefault/w:rPr`` of the styles: what text typed later gets."""
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = styles.makeelement(qn("w:docDefaults"), {})
        styles.insert(0, defaults)
    r_pr_default = defaults.find(qn("w:rPrDefault"))
    if r_pr_default is None:
        r_pr_default = defaults.makeelement(qn("w:rPrDefault"), {})
        defaults.insert(0, r_pr_default)
    r_pr = r_pr_default.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = r_pr_default.makeelement(qn("w:rPr"), {})
        r_pr_default.append(r_pr)
    return r_pr


def _only_paragraph(part: Any, style: Any) -> Any:
    """The header's or footer's first paragraph, emptied; other paragraphs removed."""
    for extra in part.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    paragraph = part.paragraphs[0]
    for child in list(paragraph._p):
        if not child.tag.endswith("}pPr"):
            paragraph._p.remove(child)
    paragraph.style = style
    return paragraph


def _parse_time(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return datetime.now().astimezone()


def document_bytes(document: Any, font_cache: Path | None = None) -> bytes:
    """The finished DOCX as bytes, with the Korean font embedded for its text (subsets
    kept in ``font_cache``, ``RenderOptions.font_cache``)."""
    from briefing.render.docx_fonts import embed_fonts

    buffer = io.BytesIO()
    document.save(buffer)
    return embed_fonts(buffer.getvalue(), font_cache)
