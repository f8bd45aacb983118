"""Stage 1, read: one file on disk -> decoded text (RawDocument).

Decoding is a strict chain, never a guesser: a byte-order mark (UTF-8, UTF-16, UTF-32),
then strict UTF-8, then CP949 (a superset of EUC-KR; pages that declare ``euc-kr`` usually
hold CP949 bytes), then, for HTML only, a non-Korean charset the page declares. UTF-16
without a BOM is recognised by its zero bytes. A file is refused with one line naming the
path when it is missing, empty, too large (checked with ``stat`` before reading), binary,
undecodable or already garbled (mojibake).

HTML pages go through trafilatura's main-text extraction; the page's own title
(og:title, else <title>), published date and site name are kept when it states them.
Documents (PDF, DOCX, HWPX, HWP, .eml, .mhtml) go to their readers in briefing.readers,
chosen by extension and checked by signature.
"""

from __future__ import annotations

import codecs
import re
import stat
from pathlib import Path
from typing import Any

from briefing.errors import InputError
from briefing.korean import iso_date
from briefing.readers import read_formatted
from briefing.types import RawDocument

# What briefing handles within a minute and 1 GiB (benchmarks/bench_large_article.py): the
# article's text, as UTF-8, after decoding and HTML extraction. A file may be larger (a
# page's markup, a PDF's images), up to MAX_BYTES, refused by its size before it is read.
MAX_TEXT_BYTES = 1024 * 1024
MAX_BYTES = 10 * 1024 * 1024
HTML_SUFFIXES = (".html", ".htm", ".xhtml")

_RESAVE_HINT = "open the article in an editor and save it as UTF-8 text"

