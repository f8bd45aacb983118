"""User configuration: one optional TOML file, every key optional.

```toml
[paths]
store = "~/briefing/briefing.sqlite3"   # SQLite store (articles, translation cache),
                                        # or "postgresql://USER@HOST/DB" (docs/scaling.md)
models = "~/briefing/models"            # installed translation models
templates = "~/briefing/my-templates"   # own templates and CSS (same names as bundled)
reference_docx = "~/briefing/styles.docx"

[data]                                  # extra data files, merged over the bundled ones
gazetteer = ["~/briefing/entities.toml"]
glossary = ["~/briefing/glossary.toml"]
lexicon = ["~/briefing/tech-terms.toml"]
terms = ["~/briefing/terms.toml"]       # Korean terms -> English (commitments, headlines)
furniture = ["~/briefing/furniture.toml"]  # page furniture of the sites you read
outlets = ["~/briefing/outlets.toml"]      # outlets missing from the bundled list

[translation]
beam_size = 4
inter_threads = 2
intra_threads = 1
compute_type = "int8"
max_batch_size = 8

[render]
page_size = "A4"                         # or "Letter"

[cluster]                                # several machines (docs/scaling.md)
broker = "redis://localhost:6379/0"

[outlets]                                # the outlet of every article in a folder, for
"~/briefing/inbox-hankyung" = "한국경제"   # articles whose text and page name none
```
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from briefing import resources
from briefing.errors import ConfigError


@dataclass(frozen=True)
class TranslationSettings:
    beam_size: int = 4
    inter_threads: int = 2
    intra_threads: int = 1
    compute_type: str = "int8"
    max_batch_size: int = 8


@dataclass(frozen=True)
class Config:
    store_path: Path = field(default_factory=resources.default_store_path)
    store_url: str | None = None  # a PostgreSQL store (postgresql://…) instead of the file
    broker_url: str | None = None  # [cluster] broker: Redis, for submit and worker
    models_dir: Path = field(default_factory=resources.default_models_dir)
    templates_dir: Path | None = None
    reference_docx: Path | None = None
    gazetteer_files: tuple[Path, ...] = ()
    glossary_files: tuple[Path, ...] = ()
    lexicon_files: tuple[Path, ...] = ()
    terms_files: tuple[Path, ...] = ()
    furniture_files: tuple[Path, ...] = ()
    outlet_files: tuple[Path, ...] = ()
    translation: TranslationSettings = field(default_factory=TranslationSettings)
    page_size: str = "A4"
    # [outlets]: (folder, outlet name) for articles whose text and page name no outlet.
    folder_outlets: tuple[tuple[Path, str], ...] = ()

    @property
    def store_location(self) -> Path | str:
        """What `Store` opens: the PostgreSQL URL if one is set, else the SQLite file."""
        return self.store_url or self.store_path

    def with_store(self, store: Path | str | None) -> Config:
        """This config with ``--store`` (a file or a postgresql:// URL) applied."""
        if store is None:
            return self
        url = store_url_of(str(store))
        if url is not None:
            return replace(self, store_url=url)
        return replace(self, store_path=Path(store), store_url=None)

    def folder_outlet(self, source: str) -> str | None:
        """The outlet ``[outlets]`` sets for the folder ``source`` is in (deepest one wins)."""
        path = _real(source)
        found = [
            (folder, name) for folder, name in self.folder_outlets if path.is_relative_to(folder)
        ]
        return max(found, key=lambda f: len(f[0].parts))[1] if found else None


def _real(path: str | Path) -> Path:
    return Path(os.path.realpath(Path(path).expanduser()))


def _folder_outlets(table: Any) -> tuple[tuple[Path, str], ...]:
    if not isinstance(table, dict):
        raise ConfigError(
            "config [outlets]: expected a table of folder = outlet name",
            'write it like "~/briefing/inbox-hankyung" = "한국경제"',
        )
    found = []
    for folder, name in table.items():
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(
                f"config [outlets] {folder!r}: expected an outlet name (text)",
                'write it like "~/briefing/inbox-hankyung" = "한국경제"',
            )
        found.append((_real(folder), name.strip()))
    return tuple(found)


def store_url_of(value: str) -> str | None:
    """A PostgreSQL URL given as the store, else None (a file path).

    A URL that went through ``Path`` (typer's ``--store``) lost a slash: it is put back.
    """
    found = re.match(r"^(postgres(?:ql)?):/+(.*)$", value.strip())
    return f"postgresql://{found.group(2)}" if found else None


def _path(value: Any, where: str) -> Path:
    if not isinstance(value, str):
        raise ConfigError(f"config {where}: expected a path string", "see README, Configuration")
    return Path(value).expanduser()


def _paths(value: Any, where: str) -> tuple[Path, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ConfigError(f"config {where}: expected a list of paths", "see README, Configuration")
    return tuple(_path(v, where) for v in value)


# Every section and key the file may hold, with the type each value must have. The
# [outlets] table maps folders (any key) to outlet names.
_PATH, _PATHS, _INT, _TEXT = "a path (text)", "a list of paths", "a whole number", "text"
SCHEMA: dict[str, dict[str, str]] = {
    "paths": {"store": _PATH, "models": _PATH, "templates": _PATH, "reference_docx": _PATH},
    "cluster": {"broker": _TEXT},
    "data": {
        "gazetteer": _PATHS,
        "glossary": _PATHS,
        "lexicon": _PATHS,
        "terms": _PATHS,
        "furniture": _PATHS,
        "outlets": _PATHS,
    },
    "translation": {
        "beam_size": _INT,
        "inter_threads": _INT,
        "intra_threads": _INT,
        "compute_type": _TEXT,
        "max_batch_size": _INT,
    },
    "render": {"page_size": _TEXT},
    "outlets": {},
}


def load_config(path: Path | None = None) -> Config:
    """Read the config file (``path``, else the user's default one if it exists).

    Strict: an unknown section or key, or a value of the wrong type, is one error that names
    the key, the file and line, and the closest key the file may hold."""
    explicit = path is not None
    path = path or resources.user_config_path()
    if not path.exists():
        if explicit:
            raise ConfigError(f"config file not found: {path}", "check the --config path")
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
        raw = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}", "fix the file") from exc
    _check(raw, text, path)
    return _config(raw)


def _check(raw: dict[str, Any], text: str, path: Path) -> None:
    for section, table in raw.items():
        if section not in SCHEMA:
            where = _where(path, text, section, None)
            raise ConfigError(
                f"{where}: unknown section [{section}]", _closest(section, list(SCHEMA), "[", "]")
            )
        if not isinstance(table, dict):
            raise ConfigError(
                f"{_where(path, text, section, None)}: [{section}] must be a table",
                f"write it as a [{section}] section with keys under it",
            )
        if section == "outlets":
            continue
        keys = SCHEMA[section]
        for key, value in table.items():
            where = _where(path, text, section, key)
            if key not in keys:
                raise ConfigError(
                    f"{where}: unknown key {key!r} in [{section}]", _closest(key, list(keys))
                )
            if not _fits(keys[key], value):
                raise ConfigError(
                    f"{where}: [{section}] {key} must be {keys[key]}, not {value!r}",
                    "see README, Configuration",
                )


def _fits(kind: str, value: Any) -> bool:
    if kind == _INT:
        return isinstance(value, int) and not isinstance(value, bool) and value > 0
    if kind == _PATHS:
        return isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        )
    return isinstance(value, str)


