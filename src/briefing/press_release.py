"""Press releases (보도자료): their structure read into clean sentences and metadata.

Runs first in the cleaning stage, on text of any format (a ministry's HWP, HWPX or PDF, or
the same text saved as .txt). A document is a press release when a line near its top says
so (보도자료, 보도참고자료, ...) or two header labels appear (data/press_release.toml).
Then:

- the header block (often a table; in newer layouts at the end) gives the publication date
  (보도 일시 / 보도시점, else 배포 일시) and the issuing ministry (담당 부서; else the
  ministry the lead sentence names); its contact rows (담당자, 책임자, telephone numbers)
  are dropped: those people are not people of the event;
- the title is the first line left; sub-titles (``- ... -``, ``< ... >``, ``◈ ...``)
  become sentences;
- bullets (□ ○ - ※ ...) lose their mark and become sentences; short sub-items that only
  list nouns under a bullet are joined to it as a list (``A: B, C, D.``);
- a table with a header row naming people (성명, 소속, 직위, ...) becomes one sentence
  listing them, with the role its caption or header gives (서명자 -> ``... 서명했다.``);
  other tables become one sentence per row.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from briefing.resources import bundled_data_dir

CELL = " | "
_SENTENCE_END = re.compile(r"[.!?。][”\"’'」』)\]]?$")
_PREDICATE = re.compile(r"[다요죠까]\.?[”\"’')\]]?$")
_DATE = re.compile(r"(\d{4})\s*[.\-/년]\s*(\d{1,2})\s*[.\-/월]\s*(\d{1,2})")


@dataclass(frozen=True)
class PressRelease:
    text: str  # one sentence or title per line
    title: str | None
    published: str | None  # ISO date
    issuer: str | None  # the issuing ministry or agency


@dataclass(frozen=True)
class _Rules:
    marker: re.Pattern[str]
    published: re.Pattern[str]
    released: re.Pattern[str]
    department: re.Pattern[str]
    contact: re.Pattern[str]
    issuer: re.Pattern[str]
    drop: tuple[re.Pattern[str], ...]
    bullet: re.Pattern[str]
    subtitle: re.Pattern[str]
    person: re.Pattern[str]
    organization: re.Pattern[str]
    job_title: re.Pattern[str]
    roles: tuple[tuple[re.Pattern[str], str], ...]


def _either(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(patterns) + ")")


@cache
def rules() -> _Rules:
    with (bundled_data_dir() / "press_release.toml").open("rb") as handle:
        data: dict[str, Any] = tomllib.load(handle)
    labels, tables = data["labels"], data["tables"]
    return _Rules(
        marker=re.compile(data["detect"]["marker"]),
        published=_either(labels["published"]),
        released=_either(labels["released"]),
        department=_either(labels["department"]),
        contact=_either(labels["contact"]),
        issuer=re.compile(data["issuer"]["name"]),
        drop=tuple(re.compile(p) for p in data["drop"]["lines"]),
        bullet=re.compile(data["bullets"]["marks"]),
        subtitle=re.compile(data["bullets"]["subtitle"]),
        person=_either(tables["person"]),
        organization=_either(tables["organization"]),
        job_title=_either(tables["title"]),
        roles=tuple((re.compile(k), v) for k, v in tables["roles"].items()),
    )


# --------------------------------------------------------------------------- detection


def _label_of(cell: str, r: _Rules) -> str | None:
    """Which header label a cell is (the whole cell, colons and spaces aside)."""
    bare = re.sub(r"[\s:：]", "", cell)
    for name, pattern in (
        ("published", r.published),
        ("released", r.released),
        ("department", r.department),
        ("contact", r.contact),
    ):
        if pattern.fullmatch(bare):
            return name
    return None


def _labelled(line: str, r: _Rules) -> list[tuple[str, str]]:
    """The (label, value) pairs a header line holds: table cells or "label: value"."""
    cells = [c.strip() for c in line.split(CELL)] if CELL in line else [line.strip()]
    pairs: list[tuple[str, str]] = []
    i = 0
    while i < len(cells):
        label = _label_of(cells[i], r)
        if label is not None:
            value = cells[i + 1] if i + 1 < len(cells) else ""
            if value and _label_of(value, r) is None:
                pairs.append((label, value))
                i += 2
                continue
            pairs.append((label, ""))
            i += 1
            continue
        inline = re.match(r"^(?P<label>[가-힣\s]{2,8}?)\s*[:：]\s*(?P<value>.+)$", cells[i])
        if inline is None:
            inline = re.match(r"^(?P<label>\S{2,4}\s?\S{0,4})\s+(?P<value>\d.+)$", cells[i])
        if inline is not None:
            label = _label_of(inline.group("label"), r)
            if label is not None:
                pairs.append((label, inline.group("value").strip()))
        i += 1
    return pairs


def is_press_release(lines: list[str]) -> bool:
    r = rules()
    if any(r.marker.match(line) for line in lines[:12]):
        return True
    found = {label for line in lines for label, _ in _labelled(line, r) if label != "contact"}
    return len(found) >= 2


# --------------------------------------------------------------------------- reading


def read_press_release(text: str) -> PressRelease | None:
    """The press release's sentences and metadata, or None when the text is not one."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if not is_press_release(lines):
        return None
    r = rules()
    published = released = None
    department: str | None = None
    body: list[str] = []
    for line in lines:
        pairs = _labelled(line, r)
        if pairs:
            for label, value in pairs:
                if label == "published" and published is None:
                    published = _iso(value)
                elif label == "released" and released is None:
                    released = _iso(value)
                elif label == "department" and department is None and value:
                    department = value
            continue  # a header row: nothing of it is story
        if any(pattern.search(line) for pattern in r.drop):
            continue
        body.append(line)
    title, sentences = _sentences(body, r)
    issuer = _issuer(department, lines, sentences, r)
    return PressRelease("\n".join(sentences), title, published or released, issuer)


