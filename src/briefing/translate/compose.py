"""English composed from the facts: headlines, commitment lines, quote gists, partner lines.

Pure functions of a ``Facts`` document (whose English sides the translate stage filled): the
English memo and the weekly digest call them, so both say the same thing, with or without
a translation model. Each returns a ``Composed``: the English and the ids of the sentences
it was built from. Korean that no rule, lexicon or glossary turned into English stays in
the text as Hangul; ``korean_runs`` finds it and ``mark_korean`` shows it bracketed.

    headline(facts)                 "South Korea and the United States sign MOU on AI and
                                     quantum technology (Gyeongju, October 29, 2025)"
    event_title(facts)              the headline without place and date (digest entries)
    event_line(facts)               "Korea-U.S. Technology Prosperity MOU: October 29, 2025,
                                     Gyeongju"
    commitment_line(c, facts)       "South Korea and the United States agreed to jointly
                                     develop an AI policy framework."
    quote_line(q, facts)            "Bae Kyung-hoon (Minister of Science and ICT) spoke on AI."
    partner_line(facts, exclude)    "United States; NVIDIA, Samsung Electronics and OpenAI"
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from briefing.resources import bundled_data_dir
from briefing.translate.english import (
    capitalise_first,
    indefinite,
    join_list,
    third_person,
    without_article_after_possessive,
    without_doubled_words,
    without_repeated_amounts,
)
from briefing.types import Commitment, Facts, Party, Quote, Text
from briefing.vocabulary import Action, modality_of, vocabulary

THIN_LINE = "Too few facts to brief in English: the article names no parties and no event."
KOREAN_MARK = "†"
MAX_SUBJECT_NAMES = 4
MAX_HEADLINE_AREAS = 3

_HANGUL_RUN = re.compile(
    r"[\uac00-\ud7a3\u3131-\u318e]+(?:[\s·‧ㆍ,\-]+[\uac00-\ud7a3\u3131-\u318e]+)*"
)
# Actions that read well without an object ("will cooperate", "will invest").
_INTRANSITIVE = frozenset(
    {"cooperate", "invest", "research_jointly", "research", "exchange", "participate", "agree",
     "respond", "respond_jointly", "contribute", "regularise", "trade", "embark", "launch"}
)  # fmt: skip
_EVENT_NOUNS = {
    "agreement": "agreement",
    "contract": "contract",
    "dialogue": "talks",
    "summit": "summit",
    "investment": "investment",
    "announcement": "plans",
    "other": "cooperation",
}


@dataclass(frozen=True)
class Composed:
    """A composed piece of English and the ids of the sentences it rests on."""

    text: str
    evidence: tuple[int, ...] = ()

    def korean(self) -> list[str]:
        return korean_runs(self.text)

    def marked(self, mark: str = KOREAN_MARK) -> str:
        return mark_korean(self.text, mark)


def korean_runs(text: str) -> list[str]:
    """The Korean left in an English text (each run of Hangul words once per occurrence)."""
    return [m.group().strip(" ,·-") for m in _HANGUL_RUN.finditer(text)]


def mark_korean(text: str, mark: str = KOREAN_MARK) -> str:
    """Korean left in English, bracketed and marked: "a [워킹그룹]† meeting"."""
    return _HANGUL_RUN.sub(lambda m: f"[{m.group().strip()}]{mark}", text)


def is_thin(facts: Facts) -> bool:
    """Too little to compose from: no parties, and no event with a name or a place."""
    event = facts.event
    named = event is not None and (event.name is not None or event.location is not None)
    return not facts.parties and not named


# --------------------------------------------------------------------------- names


@cache
def _the_prefixes() -> tuple[str, ...]:
    raw = tomllib.loads((bundled_data_dir() / "titles.toml").read_text(encoding="utf-8"))
    return tuple(raw.get("articles", {}).get("the", []))


@cache
def _the_heads() -> tuple[str, ...]:
    raw = tomllib.loads((bundled_data_dir() / "titles.toml").read_text(encoding="utf-8"))
    return tuple(raw.get("articles", {}).get("the_heads", []))


def with_the(name: str) -> str:
    """ "the United States", "the Ministry of Science and ICT", "the Italian Space Agency",
    "the Swedish Ministry of Defence"; other names as they are."""
    if name.lower().startswith("the "):
        return name
    if (
        name.startswith(_the_prefixes())
        or name.endswith(_the_heads())
        or re.match(r"(?:[A-Z][\w.]* )+(?:Ministry|Department|Association|Agency) of ", name)
    ):
        return f"the {name}"
    return name


def english(text: Text | None) -> str:
    """A text pair's English, else its Korean (which the memo then marks)."""
    if text is None:
        return ""
    return (text.en or text.ko or "").strip()


