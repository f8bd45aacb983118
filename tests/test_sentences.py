"""Stage 3, split: Kiwi sentences, glued sentences, and bounded time on very long input.

Kiwi costs seconds to load; ``kiwi()`` is cached per process, so these tests share one.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from briefing.clean import clean_document
from briefing.read import read_document
from briefing.sentences import kiwi, split_sentences, unglue_sentences

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"


@pytest.fixture(scope="module")
def analyser() -> Any:
    return kiwi()


def test_kiwi_is_loaded_once(analyser: Any) -> None:
    assert kiwi() is analyser


def test_glued_sentences_are_split(analyser: Any) -> None:
    body = (
        "HD현대가 투자 프로그램을 조성합니다.한국 정부가 제시했던 프로젝트의 신호탄입니다."
        "HD현대는 25일(현지시간) MOU를 맺었습니다.\n"
        "두 그룹은 협력하기로 했다.1일 방한한 올트먼 CEO는 회장과 회동했다."
    )
    assert split_sentences(body) == [
        "HD현대가 투자 프로그램을 조성합니다.",
        "한국 정부가 제시했던 프로젝트의 신호탄입니다.",
        "HD현대는 25일(현지시간) MOU를 맺었습니다.",
        "두 그룹은 협력하기로 했다.",
        "1일 방한한 올트먼 CEO는 회장과 회동했다.",
    ]


def test_numbers_abbreviations_ellipses_and_quotes_stay_whole(analyser: Any) -> None:
    quote = (
        "조 실장은 “최근 복합위기 상황에서 미래는 기술에 달려 있다”며 “한국은 핵심 정책을 "
        "추진 중”이라고 말했다."
    )
    sentences = [
        "양국 정부와 제약사가 함께하는 1.5트랙(반관반민) 형태 회의를 내년 미국에서 개최한다.",
        quote,
        "U.S. 상무부는 정부 총지출의 4.9%를 반도체에 쓴다고 밝혔다.",
        "韓美 동맹 군사·경제 이어 기술까지…반도체센터 협력을 확대했다.",
        "양국 정상이 협약식에서 박수치고 있다. 2023.12.13",
    ]
    assert split_sentences("\n".join(sentences)) == sentences


def test_paragraphs_never_share_a_sentence(analyser: Any) -> None:
    assert split_sentences("9일 용산에서 ‘기술 대화’\n한국과 미국이 협력하기로 했다") == [
        "9일 용산에서 ‘기술 대화’",
        "한국과 미국이 협력하기로 했다",
    ]


def test_unglue_leaves_numbers_and_abbreviations_alone() -> None:
    text = "1.5트랙과 2023.12.13, U.S. 정부, 韓.美 회담, www.example.com"
    assert unglue_sentences(text) == text


def test_fixture_article_with_glued_sentences(analyser: Any) -> None:
    cleaned = clean_document(read_document(FIXTURES / "dev_d02_seoul_shinmun.txt"))
    sentences = split_sentences(cleaned.body)
    glued_first = "두 그룹은 오픈AI와 서남권에 인공지능(AI) 데이터센터를 짓는 데도 협력하기로 했다."
    assert glued_first in sentences
    assert any(s.startswith("1일 방한한 샘 올트먼 오픈AI 최고경영자(CEO)는") for s in sentences)
    assert not any(".1일" in s or "다.우선" in s for s in sentences)


@pytest.mark.slow
def test_very_long_input_is_split_in_bounded_time(analyser: Any) -> None:
    # One 200,000-character paragraph of prose, and 1 MB of Hangul without a single space.
    prose = " ".join(f"양국은 {i}번째 공동연구 과제를 선정했다." for i in range(8_000))
    no_spaces = "가나다라마바사" * 50_000
    started = time.perf_counter()
    split_prose = split_sentences(prose)
    split_blob = split_sentences(no_spaces)
    elapsed = time.perf_counter() - started
    assert elapsed < 60, f"took {elapsed:.1f} s"
    assert len(split_prose) == 8_000
    assert "".join(split_blob) == no_spaces
