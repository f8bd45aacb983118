"""Korean money amounts (1000만 달러, 22조 8천억 원) and dates (29일, 지난 4월, 2023.12.13)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from briefing.extract.data import compiled

_NEEDS_BIG_UNIT = frozenset({"동", "랜드", "링깃"})
_BIG = {"조": 10**12, "억": 10**8, "만": 10**4}
_SMALL = {"천": 1000, "백": 100, "십": 10}
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_PART = rf"{_NUMBER}\s?[천백십]?\s?[조억만]?"
_KOREAN_NUMBER = (
    rf"(?:{_NUMBER}\s?(?:[천백십]\s?)?[조억만]\s?)*{_NUMBER}(?:\s?[천백십])?(?:\s?[조억만])?"
)


@dataclass(frozen=True)
class Money:
    value: int | float
    currency: str
    text: str
    start: int
    end: int


def parse_korean_number(text: str) -> float | None:
    """'22조 8천억' -> 2.28e13; '2억5000만' -> 2.5e8; '1,000' -> 1000."""
    total = 0.0
    small = 0.0
    found = False
    for m in re.finditer(rf"({_NUMBER})?\s?([천백십])?\s?([조억만])?", text):
        if not m.group(0).strip():
            continue
        num = (
            float(m.group(1).replace(",", ""))
            if m.group(1)
            else (1.0 if m.group(2) or m.group(3) else 0.0)
        )
        if m.group(1) is None and m.group(3) and not m.group(2):
            total += (small or 1.0) * _BIG[m.group(3)]
            small = 0.0
            found = True
            continue
        if m.group(2):
            num *= _SMALL[m.group(2)]
        if m.group(3):
            total += (small + num) * _BIG[m.group(3)]
            small = 0.0
        else:
            small += num
        found = True
    total += small
    return total if found else None


class AmountFinder:
    def __init__(self, patterns: dict[str, Any]) -> None:
        spec = patterns["amounts"]
        pairs = sorted(spec["currencies"], key=lambda p: len(p[0]), reverse=True)
        self.currency = {word: code for word, code in pairs}
        words = "|".join(re.escape(w) for w, _ in pairs)
        before = "|".join(re.escape(q) for q in spec["qualifiers"])
        after = "|".join(re.escape(q) for q in spec["after_qualifiers"])
        self.regex = re.compile(
            rf"(?:(?P<q>{before})\s?)?(?P<n>{_KOREAN_NUMBER})\s?(?P<c>{words})"
            rf"(?P<a>\s?(?:{after}))?"
        )
        self.after = tuple(spec["after_qualifiers"])
        self.particles = patterns["particles"]["all"]

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

_FULL_DATE = re.compile(
    r"(?<!\d)(20\d\d|19\d\d)\s?[.\-/년]\s?(\d{1,2})\s?[.\-/월]\s?(\d{1,2})(?!\d)"
)
_MONTH_DAY = re.compile(r"(?<!\d)(?:(20\d\d)년\s?)?(\d{1,2})월\s?(\d{1,2})일")
_RELATIVE_DAY = re.compile(r"(?<![가-힣])(오늘|어제|그제|그저께)(?![가-힣])")
_DAY = re.compile(r"(?<![\d.])(\d{1,2})일(?!\s*(?:간|동안|까지|부터|이내|만에|째))")


def full_dates(text: str) -> list[date]:
    out = []
    for m in _FULL_DATE.finditer(text):
        try:
            out.append(date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        except ValueError:
            continue
    return out


def parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def resolve_day(day: int, reference: date) -> date | None:
    """``29일`` in an article of ``reference``: this month if not after it, else last month."""
    try:
        if day <= reference.day + 2:
            return reference.replace(day=day)
        previous = reference.replace(day=1) - timedelta(days=1)
        return previous.replace(day=day)
    except ValueError:
        return None


def event_day_mentions(
    text: str, reference: date | None, report_after: str
) -> list[tuple[date, bool]]:
    """Dates stated in a sentence, each flagged True when it is the reporting date."""
    if reference is None:
        return [(d, False) for d in full_dates(text)]
    out: list[tuple[int, date, bool]] = []
    report = compiled(report_after)
    taken: list[tuple[int, int]] = []
    for m in _FULL_DATE.finditer(text):
        try:
            out.append((m.start(), date(int(m.group(1)), int(m.group(2)), int(m.group(3))), False))
            taken.append(m.span())
        except ValueError:
            continue
    for m in _MONTH_DAY.finditer(text):
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
    for m in _DAY.finditer(text):
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
    for m in _RELATIVE_DAY.finditer(text):
        delta = {"오늘": 0, "어제": 1, "그제": 2, "그저께": 2}[m.group(1)]
        out.append((m.start(), reference - timedelta(days=delta), False))
    return [(d, r) for _, d, r in sorted(out, key=lambda x: x[0])]
