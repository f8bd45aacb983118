"""The memo as DOCX: the same MemoContext as the PDF, written with real Word styles.

Title "Heading 1", sections "Heading 2", bullets "List Bullet", tables in the document's
table style; every citation ``[n]`` is an internal link to the bookmark ``s<id>`` on its
source sentence.  Laid out like the PDF: a compact note (two-column header, parties grouped
by kind, technology areas inline, commitments as one numbered table that lists only the
known fields), then the numbered source sentences as an annex in smaller type.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from briefing.render.context import MemoContext
from briefing.render.docx import (
    add_bookmark,
    add_internal_link,
    add_run,
    document_bytes,
    new_document,
    table_style,
)
from briefing.render.rows import (
    Cite,
    CommitmentRow,
    Item,
    Line,
    PartyGroup,
    PersonRow,
    QuoteRow,
)

if TYPE_CHECKING:
    from briefing.render import RenderOptions

UNTRANSLATED_COLOR = (0xAA, 0x33, 0x33)
MUTED_COLOR = (0x55, 0x55, 0x55)
SMALL_PT = 8.0  # annex sentences and commitment details
HEADER_PT = 8.0  # the header block
TABLE_PT = 9.0  # who's who, parties, commitments, quotes


class DocxWriter:
    """Adds memo and digest pieces to a document or a table cell (anything with
    add_paragraph)."""

    def __init__(self, document: Any, untranslated_label: str) -> None:
        self.document = document
        self.untranslated_label = untranslated_label
        self.bookmark_id = 0
        self.table_style = table_style(document)

    # ---------------------------------------------------------------- low level

    def paragraph(self, container: Any, style: str | None = None) -> Any:
        """A new paragraph; a fresh table cell's own empty paragraph is used first."""
        paragraphs = getattr(container, "paragraphs", None)
        if (
            hasattr(container, "_tc")
            and paragraphs
            and len(paragraphs) == 1
            and not paragraphs[0].text
            and not paragraphs[0].runs
            and not getattr(container, "_briefing_used", False)
        ):
            container._briefing_used = True
            if style:
                paragraphs[0].style = self.document.styles[style]
            return paragraphs[0]
        return container.add_paragraph(style=style)

    def line(self, paragraph: Any, line: Line, *, bold: bool = False) -> None:
        from docx.shared import RGBColor

        for span in line:
            if span.guessed:
                add_run(paragraph, span.text, bold=bold)
                mark = add_run(paragraph, span.mark, bold=True)
                mark.font.superscript = True
                mark.font.color.rgb = RGBColor(*UNTRANSLATED_COLOR)
                if span.original:
                    original = add_run(paragraph, f" ({span.original})")
                    original.font.color.rgb = RGBColor(*MUTED_COLOR)
            elif span.untranslated:
                marker = add_run(paragraph, self.untranslated_label + " ", bold=True)
                marker.font.color.rgb = RGBColor(*UNTRANSLATED_COLOR)
                run = add_run(paragraph, span.text, bold=bold, italic=True)
                run.font.color.rgb = RGBColor(*MUTED_COLOR)
            else:
                add_run(paragraph, span.text, bold=bold)

    def cites(self, paragraph: Any, cites: Sequence[Cite]) -> None:
        for cite in cites:
            add_run(paragraph, " ")
            add_internal_link(paragraph, f"[{cite.number}]", cite.anchor)

    def bookmark(self, paragraph: Any, name: str) -> None:
        self.bookmark_id += 1
        add_bookmark(paragraph, name, self.bookmark_id)

    def table(self, container: Any, headers: Sequence[str] | None, columns: int) -> Any:
        table = container.add_table(rows=0, cols=columns)
        if self.table_style:
            table.style = self.document.styles[self.table_style]
        if headers:
            cells = table.add_row().cells
            for cell, header in zip(cells, headers, strict=True):
                add_run(self.paragraph(cell), header, bold=True)
            _repeat_as_header(table.rows[0])
        else:
            _no_header_look(table)  # else the style paints the first data row as a header
        return table

    def heading(self, text: str, level: int) -> None:
        add_run(self.document.add_paragraph(style=f"Heading {level}"), text)

    def empty(self, container: Any, memo: MemoContext) -> None:
        add_run(self.paragraph(container), memo.labels["none"], italic=True)

    # ---------------------------------------------------------------- items

    def header_block(self, container: Any, memo: MemoContext) -> None:
        table = self.table(container, None, 4)  # two label/value pairs per row
        _drop_leading_empty_paragraph(container)
        for start in range(0, len(memo.header), 2):
            cells = table.add_row().cells
            for i, row in enumerate(memo.header[start : start + 2]):
                label = self.paragraph(cells[2 * i])
                add_run(label, row.label, bold=True)
                value = self.paragraph(cells[2 * i + 1])
                self.line(value, row.value)
                shrink(label, HEADER_PT)
                shrink(value, HEADER_PT)
        for note in memo.notes:
            run = add_run(self.paragraph(container), note, italic=True)
            from docx.shared import RGBColor

            run.font.color.rgb = RGBColor(*UNTRANSLATED_COLOR)

    def key_point(self, container: Any, memo: MemoContext, item: Item) -> None:
        paragraph = self.paragraph(container, "List Bullet")
        if item.lead:
            add_run(paragraph, f"{item.lead}: ", bold=True)
        self.line(paragraph, item.line)
        self.cites(paragraph, item.cites)

    def simple_item(self, container: Any, memo: MemoContext, item: Item) -> None:
        paragraph = self.paragraph(container, "List Bullet")
        self.line(paragraph, item.line)
        self.cites(paragraph, item.cites)

    def person(self, container: Any, memo: MemoContext, person: PersonRow) -> None:
        paragraph = self.paragraph(container)
        self.line(paragraph, person.name, bold=True)
        add_run(paragraph, " — ")
        self.line(paragraph, person.detail)
        add_run(paragraph, " (")
        self.line(paragraph, person.roles)
        add_run(paragraph, ")")
        self.cites(paragraph, person.cites)

    def party_list(self, paragraph: Any, group: PartyGroup) -> None:
        for i, party in enumerate(group.parties):
            if i:
                add_run(paragraph, ", ")
            self.line(paragraph, party.name)
            self.cites(paragraph, party.cites)

    def party_group(self, container: Any, memo: MemoContext, group: PartyGroup) -> None:
        paragraph = self.paragraph(container)
        add_run(paragraph, f"{group.label}: ", bold=True)
        self.party_list(paragraph, group)

    def tech_list(self, container: Any, memo: MemoContext) -> None:
        paragraph = self.paragraph(container)
        for i, item in enumerate(memo.tech_areas):
            if i:
                add_run(paragraph, " · ")
            self.line(paragraph, item.line)
            self.cites(paragraph, item.cites)
        if not memo.tech_areas:
            add_run(paragraph, memo.labels["none"], italic=True)

    def details(self, paragraph: Any, row: CommitmentRow) -> None:
        """The commitment's known fields, ``Label value · Label value``; no dashes."""
        for i, field in enumerate(row.details):
            if i:
                add_run(paragraph, " · ")
            add_run(paragraph, f"{field.label} ", bold=True)
            self.line(paragraph, field.value)
        shrink(paragraph, SMALL_PT)

    def commitment(self, container: Any, memo: MemoContext, row: CommitmentRow) -> None:
        """One commitment as two paragraphs (the bilingual layout's cells)."""
        paragraph = self.paragraph(container)
        add_run(paragraph, f"{row.number}. ", bold=True)
        self.line(paragraph, row.what)
        self.cites(paragraph, row.cites)
        if row.details:
            self.details(self.paragraph(container), row)

    def commitments_table(self, container: Any, memo: MemoContext) -> None:
        labels = memo.labels
        table = self.table(
            container,
            [
                "#",
                labels["what"],
                " · ".join(labels[k] for k in ("actors", "area", "amount", "timeline")),
            ],
            3,
        )
        for row in memo.commitments:
            cells = table.add_row().cells
            add_run(self.paragraph(cells[0]), str(row.number), bold=True)
            what = self.paragraph(cells[1])
            self.line(what, row.what)
            self.cites(what, row.cites)
            self.details(self.paragraph(cells[2]), row)
            shrink(cells[0].paragraphs[0], TABLE_PT)
            shrink(what, TABLE_PT)
        column_widths(self.document, table, (0.05, 0.58, 0.37))

    def quote(
        self, container: Any, memo: MemoContext, quote: QuoteRow, *, label_translation: bool
    ) -> None:
        if quote.original is not None:
            speaker = self.paragraph(container)
            self.line(speaker, quote.speaker, bold=True)
            self.cites(speaker, quote.cites)
            shrink(speaker, TABLE_PT)
            table = self.table(
                container, [memo.labels["machine_translation"], memo.labels["korean_original"]], 2
            )
            cells = table.add_row().cells
            self.line(self.paragraph(cells[0]), quote.text)
            self.line(self.paragraph(cells[1]), quote.original)
            shrink_table(table, TABLE_PT)
            return
        # one paragraph per quote: speaker, citations, then the words (if any: an English
        # memo without a model has only the rule-composed "X spoke on …")
        paragraph = self.paragraph(container, _quote_style(self.document))
        self.line(paragraph, quote.speaker, bold=True)
        self.cites(paragraph, quote.cites)
        if quote.text:
            add_run(paragraph, ": ")
            if label_translation and quote.machine:
                add_run(paragraph, f"({memo.labels['machine_translation']}) ", bold=True)
            self.line(paragraph, quote.text)
        shrink(paragraph, TABLE_PT)


