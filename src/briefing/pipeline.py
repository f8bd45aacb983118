"""The pipeline, stage by stage: read -> clean -> split -> extract -> translate -> render -> write.

Each stage is a plain function of the one before; ``generate`` (CLI), the watcher and the
weekly digest are loops around them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from briefing.clean import clean_document, furniture
from briefing.config import Config
from briefing.errors import BriefingError, FactsFormatError, InputError
from briefing.output import FACTS_FILE, OutputWriter, WrittenFile
from briefing.read import HTML_SUFFIXES, read_document
from briefing.readers import FORMAT_SUFFIXES
from briefing.render import Format, Lang, Layout, RenderOptions, render_memos
from briefing.sentences import split_sentences
from briefing.store import ArticleClaim, Store, StoreLostError
from briefing.translate import NO_MODEL_WARNING, Translator, add_english, open_translator
from briefing.types import Article, CleanArticle, Facts, Sentence, Text

# What `generate` picks up from a folder (and the watcher reads): text, HTML pages and the
# documents of briefing.readers (PDF, DOCX, HWPX, HWP, e-mail, saved pages).
ARTICLE_SUFFIXES = (".txt", *HTML_SUFFIXES, *FORMAT_SUFFIXES)
ARTICLE_FORMATS = ".txt .html .pdf .docx .hwp .hwpx .eml .mhtml"
ALL_LANGS: tuple[Lang, ...] = ("ko", "en")
ALL_FORMATS: tuple[Format, ...] = ("pdf", "docx")

LOGGER = logging.getLogger("briefing.pipeline")


# --------------------------------------------------------------------------- stages


def build_article(path: Path, config: Config | None = None) -> Article:
    """Read, clean and split one file into the facts document's ``article``."""
    page_furniture = None
    if config is not None:
        page_furniture = furniture(config.furniture_files, config.outlet_files)
    return article_from_clean(clean_document(read_document(path), page_furniture))


def article_from_clean(cleaned: CleanArticle) -> Article:
    sentences = split_sentences(cleaned.body)
    if not sentences:
        raise InputError(
            f"{cleaned.source_path}: no article text left after cleaning",
            "check that the file holds the article's body",
        )
    return Article(
        id=hashlib.sha256(cleaned.body.encode("utf-8")).hexdigest()[:16],
        source_path=cleaned.source_path,
        title=Text(cleaned.title) if cleaned.title else None,
        outlet=Text(cleaned.outlet) if cleaned.outlet else None,
        published=cleaned.published,
        byline=Text(cleaned.byline) if cleaned.byline else None,
        sentences=tuple(Sentence(i, s) for i, s in enumerate(sentences)),
    )


def facts_from_file(path: Path, config: Config, translator: Translator | None) -> Facts:
    """One file read, cleaned, split, extracted and put into English: its facts document."""
    return extract_article(build_article(path, config), config, translator)


def with_folder_outlet(article: Article, config: Config) -> Article:
    """The outlet the config sets for the article's folder (``[outlets]``), when neither the
    text nor the page's metadata named one."""
    from briefing.outlets import outlet_list

    if article.outlet is not None:
        return article
    name = config.folder_outlet(article.source_path)
    if name is None:
        return article
    known = outlet_list(config.outlet_files).find(name)  # an alias: the usual name
    return replace(article, outlet=Text(known.ko if known else name))


def extract_article(
    article: Article,
    config: Config,
    translator: Translator | None,
    store: Store | None = None,
    *,
    record: bool = True,
) -> Facts:
    """Extract, then English; ``store`` (else the config's) holds the names registry, which
    learns the article's names unless ``record`` is false."""
    from briefing.extract import extract_facts

    facts = extract_facts(with_folder_outlet(article, config), config)
    return add_english(facts, translator, config, store, record=record)


def memo_name(lang: Lang, fmt: Format) -> str:
    return f"memo.{lang}.{fmt}"


def render_all(
    facts: Facts,
    langs: Sequence[Lang],
    formats: Sequence[Format],
    options: RenderOptions,
    *,
    side_by_side: bool = False,
) -> dict[str, bytes]:
    rendered = render_memos(
        facts,
        [(lang, fmt) for lang in langs for fmt in formats],
        options,
        side_by_side=side_by_side,
    )
    return {memo_name(lang, fmt): data for (lang, fmt), data in rendered.items()}


