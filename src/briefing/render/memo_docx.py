"""The memo as DOCX: the same MemoContext as the PDF, written with real Word styles.

Title "Heading 1", sections "Heading 2", bullets "List Bullet", commitments "List Number",
tables in the document's table style; every citation ``[n]`` is an internal link to the
bookmark ``s<id>`` on its source sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from briefing.render.context import (
    Cite,
    CommitmentRow,
    Item,
    Line,
    MemoContext,
    PartyRow,
    PersonRow,
    QuoteRow,
)
from briefing.render.docx import (
    add_bookmark,
    add_internal_link,
    add_run,
    document_bytes,
    new_document,
    table_style,
)

if TYPE_CHECKING:
    from briefing.render import RenderOptions

UNTRANSLATED_COLOR = (0xAA, 0x33, 0x33)
MUTED_COLOR = (0x55, 0x55, 0x55)


class _Writer:
    """Adds memo pieces to a document or a table cell (anything with add_paragraph)."""

    def __init__(self, document: Any, untranslated_label: str) -> None:
        self.document = document
        self.untranslated_label = untranslated_label
        self.bookmark_id = 0
        self.table_style = table_style(document)

    # ---------------------------------------------------------------- low level

    def paragraph(self, container: Any, style: str | None = None) -> Any:
        """A new paragraph; a fresh table cell's own empty paragraph is used first."""
        paragraphs = getattr(container, "paragraphs", None)
        if (hasattr(container, "_tc") and paragraphs and len(paragraphs) == 1
                and not paragraphs[0].text and not paragraphs[0].runs
                and not getattr(container, "_briefing_used", False)):
            container._briefing_used = True
            if style:
                paragraphs[0].style = self.document.styles[style]
            return paragraphs[0]
        return container.add_paragraph(style=style)

    def line(self, paragraph: Any, line: Line, *, bold: bool = False) -> None:
        from docx.shared import RGBColor

        for span in line:
            if span.untranslated:
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
        return table

    def heading(self, text: str, level: int) -> None:
        add_run(self.document.add_paragraph(style=f"Heading {level}"), text)

    def empty(self, container: Any, memo: MemoContext) -> None:
        add_run(self.paragraph(container), memo.labels["none"], italic=True)

    # ---------------------------------------------------------------- items

    def header_block(self, container: Any, memo: MemoContext) -> None:
        table = self.table(container, None, 2)
        for row in memo.header:
            cells = table.add_row().cells
            add_run(self.paragraph(cells[0]), row.label, bold=True)
            self.line(self.paragraph(cells[1]), row.value)
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

    def party(self, container: Any, memo: MemoContext, party: PartyRow) -> None:
        paragraph = self.paragraph(container)
        self.line(paragraph, party.name)
        add_run(paragraph, " (")
        self.line(paragraph, party.kind)
        add_run(paragraph, ")")
        self.cites(paragraph, party.cites)

    def commitment(self, container: Any, memo: MemoContext, row: CommitmentRow,
                   *, numbered: bool = True) -> None:
        paragraph = self.paragraph(container, "List Number" if numbered else None)
        if not numbered:
            add_run(paragraph, f"{row.number}. ", bold=True)
        self.line(paragraph, row.what, bold=True)
        self.cites(paragraph, row.cites)
        labels = memo.labels
        detail = self.paragraph(container)
        detail.paragraph_format.left_indent = paragraph.paragraph_format.left_indent
        for i, (label, value) in enumerate(((labels["actors"], row.actors),
                                            (labels["area"], row.areas),
                                            (labels["amount"], row.amount),
                                            (labels["timeline"], row.timeline))):
            add_run(detail, ("; " if i else "") + f"{label}: ", bold=True)
            self.line(detail, value)

    def quote(self, container: Any, memo: MemoContext, quote: QuoteRow,
              *, label_translation: bool) -> None:
        speaker = self.paragraph(container)
        self.line(speaker, quote.speaker, bold=True)
        self.cites(speaker, quote.cites)
        if quote.original is not None:
            table = self.table(container, [memo.labels["machine_translation"],
                                           memo.labels["korean_original"]], 2)
            cells = table.add_row().cells
            self.line(self.paragraph(cells[0]), quote.text)
            self.line(self.paragraph(cells[1]), quote.original)
            return
        paragraph = self.paragraph(container, _quote_style(self.document))
        if label_translation:
            add_run(paragraph, f"{memo.labels['machine_translation']}: ", bold=True)
        self.line(paragraph, quote.text)


def _quote_style(document: Any) -> str | None:
    names = {style.name for style in document.styles}
    return "Quote" if "Quote" in names else None


def _repeat_as_header(row: Any) -> None:
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {}))


# --------------------------------------------------------------------------- layouts


