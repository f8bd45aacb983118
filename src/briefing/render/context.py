"""The one template context of a memo, built in one place from the facts document.

Both the HTML templates (PDF) and the DOCX writer read a ``MemoContext`` and nothing else,
so the two formats carry the same content. The English memo's headline, key points,
commitment lines and quotes are composed from the facts (``translate.compose``); Korean left
in them, or anywhere before the annex, is bracketed, marked and counted (``korean_left``).
Text becomes ``Span``s through the ``TextPicker`` the weekly digest uses too (``rows.py``):
in the memo's language, marked where Korean stands in for missing English, XML-safe, and
``[U+XXXX]`` for characters the embedded fonts cannot draw (listed in ``missing_glyphs``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from briefing import __version__
from briefing.memo_plan import MAX_SHOWN_CHARS, MAX_TITLE_CHARS, MemoPlan, clip, plan_memo
from briefing.render.fonts import covered_codepoints
from briefing.render.labels import load_labels
from briefing.render.rows import (
    Cite,
    CommitmentRow,
    Field,
    HeaderRow,
    Item,
    Line,
    PartyGroup,
    PartyRow,
    PersonRow,
    QuoteRow,
    SourceRow,
    Span,
    TextPicker,
)
from briefing.translate.compose import (
    KOREAN_MARK,
    Composed,
    commitment_line,
    event_line,
    headline,
    is_thin,
    key_commitments,
    korean_runs,
    mark_korean,
    quote_line,
    title_names_organisation,
)
from briefing.types import Commitment, Event, Facts, NameSource, Party, Person, Quote, Text

LOGGER = logging.getLogger("briefing.render")

MemoLang = Literal["ko", "en"]
MAX_KEY_POINTS = 5
# For a labels.toml of the user's made before the note existed.
SHORTENED_NOTE = {
    "ko": "긴 기사라서 목록을 줄였습니다. 전체는 facts.json에 있습니다:",
    "en": "A long article: the lists are shortened; facts.json holds all of it:",
}
RUNNING_TITLE_CHARS = 60
# Below this confidence (0-1, the extractor's) a name is shown as uncertain.
LOW_CONFIDENCE = 0.6
# Not † (KOREAN_MARK): a guessed name is not Korean left in the English.
DEFAULT_GUESS_MARK = "‡"
COMPOSED_CHARS = 2 * MAX_SHOWN_CHARS  # a composed line (headline, commitment, quote gist)
KOREAN_NOTE = (
    "{mark} Korean with no English yet ({count} in this memo), shown in brackets. "
    "`briefing glossary missing ARTICLE` lists such terms; add them to your term lexicon or "
    "glossary ([data] terms, [data] glossary in the config)."
)


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
    # English memo: the Korean left before the annex (each shown as "[…]†"), in order
    korean_left: tuple[str, ...] = ()
    # English memo: the article's own headline in English (a translation), under the
    # composed one
    subtitle: Line = ()

    @property
    def plain_title(self) -> str:
        return " ".join(span.text for span in self.title)


# --------------------------------------------------------------------------- labels

LABELS_FILE = "labels.toml"
OPTIONAL_LABELS = (
    "party_groups",
    "untranslated_note",
    "annex",
    "shortened_note",
    "korean_mark",
    "korean_note",
    "article_headline",
    "name_guess_mark",
    "name_guess_note",
)


def memo_labels(templates_dir: Path | None) -> dict[str, Mapping[str, Any]]:
    """The memo's words per language (the user's labels.toml, else the bundled one)."""
    return load_labels(LABELS_FILE, templates_dir, OPTIONAL_LABELS)


def guess_mark(labels: Mapping[str, Any]) -> str:
    """The mark after a name that may be wrong (labels ``name_guess_mark``, optional)."""
    return str(labels.get("name_guess_mark", DEFAULT_GUESS_MARK))


# --------------------------------------------------------------------------- building


class _Builder(TextPicker):
    """A ``TextPicker`` for one article's memo."""

    def __init__(
        self,
        facts: Facts,
        plan: MemoPlan,
        lang: MemoLang,
        labels: Mapping[str, Any],
        covered: frozenset[int],
    ) -> None:
        super().__init__(lang, labels, covered)
        self.facts = facts
        self.plan = plan
        self.annex = False  # the sources annex: Korean there is the source, not a gap
        self.korean_left: list[str] = []
        self.mark = str(labels.get("korean_mark", KOREAN_MARK))
        self.guessed = False
        # how sure each name of the facts is, so actors and speakers are marked alike
        self.name_facts: dict[str, tuple[NameSource | None, float | None]] = {}
        named: list[Person | Party] = [*facts.people, *facts.parties]
        for p in named:
            if p.name.ko:
                self.name_facts.setdefault(p.name.ko, (p.name_source, p.confidence))

    def text(self, value: Text | None, limit: int = MAX_SHOWN_CHARS) -> Span:
        """As ``TextPicker.text``, cut to ``limit`` characters (a memo stays a memo). Before
        the annex, the English memo shows Korean bracketed and marked, and counts it."""
        if value is None:
            return super().text(None)
        if self.lang == "en" and not self.annex and (value.en or value.ko):
            return self.english(value.en or value.ko or "", limit)
        return super().text(
            Text(
                clip(value.ko, limit) if value.ko else value.ko,
                clip(value.en, limit) if value.en else value.en,
            )
        )

    def english(self, text: str, limit: int = MAX_SHOWN_CHARS) -> Span:
        """English for the memo proper: Korean left in it bracketed, marked and counted."""
        text = clip(text, limit)
        runs = korean_runs(text)
        if runs and not self.annex:
            self.korean_left.extend(runs)
            text = mark_korean(text, self.mark)
        return Span(self.clean(text), "en")

    def composed(self, composed: Composed) -> Line:
        # a composed line carries its whole object; the cut only bounds a pathological one
        return (self.english(composed.text, COMPOSED_CHARS),)

    def cites(self, *evidence: Iterable[int]) -> tuple[Cite, ...]:
        return tuple(Cite(i, i + 1, f"s{i}") for i in self.plan.cites(*evidence))

    def name(
        self,
        value: Text | None,
        source: NameSource | None = None,
        confidence: float | None = None,
    ) -> Span:
        """A person's or party's name, marked when it may be wrong: in the English memo a
        transliteration or a low-confidence name (the Korean original beside it), in the
        Korean memo a low-confidence name. Without ``source`` the facts' own is used."""
        span = self.text(value)
        if value is None or not value.ko or (self.lang == "en" and not value.en):
            return span  # no English: the Korean is shown, marked as Korean already
        if source is None and confidence is None:
            source, confidence = self.name_facts.get(value.ko, (None, None))
        unsure = confidence is not None and confidence < LOW_CONFIDENCE
        if self.lang == "en" and (unsure or source == "transliteration"):
            self.guessed = True
            return Span(
                span.text,
                span.lang,
                guessed=True,
                mark=guess_mark(self.labels),
                original=self.clean(clip(value.ko, MAX_SHOWN_CHARS)),
            )
        if self.lang == "ko" and unsure:
            self.guessed = True
            return Span(span.text, span.lang, guessed=True, mark=guess_mark(self.labels))
        return span


