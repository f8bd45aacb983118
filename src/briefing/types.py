"""Central types of the pipeline (frozen dataclasses) and the facts document's JSON form.

read -> clean -> split -> extract -> translate -> render -> write

``Facts`` is the public ``briefing.facts/1`` document (see docs/facts-schema.md); every
memo is rendered from it alone. ``Facts.to_dict`` / ``Facts.from_dict`` are the only
places that know its JSON shape; ``from_dict`` names the field at fault.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal, cast, get_args

from briefing.errors import FactsFormatError

SCHEMA = "briefing.facts/1"

EventType = Literal[
    "agreement", "dialogue", "summit", "contract", "investment", "announcement", "other"
]
PartyKind = Literal["country", "government", "company", "research", "international", "other"]
Role = Literal["signatory", "host", "attendee", "speaker", "mentioned"]
# Where an English name came from, most trusted first (docs/facts-schema.md).
NameSource = Literal[
    "glossary",  # bundled or user glossary / entity table
    "article",  # English the article gives in brackets
    "registry",  # a bracketed spelling seen in an earlier article (the names registry)
    "known",  # bundled list of foreign people in Korean technology news
    "rule",  # Korean romanisation, Japanese Hepburn or Chinese pinyin by rule
    "transliteration",  # letter-by-letter guess: shown marked in memos
]

EVENT_TYPES: tuple[str, ...] = get_args(EventType)
PARTY_KINDS: tuple[str, ...] = get_args(PartyKind)
ROLES: tuple[str, ...] = get_args(Role)
NAME_SOURCES: tuple[str, ...] = get_args(NameSource)
# The facts document's revision within briefing.facts/1: fields are only ever added.
SCHEMA_REVISION = 2

Evidence = tuple[int, ...]


# --------------------------------------------------------------------------- stages 1-3


# The formats `read` understands (src/briefing/readers/): plain text, HTML pages, PDF (text
# layer or OCR), Word DOCX, Hangul HWPX and HWP 5, e-mail (.eml) and saved pages (.mhtml).
DocumentKind = Literal["text", "html", "pdf", "docx", "hwpx", "hwp", "eml", "mhtml"]


@dataclass(frozen=True)
class RawDocument:
    """What `read` produced: decoded text of one file, before cleaning."""

    source_path: str
    text: str
    encoding: str
    kind: DocumentKind
    # What the document states about itself outside its text, never guessed: a page's
    # og:title/<title>, article:published_time and og:site_name; an e-mail's Date header;
    # a press release's 보도 일시 and issuing ministry (read by clean's press-release step).
    html_title: str | None = None
    html_published: str | None = None  # ISO date
    html_site_name: str | None = None
    html_url: str | None = None  # the page's own address (og:url, else rel=canonical)


@dataclass(frozen=True)
class CleanArticle:
    """What `clean` produced: the story's text without page furniture, plus metadata."""

    source_path: str
    title: str | None
    body: str
    published: str | None  # ISO date
    byline: str | None
    outlet: str | None


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class Text:
    """A text pair: every human-readable value carries Korean and English."""

    ko: str | None
    en: str | None = None

    def with_en(self, en: str | None) -> Text:
        return Text(self.ko, en)


@dataclass(frozen=True)
class Sentence:
    id: int
    ko: str
    en: str | None = None


@dataclass(frozen=True)
class Article:
    id: str
    source_path: str
    title: Text | None
    outlet: Text | None
    published: str | None
    byline: Text | None
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Event:
    type: EventType
    name: Text | None
    date: str | None
    location: Text | None
    evidence: Evidence = ()


@dataclass(frozen=True)
class Party:
    name: Text
    kind: PartyKind
    evidence: Evidence = ()
    name_source: NameSource | None = None
    confidence: float | None = None  # 0..1, how sure the extractor is


@dataclass(frozen=True)
class Person:
    name: Text
    title: Text | None
    organization: Text | None
    roles: tuple[Role, ...]
    evidence: Evidence = ()
    name_source: NameSource | None = None
    confidence: float | None = None