# Magic numbers of the binary formats people most often save by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/HWPX/XLSX)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF file (WEBP image, WAV or AVI)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office or HWP document"),
    (b"HWP Document File", "an HWP document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program (ELF)"),
    (b"MZ", "a Windows program"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"{\\rtf", "an RTF document"),
    (b"\x00\x00\x00\x18ftyp", "a video or HEIC image"),
    (b"\x00\x00\x00\x20ftyp", "a video or HEIC image"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Declared charsets that mean "Korean": all decoded as CP949 (their superset).
_KOREAN_CHARSETS = {
    "euc-kr",
    "euckr",
    "euc_kr",
    "cp949",
    "ms949",
    "uhc",
    "x-windows-949",
    "windows-949",
    "ks_c_5601-1987",
    "ks_c_5601",
    "ksc5601",
    "ksc_5601",
    "korean",
    "iso-ir-149",
}

_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_LOOKS_LIKE_HTML = re.compile(rb"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>])", re.IGNORECASE)


def read_document(path: Path) -> RawDocument:
    """Decode one article file; raise InputError (message starting with the path) if unusable."""
    data = _read_bytes(path)
    document = read_formatted(path, data)  # PDF, DOCX, HWPX, HWP, e-mail: by extension
    if document is not None:
        check_text_size(document.text, path)
        return document
    is_html = path.suffix.lower() in HTML_SUFFIXES or bool(
        _LOOKS_LIKE_HTML.match(data[:1024].removeprefix(codecs.BOM_UTF8))
    )
    text, encoding = decode_bytes(data, path, is_html=is_html)
    # A page saved as .txt (also in UTF-16, which the byte test above cannot see).
    is_html = is_html or bool(_LOOKS_LIKE_HTML.match(text[:1024].encode("utf-8", "replace")))
    check_not_mojibake(text, path)
    if not is_html:
        check_text_size(text, path)
        return RawDocument(str(path), text, encoding, "text")
    document = _html_document(str(path), text, encoding)
    check_text_size(document.text, path)
    return document


def check_text_size(text: str, path: Path | str) -> None:
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_TEXT_BYTES:
        raise InputError(
            f"{path}: the article is too long ({_megabytes(size)} of text; briefing handles "
            f"up to {_megabytes(MAX_TEXT_BYTES)}, about 400,000 Korean characters)",
            "split it into separate articles, or keep only the article itself",
        )


# --------------------------------------------------------------------------- bytes


def _unreadable(path: Path, exc: OSError) -> InputError:
    """The one-line error for a file the system will not let us stat or open."""
    if isinstance(exc, FileNotFoundError):
        return InputError(f"{path}: no such file", "check the path")
    if isinstance(exc, PermissionError):
        return InputError(
            f"{path}: cannot read the file (permission denied)", "check the file's permissions"
        )
    return InputError(
        f"{path}: cannot read the file ({exc.strerror})", "check the file and try again"
    )


def _read_bytes(path: Path) -> bytes:
    try:
        info = path.stat()
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    if stat.S_ISDIR(info.st_mode):
        raise InputError(
            f"{path}: is a folder, not an article file",
            "name a .txt or .html file, or pass the folder to `briefing generate`",
        )
    if not stat.S_ISREG(info.st_mode):
        # Opening a FIFO or device would block or never end.
        raise InputError(f"{path}: not a regular file", "give a .txt or .html file")
    if info.st_size == 0:
        raise InputError(f"{path}: file is empty", "save the article text into it and try again")
    if info.st_size > MAX_BYTES:
        raise InputError(
            f"{path}: file is too large ({_megabytes(info.st_size)}; the limit is "
            f"{_megabytes(MAX_BYTES)})",
            "a news article is far smaller: save only the article's page or text",
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)  # the file may have grown since stat
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    if len(data) > MAX_BYTES:
        raise InputError(
            f"{path}: file is too large (more than {_megabytes(MAX_BYTES)})",
            "a news article is far smaller: save only the article's page or text",
        )
    if not data:
        raise InputError(f"{path}: file is empty", "save the article text into it and try again")
    return data


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


# --------------------------------------------------------------------------- decoding


def decode_bytes(data: bytes, path: Path | str, *, is_html: bool = False) -> tuple[str, str]:
    """``(text, encoding)`` by the strict chain; InputError for binary or undecodable bytes."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding, path), encoding
    # Known file signatures first: a PDF or ZIP can look like BOM-less UTF-16.
    signature = _signature_kind(data)
    if signature:
        raise InputError(
            f"{path}: not text: the file is {signature}", "save the article as a .txt or .html file"
        )
    utf16 = _bomless_utf16(data)
    if utf16:
        return _strict(data, utf16, path), utf16
    binary = _binary_kind(data)
    if binary:
        raise InputError(
            f"{path}: not text: the file is {binary}", "save the article as a .txt or .html file"
        )
    candidates = ["utf-8", "cp949"]
    declared = _declared_charset(data) if is_html else None
    if declared and declared not in candidates:
        candidates.append(declared)
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    tried = ", ".join(candidates)
    raise InputError(f"{path}: unknown text encoding (not valid {tried})", _RESAVE_HINT)


def _strict(data: bytes, encoding: str, path: Path | str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: encoding error: the bytes are not valid {encoding} (at byte {exc.start})",
            _RESAVE_HINT,
        ) from exc


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM, told by its zero bytes and checked by decoding a sample.

    Spaces, digits and line breaks leave a zero in the high byte of their code unit; a
    Hangul syllable has a zero low byte only once in 256 (가, 대), so Korean prose shows
    zeros on one side of the byte pairs and few on the other. CP949 and UTF-8 text hold no
    zero bytes at all.
    """
    sample = data[:8192]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 16:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0), odd.count(0)
    if zeros_odd >= 0.1 * len(odd) and zeros_even * 4 <= zeros_odd:
        encoding = "utf-16-le"
    elif zeros_even >= 0.1 * len(even) and zeros_odd * 4 <= zeros_even:
        encoding = "utf-16-be"
    else:
        return None
    text = sample.decode(encoding, errors="replace")
    plausible = sum(1 for ch in text if ch.isprintable() or ch in "\t\n\r")
    return encoding if plausible >= 0.95 * len(text) else None


def describe_signature(data: bytes) -> str | None:
    """What a known file signature says the bytes are ("a PDF document"), else None."""
    return _signature_kind(data)


def _signature_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return None


