"""Organisations and countries: mentions (gazetteer, compounds, patterns) and parties."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from briefing.extract.data import Entity, ExtractData, compiled, normalise
from briefing.extract.text import HANGUL, SentenceInfo, strip_particle
from briefing.korean import korean_data

_COMPOUND_SEP = r"\s?[·ㆍ・\-]\s?"
BOTH_COUNTRIES = "*both countries*"  # 양국: the two countries of the article
BOTH_PARTIES = "*both parties*"  # 양사, 양측: the two main parties
_HANJA_COUNTRY = re.compile(r"[韓美中日英獨佛露印濠越北]")


def _hangul_run(text: str, pos: int) -> str:
    end = pos
    while end < len(text) and HANGUL.match(text[end]):
        end += 1
    return text[pos:end]


@dataclass
class Mention:
    sid: int
    start: int
    end: int
    surface: str  # as written, particle removed
    key: str  # identity: English name of a known entity, else normalised Korean name
    kind: str
    en: str | None
    particle: str = ""  # what follows the mention inside its word
    known: bool = True
    both: bool = False  # 양국: stands for the two countries
    in_quote: bool = False
    modifier: bool = False  # a country directly before another noun (미국 엔비디아)
    context: bool = False  # cited as context (… 에 이어, … 을 견제)


@dataclass
class PartyRecord:
    key: str
    kind: str
    en: str | None
    surfaces: list[str] = field(default_factory=list)
    evidence: set[int] = field(default_factory=set)
    country_name: str | None = None  # canonical Korean name for countries

    def ko(self) -> str:
        if self.country_name:
            return self.country_name
        hangul = [s for s in self.surfaces if HANGUL.search(s)]
        return max(hangul or self.surfaces, key=len)


_UNDER_A_MINISTRY = re.compile(r"[부성청처]\s+$")


class MentionFinder:
    """Finds entity mentions in sentences with the gazetteer and organisation patterns."""

    def __init__(self, data: ExtractData) -> None:
        self.data = data
        self.gaz = data.gazetteer
        pat = data.patterns
        self.particles = korean_data().particles
        self.org_suffixes = sorted(pat.parties.org_suffixes, key=len, reverse=True)
        self.strong_suffixes = [s for s in self.org_suffixes if len(s) >= 2]
        self.strong_suffix_re = re.compile(
            "(" + "|".join(map(re.escape, self.strong_suffixes)) + ")$"
        )
        self.not_org = set(pat.parties.not_org_acronyms) | set(data.lexicon.term_area)
        self.glued_titles = frozenset(pat.parties.glued_titles)
        self.context_after = pat.parties.context_after_re
        self.context_words = tuple(pat.parties.context_words)
        self.both_words = sorted(pat.parties.both_countries, key=len, reverse=True)
        self.both_party_words = sorted(pat.parties.both_parties, key=len, reverse=True)
        self.korean_gov = sorted(pat.parties.korean_government, key=len, reverse=True)
        self.appositive = compiled(
            pat.parties.appositive_re.pattern + r"([A-Za-z가-힣][A-Za-z0-9가-힣\-&]*)"
        )
        abbr = "".join(k for k in self.gaz.country_abbr if len(k) == 1)
        one = f"[{abbr}]"
        self.compound = re.compile(
            rf"(?<![가-힣A-Za-z])((?:{one}|EU)(?:{_COMPOUND_SEP}(?:{one}|EU|[가-힣]{{2,5}}))+|[한미]{one}{one}?)"
            rf"(?=[\s,.)’'\"”]|$|(?:간|과|와|의|가|이|은|는|도|을|를|에|정상|양국|동맹|관계|협력|공동|정부|FTA))"
        )
        self.korea = self.gaz.entities.get("South Korea")
        self.agreement_act = pat.parties.agreement_act_re
        self.participation = pat.parties.participation_re
        self.background_after = pat.event.lede_not_main_re

    # ------------------------------------------------------------------ helpers

    def _tail_ok(self, text: str, end: int, kind: str = "") -> tuple[bool, str]:
        """The rest of the word after a Hangul mention must be a particle (or nothing), or
        for a government body a head's title written onto it (상무부장이)."""
        rest = _hangul_run(text, end)
        if not rest:
            return True, ""
        stem, tail = strip_particle("X" + rest, self.particles)
        if stem == "X":
            return True, tail
        if rest in ("측", "들", "간", "측은", "측이", "측과", "측도"):
            return True, rest
        if kind == "government" and stem[1:] in self.glued_titles:
            return True, rest
        return False, ""

    def _entity_mention(
        self, info: SentenceInfo, start: int, end: int, entity: Entity, surface: str
    ) -> Mention | None:
        text = info.text
        if HANGUL.match(surface[0]) and start > 0 and HANGUL.match(text[start - 1]):
            return None  # inside a longer word (주벨기에EU대사)
        if HANGUL.match(surface[-1]):
            # a unit's head under its ministry (산업부 통상교섭본부장) names the ministry only
            kind = "" if _UNDER_A_MINISTRY.search(text, 0, start) else entity.kind
            ok, particle = self._tail_ok(text, end, kind)
            if not ok:
                return None
        else:
            particle = _hangul_run(text, end)[:3]
        return Mention(info.id, start, end, surface, entity.en, entity.kind, entity.en, particle)

    # ------------------------------------------------------------------ finders

    def find(self, info: SentenceInfo) -> list[Mention]:
        found: list[Mention] = []
        taken: list[tuple[int, int]] = []

        def free(a: int, b: int) -> bool:
            return all(b <= x or a >= y for x, y in taken)

        def add(m: Mention) -> None:
            found.append(m)
            taken.append((m.start, m.end))

        # compounds (한-EU, 한·핀란드) first: an alias inside one must not claim it alone
        self._compounds(info, free, add)
        text = info.text
        assert self.gaz.alias_re is not None
        for m in self.gaz.alias_re.finditer(text):
            entity = self.gaz.lookup(m.group(0))
            if entity is None or entity.kind == "person":
                continue
            if len(m.group(0)) == 1 and not _HANJA_COUNTRY.fullmatch(m.group(0)):
                continue
            if len(m.group(0)) == 1 and (
                (m.start() > 0 and re.match(r"[\u4e00-\u9fff]", text[m.start() - 1]))
                or (m.end() < len(text) and re.match(r"[\u4e00-\u9fff]", text[m.end()]))
            ):
                continue  # part of a Hanja word, handled as a compound
            mention = self._entity_mention(info, m.start(), m.end(), entity, m.group(0))
            if mention and free(mention.start, mention.end):
                add(mention)
        for m in re.finditer(r"[韓美中日英獨佛露印濠越北]{2,4}", text):
            hanja = [self.gaz.lookup(ch) for ch in m.group(0)]
            if not free(m.start(), m.end()) or any(e is None or e.kind != "country" for e in hanja):
                continue
            for entity in hanja:
                assert entity is not None
                add(
                    Mention(
                        info.id, m.start(), m.end(), m.group(0), entity.en, "country", entity.en
                    )
                )
        found.extend(self._patterns(info, free, add))
        for mention in found:
            mention.in_quote = info.in_quote(mention.start)
        self._korean_government(info, found, free)
        self._both(info, found, free)
        self._flag_context(info, found)
        return sorted(found, key=lambda x: x.start)

    def _abbr(self, part: str) -> Entity | None:
        name = self.gaz.country_abbr.get(part)
        if name:
            return self.gaz.entities.get(name)
        entity = self.gaz.lookup(part)
        return entity if entity and entity.kind in ("country", "international") else None

    def _korean_government(self, info: SentenceInfo, found: list[Mention], free: Any) -> None:
        if self.korea is None:
            return
        for word in self.korean_gov:
            for m in re.finditer(re.escape(word), info.text):
                a, b = m.start(), m.end()
                if a > 0 and HANGUL.match(info.text[a - 1]):
                    continue
                if word == "정부" and a > 0 and re.search(r"[가-힣]+\s$", info.text[:a]):
                    prev = info.text[:a].split()[-1]
                    country = self.gaz.lookup(strip_particle(prev, self.particles)[0])
                    if country is not None or prev in ("양국", "각국", "현지", "미국", "중앙"):
                        continue  # "미국 정부": the country mention stands for it
                ok, particle = self._tail_ok(info.text, b)
                if ok and free(a, b):
                    found.append(
                        Mention(
                            info.id,
                            a,
                            b,
                            word,
                            self.korea.en,
                            "country",
                            self.korea.en,
                            particle,
                            in_quote=info.in_quote(a),
                        )
                    )

    def _both(self, info: SentenceInfo, found: list[Mention], free: Any) -> None:
        for word in self.both_words + self.both_party_words:
            key = BOTH_COUNTRIES if word in self.both_words else BOTH_PARTIES
            for m in re.finditer(re.escape(word), info.text):
                if m.start() > 0 and HANGUL.match(info.text[m.start() - 1]):
                    continue
                if free(m.start(), m.end()):
                    particle = self._tail_ok(info.text, m.end())[1]
                    found.append(
                        Mention(
                            info.id,
                            m.start(),
                            m.end(),
                            word,
                            key,
                            "country" if key == BOTH_COUNTRIES else "other",
                            None,
                            particle,
                            both=True,
                            in_quote=info.in_quote(m.start()),
                        )
                    )

    def _flag_context(self, info: SentenceInfo, found: list[Mention]) -> None:
        text = info.text
        for m in found:
            after = text[m.end :]
            if self.context_after.match(after):
                m.context = True
            window = text[m.end : m.end + 12]
            if any(w in window for w in self.context_words) and m.kind == "country":
                m.context = True
            compound = (len(m.surface) <= 7 and bool(re.search(r"[·ㆍ・\-]", m.surface))) or (
                m.surface[:1] in "한미韓美" and m.surface not in ("한국", "미국", "韓", "美")
            )
            if (
                m.kind == "country"
                and not m.particle
                and re.match(r"\s[가-힣A-Za-z]", after)
                and not re.match(r"\s정부", after)
                and not compound
            ):
                m.modifier = True
            if m.kind == "country" and m.particle.startswith("에서"):
                m.context = True  # a place

    def _compounds(self, info: SentenceInfo, free: Any, add: Any) -> None:
        """한-EU, 한·핀란드: one mention per country of the compound, all over its span."""
        text = info.text
        for m in self.compound.finditer(text):
            if not free(m.start(), m.end()):
                continue
            parts = (
                re.split(_COMPOUND_SEP, m.group(1))
                if re.search(_COMPOUND_SEP, m.group(1))
                else list(m.group(1))
            )
            countries = [self._abbr(p) for p in parts]
            if any(c is None for c in countries) or len({c.en for c in countries if c}) < len(
                countries
            ):
                continue
            for entity in countries:
                assert entity is not None
                add(
                    Mention(
                        info.id,
                        m.start(),
                        m.end(),
                        m.group(1),
                        entity.en,
                        entity.kind,
                        entity.en,
                        "",
                        True,
                    )
                )

    def _patterns(self, info: SentenceInfo, free: Any, add: Any) -> Iterable[Mention]:
        """Unknown organisations: glossed names, appositions, suffixed proper nouns, the
        members of a participants list, the unlisted parties of an agreement (in that
        order: each takes only the text the ones before left free)."""
        out: list[Mention] = []
        for find in (
            self._glossed_names,
            self._appositives,
            self._suffixed_names,
            self._listed_participants,
            self._agreement_parties,
        ):
            out.extend(find(info, free, add))
        return out

    def _add_unknown(
        self, info: SentenceInfo, add: Any, start: int, stem: str, particle: str
    ) -> Mention:
        mention = Mention(
            info.id,
            start,
            start + len(stem),
            stem,
            normalise(stem),
            self._guess_kind(stem),
            None,
            particle,
            known=False,
        )
        add(mention)
        return mention

    def _glossed_names(self, info: SentenceInfo, free: Any, add: Any) -> list[Mention]:
        """국립과학재단(NSF): a suffixed Korean name with a Latin gloss."""
        text, masked = info.text, info.masked
        found: list[Mention] = []
        for pos, gloss in info.glosses.items():
            before = masked[:pos].rstrip()
            m = re.search(r"([가-힣A-Za-z0-9]+(?:\s[가-힣A-Za-z0-9]+)?)$", before)
            if not m or gloss.upper() in self.not_org or gloss in self.not_org:
                continue
            if not re.match(r"[A-Z]", gloss):
                continue  # 날개뼈대(wing machined ribs): a term, not a name
            words = m.group(1).split()
            name = " ".join(words)
            if not self._has_org_suffix(words[-1]):
                continue
            if len(words) == 2 and (
                self.gaz.lookup(words[0])
                or not self._nounish(words[0])
                or strip_particle(words[0], self.particles)[1]  # 아부다비에서 …공사(ENEC)
                or re.match(r"제?\d", words[0])  # 제45차 …위원회(COSPAR): an ordinal
                or words[0] in self.data.patterns.people.not_names  # 또, 아니라: a connective
            ):
                name = words[-1]
            start = before.rfind(name)
            if not free(start, start + len(name)):
                continue
            close = text.find(")", pos)
            after = close + 1 + len(text[close + 1 :]) - len(text[close + 1 :].lstrip())
            following = _hangul_run(text, after) if close >= 0 else ""
            known = self.gaz.lookup(gloss) or self.gaz.lookup(name)
            if known is None and following.startswith(self.data.patterns.parties.gloss_term_heads):
                continue  # 무탄소에너지(CFE) 이니셔티브: the bracket names a term
            if known is not None and known.kind != "person":
                mention = Mention(
                    info.id, start, start + len(name), name, known.en, known.kind, known.en
                )
            else:
                mention = Mention(
                    info.id,
                    start,
                    start + len(name),
                    name,
                    normalise(name),
                    self._guess_kind(name),
                    gloss,
                    known=False,
                )
            close = text.find(")", pos)
            mention.particle = strip_particle("X" + _hangul_run(text, close + 1), self.particles)[1]
            add(mention)
            found.append(mention)
        return found

    def _appositives(self, info: SentenceInfo, free: Any, add: Any) -> list[Mention]:
        """반도체 장비기업 ASML / 개발사인 페르미와도."""
        masked = info.masked
        found: list[Mention] = []
        for m in self.appositive.finditer(masked):
            word = m.group(1)
            stem, particle = strip_particle(word, self.particles)
            a = m.start(1)
            b = a + len(stem)
            if len(stem) < 2 or not free(a, b) or stem in self.not_org:
                continue
            copula = bool(re.search(r"(인|이자)\s*$", masked[m.start() : a]))
            if self.gaz.lookup(stem) or not (copula or info.nnp[a] or re.match(r"[A-Z]", stem)):
                continue  # "기업 Y" names Y only when Y is a proper noun; "기업인 Y" always does
            if stem in self.data.patterns.people.not_names or stem in self.data.lexicon.term_area:
                continue
            mention = Mention(
                info.id, a, b, stem, normalise(stem), "company", None, particle, known=False
            )
            add(mention)
            found.append(mention)

        return found

    def _suffixed_names(self, info: SentenceInfo, free: Any, add: Any) -> list[Mention]:
        """A proper noun ending in a strong organisation suffix: 한국핵융합학회; or any
        suffixed name right after a country: 캐나다 혁신과학경제개발부."""
        found: list[Mention] = []
        for wi, w in enumerate(info.words):
            stem, particle = strip_particle(w.text, self.particles)
            if len(stem) < 4 or not free(w.start, w.start + len(stem)):
                continue
            after_country = wi > 0 and self._is_country(info.words[wi - 1].text)
            if (
                after_country
                and self._agency_like(stem)
                and HANGUL.match(stem)
                and self.gaz.lookup(stem) is None
                and stem not in self.data.lexicon.term_area
            ):
                found.append(self._add_unknown(info, add, w.start, stem, particle))
                continue
            head = self.strong_suffix_re.sub("", stem)
            if head in self.not_org or head.upper() in self.not_org:
                continue
            if not any(stem.endswith(s) and len(stem) > len(s) + 1 for s in self.strong_suffixes):
                continue
            if not info.nnp[w.start] and not re.match(r"[A-Z]", stem):
                continue
            if self.gaz.lookup(stem) is not None or not HANGUL.search(stem):
                continue
            found.append(self._add_unknown(info, add, w.start, stem, particle))
        return found

    def _listed_participants(self, info: SentenceInfo, free: Any, add: Any) -> list[Mention]:
        """한국에서는 A, B, C 등이 참여했다: the members of a list of participants."""
        found: list[Mention] = []
        if self.participation.search(info.without_quotes(" ")):
            for start, stem, particle in self._list_members(info):
                if free(start, start + len(stem)) and self._org_shaped(info, start, stem):
                    found.append(self._add_unknown(info, add, start, stem, particle))
        return found

    def _agreement_parties(self, info: SentenceInfo, free: Any, add: Any) -> list[Mention]:
        """로보티즈는 LG전자와 …을 체결했다: a proper noun nobody lists is a party when it
        is the subject or the partner of an agreement."""
        found: list[Mention] = []
        if any(
            not self.background_after.match(info.text, act.end())
            for act in self.agreement_act.finditer(info.without_quotes(" "))
        ):
            for w in info.words:
                stem, particle = strip_particle(w.text, self.particles)
                tokens = info.tokens_in(w.start, w.end)
                if tokens and tokens[-1].tag.startswith(("NNP", "NNG", "SL")):
                    continue  # 콜로라도, 러몬도: Kiwi reads no particle
                # the subject or the partner of the act: 로보티즈는, LG전자와
                if not particle.startswith(korean_data().subject + korean_data().comitative):
                    continue
                if not free(w.start, w.start + len(stem)):
                    continue
                if stem.endswith(("사", "측")) and self.gaz.lookup(stem[:-1]) is not None:
                    continue  # 보잉사: the known company, already found as 보잉
                glued = self._country_agency(stem)
                if glued or self._unknown_proper_noun(info, w.start, stem):
                    found.append(self._add_unknown(info, add, w.start, stem, particle))
        return found

    def _unknown_proper_noun(self, info: SentenceInfo, start: int, stem: str) -> bool:
        """A name Kiwi calls a proper noun (or a Latin acronym) that no list knows."""
        if len(stem) < 2 or stem in self.not_org or stem.upper() in self.not_org:
            return False
        if self.gaz.lookup(stem) is not None or self.data.is_place(stem):
            return False
        prefixes = self.data.patterns.people.place_prefixes
        if any(stem.startswith(p) and self.data.is_place(stem[len(p) :]) for p in prefixes):
            return False  # 북아프리카, 서호주
        if stem in self.data.patterns.people.not_names:
            return False
        if re.fullmatch(r"[A-Z][A-Za-z&]{1,15}", stem):
            return True  # not A350-900: a model number
        tokens = info.tokens_in(start, start + len(stem))
        return (
            len(tokens) == 1
            and tokens[0].tag == "NNP"
            and tokens[0].start == start
            and tokens[0].end == start + len(stem)
            and bool(re.fullmatch(r"[가-힣]{2,10}", stem))
        )

    def _list_members(self, info: SentenceInfo) -> list[tuple[int, str, str]]:
        """Words of comma lists closed by 등: (start, stem, particle) of each member."""
        out: list[tuple[int, str, str]] = []
        words = info.words
        for i, w in enumerate(words):
            if not re.match(r"등(?:이|은|도|과|의|을)?$", w.text) or i == 0:
                continue
            k = i - 1
            while k >= 0:
                item = words[k]
                stem, particle = strip_particle(item.text, self.particles)
                out.append((item.start, stem, particle))
                if k == 0 or info.masked[words[k - 1].end : words[k - 1].end + 1] not in (",", "·"):
                    break
                k -= 1
        return out

    def _org_shaped(self, info: SentenceInfo, start: int, stem: str) -> bool:
        """An unknown organisation: a strong suffix (협회, 연합, 공사) or a proper noun."""
        if len(stem) < 3 or self.gaz.lookup(stem) is not None:
            return False
        if any(stem.endswith(s) and len(stem) > len(s) + 1 for s in self.strong_suffixes):
            return bool(HANGUL.match(stem)) and stem not in self.data.lexicon.term_area
        return self._unknown_proper_noun(info, start, stem)

    def _country_agency(self, stem: str) -> bool:
        """우즈베키스탄우주청: a country glued to its agency."""
        for n in range(2, min(len(stem) - 1, 8)):
            head, rest = stem[:n], stem[n:]
            if self._is_country(head) and self._agency_like(rest):
                return True
        return False

    def _agency_like(self, word: str) -> bool:
        """A ministry or institute after a country name; not a description (투자회사)."""
        if re.search(r"(회사|기업|업체|개발사|제조사|운용사|투자사|기관|당국|정부|대사관)$", word):
            return False
        return any(
            word.endswith(s) and len(word) > len(s) + 1
            for s in (*self.strong_suffixes, "부", "청", "처", "성", "원")
        )

    def _is_country(self, word: str) -> bool:
        entity = self.gaz.lookup(word)
        return entity is not None and entity.kind == "country"

    def _has_org_suffix(self, word: str) -> bool:
        return any(word.endswith(s) and len(word) > len(s) for s in self.org_suffixes)

    @staticmethod
    def _nounish(word: str) -> bool:
        return bool(re.fullmatch(r"[가-힣A-Za-z0-9\-]+", word))

    @staticmethod
    def _guess_kind(name: str) -> str:
        if re.search(r"(연구원|연구소|연구회|기술원|대학교|대학|연구센터|연구단|학회|센터)$", name):
            return "research"
        if re.search(r"(부|청|처|위원회|진흥원|평가원|공단|국|본부|실)$", name):
            return "government"
        if re.search(
            r"(그룹|전자|캐피탈|캐피털|홀딩스|중공업|화학|에너지|모터스|테크|텍|은행|증권|공사)$",
            name,
        ):
            return "company"
        return "other"


def merge_key(records: dict[str, PartyRecord], mention: Mention) -> str:
    """Unknown names merge into a known or longer record whose name contains them."""
    if mention.known:
        return mention.key
    short = normalise(mention.surface)
    for key, rec in records.items():
        for s in rec.surfaces:
            n = normalise(s)
            if len(short) >= 3 and (short in n or n in short):
                return key
    return mention.key
