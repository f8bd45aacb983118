"""The main event: its type (from weighted cues), date, name and place."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from briefing.extract.data import ExtractData
from briefing.extract.numbers import event_day_mentions, resolve_day
from briefing.extract.text import SentenceInfo

_NAME = re.compile(r"[‘'「《<]([^’'」》>]{3,60})[’'」》>]")
_EVENT_NOUN = re.compile(
    r"(협약|MOU|협정|의향서|LOI|대화|회의|포럼|서밋|회담|약정|의정서|파트너십|계약|협약식|체결식|서명식|프로그램|프로젝트)"
)
_ACT = re.compile(
    r"(체결|서명|개최|열린|열리는|열고|열었|공급|맺|합의|발표|밝혔|공시|출범|가졌|진행|만나|만났|회동|면담)"
)
_LEAD_SENTENCES = 4


@dataclass(frozen=True)
class EventInfo:
    type: str
    sid: int | None
    date: date | None
    name: str | None
    location: str | None


def event_type(
    infos: Sequence[SentenceInfo], data: ExtractData, cooperation: bool, title: str | None = None
) -> tuple[str, int | None]:
    if not cooperation:
        return "announcement", _first_with(infos, _ACT)
    lede = _lede_type(infos, data, title)
    if lede is not None:
        return lede
    cues = list(data.patterns.event.types)
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


def _lede_type(
    infos: Sequence[SentenceInfo], data: ExtractData, title: str | None = None
) -> tuple[str, int] | None:
    """The type the lede gives: the acts of its first sentences and the event nouns they
    govern. A main act (…협약을 체결했다, …와 만나) outranks an event only named in passing
    (…에서 열린 포럼에 참석해) or in a headline (…3건 MOU)."""
    spec = data.patterns.event
    acts = list(spec.lede_acts)
    nouns = list(spec.lede_nouns)
    window = int(spec.lede_window)
    background = data.patterns.parties.background_re
    not_main = spec.lede_not_main_re
    main: list[tuple[int, int, str]] = []  # (sentence, position, type)
    passing: list[tuple[int, int, str]] = []
    if title:  # the headline names the event, as a headline in the body does
        passing.extend(
            (-1, m.start(), kind)
            for regex, kind in nouns
            for m in regex.finditer(title)
            if kind in ("summit", "agreement", "contract")
        )
    caption = data.patterns.commitments.caption_re
    story = 0  # photo captions do not count towards the lede's sentences
    for info in infos:
        if story >= spec.lede_sentences:
            break
        story += 0 if _not_story(info, caption) else 1
        text = info.without_quotes(" ")
        if background.search(text):
            continue
        if info.headline:
            passing.extend(
                (info.id, m.start(), kind)
                for regex, kind in nouns
                for m in regex.finditer(text)
                if kind in ("summit", "agreement", "contract")
            )
        for regex, how in acts:
            for act in regex.finditer(text):
                if how != "after" and not_main.match(text, act.end()):
                    continue  # 협정 체결 이래, 체결한 MOU에 따라: background, not the event
                kind = _noun_for(text, act, how, nouns, window)
                if kind is None:
                    continue
                # …협력 약정도 맺었다: "also" marks a deal beside the main event
                aside = bool(re.search(r"도\s*$", text[max(0, act.start() - 3) : act.start()]))
                side = passing if how == "after" or aside else main
                side.append((info.id, act.start(), kind))
    summit = [f for f in main if f[2] == "summit"]
    if not summit and not any(f[2] in ("agreement", "contract") for f in main):
        summit = [f for f in passing if f[2] == "summit"]
    if summit:  # a summit an agreement was only signed on the margins of (…정상회담의 성과)
        return "summit", min(summit)[0]
    return _ranked(main) or _ranked(passing)


def _not_story(info: SentenceInfo, caption: re.Pattern[str]) -> bool:
    """A photo caption or credit, or a short line without a predicate (이창양 장관.)."""
    if caption.search(info.text) or re.search(r"[ⓒ©]", info.text):
        return True
    return len(info.text) < 30 and not re.search(r"[다요죠][.!?]?\s*$", info.text)


def _ranked(found: list[tuple[int, int, str]]) -> tuple[str, int] | None:
    """What was signed (the more frequent of agreement and contract) or invested, whichever
    comes first; else a meeting."""
    signed = [f for f in found if f[2] in ("agreement", "contract")]
    if signed:
        counts = {k: sum(1 for f in signed if f[2] == k) for k in ("agreement", "contract")}
        signed = [f for f in signed if counts[f[2]] == max(counts.values())]
    invested = [f for f in found if f[2] == "investment"]
    ranked = sorted(signed[:1] + invested[:1]) or sorted(f for f in found if f[2] == "dialogue")
    return (ranked[0][2], ranked[0][0]) if ranked else None


def _noun_for(
    text: str,
    act: re.Match[str],
    how: str,
    nouns: list[tuple[re.Pattern[str], str]],
    window: int,
) -> str | None:
    if how == "before":
        # an original in brackets (MOU(Technology Prosperity Deal, TPD)) is no distance
        before = _LATIN_GLOSS.sub("", text[: act.start()])[-window:]
        best: tuple[int, str] | None = None
        for regex, kind in nouns:
            for m in regex.finditer(before):
                if best is None or m.end() > best[0]:
                    best = (m.end(), kind)
        return best[1] if best else None
    if how == "after":
        after = text[act.end() : act.end() + window // 2]
        hits = [(m.start(), kind) for regex, kind in nouns for m in [regex.search(after)] if m]
        return min(hits)[1] if hits else None
    return how


_LATIN_GLOSS = re.compile(r"\([A-Za-z][^()가-힣]*\)")


def _first_with(infos: Sequence[SentenceInfo], regex: re.Pattern[str]) -> int | None:
    for info in infos:
        if regex.search(info.without_quotes("")):
            return info.id
    return None


def find_event(
    infos: Sequence[SentenceInfo],
    data: ExtractData,
    reference: date | None,
    cooperation: bool,
    title: str | None = None,
) -> EventInfo:
    kind, _ = event_type(infos, data, cooperation, title)
    report_after = data.patterns.event.report_date_after_re
    chosen_sid: int | None = None
    chosen_date: date | None = None
    fallback: tuple[int, date] | None = None
    captions = _photo_captions(infos, data)
    for info in infos:
        if info.id in captions:
            continue  # a photo's own day is not the event's
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
    explicit = _dated_act(infos, reference)
    if explicit is not None and (
        chosen_sid is None or _REPORTED.search(infos_text(infos, chosen_sid))
    ):
        # "10일 X는 …체결했다고 밝혔다. 지난 7일 체결한 협약은…": the act's own date wins over
        # the day it was announced
        chosen_sid, chosen_date = explicit
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


def _photo_captions(infos: Sequence[SentenceInfo], data: ExtractData) -> set[int]:
    """Ids of photo captions: by their words (기념촬영, 왼쪽부터), or what a photo shows closed
    by a date stamp (…인사하고 있다. 2023.03.20. 뉴시스), in one sentence or two."""
    caption = data.patterns.commitments.caption_re
    stamp = data.patterns.event.date_stamp_re
    found = set()
    for n, info in enumerate(infos):
        if caption.search(info.text):
            found.add(info.id)
        m = stamp.search(info.text)
        if m is None:
            continue
        if m.start() > 0:
            shown = info, info.text[: m.start()]
        elif n > 0:
            shown = infos[n - 1], infos[n - 1].text
        else:
            continue
        if _SHOWING.search(shown[1]):
            found.add(shown[0].id)
    return found


# what a photo shows: …인사하고 있다, …서명하고 있다
_SHOWING = re.compile(r"고\s?있다\.?\s*$")


# a past day written right before the act: 지난 7일 체결한, 지난 7일 서울에서 열린
_DATED_ACT = re.compile(
    r"지난\s?(\d{1,2})일\s?(?:\(현지시간\)\s?)?(?:[가-힣A-Za-z·]+\s){0,3}?"
    r"(?:체결|서명|맺|개최|열린|열었|가진|가졌|만나|만났|합의|출범)"
)
_REPORTED = re.compile(r"(?:밝혔|전했|발표했|알렸)(?:다|습니다)\.?\s*$")


def infos_text(infos: Sequence[SentenceInfo], sid: int) -> str:
    return next((i.text for i in infos if i.id == sid), "")


def _dated_act(infos: Sequence[SentenceInfo], reference: date | None) -> tuple[int, date] | None:
    if reference is None:
        return None
    for info in infos[: _LEAD_SENTENCES * 2]:
        m = _DATED_ACT.search(info.without_quotes(""))
        if m:
            day = resolve_day(int(m.group(1)), reference)
            if day is not None:
                return info.id, day
    return None


def find_location(text: str, data: ExtractData) -> str | None:
    """Where something was held or signed: ``…경북 경주에서 … 체결했다`` -> 경북 경주."""
    spec = data.patterns.event
    act, place_word = spec.location_act_re, spec.location_place_re
    window = int(spec.location_window)
    best: tuple[int, str] | None = None
    for m in spec.location_re.finditer(text):
        place = _clean_location(m.group(1), spec.location_drop_re, data)
        if place is None or _OCCASION.search(place):
            continue  # 정상회담에서: at an occasion, not a place
        if _PAST_DAY.search(text[max(0, m.start(1) - 16) : m.start(1)]):
            continue  # 지난 4월 22일 도쿄에서 (만난): an earlier meeting's place
        tail = re.split(r"[.!?]|[다며]\s|하고\s", text[m.end() : m.end() + window])[0]
        score = (2 if act.search(tail) else 0) + (1 if _is_place(place, place_word, data) else 0)
        if score >= 2 and (best is None or score > best[0]):
            best = (score, place)
    return best[1] if best else None


# a past day or year right before a place: the place of an earlier event
_PAST_DAY = re.compile(r"(?:지난\s?(?:\d{4}년|\d{1,2}월|\d{1,2}일)|지난해|작년)[^,.]*$")
# an occasion read as where: 한-일 정상회담에서
_OCCASION = re.compile(r"(?:회담|회의|포럼|대화|세미나|간담회|심포지엄|총회|서밋|정상회의)$")


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
