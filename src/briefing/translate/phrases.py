"""English for a Korean noun phrase (a commitment's object, an event's name) by rule.

Korean puts modifiers before the head (`핵심기술 분야 실행 방안에 대한 협력`); English puts
the relation after it ("cooperation on implementation plans in key technology areas").
The phrase is read with Kiwi into terms (the longest the lexicon or the glossary knows)
and links (`에 대한` on, `을 위한` for, `를 통한` through, `간` between, `등` such as,
`과`/`및`/`·` and, `의` of); the rightmost link is the outermost, so the phrase is built
from the right. Terms neither the lexicon nor the glossary knows stay in Korean: the
memo shows them marked, and `briefing glossary missing` lists them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from briefing.extract.actions import Morpheme, morphemes
from briefing.translate.english import indefinite, ing_form, join_list, plural, title_case
from briefing.translate.terms import TermLexicon, term_key
from briefing.vocabulary import vocabulary

_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_LATIN_GLOSS = re.compile(r"[A-Za-z][A-Za-z0-9&.,'\- ]*")
_QUOTES = {"‘": "’", "“": "”", "'": "'", '"': '"', "「": "」", "『": "』", "《": "》", "<": ">"}
_CURRENCIES = frozenset({"원", "달러", "유로", "엔", "위안", "파운드", "프랑", "루피"})
# a length of time before a noun: 102분 회담 -> 102-minute talks, 2시간 면담 -> 2-hour meeting
_TIME_UNITS = {"분": "minute", "시간": "hour", "초": "second"}


def _length_before_noun(tokens: list[Morpheme], j: int, number: str) -> tuple[str, int] | None:
    """("102-minute", index after the unit) when tokens[j] is a unit of time that
    modifies the noun after it (간 may come between)."""
    if j >= len(tokens) or tokens[j].form not in _TIME_UNITS:
        return None
    k = j + 1
    if k < len(tokens) and tokens[k].form == "간":
        k += 1
    if k >= len(tokens) or tokens[k].tag not in ("NNG", "NNP"):
        return None
    return f"{number}-{_TIME_UNITS[tokens[j].form]}", k


_DURATION = frozenset({"년간", "개월간", "년", "개월", "주간", "동안", "간"})
_CONJ_WORDS = frozenset({"및", "또는", "혹은", "그리고", "과", "와", "이나", "나", "랑"})
_CONTENT_TAGS = frozenset(
    {"NNG", "NNP", "NNB", "SL", "SH", "XSN", "XPN", "XR", "MM", "NR", "SN", "W_SERIAL"}
)
# Latin letters and the serials Kiwi reads after them: a model name (A350-1000, H100)
_LATIN_TAGS = frozenset({"SL", "SN", "W_SERIAL"})

LinkKind = Literal[
    "and", "comma", "dot", "etc", "centred", "following", "on", "for", "through",
    "including", "under", "in", "with", "of", "between", "about", "use", "scale", "rel",
    "gerund",
]  # fmt: skip
_LOOSE: frozenset[str] = frozenset(
    {"on", "for", "through", "including", "following", "in", "with", "rel", "gerund"}
)
_TIGHT: frozenset[str] = frozenset({"about", "use", "scale", "centred", "under"})
_QUALIFIERS = frozenset({"총", "약", "최대", "최소", "연간", "월", "연", "최고"})
_FIELDS = frozenset({"분야", "부문", "영역"})


@dataclass(frozen=True)
class Phrase:
    """A phrase's English and what its head needs around it."""

    text: str
    countable: bool = False  # ends in a singular count noun: takes "a"/"an"
    definite: bool = False  # a name: takes "the"
    quantity: bool = False  # a bare number ("3"): counts what follows
    proper: bool = False  # a name the glossary gives (NVIDIA): "NVIDIA's" for 의

    def with_article(self) -> str:
        if not self.text or re.match(r"^(?:the|a|an)\s", self.text, re.I):
            return self.text
        if self.definite:
            return f"the {self.text}"
        if self.countable:
            return indefinite(self.text)
        return self.text


EMPTY = Phrase("")


@dataclass
class _Part:
    """One term of a compound: its English (inside / at the end), or Korean left over."""

    inside: str
    final: str
    korean: bool = False
    count: bool = False
    number: bool = False  # a bare count (26만 장 -> 260,000): moves before the noun
    unit: str = ""  # a number's unit (tonnes)
    field: bool = False  # 분야, 부문: dropped inside a compound (AI 분야 협력 -> AI cooperation)
    verb: str = ""  # the action a verbal noun names (개최 -> host)
    qualifier: bool = False  # 총, 최대: joins the number after it
    proper: bool = False  # a name from the glossary
    demonym: bool = False  # a country before a noun (U.S. shipyards)
    start: int = -1  # where its Korean starts in the phrase
    key: str = ""  # its lexicon key
    after: str = ""  # said after a number's noun: "a month"


