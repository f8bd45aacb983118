"""The weekly digest's template context, in one language, built in one place.

``build_digest_context`` turns the digest's content (``briefing.digest.DigestContent``) into
the words of one language; ``weekly.html`` (PDF) and the DOCX writer in ``render.digest``
read the ``DigestContext`` and nothing else. Text goes through the memo's ``TextPicker``
(``rows.py``): the English digest marks Korean that stands in for missing English.

English event titles, partner lines and commitment lines are composed from the facts, so
the English digest reads as English without a translation model. Each kind of line is made
by one function below (``english_title``, ``english_partner_line``,
``english_commitment_line``).
"""

from __future__ import annotations

import logging
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from briefing.digest import (
    OTHER_AREA,
    BriefedArticle,
    DigestContent,
    DigestEvent,
    MergedCommitment,
    TrendRow,
    Trends,
    text_key,
)
from briefing.render.fonts import covered_codepoints
from briefing.render.labels import load_labels
from briefing.render.rows import (
    CommitmentRow,
    DocLang,
    EntryRef,
    Field,
    Line,
    Span,
    TextPicker,
    compact,
    plain_text,
)
from briefing.types import Commitment, Event, Facts, Text
from briefing.weeks import week_of

LOGGER = logging.getLogger("briefing.render")


class Count(int):
    """A number that labels format with its noun: ``"{n:article}"`` -> "1 article",
    "2 articles"; ``"{n}"`` is the bare number (기사 {n}건)."""

    def __format__(self, noun: str) -> str:
        if not noun:
            return str(int(self))
        return f"{int(self)} {noun}" if self == 1 else f"{int(self)} {noun}s"


LABELS_FILE = "weekly_labels.toml"
OPTIONAL_LABELS = ("untranslated_note",)
TOP_COMMITMENTS = 5  # per event in the body; the rest go to the annex
MAX_PARTNERS = 6  # named in a partner line; the rest are counted
TITLE_AREAS = 3
TITLE_PARTIES = 2


def digest_labels(templates_dir: Path | None) -> dict[str, Mapping[str, Any]]:
    """The digest's words per language (the user's weekly_labels.toml, else the bundled)."""
    return load_labels(LABELS_FILE, templates_dir, OPTIONAL_LABELS)


# --------------------------------------------------------------------------- context


@dataclass(frozen=True)
class SourceLine:
    outlet: Line
    title: Line
    published: str  # the publication date, or that it is undated and when it was briefed
    file: str


@dataclass(frozen=True)
class DigestEntry:
    number: int
    anchor: str
    title: Line
    is_new: bool
    fields: tuple[Field, ...]  # type, date, place, areas, partners: the known ones
    summary: Line  # the lead sentence; empty when it exists in Korean only (English digest)
    commitments: tuple[Line, ...]  # the top ones
    more_commitments: str  # "7 more in the annex", or ""
    sources: tuple[SourceLine, ...]
    published_in: str  # late arrivals: "published in 2025-W44"; else ""

    @property
    def ref(self) -> EntryRef:
        return EntryRef(self.number, self.anchor, plain_text(self.title))


@dataclass(frozen=True)
class Section:
    title: str
    entries: tuple[DigestEntry, ...]


@dataclass(frozen=True)
class CountrySection:
    country: Line
    entries: tuple[EntryRef, ...]


@dataclass(frozen=True)
class IndexRow:
    name: Line
    detail: Line
    entries: tuple[EntryRef, ...]


@dataclass(frozen=True)
class TrendBar:
    label: str
    this_week: int
    average: float  # of the weeks before


@dataclass(frozen=True)
class TrendChart:
    title: str
    bars: tuple[TrendBar, ...]


@dataclass(frozen=True)
class TrendsView:
    weeks: str  # "2025-W41 – 2025-W45"
    summary: str  # one line: what changed
    charts: tuple[TrendChart, ...]  # technology areas, partner countries
    this_week_label: str
    average_label: str

    @property
    def empty(self) -> bool:
        return not any(chart.bars for chart in self.charts)