def facts_json(facts: Facts) -> bytes:
    return (json.dumps(facts.to_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- runs


@dataclass(frozen=True)
class GenerateOptions:
    out_dir: Path
    config: Config = field(default_factory=Config)
    langs: tuple[Lang, ...] = ALL_LANGS
    formats: tuple[Format, ...] = ALL_FORMATS
    templates_dir: Path | None = None
    page_size: str | None = None
    pdf_variant: str | None = None
    layout: Layout = "separate"  # "bilingual": one memo.bilingual.* with ko and en side by side

    def memo_langs(self) -> tuple[Lang, ...]:
        return ("bilingual",) if self.layout == "bilingual" else self.langs

    def render_options(self) -> RenderOptions:
        return RenderOptions(
            generated_at=datetime.now().astimezone().isoformat(timespec="seconds"),
            templates_dir=self.templates_dir or self.config.templates_dir,
            reference_docx=self.config.reference_docx,
            page_size=self.page_size or self.config.page_size,
            pdf_variant=self.pdf_variant,
            font_cache=font_cache_dir(self.config.store_path),
        )


def font_cache_dir(store_path: Path) -> Path:
    """Font subsets are kept beside the store (``<store>.fonts/``), like its owner locks."""
    return store_path.with_name(store_path.name + ".fonts")


@dataclass(frozen=True)
class ArticleResult:
    source: Path
    folder: Path | None = None
    files: tuple[WrittenFile, ...] = ()
    error: BriefingError | None = None
    duplicate_of: str | None = None  # same content as this earlier article: not briefed again
    warnings: tuple[str, ...] = ()  # said once per article (not Korean, glyphs missing)
    korean_left: int = 0  # Korean terms the English memo shows bracketed (before the annex)

    @property
    def ok(self) -> bool:
        return self.error is None


def expand_inputs(paths: Iterable[Path]) -> list[Path]:
    """Articles named directly, and the article files inside named folders (sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if p.is_file()
                    and p.suffix.lower() in ARTICLE_SUFFIXES
                    and not p.name.startswith(".")
                )
            )
        else:
            found.append(path)
    return found


Warn = Callable[[str], None]


def _ignore(message: str) -> None:
    pass


class TranslatorSlot:
    """Opens the translation model on first use, once per run, and warns once if none."""

    def __init__(self, config: Config, on_warning: Warn = _ignore) -> None:
        self.config = config
        self.on_warning = on_warning
        self._opened = False
        self._translator: Translator | None = None

    def unload(self) -> None:
        """Free the model until it is needed again, if it can be (``ArgosTranslator``)."""
        unload = getattr(self._translator, "unload", None)
        if unload is not None:
            unload()

    def get(self) -> Translator | None:
        if not self._opened:
            self._translator = open_translator(self.config)
            self._opened = True
            if self._translator is None:
                self.on_warning(NO_MODEL_WARNING)
        return self._translator


def extract_one(path: Path, config: Config, on_warning: Warn = _ignore) -> Facts:
    # Read first: a file that cannot be read gets its error without a model warning.
    article = build_article(path, config)
    not_korean = not_korean_warning(article)
    if not_korean:
        on_warning(not_korean)
    # `briefing extract` reads the store (names learned before) but never writes it
    return extract_article(article, config, TranslatorSlot(config, on_warning).get(), record=False)


def not_korean_warning(article: Article) -> str | None:
    """One line when the article is not in Korean (English, Japanese, ...): said once."""
    letters = [ch for s in article.sentences for ch in s.ko if ch.isalpha()]
    if len(letters) < 20:
        return None
    hangul = sum(1 for ch in letters if "\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e")
    share = hangul / len(letters)
    if share >= 0.2:
        return None
    how = "no Hangul" if hangul == 0 else f"only {share:.0%} Hangul"
    return (
        f"{article.source_path}: the article is not in Korean ({how} among its letters); "
        "briefing extracts facts from Korean news, so the memo may be nearly empty"
    )


def missing_glyphs_warning(facts: Facts, options: GenerateOptions) -> str | None:
    """Characters the memo fonts cannot draw, said once per article (not once per memo)."""
    if not options.formats:
        return None
    from briefing.render.context import build_context

    render = options.render_options()
    missing: dict[str, None] = {}
    for lang in ("ko", "en"):
        context = build_context(
            facts, lang, generated_at=render.generated_at, templates_dir=render.templates_dir
        )
        missing.update(dict.fromkeys(context.missing_glyphs))
    if not missing:
        return None
    shown = " ".join(chr(int(code[2:], 16)) for code in list(missing)[:12])
    more = f" and {len(missing) - 12} more" if len(missing) > 12 else ""
    return (
        f"{facts.article.source_path}: the memo fonts lack {len(missing)} characters "
        f"({shown}{more}); the memos show them as [U+code]"
    )


def load_facts(path: Path) -> Facts:
    """A facts document from disk, refused with the line and field at fault if malformed."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise FactsFormatError(f"{path}: no such file", "check the path") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise FactsFormatError(f"{path}: cannot read: {exc}", "give a UTF-8 facts.json") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FactsFormatError(
            f"{path}: line {exc.lineno}, column {exc.colno}: {exc.msg}", "fix the JSON syntax there"
        ) from exc
    try:
        return Facts.from_dict(data)
    except FactsFormatError as exc:
        raise FactsFormatError(f"{path}: {exc.message}", exc.hint) from exc


def render_facts_file(path: Path, options: GenerateOptions) -> tuple[Path, list[WrittenFile]]:
    """Re-render memos from a facts document, extracting and translating nothing."""
    return write_briefing(load_facts(path), options)


def write_briefing(
    facts: Facts, options: GenerateOptions, *, side_by_side: bool = False
) -> tuple[Path, list[WrittenFile]]:
    """Render every memo (``side_by_side``: on two cores, ``render_memos``), then write the
    facts and memos into the article's folder."""
    files = {FACTS_FILE: facts_json(facts)}
    files.update(
        render_all(
            facts,
            options.memo_langs(),
            options.formats,
            options.render_options(),
            side_by_side=side_by_side,
        )
    )
    return OutputWriter(options.out_dir).write_article(
        files,
        article_id=facts.article.id,
        published=facts.article.published,
        title=facts.article.title.ko if facts.article.title else None,
    )


def process_file(
    path: Path,
    options: GenerateOptions,
    translators: TranslatorSlot,
    claim: ArticleClaim | None = None,
    *,
    last: bool = False,
    side_by_side: bool = False,
) -> ArticleResult:
    """One article end to end; a BriefingError becomes the result's error, nothing is written.

    With a store ``claim`` the outcome is recorded, and an article whose cleaned text was
    briefed already (under another file) is reported as its duplicate instead.  ``last``:
    this process briefs no more articles, so once the facts are out Kiwi's memory and the
    translation model (with its threads) are given back and the memos are drawn on two
    cores (``render_memos(side_by_side=True)``): a one-shot `generate` peaks at the
    extraction's memory, not at extraction plus rendering.
    ``side_by_side``: the memos are drawn on two cores (a worker with a core to spare; the
    model is given back too, and loaded again for the next article in a tenth of a second).
    """
    warnings: list[str | None] = []
    started = time.perf_counter()
    try:
        article = build_article(path, options.config)
        LOGGER.info("%s: read, %d sentences", path, len(article.sentences))
        if claim is not None:
            article = replace(article, source_path=claim.source_path)
            original = claim.check_article(article.id)
            if original is not None:
                return ArticleResult(path, duplicate_of=original.source_name)
        if claim is not None:
            claim.renew()
        warnings.append(not_korean_warning(article))
        store = claim.store if claim is not None else None
        facts = extract_article(article, options.config, translators.get(), store)
        LOGGER.info(
            "%s: extracted %d parties, %d people, %d commitments (%.1f s)",
            path,
            len(facts.parties),
            len(facts.people),
            len(facts.commitments),
            time.perf_counter() - started,
        )
        if claim is not None:
            claim.renew()
        warnings.append(missing_glyphs_warning(facts, options))
        if last:
            from briefing.sentences import release_kiwi

            release_kiwi()
        if last or side_by_side:
            translators.unload()  # and its threads: the memos may be drawn in a fork
        folder, written = write_briefing(facts, options, side_by_side=last or side_by_side)
        LOGGER.info(
            "%s: wrote %d files (%.1f s)", path, len(written), time.perf_counter() - started
        )
        if claim is not None:
            claim.done(facts_json(facts).decode("utf-8"), folder, [w.path for w in written])
        korean_left = len(english_korean(facts, options))
    except StoreLostError:
        raise  # nothing more can be recorded: the run stops
    except BriefingError as exc:
        if claim is not None:
            claim.failed(str(exc))
        return ArticleResult(path, error=exc)
    except Exception as exc:  # a bug: reported for this article; the batch goes on
        if isinstance(exc, MemoryError) and ends_process_on_memory_error():
            raise  # a worker ends: its heap cannot be trusted (workers.py)
        error = BriefingError(
            f"{path}: internal error: {type(exc).__name__}: {exc}",
            "please report this; --debug shows where",
        )
        error.__cause__ = exc
        if claim is not None:
            claim.failed(str(error))
        return ArticleResult(path, error=error)
    said = tuple(w for w in warnings if w)
    return ArticleResult(path, folder, tuple(written), warnings=said, korean_left=korean_left)


_memory_error_ends_process = False


def end_process_on_memory_error() -> None:
    """In a worker process: MemoryError is not an article's failure but the worker's end;
    the parent tries the article again in a fresh one (``workers.py``)."""
    global _memory_error_ends_process
    _memory_error_ends_process = True


def ends_process_on_memory_error() -> bool:
    return _memory_error_ends_process


def english_korean(facts: Facts, options: GenerateOptions) -> tuple[str, ...]:
    """The Korean the English memo shows bracketed, if an English memo was written."""
    if not options.formats or not (options.layout == "bilingual" or "en" in options.langs):
        return ()
    from briefing.render.context import english_leftovers

    return english_leftovers(facts, options.templates_dir or options.config.templates_dir)


def process_recorded(
    path: Path,
    options: GenerateOptions,
    translators: TranslatorSlot,
    store: Store,
    *,
    last: bool = False,
    side_by_side: bool = False,
) -> ArticleResult:
    """`generate`'s way through the store: briefs again what an earlier run briefed, skips a
    repeat within this run and what another process (a watcher) is working on right now."""
    try:
        outcome = store.claim_file(path, origin="generate", redo_done=True)
    except StoreLostError:
        raise
    except BriefingError as exc:
        return ArticleResult(path, error=exc)
    if outcome.claim is None:
        assert outcome.record is not None
        return ArticleResult(path, duplicate_of=outcome.record.original_name)
    return process_file(
        path, options, translators, outcome.claim, last=last, side_by_side=side_by_side
    )


def generate(
    paths: Sequence[Path],
    options: GenerateOptions,
    on_result: Callable[[ArticleResult], None] | None = None,
    on_warning: Warn = _ignore,
    store: Store | None = None,
    jobs: int = 1,
    *,
    one_shot: bool = False,
) -> list[ArticleResult]:
    """Process every article; one failing article never stops the others.

    With a ``store`` every article is recorded there (the watcher's and the digest's store),
    and several articles are briefed by up to ``jobs`` worker processes (``workers.py``);
    results are reported in the order of the inputs either way.  ``one_shot``: the process
    ends after this run (the `briefing` command), so the last article it briefs itself
    gives Kiwi back before its memos are drawn, on two cores (``process_file(last=True)``).
    """
    files = expand_inputs(paths)
    if store is not None and jobs > 1 and len(files) > 1:
        from briefing.workers import generate_in_workers

        return generate_in_workers(files, options, store, jobs, on_result, on_warning)
    translators = TranslatorSlot(options.config, on_warning)
    results = []
    for number, path in enumerate(files, 1):
        last = one_shot and number == len(files)
        if store is None:
            result = process_file(path, options, translators, last=last)
        else:
            result = process_recorded(path, options, translators, store, last=last)
        results.append(result)
        if on_result:
            on_result(result)
    return results
