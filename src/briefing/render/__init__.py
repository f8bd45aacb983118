"""Stage 6, render: Facts -> memo bytes (PDF via WeasyPrint, DOCX via python-docx).

Memos are rendered from the facts document only, through one context
(``context.build_context``) that both formats read:

- PDF: ``templates/memo.html`` (one language) or ``memo_bilingual.html`` (Korean and English
  side by side) + ``memo.css`` + ``labels.toml`` -> ``pdf.html_to_pdf``;
- DOCX: ``memo_docx.write_memo`` on the building blocks in ``docx``.

Building blocks for other documents (the weekly digest): ``templating.environment``,
``pdf.html_to_pdf``, ``docx.new_document`` / ``docx.add_run`` / ``docx.document_bytes``.
Heavy libraries (weasyprint, docx) load inside the functions that use them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from briefing.types import Facts

if TYPE_CHECKING:
    from briefing.render.context import MemoContext

Lang = Literal["ko", "en", "bilingual"]
Format = Literal["pdf", "docx"]
Layout = Literal["separate", "bilingual"]
LAYOUTS: tuple[Layout, ...] = ("separate", "bilingual")
# WeasyPrint variants offered: PDF/UA for accessibility, PDF/A for archiving.
PDF_VARIANTS = ("pdf/ua-1", "pdf/ua-2", "pdf/a-3u", "pdf/a-2u")


@dataclass(frozen=True)
class RenderOptions:
    generated_at: str  # ISO timestamp, shown in the header
    templates_dir: Path | None = None  # the user's own templates; None = bundled
    reference_docx: Path | None = None
    page_size: str = "A4"
    pdf_variant: str | None = None  # e.g. "pdf/ua-1"
    author: str = "briefing"  # PDF and DOCX author metadata
    # where font subsets are kept between runs (the store's folder); None: a temporary one
    font_cache: Path | None = None


def render_memo(facts: Facts, lang: Lang, fmt: Format, options: RenderOptions) -> bytes:
    """One memo: ``lang`` "ko", "en" or "bilingual" (both side by side), as PDF or DOCX.

    Raises ``RenderError`` for a broken template, an unknown page size or PDF variant, or
    an unreadable reference DOCX.
    """
    return render_memos(facts, ((lang, fmt),), options)[(lang, fmt)]


def render_memos(
    facts: Facts,
    memos: Iterable[tuple[Lang, Format]],
    options: RenderOptions,
    *,
    side_by_side: bool = False,
) -> dict[tuple[Lang, Format], bytes]:
    """Several memos of one article, sharing what they have in common: each language's
    context is built once for all of them (and the font subsets, by character set, are
    made once: ``subsets``).

    ``side_by_side``: draw about half of them in a forked child on the second core
    (``forked.run_halves``; only from a process with a single thread, else one after the
    other here).  The same bytes either way.
    """
    from briefing.errors import RenderError
    from briefing.render.context import build_context

    wanted = list(memos)
    contexts: dict[tuple[str, bool], MemoContext] = {}

    def context(code: Literal["ko", "en"], paired: bool) -> MemoContext:
        if (code, paired) not in contexts:
            contexts[(code, paired)] = build_context(
                facts,
                code,
                generated_at=options.generated_at,
                templates_dir=options.templates_dir,
                paired=paired,
            )
        return contexts[(code, paired)]

    for lang, fmt in wanted:
        if lang not in ("ko", "en", "bilingual"):
            raise RenderError(f"unknown memo language {lang!r}", "use ko, en or bilingual")
        if fmt not in ("pdf", "docx"):
            raise RenderError(f"unknown memo format {fmt!r}", "use pdf or docx")

    def draw(some: list[tuple[Lang, Format]]) -> dict[tuple[Lang, Format], bytes]:
        rendered: dict[tuple[Lang, Format], bytes] = {}
        for lang, fmt in some:
            codes: tuple[Literal["ko", "en"], ...] = (
                ("ko", "en") if lang == "bilingual" else (lang,)
            )
            paired = lang == "bilingual"
            rendered[(lang, fmt)] = _render(
                lang, fmt, {code: context(code, paired) for code in codes}, options
            )
        return rendered

    if not side_by_side or len(wanted) < 2:
        return draw(wanted)
    from briefing.render.forked import can_fork, run_halves

    if not can_fork():
        return draw(wanted)
    here, there = _halves(wanted)
    _load_before_fork(wanted, options)
    mine, theirs = run_halves(lambda: draw(here), lambda: draw(there))
    both = {**mine, **theirs}
    return {memo: both[memo] for memo in wanted}


def _halves(
    memos: list[tuple[Lang, Format]],
) -> tuple[list[tuple[Lang, Format]], list[tuple[Lang, Format]]]:
    """Two groups of about equal work (a PDF costs about three DOCX), a language's memos
    together where that balances (they share its context and font subsets)."""
    cost = {"pdf": 3, "docx": 1}
    by_lang: dict[str, list[tuple[Lang, Format]]] = {}
    for memo in memos:
        by_lang.setdefault(memo[0], []).append(memo)
    groups = sorted(by_lang.values(), key=lambda g: -sum(cost[f] for _, f in g))
    if len(groups) < 2:  # one language: its PDFs and DOCX apart
        groups = [[m] for m in sorted(memos, key=lambda m: -cost[m[1]])]
    here: list[tuple[Lang, Format]] = []
    there: list[tuple[Lang, Format]] = []
    for group in groups:
        lighter = here if sum(cost[f] for _, f in here) <= sum(cost[f] for _, f in there) else there
        lighter.extend(group)
    return here, there


def _load_before_fork(memos: list[tuple[Lang, Format]], options: RenderOptions) -> None:
    """What both processes need, loaded once in the parent: the child shares it."""
    formats = {fmt for _, fmt in memos}
    if "pdf" in formats:
        import weasyprint  # noqa: F401

        from briefing.render.subsets import weasyprint_subsets_with_harfbuzz

        weasyprint_subsets_with_harfbuzz()
    if "docx" in formats:
        import docx  # noqa: F401
    if options.font_cache is None:
        from briefing.render.subsets import process_cache_dir

        process_cache_dir()  # made here, so that this process removes it at exit


def _render(
    lang: Lang, fmt: Format, contexts: dict[str, MemoContext], options: RenderOptions
) -> bytes:
    if fmt == "docx":
        from briefing.render.memo_docx import write_memo

        return write_memo(contexts, options)
    from briefing.render.pdf import html_to_pdf
    from briefing.render.templating import render_template

    if lang == "bilingual":
        ko, en = contexts["ko"], contexts["en"]
        html = render_template(
            options.templates_dir,
            "memo_bilingual.html",
            ko=ko,
            en=en,
            untranslated_label=en.labels["untranslated"],
        )
        title = f"{ko.plain_title} / {en.plain_title}"
        return html_to_pdf(html, options, title=title, lang="ko", landscape=True)
    memo = contexts[lang]
    html = render_template(
        options.templates_dir, "memo.html", m=memo, untranslated_label=memo.labels["untranslated"]
    )
    return html_to_pdf(html, options, title=memo.plain_title, lang=lang)
