"""Every label a bundled template shows is in its bundled labels file, in Korean and English:
a label missing there is found here, not as an undefined variable halfway through a render."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
USED = re.compile(r"\blabels\.([a-z_]+)\b(?!\()")  # labels.get(...) is optional by design
COMMENT = re.compile(r"\{#.*?#\}", re.S)


def used_labels(template: str) -> set[str]:
    return set(USED.findall(COMMENT.sub("", (TEMPLATES / template).read_text(encoding="utf-8"))))


@pytest.mark.parametrize(
    ("labels_file", "templates"),
    [
        ("labels.toml", ("memo.html", "memo_bilingual.html", "_macros.html")),
        ("weekly_labels.toml", ("weekly.html",)),
    ],
)
def test_every_label_a_template_uses_is_in_both_languages(
    labels_file: str, templates: tuple[str, ...]
) -> None:
    labels = tomllib.loads((TEMPLATES / labels_file).read_text(encoding="utf-8"))
    used = set().union(*(used_labels(template) for template in templates))
    assert used, "no labels found: the pattern no longer matches the templates"
    for lang in ("ko", "en"):
        assert sorted(used - set(labels[lang])) == [], f"[{lang}] of {labels_file}"
