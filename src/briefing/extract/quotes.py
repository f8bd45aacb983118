"""Quotations and their speakers: “…”라고 말했다, “…”며, a speaker in the previous sentence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from briefing.extract.data import ExtractData, compiled
from briefing.extract.entities import Mention
from briefing.extract.people import PeopleFinder
from briefing.extract.text import SentenceInfo

_SUBJECT_PARTICLES = ("은", "는", "이", "가", "께서", "도", "측은")


@dataclass
class Speaker:
    ko: str
    en: str | None
    person_key: str | None = None


@dataclass
class QuoteRecord:
    sid: int
    speaker: Speaker | None
    parts: list[str] = field(default_factory=list)


class QuoteFinder:
    def __init__(self, data: ExtractData, people: PeopleFinder) -> None:
        pat = data.patterns["quotes"]
        self.report = compiled(pat["report_re"])
        self.continuation = compiled(pat["continuation_re"])
        self.generic = compiled(pat["generic_speakers_re"] + r"\s?(?:은|는|이|가|도)\s")
        self.people = people
        self.particles = data.patterns["particles"]["all"]

    def find(
        self, infos: Sequence[SentenceInfo], mentions: dict[int, list[Mention]]
    ) -> list[QuoteRecord]:
        out: list[QuoteRecord] = []
        previous_speaker: Speaker | None = None
        for info in infos:
            records: dict[str, QuoteRecord] = {}
            sentence_speaker: Speaker | None = None
            for a, b in info.quotes:
                inner = info.text[a + 1 : b - 1].strip()
                if len(inner) < 4:
                    continue
                after = info.text[b:]
                reported = bool(self.report.match(after)) or bool(self.continuation.match(after))
                speaker = self._speaker_before(info, a, mentions.get(info.id, []))
                direct = speaker is not None and speaker[1]
                spk = speaker[0] if speaker else None
                if spk is None and reported:
                    spk = self._speaker_after(info, b, mentions.get(info.id, []))
                if spk is None and reported:
                    spk = sentence_speaker or (previous_speaker if a <= 2 else None)
                if not reported and not direct:
                    continue  # a title or a term in quotes, not speech
                if spk is None and not reported:
                    continue
                sentence_speaker = spk or sentence_speaker
                key = spk.ko if spk else ""
                rec = records.setdefault(key, QuoteRecord(info.id, spk))
                rec.parts.append(inner)
            if sentence_speaker is not None:
                previous_speaker = sentence_speaker
            elif not info.quotes:
                previous_speaker = None
            out.extend(records.values())
        for rec in out:
            if rec.speaker and rec.speaker.person_key:
                self.people.add_speaker(rec.speaker.person_key)
        return out

    def _person_between(self, sid: int, start: int, end: int) -> Speaker | None:
        best = None
        for m in self.people.mentions:
            if (
                m.sid == sid
                and start <= m.start < end
                and not m.in_quote
                and (best is None or m.start > best.start)
            ):
                best = m
        if best is None:
            return None
        rec = self.people.records[best.key]
        return Speaker(rec.name, rec.en, best.key)

    def _speaker_before(
        self, info: SentenceInfo, a: int, mentions: list[Mention]
    ) -> tuple[Speaker, bool] | None:
        """The subject before the quote; True when it stands right before the quote mark."""
        before = info.text[:a]
        # 李 “…”, 젠슨 황 “…”: a name directly before the quotation (headlines)
        for m in reversed(self.people.mentions):
            if (
                m.sid == info.id
                and m.end <= a
                and not m.in_quote
                and not before[m.end :].strip(" ,:")
            ):
                rec = self.people.records[m.key]
                return Speaker(rec.name, rec.en, m.key), True
        # the nearest subject (은/는/이/가) before the quote, person or organisation
        candidates: list[tuple[int, Speaker]] = []
        for m in self.people.mentions:
            if (
                m.sid == info.id
                and m.end <= a
                and m.particle.startswith(_SUBJECT_PARTICLES)
                and not m.in_quote
            ):
                rec = self.people.records[m.key]
                candidates.append((m.start, Speaker(rec.name, rec.en, m.key)))
        for mention in mentions:
            if (
                mention.end <= a
                and mention.particle.startswith(_SUBJECT_PARTICLES)
                and not mention.both
                and not mention.in_quote
                and mention.kind != "media"
            ):
                candidates.append((mention.start, Speaker(mention.surface, mention.en)))
        for g in self.generic.finditer(before):
            candidates.append((g.start(), Speaker(g.group(1).strip(), None)))
        if candidates:
            return max(candidates, key=lambda c: c[0])[1], False
        return None

    def _speaker_after(self, info: SentenceInfo, b: int, mentions: list[Mention]) -> Speaker | None:
        """“…”라고 X 장관은 말했다: a subject between the quote and the verb."""
        window_end = min(len(info.text), b + 60)
        next_quote = next((qa for qa, _ in info.quotes if qa >= b), window_end)
        end = min(window_end, next_quote)
        person = self._person_between(info.id, b, end)
        if person:
            return person
        for mention in mentions:
            if b <= mention.start < end and mention.particle.startswith(_SUBJECT_PARTICLES):
                return Speaker(mention.surface, mention.en)
        g = self.generic.search(info.text[b:end])
        if g:
            return Speaker(g.group(1).strip(), None)
        return None
