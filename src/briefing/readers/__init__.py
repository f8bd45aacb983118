"""Readers of the document formats behind the `read` stage: PDF, DOCX, HWPX, HWP 5, e-mail.

`read.read_document` hands a file here when its extension names one of these formats; the
file's signature must agree (a ``.pdf`` that is really a ZIP archive is refused, as is a
``.txt`` that is really a PDF). Each reader returns a RawDocument whose text keeps one
paragraph per line, tables as one line per row (cells separated by `` | ``), and page
furniture (running headers, footers, page numbers) removed; the cleaning stage does the rest.
Every refusal is an InputError whose message starts with the path.

Heavy libraries (pypdfium2, python-docx, lxml, trafilatura) are imported inside the
functions that use them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from briefing.errors import InputError
from briefing.types import DocumentKind, RawDocument

# Extension -> format. Anything else (.txt, .html, no extension) is read as text or HTML.
FORMAT_SUFFIXES: dict[str, DocumentKind] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".hwpx": "hwpx",
    ".hwp": "hwp",
    ".eml": "eml",
    ".mht": "mhtml",
    ".mhtml": "mhtml",
}

FORMAT_NAMES: dict[DocumentKind, str] = {
    "pdf": "a PDF document",
    "docx": "a Word (DOCX) document",
    "hwpx": "an HWPX document",
    "hwp": "an HWP document",
    "eml": "an e-mail message",
    "mhtml": "a saved web page (MHTML)",
}

# Most text one document may yield: far more than any article or press release.
MAX_TEXT_CHARS = 2_000_000

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
HWP3_MAGIC = b"HWP Document File V3"


def document_kind(path: Path) -> DocumentKind | None:
    """The format the file's extension names, or None for text and HTML."""
    return FORMAT_SUFFIXES.get(path.suffix.lower())


def read_formatted(path: Path, data: bytes) -> RawDocument | None:
    """The document read by its format's reader; None when the extension names text/HTML."""
    kind = document_kind(path)
    if kind is None:
        return None
    _check_signature(path, data, kind)
    document = _reader(kind)(path, data)
    _check_text(path, document)
    return document


def _reader(kind: DocumentKind) -> Callable[[Path, bytes], RawDocument]:
    if kind == "pdf":
        from briefing.readers.pdf import read_pdf

        return read_pdf
    if kind == "docx":
        from briefing.readers.docx import read_docx

        return read_docx
    if kind == "hwpx":
        from briefing.readers.hwpx import read_hwpx

        return read_hwpx
    if kind == "hwp":
        from briefing.readers.hwp5 import read_hwp

        return read_hwp
    from briefing.readers.mime import read_eml, read_mhtml

    return read_eml if kind == "eml" else read_mhtml


def _check_signature(path: Path, data: bytes, kind: DocumentKind) -> None:
    """The bytes must be what the extension says; say what they are when they are not."""
    from briefing.read import describe_signature

    name = FORMAT_NAMES[kind]
    if kind == "pdf":
        ok = b"%PDF-" in data[:1024]
    elif kind in ("docx", "hwpx"):
        ok = data.startswith(ZIP_MAGIC)
        if data.startswith(OLE_MAGIC):
            # Word and Hancom write a password-protected DOCX/HWPX as an encrypted OLE file.
            raise InputError(
                f"{path}: {name} protected by a password (encrypted)",
                "open it, remove the password, save it again, then brief the saved copy",
            )
    elif kind == "hwp":
        if data.startswith(HWP3_MAGIC):
            raise InputError(
                f"{path}: an HWP 3 document (Hangul 97 or older), which is not supported",
                "open it in Hangul and save it as HWP 5 (.hwp), HWPX or PDF",
            )
        ok = data.startswith(OLE_MAGIC)
    else:  # e-mail and MHTML are text
        ok = describe_signature(data) is None
    if ok:
        return
    actual = describe_signature(data)
    what = f"the file is {actual}" if actual else "the file does not have its signature"
    raise InputError(
        f"{path}: not {name}: {what}",
        "give the file the extension of its real format, or save the article again",
    )


def _check_text(path: Path, document: RawDocument) -> None:
    from briefing.read import check_not_mojibake

    if len(document.text) > MAX_TEXT_CHARS:
        raise InputError(
            f"{path}: the document holds too much text ({len(document.text):,} characters; "
            f"the limit is {MAX_TEXT_CHARS:,})",
            "a news article or press release is far shorter: save only the article",
        )
    if not document.text.strip():
        raise InputError(
            f"{path}: {FORMAT_NAMES[document.kind]} without any text",
            "check that the file holds the article, or save it as a .txt file",
        )
    check_not_mojibake(document.text, path)


__all__ = ["FORMAT_SUFFIXES", "MAX_TEXT_CHARS", "document_kind", "read_formatted"]
