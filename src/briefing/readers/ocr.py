"""OCR of scanned PDF pages with the Tesseract program and its Korean data, when installed.

Tesseract is a separate program (Debian: ``apt-get install tesseract-ocr
tesseract-ocr-kor``), run once per page on a 300 dpi rendering made with PDFium; nothing is
sent anywhere. Without it, a PDF without a text layer is refused with one line that says
how to enable OCR.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from briefing.errors import InputError
from briefing.readers.lines import join_wrapped

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


def ocr_pdf_pages(path: Path, pdf: Any, pages: Iterable[int]) -> str:
    """The text of the given pages, read by OCR; InputError when OCR is not installed."""
    languages = tesseract_languages()
    if "kor" not in languages:
        missing = "Tesseract's Korean data" if languages else "Tesseract"
        raise InputError(
            f"{path}: the PDF has no text layer (scanned pages) and {missing} is not installed",
            INSTALL_HINT,
        )
    paragraphs: list[str] = []
    for index in pages:
        page = pdf[index]
        try:
            image = page.render(scale=DPI / 72).to_pil()
        finally:
            page.close()
        paragraphs.extend(_ocr_image(path, image, index))
    text = "\n".join(paragraphs)
    if not text.strip():
        raise InputError(
            f"{path}: the PDF has no text layer and OCR found no text on its pages",
            "check that the scan holds the article, or save the article as text",
        )
    return text


def _ocr_image(path: Path, image: Any, index: int) -> list[str]:
    import io

    buffer = io.BytesIO()
    image.convert("L").save(buffer, format="PNG")
    program = shutil.which("tesseract") or "tesseract"
    command = [program, "stdin", "stdout", "-l", LANGUAGES, "--dpi", str(DPI), "--psm", "3"]
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one page, one core: no oversubscription
    try:
        done = subprocess.run(
            command,
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
    return ocr_paragraphs(done.stdout.decode("utf-8", "replace"))


def ocr_paragraphs(text: str) -> list[str]:
    """Tesseract's blocks (separated by blank lines) as paragraphs, wrapped lines joined.

    OCR keeps no margins, so every break between two Hangul syllables goes to the spacing
    model; Tesseract also splits some words with a stray space, which it leaves alone.
    """
    blocks = [
        [" ".join(line.split()) for line in block.splitlines() if line.strip()]
        for block in text.replace("\x0c", "\n\n").split("\n\n")
    ]
    blocks = [block for block in blocks if block]
    ambiguous = [[True] * (len(block) - 1) for block in blocks]
    return [p for p in join_wrapped(blocks, ambiguous) if p.strip()]
