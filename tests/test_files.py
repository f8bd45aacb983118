"""The shared file helpers (hash, lock) and the data files a long-running process reloads."""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path

import pytest

from briefing.config import Config
from briefing.datafiles import DataFiles, data_files, forget_loaded_data
from briefing.files import HASH_CHUNK, open_locked, sha256_of_open_file, try_lock


def test_the_hash_of_a_file_larger_than_one_chunk(tmp_path: Path) -> None:
    data = os.urandom(HASH_CHUNK + 123)
    path = tmp_path / "big.bin"
    path.write_bytes(data)
    fd = os.open(path, os.O_RDONLY)
    try:
        assert sha256_of_open_file(fd) == hashlib.sha256(data).hexdigest()
    finally:
        os.close(fd)


def test_a_lock_is_held_until_its_descriptor_closes(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    assert try_lock(path, create=False) is None  # no file, none made
    assert not path.exists()
    first = try_lock(path, create=True)
    assert first is not None
    assert try_lock(path, create=False) is None  # held
    os.close(first)
    again = try_lock(path, create=False)
    assert again is not None
    os.close(again)


def test_open_locked_says_whether_the_file_is_missing_or_held(tmp_path: Path) -> None:
    """The store tells a dead owner (no lock file) from a live one (held) this way."""
    path = tmp_path / "owner.lock"
    with pytest.raises(FileNotFoundError):
        open_locked(path, create=False)
    held = open_locked(path, create=True)
    with pytest.raises(BlockingIOError):
        open_locked(path, create=False)
    os.close(held)
    os.close(open_locked(path, create=False))


def test_an_edited_user_file_is_noticed_once(tmp_path: Path) -> None:
    own = tmp_path / "glossary.toml"
    own.write_text('[people]\n"배경훈" = "Bae Kyung-hoon"\n', encoding="utf-8")
    config = Config(glossary_files=(own,), store_path=tmp_path / "s.sqlite3")
    assert own in data_files(config)
    assert any(p.name == "gazetteer.toml" for p in data_files(config))  # bundled ones too
    watched = DataFiles(config)
    assert not watched.changed()
    own.write_text('[people]\n"배경훈" = "Kyunghoon Bae"\n', encoding="utf-8")
    os.utime(own, ns=(1, 1))  # a new mtime even on a coarse clock
    assert watched.changed()
    assert not watched.changed()
    own.unlink()
    assert watched.changed()


def test_forgotten_data_is_read_again(tmp_path: Path) -> None:
    from briefing.translate import glossary_for

    own = tmp_path / "glossary.toml"
    own.write_text('[people]\n"배경훈" = "Bae Kyung-hoon"\n', encoding="utf-8")
    config = replace(Config(), glossary_files=(own,))
    assert glossary_for(config).person("배경훈") == "Bae Kyung-hoon"
    own.write_text('[people]\n"배경훈" = "Kyunghoon Bae"\n', encoding="utf-8")
    assert glossary_for(config).person("배경훈") == "Bae Kyung-hoon"  # cached
    forget_loaded_data()
    assert glossary_for(config).person("배경훈") == "Kyunghoon Bae"