@dataclass(frozen=True)
class DigestContext:
    """Everything one digest in one language shows; the templates use nothing else."""

    lang: DocLang
    week: str
    period: str
    title: str
    as_of: str  # when the newest listed article was briefed (local time), or ""
    created: str  # ISO timestamp for the files' metadata: as_of, else the week's start
    labels: Mapping[str, Any]
    article_count: int
    entry_count: int
    new_count: int
    late_count: int  # late-arrival articles
    overview: str
    empty_note: str  # set when no article of the week is stored
    sections: tuple[Section, ...]  # the week's events by technology area
    late: tuple[DigestEntry, ...]  # late arrivals
    countries: tuple[CountrySection, ...]
    commitments: tuple[CommitmentRow, ...]  # the annex: beyond each event's top ones
    people: tuple[IndexRow, ...]
    parties: tuple[IndexRow, ...]
    trends: TrendsView
    notes: tuple[str, ...]
    missing_glyphs: tuple[str, ...]

    @property
    def entries(self) -> tuple[DigestEntry, ...]:
        return (*(e for s in self.sections for e in s.entries), *self.late)


# --------------------------------------------------------------------------- English lines
# Until the English composer (translate/compose.py, issue 11) is on main, these three are
# the only places the digest makes English lines; switching is one line in each:
#   english_title:           return compose.event_title(event.main).text
#   english_partner_line:    composed = compose.partner_line(replace(event.main,
#                                parties=event.partners)); return composed and composed.text
#   english_commitment_line: return compose.commitment_line(commitment, source).text


def english_title(event: DigestEvent, labels: Mapping[str, Any]) -> str | None:
    """An event title from the facts: parties, kind of event, areas, place and date."""
    return _composed_title(event, labels)


def english_partner_line(event: DigestEvent, labels: Mapping[str, Any]) -> str | None:
    """The event's partners (the parties that act in it), by their English names."""
    names = [p.name.en for p in event.partners if p.name.en]
    return _counted_list(names, labels) if names and len(names) == len(event.partners) else None


def english_commitment_line(
    commitment: Commitment, source: Facts, labels: Mapping[str, Any]
) -> str | None:
    """A commitment from its facts (``source``: the article that reports it): actors, what
    they undertake, sum and timeline."""
    areas = {t.id: t.label for t in source.tech_areas}
    return _composed_commitment(commitment, areas, labels)


def _join(names: Sequence[str], labels: Mapping[str, Any]) -> str:
    """'A, B and C' (the labels' word for "and")."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + str(labels["list_and"]) + names[-1]


def _counted_list(names: Sequence[str], labels: Mapping[str, Any]) -> str:
    """Up to MAX_PARTNERS names, then how many more."""
    if len(names) <= MAX_PARTNERS:
        return _join(names, labels)
    return ", ".join(names[:MAX_PARTNERS]) + str(labels["and_more"]).format(
        count=len(names) - MAX_PARTNERS
    )


def _in_sentence(label: str) -> str:
    """An area label inside a sentence: "Quantum" -> "quantum", "AI" stays."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def english_date(value: str | None, labels: Mapping[str, Any]) -> str | None:
    try:
        day = date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return f"{labels['months'][day.month - 1]} {day.day}, {day.year}" if day else None


def _composed_title(event: DigestEvent, labels: Mapping[str, Any]) -> str | None:
    facts_event: Event | None = event.event
    name = facts_event.name.en if facts_event and facts_event.name else None
    if not name:
        # Two countries if it has them, else its country and its first partner.
        countries, partners = list(event.countries), list(event.partners)
        others = [p for p in partners if p not in countries]
        sides = countries if len(countries) >= 2 else (countries[:1] + others)
        parties = [p.name.en for p in sides[:TITLE_PARTIES]]
        if not parties or not all(parties):
            return None
        noun = labels["event_nouns"][facts_event.type if facts_event else "other"]
        name = "–".join(p for p in parties if p) + " " + noun
    areas = [_in_sentence(label.en) for _, label in event.areas[:TITLE_AREAS] if label.en]
    title = f"{name} on {_join(areas, labels)}" if areas else name
    where = [
        x
        for x in (
            facts_event.location.en if facts_event and facts_event.location else None,
            english_date(facts_event.date if facts_event else None, labels),
        )
        if x
    ]
    return f"{title} ({', '.join(where)})" if where else title


def _composed_commitment(
    c: Commitment, area_labels: Mapping[str, Text], labels: Mapping[str, Any]
) -> str | None:
    actors = [a.en for a in c.actors]
    if not all(actors):
        return None
    areas = [_in_sentence(t.en) for a in c.tech_areas if (t := area_labels.get(a)) and t.en]
    if c.text.en:
        what = c.text.en
    elif c.object is not None and c.object.en:
        what = f"{c.action.replace('_', ' ')} {c.object.en}" if c.action else c.object.en
    elif areas:
        what = str(labels["compose"]["commitment_areas"]).format(areas=_join(areas, labels))
    elif c.amount is not None and c.amount.text.en:
        what = str(labels["compose"]["commitment"])
    else:
        return None
    extra = [x.en for x in (c.amount.text if c.amount else None, c.timeline) if x and x.en]
    line = f"{_join([a for a in actors if a], labels)}: {what}" if actors else what
    return f"{line} ({', '.join(extra)})" if extra else line


