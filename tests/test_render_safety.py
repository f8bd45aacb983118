"""Rendering untrusted article text, users' own templates, and the render command."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.errors import RenderError
from briefing.render import render_memo
from briefing.render.fetcher import allowed_file
from briefing.render.pdf import html_to_pdf
from briefing.render.templating import environment
from briefing.types import Facts, Sentence, Text
from golden_render import OPTIONS, fixture_facts, pdf_page_texts, pdf_text


class RecordingServer:
    """An HTTP server on 127.0.0.1 that records every request it gets."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        recorded = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                recorded.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture()
def server() -> Iterator[RecordingServer]:
    recording = RecordingServer()
    yield recording
    recording.close()


@pytest.fixture(scope="module")
def facts() -> Facts:
    return fixture_facts()["seed-000"]


def hostile(facts: Facts, url: str) -> tuple[Facts, list[str]]:
    markup = [
        '<img src="file:///etc/passwd">',
        f'<link rel="stylesheet" href="{url}/style.css">',
        f'<img src="{url}/pixel.png">',
        "<script>alert(1)</script>",
        f'<a href="{url}/x">링크</a>',
    ]
    sentences = list(facts.article.sentences)
    for text in markup:
        sentences.append(Sentence(len(sentences), f"기사 본문 {text} 끝", f"Body {text} end"))
    article = replace(
        facts.article,
        sentences=tuple(sentences),
        title=Text(f"제목 {markup[0]}", f"Title {markup[2]}"),
    )
    # The memo's annex shows the sentences it cites: the quote cites the hostile ones.
    added = tuple(range(len(facts.article.sentences), len(sentences)))
    quote = replace(
        facts.quotes[0],
        text=Text(markup[3], markup[1]),
        evidence=(*facts.quotes[0].evidence, *added),
    )
    return replace(facts, article=article, quotes=(quote, *facts.quotes[1:])), markup


@pytest.mark.slow
def test_markup_in_article_text_is_shown_as_text_and_fetches_nothing(
    facts: Facts, server: RecordingServer
) -> None:
    bad, markup = hostile(facts, server.url)
    for kind in ("ko", "en", "bilingual"):
        pdf = render_memo(bad, kind, "pdf", OPTIONS)
        # without any white space: the narrow annex columns may wrap a long URL
        text = "".join(pdf_text(pdf).split())
        for item in markup:
            assert "".join(item.split()) in text, (kind, item)
        render_memo(bad, kind, "docx", OPTIONS)
    assert server.requests == []


def test_the_fetcher_refuses_urls_even_in_raw_html(server: RecordingServer, tmp_path: Path) -> None:
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    html = (
        f'<html><head><link rel="stylesheet" href="{server.url}/a.css">'
        f'<link rel="stylesheet" href="{secret.as_uri()}"></head><body>'
        f'<img src="file:///etc/passwd"><img src="{server.url}/b.png">'
        f'<img src="https://example.invalid/c.png"><p>본문</p></body></html>'
    )
    pdf = html_to_pdf(html, OPTIONS, title="t", lang="ko")
    assert pdf.startswith(b"%PDF")
    assert server.requests == []


def test_allowed_file_keeps_to_the_template_folders(tmp_path: Path) -> None:
    inside = tmp_path / "templates" / "logo.png"
    inside.parent.mkdir()
    inside.write_bytes(b"x")
    (tmp_path / "outside.txt").write_text("x")
    roots = [tmp_path / "templates"]
    assert allowed_file(inside.as_uri(), roots) == inside.resolve()
    assert allowed_file((tmp_path / "templates" / ".." / "outside.txt").as_uri(), roots) is None
    assert allowed_file((tmp_path / "outside.txt").as_uri(), roots) is None
    assert allowed_file("http://127.0.0.1/logo.png", roots) is None
    assert allowed_file("file://evil.example/etc/passwd", roots) is None
    link = tmp_path / "templates" / "link.png"
    link.symlink_to(tmp_path / "outside.txt")
    assert allowed_file(link.as_uri(), roots) is None


# --------------------------------------------------------------------------- templates


def test_bundled_environment_is_strict_and_escapes() -> None:
    import jinja2

    env = environment(None)
    assert env.undefined is jinja2.StrictUndefined
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()


