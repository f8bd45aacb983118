"""ISO weeks in local time, and the day an article belongs to.

A week is an ISO week (``2025-W44``: Monday 00:00 to the next Monday 00:00, local time).
An article belongs to the week it was *published* in; an article without a publication date
belongs to the day it was first briefed (and the digest says so).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from briefing.errors import InputError

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
WEEK_HINT = "write it like 2025-W44"


def week_of(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(week: str) -> date:
    """The Monday of an ISO week like ``2025-W44``."""
    match = _WEEK.match(week)
    if match is None:
        raise InputError(f"{week!r} is not an ISO week", WEEK_HINT)
    try:
        return date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError as exc:
        raise InputError(f"{week!r} is not an ISO week: {exc}", WEEK_HINT) from exc


def week_end(week: str) -> date:
    """The Sunday of ``week``."""
    return week_start(week) + timedelta(days=6)


def previous_week(week: str, count: int = 1) -> str:
    return week_of(week_start(week) - timedelta(days=7 * count))


def week_bounds(week: str) -> tuple[datetime, datetime]:
    """[start, end) of the week in local time (aware datetimes)."""
    monday = week_start(week)
    start = datetime.combine(monday, time(0)).astimezone()
    end = datetime.combine(monday + timedelta(days=7), time(0)).astimezone()
    return start, end


def last_complete_week(now: datetime | None = None) -> str:
    today = (now or datetime.now().astimezone()).date()
    return week_of(today - timedelta(days=7))


def local_day(timestamp: str) -> date:
    """The local calendar day of a stored (UTC, ISO) timestamp."""
    return datetime.fromisoformat(timestamp).astimezone().date()


def publication_day(published: str | None, briefed_at: str) -> tuple[date, bool]:
    """The day an article counts for, and whether that is its publication date.

    No (or no readable) publication date: the day it was first briefed. A publication date
    after the briefing day is a misread date: the briefing day bounds it.
    """
    briefed = local_day(briefed_at)
    if published:
        try:
            day = date.fromisoformat(published[:10])
        except ValueError:
            return briefed, False
        return min(day, briefed), True
    return briefed, False
