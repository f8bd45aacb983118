"""OCR of scanned PDF pages with the Tesseract program and its Korean data, when installed.

Tesseract is a separate program (Debian: ``apt-get install tesseract-ocr
tesseract-ocr-kor``), run once per page on a 300 dpi rendering made with PDFium; nothing is
sent anywhere. Without it, a PDF without a text layer is refused with one line that says
how to enable OCR.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

from briefing.errors import InputError

DPI = 300
PAGE_TIMEOUT_SECONDS = 120
LANGUAGES = "kor+eng"
INSTALL_HINT = (
    "to read scanned PDFs install OCR: apt-get install tesseract-ocr tesseract-ocr-kor "
    "(README, Inputs); or save the article as text"
)


@cache
def tesseract_languages() -> frozenset[str]:
    """The languages the installed Tesseract reads (empty when it is not installed)."""
    program = shutil.which("tesseract")
    if program is None:
        return frozenset()
    try:
        done = subprocess.run(
            [program, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    lines = (done.stdout + done.stderr).splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and " " not in line.strip())


def ocr_available() -> bool:
    return "kor" in tesseract_languages()


Box = tuple[float, float, float, float, str]  # top, bottom, left, right (points), text


def check_ocr(path: Path) -> None:
    """InputError saying how to enable OCR, unless Tesseract with Korean is installed."""
    languages = tesseract_languages()
    if "kor" not in languages:
        missing = "Tesseract's Korean data" if languages else "Tesseract"
        raise InputError(
            f"{path}: the PDF has no text layer (scanned pages) and {missing} is not installed",
            INSTALL_HINT,
        )


def ocr_page_lines(path: Path, pdf: Any, index: int) -> list[Box]:
    """The text lines OCR finds on one page, with their boxes in PDF points."""
    page = pdf[index]
    try:
        image = page.render(scale=DPI / 72).to_pil()
    finally:
        page.close()
    return _lines_of(_run_tesseract(path, image, index))


def _run_tesseract(path: Path, image: Any, index: int) -> str:
    import io

    buffer = io.BytesIO()
    image.convert("L").save(buffer, format="PNG")
    program = shutil.which("tesseract") or "tesseract"
    # --psm 4: one column of text of varying sizes (page segmentation mode 3 loses lines
    # of Korean text); tsv: every word with its box, so lines become paragraphs by layout.
    command = [program, "stdin", "stdout", "-l", LANGUAGES, "--dpi", str(DPI), "--psm", "4"]
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one page, one core
    try:
        done = subprocess.run(
            [*command, "tsv"],
            input=buffer.getvalue(),
            capture_output=True,
            timeout=PAGE_TIMEOUT_SECONDS,
            check=False,
            env=environment,
        )
    except subprocess.TimeoutExpired as exc:
        raise InputError(
            f"{path}: OCR of page {index + 1} took longer than {PAGE_TIMEOUT_SECONDS} s",
            "save the article as text, or a PDF with a text layer",
        ) from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot run Tesseract ({exc.strerror})", INSTALL_HINT) from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(
            f"{path}: OCR of page {index + 1} failed ({detail[-1] if detail else 'no message'})",
            "check the Tesseract installation (tesseract --list-langs must list kor)",
        )
    return done.stdout.decode("utf-8", "replace")


def _lines_of(tsv: str) -> list[Box]:
    """Tesseract's words (TSV) grouped into its lines, boxes scaled to points."""
    lines: dict[tuple[str, ...], list[tuple[int, int, int, int, str]]] = {}
    for row in tsv.splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) < 12 or fields[0] != "5" or not fields[11].strip():
            continue
        x, y, width, height = (int(v) for v in fields[6:10])
        lines.setdefault(tuple(fields[1:5]), []).append((x, y, width, height, fields[11]))
    scale = 72 / DPI
    boxes: list[Box] = []
    for words in lines.values():
        top = min(w[1] for w in words) * scale
        bottom = max(w[1] + w[3] for w in words) * scale
        left = min(w[0] for w in words) * scale
        right = max(w[0] + w[2] for w in words) * scale
        boxes.append((top, bottom, left, right, _spaced(words)))
    return boxes


def _spaced(words: list[tuple[int, int, int, int, str]]) -> str:
    """A line's words with a space only where the page has one: for Hangul Tesseract
    reports syllables or pieces of words as words of their own."""
    words = sorted(words)
    heights = sorted(w[3] for w in words)
    gap_for_space: float = 0.3 * heights[len(heights) // 2]
    text = words[0][4].strip()
    for previous, word in itertools.pairwise(words):
        gap = word[0] - (previous[0] + previous[2])
        text += (" " if gap > gap_for_space else "") + word[4].strip()
    return text
