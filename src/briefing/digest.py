"""The weekly digest's content: articles -> events (one entry per event) -> typed context.

Articles about the same event from different outlets are merged into one entry that lists
every source. Two articles report the same event when their texts are close (TF-IDF cosine
over character bigrams, which suits Korean without a tokenizer) or when they share the
event's name or enough of its parties and people, and their event dates, if both known, are
at most a few days apart. Grouping is transitive (A~B and B~C put A, B, C in one entry).

``build_digest`` is the one place the context is built; the templates and the DOCX writer
only read it.
"""

from __future__ import annotations

import math
import re
import tomllib
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal

from briefing.errors import ConfigError
from briefing.resources import bundled_data_dir, bundled_templates_dir
from briefing.types import Facts, Text

DigestLang = Literal["ko", "en"]

# Same-event thresholds (see the module docstring). Measured on sample articles: rewrites
# of one story by different outlets score 0.31-0.48, different stories on one topic (two
# Korea-US technology deals, two quantum agreements with different countries) 0.05-0.21.
TEXT_SIMILAR = 0.27
TEXT_SUPPORT = 0.15  # text similarity needed on top of shared parties and people
ENTITY_OVERLAP = 0.5
ENTITY_MIN_SHARED = 2
MAX_DATE_GAP_DAYS = 3
TEXT_CHARS = 1500  # the lead carries the event; later paragraphs drift into background
OTHER_AREA = "other"


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class BriefedArticle:
    """One briefed article as the digest sees it."""

    facts: Facts
    source_name: str
    output_dir: str | None
    briefed_at: str  # ISO timestamp (UTC) it was first briefed


# --------------------------------------------------------------------------- context


@dataclass(frozen=True)
class SourceRef:
    outlet: str
    title: str
    published: str | None
    file: str
    memo_folder: str | None


@dataclass(frozen=True)
class Entry:
    number: int
    anchor: str
    headline: str
    event_type: str | None
    date: str | None
    location: str | None
    summary: str
    summary_untranslated: bool
    is_new: bool
    areas: tuple[str, ...]  # labels
    countries: tuple[str, ...]
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True)
class Section:
    title: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class EntryRef:
    number: int
    anchor: str
    headline: str


@dataclass(frozen=True)
class CountrySection:
    country: str
    entries: tuple[EntryRef, ...]


@dataclass(frozen=True)
class CommitmentRow:
    entry: int
    anchor: str
    text: str
    actors: str
    amount: str
    timeline: str
    source: str


@dataclass(frozen=True)
class IndexRow:
    name: str
    detail: str
    entries: tuple[EntryRef, ...]


@dataclass(frozen=True)
class DigestContext:
    lang: DigestLang
    week: str
    period: str
    title: str
    generated_at: str
    labels: Mapping[str, str]
    article_count: int
    entry_count: int
    new_count: int
    sections: tuple[Section, ...]  # by technology area; every entry in exactly one
    countries: tuple[CountrySection, ...]
    commitments: tuple[CommitmentRow, ...]
    people: tuple[IndexRow, ...]
    parties: tuple[IndexRow, ...]


# --------------------------------------------------------------------------- data files


@dataclass(frozen=True)
class DigestData:
    home_country: frozenset[str]  # normalised names of the country whose partners are listed


@cache
def digest_data(path: Path | None = None) -> DigestData:
    path = path or bundled_data_dir() / "digest.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        names = raw["home_country"]["names"]
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise ConfigError(
            f"digest data file {path} is missing or malformed: {exc}",
            "reinstall briefing or fix the file",
        ) from exc
    return DigestData(frozenset(normalise(str(n)) for n in names))


def labels_for(lang: DigestLang, templates_dir: Path | None = None) -> dict[str, str]:
    """The digest's words in ``lang`` (a user's weekly_labels.toml replaces the bundled one)."""
    path = bundled_templates_dir() / "weekly_labels.toml"
    if templates_dir is not None and (templates_dir / "weekly_labels.toml").is_file():
        path = templates_dir / "weekly_labels.toml"
    return _labels(path)[lang]


@cache
def _labels(path: Path) -> dict[str, dict[str, str]]:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"digest labels {path} cannot be read: {exc}", "fix the file") from exc
    tables: dict[str, dict[str, str]] = {}
    for lang in ("ko", "en"):
        table = raw.get(lang)
        if not isinstance(table, dict):
            raise ConfigError(f"digest labels {path}: no [{lang}] table", "add it")
        tables[lang] = {str(k): str(v) for k, v in _flatten(table).items()}
    missing = set(tables["ko"]) ^ set(tables["en"])
    if missing:
        raise ConfigError(
            f"digest labels {path}: keys in one language only: {', '.join(sorted(missing))}",
            "give every key in [ko] and [en]",
        )
    return tables


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