@dataclass
class _Content:
    parts: list[_Part] = field(default_factory=list)


@dataclass
class _Name:
    ko: str
    gloss: str | None = None


@dataclass
class _Link:
    kind: LinkKind
    verb: str = ""  # rel / gerund: the action's English


@dataclass
class _Built:
    phrase: Phrase


_Item = _Content | _Name | _Link | _Built


class PhraseTranslator:
    """Korean noun phrases -> English, with the lexicon and a name lookup (the memo's
    glossary and namer: organisations, countries, places, people)."""

    def __init__(
        self,
        lexicon: TermLexicon,
        name: Callable[[str], str | None] = lambda _ko: None,
        money: Callable[[str], str | None] = lambda _ko: None,
    ) -> None:
        self.lexicon = lexicon
        self.name = name
        self.money = money
        self.vocab = vocabulary()
        self._verbs = {
            cue: action.en for action in self.vocab.actions.values() for cue in action.nouns
        }
        self._in_name = False

    def translate(self, ko: str) -> Phrase:
        return self.translate_all([ko])[0]

    def translate_name(self, ko: str) -> Phrase:
        """A name (an event's, an agreement's): the words in the order the name gives them,
        no articles inside, no "cooperation on …" reordering."""
        outer, self._in_name = self._in_name, True
        try:
            return self.translate(ko)
        finally:
            self._in_name = outer

    def translate_all(self, texts: Sequence[str]) -> list[Phrase]:
        if not texts:
            return []
        from briefing.sentences import tokenize_all

        return [
            self._phrase(text, morphemes(tokens))
            for text, tokens in zip(texts, tokenize_all(texts), strict=True)
        ]

    # ------------------------------------------------------------------ reading

    def _phrase(self, text: str, tokens: list[Morpheme]) -> Phrase:
        return self._parse(self._items(text, tokens))

    def _items(self, text: str, tokens: list[Morpheme]) -> list[_Item]:
        items: list[_Item] = []
        i = 0
        n = len(tokens)
        while i < n:
            t = tokens[i]
            surface = text[t.start : t.end]
            if surface in _QUOTES:
                close = _closing(tokens, text, i, _QUOTES[surface])
                if close is not None:
                    items.append(_Name(text[t.end : tokens[close].start].strip()))
                    i = close + 1
                    continue
                i += 1
                continue
            if surface in ("(", "["):
                close = _closing(tokens, text, i, ")" if surface == "(" else "]")
                inner = text[t.end : tokens[close].start].strip() if close is not None else ""
                gloss = inner.split(",")[0].strip()
                if close is not None and _LATIN_GLOSS.fullmatch(gloss) and items:
                    last = items[-1]
                    word_start = t.start
                    for _ in gloss.split():  # `사라왁 어드밴스드 머티리얼스(Sarawak …)`
                        word_start = text.rfind(" ", 0, max(word_start - 1, 0)) + 1
                    if isinstance(last, _Name):
                        last.gloss = gloss
                    elif isinstance(last, _Content) and last.parts:
                        last.parts = _apply_gloss(last.parts, gloss, word_start)
                i = (close + 1) if close is not None else i + 1
                continue
            if (
                surface == "-"
                and 0 < i < n - 1
                and tokens[i - 1].end == t.start == tokens[i + 1].start - 1
                and items
                and isinstance(items[-1], _Content)
            ):
                # 연세대-케임브리지대 MOU: a pair of names joined by a hyphen stays joined
                items[-1].parts.append(_Part("-", "-", start=t.start))
                i += 1
                continue
            link, used = self._link(text, tokens, i)
            if link is not None:
                items.append(link)
                i += used
                continue
            matched, used = self._term(text, tokens, i)
            if matched is None and surface == "한":
                matched, used = self._korea_pair(text, tokens, i)
            if matched is None and (t.tag in _CONTENT_TAGS or _adjective(tokens, i)):
                matched, used = self._word(text, tokens, i)
                used = max(used, 1)
            if used:
                if matched is not None:
                    matched.start = t.start
                    _content(items).parts.append(matched)
                i += used
                continue
            i += 1  # a particle or ending with no English of its own
        return items

    def _korea_pair(self, text: str, tokens: list[Morpheme], i: int) -> tuple[_Part | None, int]:
        """`한-사우디`, `한·네덜란드`: Korea and the country after the joining mark."""
        if i + 2 >= len(tokens) or tokens[i + 1].form not in ("-", "·", "–"):
            return None, 0
        if not tokens[i].end == tokens[i + 1].start == tokens[i + 2].start - 1:
            return None, 0
        partner = self.name(text[tokens[i + 2].start : tokens[i + 2].end])
        if not partner:
            return None, 0
        pair = "Korea-" + re.sub(r"^the\s+", "", partner)
        return _Part(pair, pair, proper=True), 3

    # A dispatch table: one rule per morpheme pattern, first match wins.
    def _link(self, text: str, tokens: list[Morpheme], i: int) -> tuple[_Link | None, int]:  # noqa: C901
        t = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        after = tokens[i + 2] if i + 2 < len(tokens) else None
        forms = (t.form, nxt.form if nxt else "", after.form if after else "")
        if t.tag == "SP" and t.form in ("·", "ㆍ", "/"):
            return _Link("dot"), 1
        if t.tag == "SP" and t.form == ",":
            return _Link("comma"), 1
        if t.tag == "JC" or t.form in ("및", "또는", "혹은"):
            return _Link("and"), 1
        if t.tag == "JKB" and t.form in ("와", "과") and not (nxt and nxt.tag == "JKG"):
            return _Link("and"), 1
        if t.tag == "NNB" and t.form == "등":
            return _Link("etc"), 2 if nxt is not None and nxt.tag == "JKG" else 1
        if t.tag in ("JKB", "JKO") and nxt is not None and nxt.tag == "VV" and after:
            relation = _POSTPOSITIONS.get(nxt.form)
            if relation is not None and after.tag in ("ETM", "EC"):
                return _Link(relation), 3
        if t.tag == "JKB" and t.form == "에서" and nxt is not None and nxt.tag == "JKG":
            return _Link("in"), 2
        if t.tag == "JKB" and t.form in ("와", "과") and nxt is not None and nxt.tag == "JKG":
            return _Link("with"), 2
        if t.tag == "JKG":
            return _Link("of"), 1
        if t.form == "간" and t.tag in ("NNB", "NNG"):
            return _Link("between"), 1
        if t.form == "관련" and t.tag == "NNG" and i > 0:
            return _Link("about"), 2 if nxt is not None and nxt.tag == "JKG" else 1
        if (
            t.form in _FIELDS
            and not self._in_name
            and i > 0
            and nxt is not None
            and nxt.tag in ("NNG", "NNP", "SL", "XR")
        ):
            return _Link("in"), 1  # `AI 분야 연구개발 협력`: … in AI
        if t.form == "산하" and t.tag == "NNG" and i > 0:
            return _Link("under"), 1
        if t.form == "중심" and t.tag == "NNG" and nxt is not None and nxt.tag == "JKG":
            return _Link("centred"), 2
        if t.form == "용" and t.tag == "XSN":
            return _Link("use"), 1
        if t.form == "규모" and t.tag == "NNG" and i > 0:
            return _Link("scale"), 2 if nxt is not None and nxt.tag == "JKG" else 1
        if t.tag == "JKO":
            return self._verb_link(text, tokens, i)
        if forms[0] == "대비" and t.tag == "NNG":
            return _Link("for"), 1
        return None, 0

    def _verb_link(self, text: str, tokens: list[Morpheme], i: int) -> tuple[_Link | None, int]:
        """`…를 공급하는 계약` (rel: a contract to supply …), `…를 지원하기 위한 과제`, and a
        phrase that ends in `…를 강화` / `…를 짓` (gerund: strengthening …)."""
        j = i + 1
        verb = None
        while j < len(tokens) and tokens[j].tag in ("NNG", "XSN", "XR", "VV"):
            found = self._action_of(text, tokens, i + 1, j)
            if found is not None:
                verb = found
                break
            j += 1
        if verb is None:
            return None, 0
        k = j + 1
        while k < len(tokens) and tokens[k].tag in ("XSV", "EP"):
            k += 1
        if k >= len(tokens) or tokens[k].tag in ("SF", "SP"):
            return _Link("gerund", verb), k - i
        if tokens[k].tag == "ETM":
            return _Link("rel", verb), k - i + 1
        if (
            tokens[k].tag == "ETN"
            and k + 2 < len(tokens)
            and tokens[k + 1].form == "위하"
            and tokens[k + 2].tag in ("ETM", "EC")
        ):
            return _Link("rel", verb), k - i + 3
        return None, 0

    def _action_of(self, text: str, tokens: list[Morpheme], first: int, last: int) -> str | None:
        word = term_key(text[tokens[first].start : tokens[last].end])
        if tokens[last].tag == "VV":
            word = term_key(text[tokens[first].start : tokens[last].start]) + tokens[last].form
        for action in self.vocab.actions.values():
            if word in action.nouns or word in action.verbs:
                return action.en
        return None

    def _term(self, text: str, tokens: list[Morpheme], i: int) -> tuple[_Part | None, int]:
        """The longest run of tokens from ``i`` that the lexicon or the glossary knows."""
        if tokens[i].tag.startswith(("J", "E", "SP", "SS", "SF", "VC", "XSV")):
            return None, 0
        lex = self.lexicon
        best: tuple[_Part, int] | None = None
        for j in range(min(len(tokens), i + 8), i, -1):
            last = tokens[j - 1]
            surface = text[tokens[i].start : last.end]
            key = term_key(surface)
            if len(key) > max(lex.longest, 24):
                continue
            grammatical = last.tag.startswith(("J", "E", "SP", "SS", "SF", "XSV", "VC"))
            if grammatical and j - 1 > i and key not in lex.terms:
                continue
            at_end = _ends_phrase(tokens, j)
            demonym = lex.demonyms.get(key)
            if demonym is not None and not at_end:
                best = (_Part(demonym, demonym, demonym=True), j - i)
                break
            english = lex.get(key)
            if english is not None:
                final = lex.get(key, final=True) or english
                plural_form = final.endswith("s") and not final.endswith("ss")
                count = lex.is_count(key) and final == english and not plural_form
                part = _Part(english, final, count=count, field=key in _FIELDS, key=key)
                part.verb = self._verbs.get(key, "")
                part.qualifier = key in _QUALIFIERS
                best = (part, j - i)
                break
            if _HANGUL.search(surface) and len(key) >= 2 and not _is_particle_run(tokens, i, j):
                name = self.name(surface)
                if name is not None and not _HANGUL.search(name):
                    best = (_Part(name, name, proper=True), j - i)
                    break
        return best if best is not None else (None, 0)

    def _word(self, text: str, tokens: list[Morpheme], i: int) -> tuple[_Part | None, int]:
        t = tokens[i]
        if t.tag == "SN":
            return self._number(text, tokens, i)
        if t.tag in _LATIN_TAGS:
            j = i + 1
            while (
                j < len(tokens)
                and tokens[j].start == tokens[j - 1].end
                and (tokens[j].tag in _LATIN_TAGS or tokens[j].form == "-")
            ):
                j += 1  # A350-900 is one name (Kiwi: A + 350-900, a serial)
            latin = text[t.start : tokens[j - 1].end]
            return _Part(latin, latin), j - i
        if _adjective(tokens, i):
            end = i + 3 if tokens[i + 1].tag == "XSA" else i + 4
            surface = text[t.start : tokens[end - 1].end]
            english = self.lexicon.get(surface) or self.lexicon.get(t.form)
            if english:
                return _Part(english, english), end - i
            return _Part(surface, surface, korean=True), end - i
        surface = text[t.start : t.end]
        if t.tag == "MM" or t.form in _DURATION or (t.form == "제" and t.tag in ("XPN", "NNG")):
            return None, 1
        if t.tag == "XSN" and t.form in ("적", "들"):
            return None, 1
        english = self._split_word(surface)
        if english is not None:
            return _Part(english, english), 1
        if _HANGUL.search(surface):
            return _Part(surface, surface, korean=True), 1
        return _Part(surface, surface), 1

    def _split_word(self, word: str) -> str | None:
        """A word Kiwi left whole, split into known terms (바이오경제 -> bio economy)."""
        n = len(word)
        best: list[tuple[int, list[str]] | None] = [(0, [])] + [None] * n
        for i in range(n):
            state = best[i]
            if state is None:
                continue
            for j in range(i + 2, min(n, i + self.lexicon.longest) + 1):
                english = self.lexicon.get(word[i:j], final=j == n)
                if english is None:
                    continue
                candidate = (state[0] + 1, [*state[1], english])
                current = best[j]
                if current is None or candidate[0] < current[0]:
                    best[j] = candidate
        found = best[n]
        return " ".join(found[1]) if found is not None and found[0] > 1 else None

    def _number(self, text: str, tokens: list[Morpheme], i: int) -> tuple[_Part | None, int]:
        """26만 장 -> 260,000; 1만1000톤 -> 11,000 tonnes; 최소 1000만 달러 -> money;
        제2회 -> 2nd."""
        from briefing.korean import parse_korean_number

        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        ordinal = nxt is not None and nxt.form in ("회", "차") and tokens[i].form.isdigit()
        if i > 0 and tokens[i - 1].form == "제" and ordinal:
            return _Part(_ordinal(int(tokens[i].form)), _ordinal(int(tokens[i].form))), 2

        j = i
        while j < len(tokens) and (
            tokens[j].tag in ("SN", "NR")
            or (tokens[j].tag == "SP" and tokens[j].form in (".", ","))
        ):
            j += 1
        surface = text[tokens[i].start : tokens[j - 1].end]
        unit_token = tokens[j] if j < len(tokens) else None
        if unit_token is not None and unit_token.form in _CURRENCIES:
            money = self.money(text[tokens[i].start : unit_token.end])
            if money:
                return _Part(money, money), j - i + 1
        if unit_token is not None and unit_token.form in _DURATION:
            return None, j - i + 1  # 3년간: the commitment's timeline says it
        length = _length_before_noun(tokens, j, surface)
        if length is not None:
            return _Part(length[0], length[0]), length[1] - i
        value = parse_korean_number(surface)
        if value is None:
            return _Part(surface, surface), j - i
        if re.fullmatch(r"(?:19|20)\d\d", surface) and (
            unit_token is None or unit_token.form not in self.lexicon.counters
        ):
            return _Part(surface, surface), j - i  # `2023 한-사우디 투자포럼`: a year, not a count
        number = f"{value:,.0f}" if value == int(value) else f"{value:,}"
        if unit_token is not None and unit_token.tag in ("NNB", "NNG", "SL"):
            unit = self.lexicon.counters.get(unit_token.form)
            if unit is not None:
                return _Part(number, number, number=not unit, unit=unit), j - i + 1
            if unit_token.form in ("%", "퍼센트"):
                return _Part(f"{number}%", f"{number}%"), j - i + 1
        return _Part(number, number, number=True), j - i

    # ------------------------------------------------------------------ building

    def _parse(self, items: Sequence[_Item]) -> Phrase:
        items = _strip_links(items)
        if not items:
            return EMPTY
        items = self._fold_relatives(items)
        parts = _split(items, ("and",))
        if (
            len(parts) > 1
            and sum(any(_structural(x) for x in p) for p in parts) >= 2
            and not any(isinstance(x, _Link) and x.kind == "between" for x in parts[-1])
        ):
            return self._coordinate(parts)
        k = _last(items, _LOOSE)
        if k is not None:
            return self._relate(items[k], self._parse(items[:k]), self._parse(items[k + 1 :]))
        k = _last(items, frozenset({"etc"}))
        if k is not None:
            examples = self._parse(items[:k])
            head = self._parse(items[k + 1 :])
            if not head.text:
                return Phrase(f"{examples.text}, among others" if examples.text else "")
            if not examples.text:
                return head
            return Phrase(f"{head.text} such as {examples.text}")
        k = _last(items, frozenset({"between"}))
        if k is None:
            k = _last(items, frozenset({"of"}))
        if k is not None:
            return self._relate(items[k], self._parse(items[:k]), self._parse(items[k + 1 :]))
        parts = _split(items, ("and", "comma", "dot"))
        if len(parts) > 1:
            return self._coordinate(parts)
        k = _last(items, _TIGHT)
        if k is not None:
            return self._relate(items[k], self._parse(items[:k]), self._parse(items[k + 1 :]))
        return self._compound([item for item in items if not isinstance(item, _Link)])

    def _fold_relatives(self, items: list[_Item]) -> list[_Item]:
        """`세미나를 강화한 학술대회`: a relative clause takes everything before it as its
        object and modifies only the next name or term."""
        k = _last(items, frozenset({"rel"}))
        while k is not None and k + 1 < len(items) and not isinstance(items[k + 1], _Link):
            link = items[k]
            assert isinstance(link, _Link)
            left = self._parse(items[:k])
            right = self._single(items[k + 1])
            built = Phrase(
                f"{right.with_article()} to {link.verb} {left.with_article()}".strip(),
                definite=False,
            )
            items = [_Built(built), *items[k + 2 :]]
            k = _last(items, frozenset({"rel"}))
        return items

    def _compound(self, items: list[_Item]) -> Phrase:
        fronted = [
            item
            for item in items
            if isinstance(item, _Content)
            and item.parts
            and all(p.key in self.lexicon.fronted for p in item.parts)
        ]
        if fronted and len(fronted) < len(items):  # `'…프로그램' 신규 시행` -> new …
            items = fronted + [item for item in items if item not in fronted]
        phrases = [self._single(item) for item in items]
        if (
            len(items) >= 2
            and isinstance(items[-1], _Content)
            and len(items[-1].parts) == 1
            and items[-1].parts[0].verb
            and isinstance(items[-2], _Name | _Built)
        ):
            # `'…학술대회' 개최` -> hosting the … Conference
            head = " ".join(p.text for p in phrases[:-2] if p.text)
            verb = ing_form(items[-1].parts[0].verb)
            text = f"{verb} {phrases[-2].with_article()}"
            return Phrase(f"{head} {text}".strip())
        if len(phrases) == 1:
            return phrases[0]
        return Phrase(" ".join(p.text for p in phrases if p.text), phrases[-1].countable)

    def _coordinate(self, parts: list[list[_Item]]) -> Phrase:
        phrases = [self._parse(p) for p in parts]
        if self._in_name or _modifiers(parts):
            # `전구체 및 양극재 합작 생산법인`: single words joined before one long head
            return Phrase(join_list([p.text for p in phrases if p.text]), phrases[-1].countable)
        return Phrase(join_list([p.with_article() for p in phrases if p.text]))

    # A dispatch table: one English shape per link kind.
    def _relate(self, link: _Item, left: Phrase, right: Phrase) -> Phrase:  # noqa: C901
        assert isinstance(link, _Link)
        kind = link.kind
        if not left.text:
            return right
        if kind == "gerund":
            text = f"{ing_form(link.verb)} {left.with_article()}"
            if right.text:
                text = f"{right.text} for {text}"
            return Phrase(text)
        if not right.text:
            if kind == "about":
                return Phrase(f"{left.text}-related")
            return left
        if kind == "rel":
            return Phrase(f"{right.text} to {link.verb} {left.with_article()}", right.countable)
        if kind == "of" and left.quantity:
            return Phrase(f"{left.text} {plural(right.text)}")
        if kind == "scale":
            if re.search(r"\b(?:KRW|USD|EUR|JPY|CNY|GBP)\b", left.text):
                return Phrase(f"{right.text} worth {left.text}", right.countable)
            return Phrase(f"{right.text} ({left.text})", right.countable)
        if kind == "centred":
            return Phrase(f"{left.text}-centred {right.text}", right.countable)
        if kind == "between" and left.countable:
            return Phrase(f"{right.text} between {plural(left.text)}", right.countable)
        if kind == "of" and left.proper:
            owner = left.with_article()
            owner = f"{owner}'" if owner.endswith("s") else f"{owner}'s"
            return Phrase(f"{owner} {re.sub(r'^the ', '', right.text)}")
        if kind == "under":
            return Phrase(f"{right.text} under {left.with_article()}", right.countable)
        if kind == "use":
            return Phrase(f"{right.text} for {left.text}", right.countable)
        word = _LINK_WORDS[kind]
        if kind == "about" and " on " in right.text:
            word = "related to"  # not "cooperation on standards on hydrogen"
        return Phrase(
            f"{right.text} {word} {left.with_article()}",
            right.countable,
            right.definite,
        )

    def _single(self, item: _Item) -> Phrase:
        if isinstance(item, _Name):
            return self._name(item)
        if isinstance(item, _Built):
            return item.phrase
        if isinstance(item, _Link):
            return EMPTY
        parts = _merge_qualifiers([p for p in item.parts if p.inside or p.korean])
        parts = [
            p
            for k, p in enumerate(parts)
            if not (p.demonym and k + 1 < len(parts) and parts[k + 1].proper)
        ]  # `미국 국립과학재단`: the name says whose it is
        if len(parts) > 1:
            parts = [p for p in parts if not p.field] or parts[-1:]
        if not parts:
            return EMPTY
        if len(parts) == 1 and parts[0].number and not parts[0].unit:
            return Phrase(parts[0].inside, quantity=True)
        if parts[0].number and not parts[0].unit and len(parts) > 1:
            rest = Phrase(" ".join([p.inside for p in parts[1:-1]] + [parts[-1].final]))
            return Phrase(f"{parts[0].inside} {plural(rest.text)}")  # 3건 MOU -> 3 MOUs
        fronted = [p for p in parts if p.key in self.lexicon.fronted]
        if fronted and len(parts) > len(fronted) and not self._in_name:
            # a new AI … contract; a name keeps its order (13th … Economic and Trade Meeting)
            parts = fronted + [p for p in parts if p not in fronted]
        headed = self._headed(parts)
        if headed is not None:
            return headed
        if self._in_name:
            words = [p.inside for p in parts]
        else:
            words = [p.inside for p in parts[:-1]] + [parts[-1].final]
        if len(parts) > 1:
            # a name that modifies a noun takes no article of its own (a Yonsei University
            # University of Cambridge MOU, not "… the University of Cambridge MOU")
            words = [
                w.removeprefix("the ") if p.proper and i else w
                for i, (p, w) in enumerate(zip(parts, words, strict=True))
            ]
        last = parts[-1]
        if last.number and len(parts) > 1:
            counted = " ".join([p.inside for p in parts[:-2]] + [parts[-2].final])
            return Phrase(f"{last.inside} {plural(counted)} {last.after}".strip())
        if last.unit:
            words[-1] = f"{last.inside} {last.unit}"
        text = _tidy(" ".join(w for w in words if w))
        proper = len(parts) == 1 and last.proper
        return Phrase(text, last.count, quantity=False, proper=proper)

    def _headed(self, parts: list[_Part]) -> Phrase | None:
        """`양자 컴퓨터 연구 협력` -> cooperation on quantum computer research: a head noun
        of [heads] after two or more other terms takes them as its object."""
        if self._in_name or len(parts) < 2:
            return None
        last = parts[-1]
        head = self.lexicon.heads.get(last.key)
        rest = parts[:-1]
        if head is None:
            # a compound term that ends in a head (연구협력 = research cooperation)
            for key, phrase in self.lexicon.heads.items():
                noun = phrase.rsplit(" ", 1)[0]
                if last.key.endswith(key) and last.key != key and last.final.endswith(noun):
                    modifier = last.final[: -len(noun)].strip()
                    head, rest = phrase, [*rest, _Part(modifier, modifier, key=last.key)]
                    break
        modifiers = [p for p in rest if p.key not in self.lexicon.fronted]
        length = sum(len(p.final.split()) for p in modifiers)
        if head is None or length < 2 or any(p.number for p in rest):
            return None
        fronted = [p.inside for p in rest if p.key in self.lexicon.fronted]
        inner = self._single(_Content(modifiers)).text
        return Phrase(" ".join([*fronted, f"{head} {inner}"]) if fronted else f"{head} {inner}")

    def _name(self, item: _Name) -> Phrase:
        ko = item.ko
        english = self.name(ko)
        if english is None or _HANGUL.search(english):
            outer, self._in_name = self._in_name, True
            try:
                inner = self.translate(ko) if ko else EMPTY
            finally:
                self._in_name = outer
            english = title_case(inner.text) if inner.text else ko
        if item.gloss and item.gloss.lower() not in english.lower():
            english = item.gloss if _HANGUL.search(english) else f"{english} ({item.gloss})"
        return Phrase(english, definite=True)


