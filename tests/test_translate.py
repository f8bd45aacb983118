"""Translation: models, engine, cache (with a tiny real Argos package), glossary, rules."""

from __future__ import annotations

import json
import re
import sys
import types
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from argos_tiny import build_package
from briefing.cli import app
from briefing.config import Config
from briefing.errors import ModelError
from briefing.translate import add_english, glossary_for, open_translator
from briefing.translate.cache import (
    Protected,
    protect,
    restore,
    translate_cached,
    translate_texts,
)
from briefing.translate.engine import ArgosTranslator
from briefing.translate.glossary import load_glossary
from briefing.translate.models import (
    find_model,
    install_file,
    install_online,
    list_models,
    remove_model,
)
from briefing.translate.romanize import romanize_person, romanize_place
from briefing.translate.rules import (
    compose_title,
    date_english,
    location_english,
    money_english,
    timeline_english,
)
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

# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_package(tmp_path_factory.mktemp("argos"))


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return Config(store_path=tmp_path / "store.sqlite3", models_dir=tmp_path / "models")


@pytest.fixture(scope="session")
def glossary():  # type: ignore[no-untyped-def]
    return load_glossary()


class Counting:
    """Wraps a translator and counts the sentences it is asked to translate."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.model_id = inner.model_id  # type: ignore[attr-defined]
        self.calls: list[list[str]] = []

    def translate_batch(self, sentences: list[str]) -> list[str]:
        self.calls.append(list(sentences))
        return self.inner.translate_batch(sentences)  # type: ignore[attr-defined,no-any-return]


class Mangler:
    """A deterministic engine: drops Hangul, mangles Latin the way models do (case, spaces)."""

    model_id = "test:mangler"

    def translate_batch(self, sentences: list[str]) -> list[str]:
        out = []
        for s in sentences:
            latin = re.sub(r"[\uac00-\ud7a3“”]+", " ", s).replace("-", " - ")
            out.append(" ".join(latin.upper().split()))
        return out


def _facts() -> Facts:
    sentences = (
        "과학기술정보통신부는 29일 경북 경주에서 업무협약을 체결했다고 밝혔다.",
        "배경훈 부총리 및 과기정통부 장관과 마이클 크라치오스 백악관 과학기술정책실장이 서명했다.",
        "크라치오스 실장은 “협력을 강화하겠다”고 말했다.",
        "시그네 랏소(Signe Ratso) 부총국장과 국립과학재단(NSF)도 참석했다.",
    )
    return Facts(
        article=Article(
            id="0123456789abcdef",
            source_path="a.txt",
            title=Text("한·미 기술 협력 강화"),
            outlet=Text("서울경제"),
            published="2025-10-29",
            byline=Text("강도원 기자"),
            sentences=tuple(Sentence(i, s) for i, s in enumerate(sentences)),
        ),
        event=Event(
            "agreement", Text("한·미 기술번영 업무협약"), "2025-10-29", Text("경북 경주"), (0,)
        ),
        parties=(
            Party(Text("과학기술정보통신부"), "government", (0,)),
            Party(Text("국립과학재단"), "government", (3,)),
            Party(Text("미국", "U.S."), "country", (1,)),
        ),
        people=(
            Person(
                Text("배경훈"),
                Text("부총리 겸 과학기술정보통신부 장관"),
                Text("과학기술정보통신부"),
                ("signatory",),
                (1,),
            ),
            Person(
                Text("마이클 크라치오스"),
                Text("백악관 과학기술정책실장"),
                None,
                ("signatory", "speaker"),
                (1, 2),
            ),
            Person(Text("시그네 랏소"), None, None, ("attendee",), (3,)),
            Person(
                Text("김민준", "Kim Min-joon (as in the article)"), None, None, ("mentioned",), (3,)
            ),
        ),
        tech_areas=(TechArea("quantum", Text("양자"), (0,)),),
        commitments=(
            Commitment(
                Text("협력을 강화"),
                (Text("한국"), Text("크라치오스")),
                ("ai",),
                Amount(10_000_000, "USD", Text("최소 1000만 달러")),
                Text("내년"),
                (2,),
            ),
        ),
        quotes=(Quote(Text("크라치오스"), Text("협력을 강화하겠다"), (2,)),),
        amounts=(Amount(22.8e12, "KRW", Text("22조 8천억 원"), (0,)),),
    )


# --------------------------------------------------------------------------- models


def test_install_list_find_remove(package: Path, tmp_path: Path) -> None:
    models_dir = tmp_path / "models"
    model = install_file(models_dir, package)
    assert (model.from_code, model.to_code, model.package_version) == ("ko", "en", "1.0")
    assert [m.name for m in list_models(models_dir)] == [model.name]
    assert find_model(models_dir, "ko", "en") == model
    assert find_model(models_dir, "en", "ko") is None
    assert not [p for p in models_dir.iterdir() if p.name.startswith(".")]  # staging gone
    install_file(models_dir, package)  # reinstalling replaces in place
    assert len(list_models(models_dir)) == 1
    assert remove_model(models_dir, "ko-en").name == model.name
    assert list_models(models_dir) == []


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


METADATA = json.dumps({"from_code": "ko", "to_code": "en", "package_version": "9"}).encode()


@pytest.mark.parametrize(
    ("members", "message"),
    [
        (None, "not a zip archive"),
        ({"pkg/metadata.json": METADATA, "pkg/../../evil.txt": b"x"}, "unsafe path"),
        ({"/etc/evil": b"x", "pkg/metadata.json": METADATA}, "unsafe path"),
        ({"pkg/model/model.bin": b"x", "pkg/sentencepiece.model": b"x"}, "no metadata.json"),
        ({"pkg/metadata.json": b"{not json"}, "metadata.json is not valid JSON"),
        ({"pkg/metadata.json": b'{"from_code": "ko"}'}, "metadata.json has no to_code"),
        ({"pkg/metadata.json": METADATA, "pkg/sentencepiece.model": b"x"}, "no model/model.bin"),
    ],
)
def test_malformed_packages_are_refused_and_change_nothing(
    package: Path, tmp_path: Path, members: dict[str, bytes] | None, message: str
) -> None:
    models_dir = tmp_path / "models"
    installed = install_file(models_dir, package)
    before = sorted(p.relative_to(models_dir) for p in models_dir.rglob("*"))
    bad = tmp_path / "bad.argosmodel"
    if members is None:
        bad.write_bytes(b"this is not a zip file")
    else:
        _zip(bad, members)
    with pytest.raises(ModelError, match=re.escape(message)):
        install_file(models_dir, bad)
    assert sorted(p.relative_to(models_dir) for p in models_dir.rglob("*")) == before
    assert find_model(models_dir, "ko", "en") == installed
    assert not (tmp_path / "evil.txt").exists()


def test_cli_models_commands(package: Path, briefing_home: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["models", "list"])
    assert result.exit_code == 0
    assert result.output.startswith("No translation models installed")
    result = runner.invoke(app, ["models", "install", "--file", str(package)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Installed translate-ko_en-1.0 (ko->en) in ")
    result = runner.invoke(app, ["models", "list"])
    assert result.output.startswith("translate-ko_en-1.0  ko->en  version 1.0  ")
    result = runner.invoke(app, ["models", "remove", "ko", "en"])
    assert (result.exit_code, result.output) == (0, "Removed translate-ko_en-1.0\n")
    result = runner.invoke(app, ["models", "remove", "ko", "en"])
    assert result.exit_code == 1
    assert (
        "Error: no installed model 'ko-en' (installed: none) (see `briefing models list`)"
        in result.output
    )


def _fake_argos(
    monkeypatch: pytest.MonkeyPatch, packages: list[object], fail: Exception | None = None
) -> None:
    """Argos Translate's package manager without the network: the index is ``packages``."""
    module = types.ModuleType("argostranslate.package")

    def update_package_index() -> None:
        if fail is not None:
            raise fail

    module.update_package_index = update_package_index  # type: ignore[attr-defined]
    module.get_available_packages = lambda: packages  # type: ignore[attr-defined]
    parent = types.ModuleType("argostranslate")
    parent.package = module  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "argostranslate", parent)
    monkeypatch.setitem(sys.modules, "argostranslate.package", module)