def _subject(names: Sequence[str]) -> tuple[str, bool]:
    """(subject, plural): "South Korea and the United States", True."""
    names = list(dict.fromkeys(n for n in names if n))
    if not names:
        return "The parties", True
    if len(names) > MAX_SUBJECT_NAMES:
        shown = [with_the(n) for n in names[: MAX_SUBJECT_NAMES - 1]]
        rest = len(names) - len(shown)
        return f"{', '.join(shown)} and {rest} others", True
    return join_list([with_the(n) for n in names]), len(names) > 1


# --------------------------------------------------------------------------- commitments


def _cue_position(text: str, action: Action) -> int | None:
    """Where the action's Korean cue starts in the clause (rightmost)."""
    compact_positions = [
        m.start()
        for cue in (*action.nouns, *action.verbs, *action.heads)
        for m in re.finditer(r"\s*".join(map(re.escape, cue)), text)
    ]
    return max(compact_positions) if compact_positions else None


def adverb_of(text: str, action: Action) -> str:
    """ "jointly" for `공동 개발`, `함께 개발`, "closely" for `긴밀히 협력`: the adverb just
    before the action's cue in the clause."""
    position = _cue_position(text, action)
    if position is None:
        return ""
    before = "".join(text[:position].split())
    for adverb, forms in vocabulary().adverbs.items():
        if any(before.endswith(form) for form in forms):
            return adverb
    return ""


_SIGNED_THEN = re.compile(r"(?:체결|서명|조인)(?:하고|했고|하며|해)$|(?:맺|맺었)고$")


def _modality(commitment: Commitment, facts: Facts) -> str:
    """How the commitment is worded: agreed, planned, done or will. A clause cut before its
    predicate (`…하고`, a bullet) takes its sentence's."""
    own = modality_of(commitment.text.ko or "")
    if own is not None:
        return own
    clause = (commitment.text.ko or "").rstrip(" .")
    if re.search(r"(?:다|요|음|함|됨)$", clause):
        return "will"  # …한다, …할 것이다: a plain future
    if _SIGNED_THEN.search(clause):
        return "done"  # 계약을 체결하고 … 공개할 예정이다: the signing is done, not planned
    sentence = facts.sentence(commitment.evidence[0]) if commitment.evidence else None
    found = modality_of(sentence.ko) if sentence is not None else None
    return found or "will"


def _verb_phrase(
    action: Action, form: str, obj: str, amount: str, timeline: str, adverb: str
) -> str:
    verb = {"base": action.en, "past": action.past, "third": action.third}[form]
    if amount and action.amount and obj:
        phrase = action.amount.format(verb=verb, amount=amount, object=obj)
    elif obj:
        phrase = action.pattern.format(verb=verb, object=obj)
        if amount and amount.lower() not in obj.lower():
            phrase += f" worth {amount}" if action.id != "invest" else f" ({amount})"
    elif (
        amount
        and action.amount
        and action.amount.index("{amount}") < action.amount.index("{object}")
    ):
        phrase = action.amount.split("{object}")[0].format(verb=verb, amount=amount).strip()
        phrase = re.sub(r"\s+(?:in|for|with)$", "", phrase)  # invest USD 10 million
    elif amount:
        phrase = f"{action.alone.format(verb=verb)} ({amount})"
    else:
        phrase = action.alone.format(verb=verb)
    if adverb and not (adverb == "jointly" and "joint" in phrase):
        phrase = f"{adverb} {phrase}"
    if timeline:
        plain = re.match(
            r"(?:by|from|in|on|within|over|for|until|next|this|early|late|mid)\b", timeline
        )
        phrase += f" {timeline}" if plain else f" ({timeline})"
    return phrase


