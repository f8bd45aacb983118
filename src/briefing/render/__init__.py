"""Stage 6, render: Facts -> memo bytes (PDF via WeasyPrint, DOCX via python-docx).

OWNER: rendering helper. Memos are rendered from the facts document only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from briefing.types import Facts

Lang = Literal["ko", "en", "bilingual"]
Format = Literal["pdf", "docx"]


@dataclass(frozen=True)
class RenderOptions:
    generated_at: str  # ISO timestamp, shown in the header
    templates_dir: Path | None = None  # the user's own templates; None = bundled
    reference_docx: Path | None = None
    page_size: str = "A4"
    pdf_variant: str | None = None  # e.g. "pdf/ua-1"


def render_memo(facts: Facts, lang: Lang, fmt: Format, options: RenderOptions) -> bytes:
    raise NotImplementedError