_POSTPOSITIONS: dict[str, LinkKind] = {
    "대하": "on",
    "관하": "on",
    "위하": "for",
    "통하": "through",
    "비롯하": "including",
    "따르": "following",
    "걸치": "in",
    "향하": "for",
    "중심하": "in",
}
_LINK_WORDS: dict[str, str] = {
    "on": "on",
    "for": "for",
    "through": "through",
    "including": "including",
    "following": "under",
    "in": "in",
    "with": "with",
    "of": "of",
    "between": "between",
    "about": "on",
}


def _content(items: list[_Item]) -> _Content:
    if items and isinstance(items[-1], _Content):
        return items[-1]
    content = _Content()
    items.append(content)
    return content


def _closing(tokens: list[Morpheme], text: str, i: int, closing: str) -> int | None:
    for j in range(i + 1, len(tokens)):
        if text[tokens[j].start : tokens[j].end] == closing:
            return j
    return None


def _adjective(tokens: list[Morpheme], i: int) -> bool:
    """안전한, 다양한 (noun + 하 + ᆫ); 다각적인 (noun + 적 + 이 + ᆫ)."""
    if i + 2 < len(tokens) and tokens[i + 1].tag == "XSA" and tokens[i + 2].tag == "ETM":
        return tokens[i].tag in ("NNG", "XR")
    return (
        i + 3 < len(tokens)
        and tokens[i + 1].form == "적"
        and tokens[i + 2].tag == "VCP"
        and tokens[i + 3].tag == "ETM"
    )


