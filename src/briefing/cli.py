"""The command line: each command parses options, calls one library function, prints.

Heavy libraries (kiwipiepy, ctranslate2, weasyprint, docx) load inside the functions that
use them, so ``briefing --help`` answers at once.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from briefing import __version__
from briefing.errors import BriefingError

if TYPE_CHECKING:
    from briefing.config import Config
    from briefing.pipeline import GenerateOptions


class BriefingCommands(TyperGroup):
    """The one place a command's BriefingError becomes `Error: …` (with its hint) and exit 1;
    commands themselves only parse options, call the library and print."""

    def invoke(self, ctx: Any) -> Any:  # a click Context (typer's own click)
        try:
            return super().invoke(ctx)
        except BriefingError as exc:
            fail(exc)


app = typer.Typer(
    cls=BriefingCommands,
    help="Briefing memos (Korean and English) from Korean news on technology cooperation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class State:
    debug = False
    config_path: Path | None = None
    # the `briefing` command's own process (main), which ends after the command: a run may
    # give back memory it will not need again (tests invoke the app in their own process)
    own_process = False


def _config() -> Config:
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


def _config_with_store(store: Path | None) -> Config:

    config = _config()
    return config.with_store(store)


class Progress:
    """A progress bar on stderr for a batch (a terminal only; logs and pipes get lines only)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.enabled = total > 1 and sys.stderr.isatty()
        self.draw()

    def draw(self) -> None:
        if self.enabled:
            width = 30
            filled = width * self.done // self.total
            sys.stderr.write(f"\r[{'#' * filled}{'-' * (width - filled)}] {self.done}/{self.total}")
            sys.stderr.flush()

    def clear(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()

    def advance(self) -> None:
        self.done += 1
        self.draw()

    def finish(self) -> None:
        if self.enabled:
            self.clear()
            self.enabled = False


def _split(value: str, allowed: tuple[str, ...], option: str) -> tuple[str, ...]:
    items = tuple(v.strip() for v in value.split(",") if v.strip())
    bad = [v for v in items if v not in allowed]
    if bad or not items:
        raise typer.BadParameter(
            f"use a comma-separated list of {', '.join(allowed)}", param_hint=option
        )
    return items


def _layout(value: str) -> str:
    from briefing.render import LAYOUTS

    if value not in LAYOUTS:
        raise typer.BadParameter(f"use one of {', '.join(LAYOUTS)}", param_hint="--layout")
    return value


def _pdf_variant(value: str | None) -> str | None:
    from briefing.render import PDF_VARIANTS

    if value is not None and value not in PDF_VARIANTS:
        raise typer.BadParameter(
            f"use one of {', '.join(PDF_VARIANTS)}", param_hint="--pdf-variant"
        )
    return value


# Options shared by the commands that write memos or digests.
OutOption = Annotated[Path, typer.Option("--out", help="Output folder.")]
LangOption = Annotated[str, typer.Option("--lang", help="Languages: ko,en.")]
FormatOption = Annotated[str, typer.Option("--format", help="Formats: pdf,docx.")]
TemplatesOption = Annotated[
    Path | None, typer.Option("--templates", file_okay=False, help="Your own templates folder.")
]
PageSizeOption = Annotated[str | None, typer.Option("--page-size", help="A4 or Letter.")]
LayoutOption = Annotated[
    str,
    typer.Option(
        "--layout",
        help="separate (memo.ko.*, memo.en.*) or bilingual (memo.bilingual.*: "
        "Korean and English side by side).",
    ),
]
PdfVariantOption = Annotated[
    str | None,
    typer.Option(
        "--pdf-variant", help="PDF variant: pdf/ua-1 (accessible), pdf/ua-2, pdf/a-3u, pdf/a-2u."
    ),
]
StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store", dir_okay=False, help="The SQLite store (articles, digests, translation cache)."
    ),
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        min=1,
        help="Worker processes briefing articles side by side (default: the number of cores).",
    ),
]


def _jobs(jobs: int | None) -> int:
    from briefing.workers import default_jobs

    return jobs if jobs is not None else default_jobs()


