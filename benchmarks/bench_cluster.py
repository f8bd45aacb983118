#!/usr/bin/env python3
"""Cluster throughput: articles per minute with 1 and 2 `briefing worker`s.

Starts its own Redis and PostgreSQL (tests/cluster_servers.py; needs redis-server and
PostgreSQL installed), writes short synthetic Korean articles, and for each worker count:
a fresh database and queue, the workers started and warmed up (one article each, so Kiwi
and the fonts are loaded), then every article submitted at once and timed until the last is
recorded done. Also the workers' CPU seconds per article, steadier than wall time on a
shared machine (the capacity model in docs/scaling.md uses both).

    .venv/bin/python benchmarks/bench_cluster.py [--articles 100] [--lang ko,en] [--format pdf,docx]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from cluster_servers import PostgresServer, RedisServer, missing_binaries  # noqa: E402

BRIEFING = Path(sys.executable).with_name("briefing")
COUNTRIES = ["핀란드", "스웨덴", "독일", "캐나다", "호주", "영국", "프랑스", "네덜란드"]
FIELDS = ["인공지능", "반도체", "양자기술", "수소에너지", "배터리", "우주항공", "바이오", "통신"]


def article(i: int) -> str:
    country, field = COUNTRIES[i % 8], FIELDS[(i // 8) % 8]
    return (
        f"한국과 {country}, {field} 공동연구 {i}차 협력 합의\n\n"
        f"입력 2025-10-{27 + i % 5} 09:00\n\n"
        f"과학기술정보통신부는 서울에서 {country} 정부와 {field} 분야 공동연구 협력을 위한 "
        "양해각서를 체결했다고 밝혔다.\n"
        f"양국은 앞으로 3년간 연구자 {i + 10}명을 교류하고 공동 과제 {i + 2}건을 추진하기로 했다.\n"
        f"협력에는 {country}의 국립연구소와 한국과학기술연구원(KIST)이 참여한다.\n"
        f'과기정통부 관계자는 "이번 협력으로 {field} 분야의 경쟁력을 높일 것"이라고 말했다.\n'
    )


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its reaped children (/proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def done_count(store: str) -> int:
    import psycopg

    with psycopg.connect(store) as conn:
        row = conn.execute("SELECT count(*) FROM articles WHERE status = 'done'").fetchone()
        return int(row[0]) if row else 0


def run(
    workers: int, count: int, redis: RedisServer, postgres: PostgresServer, args: argparse.Namespace
) -> tuple[float, float]:
    import redis as redis_client

    from briefing.store import Store

    tmp = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    redis_client.Redis.from_url(redis.url).flushall()
    store = postgres.new_database(f"bench_{uuid.uuid4().hex[:10]}")
    Store(store).close()
    env = {**os.environ, "BRIEFING_HOME": str(tmp / "home")}
    folder = tmp / "articles"
    folder.mkdir()
    warmups = [folder / f"warm{i}.txt" for i in range(workers)]
    for i, path in enumerate(warmups):
        path.write_text(article(10_000 + i), encoding="utf-8")
    paths = []
    for i in range(count):
        path = folder / f"a{i:04d}.txt"
        path.write_text(article(i), encoding="utf-8")
        paths.append(path)
    procs = [
        subprocess.Popen(
            [
                str(BRIEFING),
                "worker",
                "--out",
                str(tmp / "out"),
                "--store",
                store,
                "--broker",
                redis.url,
                "--lang",
                args.lang,
                "--format",
                args.format,
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(workers)
    ]
    try:
        submit = [str(BRIEFING), "submit", "--broker", redis.url]
        subprocess.run([*submit, *map(str, warmups)], env=env, check=True, capture_output=True)
        while done_count(store) < workers:
            time.sleep(0.2)
        cpu_before = sum(cpu_seconds(p.pid) for p in procs)
        start = time.monotonic()
        subprocess.run([*submit, str(folder)], env=env, check=True, capture_output=True)
        while done_count(store) < workers + count:
            time.sleep(0.1)
        elapsed = time.monotonic() - start
        cpu = sum(cpu_seconds(p.pid) for p in procs) - cpu_before
    finally:
        for proc in procs:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--lang", default="ko,en")
    parser.add_argument("--format", default="pdf,docx")
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    missing = missing_binaries()
    if missing:
        sys.exit(f"needs {' and '.join(missing)}")
    folder = Path(tempfile.mkdtemp(prefix="bench-servers-"))
    redis, postgres = RedisServer(folder / "redis"), PostgresServer(folder / "postgres")
    redis.start()
    postgres.start()
    try:
        results = {}
        print(f"{args.articles} articles, --lang {args.lang} --format {args.format}")
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        for workers in (int(w) for w in args.workers.split(",")):
            elapsed, cpu = run(workers, args.articles, redis, postgres, args)
            per_minute = args.articles / elapsed * 60
            results[workers] = per_minute
            print(
                f"{workers} worker(s): {elapsed:.1f} s, {per_minute:.1f} articles/min, "
                f"{cpu / args.articles:.2f} CPU s/article, load {os.getloadavg()[0]:.1f}"
            )
        if 1 in results and 2 in results:
            print(f"2 workers / 1 worker: {results[2] / results[1]:.2f}x")
    finally:
        postgres.stop("immediate")
        redis.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
