"""The configuration file is strict: unknown sections and keys and wrong types are one error
naming the key, its file and line, and the closest valid key."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.config import load_config
from briefing.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_full_valid_file_loads(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path,
            '[paths]\nstore = "~/b/store.sqlite3"\n\n[data]\nglossary = "~/b/g.toml"\n'
            'terms = ["~/b/t.toml"]\n\n[translation]\nbeam_size = 2\ncompute_type = "int8"\n'
            '\n[render]\npage_size = "Letter"\n\n[outlets]\n"~/inbox" = "한국경제"\n',
        )
    )
    assert config.translation.beam_size == 2 and config.page_size == "Letter"
    assert config.glossary_files == (Path("~/b/g.toml").expanduser(),)


def test_an_unknown_section_names_its_line_and_the_closest_one(tmp_path: Path) -> None:
    path = write(tmp_path, '# mine\n\n[pathz]\nstore = "x"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == f"{path}, line 3: unknown section [pathz] (did you mean [paths]?)"


def test_an_unknown_key_names_its_section_line_and_the_closest_key(tmp_path: Path) -> None:
    path = write(tmp_path, "[translation]\nbeam_size = 4\nbeamsize = 4\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == (
        f"{path}, line 3: unknown key 'beamsize' in [translation] (did you mean beam_size?)"
    )


def test_a_wrong_type_says_which_type_was_expected(tmp_path: Path) -> None:
    path = write(tmp_path, '[translation]\nbeam_size = "four"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == (
        f"{path}, line 2: [translation] beam_size must be a whole number, not 'four' "
        "(see README, Configuration)"
    )


@pytest.mark.parametrize(
    "text",
    ["[data]\ngazetteer = 3\n", "[paths]\nmodels = ['a', 'b']\n", "render = 3\n"],
)
def test_other_wrong_shapes_are_refused(tmp_path: Path, text: str) -> None:
    with pytest.raises(ConfigError):
        load_config(write(tmp_path, text))


def test_the_cli_prints_one_line_and_exits_1(tmp_path: Path) -> None:
    path = write(tmp_path, "[pathz]\n")
    result = CliRunner().invoke(app, ["--config", str(path), "extract", str(path)])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {path}, line 1: unknown section [pathz] (did you mean [paths]?)"
    )
