"""Every test runs with BRIEFING_HOME in its own temporary folder, so no test reads or
writes the user's store (names registry, translation cache), models or config; a test
that needs a particular home sets its own over this one."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_briefing_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_HOME", str(tmp_path / "briefing-home"))