def _ends_phrase(tokens: list[Morpheme], j: int) -> bool:
    """Whether nothing but particles and punctuation follows token ``j - 1``."""
    for t in tokens[j:]:
        if t.tag in _CONTENT_TAGS and t.tag != "NNB":
            return False
        if t.tag in ("JKG", "JC") or t.form in ("간", "·", ",", "및"):
            return True
    return True


def _is_particle_run(tokens: list[Morpheme], i: int, j: int) -> bool:
    return any(t.tag.startswith(("J", "E")) for t in tokens[i:j])


def _modifiers(parts: list[list[_Item]]) -> bool:
    """Coordinated modifiers of one head: each conjunct but the last a single word, the last
    a compound of three words or more."""

    def words(part: list[_Item]) -> int:
        return sum(len(x.parts) if isinstance(x, _Content) else 1 for x in part)

    return all(words(p) == 1 for p in parts[:-1]) and words(parts[-1]) >= 3


def _structural(item: _Item) -> bool:
    """A link that gives a phrase its own structure (not a list's commas)."""
    return isinstance(item, _Link) and item.kind not in ("and", "comma", "dot")


def _strip_links(items: Sequence[_Item]) -> list[_Item]:
    items = list(items)
    edges = ("and", "comma", "dot", "of")
    while items and isinstance(items[0], _Link) and items[0].kind in edges:
        items.pop(0)
    while items and isinstance(items[-1], _Link) and items[-1].kind in edges:
        items.pop()
    return [i for i in items if not (isinstance(i, _Content) and not i.parts)]


