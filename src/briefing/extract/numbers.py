"""Korean money amounts (1000만 달러, 22조 8천억 원) and dates (29일, 지난 4월, 2023.12.13)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from briefing.extract.patterns import Patterns
from briefing.korean import (
    DAY,
    FULL_DATE,
    KOREAN_NUMBER,
    MONTH_DAY,
    RELATIVE_DAY,
    full_dates,
    korean_data,
    parse_iso,
    parse_korean_number,
    resolve_day,
)

__all__ = [
    "AmountFinder",
    "Money",
    "event_day_mentions",
    "full_dates",
    "parse_iso",
    "parse_korean_number",
    "resolve_day",
]

_NEEDS_BIG_UNIT = frozenset({"동", "랜드", "링깃"})


@dataclass(frozen=True)
class Money:
    value: int | float
    currency: str
    text: str
    start: int
    end: int


class AmountFinder:
    def __init__(self, patterns: Patterns) -> None:
        spec = patterns.amounts
        pairs = sorted(spec.currencies, key=lambda p: len(p[0]), reverse=True)
        self.currency = {word: code for word, code in pairs}
        words = "|".join(re.escape(w) for w, _ in pairs)
        before = "|".join(re.escape(q) for q in spec.qualifiers)
        after = "|".join(re.escape(q) for q in spec.after_qualifiers)
        self.regex = re.compile(
            rf"(?:(?P<q>{before})\s?)?(?P<n>{KOREAN_NUMBER})\s?(?P<c>{words})"
            rf"(?P<a>\s?(?:{after}))?"
        )
        self.after = tuple(spec.after_qualifiers)
        self.particles = korean_data().particles

    def find(self, text: str) -> list[Money]:
        out = []
        for m in self.regex.finditer(text):
            if m.start() > 0 and re.match(r"[\d.,]", text[m.start() - 1]):
                continue
            rest = text[m.end("c") :]
            word_rest = re.match(r"[가-힣]*", rest)
            tail = word_rest.group(0) if word_rest else ""
            if tail and not (
                tail in self.particles
                or any(tail.startswith(a) for a in self.after)
                or tail.startswith(
                    (
                        "으로",
                        "에",
                        "을",
                        "이",
                        "의",
                        "과",
                        "씩",
                        "대",
                        "어치",
                        "가량",
                        "규모",
                        "로",
                        "를",
                        "가",
                        "와",
                        "도",
                        "은",
                        "는",
                        "보다",
                        "까지",
                        "부터",
                        "정도",
                        "수준",
                        "상당",
                        "만",
                        "씩",
                        "이나",
                    )
                )
            ):
                continue
            if m.group("c") in _NEEDS_BIG_UNIT and not re.search(r"[조억만]", m.group("n")):
                continue  # 101동: only 억 동, 만 동 are money without a doubt
            value = parse_korean_number(m.group("n"))
            if value is None or value <= 0:
                continue
            number: int | float = int(value) if float(value).is_integer() else value
            end = (
                m.end("a")
                if m.group("a")
                and m.group("a").strip() in ("이상", "이하", "미만", "가량", "안팎", "내외", "초과")
                else m.end("c")
            )
            out.append(
                Money(
                    number,
                    self.currency[m.group("c")],
                    text[m.start() : end].strip(),
                    m.start(),
                    end,
                )
            )
        return out


# ---------------------------------------------------------------------------- dates


def event_day_mentions(
    text: str, reference: date | None, report: re.Pattern[str]
) -> list[tuple[date, bool]]:
    """Dates stated in a sentence, each flagged True when it is the reporting date."""
    if reference is None:
        return [(d, False) for d in full_dates(text)]
    out: list[tuple[int, date, bool]] = []
    taken: list[tuple[int, int]] = []
    for m in FULL_DATE.finditer(text):
        try:
            out.append((m.start(), date(int(m.group(1)), int(m.group(2)), int(m.group(3))), False))
            taken.append(m.span())
        except ValueError:
            continue
    for m in MONTH_DAY.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        year = int(m.group(1)) if m.group(1) else reference.year
        try:
            d = date(year, int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
        if not m.group(1) and d > reference + timedelta(days=31):
            d = d.replace(year=year - 1)
        out.append((m.start(), d, bool(report.match(text[m.end() :]))))
        taken.append(m.span())
    for m in DAY.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        resolved = resolve_day(int(m.group(1)), reference)
        if resolved is not None and re.search(r"지난\s?달\s*$", text[: m.start()]):
            last_month = reference.replace(day=1) - timedelta(days=1)
            try:
                resolved = last_month.replace(day=int(m.group(1)))
            except ValueError:
                resolved = None
        if resolved is not None:
            out.append((m.start(), resolved, bool(report.match(text[m.end() :]))))
    for m in RELATIVE_DAY.finditer(text):
        delta = {"오늘": 0, "어제": 1, "그제": 2, "그저께": 2}[m.group(1)]
        out.append((m.start(), reference - timedelta(days=delta), False))
    return [(d, r) for _, d, r in sorted(out, key=lambda x: x[0])]
