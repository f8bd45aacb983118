"""PDF: the text layer read with PDFium (pypdfium2), or the pages OCR'd when there is none.

Why PDFium (pypdfium2) and not pdfminer.six (docs/inputs.md has the measurements): it
reads CID-keyed Korean fonts with and without a ToUnicode map (the Adobe-Korea1 CMaps
UniKS-UCS2-H, KSCms-UHC-H, KSC-EUC-H), it reads the PDFs that browsers, WeasyPrint, Word
and Hangul write (pdfminer.six returns no text at all for WeasyPrint's), and it is an order
of magnitude faster (a 20-page article in well under a second).

The page's text comes as runs with their boxes, in the order the page draws them (the
reading order of single-column articles and press releases). Runs on one baseline make a
line; lines are grouped into paragraphs by the vertical gaps, bullets and short closing
lines, and joined (readers.lines). Running headers and footers (a line in the top or
bottom band repeated on other pages) and page numbers (``3``, ``- 3 -``, ``3 / 12``,
``Page 3 of 12``) are dropped.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.errors import InputError
from briefing.readers.lines import join_wrapped
from briefing.readers.tables import CELL_SEPARATOR
from briefing.types import RawDocument

MAX_PAGES = 300
# A page with fewer characters than this (after furniture) has no text layer to speak of.
MIN_PAGE_CHARS = 20
_BAND = 0.09  # running headers and footers live in the top and bottom 9% of the page

_PAGE_NUMBER = re.compile(
    r"^[-–—(\[<]?\s*(?:page\s*|p\.\s*)?\d{1,4}(?:\s*(?:/|of|-)\s*\d{1,4})?\s*[-–—)\]>]?\s*(?:쪽|페이지)?$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^(?:[□■○◦ㅇ●◎◇◆▶▷►▲△※•·*∙ㆍ]|-\s|\d{1,2}[.)]\s|[가-하][.)]\s|[①-⑳])")


@dataclass
class _Line:
    page: int
    top: float  # distance from the top of the page, in points
    bottom: float
    left: float
    right: float
    text: str

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)


def read_pdf(path: Path, data: bytes) -> RawDocument:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _open_error(path, exc) from exc
    try:
        pages = len(pdf)
        if pages == 0:
            raise InputError(f"{path}: the PDF has no pages", "save the article as PDF again")
        if pages > MAX_PAGES:
            raise InputError(
                f"{path}: the PDF has {pages} pages (the limit is {MAX_PAGES})",
                "a news article or press release is far shorter: save only its pages",
            )
        page_lines, page_sizes = _text_layer(pdf)
        empty = [i for i, lines in enumerate(page_lines) if _chars(lines) < MIN_PAGE_CHARS]
        encoding = "pdf-text"
        if len(empty) == pages or _unusable(page_lines):
            page_lines = _ocr(path, pdf, range(pages))
            encoding = "ocr"
        elif empty:  # scanned pages among text pages (an annex, a signed page)
            from briefing.readers.ocr import ocr_available

            if ocr_available():
                scanned = _ocr(path, pdf, empty)
                for index, lines in zip(empty, scanned, strict=True):
                    page_lines[index] = lines
        body = _drop_furniture(page_lines, page_sizes)
        text = "\n".join(_paragraphs(body, page_sizes))
        if encoding == "ocr" and not text.strip():
            raise InputError(
                f"{path}: the PDF has no text layer and OCR found no text on its pages",
                "check that the scan holds the article, or save the article as text",
            )
        return RawDocument(str(path), text, encoding, "pdf")
    finally:
        pdf.close()


def _ocr(path: Path, pdf: Any, pages: Any) -> list[list[_Line]]:
    from briefing.readers.ocr import check_ocr, ocr_page_lines

    check_ocr(path)
    return [[_Line(index, *box) for box in ocr_page_lines(path, pdf, index)] for index in pages]


def _open_error(path: Path, exc: Any) -> InputError:
    code = getattr(exc, "err_code", None)
    if code == 4:  # FPDF_ERR_PASSWORD
        return InputError(
            f"{path}: the PDF is protected by a password (encrypted)",
            "open it with its password, print or save it as a PDF without one, and brief that",
        )
    if code == 6:  # FPDF_ERR_SECURITY
        return InputError(
            f"{path}: the PDF uses an encryption that cannot be opened",
            "save it again as a PDF without protection",
        )
    return InputError(
        f"{path}: damaged or truncated PDF (cannot open it: {exc})",
        "download or save the PDF again",
    )


def _chars(lines: list[_Line]) -> int:
    return sum(len(line.text.strip()) for line in lines)


def _unusable(page_lines: list[list[_Line]]) -> bool:
    """A text layer of private-use or undefined codes: fonts without a Unicode mapping."""
    text = "".join(line.text for lines in page_lines for line in lines)
    letters = [ch for ch in text if not ch.isspace()]
    if len(letters) < MIN_PAGE_CHARS:
        return False
    bad = sum(1 for ch in letters if "\ue000" <= ch <= "\uf8ff" or ch == "\ufffd" or ch < " ")
    return bad > 0.3 * len(letters)


# --------------------------------------------------------------------------- text layer


def _text_layer(pdf: Any) -> tuple[list[list[_Line]], list[tuple[float, float]]]:
    """Every page's lines (runs on one baseline merged), and each page's width and height."""
    page_lines: list[list[_Line]] = []
    sizes: list[tuple[float, float]] = []
    for index in range(len(pdf)):
        page = pdf[index]
        try:
            width, height = float(page.get_width()), float(page.get_height())
            textpage = page.get_textpage()
            try:
                runs = []
                for r in range(textpage.count_rects()):
                    left, bottom, right, top = textpage.get_rect(r)
                    text = textpage.get_text_bounded(left, bottom, right, top)
                    text = text.replace("\r", " ").replace("\n", " ").replace("\x00", "")
                    if text.strip():
                        runs.append(_Line(index, height - top, height - bottom, left, right, text))
            finally:
                textpage.close()
        finally:
            page.close()
        page_lines.append(_merge_runs(runs))
        sizes.append((width, height))
    return page_lines, sizes


def _merge_runs(runs: list[_Line]) -> list[_Line]:
    lines: list[_Line] = []
    for run in runs:
        last = lines[-1] if lines else None
        overlap = 0.0
        if last is not None:
            overlap = min(last.bottom, run.bottom) - max(last.top, run.top)
        if (
            last is not None
            and overlap > 0.5 * min(last.height, run.height)
            and run.left >= last.left
        ):
            gap = run.left - last.right
            sep = " " if gap > 0.15 * run.height and not last.text.endswith(" ") else ""
            if gap > 1.2 * run.height:  # a gap no word space makes: the next table cell
                sep = CELL_SEPARATOR
            last.text = (last.text + sep + run.text).rstrip()
            last.right = max(last.right, run.right)
            last.top, last.bottom = min(last.top, run.top), max(last.bottom, run.bottom)
        else:
            run.text = run.text.strip()
            lines.append(run)
    for line in lines:
        line.text = " ".join(line.text.split())
    return lines


def _drop_furniture(
    page_lines: list[list[_Line]], page_sizes: list[tuple[float, float]]
) -> list[_Line]:
    """All pages' lines without running headers, footers and page numbers.

    Furniture lives in the top or bottom band of a page: a page number there, a line
    repeated there on other pages (digits aside), or a line in a smaller type set apart
    from the text by more than a blank line (a one-page clipping's running header).
    """

    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", line.text.replace(" ", ""))

    def in_band(line: _Line) -> bool:
        height = page_sizes[line.page][1]
        return line.top < _BAND * height or line.bottom > (1 - _BAND) * height

    pages_with = Counter(
        k for lines in page_lines for k in {key(line) for line in lines if in_band(line)}
    )
    repeated = max(2, (len(page_lines) + 1) // 2)
    all_heights = sorted(line.height for lines in page_lines for line in lines)
    usual = all_heights[len(all_heights) // 2] if all_heights else 0.0
    kept = []
    for lines in page_lines:
        for i, line in enumerate(lines):
            if in_band(line) and (
                _PAGE_NUMBER.match(line.text)
                or pages_with[key(line)] >= repeated
                or (line.height < 0.85 * usual and _set_apart(lines, i, usual))
            ):
                continue
            kept.append(line)
    return kept


def _set_apart(lines: list[_Line], i: int, usual: float) -> bool:
    line = lines[i]
    others = [other for j, other in enumerate(lines) if j != i]
    if not others:
        return False
    nearest = min(
        min(abs(other.top - line.bottom), abs(line.top - other.bottom)) for other in others
    )
    return nearest > 2 * usual


# --------------------------------------------------------------------------- paragraphs


def _paragraphs(lines: list[_Line], page_sizes: list[tuple[float, float]]) -> list[str]:
    if not lines:
        return []
    layout = _page_layouts(lines, page_sizes)
    paragraphs: list[list[str]] = [[lines[0].text]]
    ambiguous: list[list[bool]] = [[]]
    for previous, line in itertools.pairwise(lines):
        margin, pitch, size = layout[previous.page]
        full = previous.right >= margin - _first_word_width(line, size)
        if _starts_paragraph(previous, line, full, pitch):
            paragraphs.append([line.text])
            ambiguous.append([])
        else:
            paragraphs[-1].append(line.text)
            ambiguous[-1].append(full)
    return [p for p in join_wrapped(paragraphs, ambiguous) if p.strip()]


def _page_layouts(
    lines: list[_Line], page_sizes: list[tuple[float, float]]
) -> dict[int, tuple[float, float, float]]:
    """Per page: the right text edge, and the document's usual line pitch and line height.

    Run boxes follow the glyphs (a line of digits is lower than one with brackets), so
    usual values are compared, not each line's own. Pitch and height are the document's:
    a last page of three short paragraphs has no line-to-line step of its own.
    """
    sizes = sorted(line.height for line in lines)
    size = sizes[len(sizes) // 2]
    steps = sorted(
        b.top - a.top
        for a, b in itertools.pairwise(lines)
        if a.page == b.page and 0.5 * size < b.top - a.top < 3 * size
    )
    # The lower steps are line to line inside a paragraph; paragraph breaks add space.
    pitch = steps[len(steps) // 5] if steps else 1.5 * size
    by_page: dict[int, list[_Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    layouts = {}
    for page, page_lines in by_page.items():
        rights = sorted((line.right for line in page_lines), reverse=True)
        if len(rights) >= 6:
            # The third-furthest right edge: one stray line at the edge is no margin.
            margin = rights[2]
        else:  # too few lines to tell: margins as wide on the right as on the left
            margin = page_sizes[page][0] - min(line.left for line in page_lines)
        layouts[page] = (margin, pitch, size)
    return layouts


def _first_word_width(line: _Line, size: float) -> float:
    """About how wide the line's first word is: had it fit on the line above, the layout
    would have put it there, so that line ended its paragraph."""
    word = line.text.split(" ", 1)[0]
    # Hangul and Hanja are a full em wide (about the run height); Latin letters, digits
    # and punctuation about half that.
    wide = sum(1 for ch in word if ch >= "\u1100")
    return (0.3 + wide + 0.6 * (len(word) - wide)) * size  # with the space before it


def _starts_paragraph(previous: _Line, line: _Line, previous_full: bool, pitch: float) -> bool:
    if _BULLET.match(line.text) or CELL_SEPARATOR in line.text or CELL_SEPARATOR in previous.text:
        return True  # a bullet, or a table row: lines of their own
    if line.page != previous.page:
        # A paragraph running over a page break goes on unless its last line stopped short.
        return not previous_full
    step = line.top - previous.top
    if step > 1.4 * pitch or step < -0.5 * pitch:
        return True  # a blank line's worth of space, or a jump back up (a new column)
    return not previous_full  # the line stopped short of the margin: the paragraph ended
