"""The weekly digest: events merged across outlets, new-since-last-week, schedule, CLI.

Articles go through the real pipeline (`pipeline.generate` with a store whose clock is
set), so the digest is built from real facts documents.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import InputError
from briefing.pipeline import GenerateOptions, generate
from briefing.store import Store
from briefing.weekly import WeeklySchedule, previous_week, run_scheduled_digest, week_bounds

FIXTURES = Path(__file__).parent / "fixtures" / "weekly"
WEEK = "2025-W45"  # Monday 2025-11-03 .. Sunday 2025-11-09
runner = CliRunner()


def local(*args: int) -> datetime:
    return datetime(*args).astimezone()  # type: ignore[arg-type]


def brief(store: Store, files: list[Path], when: datetime, out: Path) -> None:
    store.clock = lambda: when
    options = GenerateOptions(out_dir=out, langs=("ko",), formats=())
    results = generate(files, options, store=store)
    assert all(r.ok for r in results), [str(r.error) for r in results]


@pytest.fixture(scope="module")
def briefed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A store: last week one Danish story; this week it again, three outlets on one Finnish
    event, and a Vietnamese one."""
    root = tmp_path_factory.mktemp("weekly")
    articles = root / "articles"
    articles.mkdir()
    for f in FIXTURES.glob("*.txt"):
        shutil.copy(f, articles / f.name)
    follow_up = articles / "denmark_follow_up.txt"
    follow_up.write_text(
        (FIXTURES / "denmark.txt").read_text(encoding="utf-8")
        + "\n양측은 다음 공동위원회를 2년 뒤 서울에서 열기로 했다.\n",
        encoding="utf-8",
    )
    with Store(root / "store.sqlite3") as store:
        brief(store, [articles / "denmark.txt"], local(2025, 10, 29, 10), root / "out")
    with Store(root / "store.sqlite3") as store:
        brief(
            store,
            [articles / n for n in ("finland_a.txt", "vietnam.txt", "finland_b.txt")],
            local(2025, 11, 4, 9),
            root / "out",
        )
        brief(store, [articles / "finland_c.txt", follow_up], local(2025, 11, 7, 18), root / "out")
    shutil.copy(root / "store.sqlite3", root / "no-digests-yet.sqlite3")
    yield root


def digest_json(root: Path, week: str = WEEK) -> dict:  # type: ignore[type-arg]
    data: dict = json.loads(  # type: ignore[type-arg]
        (root / "out" / "weekly" / week / "digest.json").read_text(encoding="utf-8")
    )
    return data


def test_the_weekly_command_writes_every_language_and_format(briefed: Path) -> None:
    result = runner.invoke(
        app,
        [
            "weekly",
            "--week",
            WEEK,
            "--out",
            str(briefed / "out"),
            "--store",
            str(briefed / "store.sqlite3"),
        ],
    )
    assert result.exit_code == 0, result.output
    folder = briefed / "out" / "weekly" / WEEK
    assert result.output == f"{WEEK}: 5 articles, 3 events -> {folder}\n"
    assert sorted(p.name for p in folder.iterdir()) == [
        "digest.en.docx",
        "digest.en.pdf",
        "digest.json",
        "digest.ko.docx",
        "digest.ko.pdf",
    ]
    assert (folder / "digest.ko.pdf").read_bytes().startswith(b"%PDF")
    assert (folder / "digest.en.docx").read_bytes().startswith(b"PK")

    ko = digest_json(briefed)["ko"]
    entries = [e for section in ko["sections"] for e in section["entries"]]
    assert len(entries) == 3
    by_files = {tuple(sorted(s["file"] for s in e["sources"])): e for e in entries}
    finland = by_files[("finland_a.txt", "finland_b.txt", "finland_c.txt")]
    assert len(finland["sources"]) == 3  # three outlets, one entry
    assert finland["is_new"] is True
    denmark = by_files[("denmark_follow_up.txt",)]
    assert denmark["is_new"] is False  # last week's digest had this story
    assert by_files[("vietnam.txt",)]["is_new"] is True
    assert ko["new_count"] == 2
    assert sorted(e["number"] for e in entries) == [1, 2, 3]


def test_the_docx_digest_lists_every_source(briefed: Path) -> None:
    from docx import Document

    folder = briefed / "out" / "weekly" / WEEK
    if not (folder / "digest.ko.docx").exists():
        runner.invoke(
            app,
            [
                "weekly",
                "--week",
                WEEK,
                "--out",
                str(briefed / "out"),
                "--store",
                str(briefed / "store.sqlite3"),
            ],
        )
    text = "\n".join(p.text for p in Document(str(folder / "digest.ko.docx")).paragraphs)
    for name in (
        "finland_a.txt",
        "finland_b.txt",
        "finland_c.txt",
        "vietnam.txt",
        "denmark_follow_up.txt",
    ):
        assert text.count(f"[{name}]") == 1
    assert "기술 분야별 사안" in text and "인물·기관 색인" in text


