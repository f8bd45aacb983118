"""The fact extractor on invented Korean news text (rules exercised beyond the dev corpus)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from briefing.config import Config
from briefing.errors import ConfigError
from briefing.extract import extract_facts
from briefing.extract.data import load_data
from briefing.sentences import kiwi, split_sentences
from briefing.types import Article, Facts, Sentence, Text

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="session", autouse=True)
def warm_kiwi() -> None:
    kiwi()  # loading costs seconds: once per session


def article(body: str, *, published: str | None = None, byline: str | None = None) -> Article:
    sentences = split_sentences(body)
    return Article(
        id="test",
        source_path="test.txt",
        title=Text(sentences[0]),
        outlet=None,
        published=published,
        byline=Text(byline) if byline else None,
        sentences=tuple(Sentence(i, s) for i, s in enumerate(sentences)),
    )


def extract(body: str, config: Config | None = None, **kwargs: str) -> Facts:
    return extract_facts(article(body, **kwargs), config or Config())


def party(facts: Facts, ko: str) -> tuple[str | None, str]:
    for p in facts.parties:
        if p.name.ko == ko:
            return p.name.en, p.kind
    raise AssertionError(f"{ko} not among {[p.name.ko for p in facts.parties]}")


def person(facts: Facts, ko: str):  # type: ignore[no-untyped-def]
    for p in facts.people:
        if p.name.ko == ko:
            return p
    raise AssertionError(f"{ko} not among {[p.name.ko for p in facts.people]}")


JAPAN = "\n\n".join(
    (
        "한·일, 수소·반도체 공급망 협력 강화…日 경제산업성과 MOU",
        "산업통상자원부는 15일 일본 도쿄에서 열린 '제3차 한일 산업협력 대화'에서 일본 경제산업성과 "
        "수소 및 반도체 공급망 협력에 관한 양해각서(MOU)를 체결했다고 16일 밝혔다.",
        "이날 회의는 안덕근 산업통상자원부 장관과 무토 요지 일본 경제산업상이 공동 주재했다. "
        "회의에는 이동관 한국무역협회 부회장 등이 참석했다.",
        "양국은 청정수소 생산과 유통 기술을 공동 개발하고, 2030년까지 반도체 소재·부품 공급망 "
        "안정화를 위한 협의체를 운영하기로 합의했다. 또 양국 정부는 내년부터 3년간 총 500억원 "
        "규모의 공동연구 프로그램을 지원한다.",
        '안 장관은 "한일 양국이 공급망 위기에 함께 대응할 수 있는 기반을 마련했다"고 말했다. '
        '무토 경제산업상은 "수소 경제 전환을 위해 한국과 긴밀히 협력하겠다"며 '
        '"기업 간 투자도 늘어날 것"이라고 강조했다.',
        "한편 중국은 희토류 수출 통제를 강화하고 있어 양국의 대응이 주목된다.",
        "김민수 기자",
    )
)


@pytest.fixture(scope="module")
def japan() -> Facts:
    return extract(JAPAN, published="2025-09-16", byline="김민수")


# --------------------------------------------------------------------------- parties


def test_parties_come_from_the_gazetteer_with_english_and_kind(japan: Facts) -> None:
    assert party(japan, "산업통상자원부") == (
        "Ministry of Trade, Industry and Energy",
        "government",
    )
    assert party(japan, "일본 경제산업성") == (  # the longest form the article used
        "Ministry of Economy, Trade and Industry",
        "government",
    )
    assert party(japan, "한국") == ("South Korea", "country")
    assert party(japan, "일본") == ("Japan", "country")


def test_a_country_cited_as_context_is_not_a_party(japan: Facts) -> None:
    assert "중국" not in [p.name.ko for p in japan.parties]


def test_one_entry_per_entity_and_evidence_points_at_sentences(japan: Facts) -> None:
    names = [p.name.en for p in japan.parties]
    assert len(names) == len(set(names))
    for p in japan.parties:
        assert p.evidence
        for sid in p.evidence:
            sentence = japan.sentence(sid)
            assert sentence is not None


def test_unknown_organisation_with_a_latin_gloss_is_found() -> None:
    facts = extract(
        "한국전자통신연구원(ETRI)과 독일 하인리히헤르츠연구소(HHI)가 6G 이동통신 표준화를 위해 "
        "공동연구를 추진하기로 했다. 양 기관은 내년 상반기 공동 연구실을 설치한다."
    )
    assert party(facts, "하인리히헤르츠연구소") == ("HHI", "research")
    assert (
        party(facts, "한국전자통신연구원")[0]
        == "Electronics and Telecommunications Research Institute"
    )


def test_a_company_introduced_by_apposition_is_found() -> None:
    facts = extract(
        "두산에너빌리티는 미국 원전 개발사인 퀀텀리액터와 소형모듈원자로(SMR) 협력 양해각서(MOU)를 "
        "체결했다. 양사는 SMR 공급망 구축에 협력하기로 했다."
    )
    assert party(facts, "퀀텀리액터")[1] == "company"
    assert party(facts, "두산에너빌리티")[0] == "Doosan Enerbility"


def test_news_agencies_and_photo_credits_are_not_parties() -> None:
    facts = extract(
        "로이터통신에 따르면 삼성전자와 엔비디아는 HBM 공급 계약을 체결했다. 사진=연합뉴스\n"
        "양사는 내년부터 공급을 확대하기로 했다."
    )
    names = [p.name.ko for p in facts.parties]
    assert "로이터통신" not in names and "연합뉴스" not in names
    assert {"삼성전자", "엔비디아"} <= set(names)


# --------------------------------------------------------------------------- people


def test_people_with_titles_organisations_and_roles(japan: Facts) -> None:
    ahn = person(japan, "안덕근")
    assert ahn.title is not None and ahn.title.ko == "산업통상자원부 장관"
    assert (
        ahn.organization is not None
        and ahn.organization.en == "Ministry of Trade, Industry and Energy"
    )
    assert set(ahn.roles) == {"host", "speaker"}  # 공동 주재 + quoted as 안 장관
    muto = person(japan, "무토 요지")
    assert set(muto.roles) == {"host", "speaker"}
    assert person(japan, "이동관").roles == ("attendee",)


def test_the_byline_is_never_a_person(japan: Facts) -> None:
    assert "김민수" not in [p.name.ko for p in japan.people]


def test_signatories_are_the_subject_group_of_the_signing_verb() -> None:
    facts = extract(
        "윤석열 대통령과 마크 뤼터 네덜란드 총리가 지켜보는 가운데 경계현 삼성전자 사장과 "
        "피터 베닝크 ASML 최고경영자(CEO)가 R&D센터 설립 협약서에 서명했다."
    )
    assert person(facts, "경계현").roles == ("signatory",)
    assert person(facts, "피터 베닝크").roles == ("signatory",)
    assert "signatory" not in person(facts, "윤석열").roles


def test_later_mentions_link_to_the_full_name() -> None:
    facts = extract(
        "조태용 국가안보실장과 제이크 설리번 미국 백악관 국가안보보좌관은 9일 서울에서 "
        "‘차세대 핵심·신흥기술 대화’를 개최했다. 조 실장은 “기술 동맹이 확대될 것”이라고 말했다. "
        "설리번 보좌관은 “양국 협력을 강화하길 희망한다”고 설명했다."
    )
    names = [p.name.ko for p in facts.people]
    assert names.count("조태용") == 1 and "설리번" not in names
    assert set(person(facts, "제이크 설리번").roles) == {"host", "speaker"}
    assert {q.speaker.ko for q in facts.quotes if q.speaker} == {"조태용", "제이크 설리번"}
    assert party(facts, "국가안보실")[0] == "National Security Office"


# --------------------------------------------------------------------------- quotes


def test_quotes_with_speaker_before_after_and_in_the_previous_sentence() -> None:
    facts = extract(
        "과기정통부는 영국 과학혁신기술부와 양자 기술 협력 MOU를 체결했다. "
        "이종호 과기정통부 장관은 “양국 협력의 새로운 장이 열렸다”고 말했다.\n"
        "“공동연구 예산도 늘리겠다”며 “연구자 교류를 지원하겠다”고 덧붙였다.\n"
        "“영국은 최고의 파트너”라고 미셸 도넬란 영국 과학혁신기술부 장관은 말했다.\n"
        "과기정통부는 “후속 협의를 이어가겠다”고 설명했다."
    )
    quotes = {(q.speaker.ko if q.speaker else None, q.text.ko) for q in facts.quotes}
    assert ("이종호", "양국 협력의 새로운 장이 열렸다") in quotes
    assert ("이종호", "공동연구 예산도 늘리겠다 … 연구자 교류를 지원하겠다") in quotes
    assert ("미셸 도넬란", "영국은 최고의 파트너") in quotes
    assert ("과기정통부", "후속 협의를 이어가겠다") in quotes


def test_a_term_in_quotes_is_not_a_quotation() -> None:
    facts = extract('정부는 "K-반도체 전략"을 발표하고 미국과 협력을 강화하기로 했다.')
    assert facts.quotes == ()


# --------------------------------------------------------------------------- commitments


def test_commitments_are_split_and_carry_actors_amount_and_timeline(japan: Facts) -> None:
    texts = [c.text.ko for c in japan.commitments]
    assert any("청정수소 생산과 유통 기술을 공동 개발" in t for t in texts)
    assert any("협의체를 운영하기로 합의했다" in t for t in texts)
    operated = next(c for c in japan.commitments if "협의체를 운영" in c.text.ko)
    assert operated.timeline is not None and operated.timeline.ko == "2030년까지"
    assert {a.ko for a in operated.actors} == {"한국", "일본"}  # 양국 resolved
    funded = next(c for c in japan.commitments if "공동연구 프로그램을 지원" in c.text.ko)
    assert funded.amount is not None and (funded.amount.value, funded.amount.currency) == (
        50_000_000_000,
        "KRW",
    )
    assert funded.timeline is not None and funded.timeline.ko.startswith("내년부터")


def test_reported_quotes_past_habits_and_observations_are_not_commitments() -> None:
    facts = extract(
        "삼성전자와 ASML은 EUV 공동 연구소 설립 협약을 체결했다. "
        "양사는 2019년부터 협력관계를 구축해왔다. "
        "양국 기업 간 협력도 확대되는 모양새다. "
        "업계 관계자는 “협력이 확대될 것”이라고 말했다."
    )
    texts = [c.text.ko for c in facts.commitments]
    assert len(texts) == 1 and "설립 협약을 체결했다" in texts[0]


def test_bulleted_agreement_content_gives_one_commitment_per_item() -> None:
    facts = extract(
        "HD현대는 미국 조선사와 함정 MRO 협력 MOU를 맺었다. "
        "주요 협력 분야는 ▲ 함정 정비 ▲ 조선소 현대화 ▲ 인력 교류 등이다."
    )
    texts = [c.text.ko for c in facts.commitments]
    assert {"함정 정비", "조선소 현대화", "인력 교류"} <= set(texts)


def test_an_article_without_cooperation_has_no_parties_commitments() -> None:
    facts = extract(
        "서울시는 내년 1월부터 지하철 기본요금을 150원 인상한다고 2일 밝혔다. "
        "시 관계자는 “누적 적자를 줄이기 위한 조치”라고 설명했다. "
        "연간 약 1500억원의 추가 수입이 예상된다.",
        published="2025-12-02",
    )
    assert facts.parties == () and facts.commitments == ()
    assert facts.event is not None and facts.event.type == "announcement"
    assert {(a.value, a.currency) for a in facts.amounts} == {
        (150, "KRW"),
        (150_000_000_000, "KRW"),
    }


# --------------------------------------------------------------------------- areas, dates


def test_tech_areas_have_evidence_and_ignore_entity_names() -> None:
    facts = extract(
        "엔비디아는 네이버클라우드, 현대자동차그룹과 AI 반도체 공급 계약을 체결했다. "
        "양측은 양자컴퓨터 공동연구도 추진하기로 했다."
    )
    ids = {t.id: t.evidence for t in facts.tech_areas}
    assert set(ids) == {"ai", "semiconductors", "quantum"}
    assert ids["quantum"] == (1,)


def test_event_date_is_resolved_against_published_and_skips_the_reporting_date() -> None:
    facts = extract(
        "두산에너빌리티는 31일 미국 워싱턴에서 열린 포럼에서 엑스-에너지와 SMR 협력 MOU를 "
        "체결했다고 1일 밝혔다. 양사는 SMR 공급망 구축에 협력한다.",
        published="2025-11-01",
    )
    assert facts.event is not None
    assert facts.event.type == "agreement"
    assert facts.event.date == "2025-10-31"


def test_published_date_comes_from_a_dateline_when_the_reader_gave_none() -> None:
    facts = extract(
        "입력 2025.03.04 10:20\n"
        "삼성전자와 퀄컴은 6G 통신 공동연구 협약을 체결했다. 양사는 협력을 확대한다."
    )
    assert facts.article.published == "2025-03-04"


def test_without_a_reference_date_the_event_date_is_null() -> None:
    facts = extract(
        "한국과 영국은 22일 런던에서 우주협력 MOU를 체결했다. 양국은 공동연구를 확대한다."
    )
    assert facts.event is not None and facts.event.date is None


# --------------------------------------------------------------------------- data files


def test_user_data_files_are_merged_over_the_bundled_ones(tmp_path: Path) -> None:
    gazetteer = tmp_path / "entities.toml"
    gazetteer.write_text('[company]\n"Acme Robotics" = ["에이크미로보틱스"]\n', encoding="utf-8")
    lexicon = tmp_path / "terms.toml"
    lexicon.write_text('[area.space]\nterms = ["궤도수송선"]\n', encoding="utf-8")
    config = Config(gazetteer_files=(gazetteer,), lexicon_files=(lexicon,))
    facts = extract(
        "삼성전자와 에이크미로보틱스는 궤도수송선 공동개발 협약을 체결했다. "
        "양사는 협력을 확대한다.",
        config,
    )
    assert party(facts, "에이크미로보틱스") == ("Acme Robotics", "company")
    assert "space" in {t.id for t in facts.tech_areas}
    assert party(facts, "삼성전자")[0] == "Samsung Electronics"  # bundled entries still there


def test_a_malformed_data_file_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[company\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_data((bad,), ())
    wrong = tmp_path / "wrong.toml"
    wrong.write_text('[companies]\n"X" = ["엑스"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown section"):
        load_data((wrong,), ())


# --------------------------------------------------------------------------- robustness


def test_the_facts_document_round_trips_through_json(japan: Facts) -> None:
    again = Facts.from_dict(japan.to_dict())
    assert again.to_dict() == japan.to_dict()


def test_a_seed_article_end_to_end() -> None:
    body = (SEEDS / "000_6aa41a9c697c4b0d.txt").read_text(encoding="utf-8")
    facts = extract(body, published="2025-10-29")
    assert party(facts, "과학기술정보통신부")[0] == "Ministry of Science and ICT"
    assert set(person(facts, "배경훈").roles) == {"signatory", "speaker"}
    assert set(person(facts, "마이클 크라치오스").roles) == {"signatory", "speaker"}
    assert "블룸버그통신" not in [p.name.ko for p in facts.parties]
    assert facts.event is not None and facts.event.date == "2025-10-29"


@pytest.mark.slow
def test_very_long_input_finishes() -> None:
    paragraph = JAPAN.replace("\n\n", "\n") * 200  # about 200 KB, 1400 sentences
    start = time.perf_counter()
    facts = extract(paragraph)
    assert time.perf_counter() - start < 60
    assert facts.parties


def test_a_sentence_without_punctuation_of_a_megabyte_is_bounded() -> None:
    text = "삼성전자와 엔비디아가 협력 " * 80_000  # ~1 MB in one "sentence"
    art = Article("x", "x.txt", None, None, None, None, (Sentence(0, text),))
    start = time.perf_counter()
    facts = extract_facts(art, Config())
    assert time.perf_counter() - start < 30
    assert facts.article.sentences[0].ko == text


# --------------------------------------------------------------------------- more rules


def test_a_summit_outweighs_the_talks_it_contains() -> None:
    facts = extract(
        "한중 정상회담…AI 협력 합의\n"
        "이재명 대통령과 시진핑 중국 국가주석은 1일 경주에서 정상회담을 열고 AI 협력을 강화하기로 "
        "합의했다. 양 정상은 이날 회담에서 청년 교류를 확대하기로 했다. 양국은 내년 경제장관회의를 "
        "개최한다."
    )
    assert facts.event is not None and facts.event.type == "summit"
    assert set(person(facts, "시진핑").roles) == {"host"}


def test_background_sentences_name_no_parties() -> None:
    facts = extract(
        "KAIST는 미국 MIT와 양자컴퓨팅 공동연구센터를 설립하기로 하고 20일 업무협약식을 가졌다. "
        "KAIST는 지난해 영국 옥스퍼드대와도 양자 분야 협약을 맺은 바 있다."
    )
    names = [p.name.ko for p in facts.parties]
    assert "옥스퍼드대" not in names
    assert {"KAIST", "MIT"} <= set(names)
    assert len(facts.commitments) == 1


def test_both_companies_resolve_to_the_two_main_parties() -> None:
    facts = extract(
        "LG에너지솔루션은 제너럴모터스(GM)와 배터리 합작 공장 설립 계약을 체결했다. "
        "양사는 2027년까지 미국 미시간주에 공장을 짓는다."
    )
    built = next(c for c in facts.commitments if "공장을 짓는다" in c.text.ko)
    assert {a.en for a in built.actors} == {"LG Energy Solution", "General Motors"}
    assert built.timeline is not None and built.timeline.ko == "2027년까지"


def test_a_country_prefix_written_apart_belongs_to_the_organisation() -> None:
    facts = extract(
        "정인교 통상교섭본부장은 11일 워싱턴에서 지나 러몬도 미 상무부 장관과 회의를 열고 "
        "반도체 공급망 협력을 강화하기로 합의했다."
    )
    raimondo = next(p for p in facts.people if (p.name.ko or "").endswith("러몬도"))
    assert raimondo.organization is not None
    assert raimondo.organization.en == "U.S. Department of Commerce"
    assert "host" in raimondo.roles


def test_a_caption_date_is_the_reference_when_published_is_unknown() -> None:
    facts = extract(
        "삼성전자와 ASML은 12일(현지시간) 네덜란드에서 R&D센터 설립 협약을 체결했다. 2023.12.13\n"
        "양사는 7억 유로를 공동으로 투자한다."
    )
    assert facts.event is not None and facts.event.date == "2023-12-12"
    assert facts.amounts[0].value == 700_000_000 and facts.amounts[0].currency == "EUR"


def test_an_article_without_sentences_gives_an_empty_valid_document() -> None:
    facts = extract_facts(Article("x", "x.txt", None, None, None, None, ()), Config())
    assert facts.parties == () and facts.people == () and facts.commitments == ()
    assert Facts.from_dict(facts.to_dict()).article.sentences == ()


def test_a_quotation_after_a_sentence_that_introduces_its_speaker() -> None:
    facts = extract(
        "한국과 캐나다는 원전 협력 MOU를 체결했다.\n"
        "멜라니 졸리 캐나다 산업부 장관은 서명식 후 이렇게 말했다.\n"
        "“한국은 가장 믿을 수 있는 에너지 파트너다.”"
    )
    assert [(q.speaker.ko if q.speaker else None) for q in facts.quotes] == ["멜라니 졸리"]


def test_last_month_dates_resolve_to_the_previous_month() -> None:
    facts = extract(
        "한국과 호주는 지난달 29일 캔버라에서 핵심광물 협력 MOU를 체결했다고 2일 밝혔다. "
        "양국은 리튬 공급망 구축에 협력한다.",
        published="2025-11-02",
    )
    assert facts.event is not None and facts.event.date == "2025-10-29"


def test_a_pronoun_speaker_is_the_person_named_before() -> None:
    facts = extract(
        "한국과 덴마크는 양자기술 협력 MOU를 체결했다.\n"
        "라스 한센 덴마크 고등교육과학부 장관은 서명식에 참석했다.\n"
        "그는 “양국의 양자 연구가 새로운 단계에 들어섰다”고 말했다."
    )
    assert [(q.speaker.ko if q.speaker else None) for q in facts.quotes] == ["라스 한센"]


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("최소 1000만 달러", 10_000_000, "USD"),
        ("22조 8천억 원", 22_800_000_000_000, "KRW"),
        ("2억5000만 유로", 250_000_000, "EUR"),
        ("3억 즐로티", 300_000_000, "PLN"),
        ("1200만 캐나다달러", 12_000_000, "CAD"),
        ("3000억 동", 300_000_000_000, "VND"),
        ("120억엔", 12_000_000_000, "JPY"),
    ],
)
def test_korean_money_forms(text: str, value: int, currency: str) -> None:
    from briefing.extract.numbers import AmountFinder

    found = AmountFinder(load_data().patterns).find(f"양사는 {text}를 투자한다.")
    assert [(m.value, m.currency) for m in found] == [(value, currency)]


def test_numbers_that_are_not_money() -> None:
    from briefing.extract.numbers import AmountFinder

    finder = AmountFinder(load_data().patterns)
    assert finder.find("101동 주민과 연구원 3명, GPU 26만 장, 5GW 규모") == []


BROADCAST = "\n".join(
    (
        "[앵커]",
        "우리나라가 미국 항공우주국, NASA와 달 탐사 협력 약정을 맺었습니다.",
        "[기자]",
        "우주항공청은 어제 미국 워싱턴에서 NASA와 아르테미스 협력 이행약정을 체결했습니다.",
        "[인터뷰] 윤영빈 / 우주항공청장",
        '"한국이 달 탐사 국제 협력의 핵심 파트너가 되는 계기가 될 것입니다."',
        "양측은 다누리의 관측 자료도 공유하기로 했습니다.",
    )
)


def test_a_broadcast_interview_block_is_a_quote_with_its_speaker() -> None:
    facts = extract(BROADCAST, published="2025-11-20")
    assert [(q.speaker.ko if q.speaker else None) for q in facts.quotes] == ["윤영빈"]
    assert facts.quotes[0].text.ko.startswith("한국이 달 탐사")
    yoon = person(facts, "윤영빈")
    assert yoon.organization is not None
    assert yoon.organization.en == "Korea AeroSpace Administration"
    assert facts.event is not None and facts.event.date == "2025-11-19"  # 어제
    assert party(facts, "우주항공청")[1] == "government"
    assert any("공유하기로 했습니다" in c.text.ko for c in facts.commitments)


def test_bilateral_yangja_is_not_quantum() -> None:
    facts = extract(
        "한국과 폴란드는 양자 회담을 열고 방산 협력을 확대하기로 합의했다. "
        "양국은 양자 간 공동연구도 추진한다."
    )
    assert {t.id for t in facts.tech_areas} == {"defense"}


def test_descriptive_present_tense_is_not_a_commitment() -> None:
    facts = extract(
        "삼성전자와 TSMC는 HBM 공급 협약을 체결했다. "
        "이는 세계 시장의 30%에 해당한다. 양사는 내년부터 공급을 확대한다."
    )
    assert [c.text.ko for c in facts.commitments][-1] == "양사는 내년부터 공급을 확대한다."
    assert not any("해당한다" in c.text.ko for c in facts.commitments)


def test_a_role_verb_before_the_person_it_describes() -> None:
    facts = extract(
        "한국과 독일은 11일 베를린에서 수소 협력 회의를 열었다. "
        "회의를 주재한 박성택 산업통상자원부 1차관은 양국의 수소 공동연구를 확대하기로 "
        "했다고 밝혔다."
    )
    assert "host" in person(facts, "박성택").roles
