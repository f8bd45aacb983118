"""Stage 2, clean: furniture out, every story sentence kept, metadata only as the text states it."""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest

from briefing.clean import (
    clean_document,
    load_furniture,
    normalize_text,
    remove_control_characters,
    shorten_title,
    unescape_entities,
)
from briefing.errors import ConfigError, InputError
from briefing.read import read_document
from briefing.types import CleanArticle, RawDocument

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"

LEDE = "한국과 미국이 인공지능(AI) 분야 협력을 강화하기로 했다."
SECOND = "과학기술정보통신부는 29일 경주에서 업무협약(MOU)을 체결했다고 밝혔다."


def clean_text(text: str, kind: str = "text", **raw: str | None) -> CleanArticle:
    return clean_document(RawDocument("x.txt", text, "utf-8", kind, **raw))  # type: ignore[arg-type]


def clean_fixture(name: str) -> CleanArticle:
    return clean_document(read_document(FIXTURES / name))


def lines(article: CleanArticle) -> list[str]:
    return article.body.split("\n")


# --------------------------------------------------------------------------- hygiene


def test_control_characters_removed_newline_and_tab_kept() -> None:
    dirty = "a\x00b\x0bc\x0cd\uffffe\ufffef\x7fg\x85h\u200bi\ufeffj\tk\nl\r\nm\x1fn"
    assert remove_control_characters(dirty) == "ab\nc\nde" + "fg\nhij\tk\nl\nmn"


def test_cleaned_text_holds_no_control_characters() -> None:
    article = clean_text(f"제목\x00 줄\n{LEDE}\x0b{SECOND}\x0c\uffff\n")
    for ch in article.body + (article.title or ""):
        assert ch == "\n" or unicodedata.category(ch) not in {"Cc", "Cs", "Co", "Cn"}, repr(ch)
    assert article.title == "제목 줄"


def test_entities_in_a_text_file_are_unescaped_exactly_once() -> None:
    assert unescape_entities("R&amp;amp;D &#54620;국 A&nbsp;B") == "R&amp;D 한국 A\u00a0B"
    assert unescape_entities("R&D, AT&T, S&P 500, &copyright") == "R&D, AT&T, S&P 500, &copyright"
    article = clean_text(f"{LEDE} R&amp;amp;D 예산은 &#54620;국이&nbsp;맡는다.")
    assert "R&amp;D 예산은 한국이 맡는다." in article.body


def test_nfd_hangul_becomes_nfc() -> None:
    nfd = unicodedata.normalize("NFD", f"한미 협력 강화\n{LEDE}")
    assert nfd != unicodedata.normalize("NFC", nfd)
    article = clean_text(nfd)
    assert article.title == "한미 협력 강화"
    assert article.body == LEDE
    assert unicodedata.is_normalized("NFC", article.body)


def test_compatibility_forms_are_kept_as_written() -> None:
    text = "㈜삼성전자와 ＡＢＣ 연구소는 ① 공동연구 ② 인력 교류에 합의했다."
    assert clean_text(text).body == text
    assert normalize_text(text, unescape=True) == text


# --------------------------------------------------------------------------- fixture articles


def test_seed_002_seoul_economic_furniture_and_metadata() -> None:
    article = clean_fixture("seed_002_seoul_economic.txt")
    assert article.title == "韓美 동맹 군사·경제 이어 기술까지…반도체센터 협력·공동연구 확대"
    assert (article.published, article.byline, article.outlet) == (None, "강도원", "서울경제")
    body = article.body
    for furniture in (
        "정치 대통령실",
        "더보기",
        "top버튼",
        "팝업창 닫기",
        "글자크기 설정",
        "공유하기",
        "관련기사",
        "저작권자",
        "강도원 기자",
        "연합뉴스",
    ):
        assert furniture not in body, furniture
    assert article.title not in body  # the headline is not repeated
    # Subheadings stay: they carry facts.
    assert lines(article)[:3] == [
        "9일 용산에서 ‘제1차 차세대 핵심·신흥기술 대화’",
        "반도체·양자·바이오·배터리·AI 등 첨단분야 협력",
        "내년 한·미·인도 간 핵심·신흥기술 대화도 추진",
    ]
    # A caption printed twice on one line: one copy, without its credit, facts kept.
    caption = (
        "조태용 국가안보실장과 제이크 설리번 미국 백악관 국가안보보좌관이 9일 서울에서 열린 "
        "제1차 한미 차세대 핵심·신흥기술 대화에서 기념촬영을 하고 있다."
    )
    assert lines(article).count(caption) == 1
    assert "최소 1000만 달러를 지원하기로 했다." in body
    assert lines(article)[-1].startswith("‘한미 차세대핵심 신흥기술대화’는 지난 4월")