def _generate_options(
    out: Path,
    lang: str,
    fmt: str,
    templates: Path | None,
    page_size: str | None,
    *,
    store: Path | None = None,
    layout: str = "separate",
    pdf_variant: str | None = None,
    facts_only: bool = False,
) -> GenerateOptions:
    """The options every writing command shares, checked before anything runs."""
    from briefing.pipeline import GenerateOptions

    return GenerateOptions(
        out_dir=out,
        config=_config_with_store(store),
        langs=_split(lang, ("ko", "en"), "--lang"),  # type: ignore[arg-type]
        formats=()
        if facts_only
        else _split(  # type: ignore[arg-type]
            fmt, ("pdf", "docx"), "--format"
        ),
        templates_dir=templates,
        page_size=page_size,
        layout=_layout(layout),  # type: ignore[arg-type]
        pdf_variant=_pdf_variant(pdf_variant),
    )


def _terms(count: int) -> str:
    return f"{count} Korean term" + ("" if count == 1 else "s")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"briefing {__version__}")
        raise typer.Exit()


class _EchoHandler(logging.Handler):
    """Log records on whatever stderr is now (typer's test runner swaps it per call)."""

    def emit(self, record: logging.LogRecord) -> None:
        typer.echo(f"{record.name}: {self.format(record)}", err=True)


def _set_verbose(verbose: bool) -> None:
    """With --verbose, briefing's own log (what each stage did, how long it took) on stderr;
    without, only warnings (Python's default)."""
    logger = logging.getLogger("briefing")
    for handler in [h for h in logger.handlers if isinstance(h, _EchoHandler)]:
        logger.removeHandler(handler)
    if verbose:
        logger.addHandler(_EchoHandler())
    logger.setLevel(logging.INFO if verbose else logging.NOTSET)


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", help="Say what each stage does, on stderr.")
    ] = False,
    config: Annotated[
        Path | None, typer.Option("--config", help="Config file (TOML).", dir_okay=False)
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    State.debug = debug
    State.config_path = config
    _set_verbose(verbose)


@app.command()
def generate(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Article files or folders of articles: .txt, .html, .pdf (a text layer, or "
            "OCR with tesseract), .docx, .hwp, .hwpx, .eml, .mhtml."
        ),
    ],
    out: OutOption = Path("output"),
    lang: LangOption = "ko,en",
    fmt: FormatOption = "pdf,docx",
    templates: TemplatesOption = None,
    page_size: PageSizeOption = None,
    layout: LayoutOption = "separate",
    pdf_variant: PdfVariantOption = None,
    store: StoreOption = None,
    jobs: JobsOption = None,
) -> None:
    """Write facts.json and the memos for each article into OUT/<date>_<slug>/.

    Reads articles and press releases: .txt .html .mhtml .pdf .docx .hwp .hwpx .eml
    """
    from briefing.pipeline import ARTICLE_FORMATS, ArticleResult, expand_inputs
    from briefing.pipeline import generate as run_generate
    from briefing.store import Store

    options = _generate_options(
        out,
        lang,
        fmt,
        templates,
        page_size,
        store=store,
        layout=layout,
        pdf_variant=pdf_variant,
    )

    files = expand_inputs(paths)
    progress = Progress(len(files))

    def report(result: ArticleResult) -> None:
        progress.clear()
        for message in result.warnings:
            warn(message)
        if result.error is not None:
            if State.debug:
                import traceback

                traceback.print_exception(result.error, file=sys.stderr)
            typer.echo(f"Error: {result.error}", err=True)
        elif result.duplicate_of is not None:
            typer.echo(f"{result.source}: same article as {result.duplicate_of}; not briefed again")
        else:
            typer.echo(f"{result.source} -> {result.folder}")
            if result.korean_left:
                typer.echo(
                    f"  English memo: {_terms(result.korean_left)} left untranslated, "
                    f"marked † (`briefing glossary missing {result.source}` lists them)"
                )
        progress.advance()

    try:
        with Store(options.config.store_location) as recorder:
            results = run_generate(
                files,
                options,
                on_result=report,
                on_warning=warn,
                store=recorder,
                jobs=_jobs(jobs),
                one_shot=State.own_process,
            )
    finally:
        progress.finish()
    if not results:
        typer.echo(
            f"Error: no articles found (give article files ({ARTICLE_FORMATS}) "
            "or a folder of them)",
            err=True,
        )
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
    facts = extract_one(path, _config(), on_warning=warn)
    sys.stdout.buffer.write(facts_json(facts))