@dataclass(frozen=True)
class TechArea:
    id: str
    label: Text
    evidence: Evidence = ()


@dataclass(frozen=True)
class Amount:
    """A sum of money. Inside a commitment the evidence is the commitment's own."""

    value: int | float
    currency: str
    text: Text
    evidence: Evidence = ()


@dataclass(frozen=True)
class Commitment:
    text: Text
    actors: tuple[Text, ...]
    tech_areas: tuple[str, ...]
    amount: Amount | None
    timeline: Text | None
    evidence: Evidence = ()
    # A verb of the controlled vocabulary (data/actions.toml: cooperate, invest, build, ...)
    # and what it acts on, so English can be composed from the facts.
    action: str | None = None
    object: Text | None = None
    confidence: float | None = None


@dataclass(frozen=True)
class Quote:
    speaker: Text | None
    text: Text
    evidence: Evidence = ()
    confidence: float | None = None


@dataclass(frozen=True)
class Facts:
    article: Article
    event: Event | None = None
    parties: tuple[Party, ...] = ()
    people: tuple[Person, ...] = ()
    tech_areas: tuple[TechArea, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    quotes: tuple[Quote, ...] = ()
    amounts: tuple[Amount, ...] = ()
    # Extra, non-schema information (e.g. translation model); written under "meta".
    meta: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return _facts_to_dict(self)

    @classmethod
    def from_dict(cls, data: Any) -> Facts:
        return _facts_from_dict(data)

    def sentence(self, sentence_id: int) -> Sentence | None:
        sentences = self.article.sentences
        if 0 <= sentence_id < len(sentences) and sentences[sentence_id].id == sentence_id:
            return sentences[sentence_id]
        return next((s for s in sentences if s.id == sentence_id), None)

    def replace(self, **changes: Any) -> Facts:
        return replace(self, **changes)


# --------------------------------------------------------------------------- to JSON


def _text(t: Text | None) -> dict[str, str | None] | None:
    return None if t is None else {"ko": t.ko, "en": t.en}


def _money(a: Amount) -> dict[str, Any]:
    return {"value": a.value, "currency": a.currency, "text": _text(a.text)}


def _facts_to_dict(f: Facts) -> dict[str, Any]:
    a = f.article
    doc: dict[str, Any] = {
        "schema": SCHEMA,
        "revision": SCHEMA_REVISION,
        "article": {
            "id": a.id,
            "source_path": a.source_path,
            "title": _text(a.title),
            "outlet": _text(a.outlet),
            "published": a.published,
            "byline": _text(a.byline),
            "sentences": [{"id": s.id, "ko": s.ko, "en": s.en} for s in a.sentences],
        },
        "event": None
        if f.event is None
        else {
            "type": f.event.type,
            "name": _text(f.event.name),
            "date": f.event.date,
            "location": _text(f.event.location),
            "evidence": list(f.event.evidence),
        },
        "parties": [
            {
                "name": _text(p.name),
                "kind": p.kind,
                "evidence": list(p.evidence),
                "name_source": p.name_source,
                "confidence": p.confidence,
            }
            for p in f.parties
        ],
        "people": [
            {
                "name": _text(p.name),
                "title": _text(p.title),
                "organization": _text(p.organization),
                "roles": list(p.roles),
                "evidence": list(p.evidence),
                "name_source": p.name_source,
                "confidence": p.confidence,
            }
            for p in f.people
        ],
        "tech_areas": [
            {"id": t.id, "label": _text(t.label), "evidence": list(t.evidence)}
            for t in f.tech_areas
        ],
        "commitments": [
            {
                "text": _text(c.text),
                "actors": [_text(x) for x in c.actors],
                "tech_areas": list(c.tech_areas),
                "amount": None if c.amount is None else _money(c.amount),
                "timeline": _text(c.timeline),
                "evidence": list(c.evidence),
                "action": c.action,
                "object": _text(c.object),
                "confidence": c.confidence,
            }
            for c in f.commitments
        ],
        "quotes": [
            {
                "speaker": _text(q.speaker),
                "text": _text(q.text),
                "evidence": list(q.evidence),
                "confidence": q.confidence,
            }
            for q in f.quotes
        ],
        "amounts": [{**_money(x), "evidence": list(x.evidence)} for x in f.amounts],
    }
    if f.meta:
        doc["meta"] = dict(f.meta)
    return doc


# --------------------------------------------------------------------------- from JSON


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ARTICLE_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,63}")


