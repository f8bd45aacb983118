"""Tables of word-processor documents as lines of text.

A one-cell table (a boxed title, a boxed summary) and a one-column table are text: each
cell's paragraphs become lines. A real grid becomes one line per row, its cells separated
by `` | `` (the cleaning stage's press-release step reads a header row such as
``성명 | 소속 | 직위`` and turns the rows into a list). Merged cells repeated across a span
are written once.
"""

from __future__ import annotations

from collections.abc import Sequence

CELL_SEPARATOR = " | "


def table_lines(rows: Sequence[Sequence[Sequence[str]]]) -> list[str]:
    """``rows`` of cells, each cell its paragraphs' lines."""
    rows = [row for row in rows if any(any(p.strip() for p in cell) for cell in row)]
    if not rows:
        return []
    columns = max(len(row) for row in rows)
    if columns == 1:
        return [p.strip() for row in rows for cell in row for p in cell if p.strip()]
    lines = []
    for row in rows:
        cells: list[str] = []
        for cell in row:
            text = " ".join(" ".join(p.split()) for p in cell if p.strip())
            if not cells or text != cells[-1] or not text:
                cells.append(text)
        while cells and not cells[-1]:
            cells.pop()
        if len([c for c in cells if c]) == 1:
            lines.append(next(c for c in cells if c))
        elif cells:
            lines.append(CELL_SEPARATOR.join(c.replace("|", "/") for c in cells))
    return lines
