"""Faults a careful tester found (issue 16): each case reproduced, then fixed.

Hangs, tracebacks, silent loss and unsafe answers on bad inputs; the store's faults are in
tests/test_store_faults.py, large articles in tests/test_large_articles.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CliRun

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_6aa41a9c697c4b0d.txt"
BRIEFING = Path(sys.executable).with_name("briefing")


# --------------------------------------------------------------------------- special files


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_generate_refuses_a_fifo_or_a_device_at_once(tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        path = tmp_path / "p.txt"
        os.mkfifo(path)
    else:
        path = Path("/dev/zero")
    env = {**os.environ, "BRIEFING_HOME": str(tmp_path / "home")}
    result = subprocess.run(
        [str(BRIEFING), "generate", str(path), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=20,  # it used to block forever reading the path for its content hash
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: {path}: not a regular file (give a .txt or .html file)"
    )
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- output folders


def article(tmp_path: Path, name: str, sentence: str) -> Path:
    path = tmp_path / name
    path.write_text(
        f"{sentence}\n한국과 미국은 인공지능 공동연구를 확대하기로 합의했다. "
        "양국은 내년부터 연구자 교류를 늘린다.\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def unwritable_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    """Folders without write permission refuse new files, for root too (root ignores modes)."""
    if os.geteuid() != 0:
        return
    import tempfile

    real = tempfile.mkstemp

    def mkstemp(*args: object, dir: str | Path | None = None, **kwargs: object) -> object:
        if dir is not None and not os.stat(dir).st_mode & 0o200:
            raise PermissionError(13, "Permission denied", str(dir))
        return real(*args, dir=dir, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("briefing.output.tempfile.mkstemp", mkstemp)


def test_a_read_only_article_folder_is_one_error_and_the_run_goes_on(
    tmp_path: Path, unwritable_folders: None, cli: CliRun
) -> None:
    from briefing.resources import default_store_path
    from briefing.store import Store

    first = article(tmp_path, "a.txt", "과학기술정보통신부는 첫째 협력 방안을 발표했다.")
    second = article(tmp_path, "b.txt", "과학기술정보통신부는 둘째 협력 방안을 발표했다.")
    out = tmp_path / "out"
    options = ("--out", str(out), "--lang", "ko", "--format", "docx")
    code, _, stderr = cli("generate", str(first), *options)
    assert code == 0, stderr
    [folder] = [p for p in out.iterdir() if p.is_dir()]
    folder.chmod(0o555)
    try:
        # one process: the fault above is injected into this one
        code, stdout, stderr = cli("generate", str(first), str(second), *options, "--jobs", "1")
    finally:
        folder.chmod(0o755)
    assert code == 1
    assert [line for line in stderr.splitlines() if not line.startswith("Warning:")] == [
        f"Error: cannot write {folder / 'facts.json'}: Permission denied "
        "(free disk space or check permissions, then run again)"
    ]
    assert stdout.count(" -> ") == 1 and stdout.startswith(f"{second} -> ")
    with Store(default_store_path()) as store:
        assert sorted(r.status for r in store.articles()) == ["done", "failed"]


# --------------------------------------------------------------------------- facts documents

FACTS = ROOT / "tests" / "fixtures" / "facts" / "seed-000.json"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("published", "../../x", "'../../x' is not an ISO date (YYYY-MM-DD)"),
        ("published", "2025-13-40", "'2025-13-40' is not an ISO date (YYYY-MM-DD)"),
        ("id", "../../x", "'../../x' is not an article id (letters, digits, - and _)"),
    ],
)
def test_render_refuses_facts_whose_fields_would_reach_a_path(
    tmp_path: Path, field: str, value: str, message: str, cli: CliRun
) -> None:
    import json

    doc = json.loads(FACTS.read_text(encoding="utf-8"))
    doc["article"][field] = value
    if field == "id":
        doc["article"]["title"] = None  # the id names the folder of an untitled article
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    facts = work / "facts.json"
    facts.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    before = sorted(tmp_path.rglob("*"))
    code, _, stderr = cli("render", str(facts), "--out", str(work / "out"))
    assert code == 1
    assert stderr.strip() == (
        f"Error: {facts}: facts field $.article.{field}: {message} "
        "(fix the field or regenerate it with `briefing extract ARTICLE --format json`)"
    )
    assert sorted(tmp_path.rglob("*")) == before  # nothing created anywhere


# --------------------------------------------------------------------------- decoding

KOREAN_PROSE = (
    "과학기술정보통신부는 대한민국과 일본의 인공지능 협력을 강화하기로 했다. "
    "양국 대표단은 서울에서 만나 공동연구 방안을 논의했다.\n"
    "대통령실은 이번 합의가 대학과 기업의 교류를 넓힐 것이라고 밝혔다.\n"
)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("lead", ["", "date 2025-10-29\n"])
def test_utf16_without_a_bom_is_read_as_utf16(tmp_path: Path, codec: str, lead: str) -> None:
    from briefing.read import read_document

    path = tmp_path / "a.txt"
    path.write_bytes((lead + KOREAN_PROSE).encode(codec))
    raw = read_document(path)
    assert raw.encoding == codec
    assert raw.text == lead + KOREAN_PROSE


def test_cp949_korean_is_not_taken_for_bomless_utf16(tmp_path: Path) -> None:
    from briefing.read import read_document

    path = tmp_path / "a.txt"
    path.write_bytes(KOREAN_PROSE.encode("cp949"))
    assert read_document(path).encoding == "cp949"


# --------------------------------------------------------------------------- deep HTML


def test_html_nested_fifty_thousand_levels_deep_is_read(tmp_path: Path) -> None:
    from briefing.read import read_document

    first, second = KOREAN_PROSE.strip().split("\n")
    third = "양국은 내년 상반기에 후속 회의를 열기로 했다."
    depth = 50_000
    page = (
        "<!DOCTYPE html><html><head><title>한일 인공지능 협력</title>"
        "<script>var x = '<div>';</script></head><body>"
        + "<div>" * 10
        + f"<p>{first}</p>"
        + "<div class='x'>" * (depth - 10)
        + f"<p>{second}</p><span>{third}</span>"
        + "</div>" * depth
        + "</body></html>"
    )
    path = tmp_path / "deep.html"
    path.write_text(page, encoding="utf-8")
    raw = read_document(path)
    assert raw.html_title == "한일 인공지능 협력"
    for sentence in (first, second, third):
        assert sentence in raw.text
    assert "var x" not in raw.text


# --------------------------------------------------------------------------- not Korean

JAPANESE = (
    "日本政府は東京で記者会見を開き、半導体の国産化を発表した。\n"
    "経済産業省の担当者は協力を強化すると述べた。売上高は前年比で増加し、円安の影響が続いている。\n"
)
ENGLISH = (
    "The ministry announced a joint research programme on artificial intelligence.\n"
    "Both governments will fund exchanges of researchers from next year.\n"
)


@pytest.mark.parametrize("language", ["japanese", "english"])
def test_an_article_not_in_korean_is_briefed_with_one_warning(
    tmp_path: Path, language: str, cli: CliRun
) -> None:
    path = tmp_path / f"{language}.txt"
    path.write_text(JAPANESE if language == "japanese" else ENGLISH, encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, stderr = cli("generate", str(path), "--out", str(out))
    assert code == 0, stderr
    warnings = [line for line in stderr.splitlines() if "no Korean->English" not in line]
    assert warnings[0] == (
        f"Warning: {path}: the article is not in Korean (no Hangul among its letters); "
        "briefing extracts facts from Korean news, so the memo may be nearly empty"
    )
    # Kana and Jōyō kanji are drawn by the bundled Japanese face: no font warning.
    assert len(warnings) == 1
    assert stdout.strip().startswith(f"{path} -> ")
    if language == "japanese":
        from golden_render import pdf_text

        (memo,) = out.glob("*/memo.ko.pdf")
        text = pdf_text(memo.read_bytes())
        assert "経済産業省" in text or "日本政府" in text, text
        assert "[U+" not in text
