"""The weekly digest's content, in no particular language: articles -> events -> what they say.

- **Events.** Articles about the same event from different outlets are one event that lists
  every source. Two articles report the same event when their texts are close (TF-IDF cosine
  over character bigrams, which suits Korean without a tokenizer) or when they share the
  event's name or enough of its parties and people, and their event dates, if both known,
  are at most a few days apart. Grouping is transitive (A~B and B~C put A, B, C in one).
- **Partners** are the parties that take part: an actor of a commitment, a party named where
  the article states the event, or the organisation of a person who signed or hosted. A
  country the article only mentions is not a partner.
- **Commitments** of an event are merged across its sources (the same commitment reported by
  two outlets is one, credited to both) and ranked: a sum, a timeline, a known action, named
  actors and more sources rank higher.
- **Trends**: events per technology area and per partner country, for the week and the four
  before it.

``render.digest_context`` turns this into the words of one language.
"""

from __future__ import annotations

import math
import re
import tomllib
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from briefing.errors import ConfigError
from briefing.resources import bundled_data_dir
from briefing.types import Commitment, Event, Facts, Party, Text

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
# Two reports of one commitment: character-bigram overlap (Dice) of their texts. Rewrites of
# one clause by two outlets score 0.6-0.9; two clauses of one agreement 0.1-0.4.
SAME_COMMITMENT = 0.6
MIN_PARTY_CONFIDENCE = 0.5  # below: the extractor doubts it is a party at all
TREND_WEEKS = 5  # the week and the four before it


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class BriefedArticle:
    """One briefed article as the digest sees it."""

    facts: Facts
    source_name: str
    output_dir: str | None
    briefed_at: str  # ISO timestamp (UTC) it was first briefed
    day: date  # the day it counts for: published, or briefed if undated
    dated: bool  # False: no publication date, ``day`` is the day it was briefed


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


# --------------------------------------------------------------------------- similarity


_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """For matching only: compatibility forms folded, case and spaces and punctuation gone."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def text_key(text: Text | None) -> str:
    """The matching key of a text pair (its Korean, else its English)."""
    if text is None:
        return ""
    return normalise(text.ko or text.en or "")


def _bigrams(text: str) -> Counter[str]:
    compact = normalise(text)
    return Counter(compact[i : i + 2] for i in range(len(compact) - 1))


def _article_text(facts: Facts) -> str:
    title = facts.article.title.ko if facts.article.title and facts.article.title.ko else ""
    body = " ".join(s.ko for s in facts.article.sentences)
    return f"{title} {title} {body}"[:TEXT_CHARS]


def _entities(facts: Facts) -> set[str]:
    names = {text_key(p.name) for p in facts.parties} | {text_key(p.name) for p in facts.people}
    return names - {""}


def _event_name(facts: Facts) -> str:
    return text_key(facts.event.name) if facts.event else ""


def _event_date(facts: Facts) -> date | None:
    value = facts.event.date if facts.event else None
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


class Similarity:
    """Pairwise same-event decisions over one set of articles."""

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


# --------------------------------------------------------------------------- partners


def acting_parties(facts: Facts) -> list[Party]:
    """The parties that take part in what the article reports (see the module docstring),
    in the article's order."""
    actors = {text_key(a) for c in facts.commitments for a in c.actors}
    organisers = {
        text_key(p.organization)
        for p in facts.people
        if p.organization is not None and {"signatory", "host"} & set(p.roles)
    }
    stated = set(facts.event.evidence) if facts.event else set()
    acting = []
    for party in facts.parties:
        if party.confidence is not None and party.confidence < MIN_PARTY_CONFIDENCE:
            continue
        key = text_key(party.name)
        if key and (key in actors or key in organisers or stated & set(party.evidence)):
            acting.append(party)
    return acting


# --------------------------------------------------------------------------- commitments


@dataclass(frozen=True)
class MergedCommitment:
    """One commitment of an event, however many of its sources report it."""

    commitment: Commitment  # the fullest report
    source: int  # index (into the event's members) of the article that report is from
    reported_by: tuple[int, ...]  # every member reporting it, in member order
    score: float


def _dice(a: Counter[str], b: Counter[str]) -> float:
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 0.0


def _same_commitment(
    a: Commitment, b: Commitment, grams_a: Counter[str], grams_b: Counter[str]
) -> bool:
    if (
        a.action
        and a.action == b.action
        and text_key(a.object)
        and text_key(a.object) == text_key(b.object)
    ):
        return True
    return _dice(grams_a, grams_b) >= SAME_COMMITMENT


def _fullness(c: Commitment) -> tuple[int, int]:
    known = (c.amount is not None) + (c.timeline is not None) + (c.action is not None)
    return known + len(c.actors), len(c.text.ko or c.text.en or "")