def test_an_empty_week_is_an_error_with_a_hint(briefed: Path) -> None:
    result = runner.invoke(
        app,
        [
            "weekly",
            "--week",
            "2025-W30",
            "--out",
            str(briefed / "out"),
            "--store",
            str(briefed / "store.sqlite3"),
        ],
    )
    assert result.exit_code == 1
    assert result.output == (
        "Error: no articles were briefed in 2025-W30 (brief articles with `briefing generate` "
        "or `briefing watch`, or choose another --week)\n"
    )


def test_a_malformed_week_is_refused() -> None:
    result = runner.invoke(app, ["weekly", "--week", "2025-45"])
    assert result.exit_code == 1
    assert result.output == "Error: '2025-45' is not an ISO week (write it like 2025-W44)\n"


def test_schedule_parsing() -> None:
    assert WeeklySchedule.parse("mon 08:00") == WeeklySchedule(0, datetime(1, 1, 1, 8).time())
    assert WeeklySchedule.parse("Friday 17:30").weekday == 4
    for bad in ("monday", "mon 25:00", "xyz 08:00", "mon 8"):
        with pytest.raises(InputError) as caught:
            WeeklySchedule.parse(bad)
        assert str(caught.value) == (
            f"cannot read the schedule {bad!r} "
            '(write a weekday and a 24-hour time, like "mon 08:00")'
        )


def test_the_due_week_is_the_last_complete_one() -> None:
    schedule = WeeklySchedule.parse("mon 08:00")
    assert schedule.last_due(local(2025, 11, 10, 9)) == local(2025, 11, 10, 8)
    assert schedule.last_due(local(2025, 11, 10, 7)) == local(2025, 11, 3, 8)
    assert schedule.week_due(local(2025, 11, 10, 9)) == "2025-W45"
    assert schedule.week_due(local(2025, 11, 10, 7)) == "2025-W44"
    assert schedule.week_due(local(2025, 11, 13, 12)) == "2025-W45"  # machine was off Monday
    assert previous_week("2026-W01") == "2025-W52"
    start, end = week_bounds("2025-W45")
    assert (start, end) == (local(2025, 11, 3), local(2025, 11, 10))


def test_a_missed_run_is_made_up_once_and_never_twice(briefed: Path, tmp_path: Path) -> None:
    store_path = tmp_path / "store.sqlite3"
    shutil.copy(briefed / "no-digests-yet.sqlite3", store_path)
    options = GenerateOptions(out_dir=tmp_path / "out", langs=("ko",), formats=())
    schedule = WeeklySchedule.parse("mon 08:00")
    logged: list[str] = []
    thursday = local(2025, 11, 13, 12)  # the machine was off on Monday 08:00
    with Store(store_path) as first, Store(store_path) as second:
        made = run_scheduled_digest(schedule, first, options, set(), logged.append, thursday)
        assert made == "2025-W45"
        # The same watcher later, and a second watcher on the same store: nothing more.
        assert (
            run_scheduled_digest(schedule, first, options, {made}, logged.append, thursday) is None
        )
        assert (
            run_scheduled_digest(schedule, second, options, set(), logged.append, thursday) is None
        )
    assert logged == [f"weekly    2025-W45 -> {tmp_path / 'out' / 'weekly' / '2025-W45'}"]
    assert (tmp_path / "out" / "weekly" / "2025-W45" / "digest.json").exists()


def test_an_empty_due_week_is_recorded_without_a_digest(tmp_path: Path) -> None:
    options = GenerateOptions(out_dir=tmp_path / "out", langs=("ko",), formats=())
    logged: list[str] = []
    with Store(tmp_path / "store.sqlite3") as store:
        schedule = WeeklySchedule.parse("mon 08:00")
        now = local(2025, 11, 10, 9)
        assert run_scheduled_digest(schedule, store, options, set(), logged.append, now) is None
        assert run_scheduled_digest(schedule, store, options, set(), logged.append, now) is None
        record = store.digest("2025-W45")
        assert record is not None and record.status == "empty"
    assert logged == ["weekly    2025-W45: no articles were briefed that week; no digest"]
    assert not (tmp_path / "out").exists()


def briefing_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if not line.startswith("Warning: ")]


def test_generate_records_into_the_store_and_reports_duplicates(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(FIXTURES / "vietnam.txt", articles / "a.txt")
    shutil.copy(FIXTURES / "vietnam.txt", articles / "b.txt")
    args = [
        "generate",
        str(articles),
        "--out",
        str(tmp_path / "out"),
        "--lang",
        "ko",
        "--format",
        "docx",
        "--store",
        str(tmp_path / "store.sqlite3"),
    ]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    lines = briefing_lines(first.output)
    assert lines[0].startswith(f"{articles / 'a.txt'} -> {tmp_path / 'out'}")
    assert lines[1] == (
        f"{articles / 'b.txt'}: same article as {articles / 'a.txt'}; not briefed again"
    )
    # A later run briefs again (templates may have changed) and still skips the repeat.
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert briefing_lines(second.output)[1] == lines[1]
    with Store(tmp_path / "store.sqlite3") as store:
        [record] = store.articles()
        assert (record.status, record.origin, record.attempts) == ("done", "generate", 2)
