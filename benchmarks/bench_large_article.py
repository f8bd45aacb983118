"""Time and peak memory of `briefing generate` on articles at the input limit (1 MB of text).

    .venv/bin/python benchmarks/bench_large_article.py              # three shapes, no model
    .venv/bin/python benchmarks/bench_large_article.py --with-model # + real-shape MT model
    .venv/bin/python benchmarks/bench_large_article.py --shapes paragraphs --format pdf
    .venv/bin/python benchmarks/bench_large_article.py --shapes paragraphs --sigterm-after 20

Target (issue 16): each briefs in <= 60 s with a peak RSS <= 1 GiB, and each memo stays
within 10 pages. Builds the articles from the bundled seed article (numbered so the
cleaner keeps every paragraph), each just under read.MAX_TEXT_BYTES, runs one `briefing
generate` process per shape in a throw-away BRIEFING_HOME and reports wall time, peak RSS
(wait4), CPU time (user + system: steadier than wall time on a shared machine) and the
memos' page counts. ``--with-model`` installs the random-weight model of
the real Argos shape that bench_translate.py builds (decoding to its full length: slower
than a real model). ``--sigterm-after S`` instead drops each article into a watched folder,
sends the watcher SIGTERM S seconds after it starts and reports how long it takes to stop
(target: <= 5 s) and where the article is left (still in the inbox: claimed again later).
"""

from __future__ import annotations

import argparse
import io
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from briefing.read import MAX_TEXT_BYTES

ROOT = Path(__file__).resolve().parents[1]
BRIEFING = Path(sys.executable).with_name("briefing")
SEED = ROOT / "seeds" / "000_6aa41a9c697c4b0d.txt"


def shapes(target: int) -> dict[str, str]:
    paragraphs = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    lines = [paragraphs[0]]
    size = len(paragraphs[0].encode())
    while True:
        line = f"{len(lines)}번째 문단이다. {paragraphs[1 + len(lines) % (len(paragraphs) - 1)]}"
        if size + len(line.encode()) + 1 > target:
            break
        lines.append(line)
        size += len(line.encode()) + 1
    sentences: list[str] = [paragraphs[0]]
    size = len(paragraphs[0].encode())
    while True:  # ~10,000+ short sentences on few lines
        sentence = f"{len(sentences)}번 기관은 인공지능 공동연구 협력을 강화했다."
        if size + len(sentence.encode()) + 1 > target:
            break
        sentences.append(sentence)
        size += len(sentence.encode()) + 1
    short = "\n".join(
        [sentences[0], *(" ".join(sentences[i : i + 50]) for i in range(1, len(sentences), 50))]
    )
    return {
        "paragraphs": "\n".join(lines),
        "one line": lines[0] + "\n" + " ".join(lines[1:]),
        "short sentences": short,
    }


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf.read_bytes())).pages)


def stop_watcher(root: Path, env: dict[str, str], name: str, text: str, after: float) -> None:
    inbox = root / f"inbox-{name.replace(' ', '-')}"
    inbox.mkdir()
    (inbox / "article.txt").write_text(text, encoding="utf-8")
    command = [str(BRIEFING), "watch", str(inbox), "--out", str(root / "out-watch")]
    proc = subprocess.Popen(
        [*command, "--settle", "0"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    time.sleep(after)
    sent = time.perf_counter()
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    stopped = time.perf_counter() - sent
    held = sorted(
        "inbox" if p.parent == inbox else p.relative_to(inbox).parts[0]
        for p in inbox.rglob("article.txt")
    )
    left = ", ".join(held) or "nowhere"  # "processing": the next watcher takes it up again
    print(
        f"{name:16} SIGTERM {after:.0f} s after start: stopped in {stopped:.2f} s, "
        f"exit {proc.returncode}, article left in {left}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", default="paragraphs,one line,short sentences")
    parser.add_argument("--lang", default="ko,en")
    parser.add_argument("--format", default="pdf,docx")
    parser.add_argument("--with-model", action="store_true")
    parser.add_argument("--sigterm-after", type=float, help="seconds: measure a watcher's stop")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-large-") as tmp:
        root = Path(tmp)
        env = {**os.environ, "BRIEFING_HOME": str(root / "home")}
        if args.with_model:
            sys.path.insert(0, str(ROOT / "benchmarks"))
            from bench_translate import real_shape_package, training_lines

            package = real_shape_package(training_lines())
            subprocess.run(
                [str(BRIEFING), "models", "install", "--file", str(package)],
                env=env,
                check=True,
                capture_output=True,
            )
        wanted = [s.strip() for s in args.shapes.split(",")]
        for name, text in shapes(MAX_TEXT_BYTES - 1024).items():
            if name not in wanted:
                continue
            if args.sigterm_after is not None:
                stop_watcher(root, env, name, text, args.sigterm_after)
                continue
            article = root / f"{name.replace(' ', '-')}.txt"
            article.write_text(text, encoding="utf-8")
            out = root / f"out-{article.stem}"
            command = [str(BRIEFING), "generate", str(article), "--out", str(out)]
            command += ["--lang", args.lang, "--format", args.format]
            started = time.perf_counter()
            proc = subprocess.Popen(
                command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - started
            stdout, stderr = proc.stdout.read(), proc.stderr.read()  # type: ignore[union-attr]
            code = os.waitstatus_to_exitcode(status)
            peak_mib = usage.ru_maxrss / 1024  # KiB on Linux
            memos = sorted(out.glob("*/memo.*.pdf"))
            page_counts = ", ".join(f"{p.name} {pages(p)}" for p in memos)
            print(
                f"{name:16} {article.stat().st_size / 1e6:.2f} MB, {len(text):,} chars: "
                f"{elapsed:.1f} s ({usage.ru_utime + usage.ru_stime:.1f} s CPU), "
                f"peak RSS {peak_mib:.0f} MiB, exit {code}; {page_counts}"
            )
            if code != 0:
                print(stdout + stderr, file=sys.stderr)


if __name__ == "__main__":
    main()