def _closest(word: str, options: list[str], before: str = "", after: str = "") -> str:
    near = difflib.get_close_matches(word, options, n=1, cutoff=0.5)
    if near:
        return f"did you mean {before}{near[0]}{after}?"
    return "use one of " + ", ".join(f"{before}{o}{after}" for o in options)


def _where(path: Path, text: str, section: str, key: str | None) -> str:
    """The file and line of a section header or of a key inside its section."""
    current = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        header = re.match(r"^\[\s*([^\]]+?)\s*\]", stripped)
        if header:
            current = header.group(1).strip().strip('"')
            if key is None and current == section:
                return f"{path}, line {number}"
            continue
        if key is not None and current == section:
            name = re.match(r'^"?([^"=]+?)"?\s*=', stripped)
            if name and name.group(1).strip() == key:
                return f"{path}, line {number}"
    return str(path)


def _config(raw: dict[str, Any]) -> Config:
    paths = raw.get("paths", {})
    data = raw.get("data", {})
    translation = TranslationSettings(**raw.get("translation", {}))
    defaults = Config()

    def optional_path(key: str) -> Path | None:
        return _path(paths[key], f"paths.{key}") if key in paths else None

    store = paths.get("store")
    store_url = store_url_of(store) if isinstance(store, str) else None
    return Config(
        store_path=(None if store_url else optional_path("store")) or defaults.store_path,
        store_url=store_url,
        broker_url=raw.get("cluster", {}).get("broker"),
        models_dir=optional_path("models") or defaults.models_dir,
        templates_dir=optional_path("templates"),
        reference_docx=optional_path("reference_docx"),
        gazetteer_files=_paths(data.get("gazetteer", []), "data.gazetteer"),
        glossary_files=_paths(data.get("glossary", []), "data.glossary"),
        lexicon_files=_paths(data.get("lexicon", []), "data.lexicon"),
        terms_files=_paths(data.get("terms", []), "data.terms"),
        furniture_files=_paths(data.get("furniture", []), "data.furniture"),
        outlet_files=_paths(data.get("outlets", []), "data.outlets"),
        translation=translation,
        page_size=str(raw.get("render", {}).get("page_size", "A4")),
        folder_outlets=_folder_outlets(raw.get("outlets", {})),
    )
