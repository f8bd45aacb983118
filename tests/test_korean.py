"""Korean text defined once (briefing.korean) and the typed prose patterns of the extractor."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest

from briefing.errors import ConfigError
from briefing.extract.patterns import load_patterns
from briefing.korean import (
    full_dates,
    has_final_consonant,
    is_korean_name,
    iso_date,
    korean_data,
    korean_date_parts,
    parse_korean_number,
    particle_after,
    resolve_day,
    strip_particle,
)
from briefing.resources import bundled_data_dir


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("삼성전자는", ("삼성전자", "는")),
        ("정부가", ("정부", "가")),
        ("미국과의", ("미국", "과의")),
        ("한국은", ("한국", "은")),
        ("한국는", ("한국는", "")),  # 는 does not follow a final consonant
        ("서울로", ("서울", "로")),  # 로 follows ㄹ
        ("협력", ("협력", "")),
    ],
)
def test_a_particle_is_cut_only_where_the_syllable_before_takes_it(
    word: str, expected: tuple[str, str]
) -> None:
    assert strip_particle(word) == expected


def test_the_particle_after_a_gloss() -> None:
    text = "최고경영자(CEO)가 말했다"
    assert particle_after(text, len("최고경영자")) == "가"


def test_final_consonants() -> None:
    assert has_final_consonant("국") and not has_final_consonant("가")
    assert has_final_consonant("울", 8)  # ㄹ


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("22조 8천억", 2.28e13),
        ("2억5000만", 2.5e8),
        ("1000만", 1e7),
        ("1,000", 1000),
        ("9740억", 9.74e11),
    ],
)
def test_korean_numbers(text: str, value: float) -> None:
    assert parse_korean_number(text) == value


def test_no_number_is_none() -> None:
    assert parse_korean_number("협력") is None


def test_dates_in_every_written_form() -> None:
    assert full_dates("2025년 10월 29일과 2023.12.13, 2024-02-30") == [
        date(2025, 10, 29),
        date(2023, 12, 13),
    ]
    assert korean_date_parts("10월 29일") == (None, 10, 29)
    assert korean_date_parts("2025년 10월") == (2025, 10, None)
    assert korean_date_parts("2025-10-29") == (2025, 10, 29)
    assert iso_date(2025, 2, 30) is None and iso_date("2025", "2", "3") == "2025-02-03"


def test_a_day_alone_is_this_month_or_the_last() -> None:
    assert resolve_day(29, date(2025, 10, 30)) == date(2025, 10, 29)
    assert resolve_day(29, date(2025, 11, 2)) == date(2025, 10, 29)


@pytest.mark.parametrize(
    ("word", "korean"),
    [("김병수", True), ("남궁민수", True), ("이시바", False), ("로보티즈", False), ("마크", False)],
)
def test_the_shape_of_korean_names(word: str, korean: bool) -> None:
    assert is_korean_name(word) is korean


def test_particle_groups_come_from_the_data_file() -> None:
    data = korean_data()
    assert "는" in data.subject and "와" in data.comitative and "를" in data.object
    assert set(data.subject) <= set(data.particles) | {"께서는", "측은", "측이"}


def _bundled_patterns() -> dict[str, object]:
    return tomllib.loads((bundled_data_dir() / "extract_patterns.toml").read_text("utf-8"))


def test_the_bundled_patterns_load_typed_and_compiled() -> None:
    patterns = load_patterns(_bundled_patterns(), "extract_patterns.toml")
    assert patterns.roles.sign_re.search("협약에 서명했다")
    assert "장관" in patterns.people.titles


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw: raw["people"].pop("titles"), r"\[people\] titles is missing"),
        (lambda raw: raw["roles"].update(sign_rx="x"), r"\[roles\] sign_rx is not a key"),
        (lambda raw: raw["roles"].update(sign_re="(unclosed"), r"\[roles\] sign_re is not a valid"),
        (lambda raw: raw.update(peoples={}), r"\[peoples\] is not a table"),
        (lambda raw: raw["event"].update(lede_window="40"), r"lede_window must be an integer"),
    ],
)
def test_a_malformed_pattern_file_names_the_table_and_key(change, message) -> None:  # type: ignore[no-untyped-def]
    raw = _bundled_patterns()
    change(raw)
    with pytest.raises(ConfigError, match=message):
        load_patterns(raw, "extract_patterns.toml")
