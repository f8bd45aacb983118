"""Stage 1, read: the strict decoding chain and every refusal of the bad-inputs table.

Encoded and binary inputs are generated here from text (no opaque blobs in the repo).
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from briefing.clean import clean_document
from briefing.errors import InputError
from briefing.read import MAX_BYTES, decode_bytes, read_document

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"

KOREAN = "한국과 미국이 인공지능 협력을 강화하기로 했다.\n양국은 양자 기술 공동연구도 추진한다.\n"
# Syllables outside EUC-KR's 2,350: only CP949 (UHC) encodes them.
OUTSIDE_EUC_KR = "똠방각하 뷁 햏 기술 협력을 논의했다."


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refused(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        read_document(path)
    error = caught.value
    assert error.message.startswith(str(path)), error.message
    assert error.hint, "every refusal carries a hint"
    assert "\n" not in str(error)
    return error.message


# --------------------------------------------------------------------------- decoding


def test_utf8_with_bom_drops_the_bom_and_the_title_does_not_start_with_it(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", b"\xef\xbb\xbf" + ("한미 AI 협력 강화\n" + KOREAN).encode())
    raw = read_document(path)
    assert raw.encoding == "utf-8"
    assert not raw.text.startswith("\ufeff")
    title = clean_document(raw).title
    assert title == "한미 AI 협력 강화"


def test_utf8_without_bom(tmp_path: Path) -> None:
    raw = read_document(write(tmp_path, "a.txt", KOREAN.encode()))
    assert (raw.text, raw.encoding, raw.kind) == (KOREAN, "utf-8", "text")


def test_cp949_syllables_outside_euc_kr_round_trip(tmp_path: Path) -> None:
    data = OUTSIDE_EUC_KR.encode("cp949")
    with pytest.raises(UnicodeDecodeError):
        data.decode("euc-kr")  # a strict EUC-KR decoder would refuse these bytes
    raw = read_document(write(tmp_path, "a.txt", data))
    assert raw.encoding == "cp949"
    assert raw.text == OUTSIDE_EUC_KR
    assert raw.text.encode("cp949") == data


def test_short_cp949_headline_is_decoded_by_the_strict_chain(tmp_path: Path) -> None:
    headline = "한미 반도체 협력 강화"  # 12 characters: too short for a guesser to be sure
    assert len(headline) == 12
    raw = read_document(write(tmp_path, "a.txt", headline.encode("cp949")))
    assert (raw.text, raw.encoding) == (headline, "cp949")


def test_html_declaring_euc_kr_with_cp949_bytes_decodes_as_cp949(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr">'
        "<title>똠 협력</title></head><body><article>"
        f"<p>{OUTSIDE_EUC_KR} 한국과 미국은 인공지능 분야 공동연구를 확대하기로 했다.</p>"
        "<p>양국 정부는 내년부터 연구자 교류를 두 배로 늘리고 공동 과제를 선정한다.</p>"
        "</article></body></html>"
    )
    raw = read_document(write(tmp_path, "a.html", page.encode("cp949")))
    assert raw.encoding == "cp949"
    assert "똠방각하 뷁 햏" in raw.text
    assert raw.html_title == "똠 협력"


def test_mostly_ascii_html_with_one_cp949_sentence_is_cp949_not_big5(tmp_path: Path) -> None:
    filler = "".join(
        f"<p>Paragraph {i} of an English page about chips and export rules.</p>" for i in range(30)
    )
    sentence = "한국과 미국이 반도체 협력을 강화한다."
    page = f"<html><head><title>Chips</title></head><body>{filler}<p>{sentence}</p></body></html>"
    path = write(tmp_path, "a.html", page.encode("cp949"))
    raw = read_document(path)
    assert raw.encoding == "cp949"
    assert sentence in raw.text


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_or_without_bom_is_decoded(tmp_path: Path, codec: str) -> None:
    data = KOREAN.encode(codec)  # "utf-16" writes a BOM, the -le/-be forms do not
    raw = read_document(write(tmp_path, "a.txt", data))
    assert raw.text == KOREAN
    assert raw.encoding.startswith("utf-16")


def test_broken_utf16_is_refused_with_encoding_as_the_reason(tmp_path: Path) -> None:
    data = b"\xff\xfe" + "한국 AI".encode("utf-16-le") + b"\x00\xd8"  # a lone surrogate
    assert "encoding" in refused(write(tmp_path, "a.txt", data))


def test_undecodable_bytes_are_refused_with_encoding_as_the_reason(tmp_path: Path) -> None:
    data = "한국 ".encode("cp949") + b"\xff\xfe\xff\x80 abc"
    assert "encoding" in refused(write(tmp_path, "a.txt", data))


def test_decode_bytes_is_the_same_chain_without_a_file() -> None:
    assert decode_bytes("협력".encode("cp949"), "x.txt") == ("협력", "cp949")
    assert decode_bytes("협력".encode(), "x.txt") == ("협력", "utf-8")


# --------------------------------------------------------------------------- not text


def _zip_bytes(tmp_path: Path) -> bytes:
    archive = tmp_path / "x.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("article.txt", KOREAN)
    return archive.read_bytes()


@pytest.mark.parametrize(
    ("kind", "make"),
    [
        ("PDF", lambda tmp: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n"),
        ("ZIP", _zip_bytes),
        ("PNG", lambda tmp: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01" + bytes(64)),
        ("binary", lambda tmp: bytes(range(256)) * 8),
    ],
)
def test_a_txt_that_is_really_binary_is_refused_as_not_text(
    tmp_path: Path, kind: str, make: object
) -> None:
    data = make(tmp_path)  # type: ignore[operator]
    message = refused(write(tmp_path, "article.txt", data))
    assert "not text" in message
    if kind != "binary":
        assert kind in message


def test_a_few_stray_control_bytes_do_not_make_text_binary(tmp_path: Path) -> None:
    data = ("한국과\x00 미국이\x0b 협력한다.\x0c" + KOREAN).encode()
    raw = read_document(write(tmp_path, "a.txt", data))
    assert raw.encoding == "utf-8"


# --------------------------------------------------------------------------- mojibake


def test_text_full_of_replacement_characters_is_refused(tmp_path: Path) -> None:
    damaged = KOREAN.encode("utf-8").decode("cp949", errors="replace")
    message = refused(write(tmp_path, "a.txt", damaged.encode("utf-8")))
    assert "mojibake" in message


def test_utf8_read_as_latin1_mojibake_is_refused(tmp_path: Path) -> None:
    damaged = (KOREAN * 3).encode("utf-8").decode("latin-1")
    message = refused(write(tmp_path, "a.txt", damaged.encode("utf-8")))
    assert "mojibake" in message


def test_utf8_read_as_cp949_mojibake_is_refused(tmp_path: Path) -> None:
    source = "조태용 국가안보실장과 제이크 설리번 보좌관이 기술 대화를 열었다. " * 4
    damaged = source.encode("utf-8").decode("cp949", errors="ignore")
    message = refused(write(tmp_path, "a.txt", damaged.encode("utf-8")))
    assert "mojibake" in message


def test_korean_text_with_some_hanja_and_english_is_not_mojibake(tmp_path: Path) -> None:
    text = "韓美 정상, 尹·바이든 AI 협력 합의. The U.S. and Korea signed an MOU. " * 5
    assert read_document(write(tmp_path, "a.txt", text.encode())).text == text


def test_korean_and_japanese_text_is_not_mojibake(tmp_path: Path) -> None:
    # kanji outnumber Hangul here, as in CP949 mojibake, but kana show it is Japanese
    text = (
        "経済産業省は半導体協力の覚書を締結したと発表した。"
        "산업부는 일본과 반도체 협력 양해각서를 맺었다.\n"
    ) * 3
    assert read_document(write(tmp_path, "a.txt", text.encode())).text == text


# --------------------------------------------------------------------------- files


def test_missing_file(tmp_path: Path) -> None:
    assert refused(tmp_path / "nope.txt").endswith("no such file")


def test_empty_file(tmp_path: Path) -> None:
    assert "empty" in refused(write(tmp_path, "a.txt", b""))


def test_folder_is_refused(tmp_path: Path) -> None:
    assert "folder" in refused(tmp_path)


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert "not a regular file" in refused(fifo)


def test_50_mb_file_is_refused_by_size_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written to disk

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the body was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    message = refused(path)
    assert "too large" in message
    assert "50.0 MB" in message


def test_file_just_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    assert "too large" in refused(path)


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their permissions"
)
def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", KOREAN.encode())
    path.chmod(0)
    try:
        assert "permission denied" in refused(path)
    finally:
        path.chmod(0o644)


# --------------------------------------------------------------------------- HTML


def test_html_page_main_text_title_date_and_site() -> None:
    raw = read_document(FIXTURES / "page_hankyung.html")
    assert raw.kind == "html"
    assert raw.html_title == "韓·獨, 반도체 인력 교류 확대…연 200명 규모"
    assert raw.html_published == "2024-06-03"
    assert raw.html_site_name == "한국경제"
    assert "한국과 독일이 반도체 분야 연구 인력 교류를" in raw.text
    for furniture in ("tracking", "color: black", "로그인", "다른 기사 1", "광고"):
        assert furniture not in raw.text


def test_html_entities_are_unescaped_exactly_once(tmp_path: Path) -> None:
    page = (
        "<html><head><title>t</title></head><body><article>"
        "<p>양국은 R&amp;amp;D 협력을 &#54620;층 강화하기로&nbsp;했다. AT&amp;T도 참여한다.</p>"
        "<p>과학기술정보통신부는 이날 협력 방안을 발표하고 후속 회의 일정을 공개했다.</p>"
        "</article></body></html>"
    )
    raw = read_document(write(tmp_path, "a.html", page.encode()))
    assert "R&amp;D 협력을 한층 강화하기로" in raw.text
    assert "AT&T도" in raw.text
    body = clean_document(raw).body
    assert "R&amp;D" in body  # the cleaner does not unescape HTML text a second time
    assert "강화하기로 했다" in body  # &nbsp; became a plain space


def test_a_txt_holding_an_html_page_is_read_as_html(tmp_path: Path) -> None:
    page = (
        "<!DOCTYPE html><html><head><title>한미 협력</title></head><body><article>"
        "<p>한국과 미국이 인공지능 협력을 강화하기로 했다. 양국은 공동연구를 늘린다.</p>"
        "</article></body></html>"
    )
    raw = read_document(write(tmp_path, "saved.txt", page.encode()))
    assert raw.kind == "html"
    assert "<p>" not in raw.text


def test_permission_error_while_opening_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Runs as root too, where chmod cannot make a file unreadable.
    path = write(tmp_path, "a.txt", KOREAN.encode())

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)
    assert refused(path).endswith("cannot read the file (permission denied)")


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16"])
def test_an_html_page_saved_as_txt_with_a_bom_is_read_as_html(tmp_path: Path, codec: str) -> None:
    page = (
        "<!DOCTYPE html><html><head><title>한미 협력</title></head><body><article>"
        "<p>한국과 미국이 인공지능 협력을 강화하기로 했다. 양국은 공동연구를 늘린다.</p>"
        "</article></body></html>"
    )
    raw = read_document(write(tmp_path, "saved.txt", page.encode(codec)))
    assert raw.kind == "html"
    assert raw.html_title == "한미 협력"
