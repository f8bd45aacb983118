"""The weekly digest end to end: weeks by publication date, late arrivals, nothing missed or
doubled, the same files when made again, concurrency, bad weeks, the schedule.

Articles go through the real pipeline (`pipeline.generate` with a store whose clock is
set), so the digest is built from real facts documents.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import InputError
from briefing.pipeline import GenerateOptions, generate
from briefing.store import Store
from briefing.weekly import WeeklySchedule, run_scheduled_digest, run_weekly
from briefing.weeks import previous_week, week_bounds

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


def dated(name: str, folder: Path, day: str, *, extra: str = "", as_name: str = "") -> Path:
    """A copy of a fixture article that states its publication date."""
    target = folder / (as_name or name)
    text = (FIXTURES / name).read_text(encoding="utf-8")
    target.write_text(f"date {day}\n{text}{extra}", encoding="utf-8")
    return target


def digest_json(out: Path, week: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (out / "weekly" / week / "digest.json").read_text(encoding="utf-8")
    )
    return data


def entries(doc: dict[str, Any], lang: str = "ko") -> list[dict[str, Any]]:
    part = doc[lang]
    return [e for s in part["sections"] for e in s["entries"]] + part["late"]


def files_of(doc: dict[str, Any]) -> list[str]:
    return sorted(s["file"] for e in entries(doc) for s in e["sources"])


def weekly_args(root: Path, *extra: str) -> list[str]:
    return ["weekly", "--out", str(root / "out"), "--store", str(root / "store.sqlite3"), *extra]


@pytest.fixture(scope="module")
def briefed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A store: one Danish story published (and briefed) in W44; in W45 a follow-up of it,
    three outlets on one Finnish event and a Vietnamese one (none of them dated: they count
    on the day they were briefed)."""
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
        brief(
            store,
            [articles / n for n in ("finland_a.txt", "vietnam.txt", "finland_b.txt")],
            local(2025, 11, 4, 9),
            root / "out",
        )
        brief(store, [articles / "finland_c.txt", follow_up], local(2025, 11, 7, 18), root / "out")
    shutil.copy(root / "store.sqlite3", root / "no-digests-yet.sqlite3")
    yield root


@pytest.mark.slow
def test_the_weekly_command_writes_every_language_and_format_and_again_the_same(
    briefed: Path,
) -> None:
    result = runner.invoke(app, weekly_args(briefed, "--week", WEEK))
    assert result.exit_code == 0, result.output
    folder = briefed / "out" / "weekly" / WEEK
    assert result.output == f"{WEEK}: 5 articles, 3 events -> {folder}\n"
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "digest.en.docx",
        "digest.en.pdf",
        "digest.json",
        "digest.ko.docx",
        "digest.ko.pdf",
    ]
    first = {n: (folder / n).read_bytes() for n in names}
    assert first["digest.ko.pdf"].startswith(b"%PDF")
    assert first["digest.en.docx"].startswith(b"PK")

    ko = digest_json(briefed / "out", WEEK)["ko"]
    found = [e for section in ko["sections"] for e in section["entries"]]
    assert len(found) == 3
    by_files = {tuple(sorted(s["file"] for s in e["sources"])): e for e in found}
    finland = by_files[("finland_a.txt", "finland_b.txt", "finland_c.txt")]
    assert finland["is_new"] is True  # three outlets, one entry
    assert by_files[("denmark_follow_up.txt",)]["is_new"] is False  # W44 had this story
    assert by_files[("vietnam.txt",)]["is_new"] is True
    assert ko["new_count"] == 2
    assert [e["number"] for e in found] == [1, 2, 3]
    undated = by_files[("vietnam.txt",)]["sources"][0]["published"]
    assert undated == "보도일 미상, 2025-11-04 브리핑"  # no date: the day it was briefed

    # Again: it exists, nothing is touched. --force remakes it: the same bytes.
    again = runner.invoke(app, weekly_args(briefed, "--week", WEEK))
    assert again.output == f"{WEEK}: the digest exists already in {folder} (--force remakes it)\n"
    forced = runner.invoke(app, weekly_args(briefed, "--week", WEEK, "--force"))
    assert forced.exit_code == 0, forced.output
    assert {n: (folder / n).read_bytes() for n in names} == first

    # Its files deleted, or another --out: made again, not reported as there.
    shutil.rmtree(folder)
    remade = runner.invoke(app, weekly_args(briefed, "--week", WEEK))
    assert remade.output == f"{WEEK}: 5 articles, 3 events -> {folder}\n"
    assert {n: (folder / n).read_bytes() for n in names} == first
    elsewhere = briefed / "elsewhere"
    moved = runner.invoke(
        app,
        [
            "weekly",
            "--out",
            str(elsewhere),
            "--store",
            str(briefed / "store.sqlite3"),
            "--week",
            WEEK,
            *("--lang", "ko", "--format", "docx"),  # one document: what is said is the point
        ],
    )
    assert moved.output == f"{WEEK}: 5 articles, 3 events -> {elsewhere / 'weekly' / WEEK}\n"


