"""Classes of error seen on real reporting, each on sentences written for the test:
names by shape, organisations split off names, lists, roles by clause, the lede's event,
unknown parties, commitments in bullets, broadcast quotes."""

from __future__ import annotations

import pytest
from tests.test_extract import extract, person

from briefing.sentences import kiwi
from briefing.types import Facts


@pytest.fixture(scope="module", autouse=True)
def warm_kiwi() -> None:
    kiwi()


def names(facts: Facts) -> list[str]:
    return [p.name.ko or "" for p in facts.people]


def roles(facts: Facts, name: str) -> set[str]:
    return set(person(facts, name).roles)


# ---------------------------------------------------------------------------- people


def test_an_organisation_before_the_name_is_not_part_of_it() -> None:
    facts = extract(
        "산업통상자원부 김철수 산업정책실장은 15일 독일 경제부와 수소 협력 MOU를 체결했다."
    )
    kim = person(facts, "김철수")
    assert kim.organization is not None and kim.organization.ko == "산업통상자원부"
    assert kim.title is not None and kim.title.ko == "산업정책실장"


def test_an_organisation_after_a_foreign_name_is_not_part_of_it() -> None:
    facts = extract("존 스미스 에이비씨코리아 대표와 이정민 삼성전자 부사장이 공급 계약을 맺었다.")
    assert {"존 스미스", "이정민"} <= set(names(facts))
    assert not any("에이비씨코리아" in n for n in names(facts))


def test_a_body_after_a_two_word_foreign_name_is_its_organisation() -> None:
    facts = extract("김철수 장관과 토마스 쿠르츠 우주청 이사장이 문건을 교환했다.")
    assert names(facts) == ["김철수", "토마스 쿠르츠"]
    assert person(facts, "토마스 쿠르츠").title.ko == "우주청 이사장"


def test_the_country_before_a_foreign_name_says_whose_body_it_heads() -> None:
    facts = extract("김철수 장관과 UAE의 토마스 쿠르츠 우주청 이사장이 문건을 교환했다.")
    kurtz = person(facts, "토마스 쿠르츠")
    assert kurtz.title.ko == "UAE 우주청 이사장"
    assert kurtz.organization.ko == "UAE 우주청"


def test_a_bracketed_abbreviation_and_a_portfolio_stand_between_name_and_title() -> None:
    facts = extract("토마스 쿠르츠 유럽연합(EU) 내부시장 담당 집행위원이 서울을 찾았다.")
    assert names(facts) == ["토마스 쿠르츠"]


def test_a_glossed_name_stops_at_the_title_before_it() -> None:
    facts = extract(
        "행사에는 김철수 산업부 장관과 마리아 로사 쿠르츠(Maria R. Kurtz) 독일 경제부 장관이 "
        "참석했다."
    )
    assert names(facts) == ["김철수", "마리아 로사 쿠르츠"]


def test_a_list_item_and_a_meeting_are_never_people() -> None:
    bullets = extract("양국은 △위성 공동개발 △위성항법 지상국 협력 △발사장 구축 등을 포함했다.")
    assert names(bullets) == []
    heading = extract("한·미·일 산업·상무장관회의 계기 일본 경제산업대신과 회담\n\n양국이 만났다.")
    assert names(heading) == []


def test_a_korean_name_stands_alone_before_an_unknown_party_name() -> None:
    facts = extract("이정민 미래혁신당 대표는 이날 국회에서 협력 방안을 논의하기로 합의했다.")
    assert names(facts) == ["이정민"]


def test_a_title_before_a_foreign_name() -> None:
    facts = extract(
        "회의에는 한국 측 대표와 일본 경제산업성 에너지정책 부장 다나카 히로시가 참석했다. "
        "양국은 수소 공급망 협력을 강화하기로 합의했다."
    )
    tanaka = person(facts, "다나카 히로시")
    assert tanaka.organization is not None
    assert tanaka.organization.en == "Ministry of Economy, Trade and Industry"
    assert roles(facts, "다나카 히로시") == {"attendee"}


def test_a_city_before_a_title_is_not_a_person() -> None:
    facts = extract("양국 정상은 도쿄 총리 관저에서 회담을 갖고 반도체 협력을 강화하기로 했다.")
    assert "도쿄" not in names(facts)


def test_a_title_with_its_particle_is_never_a_name() -> None:
    facts = extract("장관이 “협력을 확대하겠다”고 말했다. 차관은 MOU에 서명했다.")
    assert facts.people == ()


