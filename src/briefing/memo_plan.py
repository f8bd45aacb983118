"""What a memo shows of a facts document, decided in one place: the memo stays a memo.

A real article gives a few people, parties, commitments and quotes, each resting on a
handful of sentences; every one of them is shown and the annex lists the sentences the
memo cites. A very long article (a 1 MB dump, a transcript) would give thousands, and a
memo of hundreds of pages. So each section shows at most a fixed number of entries (in the
article's order), each entry cites at most ``MAX_CITES`` sentences, and the annex holds at
most about ``MAX_SOURCES`` sentences; the memo says what was left out. The facts document
keeps everything (``facts.json``: the full text, every entry, every piece of evidence).

The render context (render/context.py) lays out exactly this plan, and the translate stage
translates what it shows when an article is too long to translate whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from briefing.types import Commitment, Evidence, Facts, Party, Person, Quote

_Item = TypeVar("_Item")

MAX_PEOPLE = 15
MAX_PARTIES = 20
MAX_COMMITMENTS = 30
MAX_QUOTES = 12
MAX_CITES = 16  # per entry; a real article's entries rest on up to a dozen sentences
MAX_SOURCES = 60  # sentences in the annex (a real article's memo cites up to ~35)
MAX_SHOWN_CHARS = 300  # a sentence, commitment or quote longer than this is cut with "…"
MAX_TITLE_CHARS = 150
# Characters per section, as shown (each entry counted up to MAX_SHOWN_CHARS): real
# articles use a fraction of these; they keep a memo of a pathological article (every
# commitment a paragraph long) within ten pages, also side by side with its English.
COMMITMENT_CHARS = 3000
QUOTE_CHARS = 1500
SOURCE_CHARS = 4500


@dataclass(frozen=True)
class MemoPlan:
    people: tuple[Person, ...]
    parties: tuple[Party, ...]
    commitments: tuple[Commitment, ...]
    quotes: tuple[Quote, ...]
    sources: tuple[int, ...]  # sentence ids in the annex, in article order
    omitted: tuple[tuple[str, int], ...]  # ("commitments", 2679): entries not shown

    def cites(self, *evidence: Iterable[int]) -> Evidence:
        """The sentences an entry cites: its evidence that the annex holds."""
        annex = set(self.sources)
        return tuple(sorted({i for ev in evidence for i in ev if i in annex}))[:MAX_CITES]

    @property
    def shortened(self) -> bool:
        return bool(self.omitted)


def plan_memo(facts: Facts) -> MemoPlan:
    # Signatories and hosts first (the key points name them), shown in the article's order.
    ranked = sorted(
        range(len(facts.people)),
        key=lambda i: (not {"signatory", "host"} & set(facts.people[i].roles), i),
    )
    people = [facts.people[i] for i in sorted(ranked[:MAX_PEOPLE])]
    parties = facts.parties[:MAX_PARTIES]
    commitments = _within(
        facts.commitments, MAX_COMMITMENTS, COMMITMENT_CHARS, lambda c: len(c.text.ko or "")
    )
    quotes = _within(facts.quotes, MAX_QUOTES, QUOTE_CHARS, lambda q: len(q.text.ko or ""))

    sentences = facts.article.sentences
    annex: set[int] = set()
    annex_chars = 0
    entries: list[Evidence] = []
    if facts.event is not None:
        entries.append(facts.event.evidence)
    entries += [p.evidence for p in people]
    entries += [p.evidence for p in parties]
    entries += [t.evidence for t in facts.tech_areas]
    entries += [c.evidence for c in commitments]
    entries += [q.evidence for q in quotes]
    for evidence in entries:
        ids = sorted(set(evidence))
        cited = [i for i in ids if i in annex][:MAX_CITES]
        for i in ids:
            if len(cited) >= MAX_CITES:
                break
            if i in annex:
                continue
            size = min(len(sentences[i].ko), MAX_SHOWN_CHARS) if i < len(sentences) else 0
            room = len(annex) < MAX_SOURCES and annex_chars + size <= SOURCE_CHARS
            if room or not cited:  # every entry cites a sentence, even past the budget
                annex.add(i)
                annex_chars += size
                cited.append(i)

    omitted = tuple(
        (section, total - len(shown))
        for section, total, shown in (
            ("people", len(facts.people), people),
            ("parties", len(facts.parties), parties),
            ("commitments", len(facts.commitments), commitments),
            ("quotes", len(facts.quotes), quotes),
        )
        if total > len(shown)
    )
    uncited = len({i for ev in entries for i in ev} - annex)
    if uncited:
        omitted += (("sources", uncited),)
    return MemoPlan(
        people=tuple(people),
        parties=tuple(parties),
        commitments=tuple(commitments),
        quotes=tuple(quotes),
        sources=tuple(sorted(annex)),
        omitted=omitted,
    )


def _within(
    items: Sequence[_Item], count: int, chars: int, length: Callable[[_Item], int]
) -> tuple[_Item, ...]:
    """The first items, up to ``count`` of them and ``chars`` characters as shown."""
    shown: list[_Item] = []
    used = 0
    for item in items[:count]:
        used += min(length(item), MAX_SHOWN_CHARS)
        if shown and used > chars:
            break
        shown.append(item)
    return tuple(shown)


def clip(text: str, limit: int = MAX_SHOWN_CHARS) -> str:
    """``text`` cut to ``limit`` characters at a space where possible, marked with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 3 // 4:
        cut = cut[:space]
    return cut.rstrip() + "…"
