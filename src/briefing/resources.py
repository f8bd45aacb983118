"""Where the product finds its bundled files and the user's own ones.

Bundled: ``templates/`` (templates, CSS, fonts) and ``briefing/data/`` (gazetteer, glossary,
taxonomy, lexicons). In a wheel the templates live inside the package
(``briefing/templates``); in a source checkout they are the repository's ``templates/``.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import platformdirs

_PACKAGE = Path(__file__).resolve().parent
APP = "briefing"


@cache
def bundled_templates_dir() -> Path:
    for candidate in (_PACKAGE / "templates", _PACKAGE.parents[1] / "templates"):
        if (candidate / "fonts").is_dir():
            return candidate
    raise FileNotFoundError("briefing's templates folder is missing from this installation")


def bundled_data_dir() -> Path:
    return _PACKAGE / "data"


def user_data_dir() -> Path:
    """Store, translation cache and installed models; BRIEFING_HOME moves all of it."""
    home = os.environ.get("BRIEFING_HOME")
    return Path(home) / "data" if home else Path(platformdirs.user_data_dir(APP))


def user_config_path() -> Path:
    home = os.environ.get("BRIEFING_HOME")
    base = Path(home) / "config" if home else Path(platformdirs.user_config_dir(APP))
    return base / "config.toml"


def default_store_path() -> Path:
    return user_data_dir() / "briefing.sqlite3"


def default_models_dir() -> Path:
    return user_data_dir() / "models"


def read_data_toml(path: Path, what: str, missing_hint: str, invalid_hint: str) -> dict[str, Any]:
    """A data file (``what``: "terms file", "data file", ...) parsed, or one ConfigError
    naming it: not found, or not valid TOML."""
    import tomllib

    from briefing.errors import ConfigError

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{what} not found: {path}", missing_hint) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{what} {path} is not valid TOML: {exc}", invalid_hint) from exc
