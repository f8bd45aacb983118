"""Stage 4, extract: Article (sentences) -> Facts with Korean values and evidence.

OWNER: extraction helper. English comes from the bilingual data files where known; the
translate stage fills the rest.
"""

from __future__ import annotations

from briefing.config import Config
from briefing.types import Article, Facts


def extract_facts(article: Article, config: Config) -> Facts:
    return Facts(article=article)
