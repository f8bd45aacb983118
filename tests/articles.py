"""Distinct short articles for tests that brief many: each a fixture story of ours with a
line that makes its cleaned body its own."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "weekly"
BASES = sorted(FIXTURES.glob("*.txt"))


def article_text(i: int) -> str:
    """Article number ``i``: one of the fixture stories, made distinct by ``i``."""
    base = BASES[i % len(BASES)].read_text(encoding="utf-8")
    return base + f"\n관계자는 이번이 {i}번째 후속 논의라고 설명했다.\n"