@app.command()
def render(
    facts_file: Annotated[Path, typer.Argument(help="A facts document (facts.json).")],
    out: OutOption = Path("output"),
    lang: LangOption = "ko,en",
    fmt: FormatOption = "pdf,docx",
    templates: TemplatesOption = None,
    page_size: PageSizeOption = None,
    layout: LayoutOption = "separate",
    pdf_variant: PdfVariantOption = None,
) -> None:
    """Re-render the memos from a (hand-corrected) facts document, without extracting again."""
    from briefing.pipeline import render_facts_file

    options = _generate_options(
        out, lang, fmt, templates, page_size, layout=layout, pdf_variant=pdf_variant
    )
    folder, _ = render_facts_file(facts_file, options)
    typer.echo(f"{facts_file} -> {folder}")


@app.command()
def watch(
    inbox: Annotated[
        Path, typer.Argument(file_okay=False, help="The folder articles are dropped into.")
    ],
    out: OutOption = Path("output"),
    lang: LangOption = "ko,en",
    fmt: FormatOption = "pdf,docx",
    templates: TemplatesOption = None,
    page_size: PageSizeOption = None,
    store: StoreOption = None,
    weekly: Annotated[
        str | None,
        typer.Option("--weekly", help='Also make the weekly digest on schedule, e.g. "mon 08:00".'),
    ] = None,
    settle: Annotated[
        float,
        typer.Option(
            "--settle", min=0.0, help="Seconds a file must stay unchanged before it is taken."
        ),
    ] = 2.0,
    poll: Annotated[float, typer.Option("--poll", min=0.05, hidden=True)] = 1.0,
    facts_only: Annotated[bool, typer.Option("--facts-only", hidden=True)] = False,
    exit_when_idle: Annotated[bool, typer.Option("--exit-when-idle", hidden=True)] = False,
    cluster: Annotated[
        bool,
        typer.Option("--cluster", help="Queue each article for `briefing worker`s instead."),
    ] = False,
    broker: BrokerOption = None,
    jobs: JobsOption = None,
) -> None:
    """Brief every article in INBOX and whatever arrives; processed files go to INBOX/done/,
    failed ones to INBOX/failed/ with NAME.error.txt. Stop with Ctrl-C or SIGTERM."""
    from briefing.schedule import WeeklySchedule
    from briefing.watch import WatchOptions
    from briefing.watch import watch as run_watch

    def log(line: str) -> None:
        from datetime import datetime

        stamp = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")
        typer.echo(f"{stamp} {line}")

    options = WatchOptions(
        inbox=inbox,
        generate=_generate_options(
            out, lang, fmt, templates, page_size, store=store, facts_only=facts_only
        ),
        settle_seconds=settle,
        poll_seconds=poll,
        exit_when_idle=exit_when_idle,
        weekly=WeeklySchedule.parse(weekly) if weekly else None,
        jobs=_jobs(jobs),
    )
    if cluster:
        from dataclasses import replace

        from briefing.cluster import file_submitter

        broker_url = _broker_url(broker, options.generate.config)
        options = replace(options, submit=file_submitter(broker_url))
    summary = run_watch(options, log)
    log(
        f"stopped   {summary.done} briefed, {summary.duplicates} duplicates, "
        f"{summary.failed} failed, {summary.refused} refused"
    )


BrokerOption = Annotated[
    str | None,
    typer.Option("--broker", help="The Redis queue of the cluster (default: [cluster] broker)."),
]


def _broker_url(broker: str | None, config: Config) -> str:
    from briefing.cluster import DEFAULT_BROKER

    return broker or config.broker_url or DEFAULT_BROKER


@app.command()
def submit(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Article files or folders to queue.")
    ] = None,
    broker: BrokerOption = None,
    weekly_week: Annotated[
        str | None,
        typer.Option("--weekly", help="Queue the making of a week's digest, e.g. 2025-W44."),
    ] = None,
) -> None:
    """Queue articles for the cluster's `briefing worker`s (docs/scaling.md)."""
    from briefing.cluster import submit as queue_articles
    from briefing.cluster import submit_weekly

    broker_url = _broker_url(broker, _config())
    if weekly_week is not None:
        from briefing.weeks import week_bounds

        week_bounds(weekly_week)  # a malformed week is refused here, not on a worker
        submit_weekly(weekly_week, broker_url)
        typer.echo(f"queued the digest of {weekly_week}")
        return
    if not paths:
        from briefing.errors import InputError

        raise InputError("nothing to submit", "name article files or folders")
    jobs = queue_articles(paths, broker_url)
    typer.echo(f"queued {len(jobs)} article" + ("" if len(jobs) == 1 else "s"))