def commitment_line(commitment: Commitment, facts: Facts) -> Composed:
    """One commitment as an English sentence: actors + action + object + amount + timeline."""
    evidence = tuple(commitment.evidence)
    subject, plural = _subject([english(a) for a in commitment.actors])
    action = vocabulary().actions.get(commitment.action or "")
    amount = english(commitment.amount.text) if commitment.amount else ""
    timeline = english(commitment.timeline)
    if action is None:
        return Composed(_uncomposed(subject, commitment), evidence)
    obj = english(commitment.object)
    if obj and amount and obj.lower() == amount.lower():
        obj = ""
    if not obj and not amount and action.alone == "{verb}" and action.id not in _INTRANSITIVE:
        # `…을 활용한다` without what: the action alone says nothing
        return Composed(_uncomposed(subject, commitment), evidence)
    adverb = adverb_of(commitment.text.ko or "", action)
    modality = _modality(commitment, facts)
    if action.id == "agree" and modality == "agreed":
        modality = "done"  # `…에 합의하기로 했다`: "agreed on", not "agreed to agree on"
    if modality == "done":
        phrase = _not_between_itself(
            _verb_phrase(action, "past", obj, amount, timeline, adverb), subject
        )
        return Composed(_sentence(f"{subject} {phrase}"), evidence)
    phrase = _not_between_itself(
        _verb_phrase(action, "base", obj, amount, timeline, adverb), subject
    )
    lead = {
        "agreed": "agreed to",
        "planned": "plan to" if plural else "plans to",
        "will": "will",
    }[modality]
    return Composed(_sentence(f"{subject} {lead} {phrase}"), evidence)


def _not_between_itself(phrase: str, subject: str) -> str:
    """ "X and Y will pursue joint research between X and Y": the subject says who."""
    return re.sub(rf"\s+between {re.escape(subject)}(?=[\s.,;]|$)", "", phrase, flags=re.I)


def _uncomposed(subject: str, commitment: Commitment) -> str:
    """A clause the composer cannot word: its machine translation if there is one, else a
    pointer to the source sentence (never the Korean clause in an English line)."""
    subject = capitalise_first(subject)
    if commitment.text.en:
        return _sentence(f"{subject}: {commitment.text.en}")
    where = ", ".join(f"[{i + 1}]" for i in commitment.evidence) or "the sources"
    return f"{subject}: not composed in English; see source {where}."


def _sentence(text: str) -> str:
    text = without_doubled_words(re.sub(r"\s+", " ", text).strip())
    text = without_repeated_amounts(without_article_after_possessive(text))
    text = capitalise_first(text)
    return text if text.endswith((".", "?", "!")) else text + "."


# --------------------------------------------------------------------------- headline


def _party_names(parties: Iterable[Party]) -> list[str]:
    return [english(p.name) for p in parties]


def headline_parties(facts: Facts) -> list[Party]:
    """Who the headline names: two countries for a government-to-government event, else
    the organisations of the signatories, else the most cited parties."""
    parties = list(facts.parties)
    by_weight = sorted(parties, key=lambda p: (not _is_home(p), -len(p.evidence)))
    countries = [p for p in by_weight if p.kind == "country"]
    signatory_orgs = {
        english(p.organization) for p in facts.people if "signatory" in p.roles and p.organization
    }
    signers = [p for p in parties if english(p.name) in signatory_orgs]
    if len(countries) >= 2 and all(p.kind in ("government", "country") for p in signers):
        return countries[:2]
    if signers:
        return signers[:3]
    others = [p for p in by_weight if p.kind != "country"]
    if len(others) >= 2 or not countries:
        return others[:2]
    return (countries + others)[:2]


def _is_home(party: Party) -> bool:
    """The home country (South Korea) leads a list of countries."""
    from briefing.digest import digest_data, normalise

    home = digest_data().home_country
    return party.kind == "country" and any(
        normalise(n) in home for n in (party.name.ko, party.name.en) if n
    )


def _areas(facts: Facts, limit: int, evidence: Collection[int] | None = None) -> list[str]:
    from briefing.translate.terms import bundled_terms

    terms = bundled_terms()
    ranked = sorted(facts.tech_areas, key=lambda t: -len(t.evidence))
    if evidence is not None:
        ranked = [t for t in ranked if set(t.evidence) & set(evidence)]
    return [terms.area(t.id, t.label.en) for t in ranked[:limit]]


def _headline_object(phrase: str) -> str:
    """Headline style: no leading article."""
    return re.sub(r"^(?:an?|the)\s+", "", phrase)


_AGREEMENT_WORDS = (
    "letter of intent",
    "MOU",
    "agreement",
    "contract",
    "arrangement",
    "partnership",
)


def _short(thing: str, words: int = 10) -> str:
    """What a headline can name: English only, at most ``words`` words; a longer agreement is
    named by its kind ("MOU")."""
    if not thing or korean_runs(thing):
        kind = next((w for w in _AGREEMENT_WORDS if w.lower() in thing.lower()), "")
        return kind
    if len(thing.split()) <= words:
        return thing
    kind = next((w for w in _AGREEMENT_WORDS if w.lower() in thing.lower()), "")
    head = re.split(r" (?:such as|including|for|on|to|between|through) ", thing)[0]
    return kind or (head if len(head.split()) <= words else "")


