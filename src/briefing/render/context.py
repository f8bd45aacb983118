"""The one template context of a memo, built in one place from the facts document.

Both the HTML templates (PDF) and the DOCX writer read a ``MemoContext`` and nothing else,
so the two formats carry the same content.  Every piece of text is a ``Span`` that knows
its language and whether it is Korean standing in for missing English (``untranslated``):
the English memo marks such text plainly, it never shows Korean silently.  Text is made
XML-safe here, and characters the embedded fonts cannot draw are replaced by ``[U+XXXX]``
and listed in ``missing_glyphs``: never an empty box in silence.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from briefing import __version__
from briefing.errors import RenderError
from briefing.memo_plan import MAX_SHOWN_CHARS, MAX_TITLE_CHARS, MemoPlan, clip, plan_memo
from briefing.render.docx import xml_safe
from briefing.render.fonts import codepoint_label, covered_codepoints, missing_glyphs
from briefing.render.templating import asset_path
from briefing.types import Commitment, Facts, Person, Text

LOGGER = logging.getLogger("briefing.render")

MemoLang = Literal["ko", "en"]
MAX_KEY_POINTS = 5
# For a labels.toml of the user's made before the note existed.
SHORTENED_NOTE = {
    "ko": "긴 기사라서 목록을 줄였습니다. 전체는 facts.json에 있습니다:",
    "en": "A long article: the lists are shortened; facts.json holds all of it:",
}
RUNNING_TITLE_CHARS = 60


@dataclass(frozen=True)
class Span:
    """A piece of text as the memo shows it."""

    text: str
    lang: str  # "ko" or "en": the language ``text`` is in
    untranslated: bool = False  # English wanted, only the Korean exists: marked in the memo


Line = tuple[Span, ...]


@dataclass(frozen=True)
class Cite:
    """A citation of one source sentence: shown as ``[number]``, linked to ``anchor``."""

    sentence_id: int
    number: int
    anchor: str


@dataclass(frozen=True)
class HeaderRow:
    label: str
    value: Line


@dataclass(frozen=True)
class Item:
    """A bullet: an optional bold lead ("Signed by"), the text, and its citations."""

    lead: str
    line: Line
    cites: tuple[Cite, ...]


@dataclass(frozen=True)
class PersonRow:
    name: Line
    title: Line
    organization: Line
    roles: Line
    cites: tuple[Cite, ...]
    detail: Line = ()  # title and organisation, the missing ones left out


@dataclass(frozen=True)
class PartyRow:
    name: Line
    kind: Line
    cites: tuple[Cite, ...]


@dataclass(frozen=True)
class Field:
    """A labelled value; only fields that have a value are listed."""

    label: str
    value: Line


@dataclass(frozen=True)
class PartyGroup:
    """The parties of one kind, listed inline under the kind's plural label."""

    label: str
    parties: tuple[PartyRow, ...]


@dataclass(frozen=True)
class CommitmentRow:
    number: int
    actors: Line
    what: Line
    areas: Line
    amount: Line
    timeline: Line
    cites: tuple[Cite, ...]
    details: tuple[Field, ...] = ()  # actors, area, amount, timeline: the known ones only


@dataclass(frozen=True)
class QuoteRow:
    speaker: Line
    text: Line
    original: Line | None  # English memo: the Korean original beside the machine translation
    cites: tuple[Cite, ...]


@dataclass(frozen=True)
class SourceRow:
    number: int
    anchor: str
    text: Line


@dataclass(frozen=True)
class MemoContext:
    """Everything one memo in one language shows; the templates use nothing else."""

    lang: MemoLang
    labels: Mapping[str, Any]
    title: Line
    running_title: str
    header: tuple[HeaderRow, ...]
    key_points: tuple[Item, ...]
    people: tuple[PersonRow, ...]
    parties: tuple[PartyRow, ...]
    party_groups: tuple[PartyGroup, ...]  # the same parties grouped by kind, in kind order
    tech_areas: tuple[Item, ...]
    commitments: tuple[CommitmentRow, ...]
    quotes: tuple[QuoteRow, ...]
    sources: tuple[SourceRow, ...]
    notes: tuple[str, ...]  # e.g. how to get the untranslated text translated
    missing_glyphs: tuple[str, ...]  # "U+1F600" codes of characters no font can draw

    @property
    def plain_title(self) -> str:
        return " ".join(span.text for span in self.title)


# --------------------------------------------------------------------------- labels

LABEL_KEYS = (
    "memo",
    "untranslated",
    "missing",
    "key_points",
    "sources",
    "event_types",
    "party_kinds",
    "roles",
    "page_before",
    "page_between",
    "page_after",
)


def load_labels(templates_dir: Path | None) -> dict[str, Mapping[str, Any]]:
    """The memo's words per language from ``labels.toml`` (the user's, else the bundled)."""
    path = asset_path("labels.toml", templates_dir)
    return _load_labels(path, path.stat().st_mtime_ns)  # an edited file is read again


