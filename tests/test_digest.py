"""The digest's content and words, on hand-written facts: partners, merged and ranked
commitments, English lines composed from facts, trends, the chart."""

from __future__ import annotations

import io
from datetime import date

from briefing.digest import (
    BriefedArticle,
    acting_parties,
    build_content,
    digest_data,
    events_of,
    merge_commitments,
    trends,
)
from briefing.render.chart import fit_label, trend_png, trend_svg
from briefing.render.digest_context import (
    build_digest_context,
    digest_labels,
    english_commitment_line,
    english_partner_line,
    english_title,
)
from briefing.render.rows import plain_text
from briefing.types import (
    Amount,
    Article,
    Commitment,
    Event,
    Facts,
    Party,
    Person,
    Sentence,
    TechArea,
    Text,
)

KOREA = Text("한국", "South Korea")
FINLAND = Text("핀란드", "Finland")
JAPAN = Text("일본", "Japan")
MINISTRY = Text("과학기술정보통신부", "Ministry of Science and ICT")
QUANTUM = TechArea("quantum", Text("양자", "Quantum"), (0,))
EN = digest_labels(None)["en"]


def article(
    article_id: str,
    sentences: list[str],
    *,
    title: str = "한국·핀란드 양자 협력",
    published: str | None = "2025-11-04",
    outlet: Text | None = None,
) -> Article:
    return Article(
        id=article_id,
        source_path=f"{article_id}.txt",
        title=Text(title),
        outlet=outlet,
        published=published,
        byline=None,
        sentences=tuple(Sentence(i, s) for i, s in enumerate(sentences)),
    )


def finland_facts(article_id: str = "a1", *, commitments: tuple[Commitment, ...] = ()) -> Facts:
    """A Korea-Finland quantum agreement; Japan only mentioned (an earlier deal)."""
    return Facts(
        article=article(
            article_id,
            [
                "과기정통부는 4일 헬싱키에서 핀란드와 양자 협력 협약을 맺었다.",
                "양국은 공동연구를 확대한다.",
                "지난해에는 일본과도 비슷한 협약을 맺었다.",
            ],
        ),
        event=Event("agreement", None, "2025-11-04", Text("헬싱키", "Helsinki"), (0,)),
        parties=(
            Party(KOREA, "country", (1,)),
            Party(FINLAND, "country", (0, 1)),
            Party(MINISTRY, "government", (0,)),
            Party(JAPAN, "country", (2,)),
        ),
        people=(Person(Text("김민수", "Kim Min-su"), None, MINISTRY, ("signatory",), (0,)),),
        tech_areas=(QUANTUM,),
        commitments=commitments
        or (
            Commitment(
                Text("양자 공동연구 확대", "expand joint research in quantum"),
                (KOREA, FINLAND),
                ("quantum",),
                None,
                None,
                (1,),
            ),
        ),
    )


def briefed(facts: Facts, day: date = date(2025, 11, 4), at: str = "") -> BriefedArticle:
    return BriefedArticle(
        facts,
        facts.article.source_path,
        None,
        at or f"{day.isoformat()}T09:00:00.000000+00:00",
        day,
        facts.article.published is not None,
    )


def test_a_country_the_article_only_mentions_is_not_a_partner() -> None:
    facts = finland_facts()
    names = [p.name.ko for p in acting_parties(facts)]
    assert names == ["한국", "핀란드", "과학기술정보통신부"]  # 일본: only mentioned
    [event] = events_of([briefed(facts)], (), digest_data())
    assert [p.name.ko for p in event.partner_countries] == ["핀란드"]  # home is no partner
    assert [p.name.ko for p in event.countries] == ["한국", "핀란드"]
    assert english_partner_line(event, EN) == "Finland and Ministry of Science and ICT"


def commitment(ko: str, *, amount: bool = False, timeline: bool = False) -> Commitment:
    return Commitment(
        Text(ko),
        (KOREA, FINLAND),
        ("quantum",),
        Amount(30_000_000_000, "KRW", Text("300억원", "KRW 30 billion")) if amount else None,
        Text("내년", "next year") if timeline else None,
        (1,),
    )


def test_commitments_are_merged_across_sources_and_ranked() -> None:
    first = finland_facts(
        "a1",
        commitments=(
            commitment("양국 연구자 교류 프로그램 운영"),
            commitment("양자컴퓨터 분야 공동연구 추진", amount=True),
            commitment("양자암호통신 표준 협력"),
        ),
    )
    second = finland_facts(
        "a2",
        commitments=(
            commitment("양국 연구자 교류 프로그램을 운영", timeline=True),  # the same, fuller
            commitment("인력 양성 과정 신설"),
        ),
    )
    members = [briefed(first), briefed(second)]
    merged = merge_commitments(members, {"핀란드"})
    texts = [m.commitment.text.ko for m in merged]
    assert len(merged) == 4  # five reports, four commitments
    assert texts[0] == "양자컴퓨터 분야 공동연구 추진"  # a sum ranks first
    assert texts[1] == "양국 연구자 교류 프로그램을 운영"  # two outlets and a timeline
    assert merged[1].reported_by == (0, 1)
    assert merged[1].commitment.timeline is not None  # the fuller report is kept


