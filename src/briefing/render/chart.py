"""The digest's trend chart, drawn twice from one layout: SVG for the PDF (vector, inline in
the HTML WeasyPrint renders) and PNG for the DOCX (a picture every Word opens).

Two panels side by side, technology areas and partner countries; per row a dark bar for the
week's events and a light bar for the weekly average of the four weeks before, each with its
number. Labels are cut to fit with "…".
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import markupsafe

from briefing.render.digest_context import TrendChart, TrendsView
from briefing.render.fonts import (
    EXTRA_FAMILY,
    FACES,
    HANJA_FAMILY,
    JAPANESE_FAMILY,
    LATIN_FAMILY,
    SANS_FAMILY,
    font_codepoints,
    fonts_dir,
)

WIDTH = 640  # user units (SVG) = pixels at scale 1 (PNG)
PANEL_GAP = 24
LEGEND_HEIGHT = 22
TITLE_HEIGHT = 20
ROW_HEIGHT = 24
BAR_HEIGHT = 8
LABEL_WIDTH = 150
NUMBER_WIDTH = 34
FONT_SIZE = 10
# a label's width in half-width characters (Hangul counts two): the longest area label whole
LABEL_COLUMNS = 26
THIS_WEEK_COLOR = "#1f4e9a"
AVERAGE_COLOR = "#b8c4d2"
TEXT_COLOR = "#111111"
MUTED_COLOR = "#555555"
# the PDF's @font-face families
FONT_FAMILIES = ", ".join(  # the PDF's @font-face
    f"'{f}'" for f in (SANS_FAMILY, EXTRA_FAMILY, HANJA_FAMILY, JAPANESE_FAMILY, LATIN_FAMILY)
)
PNG_SCALE = 3  # pixels per user unit: sharp when the picture is printed 17 cm wide


@dataclass(frozen=True)
class _Text:
    x: float
    y: float  # baseline
    text: str
    size: float = FONT_SIZE
    color: str = TEXT_COLOR
    bold: bool = False
    anchor: str = "start"  # or "end"


@dataclass(frozen=True)
class _Rect:
    x: float
    y: float
    width: float
    height: float
    color: str


@dataclass(frozen=True)
class _Layout:
    width: float
    height: float
    texts: tuple[_Text, ...]
    rects: tuple[_Rect, ...]


def _columns(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def fit_label(label: str, columns: int = LABEL_COLUMNS) -> str:
    """``label`` cut to ``columns`` half-width columns, ending in "…" if cut."""
    if sum(_columns(c) for c in label) <= columns:
        return label
    out, used = "", 0
    for char in label:
        if used + _columns(char) > columns - 1:
            break
        out += char
        used += _columns(char)
    return out.rstrip() + "…"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _panel(
    chart: TrendChart, x: float, width: float, top: float
) -> tuple[list[_Text], list[_Rect]]:
    texts = [_Text(x, top + 13, chart.title, size=10.5, bold=True)]
    rects: list[_Rect] = []
    bar_x = x + LABEL_WIDTH
    bar_room = width - LABEL_WIDTH - NUMBER_WIDTH
    peak = max([1.0, *(max(b.this_week, b.average) for b in chart.bars)])
    for i, bar in enumerate(chart.bars):
        y = top + TITLE_HEIGHT + i * ROW_HEIGHT
        texts.append(_Text(x, y + BAR_HEIGHT + 4, fit_label(bar.label)))
        for offset, value, color in (
            (1, bar.this_week, THIS_WEEK_COLOR),
            (BAR_HEIGHT + 3, bar.average, AVERAGE_COLOR),
        ):
            length = bar_room * value / peak
            if length > 0:
                rects.append(_Rect(bar_x, y + offset, max(length, 1.0), BAR_HEIGHT, color))
            texts.append(
                _Text(
                    bar_x + length + 4,
                    y + offset + BAR_HEIGHT - 0.5,
                    _number(value),
                    size=8,
                    color=MUTED_COLOR if color == AVERAGE_COLOR else TEXT_COLOR,
                )
            )
    return texts, rects


def layout(view: TrendsView) -> _Layout:
    """Where every bar and word goes (shared by the SVG and the PNG)."""
    texts: list[_Text] = []
    rects: list[_Rect] = []
    # Legend: two swatches.
    x = 0.0
    for color, label in (
        (THIS_WEEK_COLOR, view.this_week_label),
        (AVERAGE_COLOR, view.average_label),
    ):
        rects.append(_Rect(x, 4, 10, 10, color))
        texts.append(_Text(x + 14, 13, label, size=9, color=MUTED_COLOR))
        x += 14 + sum(_columns(c) for c in label) * 5.4 + 18
    panel_width = (WIDTH - PANEL_GAP) / 2
    rows = max([1, *(len(c.bars) for c in view.charts)])
    for i, chart in enumerate(view.charts):
        t, r = _panel(chart, i * (panel_width + PANEL_GAP), panel_width, LEGEND_HEIGHT)
        texts += t
        rects += r
    height = LEGEND_HEIGHT + TITLE_HEIGHT + rows * ROW_HEIGHT + 4
    return _Layout(WIDTH, height, tuple(texts), tuple(rects))


# --------------------------------------------------------------------------- SVG


def trend_svg(view: TrendsView) -> markupsafe.Markup:
    """The chart as an inline ``<svg>`` element (text escaped; fonts from the PDF's CSS)."""
    plan = layout(view)
    esc = markupsafe.escape
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trend-chart" role="img" '
        f'viewBox="0 0 {plan.width:g} {plan.height:g}" '
        f'width="{plan.width:g}" height="{plan.height:g}" '
        f'font-family="{esc(FONT_FAMILIES)}" aria-label="{esc(view.summary)}">',
        f"<title>{esc(view.summary)}</title>",
    ]
    for r in plan.rects:
        parts.append(
            f'<rect x="{r.x:.2f}" y="{r.y:.2f}" width="{r.width:.2f}" height="{r.height:.2f}" '
            f'fill="{r.color}"/>'
        )
    for t in plan.texts:
        weight = ' font-weight="700"' if t.bold else ""
        anchor = f' text-anchor="{t.anchor}"' if t.anchor != "start" else ""
        parts.append(
            f'<text x="{t.x:.2f}" y="{t.y:.2f}" font-size="{t.size:g}" fill="{t.color}"'
            f"{weight}{anchor}>{esc(t.text)}</text>"
        )
    parts.append("</svg>")
    return markupsafe.Markup("".join(parts))