def test_seed_000_lede_first_article_gets_a_shortened_title() -> None:
    article = clean_fixture("seed_000_lede_first.txt")
    assert article.published == "2025-10-29"
    assert (article.byline, article.outlet) == (None, None)
    assert article.title is not None
    assert article.title.endswith("…")
    assert len(article.title) <= 81
    assert article.title.startswith("한국과 미국이 아시아태평양경제협력체(APEC·에이펙)")
    assert lines(article)[0].startswith("한국과 미국이 아시아태평양경제협력체")  # lede kept whole
    assert "date 2025" not in article.body
    assert "사진=뉴시스" not in article.body
    assert "배경훈 부총리 및 과기정통부 장관." in lines(article)  # caption kept, credit cut
    assert "연합뉴스" not in article.body


def test_cheonji_prefix_gives_outlet_and_byline_and_captions_lose_credits() -> None:
    article = clean_fixture("dev_d05_cheonji_captions.txt")
    assert article.title == "삼성전자·ASML, 한국에 1조원 규모 R&D센터 설립"
    assert (article.outlet, article.byline) == ("천지일보", "김정필")
    assert article.published is None  # the caption's 2023.12.13 is a photo stamp
    body = article.body
    assert "(출처: 연합뉴스)" not in body
    assert "[천지일보=" not in body
    assert "SK하이닉스, ASML과 수소가스 재활용 기술 개발 MOU" in lines(article)
    assert body.count("박수치고 있다.") == 1
    lede = "삼성전자와 SK하이닉스가 네덜란드 반도체 장비기업 ASML과 협력을 강화하기로 했다."
    assert lede in lines(article)


def test_herald_prefix_and_long_first_line() -> None:
    article = clean_fixture("dev_d07_herald_prefix.txt")
    assert (article.outlet, article.byline, article.published) == (
        "헤럴드경제",
        "한영대",
        "2025-08-26",
    )
    assert article.title is not None and article.title.endswith("…")
    assert len(article.title) <= 81
    # Glued subheadings too long for a headline stay in the body.
    assert "박지원 회장 “제조 역량 바탕으로 성실히 수행”" in lines(article)[0]
    assert lines(article)[1].startswith("두산에너빌리티가 미국에서")


def test_correction_notice_removed_subheading_kept() -> None:
    article = clean_fixture("dev_d04_correction_notice.txt")
    assert article.title == '尹 "한영 과학기술 연대 공고히"…3년간 73억원 규모 공동연구'
    assert "[고침]" not in article.body
    assert lines(article)[0] == "英 왕립학회서 과학자포럼 참석…과학기술 이해약정 등 3건 MOU"
    assert (article.published, article.byline, article.outlet) == (None, None, None)


def test_markdown_image_line_removed_and_no_outlet_guessed() -> None:
    article = clean_fixture("dev_d06_markdown_image.txt")
    assert article.title == "아시아 최초 '호라이즌 유럽' 준회원국 공식 가입"
    assert "![" not in article.body and "http" not in article.body
    assert article.outlet is None  # the image's cdn.ebn.co.kr address is no statement


def test_image_expand_prefix_removed_caption_facts_kept() -> None:
    article = clean_fixture("dev_d02_seoul_shinmun.txt")
    assert article.title == "올트먼, 이재용·최태원 잇단 회동"
    assert "이미지 확대" not in article.body
    assert lines(article)[0].startswith("이재명 대통령이 1일 용산 대통령실에서 샘 올트먼")
    assert "왼쪽부터 김용범 정책실장" in article.body


