"""E-mail (.eml: a news alert or a forwarded article) and saved web pages (.mhtml, .mht).

Both are MIME messages, parsed with the standard library. An e-mail's article is its HTML
body (main text as for an HTML page), else its plain-text body; its Date header is the
publication date when the text states none (the cleaning stage prefers the text's own).
An e-mail that holds only attachments is refused. A saved page's article is its root HTML
part (the ``start`` of the multipart/related, else its first HTML part); the date a
browser writes into a saved page is the day it was saved, so it is not used.
"""

from __future__ import annotations

from dataclasses import replace
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

from briefing.errors import InputError
from briefing.types import RawDocument

MAX_PARTS = 500


def _parse(path: Path, data: bytes) -> EmailMessage:
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
    except Exception as exc:  # the parser is lenient; anything raised means unusable bytes
        raise InputError(
            f"{path}: cannot read the message ({type(exc).__name__}: {exc})",
            "save the message again from the mail program (as .eml)",
        ) from exc
    assert isinstance(message, EmailMessage)
    if sum(1 for _ in message.walk()) > MAX_PARTS:
        raise InputError(
            f"{path}: the message has more than {MAX_PARTS} parts",
            "save only the article, or forward it on its own",
        )
    return message


def _part_text(path: Path, part: Message) -> tuple[str, str]:
    """The part's decoded text and the encoding used (Korean charsets read as CP949)."""
    from briefing.read import decode_bytes, is_korean_charset

    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    declared = (part.get_content_charset() or "").lower()
    if is_korean_charset(declared):
        declared = "cp949"
    if declared:
        try:
            return data.decode(declared), declared
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data, path, is_html=part.get_content_subtype() == "html")


def _is_attachment(part: Message) -> bool:
    return part.get_content_disposition() == "attachment"


def read_eml(path: Path, data: bytes) -> RawDocument:
    message = _parse(path, data)
    body = message.get_body(preferencelist=("html", "plain"))
    if body is None or _is_attachment(body):
        names = [
            part.get_filename() or part.get_content_type()
            for part in message.walk()
            if _is_attachment(part)
        ]
        listed = f" (attachments: {', '.join(names[:5])})" if names else ""
        raise InputError(
            f"{path}: the e-mail has no text body, only attachments{listed}",
            "save the attached article itself and brief that file",
        )
    text, encoding = _part_text(path, body)
    published = _date_header(message)
    if body.get_content_subtype() == "html":
        from briefing.read import html_document

        document = html_document(str(path), text, encoding)
        return replace(document, kind="eml", html_published=document.html_published or published)
    return RawDocument(str(path), text, encoding, "eml", html_published=published)


def _date_header(message: EmailMessage) -> str | None:
    value = message.get("Date")
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    return moment.date().isoformat()  # the date where the sender was


def read_mhtml(path: Path, data: bytes) -> RawDocument:
    message = _parse(path, data)
    root = _root_html(message)
    if root is None:
        raise InputError(
            f"{path}: the saved page holds no HTML page",
            "save the page again (Save as: web page, single file), or as .html",
        )
    text, encoding = _part_text(path, root)
    from briefing.read import html_document

    return replace(html_document(str(path), text, encoding), kind="mhtml")


def _root_html(message: EmailMessage) -> Message | None:
    if not message.is_multipart():
        return message if message.get_content_type() == "text/html" else None
    start = message.get_param("start")
    parts = [p for p in message.walk() if not p.is_multipart()]
    if isinstance(start, str):
        wanted = start.strip("<>")
        for part in parts:
            if str(part.get("Content-ID", "")).strip("<>") == wanted:
                return part
    return next((p for p in parts if p.get_content_type() == "text/html"), None)