@app.command()
def worker(
    out: OutOption = Path("output"),
    lang: LangOption = "ko,en",
    fmt: FormatOption = "pdf,docx",
    templates: TemplatesOption = None,
    page_size: PageSizeOption = None,
    store: StoreOption = None,
    broker: BrokerOption = None,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, help="Articles briefed at once.")
    ] = 1,
    facts_only: Annotated[bool, typer.Option("--facts-only", hidden=True)] = False,
) -> None:
    """Brief queued articles into OUT and the store until stopped (docs/scaling.md)."""
    from briefing.cluster import WorkerSettings, run_worker

    options = _generate_options(
        out, lang, fmt, templates, page_size, store=store, facts_only=facts_only
    )
    broker_url = _broker_url(broker, options.config)
    run_worker(WorkerSettings(broker_url, options, concurrency))


@app.command()
def weekly(
    week: Annotated[
        str | None,
        typer.Option("--week", help="ISO week, e.g. 2025-W44 (default: the last complete week)."),
    ] = None,
    out: OutOption = Path("output"),
    lang: LangOption = "ko,en",
    fmt: FormatOption = "pdf,docx",
    templates: TemplatesOption = None,
    page_size: PageSizeOption = None,
    store: StoreOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Remake the digest if the week has one already.")
    ] = False,
    if_missing: Annotated[
        bool,
        typer.Option(
            "--if-missing",
            help="For timers and cron: a week with nothing stored to digest is not an error.",
        ),
    ] = False,
) -> None:
    """Write the week's digest (articles published that week, events merged across outlets,
    late arrivals of earlier weeks) into OUT/weekly/WEEK/."""
    from briefing.weekly import run_weekly
    from briefing.weeks import last_complete_week

    options = _generate_options(out, lang, fmt, templates, page_size, store=store)
    result = run_weekly(week, options, force=force, if_missing=if_missing)
    chosen = week or last_complete_week()
    if result is None:
        folder = out / "weekly" / chosen
        typer.echo(f"{chosen}: the digest exists already in {folder} (--force remakes it)")
    elif result.folder is None:
        typer.echo(f"{result.week}: no articles stored for that week or before; no digest")
    elif result.empty:
        typer.echo(
            f"{result.week}: no articles published that week; "
            f"a short digest says so -> {result.folder}"
        )
    else:
        late = f" and {_count(result.late_count, 'late arrival')}" if result.late_count else ""
        typer.echo(
            f"{result.week}: {_count(result.article_count, 'article')}{late}, "
            f"{_count(result.entry_count, 'event')} -> {result.folder}"
        )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


schedule_app = typer.Typer(
    help="Make the weekly digest on a schedule without a watcher (systemd timer or cron).",
    no_args_is_help=True,
)
app.add_typer(schedule_app, name="schedule")


@schedule_app.command("install")
def schedule_install(
    weekly: Annotated[
        str, typer.Option("--weekly", help='When: a weekday and a 24-hour time, e.g. "mon 08:00".')
    ],
    out: OutOption = Path("output"),
    lang: LangOption = "ko,en",
    fmt: FormatOption = "pdf,docx",
    store: StoreOption = None,
    cron: Annotated[
        bool, typer.Option("--cron", help="Print crontab lines instead of a systemd timer.")
    ] = False,
) -> None:
    """Run `briefing weekly` every week: a systemd user timer, or crontab lines to add where
    systemd does not run."""
    from briefing.schedule import WeeklySchedule, install

    schedule = WeeklySchedule.parse(weekly)
    _generate_options(out, lang, fmt, None, None, store=store)  # refuse bad options now
    args = ["--out", str(out.expanduser().resolve()), "--lang", lang, "--format", fmt]
    if store is not None:
        args += ["--store", str(store.expanduser().resolve())]
    if State.config_path is not None:
        args = ["--config", str(State.config_path.expanduser().resolve()), *args]
    result = install(schedule, args, use_systemd=False if cron else None)
    if result.kind == "systemd":
        for path in result.files:
            typer.echo(f"wrote {path}")
        typer.echo(
            f"enabled briefing-weekly.timer: the digest every {weekly} "
            "(see it with `systemctl --user list-timers`)"
        )
        return
    typer.echo("# systemd does not run here: add these lines with `crontab -e`")
    for line in result.cron:
        typer.echo(line)


