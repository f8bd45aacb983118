"""Lines of a laid-out page back into paragraphs: where a line break was only a wrap.

A PDF (or an OCR'd page) keeps the lines the layout made, not the paragraphs. Within a
paragraph the lines are joined: an English word hyphenated at the line end is mended
(``tech-`` + ``nology``); a break between two Hangul syllables is ambiguous, because
Korean layout may wrap inside a word (``핵심기`` / ``술``) or at a space. Such breaks are
decided first by how the document writes the same syllables elsewhere, else by Kiwi's
spacing model on the words around the break (the analyser the split stage loads anyway),
all of a document's in one batch; every other break was a space.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_HYPHENATED = re.compile(r"[A-Za-z]{2}-$")
_CONTEXT_WORDS = 2


def _hangul_break(before: str, after: str) -> bool:
    return bool(before and after and _HANGUL.fullmatch(before[-1]) and _HANGUL.fullmatch(after[0]))


def join_wrapped(
    paragraphs: Sequence[Sequence[str]], ambiguous: Sequence[Sequence[bool]]
) -> list[str]:
    """Each paragraph's lines joined into one line.

    ``ambiguous[p][i]`` says whether the break after line ``i`` of paragraph ``p`` may
    have been inside a word (the line ran to the margin); only those Hangul|Hangul breaks
    are put to the spacing model, all others become a space.
    """
    questions: list[tuple[int, int, str, int]] = []  # (paragraph, line, context, junction)
    known: set[tuple[int, int]] = set()
    document = "\n".join(line for lines in paragraphs for line in lines)
    for p, lines in enumerate(paragraphs):
        for i in range(len(lines) - 1):
            if ambiguous[p][i] and _hangul_break(lines[i], lines[i + 1]):
                spelling = _document_spelling(document, lines[i], lines[i + 1])
                if spelling is not None:
                    if spelling:
                        known.add((p, i))
                    continue
                head = " ".join(lines[i].split()[-_CONTEXT_WORDS:])
                tail = " ".join(lines[i + 1].split()[:_CONTEXT_WORDS])
                questions.append((p, i, head + tail, len(head)))
    glued = known | _glued_junctions(questions)
    joined = []
    for p, lines in enumerate(paragraphs):
        text = lines[0] if lines else ""
        for i in range(1, len(lines)):
            line = lines[i]
            if _HYPHENATED.search(text) and line[:1].islower():
                text = text[:-1] + line
            elif (p, i - 1) in glued:
                text += line
            else:
                text += " " + line
        joined.append(text)
    return joined


def _document_spelling(document: str, before: str, after: str) -> bool | None:
    """How the document itself writes the syllables around the break elsewhere: True for
    together (``양해각서``), False for apart, None when it never writes them."""
    head = before.split()[-1][-2:]
    tail = after.split()[0][:2]
    if len(head) + len(tail) < 3:
        return None
    together = document.count(head + tail)
    apart = document.count(head + " " + tail)
    if together > apart:
        return True
    if apart > together:
        return False
    return None


def _glued_junctions(questions: list[tuple[int, int, str, int]]) -> set[tuple[int, int]]:
    """The breaks the spacing model reads as inside a word."""
    if not questions:
        return set()
    from briefing.sentences import space_all

    spaced = space_all([q[2] for q in questions], reset_whitespace=False)
    glued = set()
    for (p, i, context, junction), result in zip(questions, spaced, strict=True):
        if not _space_at(context, junction, result):
            glued.add((p, i))
    return glued


def _space_at(original: str, junction: int, spaced: str) -> bool:
    """Whether the spacing model put a space at ``junction`` of ``original``.

    It only inserts spaces (reset_whitespace=False), so walking both strings together
    finds the junction's place in its output.
    """
    j = 0
    for k, ch in enumerate(original):
        if k == junction:
            return j < len(spaced) and spaced[j] == " " and ch != " "
        while j < len(spaced) and spaced[j] != ch:
            j += 1
        j += 1
    return False
