"""HTML -> PDF through WeasyPrint, with the bundled fonts, safe fetching and metadata."""

from __future__ import annotations

import contextlib
import html as html_module
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing import __version__
from briefing.errors import RenderError
from briefing.render import PDF_VARIANTS
from briefing.render.fetcher import safe_fetcher
from briefing.render.fonts import subset_font_face_css
from briefing.render.templating import search_path

if TYPE_CHECKING:
    from briefing.render import RenderOptions

PAGE_SIZES = {"a4": "A4", "letter": "letter"}


def page_size_css(page_size: str, *, landscape: bool = False) -> str:
    size = PAGE_SIZES.get(page_size.lower())
    if size is None:
        raise RenderError(f"unknown page size {page_size!r}", "use A4 or Letter")
    return f"@page {{ size: {size}{' landscape' if landscape else ''}; }}\n"


@contextlib.contextmanager
def _font_timestamps(created: str | None) -> Iterator[None]:
    """fontTools stamps every font subset with the time it is made, unless
    SOURCE_DATE_EPOCH (the reproducible-builds convention) names one: with ``created`` the
    PDF's bytes depend on the document alone."""
    if created is None:
        yield
        return
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime.fromisoformat(created).timestamp()))
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def html_to_pdf(
    html: str,
    options: RenderOptions,
    *,
    title: str,
    lang: str,
    landscape: bool = False,
    created: str | None = None,
) -> bytes:
    """Render ``html`` to PDF bytes: the one way briefing makes a PDF.

    - Fonts: ``@font-face`` rules for the bundled families (``fonts.FACES``) are added as a
      user stylesheet, so a template only names them (``fonts.FONT_STACK``).  They point at
      subsets holding the characters of the HTML and of the templates' CSS, made once per
      character set and kept in ``options.font_cache`` (``subsets.cached_subset``);
      WeasyPrint then keeps the glyphs drawn, with HarfBuzz when ``uharfbuzz`` is installed
      (``subsets.weasyprint_subsets_with_harfbuzz``).
    - Page size: ``options.page_size`` (A4 or Letter; ``landscape`` turns it) is set here
      as a user stylesheet: do not set ``size`` in template CSS, set margins and
      ``@top-*``/``@bottom-*`` boxes there (``counter(page)``, ``counter(pages)``).
    - Safety: relative URLs resolve against the templates folder; only files inside the
      user's templates folder or the bundled one are fetched (no http/https, no other
      ``file://``): see ``fetcher.safe_fetcher``.  Escape all article text in the HTML
      (the environment from ``templating.environment`` does).
    - Metadata: ``title``, ``lang`` (e.g. "ko", "en") and author ("briefing") are set on
      the PDF whatever the HTML says; headings h1-h6 become bookmarks; ``href="#id"``
      links become internal links.  ``created`` (an ISO timestamp) becomes the creation and
      modification dates and the embedded font subsets' timestamps, so the same HTML
      gives the same bytes; without it the PDF carries no date.  The PDF is tagged;
      ``options.pdf_variant`` (e.g. "pdf/ua-1") selects a WeasyPrint PDF variant.

    Raises ``RenderError`` for an unknown page size or variant, or if WeasyPrint fails.
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from briefing.render.subsets import weasyprint_subsets_with_harfbuzz

    weasyprint_subsets_with_harfbuzz()

    if options.pdf_variant is not None and options.pdf_variant not in PDF_VARIANTS:
        raise RenderError(
            f"unknown PDF variant {options.pdf_variant!r}", f"use one of {', '.join(PDF_VARIANTS)}"
        )
    roots = search_path(options.templates_dir)
    base_url = roots[0].as_uri() + "/"
    # @font-face rules work only through a FontConfiguration shared by CSS and HTML.
    font_config = FontConfiguration()
    try:
        faces, font_folders = subset_font_face_css(
            document_codepoints(html, roots), options.font_cache
        )
        fetcher = safe_fetcher([*roots, *font_folders])
        extra = CSS(
            string=faces + page_size_css(options.page_size, landscape=landscape),
            url_fetcher=fetcher,
            font_config=font_config,
        )
        document: Any = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            stylesheets=[extra], font_config=font_config, pdf_tags=True
        )
        document.metadata.title = title
        document.metadata.lang = lang
        document.metadata.authors = [options.author]
        document.metadata.generator = f"briefing {__version__}"
        if created is not None:
            document.metadata.created = document.metadata.modified = created
        with _font_timestamps(created):
            data: bytes = document.write_pdf(pdf_variant=options.pdf_variant, pdf_tags=True)
    except RenderError:
        raise
    except Exception as exc:  # WeasyPrint raises many kinds; the user needs one line
        raise RenderError(
            f"PDF rendering failed: {type(exc).__name__}: {exc}",
            "run with --debug for the traceback; check your templates",
        ) from exc
    finally:
        _release_fontconfig(font_config)
    return data


def _release_fontconfig(font_config: Any) -> None:
    """Give back the fontconfig configuration of one PDF's fonts (every system font's
    pattern: about 0.25 MiB with 300 fonts installed, more with more).  Pango 1.50 keeps it
    when the font map is freed, so a watcher grew by that much per PDF; setting the map's
    configuration to none (the default) releases it.  ``font_config`` must not be used
    after this (its configuration is freed): it belongs to one call of ``html_to_pdf``."""
    from weasyprint.text.ffi import ffi, pangoft2

    pangoft2.pango_fc_font_map_set_config(
        ffi.cast("PangoFcFontMap *", font_config.font_map), ffi.NULL
    )


def document_codepoints(html: str, roots: list[Path]) -> frozenset[int]:
    """Every character the PDF may draw: the HTML's (entities decoded; tags and attributes
    too, a harmless excess) and the templates' stylesheets' (``content:`` strings)."""
    text = html_module.unescape(html)
    for root in roots:
        with contextlib.suppress(OSError):
            for css in sorted(root.glob("*.css")):
                text += css.read_text(encoding="utf-8", errors="replace")
    return frozenset(map(ord, text))
