"""`briefing schedule install/remove`: a systemd user timer, or crontab lines without systemd."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import InputError
from briefing.schedule import WeeklySchedule, install, remove

runner = CliRunner()


def test_systemd_units_are_written_enabled_and_removed(tmp_path: Path) -> None:
    calls: list[list[str]] = []
    schedule = WeeklySchedule.parse("fri 17:30")
    result = install(
        schedule,
        ["--out", "/data/memos"],
        use_systemd=True,
        unit_dir=tmp_path,
        systemctl=calls.append,
    )
    service = tmp_path / "briefing-weekly.service"
    timer = tmp_path / "briefing-weekly.timer"
    assert result.files == (service, timer)
    assert calls == [["daemon-reload"], ["enable", "--now", "briefing-weekly.timer"]]
    timer_text = timer.read_text(encoding="utf-8")
    assert "OnCalendar=Fri *-*-* 17:30:00\nPersistent=true\n" in timer_text
    assert "WantedBy=timers.target" in timer_text
    exec_line = next(
        line
        for line in service.read_text(encoding="utf-8").splitlines()
        if line.startswith("ExecStart=")
    )
    assert exec_line == (
        f"ExecStart={sys.executable} -m briefing weekly --if-missing --out /data/memos"
    )
    calls.clear()
    removed = remove(use_systemd=True, unit_dir=tmp_path, systemctl=calls.append)
    assert removed.files == (timer, service)
    assert calls == [["disable", "--now", "briefing-weekly.timer"], ["daemon-reload"]]
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(InputError) as caught:
        remove(use_systemd=True, unit_dir=tmp_path, systemctl=calls.append)
    assert str(caught.value).startswith("no weekly digest schedule is installed")


def test_without_systemd_the_crontab_lines_are_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    result = runner.invoke(
        app, ["schedule", "install", "--weekly", "mon 08:00", "--out", str(tmp_path), "--cron"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "# systemd does not run here: add these lines with `crontab -e`"
    command = (
        f"BRIEFING_HOME={tmp_path / 'home'} {sys.executable} -m briefing weekly --if-missing "
        f"--out {tmp_path} --lang ko,en --format pdf,docx "
        f">> {tmp_path / 'briefing-weekly.log'} 2>&1  # briefing weekly digest"
    )
    assert lines[1] == f"0 8 * * 1  {command}"
    assert lines[2] == f"@reboot  sleep 120; {command}"
    removed = runner.invoke(app, ["schedule", "remove", "--cron"])
    assert removed.output == (
        "systemd does not run here: delete the lines ending in '# briefing weekly digest' "
        "with `crontab -e`\n"
    )


def test_a_bad_schedule_is_one_clear_line() -> None:
    result = runner.invoke(app, ["schedule", "install", "--weekly", "monday", "--cron"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: cannot read the schedule 'monday' "
        '(write a weekday and a 24-hour time, like "mon 08:00")\n'
    )


def test_sunday_is_day_0_for_cron_and_sun_for_systemd() -> None:
    sunday = WeeklySchedule.parse("sun 23:05")
    assert (sunday.cron(), sunday.on_calendar()) == ("5 23 * * 0", "Sun *-*-* 23:05:00")
