"""English composed from facts: grammar, commitment actions, noun phrases, memo lines.

Every sentence here is written for the tests; the expected English is pinned string by
string so that a change in wording is a visible decision.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.config import Config
from briefing.errors import ConfigError
from briefing.extract.actions import add_actions, analyse, morphemes
from briefing.render.context import build_context, english_leftovers
from briefing.translate import add_english
from briefing.translate.compose import (
    THIN_LINE,
    commitment_line,
    event_line,
    event_title,
    headline,
    is_thin,
    korean_runs,
    mark_korean,
    partner_line,
    quote_line,
)
from briefing.translate.english import (
    indefinite,
    ing_form,
    join_list,
    plural,
    third_person,
    title_case,
    without_doubled_words,
)
from briefing.translate.phrases import PhraseTranslator
from briefing.translate.terms import load_terms, terms_for
from briefing.types import (
    Amount,
    Article,
    Commitment,
    Event,
    Facts,
    Party,
    Person,
    Quote,
    Sentence,
    TechArea,
    Text,
)
from briefing.vocabulary import modality_of, vocabulary

KOREA = Text("한국", "South Korea")
US = Text("미국", "United States")
SAMSUNG = Text("삼성전자", "Samsung Electronics")

# --------------------------------------------------------------------------- grammar


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MOU", "an MOU"),
        ("SMR project", "an SMR project"),
        ("AI policy framework", "an AI policy framework"),
        ("U.S. plant", "a U.S. plant"),
        ("university", "a university"),
        ("hour-long meeting", "an hour-long meeting"),
        ("8 GW plant", "an 8 GW plant"),
        ("joint venture", "a joint venture"),
        ("energy platform", "an energy platform"),
    ],
)
def test_indefinite_article_by_sound(text: str, expected: str) -> None:
    assert indefinite(text) == expected


def test_lists_capitals_and_verb_forms() -> None:
    assert join_list(["AI"]) == "AI"
    assert join_list(["AI", "quantum"]) == "AI and quantum"
    assert join_list(["AI", "quantum", "6G"]) == "AI, quantum and 6G"
    assert join_list(["a", "", "b"], "or") == "a or b"
    assert title_case("joint research programme for the 2nd phase") == (
        "Joint Research Programme for the 2nd Phase"
    )
    assert title_case("korea-japan hydrogen dialogue") == "Korea-Japan Hydrogen Dialogue"
    assert without_doubled_words("expand the the joint joint research") == (
        "expand the joint research"
    )
    assert third_person("take part") == "takes part"
    assert third_person("supply") == "supplies"
    assert third_person("establish") == "establishes"
    assert ing_form("build") == "building"
    assert ing_form("run") == "running"
    assert ing_form("develop") == "developing"
    assert ing_form("take part") == "taking part"
    assert plural("supply contract") == "supply contracts"
    assert plural("facility") == "facilities"
    assert plural("MOU") == "MOUs"
    assert plural("researchers") == "researchers"


def test_korean_left_in_english_is_found_and_marked() -> None:
    text = "expand 실무 차원 cooperation on 양자 and AI"
    assert korean_runs(text) == ["실무 차원", "양자"]
    assert mark_korean(text) == "expand [실무 차원]† cooperation on [양자]† and AI"
    assert korean_runs("no Korean here") == []


# --------------------------------------------------------------------------- actions


def _analysis(text: str, partners: tuple[str, ...] = ()) -> tuple[str | None, str | None]:
    from briefing.sentences import kiwi

    tokens = morphemes(next(iter(kiwi().tokenize([text]))))
    found = analyse(text, tokens, partners)
    return found.action, found.object


@pytest.mark.parametrize(
    ("clause", "action", "obj"),
    [
        ("두 나라는 배터리 소재를 공동 개발하기로 했다.", "develop", "배터리 소재"),
        ("이 회사는 경기도 평택 공장에 2조원을 투자한다.", "invest", "경기도 평택 공장"),
        ("협약에는 우주 인재 양성 방안을 담았다.", "train", "우주 인재"),
        ("▲양자 기술 공동연구", "research_jointly", "양자 기술"),
        ("▲연구 인력 교류", "exchange", "연구 인력"),
        ("양측은 수소 공급망을 구축하고", "build", "수소 공급망"),
        ("데이터 공유 플랫폼을 함께 만들기로 했다.", None, None),
        ("두 기관은 위성 데이터 공유에 합의했다.", "agree", "위성 데이터 공유"),
        ("양국은 공동연구센터를 설립하기로 합의했다.", "establish", "공동연구센터"),
        ("양사는 신규 공동연구를 추진한다.", "pursue", "신규 공동연구"),
        ("양측은 해외 시장 진출을 추진하기로 했다.", "pursue", "해외 시장 진출"),
        ("양측은 현지 공장 방문을 추진하기로 했다.", "visit", "현지 공장"),
        ("회의를 내년 서울에서 개최한다.", "host", "회의"),
        ("양국 기업이 협력하기로 했다.", "cooperate", None),
        ("두 회사는 반도체 장비 공급 계약을 맺었다.", "sign", "반도체 장비 공급 계약"),
    ],
)
def test_commitment_action_and_object(clause: str, action: str | None, obj: str | None) -> None:
    assert _analysis(clause) == (action, obj)


@pytest.mark.parametrize(
    ("clause", "action", "obj"),
    [
        # an adverb Kiwi reads as a noun is never the object
        ("정부는 기업의 현지 공장 건설을 적극 지원하고", "support", "기업의 현지 공장 건설"),
        ("두 기관은 연구 협력 방안을 지속 논의하기로 했다.", "discuss", "연구 협력 방안"),
        ("양국은 수소 협의체를 내달 출범시키기로 했다.", "launch", "수소 협의체"),
        ("전지는 미국 공장에 독점 공급된다.", "supply", "미국 공장"),
        ("양국은 수소 협의체를 내달 중순 출범시키기로 했다.", "launch", "수소 협의체"),
        ("두 부처는 우주 협정을 공식 체결한다.", "sign", "우주 협정"),
        # 발전 is an action only as a verb (발전시키다), never a bullet's power generation
        ("양국은 협력을 지속 발전시켜 나가기로 했다.", "develop", "협력"),
        ("▲원자력 발전", None, None),
        # predicates the vocabulary names with an existing action
        ("양사는 합작사 지분을 취득할 예정이다.", "acquire", "합작사 지분"),
        ("두 기관은 위성 역량을 높이기로 했다.", "strengthen", "위성 역량"),
        ("양사는 내년부터 전지 양산에 돌입할 계획이다.", "launch", "전지 양산"),
        ("양국은 공동 데이터센터를 조성하는 데 힘쓰며", "build", "공동 데이터센터"),
        # a nominalised verb (…하는 것): what that verb acts on
        (
            "정부는 기업의 현지 공장 구축을 추진하는 것을 지원한다.",
            "support",
            "기업의 현지 공장 구축",
        ),
    ],
)
def test_adverbs_and_more_predicates(clause: str, action: str | None, obj: str | None) -> None:
    assert _analysis(clause) == (action, obj)


def test_a_partner_before_와_is_not_the_object() -> None:
    clause = "이 회사는 에이비씨전자와 배터리 공급 계약을 체결했다."
    assert _analysis(clause, ("에이비씨전자",)) == ("sign", "배터리 공급 계약")
    between = "가나연구원과 다라연구소 간 공동연구를 확대한다."
    assert _analysis(between, ("가나연구원",)) == ("expand", "가나연구원과 다라연구소 간 공동연구")


def test_add_actions_fills_only_what_is_missing() -> None:
    facts = _facts(
        Commitment(Text("배터리 소재를 공동 개발하기로 했다."), (KOREA,), (), None, None, (0,)),
        Commitment(Text("협력한다."), (KOREA,), (), None, None, (0,), "supply", Text("칩")),
    )
    done = add_actions(facts).commitments
    assert (done[0].action, done[0].object) == ("develop", Text("배터리 소재"))
    assert (done[1].action, done[1].object) == ("supply", Text("칩"))


def test_every_action_has_english_and_cues() -> None:
    actions = vocabulary().actions
    for wanted in (
        "cooperate", "invest", "build", "supply", "research_jointly", "exchange", "host",
        "establish", "expand", "support", "sign", "develop", "share", "promote", "train",
    ):  # fmt: skip
        assert wanted in actions
    for action in actions.values():
        assert action.en and "{object}" in action.pattern, action.id
        assert action.nouns or action.verbs, action.id
    assert modality_of("협력을 강화하기로 했다.") == "agreed"
    assert modality_of("공장을 증설할 계획이다.") == "planned"
    assert modality_of("업무협약을 체결했다.") == "done"
    assert modality_of("공동연구를 확대한다.") is None


# --------------------------------------------------------------------------- phrases


@pytest.fixture(scope="module")
def phrases() -> PhraseTranslator:
    names = {"삼성전자": "Samsung Electronics", "미국": "the United States"}
    return PhraseTranslator(load_terms(), names.get)


@pytest.mark.parametrize(
    ("korean", "english"),
    [
        ("공동 인공지능(AI) 생태계", "a joint AI ecosystem"),
        ("기초연구와 인력 교류", "basic research and researcher exchanges"),
        ("양자 컴퓨터 연구 협력", "cooperation on quantum computer research"),
        ("반도체를 공급하는 신규 계약", "a new contract to supply semiconductors"),
        (
            "반도체, 양자 등 첨단기술 분야",
            "advanced technologies such as semiconductors and quantum",
        ),
        (
            "수소 관련 국제표준화 협력",
            "cooperation on international standardisation related to hydrogen",
        ),
        ("연구기관 간 공동연구", "joint research between research institutes"),
        ("AI 분야 연구개발 협력", "cooperation on research and development in AI"),
        ("삼성전자의 반도체 공장", "Samsung Electronics' semiconductor plant"),
        ("미국 조선소 인수 및 현대화", "U.S. shipyard acquisition and modernisation"),
        ("GPU 5만 장", "50,000 GPUs"),
        ("3건의 MOU", "3 MOUs"),
        ("고대역폭메모리(HBM) 공급 파트너", "a high-bandwidth memory supply partner"),
        ("가나재단(NSF) 지원", "NSF support"),
        ("가나다라마(ABCD)", "ABCD"),
        ("‘한·일 수소 협력 플랫폼’", "the Korea-Japan Hydrogen Cooperation Platform"),
        ("AI 데이터센터를 짓", "building AI data centres"),
        ("90분 회담", "90-minute talks"),
    ],
)
def test_noun_phrases_in_english(phrases: PhraseTranslator, korean: str, english: str) -> None:
    assert phrases.translate(korean).with_article() == english


@pytest.mark.parametrize(
    ("korean", "english"),
    [
        ("위성항법 지상국", "satellite navigation ground stations"),
        ("정부 관계자와 관련 전문가들", "government officials and experts"),
        ("달 탐사", "lunar exploration"),
        ("공급망 정책 현황", "supply chain policy status"),
    ],
)
def test_general_words_of_cooperation_news(
    phrases: PhraseTranslator, korean: str, english: str
) -> None:
    assert phrases.translate(korean).with_article() == english


def test_a_year_and_a_korea_pair_in_a_name(phrases: PhraseTranslator) -> None:
    # a year before a name is no count (no "2,023 … Forums"); 한-<country> is Korea and it
    assert phrases.translate_name("2024 한-미국 투자포럼").text == (
        "2024 Korea-United States investment forum"
    )


def test_unknown_words_stay_korean_to_be_marked(phrases: PhraseTranslator) -> None:
    assert phrases.translate("반도체 가나다라 협력").with_article() == (
        "cooperation on semiconductor 가나다라"
    )


def test_user_terms_extend_and_override_the_lexicon(tmp_path: Path) -> None:
    own = tmp_path / "terms.toml"
    own.write_text(
        '[terms]\n"가나다라" = "widget"\n"협력" = "collaboration"\n[count]\n"마바사" = "hub"\n',
        encoding="utf-8",
    )
    lexicon = terms_for((own,))
    assert lexicon.get("가나다라") == "widget"
    assert lexicon.get("협력") == "collaboration"
    assert lexicon.is_count("마바사") and lexicon.get("공급망") == "supply chain"
    translated = PhraseTranslator(lexicon).translate("가나다라 마바사")
    assert translated.with_article() == "a widget hub"
    broken = tmp_path / "broken.toml"
    broken.write_text('[terms]\n"가" = 3\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[terms\] must map Korean to English"):
        terms_for((broken,))


# --------------------------------------------------------------------------- composer


def _facts(*commitments: Commitment, **changes: object) -> Facts:
    sentences = (
        "한국과 미국은 3일 서울에서 기술 협력 업무협약을 체결했다.",
        "양국은 배터리 소재를 공동 개발하기로 했다.",
        "삼성전자는 내년까지 공장에 투자할 계획이다.",
        "장관은 “양자 협력이 중요하다”고 말했다.",
    )
    facts = Facts(
        article=Article(
            id="00000000000000aa",
            source_path="a.txt",
            title=Text("한미 기술 협력 협약"),
            outlet=None,
            published="2025-11-03",
            byline=None,
            sentences=tuple(Sentence(i, s) for i, s in enumerate(sentences)),
        ),
        event=Event("agreement", None, "2025-11-03", Text("서울", "Seoul"), (0,)),
        parties=(
            Party(KOREA, "country", (0, 1)),
            Party(US, "country", (0, 1)),
            Party(SAMSUNG, "company", (2,)),
        ),
        people=(
            Person(
                Text("가나다", "Ga Na-da"),
                Text("과학기술정보통신부 장관", "Minister of Science and ICT"),
                Text("과학기술정보통신부", "Ministry of Science and ICT"),
                ("signatory", "speaker"),
                (3,),
            ),
        ),
        tech_areas=(
            TechArea("quantum", Text("양자", "Quantum"), (0, 3)),
            TechArea("energy", Text("에너지", "Energy"), (1,)),
        ),
        commitments=commitments,
        quotes=(Quote(Text("가나다", "Ga Na-da"), Text("양자 협력이 중요하다"), (3,)),),
    )
    return facts.replace(**changes)


def _commitment(
    clause: str,
    action: str,
    obj: str | None,
    *actors: Text,
    evidence: int = 1,
    amount: Amount | None = None,
    timeline: Text | None = None,
) -> Commitment:
    return Commitment(
        Text(clause),
        actors,
        (),
        amount,
        timeline,
        (evidence,),
        action,
        Text("-", obj) if obj else None,
    )


def test_commitment_lines_by_modality_number_and_adverb() -> None:
    agreed = _commitment(
        "배터리 소재를 공동 개발하기로 했다.", "develop", "battery materials", KOREA, US
    )
    planned = _commitment(
        "공장에 투자할 계획이다.",
        "invest",
        "a plant",
        SAMSUNG,
        evidence=2,
        amount=Amount(2e12, "KRW", Text("2조원", "KRW 2 trillion")),
        timeline=Text("내년까지", "by next year (2026)"),
    )
    done = _commitment("업무협약을 체결했다.", "sign", "an MOU", KOREA, US, evidence=0)
    will = _commitment("공동연구를 확대한다.", "expand", "joint research", KOREA, US)
    chained = _commitment("협력 체계를 구축하고", "build", "a cooperation framework", KOREA, US)
    joint = _commitment("공동연구를 함께 추진한다.", "research_jointly", None, KOREA, US)
    signed_then = _commitment("업무협약을 체결하고", "sign", "an MOU", KOREA, US, evidence=2)
    facts = _facts(agreed, planned, done, will, chained, joint, signed_then)
    lines = [commitment_line(c, facts).text for c in facts.commitments]
    assert lines == [
        "South Korea and the United States agreed to jointly develop battery materials.",
        "Samsung Electronics plans to invest KRW 2 trillion in a plant by next year (2026).",
        "South Korea and the United States signed an MOU.",
        "South Korea and the United States will expand joint research.",
        # a clause cut before its predicate takes its sentence's: 공동 개발하기로 했다
        "South Korea and the United States agreed to build a cooperation framework.",
        # "jointly conduct joint research" would say it twice
        "South Korea and the United States will conduct joint research.",
        # …체결하고 … 계획이다: the signing is done, whatever the rest of the sentence plans
        "South Korea and the United States signed an MOU.",
    ]
    assert commitment_line(planned, facts).evidence == (2,)


def test_commitment_lines_without_actors_object_or_action() -> None:
    no_actors = _commitment("협력을 강화한다.", "strengthen", "cooperation")
    no_object = _commitment("활용한다.", "use", None, KOREA)
    no_action = replace(_commitment("협력한다.", "cooperate", None, KOREA), action=None)
    translated = replace(no_action, text=Text("협력한다.", "they cooperate"))
    facts = _facts(no_actors, no_object, no_action, translated)
    assert [commitment_line(c, facts).text for c in facts.commitments] == [
        "The parties will strengthen cooperation.",
        "South Korea: not composed in English; see source [2].",
        "South Korea: not composed in English; see source [2].",
        "South Korea: they cooperate.",
    ]


def test_headline_event_line_and_digest_title() -> None:
    sign = _commitment(
        "업무협약을 체결했다.", "sign", "a technology cooperation MOU", KOREA, US, evidence=0
    )
    facts = _facts(sign)
    assert headline(facts).text == (
        "South Korea and the United States sign technology cooperation MOU on quantum "
        "technology and energy (Seoul, November 3, 2025)"
    )
    assert headline(facts).evidence == (0,)
    assert event_title(facts).text == (
        "South Korea and the United States sign technology cooperation MOU on quantum "
        "technology and energy"
    )
    line = event_line(facts)
    assert line is not None and line.text == "Agreement: November 3, 2025, Seoul"
    alone = _facts(sign, parties=(Party(SAMSUNG, "company", (2,)),))
    assert headline(alone).text.startswith("Samsung Electronics signs technology cooperation MOU")
    talks = _facts(event=Event("dialogue", Text("-", "Quantum Dialogue"), None, None, (0,)))
    assert headline(talks).text == (
        "South Korea and the United States hold Quantum Dialogue on quantum technology and energy"
    )


def test_a_thin_article_gets_one_line_saying_so() -> None:
    thin = _facts(parties=(), event=Event("announcement", None, "2025-11-03", None))
    assert is_thin(thin)
    assert headline(thin).text == THIN_LINE
    assert not is_thin(_facts())
    context = build_context(thin, "en", generated_at="2025-11-03T09:00:00+09:00")
    assert context.plain_title == THIN_LINE


def test_quote_gist_and_partner_line() -> None:
    facts = _facts()
    assert quote_line(facts.quotes[0], facts).text == (
        "Ga Na-da (Minister of Science and ICT) spoke on quantum technology."
    )
    unnamed = Quote(Text("업계 관계자", "industry official"), Text("좋다"), (2,))
    assert quote_line(unnamed, facts).text == "An industry official spoke on the agreement."
    partners = partner_line(facts, exclude=("South Korea",))
    assert partners is not None and partners.text == "The United States; Samsung Electronics"
    assert partners.evidence == (0, 2)


# --------------------------------------------------------------------------- the English memo


def test_english_memo_is_composed_and_marks_the_korean_left() -> None:
    facts = _facts(
        _commitment("협력을 강화한다.", "strengthen", "가나다 cooperation", KOREA, US),
    )
    context = build_context(facts, "en", generated_at="2025-11-03T09:00:00+09:00")
    assert context.plain_title.startswith("South Korea and the United States sign agreement")
    lines = [" ".join(s.text for s in item.line) for item in context.key_points]
    assert "South Korea and the United States will strengthen [가나다]† cooperation." in lines
    assert context.commitments[0].what[0].text == (
        "South Korea and the United States will strengthen [가나다]† cooperation."
    )
    assert context.korean_left == ("가나다", "가나다")  # key point and commitment table
    assert any(
        note.startswith("† Korean with no English yet (2 in this memo)") for note in context.notes
    )
    quote = context.quotes[0]
    assert (
        quote.speaker[0].text
        == "Ga Na-da (Minister of Science and ICT) spoke on quantum technology."
    )
    assert quote.text == () and quote.original is None  # the Korean words stay in the annex
    assert english_leftovers(facts) == ("가나다", "가나다")
    korean = build_context(facts, "ko", generated_at="2025-11-03T09:00:00+09:00")
    assert korean.plain_title == "한미 기술 협력 협약" and korean.korean_left == ()


def test_with_a_model_the_quote_is_translated_and_names_stay_rule_made(tmp_path: Path) -> None:
    class Upper:
        model_id = "test:upper"

        def translate_batch(self, sentences: list[str]) -> list[str]:
            return [re.sub(r"[\uac00-\ud7a3]+", "WORDS", s) for s in sentences]

    config = Config(store_path=tmp_path / "s.sqlite3", models_dir=tmp_path / "m")
    sign = _commitment("업무협약을 체결했다.", "sign", None, KOREA, US, evidence=0)
    facts = add_english(_facts(replace(sign, object=Text("기술 협력 업무협약"))), Upper(), config)
    assert facts.commitments[0].object == Text("기술 협력 업무협약", "a technology cooperation MOU")
    assert facts.parties[2].name.en == "Samsung Electronics"
    context = build_context(facts, "en", generated_at="2025-11-03T09:00:00+09:00")
    assert context.quotes[0].machine and context.quotes[0].text[0].text.startswith("WORDS")
    assert context.commitments[0].what[0].text == (
        "South Korea and the United States signed a technology cooperation MOU."
    )


# --------------------------------------------------------------------------- command


ARTICLE = (
    "date 2025-11-03\n"
    "한국과 미국이 기술 협력 업무협약을 체결했다.\n"
    "과학기술정보통신부와 미국 국립과학재단은 3일 서울에서 양자 기술 협력 업무협약을 체결했다.\n"
    "양국은 가나다라 분야 공동연구를 확대하기로 했다.\n"
)


def test_glossary_missing_lists_what_stayed_korean(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(app, ["glossary", "missing", str(article)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].endswith(
        "stayed Korean in the English memos of 1 articles (count, kind, Korean, articles):"
    )
    assert any(re.fullmatch(r"\d+  term  가나다라  \(a\.txt\)", line) for line in lines)
    missing = CliRunner().invoke(app, ["glossary", "missing", str(tmp_path / "none.txt")])
    assert missing.exit_code == 1
    assert missing.stderr.startswith("Error: ")


def test_the_subject_of_a_passive_signing_is_what_is_signed() -> None:
    from briefing.extract.actions import analyse, morphemes
    from briefing.sentences import kiwi

    text = "행사 직후에는 양국 간 3건의 MOU가 체결된다."
    analysis = analyse(text, morphemes(kiwi().tokenize(text)))
    assert analysis.action == "sign"
    assert analysis.object == "양국 간 3건의 MOU"
