"""English names by origin, where each came from, and the names registry.

The sentences are written for these tests; the people in them are invented unless the
test is about the bundled list of known people."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from briefing.config import Config
from briefing.errors import ConfigError, StoreError
from briefing.registry import NamesRegistry
from briefing.store import Store
from briefing.translate import add_english
from briefing.translate.glossary import Glossary, load_glossary
from briefing.translate.japanese import bundled_japanese
from briefing.translate.known import load_known_people
from briefing.translate.names import NameChoice, Namer, name_rules
from briefing.translate.pinyin import bundled_pinyin
from briefing.types import Article, Facts, Party, Person, Sentence, Text
from conftest import CliRun


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


def person(body: str, ko: str, glossary: Glossary, hint: str = "") -> NameChoice:
    return Namer(body, name_rules(glossary)).person(ko, hint)


def party(body: str, ko: str, glossary: Glossary) -> NameChoice:
    return Namer(body, name_rules(glossary)).party(ko)


# --------------------------------------------------------------------------- by origin


def test_korean_names_by_the_customary_romanisation(glossary: Glossary) -> None:
    body = "배현수 과학기술정보통신부 차관은 협약식에서 인사말을 했다."
    assert person(body, "배현수", glossary) == NameChoice("Bae Hyun-soo", "rule")
    assert person(body, "남궁민호", glossary) == NameChoice("Namgoong Min-ho", "rule")


def test_japanese_names_in_hepburn_given_name_first_with_long_vowels(glossary: Glossary) -> None:
    body = "사토오 유우키 일본 경제산업성 국장과 다나카 히로시 일본 외무상이 참석했다."
    assert person(body, "사토오 유우키", glossary) == NameChoice("Yūki Satō", "rule")
    assert person(body, "다나카 히로시", glossary) == NameChoice("Hiroshi Tanaka", "rule")


def test_japanese_orthography_read_backwards() -> None:
    japanese = bundled_japanese()
    assert japanese.name("핫토리 신조") == "Shinzo Hattori"  # っ doubles, ぞ inside a word
    assert japanese.name("고노 준이치로") == "Junichiro Kono"  # voiceless at a word's start
    assert japanese.name("호리 케이이치") == "Keiichi Hori"  # press spelling 케 at the start
    assert japanese.name("김정관") is None  # ㅁ, ㅇ finals are not Japanese


def test_a_japanese_name_needs_the_article_to_say_japanese(glossary: Glossary) -> None:
    body = "기무라 다쿠야 미국 국무부 차관보가 발언했다."
    assert person(body, "기무라 다쿠야", glossary) == NameChoice("Kimura Dakuya", "transliteration")


def test_the_persons_own_title_tells_the_origin(glossary: Glossary) -> None:
    body = "기무라 다쿠야 국장이 발표했다."
    hint = "일본 경제산업성 국장"
    assert person(body, "기무라 다쿠야", glossary, hint) == NameChoice("Takuya Kimura", "rule")


def test_chinese_names_back_to_pinyin_family_name_first(glossary: Glossary) -> None:
    body = "류원빈 중국 공업정보화부 부부장은 회의를 주재했다."
    assert person(body, "류원빈", glossary) == NameChoice("Liu Wenbin", "rule")


def test_an_uncertain_pinyin_reading_is_a_marked_transliteration(glossary: Glossary) -> None:
    body = "장창 중국 상무부 부부장이 서명했다."  # 창: qiang, chang or cang
    assert person(body, "장창", glossary) == NameChoice("Zhang Qiang", "transliteration")


def test_taiwanese_names_are_not_given_as_pinyin(glossary: Glossary) -> None:
    body = "린자밍 대만 행정원 부원장이 방한했다."
    assert person(body, "린자밍", glossary) == NameChoice("Lin Jiaming", "transliteration")


def test_pinyin_table_needs_a_chinese_family_name() -> None:
    pinyin = bundled_pinyin()
    assert pinyin.name("자오러지") is not None
    assert pinyin.name("이정") is None  # 이 is not read as a Chinese family name
    assert pinyin.name("김정관") is None


def test_a_korean_looking_name_the_article_marks_chinese_is_a_guess(glossary: Glossary) -> None:
    # a Korean reading of Chinese characters: no rule gives the person's pinyin
    body = "곽명철 중국 과학기술부 부부장이 참석했다."
    assert person(body, "곽명철", glossary) == NameChoice("Kwak Myung-chul", "transliteration")


def test_a_korean_name_next_to_a_country_in_passing_stays_korean(glossary: Glossary) -> None:
    body = "중국을 방문한 곽명철 차관은 협력을 논의했다."
    assert person(body, "곽명철", glossary) == NameChoice("Kwak Myung-chul", "rule")


def test_known_foreign_people_from_the_bundled_list(glossary: Glossary) -> None:
    body = "인허쥔 중국 과학기술부장과 회담했다."
    assert person(body, "인허쥔", glossary) == NameChoice("Yin Hejun", "known")
    assert person("음화준 중국 과학기술부 부장", "음화준", glossary).en == "Yin Hejun"
    # a family name alone names the person as the article does
    assert person("러트닉 장관은 말했다.", "러트닉", glossary) == NameChoice("Lutnick", "known")


def test_a_known_korean_looking_name_of_a_korean_is_not_the_foreigner(glossary: Glossary) -> None:
    body = "한정 한국 산업통상자원부 과장이 발표했다."
    assert person(body, "한정", glossary) == NameChoice("Han Jung", "rule")


def test_western_names_with_the_spelling_of_their_country(glossary: Glossary) -> None:
    body = "옌스 브란덴부르크 독일 연방교육연구부 차관이 참석했다."
    assert person(body, "옌스 브란덴부르크", glossary) == NameChoice(
        "Jens Brandenburg", "transliteration"
    )
    body = "리샤르드 테를레츠키 폴란드 하원 부의장이 방한했다."
    assert person(body, "리샤르드 테를레츠키", glossary).en == "Ryszard Terlecki"


def test_a_name_no_rule_places_is_a_marked_transliteration(glossary: Glossary) -> None:
    body = "도브리크 샤르벨 대표가 발표했다."
    assert person(body, "도브리크 샤르벨", glossary).source == "transliteration"


# --------------------------------------------------------------------------- precedence


def test_the_articles_brackets_give_the_english(glossary: Glossary) -> None:
    body = "얀 코발스키(Jan Kowalsky) 폴란드 디지털부 차관이 서명했다."
    assert person(body, "얀 코발스키", glossary) == NameChoice("Jan Kowalsky", "article")
    body = "Ewa Nowicka(에바 노비츠카) 국장도 참석했다."
    assert person(body, "에바 노비츠카", glossary) == NameChoice("Ewa Nowicka", "article")


def test_a_bracket_after_a_longer_name_gives_nothing_to_its_tail(glossary: Glossary) -> None:
    body = "가나청은 이탈리아가나청(ASX)과 협약을 맺었다."
    assert party(body, "가나청", glossary).en != "ASX"
    assert party(body, "이탈리아가나청", glossary) == NameChoice("ASX", "article")


def test_a_bracketed_acronym_is_not_a_persons_name(glossary: Glossary) -> None:
    body = "마리 르블랑(AFP) 기자가 전했다."
    assert person(body, "마리 르블랑", glossary).source != "article"


def test_the_glossary_wins_over_the_articles_brackets(tmp_path: Path) -> None:
    user = tmp_path / "glossary.toml"
    user.write_text('[people]\n"얀 코발스키" = "Jan Kowalski"\n', encoding="utf-8")
    body = "얀 코발스키(Jan Kowalsky) 차관이 서명했다."
    assert person(body, "얀 코발스키", load_glossary([user])) == NameChoice(
        "Jan Kowalski", "glossary"
    )


def test_the_known_list_wins_over_a_misspelt_bracket(glossary: Glossary) -> None:
    body = "어니스트 모니즈(Earnest Moniz) 미국 에너지부 장관이 서명했다."
    assert person(body, "어니스트 모니즈", glossary) == NameChoice("Ernest Moniz", "known")


def test_the_known_list_wins_over_a_misspelt_bracket_the_extractor_read(tmp_path: Path) -> None:
    config = Config(store_path=tmp_path / "store.sqlite3", models_dir=tmp_path / "models")
    facts = facts_of("어니스트 모니즈(Earnest Moniz) 장관이 서명했다.", "a.txt", ())
    facts = facts.replace(
        people=(Person(Text("어니스트 모니즈", "Earnest Moniz"), None, None, ("signatory",), (0,)),)
    )
    named = add_english(facts, None, config).people[0]
    assert (named.name.en, named.name_source) == ("Ernest Moniz", "known")


def test_a_family_name_alone_after_the_full_name(glossary: Glossary) -> None:
    namer = Namer("얀 코발스키(Jan Kowalsky) 차관. 코발스키 차관은 말했다.", name_rules(glossary))
    namer.person("얀 코발스키")
    assert namer.person("코발스키") == NameChoice("Kowalsky", "article")


def test_parties_by_glossary_brackets_and_composition(glossary: Glossary) -> None:
    assert party("", "과학기술정보통신부", glossary) == NameChoice(
        "Ministry of Science and ICT", "glossary"
    )
    body = "한국청정수소협회(KCHA)는 밝혔다."
    assert party(body, "한국청정수소협회", glossary) == NameChoice("KCHA", "article")
    assert party("", "노르웨이우주청", glossary) == NameChoice("Norway Space Agency", "rule")
    # a body no table holds, with its country before it: the body's own English
    assert party("", "노르웨이 교육연구부", glossary) == NameChoice(
        "Ministry of Education and Research", "rule"
    )
    assert party("", "벨로키스트", glossary) == NameChoice("Belokist", "transliteration")


# --------------------------------------------------------------------------- the registry


def facts_of(
    text: str, source: str, people: tuple[str, ...], parties: tuple[str, ...] = ()
) -> Facts:
    return Facts(
        article=Article("0" * 16, source, None, None, "2025-10-29", None, (Sentence(0, text),)),
        people=tuple(Person(Text(ko), None, None, ("attendee",), (0,)) for ko in people),
        parties=tuple(Party(Text(ko), "government", (0,)) for ko in parties),
    )


def test_a_bracketed_spelling_serves_later_articles(tmp_path: Path) -> None:
    config = Config(store_path=tmp_path / "store.sqlite3", models_dir=tmp_path / "models")
    first = facts_of(
        "마르틴 바흐슈타인(Martin Wachstein) 위원이 방한했다.", "a.txt", ("마르틴 바흐슈타인",)
    )
    second = facts_of(
        "바흐슈타인 위원은 마르틴 바흐슈타인 위원이다.", "b.txt", ("마르틴 바흐슈타인",)
    )
    assert add_english(second, None, config).people[0].name_source == "transliteration"
    named = add_english(first, None, config).people[0]
    assert (named.name.en, named.name_source) == ("Martin Wachstein", "article")
    again = add_english(second, None, config).people[0]
    assert (again.name.en, again.name_source) == ("Martin Wachstein", "registry")
    with Store(config.store_path) as store:
        entry = NamesRegistry(store).lookup("마르틴바흐슈타인")
    assert entry is not None and (entry.article, entry.origin) == ("a.txt", "article")


def test_every_person_and_party_gets_a_name_source(tmp_path: Path) -> None:
    config = Config(store_path=tmp_path / "store.sqlite3", models_dir=tmp_path / "models")
    facts = facts_of(
        "배현수 차관과 도브리크 샤르벨 대표가 과학기술정보통신부에서 만났다.",
        "a.txt",
        ("배현수", "도브리크 샤르벨"),
        ("과학기술정보통신부", "고용경제부", "청정수소포럼"),
    )
    done = add_english(facts, None, config)
    assert [p.name_source for p in done.people] == ["rule", "transliteration"]
    assert [(p.name.en, p.name_source) for p in done.parties] == [
        ("Ministry of Science and ICT", "glossary"),
        ("Ministry of Employment and Economy", "rule"),
        ("Cheongjeongsuso Forum", "transliteration"),
    ]


def test_a_malformed_registry_entry_is_one_clear_error(tmp_path: Path) -> None:
    config = Config(store_path=tmp_path / "store.sqlite3", models_dir=tmp_path / "models")
    with Store(config.store_path) as store:
        NamesRegistry(store).add("마르틴 바흐슈타인", "Martin Wachstein", "person")
    with sqlite3.connect(config.store_path) as conn:  # a hand edit gone wrong
        conn.execute("UPDATE names SET en = '마르틴 Wachstein'")
    facts = facts_of("마르틴 바흐슈타인 위원이 방한했다.", "b.txt", ("마르틴 바흐슈타인",))
    with pytest.raises(StoreError) as caught:
        add_english(facts, None, config)
    assert str(caught.value) == (
        'names registry entry "마르틴 바흐슈타인" is malformed: the English "마르틴 Wachstein" '
        'contains Hangul (correct it with `briefing names add "마르틴 바흐슈타인" "ENGLISH"` '
        'or remove it with `briefing names remove "마르틴 바흐슈타인"`)'
    )


# --------------------------------------------------------------------------- the CLI


def test_names_commands_list_add_replace_remove(tmp_path: Path, cli: CliRun) -> None:
    assert cli("names", "list") == (
        0,
        "The names registry is empty (articles that give a name's English in brackets fill "
        "it; add one with `briefing names add KOREAN ENGLISH`).\n",
        "",
    )
    assert cli("names", "add", "마르틴 바흐슈타인", "Martin Wachstein") == (
        0,
        "Added 마르틴 바흐슈타인 = Martin Wachstein (person)\n",
        "",
    )
    assert cli("names", "add", "마르틴바흐슈타인", "Martin Wachstein Jr", "--kind", "person") == (
        0,
        "Replaced 마르틴 바흐슈타인 = Martin Wachstein with Martin Wachstein Jr (person)\n",
        "",
    )
    code, stdout, _ = cli("names", "list")
    assert code == 0
    assert stdout.startswith("마르틴바흐슈타인 = Martin Wachstein Jr  (person; added by hand on ")
    assert cli("names", "remove", "마르틴바흐슈타인") == (
        0,
        "Removed 마르틴바흐슈타인 = Martin Wachstein Jr\n",
        "",
    )


def test_names_commands_refuse_bad_input(tmp_path: Path, cli: CliRun) -> None:
    assert cli("names", "remove", "없는이름") == (
        1,
        "",
        'Error: "없는이름" is not in the names registry (see `briefing names list`)\n',
    )
    assert cli("names", "add", "마르틴 바흐슈타인", "마르틴") == (
        1,
        "",
        'Error: cannot add "마르틴 바흐슈타인": the English "마르틴" contains Hangul (give the '
        'Korean name and its English, e.g. `briefing names add "마크 메그완" "Mark McGowan"`)\n',
    )
    code, _, stderr = cli("names", "add", "마르틴", "Martin", "--kind", "company")
    assert code == 2 and "use one of person, party" in stderr


def test_names_list_names_the_malformed_entry(tmp_path: Path, cli: CliRun) -> None:
    store_path = tmp_path / "store.sqlite3"
    with Store(store_path) as store:
        registry = NamesRegistry(store)
        registry.add("마르틴 바흐슈타인", "Martin Wachstein", "person")
        registry.add("한국청정수소협회", "KCHA", "party")
    with sqlite3.connect(store_path) as conn:
        conn.execute("UPDATE names SET kind = 'pers' WHERE key = '마르틴바흐슈타인'")
    code, stdout, stderr = cli("names", "list", "--store", str(store_path))
    assert code == 1
    assert stdout.startswith("한국청정수소협회 = KCHA  (party; added by hand on ")
    assert stderr == (
        "Error: names registry entry \"마르틴 바흐슈타인\" is malformed: its kind 'pers' is "
        'not person or party (correct it with `briefing names add "마르틴 바흐슈타인" '
        '"ENGLISH"` or remove it with `briefing names remove "마르틴 바흐슈타인"`)\n'
    )
    assert cli("names", "remove", "마르틴 바흐슈타인", "--store", str(store_path))[0] == 0
    assert cli("names", "list", "--store", str(store_path))[0] == 0


# --------------------------------------------------------------------------- data files


def test_every_known_person_has_a_source_and_korean_spellings() -> None:
    known = load_known_people()
    assert len(known.people) > 100
    for entry in known.people:
        assert entry.source.startswith("https://"), entry.en
        assert entry.ko and entry.role


def test_a_malformed_known_people_file_names_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "known.toml"
    path.write_text(
        '[[person]]\nen = "Ana Lima"\nko = ["아나 리마"]\nrole = "Minister"\nsource = "x"\n'
        '[[person]]\nen = "Rui Costa"\nko = []\nrole = "Minister"\nsource = "x"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_known_people(path)
    assert str(caught.value) == (
        f"{path}: person 2 ('Rui Costa'): ko must list its Korean spellings (fix the entry)"
    )


def test_extract_reads_the_registry_but_never_writes_the_store(tmp_path: Path, cli: CliRun) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "한국전자는 15일 독일 미래화학과 배터리 공동개발 협약을 체결했다고 밝혔다.\n"
        "협약서에는 김민수 한국전자 대표와 마르틴 바흐슈타인(Martin Wachstein) 미래화학 "
        "회장이 서명했다.\n",
        encoding="utf-8",
    )
    code, stdout, stderr = cli("extract", str(article), "--format", "json")
    assert code == 0, stderr
    assert "Martin Wachstein" in stdout  # the article's brackets serve this article
    assert not list((tmp_path / "home").rglob("*.sqlite3"))  # no store made for it
    assert cli("names", "list")[1].startswith("The names registry is empty")
    code, _, stderr = cli(
        "generate", str(article), "--out", str(tmp_path / "out"), "--format", "docx"
    )
    assert code == 0, stderr
    assert "Martin Wachstein" in cli("names", "list")[1]  # a run that records does learn