@schedule_app.command("remove")
def schedule_remove(
    cron: Annotated[
        bool, typer.Option("--cron", help="Say which crontab lines to delete.")
    ] = False,
) -> None:
    """Stop making the weekly digest on a schedule."""
    from briefing.schedule import remove

    result = remove(use_systemd=False if cron else None)
    if result.kind == "systemd":
        for path in result.files:
            typer.echo(f"removed {path}")
        return
    typer.echo(
        f"systemd does not run here: delete the lines ending in '{result.cron[0]}' "
        "with `crontab -e`"
    )


models_app = typer.Typer(
    help="Translation models (Argos Translate packages): list, install, remove.",
    no_args_is_help=True,
)
app.add_typer(models_app, name="models")


@models_app.command("list")
def models_list() -> None:
    """List the installed translation models."""
    from briefing.translate.models import list_models

    models = list_models(_config().models_dir)
    if not models:
        typer.echo(
            "No translation models installed "
            "(install one with `briefing models install --file KO_EN.argosmodel`)."
        )
    for m in models:
        typer.echo(
            f"{m.name}  {m.from_code}->{m.to_code}  version {m.package_version or '?'}  {m.path}"
        )


@models_app.command("install")
def models_install(
    pair: Annotated[
        list[str] | None,
        typer.Argument(help="Language pair to fetch from the Argos package index, e.g. `ko en`."),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", dir_okay=False, help="Install this .argosmodel file (offline)."),
    ] = None,
) -> None:
    """Install a model from a .argosmodel file (offline) or from the Argos package index."""
    from briefing.translate.models import install_file, install_online

    if (file is None) == (not pair):
        raise typer.BadParameter("give either --file FILE.argosmodel or a pair like `ko en`")
    if pair and len(pair) != 2:
        raise typer.BadParameter("give two language codes, e.g. `ko en`", param_hint="PAIR")
    models_dir = _config().models_dir
    model = (
        install_file(models_dir, file)
        if file is not None
        else install_online(models_dir, pair[0], pair[1])  # type: ignore[index]
    )
    typer.echo(f"Installed {model.name} ({model.from_code}->{model.to_code}) in {model.path}")


@models_app.command("remove")
def models_remove(
    name: Annotated[
        list[str], typer.Argument(help="An installed model's name, or its language pair (`ko en`).")
    ],
) -> None:
    """Remove an installed model."""
    from briefing.translate.models import remove_model

    model = remove_model(_config().models_dir, "-".join(name) if len(name) == 2 else " ".join(name))
    typer.echo(f"Removed {model.name}")


store_app = typer.Typer(
    help="The store (articles, digests, translation cache; SQLite or PostgreSQL): check it, "
    "back it up.",
    no_args_is_help=True,
)
app.add_typer(store_app, name="store")


@store_app.command("check")
def store_check(store: StoreOption = None) -> None:
    """Check the store's integrity (full check) and say what it holds; exit 1 if damaged."""
    from briefing.store import check_store

    summary = check_store(_config_with_store(store).store_location)
    typer.echo(summary.describe())


@store_app.command("backup")
def store_backup(
    file: Annotated[Path, typer.Argument(dir_okay=False, help="The backup file to create.")],
    store: StoreOption = None,
) -> None:
    """Copy the store into FILE (SQLite's online backup: safe while briefing runs).

    A PostgreSQL store is backed up by PostgreSQL (pg_dump).
    """
    from briefing.store import backup_store

    path = _config_with_store(store).store_location
    backup_store(path, file)
    typer.echo(f"{path} -> {file}")


glossary_app = typer.Typer(
    help="The glossary and term lexicon: what stayed Korean in the English memos.",
    no_args_is_help=True,
)
app.add_typer(glossary_app, name="glossary")


