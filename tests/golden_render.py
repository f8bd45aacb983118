"""Golden files of the rendered memos: their extracted text and structure, not their bytes.

A PDF is summed up as its page count, metadata, bookmarks, internal links (read with
pypdf) and the text of each page (read with PDFium); a DOCX as its core properties, header,
footer, and each paragraph (with its style) and table (with its size and style) in order
(python-docx).

Two sets, one file per seed, memo kind and format under tests/golden/:
- ``fixtures/``: the hand-written facts documents in tests/fixtures/facts/;
- ``pipeline/``: the seeds in seeds/ through the real pipeline (no translation model).

Regenerate both after an intended change, then review the diff:

    .venv/bin/python tests/regen_golden.py            # both sets
    .venv/bin/python tests/regen_golden.py fixtures   # one set
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from briefing.render import Format, Lang, RenderOptions, render_memo
from briefing.types import Facts

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
FIXTURE_FACTS = ROOT / "tests" / "fixtures" / "facts"
SEEDS = ROOT / "seeds"
KINDS: tuple[Lang, ...] = ("ko", "en", "bilingual")
FORMATS: tuple[Format, ...] = ("pdf", "docx")
# A fixed clock: the header shows when the memo was generated.
OPTIONS = RenderOptions(generated_at="2025-11-03T09:00:00+09:00")


def pdf_page_texts(data: bytes) -> list[str]:
    """The text of each page of a PDF, read with PDFium (pypdf's reader takes about ten
    times as long on these memos, a good part of the suite's rendering tests)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        texts = []
        for page in pdf:
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_range().replace("\r\n", "\n")
            finally:
                textpage.close()
                page.close()
            texts.append(text.replace("\ufffe", "-\n"))  # PDFium's mark of a hyphen at a line end
        return texts
    finally:
        pdf.close()


def pdf_text(data: bytes) -> str:
    """The text of every page of a PDF, one page after the other."""
    return "\n".join(pdf_page_texts(data))


def pdf_summary(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    meta = reader.metadata
    root = reader.trailer["/Root"]
    lines = [
        f"pages: {len(reader.pages)}",
        f"title: {meta.title if meta else None}",
        f"author: {meta.author if meta else None}",
        f"lang: {root.get('/Lang')}",
        f"tagged: {'/StructTreeRoot' in root}",
        f"internal links: {len(internal_link_targets(reader))}",
        "bookmarks:",
    ]
    lines += [f"  {'  ' * depth}{title}" for depth, title in outline(reader.outline)]
    for number, text in enumerate(pdf_page_texts(data), start=1):
        lines.append(f"--- page {number}")
        lines += [line.rstrip() for line in text.splitlines() if line.strip()]
    return "\n".join(lines) + "\n"


def outline(items: Any, depth: int = 0) -> Iterator[tuple[int, str]]:
    for item in items:
        if isinstance(item, list):
            yield from outline(item, depth + 1)
        else:
            yield depth, str(item.title)


def internal_link_targets(reader: Any) -> list[str]:
    """The named destinations the PDF's link annotations point to."""
    targets = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            dest = annot.get("/Dest") or (action.get("/D") if action else None)
            if dest is not None:
                targets.append(str(dest))
    return targets


def docx_summary(data: bytes) -> str:
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    core = document.core_properties
    section = document.sections[0]
    lines = [
        f"title: {core.title}",
        f"author: {core.author}",
        f"language: {core.language}",
        f"page: {round(section.page_width.mm)}x{round(section.page_height.mm)} mm",
        f"header: {' / '.join(p.text for p in section.header.paragraphs)}",
        f"footer: {' / '.join(p.text for p in section.footer.paragraphs)}",
        f"internal links: {len(document.element.body.findall('.//' + qn('w:hyperlink')))}",
        f"bookmarks: {len(document.element.body.findall('.//' + qn('w:bookmarkStart')))}",
    ]
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            lines.append(f"[{paragraph.style.name if paragraph.style else None}] {paragraph.text}")
        elif child.tag == qn("w:tbl"):
            table = Table(child, document)
            style = table.style.name if table.style else None
            lines.append(f"[table {len(table.rows)}x{len(table.columns)} {style}]")
            for row in table.rows:
                cells = [re.sub(r"\s*\n\s*", " / ", cell.text) for cell in row.cells]
                lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def summary(data: bytes, fmt: Format) -> str:
    return pdf_summary(data) if fmt == "pdf" else docx_summary(data)


def fixture_facts() -> dict[str, Facts]:
    from briefing.pipeline import load_facts

    return {path.stem: load_facts(path) for path in sorted(FIXTURE_FACTS.glob("seed-*.json"))}


def pipeline_facts() -> dict[str, Facts]:
    """The seeds through the real pipeline, without a translation model, with a store of
    their own (an empty names registry: names learned elsewhere must not change them)."""
    import tempfile

    from briefing.config import Config
    from briefing.pipeline import facts_from_file

    store = Path(tempfile.mkdtemp(prefix="briefing-golden-")) / "store.sqlite3"
    config = Config(models_dir=Path(os.devnull) / "no-models", store_path=store)
    facts = {}
    for path in sorted(SEEDS.glob("*.txt")):
        article = facts_from_file(path.relative_to(ROOT), config, None)
        facts[f"seed-{path.name[:3]}"] = article
    return facts


def golden_path(group: str, name: str, lang: Lang, fmt: Format) -> Path:
    return GOLDEN / group / f"{name}.{lang}.{fmt}.txt"


def render_summaries(facts: dict[str, Facts]) -> dict[tuple[str, Lang, Format], str]:
    return {
        (name, lang, fmt): summary(render_memo(f, lang, fmt, OPTIONS), fmt)
        for name, f in facts.items()
        for lang in KINDS
        for fmt in FORMATS
    }


def regenerate(group: str) -> list[Path]:
    facts = fixture_facts() if group == "fixtures" else pipeline_facts()
    written = []
    for (name, lang, fmt), text in render_summaries(facts).items():
        path = golden_path(group, name, lang, fmt)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
