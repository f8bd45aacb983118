"""Stage 5, translate: fill every English side of a Facts document.

Structured fields (names, titles, money, dates, labels) by rule and glossary; commitment
objects and event names from the term lexicon (``terms``, ``phrases``); sentences, the
title, commitment clauses and quotes by the installed Argos model via ctranslate2, all in
one batch through the translation cache, or left None when no model is installed. An
``en`` the extractor or a rule already set is never overridden by MT. The English memo's
own sentences (headline, commitment lines, quote gists) are composed from these fields by
``compose``.

Modules: ``models`` (install / list / remove), ``engine`` (ctranslate2 + sentencepiece),
``glossary``, ``romanize``, ``rules`` (titles, money, dates, timelines), ``terms`` (the term
lexicon), ``phrases`` (Korean noun phrases -> English), ``english`` (grammar), ``compose``
(memo and digest lines), ``cache``.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Literal, Protocol

from briefing.config import Config
from briefing.errors import BriefingError
from briefing.types import (
    Amount,
    Article,
    Commitment,
    Event,
    Facts,
    NameSource,
    Party,
    Person,
    TechArea,
    Text,
)

if TYPE_CHECKING:
    from briefing.registry import NamesRegistry
    from briefing.store import Store
    from briefing.translate.glossary import Glossary
    from briefing.translate.names import Namer
    from briefing.translate.phrases import PhraseTranslator

# Translating a sentence takes ~30 ms on two cores: an article longer than this (a dump, a
# transcript) gets what its memo shows translated (memo_plan), not all of its text.
FULL_TRANSLATION_SENTENCES = 200

NO_MODEL_WARNING = (
    "no Korean->English translation model is installed; English memos are composed from the "
    "facts and quote sources in Korean (install one with "
    "`briefing models install --file KO_EN.argosmodel`)"
)


class Translator(Protocol):
    model_id: str

    def translate_batch(self, sentences: list[str]) -> list[str]: ...


def open_translator(config: Config) -> Translator | None:
    """The installed ko->en model, or None (caller warns once) when none is installed."""
    from briefing.translate.models import find_model

    model = find_model(config.models_dir, "ko", "en")
    if model is None:
        return None
    from briefing.translate.engine import ArgosTranslator

    return ArgosTranslator(model, config.translation)


@lru_cache(maxsize=8)
def _glossary(user_files: tuple[str, ...]) -> Glossary:
    from pathlib import Path

    from briefing.translate.glossary import load_glossary

    return load_glossary(Path(p) for p in user_files)


def glossary_for(config: Config) -> Glossary:
    """The bundled glossary with the user's files over it (loaded once per process)."""
    return _glossary(tuple(str(p) for p in config.glossary_files))


_BYLINE_ROLE = re.compile(r"\s*(?:선임|수석|전문|객원)?(?:기자|특파원|논설위원|위원|인턴기자)$")


def _body(facts: Facts) -> str:
    body = "\n".join(s.ko for s in facts.article.sentences)
    if facts.article.title and facts.article.title.ko:
        body += "\n" + facts.article.title.ko
    return body


def _preset_source(namer: Namer, ko: str, en: str, *, person: bool) -> NameSource:
    """Where an English name the extractor set came from: the article's brackets, else the
    extractor's gazetteer (a glossary)."""
    return "article" if namer.given_in_article(ko, person=person) == en else "glossary"


def _hint(*texts: Text | None) -> str:
    return " ".join(t.ko for t in texts if t is not None and t.ko)


def _has_hangul(text: str) -> bool:
    from briefing.translate.romanize import has_hangul

    return has_hangul(text)


def _fill(text: Text | None, english: Callable[[str], str | None]) -> Text | None:
    if text is None or text.en is not None or not text.ko:
        return text
    return text.with_en(english(text.ko))


def _translated(text: Text, english: str | None) -> Text:
    return text if text.en is not None else text.with_en(english)


def _byline_english(ko: str, namer: Namer) -> str:
    names = [n for n in re.split(r"\s*[·,/]\s*|\s+및\s+", ko.strip()) if n]
    return ", ".join(namer.person(_BYLINE_ROLE.sub("", n).strip()).en for n in names)


def _outlet_english(ko: str, glossary: Glossary, config: Config) -> str:
    from briefing.outlets import outlet_list

    outlet = outlet_list(config.outlet_files).find(ko)
    return (
        (outlet.en if outlet else None)
        or glossary.entity(ko)
        or glossary.terms.get(ko)
        or glossary.compose(ko)
    )


