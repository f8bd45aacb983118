"""Commitment actions: which verb of the controlled vocabulary a clause states, and on what.

`…을 공동 개발하기로 했다` -> develop, object `…`; `…에 투자한다` -> invest; a bullet
`▲양자 기술 공동연구` -> research_jointly, object `양자 기술`; MOU contents `…을 담았다`
are read as the noun phrase they contain. The vocabulary is ``data/actions.toml``
(``briefing.vocabulary``); the English of the object is added by the translate stage.

Works on Kiwi's morphemes of the clause: the predicate is the rightmost verbal noun before
하다, verb, or (for a noun-final bullet) the last noun that the vocabulary knows; the object
is the noun phrase before it, back to the first word that belongs to the rest of the
sentence (a subject or topic, an adverbial `…에서`, a date, a connective `…해`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from briefing.types import Commitment, Facts, Text
from briefing.vocabulary import Action, Vocabulary, vocabulary

PredicateKind = Literal["verbal", "verb", "final"]

_NOUNS = frozenset({"NNG", "NNP", "SL", "XSN", "XR", "SH"})
_TRAILING = frozenset({"SF", "SP", "SSO", "SSC", "SW", "SE", "SO", "JX", "JKB", "JKO", "JKS"})
_PLAN_NOUNS = frozenset({"계획", "예정", "방침", "전망", "것", "수", "방향", "목표"})
_TRANSPARENT = frozenset({"방안", "계획", "방향", "내용", "사항", "등", "방침", "구상"})
_ABOUT_VERBS = frozenset({"대하", "관하", "위하"})
_AFTER_NOUNS = frozenset({"뒤", "후", "다음"})  # `체결한 뒤`: the act took place
_CONJUNCTIONS = frozenset({"및", "또는", "혹은", "그리고"})
_INNER_ADVERBS = frozenset({"상호", "공동"})
_COORDINATION = frozenset({"JC"})


@dataclass(frozen=True)
class Morpheme:
    form: str
    tag: str  # Kiwi's tag without its regularity suffix (VV-R -> VV)
    start: int
    end: int


@dataclass(frozen=True)
class Analysis:
    action: str | None
    object: str | None  # the Korean object as written in the clause


def add_actions(facts: Facts) -> Facts:
    """``facts`` with every commitment's action and Korean object, where the clause states
    one; an action or object the extractor set already is kept."""
    todo = [i for i, c in enumerate(facts.commitments) if c.action is None and c.text.ko]
    if not todo:
        return facts
    from briefing.sentences import tokenize_all

    texts = [facts.commitments[i].text.ko or "" for i in todo]
    partners = tuple(
        _compact(name.ko)
        for name in (*(p.name for p in facts.parties), *(p.name for p in facts.people))
        if name.ko
    )
    analyses = {
        i: analyse(text, morphemes(tokens), partners)
        for i, text, tokens in zip(todo, texts, tokenize_all(texts), strict=True)
    }
    commitments = tuple(
        _with_analysis(c, analyses[i]) if i in analyses else c
        for i, c in enumerate(facts.commitments)
    )
    return facts.replace(commitments=commitments)


def _with_analysis(commitment: Commitment, analysis: Analysis) -> Commitment:
    obj = commitment.object
    if obj is None and analysis.object:
        obj = Text(analysis.object)
    return replace(commitment, action=analysis.action, object=obj)


def morphemes(tokens: Sequence[Any]) -> list[Morpheme]:
    return [
        Morpheme(t.form, t.tag.split("-")[0], t.start, t.start + t.len)
        for t in tokens
        if t.tag.split("-")[0] != "UN"
    ]


def analyse(text: str, tokens: Sequence[Morpheme], partners: Sequence[str] = ()) -> Analysis:
    """The action and Korean object of one clause (Kiwi morphemes of ``text``); ``partners``
    are names (without spaces) that, before 과/와, name a partner rather than an object."""
    return _Analyser(text, list(tokens), vocabulary(), partners).run()


class _Analyser:
    def __init__(
        self, text: str, tokens: list[Morpheme], vocab: Vocabulary, partners: Sequence[str]
    ) -> None:
        self.text = text
        self.tokens = tokens
        self.vocab = vocab
        self.partners = tuple(p for p in partners if len(p) >= 2)
        self.quoted = [
            (m.start(), m.end()) for m in re.finditer(r"‘[^‘’]*’|“[^“”]*”|'[^']*'|\"[^\"]*\"", text)
        ]

    def _quoted(self, position: int) -> bool:
        return any(start < position < end - 1 for start, end in self.quoted)

    # ------------------------------------------------------------------ predicate

    def run(self) -> Analysis:
        found = self.predicate(len(self.tokens), allow_verbs=True)
        if found is None:
            return Analysis(None, None)
        action, first, kind = found
        if action.wrapper:
            wrapped = self._wrapped(first)
            if wrapped is not None:
                action, first, kind = wrapped
        keep_cue = kind == "final" and self._is_head(action, first)
        span = self.object_span(first if not keep_cue else self._cue_end(first) + 1, kind, action)
        if action.container and span is not None:
            end = span[1]
            while end > span[0] and self.tokens[end].form in _TRANSPARENT:
                end -= 1  # `…확대 방안을 담았다`: the measures are the action
            inner = self.predicate(end + 1, allow_verbs=False, lower=span[0])
            if inner is not None:
                action, first, kind = inner
                keep_cue = self._is_head(action, first)
                span = self._inner_span(span[0], first if not keep_cue else span[1] + 1)
        elif action.light and span is not None:
            inner = self.predicate(span[1] + 1, allow_verbs=False, lower=span[0])
            if inner is not None and not inner[0].light and inner[1] > span[0]:
                rest = self._inner_span(span[0], inner[1])
                if (
                    rest is not None
                    and not self._coordinated(rest)
                    and self.tokens[rest[1]].form not in ("간", "의", "및")
                    and not self._only_modifiers(rest)
                ):
                    action, span = inner[0], rest
        if kind == "final" and not keep_cue and span is not None and self._joined_verbs(first):
            # `인수 및 현대화`: two actions on one object; the whole phrase is the object
            action = self.vocab.actions["pursue"]
            span = (span[0], self._last_content(len(self.tokens)))
        return Analysis(action.id, self._surface(span) if span else None)

    def predicate(
        self, end: int, *, allow_verbs: bool, lower: int = 0
    ) -> tuple[Action, int, PredicateKind] | None:
        """The rightmost predicate before token ``end``: (action, first token of its cue,
        kind). A noun phrase's last noun counts when nothing follows it but punctuation."""
        tokens = self.tokens
        final = self._last_content(end)
        for i in range(end - 1, lower - 1, -1):
            t = tokens[i]
            kind: PredicateKind | None = None
            if i == final and t.tag in _NOUNS:
                kind = "final"
            elif (
                t.tag in (*_NOUNS, "MAG")
                and self._verbal_suffix(i + 1)
                and self._predicative(i + 1)
            ):
                kind = "verbal"
            elif (
                allow_verbs
                and t.tag == "VV"
                and t.form not in self.vocab.postposition_verbs
                and t.form != "하"
                and self._predicative(i + 1)
            ):
                kind = "verb"
            if kind is None:
                continue
            match = self._cue(i, kind)
            if match is not None:
                return match[0], match[1], kind
        return None

    def _wrapped(self, first: int) -> tuple[Action, int, PredicateKind] | None:
        """`…을 구축하기로 합의했다`: the verb before 기로 names the action."""
        k = first - 1
        while k >= 0 and (self.tokens[k].tag in ("SN", "NNB", "MAG") or self._is_date(k)):
            k -= 1
        if k >= 2 and self.tokens[k].form == "로" and self.tokens[k - 1].form in ("기", "키"):
            return self.predicate(k - 1, allow_verbs=True, lower=max(0, k - 4))
        return None

    def _is_date(self, k: int) -> bool:
        t = self.tokens[k]
        return t.tag == "NNB" and t.form == "일" and k > 0 and self.tokens[k - 1].tag == "SN"

    def _verbal_suffix(self, i: int) -> bool:
        """하다 / 되다 / 시키다 after a noun, or the contracted 키로 (강화키로)."""
        if i >= len(self.tokens):
            return False
        t = self.tokens[i]
        if t.tag == "JKO" and i + 1 < len(self.tokens):
            after = self.tokens[i + 1]
            return after.tag == "VV" and after.form == "하"  # 서명을 했다
        return t.tag == "XSV" or (t.tag == "NNG" and t.form == "키")

    def _predicative(self, i: int) -> bool:
        """Not a relative clause (`짓는 데이터센터`) unless a plan noun follows (`나설 예정`)."""
        while i < len(self.tokens) and (
            self.tokens[i].tag in ("XSV", "EP")
            or (self.tokens[i].tag == "JKO" and i + 1 < len(self.tokens))
            or (self.tokens[i].tag == "VV" and self.tokens[i].form == "하")
        ):
            i += 1
        if i >= len(self.tokens) or self.tokens[i].tag != "ETM":
            return True
        after = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
        return after is not None and (after.form in _PLAN_NOUNS or after.form in _AFTER_NOUNS)

    def _cue(self, i: int, kind: PredicateKind) -> tuple[Action, int] | None:
        """The action whose longest cue ends at token ``i``, and the cue's first token."""
        prefix = _compact(self.text[: self.tokens[i].start]) + self.tokens[i].form
        best: tuple[int, Action] | None = None
        for action in self.vocab.actions.values():
            cues: tuple[str, ...] = action.verbs if kind == "verb" else action.nouns
            if kind == "verbal":
                cues = cues + action.verbs
            if kind == "final":
                cues = cues + action.heads
            for cue in cues:
                if prefix.endswith(cue) and (best is None or len(cue) > best[0]):
                    best = (len(cue), action)
        if best is None:
            return None
        return best[1], self._cue_start(i, best[0])

    def _cue_start(self, i: int, length: int) -> int:
        covered = len(_compact(self.tokens[i].form))
        while covered < length and i > 0:
            i -= 1
            covered += len(_compact(self.tokens[i].form))
        return i

    def _cue_end(self, first: int) -> int:
        end = first
        while end + 1 < len(self.tokens) and self.tokens[end + 1].tag in _NOUNS:
            end += 1
        return end

    def _is_head(self, action: Action, first: int) -> bool:
        """A cue that stays in its object: `공급 계약` is a contract to sign."""
        cue = _compact("".join(t.form for t in self.tokens[first : self._cue_end(first) + 1]))
        return any(cue.endswith(h) for h in action.heads)

    def _last_content(self, end: int) -> int:
        i = end - 1
        while i >= 0 and (
            self.tokens[i].tag in _TRAILING
            or (self.tokens[i].tag == "NNB" and self.tokens[i].form == "등")
        ):
            i -= 1
        return i

    # ------------------------------------------------------------------ object

    def object_span(
        self, first: int, kind: PredicateKind, action: Action | None = None
    ) -> tuple[int, int] | None:
        """(first, last) token of the object before the predicate starting at ``first``."""
        tokens = self.tokens
        j = first - 1
        if kind == "final":
            j = self._skip_adverbs(j)  # `AI 정책 틀을 함께 개발`: a bullet cut before 하다
            if j >= 0 and tokens[j].tag == "JKO":
                j -= 1
        else:
            j = self._skip_adverbs(j)
            if j >= 2 and tokens[j].tag == "EC" and tokens[j - 1].form in _ABOUT_VERBS:
                j -= 2  # `…에 대해 협력`, `…을 위해 손잡았다`: what it is about
            particle = j
            if (
                particle >= 0
                and (
                    tokens[particle].tag == "JKS"
                    or (tokens[particle].tag == "JX" and tokens[particle].form in ("은", "는"))
                )
                and not self._passive(first)
            ):
                return None  # `양국 기업이 공조하기로`: a subject, not an object
            while j >= 0 and tokens[j].tag.startswith("J"):
                j -= 1
            if particle > j and any(t.form in ("과", "와") for t in tokens[j + 1 : particle + 1]):
                return self._purpose(j + 1)  # `연세대와 손을 잡았다`: a partner, not an object
            if (
                action is not None
                and action.pattern.startswith("{verb} {object}")
                and particle > j
                and tokens[particle].tag == "JKB"
            ):
                j = self._direct_object(j)
            if j >= 2 and tokens[j].tag == "NNB" and tokens[j].form == "데":
                return self._object_before_de(j)
            if j >= 3 and tokens[j].form == "것" and tokens[j - 1].tag == "ETM":
                # `구축을 추진하는 것을 지원`: what the nominalised verb acts on
                k = j - 3 if tokens[j - 2].tag == "XSV" else j - 2
                if tokens[k].tag in _NOUNS:
                    return self.object_span(k, "verbal")
        last = j
        while j >= 0 and not self._boundary(j):
            j -= 1
        span = self._trim(j + 1, last)
        if span is not None and self._is_money(span):
            return self._object_beside_money(j)
        return span

    def _passive(self, first: int) -> bool:
        """`3건의 MOU가 체결된다`: the subject of a passive predicate is what is acted on."""
        after = self.tokens[first + 1] if first + 1 < len(self.tokens) else None
        return (
            after is not None and after.form in ("되", "돼") and after.tag.startswith(("XSV", "VV"))
        )

    def _object_before_de(self, j: int) -> tuple[int, int] | None:
        """`…을 짓는 데 협력` (``j`` at 데): the verb and its object before 데 are the object."""
        tokens = self.tokens
        j -= 1
        while j >= 0 and tokens[j].tag in ("ETM", "EP"):
            j -= 1
        last = j
        j -= 1
        if j >= 0 and tokens[j].tag in ("XSV", "JKO"):
            j -= 1
        while (j >= 0 and tokens[j].tag == "JKO") or (j >= 0 and self._inside_verb(j)):
            j -= 1
        while j >= 0 and not self._boundary(j):
            j -= 1
        return self._trim(j + 1, last)

    def _object_beside_money(self, j: int) -> tuple[int, int] | None:
        """The span after ``j`` is a sum (the amount): the object is where it goes or what
        it is for; None if the sentence says neither."""
        tokens = self.tokens
        # `공장에 5조원을 투자한다`: the sum is the amount; the object is where it goes,
        # or what it is for (`연구협력을 위해 1000만 달러를 지원한다`)
        if j >= 1 and tokens[j].tag == "JKB":
            last, k = j - 1, j - 1
            while k >= 0 and not self._boundary(k):
                k -= 1
            return self._trim(k + 1, last)
        if j >= 2 and tokens[j].tag == "EC" and tokens[j - 1].form == "위하":
            return self._purpose(j + 1)
        return None

    def _is_money(self, span: tuple[int, int]) -> bool:
        tokens = self.tokens[span[0] : span[1] + 1]
        return any(t.tag == "SN" for t in tokens) and all(
            t.tag in ("SN", "NR", "NNB", "MM", "SSO", "SSC", "SP", "SL")
            or t.form in ("최소", "최대", "약", "총", "연간")
            for t in tokens
        )

    def _inside_verb(self, j: int) -> bool:
        return self.tokens[j].tag == "XSV"

    def _purpose(self, j: int) -> tuple[int, int] | None:
        """The object of `…을 위해 연세대와 손을 잡았다`: what the partnership is for."""
        tokens = self.tokens
        j -= 1
        while j >= 0 and not self._boundary(j):
            j -= 1  # the partner's name
        if j >= 2 and tokens[j].tag == "EC" and tokens[j - 1].form == "위하":
            k = j - 2
            if k >= 0 and tokens[k].tag == "JKB" and tokens[k].form == "로":
                k -= 2  # …하기 위해: 기 + 로? (Kiwi reads 하기 위해 as ETN 기)
            while k >= 0 and tokens[k].tag in ("JKO", "ETN", "XSV"):
                k -= 1
            last = k
            while k >= 0 and not self._boundary(k):
                k -= 1
            return self._trim(k + 1, last)
        return None

    def _direct_object(self, j: int) -> int:
        """Before `…에서 개최한다`: the object marked 을/를 further left, if the clause has
        one before its subject (`회의를 내년 미국에서 개최한다` -> 회의)."""
        tokens = self.tokens
        k = j
        while k >= 0:
            t = tokens[k]
            if t.tag == "JKO":
                return k - 1
            if t.tag in ("JKS", "EC", "EF") or (t.tag == "JX" and t.form in ("은", "는")):
                break
            k -= 1
        return j

    def _inner_span(self, lower: int, end: int) -> tuple[int, int] | None:
        last = end - 1
        while last >= lower and self.tokens[last].tag.startswith(("J", "S")):
            last -= 1
        return self._trim(lower, last)

    def _skip_adverbs(self, j: int) -> int:
        tokens = self.tokens
        while j >= 0:
            t = tokens[j]
            if t.tag in ("MAG", "MAJ") and t.form not in _CONJUNCTIONS:
                j -= 1
            elif (
                t.tag == "JKB"
                and t.form in ("으로", "로")
                and j > 0
                and (tokens[j - 1].form in ("공동", "본격") or tokens[j - 1].form == "적")
            ):
                j -= 2  # 공동으로, 지속적으로, 적극적으로
                while j >= 0 and tokens[j].tag == "NNG" and tokens[j + 1].form == "적":
                    j -= 1
            elif t.tag == "EC" and j > 1 and tokens[j - 1].tag == "XSA":
                j -= 3  # 긴밀하게
            elif t.form in ("공동", "상호") and t.tag == "NNG":
                j -= 1
            elif t.tag == "NNG" and t.form in self.vocab.adverbial_nouns and j > 0:
                j -= 1  # `적극 지원`, `내달 출범`: an adverb Kiwi reads as a noun
            else:
                return j
        return j

    def _boundary(self, j: int) -> bool:
        """Whether token ``j`` belongs to the rest of the sentence, not to the object."""
        tokens = self.tokens
        t = tokens[j]
        if self._quoted(t.start):
            return False  # `‘AI의 책임 있는 군사적 이용에 관한 고위급회의’`: a name
        after = tokens[j + 1] if j + 1 < len(tokens) else None
        if t.tag == "ETN":
            return not (after is not None and after.form in self.vocab.postposition_verbs)
        if t.tag == "VCP":
            return not (j > 0 and tokens[j - 1].form == "적")  # 다각적인
        if t.tag in ("JKS", "EC", "EF", "EP", "NP", "SW", "SE", "SF", "JKQ", "JKV"):
            return True
        if t.form in ("과", "와") and t.tag in ("JC", "JKB") and self._partner_before(j):
            return True
        if t.tag == "JX":
            return t.form not in ("도", "만")
        if t.tag == "ETM":
            return self._adnominal_ends_object(j)
        if t.tag in ("JKB", "JKO"):
            return self._postposition_ends_object(j)
        if t.tag in ("MAG", "MAJ"):
            return t.form not in _CONJUNCTIONS and t.form not in _INNER_ADVERBS
        if t.tag == "NNB" and t.form == "일" and j > 0 and tokens[j - 1].tag == "SN":
            return True  # a date: 29일
        if t.tag in ("VV", "VA", "VX"):
            return not (
                t.form in self.vocab.postposition_verbs and after is not None and after.tag == "ETM"
            )
        return False

    def _adnominal_ends_object(self, j: int) -> bool:
        """An adnominal ending (ETM) at ``j``: `공급하는 계약` keeps its relative clause."""
        tokens = self.tokens
        before = tokens[j - 1] if j > 0 else None
        if before is None:
            return True
        if before.tag == "VV":
            return before.form not in self.vocab.postposition_verbs
        if before.tag in ("XSA", "VA"):
            return False
        if before.tag == "XSV" and j > 2:
            # `반도체를 공급하는 계약`: a relative clause with its object stays
            return self._cue(j - 2, "verbal") is None or tokens[j - 3].tag != "JKO"
        return not (before.tag == "VCP" and j > 1 and tokens[j - 2].form == "적")

    def _postposition_ends_object(self, j: int) -> bool:
        """A postposition (JKB, JKO) at ``j``: 와의, 에서의 and `…을 위한` stay inside."""
        tokens = self.tokens
        t = tokens[j]
        after = tokens[j + 1] if j + 1 < len(tokens) else None
        if after is not None and after.tag == "VV":
            return after.form not in self.vocab.postposition_verbs
        if after is not None and after.tag == "JKG":
            return False  # 와의, 에서의
        if t.tag == "JKO" and after is not None and after.tag in _NOUNS:
            nxt = j + 1
            return not (self._verbal_suffix(nxt + 1) and self._cue(nxt, "verbal"))
        return True

    def _partner_before(self, j: int) -> bool:
        """`에어버스와 계약을`, `국내 기업과 협약을`: the name before 과/와 is a partner, unless
        the phrase goes on to 간 (`A와 B 간 협력`: between A and B)."""
        tokens = self.tokens
        for t in tokens[j + 1 :]:
            if t.form == "간" and t.tag in ("NNB", "NNG"):
                return False
            if t.tag.startswith(("J", "E", "V")) and t.tag != "JKG":
                break
        before = _compact(self.text[: tokens[j].start])
        while before.endswith(")") and "(" in before:
            before = before[: before.rindex("(")]
        if any(before.endswith(p) for p in self.partners):
            return True
        k = j - 1
        while k >= 0 and tokens[k].tag.startswith("S") and tokens[k].tag not in ("SL", "SN"):
            if tokens[k].tag == "SSC":
                while k >= 0 and tokens[k].tag != "SSO":
                    k -= 1
            k -= 1
        if k < 0:
            return False
        word = tokens[k].form
        return (
            tokens[k].tag == "NNP"
            or word in self.vocab.partner_nouns
            or (len(word) > 2 and word.endswith(self.vocab.partner_suffixes))
        )

    def _trim(self, first: int, last: int) -> tuple[int, int] | None:
        tokens = self.tokens
        if first <= last and tokens[first].tag == "SSO" and tokens[first].form == "(":
            close = next((k for k in range(first, last + 1) if tokens[k].form == ")"), None)
            if close is not None and close < last:
                first = close + 1  # `(현지시간) 독일 베를린`
        while first <= last and (
            tokens[first].tag == "NNB"
            or (
                tokens[first].tag.startswith(("S", "J", "E"))
                and tokens[first].tag not in ("SL", "SN", "SH", "SSO")
            )
            or _compact(tokens[first].form) in self.vocab.leading_words
        ):
            first += 1
        while last >= first and tokens[last].tag.startswith(("J", "E", "SP", "SF", "XSV")):
            last -= 1
        if first > last:
            return None
        return first, last

    def _only_modifiers(self, span: tuple[int, int]) -> bool:
        words = self.text[self.tokens[span[0]].start : self.tokens[span[1]].end].split()
        return all(_compact(w) in self.vocab.modifier_words for w in words)

    def _coordinated(self, span: tuple[int, int]) -> bool:
        return any(
            t.tag in _COORDINATION or t.form in _CONJUNCTIONS or t.form == ","
            for t in self.tokens[span[0] : span[1] + 1]
        )

    def _joined_verbs(self, first: int) -> bool:
        """`인수 및 현대화`: a conjunction and another verbal noun before the cue."""
        if first < 2:
            return False
        t = self.tokens[first - 1]
        if not (t.tag in _COORDINATION or t.form in _CONJUNCTIONS or t.form in ("·", ",")):
            return False
        return self._cue(first - 2, "final") is not None

    def _surface(self, span: tuple[int, int]) -> str | None:
        text = self.text[self.tokens[span[0]].start : self.tokens[span[1]].end].strip()
        text = _balance_quotes(text)
        return text or None


def _compact(text: str) -> str:
    return "".join(text.split())


_PAIRS = {"‘": "’", "“": "”", "'": "'", '"': '"', "(": ")", "「": "」", "『": "』", "<": ">"}


def _balance_quotes(text: str) -> str:
    """An object cut inside a quotation loses the unmatched mark (`‘한·미 MOU` -> `한·미 MOU`)."""
    for opening, closing in _PAIRS.items():
        if opening == closing:
            if text.count(opening) % 2:
                text = text.replace(opening, "", 1) if text.startswith(opening) else text
        elif text.count(opening) > text.count(closing):
            text = text[1:] if text.startswith(opening) else text + closing
        elif text.count(opening) < text.count(closing):
            text = text[:-1] if text.endswith(closing) else text
    return text.strip()
