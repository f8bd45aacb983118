"""One error hierarchy: every failure a user can cause or fix is a BriefingError.

The CLI prints ``Error: <message> (<hint>)`` and exits 1; a traceback appears only
under ``--debug``.
"""

from __future__ import annotations


class BriefingError(Exception):
    """A failure with a message for the user and a hint that says what to do."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message

    def __reduce__(self) -> tuple[type[BriefingError], tuple[str, str]]:
        # Whole across processes (a digest is rendered in worker processes).
        return type(self), (self.message, self.hint)


class InputError(BriefingError):
    """An article that cannot be read: missing, empty, binary, undecodable, too large."""


class FactsFormatError(BriefingError):
    """A facts document that does not follow briefing.facts/1."""


class ModelError(BriefingError):
    """A translation model that is missing, malformed or cannot be installed."""


class RenderError(BriefingError):
    """A memo that cannot be rendered (template, font, output format)."""


class OutputError(BriefingError):
    """An output folder or file that cannot be written."""


class StoreError(BriefingError):
    """The SQLite store cannot be opened, migrated or written."""


class ConfigError(BriefingError):
    """A configuration or data file that is malformed."""


class StoreUnavailableError(StoreError):
    """The store's database cannot be reached right now (down, restarting): try again."""


class QueueError(BriefingError):
    """The cluster's message broker (Redis) cannot be reached or refuses the work."""


def first_line(exc: BaseException) -> str:
    """A library's exception in one line (its message's first, or its type's name)."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
