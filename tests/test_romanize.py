"""Romanisation of personal names: foreign names from the tables, Korean names by rule.

The foreign names are invented combinations of common given and family names."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.translate.romanize import (
    bundled_romanization,
    is_hangul_syllable,
    load_romanization,
    romanize_foreign_name,
    romanize_person,
    split_korean_name,
    transliterate_word,
)


@pytest.mark.parametrize(
    ("ko", "en"),
    [
        ("토마스 베버", "Thomas Weber"),
        ("소피 마르탱", "Sophie Martin"),
        ("얀 코발스키", "Jan Kowalski"),
        ("라지브 샤르마", "Rajiv Sharma"),
        ("에리크 요한손", "Erik Johansson"),
        ("메테 라스무센", "Mette Rasmussen"),
        ("크리스 쇠렌센", "Chris Sørensen"),
        ("비에른 닐손", "Björn Nilsson"),
        ("슈테판 뮐러", "Stefan Müller"),
        ("카트린 르페브르", "Catherine Lefebvre"),
        ("조르자 로시", "Giorgia Rossi"),
        ("하비에르 페르난데스", "Javier Fernandez"),
        ("야쿠프 노보트니", "Jakub Novotny"),
        ("크시슈토프 노바크", "Krzysztof Nowak"),
        ("나렌드라 쿠마르 싱", "Narendra Kumar Singh"),
        ("아슈위니 바이시나우", "Ashwini Vaishnaw"),
        ("모하마드 하산", "Mohammad Hassan"),
        ("조코 위도도", "Joko Widodo"),
        ("팜 꾸옥 민", "Pham Quoc Minh"),
        ("로런스 웡", "Lawrence Wong"),
    ],
)
def test_foreign_names_from_the_tables(ko: str, en: str) -> None:
    assert romanize_person(ko) == en


@pytest.mark.parametrize(
    ("variants", "en"),
    [
        (("데이비드", "데이빗"), "David"),
        (("알렉산더", "알렉산드르", "알렉산더르"), "Alexander"),
        (("캐서린", "카트린"), "Catherine"),
        (("매튜", "매슈"), "Matthew"),
    ],
)
def test_hangul_variants_of_one_given_name(variants: tuple[str, ...], en: str) -> None:
    assert {romanize_person(f"{v} 파월") for v in variants} == {f"{en} Powell"}


def test_short_forms_stay_distinct() -> None:
    assert romanize_person("마이크 톰슨") == "Mike Thompson"
    assert romanize_person("마이클 톰슨") == "Michael Thompson"
    assert romanize_person("짐 매카시") == "Jim McCarthy"
    assert [romanize_person(f"{g} 알리") for g in ("무함마드", "모하메드", "모하마드")] == [
        "Mohammed Ali",
        "Mohamed Ali",
        "Mohammad Ali",
    ]


@pytest.mark.parametrize(
    ("ko", "en"),
    [
        ("아흐메드 알 하셰미", "Ahmed Al Hashemi"),
        ("술탄 알 나흐얀", "Sultan Al Nahyan"),
        ("칼리드 알자베르", "Khalid Al Jaber"),  # particle spelled onto the family name
        ("칼리드 빈 하마드", "Khalid bin Hamad"),
        ("클라우스 폰 바이스", "Klaus von Weiss"),
        ("빌럼 판데이크", "Willem van Dijk"),
        ("알렉산더르 더용", "Alexander de Jong"),
        ("파블로 델 카스티요", "Pablo del Castillo"),
        ("조제 다 코스타", "José da Costa"),
        ("숀 오 코너", "Sean O'Connor"),
        ("데이빗 오닐", "David O'Neill"),
        ("케이트 매켄지", "Kate McKenzie"),
    ],
)
def test_particles_and_prefixes(ko: str, en: str) -> None:
    assert romanize_person(ko) == en


@pytest.mark.parametrize(
    ("ko", "en"),
    [
        ("장뤼크 뒤랑", "Jean-Luc Durand"),
        ("장-피에르 베르나르", "Jean-Pierre Bernard"),
        ("안나마리아 로시", "Anna-Maria Rossi"),
    ],
)
def test_compound_given_names_get_a_hyphen(ko: str, en: str) -> None:
    assert romanize_person(ko) == en


@pytest.mark.parametrize(
    ("ko", "en"),
    [
        ("스즈키 히로시", "Hiroshi Suzuki"),
        ("다나카 유코", "Yuko Tanaka"),
        ("오르반 빅토르", "Viktor Orbán"),
    ],
)
def test_family_name_first_names_are_put_in_english_order(ko: str, en: str) -> None:
    assert romanize_person(ko) == en


def test_given_name_first_names_keep_their_order() -> None:
    assert romanize_person("하산 알리") == "Hassan Ali"  # both words in both tables
    assert romanize_person("히로시 스즈키") == "Hiroshi Suzuki"


def test_unknown_parts_are_transliterated_part_by_part() -> None:
    assert romanize_person("토마스 크라베르크") == "Thomas Kraberk"
    assert romanize_person("슈테판 브레네") == "Stefan Brene"
    assert romanize_foreign_name("샤오슈 미즈키") == "Shaoshu Mizki"
    assert romanize_foreign_name("게오르크 프리드만 슈톨츠") == "Georg Pridman Shutolts"


@pytest.mark.parametrize(
    ("ko", "en"),
    [
        ("배경훈", "Bae Kyung-hoon"),
        ("강도원", "Kang Do-won"),
        ("남궁민수", "Namgoong Min-soo"),
        ("윤서연", "Yoon Seo-yeon"),
        ("김유진", "Kim Yoo-jin"),
        ("박윤호", "Park Yoon-ho"),
        # Korean-shaped words that are also foreign given names stay Korean when alone ...
        ("마리", "Ma Ri"),
        ("한나", "Han Na"),
        ("리사", "Lee Sa"),
    ],
)
def test_korean_names_are_not_taken_for_foreign_ones(ko: str, en: str) -> None:
    assert romanize_person(ko) == en


def test_foreign_given_names_apply_in_a_spaced_name() -> None:
    # ... and are foreign given names when the name has several parts
    assert romanize_person("마리 뒤랑") == "Marie Durand"
    assert romanize_person("한나 슈미트") == "Hannah Schmidt"


def test_one_word_foreign_names() -> None:
    assert romanize_person("설리번") == "Sullivan"  # a family name, though 설 is a surname
    assert romanize_person("하인리히") == "Heinrich"  # not 하 + a three-syllable given name
    assert romanize_person("마르크스") == "Marks"  # 르, 스: loanword syllables, not Korean


def test_tables_are_broad_and_clean() -> None:
    data = bundled_romanization()
    assert len(data.foreign_given) >= 600
    assert len(data.foreign_surnames) >= 600
    for table in (data.foreign_given, data.foreign_surnames):
        for ko, en in table.items():
            assert ko and all(is_hangul_syllable(c) for c in ko), ko
            assert en and not any(is_hangul_syllable(c) for c in en), (ko, en)


# A two-syllable foreign family name made of a common Korean surname and a syllable common
# in Korean given names would hijack a Korean name written alone.
_COMMON_SURNAMES = set("김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남")
_COMMON_GIVEN_SYLLABLES = set(
    "민준서현수지영호진우훈석철희은아나리연하윤선경성재동상태혁"
    "주원승용기미혜숙순자옥란화빈율린유도건환규범찬형섭욱종근택식한솔"
)


def test_no_two_syllable_family_name_shadows_a_common_korean_name() -> None:
    data = bundled_romanization()
    shadowing = [
        ko
        for ko in data.foreign_surnames
        if len(ko) == 2
        and ko[0] in _COMMON_SURNAMES
        and (parts := split_korean_name(ko, data)) is not None
        and parts[1] in _COMMON_GIVEN_SYLLABLES
    ]
    assert shadowing == []


def test_user_tables_merge_over_the_bundled_ones(tmp_path: Path) -> None:
    extra = tmp_path / "names.toml"
    extra.write_text(
        '[foreign_surnames]\n"베버" = "Webber"\n[foreign_given]\n"토마스" = "Tomas"\n',
        encoding="utf-8",
    )
    data = load_romanization([extra])
    assert romanize_person("토마스 베버", data) == "Tomas Webber"
    assert romanize_person("소피 마르탱", data) == "Sophie Martin"


@pytest.mark.parametrize(
    ("ko", "country", "en"),
    [
        # three words and a Vietnamese family name: Van is a middle name, not a particle
        ("응우옌 반 민", None, "Nguyen Van Minh"),
        ("쩐 티 흐엉", None, "Tran Thi Huong"),
        # two words are Vietnamese only when the article says so
        ("팜 꽝", "Vietnam", "Pham Quang"),
        ("레 꽝", None, "Le Kkwang"),
        # the Dutch particle is untouched
        ("반 데르 벨", None, "van der Bell"),
    ],
)
def test_vietnamese_names_are_read_syllable_by_syllable(
    ko: str, country: str | None, en: str
) -> None:
    assert romanize_person(ko, country=country) == en


def test_an_unknown_vietnamese_syllable_is_a_marked_guess() -> None:
    guessed: list[str] = []
    assert romanize_foreign_name("응우옌 반 꿩", guessed=guessed) == "Nguyen Van Kkwong"
    assert guessed == ["꿩"]


def test_a_final_eo_of_a_transliterated_word_is_the_english_er() -> None:
    assert transliterate_word("레스터") == "Lester"
    assert transliterate_word("파커") == "Paker"  # the sound, not the spelling (Parker)