def test_common_furniture_of_other_sites() -> None:
    article = clean_fixture("synthetic_yonhap_furniture.txt")
    assert article.title == "한-캐나다, 양자·배터리 공동연구센터 설립 합의"  # [속보] left out
    assert (article.published, article.byline, article.outlet) == (
        "2024-05-14",
        "김철수",
        "연합뉴스",
    )
    body = article.body
    for furniture in (
        "IT·과학",
        "입력",
        "수정",
        "글자크기",
        "공유하기",
        "(서울=연합뉴스)",
        "[사진=",
        "/사진=",
        "관련기사",
        "ⓒ",
        "@",
        "기사제보",
        "좋아요",
        "구독",
        "저작권자",
        "많이 본 뉴스",
        "다른 기사 제목",
    ):
        assert furniture not in body, furniture
    assert lines(article) == [
        "한국과 캐나다가 양자 기술과 배터리 분야 공동연구센터를 세우기로 했다.",
        "과학기술정보통신부는 14일 오타와에서 캐나다 혁신과학경제개발부와 ‘한-캐나다 "
        "과학기술협력 공동위원회’를 열고 이같이 합의했다고 밝혔다.",
        "양국 대표단이 14일 오타와에서 공동위원회를 마친 뒤 기념촬영을 하고 있다.",
        "양국은 2026년까지 총 300억원을 투입해 공동연구센터를 운영한다.",
        "장관은 “양국의 강점을 결합해 차세대 기술을 함께 개발하겠다”며 “연구자 교류도 두 배로 "
        "늘리겠다”고 말했다.",
        "회의에는 양국 연구기관 관계자 40여명이 참석했다. 2024.05.14",
    ]


def test_html_page_metadata_and_body() -> None:
    article = clean_fixture("page_hankyung.html")
    assert article.title == "韓·獨, 반도체 인력 교류 확대…연 200명 규모"
    assert (article.published, article.outlet, article.byline) == (
        "2024-06-03",
        "한국경제",
        "이해진",
    )
    assert lines(article)[0].startswith("한국과 독일이 반도체 분야 연구 인력 교류를")
    assert "R&D 과제를" in article.body
    assert "hankyung.com" not in article.body


def test_a_page_without_a_site_name_gets_its_outlet_from_its_address(tmp_path: Path) -> None:
    page = (FIXTURES / "page_hankyung.html").read_text(encoding="utf-8")
    page = page.replace('<meta property="og:site_name" content="한국경제">', "")
    page = page.replace(
        "</head>", '<link rel="canonical" href="https://www.hankyung.com/article/1"></head>'
    )
    assert "og:site_name" not in page and "canonical" in page
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    assert clean_document(read_document(tmp_path / "page.html")).outlet == "한국경제"


# --------------------------------------------------------------------------- metadata


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("date 2025-10-29", "2025-10-29"),
        ("입력 2025.10.29 14:03", "2025-10-29"),
        ("입력 : 2025-10-29 10:00 | 수정 : 2025-10-30 09:00", "2025-10-29"),
        ("기사입력 2025.10.29. 오후 2:03", "2025-10-29"),
        ("등록 2025년 10월 29일 14:03", "2025-10-29"),
        ("2025-10-29 10:00", "2025-10-29"),
        ("승인 2025.10.29 14:03", "2025-10-29"),
        ("수정 2025.10.30 09:00", None),  # a modification date is not the published one
    ],
)
def test_date_lines(line: str, published: str | None) -> None:
    article = clean_text(f"{line}\n한미 AI 협력 강화\n{LEDE}")
    assert article.published == published
    assert article.title == "한미 AI 협력 강화"
    assert article.body == LEDE


def test_dates_inside_the_story_are_not_the_published_date() -> None:
    article = clean_text(f"{LEDE}\n{SECOND}\n양국 정상이 악수하고 있다. 2023.12.13\n2023.12.14")
    assert article.published is None


