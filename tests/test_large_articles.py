"""Very long articles (issue 16): the memo stays a memo, the input limit says what is handled.

Time and memory for a 1 MB article are measured in benchmarks/bench_large_article.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.memo_plan import MAX_COMMITMENTS, MAX_QUOTES, MAX_SOURCES, plan_memo
from briefing.types import (
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

MAX_PAGES = 10


def long_facts(sentences: int = 8000) -> Facts:
    """What extraction gives for a 1 MB article: thousands of everything, evidence everywhere."""
    base = (
        "과학기술정보통신부와 미국 국립과학재단은 인공지능과 양자 분야의 공동연구를 확대하기로 했다"
    )
    text = tuple(
        Sentence(i, f"{i}번째 문단에서 {base} ({i % 97}차 협의)." if i % 500 else base * 30)
        for i in range(sentences)
    )
    everywhere = tuple(range(0, sentences, 3))
    people = tuple(
        Person(
            Text(f"홍길{chr(0xAC00 + i)}", None),
            Text("장관"),
            Text("과학기술정보통신부"),
            ("signatory",) if i % 7 == 0 else ("mentioned",),
            everywhere[i:],
        )
        for i in range(60)
    )
    parties = tuple(Party(Text(f"기관{i}"), "research", everywhere[i * 5 :]) for i in range(80))
    commitments = tuple(
        Commitment(
            Text(f"{i}번째 공동연구를 확대한다. " * 20),
            (Text("한국"), Text("미국")),
            ("ai",),
            None,
            Text("내년"),
            (i % sentences, (i * 7 + 1) % sentences),
        )
        for i in range(2700)
    )
    quotes = tuple(
        Quote(Text("홍길동"), Text(f"{i}번째 협력은 매우 중요하다. " * 30), (i * 5 % sentences,))
        for i in range(1100)
    )
    tech = (TechArea("ai", Text("인공지능", "AI"), everywhere),)
    article = Article(
        id="0123456789abcdef",
        source_path="big.txt",
        title=Text(base * 10),
        outlet=None,
        published="2025-10-29",
        byline=None,
        sentences=text,
    )
    event = Event("agreement", Text("공동연구 협약"), "2025-10-29", None, everywhere)
    return Facts(article, event, parties, people, tech, commitments, quotes)


def test_the_plan_bounds_every_section_and_the_annex() -> None:
    plan = plan_memo(long_facts())
    assert len(plan.commitments) <= MAX_COMMITMENTS and len(plan.quotes) <= MAX_QUOTES
    # At most the budget, plus a first citation for entries that came after it ran out.
    assert len(plan.sources) <= MAX_SOURCES + MAX_COMMITMENTS + MAX_QUOTES
    assert dict(plan.omitted)["commitments"] == 2700 - len(plan.commitments)


def test_a_real_articles_memo_is_not_shortened() -> None:
    import json

    fixture = Path(__file__).parent / "fixtures" / "facts" / "seed-002.json"
    facts = Facts.from_dict(json.loads(fixture.read_text(encoding="utf-8")))
    plan = plan_memo(facts)
    assert plan.omitted == ()
    assert plan.commitments == facts.commitments and plan.quotes == facts.quotes
    cited = {
        i for item in (*facts.people, *facts.parties, *facts.commitments) for i in item.evidence
    }
    assert cited <= set(plan.sources)


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["separate", "bilingual"])
def test_the_memo_of_a_1_mb_article_stays_within_ten_pages(layout: str) -> None:
    from briefing.pipeline import GenerateOptions
    from briefing.render import render_memo
    from golden_render import pdf_page_texts

    facts = long_facts()
    options = GenerateOptions(out_dir=Path("unused")).render_options()
    langs = ["bilingual"] if layout == "bilingual" else ["ko", "en"]
    for lang in langs:
        pdf = render_memo(facts, lang, "pdf", options)  # type: ignore[arg-type]
        pages = pdf_page_texts(pdf)
        assert len(pages) <= MAX_PAGES, f"{lang}: {len(pages)} pages"
        assert "facts.json" in "".join(pages)  # says the lists are shortened and where the rest is


class Recording:
    """A translator that records what it is asked (the MT engine's interface)."""

    model_id = "test:recording"

    def __init__(self) -> None:
        self.sentences: list[str] = []

    def translate_batch(self, sentences: list[str]) -> list[str]:
        self.sentences.extend(sentences)
        return [f"EN {i}" for i, _ in enumerate(sentences)]


@pytest.mark.slow
def test_a_long_article_gets_what_its_memo_shows_translated(tmp_path: Path) -> None:
    from briefing.config import Config
    from briefing.translate import add_english

    facts = long_facts(sentences=3000)
    plan = plan_memo(facts)
    recorder = Recording()
    english = add_english(facts, recorder, Config())
    shown = {0, *plan.sources}
    assert {s.id for s in english.article.sentences if s.en} == shown
    assert sum(1 for c in english.commitments if c.text.en) == len(plan.commitments)
    assert sum(1 for q in english.quotes if q.text.en) == len(plan.quotes)
    # ... a few hundred MT inputs instead of the ~7,000 of the whole document
    assert len(recorder.sentences) < 400


@pytest.mark.slow
def test_an_article_over_the_text_limit_is_refused_with_the_limit(tmp_path: Path) -> None:
    from briefing.errors import InputError
    from briefing.read import MAX_TEXT_BYTES, read_document

    line = "과학기술정보통신부는 인공지능 공동연구를 확대하기로 했다.\n"
    path = tmp_path / "long.txt"
    path.write_text(line * (MAX_TEXT_BYTES // len(line.encode()) + 1), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert str(caught.value) == (
        f"{path}: the article is too long (1.0 MB of text; briefing handles up to 1.0 MB, "
        "about 400,000 Korean characters) (split it into separate articles, or keep only "
        "the article itself)"
    )
    # A page may hold more markup than that: the limit is on its text.
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><script>"
        + "window.ads.push({slot: 'top', size: [728, 90]});\n" * 22_000
        + f"</script></head><body><article><p>{line}</p></article></body></html>",
        encoding="utf-8",
    )
    assert page.stat().st_size > MAX_TEXT_BYTES
    assert "과학기술정보통신부" in read_document(page).text
