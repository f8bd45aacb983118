"""The facts document: its JSON shape and the errors for malformed documents."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from briefing.errors import FactsFormatError
from briefing.types import (
    SCHEMA,
    SCHEMA_REVISION,
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

TOP_KEYS = {
    "schema",
    "revision",
    "article",
    "event",
    "parties",
    "people",
    "tech_areas",
    "commitments",
    "quotes",
    "amounts",
}


def make_facts() -> Facts:
    article = Article(
        id="0123456789abcdef",
        source_path="seeds/a.txt",
        title=Text("한·미 기술협력", "Korea-U.S. technology cooperation"),
        outlet=Text("서울경제", "Seoul Economic Daily"),
        published="2025-10-29",
        byline=Text("강도원", "Kang Do-won"),
        sentences=(
            Sentence(0, "양국은 협력하기로 했다.", None),
            Sentence(1, "최소 1000만 달러를 지원한다.", "It will provide USD 10 million."),
        ),
    )
    usd = Amount(10_000_000, "USD", Text("최소 1000만 달러", "at least USD 10 million"), (1,))
    return Facts(
        article=article,
        event=Event(
            "agreement", Text("기술협력", None), "2025-10-29", Text("경주", "Gyeongju"), (0,)
        ),
        parties=(Party(Text("미국", "United States"), "country", (0,)),),
        people=(
            Person(
                Text("배경훈", "Bae Kyung-hoon"),
                Text("장관", "Minister"),
                None,
                ("signatory", "speaker"),
                (0, 1),
            ),
        ),
        tech_areas=(TechArea("ai", Text("인공지능", "AI"), (0,)),),
        commitments=(
            Commitment(
                Text("지원", None),
                (Text("양국", "both countries"),),
                ("ai",),
                replace(usd, evidence=()),
                Text("내년", "next year (2026)"),
                (1,),
            ),
        ),
        quotes=(Quote(Text("배경훈", "Bae Kyung-hoon"), Text("협력", None), (1,)),),
        amounts=(usd,),
    )


def test_every_top_level_key_is_present_even_when_empty() -> None:
    facts = Facts(article=make_facts().article)
    doc = facts.to_dict()
    assert set(doc) == TOP_KEYS
    assert doc["schema"] == SCHEMA
    assert doc["revision"] == SCHEMA_REVISION
    assert doc["event"] is None
    assert all(doc[k] == [] for k in TOP_KEYS - {"schema", "revision", "article", "event"})


def test_a_revision_1_document_without_provenance_still_reads() -> None:
    doc = make_facts().to_dict()
    del doc["revision"]
    for key in ("parties", "people"):
        for item in doc[key]:
            del item["name_source"], item["confidence"]
    for item in doc["commitments"]:
        del item["action"], item["object"], item["confidence"]
    for item in doc["quotes"]:
        del item["confidence"]
    facts = Facts.from_dict(doc)
    assert all(p.name_source is None for p in facts.people)


def test_a_confidence_outside_zero_to_one_names_the_field() -> None:
    doc = make_facts().to_dict()
    doc["people"][0]["confidence"] = 1.5
    with pytest.raises(FactsFormatError, match=r"\$\.people\[0\]\.confidence: 1\.5 is not between"):
        Facts.from_dict(doc)


def test_round_trip_through_json_is_lossless() -> None:
    facts = make_facts()
    again = Facts.from_dict(json.loads(json.dumps(facts.to_dict(), ensure_ascii=False)))
    assert again == facts


def test_commitment_amount_has_no_evidence_of_its_own() -> None:
    doc = make_facts().to_dict()
    assert set(doc["commitments"][0]["amount"]) == {"value", "currency", "text"}
    assert set(doc["amounts"][0]) == {"value", "currency", "text", "evidence"}


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("parties"), "facts field $.parties: missing"),
        (lambda d: d.update(schema="x/2"), "facts field $.schema: 'x/2' is not 'briefing.facts/1'"),
        (
            lambda d: d["people"][0].update(roles=["boss"]),
            "facts field $.people[0].roles[0]: 'boss' is not one of signatory, host, attendee, "
            "speaker, mentioned",
        ),
        (
            lambda d: d["parties"][0].update(evidence=[7]),
            "facts field $.parties[0].evidence[0]: sentence id 7 does not exist",
        ),
        (
            lambda d: d["amounts"][0].update(value="many"),
            "facts field $.amounts[0].value: expected a number",
        ),
        (
            lambda d: d["quotes"][0].update(text="plain"),
            'facts field $.quotes[0].text: expected a text pair {"ko": ..., "en": ...}',
        ),
    ],
)
def test_malformed_documents_name_the_field_at_fault(mutate, message) -> None:  # type: ignore[no-untyped-def]
    doc = make_facts().to_dict()
    mutate(doc)
    with pytest.raises(FactsFormatError) as info:
        Facts.from_dict(doc)
    assert info.value.message == message
