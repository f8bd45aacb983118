"""Stage 2, clean: RawDocument -> CleanArticle (story text without page furniture).

OWNER: reading helper.
"""

from __future__ import annotations

import unicodedata

from briefing.types import CleanArticle, RawDocument


def clean_document(raw: RawDocument) -> CleanArticle:
    text = unicodedata.normalize("NFC", raw.text)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return CleanArticle(raw.source_path, lines[0][:80] if lines else None, "\n".join(lines),
                        None, None, None)
