"""Stage 2, clean: RawDocument -> CleanArticle (the story without page furniture, plus metadata).

Text hygiene first: control characters out (``\\n`` and ``\\t`` kept), HTML entities of a
plain-text file unescaped exactly once, NFC (macOS writes NFD Hangul), compatibility forms
(㈜, ①, ＡＢＣ) kept as written. Then, line by line, the furniture described in
``data/furniture.toml`` goes: buttons, section labels, photo credits, copyright notices,
correction notices, reporter lines, doubled captions. What the text states about itself
becomes metadata: the published date (a ``date YYYY-MM-DD`` marker or a date line such as
``입력 2025.10.29 14:03``), the byline and the outlet (``[천지일보=김정필 기자]``,
``(서울=연합뉴스) 홍길동 기자 =``, a closing ``강도원 기자``, the copyright line). Nothing is
guessed: what the text does not say stays None. A government press release (보도자료) is
first read by its own structure (briefing.press_release): header, bullets, tables.

The title is the headline line when the article has one (it is then not repeated in the
body; subheadings after it stay), else the first sentence, shortened at a word boundary.
"""

from __future__ import annotations

import html
import re
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from briefing.errors import ConfigError, InputError
from briefing.korean import iso_date
from briefing.outlets import OutletList, match_key, outlet_list, outlets
from briefing.press_release import read_press_release
from briefing.resources import bundled_data_dir
from briefing.types import CleanArticle, RawDocument

TITLE_MAX_CHARS = 80
HEADLINE_MAX_CHARS = 100  # a longer first line is a lede or glued subheadings, not a headline

# --------------------------------------------------------------------------- text hygiene

# Characters that are not text: C0/C1 controls but \t and \n, zero-width marks, a BOM in the
# middle of text, soft hyphens, and the non-characters (U+FFFE, U+FFFF, U+FDD0..U+FDEF, ...).
_NOT_TEXT = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u200b\u2060\ufeff\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe\U0001ffff\U0010fffe\U0010ffff]"
)
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_HORIZONTAL_SPACE = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# Only well-formed entities with their semicolon: "R&D" and "AT&T" stay as they are.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def remove_control_characters(text: str) -> str:
    """Line separators become ``\\n``; other non-text characters go; ``\\n`` and ``\\t`` stay."""
    return _NOT_TEXT.sub("", _LINE_BREAKS.sub("\n", text))


def unescape_entities(text: str) -> str:
    """HTML entities decoded exactly once (``&amp;amp;`` -> ``&amp;``)."""
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)


def normalize_text(text: str, *, unescape: bool) -> str:
    if unescape:
        text = unescape_entities(text)
    text = unicodedata.normalize("NFC", remove_control_characters(text))
    lines = (_HORIZONTAL_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines)


# --------------------------------------------------------------------------- furniture data


def _compile(patterns: Sequence[str], where: str) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern, re.IGNORECASE))
        except re.error as exc:
            raise ConfigError(
                f"furniture pattern {where} {pattern!r}: {exc}", "fix the regular expression"
            ) from exc
    return tuple(compiled)