class _Reader:
    """Walks a parsed JSON value and raises FactsFormatError naming the field at fault."""

    def __init__(self, value: Any, path: str) -> None:
        self.value = value
        self.path = path

    def fail(self, what: str) -> FactsFormatError:
        return FactsFormatError(
            f"facts field {self.path}: {what}",
            "fix the field or regenerate it with `briefing extract ARTICLE --format json`",
        )

    def get(self, key: str, *, required: bool = True) -> _Reader:
        if not isinstance(self.value, dict):
            raise self.fail("expected an object")
        if key not in self.value:
            if required:
                raise _Reader(None, f"{self.path}.{key}").fail("missing")
            return _Reader(None, f"{self.path}.{key}")
        return _Reader(self.value[key], f"{self.path}.{key}")

    def items(self) -> Iterable[_Reader]:
        if not isinstance(self.value, list):
            raise self.fail("expected a list")
        return (_Reader(v, f"{self.path}[{i}]") for i, v in enumerate(self.value))

    def str_(self, *, nullable: bool = False) -> str:
        if self.value is None and nullable:
            return cast(str, None)
        if not isinstance(self.value, str):
            raise self.fail("expected a string" + (" or null" if nullable else ""))
        return self.value

    def opt_str(self) -> str | None:
        return None if self.value is None else self.str_()

    def opt_iso_date(self) -> str | None:
        """An ISO date or null: it names output folders, so nothing else gets through."""
        value = self.opt_str()
        if value is None:
            return None
        try:
            valid = _ISO_DATE.fullmatch(value) is not None and bool(date.fromisoformat(value))
        except ValueError:
            valid = False
        if not valid:
            raise self.fail(f"{value!r} is not an ISO date (YYYY-MM-DD)")
        return value

    def article_id(self) -> str:
        """An article id names a folder when the article has no title: no path characters."""
        value = self.str_()
        if not _ARTICLE_ID.fullmatch(value):
            raise self.fail(f"{value!r} is not an article id (letters, digits, - and _)")
        return value

    def int_(self) -> int:
        if not isinstance(self.value, int) or isinstance(self.value, bool):
            raise self.fail("expected an integer")
        return self.value

    def number(self) -> int | float:
        if not isinstance(self.value, int | float) or isinstance(self.value, bool):
            raise self.fail("expected a number")
        return self.value

    def choice(self, allowed: tuple[str, ...]) -> str:
        v = self.str_()
        if v not in allowed:
            raise self.fail(f"{v!r} is not one of {', '.join(allowed)}")
        return v

    def text(self) -> Text:
        if not isinstance(self.value, dict):
            raise self.fail('expected a text pair {"ko": ..., "en": ...}')
        return Text(self.get("ko").opt_str(), self.get("en", required=False).opt_str())

    def opt_text(self) -> Text | None:
        return None if self.value is None else self.text()

    def evidence(self, n_sentences: int) -> Evidence:
        ids = []
        for item in self.items():
            i = item.int_()
            if not 0 <= i < n_sentences:
                raise item.fail(f"sentence id {i} does not exist")
            ids.append(i)
        return tuple(ids)

    def opt(self, fn: Any) -> Any:
        return None if self.value is None else fn(self)

    def confidence(self) -> float | None:
        """An optional 0..1 figure (absent in documents of revision 1)."""
        if self.value is None:
            return None
        value = self.number()
        if not 0 <= value <= 1:
            raise self.fail(f"{value} is not between 0 and 1")
        return float(value)

    def opt_choice(self, allowed: tuple[str, ...]) -> str | None:
        return None if self.value is None else self.choice(allowed)