def test_a_foreign_name_glossed_in_brackets_wins_over_a_city_spelling() -> None:
    facts = extract(
        "김민수 장관과 안나 모스크바(Anna Moskwa) 폴란드 기후환경부 장관은 "
        "원전 협력 MOU에 서명했다."
    )
    assert "안나 모스크바" in names(facts)
    assert roles(facts, "안나 모스크바") == {"signatory"}


def test_a_vietnamese_name_of_one_syllable_words_before_an_unknown_company() -> None:
    facts = extract(
        "협약서에는 김민수 원장과 쩐 반 남 비엣콤 부회장이 서명했다. "
        "남 부회장은 “양국 협력의 새로운 출발”이라고 말했다."
    )
    assert "쩐 반 남" in names(facts)
    assert any(q.speaker and q.speaker.ko == "쩐 반 남" for q in facts.quotes)


# ---------------------------------------------------------------------------- roles


def test_everyone_in_a_list_gets_the_role_of_the_verb() -> None:
    facts = extract(
        "한국전자와 미래화학은 15일 배터리 공동개발 협약을 체결했다. 협약식에는 김민수 한국전자 대표, "
        "박서연 미래화학 사장, 이정훈 산업통상자원부 차관 등이 참석했다."
    )
    for name in ("김민수", "박서연", "이정훈"):
        assert roles(facts, name) == {"attendee"}, name


def test_the_subject_carries_over_connective_clauses() -> None:
    facts = extract(
        "김민수 과기정통부 장관은 15일 스톡홀름을 방문해 에릭 요한손 스웨덴 교육부 장관과 만나 "
        "6G 공동연구 협정에 서명했다."
    )
    assert "signatory" in roles(facts, "김민수")
    assert "signatory" in roles(facts, "에릭 요한손")


def test_the_principals_of_a_dialogue_are_its_hosts() -> None:
    facts = extract(
        "과학기술정보통신부는 김민수 과기정통부 차관과 에릭 요한손 스웨덴 교육부 차관이 15일 서울에서 "
        "'제3차 한-스웨덴 과학기술 공동위원회'를 공동 주재했다고 밝혔다. "
        "양측은 6G 공동연구를 확대하기로 합의했다."
    )
    assert facts.event is not None and facts.event.type == "dialogue"
    assert roles(facts, "김민수") == {"host"}
    assert roles(facts, "에릭 요한손") == {"host"}


def test_a_topicalised_signing_names_its_signatories_after_it() -> None:
    facts = extract(
        "한국과 덴마크는 15일 양자기술 협력 MOU를 체결했다. "
        "서명은 김민수 주덴마크 대사와 라스 닐센 덴마크 고등교육과학부 국장이 했다."
    )
    assert roles(facts, "김민수") == {"signatory"}
    assert roles(facts, "라스 닐센") == {"signatory"}


def test_a_signing_announced_ahead_names_its_signatories() -> None:
    facts = extract(
        "과기정통부는 15일 한-캐나다 양자 MOU를 체결한다고 밝혔다. "
        "김민수 과기정통부 장관과 마크 존스 캐나다 혁신부 장관이 서명한다."
    )
    assert "signatory" in roles(facts, "김민수")
    assert "signatory" in roles(facts, "마크 존스")


def test_ministers_who_hold_a_ministerial_meeting_host_it() -> None:
    facts = extract(
        "산업통상자원부는 15일 서울에서 김민수 산업부 장관과 마크 존스 캐나다 통상부 장관이 "
        "한-캐나다 통상장관 회의를 갖고 공급망 협력을 논의했다고 밝혔다. "
        "양측은 공급망 협력을 강화하기로 했다."
    )
    assert roles(facts, "김민수") == {"host"}
    assert roles(facts, "마크 존스") == {"host"}


def test_the_pair_stands_for_both_principals() -> None:
    facts = extract(
        "김민수 산업통상자원부 장관은 15일 서울에서 마크 존스 서호주 총리와 면담을 가졌다. "
        "양측은 이날 핵심광물 협력 의향서에 서명했다."
    )
    assert "signatory" in roles(facts, "김민수")
    assert "signatory" in roles(facts, "마크 존스")


def test_people_in_a_photo_caption_of_a_signing_attended() -> None:
    facts = extract(
        "한국전자는 미래화학과 배터리 공동개발 협약을 체결했다고 15일 밝혔다. "
        "김민수 한국전자 부사장(왼쪽)과 박서연 미래화학 대표가 기념촬영을 하고 있다."
    )
    assert roles(facts, "김민수") == {"attendee"}
    assert roles(facts, "박서연") == {"attendee"}