@cache
def _load_labels(path: Path, mtime_ns: int) -> dict[str, Mapping[str, Any]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RenderError(
            f"labels file {path} cannot be read: {exc}",
            "fix the TOML or remove the file to use the bundled one",
        ) from exc
    for lang in ("ko", "en"):
        table = data.get(lang)
        missing = [key for key in LABEL_KEYS if not isinstance(table, dict) or key not in table]
        if missing:
            raise RenderError(
                f"labels file {path}: [{lang}] lacks {', '.join(missing)}",
                "copy the missing keys from the bundled templates/labels.toml",
            )
    return {"ko": data["ko"], "en": data["en"]}


# --------------------------------------------------------------------------- building


class _Builder:
    """Turns facts values into Spans for one language; records characters no font has."""

    def __init__(
        self,
        facts: Facts,
        plan: MemoPlan,
        lang: MemoLang,
        labels: Mapping[str, Any],
        covered: frozenset[int],
    ) -> None:
        self.facts = facts
        self.plan = plan
        self.lang = lang
        self.labels = labels
        self.covered = covered
        self.missing: dict[str, None] = {}
        self.untranslated = False

    def clean(self, text: str) -> str:
        text = xml_safe(text)
        for char in missing_glyphs(text, self.covered):
            self.missing[f"U+{ord(char):04X}"] = None
            text = text.replace(char, codepoint_label(char))
        return text

    def plain(self, text: str) -> Span:
        """A memo's own words (labels, numbers, dates): in the memo's language."""
        return Span(self.clean(text), self.lang)

    def text(self, value: Text | None, limit: int = MAX_SHOWN_CHARS) -> Span:
        """A facts text pair in the memo's language, marked if the English is missing."""
        if value is None or (value.ko is None and value.en is None):
            return Span(self.labels["missing"], self.lang)
        if self.lang == "ko":
            return Span(self.clean(clip(value.ko or value.en or "", limit)), "ko")
        if value.en:
            return Span(self.clean(clip(value.en, limit)), "en")
        self.untranslated = True
        return Span(self.clean(clip(value.ko or "", limit)), "ko", untranslated=True)

    def line(self, values: Iterable[Span], sep: str = ", ") -> Line:
        spans: list[Span] = []
        for span in values:
            if spans:
                spans.append(Span(sep, self.lang))
            spans.append(span)
        return tuple(spans) or (Span(self.labels["missing"], self.lang),)

    def cites(self, *evidence: Iterable[int]) -> tuple[Cite, ...]:
        return tuple(Cite(i, i + 1, f"s{i}") for i in self.plan.cites(*evidence))


def _person_line(b: _Builder, person: Person) -> Line:
    spans = [b.text(person.name)]
    detail = [b.text(x) for x in (person.title, person.organization) if x is not None]
    if detail:
        spans.append(Span(" (", b.lang))
        spans.extend(b.line(detail))
        spans.append(Span(")", b.lang))
    return tuple(spans)


def _key_points(b: _Builder) -> list[Item]:
    facts, labels = b.facts, b.labels
    points: list[Item] = []
    event = facts.event
    if event is not None:
        spans = [b.text(event.name) if event.name else b.plain(labels["event_types"][event.type])]
        where = [b.plain(event.date)] if event.date else []
        if event.location is not None:
            where.append(b.text(event.location))
        if where:
            spans.append(Span(" — ", b.lang))
            spans.extend(b.line(where))
        points.append(Item(labels["event"], tuple(spans), b.cites(event.evidence)))
    for role, lead in (("signatory", "signed_by"), ("host", "hosted_by")):
        people = [p for p in b.plan.people if role in p.roles]
        if people:
            line = tuple(s for p in people for s in (*_person_line(b, p), Span("; ", b.lang)))
            points.append(Item(labels[lead], line[:-1], b.cites(*(p.evidence for p in people))))
    if not points and b.plan.parties:
        points.append(
            Item(
                labels["parties"],
                b.line(b.text(p.name) for p in b.plan.parties[:6]),
                b.cites(*(p.evidence for p in b.plan.parties[:6])),
            )
        )
    ranked = sorted(b.plan.commitments, key=lambda c: (c.amount is None, c.timeline is None))
    for commitment in ranked[: MAX_KEY_POINTS - len(points)]:
        spans = list(b.line(b.text(a) for a in commitment.actors))
        spans.append(Span(": ", b.lang))
        spans.append(b.text(commitment.text))
        extra = [
            b.text(x)
            for x in (commitment.amount.text if commitment.amount else None, commitment.timeline)
            if x is not None
        ]
        if extra:
            spans.append(Span(" — ", b.lang))
            spans.extend(b.line(extra))
        points.append(Item("", tuple(spans), b.cites(commitment.evidence)))
    return points[:MAX_KEY_POINTS]


def _commitment_row(
    b: _Builder, number: int, c: Commitment, area_labels: Mapping[str, Text]
) -> CommitmentRow:
    labels = b.labels
    areas = [b.text(area_labels[a]) if a in area_labels else b.plain(a) for a in c.tech_areas]
    amount = c.amount.text if c.amount else None
    known = (
        (labels["actors"], [b.text(a) for a in c.actors]),
        (labels["area"], areas),
        (labels["amount"], [b.text(amount)] if amount else []),
        (labels["timeline"], [b.text(c.timeline)] if c.timeline else []),
    )
    return CommitmentRow(
        number=number,
        actors=b.line(b.text(a) for a in c.actors),
        what=(b.text(c.text),),
        areas=b.line(areas),
        amount=(b.text(amount),),
        timeline=(b.text(c.timeline),),
        cites=b.cites(c.evidence),
        details=tuple(Field(label, b.line(values)) for label, values in known if values),
    )


def build_context(
    facts: Facts, lang: MemoLang, *, generated_at: str, templates_dir: Path | None = None
) -> MemoContext:
    """The memo context of ``facts`` in ``lang`` ("ko" or "en")."""
    labels = load_labels(templates_dir)[lang]
    plan = plan_memo(facts)
    b = _Builder(
        facts,
        plan,
        lang,
        labels,
        covered_codepoints(templates_dir.resolve() if templates_dir else None),
    )
    article = facts.article
    title = b.text(article.title, MAX_TITLE_CHARS) if article.title else b.plain(labels["untitled"])
    area_labels = {t.id: t.label for t in facts.tech_areas}
    model = facts.meta.get("translation_model")
    header = (
        HeaderRow(labels["outlet"], (b.text(article.outlet),)),
        HeaderRow(labels["published"], (b.plain(article.published or labels["missing"]),)),
        HeaderRow(labels["source_file"], (b.plain(article.source_path),)),
        HeaderRow(labels["generated_at"], (b.plain(generated_at),)),
        HeaderRow(labels["tool_version"], (b.plain(f"briefing {__version__}"),)),
        HeaderRow(
            labels["translation_model"], (b.plain(str(model) if model else labels["no_model"]),)
        ),
    )
    people = tuple(
        PersonRow(
            name=(b.text(p.name),),
            title=(b.text(p.title),),
            organization=(b.text(p.organization),),
            roles=b.line(b.plain(labels["roles"][r]) for r in p.roles),
            cites=b.cites(p.evidence),
            detail=b.line(b.text(x) for x in (p.title, p.organization) if x is not None),
        )
        for p in plan.people
    )
    parties = tuple(
        PartyRow((b.text(p.name),), (b.plain(labels["party_kinds"][p.kind]),), b.cites(p.evidence))
        for p in plan.parties
    )
    tech = tuple(Item("", (b.text(t.label),), b.cites(t.evidence)) for t in facts.tech_areas)
    group_labels = labels.get("party_groups", labels["party_kinds"])
    party_groups = tuple(
        PartyGroup(str(group_labels.get(kind, labels["party_kinds"][kind])), members)
        for kind in labels["party_kinds"]
        if (
            members := tuple(
                row for row, p in zip(parties, plan.parties, strict=True) if p.kind == kind
            )
        )
    )
    commitments = tuple(
        _commitment_row(b, i, c, area_labels) for i, c in enumerate(plan.commitments, start=1)
    )
    quotes = tuple(
        QuoteRow(
            speaker=(b.text(q.speaker),),
            text=(b.text(q.text),),
            original=(Span(b.clean(clip(q.text.ko)), "ko"),)
            if lang == "en" and q.text.en and q.text.ko
            else None,
            cites=b.cites(q.evidence),
        )
        for q in plan.quotes
    )
    sources = tuple(
        SourceRow(s.id + 1, f"s{s.id}", (b.text(Text(s.ko, s.en)),))
        for s in (article.sentences[i] for i in plan.sources)
    )
    key_points = tuple(_key_points(b))
    running = title.text
    if title.untranslated:
        running = f"{labels['untranslated']} {running}"
    if len(running) > RUNNING_TITLE_CHARS:
        running = running[: RUNNING_TITLE_CHARS - 1] + "…"
    notes = []
    if b.untranslated and labels.get("untranslated_note"):
        notes.append(labels["untranslated_note"])
    if plan.shortened:
        left_out = ", ".join(f"{labels[section]} +{count}" for section, count in plan.omitted)
        notes.append(f"{labels.get('shortened_note', SHORTENED_NOTE[lang])} {left_out}")
    if b.missing:  # the pipeline warns once per article (missing_glyphs_warning)
        notes.append(f"{labels['missing_glyphs_note']} {', '.join(b.missing)}")
    return MemoContext(
        lang=lang,
        labels=labels,
        title=(title,),
        running_title=running,
        header=header,
        key_points=key_points,
        people=people,
        parties=parties,
        party_groups=party_groups,
        tech_areas=tech,
        commitments=commitments,
        quotes=quotes,
        sources=sources,
        notes=tuple(notes),
        missing_glyphs=tuple(b.missing),
    )
