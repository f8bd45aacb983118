"""briefing: offline briefing memos from Korean news on international technology cooperation."""

__version__ = "0.1.0"