# ---------------------------------------------------------------------------- event type


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "한국전자는 15일 서울에서 열린 국제포럼에서 미래화학과 배터리 공동개발 협약을 체결했다.",
            "agreement",
        ),
        (
            "과학기술정보통신부는 15일 '제2차 한-캐나다 AI 장관급 대화'를 공동 주재했다고 밝혔다. "
            "양측은 AI 안전 연구 협력 약정도 맺었다.",
            "dialogue",
        ),
        (
            "김민수 대통령은 15일 마크 존스 캐나다 총리와 정상회담을 갖고 핵심광물 협력에 합의했다.",
            "summit",
        ),
        ("미래화학은 독일 BMW와 10조원 규모 배터리 공급계약을 체결했다고 15일 밝혔다.", "contract"),
        (
            "양국은 1992년 과학기술협력협정을 맺은 이래 공동위원회를 열고 있다. 올해 회의는 15일 서울에서 열렸다.",
            "dialogue",
        ),
        # an original in brackets does not push the agreement out of the act's reach, and a
        # summit the deal was only the fruit of does not outrank the signing
        (
            "과기정통부는 15일 '한-캐나다 양자 MOU(Quantum Partnership Arrangement, QPA)'를 공식 "
            "체결한다고 발표했다. 이번 MOU는 지난달 열린 한-캐나다 정상회담의 성과다.",
            "agreement",
        ),
    ],
)
def test_the_event_type_comes_from_the_act_of_the_lede(body: str, expected: str) -> None:
    facts = extract(body)
    assert facts.event is not None and facts.event.type == expected


# ---------------------------------------------------------------------------- parties


def test_an_unknown_company_that_signs_is_a_party() -> None:
    facts = extract("XYZ는 삼성전자와 AI 반도체 공급 계약을 체결했다고 15일 밝혔다.")
    assert {"XYZ", "삼성전자"} <= {p.name.ko for p in facts.parties}


def test_the_members_of_a_participant_list_are_parties() -> None:
    facts = extract(
        "양국은 수소 공급망 협력을 강화하기로 합의했다. "
        "한국에서는 한국가상수소협회, 미래에너지재단 등이 참여했다."
    )
    assert {"한국가상수소협회", "미래에너지재단"} <= {p.name.ko for p in facts.parties}


def test_a_glossed_body_leaves_connectives_ordinals_and_working_groups_out() -> None:
    facts = extract(
        "한국과 일본은 수소 협력 양해각서를 체결했다. "
        "양국은 양자 뿐 아니라 가나다무역기구(GTO)에서도 협력하고, 제12차 라마바과학위원회(RSC)에 "
        "참여하며, 공급망 개발 워킹그룹(WG)을 신설하기로 했다."
    )
    parties = [p.name.ko for p in facts.parties]
    assert "가나다무역기구" in parties and "라마바과학위원회" in parties
    assert not any(p and ("아니라" in p or "제12차" in p or "워킹그룹" in p) for p in parties)


def test_a_gloss_before_an_initiative_names_a_term_not_a_body() -> None:
    facts = extract(
        "한국과 일본은 수소 협력 양해각서를 체결했다. "
        "또 청정에너지(CE) 이니셔티브에 대해서도 협력을 구체화하기로 했다."
    )
    assert [p.name.ko for p in facts.parties] == ["한국", "일본"]


def test_a_persons_family_name_is_neither_a_party_nor_an_actor() -> None:
    facts = extract(
        "김철수 과기정통부 장관은 미국 백악관 과학기술정책실장 마이클 크라치오스와 양자 면담을 "
        "통해 협력 방안을 논의하고 워킹그룹 출범에 합의했다."
    )
    assert "크라치오스" not in [p.name.ko for p in facts.parties]
    assert all("크라치오스" not in [a.ko for a in c.actors] for c in facts.commitments)


def test_a_compound_of_countries_names_both() -> None:
    facts = extract(
        "과학기술정보통신부는 15일 제1차 한-EU 디지털 정책대화를 개최하고 6G 협력에 합의했다."
    )
    assert {"South Korea", "European Union"} <= {p.name.en for p in facts.parties}


# ---------------------------------------------------------------------------- commitments


