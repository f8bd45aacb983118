"""Stage 3, split: the cleaned body -> sentences (kiwipiepy, loaded once per process).

Kiwi's ``split_into_sents`` keeps quotes that span ``“...”며 “...”라고 말했다`` together and
leaves ``1.5트랙``, ``2023.12.13``, ``U.S.`` and ``…`` alone, but it does not split sentences
glued where paragraphs were flattened (``...합니다.한국 정부가 ...``); a space is put back
after such a sentence ending first. Paragraphs are split one at a time, and a very long
paragraph in chunks, in one batch call that Kiwi spreads over its threads, so the time
grows linearly with the text (about 1 s per 100,000 characters on 2 cores once Kiwi is
loaded; benchmarks/bench_read_clean_split.py) and never runs away. A chunk holding 60+
Hangul syllables without a space (no prose, and slow for Kiwi) is kept whole.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

CHUNK_CHARS = 2000

# "...했다.1일 방한한", "...입니다.HD현대는", "...밝혔다.”그는": an ending glued to the next.
_GLUED = re.compile(
    r"(?<=[다요죠까][.!?])(?=[가-힣A-Z0-9“\"‘'(\[])"
    r"|(?<=[다요죠까][.!?][”\"’'])(?=[가-힣A-Z])"
)
_NO_PROSE = re.compile(r"[\uac00-\ud7a3]{60}")
_HAS_WORD = re.compile(r"[^\W\d_]")
_CHUNK_BREAK = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][”\"’'])\s+")


_ONE_THREAD = False  # analyse_in_one_thread()


def analyse_in_one_thread() -> None:
    """This process's Kiwi runs without worker threads (call before the first ``kiwi()``).

    For a worker process (workers.py), which forks to draw an article's memos on the
    second core: a fork is safe only from a process with a single thread.  The analyses
    are the same; a batch is analysed one text after the other.
    """
    global _ONE_THREAD
    _ONE_THREAD = True


@cache
def kiwi() -> Any:
    """The process-wide Kiwi analyser (loading costs seconds; share it).

    Without the typo dictionary and the multi-word dictionary: the extractor corrects no
    typos and finds names with its own gazetteer, and the two cost about 190 MiB of every
    process's memory and a third of the load time (the tune corpus scores the same).
    Analyse batches with ``tokenize_all``, ``split_all`` and ``space_all``.
    """
    import warnings

    from kiwipiepy import Kiwi

    if not _ONE_THREAD:
        return Kiwi(load_typo_dict=False, load_multi_dict=False)
    with warnings.catch_warnings():  # 0 is single-thread mode since kiwipiepy 0.21: meant
        warnings.simplefilter("ignore", DeprecationWarning)
        return Kiwi(num_workers=0, load_typo_dict=False, load_multi_dict=False)


def tokenize_all(texts: Sequence[str]) -> list[Any]:
    """Kiwi's tokens of each text: one batch over Kiwi's threads, or one text after the
    other in single-thread mode (which takes no batch)."""
    analyser = kiwi()
    if _ONE_THREAD:
        return [analyser.tokenize(text) for text in texts]
    return list(analyser.tokenize(list(texts))) if texts else []


def split_all(texts: Sequence[str]) -> list[Any]:
    """Kiwi's sentences of each text (as ``tokenize_all``)."""
    analyser = kiwi()
    if _ONE_THREAD:
        return [analyser.split_into_sents(text) for text in texts]
    return list(analyser.split_into_sents(list(texts))) if texts else []


def space_all(texts: Sequence[str], *, reset_whitespace: bool) -> list[str]:
    """Each text with Kiwi's spacing (as ``tokenize_all``)."""
    analyser = kiwi()
    if _ONE_THREAD:
        return [analyser.space(text, reset_whitespace=reset_whitespace) for text in texts]
    if not texts:
        return []
    return list(analyser.space(list(texts), reset_whitespace=reset_whitespace))


def release_kiwi() -> None:
    """Give Kiwi's memory (about 330 MiB) back to the system when this process analyses no
    more text (a one-shot `generate` before it draws the memos); a later call to ``kiwi``
    loads it again."""
    import ctypes
    import gc

    if kiwi.cache_info().currsize == 0:
        return
    kiwi.cache_clear()
    gc.collect()
    with contextlib.suppress(Exception):  # glibc: return freed heap pages now
        ctypes.CDLL(None).malloc_trim(0)


def unglue_sentences(text: str) -> str:
    return _GLUED.sub(" ", text)


def _chunks(paragraph: str, limit: int = CHUNK_CHARS) -> list[str]:
    """Pieces of at most ``limit`` characters, cut after a sentence end where possible."""
    pieces = []
    while len(paragraph) > limit:
        window = paragraph[:limit]
        cut = max((m.end() for m in _CHUNK_BREAK.finditer(window)), default=0)
        if cut < limit // 4:
            cut = window.rfind(" ") + 1
        if cut < limit // 4:
            cut = limit
        pieces.append(paragraph[:cut])
        paragraph = paragraph[cut:]
    pieces.append(paragraph)
    return pieces


def split_sentences(body: str) -> list[str]:
    """The body's sentences in order; lines (paragraphs) never share a sentence."""
    pieces: list[tuple[int, str]] = []  # (paragraph number, chunk)
    for number, paragraph in enumerate(body.split("\n")):
        paragraph = unglue_sentences(paragraph.strip())
        if paragraph:
            pieces.extend((number, chunk) for chunk in _chunks(paragraph))
    # Dozens of Hangul syllables without a space are no prose, and Kiwi would crawl through
    # them: such a chunk stays one piece.
    prose = [chunk for _, chunk in pieces if not _NO_PROSE.search(chunk)]
    # One batch call: Kiwi spreads it over its worker threads.
    analysed = iter(split_all(prose))
    sentences: list[str] = []
    last_paragraph = -1
    for number, chunk in pieces:
        runs = [chunk] if _NO_PROSE.search(chunk) else [s.text for s in next(analysed)]
        for run in runs:
            text = run.strip()
            if not text:
                continue
            # A piece without a word ("2023.12.13", "…") belongs to the sentence before it.
            if not _HAS_WORD.search(text) and sentences and last_paragraph == number:
                sentences[-1] = f"{sentences[-1]} {text}"
            else:
                sentences.append(text)
            last_paragraph = number
    return sentences