def _alternation(words: Sequence[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class Furniture:
    drop_lines: tuple[re.Pattern[str], ...]
    drop_sentences: tuple[re.Pattern[str], ...]
    prefixes: tuple[re.Pattern[str], ...]
    suffixes: tuple[re.Pattern[str], ...]
    credit_keys: frozenset[str]
    credit_names: tuple[str, ...]
    section_words: frozenset[str]
    headline_tags: tuple[re.Pattern[str], ...]
    copyright: tuple[re.Pattern[str], ...]
    published_labels: str
    other_labels: str
    roles: str
    outlets: OutletList = field(default_factory=outlets)


def _strings(raw: dict[str, object], table: str, key: str, path: Path) -> list[str]:
    section = raw.get(table, {})
    values = section.get(key, []) if isinstance(section, dict) else None
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ConfigError(
            f"furniture file {path}: [{table}] {key} must be a list of strings",
            "see the format at the top of data/furniture.toml",
        )
    return values


_FURNITURE_KEYS = (
    ("drop", "lines"),
    ("drop", "sentences"),
    ("strip", "prefixes"),
    ("strip", "suffixes"),
    ("credits", "names"),
    ("sections", "words"),
    ("headline", "tags"),
    ("copyright", "patterns"),
    ("dates", "published_labels"),
    ("dates", "other_labels"),
    ("byline", "roles"),
)


def load_furniture(
    extra_files: Sequence[Path] = (), outlet_list: OutletList | None = None
) -> Furniture:
    """The bundled furniture patterns, extended by the user's files of the same format."""
    merged: dict[tuple[str, str], list[str]] = {}
    for path in (bundled_data_dir() / "furniture.toml", *extra_files):
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(
                f"furniture file {path}: cannot read it: {exc}",
                "fix the file (format: see data/furniture.toml)",
            ) from exc
        for table, key in _FURNITURE_KEYS:
            merged.setdefault((table, key), []).extend(_strings(raw, table, key, path))
    known = outlet_list or outlets()
    credit_names = [*merged[("credits", "names")], *(name for o in _agencies(known) for name in o)]
    return Furniture(
        drop_lines=_compile(merged[("drop", "lines")], "[drop]"),
        drop_sentences=_compile(merged[("drop", "sentences")], "[drop] sentences"),
        prefixes=_compile([f"^(?:{p})" for p in merged[("strip", "prefixes")]], "[strip]"),
        suffixes=_compile([f"(?:{p})$" for p in merged[("strip", "suffixes")]], "[strip]"),
        credit_keys=frozenset(match_key(n) for n in credit_names),
        credit_names=tuple(sorted(set(credit_names), key=len, reverse=True)),
        section_words=frozenset(match_key(w) for w in merged[("sections", "words")]),
        headline_tags=_compile([f"^(?:{p})" for p in merged[("headline", "tags")]], "[headline]"),
        copyright=_compile(merged[("copyright", "patterns")], "[copyright]"),
        published_labels=_alternation(merged[("dates", "published_labels")]),
        other_labels=_alternation(merged[("dates", "other_labels")]),
        roles=_alternation(merged[("byline", "roles")]),
        outlets=known,
    )


def _agencies(known: OutletList) -> list[tuple[str, ...]]:
    return [o.names() for o in known.all() if o.agency]


@cache
def furniture(extra_files: tuple[Path, ...] = (), outlet_files: tuple[Path, ...] = ()) -> Furniture:
    """The bundled furniture (and outlets) plus the user's files, compiled once per process."""
    return load_furniture(extra_files, outlet_list(outlet_files))


# --------------------------------------------------------------------------- patterns

_DATE_MARKER = re.compile(r"^date\s+(\d{4})-(\d{1,2})-(\d{1,2})\b\s*")
_DATE = r"(\d{4})\s?[.\-/년]\s?(\d{1,2})\s?[.\-/월]\s?(\d{1,2})\s?[.일]?"
_TIME = (
    r"(?:\s*\([월화수목금토일]\))?(?:\s*(?:오전|오후|AM|PM))?"
    r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?(?:\s*(?:AM|PM|KST))?"
)
_NAME = r"[가-힣]{2,4}"
_NAMES = rf"{_NAME}(?:\s?[·,ㆍ]\s?{_NAME})*"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_ENDS_WITH_PERIOD = re.compile(r"(?<!\.)[.!?。][”\"’')\]]?$")  # "..." is no sentence end
# A line ending like a Korean sentence ("...했다.") is story text, whatever words it holds.
_PREDICATE_END = re.compile(r"[다요죠까][.!?]?[”\"’')\]]?$")


class _Patterns:
    """Regular expressions built from the furniture data (dates, bylines, credits)."""

    def __init__(self, f: Furniture) -> None:
        labels = rf"(?:{f.published_labels}|{f.other_labels})"
        stamp = rf"(?:{labels}\s*[:：]?\s*)?{_DATE}{_TIME}"
        # "디지털경제입력 :2024/04/25 09:40": a section or outlet name glued to the label
        glued = rf"(?:[^\s\d]{{1,12}}?(?={labels}\s*[:：]?\s*\d))?"
        self.date_line = re.compile(rf"^{glued}(?:{stamp}\s*[|/·,]?\s*)+$", re.IGNORECASE)
        self.stamp = re.compile(rf"(?:({labels})\s*[:：]?\s*)?{_DATE}", re.IGNORECASE)
        # "홍길동 기자 입력 2025.10.29": where a labelled date starts inside a metadata row
        self.before_stamp = re.compile(rf"\s+(?=(?:{labels})\s*[:：]?\s*\d{{4}})", re.IGNORECASE)
        self.published_label = re.compile(rf"^(?:{f.published_labels})$", re.IGNORECASE)
        role = rf"(?:{f.roles})"
        self.reporter_line = re.compile(
            rf"^[\[(]?\s?(?:[/=]\s*)?(?:글\s?[·ㆍ]\s?사진\s?[=:]\s?|사진\s?[=:]\s?)?"
            rf"(?:[가-힣]{{1,8}}\s?=\s?)?(?P<names>{_NAMES})\s?{role}"
            rf"\s*[\])]?\s*[(<]?\s*(?:{_EMAIL})?\s*[)>]?$"
        )
        self.reporter_tail = re.compile(
            rf"(?<=[.!?”\"’'])\s*/?\s*(?P<names>{_NAMES})\s?{role}\s*[(<]?\s*(?:{_EMAIL})?\s*[)>]?$"
        )
        self.reporter_in_bracket = re.compile(rf"^(?P<names>{_NAMES})\s?{role}(?:\s*{_EMAIL})?$")
        self.outlet_and_reporter = re.compile(
            rf"^(?P<outlet>\S.{{0,20}}?)\s(?P<names>{_NAMES})\s?{role}$"
        )
        self.reporter_lead = re.compile(rf"^(?P<names>{_NAMES})\s?{role}\s?=\s*")
        credit = _alternation([re.escape(n) for n in f.credit_names])
        # "... 참석하고 있다. 연합뉴스", "... 2023.12.13 (출처: 연합뉴스)", ".../사진=뉴시스"
        self.credit_suffix = re.compile(
            rf"(?<=[.!?”\"’')\]\d])\s*(?:/\s*)?"
            rf"(?:[\[(]\s*(?:(?:사진|출처|자료|사진\s?출처)\s?[=:：]\s*)?(?:{credit})\s*[\])]"
            rf"|(?:(?:사진|출처|자료)\s?[=:：]\s*)?(?:{credit}))$",
            re.IGNORECASE,
        )


@cache
def _patterns(f: Furniture) -> _Patterns:
    return _Patterns(f)


# --------------------------------------------------------------------------- cleaning


@dataclass
class _Meta:
    published: str | None = None
    byline: str | None = None
    outlet: str | None = None  # from a dateline prefix: [천지일보=김정필 기자]
    notice_outlet: str | None = None  # from a copyright notice: the page's owner
    # A bare "ⓒ 세계일보": the outlet when no story line follows it, else a photo credit.
    credit_outlet: tuple[str, int] | None = None  # (name, story lines kept before it)
    story_started: bool = False  # a sentence of the story was kept: the header is over

    def final_outlet(self, story_lines: int) -> str | None:
        closing = self.credit_outlet
        bare = closing[0] if closing and closing[1] == story_lines else None
        return self.notice_outlet or self.outlet or bare


def clean_document(raw: RawDocument, f: Furniture | None = None) -> CleanArticle:
    """The story's text without page furniture, with the metadata the text states."""
    f = f or furniture()
    p = _patterns(f)
    text = normalize_text(raw.text, unescape=raw.kind == "text")
    release = read_press_release(text)  # a ministry's 보도자료: its header, bullets, tables
    if release is not None:
        text = release.text
    lines = [line for line in text.split("\n") if line]
    meta = _Meta()
    if release is not None:
        meta.published = release.published
    if lines:
        marker = _DATE_MARKER.match(lines[0])
        if marker:
            meta.published = _iso(*marker.groups())
            lines[0] = lines[0][marker.end() :]
    body: list[str] = []
    seen: set[str] = set()
    for index, line in enumerate(lines):
        near_end = index >= len(lines) - 6
        kept, ends_story = _clean_line(line, index, near_end, len(body), meta, f, p)
        if ends_story and len(body) >= 2 and index >= len(lines) // 2:
            break
        if kept is None:
            continue
        key = match_key(kept)
        if len(key) >= 10 and key in seen:  # a caption or paragraph the page repeated
            continue
        seen.add(key)
        body.append(kept)
        meta.story_started = meta.story_started or bool(_ENDS_WITH_PERIOD.search(kept))
    kept_lines = len(body)
    _trailing_reporter(body, meta, p)
    title, body = _title_and_body(body, release.title if release else raw.html_title, f)
    if meta.published is None:
        meta.published = raw.html_published
    outlet = meta.final_outlet(kept_lines)
    if release is not None and release.issuer:
        outlet = release.issuer  # the issuing ministry is a press release's outlet
    if outlet is None and raw.html_site_name:
        outlet = _outlet_name(raw.html_site_name, f)
    if outlet is None and raw.html_url:
        outlet = _outlet_of_address(raw.html_url, f)
    if not body:
        raise InputError(
            f"{raw.source_path}: no article text left after cleaning",
            "check that the file holds the article's body, not only page links",
        )
    return CleanArticle(
        raw.source_path, title, "\n".join(body), meta.published, meta.byline, outlet
    )


def _clean_line(
    line: str, index: int, near_end: bool, kept_so_far: int, meta: _Meta, f: Furniture, p: _Patterns
) -> tuple[str | None, bool]:
    """The line without furniture (None: drop it), and whether it ends the story."""
    line = _halve_doubled(line)
    if len(line) <= 120 and p.date_line.match(line):
        _take_date(line, index, meta, p)
        return None, False
    if _is_metadata_row(line, index, meta, f, p):
        return None, False
    notice = len(line) <= 160 and not _PREDICATE_END.search(line)
    if notice and any(c.search(line) for c in f.copyright):
        full = _is_full_notice(line)
        outlet = f.outlets.find_in(line)
        named = re.search(r"[ⓒ©]\s*([^\s,.()<>\[\]]{2,20})", line)
        name = outlet.ko if outlet else (named.group(1) if named else None)
        if full and name:
            meta.notice_outlet = meta.notice_outlet or name
        elif name and near_end:
            meta.credit_outlet = (name, kept_so_far)
        return None, full
    line = _strip_markdown_image(line)
    if not line or _is_dropped(line, f):
        return None, False
    if _is_section_label(line, f) or (not meta.story_started and _is_navigation(line, f)):
        return None, False
    if _take_reporter_line(line, meta, p):
        return None, False
    for prefix in f.prefixes:
        line = prefix.sub("", line, count=1)
    line = _take_dateline(line, meta, f, p)
    line = _strip_credits(line, f, p)
    if not line or _is_dropped(line, f):
        return None, False
    if _take_reporter_line(line, meta, p):
        return None, False
    return line, False


def _is_metadata_row(line: str, index: int, meta: _Meta, f: Furniture, p: _Patterns) -> bool:
    """'홍길동 기자 | 입력 2025.10.29 14:03 | 수정 ...': a row made only of metadata."""
    if len(line) > 160:
        return False
    row = p.before_stamp.sub(" | ", line)
    if not re.search(r"[|│]", row):
        return False
    parts = [part for part in re.split(r"\s*[|│]\s*", row) if part]
    kinds = []
    for part in parts:
        if p.date_line.match(part):
            kinds.append("date")
        elif p.reporter_line.match(part):
            kinds.append("reporter")
        elif _is_dropped(part, f) or _is_section_label(part, f):
            kinds.append("furniture")
        else:
            return False
    for part, kind in zip(parts, kinds, strict=True):
        if kind == "date":
            _take_date(part, index, meta, p)
        elif kind == "reporter":
            _take_reporter_line(part, meta, p)
    return True


def _take_reporter_line(line: str, meta: _Meta, p: _Patterns) -> bool:
    """'강도원 기자', '워싱턴=홍길동 특파원', '글·사진=홍길동 기자 hong@example.com'."""
    reporter = p.reporter_line.match(line) if len(line) <= 120 else None
    if reporter:
        meta.byline = meta.byline or _names(reporter.group("names"))
    return reporter is not None


def _is_full_notice(line: str) -> bool:
    return bool(re.search(r"저작권|무단|재배포|copyright|all\s?rights", line, re.IGNORECASE))


def _halve_doubled(line: str) -> str:
    """'X. 연합뉴스X. 연합뉴스' -> 'X. 연합뉴스': a caption the page printed twice."""
    n = len(line)
    if not 20 <= n <= 1000:
        return line
    for middle in range(n // 2 - 1, n // 2 + 2):
        head, tail = line[:middle].strip(), line[middle:].strip()
        if head and head == tail:
            return head
    return line


def _take_date(line: str, index: int, meta: _Meta, p: _Patterns) -> None:
    if meta.published:
        return
    for stamp in p.stamp.finditer(line):
        label = stamp.group(1)
        labelled = label is not None and bool(p.published_label.match(label.strip()))
        # An unlabelled date counts only in the article's header, above the story.
        if labelled or (label is None and not meta.story_started and index < 8):
            meta.published = _iso(*stamp.groups()[1:4])
            return


def _iso(year: str, month: str, day: str) -> str | None:
    return iso_date(year, month, day) if 1900 <= int(year) <= 2200 else None


_MARKDOWN_IMAGE = re.compile(r"!\[((?:[^\[\]]|\[[^\]]{0,200}\]){0,300})\]\(\s*\S{1,1000}?\s*\)")


# a photo credit closing a caption: "… 하고 있다. [출처=로보티즈]", "(사진=뉴시스)"
_TRAILING_CREDIT = re.compile(r"\s*[\[(（][^\[\]()]{0,40}[=:][^\[\]()]{0,40}[\])）]\s*$")


def _strip_markdown_image(line: str) -> str:
    """An image link goes; its alt text stays only if it reads as a caption sentence."""

    def alt(match: re.Match[str]) -> str:
        text = _TRAILING_CREDIT.sub("", match.group(1)).strip()
        return text if _ENDS_WITH_PERIOD.search(text) and len(text) > 20 else ""

    return _MARKDOWN_IMAGE.sub(alt, line).strip()


def _is_dropped(line: str, f: Furniture) -> bool:
    folded = unicodedata.normalize("NFKC", line).casefold().strip()
    if any(pattern.fullmatch(folded) for pattern in f.drop_sentences):
        return True
    if len(line) > 15 and _PREDICATE_END.search(line):
        return False
    if match_key(line) in f.credit_keys:
        return True
    return any(pattern.fullmatch(folded) for pattern in f.drop_lines)


_SECTION_SEPARATORS = re.compile(r"\s*[>|/·»›]\s*|\s+")


def _is_section_label(line: str, f: Furniture) -> bool:
    if len(line) > 40:
        return False
    words = [w for w in _SECTION_SEPARATORS.split(line) if w]
    return bool(words) and all(match_key(w) in f.section_words for w in words)


def _is_navigation(line: str, f: Furniture) -> bool:
    """A page's menu above the story: most of its few words are section or menu words
    (전체기사 최신뉴스 GAM, 뉴스 트렌드 생활정보 International edition 매체)."""
    if len(line) > 60 or _ENDS_WITH_PERIOD.search(line):
        return False
    words = [w for w in _SECTION_SEPARATORS.split(line) if w]
    if not 2 <= len(words) <= 8:
        return False
    known = sum(1 for w in words if match_key(w) in f.section_words)
    return known * 2 >= len(words)


_DATELINE = re.compile(r"^[\[【(〔<]\s*(?P<inner>[^\]】)〕>]{2,40}?)\s*[\]】)〕>]\s*")


def _take_dateline(line: str, meta: _Meta, f: Furniture, p: _Patterns) -> str:
    """'[천지일보=김정필 기자] ...', '(서울=연합뉴스) 홍길동 기자 = ...' -> outlet, byline."""
    match = _DATELINE.match(line)
    if match:
        inner = match.group("inner").strip()
        if re.match(r"(사진|출처|자료|그래픽|영상)\s?[=:]", inner):
            return line  # a photo credit, not the outlet
        outlet, byline = _parse_dateline(inner, f, p)
        if outlet is None and byline is None:
            return line
        meta.outlet = meta.outlet or outlet
        meta.byline = meta.byline or byline
        line = line[match.end() :]
    lead = p.reporter_lead.match(line)
    if lead:
        meta.byline = meta.byline or _names(lead.group("names"))
        line = line[lead.end() :]
    return line.strip()


def _parse_dateline(inner: str, f: Furniture, p: _Patterns) -> tuple[str | None, str | None]:
    parts = [part.strip() for part in re.split(r"\s*=\s*", inner) if part.strip()]
    outlet: str | None = None
    byline: str | None = None
    unknown: list[str] = []
    for part in parts:
        reporter = p.reporter_in_bracket.match(part)
        known = f.outlets.find(part)
        combined = p.outlet_and_reporter.match(part)
        if reporter:
            byline = _names(reporter.group("names"))
        elif known:
            outlet = known.ko
        elif combined and f.outlets.find(combined.group("outlet")):
            outlet = _outlet_name(combined.group("outlet"), f)
            byline = _names(combined.group("names"))
        else:
            unknown.append(part)
    # "[충청투데이=홍길동 기자]": an unlisted outlet, named by the dateline's structure.
    if outlet is None and byline is not None and len(parts) == 2 and unknown == parts[:1]:
        outlet = parts[0]
    if outlet is None and byline is None:
        return None, None
    return outlet, byline


def _outlet_of_address(url: str, f: Furniture) -> str | None:
    """The listed outlet whose site the page's address is on (news.hankyung.com: 한국경제)."""
    from urllib.parse import urlsplit

    parts = (urlsplit(url).hostname or "").split(".")
    for i in range(len(parts) - 1):
        known = f.outlets.find(".".join(parts[i:]))
        if known is not None:
            return known.ko
    return None


def _outlet_name(name: str, f: Furniture) -> str:
    known = f.outlets.find(name)
    return known.ko if known else name.strip()


def _names(names: str) -> str:
    return re.sub(r"\s?[,ㆍ]\s?", "·", names.strip())


def _strip_credits(line: str, f: Furniture, p: _Patterns) -> str:
    for _ in range(3):  # "... 있다. 2023.12.13 (출처: 연합뉴스)" may carry several credits
        before = line
        for suffix in (*f.suffixes, p.credit_suffix, _TRAILING_EMAIL):
            line = _cut_suffix(suffix, line)
        if line == before:
            break
    return line


_TRAILING_EMAIL = re.compile(rf"\s*[(<]?{_EMAIL}[)>]?$")
_SUFFIX_WINDOW = 300


def _cut_suffix(pattern: re.Pattern[str], line: str) -> str:
    """Remove what ``pattern`` (anchored with $) matches at the end of the line.

    Searched in the line's last few hundred characters only: an end-anchored search over a
    whole very long line costs quadratic time.
    """
    offset = max(0, len(line) - _SUFFIX_WINDOW)
    match = pattern.search(line, offset)
    return line[: match.start()].rstrip() if match else line


def _trailing_reporter(body: list[str], meta: _Meta, p: _Patterns) -> None:
    """'... 말했다. /홍길동 기자 hong@example.com' at the very end of the story."""
    for i in range(len(body) - 1, max(len(body) - 3, -1), -1):
        match = p.reporter_tail.search(body[i], max(0, len(body[i]) - _SUFFIX_WINDOW))
        if match:
            meta.byline = meta.byline or _names(match.group("names"))
            body[i] = body[i][: match.start()].rstrip()
            if not body[i]:
                del body[i]
            return


# --------------------------------------------------------------------------- title

_SITE_SUFFIX = re.compile(r"\s+(?:[-|:·–—]|::)\s+[^-|:·–—]{1,30}$")
_FIRST_SENTENCE_END = re.compile(r"(?<=[가-힣A-Za-z0-9)”\"’'][.!?])(?=\s|[가-힣A-Z“\"‘']|$)")


def _title_and_body(
    body: list[str], html_title: str | None, f: Furniture
) -> tuple[str | None, list[str]]:
    if not body:
        return (_strip_tags(html_title, f) if html_title else None), body
    if html_title:
        title = _strip_tags(_strip_site_suffix(html_title, f), f)
        if title and not f.outlets.find(title):  # a page titled only with the site's name
            if _same_headline(body[0], title, f):
                return title, body[1:]
            return title, body
    headline = _headline_line(body, f)
    if headline is not None:
        return _strip_tags(body[headline], f), body[:headline] + body[headline + 1 :]
    # no headline: the first line of the story, shortened
    first = next(
        (line for line in body if not _NOT_HEADLINE.search(line) and _strip_tags(line, f)),
        body[0],
    )
    return shorten_title(_strip_tags(first, f) or first), body


# a line above the story that is no headline: a bracketed tag ([에너지산업신문], <앵커>), a
# photo credit, a dateline, a photo caption (▲ …(왼쪽)과 … 기념사진을 찍고 있다)
_NOT_HEADLINE = re.compile(
    r"^\s*[\[<【〈][^\]>】〉]{1,30}[\]>】〉]\s*$|[ⓒ©]|사진\s*=|사진\s*제공|제공\s*=|기자\s*="
    r"|^\s*▲|기념\s?(?:사진|촬영)|[(（](?:왼쪽|오른쪽|가운데)[)）]|(?:왼쪽|오른쪽)\s?(?:부터|에서)"
)
_HEADER_LINES = 6


def _headline_line(body: list[str], f: Furniture) -> int | None:
    """The headline among the lines above the story: the first short line of some words
    that is no tag, credit or dateline (menu and section lines are gone already); a longer
    line after it is its subheading."""
    for i, line in enumerate(body[:_HEADER_LINES]):
        stripped = _strip_tags(line, f)
        if _ENDS_WITH_PERIOD.search(stripped) or _PREDICATE_END.search(stripped):
            return None  # the story has started
        if not stripped or len(stripped) > HEADLINE_MAX_CHARS or _NOT_HEADLINE.search(line):
            continue
        if len(re.findall(r"[가-힣]", stripped)) >= 6:
            return i
    return None


def _strip_tags(text: str, f: Furniture) -> str:
    for _ in range(3):
        before = text
        for tag in f.headline_tags:
            text = tag.sub("", text).strip()
        if text == before:
            break
    return text


def _strip_site_suffix(title: str, f: Furniture) -> str:
    """'한미 AI 협력 - 연합뉴스' -> '한미 AI 협력' (only when the suffix is a known outlet)."""
    match = _SITE_SUFFIX.search(title)
    if match:
        site = re.sub(r"^\s*(?:[-|:·–—]|::)\s*", "", match.group(0))
        if f.outlets.find_in(site) or re.search(r"뉴스|news|일보|신문|\.com|\.kr", site, re.I):
            return title[: match.start()].strip()
    return title


def _same_headline(line: str, title: str, f: Furniture) -> bool:
    a, b = match_key(_strip_tags(line, f)), match_key(title)
    if not a or not b:
        return False
    shorter, longer = sorted((a, b), key=len)
    return a == b or (shorter in longer and len(shorter) >= 0.8 * len(longer))


def shorten_title(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    """The first sentence, cut at a word boundary to at most ``limit`` characters + '…'."""
    match = _FIRST_SENTENCE_END.search(text)
    sentence = text[: match.start()] if match else text
    sentence = sentence.strip()
    if len(sentence) <= limit:
        return sentence.rstrip(".").strip() if sentence.endswith(".") else sentence
    cut = sentence[:limit]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:·…-") + "…"