@glossary_app.command("missing")
def glossary_missing(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders of articles.")],
) -> None:
    """List the Korean terms and names that stayed Korean in the English memos of these
    articles, most frequent first: add them to your term lexicon or glossary."""
    from briefing.translate.missing import missing_terms

    failed = False

    def report_error(path: Path, exc: BriefingError) -> None:
        nonlocal failed
        failed = True
        typer.echo(f"Error: {exc}", err=True)

    found = missing_terms(paths, _config(), on_error=report_error, on_warning=warn)
    if found.articles == 0 and not failed:
        typer.echo(
            "Error: no articles found (give .txt or .html files, or a folder of them)", err=True
        )
        raise typer.Exit(1)
    if not found.terms:
        typer.echo(f"Nothing stayed Korean in the English memos of {found.articles} articles.")
    else:
        typer.echo(
            f"{len(found.terms)} Korean terms stayed Korean in the English memos of "
            f"{found.articles} articles (count, kind, Korean, articles):"
        )
        width = len(str(found.terms[0].count))
        for term in found.terms:
            where = ", ".join(term.articles[:3]) + (" …" if len(term.articles) > 3 else "")
            typer.echo(f"{term.count:>{width}}  {term.kind:<4}  {term.korean}  ({where})")
        typer.echo(
            "Add terms to a terms file ([data] terms) and names to a glossary file "
            "([data] glossary); see docs/data-files.md."
        )
    if failed:
        raise typer.Exit(1)


names_app = typer.Typer(
    help="The names registry: English spellings of Korean names seen in articles "
    "(list, add, remove).",
    no_args_is_help=True,
)
app.add_typer(names_app, name="names")


def _registry_store(store: Path | None) -> Path | str:
    return _config_with_store(store).store_location


@names_app.command("list")
def names_list(store: StoreOption = None) -> None:
    """List the registry: each Korean name, its English, and where that came from."""
    from briefing.registry import NamesRegistry, describe_entry
    from briefing.store import Store

    with Store(_registry_store(store)) as opened:
        entries = NamesRegistry(opened).entries()
    if not entries:
        typer.echo(
            "The names registry is empty (articles that give a name's English in brackets "
            "fill it; add one with `briefing names add KOREAN ENGLISH`)."
        )
    errors = []
    for entry, error in entries:
        if entry is not None:
            typer.echo(describe_entry(entry))
        elif error is not None:
            errors.append(error)
    for error in errors:
        typer.echo(f"Error: {error}", err=True)
    if errors:
        raise typer.Exit(1)


@names_app.command("add")
def names_add(
    korean: Annotated[str, typer.Argument(help="The name as Korean articles write it.")],
    english: Annotated[str, typer.Argument(help="Its English.")],
    kind: Annotated[str, typer.Option("--kind", help="person or party.")] = "person",
    store: StoreOption = None,
) -> None:
    """Add or correct an entry; it is used for every later article naming KOREAN."""
    from briefing.registry import NAME_KINDS, NamesRegistry
    from briefing.store import Store

    if kind not in NAME_KINDS:
        raise typer.BadParameter(f"use one of {', '.join(NAME_KINDS)}", param_hint="--kind")
    with Store(_registry_store(store)) as opened:
        registry = NamesRegistry(opened)
        replaced = registry.add(korean, english, kind)  # type: ignore[arg-type]
        entry = registry.lookup(korean)
    assert entry is not None
    if replaced is None:
        typer.echo(f"Added {entry.ko} = {entry.en} ({entry.kind})")
    else:
        typer.echo(f"Replaced {replaced.ko} = {replaced.en} with {entry.en} ({entry.kind})")


@names_app.command("remove")
def names_remove(
    korean: Annotated[str, typer.Argument(help="The Korean name of the entry.")],
    store: StoreOption = None,
) -> None:
    """Remove an entry (later articles name KOREAN by rule again)."""
    from briefing.registry import NamesRegistry
    from briefing.store import Store

    with Store(_registry_store(store)) as opened:
        removed = NamesRegistry(opened).remove(korean)
    typer.echo(f"Removed {removed.ko} = {removed.en}")


def main() -> None:
    State.own_process = True
    app()


if __name__ == "__main__":
    main()
