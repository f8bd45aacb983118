"""Fixtures shared by the test files.

Every test runs with BRIEFING_HOME in its own temporary folder (``briefing_home``), so no
test reads or writes the user's store (names registry, translation cache), models or
config, and tests running side by side (pytest-xdist) never share one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
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


class RenderedMemos(Mapping[tuple[str, str, str], bytes]):
    """The memos of the fixture facts by (name, kind, format), each rendered when first
    asked for and kept: rendering is the suite's costliest step, and the memos are only
    read. A test file that needs the DOCX only never waits for a PDF."""

    def __init__(self) -> None:
        from golden_render import FORMATS, KINDS, fixture_facts

        self.facts = fixture_facts()
        self._keys = [(n, k, f) for n in self.facts for k in KINDS for f in FORMATS]
        self._rendered: dict[tuple[str, str, str], bytes] = {}

    def __getitem__(self, key: tuple[str, str, str]) -> bytes:
        if key not in self._rendered:
            from briefing.render import render_memo
            from golden_render import OPTIONS

            name, kind, fmt = key
            if key not in self._keys:
                raise KeyError(key)
            self._rendered[key] = render_memo(self.facts[name], kind, fmt, OPTIONS)  # type: ignore[arg-type]
        return self._rendered[key]

    def __iter__(self) -> Iterator[tuple[str, str, str]]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


@pytest.fixture(scope="session")
def fixture_memos() -> RenderedMemos:
    """Every memo of the fixture facts, rendered at most once per test run (per worker)."""
    return RenderedMemos()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest test files first: pytest-xdist (run with --no-loadscope-reorder, see
    scripts/test.sh) hands whole files to its workers in this order, so the long ones start
    early and no worker runs alone at the end. The cluster tests come first of all: one file
    that mostly waits on its servers and worker processes, longer than any other, while the
    other worker goes through the rest. Then the files with the most slow tests."""
    cluster: set[str] = set()
    slow: dict[str, int] = {}
    for item in items:
        path = item.nodeid.split("::")[0]
        slow[path] = slow.get(path, 0) + (item.get_closest_marker("slow") is not None)
        if item.get_closest_marker("cluster") is not None:
            cluster.add(path)

    def first_the_longest(item: pytest.Item) -> tuple[bool, int]:
        path = item.nodeid.split("::")[0]
        return path not in cluster, -slow[path]

    items.sort(key=first_the_longest)  # stable: each file's tests stay together, in order
