"""The prose patterns of Korean news (data/extract_patterns.toml), typed and checked once.

Each table of the file is one frozen dataclass below; a key the code does not know, a key
it needs that is missing, or a regular expression that does not compile is a ConfigError
naming the table and key, when the data is loaded, not a KeyError in the middle of an
article. Keys ending in ``_re`` are compiled here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any, TypeVar, get_type_hints

from briefing.errors import ConfigError

Rule = tuple[re.Pattern[str], str]  # (regex, what it gives)


@dataclass(frozen=True)
class ArticlePatterns:
    cooperation_cues: tuple[str, ...]
    weak_cooperation_cues: tuple[str, ...]
    dateline_re: re.Pattern[str]


@dataclass(frozen=True)
class PartyPatterns:
    org_suffixes: tuple[str, ...]
    appositive_re: re.Pattern[str]
    agreement_act_re: re.Pattern[str]
    participation_re: re.Pattern[str]
    background_re: re.Pattern[str]
    context_after_re: re.Pattern[str]
    context_words: tuple[str, ...]
    not_org_acronyms: tuple[str, ...]
    glued_titles: tuple[str, ...]
    both_countries: tuple[str, ...]
    both_parties: tuple[str, ...]
    korean_government: tuple[str, ...]
    gloss_term_heads: tuple[str, ...]


@dataclass(frozen=True)
class PeoplePatterns:
    titles: tuple[str, ...]
    honorifics: tuple[str, ...]
    org_word_suffixes: tuple[str, ...]
    place_prefixes: tuple[str, ...]
    name_joiners: tuple[str, ...]
    foreign_titles: tuple[str, ...]
    not_names: tuple[str, ...]


@dataclass(frozen=True)
class RolePatterns:
    sign_re: re.Pattern[str]
    meet_re: re.Pattern[str]
    host_re: re.Pattern[str]
    attend_re: re.Pattern[str]
    caption_list_re: re.Pattern[str]
    both_people_re: re.Pattern[str]


@dataclass(frozen=True)
class QuotePatterns:
    report_re: re.Pattern[str]
    continuation_re: re.Pattern[str]
    generic_speakers_re: re.Pattern[str]


@dataclass(frozen=True)
class CommitmentPatterns:
    future_re: re.Pattern[str]
    plan_nouns: tuple[str, ...]
    agreed_re: re.Pattern[str]
    report_frame_re: re.Pattern[str]
    ability_re: re.Pattern[str]
    exclude_re: re.Pattern[str]
    headline_agreement_re: re.Pattern[str]
    action_re: re.Pattern[str]
    contents_re: re.Pattern[str]
    past_time_re: re.Pattern[str]
    past_act_re: re.Pattern[str]
    caption_re: re.Pattern[str]
    bullet_re: re.Pattern[str]
    clause_split_re: re.Pattern[str]
    timeline_re: re.Pattern[str]


@dataclass(frozen=True)
class EventPatterns:
    lede_sentences: int
    lede_acts: tuple[Rule, ...]
    lede_nouns: tuple[Rule, ...]
    lede_window: int
    lede_not_main_re: re.Pattern[str]
    types: tuple[tuple[re.Pattern[str], str, float], ...]
    report_date_after_re: re.Pattern[str]
    date_stamp_re: re.Pattern[str]
    location_re: re.Pattern[str]
    location_act_re: re.Pattern[str]
    location_window: int
    location_place_re: re.Pattern[str]
    location_places: tuple[str, ...]
    location_drop_re: re.Pattern[str]


@dataclass(frozen=True)
class AmountPatterns:
    currencies: tuple[tuple[str, str], ...]  # (Korean word, ISO code)
    qualifiers: tuple[str, ...]
    after_qualifiers: tuple[str, ...]


@dataclass(frozen=True)
class Patterns:
    article: ArticlePatterns
    parties: PartyPatterns
    people: PeoplePatterns
    roles: RolePatterns
    quotes: QuotePatterns
    commitments: CommitmentPatterns
    event: EventPatterns
    amounts: AmountPatterns


T = TypeVar("T")


def load_patterns(raw: dict[str, Any], where: str) -> Patterns:
    """The typed patterns of a parsed extract_patterns.toml (``where`` names it in errors)."""
    tables = {f.name: f for f in fields(Patterns)}
    unknown = sorted(set(raw) - set(tables))
    if unknown:
        raise _error(where, f"[{unknown[0]}]", "is not a table the extractor reads")
    hints = get_type_hints(Patterns)
    sections = {name: _section(hints[name], raw.get(name), f"[{name}]", where) for name in tables}
    return Patterns(**sections)


def _section(cls: type[T], raw: Any, table: str, where: str) -> T:
    if not isinstance(raw, dict):
        raise _error(where, table, "is missing or not a table")
    hints = get_type_hints(cls)
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    unknown = sorted(set(raw) - set(names))
    if unknown:
        raise _error(where, f"{table} {unknown[0]}", "is not a key the extractor reads")
    values = {}
    for name in names:
        if name not in raw:
            raise _error(where, f"{table} {name}", "is missing")
        values[name] = _value(hints[name], raw[name], f"{table} {name}", where)
    return cls(**values)


def _value(kind: Any, raw: Any, key: str, where: str) -> Any:
    text = str(kind)
    if kind is int:
        if not isinstance(raw, int) or isinstance(raw, bool):
            raise _error(where, key, "must be an integer")
        return raw
    if "Pattern" in text and not text.startswith("tuple"):
        return _regex(raw, key, where)
    if not isinstance(raw, list):
        raise _error(where, key, "must be a list")
    if text == "tuple[str, ...]":
        if not all(isinstance(x, str) for x in raw):
            raise _error(where, key, "must be a list of strings")
        return tuple(raw)
    rows: list[tuple[Any, ...]] = []
    for row in raw:
        if not isinstance(row, list) or len(row) < 2:
            raise _error(where, key, f"holds {row!r}, not a list like [pattern, value]")
        if "float" in text:  # [regex, type, weight (default 1)]
            weight = float(row[2]) if len(row) > 2 else 1.0
            rows.append((_regex(row[0], key, where), str(row[1]), weight))
        elif "Pattern" in text:
            rows.append((_regex(row[0], key, where), str(row[1])))
        else:
            rows.append((str(row[0]), str(row[1])))
    return tuple(rows)


def _regex(raw: Any, key: str, where: str) -> re.Pattern[str]:
    if not isinstance(raw, str):
        raise _error(where, key, "must be a regular expression in a string")
    try:
        return re.compile(raw)
    except re.error as exc:
        raise _error(where, key, f"is not a valid regular expression ({exc})") from exc


def _error(where: str, key: str, what: str) -> ConfigError:
    return ConfigError(f"{where}: {key} {what}", "see docs/data-files.md")