def _title_and_organisation(b: _Builder, person: Person) -> list[Text]:
    """The person's title and organisation; in English not the organisation the title
    already names ("Minister of Commerce of China", not "…, Ministry of Commerce of China")."""
    shown = [x for x in (person.title, person.organization) if x is not None]
    if (
        b.lang == "en"
        and person.title
        and person.organization
        and title_names_organisation(person.title.en or "", person.organization.en or "")
    ):
        shown = [person.title]
    return shown


def _person_line(b: _Builder, person: Person) -> Line:
    spans = [b.name(person.name, person.name_source, person.confidence)]
    detail = [b.text(x) for x in _title_and_organisation(b, person)]
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
        if b.lang == "en":
            composed = event_line(facts)
            event_spans = b.composed(composed) if composed else ()
            points.append(Item(labels["event"], event_spans, b.cites(event.evidence)))
        else:
            points.append(Item(labels["event"], _event_spans(b, event), b.cites(event.evidence)))
    for role, lead in (("signatory", "signed_by"), ("host", "hosted_by")):
        people = [p for p in b.plan.people if role in p.roles]
        if people:
            line = tuple(s for p in people for s in (*_person_line(b, p), Span("; ", b.lang)))
            points.append(Item(labels[lead], line[:-1], b.cites(*(p.evidence for p in people))))
    if not points and b.plan.parties:
        points.append(
            Item(
                labels["parties"],
                b.line(b.name(p.name, p.name_source, p.confidence) for p in b.plan.parties[:6]),
                b.cites(*(p.evidence for p in b.plan.parties[:6])),
            )
        )
    for commitment in key_commitments(b.plan.commitments, MAX_KEY_POINTS - len(points)):
        if b.lang == "en":
            composed_line = commitment_line(commitment, facts)
            points.append(Item("", b.composed(composed_line), b.cites(composed_line.evidence)))
            continue
        spans = list(b.line(b.name(a) for a in commitment.actors))
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


def _event_spans(b: _Builder, event: Event) -> Line:
    spans = [b.text(event.name) if event.name else b.plain(b.labels["event_types"][event.type])]
    where = [b.plain(event.date)] if event.date else []
    if event.location is not None:
        where.append(b.text(event.location))
    if where:
        spans.append(Span(" — ", b.lang))
        spans.extend(b.line(where))
    return tuple(spans)