class _IndexEntry:
    def __init__(self, file: Path) -> None:
        self.from_code, self.to_code, self.file = "ko", "en", file

    def download(self) -> Path:
        copy = self.file.with_name("downloaded.argosmodel")
        copy.write_bytes(self.file.read_bytes())
        return copy


def test_install_online_with_the_argos_client(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_argos(monkeypatch, [_IndexEntry(package)])
    model = install_online(tmp_path / "models", "ko", "en")
    assert find_model(tmp_path / "models", "ko", "en") == model
    assert not package.with_name("downloaded.argosmodel").exists()  # download removed


def test_install_online_without_network_installs_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_argos(monkeypatch, [], fail=OSError("Name or service not known"))
    with pytest.raises(ModelError, match="cannot reach the Argos package index: Name or service"):
        install_online(tmp_path / "models", "ko", "en")
    _fake_argos(monkeypatch, [])
    with pytest.raises(ModelError, match=r"no ko->en package found in the Argos package index"):
        install_online(tmp_path / "models", "ko", "en")
    assert list_models(tmp_path / "models") == []


def test_cli_install_bad_file_and_online_without_client(
    tmp_path: Path, briefing_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "argostranslate", None)  # as in a plain install
    monkeypatch.setitem(sys.modules, "argostranslate.package", None)
    runner = CliRunner()
    bad = tmp_path / "x.argosmodel"
    bad.write_text("nope")
    result = runner.invoke(app, ["models", "install", "--file", str(bad)])
    assert result.exit_code == 1
    assert (
        f"Error: {bad}: not a zip archive (an .argosmodel file is a zip; download it again)"
        in result.output
    )
    result = runner.invoke(app, ["models", "install", "ko", "en"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output == (
        "Error: installing from the Argos package index needs Argos Translate's client "
        "(pip install 'briefing[online]') (download the .argosmodel file where there is "
        "network, then use `briefing models install --file FILE.argosmodel`)\n"
    )
    assert not (briefing_home / "data" / "models").exists() or not list(
        (briefing_home / "data" / "models").iterdir()
    )


# --------------------------------------------------------------------------- engine + cache


def test_engine_translates_a_batch_in_order(package: Path, config: Config) -> None:
    install_file(config.models_dir, package)
    translator = open_translator(config)
    assert isinstance(translator, ArgosTranslator)
    sentences = [
        "배경훈 부총리가 서명했다.",
        "양국은 협력을 강화하기로 했다.",
        "정부는 예산을 투입한다.",
    ]
    batch = translator.translate_batch(sentences)
    assert len(batch) == 3 and all(isinstance(s, str) for s in batch)
    # batching (sorting, sub-batches) must not reorder or change results
    assert [translator.translate_batch([s])[0] for s in sentences] == batch


def test_cache_end_to_end_second_run_translates_nothing(package: Path, config: Config) -> None:
    install_file(config.models_dir, package)
    inner = open_translator(config)
    counting = Counting(inner)
    first = add_english(_facts(), counting, config)  # type: ignore[arg-type]
    assert len(counting.calls) == 1  # one batch for the whole article
    assert all(s.en is not None for s in first.article.sentences)
    assert first.article.title is not None and first.article.title.en is not None
    assert first.meta["translation_model"] == "argos:ko-en:1.0"
    again = Counting(open_translator(config))
    second = add_english(_facts(), again, config)  # type: ignore[arg-type]
    assert again.calls == []
    assert second == first


def test_no_model_leaves_sentences_untranslated_but_fields_english(config: Config) -> None:
    assert open_translator(config) is None
    facts = add_english(_facts(), None, config)
    assert all(s.en is None for s in facts.article.sentences)
    assert facts.article.title is not None and facts.article.title.en is None
    assert facts.meta["translation_model"] is None
    assert facts.article.byline == Text("강도원 기자", "Kang Do-won")
    assert facts.event is not None and facts.event.name is not None
    assert facts.event.name.en == "Korea-U.S. Technology Prosperity MOU"
    assert facts.event.location == Text("경북 경주", "Gyeongju, North Gyeongsang Province")
    names = [p.name.en for p in facts.parties]
    assert names == ["Ministry of Science and ICT", "National Science Foundation", "U.S."]
    people = {p.name.ko: p for p in facts.people}
    assert people["배경훈"].name.en == "Bae Kyung-hoon"
    assert people["배경훈"].title == Text(
        "부총리 겸 과학기술정보통신부 장관", "Deputy Prime Minister and Minister of Science and ICT"
    )
    assert people["마이클 크라치오스"].name.en == "Michael Kratsios"
    assert people["시그네 랏소"].name.en == "Signe Ratso"  # given in the article
    assert people["김민준"].name.en == "Kim Min-joon (as in the article)"  # never overridden
    c = facts.commitments[0]
    assert [a.en for a in c.actors] == ["South Korea", "Kratsios"]
    assert c.amount is not None and c.amount.text.en == "at least USD 10 million"
    assert c.timeline == Text("내년", "next year (2026)")
    assert c.text.en is None
    assert facts.quotes[0].speaker == Text("크라치오스", "Kratsios")
    assert facts.amounts[0].text.en == "KRW 22.8 trillion"
    assert facts.tech_areas[0].label.en == "Quantum"


def test_user_glossary_wins(tmp_path: Path, config: Config) -> None:
    own = tmp_path / "mine.toml"
    own.write_text('[people]\n"배경훈" = "Kyunghoon Bae"\n', encoding="utf-8")
    facts = add_english(_facts(), None, replace(config, glossary_files=(own,)))
    assert facts.people[0].name.en == "Kyunghoon Bae"


# --------------------------------------------------------------------------- protection


def test_protection_puts_glossary_english_in_the_sentence(glossary, config: Config) -> None:  # type: ignore[no-untyped-def]
    names = {"배경훈": "Bae Kyung-hoon"}
    sentence = "배경훈 부총리는 과학기술정보통신부와 엔비디아를 방문했다."
    protected = protect(sentence, names, glossary)
    assert protected.source == (
        "Bae Kyung-hoon 부총리는 Ministry of Science and ICT와 NVIDIA를 방문했다."
    )
    mangled = Mangler().translate_batch([protected.source])[0]
    assert "BAE KYUNG - HOON" in mangled
    restored = restore(mangled, protected)
    assert restored.startswith("Bae Kyung-hoon Ministry of Science and ICT NVIDIA")


def test_one_korean_name_one_english_form(glossary, config: Config) -> None:  # type: ignore[no-untyped-def]
    facts = add_english(_facts(), Mangler(), config)
    texts = [s.en or "" for s in facts.article.sentences]
    assert texts[1].startswith("Bae Kyung-hoon")
    assert "Michael Kratsios" in texts[1]
    assert texts[2].startswith("Kratsios")  # the family name as the memo names the person
    assert all("KRATSIOS" not in t for t in texts)
    out = translate_texts(
        Mangler(), [["크라치오스 실장"]], {"크라치오스": "Kratsios"}, glossary, None
    )
    assert out == ["Kratsios"]


# --------------------------------------------------------------------------- names and rules


@pytest.mark.parametrize(
    ("ko", "en"),
    [
        ("강도원", "Kang Do-won"),
        ("최민수", "Choi Min-soo"),
        ("정수빈", "Jung Soo-bin"),
        ("조현우", "Cho Hyun-woo"),
        ("하은지", "Ha Eun-ji"),
        ("박서준", "Park Seo-joon"),
        ("남궁민수", "Namgoong Min-soo"),
        ("김용범", "Kim Yong-beom"),
        ("이상엽", "Lee Sang-yup"),
        ("존 스미스", "John Smith"),
        ("크라치오스", "Kratsios"),
        ("설리번", "Sullivan"),
    ],
)
def test_romanize_person(ko: str, en: str) -> None:
    assert romanize_person(ko) == en


def test_romanize_place() -> None:
    assert [romanize_place(p) for p in ("경주", "종로", "신라", "부산")] == [
        "Gyeongju",
        "Jongno",
        "Silla",
        "Busan",
    ]


@pytest.mark.parametrize(
    ("ko", "en"),
    [
        (
            "부총리 겸 과학기술정보통신부 장관",
            "Deputy Prime Minister and Minister of Science and ICT",
        ),
        (
            "백악관 과학기술정책실장",
            "Director of the White House Office of Science and Technology Policy",
        ),
        ("미국 상무부 장관", "U.S. Secretary of Commerce"),
        ("삼성전자 회장", "Chairman of Samsung Electronics"),
        ("오픈AI 최고경영자(CEO)", "CEO of OpenAI"),
        ("주벨기에EU대사", "Ambassador to Belgium and the European Union"),
        (
            "대통령실 AI미래기획수석",
            "Senior Secretary for AI Future Planning of the Office of the President",
        ),
    ],
)
def test_titles_by_rule(glossary, ko: str, en: str) -> None:  # type: ignore[no-untyped-def]
    assert compose_title(ko, glossary) == en


@pytest.mark.parametrize(
    ("ko", "value", "currency", "en"),
    [
        ("최소 1000만 달러", None, None, "at least USD 10 million"),
        ("22조 8천억 원", None, None, "KRW 22.8 trillion"),
        ("약 7억달러", None, None, "about USD 700 million"),
        ("450만파운드", None, None, "GBP 4.5 million"),
        ("5조원 넘는", None, None, "more than KRW 5 trillion"),
        ("3억 원", 300_000_000, "KRW", "KRW 300 million"),
        ("50만 달러", None, None, "USD 500,000"),
    ],
)
def test_money_by_rule(
    glossary,
    ko: str,
    value: float | None,
    currency: str | None,  # type: ignore[no-untyped-def]
    en: str,
) -> None:
    assert money_english(ko, value, currency, glossary) == en


def test_dates_and_timelines(glossary) -> None:  # type: ignore[no-untyped-def]
    assert date_english("2025년 10월 29일") == "October 29, 2025"
    assert date_english("2025-10-29") == "October 29, 2025"
    assert date_english("3월 1일") == "March 1"
    cases = {
        "내년": "next year (2026)",
        "2030년까지": "by 2030",
        "올해 하반기": "in the second half of this year (2025)",
        "향후 5년간": "over the next 5 years",
        "2021년부터 2027년까지": "from 2021 to 2027",
        "연내": "within this year (2025)",
        # a month alone, or named from the publication date, is never romanised
        "9월": "in September",
        "11월 말": "late November",
        "다음 달": "next month",
        "내달": "next month",
    }
    for ko, en in cases.items():
        assert timeline_english(ko, "2025-10-29", glossary) == en
    assert location_english("서울", glossary) == "Seoul"


def test_glossary_for_config_is_cached(config: Config) -> None:
    assert glossary_for(config) is glossary_for(config)


def test_restore_fixes_mangled_names_but_not_common_words() -> None:
    protected = Protected("x", ("Bae Kyung-hoon", "U.S.", "SK", "Ministry of Science and ICT"))
    mangled = (
        "BAE KYUNG - HOON and bae kyunghoon met us at the u.s. embassy with SK and sk, "
        "ministry of science and ict"
    )
    assert restore(mangled, protected) == (
        "Bae Kyung-hoon and Bae Kyung-hoon met us at the u.s. embassy with SK and sk, "
        "Ministry of Science and ICT"
    )


def test_compose_uses_terms_particles_and_the_articles_own_english(glossary) -> None:  # type: ignore[no-untyped-def]
    assert (
        glossary.compose("한·미 기술번영 업무협약(MOU)") == "Korea-U.S. Technology Prosperity MOU"
    )
    assert (
        glossary.compose("‘호라이즌 유럽’ 준회원국 가입 의정서")
        == "Horizon Europe Associate Member Accession Protocol"
    )
    assert (
        glossary.compose("아시아태평양경제협력체(APEC)")
        == "Asia-Pacific Economic Cooperation (APEC)"
    )
    assert (
        glossary.compose("반도체 공동연구소 설립(JRC)")
        == "Semiconductor Joint Research Institute Establishment (JRC)"
    )
    assert glossary.composes_fully("공동 투자 프로그램 조성을 위한 MOU")
    assert not glossary.composes_fully("페르미")  # romanised: Pereumi


def test_gazetteer_entries_join_the_glossary(tmp_path: Path) -> None:
    from briefing.translate.glossary import Glossary, _merge_gazetteer

    gazetteer = tmp_path / "gazetteer.toml"
    gazetteer.write_text(
        '[company]\n"Fermi America" = ["페르미 아메리카", "페르미"]\n'
        '[person]\n"Lee Jae-myung" = ["이재명", "李"]\n'
        '[country_abbr]\n"미" = "United States"\n',
        encoding="utf-8",
    )
    glossary = Glossary()
    _merge_gazetteer(glossary, gazetteer)
    assert glossary.entity("페르미") == "Fermi America"
    assert glossary.known_person("이재명") == "Lee Jae-myung"
    assert "李" not in glossary.people and "미" not in glossary.countries


def test_a_damaged_model_is_a_clear_error(package: Path, config: Config) -> None:
    model = install_file(config.models_dir, package)
    (model.path / "model" / "model.bin").write_bytes(b"not a model")
    translator = open_translator(config)
    assert translator is not None
    with pytest.raises(ModelError, match=re.escape("cannot load the model translate-ko_en-1.0")):
        translator.translate_batch(["양국은 협력을 강화하기로 했다."])


def test_a_broken_cache_costs_time_not_the_memo(package: Path, config: Config) -> None:
    from briefing.store import Store

    install_file(config.models_dir, package)
    store = Store(config.store_path)
    store.conn.execute("DROP TABLE translations")  # e.g. a damaged or foreign database
    counting = Counting(open_translator(config))
    assert translate_cached(counting, ["양국은 협력한다."], store)[0] != ""  # type: ignore[arg-type]
    assert len(counting.calls) == 1
    store.close()


def test_the_model_is_given_back_when_the_memos_may_be_drawn_in_a_fork(
    package: Path, config: Config, tmp_path: Path
) -> None:
    """CTranslate2's threads would keep the process from forking (render/forked.py): an
    article whose memos are drawn side by side frees the model; the next one loads it."""
    from briefing.pipeline import GenerateOptions, TranslatorSlot, process_file

    install_file(config.models_dir, package)
    options = GenerateOptions(out_dir=tmp_path / "out", config=config, formats=("docx",))
    slot = TranslatorSlot(config)
    articles = []
    for i, outlet in enumerate(["서울", "부산"]):
        path = tmp_path / f"article-{i}.txt"
        path.write_text(
            f"과학기술정보통신부는 {outlet}에서 미국과 인공지능 협력 양해각서를 체결했다.\n",
            encoding="utf-8",
        )
        articles.append(path)
    assert process_file(articles[0], options, slot).ok
    translator = slot.get()
    assert isinstance(translator, ArgosTranslator)
    assert translator._translator is not None  # kept for the next article
    assert process_file(articles[1], options, slot, side_by_side=True).ok
    assert translator._translator is None
    assert translator.translate_batch(["양국은 협력을 강화하기로 했다."])  # loaded again
