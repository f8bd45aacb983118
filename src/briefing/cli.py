"""The command line: each command parses options, calls one library function, prints.

Heavy libraries (kiwipiepy, ctranslate2, weasyprint, docx) load inside the functions that
use them, so ``briefing --help`` answers at once.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from briefing import __version__
from briefing.errors import BriefingError

app = typer.Typer(
    help="Briefing memos (Korean and English) from Korean news on technology cooperation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class State:
    debug = False
    config_path: Path | None = None


def _config():  # type: ignore[no-untyped-def]
    from briefing.config import load_config

    return load_config(State.config_path)


def fail(exc: BriefingError) -> NoReturn:
    """Print one `Error: ...` line (a traceback only under --debug) and exit 1."""
    if State.debug:
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    typer.echo(f"Error: {exc}", err=True)
    raise typer.Exit(1)


def warn(message: str) -> None:
    typer.echo(f"Warning: {message}", err=True)


def _split(value: str, allowed: tuple[str, ...], option: str) -> tuple[str, ...]:
    items = tuple(v.strip() for v in value.split(",") if v.strip())
    bad = [v for v in items if v not in allowed]
    if bad or not items:
        raise typer.BadParameter(f"use a comma-separated list of {', '.join(allowed)}",
                                 param_hint=option)
    return items


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefing {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    config: Annotated[Path | None, typer.Option("--config", help="Config file (TOML).",
                                                dir_okay=False)] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    State.debug = debug
    State.config_path = config


@app.command()
def generate(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders of articles.")],
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("output"),
    lang: Annotated[str, typer.Option("--lang", help="Memo languages: ko,en.")] = "ko,en",
    fmt: Annotated[str, typer.Option("--format", help="Memo formats: pdf,docx.")] = "pdf,docx",
    templates: Annotated[Path | None, typer.Option("--templates", file_okay=False,
                                                   help="Your own templates folder.")] = None,
    page_size: Annotated[str | None, typer.Option("--page-size", help="A4 or Letter.")] = None,
) -> None:
    """Write facts.json and the memos for each article into OUT/<date>_<slug>/."""
    from briefing.pipeline import ArticleResult, GenerateOptions
    from briefing.pipeline import generate as run_generate

    try:
        options = GenerateOptions(
            out_dir=out,
            config=_config(),
            langs=_split(lang, ("ko", "en"), "--lang"),  # type: ignore[arg-type]
            formats=_split(fmt, ("pdf", "docx"), "--format"),  # type: ignore[arg-type]
            templates_dir=templates,
            page_size=page_size,
        )
    except BriefingError as exc:
        fail(exc)

    def report(result: ArticleResult) -> None:
        if result.error is not None:
            if State.debug:
                import traceback

                traceback.print_exception(result.error, file=sys.stderr)
            typer.echo(f"Error: {result.error}", err=True)
        else:
            typer.echo(f"{result.source} -> {result.folder}")

    results = run_generate(paths, options, on_result=report, on_warning=warn)
    if not results:
        typer.echo("Error: no articles found (give .txt or .html files, or a folder of them)",
                   err=True)
        raise typer.Exit(1)
    if any(not r.ok for r in results):
        raise typer.Exit(1)


@app.command()
def extract(
    path: Annotated[Path, typer.Argument(help="One article file.")],
    fmt: Annotated[str, typer.Option("--format", help="Output format: json.")] = "json",
) -> None:
    """Print the facts document (briefing.facts/1) of one article."""
    from briefing.pipeline import extract_one, facts_json

    _split(fmt, ("json",), "--format")
    try:
        facts = extract_one(path, _config(), on_warning=warn)
    except BriefingError as exc:
        fail(exc)
    sys.stdout.buffer.write(facts_json(facts))


@app.command()
def render(
    facts_file: Annotated[Path, typer.Argument(help="A facts document (facts.json).")],
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("output"),
    lang: Annotated[str, typer.Option("--lang", help="Memo languages: ko,en.")] = "ko,en",
    fmt: Annotated[str, typer.Option("--format", help="Memo formats: pdf,docx.")] = "pdf,docx",
    templates: Annotated[Path | None, typer.Option("--templates", file_okay=False,
                                                   help="Your own templates folder.")] = None,
    page_size: Annotated[str | None, typer.Option("--page-size", help="A4 or Letter.")] = None,
) -> None:
    """Re-render the memos from a (hand-corrected) facts document, without extracting again."""
    from briefing.pipeline import GenerateOptions, render_facts_file

    try:
        options = GenerateOptions(
            out_dir=out,
            config=_config(),
            langs=_split(lang, ("ko", "en"), "--lang"),  # type: ignore[arg-type]
            formats=_split(fmt, ("pdf", "docx"), "--format"),  # type: ignore[arg-type]
            templates_dir=templates,
            page_size=page_size,
        )
        folder, _ = render_facts_file(facts_file, options)
    except BriefingError as exc:
        fail(exc)
    typer.echo(f"{facts_file} -> {folder}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