# --------------------------------------------------------------------------- building


class _Builder(TextPicker):
    """A ``TextPicker`` with the digest's own lines."""

    def __init__(self, lang: DocLang, labels: Mapping[str, Any], covered: frozenset[int]) -> None:
        super().__init__(lang, labels, covered)

    def line(self, values: Iterable[Span], sep: str = ", ") -> Line:
        return compact(super().line(values, sep))

    def title(self, event: DigestEvent) -> Line:
        main = event.main.article
        if self.lang == "en":
            english = english_title(event, self.labels) or (main.title.en if main.title else None)
            if english:
                return (Span(self.clean(english), "en"),)
        if main.title is None:
            return (self.plain(self.labels["untitled"]),)
        return (self.text(main.title),)

    def partners(self, event: DigestEvent) -> Line:
        parties = event.partners
        if not parties:
            return ()
        if self.lang == "en" and (english := english_partner_line(event, self.labels)):
            return (Span(self.clean(english), "en"),)
        spans = list(self.line(self.text(p.name) for p in parties[:MAX_PARTNERS]))
        if len(parties) > MAX_PARTNERS:
            more = str(self.labels["and_more"]).format(count=len(parties) - MAX_PARTNERS)
            spans.append(Span(more, self.lang))
        return compact(tuple(spans))

    def commitment(self, merged: MergedCommitment, event: DigestEvent) -> Line:
        c = merged.commitment
        if self.lang == "en":
            english = english_commitment_line(c, event.members[merged.source].facts, self.labels)
            if english:
                return (Span(self.clean(english), "en"),)
        spans: list[Span] = []
        if c.actors:
            spans.extend(self.line(self.text(a) for a in c.actors))
            spans.append(Span(": ", self.lang))
        spans.append(self.text(c.text))
        return compact(tuple(spans))

    def day(self, member: BriefedArticle) -> str:
        if member.dated and member.facts.article.published:
            return member.facts.article.published
        return str(self.labels["undated"]).format(day=member.day.isoformat())


def _lead(b: _Builder, event: DigestEvent) -> Line:
    sentences = event.main.article.sentences
    if not sentences:
        return ()
    first = sentences[0]
    if b.lang == "en":
        return (Span(b.clean(first.en), "en"),) if first.en else ()
    return (b.plain(first.ko),)


def _source(b: _Builder, member: BriefedArticle) -> SourceLine:
    article = member.facts.article
    outlet = b.text(article.outlet) if article.outlet else b.plain(b.labels["unknown_outlet"])
    title = b.text(article.title) if article.title else b.plain(b.labels["untitled"])
    return SourceLine((outlet,), (title,), b.day(member), Path(member.source_name).name)


def _entry(
    b: _Builder, number: int, event: DigestEvent, late_week: str | None
) -> tuple[DigestEntry, list[MergedCommitment]]:
    labels = b.labels
    ev = event.event
    day = ev.date if ev and ev.date else None
    when = day or (b.day(event.members[0]) if event.members else None)
    area_spans = [b.text(label) for _, label in event.areas]
    known: list[tuple[str, Line]] = [
        (labels["event_type"], (b.plain(labels["event_types"][ev.type]),) if ev else ()),
        (labels["date"], (b.plain(when),) if when else ()),
        (labels["location"], (b.text(ev.location),) if ev and ev.location else ()),
        (labels["areas"], b.line(area_spans) if area_spans else ()),
        (labels["partners"], b.partners(event)),
    ]
    lines: dict[str, tuple[Line, MergedCommitment]] = {}
    for commitment in event.commitments:  # two commitments that read the same: shown once
        line = b.commitment(commitment, event)
        lines.setdefault(plain_text(line), (line, commitment))
    shown = list(lines.values())
    top = [line for line, _ in shown[:TOP_COMMITMENTS]]
    rest = [commitment for _, commitment in shown[TOP_COMMITMENTS:]]
    entry = DigestEntry(
        number=number,
        anchor=f"entry-{number}",
        title=b.title(event),
        is_new=event.is_new and late_week is None,
        fields=tuple(Field(label, value) for label, value in known if value),
        summary=_lead(b, event),
        commitments=tuple(top),
        more_commitments=str(labels["more_commitments"]).format(count=len(rest)) if rest else "",
        sources=tuple(_source(b, m) for m in event.members),
        published_in=str(labels["published_in"]).format(week=late_week) if late_week else "",
    )
    return entry, rest


