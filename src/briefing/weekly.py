"""`briefing weekly`: the week's digest memo (Korean and English, PDF and DOCX) from the store.

Which articles a week's digest lists (``choose_articles``), so that nothing is missed and
nothing doubled:

- **main part**: articles *published* in the week (an undated one: first briefed in it,
  marked so) that no digest lists yet;
- **late arrivals**: articles published in an earlier week that already has its digest:
  they were briefed after that digest was made;
- what an earlier making of the same digest listed stays listed (``--force`` remakes it:
  the same articles, plus any of the week's that arrived since).

The store records which digest lists each article (``digest_articles``), in the same
transaction that picks them, so two digests made at once never list one article twice, and
each article is in exactly one digest's main part or late arrivals. An article published in
a week that has no digest yet waits for that week's digest.

The same week made again from the same store gives the same files: dates come from the
data (when the newest listed article was briefed), never from the clock.

The schedule (``briefing watch INBOX --weekly "mon 08:00"`` or ``briefing schedule
install``) says *when*: at each scheduled moment the digest of the last complete week is
made unless it exists; a moment missed while the machine was off is made up once.

Output: ``OUT/weekly/<week>/digest.<lang>.<pdf|docx>`` and ``digest.json`` (the context).
"""

from __future__ import annotations

import json
import time as clock
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Literal

from briefing.config import Config
from briefing.digest import BriefedArticle, DigestContent, build_content
from briefing.errors import BriefingError, FactsFormatError, InputError
from briefing.output import OutputWriter, WrittenFile
from briefing.pipeline import GenerateOptions
from briefing.schedule import WeeklySchedule
from briefing.store import ArticleRecord, DigestCandidate, DigestPart, Store
from briefing.types import Facts, Text
from briefing.weeks import (
    last_complete_week,
    previous_week,
    publication_day,
    week_end,
    week_of,
    week_start,
)

DIGEST_SCHEMA = "briefing.digest/2"
DigestLang = Literal["ko", "en"]
DIGEST_LANGS: tuple[DigestLang, ...] = ("ko", "en")
TREND_WEEKS = 5  # the week and the four before it
WAIT_POLL_SECONDS = 0.5
WAIT_LIMIT_SECONDS = 900.0  # another process making the same digest: wait this long at most

__all__ = ["WeeklySchedule", "make_digest", "run_scheduled_digest", "run_weekly"]


# --------------------------------------------------------------------------- which articles


def choose_articles(
    week: str,
) -> Callable[[list[DigestCandidate], set[str]], dict[str, DigestPart]]:
    """The rule of the module docstring, for ``Store.digest_reserve``."""
    first = week_start(week)

    def choose(candidates: list[DigestCandidate], made: set[str]) -> dict[str, DigestPart]:
        chosen: dict[str, DigestPart] = {}
        for c in candidates:
            day, _ = publication_day(c.published, c.first_done_at)
            published_week = week_of(day)
            if published_week == week:
                chosen[c.article_id] = "main"
            elif day < first and published_week in made:
                chosen[c.article_id] = "late"
        return chosen

    return choose


def refuse_future(week: str, today: date | None = None) -> None:
    """Refuse, in one line, a malformed week or one that has not begun."""
    today = today or datetime.now().astimezone().date()
    if week_start(week) > today:
        raise InputError(f"{week} is in the future", f"choose {week_of(today)} or an earlier week")


def nothing_stored_by(week: str, store: Store) -> InputError | None:
    """Why ``week`` cannot have a digest: no article stored at all, or none that old."""
    earliest = store.earliest_publication()
    if earliest is None:
        return InputError(
            "the store holds no briefed articles yet",
            "brief articles with `briefing generate` or `briefing watch` first",
        )
    if week_end(week) < earliest:
        first = week_of(earliest)
        return InputError(
            f"{week} is before any stored article (the first was published in {first})",
            f"choose --week {first} or later",
        )
    return None