def _commitment_score(c: Commitment, reports: int, partner_keys: set[str]) -> float:
    score = 3.0 * (c.amount is not None) + 1.0 * (c.timeline is not None)
    score += 1.0 * (c.action is not None) + 0.5 * (c.object is not None)
    actors = {text_key(a) for a in c.actors} - {""}
    score += 1.5 if actors & partner_keys else (0.5 if actors else -2.0)
    score += 1.5 * (reports - 1)
    if len(text_key(c.text)) < 8:  # a clause fragment says little on its own
        score -= 1.5
    if c.confidence is not None:
        score += 2.0 * (c.confidence - 0.5)
    return score


def merge_commitments(
    members: Sequence[BriefedArticle], partner_keys: set[str]
) -> list[MergedCommitment]:
    """Every commitment of the event's sources once, best first."""
    reports = [
        (m, c, _bigrams(c.text.ko or c.text.en or ""))
        for m, member in enumerate(members)
        for c in member.facts.commitments
        if text_key(c.text)
    ]
    groups: list[list[int]] = []
    for i, (_, commitment, grams) in enumerate(reports):
        for group in groups:
            _, first, first_grams = reports[group[0]]
            if _same_commitment(commitment, first, grams, first_grams):
                group.append(i)
                break
        else:
            groups.append([i])
    merged = []
    for group in groups:
        best = max(group, key=lambda i: (_fullness(reports[i][1]), -i))
        source, commitment, _ = reports[best]
        reported_by = tuple(sorted({reports[i][0] for i in group}))
        score = _commitment_score(commitment, len(reported_by), partner_keys)
        merged.append(MergedCommitment(commitment, source, reported_by, score))
    order = {id(m): i for i, m in enumerate(merged)}
    return sorted(merged, key=lambda m: (-m.score, order[id(m)]))


# --------------------------------------------------------------------------- events


@dataclass(frozen=True)
class DigestEvent:
    """One event of the digest: its sources, partners and commitments."""

    members: tuple[BriefedArticle, ...]  # the fullest article first, then by briefing time
    is_new: bool  # no article of it was in last week's digest
    event: Event | None  # as the fullest article that states one has it
    areas: tuple[tuple[str, Text], ...]  # (taxonomy id, label), most evidence first
    partners: tuple[Party, ...]  # acting parties, countries first; the home country left out
    partner_countries: tuple[Party, ...]  # acting countries other than the home country
    countries: tuple[Party, ...]  # every acting country, the home country first
    commitments: tuple[MergedCommitment, ...]  # best first

    @property
    def main(self) -> Facts:
        return self.members[0].facts


def _richness(facts: Facts) -> tuple[int, int]:
    return (
        len(facts.commitments) + len(facts.parties) + len(facts.people) + (facts.event is not None),
        len(facts.article.sentences),
    )


def _areas(members: Sequence[BriefedArticle]) -> tuple[tuple[str, Text], ...]:
    weight: Counter[str] = Counter()
    labels: dict[str, Text] = {}
    for member in members:
        for area in member.facts.tech_areas:
            weight[area.id] += max(1, len(area.evidence))
            labels.setdefault(area.id, area.label)
    ranked = sorted(weight, key=lambda a: (-weight[a], a))
    return tuple((area_id, labels[area_id]) for area_id in ranked)


def _involvement(members: Sequence[BriefedArticle]) -> Counter[str]:
    """How much each party does in the event: signs or hosts, is named where the event is
    stated, acts in commitments."""
    weight: Counter[str] = Counter()
    for member in members:
        facts = member.facts
        for p in facts.people:
            if p.organization is not None and {"signatory", "host"} & set(p.roles):
                weight[text_key(p.organization)] += 3
        stated = set(facts.event.evidence) if facts.event else set()
        for party in facts.parties:
            if stated & set(party.evidence):
                weight[text_key(party.name)] += 2
        for c in facts.commitments:
            for actor in {text_key(a) for a in c.actors}:
                weight[actor] += 1
    return weight


def _parties(members: Sequence[BriefedArticle], data: DigestData) -> tuple[list[Party], ...]:
    """(partners, partner countries, all acting countries) of an event's articles, the most
    involved first."""
    seen: dict[str, Party] = {}
    for member in members:
        for party in acting_parties(member.facts):
            seen.setdefault(text_key(party.name), party)
    weight = _involvement(members)
    order = {key: i for i, key in enumerate(seen)}
    ranked = sorted(seen, key=lambda k: (-weight[k], order[k]))
    parties = [seen[k] for k in ranked]
    countries = [p for p in parties if p.kind == "country"]
    home = [p for p in countries if text_key(p.name) in data.home_country]
    foreign = [p for p in countries if text_key(p.name) not in data.home_country]
    others = [p for p in parties if p.kind != "country"]
    return foreign + others, foreign, home + foreign


