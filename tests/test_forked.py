"""Two halves of a piece of work on two cores (render/forked.py), and a one-shot `generate`
that draws its memos that way: each case runs in a fresh Python process, as only a process
with a single thread forks (a test runner's may have more)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from briefing.render.forked import can_fork

BRIEFING = Path(sys.executable).with_name("briefing")
FACTS = Path(__file__).parent / "fixtures" / "facts" / "seed-000.json"
FORKS = sys.platform.startswith("linux")
TWO_CORES = FORKS and len(os.sched_getaffinity(0)) >= 2


def run_python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_process_with_a_second_thread_does_not_fork() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
    finally:
        stop.set()
        thread.join()


@pytest.mark.skipif(not FORKS, reason="forks on Linux only")
def test_the_second_half_runs_in_a_child_and_its_result_comes_back() -> None:
    out = run_python(
        "import os\n"
        "from briefing.render.forked import can_fork, run_halves\n"
        "assert can_fork()\n"
        "mine, theirs = run_halves(lambda: os.getpid(), lambda: (os.getpid(), 'x' * 300000))\n"
        "print(mine == os.getpid(), theirs[0] != os.getpid(), len(theirs[1]))\n"
    )
    assert out == "True True 300000"


@pytest.mark.skipif(not FORKS, reason="forks on Linux only")
def test_a_second_half_that_fails_in_the_child_is_done_again_here_and_raises() -> None:
    out = run_python(
        "import os\n"
        "from briefing.render.forked import run_halves\n"
        "parent = os.getpid()\n"
        "def second():\n"
        "    raise ValueError('in the parent' if os.getpid() == parent else 'in the child')\n"
        "try:\n"
        "    run_halves(lambda: 1, second)\n"
        "except ValueError as exc:\n"
        "    print(exc)\n"
    )
    assert out == "in the parent"


def test_memos_drawn_side_by_side_are_the_same_bytes() -> None:
    out = run_python(
        "from pathlib import Path\n"
        "from briefing.pipeline import load_facts\n"
        "from briefing.render import RenderOptions, render_memos\n"
        "from briefing.render.forked import can_fork\n"
        f"facts = load_facts(Path({str(FACTS)!r}))\n"
        "options = RenderOptions(generated_at='2025-11-03T09:00:00+09:00')\n"
        "memos = [(lang, fmt) for lang in ('ko', 'en') for fmt in ('pdf', 'docx')]\n"
        "one = render_memos(facts, memos, options)\n"
        "two = render_memos(facts, memos, options, side_by_side=True)\n"
        "print(list(two) == memos, all(one[m] == two[m] for m in memos), can_fork())\n"
    )
    assert out == f"True True {TWO_CORES}"


def test_a_one_shot_generate_writes_every_memo(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(
        "한국과 미국이 인공지능 공동연구에 합의했다.\n"
        "과학기술정보통신부는 3일 서울에서 미국 국립과학재단과 업무협약을 맺었다고 밝혔다.\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [str(BRIEFING), "generate", str(article), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (folder,) = (tmp_path / "out").iterdir()
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["facts.json", "memo.en.docx", "memo.en.pdf", "memo.ko.docx", "memo.ko.pdf"]
    assert (folder / "memo.ko.pdf").read_bytes().startswith(b"%PDF")
    assert (folder / "memo.en.pdf").read_bytes().startswith(b"%PDF")


class _Pipe:
    def __init__(self) -> None:
        self.sent: list[object] = []

    def send(self, message: object) -> None:
        self.sent.append(message)


def test_a_worker_may_draw_on_two_cores_only_when_its_article_is_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from briefing.workers import Task, WorkerPool, _Worker

    pool = WorkerPool(2, "watch", None)
    pipes: list[_Pipe] = []

    def start() -> _Worker:
        pipes.append(_Pipe())
        worker = _Worker(process=None, conn=pipes[-1])  # type: ignore[arg-type]
        pool._workers.append(worker)
        return worker

    monkeypatch.setattr(pool, "_start", start)
    pool.submit(Task("a", Path("a.txt")))
    pool.submit(Task("b", Path("b.txt")))
    sent = [message for pipe in pipes for message in pipe.sent]
    assert [(t.key, t.spare_core) for t in sent] == [("a", True), ("b", False)]  # type: ignore[attr-defined]


def test_kiwi_in_one_thread_analyses_as_with_its_threads() -> None:
    code = (
        "import os, sys\n"
        "from briefing import sentences\n"
        "if sys.argv[1] == 'one':\n"
        "    sentences.analyse_in_one_thread()\n"
        "body = '한국과 미국은 3일 서울에서 협약을 맺었다.정부는 이를 환영했다.\\n"
        "관계자는 “협력을 넓히겠다”며 “기대가 크다”고 말했다.'\n"
        "print(sentences.split_sentences(body))\n"
        "print([[(t.form, t.tag, t.start) for t in ts] "
        "for ts in sentences.tokenize_all(['삼성전자는 반도체를 만든다.', '좋다'])])\n"
        "print(sentences.space_all(['한국과미국은 협약을맺었다'], reset_whitespace=False))\n"
        "print(len(os.listdir('/proc/self/task')) if sys.platform == 'linux' else 1)\n"
    )

    def run(mode: str) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", code, mode],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()

    one, batch = run("one"), run("batch")
    assert one[:3] == batch[:3]
    assert one[3] == "1"  # no thread but the main one: the worker may fork


@pytest.mark.skipif(not TWO_CORES, reason="forks only on Linux with two cores")
def test_a_one_shot_generate_with_a_model_draws_its_memos_in_a_fork(tmp_path: Path) -> None:
    """The model is given back with its threads once the facts are out: else the process
    has CTranslate2's threads and draws its memos one after the other."""
    from argos_tiny import build_package

    home = tmp_path / "home"
    env = {**os.environ, "BRIEFING_HOME": str(home)}
    package = build_package(tmp_path / "package")
    subprocess.run(
        [str(BRIEFING), "models", "install", "--file", str(package)], env=env, check=True
    )
    article = tmp_path / "article.txt"
    article.write_text(
        "과학기술정보통신부는 3일 서울에서 미국 국립과학재단과 업무협약을 맺었다고 밝혔다.\n"
        '과기정통부 관계자는 "양국의 인공지능 협력이 커질 것"이라고 말했다.\n',
        encoding="utf-8",
    )
    code = f"""
import sys
import briefing.render.forked as forked
from briefing.cli import main
seen = []
can_fork = forked.can_fork
forked.can_fork = lambda: seen.append(can_fork()) or seen[-1]
sys.argv = ["briefing", "generate", {str(article)!r}, "--out", {str(tmp_path / "out")!r}]
try:
    main()  # as the `briefing` command: a process of its own
except SystemExit as end:
    assert end.code in (0, None), end.code
print(seen)
"""
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    seen = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    assert seen and all(seen), seen  # asked whether it may fork, and it might
    store = next(home.rglob("*.sqlite3"))
    import sqlite3

    with sqlite3.connect(store) as conn:
        assert conn.execute("SELECT count(*) FROM translations").fetchone()[0] > 0