def briefed_articles(records: Iterable[ArticleRecord], config: Config) -> list[BriefedArticle]:
    """Store records as the digest sees them; the config's folder outlet fills a missing one."""
    items = []
    for record in records:
        try:
            facts = Facts.from_dict(record.facts_dict())
        except (FactsFormatError, ValueError):
            continue  # written by an incompatible version: the memo exists, the digest skips it
        briefed_at = record.first_done_at or record.claimed_at
        if facts.article.outlet is None:
            facts = _with_folder_outlet(facts, record.source_name, config)
        day, dated = publication_day(facts.article.published, briefed_at)
        items.append(
            BriefedArticle(facts, record.source_name, record.output_dir, briefed_at, day, dated)
        )
    return items


def _with_folder_outlet(facts: Facts, source: str, config: Config) -> Facts:
    from briefing.outlets import outlet_list

    name = config.folder_outlet(source)
    if name is None:
        return facts
    known = outlet_list(config.outlet_files).find(name)
    outlet = Text(known.ko, known.en) if known else Text(name)
    return facts.replace(article=replace(facts.article, outlet=outlet))


def _published_in(store: Store, weeks: Sequence[str], config: Config) -> list[list[BriefedArticle]]:
    """The briefed articles of each of ``weeks`` (consecutive, oldest first)."""
    found = briefed_articles(
        store.published_between(week_start(weeks[0]), week_end(weeks[-1])), config
    )
    return [[a for a in found if week_of(a.day) == w] for w in weeks]


def gather(
    week: str, store: Store, listed: Mapping[str, DigestPart], config: Config
) -> DigestContent:
    """The digest's content: the listed articles, last week's (for "new"), the trends."""
    items = briefed_articles(store.articles_by_id(sorted(listed)), config)
    main = [a for a in items if listed.get(a.facts.article.id) == "main"]
    late = [a for a in items if listed.get(a.facts.article.id) == "late"]
    trend_weeks = [previous_week(week, n) for n in range(TREND_WEEKS - 1, -1, -1)]
    by_week = _published_in(store, trend_weeks, config)
    last = previous_week(week)
    last_listed = store.digest_listed(last)
    if last_listed:
        last_week = briefed_articles(store.articles_by_id(sorted(last_listed)), config)
    else:
        last_week = by_week[-2]
    return build_content(week, main, late, last_week, trend_weeks, by_week)


# --------------------------------------------------------------------------- the digest


@dataclass(frozen=True)
class DigestResult:
    week: str
    folder: Path | None  # None: nothing was made (no stored article at all)
    files: tuple[WrittenFile, ...]
    article_count: int  # the week's articles (main part)
    entry_count: int
    late_count: int  # late arrivals

    @property
    def empty(self) -> bool:
        return self.folder is not None and self.article_count == 0


def _local(timestamp: str) -> datetime:
    return datetime.fromisoformat(timestamp).astimezone()