def _iso(value: str) -> str | None:
    match = _DATE.search(value)
    if match is None:
        return None
    y, m, d = (int(g) for g in match.groups())
    if not (1900 <= y <= 2200 and 1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _issuer(department: str | None, lines: list[str], body: list[str], r: _Rules) -> str | None:
    """The ministry in the department cell, else in a line of its own near the top (the
    logo's text), else the subject of the lead sentence."""
    if department:
        match = r.issuer.search(department)
        if match:
            return match.group(0)
    for line in lines[:8]:
        if r.issuer.fullmatch(line):
            return line
    for sentence in body[:4]:
        lead = re.match(rf"^({r.issuer.pattern})(?:\s?\([^)]*\))?(?:는|은|가|이)\s", sentence)
        if lead:
            return lead.group(1)
    return None


def _sentences(lines: list[str], r: _Rules) -> tuple[str | None, list[str]]:
    """The title, and every other line as a sentence (bullets, sub-titles, tables)."""
    title: str | None = None
    out: list[str] = []
    i = 0
    caption = ""
    while i < len(lines):
        line = lines[i]
        if CELL in line:
            rows = []
            while i < len(lines) and CELL in lines[i]:
                rows.append([c.strip() for c in lines[i].split(CELL)])
                i += 1
            out.extend(_table_sentences(rows, caption, r))
            caption = ""
            continue
        i += 1
        subtitle = r.subtitle.match(line)
        if title is None and not r.bullet.match(line) and not subtitle:
            title = line
            out.append(line)
            continue
        if subtitle:
            text = subtitle.group("a") or subtitle.group("b") or subtitle.group("c") or ""
            if i < len(lines) and CELL in lines[i]:
                caption = text  # "< 서명자 명단 >" over a table
                continue
            out.append(_as_sentence(text))
            continue
        text = r.bullet.sub("", line, count=1).strip()
        if not text:
            continue
        # Noun-only sub-items under a bullet that introduces them: one list sentence.
        items = []
        while (
            not _SENTENCE_END.search(text)
            and i < len(lines)
            and re.match(r"^[-–·∙•]\s", lines[i])
            and not _PREDICATE.search(lines[i])
            and len(lines[i]) <= 60
        ):
            items.append(r.bullet.sub("", lines[i], count=1).strip().rstrip(".,;"))
            i += 1
        if items:
            text = text.rstrip(" :：") + ": " + ", ".join(items)
        if i < len(lines) and CELL in lines[i] and not _PREDICATE.search(text):
            caption = text
            continue
        out.append(_as_sentence(text))
    return title, out


def _as_sentence(text: str) -> str:
    text = text.strip()
    if not text or _SENTENCE_END.search(text):
        return text
    return text.rstrip(" ,;:：") + "."


def _table_sentences(rows: list[list[str]], caption: str, r: _Rules) -> list[str]:
    header = rows[0]
    person = _column(header, r.person)
    if person is None or len(rows) < 2:
        return [_as_sentence(", ".join(c for c in row if c)) for row in rows]
    organization = _column(header, r.organization)
    job = _column(header, r.job_title)
    members = []
    for row in rows[1:]:

        def cell(index: int | None, row: list[str] = row) -> str:
            return row[index] if index is not None and index < len(row) else ""

        name = cell(person)
        if not name:
            continue
        parts = [cell(organization), name, cell(job)]
        members.append(" ".join(p for p in parts if p))
    if not members:
        return []
    role = _role(caption + " " + " ".join(header), r)
    listed = ", ".join(members)
    if role is None:
        return [_as_sentence(f"{caption or header[person]}: {listed}")]
    return [f"{listed}{_subject_particle(listed)} {role}."]


def _column(header: list[str], pattern: re.Pattern[str]) -> int | None:
    for index, cell in enumerate(header):
        if pattern.fullmatch(re.sub(r"\s", "", cell)):
            return index
    return None


def _role(text: str, r: _Rules) -> str | None:
    for pattern, words in r.roles:
        if pattern.search(text):
            return words
    return None


def _subject_particle(text: str) -> str:
    last = text.rstrip()[-1:]
    if "가" <= last <= "힣":
        return "이" if (ord(last) - 0xAC00) % 28 else "가"
    return "이"
