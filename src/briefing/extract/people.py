"""People: names with titles and organisations, later mentions, and their roles."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from briefing.extract.data import Entity, ExtractData, compiled, normalise
from briefing.extract.text import SentenceInfo, particle_after, strip_particle

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
_PUNCT_END = re.compile(r"[,.;:!?”\"’'…)\]]$")
_DATE_WORD = re.compile(r"^\d+(일|월|년|시|분)?$|^\d")
_CHAIN_GAP = re.compile(
    r"^\s*(?:,|과|와|및|그리고|·|을\s*비롯해|를\s*비롯해|과\s*함께|와\s*함께)?\s*$"
)
_ADJACENT_GAP = re.compile(
    r"^\s*(?:등|등이|등은|간|간의|사이|사이의|주관으로|주관|주재로|주최로|공동)?\s*$"
)
# a broadcast transcript: [인터뷰] 홍길동 / 과학기술정보통신부 장관 : …
_INTERVIEW = re.compile(
    r"^\s*[\[<〈]\s*(?:인터뷰|녹취|싱크|INT)\s*[\]>〉]\s*([가-힣]{1,6}(?:\s[가-힣]{1,6}){0,2})"
    r"\s*/\s*([^:：\"“]{2,60}?)\s*(?:[:：]\s*(.*))?$"
)
_ADNOMINAL = re.compile(r"[가-힣]{1,4}?(?:한|하는|했던|한\s*뒤인)\s")
_SUBJECT = ("이", "가", "은", "는", "께서", "도", "등이", "등은", "등도", "께서는")


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
        pat = data.patterns["people"]
        self.particles = data.patterns["particles"]["all"]
        self.titles = sorted(pat["titles"], key=len, reverse=True)
        self.surnames = sorted(pat["surnames"], key=len, reverse=True)
        self.not_names = set(pat["not_names"])
        self.org_suffixes = data.patterns["parties"]["org_suffixes"]
        self.signatory = compiled(pat["signatory_re"])
        self.host = compiled(pat["host_re"])
        self.attendee = compiled(pat["attendee_re"])
        self.caption_list = compiled(pat["caption_list_re"])
        self.known_people = {
            e.aliases[0]: e for e in self.gaz.entities.values() if e.kind == "person" and e.aliases
        }
        self.records: dict[str, PersonRecord] = {}
        self.mentions: list[PersonMention] = []

    # ------------------------------------------------------------------ words

    def title_of(self, stem: str) -> tuple[str, str] | None:
        """(title suffix, what precedes it in the word) if the word ends in a title."""
        for t in self.titles:
            if stem.endswith(t) and len(stem) - len(t) <= 12:
                return t, stem[: -len(t)]
        return None

    def _entity(self, text: str) -> Entity | None:
        e = self.gaz.lookup(text)
        return e if e is not None and e.kind != "person" else None

    def _org_like(self, words: Sequence[str], j: int) -> bool:
        w = words[j]
        if self._entity(w) is not None:
            return True
        if j > 0 and self._entity(words[j - 1] + " " + w) is not None:
            return True
        if j + 1 < len(words) and self._entity(w + " " + words[j + 1]) is not None:
            return True  # 미 상무부
        if re.search(r"[A-Za-z]", w):
            return True
        if len(w) >= 3 and any(w.endswith(s) for s in self.org_suffixes if len(s) >= 1):
            return not self._korean_name(w)
        return w in ("및", "겸") or self.title_of(w) is not None

    def _korean_name(self, w: str) -> bool:
        if (
            not re.fullmatch(r"[가-힣]{2,4}", w)
            or w in self.not_names
            or self._entity(w) is not None
        ):
            return False
        return any(w.startswith(s) and 1 <= len(w) - len(s) <= 2 for s in self.surnames)

    def _name_like(self, info: SentenceInfo, wi: int) -> bool:
        w = info.words[wi].text
        return (
            bool(re.fullmatch(r"[가-힣]{1,7}", w))
            and w not in self.not_names
            and self._entity(w) is None
            and self.title_of(w) is None
            and not _DATE_WORD.match(w)
        )

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
            if found is None or i == 0:
                continue
            suffix, prefix = found
            # walk back over organisation words to the name
            j = i - 1
            while j >= 0 and i - j <= 6:
                w = texts[j]
                if (
                    _PUNCT_END.search(w)
                    or strip_particle(w, self.particles)[1]
                    or w in self.not_names
                ):
                    break
                if self._org_like(texts, j) and not self._korean_name(w):
                    j -= 1
                    continue
                break
            if j < 0:
                continue
            name_words = self._name_at(info, j)
            if not name_words:
                continue
            first = j - len(name_words) + 1
            name = " ".join(name_words)
            org_words = texts[j + 1 : i]
            # 부총리 및 과기정통부 장관: one person, one compound title
            title_end = word.start + len(stem)
            k = i + 1
            if not particle and k < len(words) and texts[k] in ("및", "겸"):
                for m in range(k + 1, min(k + 5, len(words))):
                    s2, p2 = strip_particle(texts[m], self.particles)
                    if self.title_of(s2.rstrip(",.")) and all(
                        self._org_like(texts, x) for x in range(k + 1, m)
                    ):
                        org_words = texts[k + 1 : m]
                        suffix, prefix = self.title_of(s2.rstrip(",."))  # type: ignore[misc]
                        title_end = words[m].start + len(s2.rstrip(",."))
                        particle = p2
                        consumed.update(range(i, m + 1))
                        break
            title = re.sub(
                r"\s+",
                " ",
                info.masked[words[j + 1].start if j + 1 < len(words) else title_end : title_end],
            ).strip()
            office = prefix + _TITLE_OFFICE[suffix] if prefix and suffix in _TITLE_OFFICE else ""
            if prefix and self._entity(prefix) is not None:
                org_words, office = [*org_words, prefix], ""  # SK회장
            org_ko, org_entity = self._organization(org_words, office)
            gloss = self._gloss_after(info, words[j].end)
            if not particle:
                particle = particle_after(info.text, title_end, self.particles)
            self._add(
                name,
                info,
                words[first].start,
                title_end,
                particle,
                title=title,
                org=org_ko,
                org_entity=org_entity,
                suffix=suffix,
                korean=len(name_words) == 1 and self._korean_name(name),
                en=gloss,
            )

    def _name_at(self, info: SentenceInfo, j: int) -> list[str]:
        texts = [w.text for w in info.words]
        if j >= 1 and (texts[j - 1] + " " + texts[j]) in self.known_people:
            return [texts[j - 1], texts[j]]
        korean = self._korean_name(texts[j]) and not self._foreign_first_name(info, j - 1)
        # three syllables before a title read as a name even when Kiwi splits it (경계/현)
        if (korean or texts[j] in self.known_people) and (
            info.nnp[info.words[j].start] or texts[j] in self.known_people or len(texts[j]) >= 3
        ):
            return [texts[j]]
        if re.fullmatch(r"[가-힣]", texts[j]) and texts[j] in self.surnames:
            return []  # "배 부총리": a later mention, resolved in pass 2
        run: list[str] = []
        k = j
        while k >= 0 and len(run) < 3 and self._name_like(info, k):
            if k < j and not self._foreign_first_name(info, k) and not self._after_title(texts, k):
                break
            run.insert(0, texts[k])
            k -= 1
        if not run:
            return []
        starts = [info.words[j - len(run) + 1 + x].start for x in range(len(run))]
        if not any(info.nnp[s] for s in starts) and not self._after_title(texts, j - len(run) + 1):
            return []  # (a list of people: …장관과 무토 요지 …상이, names Kiwi does not know)
        if len(run) == 1 and len(run[0]) < 2:
            return []
        return run

    def _after_title(self, texts: Sequence[str], k: int) -> bool:
        """Whether word k follows a title with 과/와/, (the next name in a list of people)."""
        if k < 1:
            return False
        stem, particle = strip_particle(texts[k - 1], self.particles)
        return (particle in ("과", "와") or texts[k - 1].endswith(",")) and self.title_of(
            stem.rstrip(",")
        ) is not None

    def _foreign_first_name(self, info: SentenceInfo, k: int) -> bool:
        """A bare proper noun that is not a Korean name: 제이크 (설리번), 미셸 (도넬란)."""
        if k < 0:
            return False
        w = info.words[k].text
        return (
            self._name_like(info, k)
            and info.nnp[info.words[k].start]
            and not strip_particle(w, self.particles)[1]
            and not _PUNCT_END.search(w)
        )

    def _organization(self, org_words: list[str], office: str) -> tuple[str | None, Entity | None]:
        parts = [w for w in org_words if w not in ("및", "겸") and not self.title_of(w)]
        if office:
            parts = [*parts, office]
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
    ) -> None:
        key = normalise(name)
        if key not in self.records and " " not in name:
            # 크라치오스 실장, 무토 경제산업상: a family name of a foreign name met before
            for other_key, other in self.records.items():
                if (
                    " " in other.name
                    and name in (other.name.split()[0], other.name.split()[-1])
                    and len(name) >= 2
                ):
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
        rec.evidence.add(info.id)
        self.mentions.append(
            PersonMention(key, info.id, start, end, particle, info.in_quote(start))
        )

    def find_interviews(self, info: SentenceInfo) -> tuple[str, str | None] | None:
        """A transcript's interview line: the speaker (registered) and what follows the colon."""
        m = _INTERVIEW.match(info.text)
        if m is None:
            return None
        name, title = m.group(1).strip(), re.sub(r"\s+", " ", m.group(2)).strip()
        words = title.split()
        found = self.title_of(words[-1]) if words else None
        office = ""
        if found and found[1] and found[0] in _TITLE_OFFICE:
            office = found[1] + _TITLE_OFFICE[found[0]]
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
            title = found[0] if found and not found[1] else None
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
                if (
                    len(parts) > 1
                    and len(stem) >= 2
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

    # ------------------------------------------------------------------ roles

    def assign_roles(self, infos: Sequence[SentenceInfo]) -> None:
        by_sentence: dict[int, list[PersonMention]] = {}
        for m in self.mentions:
            if not m.in_quote:
                by_sentence.setdefault(m.sid, []).append(m)
        for info in infos:
            mentions = sorted(by_sentence.get(info.id, []), key=lambda m: m.start)
            if not mentions:
                continue
            text = info.text
            cues: list[tuple[int, str]] = []
            for regex, role in (
                (self.signatory, "signatory"),
                (self.host, "host"),
                (self.attendee, "attendee"),
            ):
                cues.extend(
                    (cue.start(), role)
                    for cue in regex.finditer(text)
                    if not info.in_quote(cue.start())
                )
            cues.sort()
            assigned: set[int] = set()
            for pos, role in cues:
                # "회의를 주재한 A 장관은": the verb modifies the person right after it
                modified = _ADNOMINAL.match(text, pos)
                if modified:
                    after = [m for m in mentions if 0 <= m.start - modified.end() <= 1]
                    for m in after:
                        self.records[m.key].roles.add(role)
                        assigned.add(id(m))
                    if after:
                        continue
                group = [m for m in mentions if id(m) not in assigned and m.end <= pos]
                chosen = self._group_for(text, group, pos)
                for m in chosen:
                    self.records[m.key].roles.add(role)
                    assigned.add(id(m))
            cap = self.caption_list.search(text)
            if cap:
                for m in mentions:
                    if m.start > cap.start():
                        self.records[m.key].roles.add("attendee")

    @staticmethod
    def _group_for(text: str, group: list[PersonMention], cue: int) -> list[PersonMention]:
        if not group:
            return []
        subject_index = None
        for idx in range(len(group) - 1, -1, -1):
            if group[idx].particle.startswith(_SUBJECT) or text[
                group[idx].end :
            ].lstrip().startswith(("등이", "등은")):
                subject_index = idx
                break
        if subject_index is None:
            last = group[-1]
            gap = re.sub(r"\([^)]*\)", "", text[last.end : cue])
            if not (
                _ADJACENT_GAP.match(gap)
                or (
                    len(gap.strip()) <= 12
                    and "," not in gap
                    and not re.search(r"(다|고|며)\s", gap)
                )
            ):
                return []
            subject_index = len(group) - 1
        chosen = [group[subject_index]]
        k = subject_index
        while k > 0 and _CHAIN_GAP.match(
            re.sub(r"\([^)]*\)", "", text[group[k - 1].end : group[k].start])
        ):
            chosen.append(group[k - 1])
            k -= 1
        # 정인교 본부장은 … 러몬도 장관, 사이토 경제산업상과 회의를 열고: the comitative list
        after = group[subject_index + 1 :]
        last_with = max(
            (i for i, m in enumerate(after) if m.particle.startswith(("과", "와"))), default=None
        )
        if last_with is not None:
            k = last_with
            chosen.append(after[k])
            while k > 0 and _CHAIN_GAP.match(
                re.sub(r"\([^)]*\)", "", text[after[k - 1].end : after[k].start])
            ):
                chosen.append(after[k - 1])
                k -= 1
        return chosen

    def add_speaker(self, key: str) -> None:
        if key in self.records:
            self.records[key].roles.add("speaker")