def test_bullets_after_an_agreement_sentence_are_its_commitments() -> None:
    facts = extract(
        "한국전자와 미래화학은 15일 배터리 협력 MOU를 체결했다. "
        "△차세대 전지 공동연구 △연구인력 교류 △공동 특허 출원."
    )
    texts = {c.text.ko for c in facts.commitments}
    assert {"차세대 전지 공동연구", "연구인력 교류"} <= texts


def test_bullets_that_describe_work_in_progress_are_not_commitments() -> None:
    facts = extract(
        "한국전자와 미래화학은 15일 배터리 협력 MOU를 체결했다. "
        "한국전자는 자체 로봇으로 △물류 자동화 △모방 학습 등 여러 분야에서 실증을 진행 중이다."
    )
    assert not any("모방 학습" in c.text.ko for c in facts.commitments if c.text.ko)


def test_an_earlier_deal_is_background_not_a_commitment() -> None:
    facts = extract(
        "한국전자와 미래화학은 15일 배터리 공급 계약을 체결했다. "
        "양사는 지난해에도 소재 공급 계약을 체결했다."
    )
    assert not any("지난해" in (c.text.ko or "") for c in facts.commitments)


# ---------------------------------------------------------------------------- quotes


def test_a_broadcast_caption_of_speech_is_a_quote() -> None:
    facts = extract(
        "김민수 대통령은 15일 마크 존스 캐나다 총리와 정상회담을 가졌다.\n"
        "[김민수 대통령 : 양국은 핵심광물 분야의 최적의 파트너입니다.]"
    )
    assert any(
        q.speaker and q.speaker.ko == "김민수" and "최적의 파트너" in (q.text.ko or "")
        for q in facts.quotes
    )


def test_every_fact_says_how_sure_the_extractor_is() -> None:
    facts = extract(
        "XYZ는 15일 삼성전자와 AI 반도체 공급 계약을 체결했다. "
        "김민수 삼성전자 부사장은 “공급을 늘리겠다”고 말했다."
    )
    sure = {p.name.ko: p.confidence for p in facts.parties}
    assert sure["삼성전자"] == 0.95 and sure["XYZ"] == 0.65
    assert person(facts, "김민수").confidence == 0.95
    assert all(c.confidence is not None for c in facts.commitments)
    assert [q.confidence for q in facts.quotes] == [0.95]


def test_one_commitment_per_undertaking_stated_twice() -> None:
    facts = extract(
        "한국전자는 미래화학과 배터리 공급 연장계약을 맺었다고 15일 밝혔다. "
        "한국전자는 이날 서울 본사에서 미래화학과 배터리 공급연장 계약을 맺었다."
    )
    signed = [c for c in facts.commitments if c.action == "sign"]
    assert len(signed) == 1 and signed[0].evidence == (0, 1)


def test_the_day_of_the_act_not_the_day_it_was_announced() -> None:
    facts = extract(
        "10일 한국전자는 독일 미래화학과 배터리 협약을 체결했다고 밝혔다. "
        "지난 7일 체결한 협약에 따라 양사는 전지를 공동 개발한다.",
        published="2025-04-10",
    )
    assert facts.event is not None and facts.event.date == "2025-04-07"


def test_a_meeting_dates_the_event_and_a_source_does_not() -> None:
    facts = extract(
        "1일 산업부에 따르면 김민수 장관은 지난달 30일(현지시간) 바르샤바에서 "
        "에바 노박 폴란드 기후환경부 장관과 만나 원전 협력 MOU에 서명했다.",
        published="2025-07-01",
    )
    assert facts.event is not None and facts.event.date == "2025-06-30"


def test_a_name_of_one_syllable_words_before_a_university() -> None:
    facts = extract(
        "SK하이닉스와 미국 퍼듀대는 HBM 패키징 연구센터를 공동 설립하기로 했다. "
        "곽민수 SK하이닉스 사장과 멍 청 퍼듀대 총장이 협약서에 서명했다."
    )
    assert roles(facts, "곽민수") == {"signatory"}
    assert roles(facts, "멍 청") == {"signatory"}


def test_the_countries_of_a_joint_committee_its_principals_chair_are_parties() -> None:
    facts = extract(
        "김민수 과기정통부 장관은 15일 서울에서 열린 제12차 한·미 과학기술공동위원회에서 "
        "존 스미스 백악관 과학기술정책실장과 함께 회의를 공동 주재했다. "
        "양측은 양자 분야 공동연구를 확대하기로 합의했다."
    )
    assert {"South Korea", "United States"} <= {p.name.en for p in facts.parties}


