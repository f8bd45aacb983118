"""The command line end to end: exit codes, exact error lines, what lands in the output folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import CliRun

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SEED = SEEDS / "000_6aa41a9c697c4b0d.txt"
NO_MODEL = (
    "Warning: no Korean->English translation model is installed; English memos are composed "
    "from the facts and quote sources in Korean (install one with "
    "`briefing models install --file KO_EN.argosmodel`)"
)


def folders(out: Path) -> list[Path]:
    return sorted(p for p in out.iterdir() if p.is_dir())


@pytest.mark.slow
def test_generate_writes_the_five_files_of_each_article(tmp_path: Path, cli: CliRun) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = cli("generate", str(SEED), "--out", str(out))
    assert code == 0, stderr
    [folder] = folders(out)
    assert folder.name.startswith("2025-10-29_")
    assert sorted(p.name for p in folder.iterdir()) == [
        "facts.json",
        "memo.en.docx",
        "memo.en.pdf",
        "memo.ko.docx",
        "memo.ko.pdf",
    ]
    assert stderr.strip() == NO_MODEL  # warned once, no traceback
    assert stdout.strip() == f"{SEED} -> {folder}"


@pytest.mark.slow
def test_running_twice_gives_the_same_folder_not_a_second_one(tmp_path: Path, cli: CliRun) -> None:
    out = tmp_path / "out"
    for _ in range(2):
        code, _, stderr = cli(
            "generate", str(SEED), "--out", str(out), "--lang", "ko", "--format", "docx"
        )
        assert code == 0, stderr
    [folder] = folders(out)
    assert sorted(p.name for p in folder.iterdir()) == ["facts.json", "memo.ko.docx"]


def test_bad_articles_fail_one_line_each_and_the_good_one_is_still_written(
    tmp_path: Path, cli: CliRun
) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(SEED, inbox / "a_good.txt")
    (inbox / "b_empty.txt").write_bytes(b"")
    (inbox / "c_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    undecodable = "한국과 미국".encode("cp949") + b"\xff\xfe\xfd\xff" * 8
    (inbox / "d_undecodable.txt").write_bytes(undecodable)
    missing = tmp_path / "missing.txt"
    out = tmp_path / "out"

    code, _, stderr = cli(
        "generate", str(inbox), str(missing), "--out", str(out), "--lang", "ko", "--format", "docx"
    )

    assert code == 1
    errors = [line for line in stderr.splitlines() if line.startswith("Error: ")]
    assert errors == [
        f"Error: {inbox / 'b_empty.txt'}: file is empty "
        "(save the article text into it and try again)",
        f"Error: {inbox / 'c_binary.txt'}: not text: the file is a PNG image "
        "(save the article as a .txt or .html file)",
        f"Error: {inbox / 'd_undecodable.txt'}: unknown text encoding (not valid utf-8, cp949) "
        "(open the article in an editor and save it as UTF-8 text)",
        f"Error: {missing}: no such file (check the path)",
    ]
    assert "Traceback" not in stderr
    [folder] = folders(out)  # only the good article, nothing half-written for the others
    assert sorted(p.name for p in folder.iterdir()) == ["facts.json", "memo.ko.docx"]


def test_debug_shows_the_traceback(tmp_path: Path, cli: CliRun) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, _, stderr = cli("--debug", "extract", str(empty))
    assert code == 1
    assert "Traceback" in stderr
    assert stderr.rstrip().endswith(
        f"Error: {empty}: file is empty (save the article text into it and try again)"
    )


def test_every_command_reports_an_error_the_same_way(tmp_path: Path, cli: CliRun) -> None:
    missing = tmp_path / "none.json"
    for args in (
        ("extract", str(tmp_path / "none.txt")),
        ("render", str(missing), "--out", str(tmp_path / "out")),
        ("names", "remove", "없는이름", "--store", str(tmp_path / "s.sqlite3")),
    ):
        code, stdout, stderr = cli(*args)
        assert (code, stdout) == (1, ""), args
        [line] = stderr.splitlines()
        assert line.startswith("Error: ") and line.endswith(")"), line  # message (hint)
        assert "Traceback" not in stderr


def test_verbose_says_what_each_stage_did(tmp_path: Path, cli: CliRun) -> None:
    article = tmp_path / "a.txt"
    article.write_text("한국과 미국은 인공지능 공동연구를 확대하기로 합의했다.\n", encoding="utf-8")
    args = ("generate", str(article), "--out", str(tmp_path / "out"), "--lang", "ko")
    code, _, stderr = cli("--verbose", *args, "--format", "docx")
    assert code == 0, stderr
    lines = [line for line in stderr.splitlines() if line.startswith("briefing.pipeline: ")]
    assert [line.split(": ", 2)[2].split(" ", 1)[0] for line in lines] == [
        "read,",
        "extracted",
        "wrote",
    ]
    assert f"briefing.pipeline: {article}: read, 1 sentences" in lines
    code, _, quiet = cli(*args, "--format", "docx")
    assert code == 0 and "briefing.pipeline" not in quiet


def test_a_run_opens_the_store_once(
    tmp_path: Path, cli: CliRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run's records, the names registry and the translation cache share one store."""
    from briefing.store import Store

    opened: list[Path] = []
    real_init = Store.__init__

    def counted(self: Store, path: Path, *args: object, **kwargs: object) -> None:
        opened.append(path)
        real_init(self, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "__init__", counted)
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "한국과 미국은 인공지능 공동연구를 확대하기로 합의했다.\n", encoding="utf-8"
    )
    (folder / "b.txt").write_text(
        "한국과 독일은 배터리 공동개발 협약을 체결했다.\n", encoding="utf-8"
    )
    store = tmp_path / "store.sqlite3"
    out = str(tmp_path / "out")
    code, _, stderr = cli(
        "generate",
        str(folder),
        "--out",
        out,
        "--lang",
        "ko",
        "--format",
        "docx",
        "--store",
        str(store),
    )
    assert code == 0, stderr
    assert opened == [store]
    opened.clear()
    code, _, stderr = cli("glossary", "missing", str(folder))
    assert code == 0, stderr
    assert len(opened) == 1