def test_the_docx_digest_lists_every_source_and_has_the_chart(briefed: Path) -> None:
    from docx import Document

    folder = briefed / "out" / "weekly" / WEEK
    if not (folder / "digest.ko.docx").exists():
        runner.invoke(app, weekly_args(briefed, "--week", WEEK, "--force"))
    document = Document(str(folder / "digest.ko.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    for name in (
        "finland_a.txt",
        "finland_b.txt",
        "finland_c.txt",
        "vietnam.txt",
        "denmark_follow_up.txt",
    ):
        assert text.count(f"[{name}]") == 1
    assert "기술 분야별 사안" in text and "추세" in text
    [chart] = document.inline_shapes
    assert chart._inline.docPr.get("descr").startswith("직전 4주 대비")


def test_a_backlog_is_filed_under_the_week_it_was_published(tmp_path: Path) -> None:
    """Published in W44, briefed in W46: W44's digest lists them, W46's does not."""
    articles = tmp_path / "articles"
    articles.mkdir()
    backlog = [
        dated("finland_a.txt", articles, "2025-10-28"),
        dated("vietnam.txt", articles, "2025-10-30"),
    ]
    current = dated("denmark.txt", articles, "2025-11-11")
    with Store(tmp_path / "store.sqlite3") as store:
        brief(store, [*backlog, current], local(2025, 11, 12, 9), tmp_path / "out")
    options = options_for(tmp_path)
    w44 = run_weekly("2025-W44", options)
    assert w44 is not None and (w44.article_count, w44.late_count) == (2, 0)
    assert files_of(digest_json(tmp_path / "out", "2025-W44")) == ["finland_a.txt", "vietnam.txt"]
    w46 = run_weekly("2025-W46", options)
    assert w46 is not None and (w46.article_count, w46.late_count) == (1, 0)
    assert files_of(digest_json(tmp_path / "out", "2025-W46")) == ["denmark.txt"]


def options_for(root: Path) -> GenerateOptions:
    from briefing.config import Config

    return GenerateOptions(
        out_dir=root / "out",
        config=Config(store_path=root / "store.sqlite3"),
        langs=("ko",),
        formats=(),
    )


def test_late_arrivals_across_two_weeks_nothing_missed_nothing_doubled(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    options = options_for(tmp_path)
    store_path = tmp_path / "store.sqlite3"
    out = tmp_path / "out"
    with Store(store_path) as store:
        brief(store, [dated("finland_a.txt", articles, "2025-11-04")], local(2025, 11, 5, 9), out)
        brief(store, [dated("vietnam.txt", articles, "2025-11-05")], local(2025, 11, 6, 9), out)
    run_weekly("2025-W45", options)  # made Monday: two articles
    with Store(store_path) as store:
        # After W45's digest: a W45 article arrives late, and W46's own.
        brief(store, [dated("denmark.txt", articles, "2025-11-07")], local(2025, 11, 12, 9), out)
        brief(store, [dated("finland_c.txt", articles, "2025-11-12")], local(2025, 11, 13, 9), out)
    w46 = run_weekly("2025-W46", options)
    assert w46 is not None and (w46.article_count, w46.late_count) == (1, 1)
    doc = digest_json(out, "2025-W46")["ko"]
    [late] = doc["late"]
    assert late["published_in"] == "보도 주간 2025-W45"
    assert [s["file"] for s in late["sources"]] == ["denmark.txt"]
    assert doc["late_count"] == 1 and "늦게 들어온 기사 1건" in doc["overview"]

    # Remaking W45 does not pull the late article back: it is W46's.
    remade = run_weekly("2025-W45", options, force=True)
    assert remade is not None and (remade.article_count, remade.late_count) == (2, 0)
    listed = Counter(
        f for week in ("2025-W45", "2025-W46") for f in files_of(digest_json(out, week))
    )
    assert listed == Counter(
        {"finland_a.txt": 1, "vietnam.txt": 1, "denmark.txt": 1, "finland_c.txt": 1}
    )


@pytest.mark.slow
def test_two_processes_making_the_same_digest_make_one(briefed: Path, tmp_path: Path) -> None:
    shutil.copy(briefed / "no-digests-yet.sqlite3", tmp_path / "store.sqlite3")
    command = [
        sys.executable,
        "-m",
        "briefing",
        *weekly_args(tmp_path, "--week", WEEK, "--lang", "ko", "--format", "docx"),
    ]
    running = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=300) for p in running]
    assert [p.returncode for p in running] == [0, 0], outputs
    lines = sorted(out.strip() for out, _ in outputs)
    folder = tmp_path / "out" / "weekly" / WEEK
    assert lines == [
        f"{WEEK}: 5 articles, 3 events -> {folder}",
        f"{WEEK}: the digest exists already in {folder} (--force remakes it)",
    ]
    assert sorted(p.name for p in folder.iterdir()) == ["digest.json", "digest.ko.docx"]
    with Store(tmp_path / "store.sqlite3") as store:
        record = store.digest(WEEK)
        assert record is not None and record.status == "done"


