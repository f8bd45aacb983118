"""Test documents in every input format, built from the blocks (paragraphs, tables) a test holds.

- PDF: WeasyPrint with the bundled Korean font (embedded, subset), with a running header
  and page numbers; its lines wrap anywhere in Hangul words, as browsers' do by default;
- DOCX: python-docx, with a header and footer the reader must leave out;
- HWPX: its zipped XML (OWPML), written here;
- HWP 5: tests/hwp5_writer.py;
- .eml and .mhtml: the standard library's email package.

``as_text`` is the same content as a .txt file (a table's rows as ``a | b | c`` lines).
"""

from __future__ import annotations

import html
import io
import zipfile
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from hwp5_writer import Block, hwp_bytes


def as_text(blocks: Sequence[Block]) -> str:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            lines.append(block)
        else:
            lines.extend(" | ".join(row) for row in block)
    return "\n".join(lines) + "\n"


def _html_body(blocks: Sequence[Block]) -> str:
    parts = []
    for block in blocks:
        if isinstance(block, str):
            parts.append(f"<p>{html.escape(block)}</p>")
        else:
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                for row in block
            )
            parts.append(f"<table>{rows}</table>")
    return "".join(parts)


def pdf_bytes(
    blocks: Sequence[Block],
    *,
    running_header: str = "정책브리핑 스크랩",
    copies: int = 1,
) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from briefing.render.fetcher import safe_fetcher
    from briefing.render.fonts import FONT_STACK, font_face_css, fonts_dir

    fetcher = safe_fetcher([fonts_dir()])
    fonts = FontConfiguration()
    css = CSS(
        string=font_face_css()
        + f"""
        @page {{ size: A4; margin: 2.2cm 2cm;
          @top-right {{ content: "{running_header}"; font-family: {FONT_STACK}; font-size: 9pt; }}
          @bottom-center {{ content: "- " counter(page) " -"; font-family: {FONT_STACK}; }} }}
        body {{ font-family: {FONT_STACK}; font-size: 11pt; line-height: 1.6;
 }}
        p {{ margin: 0 0 0.8em 0; }}
        table {{ border-collapse: collapse; margin: 0 0 0.8em 0; }}
        td {{ border: 1px solid #444; padding: 2pt 6pt; }}
        """,
        url_fetcher=fetcher,
        font_config=fonts,
    )
    body = _html_body(blocks) * copies
    document = HTML(string=f"<html lang='ko'><body>{body}</body></html>", url_fetcher=fetcher)
    data: bytes = document.write_pdf(stylesheets=[css], font_config=fonts)
    return data


def docx_bytes(blocks: Sequence[Block]) -> bytes:
    from docx import Document

    document = Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "머리글: 기관 내부 자료"
    section.footer.paragraphs[0].text = "바닥글: 1쪽"
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
        else:
            table = document.add_table(rows=len(block), cols=max(len(r) for r in block))
            for r, row in enumerate(block):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_HP = "http://www.hancom.co.kr/hwpml/2011/paragraph"
_HS = "http://www.hancom.co.kr/hwpml/2011/section"


def _hwpx_paragraph(text: str) -> str:
    return (
        f'<hp:p paraPrIDRef="0" styleIDRef="0"><hp:run charPrIDRef="0">'
        f"<hp:t>{html.escape(text, quote=False)}</hp:t></hp:run></hp:p>"
    )


def hwpx_section(blocks: Sequence[Block]) -> str:
    parts = [
        # A header the reader must leave out, as Hangul stores it: a control in a run.
        '<hp:p><hp:run><hp:ctrl><hp:header id="1" applyPageType="BOTH"><hp:subList>'
        + _hwpx_paragraph("머리말: 기관 내부 자료")
        + "</hp:subList></hp:header></hp:ctrl></hp:run></hp:p>"
    ]
    for block in blocks:
        if isinstance(block, str):
            parts.append(_hwpx_paragraph(block))
            continue
        rows = []
        for r, row in enumerate(block):
            cells = "".join(
                f"<hp:tc><hp:subList>{_hwpx_paragraph(cell)}</hp:subList>"
                f'<hp:cellAddr colAddr="{c}" rowAddr="{r}"/></hp:tc>'
                for c, cell in enumerate(row)
            )
            rows.append(f"<hp:tr>{cells}</hp:tr>")
        parts.append(
            f'<hp:p><hp:run><hp:tbl rowCnt="{len(block)}" colCnt="{len(block[0])}">'
            + "".join(rows)
            + "</hp:tbl></hp:run></hp:p>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<hs:sec xmlns:hs="{_HS}" xmlns:hp="{_HP}">' + "".join(parts) + "</hs:sec>"
    )