def _primary_area(b: _Builder, event: DigestEvent) -> tuple[str, str]:
    if not event.areas:
        return OTHER_AREA, str(b.labels["other_area"])
    area_id, label = event.areas[0]
    return area_id, b.text(label).text


def _sort_key(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def _annex_row(
    b: _Builder, number: int, merged: MergedCommitment, event: DigestEvent, ref: EntryRef
) -> CommitmentRow:
    c = merged.commitment
    outlets: dict[str, Span] = {}  # each outlet once, however many of its articles report it
    for i in merged.reported_by:
        outlet = event.members[i].facts.article.outlet
        span = b.text(outlet) if outlet else b.plain(b.labels["unknown_outlet"])
        outlets.setdefault(span.text, span)
    return CommitmentRow(
        number=number,
        actors=b.line(b.text(a) for a in c.actors),
        what=b.commitment(merged, event) if b.lang == "en" else (b.text(c.text),),
        areas=(),
        amount=(b.text(c.amount.text),) if c.amount else (b.plain(b.labels["missing"]),),
        timeline=(b.text(c.timeline),) if c.timeline else (b.plain(b.labels["missing"]),),
        entry=ref,
        sources=b.line(outlets.values()),
    )


def _index(found: Iterable[tuple[str, Line, Line, EntryRef]]) -> tuple[IndexRow, ...]:
    names: dict[str, Line] = {}
    details: dict[str, Line] = {}
    refs: dict[str, dict[int, EntryRef]] = defaultdict(dict)
    for key, name, detail, ref in found:
        names.setdefault(key, name)
        if detail and not details.get(key):
            details[key] = detail
        refs[key][ref.number] = ref
    order = sorted(names, key=lambda k: _sort_key(plain_text(names[k])))
    return tuple(
        IndexRow(names[k], details.get(k, ()), tuple(refs[k][n] for n in sorted(refs[k])))
        for k in order
    )


def _people(
    b: _Builder, events: Sequence[tuple[DigestEvent, EntryRef]]
) -> Iterable[tuple[str, Line, Line, EntryRef]]:
    """Everyone who signs, hosts, attends or speaks (the merely named are left out)."""
    for event, ref in events:
        for member in event.members:
            for p in member.facts.people:
                key = text_key(p.name)
                if key and set(p.roles) - {"mentioned"}:
                    detail = tuple(x for x in (p.title, p.organization) if x is not None)
                    line = b.line(b.text(x) for x in detail) if detail else ()
                    yield key, (b.text(p.name),), line, ref


def _parties(
    b: _Builder, events: Sequence[tuple[DigestEvent, EntryRef]]
) -> Iterable[tuple[str, Line, Line, EntryRef]]:
    """The partners of each event (the parties that act in it)."""
    for event, ref in events:
        for p in event.partners:
            key = text_key(p.name)
            if key:
                kind = (b.plain(b.labels["party_kinds"][p.kind]),)
                yield key, (b.text(p.name),), kind, ref


def _average(value: float) -> str:
    return f"{value:.1f}"


def _trend_summary(b: _Builder, trends: Trends) -> str:
    words = b.labels["trend"]
    if not trends.events or trends.events[-1] == 0:
        first = str(words["no_events"])
        return first[:1].upper() + first[1:] + "."
    parts: list[str] = []
    if not any(trends.events[:-1]):
        parts.append(str(words["no_history"]))
    else:
        rows = sorted(trends.areas, key=lambda r: (-(r.this_week - r.before), r.key))
        rising = [r for r in rows if r.this_week > r.before][:1]
        falling = [r for r in reversed(rows) if r.this_week < r.before][:1]
        for key, chosen in (("up", rising), ("down", falling)):
            for row in chosen:
                parts.append(
                    str(words[key]).format(
                        name=_trend_name(b, row), now=row.this_week, average=_average(row.before)
                    )
                )
        if not parts:
            parts.append(str(words["steady"]))
    top = [r for r in trends.countries if r.this_week > 0][:1]
    for row in top:
        parts.append(
            str(words["top_country"]).format(name=b.text(row.label).text, now=row.this_week)
        )
    line = str(words["intro"]) + "; ".join(parts) if any(trends.events[:-1]) else "; ".join(parts)
    return line[:1].upper() + line[1:] + "."


def _trend_name(b: _Builder, row: TrendRow) -> str:
    name = b.text(row.label).text
    return _in_sentence(name) if b.lang == "en" else name


def _trends_view(b: _Builder, trends: Trends) -> TrendsView:
    labels = b.labels

    def bars(rows: Sequence[TrendRow]) -> tuple[TrendBar, ...]:
        return tuple(TrendBar(b.text(r.label).text, r.this_week, r.before) for r in rows)

    return TrendsView(
        weeks=f"{trends.weeks[0]} – {trends.weeks[-1]}" if trends.weeks else "",
        summary=_trend_summary(b, trends),
        charts=(
            TrendChart(str(labels["chart_areas"]), bars(trends.areas)),
            TrendChart(str(labels["chart_countries"]), bars(trends.countries)),
        ),
        this_week_label=str(labels["this_week"]),
        average_label=str(labels["average"]),
    )


def build_digest_context(
    content: DigestContent,
    lang: DocLang,
    *,
    period: str,
    as_of: str,
    created: str,
    templates_dir: Path | None = None,
) -> DigestContext:
    """The digest context of ``content`` in ``lang`` ("ko" or "en")."""
    labels = digest_labels(templates_dir)[lang]
    b = _Builder(
        lang, labels, covered_codepoints(templates_dir.resolve() if templates_dir else None)
    )

    # The week's events by primary area (most events first, "other" last), then late ones.
    by_area: dict[str, list[DigestEvent]] = defaultdict(list)
    area_titles: dict[str, str] = {}
    for event in content.main:
        area_id, title = _primary_area(b, event)
        by_area[area_id].append(event)
        area_titles[area_id] = title
    # Ties by area id, so entries have the same numbers in every language.
    order = sorted(by_area, key=lambda a: (a == OTHER_AREA, -len(by_area[a]), a))
    placed: list[tuple[DigestEvent, str | None]] = [(e, None) for a in order for e in by_area[a]]
    placed += [(e, _late_week(e)) for e in content.late]

    entries: list[DigestEntry] = []
    annex: list[CommitmentRow] = []
    for number, (event, late_week) in enumerate(placed, start=1):
        entry, rest = _entry(b, number, event, late_week)
        entries.append(entry)
        annex.extend(
            _annex_row(b, len(annex) + 1 + i, m, event, entry.ref) for i, m in enumerate(rest)
        )
    main_entries = entries[: len(content.main)]
    sections = []
    start = 0
    for area_id in order:
        count = len(by_area[area_id])
        sections.append(Section(area_titles[area_id], tuple(main_entries[start : start + count])))
        start += count

    refs = [(event, entry.ref) for (event, _), entry in zip(placed, entries, strict=True)]
    by_country: dict[str, list[EntryRef]] = defaultdict(list)
    country_names: dict[str, Line] = {}
    for event, ref in refs:
        for party in event.partner_countries:
            key = text_key(party.name)
            by_country[key].append(ref)
            country_names.setdefault(key, (b.text(party.name),))
    countries = tuple(
        CountrySection(country_names[k], tuple(by_country[k]))
        for k in sorted(
            by_country,
            key=lambda k: (-len(by_country[k]), _sort_key(plain_text(country_names[k]))),
        )
    )
    people = _index(_people(b, refs))
    parties = _index(_parties(b, refs))
    trends = _trends_view(b, content.trends)

    main_articles = sum(len(e.members) for e in content.main)
    late_articles = sum(len(e.members) for e in content.late)
    new_count = sum(e.is_new for e in main_entries)
    overview = str(labels["overview_text"]).format(
        articles=Count(main_articles), entries=Count(len(main_entries)), new=Count(new_count)
    )
    if late_articles:
        overview += " · " + str(labels["late_text"]).format(late=Count(late_articles))
    notes = []
    if b.untranslated and labels.get("untranslated_note"):
        notes.append(str(labels["untranslated_note"]))
    if b.missing:
        LOGGER.warning("the digest's fonts lack %s; shown as [U+code]", ", ".join(b.missing))
    return DigestContext(
        lang=lang,
        week=content.week,
        period=period,
        title=f"{labels['digest']} {content.week}",
        as_of=as_of,
        created=created,
        labels=labels,
        article_count=main_articles + late_articles,
        entry_count=len(main_entries),
        new_count=new_count,
        late_count=late_articles,
        overview=overview,
        empty_note="" if content.main else str(labels["empty_note"]).format(week=content.week),
        sections=tuple(sections),
        late=tuple(entries[len(content.main) :]),
        countries=countries,
        commitments=tuple(annex),
        people=people,
        parties=parties,
        trends=trends,
        notes=tuple(notes),
        missing_glyphs=tuple(b.missing),
    )


def _late_week(event: DigestEvent) -> str:
    return week_of(min(m.day for m in event.members))
