"""The controlled vocabulary of commitment actions (``data/actions.toml``).

Read by the extractor (which action a Korean clause states) and by the English composer
(how that action is worded), so both agree on one list.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from briefing.errors import ConfigError
from briefing.resources import bundled_data_dir
from briefing.translate.english import third_person

Modality = str  # "agreed", "planned", "done" or "will"
MODALITIES = ("agreed", "planned", "done")


@dataclass(frozen=True)
class Action:
    id: str
    en: str  # base form: "cooperate", "take part"
    pattern: str  # "{verb} on {object}"
    alone: str  # without an object
    amount: str | None  # with a sum: "{verb} {amount} in {object}"
    third: str  # "cooperates"
    past: str  # "cooperated"
    nouns: tuple[str, ...]
    verbs: tuple[str, ...]
    heads: tuple[str, ...]
    light: bool
    container: bool
    wrapper: bool


@dataclass(frozen=True)
class Vocabulary:
    actions: dict[str, Action]
    adverbs: dict[str, tuple[str, ...]]  # English -> Korean forms
    postposition_verbs: frozenset[str]
    leading_words: frozenset[str]
    partner_nouns: frozenset[str]
    modifier_words: frozenset[str]
    adverbial_nouns: frozenset[str]
    partner_suffixes: tuple[str, ...]
    modality: tuple[tuple[Modality, re.Pattern[str]], ...]

    def verb_forms(self, action_id: str) -> Action | None:
        return self.actions.get(action_id)


def _past(verb: str) -> str:
    head, sep, rest = verb.partition(" ")
    if head.endswith("e"):
        head += "d"
    elif re.search(r"[^aeiou]y$", head):
        head = head[:-1] + "ied"
    else:
        head += "ed"
    return head + sep + rest


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"actions data {where}: expected a list of strings", "fix actions.toml")
    return tuple(v.replace(" ", "") for v in value)


def _action(action_id: str, raw: Any) -> Action:
    if not isinstance(raw, dict) or not isinstance(raw.get("en"), str):
        raise ConfigError(f"actions data [action.{action_id}] needs en", "fix actions.toml")
    en = raw["en"]
    return Action(
        id=action_id,
        en=en,
        pattern=str(raw.get("pattern", "{verb} {object}")),
        alone=str(raw.get("alone", "{verb}")),
        amount=str(raw["amount"]) if "amount" in raw else None,
        third=str(raw.get("third", third_person(en))),
        past=str(raw.get("past", _past(en))),
        nouns=_strings(raw.get("nouns", []), f"action.{action_id}.nouns"),
        verbs=_strings(raw.get("verbs", []), f"action.{action_id}.verbs"),
        heads=_strings(raw.get("heads", []), f"action.{action_id}.heads"),
        light=bool(raw.get("light", False)),
        container=bool(raw.get("container", False)),
        wrapper=bool(raw.get("wrapper", False)),
    )


@cache
def vocabulary() -> Vocabulary:
    path = bundled_data_dir() / "actions.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"actions data {path} cannot be read: {exc}", "reinstall briefing or fix the file"
        ) from exc
    actions = {key: _action(key, value) for key, value in raw.get("action", {}).items()}
    grammar = raw.get("grammar", {})
    modality = tuple(
        (kind, re.compile(pattern))
        for kind in MODALITIES
        for pattern in _raw_strings(raw.get("modality", {}).get(kind, []))
    )
    return Vocabulary(
        actions=actions,
        adverbs={en: _strings(forms, f"adverbs.{en}") for en, forms in raw["adverbs"].items()},
        postposition_verbs=frozenset(_strings(grammar.get("postposition_verbs", []), "grammar")),
        leading_words=frozenset(_strings(grammar.get("leading_words", []), "grammar")),
        partner_nouns=frozenset(_strings(grammar.get("partner_nouns", []), "grammar")),
        modifier_words=frozenset(_strings(grammar.get("modifier_words", []), "grammar")),
        adverbial_nouns=frozenset(_strings(grammar.get("adverbial_nouns", []), "grammar")),
        partner_suffixes=_strings(grammar.get("partner_suffixes", []), "grammar"),
        modality=modality,
    )


def _raw_strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def modality_of(text: str) -> Modality | None:
    """How a Korean clause or sentence commits: agreed (…하기로 했다), planned (…할 계획이다),
    done (…체결했다); None when its ending says none of these (…한다, …하고)."""
    for kind, pattern in vocabulary().modality:
        if pattern.search(text):
            return kind
    return None