def test_top_five_commitments_in_the_body_the_rest_in_the_annex() -> None:
    many = tuple(
        commitment(text, amount=i == 6)
        for i, text in enumerate(
            [
                "양자 소재 공동연구",
                "양자 센서 실증 사업",
                "연구자 교류 확대",
                "공동 워크숍 정례화",
                "표준화 협력 추진",
                "스타트업 공동 지원",
                "양자컴퓨터 공동 구축",
            ]
        )
    )
    content = build_content(
        "2025-W45", [briefed(finland_facts(commitments=many))], [], [], ["2025-W45"], [[]]
    )
    ko = build_digest_context(
        content, "ko", period="p", as_of="", created="2025-11-03T00:00:00+00:00"
    )
    [entry] = ko.entries
    assert len(entry.commitments) == 5
    assert plain_text(entry.commitments[0]) == "한국, 핀란드: 양자컴퓨터 공동 구축"  # the sum
    assert entry.more_commitments == "그 밖의 2건은 부록에"
    assert [row.entry.number if row.entry else 0 for row in ko.commitments] == [1, 1]


def test_english_title_and_lines_are_composed_from_facts() -> None:
    facts = finland_facts()
    [event] = events_of([briefed(facts)], (), digest_data())
    assert english_title(event, EN) == (
        "South Korea–Finland agreement on quantum (Helsinki, November 4, 2025)"
    )
    untranslated = Commitment(
        Text("양자 인력 교류"),
        (KOREA, FINLAND),
        ("quantum",),
        Amount(30_000_000_000, "KRW", Text("300억원", "KRW 30 billion")),
        Text("2030년까지", "by 2030"),
        (1,),
    )
    assert english_commitment_line(untranslated, facts, EN) == (
        "South Korea and Finland: commitment on quantum (KRW 30 billion, by 2030)"
    )
    translated = facts.commitments[0]
    assert english_commitment_line(translated, facts, EN) == (
        "South Korea and Finland: expand joint research in quantum"
    )
    korean_only_actor = Commitment(Text("협력"), (Text("어느 기관"),), (), None, None, (0,))
    assert english_commitment_line(korean_only_actor, facts, EN) is None  # marked Korean


def test_the_english_digest_has_no_korean_where_facts_suffice() -> None:
    content = build_content("2025-W45", [briefed(finland_facts())], [], [], ["2025-W45"], [[]])
    en = build_digest_context(
        content, "en", period="p", as_of="", created="2025-11-03T00:00:00+00:00"
    )
    [entry] = en.entries
    assert plain_text(entry.title).startswith("South Korea–Finland agreement on quantum")
    fields = {f.label: plain_text(f.value) for f in entry.fields}
    assert fields["Partners"] == "Finland and Ministry of Science and ICT"
    assert fields["Place"] == "Helsinki"
    assert [plain_text(c) for c in entry.commitments] == [
        "South Korea and Finland: expand joint research in quantum"
    ]


def test_trends_count_events_per_area_and_partner_country_and_say_what_changed() -> None:
    weeks = ["2025-W41", "2025-W42", "2025-W43", "2025-W44", "2025-W45"]
    a, b, c = (finland_facts(x) for x in ("a", "b", "c"))
    other = Facts(
        article=article("d", ["한국과 일본이 반도체 협약을 맺었다."], title="한일 반도체"),
        event=Event("agreement", None, None, None, (0,)),
        parties=(Party(KOREA, "country", (0,)), Party(JAPAN, "country", (0,))),
        tech_areas=(TechArea("semiconductors", Text("반도체", "Semiconductors"), (0,)),),
    )
    by_week = [[], [briefed(other)], [briefed(other)], [], [briefed(a), briefed(b), briefed(c)]]
    result = trends(weeks, by_week, digest_data())
    assert [(r.key, r.counts) for r in result.areas] == [
        ("quantum", (0, 0, 0, 0, 1)),  # three articles, one event
        ("semiconductors", (0, 1, 1, 0, 0)),
    ]
    assert [(r.label.ko, r.counts) for r in result.countries] == [
        ("핀란드", (0, 0, 0, 0, 1)),
        ("일본", (0, 1, 1, 0, 0)),
    ]
    content = build_content("2025-W45", [briefed(a)], [], [], weeks, by_week)
    en = build_digest_context(content, "en", period="p", as_of="", created="x")
    assert en.trends.summary == (
        "Against the four weeks before: quantum up to 1 from 0.0 a week; "
        "semiconductors down to 0 from 0.5 a week; most events with Finland (1)."
    )
    ko = build_digest_context(content, "ko", period="p", as_of="", created="x")
    assert ko.trends.summary == (
        "직전 4주 대비: 양자 증가(1건, 주평균 0.0건); 반도체 감소(0건, 주평균 0.5건); "
        "최다 상대국 핀란드(1건)."
    )
    svg = trend_svg(ko.trends)
    assert svg.startswith("<svg") and "핀란드" in svg and "<rect" in svg
    png = trend_png(ko.trends)
    assert png == trend_png(ko.trends)  # the same chart, the same bytes

    from PIL import Image

    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width >= 1200


def test_chart_labels_are_escaped_and_cut_to_fit() -> None:
    assert fit_label("Health and pharmaceuticals", 12) == "Health and…"
    assert fit_label("양자", 12) == "양자"
    assert fit_label("가나다라마바사아자차", 12) == "가나다라마…"
    weeks = ["2025-W45"]
    evil = finland_facts()
    evil = evil.replace(
        tech_areas=(TechArea("x", Text("<script>", "<b>&"), (0,)),),
    )
    content = build_content("2025-W45", [briefed(evil)], [], [], weeks, [[briefed(evil)]])
    en = build_digest_context(content, "en", period="p", as_of="", created="x")
    svg = str(trend_svg(en.trends))
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg


def test_counts_in_labels_take_their_noun_in_english_and_stay_bare_in_korean() -> None:
    from briefing.render.digest_context import Count

    assert f"{Count(1):article}, {Count(3):event}" == "1 article, 3 events"
    assert f"기사 {Count(1)}건" == "기사 1건"