def _sentences_of(text: str) -> list[str]:
    """A text's sentences for MT; kiwipiepy only when there is more than one."""
    if len(re.findall(r"[.!?。][\"'”’]?(?:\s|$)", text.strip())) <= 1:
        return [text.strip()]
    from briefing.sentences import split_sentences

    return split_sentences(text) or [text.strip()]


def _open_store(config: Config) -> Store | None:
    from briefing.store import Store

    try:
        return Store(config.store_location)
    except BriefingError:
        return None  # a broken cache must not stop a memo; it only costs time


def add_english(
    facts: Facts,
    translator: Translator | None,
    config: Config,
    store: Store | None = None,
    *,
    record: bool = True,
) -> Facts:
    """Every English side of ``facts``: names (each with its ``name_source``), titles,
    amounts, dates and labels by rule and glossary; commitment objects and event names from
    the term lexicon; then, with a model, the sentences, the title and the quotes by MT.
    Nothing set by rule is overwritten.

    The names registry of the store (``store``, else the one of ``config``) is read for
    names the article does not spell out and learns the ones it does; a store that cannot
    be opened only loses that help (and the translation cache). With ``record`` false
    (``briefing extract``) the store is only read: nothing is learned or cached."""
    if store is not None:
        return _add_english(facts, translator, config, store, record)
    with run_store(config, record=record) as opened:
        return _add_english(facts, translator, config, opened, record)


@contextlib.contextmanager
def run_store(config: Config, *, record: bool = True) -> Iterator[Store | None]:
    """The config's store, opened once for a whole run of articles and closed after it.

    None if it cannot be opened (a broken cache must not stop a memo), or if the run only
    reads it (``record`` false) and it does not exist yet: it is not created for that."""
    # only read: a store that does not exist yet is not created for it
    exists = config.store_url is not None or config.store_path.exists()
    opened = _open_store(config) if record or exists else None
    try:
        yield opened
    finally:
        if opened is not None:
            opened.close()


def _add_english(
    facts: Facts,
    translator: Translator | None,
    config: Config,
    store: Store | None,
    record: bool = True,
) -> Facts:
    from briefing.registry import NamesRegistry
    from briefing.translate.names import Namer, name_rules

    glossary = glossary_for(config)
    registry = NamesRegistry(store) if store is not None else None
    namer = Namer(_body(facts), name_rules(glossary), registry)
    known: list[Party | Person] = [*facts.parties, *facts.people]
    for named in known:
        if named.name.en:
            namer.remember(named.name.ko, named.name.en, named.name_source or "glossary")
    phrases = _phrase_translator(config, glossary, namer)
    facts = facts.replace(
        article=_english_article(facts, namer, glossary, config),
        parties=tuple(_named_party(p, namer) for p in facts.parties),
        people=tuple(_named_person(p, namer, glossary) for p in facts.people),
        tech_areas=_english_areas(facts, glossary),
        event=_english_event(facts, glossary, phrases),
        commitments=_english_commitments(facts, namer, glossary, phrases),
        # a speaker may be a person, an organisation (대통령실) or unnamed (정부 관계자)
        quotes=tuple(
            replace(q, speaker=_fill(q.speaker, lambda ko: namer.actor(ko).en))
            for q in facts.quotes
        ),
        amounts=tuple(_english_amount(x, glossary) or x for x in facts.amounts),
    )
    if translator is None:
        facts = facts.replace(meta={**facts.meta, "translation_model": None})
    else:
        facts = _machine_translate(facts, translator, namer, glossary, store if record else None)
    if registry is not None and record:
        _learn_names(registry, facts)
    return facts


def _named_party(party: Party, namer: Namer) -> Party:
    """The party with its English name and where that came from."""
    ko, en = party.name.ko, party.name.en
    if not ko:
        return party
    if en is not None:
        source = party.name_source or _preset_source(namer, ko, en, person=False)
        return replace(party, name_source=source)
    choice = namer.party(ko)
    return replace(party, name=party.name.with_en(choice.en), name_source=choice.source)


def _named_person(person: Person, namer: Namer, glossary: Glossary) -> Person:
    from briefing.translate import rules

    ko, en = person.name.ko, person.name.en
    name, source = person.name, person.name_source
    if ko and en is not None:
        source = source or _preset_source(namer, ko, en, person=True)
        known = glossary.known.find(ko) if source == "article" else None
        if known and known != en:
            # the bundled list's checked spelling over the article's brackets (a typo)
            name, source = name.with_en(known), "known"
    elif ko:
        choice = namer.person(ko, _hint(person.title, person.organization))
        name, source = name.with_en(choice.en), choice.source
    return replace(
        person,
        name=name,
        name_source=source,
        title=_fill(person.title, lambda t: rules.compose_title(t, glossary)),
        organization=_fill(person.organization, lambda o: namer.party(o).en),
    )


