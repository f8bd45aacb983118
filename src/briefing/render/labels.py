"""The words documents show, per language: ``labels.toml`` (memos), ``weekly_labels.toml``
(the weekly digest).

A user's templates folder may hold its own file of the same name; it replaces the bundled one
whole, so it must give every key the bundled one has (in ``[ko]`` and ``[en]``, nested tables
included), except the keys a document treats as optional. A missing key is named when the
file is loaded, never met as a KeyError halfway through a render.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from briefing.errors import RenderError
from briefing.render.templating import asset_path
from briefing.resources import bundled_templates_dir

LANGS = ("ko", "en")
Labels = Mapping[str, Any]
MAX_NAMED = 8  # missing keys named in the error; the rest are counted


def load_labels(
    name: str, templates_dir: Path | None, optional: Iterable[str] = ()
) -> dict[str, Labels]:
    """The labels file ``name`` (the user's, else the bundled) as {"ko": ..., "en": ...}."""
    path = asset_path(name, templates_dir)
    bundled = bundled_templates_dir() / name
    return _load(path, path.stat().st_mtime_ns, bundled, frozenset(optional))  # edits reread


@cache
def _load(path: Path, mtime_ns: int, bundled: Path, optional: frozenset[str]) -> dict[str, Labels]:
    data = _read(path)
    reference = data if path == bundled.resolve() else _read(bundled)
    tables: dict[str, Labels] = {}
    for lang in LANGS:
        table = data.get(lang)
        wanted = _keys(reference.get(lang, {}))
        have = _keys(table) if isinstance(table, dict) else set()
        absent = wanted - have
        missing = sorted(
            k
            for k in absent
            if k.split(".")[0] not in optional and k.rpartition(".")[0] not in absent
        )
        if missing:
            shown = ", ".join(missing[:MAX_NAMED])
            more = f" and {len(missing) - MAX_NAMED} more" if len(missing) > MAX_NAMED else ""
            raise RenderError(
                f"labels file {path}: [{lang}] lacks {shown}{more}",
                f"copy the missing keys from the bundled templates/{bundled.name}",
            )
        tables[lang] = table if isinstance(table, dict) else {}
    return tables


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RenderError(
            f"labels file {path} cannot be read: {exc}",
            "fix the TOML or remove the file to use the bundled one",
        ) from exc


def _keys(table: Mapping[str, Any], prefix: str = "") -> set[str]:
    """Every key of a table, nested ones as ``outer.inner``."""
    keys: set[str] = set()
    for key, value in table.items():
        keys.add(prefix + key)
        if isinstance(value, Mapping):
            keys |= _keys(value, f"{prefix}{key}.")
    return keys
