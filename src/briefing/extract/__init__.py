"""Stage 4, extract: Article (sentences) -> Facts with Korean values and evidence.

Parties, people and roles, technology areas, commitments, quotes, amounts, dates and the
event, each tied to the ids of the sentences that support it. Knowledge lives in data files
(gazetteer, tech-area lexicon, prose patterns; see docs/data-files.md); English is set where
those files or the article (a Latin gloss) give it, and the translate stage fills the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import cast

from briefing.config import Config
from briefing.extract.commitments import Clause, CommitmentFinder
from briefing.extract.data import ExtractData, load_data, normalise
from briefing.extract.entities import (
    BOTH_COUNTRIES,
    BOTH_PARTIES,
    Mention,
    MentionFinder,
    PartyRecord,
    merge_key,
)
from briefing.extract.event import find_event
from briefing.extract.numbers import AmountFinder, Money, full_dates, parse_iso
from briefing.extract.people import PeopleFinder
from briefing.extract.quotes import QuoteFinder
from briefing.extract.roles import RoleFinder
from briefing.extract.tech import find_areas
from briefing.extract.text import SentenceInfo, prepare, strip_particle
from briefing.types import (
    ROLES,
    Amount,
    Article,
    Commitment,
    Event,
    EventType,
    Facts,
    Party,
    PartyKind,
    Person,
    Quote,
    Role,
    TechArea,
    Text,
)

__all__ = ["extract_facts", "load_data"]

# Longer sentences are analysed on their first characters only: bounds the cost of every
# pattern on pathological input (a 1 MB "sentence" without punctuation).
MAX_SENTENCE_CHARS = 2000
# a word ending in one of these names a part of an organisation (항공우주사업본부)
_DIVISION_SUFFIXES = ("사업본부", "사업부", "본부", "사업단", "연구소", "연구원", "센터", "부문")
_NUMERIC_DATE = re.compile(r"(?<![\d.])(?:19|20)\d\d[.\-/]\d{1,2}[.\-/]\d{1,2}(?![\d])")


def extract_facts(article: Article, config: Config) -> Facts:
    """The facts of one article (Korean values; English where the data files know it)."""
    from briefing.extract.actions import add_actions

    data = load_data(config.gazetteer_files, config.lexicon_files)
    return merge_repeated_commitments(add_actions(Extraction(article, data).run()))


def merge_repeated_commitments(facts: Facts) -> Facts:
    """One commitment per undertaking: the lede, a caption and the body often state the same
    deal (…공급 연장계약을 맺었다 three times); the first statement keeps the others'
    evidence."""
    kept: list[Commitment] = []
    for c in facts.commitments:
        twin = next((i for i, k in enumerate(kept) if _same_undertaking(k, c)), None)
        if twin is None:
            kept.append(c)
            continue
        first = kept[twin]
        kept[twin] = replace(
            first,
            evidence=tuple(sorted({*first.evidence, *c.evidence})),
            actors=first.actors or c.actors,
            amount=first.amount or c.amount,
            timeline=first.timeline or c.timeline,
        )
    if len(kept) == len(facts.commitments):
        return facts
    return facts.replace(commitments=tuple(kept))


def _same_undertaking(a: Commitment, b: Commitment) -> bool:
    if a.action is None or a.action != b.action or a.object is None or b.object is None:
        return False
    one, other = normalise(a.object.ko or ""), normalise(b.object.ko or "")
    short, long_ = sorted((one, other), key=len)
    if len(short) < 4 or short not in long_:  # 날개구조물 공급연장 계약 ⊂ A350 날개구조물…
        return False
    actors_a = {x.en or x.ko for x in a.actors}
    actors_b = {x.en or x.ko for x in b.actors}
    return not actors_a or not actors_b or bool(actors_a & actors_b)


class Extraction:
    def __init__(self, article: Article, data: ExtractData) -> None:
        from briefing.sentences import tokenize_all

        self.article = article
        self.data = data
        texts = [(s.id, s.ko[:MAX_SENTENCE_CHARS]) for s in article.sentences]
        tokens = tokenize_all([t for _, t in texts])
        self.infos: list[SentenceInfo] = prepare(texts, tokens)
        self.byline = article.byline.ko if article.byline and article.byline.ko else None
        self.people_not_parties: set[str] = set()  # keys of names read as both

    # ------------------------------------------------------------------ main

    def run(self) -> Facts:
        pat = self.data.patterns
        article = self.article
        published = article.published or self._dateline()
        reference = parse_iso(published) or self._first_full_date()
        cooperation = self._is_cooperation()

        finder = MentionFinder(self.data)
        mentions = {info.id: finder.find(info) for info in self.infos}

        people = PeopleFinder(self.data)
        interviews = {}
        for info in self.infos:
            interview = people.find_interviews(info)
            if interview is not None:
                interviews[info.id] = interview
            else:
                people.find_titled(info)
        people.find_later(self.infos)
        quotes = QuoteFinder(self.data, people).find(self.infos, mentions, interviews)
        event_info = find_event(self.infos, self.data, reference, cooperation)
        meeting = event_info.type in ("summit", "dialogue")
        RoleFinder(
            self.data,
            people,
            meeting=meeting,
            cooperation=cooperation,
            summit=event_info.type == "summit",
        ).assign(self.infos)

        commitment_finder = CommitmentFinder(self.data)
        clauses = (
            {
                info.id: commitment_finder.clauses(info, self.infos[n - 1] if n else None)
                for n, info in enumerate(self.infos)
            }
            if cooperation
            else {}
        )

        parties = self._parties(mentions, people, clauses) if cooperation else {}
        main_countries = self._main_countries(mentions)

        facts_people = self._people(people)
        facts_quotes = tuple(
            Quote(
                Text(q.speaker.ko, q.speaker.en),
                Text(" … ".join(q.parts)),
                q.evidence,
                confidence=q.confidence,
            )
            for q in quotes
            if q.speaker is not None
        )
        amounts = self._amounts()
        tech = self._tech_areas(mentions, people)
        commitments = self._commitments(
            clauses, mentions, parties, main_countries, commitment_finder
        )
        event = Event(
            type=cast(EventType, event_info.type),
            name=Text(event_info.name) if event_info.name else None,
            date=event_info.date.isoformat() if event_info.date else None,
            location=Text(event_info.location) if event_info.location else None,
            evidence=(event_info.sid,) if event_info.sid is not None else (),
        )
        if published != article.published:
            article = replace(article, published=published)
        del pat
        return Facts(
            article=article,
            event=event,
            parties=tuple(
                Party(
                    Text(rec.ko(), rec.en),
                    cast(PartyKind, rec.kind),
                    tuple(sorted(rec.evidence)),
                    confidence=self._party_confidence(rec),
                )
                for rec in parties.values()
            ),
            people=facts_people,
            tech_areas=tech,
            commitments=commitments,
            quotes=facts_quotes,
            amounts=amounts,
        )

    # ------------------------------------------------------------------ article-level

    def _dateline(self) -> str | None:
        regex = self.data.patterns.article.dateline_re
        for info in self.infos[:3]:
            m = regex.search(info.text)
            if m:
                try:
                    return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
                except ValueError:
                    return None
        return None

    def _first_full_date(self) -> date | None:
        """A numeric date in a caption or dateline (2023.12.13), not one stated in prose."""
        for info in self.infos:
            for m in _NUMERIC_DATE.finditer(info.text):
                found = full_dates(m.group(0))
                if found:
                    return found[0]
        return None

    def _cooperation_cues(self, info: SentenceInfo, *, weak: bool = False) -> int:
        text = info.without_quotes("")
        spec = self.data.patterns.article
        cues = spec.weak_cooperation_cues if weak else spec.cooperation_cues
        return sum(text.count(c) for c in cues)

    def _is_cooperation(self) -> bool:
        """One strong cue (MOU, 체결, 합의…), or weak ones (협력, 교류…) in two sentences."""
        if any(self._cooperation_cues(i) for i in self.infos):
            return True
        return sum(1 for i in self.infos if self._cooperation_cues(i, weak=True)) >= 2

    # ------------------------------------------------------------------ parties

    def _eligible(self, info: SentenceInfo, clauses: dict[int, list[Clause]]) -> bool:
        background = self.data.patterns.parties.background_re
        if background.search(info.without_quotes("")):
            return False
        participation = self.data.patterns.parties.participation_re
        roles = self.data.patterns.roles
        acts = (roles.sign_re, roles.meet_re, roles.host_re)
        return (
            any(act.search(info.without_quotes("")) for act in acts)
            or self._cooperation_cues(info) > 0
            or self._cooperation_cues(info, weak=True) > 0
            or bool(clauses.get(info.id))
            or bool(participation.search(info.without_quotes("")))
        )

    def _parties(
        self,
        mentions: dict[int, list[Mention]],
        people: PeopleFinder,
        clauses: dict[int, list[Clause]],
    ) -> dict[str, PartyRecord]:
        records: dict[str, PartyRecord] = {}
        gaz = self.data.gazetteer
        both_sids: list[int] = []
        for info in self.infos:
            if not self._eligible(info, clauses):
                continue
            for m in mentions[info.id]:
                if m.in_quote or m.context or m.kind == "media":
                    continue
                if m.both:
                    if m.key == BOTH_COUNTRIES:
                        both_sids.append(info.id)
                    continue
                if m.kind == "country" and m.modifier:
                    continue
                self._add_party(records, m)
        for rec in people.records.values():
            if not rec.roles & {"signatory", "host", "attendee"} or rec.org_entity is None:
                continue
            entity = rec.org_entity
            if entity.kind in ("media", "person"):
                continue
            sids = sorted(rec.evidence)
            key = entity.en
            party = records.setdefault(key, PartyRecord(key, entity.kind, entity.en))
            party.surfaces.append(rec.organization or entity.ko)
            party.evidence.update(sids[:1])
            if entity.kind == "country":
                party.country_name = entity.ko
        self.people_not_parties = _drop_people_read_as_parties(records, people, gaz.entities)
        _merge_prefixed(records)
        if both_sids:
            for entity_en in self._main_countries(mentions):
                entity = gaz.entities[entity_en]
                party = records.setdefault(entity.en, PartyRecord(entity.en, "country", entity.en))
                party.country_name = entity.ko
                party.surfaces.append(entity.ko)
                party.evidence.update(both_sids)
        return records

    def _party_confidence(self, rec: PartyRecord) -> float:
        """A known entity or country is sure; an unknown name with its English in brackets
        less so; one read from its place in the sentence least."""
        if rec.key in self.data.gazetteer.entities:
            return 0.95
        return 0.8 if rec.en else 0.65

    def _add_party(self, records: dict[str, PartyRecord], m: Mention) -> None:
        key = merge_key(records, m)
        kind = (
            m.kind
            if m.kind in ("country", "government", "company", "research", "international", "other")
            else "other"
        )
        rec = records.setdefault(key, PartyRecord(key, kind, m.en))
        entity = self.data.gazetteer.entities.get(m.key)
        # a compound (한-EU, 韓美) names each of its members: not a spelling of either
        compound = bool(re.search(r"[·ㆍ・\-]", m.surface)) or m.surface != m.surface.strip()
        if not (compound and entity is not None):
            rec.surfaces.append(m.surface)
        elif not rec.surfaces:
            rec.surfaces.append(entity.ko)
        rec.evidence.add(m.sid)
        if m.kind == "country":
            rec.country_name = entity.ko if entity else m.surface

    def _main_countries(self, mentions: dict[int, list[Mention]]) -> list[str]:
        """The two countries that 양국 stands for: a compound (한·미) first, else the most cited."""
        counts: dict[str, int] = {}
        for info in self.infos:
            for m in mentions[info.id]:
                if m.kind == "country" and not m.both and not m.context:
                    weight = (
                        5
                        if len(m.surface) <= 5
                        and re.search(r"[·ㆍ\-]|^[한미韓美]", m.surface)
                        and m.surface not in ("한국", "미국")
                        else 1
                    )
                    counts[m.key] = counts.get(m.key, 0) + weight
        ranked = sorted(counts, key=lambda k: -counts[k])
        return ranked[:2] if len(ranked) >= 2 else []

    # ------------------------------------------------------------------ people

    def _people(self, people: PeopleFinder) -> tuple[Person, ...]:
        out = []
        for rec in sorted(people.records.values(), key=lambda r: r.order):
            if self.byline and rec.name in self.byline:
                continue
            roles = set(rec.roles)
            if roles & {"signatory", "host"}:
                roles.discard("attendee")
            ordered = tuple(cast(Role, r) for r in ROLES if r in roles) or ("mentioned",)
            org = None
            if rec.organization:
                org = Text(rec.organization, rec.org_entity.en if rec.org_entity else None)
            out.append(
                Person(
                    Text(rec.name, rec.en),
                    Text(rec.title) if rec.title else None,
                    org,
                    ordered,
                    tuple(sorted(rec.evidence)),
                    confidence=round(rec.confidence or 0.9, 2),
                )
            )
        return tuple(out)

    # ------------------------------------------------------------------ amounts, areas

    def _amount_finder(self) -> AmountFinder:
        return AmountFinder(self.data.patterns)

    def _amounts(self) -> tuple[Amount, ...]:
        finder = self._amount_finder()
        seen: dict[tuple[float, str], tuple[Money, list[int]]] = {}
        for info in self.infos:
            for money in finder.find(info.text):
                key = (float(money.value), money.currency)
                if key in seen:
                    seen[key][1].append(info.id)
                else:
                    seen[key] = (money, [info.id])
        return tuple(
            Amount(m.value, m.currency, Text(m.text), tuple(sorted(set(sids))))
            for m, sids in seen.values()
        )

    def _masked_entities(self, mentions: Iterable[Mention]) -> list[tuple[int, int]]:
        return [(m.start, m.end) for m in mentions if not m.both]

    def _tech_areas(
        self, mentions: dict[int, list[Mention]], people: PeopleFinder
    ) -> tuple[TechArea, ...]:
        lex = self.data.lexicon
        evidence: dict[str, list[int]] = {}
        names: dict[int, list[tuple[int, int]]] = {}
        for pm in people.mentions:
            names.setdefault(pm.sid, []).append(
                (pm.start, pm.start + len(people.records[pm.key].name))
            )
        for info in self.infos:
            masked = (
                self._masked_entities(mentions[info.id])
                + names.get(info.id, [])
                + self._name_words(info)
            )
            for area in find_areas(info.text, lex, masked):
                evidence.setdefault(area, []).append(info.id)
        return tuple(
            TechArea(a, Text(lex.areas[a].label_ko, lex.areas[a].label_en), tuple(sids))
            for a, sids in evidence.items()
            if a in lex.areas
        )

    def _name_words(self, info: SentenceInfo) -> list[tuple[int, int]]:
        """Words that name a body or a brand, whatever technology word they hold:
        항공우주사업본부 (a division), 삼성디지털프라자 (a company's shops)."""
        gaz = self.data.gazetteer
        assert gaz.alias_re is not None
        spans = []
        for word in info.words:
            stem = strip_particle(word.text)[0]
            if len(stem) < 4:
                continue
            # the division itself or its head (항공우주사업본부장)
            if any(stem.endswith((s, s + "장")) for s in _DIVISION_SUFFIXES):
                spans.append((word.start, word.end))
                continue
            brand = gaz.alias_re.match(stem)
            entity = gaz.lookup(brand.group(0)) if brand else None
            if (
                brand
                and entity is not None
                and entity.kind == "company"
                and brand.end() < len(stem)
            ):
                spans.append((word.start, word.end))
        return spans

    # ------------------------------------------------------------------ commitments

    def _commitments(
        self,
        clauses: dict[int, list[Clause]],
        mentions: dict[int, list[Mention]],
        parties: dict[str, PartyRecord],
        main_countries: list[str],
        finder: CommitmentFinder,
    ) -> tuple[Commitment, ...]:
        out: list[Commitment] = []
        amounts = self._amount_finder()
        previous_actors: tuple[Text, ...] = ()
        previous_sid = -10
        gaz = self.data.gazetteer
        for info in self.infos:
            for clause in clauses.get(info.id, []):
                actors = self._actors(clause.text, mentions[info.id], parties, main_countries)
                if not actors:
                    subject = next(
                        (
                            m
                            for m in mentions[info.id]
                            if not m.in_quote
                            and not m.context
                            and m.particle.startswith(("은", "는", "이", "가"))
                        ),
                        None,
                    )
                    if subject is not None:
                        actors = self._actors(subject.surface, [subject], parties, main_countries)
                if not actors and info.id - previous_sid <= 2:
                    actors = previous_actors
                money = amounts.find(clause.text)
                amount = (
                    Amount(money[0].value, money[0].currency, Text(money[0].text))
                    if money
                    else None
                )
                timeline = finder.timeline_of(clause.text)
                names = [m.surface for m in mentions[info.id] if not m.both]
                areas = tuple(
                    find_areas(clause.text, self.data.lexicon, _spans_of(clause.text, names))
                )
                out.append(
                    Commitment(
                        Text(clause.text),
                        actors,
                        areas,
                        amount,
                        Text(timeline) if timeline else None,
                        (info.id,),
                        confidence=clause.confidence
                        if actors
                        else round(clause.confidence - 0.1, 2),
                    )
                )
                if actors:
                    previous_actors, previous_sid = actors, info.id
        del gaz
        return tuple(out)

    def _actors(
        self,
        text: str,
        mentions: list[Mention],
        parties: dict[str, PartyRecord],
        main_countries: list[str],
    ) -> tuple[Text, ...]:
        seen: list[str] = []
        out: list[Text] = []
        gaz = self.data.gazetteer
        for m in mentions:
            if m.in_quote or m.kind == "media" or m.surface not in text or m.context or m.modifier:
                continue
            keys = [m.key]
            if m.key == BOTH_COUNTRIES:
                keys = main_countries
            elif m.key == BOTH_PARTIES:
                keys = _main_parties(parties) or main_countries
            for key in keys:
                if key in seen or key in self.people_not_parties:
                    continue
                seen.append(key)
                rec = parties.get(key)
                if rec is not None:
                    out.append(Text(rec.ko(), rec.en))
                else:
                    entity = gaz.entities.get(key)
                    out.append(
                        Text(
                            entity.ko if entity and entity.kind == "country" else m.surface,
                            entity.en if entity else m.en,
                        )
                    )
        return tuple(out)


def _drop_people_read_as_parties(
    records: dict[str, PartyRecord], people: PeopleFinder, known: Mapping[str, object]
) -> set[str]:
    """크라치오스 of 마이클 크라치오스: a person's name, or a word of it, that a party rule
    read as an unknown organisation is the person, not a party."""
    words = {w for rec in people.records.values() for w in (rec.name, *rec.name.split())}
    dropped = set()
    for key in [k for k, rec in records.items() if k not in known and rec.surfaces]:
        if all(surface in words for surface in records[key].surfaces):
            del records[key]
            dropped.add(key)
    return dropped


def _merge_prefixed(records: dict[str, PartyRecord]) -> None:
    """A short form of a longer name in the same article is the same party: 아마존 -> AWS;
    an unknown name that a known party is also written as joins it (PGZ)."""
    for key in list(records):
        rec = records[key]
        if rec.en is not None and rec.en == key:
            continue  # a known entity
        spelled = {normalise(s) for s in rec.surfaces}
        for known_key, known in records.items():
            if (
                known_key != key
                and known.en == known_key
                and spelled & {normalise(s) for s in known.surfaces}
            ):
                known.evidence |= rec.evidence
                del records[key]
                break
    for key in list(records):
        for other in records:
            if (
                other != key
                and other.startswith(key + " ")
                and records[key].kind == records[other].kind
            ):
                records[other].evidence |= records[key].evidence
                del records[key]
                break


def _main_parties(parties: dict[str, PartyRecord]) -> list[str]:
    """The two parties that 양사 / 양측 stand for: the most cited non-country parties."""
    ranked = sorted(
        (key for key, rec in parties.items() if rec.kind != "country"),
        key=lambda k: -len(parties[k].evidence),
    )
    return ranked[:2] if len(ranked) >= 2 else []


def _spans_of(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for name in set(names):
        start = text.find(name)
        while start >= 0:
            spans.append((start, start + len(name)))
            start = text.find(name, start + 1)
    return spans
