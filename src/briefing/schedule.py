"""When the weekly digest is made: ``"mon 08:00"`` schedules, and installing them.

``WeeklySchedule`` reads ``"mon 08:00"`` (any weekday's first three letters, 24-hour local
time); the watcher (``watch --weekly``) uses it to make the digest of the last complete week.

``briefing schedule install --weekly "mon 08:00"`` sets the same up without a watcher: a
systemd user timer (``briefing-weekly.timer`` + ``.service`` in
``~/.config/systemd/user/``, enabled at once; ``Persistent=true`` makes up a run missed
while the machine was off). Where systemd does not run, it prints the crontab lines to add
instead. ``briefing schedule remove`` undoes it. Both run ``briefing weekly --if-missing``,
so a week never gets two digests, next to a watcher or not.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

from briefing.errors import BriefingError, InputError
from briefing.output import atomic_write
from briefing.weeks import last_complete_week

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SCHEDULE = re.compile(r"^\s*([a-z]{3})[a-z]*\s+(\d{1,2}):(\d{2})\s*$", re.IGNORECASE)
UNIT = "briefing-weekly"
CRON_MARK = "# briefing weekly digest"


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

    def on_calendar(self) -> str:
        """systemd's OnCalendar form: ``Mon *-*-* 08:00:00``."""
        return f"{WEEKDAYS[self.weekday].title()} *-*-* {self.at:%H:%M}:00"

    def cron(self) -> str:
        """cron's five fields: ``0 8 * * 1`` (cron counts Sunday as 0)."""
        return f"{self.at.minute} {self.at.hour} * * {(self.weekday + 1) % 7}"


# --------------------------------------------------------------------------- installing


def systemd_runs() -> bool:
    """True where systemd is the service manager (what ``sd_booted()`` checks)."""
    return Path("/run/systemd/system").is_dir() and shutil.which("systemctl") is not None


def user_unit_dir() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "systemd" / "user"


def digest_command(args: Sequence[str]) -> list[str]:
    """The command that makes the digest: this Python running briefing, so the timer uses
    the same installation as the user who set it up."""
    return [sys.executable, "-m", "briefing", "weekly", "--if-missing", *args]


def _environment() -> list[str]:
    home = os.environ.get("BRIEFING_HOME")
    return [f"Environment={_systemd_quote('BRIEFING_HOME=' + home)}"] if home else []


def _systemd_quote(word: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9_@%+=:,./-]+", word):
        return word
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%") + '"'


def service_unit(command: Sequence[str]) -> str:
    return "\n".join(
        [
            "# Written by `briefing schedule install`; `briefing schedule remove` removes it.",
            "[Unit]",
            "Description=briefing: the weekly digest",
            "",
            "[Service]",
            "Type=oneshot",
            *_environment(),
            "ExecStart=" + " ".join(_systemd_quote(w) for w in command),
            "",
        ]
    )


def timer_unit(schedule: WeeklySchedule) -> str:
    return "\n".join(
        [
            "# Written by `briefing schedule install`; `briefing schedule remove` removes it.",
            "# Persistent=true: a run missed while the machine was off is made up at the next",
            "# start (the digest command never makes a week's digest twice).",
            "[Unit]",
            "Description=briefing: the weekly digest",
            "",
            "[Timer]",
            f"OnCalendar={schedule.on_calendar()}",
            "Persistent=true",
            "RandomizedDelaySec=60",
            "",
            "[Install]",
            "WantedBy=timers.target",
            "",
        ]
    )


def cron_lines(schedule: WeeklySchedule, command: Sequence[str], log: Path) -> list[str]:
    """The crontab lines: the weekly run, and one after a reboot (cron makes up nothing)."""
    env = os.environ.get("BRIEFING_HOME")
    prefix = f"BRIEFING_HOME={shlex.quote(env)} " if env else ""
    run = f"{prefix}{shlex.join(command)} >> {shlex.quote(str(log))} 2>&1"
    return [
        f"{schedule.cron()}  {run}  {CRON_MARK}",
        f"@reboot  sleep 120; {run}  {CRON_MARK}",
    ]


Runner = Callable[[list[str]], None]


def run_systemctl(args: list[str]) -> None:
    try:
        done = subprocess.run(
            ["systemctl", "--user", *args], capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BriefingError(
            f"systemctl --user {' '.join(args)} failed: {exc}",
            "check that your user's systemd instance runs (loginctl enable-linger $USER)",
        ) from exc
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        reason = lines[-1] if lines else f"exit status {done.returncode}"
        raise BriefingError(
            f"systemctl --user {' '.join(args)} failed: {reason}",
            "check that your user's systemd instance runs (loginctl enable-linger $USER)",
        )


@dataclass(frozen=True)
class ScheduleResult:
    kind: str  # "systemd" or "cron"
    files: tuple[Path, ...] = ()  # unit files written or removed
    cron: tuple[str, ...] = ()  # lines for the user's crontab


def install(
    schedule: WeeklySchedule,
    digest_args: Sequence[str],
    *,
    use_systemd: bool | None = None,
    unit_dir: Path | None = None,
    log: Path | None = None,
    systemctl: Runner = run_systemctl,
) -> ScheduleResult:
    """Install the weekly digest run: a systemd user timer, else the crontab lines to add."""
    command = digest_command(digest_args)
    if not (systemd_runs() if use_systemd is None else use_systemd):
        log = log or Path.home() / "briefing-weekly.log"
        return ScheduleResult("cron", cron=tuple(cron_lines(schedule, command, log)))
    folder = unit_dir or user_unit_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BriefingError(
            f"cannot create {folder}: {exc.strerror}", "check the folder's permissions"
        ) from exc
    service, timer = folder / f"{UNIT}.service", folder / f"{UNIT}.timer"
    atomic_write(service, service_unit(command).encode("utf-8"))
    atomic_write(timer, timer_unit(schedule).encode("utf-8"))
    systemctl(["daemon-reload"])
    systemctl(["enable", "--now", f"{UNIT}.timer"])
    return ScheduleResult("systemd", files=(service, timer))


def remove(
    *,
    use_systemd: bool | None = None,
    unit_dir: Path | None = None,
    systemctl: Runner = run_systemctl,
) -> ScheduleResult:
    """Remove the systemd timer and service; without systemd, say which lines to delete."""
    if not (systemd_runs() if use_systemd is None else use_systemd):
        return ScheduleResult("cron", cron=(CRON_MARK,))
    folder = unit_dir or user_unit_dir()
    timer, service = folder / f"{UNIT}.timer", folder / f"{UNIT}.service"
    if not timer.exists() and not service.exists():
        raise InputError(
            f"no weekly digest schedule is installed ({timer} does not exist)",
            'install one with `briefing schedule install --weekly "mon 08:00"`',
        )
    if timer.exists():
        systemctl(["disable", "--now", f"{UNIT}.timer"])
    removed = []
    for path in (timer, service):
        if path.exists():
            path.unlink()
            removed.append(path)
    systemctl(["daemon-reload"])
    return ScheduleResult("systemd", files=tuple(removed))
