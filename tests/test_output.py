"""The output writer: folder names, atomic writes, no silent overwrite."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from briefing.errors import OutputError
from briefing.output import FACTS_FILE, OutputWriter, atomic_write, slugify


def test_slug_keeps_korean_and_is_filesystem_safe() -> None:
    slug = slugify("韓美 동맹 군사·경제 이어 기술까지…반도체센터", "x")
    assert slug == "韓美-동맹-군사-경제-이어-기술까지-반도체센터"


@pytest.mark.parametrize(
    "title",
    [
        "../../etc/passwd",
        "a/b\\c",
        "줄\n바꿈",
        "..",
        "CON",
        "",
        "가" * 300,
        "   ",
        'a:b*c?d"e<f>g|h',
    ],
)
def test_hostile_titles_stay_inside_the_output_root(tmp_path: Path, title: str) -> None:
    writer = OutputWriter(tmp_path)
    folder = writer.folder_for(article_id="abcdef0123456789", published="2025-10-29", title=title)
    assert folder.parent == tmp_path
    assert "/" not in folder.name and "\n" not in folder.name and ".." not in folder.name
    assert len(folder.name.encode("utf-8")) <= 255
    writer.write(folder, {"a.txt": b"x"})
    assert (folder / "a.txt").read_bytes() == b"x"


def test_same_article_gets_the_same_folder_another_article_never_overwrites(tmp_path: Path) -> None:
    writer = OutputWriter(tmp_path)
    first = writer.folder_for(article_id="1" * 16, published="2025-10-29", title="같은 제목")
    writer.write(first, {FACTS_FILE: json.dumps({"article": {"id": "1" * 16}}).encode()})
    again = writer.folder_for(article_id="1" * 16, published="2025-10-29", title="같은 제목")
    other = writer.folder_for(article_id="2" * 16, published="2025-10-29", title="같은 제목")
    assert again == first
    assert other != first and other.name.endswith("-22222222")


def test_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "memo.ko.pdf"
    target.write_bytes(b"old")

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OutputError, match="No space left on device"):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.ko.pdf"]


def test_written_files_follow_the_umask_not_mkstemps_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "memo.ko.docx", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "memo.ko.docx").stat().st_mode & 0o777 == 0o644


def test_a_failed_first_write_leaves_no_empty_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    writer = OutputWriter(tmp_path)
    folder = writer.folder_for(article_id="1" * 16, published=None, title="제목")
    with pytest.raises(OutputError):
        writer.write(folder, {FACTS_FILE: b"{}"})
    assert list(tmp_path.iterdir()) == []


def test_disk_full_midway_through_a_new_article_leaves_no_partial_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = os.replace

    def full_after_two(src: str, dst: str) -> None:
        if len([p for p in Path(dst).parent.iterdir() if not p.name.startswith(".")]) >= 2:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", full_after_two)
    writer = OutputWriter(tmp_path)
    folder = writer.folder_for(article_id="1" * 16, published=None, title="제목")
    files = {FACTS_FILE: b"{}", "memo.ko.pdf": b"%PDF", "memo.ko.docx": b"PK"}
    with pytest.raises(OutputError, match="No space left on device"):
        writer.write(folder, files)
    # a folder with facts.json but half the memos would look briefed: nothing is left
    assert list(tmp_path.iterdir()) == []


def _write_one(args: tuple[str, str]) -> str:
    root, article_id = args
    facts = json.dumps({"article": {"id": article_id}}).encode()
    memo = (article_id * 20000).encode()  # a few hundred KB: the write takes a moment
    folder, _ = OutputWriter(Path(root)).write_article(
        {"facts.json": facts, "memo.ko.pdf": memo},
        article_id=article_id,
        published="2025-11-04",
        title="같은 제목의 기사",
    )
    return folder.name


def test_workers_writing_two_articles_of_one_title_at_once_get_two_folders(
    tmp_path: Path,
) -> None:
    import multiprocessing

    ids = [f"{n:02x}" * 8 for n in range(1, 9)]  # distinct first 8 characters, as hashes
    with multiprocessing.get_context("fork").Pool(8) as pool:
        names = pool.map(_write_one, [(str(tmp_path), i) for i in ids])
    assert len(set(names)) == len(ids)
    owners = {
        json.loads((tmp_path / name / "facts.json").read_text())["article"]["id"] for name in names
    }
    assert owners == set(ids)
    for name, article_id in zip(names, ids, strict=True):
        assert (tmp_path / name / "memo.ko.pdf").read_bytes() == (article_id * 20000).encode()
