"""`briefing glossary missing`: the Korean left in the English memos of some articles.

Each article goes through the pipeline as `generate` would (with the installed model, if
any), its English memo's context is built, and the Korean the memo shows bracketed is
counted. Terms a user meets often rise to the top: a few lines in a terms or glossary file
then make every later memo English.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from briefing.config import Config
from briefing.errors import BriefingError
from briefing.types import Facts

Kind = Literal["name", "term"]


@dataclass(frozen=True)
class MissingTerm:
    korean: str
    count: int
    kind: Kind  # "name" when it is (part of) a party's or person's Korean name
    articles: tuple[str, ...]  # file names, in the order first met


@dataclass(frozen=True)
class MissingReport:
    articles: int  # articles read
    terms: tuple[MissingTerm, ...]  # most frequent first


def _ignore(_message: str) -> None:
    pass


def missing_terms(
    paths: Iterable[Path],
    config: Config,
    *,
    on_error: Callable[[Path, BriefingError], None] | None = None,
    on_warning: Callable[[str], None] = _ignore,
) -> MissingReport:
    """Count the Korean left in the English memos of the articles in ``paths``; an article
    that cannot be read is reported through ``on_error`` and skipped."""
    from briefing.pipeline import TranslatorSlot, build_article, expand_inputs, extract_article
    from briefing.render.context import english_leftovers
    from briefing.translate import run_store

    translators = TranslatorSlot(config, on_warning)
    counts: Counter[str] = Counter()
    where: dict[str, list[str]] = defaultdict(list)
    kinds: dict[str, Kind] = {}
    read = 0
    with run_store(config) as store:  # one store (names registry, MT cache) for the run
        for path in expand_inputs(paths):
            try:
                article = build_article(path, config)
                facts = extract_article(article, config, translators.get(), store)
                left = english_leftovers(facts, config.templates_dir)
            except BriefingError as exc:
                if on_error is None:
                    raise
                on_error(path, exc)
                continue
            read += 1
            names = _names(facts)
            for korean in left:
                counts[korean] += 1
                if path.name not in where[korean]:
                    where[korean].append(path.name)
                kinds.setdefault(korean, "name" if _is_name(korean, names) else "term")
    ranked = sorted(counts, key=lambda k: (-counts[k], -len(where[k]), k))
    return MissingReport(
        read, tuple(MissingTerm(k, counts[k], kinds[k], tuple(where[k])) for k in ranked)
    )


def _names(facts: Facts) -> set[str]:
    found = {p.name.ko for p in facts.parties if p.name.ko}
    found |= {p.name.ko for p in facts.people if p.name.ko}
    found |= {p.organization.ko for p in facts.people if p.organization and p.organization.ko}
    return {"".join(n.split()) for n in found}


def _is_name(korean: str, names: set[str]) -> bool:
    key = "".join(korean.split())
    return any(key in name or name in key for name in names if len(name) >= 2)
