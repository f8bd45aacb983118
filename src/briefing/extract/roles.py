"""Roles of people (signatory, host, attendee) from the predicates of each clause.

A Korean sentence chains clauses with connective endings (…을 만나 …을 논의하고 …에
서명했다); the subject named once serves every clause after it. Each clause's predicate
gives a role to the people it governs:

- sign (서명했다, 체결하고, 맺었다): the subject group and its comitative partners (A는 B와);
- meet (만나, 회담을 갖고, 면담, 회동, 수석대표로): everyone the clause names — the principals
  of a meeting are its hosts;
- host (주재, 주관, 주최, 개최, 공동의장): the subject group;
- attend (참석, 배석, 자리했다, 기념촬영): everyone the clause names (lists of people).

"양측은 … 서명했다" gives the role to the principal pair (the two people who met).
The patterns live in extract_patterns.toml, [roles].
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from briefing.extract.data import ExtractData
from briefing.extract.people import PeopleFinder, PersonMention, PersonRecord
from briefing.extract.text import SentenceInfo
from briefing.korean import korean_data

_SUBJECT = korean_data().subject
_WITH = korean_data().comitative
# what may stand between two members of one list of people
_CHAIN_GAP = re.compile(
    r"^\s*(?:,|과|와|및|그리고|·|을\s*비롯해|를\s*비롯해|과\s*함께|와\s*함께)?\s*$"
)
_PAREN = re.compile(r"\([^)]*\)")
# the connective endings that close a clause (Kiwi tags them EC)
_CONNECTIVES = {"고", "며", "으며", "면서", "으면서", "어", "아", "여", "어서", "아서", "해", "자"}

_LEADER = re.compile(r"(?:대통령|총리|국왕|여왕|주석|총통|수상)$")
_NOT_CLAUSE_ENDS = (
    "비롯해",
    "비롯하여",
    "포함해",
    "포함하여",
    "통해",
    "통하여",
    "위해",
    "위하여",
    "대해",
    "대하여",
    "관해",
    "관하여",
    "따라",
    "의해",
    "의하여",
    "더불어",
    "제외하고",
    "중심으로",
    "앞서",
    "이어",
)


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    kind: str  # sign | meet | host | attend


@dataclass(frozen=True)
class Clause:
    start: int
    end: int


class RoleFinder:
    def __init__(
        self,
        data: ExtractData,
        people: PeopleFinder,
        *,
        meeting: bool,
        cooperation: bool,
        summit: bool = False,
    ) -> None:
        spec = data.patterns.roles
        self.cues = [
            ("sign", spec.sign_re),
            ("meet", spec.meet_re),
            ("host", spec.host_re),
            ("attend", spec.attend_re),
        ]
        self.both = spec.both_people_re
        self.caption_list = spec.caption_list_re
        self.people = people
        self.meeting = meeting  # the article reports a summit or dialogue
        self.summit = summit
        self.cooperation = cooperation
        self.roles = {**_ROLE_OF, "meet": "host" if meeting else "attendee"}
        # (sentence id, role) where "양측/양 정상" took the role: resolved to the principal pair
        self.pair_roles: list[tuple[int, str]] = []

    def assign(self, infos: Sequence[SentenceInfo]) -> None:
        if not self.cooperation:
            return  # roles say who took part in cooperation; elsewhere people are named only
        by_sentence: dict[int, list[PersonMention]] = {}
        for m in self.people.mentions:
            if not m.in_quote:
                by_sentence.setdefault(m.sid, []).append(m)
        for info in infos:
            mentions = sorted(by_sentence.get(info.id, []), key=lambda m: m.start)
            self._sentence(info, mentions)
        self._resolve_pairs()
        if self.meeting:
            self._promote_principals()

    # ------------------------------------------------------------------ one sentence

    def _sentence(self, info: SentenceInfo, mentions: list[PersonMention]) -> None:
        caption = self.caption_list.search(info.text)
        if caption:  # 왼쪽부터 A, B, C: the people pictured
            for m in mentions:
                if m.start > caption.start():
                    self._give(m, "attendee")
        cues = self._cues(info)
        if not cues:
            return
        clauses = self._clauses(info)
        subject = self._subject_group(info, mentions)
        both = self.both.search(info.without_quotes(" " * 3))
        modified: set[int] = set()
        for cue in cues:
            role = self.roles[cue.kind]
            # 회의를 주재한 A 장관은: an adnominal predicate names the person right after it
            after = self._modified_person(info, cue, mentions)
            if after is not None:
                self._give(after, role)
                modified.add(id(after))
                continue
            clause = next((c for c in clauses if c.start <= cue.start < c.end), clauses[-1])
            if info.text[cue.end : cue.end + 1] in ("은", "는"):
                # 이번 서명은 A 대사와 B 부총국장이 했다: the people come after the topic
                named = [m for m in mentions if cue.end <= m.start < clause.end]
                for m in named:
                    self._give(m, role)
                if named:
                    continue
            inside = [
                m for m in mentions if clause.start <= m.start < cue.start and id(m) not in modified
            ]
            actors = self._actors(info, cue, inside)
            if not actors:
                if both is not None and both.start() < cue.start:
                    self.pair_roles.append((info.id, role))
                    continue
                actors = [m for m in subject if m.start < cue.start and id(m) not in modified]
                if cue.kind == "sign" and actors:
                    # A는 B와 만나 …에 서명했다: the partner met signs too
                    actors += self._partners_after(info, mentions, actors, cue)
            if not actors and cue.kind == "attend":
                # 호리 차장과 … 임원사가 방한해 협약식에 참석했다: everyone named before it
                actors = [
                    m
                    for m in mentions
                    if m.start < cue.start and not m.particle.startswith(("을", "를", "에"))
                ]
            for m in actors:
                self._give(m, role)

    def _cues(self, info: SentenceInfo) -> list[Cue]:
        found: list[Cue] = []
        for kind, regex in self.cues:
            for m in regex.finditer(info.text):
                if info.in_quote(m.start()):
                    continue
                if any(c.start <= m.start() < c.end for c in found):
                    continue
                found.append(Cue(m.start(), m.end(), kind))
        return sorted(found, key=lambda c: c.start)

    def _clauses(self, info: SentenceInfo) -> list[Clause]:
        """Spans of the sentence between connective endings (outside quotations)."""
        cuts = [0]
        for t in info.tokens:
            if t.tag != "EC" or t.form not in _CONNECTIVES or info.in_quote(t.start):
                continue
            if info.text[: t.end].endswith(_NOT_CLAUSE_ENDS):
                continue  # 비롯해, 통해, 위해: a postposition, not the end of a clause
            if info.text[t.end : t.end + 1] in (" ", ","):
                cuts.append(t.end)
        cuts.append(len(info.text))
        return [Clause(a, b) for a, b in pairwise(cuts) if b > a]

    def _subject_group(
        self, info: SentenceInfo, mentions: list[PersonMention]
    ) -> list[PersonMention]:
        """The sentence's subject (은/는/이/가) with the people listed before it."""
        for idx, m in enumerate(mentions):
            follows = info.text[m.end :].lstrip()
            if m.particle.startswith(_SUBJECT) or follows.startswith(("등이", "등은", "등도")):
                return self._chain_back(info, mentions, idx)
        return []

    def _chain_back(
        self, info: SentenceInfo, mentions: list[PersonMention], idx: int
    ) -> list[PersonMention]:
        group = [mentions[idx]]
        k = idx
        while k > 0 and _CHAIN_GAP.match(
            _PAREN.sub("", info.text[mentions[k - 1].end : mentions[k].start])
        ):
            group.append(mentions[k - 1])
            k -= 1
        return group

    def _actors(
        self, info: SentenceInfo, cue: Cue, inside: list[PersonMention]
    ) -> list[PersonMention]:
        """Who in the clause the predicate governs."""
        if not inside:
            return []
        if cue.kind in ("meet", "attend"):
            return inside  # the principals of a meeting, the members of a list
        # sign / host: the subject group and its partners (A는 B와 서명, A는 B와 회의를 열고)
        chosen: list[PersonMention] = []
        for idx in range(len(inside) - 1, -1, -1):
            m = inside[idx]
            follows = info.text[m.end :].lstrip()
            if m.particle.startswith(_SUBJECT) or follows.startswith(("등이", "등은")):
                chosen = self._chain_back(info, inside, idx)
                break
        if not chosen:
            last = inside[-1]
            gap = _PAREN.sub("", info.text[last.end : cue.start])
            if len(gap.strip()) <= 14 and "," not in gap:
                chosen = self._chain_back(info, inside, len(inside) - 1)
        if cue.kind in ("sign", "host") and chosen:
            subject_at = max(m.start for m in chosen)
            for idx, m in enumerate(inside):
                if m.start > subject_at and m.particle.startswith(_WITH) and m not in chosen:
                    chosen.extend(x for x in self._chain_back(info, inside, idx) if x not in chosen)
        return chosen

    def _partners_after(
        self,
        info: SentenceInfo,
        mentions: list[PersonMention],
        subject: list[PersonMention],
        cue: Cue,
    ) -> list[PersonMention]:
        subject_at = max(m.start for m in subject)
        return [
            m
            for m in mentions
            if subject_at < m.start < cue.start
            and m.particle.startswith(_WITH)
            and m not in subject
        ]

    def _modified_person(
        self, info: SentenceInfo, cue: Cue, mentions: list[PersonMention]
    ) -> PersonMention | None:
        """The person an adnominal form of the cue (주재한, 참석한) stands right before."""
        token = next((t for t in info.tokens if t.start >= cue.end - 1 and t.tag == "ETM"), None)
        if token is None or token.start > cue.end + 3:
            return None
        return next((m for m in mentions if 0 <= m.start - token.end <= 1), None)

    def _give(self, mention: PersonMention, role: str) -> None:
        self.people.records[mention.key].roles.add(role)

    # ------------------------------------------------------------------ pairs

    def principal_pair(self) -> list[str]:
        """The two people who met (hosts), else the first two with a role."""
        records = sorted(self.people.records.items(), key=lambda kv: kv[1].order)
        hosts = [key for key, rec in records if "host" in rec.roles]
        if len(hosts) >= 2:
            return hosts[:2]
        active = [key for key, rec in records if rec.roles & {"signatory", "host", "attendee"}]
        return active[:2] if len(active) >= 2 else []

    def _promote_principals(self) -> None:
        """Of a summit or dialogue, the first person named on each side is its host (the
        principals), unless the article already names hosts or they signed."""
        records = sorted(self.people.records.values(), key=lambda r: r.order)
        if sum(1 for r in records if "host" in r.roles) >= 2:
            return
        sides: dict[str, PersonRecord] = {}
        for rec in records:
            if not rec.title or "signatory" in rec.roles:
                continue
            # at a summit the leaders are its principals even where no verb names their part
            leader = self.summit and bool(_LEADER.search(rec.title))
            if not rec.roles - {"speaker"} and not leader:
                continue
            sides.setdefault(self._side(rec), rec)
        if len(sides) >= 2:
            for rec in list(sides.values())[:3]:
                rec.roles.add("host")

    def _side(self, rec: PersonRecord) -> str:
        """The country a person speaks for: one named in the title or organisation, else
        Korea for a Korean name and "abroad" for a foreign one."""
        for text in (
            rec.title or "",
            rec.organization or "",
            rec.org_entity.en if rec.org_entity else "",
        ):
            for word in re.split(r"[\s·]+", text):
                country = self.people.gaz.lookup(word)
                if country is not None and country.kind == "country":
                    return country.en
        return "South Korea" if rec.korean else "abroad"

    def _resolve_pairs(self) -> None:
        pair = self.principal_pair()
        for _, role in self.pair_roles:
            for key in pair:
                self.people.records[key].roles.add(role)


_ROLE_OF = {"sign": "signatory", "meet": "host", "host": "host", "attend": "attendee"}