def _split(items: Sequence[_Item], kinds: tuple[str, ...]) -> list[list[_Item]]:
    parts: list[list[_Item]] = [[]]
    for item in items:
        if isinstance(item, _Link) and item.kind in kinds:
            parts.append([])
        else:
            parts[-1].append(item)
    return [p for p in parts if p]


def _last(items: Sequence[_Item], kinds: frozenset[str]) -> int | None:
    for k in range(len(items) - 1, -1, -1):
        item = items[k]
        if isinstance(item, _Link) and item.kind in kinds:
            return k
    return None


def _apply_gloss(parts: list[_Part], gloss: str, word_start: int = 0) -> list[_Part]:
    """`역내포괄적경제동반자협정(RCEP)`: the article's Latin replaces the word before it
    when any of it stayed Korean; after a translated term it is kept as an abbreviation
    (National Science Foundation (NSF)) unless the English already spells it."""
    word = [p for p in parts if p.start >= word_start] or parts[-1:]
    if any(p.korean for p in word):
        return [*[p for p in parts if p not in word], _Part(gloss, gloss, start=word_start)]
    english = " ".join(p.final for p in parts).lower()
    initials = "".join(w[0] for w in re.findall(r"[a-z][a-z]*", english))
    if (
        gloss.lower() in english
        or gloss.lower().replace(" ", "") in english.replace(" ", "")
        or initials.endswith(gloss.lower())
    ):
        return parts
    if re.fullmatch(r"[A-Z0-9&\-]{2,8}", gloss):
        last = parts[-1]
        return [*parts[:-1], _Part(f"{last.inside} ({gloss})", f"{last.final} ({gloss})")]
    return parts


def _merge_qualifiers(parts: list[_Part]) -> list[_Part]:
    """`월 최대 웨이퍼 90만 장` -> up to 900,000 wafers a month: 총, 약, 최대 go before the
    number, 월 and 연간 after its noun."""
    numbers = [p for p in parts if p.number or p.unit]
    qualifiers = [p for p in parts if p.qualifier]
    if not numbers or not qualifiers:
        return parts
    number = numbers[-1]
    before = [q.inside for q in qualifiers if q.inside not in _PER_PERIOD]
    after = [_PER_PERIOD[q.inside] for q in qualifiers if q.inside in _PER_PERIOD]
    merged = _Part(
        " ".join([*before, number.inside]),
        " ".join([*before, number.final]),
        number=number.number,
        unit=number.unit,
        after=" ".join(after),
    )
    return [merged if p is number else p for p in parts if not p.qualifier]


_PER_PERIOD = {"monthly": "a month", "annual": "a year"}


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"(?<=\w) - (?=\w)", "-", text)
    return re.sub(r"\s+([,)])", r"\1", text)


def has_hangul(text: str) -> bool:
    return bool(_HANGUL.search(text))
