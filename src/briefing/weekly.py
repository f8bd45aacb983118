"""`briefing weekly`: the week's digest memo (Korean and English, PDF and DOCX) from the store.

A week is an ISO week (Monday 00:00 to Monday 00:00, local time); an article belongs to the
week in which it was first briefed, whether by `briefing generate` or `briefing watch`, so
every article lands in exactly one digest, even one dropped in late.

The schedule (``briefing watch INBOX --weekly "mon 08:00"``) says *when*: at each scheduled
moment the watcher makes the digest of the last complete week. The store remembers every
week's digest, so a moment missed while the machine was off is made up once at the next
start, and no week ever gets two (two watchers agree through the store).

Output: ``OUT/weekly/<week>/digest.<lang>.<pdf|docx>`` and ``digest.json`` (the context).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from briefing.digest import BriefedArticle, DigestContext, DigestLang, build_digest
from briefing.errors import BriefingError, FactsFormatError, InputError
from briefing.output import OutputWriter, WrittenFile
from briefing.pipeline import GenerateOptions
from briefing.store import ArticleRecord, Store
from briefing.types import Facts

DIGEST_SCHEMA = "briefing.digest/1"
DIGEST_LANGS: tuple[DigestLang, ...] = ("ko", "en")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_SCHEDULE = re.compile(r"^\s*([a-z]{3})[a-z]*\s+(\d{1,2}):(\d{2})\s*$", re.IGNORECASE)


# --------------------------------------------------------------------------- weeks


def week_of(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(week: str) -> date:
    """The Monday of an ISO week like ``2025-W44``."""
    match = _WEEK.match(week)
    if match is None:
        raise InputError(f"{week!r} is not an ISO week", "write it like 2025-W44")
    try:
        return date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError as exc:
        raise InputError(f"{week!r} is not an ISO week: {exc}", "write it like 2025-W44") from exc


def previous_week(week: str) -> str:
    return week_of(week_start(week) - timedelta(days=7))


def week_bounds(week: str) -> tuple[datetime, datetime]:
    """[start, end) of the week in local time (aware datetimes)."""
    monday = week_start(week)
    start = datetime.combine(monday, time(0)).astimezone()
    end = datetime.combine(monday + timedelta(days=7), time(0)).astimezone()
    return start, end


def last_complete_week(now: datetime | None = None) -> str:
    today = (now or datetime.now().astimezone()).date()
    return week_of(today - timedelta(days=7))


# --------------------------------------------------------------------------- schedule


@dataclass(frozen=True)
class WeeklySchedule:
    weekday: int  # 0 = Monday
    at: time

    @classmethod
    def parse(cls, text: str) -> WeeklySchedule:
        """``"mon 08:00"`` (any weekday's first three letters, 24-hour local time)."""
        match = _SCHEDULE.match(text)
        day = match[1].lower() if match else ""
        if match is None or day not in WEEKDAYS or int(match[2]) > 23 or int(match[3]) > 59:
            raise InputError(
                f"cannot read the schedule {text!r}",
                'write a weekday and a 24-hour time, like "mon 08:00"',
            )
        return cls(WEEKDAYS.index(day), time(int(match[2]), int(match[3])))

    def last_due(self, now: datetime) -> datetime:
        """The latest scheduled moment at or before ``now`` (local, aware)."""
        local = now.astimezone()
        day = local.date() - timedelta(days=(local.weekday() - self.weekday) % 7)
        due = datetime.combine(day, self.at).astimezone()
        if due > local:
            due = datetime.combine(day - timedelta(days=7), self.at).astimezone()
        return due

    def week_due(self, now: datetime) -> str:
        """The week whose digest is due by ``now``: the last complete one at the last moment."""
        return last_complete_week(self.last_due(now))


def run_scheduled_digest(
    schedule: WeeklySchedule,
    store: Store,
    options: GenerateOptions,
    tried: set[str],
    log: Callable[[str], None],
    now: datetime | None = None,
) -> str | None:
    """Make the due week's digest unless it exists; the week made, if any.

    A failed digest is retried once per process (``tried``), not in a tight loop.
    """
    week = schedule.week_due(now or datetime.now().astimezone())
    record = store.digest(week)
    if record is not None and record.status in ("done", "empty"):
        return None
    if record is not None and record.status == "failed" and week in tried:
        return None
    if not store.digest_claim(week, retry_failed=week not in tried):
        return None
    tried.add(week)
    try:
        result = make_digest(week, store, options)
    except BriefingError as exc:
        store.digest_failed(week, str(exc))
        log(f"failed    weekly digest {week}: {exc}")
        return None
    except Exception as exc:
        store.digest_failed(week, f"internal error: {type(exc).__name__}: {exc}")
        log(f"failed    weekly digest {week}: internal error: {type(exc).__name__}: {exc}")
        return None
    if result.folder is None:
        store.digest_finished(week, "empty", ())
        log(f"weekly    {week}: no articles were briefed that week; no digest")
        return None
    store.digest_finished(week, "done", [f.path for f in result.files])
    log(f"weekly    {week} -> {result.folder}")
    return week


# --------------------------------------------------------------------------- the digest


@dataclass(frozen=True)
class DigestResult:
    week: str
    folder: Path | None  # None: no articles that week, nothing written
    files: tuple[WrittenFile, ...]
    article_count: int
    entry_count: int


def _briefed(records: list[ArticleRecord]) -> list[BriefedArticle]:
    items = []
    for record in records:
        try:
            facts = Facts.from_dict(record.facts_dict())
        except (FactsFormatError, ValueError):
            continue  # written by an incompatible version: the memo exists, the digest skips it
        items.append(
            BriefedArticle(
                facts,
                record.source_name,
                record.output_dir,
                record.first_done_at or record.claimed_at,
            )
        )
    return items


def digest_contexts(
    week: str,
    store: Store,
    langs: tuple[DigestLang, ...],
    *,
    generated_at: str,
    templates_dir: Path | None = None,
) -> dict[DigestLang, DigestContext]:
    start, end = week_bounds(week)
    items = _briefed(store.briefed_between(start, end))
    if not items:
        return {}
    previous_start, _ = week_bounds(previous_week(week))
    previous = _briefed(store.briefed_between(previous_start, start))
    period = f"{start.date().isoformat()} – {(end.date() - timedelta(days=1)).isoformat()}"
    return {
        lang: build_digest(
            week,
            period,
            items,
            previous,
            lang,
            generated_at=generated_at,
            templates_dir=templates_dir,
        )
        for lang in langs
    }


def make_digest(week: str, store: Store, options: GenerateOptions) -> DigestResult:
    """Build, render and write ``week``'s digest; nothing is written for an empty week."""
    render_options = options.render_options()
    langs = tuple(lang for lang in DIGEST_LANGS if lang in options.langs)
    contexts = digest_contexts(
        week,
        store,
        langs or ("ko", "en"),
        generated_at=render_options.generated_at,
        templates_dir=render_options.templates_dir,
    )
    if not contexts:
        return DigestResult(week, None, (), 0, 0)
    files: dict[str, bytes] = {}
    for lang in langs:
        context = contexts[lang]
        for fmt in options.formats:
            files[f"digest.{lang}.{fmt}"] = render_digest(context, fmt, render_options)
    first = next(iter(contexts.values()))
    document: dict[str, Any] = {"schema": DIGEST_SCHEMA, "week": week}
    for lang, context in contexts.items():
        document[lang] = {k: v for k, v in asdict(context).items() if k != "labels"}
    files["digest.json"] = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode(
        "utf-8"
    )
    folder = options.out_dir / "weekly" / week
    written = OutputWriter(options.out_dir).write(folder, files)
    return DigestResult(week, folder, tuple(written), first.article_count, first.entry_count)


def run_weekly(
    week: str | None, options: GenerateOptions, *, if_missing: bool = False
) -> DigestResult | None:
    """`briefing weekly`: (re)make one week's digest (default: the last complete week).

    ``if_missing`` (timers, cron): only if the week has no digest yet; None if it has one.
    """
    week = week or last_complete_week()
    week_start(week)  # refuse a malformed week before opening anything
    with Store(options.config.store_path) as store:
        if not store.digest_claim(week, redo=not if_missing):
            if if_missing:
                return None
            raise BriefingError(
                f"the digest of {week} is being made by another process right now",
                "wait for it to finish",
            )
        try:
            result = make_digest(week, store, options)
        except BaseException as exc:
            store.digest_failed(week, str(exc))
            raise
        if result.folder is None:
            store.digest_finished(week, "empty", ())
            if if_missing:
                return result
            raise InputError(
                f"no articles were briefed in {week}",
                "brief articles with `briefing generate` or `briefing watch`, "
                "or choose another --week",
            )
        store.digest_finished(week, "done", [f.path for f in result.files])
    return result


# --------------------------------------------------------------------------- rendering


def render_digest(context: DigestContext, fmt: str, options: Any) -> bytes:
    if fmt == "pdf":
        from briefing.render.pdf import html_to_pdf
        from briefing.render.templating import render_template

        html = render_template(options.templates_dir, "weekly.html", d=context)
        return html_to_pdf(html, options, title=context.title, lang=context.lang)
    return _digest_docx(context, options)


def _digest_docx(d: DigestContext, options: Any) -> bytes:
    from briefing.render.docx import (
        add_bookmark,
        add_internal_link,
        add_run,
        document_bytes,
        new_document,
        table_style,
    )

    labels = d.labels
    doc = new_document(options, title=d.title, lang=d.lang)
    add_run(doc.add_paragraph(style="Title"), d.title)
    add_run(
        doc.add_paragraph(),
        f"{labels['period']}: {d.period} · {labels['generated_at']}: {d.generated_at}",
    )
    add_run(
        doc.add_paragraph(),
        labels["overview_text"].format(
            articles=d.article_count, entries=d.entry_count, new=d.new_count
        ),
    )
    add_run(doc.add_paragraph(), labels["new_note"], italic=True)

    def table(headers: list[str], rows: list[list[tuple[str, str | None]]]) -> None:
        grid = doc.add_table(rows=1, cols=len(headers))
        style = table_style(doc)
        if style:
            grid.style = doc.styles[style]
        for cell, header in zip(grid.rows[0].cells, headers, strict=True):
            add_run(cell.paragraphs[0], header, bold=True)
        for row in rows:
            cells = grid.add_row().cells
            for cell, (text, anchor) in zip(cells, row, strict=True):
                if anchor:
                    add_internal_link(cell.paragraphs[0], text, anchor)
                else:
                    add_run(cell.paragraphs[0], text)

    bookmark_id = 0
    add_run(doc.add_paragraph(style="Heading 1"), labels["by_area"])
    for section in d.sections:
        add_run(doc.add_paragraph(style="Heading 2"), section.title)
        for e in section.entries:
            heading = doc.add_paragraph(style="Heading 3")
            add_run(heading, f"{e.number}. {e.headline}")
            if e.is_new:
                add_run(heading, f"  [{labels['new']}]", bold=True)
            bookmark_id += 1
            add_bookmark(heading, e.anchor, bookmark_id)
            facts_line = [
                f"{labels[key]}: {value}"
                for key, value in (
                    ("event_type", e.event_type),
                    ("date", e.date),
                    ("location", e.location),
                    ("areas", ", ".join(e.areas)),
                    ("countries", ", ".join(e.countries)),
                )
                if value
            ]
            if facts_line:
                add_run(doc.add_paragraph(), " · ".join(facts_line), italic=True)
            summary = doc.add_paragraph()
            if e.summary_untranslated:
                add_run(summary, labels["untranslated"] + " ", bold=True)
            add_run(summary, e.summary)
            add_run(doc.add_paragraph(), labels["sources"], bold=True)
            for s in e.sources:
                published = f" ({s.published})" if s.published else ""
                add_run(
                    doc.add_paragraph(style="List Bullet"),
                    f"{s.outlet}{published}: {s.title} [{s.file}]",
                )

    add_run(doc.add_paragraph(style="Heading 1"), labels["by_country"])
    if not d.countries:
        add_run(doc.add_paragraph(), labels["none"])
    for c in d.countries:
        add_run(doc.add_paragraph(style="Heading 2"), c.country)
        for ref in c.entries:
            add_internal_link(
                doc.add_paragraph(style="List Bullet"), f"{ref.number}. {ref.headline}", ref.anchor
            )

    add_run(doc.add_paragraph(style="Heading 1"), labels["commitments"])
    if d.commitments:
        table(
            [labels[k] for k in ("entry", "what", "actors", "amount", "timeline", "source")],
            [
                [
                    (str(c.entry), c.anchor),
                    (c.text, None),
                    (c.actors, None),
                    (c.amount, None),
                    (c.timeline, None),
                    (c.source, None),
                ]
                for c in d.commitments
            ],
        )
    else:
        add_run(doc.add_paragraph(), labels["none"])

    add_run(doc.add_paragraph(style="Heading 1"), labels["index"])
    for title, rows in ((labels["people"], d.people), (labels["parties"], d.parties)):
        add_run(doc.add_paragraph(style="Heading 2"), title)
        if not rows:
            add_run(doc.add_paragraph(), labels["none"])
            continue
        table(
            [labels["name"], labels["detail"], labels["entries"]],
            [
                [
                    (r.name, None),
                    (r.detail, None),
                    (", ".join(str(ref.number) for ref in r.entries), None),
                ]
                for r in rows
            ],
        )
    return bytes(document_bytes(doc))