@pytest.mark.parametrize(
    ("text", "outlet", "byline"),
    [
        (f"【서울=뉴시스】홍길동 기자 = {LEDE}\n{SECOND}", "뉴시스", "홍길동"),
        (f"(워싱턴=연합뉴스) 김동현 특파원 = {LEDE}\n{SECOND}", "연합뉴스", "김동현"),
        (f"[이데일리 김정현 기자] {LEDE}\n{SECOND}", "이데일리", "김정현"),
        (f"[충청투데이=홍길동 기자] {LEDE}\n{SECOND}", "충청투데이", "홍길동"),
        (f"[파이낸셜뉴스] {LEDE}\n{SECOND}", "파이낸셜뉴스", None),
        (f"{LEDE}\n{SECOND} /홍길동 기자 hong@example.com", None, "홍길동"),
        (f"{LEDE}\n{SECOND}\n워싱턴=홍길동 특파원", None, "홍길동"),
        (f"{LEDE}\n{SECOND}\n홍길동·김철수 기자", None, "홍길동·김철수"),
        (f"{LEDE}\n{SECOND}\n글·사진=홍길동 기자 hong@example.com", None, "홍길동"),
        (f"{LEDE}\n{SECOND}\nCopyright ⓒ 한국경제TV. All rights reserved.", "한국경제TV", None),
        (f"{LEDE}\n{SECOND}\n[ⓒ 매일경제 & mk.co.kr, 무단전재 및 재배포 금지]", "매일경제", None),
        (f"{LEDE}\n{SECOND}\nⓒ 세계일보", "세계일보", None),
    ],
)
def test_outlet_and_byline_as_the_text_states_them(
    text: str, outlet: str | None, byline: str | None
) -> None:
    article = clean_text(text)
    assert (article.outlet, article.byline) == (outlet, byline)
    assert article.body.startswith(LEDE)
    assert article.body.endswith(SECOND)


def test_a_news_agency_credited_for_a_photo_is_not_the_outlet() -> None:
    text = (
        f"{LEDE}\n양국 대표가 협약서에 서명하고 있다. 연합뉴스\n사진=뉴시스\nⓒ 로이터\n"
        f"[사진=AP 연합뉴스] 양국 정상이 악수하고 있다.\n{SECOND}\n추가 협력도 논의했다.\n"
        "양국은 후속 회의를 연다.\n세부 일정은 다음 달 정한다.\n실무 협의도 이어진다.\n"
        "마지막 문장이다."
    )
    article = clean_text(text)
    assert article.outlet is None
    assert "양국 대표가 협약서에 서명하고 있다." in lines(article)
    assert "양국 정상이 악수하고 있다." in lines(article)
    for credit in ("연합뉴스", "뉴시스", "로이터", "AP"):
        assert credit not in article.body


def test_nothing_is_guessed_for_a_bare_article() -> None:
    article = clean_text(f"{LEDE}\n{SECOND}")
    assert (article.published, article.byline, article.outlet) == (None, None, None)


# --------------------------------------------------------------------------- story kept


def test_glued_caption_pair_keeps_one_copy_without_credit() -> None:
    caption = "양국 장관이 협약서에 서명한 뒤 악수하고 있다."
    article = clean_text(f"{LEDE}\n{caption} 연합뉴스{caption} 연합뉴스\n{SECOND}")
    assert lines(article) == [LEDE, caption, SECOND]


def test_story_sentences_that_mention_furniture_words_are_kept() -> None:
    story = [
        "양국은 AI 학습 데이터의 저작권자 보호와 무단 전재 방지 방안도 논의했다.",
        "두 회사는 구독형 AI 서비스를 공동 출시하고 뉴스레터로 알리기로 했다.",
        "관련 기사에 따르면 양국은 공동연구센터를 세운다.",
        "정부는 기사제보 창구와 별도로 기술유출 신고센터를 운영한다.",
        "사진 속 인물은 양국 대표단이다.",
    ]
    article = clean_text("\n".join([LEDE, *story, SECOND]))
    assert lines(article) == [LEDE, *story, SECOND]


def test_repeated_paragraph_is_kept_once() -> None:
    article = clean_text(f"{LEDE}\n{SECOND}\n{SECOND}")
    assert lines(article) == [LEDE, SECOND]


def test_only_furniture_leaves_nothing_and_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        clean_text("더보기\n공유하기\ntop버튼\n")
    assert caught.value.message.startswith("x.txt: no article text left")


# --------------------------------------------------------------------------- title


def test_title_of_a_long_first_sentence_is_cut_at_a_word_boundary() -> None:
    sentence = (
        "한국과 미국이 아시아태평양경제협력체 정상회의를 계기로 공동 인공지능 "
        "생태계를 구축하고 차세대 핵심기술 개발 협력을 강화하고 "
        "연구 인력 교류도 크게 늘리기로 했다."
    )
    title = shorten_title(sentence + " 두 번째 문장이다.")
    assert title.endswith("…")
    assert len(title) <= 81
    assert sentence.startswith(title[:-1])
    assert sentence[len(title) - 1] == " "  # cut before a space: no word is broken