def _commitment_row(
    b: _Builder, number: int, c: Commitment, area_labels: Mapping[str, Text]
) -> CommitmentRow:
    labels = b.labels
    areas = [b.text(area_labels[a]) if a in area_labels else b.plain(a) for a in c.tech_areas]
    amount = c.amount.text if c.amount else None
    actors = [b.name(a) for a in c.actors]
    known = (
        (labels["actors"], actors),
        (labels["area"], areas),
        (labels["amount"], [b.text(amount)] if amount else []),
        (labels["timeline"], [b.text(c.timeline)] if c.timeline else []),
    )
    what = b.composed(commitment_line(c, b.facts)) if b.lang == "en" else (b.text(c.text),)
    return CommitmentRow(
        number=number,
        actors=b.line(actors),
        what=what,
        areas=b.line(areas),
        amount=(b.text(amount),),
        timeline=(b.text(c.timeline),),
        cites=b.cites(c.evidence),
        details=tuple(Field(label, b.line(values)) for label, values in known if values),
    )


def build_context(
    facts: Facts,
    lang: MemoLang,
    *,
    generated_at: str,
    templates_dir: Path | None = None,
    paired: bool = False,
) -> MemoContext:
    """The memo context of ``facts`` in ``lang`` ("ko" or "en"); ``paired``: shown beside
    the other language row by row (the bilingual layout), so every row is kept."""
    labels = memo_labels(templates_dir)[lang]
    plan = plan_memo(facts)
    b = _Builder(
        facts,
        plan,
        lang,
        labels,
        covered_codepoints(templates_dir.resolve() if templates_dir else None),
    )
    article = facts.article
    if lang == "en":
        title = b.english(headline(facts).text, COMPOSED_CHARS)
    elif article.title:
        title = b.text(article.title, MAX_TITLE_CHARS)
    else:
        title = b.plain(labels["untitled"])
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
            name=(b.name(p.name, p.name_source, p.confidence),),
            title=(b.text(p.title),),
            organization=(b.text(p.organization),),
            roles=b.line(b.plain(labels["roles"][r]) for r in p.roles),
            cites=b.cites(p.evidence),
            detail=b.line(b.text(x) for x in _title_and_organisation(b, p)),
        )
        for p in plan.people
    )
    parties = tuple(
        PartyRow(
            (b.name(p.name, p.name_source, p.confidence),),
            (b.plain(labels["party_kinds"][p.kind]),),
            b.cites(p.evidence),
        )
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
    quotes = tuple(_quote_row(b, q) for q in plan.quotes)
    if not paired:
        quotes = _without_repeated_gists(quotes)
    key_points = tuple(_key_points(b))
    b.annex = True
    sources = tuple(
        SourceRow(s.id + 1, f"s{s.id}", (b.text(Text(s.ko, s.en)),))
        for s in (article.sentences[i] for i in plan.sources)
    )
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
    if b.guessed and labels.get("name_guess_note"):
        notes.append(f"{guess_mark(labels)} {labels['name_guess_note']}")
    if b.korean_left:
        template = str(labels.get("korean_note", KOREAN_NOTE))
        notes.append(template.format(mark=b.mark, count=len(b.korean_left)))
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
        korean_left=tuple(b.korean_left),
        subtitle=_subtitle(b, facts),
    )


def _quote_row(b: _Builder, q: Quote) -> QuoteRow:
    if b.lang == "ko":
        speaker = b.name(q.speaker) if q.speaker is not None else b.text(None)
        return QuoteRow((speaker,), (b.text(q.text),), None, b.cites(q.evidence))
    # English: who spoke on what, by rule; the words only as a machine translation (the
    # Korean original stays in the sources annex)
    gist = quote_line(q, b.facts)
    text = (b.english(q.text.en),) if q.text.en else ()
    return QuoteRow(b.composed(gist), text, None, b.cites(q.evidence), machine=bool(q.text.en))


def _without_repeated_gists(rows: tuple[QuoteRow, ...]) -> tuple[QuoteRow, ...]:
    """English without a model: three quotes of one speaker on one topic read as one line
    ("X spoke on the talks."), cited three times, not the same line three times."""
    kept: list[QuoteRow] = []
    for row in rows:
        same = next(
            (k for k in kept if not row.text and not k.text and k.speaker == row.speaker), None
        )
        if same is None:
            kept.append(row)
        else:
            merged = replace(same, cites=tuple(dict.fromkeys((*same.cites, *row.cites))))
            kept[kept.index(same)] = merged
    return tuple(kept)


def _subtitle(b: _Builder, facts: Facts) -> Line:
    title = facts.article.title
    if b.lang != "en" or title is None or not title.en or is_thin(facts):
        return ()
    label = str(b.labels.get("article_headline", "Article headline"))
    return (b.plain(f"{label}: "), b.english(title.en, MAX_TITLE_CHARS))


def english_leftovers(facts: Facts, templates_dir: Path | None = None) -> tuple[str, ...]:
    """The Korean the English memo of ``facts`` shows bracketed (before the annex)."""
    return build_context(facts, "en", generated_at="", templates_dir=templates_dir).korean_left