def _learn_names(registry: NamesRegistry, facts: Facts) -> None:
    """Spellings the article gave in brackets, kept for the articles that come later."""
    named: list[tuple[Text, NameSource | None, Literal["person", "party"]]] = [
        *((p.name, p.name_source, "person") for p in facts.people),
        *((p.name, p.name_source, "party") for p in facts.parties),
    ]
    try:
        for text, source, kind in named:
            if source == "article" and text.ko and text.en and _has_hangul(text.ko):
                registry.learn(text.ko, text.en, kind, facts.article.source_path)
    except BriefingError:
        pass  # a store that cannot be written loses the lesson, not the memo


def _phrase_translator(config: Config, glossary: Glossary, namer: Namer) -> PhraseTranslator:
    from briefing.translate.compose import with_the
    from briefing.translate.phrases import PhraseTranslator
    from briefing.translate.rules import money_english
    from briefing.translate.terms import terms_for

    def name(ko: str) -> str | None:
        choice = namer.book.get(ko)
        known = choice.en if choice and choice.source != "transliteration" else None
        english = known or glossary.entity(ko) or glossary.known_person(ko)
        return with_the(english) if english else None

    def money(ko: str) -> str | None:
        english = money_english(ko, None, None, glossary)
        return None if _has_hangul(english) else english

    return PhraseTranslator(terms_for(config.terms_files), name, money)


def _english_article(facts: Facts, namer: Namer, glossary: Glossary, config: Config) -> Article:
    a = facts.article
    return replace(
        a,
        outlet=_fill(a.outlet, lambda ko: _outlet_english(ko, glossary, config)),
        byline=_fill(a.byline, lambda ko: _byline_english(ko, namer)),
    )


def _english_amount(x: Amount | None, glossary: Glossary) -> Amount | None:
    if x is None:
        return None
    from briefing.translate import rules

    def english(ko: str) -> str:
        return rules.money_english(ko, x.value, x.currency, glossary)

    return replace(x, text=_fill(x.text, english) or x.text)


def _english_areas(facts: Facts, glossary: Glossary) -> tuple[TechArea, ...]:
    def label(t: TechArea) -> Text:
        return (
            _fill(t.label, lambda ko: glossary.tech_areas.get(t.id) or glossary.compose(ko))
            or t.label
        )

    return tuple(replace(t, label=label(t)) for t in facts.tech_areas)


# `…을 위한 MOU`: a relation English says after the head (MOU for …), which the glossary's
# word-by-word composition cannot do; the phrase translator builds such names.
_RELATION = re.compile(r"(?:위한|대한|관한|통한|향한|따른)\s")


def _english_event(facts: Facts, glossary: Glossary, phrases: PhraseTranslator) -> Event | None:
    """The event's name from the glossary when it holds every piece, else composed from the
    term lexicon as a title; its place by rule."""
    from briefing.translate import rules
    from briefing.translate.english import title_case

    event = facts.event
    if event is None:
        return None
    name = event.name
    korean = name.ko if name is not None and name.en is None else None
    if name is not None and korean:
        if glossary.composes_fully(korean) and not _RELATION.search(korean):
            name = name.with_en(glossary.compose(korean))
        else:
            composed = phrases.translate_name(korean)
            if composed.text:
                name = name.with_en(title_case(re.sub(r"^(?:an?|the) ", "", composed.text)))
    location = event.location
    if location is not None and location.ko and not rules.is_place(location.ko):
        location = None  # a field read as a place (… 분야에서): no place is better than a wrong one
    return replace(
        event,
        name=name,
        location=_fill(location, lambda ko: rules.location_english(ko, glossary)),
    )


def _english_commitments(
    facts: Facts, namer: Namer, glossary: Glossary, phrases: PhraseTranslator
) -> tuple[Commitment, ...]:
    from briefing.translate import rules

    published = facts.article.published
    objects = [c.object.ko for c in facts.commitments if c.object and c.object.ko]
    english = iter(p.with_article() for p in phrases.translate_all(objects))
    out = []
    for c in facts.commitments:
        obj = c.object
        if obj is not None and obj.ko:
            composed = next(english)
            if obj.en is None and composed:
                obj = obj.with_en(composed)
        out.append(
            replace(
                c,
                actors=tuple(_fill(x, lambda ko: namer.actor(ko).en) or x for x in c.actors),
                amount=_english_amount(c.amount, glossary),
                timeline=_fill(
                    c.timeline, lambda ko: rules.timeline_english(ko, published, glossary)
                ),
                object=obj,
            )
        )
    return tuple(out)


