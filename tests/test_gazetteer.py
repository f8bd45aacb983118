"""The bundled gazetteer: well-formed, unambiguous, and matched where Korean media mean it."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from typing import Any

import pytest

from briefing.extract.data import ENTITY_KINDS, Gazetteer, load_data, load_gazetteer, normalise
from briefing.extract.entities import MentionFinder
from briefing.extract.text import prepare
from briefing.resources import bundled_data_dir

GAZETTEER = bundled_data_dir() / "gazetteer.toml"
HANJA = re.compile(r"[\u4e00-\u9fff]")
HANGUL_SYLLABLE = re.compile(r"[가-힣]")
# generic nouns and common words that must never be an alias (they would fire in prose)
GENERIC_WORDS = {
    "연합", "공사", "협회", "정부", "기업", "회사", "그룹", "재단", "센터", "연구원", "연구소",
    "위원회", "대학", "은행", "현대", "대우", "미래", "도로공사", "철도공사", "공항공사",
    "수단", "말리", "토탈", "다우", "발레", "엔지", "나사", "해군", "육군", "공군", "만도",
    "브릭스", "라인", "토스", "지리", "신보", "기보", "사이언스", "이코노미스트", "CCTV", "BMS",
    "HP", "MSC", "KEA", "KOSA", "KDIA", "KIT", "BIS", "LX", "ASI",
}  # fmt: skip


@cache
def raw() -> dict[str, Any]:
    return tomllib.loads(GAZETTEER.read_text(encoding="utf-8"))


def entries() -> list[tuple[str, str, list[str]]]:
    return [
        (kind, en, aliases)
        for kind, table in raw().items()
        if kind != "country_abbr"
        for en, aliases in table.items()
    ]


def test_the_bundled_gazetteer_loads_with_every_table() -> None:
    gaz = load_gazetteer([GAZETTEER])
    assert isinstance(gaz, Gazetteer) and gaz.alias_re is not None
    assert set(raw()) == {*ENTITY_KINDS, "person", "country_abbr"}
    msit = gaz.lookup("과기정통부")
    assert msit is not None and msit.en == "Ministry of Science and ICT"


def test_every_entry_has_aliases_and_a_unique_english_name() -> None:
    seen: dict[str, str] = {}
    for kind, en, aliases in entries():
        assert aliases, f"[{kind}] {en!r} has no alias"
        assert all(a == a.strip() and a for a in aliases), f"[{kind}] {en!r}: blank alias"
        assert en not in seen, f"{en!r} is in [{seen[en]}] and [{kind}]"
        seen[en] = kind


def test_no_alias_is_claimed_by_two_entries() -> None:
    owner: dict[str, tuple[str, str]] = {}
    clashes = []
    for kind, en, aliases in entries():
        for alias in aliases:
            key = normalise(alias)
            if key in owner and owner[key][1] != en:
                clashes.append(f"{alias!r}: [{owner[key][0]}] {owner[key][1]} / [{kind}] {en}")
            owner.setdefault(key, (kind, en))
    assert not clashes, "\n".join(clashes)


def test_one_character_aliases_are_hanja_only() -> None:
    short = [
        (kind, en, a)
        for kind, en, aliases in entries()
        for a in aliases
        if len(a) < 2 and not (kind in ("country", "person") and HANJA.fullmatch(a))
    ]
    assert not short, short
    assert not [
        a
        for _, _, aliases in entries()
        for a in aliases
        if len(a) == 1 and HANGUL_SYLLABLE.match(a)
    ]


def test_country_abbreviations_name_known_entities() -> None:
    names = {en for _, en, _ in entries()}
    for abbr, en in raw()["country_abbr"].items():
        assert en in names, f"[country_abbr] {abbr!r} -> unknown {en!r}"
        assert len(abbr) == 1 or abbr.isascii()


def test_no_alias_is_a_generic_word() -> None:
    used = [(en, a) for _, en, aliases in entries() for a in aliases if a in GENERIC_WORDS]
    assert not used, used


# --------------------------------------------------------------------------- matching


@pytest.fixture(scope="module")
def finder() -> MentionFinder:
    return MentionFinder(load_data())


def known(finder: MentionFinder, sentence: str) -> list[tuple[str, str]]:
    """(surface, English name) of the gazetteer entities found in one sentence."""
    info = prepare([(0, sentence)], [[]])[0]  # no Kiwi tokens: gazetteer matches only
    return [(m.surface, m.key) for m in finder.find(info) if m.known and not m.both]


MOFCOM = "Ministry of Commerce of the People's Republic of China"
DG_CONNECT = "Directorate-General for Communications Networks, Content and Technology"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a country prefix decides which ministry a shared word means
        ("중국 상무부는 수출 통제를 발표했다.", MOFCOM),
        ("中상무부가 희토류 규제를 예고했다.", MOFCOM),
        ("상무부는 반도체 관세를 검토하고 있다.", "U.S. Department of Commerce"),
        ("미국무부 대변인이 밝혔다.", "U.S. Department of State"),
        ("스웨덴 국방부와 협력한다.", "Swedish Ministry of Defence"),
        ("국방부는 훈련을 실시했다.", "Ministry of National Defense"),
        # names of the 2025 government organisation act, and the names they replaced
        ("산업통상부와 기후에너지환경부가 발표했다.", "Ministry of Trade, Industry and Resources"),
        ("지식재산처는 특허 심사를 단축한다.", "Ministry of Intellectual Property"),
        ("미래창조과학부는 당시 계획을 세웠다.", "Ministry of Science, ICT and Future Planning"),
        # public enterprises, associations, foreign companies and bodies
        ("한전원자력연료와 계약했다.", "KEPCO Nuclear Fuel"),
        ("벤처기업협회는 협약을 맺었다.", "Korea Venture Business Association"),
        ("LG화학은 화유코발트와 손잡았다.", "Huayou Cobalt"),
        ("EU 정보통신총국과 회의를 열었다.", DG_CONNECT),
    ],
)  # fmt: skip
def test_entities_are_found_as_korean_media_name_them(
    finder: MentionFinder, sentence: str, expected: str
) -> None:
    assert expected in [en for _, en in known(finder, sentence)]


@pytest.mark.parametrize(
    ("sentence", "not_expected"),
    [
        # a road named after a university is not the university
        ("서울 중구 세종대로 대한상공회의소에서 열렸다.", "Sejong University"),
        # the buyer's air force is not Korea's
        ("필리핀 공군에 FA-50 12대를 공급한다.", "Republic of Korea Air Force"),
        # a number before a syllable that happens to spell a company
        ("참석자는 5만도 안 됐다.", "HL Mando"),
        # a country's ministry is not Korea's when the country is named
        ("인도네시아 국방부 관계자가 방문했다.", "Ministry of National Defense"),
    ],
)
def test_ordinary_words_are_not_taken_for_entities(
    finder: MentionFinder, sentence: str, not_expected: str
) -> None:
    assert not_expected not in [en for _, en in known(finder, sentence)]
