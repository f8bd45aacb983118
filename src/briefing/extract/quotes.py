"""Quotations and their speakers: “…”라고 말했다, “…”며, a speaker in the previous sentence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from briefing.extract.data import ExtractData, compiled
from briefing.extract.entities import Mention
from briefing.extract.people import PeopleFinder
from briefing.extract.text import SentenceInfo
from briefing.korean import korean_data

_PRONOUN = re.compile(r"(?:^|\s)(?:그는|그녀는|그가|그녀가|그도|그는\s*또)\s")


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
    extra: list[int] = field(default_factory=list)  # further sentences of the same speech
    # named in the sentence beside the quote (0.95), through 그는 (0.8), or carried over
    # from the sentence before (0.75)
    confidence: float = 0.95

    @property
    def evidence(self) -> tuple[int, ...]:
        return (self.sid, *self.extra)


class QuoteFinder:
    def __init__(self, data: ExtractData, people: PeopleFinder) -> None:
        pat = data.patterns.quotes
        self.report = pat.report_re
        self.continuation = pat.continuation_re
        self.generic = compiled(pat.generic_speakers_re.pattern + r"\s?(?:은|는|이|가|도)\s")
        self.people = people
        self.particles = korean_data().particles

    def find(
        self,
        infos: Sequence[SentenceInfo],
        mentions: dict[int, list[Mention]],
        interviews: dict[int, tuple[str, str | None]] | None = None,
    ) -> list[QuoteRecord]:
        out: list[QuoteRecord] = []
        previous_speaker: Speaker | None = None
        spoken: set[int] = set()
        for index, info in enumerate(infos):
            if info.id in spoken:
                continue
            if interviews and info.id in interviews:
                out.extend(self._interview(infos, index, interviews[info.id], spoken))
                continue
            records: dict[str, QuoteRecord] = {}
            sentence_speaker: Speaker | None = None
            for a, b in info.quotes:
                inner = info.text[a + 1 : b - 1].strip()
                if len(inner) < 4:
                    continue
                said = self._quote_speaker(
                    info, a, b, mentions.get(info.id, []), sentence_speaker, previous_speaker
                )
                if said is None:
                    continue  # a title or a term in quotes, not speech
                spk, confidence = said
                sentence_speaker = spk or sentence_speaker
                key = spk.ko if spk else ""
                rec = records.setdefault(key, QuoteRecord(info.id, spk, confidence=confidence))
                rec.parts.append(inner)
                rec.confidence = min(rec.confidence, confidence)
            if sentence_speaker is not None:
                previous_speaker = sentence_speaker
            elif not info.quotes:
                # "…장관은 이렇게 말했다." then a quotation: the subject of this sentence
                previous_speaker = self._subject_of(info, mentions.get(info.id, []))
            out.extend(records.values())
        for rec in out:
            if rec.speaker and rec.speaker.person_key:
                self.people.add_speaker(rec.speaker.person_key)
        return out

    def _quote_speaker(
        self,
        info: SentenceInfo,
        a: int,
        b: int,
        mentions: list[Mention],
        sentence_speaker: Speaker | None,
        previous_speaker: Speaker | None,
    ) -> tuple[Speaker | None, float] | None:
        """Who said the quotation at [a, b) and how sure that is; None if it is no speech."""
        after = info.text[b:]
        reported = bool(self.report.match(after)) or bool(self.continuation.match(after))
        # a sentence that is only a quotation continues the previous speaker
        standalone = a <= 2 and not after.strip(" .") and previous_speaker is not None
        reported = reported or standalone
        speaker = self._speaker_before(info, a, mentions)
        pronoun = _PRONOUN.search(info.text[:a])
        confidence = 0.95
        if pronoun and (speaker is None or not speaker[1]):
            # 그는 “…”: the person last named before the pronoun
            named = self._last_person(info.id, pronoun.start())
            if named is not None:
                speaker, confidence = (named, False), 0.8
        direct = speaker is not None and speaker[1]
        spk = speaker[0] if speaker else None
        if spk is None and reported:
            spk = self._speaker_after(info, b, mentions)
        if spk is None and reported:
            spk = sentence_speaker or (previous_speaker if a <= 2 else None)
            confidence = 0.95 if sentence_speaker else 0.75
        if not reported and not direct:
            return None  # a title or a term in quotes, not speech
        if spk is None and not reported:
            return None
        return spk, confidence

    def _interview(
        self,
        infos: Sequence[SentenceInfo],
        index: int,
        interview: tuple[str, str | None],
        spoken: set[int],
    ) -> list[QuoteRecord]:
        """[인터뷰] NAME / TITLE : speech, or the speech on the lines that follow."""
        key, said = interview
        rec = self.people.records.get(key)
        if rec is None:
            return []
        quote = QuoteRecord(infos[index].id, Speaker(rec.name, rec.en, key), confidence=0.9)
        if said:
            quote.parts.append(said)
        else:
            for n, info in enumerate(infos[index + 1 : index + 4]):
                quoted = bool(re.match(r"\s*[\"“]", info.text))
                if re.match(r"\s*[\[<〈]", info.text) or (n > 0 and not quoted):
                    break  # the speech is the next line, or the quoted lines that follow
                quote.parts.append(info.text.strip(' "“”'))
                quote.extra.append(info.id)
                spoken.add(info.id)
        return [quote] if quote.parts else []

    def _last_person(self, sid: int, pos: int) -> Speaker | None:
        """The person mentioned last before (sid, pos), outside quotations."""
        best = None
        for m in self.people.mentions:
            if m.in_quote or (m.sid, m.start) >= (sid, pos):
                continue
            if best is None or (m.sid, m.start) > (best.sid, best.start):
                best = m
        if best is None or sid - best.sid > 3:
            return None
        rec = self.people.records[best.key]
        return Speaker(rec.name, rec.en, best.key)

    def _subject_of(self, info: SentenceInfo, mentions: list[Mention]) -> Speaker | None:
        if not re.search(r"(말했|밝혔|강조했|설명했|전했|했다|덧붙였)[다.]*\s*$", info.text):
            return None
        found = self._speaker_before(info, len(info.text), mentions)
        return found[0] if found else None

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
                and m.particle.startswith(korean_data().subject)
                and not m.in_quote
            ):
                rec = self.people.records[m.key]
                candidates.append((m.start, Speaker(rec.name, rec.en, m.key)))
        for mention in mentions:
            if (
                mention.end <= a
                and mention.particle.startswith(korean_data().subject)
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
            if b <= mention.start < end and mention.particle.startswith(korean_data().subject):
                return Speaker(mention.surface, mention.en)
        g = self.generic.search(info.text[b:end])
        if g:
            return Speaker(g.group(1).strip(), None)
        return None
