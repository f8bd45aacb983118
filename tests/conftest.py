"""Fixtures shared by the test files.

Every test runs with BRIEFING_HOME in its own temporary folder (``briefing_home``), so no
test reads or writes the user's store (names registry, translation cache), models or
config, and tests running side by side (pytest-xdist) never share one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

CliRun = Callable[..., tuple[int, str, str]]


@pytest.fixture(autouse=True)
def briefing_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's BRIEFING_HOME (store, models, config): not created until used."""
    home = tmp_path / "home"
    monkeypatch.setenv("BRIEFING_HOME", str(home))
    return home


@pytest.fixture
def cli() -> CliRun:
    """Run `briefing ARGS...` in-process: (exit code, stdout, stderr)."""
    from briefing.cli import app

    def run(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(app, list(args))
        return result.exit_code, result.stdout, result.stderr

    return run


@pytest.fixture(scope="session")
def fixture_memos() -> dict[tuple[str, str, str], bytes]:
    """Every memo of the fixture facts (name, kind, format), rendered once per test run:
    rendering is the suite's costliest step, and the memos are only read."""
    from briefing.render import render_memo
    from golden_render import FORMATS, KINDS, OPTIONS, fixture_facts

    return {
        (name, kind, fmt): render_memo(facts, kind, fmt, OPTIONS)
        for name, facts in fixture_facts().items()
        for kind in KINDS
        for fmt in FORMATS
    }