def _signed(facts: Facts) -> Commitment | None:
    """The signing the event is about: in the event's sentence if one is, else the first."""
    event_ids = set(facts.event.evidence) if facts.event else set()
    signed = [c for c in facts.commitments if c.action == "sign" and c.object]
    return next((c for c in signed if set(c.evidence) & event_ids), signed[0] if signed else None)


def _first(facts: Facts, actions: Collection[str]) -> Commitment | None:
    return next((c for c in facts.commitments if c.action in actions and c.object), None)


def event_title(facts: Facts) -> Composed:
    """The event in a headline's words, without place and date (the digest's entry titles)."""
    return _headline(facts, with_place_and_date=False)


def headline(facts: Facts) -> Composed:
    """The English memo's headline: actors, event, areas, place and date."""
    return _headline(facts, with_place_and_date=True)


def _headline(facts: Facts, *, with_place_and_date: bool) -> Composed:
    if is_thin(facts):
        return Composed(THIN_LINE)
    actors = headline_parties(facts)
    subject, plural = _subject(_party_names(actors))
    evidence: set[int] = set()
    for party in actors:
        evidence.update(party.evidence[:1])
    event = facts.event
    kind = event.type if event is not None else "other"
    if event is not None:
        evidence.update(event.evidence)
    areas = _areas(facts, MAX_HEADLINE_AREAS)
    on_areas = f" on {join_list(areas)}" if areas else ""
    verb = _present(plural)
    name = english(event.name) if event is not None and event.name else ""
    if kind in ("agreement", "contract"):
        thing = _short(name)
        if not thing:
            signed = _signed(facts)
            if signed is not None:
                thing = _short(english(signed.object))
                evidence.update(signed.evidence)
        thing = thing or _EVENT_NOUNS[kind]
        text = f"{subject} {verb('sign')} {_headline_object(thing)}"
        if not re.search(r"\b(?:on|for|to)\b", thing):
            text += on_areas
    elif kind == "investment" and (invest := _first(facts, ("invest",))) is not None:
        amount = english(invest.amount.text) if invest.amount else ""
        target = _headline_object(english(invest.object))
        text = f"{subject} to invest {amount + ' ' if amount else ''}in {target}"
        evidence.update(invest.evidence)
    elif kind in ("dialogue", "summit"):
        thing = _short(name) or _EVENT_NOUNS[kind]
        text = f"{subject} {verb('hold')} {_headline_object(thing)}{on_areas}"
    else:
        first = next((c for c in facts.commitments if c.action), None)
        if first is not None and first.action is not None:
            action = vocabulary().actions[first.action]
            phrase = _verb_phrase(action, "base", english(first.object), "", "", "")
            text = f"{subject} to {phrase}"
            evidence.update(first.evidence)
        else:
            noun = _EVENT_NOUNS[kind]
            text = f"{subject} {verb('announce')} {noun}{on_areas}"
    if with_place_and_date:
        text += _place_and_date(facts)
    return Composed(capitalise_first(without_doubled_words(text)), tuple(sorted(evidence)))


def _present(plural: bool) -> Callable[[str], str]:
    return (lambda v: v) if plural else third_person


def _place_and_date(facts: Facts) -> str:
    from briefing.translate.rules import date_english

    event = facts.event
    if event is None:
        return ""
    parts = [p.strip() for p in english(event.location).split(",")] if event.location else []
    where = parts[0] if parts else ""
    korean_region = any(p.endswith("Province") or p in _KOREAN_CITIES for p in parts[1:])
    if where not in _known_places() and not korean_region:
        where = ""  # a romanised guess at a foreign site reads as noise in a headline
    when = date_english(event.date) if event.date else None
    parts = [p for p in (where, when) if p]
    return f" ({', '.join(parts)})" if parts else ""


# Places in Korea whose towns are romanised reliably by rule (경북 경주 -> Gyeongju).
_KOREAN_CITIES = frozenset(
    ["Seoul", "Busan", "Incheon", "Daegu", "Daejeon", "Gwangju", "Ulsan", "Sejong", "Jeju"]
)


@cache
def _known_places() -> frozenset[str]:
    """English names of the places and countries the bundled glossary knows."""
    from briefing.translate.glossary import load_glossary

    glossary = load_glossary()
    return frozenset({*glossary.places.values(), *glossary.countries.values()})