# --------------------------------------------------------------------------- PNG


@cache
def _font_files(bold: bool) -> tuple[tuple[Path, frozenset[int]], ...]:
    weight = 700 if bold else 400
    order = (SANS_FAMILY, EXTRA_FAMILY, HANJA_FAMILY, JAPANESE_FAMILY, LATIN_FAMILY)
    faces = sorted(
        (f for f in FACES if f.weight == weight and f.family in order),
        key=lambda f: order.index(f.family),
    )
    return tuple(
        (fonts_dir() / f.file_name, font_codepoints(fonts_dir() / f.file_name)) for f in faces
    )


def _font_for(text: str, bold: bool) -> Path:
    """The first bundled face that draws every character of ``text``."""
    files = _font_files(bold)
    needed = {ord(c) for c in text if not c.isspace()}
    return next((path for path, cmap in files if needed <= cmap), files[0][0])


def trend_png(view: TrendsView) -> bytes:
    """The chart as a PNG (white background, ``PNG_SCALE`` pixels per unit)."""
    from PIL import Image, ImageDraw, ImageFont

    plan = layout(view)
    s = PNG_SCALE
    image = Image.new("RGB", (round(plan.width * s), round(plan.height * s)), "white")
    draw = ImageDraw.Draw(image)
    for r in plan.rects:
        draw.rectangle(
            (r.x * s, r.y * s, (r.x + r.width) * s - 1, (r.y + r.height) * s - 1), fill=r.color
        )
    for t in plan.texts:
        font = ImageFont.truetype(str(_font_for(t.text, t.bold)), round(t.size * s))
        anchor = "rs" if t.anchor == "end" else "ls"  # baseline-anchored, as in SVG
        draw.text((t.x * s, t.y * s), t.text, font=font, fill=t.color, anchor=anchor)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