def test_a_folder_gives_its_xhtml_pages_too(tmp_path: Path) -> None:
    from briefing.pipeline import expand_inputs

    for name in ("a.xhtml", "b.html", "c.htm", "d.txt", "e.png", ".hidden.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in expand_inputs([tmp_path])] == ["a.xhtml", "b.html", "c.htm", "d.txt"]


def test_no_articles_in_the_folder_is_an_error(tmp_path: Path, cli: CliRun) -> None:
    code, _, stderr = cli("generate", str(tmp_path), "--out", str(tmp_path / "out"))
    assert code == 1
    assert stderr.strip() == (
        "Error: no articles found (give article files (.txt .html .pdf .docx .hwp .hwpx .eml "
        ".mhtml) or a folder of them)"
    )


def test_extract_prints_the_whole_facts_document(cli: CliRun) -> None:
    code, stdout, _ = cli("extract", str(SEED), "--format", "json")
    assert code == 0
    doc = json.loads(stdout)
    assert set(doc) >= {
        "schema",
        "article",
        "event",
        "parties",
        "people",
        "tech_areas",
        "commitments",
        "quotes",
        "amounts",
    }
    assert doc["schema"] == "briefing.facts/1"
    assert doc["article"]["published"] == "2025-10-29"
    english = {p["name"]["en"] for p in doc["parties"]}
    assert "Ministry of Science and ICT" in english
    sentence_ids = {s["id"] for s in doc["article"]["sentences"]}
    for section in ("parties", "people", "commitments", "quotes", "tech_areas"):
        for item in doc[section]:
            assert item["evidence"], f"{section} item without evidence: {item}"
            assert set(item["evidence"]) <= sentence_ids


def test_render_refuses_a_malformed_facts_file_with_line_and_field(
    tmp_path: Path, cli: CliRun
) -> None:
    broken = tmp_path / "facts.json"
    broken.write_text('{\n  "schema": "briefing.facts/1",\n  "article": [}\n', encoding="utf-8")
    code, _, stderr = cli("render", str(broken), "--out", str(tmp_path / "out"))
    assert code == 1
    assert stderr.strip() == (
        f"Error: {broken}: line 3, column 15: Expecting value (fix the JSON syntax there)"
    )

    code, stdout, _ = cli("extract", str(SEED))
    doc = json.loads(stdout)
    doc["people"][0]["roles"] = ["boss"]
    broken.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, _, stderr = cli("render", str(broken), "--out", str(tmp_path / "out"))
    assert code == 1
    assert stderr.strip().startswith(f"Error: {broken}: facts field $.people[0].roles[0]: 'boss'")


def test_render_re_renders_a_hand_corrected_facts_file(tmp_path: Path, cli: CliRun) -> None:
    code, stdout, _ = cli("extract", str(SEED))
    doc = json.loads(stdout)
    doc["parties"][0]["name"]["en"] = "Republic of Korea (corrected by hand)"
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    code, _, stderr = cli(
        "render", str(facts), "--out", str(out), "--lang", "en", "--format", "docx"
    )
    assert code == 0, stderr
    [folder] = folders(out)
    written = json.loads((folder / "facts.json").read_text(encoding="utf-8"))
    assert written["parties"][0]["name"]["en"] == "Republic of Korea (corrected by hand)"

    from docx import Document

    text = "\n".join(p.text for p in Document(str(folder / "memo.en.docx")).paragraphs)
    tables = "\n".join(
        c.text
        for t in Document(str(folder / "memo.en.docx")).tables
        for r in t.rows
        for c in r.cells
    )
    assert "Republic of Korea (corrected by hand)" in text + tables


def test_a_users_own_outlet_is_recognised_and_named_in_english(tmp_path: Path, cli: CliRun) -> None:
    outlets = tmp_path / "outlets.toml"
    outlets.write_text(
        '[[outlet]]\nko = "브리핑일보"\nen = "The Briefing Daily"\n', encoding="utf-8"
    )
    config = tmp_path / "config.toml"
    config.write_text(f'[data]\noutlets = ["{outlets}"]\n', encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(
        SEED.read_text(encoding="utf-8") + "\n<저작권자 ⓒ 브리핑일보, 무단 전재 및 재배포 금지>\n",
        encoding="utf-8",
    )

    code, stdout, _ = cli("--config", str(config), "extract", str(article))
    assert code == 0
    assert json.loads(stdout)["article"]["outlet"] == {
        "ko": "브리핑일보",
        "en": "The Briefing Daily",
    }
    code, stdout, _ = cli("extract", str(article))  # without it: only a romanised guess
    assert json.loads(stdout)["article"]["outlet"]["en"] != "The Briefing Daily"
