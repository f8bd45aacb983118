"""Which store a config or --store names: an SQLite file or a PostgreSQL URL (no server)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.config import Config, load_config, store_url_of
from briefing.errors import StoreError
from briefing.store import Store, backup_store, is_database_url


def test_a_postgresql_url_in_the_config_is_the_store(tmp_path: Path) -> None:
    config_file = tmp_path / "config.toml"
    config_file.write_text(
        '[paths]\nstore = "postgresql://briefing@db.example:5432/briefing"\n\n'
        '[cluster]\nbroker = "redis://queue.example:6379/0"\n',
        encoding="utf-8",
    )
    config = load_config(config_file)
    assert config.store_location == "postgresql://briefing@db.example:5432/briefing"
    assert config.broker_url == "redis://queue.example:6379/0"


def test_store_option_takes_a_file_or_a_url_even_through_path() -> None:
    config = Config(store_path=Path("/data/a.sqlite3"))
    # typer hands --store over as a Path, which folds the URL's double slash
    as_path = Path("postgresql://u:secret@h:5432/db")
    assert str(as_path) == "postgresql:/u:secret@h:5432/db"
    assert config.with_store(as_path).store_location == "postgresql://u:secret@h:5432/db"
    assert config.with_store(Path("b.sqlite3")).store_location == Path("b.sqlite3")
    assert config.with_store(None) is config
    assert store_url_of("postgres://h/db") == "postgresql://h/db"
    assert store_url_of("~/briefing/postgresql.sqlite3") is None
    assert is_database_url("postgresql://h/db") and not is_database_url(Path("x.sqlite3"))


def test_a_malformed_url_is_one_error_without_the_password() -> None:
    with pytest.raises(StoreError) as caught:
        Store("postgresql://user:secret@db host/briefing")
    assert "secret" not in str(caught.value)
    assert caught.value.message.startswith("the store URL postgresql://user:***@db host/briefing")


def test_a_postgresql_store_is_backed_up_by_pg_dump(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="pg_dump"):
        backup_store("postgresql://h/db", tmp_path / "copy")
