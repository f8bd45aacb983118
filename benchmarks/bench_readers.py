"""Documents as analysts have them: the same facts from PDF and DOCX as from .txt, and speed.

Run: .venv/bin/python benchmarks/bench_readers.py [--corpus ../shared/corpus/dev]

1. The two seed articles saved as PDF (WeasyPrint, bundled font, lines wrapped anywhere in
   a word as browsers do) and as DOCX, extracted and scored against their gold with
   ../shared/tools/score_facts.py, next to the .txt: target |F1(format) - F1(txt)| <= 0.02.
2. Reading a 20-page PDF (read_document: text layer, furniture, paragraphs): target <= 2 s,
   timed in a fresh process (PDFium and Kiwi cold) and warm.
3. The same for OCR of one scanned page, when tesseract with Korean data is installed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from briefing.config import Config  # noqa: E402
from briefing.pipeline import extract_one, facts_json  # noqa: E402
from briefing.read import read_document  # noqa: E402
from briefing.readers.ocr import ocr_available  # noqa: E402
from documents import docx_bytes, image_only_pdf, pdf_bytes  # noqa: E402

SEEDS = ("000_6aa41a9c697c4b0d", "002_ae51b92b4a2a10c1")


def blocks(name: str) -> list[str]:
    text = (ROOT / "seeds" / f"{name}.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def score(corpus: Path, work: Path) -> dict[str, float]:
    gold_dir = work / "gold"
    gold_dir.mkdir()
    for name in SEEDS:
        shutil.copy(corpus / f"{name}.gold.json", gold_dir)
        shutil.copy(corpus / f"{name}.txt", gold_dir)
    makers = {
        "txt": (".txt", lambda b: ("\n".join(b) + "\n").encode()),
        "pdf": (".pdf", pdf_bytes),
        "docx": (".docx", docx_bytes),
    }
    scores = {}
    for fmt, (suffix, make) in makers.items():
        facts_dir = work / f"facts-{fmt}"
        facts_dir.mkdir()
        for name in SEEDS:
            path = work / f"{name}{suffix}"
            path.write_bytes(make(blocks(name)))
            (facts_dir / f"{name}.json").write_bytes(facts_json(extract_one(path, Config())))
        tool = corpus.parents[1] / "tools" / "score_facts.py"
        done = subprocess.run(
            [sys.executable, str(tool), str(gold_dir), "--facts", str(facts_dir), "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
        scores[fmt] = json.loads(done.stdout)["overall_f1"]
    return scores


def twenty_pages(work: Path) -> Path:
    paragraphs = blocks(SEEDS[0]) + blocks(SEEDS[1])
    copies = 1
    while True:
        data = pdf_bytes(paragraphs, copies=copies)
        import pypdfium2 as pdfium

        pages = len(pdfium.PdfDocument(data))
        if pages >= 20:
            path = work / f"article-{pages}p.pdf"
            path.write_bytes(data)
            return path
        copies += max(1, (20 - pages) // 3)


def time_read(path: Path) -> tuple[float, float]:
    code = (
        "import time, sys; from pathlib import Path; t = time.perf_counter(); "
        "from briefing.read import read_document; "
        f"read_document(Path({str(path)!r})); print(time.perf_counter() - t)"
    )
    cold = float(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
    )
    read_document(path)
    warm = min(_timed(path) for _ in range(3))
    return cold, warm


def _timed(path: Path) -> float:
    started = time.perf_counter()
    read_document(path)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        if (args.corpus / f"{SEEDS[0]}.gold.json").exists():
            scores = score(args.corpus, work)
            for fmt, f1 in scores.items():
                delta = f1 - scores["txt"]
                print(f"seeds as {fmt:<4} overall F1 {f1:.3f} (vs txt {delta:+.3f})")
        else:
            print(f"no gold in {args.corpus}: F1 comparison skipped")
        path = twenty_pages(work)
        cold, warm = time_read(path)
        text = read_document(path).text
        print(f"{path.name}: {len(text):,} characters; read cold {cold:.2f} s, warm {warm:.2f} s")
        if ocr_available():
            scan = work / "scan.pdf"
            scan.write_bytes(image_only_pdf(blocks(SEEDS[0])[:6]))
            started = time.perf_counter()
            read_document(scan)
            print(f"OCR of one scanned page: {time.perf_counter() - started:.2f} s")
        else:
            print("tesseract with Korean data not installed: OCR timing skipped")


if __name__ == "__main__":
    main()
