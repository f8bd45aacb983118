"""English grammar for composed text: articles, lists, capitals, verb forms.

Small and exact on purpose: every composed memo line goes through these, and the tests
pin their output string by string.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Words that start with a vowel letter but a consonant sound, and the reverse.
_CONSONANT_SOUND = re.compile(r"^(?:uni|use|usu|eu|one|once|ukr|ura|uro|u\.s\.|us\b)", re.I)
_VOWEL_SOUND = re.compile(r"^(?:hour|honest|honou?r|heir)", re.I)
# Letters read as a name that begins with a vowel sound (an MOU, an SMR, an LNG project).
_VOWEL_LETTERS = set("AEFHILMNORSX")
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "over",
        "the",
        "to",
        "under",
        "via",
        "vs",
        "with",
    ]
)


def indefinite(text: str) -> str:
    """ "a" or "an" before ``text``, by how its first word sounds."""
    word = text.split(" ", 1)[0]
    if not word:
        return text
    bare = word.strip("‘'\"“(")
    if bare[:1].isdigit():
        article = "an" if re.match(r"^(?:8|11|18|80)(?!\d)", bare) else "a"
    elif _is_initialism(bare):
        article = "an" if bare[0] in _VOWEL_LETTERS else "a"
    elif _VOWEL_SOUND.match(bare):
        article = "an"
    elif _CONSONANT_SOUND.match(bare):
        article = "a"
    else:
        article = "an" if bare[:1].lower() in "aeiou" else "a"
    return f"{article} {text}"


def _is_initialism(word: str) -> bool:
    """MOU, SMR, R&D, U.S.: read letter by letter (not AI-like words such as NATO)."""
    letters = re.sub(r"[^A-Za-z]", "", word.split("-")[0])
    return len(letters) >= 2 and letters.isupper() and letters not in ("NATO", "OPEC", "ASEAN")


def join_list(items: Sequence[str], conjunction: str = "and") -> str:
    """ "A", "A and B", "A, B and C" (no serial comma); empty items dropped."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return items[0] if items else ""
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def capitalise_first(text: str) -> str:
    """The first letter upper case; the rest as written (names keep their capitals)."""
    for i, char in enumerate(text):
        if char.isalpha():
            return text[:i] + char.upper() + text[i + 1 :]
    return text


def title_case(text: str) -> str:
    """Headline-style capitals for a name composed from lower-case terms
    (joint research programme -> Joint Research Programme); acronyms kept."""
    words = text.split(" ")
    out = []
    for i, word in enumerate(words):
        if i and word.lower() in _SMALL_WORDS:
            out.append(word.lower())
        elif word[:1].isdigit():
            out.append(word)  # 2nd, 6G
        else:
            out.append("-".join(capitalise_first(part) for part in word.split("-")))
    return " ".join(out)


def without_doubled_words(text: str) -> str:
    """ "cooperation cooperation" -> "cooperation"; "the the" -> "the" (case-insensitive)."""
    return re.sub(r"\b(\w[\w'-]*)(?:\s+\1\b)+", r"\1", text, flags=re.I)


def without_article_after_possessive(text: str) -> str:
    """ "South Korea's an EU programme" -> "South Korea's EU programme"."""
    return re.sub(r"(\w(?:'s|s'|’s))\s+(?:a|an|the)\s+", r"\1 ", text)


_MONEY = re.compile(
    r"\b(?:USD|KRW|EUR|JPY|CNY|GBP|CHF|INR|CAD|AUD) [\d.,]+"
    r"(?: (?:thousand|million|billion|trillion))?"
)


def without_repeated_amounts(text: str) -> str:
    """An amount said once: "receive USD 15 million for upfront payment USD 15 million" ->
    "receive USD 15 million for upfront payment"."""
    seen: set[str] = set()

    def once(match: re.Match[str]) -> str:
        amount = match.group(1)
        if amount in seen:
            return ""
        seen.add(amount)
        return match.group(0)

    return re.sub(r"\s*\(?(" + _MONEY.pattern + r")\)?", once, text)


def third_person(verb: str) -> str:
    """The first word in the third person singular: run -> runs, take part -> takes part."""
    head, sep, rest = verb.partition(" ")
    if re.search(r"(?:s|sh|ch|x|z|o)$", head):
        head += "es"
    elif re.search(r"[^aeiou]y$", head):
        head = head[:-1] + "ies"
    else:
        head += "s"
    return head + sep + rest


def ing_form(verb: str) -> str:
    """The first word's -ing form: build -> building, take part -> taking part."""
    head, sep, rest = verb.partition(" ")
    if head.endswith("ie"):
        head = head[:-2] + "ying"
    elif head.endswith("e") and not head.endswith(("ee", "ye", "oe")):
        head = head[:-1] + "ing"
    elif re.search(r"(?:^|[^aeiou])[aeiou][bdgmnpt]$", head) and head not in _NO_DOUBLING:
        head = head + head[-1] + "ing"  # run -> running, sign stays signing
    else:
        head += "ing"
    return head + sep + rest


_NO_DOUBLING = frozenset({"open", "visit", "develop", "deepen", "strengthen", "commit"})


def plural(noun: str) -> str:
    """The plural of a phrase's last word (contract -> contracts, facility -> facilities)."""
    words = noun.split(" ")
    last = words[-1]
    if not last or not last[-1].isalpha() or (last.endswith("s") and not last.endswith("ss")):
        return noun
    if _is_initialism(last):
        words[-1] = last + "s"
    elif re.search(r"[^aeiou]y$", last):
        words[-1] = last[:-1] + "ies"
    elif re.search(r"(?:s|sh|ch|x|z)$", last):
        words[-1] = last + "es"
    else:
        words[-1] = last + "s"
    return " ".join(words)
