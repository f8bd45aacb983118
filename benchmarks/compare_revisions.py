"""The same workload on two git revisions, side by side in one run, and the ratios.

    .venv/bin/python benchmarks/compare_revisions.py 1fd3aed HEAD [--runs 3] [--burst 100]

Each revision is checked out with ``git worktree`` into a temporary folder and run with
this venv's packages and ``PYTHONPATH=<checkout>/src`` (so both use the same libraries),
every run with a fresh ``BRIEFING_HOME`` (no store, no font cache, no translation model).
Measured, alternating between the revisions so that load from other jobs hits both alike:

- cold: ``briefing generate`` on one seed article in a fresh process, four memos (ko/en x
  PDF/DOCX): median wall time of ``--runs`` and the process's peak RSS (``ru_maxrss``);
- warm: a watcher already running and warmed up by one article; articles dropped one at a
  time: median seconds from drop to ``done/``;
- burst: ``--burst`` distinct articles (the seeds with a sentence of their own added)
  dropped at once into a watcher's inbox: seconds until it has briefed them all, the rate,
  the CPU seconds per article of the watcher and its workers (steady under other jobs'
  load, where the drain time is not), and the peak memory of the watcher with its workers
  (sum of their PSS: pages they share count once).

A revision that has ``--jobs`` runs with its default (the number of cores).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def variant(i: int) -> str:
    """A distinct article: a seed with a paragraph of its own in the middle of its body (at
    the end it could fall after the page furniture the cleaner cuts, making duplicates)."""
    lines = SEEDS[i % len(SEEDS)].read_text(encoding="utf-8").split("\n")
    middle = len(lines) // 2
    own = f"관계자는 이번 협력이 {i + 1}번째 후속 협의로 이어질 것이라고 말했다."
    return "\n".join([*lines[:middle], own, *lines[middle:]])


# --------------------------------------------------------------------------- memory


def tree_pids(pid: int) -> list[int]:
    """``pid`` and all its descendants (Linux /proc)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo += [int(p) for p in (task / "children").read_text().split()]
            except OSError:
                continue
    return found


def _field_kib(path: str, name: str) -> int:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(name):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kib(pid: int) -> int:
    """Memory of ``pid`` and its descendants, in KiB: the sum of their proportional set
    sizes (PSS), so pages shared between processes (a fork's, libraries') count once."""
    return sum(_field_kib(f"/proc/{p}/smaps_rollup", "Pss:") for p in tree_pids(pid))


def process_rss_kib(pid: int) -> int:
    return _field_kib(f"/proc/{pid}/status", "VmRSS:")