def _amount(r: _Reader, n: int, *, with_evidence: bool) -> Amount:
    return Amount(
        value=r.get("value").number(),
        currency=r.get("currency").str_(),
        text=r.get("text").text(),
        evidence=r.get("evidence").evidence(n) if with_evidence else (),
    )


def _facts_from_dict(data: Any) -> Facts:
    root = _Reader(data, "$")
    schema = root.get("schema").str_()
    if schema != SCHEMA:
        raise root.get("schema").fail(f"{schema!r} is not {SCHEMA!r}")
    ar = root.get("article")
    sentences = []
    for i, s in enumerate(ar.get("sentences").items()):
        sid = s.get("id").int_()
        if sid != i:
            raise s.get("id").fail(f"expected {i}: sentence ids run 0, 1, 2, ...")
        sentences.append(Sentence(sid, s.get("ko").str_(), s.get("en", required=False).opt_str()))
    n = len(sentences)
    article = Article(
        id=ar.get("id").article_id(),
        source_path=ar.get("source_path").str_(),
        title=ar.get("title").opt_text(),
        outlet=ar.get("outlet").opt_text(),
        published=ar.get("published").opt_iso_date(),
        byline=ar.get("byline").opt_text(),
        sentences=tuple(sentences),
    )
    ev = root.get("event")
    event = None
    if ev.value is not None:
        event = Event(
            type=cast(EventType, ev.get("type").choice(EVENT_TYPES)),
            name=ev.get("name").opt_text(),
            date=ev.get("date").opt_str(),
            location=ev.get("location").opt_text(),
            evidence=ev.get("evidence").evidence(n),
        )
    parties = tuple(
        Party(
            name=p.get("name").text(),
            kind=cast(PartyKind, p.get("kind").choice(PARTY_KINDS)),
            evidence=p.get("evidence").evidence(n),
            name_source=cast(
                NameSource | None, p.get("name_source", required=False).opt_choice(NAME_SOURCES)
            ),
            confidence=p.get("confidence", required=False).confidence(),
        )
        for p in root.get("parties").items()
    )
    people = tuple(
        Person(
            name=p.get("name").text(),
            title=p.get("title").opt_text(),
            organization=p.get("organization").opt_text(),
            roles=tuple(cast(Role, r.choice(ROLES)) for r in p.get("roles").items()),
            evidence=p.get("evidence").evidence(n),
            name_source=cast(
                NameSource | None, p.get("name_source", required=False).opt_choice(NAME_SOURCES)
            ),
            confidence=p.get("confidence", required=False).confidence(),
        )
        for p in root.get("people").items()
    )
    tech = tuple(
        TechArea(
            id=t.get("id").str_(),
            label=t.get("label").text(),
            evidence=t.get("evidence").evidence(n),
        )
        for t in root.get("tech_areas").items()
    )
    commitments = tuple(
        Commitment(
            text=c.get("text").text(),
            actors=tuple(a.text() for a in c.get("actors").items()),
            tech_areas=tuple(t.str_() for t in c.get("tech_areas").items()),
            amount=c.get("amount").opt(lambda r: _amount(r, n, with_evidence=False)),
            timeline=c.get("timeline").opt_text(),
            evidence=c.get("evidence").evidence(n),
            action=c.get("action", required=False).opt_str(),
            object=c.get("object", required=False).opt_text(),
            confidence=c.get("confidence", required=False).confidence(),
        )
        for c in root.get("commitments").items()
    )
    quotes = tuple(
        Quote(
            speaker=q.get("speaker").opt_text(),
            text=q.get("text").text(),
            evidence=q.get("evidence").evidence(n),
            confidence=q.get("confidence", required=False).confidence(),
        )
        for q in root.get("quotes").items()
    )
    amounts = tuple(_amount(a, n, with_evidence=True) for a in root.get("amounts").items())
    meta = root.get("meta", required=False).value or {}
    if not isinstance(meta, dict):
        raise root.get("meta").fail("expected an object")
    return Facts(article, event, parties, people, tech, commitments, quotes, amounts, meta)
