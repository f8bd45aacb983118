"""Time and peak memory of `briefing generate` on articles at the input limit (1 MB of text).

    .venv/bin/python benchmarks/bench_large_article.py              # three shapes, no model
    .venv/bin/python benchmarks/bench_large_article.py --with-model # + real-shape MT model
    .venv/bin/python benchmarks/bench_large_article.py --shapes paragraphs --format pdf

Target (issue 16): each briefs in <= 60 s with a peak RSS <= 1 GiB, and each memo stays
within 10 pages. Builds the articles from the bundled seed article (numbered so the
cleaner keeps every paragraph), each just under read.MAX_TEXT_BYTES, runs one `briefing
generate` process per shape in a throw-away BRIEFING_HOME and reports wall time, peak RSS
(wait4) and the memos' page counts. ``--with-model`` installs the random-weight model of
the real Argos shape that bench_translate.py builds (decoding to its full length: slower
than a real model).
"""

from __future__ import annotations

import argparse
import io
import os
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", default="paragraphs,one line,short sentences")
    parser.add_argument("--lang", default="ko,en")
    parser.add_argument("--format", default="pdf,docx")
    parser.add_argument("--with-model", action="store_true")
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
                f"{elapsed:.1f} s, peak RSS {peak_mib:.0f} MiB, exit {code}; {page_counts}"
            )
            if code != 0:
                print(stdout + stderr, file=sys.stderr)


if __name__ == "__main__":
    main()