class PeakRss:
    """Samples the memory of a process tree every 50 ms while it runs."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_kib(self.pid))
            self._stop.wait(0.05)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak / 1024


# --------------------------------------------------------------------------- revisions


@dataclass
class Revision:
    name: str
    checkout: Path
    has_jobs: bool = False
    cold: list[float] = field(default_factory=list)
    cold_rss: list[float] = field(default_factory=list)
    cold_cpu: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    burst_seconds: float = 0.0
    burst_rss: float = 0.0
    burst_cpu: float = 0.0  # user + system seconds of the watcher and its workers

    def env(self, home: Path) -> dict[str, str]:
        return {
            **os.environ,
            "PYTHONPATH": str(self.checkout / "src"),
            "BRIEFING_HOME": str(home),
            "PYTHONUNBUFFERED": "1",
        }

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "briefing", *args]


def checkout(revision: str, into: Path) -> Path:
    target = into / revision.replace("/", "_")
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(target), revision],
        check=True,
        capture_output=True,
    )
    return target


def remove_checkout(target: Path) -> None:
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(target)],
        check=False,
        capture_output=True,
    )


def cold_run(rev: Revision, work: Path) -> None:
    home, out = work / "home", work / "out"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    errors = work / "stderr.txt"
    start = time.perf_counter()
    with errors.open("w") as err:
        proc = subprocess.Popen(
            rev.command("generate", str(SEEDS[0]), "--out", str(out)),
            env=rev.env(home),
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        # peak RSS as the kernel counts it for the process (what `time -v` shows)
        _, status, usage = os.wait4(proc.pid, 0)
    rev.cold.append(time.perf_counter() - start)
    rev.cold_rss.append(usage.ru_maxrss / 1024)
    rev.cold_cpu.append(usage.ru_utime + usage.ru_stime)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{rev.name}: generate failed: {errors.read_text()}")


def start_watcher(rev: Revision, work: Path, *extra: str) -> tuple[subprocess.Popen[str], Path]:
    inbox = work / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    args = [
        "watch", str(inbox), "--out", str(work / "out"), "--settle", "0", "--poll", "0.05",
        *extra,
    ]  # fmt: skip
    proc = subprocess.Popen(
        rev.command(*args),
        env=rev.env(work / "home"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    return proc, inbox


def wait_done(inbox: Path, count: int, proc: subprocess.Popen[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    done = inbox / "done"
    while time.monotonic() < deadline:
        names = os.listdir(done) if done.is_dir() else []
        if len(names) >= count:
            return
        if proc.poll() is not None:
            raise SystemExit("the watcher stopped early")
        time.sleep(0.02)
    raise SystemExit(f"timed out waiting for {count} articles in {done}")


def drop(inbox: Path, name: str, text: str) -> None:
    temporary = inbox / f".{name}.part"
    temporary.write_text(text, encoding="utf-8")
    os.rename(temporary, inbox / name)


def warm_runs(rev: Revision, work: Path, count: int, first: int) -> None:
    shutil.rmtree(work, ignore_errors=True)
    proc, inbox = start_watcher(rev, work)
    try:
        drop(inbox, "warmup.txt", variant(first))
        wait_done(inbox, 1, proc, 300)
        for i in range(count):
            start = time.perf_counter()
            drop(inbox, f"w{i:03d}.txt", variant(first + 1 + i))
            wait_done(inbox, 2 + i, proc, 300)
            rev.warm.append(time.perf_counter() - start)
    finally:
        proc.terminate()
        proc.wait(60)


def burst_run(rev: Revision, work: Path, count: int, first: int) -> None:
    shutil.rmtree(work, ignore_errors=True)
    inbox = work / "inbox"
    inbox.mkdir(parents=True)
    for i in range(count):
        (inbox / f"b{i:03d}.txt").write_text(variant(first + i), encoding="utf-8")
    start = time.perf_counter()
    proc, _ = start_watcher(rev, work, "--exit-when-idle")
    peak = PeakRss(proc.pid)
    # CPU seconds hardly change with other jobs' load, unlike the drain time
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    rev.burst_seconds = time.perf_counter() - start
    rev.burst_cpu = usage.ru_utime + usage.ru_stime
    rev.burst_rss = peak.stop()
    briefed = len(os.listdir(inbox / "done")) if (inbox / "done").is_dir() else 0
    if briefed != count:
        raise SystemExit(f"{rev.name}: the burst briefed {briefed} of {count}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the revision to compare against (e.g. 1fd3aed)")
    parser.add_argument("new", help="the revision measured (e.g. HEAD)")
    parser.add_argument("--runs", type=int, default=3, help="cold runs per revision")
    parser.add_argument("--warm", type=int, default=5, help="articles dropped one at a time")
    parser.add_argument("--burst", type=int, default=100, help="articles dropped at once")
    args = parser.parse_args()
    print(f"load average at start {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="briefing-compare-") as tmp:
        root = Path(tmp)
        revisions = []
        try:
            for name in (args.base, args.new):
                rev = Revision(name, checkout(name, root))
                help_text = subprocess.run(
                    rev.command("watch", "--help"),
                    env=rev.env(root / "help-home"),
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                rev.has_jobs = "--jobs" in help_text
                revisions.append(rev)
            for run in range(args.runs):
                for rev in revisions:
                    cold_run(rev, root / "cold")
                    print(f"  cold {rev.name} run {run + 1}: {rev.cold[-1]:.2f} s, "
                          f"{rev.cold_rss[-1]:.0f} MiB", flush=True)  # fmt: skip
            for rev in revisions:
                warm_runs(rev, root / "warm", args.warm, first=1000)
                print(f"  warm {rev.name}: {[round(t, 2) for t in rev.warm]}", flush=True)
            for rev in revisions:
                burst_run(rev, root / "burst", args.burst, first=2000)
                print(f"  burst {rev.name}: {rev.burst_seconds:.1f} s", flush=True)
        finally:
            for rev in revisions:
                remove_checkout(rev.checkout)
    base, new = revisions
    print(f"load average at end {os.getloadavg()[0]:.1f}")
    print(f"\n{'measure':44} {base.name:>12} {new.name:>12} {'ratio':>7}")

    def row(label: str, old: float, now: float, unit: str) -> None:
        ratio = old / now if now else float("inf")
        print(f"{label:44} {old:10.2f}{unit:>2} {now:10.2f}{unit:>2} {ratio:6.2f}x")

    if args.runs:
        row("cold single article, median (s)", statistics.median(base.cold),
            statistics.median(new.cold), " s")  # fmt: skip
        row("cold single article, peak RSS (MiB)", max(base.cold_rss), max(new.cold_rss), "Mi")
        row("cold single article, CPU median (s)", statistics.median(base.cold_cpu),
            statistics.median(new.cold_cpu), " s")  # fmt: skip
    row("warm per article in the watcher, median (s)", statistics.median(base.warm),
        statistics.median(new.warm), " s")  # fmt: skip
    row(f"{args.burst}-article burst, drain time (s)", base.burst_seconds,
        new.burst_seconds, " s")  # fmt: skip
    print(f"{'burst rate (articles/min)':44} {60 * args.burst / base.burst_seconds:12.1f} "
          f"{60 * args.burst / new.burst_seconds:12.1f} "
          f"{base.burst_seconds / new.burst_seconds:6.2f}x")  # fmt: skip
    row("burst, CPU per article (s)", base.burst_cpu / args.burst, new.burst_cpu / args.burst, " s")
    row("burst, peak PSS of watcher + workers (MiB)", base.burst_rss, new.burst_rss, "Mi")
    print("(ratio: base / new; above 1 means the new revision is faster or smaller)")
    for rev in revisions:
        print(f"{rev.name}: --jobs {'default (cores)' if rev.has_jobs else 'not available'}")


if __name__ == "__main__":
    main()