def _jsonable(value: Any) -> Any:
    """The context as JSON: lines of spans as their text (Korean standing in marked)."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        if value and all(
            isinstance(v, dict) and set(v) == {"text", "lang", "untranslated"} for v in value
        ):
            return "".join(v["text"] for v in value)
        return [_jsonable(v) for v in value]
    return value


def make_digest(week: str, store: Store, options: GenerateOptions) -> DigestResult:
    """Pick, build, render and write ``week``'s digest; the caller holds its claim.

    A failure records the digest as failed and frees the articles this attempt picked.
    """
    from briefing.render.digest import render_digests
    from briefing.render.digest_context import build_digest_context

    listed, added = store.digest_reserve(week, choose_articles(week))
    try:
        content = gather(week, store, listed, options.config)
        render_options = options.render_options()
        start = week_start(week)
        period = f"{start.isoformat()} – {week_end(week).isoformat()}"
        newest = _local(content.as_of) if content.as_of else None
        as_of = f"{newest:%Y-%m-%d %H:%M} (UTC{newest:%z})" if newest else ""
        created = (newest or datetime.combine(start, time(0)).astimezone()).isoformat()
        render_options = replace(render_options, generated_at=created)
        langs = tuple(lang for lang in DIGEST_LANGS if lang in options.langs) or DIGEST_LANGS
        contexts = {
            lang: build_digest_context(
                content,
                lang,
                period=period,
                as_of=as_of,
                created=created,
                templates_dir=render_options.templates_dir,
            )
            for lang in langs
        }
        files = render_digests(contexts, options.formats, render_options)
        document: dict[str, Any] = {"schema": DIGEST_SCHEMA, "week": week}
        for lang, context in contexts.items():
            document[lang] = _jsonable({k: v for k, v in asdict(context).items() if k != "labels"})
        files["digest.json"] = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
        folder = options.out_dir / "weekly" / week
        written = OutputWriter(options.out_dir).write(folder, files)
    except BaseException as exc:
        store.digest_failed(week, str(exc) or type(exc).__name__, release=added)
        raise
    store.digest_finished(week, "done", [f.path for f in written])
    main_articles = sum(len(e.members) for e in content.main)
    late_articles = sum(len(e.members) for e in content.late)
    return DigestResult(
        week, folder, tuple(written), main_articles, len(content.main), late_articles
    )


def _claim_or_wait(store: Store, week: str, *, force: bool) -> bool:
    """Take the right to make ``week``'s digest; False if it exists (and ``force`` is off).

    Another process making it right now is waited for: then it exists.
    """
    waited = 0.0
    while not store.digest_claim(week, redo=force):
        record = store.digest(week)
        if record is None or record.status != "running":
            return False
        if waited >= WAIT_LIMIT_SECONDS:
            raise BriefingError(
                f"the digest of {week} is still being made by another process",
                "wait for it to finish, then run again",
            )
        clock.sleep(WAIT_POLL_SECONDS)
        waited += WAIT_POLL_SECONDS
    return True


def run_weekly(
    week: str | None,
    options: GenerateOptions,
    *,
    force: bool = False,
    if_missing: bool = False,
    today: date | None = None,
) -> DigestResult | None:
    """`briefing weekly`: make one week's digest (default: the last complete week) unless it
    exists; ``force`` remakes it. None: it exists (or is made by another process right now).

    ``if_missing`` (timers, cron): a store with nothing to digest for the week is reported,
    not an error.
    """
    week = week or last_complete_week()
    refuse_future(week, today)  # and a malformed week, before opening anything
    with Store(options.config.store_location) as store:
        problem = nothing_stored_by(week, store)
        if problem is not None:
            if if_missing:
                return DigestResult(week, None, (), 0, 0, 0)
            raise problem
        remake = force or _files_not_in(store, week, options.out_dir)
        if not _claim_or_wait(store, week, force=remake):
            return None
        return make_digest(week, store, options)


def _files_not_in(store: Store, week: str, out_dir: Path) -> bool:
    """True when the week's digest was made, but its files are not in ``out_dir`` (deleted
    since, or made into another folder): then it is made again, not reported as there."""
    record = store.digest(week)
    if record is None or record.status not in ("done", "empty"):
        return False
    folder = (out_dir / "weekly" / week).resolve()
    files = [Path(p).resolve() for p in record.outputs]
    return not files or any(not f.is_file() or f.parent != folder for f in files)


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
    if nothing_stored_by(week, store) is not None:
        if store.digest_claim(week):
            store.digest_finished(week, "empty", ())
            log(f"weekly    {week}: no articles stored for that week or before; no digest")
        return None
    if not store.digest_claim(week, retry_failed=week not in tried):
        return None
    tried.add(week)
    try:
        result = make_digest(week, store, options)
    except BriefingError as exc:
        log(f"failed    weekly digest {week}: {exc}")
        return None
    except Exception as exc:
        log(f"failed    weekly digest {week}: internal error: {type(exc).__name__}: {exc}")
        return None
    log(f"weekly    {week} -> {result.folder}")
    return week