def make_event(members: Sequence[BriefedArticle], is_new: bool, data: DigestData) -> DigestEvent:
    ordered = sorted(members, key=lambda a: (_richness(a.facts), a.briefed_at), reverse=True)
    main = ordered[0]
    rest = sorted(ordered[1:], key=lambda a: (a.briefed_at, a.source_name))
    chosen = (main, *rest)
    partners, foreign, countries = _parties(chosen, data)
    partner_keys = {text_key(p.name) for p in partners}
    return DigestEvent(
        members=chosen,
        is_new=is_new,
        event=next((m.facts.event for m in chosen if m.facts.event is not None), None),
        areas=_areas(chosen),
        partners=tuple(partners),
        partner_countries=tuple(foreign),
        countries=tuple(countries),
        commitments=tuple(merge_commitments(chosen, partner_keys)),
    )


def _unique(items: Iterable[BriefedArticle]) -> list[BriefedArticle]:
    """One article id once (the same article briefed from two files is one article)."""
    found: dict[str, BriefedArticle] = {}
    for item in items:
        found.setdefault(item.facts.article.id, item)
    return list(found.values())


def events_of(
    items: Sequence[BriefedArticle], earlier: Sequence[BriefedArticle], data: DigestData
) -> list[DigestEvent]:
    """``items`` grouped into events; an event is new unless one of ``earlier`` reports it."""
    current = _unique(items)
    ids = {a.facts.article.id for a in current}
    before = [a for a in _unique(earlier) if a.facts.article.id not in ids]
    groups = group_events([a.facts for a in current] + [a.facts for a in before])
    events = []
    for group in groups:
        members = [current[i] for i in group if i < len(current)]
        if members:
            events.append(make_event(members, all(i < len(current) for i in group), data))
    events.sort(key=lambda e: (min(m.day for m in e.members), min(m.briefed_at for m in e.members)))
    return events


# --------------------------------------------------------------------------- trends


@dataclass(frozen=True)
class TrendRow:
    key: str
    label: Text
    counts: tuple[int, ...]  # events per week, oldest week first; the last is this week

    @property
    def this_week(self) -> int:
        return self.counts[-1]

    @property
    def before(self) -> float:
        """The average of the weeks before this one."""
        earlier = self.counts[:-1]
        return sum(earlier) / len(earlier) if earlier else 0.0


@dataclass(frozen=True)
class Trends:
    weeks: tuple[str, ...]  # oldest first; the last is the digest's week
    events: tuple[int, ...]  # events per week
    areas: tuple[TrendRow, ...]  # most events this week first
    countries: tuple[TrendRow, ...]


def _trend_rows(
    counts: dict[str, list[int]], labels: dict[str, Text], limit: int
) -> tuple[TrendRow, ...]:
    ranked = sorted(counts, key=lambda k: (-counts[k][-1], -sum(counts[k]), k))
    return tuple(TrendRow(k, labels[k], tuple(counts[k])) for k in ranked[:limit])


def trends(
    weeks: Sequence[str],
    items_by_week: Sequence[Sequence[BriefedArticle]],
    data: DigestData,
    limit: int = 8,
) -> Trends:
    """Events per area and per partner country in each of ``weeks`` (by publication week)."""
    area_counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(weeks))
    country_counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(weeks))
    labels: dict[str, Text] = {}
    country_labels: dict[str, Text] = {}
    event_counts = []
    for w, items in enumerate(items_by_week):
        events = events_of(items, (), data)
        event_counts.append(len(events))
        for event in events:
            for area_id, label in event.areas:
                area_counts[area_id][w] += 1
                labels.setdefault(area_id, label)
            for party in event.partner_countries:
                key = text_key(party.name)
                country_counts[key][w] += 1
                country_labels.setdefault(key, party.name)
    return Trends(
        weeks=tuple(weeks),
        events=tuple(event_counts),
        areas=_trend_rows(area_counts, labels, limit),
        countries=_trend_rows(country_counts, country_labels, limit),
    )


# --------------------------------------------------------------------------- the digest


@dataclass(frozen=True)
class DigestContent:
    """Everything a week's digest says, before it is put into words."""

    week: str
    main: tuple[DigestEvent, ...]  # events of articles published in the week
    late: tuple[DigestEvent, ...]  # articles of earlier weeks, briefed after their digest
    trends: Trends
    as_of: str | None  # when the newest listed article was briefed (ISO, UTC)

    @property
    def article_count(self) -> int:
        return sum(len(e.members) for e in (*self.main, *self.late))


def build_content(
    week: str,
    main: Sequence[BriefedArticle],
    late: Sequence[BriefedArticle],
    last_week: Sequence[BriefedArticle],
    trend_weeks: Sequence[str],
    trend_items: Sequence[Sequence[BriefedArticle]],
) -> DigestContent:
    data = digest_data()
    listed = [*main, *late]
    return DigestContent(
        week=week,
        main=tuple(events_of(main, last_week, data)),
        late=tuple(events_of(late, (), data)),
        trends=trends(trend_weeks, trend_items, data),
        as_of=max((a.briefed_at for a in listed), default=None),
    )