def _machine_translate(
    facts: Facts, translator: Translator, namer: Namer, glossary: Glossary, store: Store | None
) -> Facts:
    """Running text by MT: the title, sentences, commitment clauses and quotes, and an event
    name or object the lexicon left partly Korean. Only English that is still missing."""
    results: dict[str, str] = {}
    jobs: list[tuple[str, Callable[[str], None]]] = [
        (korean, partial(results.__setitem__, key))
        for key, korean in _wanting_machine_english(facts).items()
    ]
    protected = {
        ko: choice.en
        for ko, choice in namer.book.items()
        if choice.source != "transliteration"  # MT may do better with a guessed name
    }
    _run_mt(translator, jobs, protected, glossary, store)
    return _with_machine_english(facts, results, translator.model_id)


def _wanting_machine_english(facts: Facts) -> dict[str, str]:
    """The Korean for MT by key (title, sN sentence, cN clause, oN object, qN quote, event):
    what has no English yet (or English still holding Korean) and the memo shows."""
    todo: dict[str, str] = {}
    a = facts.article
    wanted = _memo_scope(facts)
    if a.title and a.title.ko and a.title.en is None:
        todo["title"] = a.title.ko
    for s in a.sentences:
        if s.ko and s.en is None and (wanted is None or s.id in wanted.sentences):
            todo[f"s{s.id}"] = s.ko
    shown = facts.commitments if wanted is None else facts.commitments[: wanted.commitments]
    for i, c in enumerate(shown):
        if c.text.ko and c.text.en is None:
            todo[f"c{i}"] = c.text.ko
        if c.object and c.object.ko and (c.object.en is None or _has_hangul(c.object.en)):
            todo[f"o{i}"] = c.object.ko
    quotes = facts.quotes if wanted is None else facts.quotes[: wanted.quotes]
    for i, q in enumerate(quotes):
        if q.text.ko and q.text.en is None:
            todo[f"q{i}"] = q.text.ko
    name = facts.event.name if facts.event is not None else None
    if name is not None and name.ko and (name.en is None or _has_hangul(name.en)):
        todo["event"] = name.ko
    return todo


def _with_machine_english(facts: Facts, results: dict[str, str], model_id: str) -> Facts:
    """The facts with MT's English (by the keys of `_wanting_machine_english`) filled in."""

    def machine(text: Text, key: str) -> Text:
        english = results.get(key)
        if english is None or (text.en is not None and not _has_hangul(text.en)):
            return text
        return text.with_en(english)

    a = facts.article
    article = replace(
        a,
        title=_fill(a.title, lambda _ko: results.get("title")),
        sentences=tuple(
            s if s.en is not None else replace(s, en=results.get(f"s{s.id}")) for s in a.sentences
        ),
    )
    commitments = tuple(
        replace(
            c,
            text=_translated(c.text, results.get(f"c{i}")),
            object=machine(c.object, f"o{i}") if c.object else None,
        )
        for i, c in enumerate(facts.commitments)
    )
    quotes = tuple(
        replace(q, text=_translated(q.text, results.get(f"q{i}")))
        for i, q in enumerate(facts.quotes)
    )
    event = facts.event
    if event is not None and event.name is not None:
        event = replace(event, name=machine(event.name, "event"))
    return facts.replace(
        article=article,
        event=event,
        commitments=commitments,
        quotes=quotes,
        meta={**facts.meta, "translation_model": model_id},
    )


@dataclass(frozen=True)
class _Scope:
    sentences: frozenset[int]
    commitments: int  # the first ones
    quotes: int


def _memo_scope(facts: Facts) -> _Scope | None:
    """What a long article's memo shows (None: translate everything)."""
    if len(facts.article.sentences) <= FULL_TRANSLATION_SENTENCES:
        return None
    from briefing.memo_plan import plan_memo

    plan = plan_memo(facts)
    # The first sentence too: the weekly digest leads with it.
    return _Scope(frozenset((0, *plan.sources)), len(plan.commitments), len(plan.quotes))


def _run_mt(
    translator: Translator,
    jobs: list[tuple[str, Callable[[str], None]]],
    names: dict[str, str],
    glossary: Glossary,
    store: Store | None,
) -> None:
    if not jobs:
        return
    from briefing.translate.cache import translate_texts

    english = translate_texts(
        translator, [_sentences_of(ko) for ko, _ in jobs], names, glossary, store
    )
    for (_, done), en in zip(jobs, english, strict=True):
        done(en)


__all__ = ["NO_MODEL_WARNING", "Translator", "add_english", "glossary_for", "open_translator"]
