"""Real Redis and PostgreSQL servers for the cluster tests, on loopback, in a temporary folder.

Used by the tests' fixtures (one pair of servers per test session) and by ``.ci/run``:

    python tests/cluster_servers.py start DIR   # prints shell exports of the URLs
    python tests/cluster_servers.py stop DIR

PostgreSQL refuses to run as root: as root, its commands run as the ``postgres`` user the
Debian package creates (or another user named by BRIEFING_PG_USER).
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def postgres_bin() -> Path | None:
    """The folder of PostgreSQL's server programs (Debian keeps them off PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_version)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


def _version(path: str) -> int:
    part = Path(path).parts[-3]
    return int(part) if part.isdigit() else 0


def missing_binaries() -> list[str]:
    missing = []
    if shutil.which("redis-server") is None:
        missing.append("redis-server")
    if postgres_bin() is None:
        missing.append("PostgreSQL (pg_ctl, initdb)")
    return missing


def _wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {seconds} s")


class RedisServer:
    def __init__(self, folder: Path, port: int | None = None) -> None:
        self.folder = folder
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"

    @property
    def pid_file(self) -> Path:
        return self.folder / "redis.pid"

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        # appendonly + fsync always: the queue survives a restart (docs/scaling.md)
        subprocess.run(
            [
                "redis-server",
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--dir", str(self.folder),
                "--daemonize", "yes",
                "--pidfile", str(self.pid_file),
                "--logfile", str(self.folder / "redis.log"),
                "--save", "",
                "--appendonly", "yes",
                "--appendfsync", "always",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        _wait_for_port(self.port)

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            pid = int(self.pid_file.read_text())
            os.kill(pid, 15)
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                os.kill(pid, 0)
                time.sleep(0.05)

    def restart(self) -> None:
        self.stop()
        self.start()


class PostgresServer:
    def __init__(self, folder: Path, port: int | None = None) -> None:
        self.folder = folder
        self.port = port or free_port()
        self.data = folder / "data"
        self.user = "briefing"
        self.url = f"postgresql://{self.user}@127.0.0.1:{self.port}/postgres"
        binaries = postgres_bin()
        if binaries is None:
            raise RuntimeError("PostgreSQL is not installed")
        self.bin = binaries

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = [
                "runuser",
                "-u",
                os.environ.get("BRIEFING_PG_USER", "postgres"),
                "--",
                *command,
            ]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self) -> None:
        if not self.data.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            if os.geteuid() == 0:
                user = pwd.getpwnam(os.environ.get("BRIEFING_PG_USER", "postgres"))
                os.chmod(self.folder.parent, 0o755)
                os.chown(self.folder, user.pw_uid, user.pw_gid)
            self._run("initdb", "-D", str(self.data), "-U", self.user, "--auth=trust",
                      "-E", "UTF8", "--no-locale", "--no-sync")  # fmt: skip
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
            "-c fsync=off -c full_page_writes=off -c max_connections=100"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "postgres.log"),
                  "-o", options, "-w", "-t", "60", "start")  # fmt: skip
        _wait_for_port(self.port)

    def stop(self, mode: str = "fast") -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self, down_for: float = 0.0) -> None:
        self.stop("immediate")
        time.sleep(down_for)
        self.start()

    def new_database(self, name: str) -> str:
        """A fresh, empty database on this server; its URL."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + f"/{name}"


def _servers(folder: Path) -> tuple[RedisServer, PostgresServer]:
    state = json.loads((folder / "servers.json").read_text())
    return (
        RedisServer(folder / "redis", state["redis"]),
        PostgresServer(folder / "postgres", state["postgres"]),
    )


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("start", "stop"):
        print("usage: cluster_servers.py start|stop DIR", file=sys.stderr)
        return 2
    folder = Path(argv[1]).resolve()
    if argv[0] == "start":
        redis = RedisServer(folder / "redis")
        postgres = PostgresServer(folder / "postgres")
        redis.start()
        postgres.start()
        (folder / "servers.json").write_text(
            json.dumps({"redis": redis.port, "postgres": postgres.port})
        )
        # the tests read the folder (they restart the servers); the URLs are for people
        print(f"export BRIEFING_TEST_SERVERS={folder}")
        print(f"export BRIEFING_TEST_REDIS_URL={redis.url}")
        print(f"export BRIEFING_TEST_POSTGRES_URL={postgres.url}")
        return 0
    redis, postgres = _servers(folder)
    postgres.stop("immediate")
    redis.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
