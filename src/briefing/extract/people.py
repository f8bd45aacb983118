"""People: names with titles and organisations, later mentions, and their roles."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from briefing.extract.data import Entity, ExtractData, normalise
from briefing.extract.text import SentenceInfo, particle_after, strip_particle
from briefing.korean import is_korean_name, korean_data

# a title whose first syllable names the office it heads: 국가안보실장 -> 국가안보실
_TITLE_OFFICE = {
    "실장": "실",
    "청장": "청",
    "처장": "처",
    "원장": "원",
    "소장": "소",
    "국장": "국",
    "단장": "단",
    "센터장": "센터",
    "학회장": "학회",
    "본부장": "본부",
    "총국장": "총국",
    "부총국장": "총국",
    "위원장": "위원회",
    "이사장": "이사회",
    "총장": "대학",
}
_BULLETS = re.compile(r"[△▲▽▼■□●○◆◇▶►▷※]")
# an organisation with its abbreviation in brackets: 유럽연합(EU)
_ABBREVIATED = re.compile(r"([가-힣A-Za-z0-9]{2,})\(([A-Za-z][A-Za-z0-9&.\-]{1,11})\)")
_PUNCT_END = re.compile(r"[,.;:!?”\"’'…)\]]$")
_DATE_WORD = re.compile(r"^\d+(일|월|년|시|분)?$|^\d")
# a broadcast transcript: [인터뷰] 홍길동 / 과학기술정보통신부 장관 : …
_INTERVIEW = re.compile(
    r"^\s*[\[<〈]\s*(?:인터뷰|녹취|싱크|INT)\s*[\]>〉]\s*([가-힣]{1,6}(?:\s[가-힣]{1,6}){0,2})"
    r"\s*/\s*([^:：\"“]{2,60}?)\s*(?:[:：]\s*(.*))?$"
)
# a broadcast's caption of speech: [이재명 대통령 : …], [이시바 시게루/일본 총리 : …]
_BRACKET_SPEECH = re.compile(
    r"^\s*\[\s*([가-힣]{1,6}(?:\s[가-힣]{1,6}){0,2}?)\s*(?:/\s*|\s)([^:：\[\]/]{1,40}?)\s*[:：]"
    r"\s*(.+?)\s*\]?\s*$"
)


def _office_of(prefix: str, suffix: str) -> str:
    """The office a title heads: 과학기술정책 + 실장 -> 과학기술정책실, 과학기술 + 정책실장 ->
    과학기술정책실; "" when the title names no office."""
    for base in sorted(_TITLE_OFFICE, key=len, reverse=True):
        if suffix.endswith(base):
            extra = suffix[: -len(base)]
            if extra and (len(extra) < 2 or extra in _RANKS):
                return ""  # 부총장, 수석부원장: a rank, not an office's name
            head = prefix + extra
            return head + _TITLE_OFFICE[base] if head else ""
    return ""


# what may stand before a title without naming an office (부총장, 수석부원장, 제1차관)
_RANKS = frozenset({"수석", "수석부", "공동", "제1", "제2", "명예", "상임", "대행"})


def _org_run_before(run: list[tuple[int, str]], idx: int) -> list[int]:
    """The organisation words right before the name (산업통상자원부 오승철 …)."""
    out: list[int] = []
    for k, cls in reversed(run[:idx]):
        if cls not in ("org", "noun"):
            break
        out.insert(0, k)
    return out


@lru_cache(maxsize=4096)
def _read_as_name(word: str) -> bool:
    """Whether Kiwi reads the word as one proper noun when it stands before 씨 (Mr/Ms)."""
    from briefing.sentences import kiwi

    tokens = list(kiwi().tokenize(word + " 씨"))
    return len(tokens) >= 1 and tokens[0].tag == "NNP" and tokens[0].len == len(word)


def _short_form_of(short: str, full: str) -> bool:
    """크라치오스 of 마이클 크라치오스, 알 마즈루이 of 칼리드 알 마즈루이, 무토 of 무토 요지."""
    parts, words = short.split(), full.split()
    if len(words) < 2 or len(parts) >= len(words) or len(short.replace(" ", "")) < 2:
        return False
    return words[-len(parts) :] == parts or (len(parts) == 1 and parts[0] == words[0])


@dataclass(frozen=True)
class _NameSpan:
    """Word indices of a name found beside a title, and the organisation words around it."""

    first: int
    last: int
    org_before: list[int]
    org_after: list[int]
    title_first: bool = False  # the title stands before the name (부장 이토오 사다노리)
    weak: bool = False  # read from words Kiwi takes for common nouns (무토 요지)


@dataclass(frozen=True)
class _Probe:
    info: SentenceInfo
    k: int
    stem: str


@dataclass
class PersonRecord:
    name: str
    en: str | None = None
    title: str | None = None
    organization: str | None = None
    org_entity: Entity | None = None
    title_suffixes: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    evidence: set[int] = field(default_factory=set)
    korean: bool = True
    order: int = 0
    confidence: float = 0.0  # the surest of its mentions (0..1)


@dataclass
class PersonMention:
    key: str
    sid: int
    start: int
    end: int
    particle: str
    in_quote: bool


class PeopleFinder:
    def __init__(self, data: ExtractData) -> None:
        self.data = data
        self.gaz = data.gazetteer
        pat = data.patterns.people
        self.particles = korean_data().particles
        self.titles = sorted(pat.titles, key=len, reverse=True)
        self.title_set = frozenset(self.titles)
        self.title_lengths = sorted({len(t) for t in self.titles}, reverse=True)
        self.surnames = korean_data().surnames
        self.not_names = set(pat.not_names)
        self.honorifics = set(pat.honorifics)
        self.org_word_suffixes = sorted(pat.org_word_suffixes, key=len, reverse=True)
        self.place_prefixes = tuple(pat.place_prefixes)
        self.foreign_titles = set(pat.foreign_titles)
        self.name_joiners = set(pat.name_joiners)
        from briefing.translate.romanize import bundled_romanization

        spellings = bundled_romanization()
        # Hangul spellings of common foreign given and family names (제이크, 설리번)
        self.foreign_names = set(spellings.foreign_given) | set(spellings.foreign_surnames)
        self.foreign_given = set(spellings.foreign_given)
        self.org_suffixes = data.patterns.parties.org_suffixes
        self.known_people = {
            e.aliases[0]: e for e in self.gaz.entities.values() if e.kind == "person" and e.aliases
        }
        self.records: dict[str, PersonRecord] = {}
        self.mentions: list[PersonMention] = []

    # ------------------------------------------------------------------ words

    def title_of(self, stem: str) -> tuple[str, str] | None:
        """(title suffix, what precedes it in the word) if the word ends in a title."""
        if _BULLETS.search(stem):
            return None  # `△발사장`: a list item, never a title
        for n in self.title_lengths:  # longest first
            if n <= len(stem) <= n + 12 and stem[-n:] in self.title_set:
                return stem[-n:], stem[:-n]
        return None

    def _entity(self, text: str) -> Entity | None:
        e = self.gaz.lookup(text)
        return e if e is not None and e.kind != "person" else None

    def _korean_name(self, w: str) -> bool:
        """A Korean personal name: a surname and a one- or two-syllable given name whose
        syllables are those of Korean given names (not 이시바, 마크, 로보티즈)."""
        if w in self.known_people:
            return self.known_people[w].en is not None and " " not in w
        if w in self.not_names or self._entity(w) is not None:
            return False
        return is_korean_name(w)

    def _strong_korean_name(self, info: SentenceInfo, k: int) -> bool:
        """A Korean name beyond doubt: three syllables or more, or two that Kiwi calls a
        proper noun (조현), never one that Kiwi reads as a common noun (신임, 현직)."""
        word = info.words[k]
        if not self._korean_name(word.text):
            return False
        if word.text in self.known_people:
            return True
        tokens = info.tokens_in(word.start, word.end)
        if any(t.tag.startswith(("XSV", "XSA")) for t in tokens):
            return False  # 주관한, 주재한: a noun made a verb
        if any(t.tag.startswith(("E", "J", "V")) for t in tokens):
            # 윤민지 and 강하은 are names Kiwi misreads in context
            return _read_as_name(word.text)
        # Kiwi often reads an unknown three-syllable name as a common noun (오승철/NNG); two
        # syllables are as often a foreign given name (마리, 사라): those count as foreign
        # pieces, and a lone one becomes a Korean name later (_korean_alone)
        return len(word.text) >= 3

    def _place(self, w: str) -> bool:
        if self.data.is_place(w):
            return True
        return any(
            w.startswith(p) and len(w) > len(p) and self.data.is_place(w[len(p) :])
            for p in self.place_prefixes
        )

    def _named_org(self, info: SentenceInfo, k: int) -> bool:
        """A known organisation, country or place, or a Latin name (not a person)."""
        texts = [w.text for w in info.words]
        w = texts[k]
        if self._entity(w) is not None or w in self.gaz.country_abbr or self._place(w):
            return True
        if len(w) >= 2 and w in self.org_word_suffixes:
            return True  # 사무국, 위원회: an office on its own (not 청 of 멍 청)
        if w.startswith("주") and self._place(w[1:]):
            return True  # 주폴란드 (대사): posted to
        parts = re.split(r"[-·ㆍ]", w)
        if len(parts) > 1 and all(p in self.gaz.country_abbr for p in parts):
            return True  # 한-일
        if k > 0 and self._entity(texts[k - 1] + " " + w) is not None:
            return True
        if k + 1 < len(texts) and self._entity(w + " " + texts[k + 1]) is not None:
            return True  # 미 상무부
        return bool(re.search(r"[A-Za-z0-9]", w))

    def _org_word(self, info: SentenceInfo, k: int) -> bool:
        """A word of an organisation (or a place or country) between a name and a title."""
        w = info.words[k].text
        if self._named_org(info, k):
            return True
        return any(w.endswith(s) and len(w) > len(s) for s in self.org_word_suffixes)

    def _foreign_piece(self, info: SentenceInfo, k: int) -> bool:
        """A word that may be part of a foreign name: Kiwi calls it a proper noun, or cannot
        read it as one dictionary word (호리 -> 호/NNB 리/NNG)."""
        word = info.words[k]
        if not re.fullmatch(r"[가-힣]{1,7}", word.text):
            return False
        if len(word.text) == 1:
            return True  # 쩐 후이 남, 응우옌 반 탄, 폴 욘손 (alone, never a name: see below)
        tokens = info.tokens_in(word.start, word.end)
        if any(t.tag.startswith(("E", "J", "VCP")) for t in tokens):
            return False  # a verb or a noun with its particle: 말했고, 중인
        if any(t.tag == "NNP" for t in tokens):
            return True
        if word.text in self.foreign_names:
            return True
        if not self._misread(info, k):
            return False
        # a word Kiwi splits oddly is a name piece only beside a sure one (호리 케이이치), not
        # alone: 기술주권 and 위탁개발생산 are compounds of common nouns
        return any(
            0 <= n < len(info.words) and self._sure_foreign_piece(info, n) for n in (k - 1, k + 1)
        )

    def _misread(self, info: SentenceInfo, k: int) -> bool:
        word = info.words[k]
        tokens = info.tokens_in(word.start, word.end)
        content = [t for t in tokens if not t.tag.startswith(("J", "E", "S"))]
        if len(content) >= 2 and len(word.text) <= 4:
            return True
        return len(content) == 1 and content[0].tag.startswith(("V", "MA", "XR", "IC"))

    def _sure_foreign_piece(self, info: SentenceInfo, k: int) -> bool:
        word = info.words[k]
        if not re.fullmatch(r"[가-힣]{1,7}", word.text) or self._has_particle(info, k):
            return word.text in self.foreign_names
        tokens = info.tokens_in(word.start, word.end)
        if any(t.tag.startswith(("E", "J", "VCP")) for t in tokens):
            return False
        return (
            word.text in self.foreign_names
            or any(t.tag == "NNP" for t in tokens)
            or self._misread(info, k)
        )

    def _has_particle(self, info: SentenceInfo, k: int) -> bool:
        """Whether the word ends in a particle; Kiwi decides where a spelling is ambiguous
        (러몬도 is a name, 미국도 is 미국 + 도)."""
        word = info.words[k]
        if not strip_particle(word.text, self.particles)[1]:
            return False
        tokens = info.tokens_in(word.start, word.end)
        return not tokens or not tokens[-1].tag.startswith(("NNP", "NNG"))

    def _word_class(self, info: SentenceInfo, k: int) -> str:
        """stop | hon | ko (Korean name) | org | fx (piece of a foreign name) | noun."""
        word = info.words[k]
        w = word.text
        abbreviated = _ABBREVIATED.fullmatch(w)
        if abbreviated and self._org_word_text(abbreviated.group(1)):
            return "org"  # 티에리 브르통 유럽연합(EU) 집행위원: the body between name and title
        if _PUNCT_END.search(w) or _DATE_WORD.match(w):
            return "stop"
        if info.masked[word.end : word.end + 1] in (",", "·"):
            return "stop"  # the end of the item before: A 장관, B 차관
        in_charge = k + 1 < len(info.words) and info.words[k + 1].text == "담당"
        if self._has_particle(info, k) or (self.title_of(w) is not None and not in_charge):
            return "stop"
        if in_charge and re.fullmatch(r"[가-힣A-Za-z0-9·]+", w):
            return "noun"  # 내부시장 담당 집행위원: a portfolio (not the 시장 of a city)
        if w in self.particles and info.text[word.start - 1 : word.start] == ")":
            return "stop"  # 사장(왼쪽)과: the particle after a bracket stands alone
        if w in self.honorifics:
            return "hon"
        if self._named_org(info, k):
            return "org"
        if w in self.not_names or w in self.data.lexicon.term_area:
            return "stop"
        if w in self.foreign_names and w not in self.known_people:
            return "fx"
        if self._strong_korean_name(info, k):
            return "ko"
        if self._org_word(info, k):
            return "org"
        if self._foreign_piece(info, k):
            return "fx"
        tokens = info.tokens_in(word.start, word.end)
        if tokens and all(t.tag.startswith(("NN", "XSN", "XPN", "SL", "SN", "SH")) for t in tokens):
            return "noun"  # 정무, 방산부문: words of the office
        return "stop"

    def _name_before(self, info: SentenceInfo, i: int, foreign_title: bool) -> _NameSpan | None:
        """NAME [ORG...] TITLE or [ORG...] NAME [ORG...] TITLE, the words before title ``i``."""
        run: list[tuple[int, str]] = []
        forced = self._glossed_name_words(info, i)
        k = i - 1
        while k >= 0 and i - k <= 7:
            cls = forced.get(k) or self._word_class(info, k)
            if cls == "stop":
                break
            run.insert(0, (k, cls))
            k -= 1
        if not run:
            return None
        # a Korean name nearest to the title; the words around it are its organisation
        for idx in range(len(run) - 1, -1, -1):
            k, cls = run[idx]
            if cls == "ko" and idx > 0 and run[idx - 1][1] == "fx":
                before = info.words[run[idx - 1][0]].text
                if before in self.name_joiners or before in self.foreign_names:
                    run[idx] = (k, "fx")  # 술탄 알 하미리: the end of a foreign name
                    continue
            if cls == "ko" and self._body_not_name(info, run, idx):
                run[idx] = (k, "org")
                continue
            if cls == "ko":
                return _NameSpan(k, k, _org_run_before(run, idx), [x for x, _ in run[idx + 1 :]])
        # else the run of foreign-name words nearest to the title
        end = len(run) - 1
        while end >= 0 and run[end][1] not in ("fx", "hon"):
            end -= 1
        while end >= 0 and run[end][1] == "hon":
            end -= 1
        if end < 0 or run[end][1] != "fx":
            return self._common_noun_name(info, run, foreign_title)
        first = end
        while first > 0 and run[first - 1][1] == "fx":
            first -= 1
        end = self._foreign_run_end(info, run, first, end)
        if not self._plausible_foreign(info, run[first][0], run[end][0], i):
            return None
        return _NameSpan(
            run[first][0],
            run[end][0],
            _org_run_before(run, first),
            [x for x, c in run[end + 1 :] if c != "hon"],
        )

    def _foreign_run_end(
        self, info: SentenceInfo, run: list[tuple[int, str]], first: int, end: int
    ) -> int:
        """Where the foreign name run[first..end] before a title ends."""
        # 클레이 셀 엑스-에너지 CEO: a short family name Kiwi reads as a common noun; after a
        # known given name a longer one too (로베르토 비올라 총국장: viola, the instrument)
        if (
            first == end
            and end + 1 < len(run)
            and run[end + 1][1] == "noun"
            and (
                len(info.words[run[end + 1][0]].text) <= 2
                or info.words[run[end][0]].text in self.foreign_given
            )
            and (end + 2 == len(run) or run[end + 2][1] == "org")
        ):
            end += 1
        glossed = info.text[info.words[run[end][0]].end : info.words[run[end][0]].end + 1] == "("
        if end - first >= 2 and not glossed:  # an original in brackets ends the name itself
            end = self._foreign_name_end(info, [k for k, _ in run[first : end + 1]]) + first
        return end

    def _body_not_name(self, info: SentenceInfo, run: list[tuple[int, str]], idx: int) -> bool:
        """A word of a Korean name's shape that names a body: after a foreign name of two
        words (아흐메드 벨훌 우주청 이사장), or a ministry or agency after its country (독일
        경제부 장관)."""
        word = info.words[run[idx][0]].text
        if idx > 1 and run[idx - 1][1] == run[idx - 2][1] == "fx":
            return self._org_word_text(word)
        if idx > 0 and word.endswith(("부", "청", "처")):
            country = self._entity(info.words[run[idx - 1][0]].text)
            return country is not None and country.kind == "country"
        return False

    def _foreign_name_end(self, info: SentenceInfo, ks: list[int]) -> int:
        """Where a name of three or more words ends when an unknown organisation follows it
        (마리 로랑 사노피 부사장): after the last one-syllable part (쩐 후이 남 비엣텔) and the
        word a joiner binds (술탄 알 하미리), else after two words."""
        texts = [info.words[k].text for k in ks]
        short = [n for n, t in enumerate(texts) if len(t) == 1]
        if not short:
            return 1
        last = short[-1]
        if texts[last] in self.name_joiners and last + 1 < len(texts):
            last += 1
        return max(last, 1)

    def _glossed_name_words(self, info: SentenceInfo, i: int) -> dict[int, str]:
        """Words a bracketed original marks as a name: 안나 모스크바(Anna Moskwa) -- a
        city's spelling, but a name here --, 왕원타오(王文濤)."""
        forced: dict[int, str] = {}
        for k in range(max(0, i - 7), i):
            end = info.words[k].end
            if info.text[end : end + 1] != "(":
                continue
            gloss = info.glosses.get(end)
            if end in info.hanja:
                forced[k] = "fx"
            elif gloss and re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z.]*)+", gloss):
                for n in range(min(len(gloss.split()), k + 1)):
                    before = info.words[k - n].text
                    if n and (self._has_particle(info, k - n) or self.title_of(before)):
                        break  # `장관과 칼리드 알 팔레(Khalid A. Al Falih)`: the name ends here
                    forced[k - n] = "fx"
        return forced

    def _common_noun_name(
        self, info: SentenceInfo, run: list[tuple[int, str]], foreign_title: bool
    ) -> _NameSpan | None:
        """무토 요지 일본 경제산업성 대신: Kiwi reads the name as common nouns; take it only
        before a foreign title or a foreign country."""
        if len(run) < 3 or run[0][1] != "noun" or run[1][1] != "noun":
            return None
        rest = [info.words[k].text for k, _ in run[2:]]
        country = self._entity(rest[0])
        foreign_country = (
            country is not None and country.kind == "country" and (country.en != "South Korea")
        )
        if not (foreign_title or foreign_country):
            return None
        if not all(len(info.words[k].text) >= 2 for k, _ in run[:2]):
            return None
        if any(
            title in info.words[k].text
            for k, _ in run[:2]
            for title in self.titles
            if len(title) > 1
        ):
            return None  # `상무장관회의 계기 일본 경제산업대신`: a meeting, not a name
        return _NameSpan(run[0][0], run[1][0], [], [k for k, _ in run[2:]], weak=True)

    def _plausible_foreign(self, info: SentenceInfo, first: int, last: int, title: int) -> bool:
        """One word alone is a name only with strong signs: Kiwi's proper noun on all of
        it, an original in brackets after it, or a foreign title or country after it."""
        if last > first:
            return True
        word = info.words[first]
        if self._place(word.text) or len(word.text) < 2:
            return False
        after = info.text[word.end : word.end + 1]
        if after == "(":
            return True
        tokens = info.tokens_in(word.start, word.end)
        proper = any(t.tag == "NNP" for t in tokens)
        if self._korean_name(word.text):
            return proper  # 조현 외교부 장관: a two-syllable Korean name
        return len(tokens) == 1 and proper and len(word.text) >= 3

    def _name_after(self, info: SentenceInfo, i: int) -> _NameSpan | None:
        """[ORG...] TITLE NAME: 경제산업성 부장 이토오 사다노리가, CEO 팀 쿡은."""
        words = info.words
        name: list[int] = []
        for k in range(i + 1, min(i + 4, len(words))):
            w = words[k].text
            stem, particle = strip_particle(w, self.particles)
            stem_end = stem.rstrip(",.")
            ends = bool(particle) or stem_end != stem or k == len(words) - 1
            probe = _Probe(info, k, stem_end)
            cls = self._word_class(probe.info, k) if not ends else self._stem_class(probe)
            if cls not in ("fx", "ko"):
                return None
            name.append(k)
            if ends:
                break
        else:
            return None
        if not name:
            return None
        if len(name) == 1 and not self._strong_korean_name(info, name[0]):
            return None
        org_before: list[int] = []
        k = i - 1
        while k >= 0 and i - k <= 6 and self._office_word(info, k):
            org_before.insert(0, k)
            k -= 1
        return _NameSpan(name[0], name[-1], org_before, [], title_first=True)

    def _office_word(self, info: SentenceInfo, k: int) -> bool:
        """A word of the organisation and office before a title: 일본 경제산업성
        에너지절약·재생에너지 (부장)."""
        word = info.words[k]
        if info.masked[word.end : word.end + 1] == "," or self._has_particle(info, k):
            return False
        if self._named_org(info, k) or self._org_word(info, k):
            return True
        tokens = info.tokens_in(word.start, word.end)
        return bool(tokens) and all(
            t.tag.startswith(("NN", "XSN", "XPN", "SL", "SN", "SH")) for t in tokens
        )

    def _stem_class(self, probe: _Probe) -> str:
        """The class of a word without its particle (사다노리가 -> 사다노리)."""
        stem = probe.stem
        if self._korean_name(stem) and len(stem) >= 3:
            return "ko"
        if self._org_word_text(stem) or stem in self.not_names:
            return "org"
        word = probe.info.words[probe.k]
        tokens = [
            t
            for t in probe.info.tokens_in(word.start, word.start + len(stem))
            if not t.tag.startswith(("J", "E", "S"))
        ]
        if any(t.tag == "NNP" for t in tokens) or len(tokens) >= 2:
            return "fx"
        return "stop"

    def _org_word_text(self, w: str) -> bool:
        if self._entity(w) is not None or w in self.gaz.country_abbr or self._place(w):
            return True
        return any(w.endswith(s) and len(w) > len(s) for s in self.org_word_suffixes)

    # ------------------------------------------------------------------ pass 1

    def find_titled(self, info: SentenceInfo) -> None:
        words = info.words
        texts = [w.text for w in words]
        consumed: set[int] = set()
        for i, word in enumerate(words):
            if i in consumed:
                continue
            stem, particle = strip_particle(word.text, self.particles)
            stem = stem.rstrip(",.")
            found = self.title_of(stem)
            if found is None:
                continue
            suffix, prefix = found
            title_end = word.start + len(stem)
            title_start_word = i
            span = self._name_before(info, i, suffix in self.foreign_titles)
            if span is None and not particle and not word.text.endswith((",", ".")):
                span = self._name_after(info, i)
            if span is None:
                continue
            org_words = [texts[k] for k in (span.org_after or span.org_before)]
            written_org = org_words
            org_words = self._with_country_before(texts, span, org_words)
            country_added = len(org_words) > len(written_org)
            if span.title_first:
                title_start_word = span.org_before[0] if span.org_before else i
                title_end = word.start + len(stem)
                particle = strip_particle(texts[span.last], self.particles)[1]
            # 부총리 및 과기정통부 장관: one person, one compound title
            k = i + 1
            if (
                not span.title_first
                and not particle
                and k < len(words)
                and texts[k] in ("및", "겸")
            ):
                for m in range(k + 1, min(k + 5, len(words))):
                    s2, p2 = strip_particle(texts[m], self.particles)
                    second = self.title_of(s2.rstrip(",."))
                    if second and all(self._org_word(info, x) for x in range(k + 1, m)):
                        org_words = texts[k + 1 : m]
                        suffix, prefix = second
                        title_end = words[m].start + len(s2.rstrip(",."))
                        particle = p2
                        consumed.update(range(i, m + 1))
                        break
            if span.title_first:
                title = info.masked[words[title_start_word].start : title_end]
            else:
                start = span.org_after[0] if span.org_after else i
                title = info.masked[words[start].start : title_end]
            title = re.sub(r"\s+", " ", title).strip()
            if country_added and title.startswith(written_org[0]):
                # (UAE의) … 우주청 이사장: UAE 우주청 이사장
                title = f"{texts[span.first - 1][:-1]} {title}"
            office = _office_of(prefix, suffix)
            if prefix and self._entity(prefix) is not None:
                org_words, office = [*org_words, prefix], ""  # SK회장
            org_ko, org_entity = self._organization(org_words, office)
            name_words = texts[span.first : span.last + 1]
            if span.title_first:
                name_words[-1] = strip_particle(name_words[-1], self.particles)[0].rstrip(",.")
            name = " ".join(name_words)
            gloss = self._gloss_after(info, words[span.last].end)
            if not particle:
                particle = particle_after(info.text, title_end, self.particles)
            mention_end = (
                words[span.last].start + len(name_words[-1]) if span.title_first else title_end
            )
            self._add(
                name,
                info,
                words[min([span.first, title_start_word, *span.org_before])].start,
                mention_end,
                particle,
                title=title,
                org=org_ko,
                org_entity=org_entity,
                suffix=suffix,
                korean=span.first == span.last and self._korean_name(name),
                en=gloss,
                confidence=self._name_confidence(span, name, gloss),
            )

    def _with_country_before(
        self, texts: list[str], span: _NameSpan, org_words: list[str]
    ) -> list[str]:
        """UAE의 아흐메드 벨훌 우주청 이사장: the country before the name says whose 우주청
        it is, when the glossary knows that body."""
        if span.first == 0 or not org_words or span.org_before:
            return org_words
        stem, particle = strip_particle(texts[span.first - 1], self.particles)
        country = self._entity(stem)
        if particle != "의" or country is None or country.kind != "country":
            return org_words
        joined = self._entity(" ".join([stem, *org_words]))
        return [stem, *org_words] if joined is not None else org_words

    def _name_confidence(self, span: _NameSpan, name: str, gloss: str | None) -> float:
        """How sure the name is a person's: a Korean name or a glossed one beside its title
        most, a single foreign word or one read from common nouns least."""
        if span.weak:
            return 0.7
        if gloss or (span.first == span.last and self._korean_name(name)):
            return 0.95
        if span.title_first:
            return 0.85
        return 0.9 if span.last > span.first else 0.8

    def _organization(self, org_words: list[str], office: str) -> tuple[str | None, Entity | None]:
        """The organisation a person speaks for: the written words with the office the title
        heads if together they name one (백악관 과학기술정책실), else the written words
        (산업통상자원부, not its 통상교섭본부), else the office."""
        written = [w for w in org_words if w not in ("및", "겸") and not self.title_of(w)]
        if office and written:
            for joined in (" ".join([*written, office]), "".join([*written, office])):
                e = self._entity(joined)
                if e is not None:
                    return joined, e
            found = self._known_span(written)
            if found[1] is not None:
                return found
        return self._known_span([*written, office] if office else written)

    def _known_span(self, parts: list[str]) -> tuple[str | None, Entity | None]:
        for size in range(len(parts), 0, -1):
            for a in range(len(parts) - size, -1, -1):
                span = parts[a : a + size]
                for joined in (" ".join(span), "".join(span)):
                    e = self._entity(joined)
                    if (e is not None and e.kind != "country") or (
                        e is not None and size == len(parts)
                    ):
                        return joined, e
        if parts:
            return " ".join(parts), None
        return None, None

    @staticmethod
    def _gloss_after(info: SentenceInfo, pos: int) -> str | None:
        for start, gloss in info.glosses.items():
            if 0 <= start - pos <= 1 and re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+)+", gloss):
                return gloss
        return None

    def _add(
        self,
        name: str,
        info: SentenceInfo,
        start: int,
        end: int,
        particle: str,
        *,
        title: str | None = None,
        org: str | None = None,
        org_entity: Entity | None = None,
        suffix: str | None = None,
        korean: bool = True,
        en: str | None = None,
        confidence: float = 0.9,
    ) -> None:
        key = normalise(name)
        if key not in self.records:
            # 크라치오스 실장, 무토 경제산업상, 알 마즈루이 CEO: the family name of a foreign
            # name met before
            for other_key, other in self.records.items():
                if _short_form_of(name, other.name):
                    key = other_key
                    break
        rec = self.records.get(key)
        if rec is None:
            known = self.known_people.get(name)
            rec = PersonRecord(
                name, en or (known.en if known else None), korean=korean, order=len(self.records)
            )
            self.records[key] = rec
        if title and not rec.title:
            rec.title = title
        if org and not rec.organization:
            rec.organization, rec.org_entity = org, org_entity
        if suffix:
            rec.title_suffixes.add(suffix)
        if en and not rec.en:
            rec.en = en
        rec.confidence = max(rec.confidence, 0.98 if name in self.known_people else confidence)
        rec.evidence.add(info.id)
        self.mentions.append(
            PersonMention(key, info.id, start, end, particle, info.in_quote(start))
        )

    def find_interviews(self, info: SentenceInfo) -> tuple[str, str | None] | None:
        """A transcript's interview line: the speaker (registered) and what follows the colon."""
        m = _INTERVIEW.match(info.text)
        if m is None:
            m = _BRACKET_SPEECH.match(info.text)
            if m is None or self.title_of(m.group(2).split()[-1]) is None:
                return None
        name, title = m.group(1).strip(), re.sub(r"\s+", " ", m.group(2)).strip()
        words = title.split()
        found = self.title_of(words[-1]) if words else None
        office = ""
        if found:
            office = _office_of(found[1], found[0])
        org_ko, org_entity = self._organization(words[:-1], office)
        self._add(
            name,
            info,
            m.start(1),
            m.end(2),
            "",
            title=title,
            org=org_ko,
            org_entity=org_entity,
            suffix=found[0] if found else None,
            korean=self._korean_name(name),
        )
        said = (m.group(3) or "").strip(' "“”')
        return normalise(name), said or None

    # ------------------------------------------------------------------ pass 2

    def find_later(self, infos: Sequence[SentenceInfo]) -> None:
        spans: dict[int, list[tuple[int, int]]] = {}
        for m in self.mentions:
            spans.setdefault(m.sid, []).append((m.start, m.end))

        class Covered:
            def __contains__(self, item: tuple[int, int]) -> bool:
                sid, pos = item
                return any(a <= pos < b for a, b in spans.get(sid, []))

            def add(self, item: tuple[int, int]) -> None:
                spans.setdefault(item[0], []).append((item[1], item[1] + 1))

        covered = Covered()
        for info in infos:
            texts = [w.text for w in info.words]
            for i, word in enumerate(info.words):
                stem, particle = strip_particle(word.text, self.particles)
                stem = stem.rstrip(",.")
                if (info.id, word.start) in covered:
                    continue
                rec_key = None
                end = word.start + len(stem)
                two = stem if i == 0 else texts[i - 1] + " " + stem
                if normalise(stem) in self.records:
                    rec_key = normalise(stem)
                elif (
                    i > 0
                    and normalise(two) in self.records
                    and (info.id, info.words[i - 1].start) not in covered
                ):
                    rec_key = normalise(two)
                    word = info.words[i - 1]
                elif stem in self.known_people or two in self.known_people:
                    name = stem if stem in self.known_people else two
                    if name == two:
                        word = info.words[i - 1]
                    self._add(name, info, word.start, end, particle, korean=False)
                    covered.add((info.id, word.start))
                    continue
                else:
                    rec_key = self._by_short_form(info, i, stem)
                    if rec_key and i + 1 < len(texts):
                        s2, p2 = strip_particle(texts[i + 1], self.particles)
                        if self.title_of(s2.rstrip(",.")):
                            end, particle = info.words[i + 1].start + len(s2.rstrip(",.")), p2
                if rec_key is None:
                    continue
                spans.setdefault(info.id, []).append((word.start, end))
                if not particle:
                    particle = particle_after(info.text, end, self.particles)
                self.records[rec_key].evidence.add(info.id)
                self.mentions.append(
                    PersonMention(
                        rec_key, info.id, word.start, end, particle, info.in_quote(word.start)
                    )
                )
            self._hanja_forms(info)

    def _by_short_form(self, info: SentenceInfo, i: int, stem: str) -> str | None:
        texts = [w.text for w in info.words]
        title = None
        if i + 1 < len(texts):
            s2 = strip_particle(texts[i + 1], self.particles)[0].rstrip(",.")
            found = self.title_of(s2)
            # 박 원내대표는: the title may keep a prefix of the full one (원내 + 대표)
            title = found[0] if found and len(found[1]) <= 4 else None
        candidates = []
        for key, rec in self.records.items():
            if rec.korean:
                if (
                    title
                    and len(stem) <= 2
                    and rec.name.startswith(stem)
                    and len(rec.name) > len(stem)
                ):
                    candidates.append((title in rec.title_suffixes, rec.order, key))
            else:
                parts = rec.name.split()
                # 탄 차관: a Vietnamese name is cut to its last syllable, with a title
                long_enough = len(stem) >= 2 or (title is not None and len(parts) >= 3)
                if (
                    len(parts) > 1
                    and long_enough
                    and (stem == parts[-1] or (title and stem == parts[0]))
                ):
                    candidates.append((True, rec.order, key))
        if not candidates:
            return None
        candidates.sort(key=lambda c: (not c[0], c[1]))
        return candidates[0][2]

    def _hanja_forms(self, info: SentenceInfo) -> None:
        for m in re.finditer(
            r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff])(?![\u4e00-\u9fff])", info.text
        ):
            entity = self.gaz.lookup(m.group(1))
            if entity is None or entity.kind != "person":
                continue
            self._add(entity.aliases[0], info, m.start(), m.end(), "", korean=True, en=entity.en)

    def add_speaker(self, key: str) -> None:
        if key in self.records:
            self.records[key].roles.add("speaker")
