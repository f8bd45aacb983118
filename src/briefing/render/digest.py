"""Drawing the weekly digest: ``DigestContext`` -> PDF (``weekly.html`` + ``weekly.css``
through WeasyPrint) or DOCX (python-docx, with the memo's ``DocxWriter``).

Both formats show the same parts in the same order: overview, the trend chart and its
one-line summary, the week's events by technology area, late arrivals, events by partner
country, the annex of further commitments, the index of people and parties. The chart is
vector in the PDF (inline SVG) and a picture in the DOCX (``chart.py``).

The same context gives the same bytes: the PDF's dates and the DOCX's creation time come
from ``context.created`` (the data), never from the clock.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from briefing.render.digest_context import DigestContext, DigestEntry, IndexRow
from briefing.render.rows import DocLang, EntryRef, Line

if TYPE_CHECKING:
    from briefing.render import Format, RenderOptions
    from briefing.render.memo_docx import DocxWriter

CHART_WIDTH_MM = 170
SMALL_PT = 8.5
MAX_WORKERS = 4  # one process per document at most


def render_digests(
    contexts: Mapping[DocLang, DigestContext], formats: Sequence[Format], options: RenderOptions
) -> dict[str, bytes]:
    """Every ``digest.<lang>.<fmt>``, rendered side by side on the machine's cores.

    WeasyPrint and python-docx hold Python's lock while they work, so each document is
    drawn in a process of its own (started fresh: safe next to the watcher's threads);
    with one core, or one document, they are drawn here, one after the other.
    """
    jobs = [
        (f"digest.{lang}.{fmt}", context, fmt)
        for lang, context in contexts.items()
        for fmt in formats
    ]
    workers = min(len(jobs), os.cpu_count() or 1, MAX_WORKERS)
    if workers < 2:
        return {name: render_digest(context, fmt, options) for name, context, fmt in jobs}
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    slowest_first = sorted(jobs, key=lambda job: job[2] != "pdf")
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {
            name: pool.submit(render_digest, context, fmt, options)
            for name, context, fmt in slowest_first
        }
        return {name: futures[name].result() for name, _, _ in jobs}


def render_digest(context: DigestContext, fmt: Format, options: RenderOptions) -> bytes:
    """One digest in one language as PDF or DOCX bytes."""
    from dataclasses import replace

    from briefing.errors import RenderError

    options = replace(options, generated_at=context.created)
    if fmt == "pdf":
        return _pdf(context, options)
    if fmt == "docx":
        return _docx(context, options)
    raise RenderError(f"unknown digest format {fmt!r}", "use pdf or docx")


def _pdf(d: DigestContext, options: RenderOptions) -> bytes:
    from briefing.render.chart import trend_svg
    from briefing.render.pdf import html_to_pdf
    from briefing.render.templating import render_template

    chart = "" if d.trends.empty else trend_svg(d.trends)
    html = render_template(options.templates_dir, "weekly.html", d=d, chart=chart)
    return html_to_pdf(html, options, title=d.title, lang=d.lang, created=d.created)


# --------------------------------------------------------------------------- DOCX


def _docx(d: DigestContext, options: RenderOptions) -> bytes:
    from briefing.render.docx import add_run, document_bytes, new_document
    from briefing.render.memo_docx import DocxWriter, shrink

    labels = d.labels
    doc = new_document(options, title=d.title, lang=d.lang)
    w = DocxWriter(doc, str(labels["untranslated"]))
    add_run(doc.add_paragraph(style="Title"), d.title)
    meta = f"{labels['period']}: {d.period}"
    if d.as_of:
        meta += f" · {labels['as_of']}: {d.as_of}"
    paragraph = doc.add_paragraph()
    add_run(paragraph, meta, italic=True)
    shrink(paragraph, SMALL_PT)
    add_run(doc.add_paragraph(), d.overview)
    if d.empty_note:
        add_run(doc.add_paragraph(), d.empty_note, italic=True)
    for note in d.notes:
        add_run(doc.add_paragraph(), note, italic=True)

    _trends(doc, w, d)

    if d.sections:
        w.heading(str(labels["by_area"]), 1)
        add_run(doc.add_paragraph(), str(labels["new_note"]), italic=True)
    for section in d.sections:
        w.heading(section.title, 2)
        for entry in section.entries:
            _entry(doc, w, d, entry)
    if d.late:
        w.heading(str(labels["late_arrivals"]), 1)
        add_run(doc.add_paragraph(), str(labels["late_note"]), italic=True)
        for entry in d.late:
            _entry(doc, w, d, entry)

    if d.countries:
        w.heading(str(labels["by_country"]), 1)
        for country in d.countries:
            paragraph = doc.add_paragraph()
            w.line(paragraph, country.country, bold=True)
            add_run(paragraph, ": ")
            _refs(paragraph, country.entries, with_titles=True)

    if d.commitments:
        _annex(doc, w, d)

    if d.people or d.parties:
        w.heading(str(labels["index"]), 1)
        for title, rows in ((labels["people"], d.people), (labels["parties"], d.parties)):
            if rows:
                w.heading(str(title), 2)
                _index(doc, w, d, rows)
    return bytes(document_bytes(doc, options.font_cache))


def _trends(doc: Any, w: DocxWriter, d: DigestContext) -> None:
    from docx.shared import Mm

    from briefing.render.chart import trend_png
    from briefing.render.docx import add_run

    labels = d.labels
    w.heading(f"{labels['trends']} ({d.trends.weeks})", 1)
    add_run(doc.add_paragraph(), d.trends.summary)
    if not d.trends.empty:
        doc.add_picture(io.BytesIO(trend_png(d.trends)), width=Mm(CHART_WIDTH_MM))
        inline = doc.inline_shapes[-1]._inline
        inline.docPr.set("descr", d.trends.summary)  # the picture's alternative text
    add_run(doc.add_paragraph(), str(labels["trends_note"]), italic=True)


def _style(doc: Any, name: str) -> Any:
    """A paragraph style by name, looked up once per document (python-docx searches every
    style on each lookup by name)."""
    cache: dict[str, Any] = doc.__dict__.setdefault("_briefing_styles", {})
    if name not in cache:
        cache[name] = doc.styles[name]
    return cache[name]


def _entry(doc: Any, w: DocxWriter, d: DigestContext, e: DigestEntry) -> None:
    from briefing.render.docx import add_run
    from briefing.render.memo_docx import shrink

    labels = d.labels
    heading = doc.add_paragraph(style=_style(doc, "Heading 3"))
    add_run(heading, f"{e.number}. ")
    w.line(heading, e.title)
    if e.is_new:
        add_run(heading, f"  [{labels['new']}]", bold=True)
    w.bookmark(heading, e.anchor)
    if e.published_in:
        add_run(doc.add_paragraph(), e.published_in, italic=True)
    for field in e.fields:
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.space_after = 0  # the fields read as one block
        add_run(paragraph, f"{field.label}: ", bold=True)
        w.line(paragraph, field.value)
        shrink(paragraph, SMALL_PT)
    if e.summary:
        w.line(doc.add_paragraph(), e.summary)
    if e.commitments:
        add_run(doc.add_paragraph(), str(labels["key_commitments"]), bold=True)
        for line in e.commitments:
            w.line(doc.add_paragraph(style=_style(doc, "List Bullet")), line)
        if e.more_commitments:
            add_run(doc.add_paragraph(), e.more_commitments, italic=True)
    add_run(doc.add_paragraph(), str(labels["sources"]), bold=True)
    for s in e.sources:
        paragraph = doc.add_paragraph(style=_style(doc, "List Bullet"))
        w.line(paragraph, s.outlet)
        add_run(paragraph, f" ({s.published}): ")
        w.line(paragraph, s.title)
        add_run(paragraph, f" [{s.file}]")
        shrink(paragraph, SMALL_PT)


def _refs(paragraph: Any, refs: Sequence[EntryRef], *, with_titles: bool = False) -> None:
    from briefing.render.docx import add_internal_link, add_run

    for i, ref in enumerate(refs):
        if i:
            add_run(paragraph, "; " if with_titles else ", ")
        text = f"{ref.number}. {ref.headline}" if with_titles else str(ref.number)
        add_internal_link(paragraph, text, ref.anchor)


def _cell(w: DocxWriter, cell: Any, line: Line) -> None:
    w.line(w.paragraph(cell), line)


def _annex(doc: Any, w: DocxWriter, d: DigestContext) -> None:
    from briefing.render.docx import add_run
    from briefing.render.memo_docx import column_widths, shrink_table

    labels = d.labels
    w.heading(str(labels["commitments"]), 1)
    add_run(doc.add_paragraph(), str(labels["commitments_note"]), italic=True)
    headers = [str(labels[k]) for k in ("entry", "what", "amount", "timeline", "source")]
    table = w.table(doc, headers, len(headers))
    for row in d.commitments:
        cells = table.add_row().cells
        if row.entry is not None:
            _refs(w.paragraph(cells[0]), [row.entry])
        _cell(w, cells[1], row.what)
        _cell(w, cells[2], row.amount)
        _cell(w, cells[3], row.timeline)
        _cell(w, cells[4], row.sources)
    column_widths(doc, table, (0.08, 0.56, 0.12, 0.12, 0.12))
    shrink_table(table, SMALL_PT)


def _index(doc: Any, w: DocxWriter, d: DigestContext, rows: Sequence[IndexRow]) -> None:
    from briefing.render.memo_docx import column_widths, shrink_table

    labels = d.labels
    headers = [str(labels[k]) for k in ("name", "detail", "entries")]
    table = w.table(doc, headers, 3)
    for row in rows:
        cells = table.add_row().cells
        _cell(w, cells[0], row.name)
        _cell(w, cells[1], row.detail)
        _refs(w.paragraph(cells[2]), row.entries)
    column_widths(doc, table, (0.3, 0.52, 0.18))
    shrink_table(table, SMALL_PT)