# --------------------------------------------------------------------------- similarity


_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """For matching only: compatibility forms folded, case and spaces and punctuation gone."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def _bigrams(text: str) -> Counter[str]:
    compact = normalise(text)
    return Counter(compact[i : i + 2] for i in range(len(compact) - 1))


def _article_text(facts: Facts) -> str:
    title = facts.article.title.ko if facts.article.title and facts.article.title.ko else ""
    body = " ".join(s.ko for s in facts.article.sentences)
    return f"{title} {title} {body}"[:TEXT_CHARS]


def _entities(facts: Facts) -> set[str]:
    names: list[str | None] = [p.name.ko for p in facts.parties]
    names += [p.name.ko for p in facts.people]
    return {normalise(n) for n in names if n and normalise(n)}


def _event_name(facts: Facts) -> str:
    if facts.event is None or facts.event.name is None or not facts.event.name.ko:
        return ""
    return normalise(facts.event.name.ko)


def _event_date(facts: Facts) -> date | None:
    value = facts.event.date if facts.event else None
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


class Similarity:
    """Pairwise same-event decisions over one set of articles (this week's and last week's)."""

    def __init__(self, articles: Sequence[Facts]) -> None:
        self.articles = articles
        grams = [_bigrams(_article_text(f)) for f in articles]
        document_frequency: Counter[str] = Counter()
        for g in grams:
            document_frequency.update(g.keys())
        n = len(articles)
        self.vectors: list[dict[str, float]] = []
        for g in grams:
            vector = {
                k: (1 + math.log(c)) * math.log((1 + n) / (1 + document_frequency[k]) + 1)
                for k, c in g.items()
            }
            length = math.sqrt(sum(v * v for v in vector.values())) or 1.0
            self.vectors.append({k: v / length for k, v in vector.items()})
        self.entities = [_entities(f) for f in articles]
        self.event_names = [_event_name(f) for f in articles]
        self.dates = [_event_date(f) for f in articles]

    def text(self, i: int, j: int) -> float:
        a, b = self.vectors[i], self.vectors[j]
        if len(a) > len(b):
            a, b = b, a
        return sum(v * b.get(k, 0.0) for k, v in a.items())

    def same_event(self, i: int, j: int) -> bool:
        di, dj = self.dates[i], self.dates[j]
        if di and dj and abs((di - dj).days) > MAX_DATE_GAP_DAYS:
            return False
        text = self.text(i, j)
        if text >= TEXT_SIMILAR:
            return True
        if self.event_names[i] and self.event_names[i] == self.event_names[j]:
            return text >= TEXT_SUPPORT / 2
        ei, ej = self.entities[i], self.entities[j]
        shared = len(ei & ej)
        if shared >= ENTITY_MIN_SHARED and shared / min(len(ei), len(ej)) >= ENTITY_OVERLAP:
            return text >= TEXT_SUPPORT
        return False


def group_events(articles: Sequence[Facts]) -> list[list[int]]:
    """Indices of ``articles`` grouped by event (union-find over same-event pairs)."""
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    similarity = Similarity(articles)
    for i in range(len(articles)):
        for j in range(i + 1, len(articles)):
            if root(i) != root(j) and similarity.same_event(i, j):
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(articles)):
        groups[root(i)].append(i)
    return sorted(groups.values(), key=lambda g: g[0])


# --------------------------------------------------------------------------- building


def _pick(text: Text | None, lang: DigestLang, labels: Mapping[str, str]) -> str | None:
    """The text in the digest's language; Korean standing in for missing English is marked,
    never shown silently."""
    if text is None:
        return None
    if lang == "en":
        if text.en:
            return text.en
        return f"{labels['untranslated']} {text.ko}" if text.ko else None
    return text.ko or text.en


def _richness(facts: Facts) -> tuple[int, int]:
    return (
        len(facts.commitments) + len(facts.parties) + len(facts.people) + (facts.event is not None),
        len(facts.article.sentences),
    )


@dataclass(frozen=True)
class _Event:
    members: tuple[BriefedArticle, ...]  # the main article first
    is_new: bool


def _events(week: Sequence[BriefedArticle], previous: Sequence[BriefedArticle]) -> list[_Event]:
    # One article id once (re-briefed articles have one record per file).
    unique: dict[str, BriefedArticle] = {}
    for item in week:
        unique.setdefault(item.facts.article.id, item)
    current = list(unique.values())
    earlier_ids = {p.facts.article.id for p in previous} - set(unique)
    earlier = [p for p in previous if p.facts.article.id in earlier_ids]
    everything = [a.facts for a in current] + [p.facts for p in earlier]
    groups = group_events(everything)
    events: list[_Event] = []
    for group in groups:
        members = [current[i] for i in group if i < len(current)]
        if not members:
            continue
        members.sort(key=lambda a: (_richness(a.facts), a.briefed_at), reverse=True)
        main = members[0]
        rest = sorted(members[1:], key=lambda a: a.briefed_at)
        events.append(_Event((main, *rest), is_new=all(i < len(current) for i in group)))
    events.sort(key=lambda e: min(a.briefed_at for a in e.members))
    return events


def _areas(event: _Event) -> list[tuple[str, Text]]:
    weight: Counter[str] = Counter()
    labels: dict[str, Text] = {}
    for member in event.members:
        for area in member.facts.tech_areas:
            weight[area.id] += max(1, len(area.evidence))
            labels.setdefault(area.id, area.label)
    return [(area_id, labels[area_id]) for area_id, _ in weight.most_common()]


def _countries(event: _Event, data: DigestData) -> list[Text]:
    seen: dict[str, Text] = {}
    for member in event.members:
        for party in member.facts.parties:
            key = normalise(party.name.ko or party.name.en or "")
            if party.kind == "country" and key and key not in data.home_country:
                seen.setdefault(key, party.name)
    return list(seen.values())


def _lead(facts: Facts, lang: DigestLang) -> tuple[str, bool]:
    sentences = facts.article.sentences
    if not sentences:
        return "", False
    first = sentences[0]
    if lang == "en":
        return (first.en, False) if first.en else (first.ko, True)
    return first.ko, False


def build_digest(
    week: str,
    period: str,
    items: Sequence[BriefedArticle],
    previous: Sequence[BriefedArticle],
    lang: DigestLang,
    *,
    generated_at: str,
    templates_dir: Path | None = None,
) -> DigestContext:
    labels = labels_for(lang, templates_dir)
    data = digest_data()
    events = _events(items, previous)

    entries: list[Entry] = []
    primary_area: list[tuple[str, str]] = []
    for number, event in enumerate(events, start=1):
        main = event.members[0].facts
        areas = _areas(event)
        countries = [c for c in (_pick(t, lang, labels) for t in _countries(event, data)) if c]
        ev = next((m.facts.event for m in event.members if m.facts.event is not None), None)
        summary, untranslated = _lead(main, lang)
        entries.append(
            Entry(
                number=number,
                anchor=f"entry-{number}",
                headline=_pick(main.article.title, lang, labels) or labels["untitled"],
                event_type=labels[f"event_types.{ev.type}"] if ev else None,
                date=(ev.date if ev and ev.date else main.article.published),
                location=_pick(ev.location, lang, labels) if ev else None,
                summary=summary,
                summary_untranslated=untranslated,
                is_new=event.is_new,
                areas=tuple(_pick(label, lang, labels) or area_id for area_id, label in areas),
                countries=tuple(countries),
                sources=tuple(_source(m, lang, labels) for m in event.members),
            )
        )
        primary_area.append(
            (areas[0][0], _pick(areas[0][1], lang, labels) or areas[0][0])
            if areas
            else (OTHER_AREA, labels["other_area"])
        )

    refs = [EntryRef(e.number, e.anchor, e.headline) for e in entries]
    return DigestContext(
        lang=lang,
        week=week,
        period=period,
        title=f"{labels['digest']} {week}",
        generated_at=generated_at,
        labels=labels,
        article_count=sum(len(e.members) for e in events),
        entry_count=len(entries),
        new_count=sum(e.is_new for e in entries),
        sections=_sections(entries, primary_area),
        countries=_country_sections(entries, refs, lang),
        commitments=_commitments(events, entries, lang, labels),
        people=_people(events, refs, lang, labels),
        parties=_parties(events, refs, lang, labels),
    )


def _source(member: BriefedArticle, lang: DigestLang, labels: Mapping[str, str]) -> SourceRef:
    article = member.facts.article
    file_name = Path(member.source_name).name
    return SourceRef(
        outlet=_pick(article.outlet, lang, labels) or labels["unknown_outlet"],
        title=_pick(article.title, lang, labels) or labels["untitled"],
        published=article.published,
        file=file_name,
        memo_folder=member.output_dir,
    )


def _sections(entries: Sequence[Entry], primary: Sequence[tuple[str, str]]) -> tuple[Section, ...]:
    by_area: dict[str, list[Entry]] = defaultdict(list)
    titles: dict[str, str] = {}
    for entry, (area_id, title) in zip(entries, primary, strict=True):
        by_area[area_id].append(entry)
        titles[area_id] = title
    order = sorted(by_area, key=lambda a: (a == OTHER_AREA, -len(by_area[a]), titles[a]))
    return tuple(Section(titles[a], tuple(by_area[a])) for a in order)


def _country_sections(
    entries: Sequence[Entry], refs: Sequence[EntryRef], lang: DigestLang
) -> tuple[CountrySection, ...]:
    by_country: dict[str, list[EntryRef]] = defaultdict(list)
    for entry, ref in zip(entries, refs, strict=True):
        for country in entry.countries:
            by_country[country].append(ref)
    order = sorted(by_country, key=lambda c: (-len(by_country[c]), _sort_key(c, lang)))
    return tuple(CountrySection(c, tuple(by_country[c])) for c in order)


def _commitments(
    events: Sequence[_Event], entries: Sequence[Entry], lang: DigestLang, labels: Mapping[str, str]
) -> tuple[CommitmentRow, ...]:
    rows: list[CommitmentRow] = []
    for event, entry in zip(events, entries, strict=True):
        seen: set[str] = set()
        for member in event.members:
            outlet = _pick(member.facts.article.outlet, lang, labels) or labels["unknown_outlet"]
            for c in member.facts.commitments:
                key = normalise(c.text.ko or c.text.en or "")
                if not key or key in seen:
                    continue
                seen.add(key)
                rows.append(
                    CommitmentRow(
                        entry=entry.number,
                        anchor=entry.anchor,
                        text=_pick(c.text, lang, labels) or "",
                        actors=", ".join(a for a in (_pick(x, lang, labels) for x in c.actors) if a)
                        or labels["missing"],
                        amount=(_pick(c.amount.text, lang, labels) if c.amount else None)
                        or labels["missing"],
                        timeline=_pick(c.timeline, lang, labels) or labels["missing"],
                        source=outlet,
                    )
                )
    return tuple(rows)


def _sort_key(name: str, lang: DigestLang) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def _index(
    found: Iterable[tuple[str, str, str, EntryRef]], lang: DigestLang
) -> tuple[IndexRow, ...]:
    names: dict[str, str] = {}
    details: dict[str, str] = {}
    refs: dict[str, dict[int, EntryRef]] = defaultdict(dict)
    for key, name, detail, ref in found:
        names.setdefault(key, name)
        if detail and not details.get(key):
            details[key] = detail
        refs[key][ref.number] = ref
    order = sorted(names, key=lambda k: _sort_key(names[k], lang))
    return tuple(
        IndexRow(names[k], details.get(k, ""), tuple(refs[k][n] for n in sorted(refs[k])))
        for k in order
    )


def _people(
    events: Sequence[_Event], refs: Sequence[EntryRef], lang: DigestLang, labels: Mapping[str, str]
) -> tuple[IndexRow, ...]:
    def found() -> Iterable[tuple[str, str, str, EntryRef]]:
        for event, ref in zip(events, refs, strict=True):
            for member in event.members:
                for p in member.facts.people:
                    name = _pick(p.name, lang, labels)
                    if not name:
                        continue
                    detail = ", ".join(
                        x
                        for x in (_pick(p.title, lang, labels), _pick(p.organization, lang, labels))
                        if x
                    )
                    yield normalise(p.name.ko or name), name, detail, ref

    return _index(found(), lang)


def _parties(
    events: Sequence[_Event], refs: Sequence[EntryRef], lang: DigestLang, labels: Mapping[str, str]
) -> tuple[IndexRow, ...]:
    def found() -> Iterable[tuple[str, str, str, EntryRef]]:
        for event, ref in zip(events, refs, strict=True):
            for member in event.members:
                for p in member.facts.parties:
                    name = _pick(p.name, lang, labels)
                    if name:
                        yield (
                            normalise(p.name.ko or name),
                            name,
                            labels[f"party_kinds.{p.kind}"],
                            ref,
                        )

    return _index(found(), lang)
