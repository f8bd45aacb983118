"""Commitments: clauses in which a party agrees, pledges or plans something."""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.extract.data import ExtractData
from briefing.extract.text import SentenceInfo, has_final_consonant

_HELD = re.compile(r"(열고|열어|개최하고|개최해|가진\s*뒤|가진\s*후|만나|만난\s*뒤)\s*,?\s*$")
_LEADING = re.compile(
    r"^(?:또한?|특히|아울러|이와 함께|이밖에|이 밖에|우선|이에 따라|이를 위해|한편|또)\s*,?\s*"
)


@dataclass(frozen=True)
class Clause:
    sid: int
    text: str  # the clause as written (quotations replaced)
    start: int  # offset in the quote-free sentence text
    # an agreed or pledged predicate (0.9), an item of an agreement's contents (0.85), a
    # headline or caption naming the deal (0.7)
    confidence: float = 0.9


class CommitmentFinder:
    def __init__(self, data: ExtractData) -> None:
        pat = data.patterns.commitments
        self.future = pat.future_re
        self.agreed = pat.agreed_re
        self.exclude = pat.exclude_re
        self.frame = pat.report_frame_re
        self.ability = pat.ability_re
        self.headline_agreement = pat.headline_agreement_re
        self.action = pat.action_re
        self.bullet = pat.bullet_re
        self.split = pat.clause_split_re
        self.timeline = pat.timeline_re
        self.plan_nouns = tuple(pat.plan_nouns)
        self.contents = pat.contents_re
        self.caption = pat.caption_re
        self.past = pat.past_time_re
        self.past_act = pat.past_act_re

    def _predicate_commits(self, clause: str) -> bool:
        """Whether the final predicate of a (sentence-final) clause states a commitment."""
        body = clause.rstrip(" .”\"’'")
        framed = self.frame.search(body + ".")
        if framed:
            body = body[: framed.start()] + framed.group(1)
            body = re.sub(r"(이다|이라|라)$", "이다", body)
        tail = body[-14:]
        if self.ability.search(tail) or self._plan(body):
            return True
        if self.exclude.search(tail) and not self.agreed.search(tail):
            return False
        return bool(self.future.search(body) or self.agreed.search(tail))

    def _plan(self, body: str) -> bool:
        """…할 계획이다 / …도울 예정입니다 / …해 나간다는 방침이다: a prospective verb or a
        reported intention before a plan noun."""
        for noun in self.plan_nouns:
            if re.search(rf"(?:ㄴ다는|는다는|겠다는|한다는|간다는)\s*{noun}", body[-30:]):
                return True
            m = re.search(
                rf"([가-힣]+)\s*{noun}(?:이다|입니다|이며|이고|으로|을|이라|\s|$)", body[-30:]
            )
            if m and has_final_consonant(m.group(1)[-1], 8):
                return True
        return False

    def _unframe(self, text: str) -> str:
        """ "…운영한다고 대통령실은 밝혔다." -> "…운영한다." (the reported predicate)."""
        body = text.rstrip(" .”\"’'")
        framed = self.frame.search(body + ".")
        if not framed:
            return text
        ending = "이다" if framed.group(1) in ("이다", "이라", "라") else "다"
        return body[: framed.start()] + ending + "."

    def clauses(self, info: SentenceInfo, previous: SentenceInfo | None = None) -> list[Clause]:
        text = self._unframe(info.without_quotes())
        if info.headline:
            if not self.headline_agreement.search(text):
                return []
            return [Clause(info.id, _tidy(text), 0, 0.7)]
        if self.caption.search(text) and not self.headline_agreement.search(text):
            return []  # a photo caption commits to nothing unless it names the deal
        # △A △B △C. right after the sentence of a deal: a list of nouns, its contents
        after_deal = (
            previous is not None
            and bool(self.headline_agreement.search(previous.text))
            and not re.search(r"다\.?\s*$", text)
        )
        if len(self.bullet.findall(text)) >= 2 and (after_deal or self._lists_commitments(text)):
            parts = self.bullet.split(text)
            out = []
            offset = len(parts[0]) + 1
            for part in parts[1:]:
                item = re.sub(r"\s*등(?:입니다|이다|이며|을|이)?\.?\s*$", "", part).strip()
                if len(item) >= 4:
                    out.append(Clause(info.id, _tidy(item), offset, 0.85))
                offset += len(part) + 1
            return out
        pieces: list[tuple[int, str]] = []
        last = 0
        for m in self.split.finditer(text):
            pieces.append((last, text[last : m.end()]))
            last = m.end()
        pieces.append((last, text[last:]))
        pieces = _join_objectless(pieces)
        final_commits = self._predicate_commits(pieces[-1][1])
        out = []
        for i, (start, piece) in enumerate(pieces):
            if not self.action.search(piece):
                continue
            is_final = i == len(pieces) - 1
            if is_final and not final_commits:
                continue
            if not is_final and not final_commits and not self.agreed.search(piece):
                continue
            if not is_final and _HELD.search(piece):
                continue  # "…회의를 열고 합의했다": holding the meeting is the event
            if "“…”" in piece and not is_final:
                continue
            if (
                self.past.search(piece)
                and self.past_act.search(piece)
                and not re.search(r"[기키]로|겠", piece)
            ):
                continue  # 지난해에는 …도 체결했다: an earlier deal, background
            out.append(
                Clause(info.id, _tidy(piece), start, 0.7 if self.caption.search(text) else 0.9)
            )
        return out + self._pledged_in_quotes(info)

    def _pledged_in_quotes(self, info: SentenceInfo) -> list[Clause]:
        """A pledge in a speaker's own words ("…공동 구축해 나가겠다"): the quote's last clause
        when it ends in a promise (…겠다, …기로 했다), not an opinion or a description."""
        found = []
        for a, b in info.quotes:
            quote = info.text[a + 1 : b - 1].strip()
            last = re.split(r"(?<=[다요])\.\s+", quote)[-1]
            if len(last) < 12 or not _PROMISE.search(last.rstrip(" .")):
                continue
            if not self.action.search(last) or not _OBJECT.search(last):
                continue
            if not _TOGETHER.search(last):
                continue  # one side's own plan (…공장을 키우겠다) is not what was agreed
            found.append(Clause(info.id, _tidy(last), a + 1 + quote.rfind(last), 0.8))
        return found

    def _lists_commitments(self, text: str) -> bool:
        """A bulleted sentence lists commitments when it states an agreement's contents
        (…을 담았다) or commits; not "△A △B 등 다양한 분야에서 실증을 진행 중이다"."""
        parts = self.bullet.split(text)
        return bool(self.contents.search(parts[0] + parts[-1])) or self._predicate_commits(
            parts[-1]
        )

    def timeline_of(self, text: str) -> str | None:
        m = self.timeline.search(text)
        return m.group(1).strip() if m else None


_OBJECT = re.compile(r"[가-힣A-Za-z0-9)\]’”]\s*[을를](?=\s|$)")
# a piece that starts with a verb form continues a verb chain (저장하고 활용할 수 있도록)
_STARTS_WITH_VERB = re.compile(
    r"^\s*[가-힣]*(?:할|하는|하기로|하기|하고|해|한|된|될|되는|되기)(?=\s|$)"
)


_TOGETHER = re.compile(r"공동|함께|양국|양사|양측|상호|서로")
_PROMISE = re.compile(r"(?:겠다|겠습니다|기로\s*(?:했|합의)[다습]?(?:니다)?)$")


def _join_objectless(pieces: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A chained verb with no object of its own (…저장하고 활용할 수 있도록, …확대하고
    협력하기로) continues the clause before it instead of being a commitment alone."""
    joined: list[tuple[int, str]] = []
    for start, piece in pieces:
        if joined and _STARTS_WITH_VERB.match(piece) and not _OBJECT.search(piece):
            first, before = joined[-1]
            joined[-1] = (first, before + piece)
        else:
            joined.append((start, piece))
    return joined


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,")
    text = _LEADING.sub("", text)
    return text
