"""briefing: offline briefing memos from Korean news on international technology cooperation."""

__version__ = "0.2.0"  # the one place the version is written (pyproject reads it)
