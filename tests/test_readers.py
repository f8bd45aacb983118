"""Every input format gives the facts its text gives as .txt; bad documents get one clear error.

Each document is built here from the sentences below (tests/documents.py), in the format's
own way: PDF by WeasyPrint with the bundled font, DOCX by python-docx, HWPX as zipped XML,
HWP 5 by tests/hwp5_writer.py, e-mail and saved pages by the standard library.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from briefing.clean import clean_document
from briefing.config import Config
from briefing.errors import InputError
from briefing.extract import extract_facts
from briefing.pipeline import GenerateOptions, build_article, generate
from briefing.read import read_document
from briefing.readers import ocr
from documents import (
    as_text,
    cid_font_pdf,
    docx_bytes,
    eml_bytes,
    eml_only_attachments,
    hwp_document,
    hwpx_bytes,
    image_only_pdf,
    mhtml_bytes,
    pdf_bytes,
    write,
)
from hwp5_writer import Block

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"

ARTICLE: list[Block] = [
    "date 2025-03-14",
    "한국과 핀란드, 양자 기술 공동연구 착수",
    "과학기술정보통신부는 14일 서울에서 핀란드 경제고용부와 양자 기술 협력 양해각서를 "
    "체결했다고 밝혔다. 박상철 과학기술정보통신부 장관과 안나 라이티넨 핀란드 경제고용부 "
    "장관이 양해각서에 서명했다.",
    "양국은 양자 컴퓨팅과 양자 통신 분야에서 공동연구를 추진하고, 2027년까지 연구자 "
    "교류를 두 배로 늘리기로 했다. 한국 정부는 이 사업에 3년간 120억 원을 지원한다.",
    "박상철 장관은 “양국의 양자 기술 협력이 한층 강화될 것”이라고 말했다.",
    "홍길동 기자",
]

PRESS_RELEASE: list[Block] = [
    "보도자료",
    [
        ["보도 일시", "2025. 3. 14.(금) 12:00", "배포 일시", "2025. 3. 13.(목) 14:00"],
        ["담당 부서", "과학기술정보통신부 국제협력관", "책임자", "과장 김민수 (044-202-4730)"],
        ["담당자", "사무관 이정훈 (044-202-4731)"],
    ],
    "한국과 핀란드, 양자 기술 공동연구 착수",
    "- 양국 장관, 양자 기술 협력 양해각서 서명 -",
    "□ 과학기술정보통신부(장관 박상철)는 3월 13일 서울에서 핀란드 경제고용부와 양자 기술 "
    "협력 양해각서를 체결했다고 밝혔다.",
    "○ 양국은 양자 컴퓨팅과 양자 통신 분야에서 공동연구를 추진하기로 했다.",
    "○ 주요 협력 분야는 다음과 같다",
    "- 양자 컴퓨터 시험 환경 공동 구축",
    "- 연구자 교류",
    "※ 양해각서는 서명일로부터 5년간 유효",
    "< 서명자 >",
    [
        ["구분", "성명", "직위"],
        ["한국", "박상철", "과학기술정보통신부 장관"],
        ["핀란드", "안나 라이티넨", "경제고용부 장관"],
    ],
    "□ 박상철 장관은 “양국의 양자 기술 협력이 한층 강화될 것”이라고 말했다.",
]

Maker = Callable[[list[Block]], bytes]

FORMATS: dict[str, tuple[str, Maker]] = {
    "pdf": (".pdf", lambda b: pdf_bytes(b)),
    "docx": (".docx", docx_bytes),
    "hwpx": (".hwpx", hwpx_bytes),
    "hwp": (".hwp", hwp_document),
}
# HTML-bodied formats: tables go through the HTML path, so articles without tables only.
TEXT_ONLY_FORMATS: dict[str, tuple[str, Maker]] = {
    "eml-plain": (".eml", lambda b: eml_bytes(b, as_html=False)),
    "eml-html": (".eml", lambda b: eml_bytes(b, as_html=True)),
    "mhtml": (".mhtml", lambda b: mhtml_bytes(b[2:], title=str(b[1]))),
}


def facts_of(path: Path) -> dict[str, Any]:
    article = build_article(path)
    facts = extract_facts(article, Config()).to_dict()
    facts["article"].pop("source_path")
    return facts


@pytest.fixture(scope="module")
def txt_facts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("txt")
    return {
        name: facts_of(write(folder, f"{name}.txt", as_text(blocks).encode()))
        for name, blocks in (("article", ARTICLE), ("release", PRESS_RELEASE))
    }


@pytest.mark.parametrize("fmt", [*FORMATS, *TEXT_ONLY_FORMATS])
def test_an_article_gives_the_same_facts_as_its_text(
    tmp_path: Path, fmt: str, txt_facts: dict[str, dict[str, Any]]
) -> None:
    suffix, make = {**FORMATS, **TEXT_ONLY_FORMATS}[fmt]
    path = write(tmp_path, f"article{suffix}", make(ARTICLE))
    assert facts_of(path) == txt_facts["article"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_press_release_gives_the_same_facts_as_its_text(
    tmp_path: Path, fmt: str, txt_facts: dict[str, dict[str, Any]]
) -> None:
    suffix, make = FORMATS[fmt]
    path = write(tmp_path, f"release{suffix}", make(PRESS_RELEASE))
    assert facts_of(path) == txt_facts["release"]


def test_press_release_header_bullets_and_signatories(tmp_path: Path) -> None:
    path = write(tmp_path, "release.hwpx", hwpx_bytes(PRESS_RELEASE))
    cleaned = clean_document(read_document(path))
    assert cleaned.title == "한국과 핀란드, 양자 기술 공동연구 착수"
    assert cleaned.published == "2025-03-14"  # 보도 일시, not 배포 일시
    assert cleaned.outlet == "과학기술정보통신부"  # the department's ministry
    lines = cleaned.body.split("\n")
    assert "양국 장관, 양자 기술 협력 양해각서 서명." in lines  # the sub-title
    assert "양해각서는 서명일로부터 5년간 유효." in lines  # ※ note as a sentence
    assert "주요 협력 분야는 다음과 같다: 양자 컴퓨터 시험 환경 공동 구축, 연구자 교류." in lines
    assert (
        "한국 박상철 과학기술정보통신부 장관, 핀란드 안나 라이티넨 경제고용부 장관이 서명했다."
        in lines
    )
    for contact in ("김민수", "이정훈", "044-202"):  # the contacts are not people of the event
        assert contact not in cleaned.body
    assert not any(line.startswith(("□", "○", "-", "※")) for line in lines)


def test_the_committed_hwp_file_reads_as_its_source_text() -> None:
    raw = read_document(FIXTURES / "press_release.hwp")
    source = (FIXTURES / "press_release.hwp.txt").read_text(encoding="utf-8")
    assert raw.kind == "hwp"
    assert raw.text.split("\n") == [line for line in source.split("\n") if line.strip()]


def test_email_date_header_is_the_published_date_when_the_text_has_none(tmp_path: Path) -> None:
    path = write(tmp_path, "alert.eml", eml_bytes(ARTICLE[1:], as_html=True))
    raw = read_document(path)
    assert raw.kind == "eml"
    assert clean_document(raw).published == "2025-03-14"
    with_date = write(
        tmp_path, "dated.eml", eml_bytes(["date 2024-12-01", *ARTICLE[1:]], as_html=False)
    )
    assert clean_document(read_document(with_date)).published == "2024-12-01"


def test_email_in_euc_kr_is_decoded(tmp_path: Path) -> None:
    path = write(tmp_path, "a.eml", eml_bytes(ARTICLE, as_html=False, charset="euc-kr"))
    assert "양자 기술 협력 양해각서" in read_document(path).text


def test_pdf_with_a_non_embedded_korean_cid_font(tmp_path: Path) -> None:
    lines = ["과학기술정보통신부는 핀란드와 협력한다.", "양국은 양자 기술 공동연구를 추진한다."]
    for encoding in ("UniKS-UCS2-H", "KSCms-UHC-H"):
        raw = read_document(write(tmp_path, f"{encoding}.pdf", cid_font_pdf(lines, encoding)))
        assert raw.text.split("\n") == lines


def test_pdf_drops_running_header_and_page_numbers_across_pages(tmp_path: Path) -> None:
    raw = read_document(write(tmp_path, "long.pdf", pdf_bytes(ARTICLE, copies=12)))
    assert "정책브리핑 스크랩" not in raw.text
    assert "- 1 -" not in raw.text and "- 2 -" not in raw.text
    assert raw.text.count("양국은 양자 컴퓨팅과 양자 통신 분야에서 공동연구를 추진하고") == 12


def test_docx_leaves_out_its_header_and_footer(tmp_path: Path) -> None:
    raw = read_document(write(tmp_path, "a.docx", docx_bytes(ARTICLE)))
    assert "머리글" not in raw.text and "바닥글" not in raw.text


# --------------------------------------------------------------------------- OCR


@pytest.mark.skipif(not ocr.ocr_available(), reason="tesseract with Korean data not installed")
def test_a_scanned_pdf_is_read_by_ocr(tmp_path: Path) -> None:
    raw = read_document(write(tmp_path, "scan.pdf", image_only_pdf(ARTICLE[1:4])))
    assert raw.encoding == "ocr"
    for words in ("과학기술정보통신부", "핀란드", "양해각서", "공동연구"):
        assert words in raw.text


def test_a_scanned_pdf_without_ocr_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr, "tesseract_languages", lambda: frozenset())
    path = write(tmp_path, "scan.pdf", image_only_pdf(ARTICLE[1:3]))
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert str(caught.value) == (
        f"{path}: the PDF has no text layer (scanned pages) and Tesseract is not installed "
        f"({ocr.INSTALL_HINT})"
    )


# --------------------------------------------------------------------------- bad input


def _encrypted_pdf() -> bytes:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_bytes(ARTICLE)))
    writer.encrypt("secret", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _zip_bomb(template: bytes) -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(template)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in source.infolist():
            bomb.writestr(item, source.read(item))
        with bomb.open("word/media/bomb.bin", "w") as member:
            chunk = bytes(1024 * 1024)
            for _ in range(300):  # 300 MB of zeros, about 300 KB packed
                member.write(chunk)
    return buffer.getvalue()


def _with_member(template: bytes, name: str) -> bytes:
    buffer = io.BytesIO(template)
    with zipfile.ZipFile(buffer, "a") as package:
        package.writestr(name, b"x")
    return buffer.getvalue()


BAD: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "encrypted pdf": (
        ".pdf",
        _encrypted_pdf,
        "the PDF is protected by a password (encrypted)",
    ),
    "truncated pdf": (
        ".pdf",
        lambda: pdf_bytes(ARTICLE)[:3000],
        "damaged or truncated PDF",
    ),
    "docx zip bomb": (".docx", lambda: _zip_bomb(docx_bytes(ARTICLE)), "a zip bomb"),
    "hwpx zip bomb": (".hwpx", lambda: _zip_bomb(hwpx_bytes(ARTICLE)), "a zip bomb"),
    "docx with ..": (
        ".docx",
        lambda: _with_member(docx_bytes(ARTICLE), "../../evil.txt"),
        "points outside the package",
    ),
    "hwpx with ..": (
        ".hwpx",
        lambda: _with_member(hwpx_bytes(ARTICLE), "Contents/../../evil.xml"),
        "points outside the package",
    ),
    "password hwp": (
        ".hwp",
        lambda: hwp_document(ARTICLE, password=True),
        "HWP document protected by a password",
    ),
    "truncated hwp": (".hwp", lambda: hwp_document(ARTICLE)[:1500], "damaged or truncated"),
    "eml with only attachments": (
        ".eml",
        eml_only_attachments,
        "the e-mail has no text body, only attachments (attachments: article.pdf)",
    ),
    "pdf that is a zip": (
        ".pdf",
        lambda: docx_bytes(ARTICLE),
        "not a PDF document: the file is a ZIP",
    ),
    "docx that is a pdf": (
        ".docx",
        lambda: pdf_bytes(ARTICLE),
        "not a Word (DOCX) document: the file is a PDF",
    ),
    "hwpx that is a docx": (".hwpx", lambda: docx_bytes(ARTICLE), "not an HWPX document"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_documents_are_refused_with_one_line(tmp_path: Path, case: str) -> None:
    suffix, make, expected = BAD[case]
    path = write(tmp_path, f"bad{suffix}", make())
    with pytest.raises(InputError) as caught:
        read_document(path)
    error = caught.value
    assert error.message.startswith(f"{path}: ")
    assert expected in error.message
    assert error.hint and "\n" not in str(error)


def test_a_txt_that_is_really_a_pdf_is_still_not_text(tmp_path: Path) -> None:
    path = write(tmp_path, "article.txt", pdf_bytes(ARTICLE))
    with pytest.raises(InputError, match="not text: the file is a PDF document"):
        read_document(path)


def test_bad_documents_do_not_stop_the_batch_and_write_nothing(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    for case in ("encrypted pdf", "docx zip bomb", "password hwp", "eml with only attachments"):
        suffix, make, _ = BAD[case]
        write(inbox, case.replace(" ", "_") + suffix, make())
    write(inbox, "good.hwpx", hwpx_bytes(ARTICLE))
    out = tmp_path / "out"
    options = GenerateOptions(out_dir=out, langs=("ko",), formats=("docx",))
    results = generate([inbox], options)
    assert len(results) == 5
    failed = [r for r in results if not r.ok]
    assert sorted(r.source.name for r in failed) == [
        "docx_zip_bomb.docx",
        "eml_with_only_attachments.eml",
        "encrypted_pdf.pdf",
        "password_hwp.hwp",
    ]
    written = [r for r in results if r.ok]
    assert [r.source.name for r in written] == ["good.hwpx"]
    assert [p.parent for p in out.rglob("facts.json")] == [written[0].folder]
