"""The main event: its type (from weighted cues), date, name and place."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from briefing.extract.data import ExtractData, compiled
from briefing.extract.numbers import event_day_mentions
from briefing.extract.text import SentenceInfo

_NAME = re.compile(r"[‘'「《<]([^’'」》>]{3,60})[’'」》>]")
_EVENT_NOUN = re.compile(
    r"(협약|MOU|협정|의향서|LOI|대화|회의|포럼|서밋|회담|약정|의정서|파트너십|계약|협약식|체결식|서명식|프로그램|프로젝트)"
)
_ACT = re.compile(r"(체결|서명|개최|열린|열리는|열고|열었|공급|맺|합의|발표|밝혔|출범|가졌|진행)")
_LEAD_SENTENCES = 4


@dataclass(frozen=True)
class EventInfo:
    type: str
    sid: int | None
    date: date | None
    name: str | None
    location: str | None


def event_type(
    infos: Sequence[SentenceInfo], data: ExtractData, cooperation: bool
) -> tuple[str, int | None]:
    if not cooperation:
        return "announcement", _first_with(infos, _ACT)
    cues = [
        (compiled(spec[0]), str(spec[1]), float(spec[2]) if len(spec) > 2 else 1.0)
        for spec in data.patterns["event"]["types"]
    ]
    scores: dict[str, float] = {}
    first_sid: dict[str, int] = {}
    for info in infos:
        text = info.without_quotes("")
        weight = 3.0 if info.id < _LEAD_SENTENCES else 1.0
        for regex, kind, cue_weight in cues:
            n = len(regex.findall(text))
            if n:
                scores[kind] = scores.get(kind, 0.0) + weight * cue_weight * n
                first_sid.setdefault(kind, info.id)
    if not scores:
        return "other", None
    order = [k for _, k, _ in cues]
    best = max(scores, key=lambda k: (scores[k], -order.index(k)))
    return best, first_sid.get(best)


def _first_with(infos: Sequence[SentenceInfo], regex: re.Pattern[str]) -> int | None:
    for info in infos:
        if regex.search(info.without_quotes("")):
            return info.id
    return None


def find_event(
    infos: Sequence[SentenceInfo], data: ExtractData, reference: date | None, cooperation: bool
) -> EventInfo:
    kind, _ = event_type(infos, data, cooperation)
    report_after = data.patterns["event"]["report_date_after_re"]
    chosen_sid: int | None = None
    chosen_date: date | None = None
    fallback: tuple[int, date] | None = None
    for info in infos:
        text = info.without_quotes("")
        if not (_ACT.search(text) or _EVENT_NOUN.search(text)):
            continue
        for d, is_report in event_day_mentions(text, reference, report_after):
            if is_report:
                fallback = fallback or (info.id, d)
                continue
            chosen_sid, chosen_date = info.id, d
            break
        if chosen_date is not None:
            break
    if chosen_date is None and fallback is not None:
        chosen_sid, chosen_date = fallback
    if chosen_sid is None:
        chosen_sid = _first_with(infos, _ACT)
    name = location = None
    if chosen_sid is not None:
        info = next(i for i in infos if i.id == chosen_sid)
        name = _event_name(infos, chosen_sid)
        ordered = sorted(infos, key=lambda i: (i.id != chosen_sid, i.id))
        location = next(
            (loc for i in ordered[: _LEAD_SENTENCES + 1] if (loc := find_location(i.masked, data))),
            None,
        )
    return EventInfo(kind, chosen_sid, chosen_date, name, location)


def find_location(text: str, data: ExtractData) -> str | None:
    """Where something was held or signed: ``…경북 경주에서 … 체결했다`` -> 경북 경주."""
    spec = data.patterns["event"]
    act, place_word = compiled(spec["location_act_re"]), compiled(spec["location_place_re"])
    window = int(spec["location_window"])
    best: tuple[int, str] | None = None
    for m in compiled(spec["location_re"]).finditer(text):
        place = _clean_location(m.group(1), compiled(spec["location_drop_re"]), data)
        if place is None:
            continue
        tail = re.split(r"[.!?]|[다며]\s|하고\s", text[m.end() : m.end() + window])[0]
        score = (2 if act.search(tail) else 0) + (1 if _is_place(place, place_word, data) else 0)
        if score >= 2 and (best is None or score > best[0]):
            best = (score, place)
    return best[1] if best else None


def _is_place(place: str, place_word: re.Pattern[str], data: ExtractData) -> bool:
    return any(place_word.search(word) or data.is_place(word) for word in place.split())


def _clean_location(text: str, drop: re.Pattern[str], data: ExtractData) -> str | None:
    """Keep the trailing words that name the place, dropping the clause before them."""
    words = text.split()
    for i in range(len(words) - 1, -1, -1):
        if drop.match(words[i]) and not data.is_place(words[i]):  # 하와이, 인도 stay
            words = words[i + 1 :]
            break
    place = " ".join(words).strip(" ·")
    return place if len(place) >= 2 else None


def _event_name(infos: Sequence[SentenceInfo], sid: int) -> str | None:
    ordered = sorted(infos, key=lambda i: (i.id != sid, abs(i.id - sid)))
    for info in ordered[:6]:
        for m in _NAME.finditer(info.text):
            if _EVENT_NOUN.search(m.group(1)):
                return m.group(1).strip()
    return None