def _binary_kind(data: bytes) -> str | None:
    sample = data[:8192]
    # A few stray control bytes are cleaned later; many of them mean binary data.
    controls = sum(1 for b in sample if b < 0x20 and b not in b"\t\n\r\x0b\x0c\x1b")
    if controls > max(8, len(sample) // 50):
        return "binary data"
    return None


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED_CHARSET.search(data[:4096])
    if not match:
        return None
    name = (match.group(1) or match.group(2)).decode("ascii").lower()
    if name in _KOREAN_CHARSETS:
        return "cp949"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


# --------------------------------------------------------------------------- mojibake


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e" or "\u1100" <= ch <= "\u11ff"


def _is_hanja(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def _is_kana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u30ff" or "\uff66" <= ch <= "\uff9d"


def check_not_mojibake(text: str, path: Path | str) -> None:
    """Refuse text that was already garbled before it reached us."""
    replacement = text.count("\ufffd")
    letters = [ch for ch in text if ch.isalpha()]
    if replacement >= 3 and replacement > 0.005 * max(len(letters), 1):
        raise InputError(
            f"{path}: encoding damage: the text is garbled (mojibake): it holds "
            f"{replacement} replacement characters (U+FFFD)",
            "save the article again from the original page",
        )
    if len(letters) < 20:
        return
    hangul = sum(1 for ch in letters if _is_hangul(ch))
    hanja = sum(1 for ch in letters if _is_hanja(ch))
    latin1 = sum(1 for ch in text if "\u0080" <= ch <= "\u00ff" and ch not in "\u00a0\u00b7")
    # UTF-8 read as Latin-1/CP1252 ("ì¡°íƒœìš©"), or UTF-8 read as CP949 ("媛뺣룄?먯").
    latin1_garble = latin1 > 0.2 * len(letters) and hangul < 0.1 * len(letters)
    # Japanese has many kanji too, but also kana: CP949 mojibake makes a kana for about
    # every thirty Hanja (a UTF-8 continuation byte 0xAA or 0xAB read as a lead byte).
    kana = sum(1 for ch in letters if _is_kana(ch))
    cp949_garble = hanja > 0.3 * (hangul + hanja) and hanja > 20 and hangul > 0
    cp949_garble = cp949_garble and kana < 0.25 * hanja
    if latin1_garble or cp949_garble:
        raise InputError(
            f"{path}: encoding damage: the text is garbled (mojibake): only "
            f"{hangul} of {len(letters)} letters are Hangul",
            "save the article again from the original page",
        )


# --------------------------------------------------------------------------- HTML

_BLOCK_TAGS = {"p", "head", "item", "list", "quote", "row", "table", "div", "cell", "code"}


# libxml2 drops everything nested deeper than 256 elements; pages are never that deep
# unless broken or hostile, and such a page is flattened to its paragraphs first.
MAX_HTML_DEPTH = 200
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^>]*?(/?)>")
_VOID_TAGS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip
_UNSHOWN = re.compile(
    r"<!--.*?-->|<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_LINE_BREAKING_TAGS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
}  # fmt: skip
_BODY_START = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


def nesting_depth(html: str, stop_at: int = MAX_HTML_DEPTH + 1) -> int:
    """How deep the page's elements nest (counted up to ``stop_at``)."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            depth = max(depth - 1, 0)
        elif name not in _VOID_TAGS and not self_closing:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest >= stop_at:
                    break
    return deepest


def flatten_html(html: str) -> str:
    """The page with its body reduced to one level of paragraphs (its text kept in order)."""
    body_start = _BODY_START.search(html)
    head = html[: body_start.start()] if body_start else ""
    body = html[body_start.end() :] if body_start else html
    body = _UNSHOWN.sub(" ", body)

    def tag(match: re.Match[str]) -> str:
        return "\n" if match.group(2).lower() in _LINE_BREAKING_TAGS else ""

    lines = (line.strip() for line in _TAG.sub(tag, body).splitlines())
    paragraphs = "".join(f"<p>{line}</p>\n" for line in lines if line)
    head = _TAG.sub(_head_tag, _UNSHOWN.sub(" ", head))
    return f"{head}<body>\n{paragraphs}</body></html>"


def _head_tag(match: re.Match[str]) -> str:
    # The head keeps its title and meta tags, never the nesting a broken page put there.
    name = match.group(2).lower()
    return match.group(0) if name in ("html", "head", "title", "meta") else ""


def _html_document(source_path: str, html: str, encoding: str) -> RawDocument:
    from lxml import html as lxml_html  # heavy: only for HTML input

    if nesting_depth(html) > MAX_HTML_DEPTH:
        html = flatten_html(html)
    try:
        tree = lxml_html.document_fromstring(html)
    except Exception as exc:  # lxml raises several types for broken markup
        raise InputError(
            f"{source_path}: cannot parse the HTML page ({exc})",
            "save the page again, or paste its text into a .txt file",
        ) from exc
    text = _main_text(html) or _all_text(tree)
    if not text.strip():
        raise InputError(
            f"{source_path}: the HTML page holds no article text",
            "save the article's own page, or paste its text into a .txt file",
        )
    return RawDocument(
        source_path=source_path,
        text=text,
        encoding=encoding,
        kind="html",
        html_title=_meta(tree, "og:title") or _title(tree),
        html_published=_published(tree),
        html_site_name=_meta(tree, "og:site_name"),
        html_url=_meta(tree, "og:url") or _canonical(tree),
    )


def html_document(source_path: str, html: str, encoding: str) -> RawDocument:
    """An HTML page already decoded (the root of a saved page, an e-mail's HTML body)."""
    return _html_document(source_path, html, encoding)


def is_korean_charset(name: str) -> bool:
    """A declared charset that means Korean (decoded as CP949, their superset)."""
    return name.lower() in _KOREAN_CHARSETS


def _main_text(html: str) -> str:
    from trafilatura import bare_extraction

    # The body tree, not trafilatura's text output: that one unescapes entities a second time.
    document = bare_extraction(
        html, with_metadata=False, favor_recall=True, include_comments=False, include_tables=True
    )
    body = getattr(document, "body", None)
    if body is None:
        return ""
    parts: list[str] = []
    _flatten(body, parts)
    return _tidy_lines("".join(parts))


def _flatten(element: Any, parts: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "lb":
        parts.append("\n")
    block = tag in _BLOCK_TAGS
    if block:
        parts.append("\n")
    if element.text:
        parts.append(element.text)
    for child in element:
        _flatten(child, parts)
    if block:
        parts.append("\n")
    if element.tail:
        parts.append(element.tail)


def _all_text(tree: Any) -> str:
    """Fallback when main-text extraction finds nothing: the visible text of <body>."""
    for bad in tree.xpath("//script|//style|//noscript|//template|//nav|//header|//footer"):
        bad.drop_tree()
    bodies = tree.xpath("//body")
    root = bodies[0] if bodies else tree
    lines: list[str] = []
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        if node.text:
            lines.append(node.text)
        if node.tag in {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr", "section"}:
            lines.append("\n")
        if node.tail:
            lines.append(node.tail)
    return _tidy_lines("".join(lines))


def _tidy_lines(text: str) -> str:
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _meta(tree: Any, prop: str) -> str | None:
    for value in tree.xpath(f'//meta[@property="{prop}" or @name="{prop}"]/@content'):
        value = " ".join(str(value).split())
        if value:
            return value
    return None


def _canonical(tree: Any) -> str | None:
    for href in tree.xpath('//link[@rel="canonical"]/@href'):
        if str(href).strip():
            return str(href).strip()
    return None


def _title(tree: Any) -> str | None:
    for title in tree.xpath("//title"):
        text = " ".join(title.text_content().split())
        if text:
            return text
    return None


_ISO_DATE = re.compile(r"\b(\d{4})[-./](\d{1,2})[-./](\d{1,2})")


def _published(tree: Any) -> str | None:
    """The publication date the page declares (never one guessed from its text)."""
    for prop in (
        "article:published_time",
        "og:published_time",
        "datePublished",
        "pubdate",
        "publishdate",
        "date",
    ):
        value = _meta(tree, prop)
        match = _ISO_DATE.search(value or "")
        if match:
            return _iso(match)
    for value in tree.xpath(
        '//*[@itemprop="datePublished"]/@content|//*[@itemprop="datePublished"]/@datetime'
    ):
        match = _ISO_DATE.search(str(value))
        if match:
            return _iso(match)
    return None


def _iso(match: re.Match[str]) -> str | None:
    return iso_date(*match.groups())


__all__ = [
    "MAX_BYTES",
    "MAX_TEXT_BYTES",
    "check_not_mojibake",
    "decode_bytes",
    "describe_signature",
    "html_document",
    "is_korean_charset",
    "read_document",
]