def test_a_week_without_articles_gets_a_short_digest_that_says_so(briefed: Path) -> None:
    week = "2025-W47"  # after the stored articles, no article published in it
    result = runner.invoke(app, [*weekly_args(briefed, "--week", week), "--format", "pdf"])
    assert result.exit_code == 0, result.output
    folder = briefed / "out" / "weekly" / week
    assert result.output == (
        f"{week}: no articles published that week; a short digest says so -> {folder}\n"
    )
    en = digest_json(briefed / "out", week)["en"]
    assert en["entry_count"] == 0 and en["sections"] == [] and en["late"] == []
    assert en["empty_note"].startswith("No article published in this week is in the store.")
    assert (folder / "digest.en.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("week", "message"),
    [
        ("2025-45", "Error: '2025-45' is not an ISO week (write it like 2025-W44)\n"),
        ("2025-W60", "Error: '2025-W60' is not an ISO week: "),
        ("2999-W01", "Error: 2999-W01 is in the future (choose "),
        (
            "2025-W30",
            "Error: 2025-W30 is before any stored article (the first was published in "
            "2025-W44) (choose --week 2025-W44 or later)\n",
        ),
    ],
)
def test_a_bad_week_is_one_clear_line(briefed: Path, week: str, message: str) -> None:
    result = runner.invoke(app, weekly_args(briefed, "--week", week))
    assert result.exit_code == 1
    assert result.output.startswith(message) and result.output.count("\n") == 1


def test_a_store_without_articles_is_one_clear_line_or_quiet_for_timers(tmp_path: Path) -> None:
    result = runner.invoke(app, weekly_args(tmp_path, "--week", WEEK))
    assert (result.exit_code, result.output) == (
        1,
        "Error: the store holds no briefed articles yet (brief articles with "
        "`briefing generate` or `briefing watch` first)\n",
    )
    timer = runner.invoke(app, weekly_args(tmp_path, "--week", WEEK, "--if-missing"))
    assert (timer.exit_code, timer.output) == (
        0,
        f"{WEEK}: no articles stored for that week or before; no digest\n",
    )
    assert not (tmp_path / "out").exists()


def test_a_week_is_checked_against_today() -> None:
    from briefing.weekly import refuse_future

    refuse_future("2025-W45", today=date(2025, 11, 3))  # the current week may be made
    with pytest.raises(InputError) as caught:
        refuse_future("2025-W46", today=date(2025, 11, 9))
    assert str(caught.value) == "2025-W46 is in the future (choose 2025-W45 or an earlier week)"


# --------------------------------------------------------------------------- schedule


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


def test_a_due_week_with_nothing_stored_is_recorded_without_a_digest(tmp_path: Path) -> None:
    options = GenerateOptions(out_dir=tmp_path / "out", langs=("ko",), formats=())
    logged: list[str] = []
    with Store(tmp_path / "store.sqlite3") as store:
        schedule = WeeklySchedule.parse("mon 08:00")
        now = local(2025, 11, 10, 9)
        assert run_scheduled_digest(schedule, store, options, set(), logged.append, now) is None
        assert run_scheduled_digest(schedule, store, options, set(), logged.append, now) is None
        record = store.digest("2025-W45")
        assert record is not None and record.status == "empty"
    assert logged == ["weekly    2025-W45: no articles stored for that week or before; no digest"]
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


def test_the_outlet_of_a_folder_comes_from_the_config(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox-hankyung"
    inbox.mkdir()
    shutil.copy(FIXTURES / "vietnam.txt", inbox / "a.txt")
    config = tmp_path / "config.toml"
    config.write_text(f'[outlets]\n"{inbox}" = "한경"\n', encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "--config",
            str(config),
            "generate",
            str(inbox),
            "--out",
            str(out),
            "--format",
            "docx",
            "--lang",
            "ko",
            "--store",
            str(tmp_path / "store.sqlite3"),
        ],
    )
    assert result.exit_code == 0, result.output
    [facts_file] = out.glob("*/facts.json")
    outlet = json.loads(facts_file.read_text(encoding="utf-8"))["article"]["outlet"]
    assert outlet == {"ko": "한국경제", "en": "The Korea Economic Daily"}


def test_the_summary_line_counts_in_english() -> None:
    from briefing.cli import _count

    assert [_count(1, "article"), _count(2, "event"), _count(0, "late arrival")] == [
        "1 article",
        "2 events",
        "0 late arrivals",
    ]
