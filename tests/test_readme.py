"""Every command and flag the README shows exists (typer's --help of that command lists it)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from briefing.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"


def _lines() -> list[str]:
    """The README's `briefing …` command lines, continuation lines joined to theirs."""
    lines: list[str] = []
    in_block = False
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_block = not in_block
            continue
        if not in_block:
            continue
        text = line.split("#")[0]
        if text.startswith(" ") and lines and text.strip().startswith("["):
            lines[-1] += " " + text.strip()  # [--layout …] on the line below
        elif text.strip().startswith("briefing"):
            lines.extend(p.strip() for p in text.split(" | ") if p.strip().startswith("briefing"))
    return lines


def _shown() -> list[tuple[tuple[str, ...], str]]:
    """(command words, flag) pairs of every `briefing …` line in the README's code blocks."""
    root = typer.main.get_command(app)
    found: list[tuple[tuple[str, ...], str]] = []
    for line in _lines():
        commands: list[list[str]] = [[]]
        group: Any = root
        for word in line.split()[1:]:
            names = word.split("|")
            if names[0] not in getattr(group, "commands", {}):
                break  # an argument (ARTICLE, ko en), not a command
            commands = [[*c, alt] for c in commands for alt in names]
            group = group.commands[names[0]]
        flags = re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", line) or [""]
        found.extend((tuple(c), flag) for c in commands for flag in flags)
    return sorted(set(found))


@cache
def _help(command: tuple[str, ...]) -> tuple[int, str]:
    result = CliRunner().invoke(app, [*command, "--help"], terminal_width=200)
    return result.exit_code, result.stdout


def test_the_readme_shows_commands() -> None:
    assert len(_shown()) > 20


@pytest.mark.parametrize(("command", "flag"), _shown())
def test_a_command_the_readme_shows_exists_with_its_flags(
    command: tuple[str, ...], flag: str
) -> None:
    code, text = _help(command)
    assert code == 0, f"`briefing {' '.join(command)}` does not exist"
    if flag:
        assert re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", text), (
            f"`briefing {' '.join(command)}` has no {flag}"
        )
