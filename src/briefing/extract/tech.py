"""Technology areas from the lexicon, with the sentences that evidence them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefing.extract.data import Lexicon

# a term that describes a company (클라우드 기업, 소프트웨어 및 클라우드 기업, 종합기업으로) is
# not evidence
_DESCRIBES_COMPANY = re.compile(
    r"^\s*(?:(?:및|과|와|·|,)\s*[가-힣A-Za-z]+\s*)?(?:[가-힣A-Za-z]+\s)?(?:종합|전문)?"
    r"(?:기업|업체|개발사|회사|제조사|장비기업|장비업체|스타트업)(?:인|이자|으로|\s|$)"
)


def find_areas(
    text: str, lexicon: Lexicon, masked_spans: Sequence[tuple[int, int]] = ()
) -> list[str]:
    """Area ids signalled in ``text`` (in order of first appearance), outside ``masked_spans``."""
    assert lexicon.term_re is not None
    found: list[str] = []
    for m in lexicon.term_re.finditer(text):
        term = m.group(0)
        if any(a <= m.start() < b for a, b in masked_spans):
            continue
        area = lexicon.term_area.get(term) or lexicon.term_area.get(re.sub(r"\s", " ", term))
        if area is None:
            continue  # an [ignore] term
        if _DESCRIBES_COMPANY.match(text[m.end() :]):
            continue
        for a in (area, *lexicon.also.get(term, ())):
            if a not in found:
                found.append(a)
    return found
