"""What memos and digests are made of: spans of text, and the rows both documents list.

Every piece of text a document shows is a ``Span`` that knows its language and whether it is
Korean standing in for missing English (``untranslated``): an English document marks such
text plainly, it never shows Korean silently. ``TextPicker`` is the one place facts text
becomes spans: it picks the document's language, makes the text XML-safe, and replaces
characters the embedded fonts cannot draw by ``[U+XXXX]`` (listed in ``missing``), so no
document shows an empty box in silence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from briefing.render.docx import xml_safe
from briefing.render.fonts import codepoint_label, missing_glyphs
from briefing.types import Text

DocLang = Literal["ko", "en"]


@dataclass(frozen=True)
class Span:
    """A piece of text as a document shows it."""

    text: str
    lang: str  # "ko" or "en": the language ``text`` is in
    untranslated: bool = False  # English wanted, only the Korean exists: marked
    # A name that may be wrong: transliterated (no source gives its English) or found with
    # low confidence. Shown with the guess mark, explained in a note; in English with the
    # Korean original beside it.
    guessed: bool = False
    mark: str = ""  # the guess mark (labels ``name_guess_mark``), set with ``guessed``
    original: str | None = None  # the Korean original, shown beside a guessed English name


Line = tuple[Span, ...]


@dataclass(frozen=True)
class Cite:
    """A citation of one source sentence: shown as ``[number]``, linked to ``anchor``."""

    sentence_id: int
    number: int
    anchor: str


@dataclass(frozen=True)
class EntryRef:
    """A reference to a digest entry: shown as its number, linked to ``anchor``."""

    number: int
    anchor: str
    headline: str


@dataclass(frozen=True)
class Field:
    """A labelled value; only fields that have a value are listed."""

    label: str
    value: Line


@dataclass(frozen=True)
class HeaderRow:
    label: str
    value: Line


@dataclass(frozen=True)
class Item:
    """A bullet: an optional bold lead ("Signed by"), the text, and its citations."""

    lead: str
    line: Line
    cites: tuple[Cite, ...]


@dataclass(frozen=True)
class PersonRow:
    name: Line
    title: Line
    organization: Line
    roles: Line
    cites: tuple[Cite, ...]
    detail: Line = ()  # title and organisation, the missing ones left out


@dataclass(frozen=True)
class PartyRow:
    name: Line
    kind: Line
    cites: tuple[Cite, ...]


@dataclass(frozen=True)
class PartyGroup:
    """The parties of one kind, listed inline under the kind's plural label."""

    label: str
    parties: tuple[PartyRow, ...]


@dataclass(frozen=True)
class CommitmentRow:
    """A commitment: in a memo with citations; in a digest with its entry and outlets."""

    number: int
    actors: Line
    what: Line
    areas: Line
    amount: Line
    timeline: Line
    cites: tuple[Cite, ...] = ()
    details: tuple[Field, ...] = ()  # actors, area, amount, timeline: the known ones only
    entry: EntryRef | None = None  # digest: the event it belongs to
    sources: Line = ()  # digest: the outlets that report it


@dataclass(frozen=True)
class QuoteRow:
    speaker: Line  # English memo: who spoke, with title, and on what ("X (title) spoke on …")
    text: Line  # English memo: the machine translation, or nothing without a model
    original: Line | None  # the Korean original beside a machine translation (not in memos)
    cites: tuple[Cite, ...]
    machine: bool = False  # ``text`` is a machine translation: labelled so


@dataclass(frozen=True)
class SourceRow:
    number: int
    anchor: str
    text: Line


def compact(line: Line) -> Line:
    """Neighbouring spans of one language and kind as one (fewer boxes to lay out)."""
    out: list[Span] = []
    for span in line:
        if (
            out
            and not (out[-1].guessed or span.guessed)
            and (out[-1].lang, out[-1].untranslated) == (span.lang, span.untranslated)
        ):
            out[-1] = Span(out[-1].text + span.text, span.lang, span.untranslated)
        else:
            out.append(span)
    return tuple(out)


def plain_text(line: Line) -> str:
    return "".join(span.text for span in line)


class TextPicker:
    """Turns facts text into spans of one document language; records what no font draws."""

    def __init__(self, lang: DocLang, labels: Mapping[str, Any], covered: frozenset[int]) -> None:
        self.lang = lang
        self.labels = labels
        self.covered = covered
        self.missing: dict[str, None] = {}  # "U+XXXX" codes, in order of first appearance
        self.untranslated = False  # some Korean stood in for missing English

    def clean(self, text: str) -> str:
        text = xml_safe(text)
        for char in missing_glyphs(text, self.covered):
            self.missing[f"U+{ord(char):04X}"] = None
            text = text.replace(char, codepoint_label(char))
        return text

    def plain(self, text: str) -> Span:
        """A document's own words (labels, numbers, dates): in the document's language."""
        return Span(self.clean(text), self.lang)

    def text(self, value: Text | None) -> Span:
        """A facts text pair in the document's language, marked if the English is missing."""
        if value is None or (value.ko is None and value.en is None):
            return Span(self.labels["missing"], self.lang)
        if self.lang == "ko":
            return Span(self.clean(value.ko or value.en or ""), "ko")
        if value.en:
            return Span(self.clean(value.en), "en")
        self.untranslated = True
        return Span(self.clean(value.ko or ""), "ko", untranslated=True)

    def line(self, values: Iterable[Span], sep: str = ", ") -> Line:
        """Spans joined by ``sep``; the "missing" mark if there are none."""
        spans: list[Span] = []
        for span in values:
            if spans:
                spans.append(Span(sep, self.lang))
            spans.append(span)
        return tuple(spans) or (Span(self.labels["missing"], self.lang),)

    def cites(self, *evidence: Iterable[int]) -> tuple[Cite, ...]:
        ids = sorted({i for ev in evidence for i in ev})
        return tuple(Cite(i, i + 1, f"s{i}") for i in ids)