def test_title_of_a_short_first_sentence_is_the_sentence() -> None:
    assert shorten_title(f"{LEDE} {SECOND}") == LEDE.rstrip(".")


def test_html_title_site_suffix_removed_and_headline_not_repeated() -> None:
    article = clean_text(
        f"한미, AI 협력 강화한다\n{LEDE}",
        kind="html",
        html_title="[속보] 한미, AI 협력 강화한다 - 연합뉴스",
    )
    assert article.title == "한미, AI 협력 강화한다"
    assert article.body == LEDE


# --------------------------------------------------------------------------- data and limits


def test_user_furniture_file_extends_the_bundled_one(tmp_path: Path) -> None:
    extra = tmp_path / "furniture.toml"
    extra.write_text("[drop]\nlines = ['오늘의 운세.*']\n", encoding="utf-8")
    furniture = load_furniture([extra])
    raw = RawDocument("x.txt", f"{LEDE}\n오늘의 운세 보기\n{SECOND}", "utf-8", "text")
    assert clean_document(raw, furniture).body == f"{LEDE}\n{SECOND}"
    assert "오늘의 운세" in clean_document(raw).body


def test_malformed_furniture_file_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "furniture.toml"
    bad.write_text("[drop]\nlines = ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="furniture pattern"):
        load_furniture([bad])


@pytest.mark.slow
def test_one_megabyte_line_is_cleaned_in_bounded_time() -> None:
    # End-anchored searches over a whole line once made this take minutes.
    started = time.perf_counter()
    text = "".join(f"{i}가나다라마바사" for i in range(100_000))
    article = clean_text(text)
    assert time.perf_counter() - started < 10
    assert article.body == text


@pytest.mark.parametrize(
    "row",
    [
        "홍길동 기자 | 입력 2025.10.29 14:03 | 수정 2025.10.30",
        "홍길동 기자 입력 2025-10-29 14:03 수정 2025-10-30 09:12",
        "정치 | 홍길동 기자 | 2025.10.29",
    ],
)
def test_a_row_of_metadata_gives_byline_and_date(row: str) -> None:
    article = clean_text(f"한미 AI 협력 강화\n{row}\n{LEDE}")
    assert (article.byline, article.published, article.body) == ("홍길동", "2025-10-29", LEDE)


def test_headline_ending_in_dots_and_a_lone_tag_line() -> None:
    article = clean_text(f"[단독]\n한미, AI 협력 강화...\n{LEDE}")
    assert article.title == "한미, AI 협력 강화..."
    assert article.body == LEDE


def test_copyright_notice_names_the_outlet_before_a_dateline_or_a_bare_credit() -> None:
    text = (
        f"(서울=연합뉴스) 홍길동 기자 = {LEDE}\n{SECOND}\nⓒ 로이터\n"
        "양국은 후속 회의를 연다.\n<저작권자 ⓒ 서울경제, 무단 전재 및 재배포 금지>"
    )
    article = clean_text(text)
    assert article.outlet == "서울경제"
    assert clean_text(f"{LEDE}\n{SECOND}\nⓒ 로이터\n양국은 후속 회의를 연다.").outlet is None


def test_portal_page_around_a_syndicated_article() -> None:
    article = clean_fixture("synthetic_naver_portal.txt")
    assert article.title == "한미, 양자컴퓨팅 공동연구 착수…5년간 1천억원 투입"
    assert (article.published, article.byline, article.outlet) == (
        "2025-03-12",
        "이정현",
        "연합뉴스",
    )
    assert lines(article) == [
        "한국과 미국이 양자컴퓨팅 공동연구에 착수한다.",
        "과학기술정보통신부는 12일 미국 에너지부(DOE)와 양자컴퓨팅 공동연구 협약을 "
        "맺었다고 밝혔다.",
        "양국은 5년간 1천억원을 투입한다.",
    ]


# --------------------------------------------------------------------------- outlets


def test_major_outlets_have_their_english_names() -> None:
    from briefing.outlets import outlet_english, outlets

    named_in_the_issue = [
        "서울경제",
        "연합뉴스",
        "동아일보",
        "조선일보",
        "중앙일보",
        "한겨레",
        "경향신문",
        "한국경제",
        "매일경제",
        "헤럴드경제",
        "서울신문",
        "세계일보",
        "국민일보",
        "한국일보",
        "머니투데이",
        "이데일리",
        "뉴시스",
        "뉴스1",
        "전자신문",
        "디지털타임스",
        "아시아경제",
        "파이낸셜뉴스",
        "천지일보",
        "EBN",
        "KBS",
        "MBC",
        "SBS",
        "YTN",
        "JTBC",
    ]
    missing = [name for name in named_in_the_issue if not outlet_english(name)]
    assert missing == []
    assert len(outlets().all()) >= 50
    assert outlet_english("서울경제") == "Seoul Economic Daily"
    assert outlet_english("연합뉴스") == "Yonhap News Agency"
    assert outlet_english("동아일보") == "The Dong-A Ilbo"
    assert outlet_english("한경") == "The Korea Economic Daily"  # alias
    assert outlet_english("ＳＢＳ") == "SBS"  # full-width forms match
    assert outlet_english("없는신문") is None


def test_outlet_inside_a_line_matches_whole_latin_words_only() -> None:
    from briefing.outlets import find_outlet_in

    found = find_outlet_in("Copyright ⓒ SBS Biz. All rights reserved")
    assert found is not None and found.ko == "SBS"
    found = find_outlet_in("<ⓒ 연합뉴스TV 무단 전재>")
    assert found is not None and found.ko == "연합뉴스TV"  # the longer name wins
    assert find_outlet_in("visit webs and maps") is None


def test_user_outlet_file_adds_outlets(tmp_path: Path) -> None:
    from briefing.outlets import load_outlets

    extra = tmp_path / "outlets.toml"
    extra.write_text('[[outlet]]\nko = "충청투데이"\nen = "Chungcheong Today"\n', encoding="utf-8")
    found = load_outlets([extra]).find("충청투데이")
    assert found is not None and found.en == "Chungcheong Today"
    bad = tmp_path / "bad.toml"
    bad.write_text('[[outlet]]\nko = "이름뿐"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="needs text 'ko' and 'en'"):
        load_outlets([bad])


def test_html_title_that_is_only_the_site_name_is_ignored() -> None:
    article = clean_text(f"한미, AI 협력 강화한다\n{LEDE}", kind="html", html_title="연합뉴스")
    assert article.title == "한미, AI 협력 강화한다"


def test_a_menu_line_above_the_story_is_not_the_headline() -> None:
    article = clean_text(
        "전체기사 최신뉴스 KYZ\n한국전자, 독일 미래화학과 배터리 공동개발 협약\n"
        "한국전자는 15일 독일 미래화학과 배터리 공동개발 협약을 체결했다고 밝혔다.\n"
        "양사는 2027년까지 차세대 전지를 함께 개발한다."
    )
    assert article.title == "한국전자, 독일 미래화학과 배터리 공동개발 협약"
    assert "전체기사" not in article.body


def test_a_bracketed_tag_or_photo_credit_is_not_the_headline() -> None:
    article = clean_text(
        "[미래경제신문]\n한국전자 본사 전경 [사진제공=한국전자]\n"
        "한국전자는 15일 독일 미래화학과 배터리 공동개발 협약을 체결했다고 밝혔다.\n"
        "양사는 2027년까지 차세대 전지를 함께 개발한다."
    )
    assert article.title is not None and article.title.startswith("한국전자는 15일 독일 미래화학과")


def test_a_photo_caption_above_the_story_is_not_the_headline() -> None:
    article = clean_text(
        "▲ 박지훈 한빛전자 대표(왼쪽)와 존 밀러 에이비씨 부사장이 서울 본사에서 "
        "부품 공급 계약을 맺은 뒤 기념사진을 찍고 있다. <한빛전자>\n"
        "한빛전자가 에이비씨와 부품 공급 계약을 맺었다.\n"
        "한빛전자는 20일 에이비씨와 5년간 부품 공급 계약을 맺었다고 밝혔다."
    )
    assert article.title == "한빛전자가 에이비씨와 부품 공급 계약을 맺었다"