def test_a_template_with_an_undefined_variable_fails_loudly(facts: Facts, tmp_path: Path) -> None:
    (tmp_path / "memo.html").write_text("<html><body>{{ m.no_such_field }}</body></html>")
    with pytest.raises(RenderError, match=r"template memo\.html: .*no_such_field"):
        render_memo(facts, "ko", "pdf", replace(OPTIONS, templates_dir=tmp_path))


def test_a_users_css_overrides_the_bundled_one(facts: Facts, tmp_path: Path) -> None:
    (tmp_path / "memo.css").write_text(
        'h1::before { content: "HOUSE STYLE "; }\nhtml { font-family: "Briefing Sans KR"; }'
    )
    pdf = render_memo(facts, "ko", "pdf", replace(OPTIONS, templates_dir=tmp_path))
    first = pdf_page_texts(pdf)[0]
    assert "HOUSE STYLE 한·미" in first  # the user's CSS ...
    assert "과학기술정보통신부" in first  # ... with the bundled memo.html


def test_a_users_labels_file_must_be_complete(facts: Facts, tmp_path: Path) -> None:
    bundled = (Path(__file__).parents[1] / "templates" / "labels.toml").read_text("utf-8")
    without = bundled.replace('untranslated = "[번역 없음]"\n', "", 1)
    without = without.replace("[ko.roles]\n", "[ko.roles]\nsignatory_x = 1\n", 1)
    without = without.replace('signatory = "서명"\n', "", 1)
    assert without != bundled
    (tmp_path / "labels.toml").write_text(without, encoding="utf-8")
    with pytest.raises(RenderError) as caught:
        render_memo(facts, "ko", "docx", replace(OPTIONS, templates_dir=tmp_path))
    assert str(caught.value) == (
        f"labels file {(tmp_path / 'labels.toml').resolve()}: [ko] lacks roles.signatory, "
        "untranslated (copy the missing keys from the bundled templates/labels.toml)"
    )
    (tmp_path / "labels.toml").write_text('[ko]\nmemo = "메모"\n[en]\nmemo = "Memo"\n')
    with pytest.raises(RenderError, match=r"\[ko\] lacks actors, .* and \d+ more \(copy"):
        render_memo(facts, "ko", "docx", replace(OPTIONS, templates_dir=tmp_path))


def test_a_missing_templates_folder_is_a_render_error(facts: Facts, tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="templates folder not found"):
        render_memo(facts, "ko", "pdf", replace(OPTIONS, templates_dir=tmp_path / "nope"))


# --------------------------------------------------------------------------- CLI


FIXTURE = Path(__file__).parent / "fixtures" / "facts" / "seed-002.json"


@pytest.mark.slow
def test_render_command_bilingual_layout(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "render",
            str(FIXTURE),
            "--out",
            str(tmp_path / "out"),
            "--layout",
            "bilingual",
            "--format",
            "pdf",
        ],
    )
    assert result.exit_code == 0, result.output
    (folder,) = (tmp_path / "out").iterdir()
    assert sorted(p.name for p in folder.iterdir()) == ["facts.json", "memo.bilingual.pdf"]
    assert result.output == f"{FIXTURE} -> {folder}\n"


def test_render_command_refuses_a_malformed_facts_file(tmp_path: Path) -> None:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data["people"][1]["roles"] = ["leader"]
    bad = tmp_path / "facts.json"
    bad.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    result = CliRunner().invoke(app, ["render", str(bad), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {bad}: facts field $.people[1].roles[0]: 'leader' is not one of signatory, "
        "host, attendee, speaker, mentioned (fix the field or regenerate it with "
        "`briefing extract ARTICLE --format json`)\n"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--layout", "columns", "Invalid value for --layout: use one of separate, bilingual"),
        ("--pdf-variant", "pdf/x", "Invalid value for --pdf-variant: use one of pdf/ua-1"),
    ],
)
def test_render_command_checks_layout_and_variant(
    tmp_path: Path, option: str, value: str, message: str
) -> None:
    result = CliRunner().invoke(
        app, ["render", str(FIXTURE), "--out", str(tmp_path), option, value]
    )
    assert result.exit_code == 2
    assert message in " ".join(result.output.replace("│", " ").split())