def hwpx_bytes(blocks: Sequence[Block], *, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(
            zipfile.ZipInfo("mimetype"), "application/hwp+zip", compress_type=zipfile.ZIP_STORED
        )
        package.writestr(
            "Contents/content.hpf",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<opf:package xmlns:opf="http://www.idpf.org/2007/opf/">'
            '<opf:manifest><opf:item id="section0" href="Contents/section0.xml" '
            'media-type="application/xml"/></opf:manifest>'
            '<opf:spine><opf:itemref idref="section0"/></opf:spine></opf:package>',
        )
        package.writestr("Contents/section0.xml", hwpx_section(blocks))
        for name, data in (extra or {}).items():
            package.writestr(name, data)
    return buffer.getvalue()


def eml_bytes(
    blocks: Sequence[Block], *, as_html: bool, sent: datetime | None = None, charset: str = "utf-8"
) -> bytes:
    message = EmailMessage()
    message["From"] = "뉴스 알리미 <alerts@example.com>"
    message["To"] = "analyst@example.com"
    message["Subject"] = "오늘의 기술협력 뉴스"
    sent = sent or datetime(2025, 3, 14, 9, 30, tzinfo=timezone(timedelta(hours=9)))
    message["Date"] = format_datetime(sent)
    text = as_text(blocks)
    if as_html:
        message.set_content(text, charset=charset)
        message.add_alternative(
            f"<html><head><title></title></head><body><article>{_html_body(blocks)}"
            "</article></body></html>",
            subtype="html",
            charset=charset,
        )
    else:
        message.set_content(text, charset=charset)
    return bytes(message)


def eml_only_attachments() -> bytes:
    message = EmailMessage()
    message["From"] = "alerts@example.com"
    message["Subject"] = "첨부 기사"
    message["Date"] = "Fri, 14 Mar 2025 09:30:00 +0900"
    message.make_mixed()
    attachment = EmailMessage()
    attachment.set_content(b"%PDF-1.7 ...", maintype="application", subtype="pdf")
    attachment.add_header("Content-Disposition", "attachment", filename="article.pdf")
    message.attach(attachment)
    return bytes(message)


def mhtml_bytes(blocks: Sequence[Block], title: str, published: str = "2025-03-14") -> bytes:
    message = EmailMessage()
    message["From"] = "<Saved by Blink>"
    message["Subject"] = title
    message["Date"] = "Mon, 1 Dec 2025 10:00:00 +0900"
    message["Snapshot-Content-Location"] = "https://news.example.com/article/1"
    page = (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"<meta property='article:published_time' content='{published}T09:00:00+09:00'>"
        f"</head><body><nav>홈 | 정치 | 경제</nav><article><h1>{html.escape(title)}</h1>"
        f"{_html_body(blocks)}</article><footer>무단 전재 및 재배포 금지</footer></body></html>"
    )
    message.make_related()
    root = EmailMessage()
    root.set_content(page, subtype="html", charset="utf-8", cte="quoted-printable")
    root["Content-Location"] = "https://news.example.com/article/1"
    message.attach(root)
    style = EmailMessage()
    style.set_content("body { color: black; }", subtype="css")
    style["Content-Location"] = "https://news.example.com/style.css"
    message.attach(style)
    return bytes(message)


def hwp_document(blocks: Sequence[Block], *, password: bool = False) -> bytes:
    return hwp_bytes(blocks, password=password)


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def cid_font_pdf(lines: Sequence[str], encoding: str = "UniKS-UCS2-H") -> bytes:
    """A PDF whose Korean text uses a CID font that is not embedded and has no ToUnicode
    map (Adobe-Korea1 with a predefined CMap), as older Korean office software writes."""
    codec = "utf-16-be" if encoding.startswith("UniKS-UCS2") else "cp949"
    ops = ["BT", "/F1 12 Tf", "16 TL", "72 770 Td"]
    ops += [f"<{line.encode(codec).hex()}> Tj T*" for line in lines]
    content = ("\n".join([*ops, "ET"])).encode("ascii")
    font = b"/HYSMyeongJo-Medium"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont "
        + font
        + b" /Encoding /"
        + encoding.encode()
        + b" /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont "
        + font
        + b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Korea1) /Supplement 1 >>"
        b" /FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName "
        + font
        + b" /Flags 6 /FontBBox [0 -148 1001 880] /ItalicAngle 0 /Ascent 880"
        b" /Descent -148 /CapHeight 880 /StemV 93 >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def image_only_pdf(blocks: Sequence[Block]) -> bytes:
    """A scan: the pages of a real PDF rendered to images, saved as a PDF of images."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(pdf_bytes(blocks))
    images = [source[i].render(scale=200 / 72).to_pil().convert("L") for i in range(len(source))]
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=200, save_all=True, append_images=images[1:])
    return buffer.getvalue()
