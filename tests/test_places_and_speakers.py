"""Quote speakers in English: people, organisations and unnamed sources."""

from __future__ import annotations

import pytest

from briefing.config import Config
from briefing.translate import add_english
from briefing.types import Article, Facts, Quote, Sentence, Text


@pytest.mark.parametrize(
    ("speaker", "english"),
    [
        ("정부 관계자", "Government official"),
        ("업계 관계자", "industry official"),
        ("외교부 대변인", "Ministry of Foreign Affairs spokesperson"),
        ("대통령실", "Office of the President"),
        ("배경훈", "Bae Kyung-hoon"),
    ],
)
def test_speaker_is_named_as_a_person_an_organisation_or_an_unnamed_source(
    speaker: str, english: str, tmp_path: object
) -> None:
    sentence = f"{speaker}는 “협력을 강화하겠다”고 말했다."
    facts = Facts(
        article=Article(
            "0" * 16, "a.txt", None, None, "2025-10-29", None, (Sentence(0, sentence),)
        ),
        quotes=(Quote(Text(speaker), Text("협력을 강화하겠다"), (0,)),),
    )
    done = add_english(facts, None, Config())
    assert done.quotes[0].speaker == Text(speaker, english)


@pytest.mark.parametrize(
    ("ko", "english"),
    [
        ("경북 경주", "Gyeongju, North Gyeongsang Province"),
        ("미국 워싱턴 D.C", "Washington, D.C., United States"),
        ("네덜란드 ASML 본사", "ASML Headquarters, Netherlands"),
        ("용산 대통령실", "Office of the President, Yongsan"),
    ],
)
def test_location_names_the_site_then_the_places_from_small_to_large(ko: str, english: str) -> None:
    from briefing.translate.glossary import load_glossary
    from briefing.translate.rules import location_english

    assert location_english(ko, load_glossary()) == english


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        (
            "과학기술정보통신부는 29일 회의가 열리는 경북 경주에서 ‘한·미 협약’을 체결했다고 밝혔다.",
            "경북 경주",
        ),
        ("양국 장관은 3일 독일 베를린에서 만나 수소 협력 양해각서에 서명했다.", "독일 베를린"),
        ("회의는 서울 중구 롯데호텔에서 열렸다.", "서울 중구 롯데호텔"),
        ("그는 연구실에서 일하며 꿈을 키웠다고 말했다.", None),
        # the act may come after a long list of who was there
        (
            "산업부는 3일 미국 워싱턴DC 에너지부 회의실에서 김민수 산업부 장관과 마크 존스 "
            "미국 에너지부 장관이 임석한 가운데 양국 당국자들이 약정에 서명했다고 밝혔다.",
            "미국 워싱턴DC 에너지부 회의실",
        ),
        # 갖고 holds a meeting too
        (
            "두 장관은 29일 서울 중구 롯데호텔에서 장관 회의를 갖고 협력을 논의했다.",
            "서울 중구 롯데호텔",
        ),
        # an earlier meeting's place, and an occasion, are not where this one was held
        ("양국 회의는 지난 2023년 11월 미국에서 개최된 이후 처음이다.", None),
        ("두 장관이 지난 4월 일본 도쿄에서 만나 악수하고 있다.", None),
        ("1년 만에 열린 한-일 정상회담에서 양국은 협의체 출범에 합의했다.", None),
    ],
)
def test_the_event_place_is_where_something_was_held_or_signed(
    sentence: str, place: str | None
) -> None:
    from briefing.extract.data import load_data
    from briefing.extract.event import find_location

    assert find_location(sentence, load_data()) == place


def test_the_occasion_of_an_agreement_is_not_one_of_its_actors() -> None:
    from briefing.extract import extract_facts

    sentences = (
        "한국과 일본이 주요 20개국(G20) 정상회의를 계기로 반도체 공급망 협력을 강화하기로 했다.",
        "산업통상자원부는 10일 G20이 열리는 인도 뉴델리에서 협력 각서에 서명했다고 밝혔다.",
    )
    article = Article(
        "0" * 16,
        "a.txt",
        None,
        None,
        "2025-09-10",
        None,
        tuple(Sentence(i, s) for i, s in enumerate(sentences)),
    )
    facts = extract_facts(article, Config())
    actors = {a.ko for c in facts.commitments for a in c.actors}
    assert {"한국", "일본"} <= actors
    assert not any("G20" in a or "주요 20개국" in a for a in actors)


def test_a_relative_year_without_a_publication_date_is_not_resolved() -> None:
    from briefing.translate.glossary import load_glossary
    from briefing.translate.rules import timeline_english

    glossary = load_glossary()
    assert timeline_english("내년", "2025-10-29", glossary) == "next year (2026)"
    assert timeline_english("내년", None, glossary) == "next year"


@pytest.mark.parametrize(
    ("ko", "value", "currency", "english"),
    [
        ("총 300억원", 30_000_000_000, "KRW", "a total of KRW 30 billion"),
        ("최소 1000만 달러", 10_000_000, "USD", "at least USD 10 million"),
    ],
)
def test_money_keeps_its_number_after_a_qualifier(
    ko: str, value: int, currency: str, english: str
) -> None:
    from briefing.translate.glossary import load_glossary
    from briefing.translate.rules import money_english

    assert money_english(ko, value, currency, load_glossary()) == english


@pytest.mark.parametrize(
    ("ko", "english"),
    [
        ("고용경제부", "Ministry of Employment and Economy"),
        ("정보통신부", "Ministry of Information and Communications"),
        ("기후에너지부", "Ministry of Climate and Energy"),
        ("과학기술정보통신부", "Ministry of Science and ICT"),  # the glossary's name wins
    ],
)
def test_an_unknown_ministry_is_named_from_its_fields(ko: str, english: str) -> None:
    from briefing.translate.glossary import load_glossary

    assert load_glossary().compose(ko) == english