def event_line(facts: Facts) -> Composed | None:
    """The key point on the event: its name (or kind), date and place."""
    from briefing.translate.rules import date_english

    event = facts.event
    if event is None:
        return None
    name = english(event.name) if event.name else ""
    kind = _EVENT_NOUNS.get(event.type, "event")
    what = name or capitalise_first(kind if event.type != "other" else "event")
    where = [date_english(event.date) or event.date] if event.date else []
    if event.location:
        where.append(english(event.location))
    text = f"{what}: {', '.join(w for w in where if w)}" if where else what
    return Composed(text, tuple(event.evidence))


# --------------------------------------------------------------------------- quotes


def quote_line(quote: Quote, facts: Facts) -> Composed:
    """ "X (title) spoke on …": who spoke and, by rule, on what (the technology areas of the
    quote's sentences, else the event)."""
    speaker = english(quote.speaker) or "a speaker"
    speaker = re.sub(r"^Government (?=official|source|spokesperson)", "government ", speaker)
    if speaker[:1].islower():
        speaker = indefinite(speaker)  # 업계 관계자 -> an industry official
    elif re.search(r"\s(?:official|source|spokesperson)$", speaker):
        speaker = indefinite(speaker)  # 대통령실 관계자 -> an Office of the President official
    speaker = capitalise_first(with_the(speaker))
    person = next(
        (p for p in facts.people if quote.speaker and p.name.ko == quote.speaker.ko), None
    )
    title = english(person.title) if person is not None and person.title else ""
    who = f"{speaker} ({title})" if title else speaker
    topics = _areas(facts, MAX_HEADLINE_AREAS, quote.evidence)
    event = facts.event
    if topics:
        about = join_list(topics)
    elif event is not None and event.name and not korean_runs(english(event.name)):
        name = english(event.name)
        about = name if name.lower().startswith("the ") else f"the {name}"
    elif event is not None and event.type != "other":
        about = f"the {_EVENT_NOUNS[event.type]}"
    else:
        return Composed(f"{who} commented.", tuple(quote.evidence))
    return Composed(f"{who} spoke on {about}.", tuple(quote.evidence))


def title_names_organisation(title: str, organisation: str) -> bool:
    """True when an English title already names the organisation: "Minister of Commerce"
    for the Ministry of Commerce, "Head of the X Headquarters" for the X Headquarters."""
    if not title or not organisation:
        return False
    org = organisation.removeprefix("the ")
    ministerial = [
        re.sub(r"\b(?:Ministry|Department)\b", head, org, count=1)
        for head in ("Minister", "Secretary")
    ]
    topic = re.sub(r"^(?:\w+ )?(?:Ministry|Department) of ", "of ", org)
    return any(form in title for form in (org, *ministerial)) or (
        topic != org and topic in title and "Minister" in title
    )


# --------------------------------------------------------------------------- partners


def partner_line(facts: Facts, exclude: Collection[str] = ()) -> Composed | None:
    """The event's partners for a digest: countries, then organisations, most cited first;
    ``exclude`` holds English names to leave out (the home country)."""
    skip = {e.casefold() for e in exclude}
    ranked = sorted(facts.parties, key=lambda p: (p.kind != "country", -len(p.evidence)))
    chosen = [p for p in ranked if english(p.name).casefold() not in skip]
    if not chosen:
        return None
    countries = [english(p.name) for p in chosen if p.kind == "country"]
    others = [english(p.name) for p in chosen if p.kind != "country"]
    shown = others[:5]
    if len(others) > 5:
        shown = [*others[:4], f"{len(others) - 4} others"]
    groups = [join_list([with_the(c) for c in countries]), join_list(shown)]
    evidence = sorted({i for p in chosen for i in p.evidence[:1]})
    return Composed(capitalise_first("; ".join(g for g in groups if g)), tuple(evidence))


def key_commitments(commitments: Sequence[Commitment], limit: int) -> list[Commitment]:
    """The commitments a summary leads with: those with an amount or a timeline first, one
    per action and object."""
    seen: Counter[str] = Counter()
    ranked = sorted(
        commitments, key=lambda c: (c.amount is None, c.timeline is None, c.action is None)
    )
    chosen = []
    for c in ranked:
        key = f"{c.action}:{english(c.object)}"
        if seen[key]:
            continue
        seen[key] += 1
        chosen.append(c)
    return chosen[:limit]


__all__ = [
    "KOREAN_MARK",
    "THIN_LINE",
    "Composed",
    "commitment_line",
    "event_line",
    "event_title",
    "headline",
    "is_thin",
    "korean_runs",
    "mark_korean",
    "partner_line",
    "quote_line",
    "with_the",
]
