"""Data files, bundled and the user's, and the caches built from them.

Loaders parse a data file once per process (``functools.cache``). A process that runs for
days (the watcher) asks ``DataFiles.changed()`` between articles; when a file changed,
``forget_loaded_data()`` empties those caches and the next article reads the files again.
"""

from __future__ import annotations

import sys
from pathlib import Path

from briefing.config import Config
from briefing.resources import bundled_data_dir

Signature = tuple[tuple[str, int, int], ...]


def data_files(config: Config) -> list[Path]:
    """The bundled data files and the user's ones the config names ([data])."""
    return [
        *sorted(bundled_data_dir().glob("*.toml")),
        *config.gazetteer_files,
        *config.glossary_files,
        *config.lexicon_files,
        *config.terms_files,
        *config.furniture_files,
        *config.outlet_files,
    ]


class DataFiles:
    """Tells when any data file of ``config`` was changed, added or removed."""

    def __init__(self, config: Config) -> None:
        self.paths = data_files(config)
        self.signature = self._signature()

    def _signature(self) -> Signature:
        seen: list[tuple[str, int, int]] = []
        for path in self.paths:
            try:
                st = path.stat()
            except OSError:
                seen.append((str(path), -1, -1))  # missing now: its loader says so
                continue
            seen.append((str(path), st.st_mtime_ns, st.st_size))
        return tuple(seen)

    def changed(self) -> bool:
        now = self._signature()
        if now == self.signature:
            return False
        self.signature = now
        return True


def forget_loaded_data() -> None:
    """Empty the caches of briefing's modules (their module-level ``functools`` caches),
    so that data files are read again when next needed."""
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "briefing" or name.startswith("briefing.")):
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and getattr(value, "__module__", None) == name:
                clear()
