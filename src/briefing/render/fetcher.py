"""The only URL fetcher WeasyPrint gets: bundled and user template assets, nothing else.

Article text is escaped by the templates, so markup in it never becomes a request; this
fetcher is the second wall: ``http``, ``https``, ``ftp`` and ``data`` URLs are refused, and a
``file://`` URL is served only when it resolves (symlinks followed) inside an allowed folder.
Every refusal is logged and recorded in ``refused``; WeasyPrint then skips the resource.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

LOGGER = logging.getLogger("briefing.render")


def allowed_file(url: str, roots: Sequence[Path]) -> Path | None:
    """The local file a ``file://`` URL names, if it lies inside one of ``roots``."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parts.path)).resolve()
    if not path.is_file():
        return None
    return path if any(path.is_relative_to(root.resolve()) for root in roots) else None


def safe_fetcher(roots: Sequence[Path]) -> Any:
    """A WeasyPrint ``URLFetcher`` that serves only files under ``roots``."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SafeFetcher(URLFetcher):  # type: ignore[misc]
        refused: list[str]

        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file",), allow_redirects=False)
            self.refused = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = allowed_file(url, roots)
            if path is None:
                self.refused.append(url)
                LOGGER.warning(
                    "refused to fetch %s: only bundled template assets are served", url[:200]
                )
                raise ValueError(f"refused: {url[:200]}")
            return URLFetcherResponse(path.as_uri(), path.read_bytes())

    return SafeFetcher()