def shrink(paragraph: Any, size_pt: float) -> None:
    """Smaller type for every run of ``paragraph``, the links' runs included."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    for r in paragraph._p.iter(qn("w:r")):
        r_pr = r.get_or_add_rPr()
        for tag in ("w:sz", "w:szCs"):
            old = r_pr.find(qn(tag))
            if old is not None:
                r_pr.remove(old)
            size = r_pr.makeelement(qn(tag), {qn("w:val"): str(int(Pt(size_pt).pt * 2))})
            r_pr.append(size)


def column_widths(document: Any, table: Any, fractions: Sequence[float]) -> None:
    """Column widths as fractions of the text block: in the grid (LibreOffice reads it)
    and on every cell (Word reads those)."""
    section = document.sections[-1]
    total = section.page_width - section.left_margin - section.right_margin
    table.autofit = False
    for column, fraction in zip(table.columns, fractions, strict=True):
        column.width = int(total * fraction)
    for row in table.rows:
        for cell, fraction in zip(row.cells, fractions, strict=True):
            cell.width = int(total * fraction)


def _drop_leading_empty_paragraph(container: Any) -> None:
    """A table cell starts with an empty paragraph; a table added to it comes after."""
    from docx.oxml.ns import qn

    if not hasattr(container, "_tc"):
        return
    first = next((c for c in container._tc if c.tag != qn("w:tcPr")), None)
    if first is not None and first.tag == qn("w:p") and not "".join(first.itertext()):
        container._tc.remove(first)


def shrink_table(table: Any, size_pt: float) -> None:
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                shrink(paragraph, size_pt)


def _no_header_look(table: Any) -> None:
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    look = tbl_pr.find(qn("w:tblLook"))
    if look is None:
        look = tbl_pr.makeelement(qn("w:tblLook"), {})
        tbl_pr.append(look)
    for key in ("firstRow", "firstColumn", "lastRow", "lastColumn"):
        look.set(qn(f"w:{key}"), "0")
    look.set(qn("w:noVBand"), "1")
    look.set(qn("w:val"), "0400")  # the bitmask form some readers use instead


def _quote_style(document: Any) -> str | None:
    names = {style.name for style in document.styles}
    return "Quote" if "Quote" in names else None


def _repeat_as_header(row: Any) -> None:
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {}))


# --------------------------------------------------------------------------- layouts


def _single(writer: DocxWriter, memo: MemoContext) -> None:
    doc, labels = writer.document, memo.labels
    kicker = doc.add_paragraph()
    add_run(kicker, labels["memo"], bold=True)
    title = doc.add_paragraph(style="Heading 1")
    writer.line(title, memo.title)
    if memo.subtitle:
        writer.line(doc.add_paragraph(), memo.subtitle)
    writer.header_block(doc, memo)

    writer.heading(labels["key_points"], 2)
    for item in memo.key_points:
        writer.key_point(doc, memo, item)
    if not memo.key_points:
        writer.empty(doc, memo)

    writer.heading(labels["people"], 2)
    if memo.people:
        table = writer.table(
            doc, [labels["person"], labels["title"], labels["organization"], labels["role"]], 4
        )
        for person in memo.people:
            cells = table.add_row().cells
            name = writer.paragraph(cells[0])
            writer.line(name, person.name)
            writer.cites(name, person.cites)
            writer.line(writer.paragraph(cells[1]), person.title)
            writer.line(writer.paragraph(cells[2]), person.organization)
            writer.line(writer.paragraph(cells[3]), person.roles)
        shrink_table(table, TABLE_PT)
    else:
        writer.empty(doc, memo)

    writer.heading(labels["parties"], 2)
    if memo.party_groups:
        table = writer.table(doc, None, 2)
        for group in memo.party_groups:
            cells = table.add_row().cells
            add_run(writer.paragraph(cells[0]), group.label, bold=True)
            writer.party_list(writer.paragraph(cells[1]), group)
        shrink_table(table, TABLE_PT)
        column_widths(doc, table, (0.2, 0.8))
    else:
        writer.empty(doc, memo)

    writer.heading(labels["tech_areas"], 2)
    writer.tech_list(doc, memo)

    writer.heading(labels["commitments"], 2)
    if memo.commitments:
        writer.commitments_table(doc, memo)
    else:
        writer.empty(doc, memo)

    writer.heading(labels["quotes"], 2)
    for quote in memo.quotes:
        writer.quote(doc, memo, quote, label_translation=False)
    if not memo.quotes:
        writer.empty(doc, memo)

    writer.heading(_sources_heading(memo), 2)
    intro = doc.add_paragraph()
    add_run(intro, labels["sources_intro"], italic=True)
    shrink(intro, SMALL_PT)
    for source in memo.sources:
        paragraph = doc.add_paragraph()
        add_run(paragraph, f"{source.number}. ", bold=True)
        writer.line(paragraph, source.text)
        writer.bookmark(paragraph, source.anchor)
        paragraph.paragraph_format.space_after = 0
        shrink(paragraph, SMALL_PT)


def _sources_heading(memo: MemoContext) -> str:
    annex = memo.labels.get("annex")
    return f"{annex}: {memo.labels['sources']}" if annex else str(memo.labels["sources"])


def _side_by_side(
    writer: DocxWriter,
    ko: MemoContext,
    en: MemoContext,
    key: str,
    rows: Sequence[tuple[Any, Any]],
    write: Callable[[Any, MemoContext, Any], None],
) -> None:
    writer.heading(f"{ko.labels[key]} / {en.labels[key]}", 2)
    table = writer.table(writer.document, None, 2)
    if not rows:
        cells = table.add_row().cells
        writer.empty(cells[0], ko)
        writer.empty(cells[1], en)
    for left, right in rows:
        cells = table.add_row().cells
        write(cells[0], ko, left)
        write(cells[1], en, right)


def _bilingual(writer: DocxWriter, ko: MemoContext, en: MemoContext) -> None:
    doc = writer.document
    kicker = doc.add_paragraph()
    add_run(kicker, f"{ko.labels['memo']} / {en.labels['memo']}", bold=True)
    writer.line(doc.add_paragraph(style="Heading 1"), ko.title)
    writer.line(doc.add_paragraph(), en.title, bold=True)
    table = writer.table(doc, None, 2)
    cells = table.add_row().cells
    writer.header_block(cells[0], ko)
    writer.header_block(cells[1], en)

    def pairs(name: str) -> list[tuple[Any, Any]]:
        return list(zip(getattr(ko, name), getattr(en, name), strict=True))

    _side_by_side(writer, ko, en, "key_points", pairs("key_points"), writer.key_point)
    _side_by_side(writer, ko, en, "people", pairs("people"), writer.person)
    _side_by_side(writer, ko, en, "parties", pairs("party_groups"), writer.party_group)
    _side_by_side(
        writer,
        ko,
        en,
        "tech_areas",
        [(None, None)] if ko.tech_areas else [],
        lambda cell, memo, _: writer.tech_list(cell, memo),
    )
    _side_by_side(writer, ko, en, "commitments", pairs("commitments"), writer.commitment)
    _side_by_side(
        writer,
        ko,
        en,
        "quotes",
        pairs("quotes"),
        lambda cell, memo, quote: writer.quote(cell, memo, quote, label_translation=True),
    )

    writer.heading(f"{_sources_heading(ko)} / {_sources_heading(en)}", 2)
    intro = doc.add_paragraph()
    add_run(intro, f"{ko.labels['sources_intro']} {en.labels['sources_intro']}", italic=True)
    shrink(intro, SMALL_PT)
    table = writer.table(doc, None, 3)
    for left, right in pairs("sources"):
        cells = table.add_row().cells
        number = writer.paragraph(cells[0])
        add_run(number, str(left.number), bold=True)
        writer.bookmark(number, left.anchor)
        writer.line(writer.paragraph(cells[1]), left.text)
        writer.line(writer.paragraph(cells[2]), right.text)
        for cell in cells:
            for paragraph in cell.paragraphs:
                shrink(paragraph, SMALL_PT)
    column_widths(doc, table, (0.04, 0.48, 0.48))


def write_memo(contexts: Mapping[str, MemoContext], options: RenderOptions) -> bytes:
    """The DOCX memo: one language (``{"ko": ...}`` or ``{"en": ...}``) or both side by side."""
    if "ko" in contexts and "en" in contexts:
        ko, en = contexts["ko"], contexts["en"]
        document = new_document(
            options, title=f"{ko.plain_title} / {en.plain_title}", lang="ko", landscape=True
        )
        writer = DocxWriter(document, en.labels["untranslated"])
        _bilingual(writer, ko, en)
    else:
        (memo,) = contexts.values()
        document = new_document(options, title=memo.plain_title, lang=memo.lang)
        writer = DocxWriter(document, memo.labels["untranslated"])
        _single(writer, memo)
    return document_bytes(document, options.font_cache)