def _single(writer: _Writer, memo: MemoContext) -> None:
    doc, labels = writer.document, memo.labels
    kicker = doc.add_paragraph()
    add_run(kicker, labels["memo"], bold=True)
    title = doc.add_paragraph(style="Heading 1")
    writer.line(title, memo.title)
    writer.header_block(doc, memo)

    writer.heading(labels["key_points"], 2)
    for item in memo.key_points:
        writer.key_point(doc, memo, item)
    if not memo.key_points:
        writer.empty(doc, memo)

    writer.heading(labels["people"], 2)
    if memo.people:
        table = writer.table(doc, [labels["person"], labels["title"], labels["organization"],
                                   labels["role"]], 4)
        for person in memo.people:
            cells = table.add_row().cells
            name = writer.paragraph(cells[0])
            writer.line(name, person.name)
            writer.cites(name, person.cites)
            writer.line(writer.paragraph(cells[1]), person.title)
            writer.line(writer.paragraph(cells[2]), person.organization)
            writer.line(writer.paragraph(cells[3]), person.roles)
    else:
        writer.empty(doc, memo)

    writer.heading(labels["parties"], 2)
    if memo.parties:
        table = writer.table(doc, [labels["parties"], labels["kind"]], 2)
        for party in memo.parties:
            cells = table.add_row().cells
            name = writer.paragraph(cells[0])
            writer.line(name, party.name)
            writer.cites(name, party.cites)
            writer.line(writer.paragraph(cells[1]), party.kind)
    else:
        writer.empty(doc, memo)

    writer.heading(labels["tech_areas"], 2)
    for item in memo.tech_areas:
        writer.simple_item(doc, memo, item)
    if not memo.tech_areas:
        writer.empty(doc, memo)

    writer.heading(labels["commitments"], 2)
    for row in memo.commitments:
        writer.commitment(doc, memo, row)
    if not memo.commitments:
        writer.empty(doc, memo)

    writer.heading(labels["quotes"], 2)
    for quote in memo.quotes:
        writer.quote(doc, memo, quote, label_translation=False)
    if not memo.quotes:
        writer.empty(doc, memo)

    writer.heading(labels["sources"], 2)
    add_run(doc.add_paragraph(), labels["sources_intro"], italic=True)
    for source in memo.sources:
        paragraph = doc.add_paragraph()
        add_run(paragraph, f"{source.number}. ", bold=True)
        writer.line(paragraph, source.text)
        writer.bookmark(paragraph, source.anchor)


def _side_by_side(writer: _Writer, ko: MemoContext, en: MemoContext, key: str,
                  rows: Sequence[tuple[Any, Any]],
                  write: Callable[[Any, MemoContext, Any], None]) -> None:
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


def _bilingual(writer: _Writer, ko: MemoContext, en: MemoContext) -> None:
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
    _side_by_side(writer, ko, en, "parties", pairs("parties"), writer.party)
    _side_by_side(writer, ko, en, "tech_areas", pairs("tech_areas"), writer.simple_item)
    _side_by_side(writer, ko, en, "commitments", pairs("commitments"),
                  lambda cell, memo, row: writer.commitment(cell, memo, row, numbered=False))
    _side_by_side(writer, ko, en, "quotes", pairs("quotes"),
                  lambda cell, memo, quote: writer.quote(
                      cell, memo, quote, label_translation=memo is en))

    writer.heading(f"{ko.labels['sources']} / {en.labels['sources']}", 2)
    add_run(doc.add_paragraph(), f"{ko.labels['sources_intro']} {en.labels['sources_intro']}",
            italic=True)
    table = writer.table(doc, None, 3)
    for left, right in pairs("sources"):
        cells = table.add_row().cells
        number = writer.paragraph(cells[0])
        add_run(number, str(left.number), bold=True)
        writer.bookmark(number, left.anchor)
        writer.line(writer.paragraph(cells[1]), left.text)
        writer.line(writer.paragraph(cells[2]), right.text)


def write_memo(contexts: Mapping[str, MemoContext], options: RenderOptions) -> bytes:
    """The DOCX memo: one language (``{"ko": ...}`` or ``{"en": ...}``) or both side by side."""
    if "ko" in contexts and "en" in contexts:
        ko, en = contexts["ko"], contexts["en"]
        document = new_document(options, title=f"{ko.plain_title} / {en.plain_title}",
                                lang="ko", landscape=True)
        writer = _Writer(document, en.labels["untranslated"])
        _bilingual(writer, ko, en)
    else:
        (memo,) = contexts.values()
        document = new_document(options, title=memo.plain_title, lang=memo.lang)
        writer = _Writer(document, memo.labels["untranslated"])
        _single(writer, memo)
    return document_bytes(document)