def test_a_ministry_with_its_heads_title_written_on_is_a_party() -> None:
    facts = extract(
        "이민호 장관은 왕원타오 중국 상무부장과 서울에서 회의를 열고 공급망 협력을 강화하기로 합의했다."
    )
    assert "중국 상무부" in [p.name.ko for p in facts.parties]


def test_a_units_head_under_its_ministry_names_the_ministry_only() -> None:
    facts = extract(
        "협약식에는 박서연 산업통상자원부 통상교섭본부장이 참석해 반도체 협력 MOU를 체결했다."
    )
    assert [p.name.ko for p in facts.parties if p.kind == "government"] == ["산업통상자원부"]


def test_a_meeting_reported_with_also_names_its_party() -> None:
    facts = extract(
        "우주항공청은 이탈리아우주청과 MOU를 체결했다. 유럽우주청과 양자면담도 진행했다."
    )
    assert "유럽우주청" in [p.name.ko for p in facts.parties]


def test_digital_bio_is_biotechnology() -> None:
    facts = extract("양국은 디지털 바이오 분야 공동연구에 합의했다.")
    assert [t.id for t in facts.tech_areas] == ["biotech"]


def test_a_divisions_head_and_a_companys_ambition_signal_no_area() -> None:
    facts = extract(
        "체결식에는 김도현 한빛항공 항공우주사업본부장이 참석해 방산 협력 MOU에 서명했다. "
        "한빛항공은 아시아 최대 항공우주종합기업으로 성장할 것으로 기대했다."
    )
    assert [t.id for t in facts.tech_areas] == ["defense"]


def test_a_verb_chained_without_an_object_continues_its_clause() -> None:
    facts = extract(
        "양국은 데이터를 안전하게 저장하고 활용할 수 있도록 협력하기로 합의했다. "
        "양사는 배터리 공급 계약을 체결하고 세부 내용은 내달 공개할 예정이다."
    )
    assert [c.text.ko for c in facts.commitments] == [
        "양국은 데이터를 안전하게 저장하고 활용할 수 있도록 협력하기로 합의했다.",
        "양사는 배터리 공급 계약을 체결하고",  # 세부 내용은 … has a subject of its own
    ]


def test_a_photo_captions_date_stamp_does_not_date_the_event() -> None:
    facts = extract(
        "김민수 장관과 존 스미스 대사가 20일 서울에서 열린 회동에 참석해 인사하고 있다. "
        "2024.05.20. 한빛통신\n"
        "한국과 미국은 21일 서울에서 반도체 협력 회의를 열고 공급망 협력을 강화하기로 합의했다.",
        published="2024-05-21",
    )
    assert facts.event.date == "2024-05-21"


def test_a_company_disclosure_dates_its_event() -> None:
    facts = extract(
        "한빛전자는 3분기 영업이익이 1000억 원으로 20% 증가했다고 7일 공시했다.",
        published="2025-11-07",
    )
    assert facts.event.date == "2025-11-07"


def test_a_joint_pledge_in_a_speakers_own_words_is_a_commitment() -> None:
    facts = extract(
        "양 기관은 15일 AI 연구 협약을 체결했다. "
        "김하늘 소장은 “로봇 분야의 실증 사업을 공동 추진해 나가겠다”고 밝혔다. "
        "박민 대표는 “우리 공장을 최대 생산 거점으로 키우겠다”고 말했다."
    )
    texts = [c.text.ko for c in facts.commitments]
    assert "로봇 분야의 실증 사업을 공동 추진해 나가겠다" in texts
    assert not any("생산 거점" in t for t in texts)  # one side's own plan


def test_the_occasion_and_a_centred_system_are_not_actors() -> None:
    facts = extract(
        "한중 통상장관 회의\n"
        "한국과 중국은 아시아태평양경제협력체(APEC) 경주회의 개최 계기로 "
        "공급망 안정화를 위해 협력키로 합의했다. "
        "한국과 중국은 세계무역기구(WTO) 중심의 다자무역체제 협력을 강화하기로 합의했다."
    )
    assert [{a.en for a in c.actors} for c in facts.commitments] == [{"South Korea", "China"}] * 2


def test_a_family_name_kiwi_reads_as_a_common_noun_after_a_known_given_name() -> None:
    facts = extract(
        "한-EU 디지털 정책대화\n"
        "이날 대화에서는 김민수 2차관, 로베르토 비올라 정보통신총국장을 수석대표로 "
        "6G 협력을 논의했다."
    )
    assert "로베르토 비올라" in names(facts)
