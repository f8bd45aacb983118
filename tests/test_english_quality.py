"""English a careful analyst would sign off: titles, organisations, places, model names and
unnamed speakers, by rule and data, pinned string by string.

Each case is a class of defect seen on real reporting ("Head for Bu of …", "Airbus Koria",
"Samusil" for an office, "A and A models"); the Korean here is written for the tests.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from briefing.config import Config
from briefing.render.context import build_context
from briefing.resources import bundled_data_dir
from briefing.translate import add_english
from briefing.translate.compose import (
    commitment_line,
    quote_line,
    title_names_organisation,
    with_the,
)
from briefing.translate.english import without_article_after_possessive, without_repeated_amounts
from briefing.translate.glossary import Glossary, load_glossary
from briefing.translate.phrases import PhraseTranslator
from briefing.translate.rules import compose_title, is_place, location_english
from briefing.translate.terms import load_terms
from briefing.types import (
    Article,
    Commitment,
    Event,
    Facts,
    Party,
    Person,
    Quote,
    Sentence,
    Text,
)


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


# --------------------------------------------------------------------------- titles


@pytest.mark.parametrize(
    ("ko", "en"),
    [
        # a vice title is one title, not "Chair for Bu"
        ("하원 부의장", "Vice Chair of the House of Representatives"),
        ("연세대 부총장", "Vice President of Yonsei University"),
        ("고려대 교학부총장", "Vice President for Academic Affairs of Korea University"),
        # 부장 of a ministry is its minister; elsewhere a director
        ("중국 상무부 부장", "Minister of Commerce of the People's Republic of China"),
        ("중국 상무부장", "Minister of Commerce of the People's Republic of China"),
        ("삼성전자 부장", "Director of Samsung Electronics"),
        ("일본 경제산업성 대신", "Minister of Economy, Trade and Industry"),
        ("정무차관", "Parliamentary Vice Minister"),
        ("국회의장", "Speaker of the National Assembly"),
        ("더불어민주당 원내대표", "Floor Leader of the Democratic Party of Korea"),
        # a field before 정책관 is the portfolio
        ("수소경제정책관", "Director-General for Hydrogen Economy Policy"),
        # the body a 본부장 heads is the organisation, not a portfolio
        (
            "과학기술혁신본부장",
            "Head of the Science and Technology Innovation Headquarters",
        ),
        # a unit of a known body: the unit, then the body
        (
            "한양대 AI융합연구소장",
            "Director of the AI Convergence Research Institute, Hanyang University",
        ),
        ("연세대 의과대학장", "Dean of the College of Medicine, Yonsei University"),
        ("삼성전자 기술담당 부회장", "Vice Chairman for Technology of Samsung Electronics"),
        # a country's ministry: the minister of that country, Korea said once
        ("스웨덴 국방부 장관", "Swedish Minister of Defence"),
        ("한국 산업통상자원부 장관", "Minister of Trade, Industry and Energy"),
        ("에어버스코리아 대표", "CEO of Airbus Korea"),
        ("대외협력처장", "Director of the Office of External Affairs"),
        # a country and a field: the minister of that field's ministry
        ("미 에너지 장관", "U.S. Secretary of Energy"),
        ("산업통상자원부 통상교섭본부장", "Minister for Trade"),
        # a joiner written against the title, and an abbreviated deputy premier
        (
            "과기부총리겸 과기정통부 장관",
            "Deputy Prime Minister for Science and Technology and Minister of Science and ICT",
        ),
        # a portfolio written apart from 담당
        (
            "유럽연합 내부시장 담당 집행위원",
            "Commissioner for the Internal Market of the European Union",
        ),
        # ordinal deputies and the EU's commissioners
        ("국가안보실 제1차장", "First Deputy Director of the National Security Office"),
        ("집행위원", "Commissioner"),
        ("유럽연합 집행위원장", "President of the European Commission"),
        # a country before a body whose English already says whose it is
        (
            "미국 백악관 과학기술정책실장",
            "Director of the White House Office of Science and Technology Policy",
        ),
    ],
)
def test_titles_read_as_english(glossary: Glossary, ko: str, en: str) -> None:
    assert compose_title(ko, glossary) == en


def test_a_lone_unknown_syllable_is_never_a_portfolio(glossary: Glossary) -> None:
    # 차장 is known; a made-up 1-syllable rest before 장 must not be romanised into the title
    assert compose_title("한양대 멍장", glossary) == "Head of Hanyang University"


# --------------------------------------------------------------------------- names, places


@pytest.mark.parametrize(
    ("ko", "en"),
    [
        ("에어버스코리아", "Airbus Korea"),
        ("보잉재팬", "Boeing Japan"),
        ("삼성그룹", "Samsung Group"),
        ("하원", "House of Representatives"),
    ],
)
def test_organisation_suffixes_have_english(glossary: Glossary, ko: str, en: str) -> None:
    assert glossary.compose(ko) == en


@pytest.mark.parametrize(
    ("ko", "en"),
    [
        ("서울 에어버스코리아 사무실", "Airbus Korea Office, Seoul"),
        ("중국 북경", "Beijing, China"),
        ("스웨덴 스톡홀름", "Stockholm, Sweden"),
        ("미국 콜로라도 스프링스", "Colorado Springs, United States"),
    ],
)
def test_places_and_sites_in_english(glossary: Glossary, ko: str, en: str) -> None:
    assert location_english(ko, glossary) == en


def test_every_city_the_extractor_knows_has_english(glossary: Glossary) -> None:
    patterns = tomllib.loads(
        (bundled_data_dir() / "extract_patterns.toml").read_text(encoding="utf-8")
    )
    common_words = {"선전", "빈", "도하"}  # Shenzhen, Vienna, Doha: also Korean words
    places = [p for p in patterns["event"]["location_places"] if p not in common_words]
    assert [p for p in places if glossary.entity(p) is None] == []


def test_a_field_is_not_a_place() -> None:
    assert not is_place("디지털 경제 분야")
    assert is_place("서울 여의도")


def test_an_event_in_a_field_gets_no_place(tmp_path: Path) -> None:
    facts = _facts(event=Event("dialogue", None, None, Text("디지털 경제 분야"), (0,)))
    config = replace(Config(), models_dir=tmp_path / "models")
    english = add_english(facts, None, config, record=False)
    assert english.event is not None and english.event.location is None


# --------------------------------------------------------------------------- phrases


def test_model_names_stay_whole() -> None:
    phrases = PhraseTranslator(load_terms())
    assert phrases.translate("A350-900과 A350-1000 모델").text == "A350-900 and A350-1000 models"
    assert phrases.translate("H100·B200 칩").text == "H100 and B200 chips"


def test_names_inside_a_compound_take_no_article_and_keep_their_hyphen() -> None:
    names = {"가나대": "Gana University", "케임브리지대": "the University of Cambridge"}
    phrases = PhraseTranslator(load_terms(), names.get)
    assert phrases.translate("가나대-케임브리지대 양자 MOU").with_article() == (
        "a Gana University-University of Cambridge quantum MOU"
    )


def test_an_event_name_keeps_its_order_and_says_for_after_the_head(tmp_path: Path) -> None:
    phrases = PhraseTranslator(load_terms())
    assert phrases.translate_name("제3차 한일 경제통상장관회의").text == (
        "3rd Korea-Japan economic and trade ministerial meeting"
    )
    name = Text("한일 조선산업 공동 투자 프로그램 조성을 위한 MOU")
    facts = _facts(event=Event("agreement", name, None, None, (0,)))
    config = replace(Config(), models_dir=tmp_path / "models")
    english = add_english(facts, None, config, record=False)
    assert english.event is not None and english.event.name is not None
    assert english.event.name.en == (
        "MOU for Korea-Japan Shipbuilding Industry Joint Investment Programme Creation"
    )


# --------------------------------------------------------------------------- grammar


@pytest.mark.parametrize(
    ("name", "english"),
    [
        ("Italian Space Agency", "the Italian Space Agency"),
        ("Swedish Ministry of Defence", "the Swedish Ministry of Defence"),
        ("U.S. Department of Commerce", "the U.S. Department of Commerce"),
        ("Japan Association of New Economy", "the Japan Association of New Economy"),
        ("University of Cambridge", "the University of Cambridge"),
        ("Samsung Electronics", "Samsung Electronics"),
        ("Massachusetts Institute of Technology", "Massachusetts Institute of Technology"),
    ],
)
def test_names_that_take_the(name: str, english: str) -> None:
    assert with_the(name) == english


def test_no_article_after_a_possessive_and_an_amount_said_once() -> None:
    assert without_article_after_possessive("hosted Korea's an EU programme") == (
        "hosted Korea's EU programme"
    )
    assert without_repeated_amounts("receive USD 15 million for payment USD 15 million.") == (
        "receive USD 15 million for payment."
    )
    assert without_repeated_amounts("USD 15 million and USD 20 million") == (
        "USD 15 million and USD 20 million"
    )


def test_a_commitment_does_not_say_its_actors_twice() -> None:
    korea, sweden = Text("한국", "South Korea"), Text("스웨덴", "Sweden")
    research = Text("양국 간 공동연구", "joint research between South Korea and Sweden")
    commitment = Commitment(
        Text("공동연구를 추진한다."), (korea, sweden), (), None, None, (0,), "pursue", research
    )
    assert commitment_line(commitment, _facts()).text == (
        "South Korea and Sweden will pursue joint research."
    )


# --------------------------------------------------------------------------- memo lines


def test_an_unnamed_speaker_of_a_body_takes_an_article() -> None:
    facts = _facts()
    office = Quote(Text("대통령실 관계자", "Office of the President official"), Text("좋다"), (0,))
    government = Quote(Text("정부 관계자", "Government official"), Text("좋다"), (0,))
    assert quote_line(office, facts).text == (
        "An Office of the President official spoke on the talks."
    )
    assert quote_line(government, facts).text == "A government official spoke on the talks."


def test_the_title_that_names_the_organisation_says_it_once() -> None:
    assert title_names_organisation(
        "Minister of Commerce of China", "Ministry of Commerce of China"
    )
    assert title_names_organisation("Swedish Minister of Defence", "Swedish Ministry of Defence")
    assert title_names_organisation("U.S. Secretary of Commerce", "U.S. Department of Commerce")
    assert not title_names_organisation("CEO", "Samsung Electronics")
    context = build_context(_facts(), "en", generated_at="2025-11-03T09:00:00+09:00")
    line = "".join(span.text for span in context.key_points[1].line)
    assert line == "Ga Na-da (Swedish Minister of Defence); Ra Ma-ba (CEO, Samsung Electronics)"


def test_one_speakers_quotes_on_one_topic_are_one_line_without_a_model() -> None:
    said = Quote(Text("가나다", "Ga Na-da"), Text("좋다"), (0,))
    facts = _facts(quotes=(said, said, replace(said, evidence=(0,))))
    english = build_context(facts, "en", generated_at="2025-11-03T09:00:00+09:00")
    assert ["".join(s.text for s in q.speaker) for q in english.quotes] == [
        "Ga Na-da (Swedish Minister of Defence) spoke on the talks."
    ]
    korean = build_context(facts, "ko", generated_at="2025-11-03T09:00:00+09:00")
    assert len(korean.quotes) == 3
    # beside the Korean (bilingual layout) the rows stay paired
    paired = build_context(facts, "en", generated_at="", paired=True)
    assert len(paired.quotes) == 3


def _facts(**changes: object) -> Facts:
    facts = Facts(
        article=Article(
            id="00000000000000bb",
            source_path="b.txt",
            title=Text("한·스웨덴 국방 회담"),
            outlet=None,
            published="2025-11-03",
            byline=None,
            sentences=(Sentence(0, "한국과 스웨덴은 3일 회담을 가졌다."),),
        ),
        event=Event("dialogue", None, "2025-11-03", None, (0,)),
        parties=(
            Party(Text("한국", "South Korea"), "country", (0,)),
            Party(Text("스웨덴", "Sweden"), "country", (0,)),
        ),
        people=(
            Person(
                Text("가나다", "Ga Na-da"),
                Text("스웨덴 국방부 장관", "Swedish Minister of Defence"),
                Text("스웨덴 국방부", "Swedish Ministry of Defence"),
                ("host",),
                (0,),
            ),
            Person(
                Text("라마바", "Ra Ma-ba"),
                Text("대표", "CEO"),
                Text("삼성전자", "Samsung Electronics"),
                ("host",),
                (0,),
            ),
        ),
    )
    return facts.replace(**changes)
