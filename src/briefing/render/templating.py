"""The Jinja2 environment every memo and digest template is rendered with.

Templates are looked up in the user's folder first (``--templates DIR`` or ``[paths]
templates`` in the config), then in the bundled ``templates/`` folder, so a user overrides
one file (say ``memo.css``) and keeps the rest.  Undefined variables fail loudly
(``StrictUndefined``) and every ``{{ value }}`` is HTML-escaped (autoescape), so article text
that contains markup or ``<script>`` is shown as text, never interpreted.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from briefing.errors import RenderError
from briefing.resources import bundled_templates_dir


def search_path(templates_dir: Path | None) -> list[Path]:
    """Folders searched for templates and assets, the user's first."""
    folders = [bundled_templates_dir()]
    if templates_dir is not None:
        if not templates_dir.is_dir():
            raise RenderError(
                f"templates folder not found: {templates_dir}",
                "check --templates or [paths] templates in the config",
            )
        folders.insert(0, templates_dir.resolve())
    return folders


def environment(templates_dir: Path | None = None) -> jinja2.Environment:
    """The shared Jinja2 environment for ``templates_dir`` (None: the bundled templates only).

    - Loader: ``templates_dir`` first, then the bundled ``templates/`` folder; a template
      name such as ``"memo.html"`` or ``"weekly.html"`` is found in the first that has it.
    - ``undefined=StrictUndefined``: a missing variable raises ``jinja2.UndefinedError``
      (wrap rendering in :func:`render_template` to turn that into a ``RenderError``).
    - ``autoescape=True`` for every template: values are HTML-escaped; only ``|safe`` or
      ``Markup`` output is trusted, so never apply those to article text.
    - Globals: ``asset_url(name)`` gives the ``file://`` URL of a bundled or user asset
      (e.g. ``asset_url("fonts/OFL.txt")``), the only kind of URL the PDF fetcher serves.
    - Filter ``css_string``: a value as a quoted CSS string, for ``content:`` in
      ``<style>`` (e.g. running headers: ``content: {{ label|css_string }}``).
    - Filter ``keep_words``: escaped text whose Korean words are wrapped in
      ``<span class="kw">`` (style it ``white-space: nowrap``), as WeasyPrint ignores
      ``word-break: keep-all`` and would otherwise wrap Korean between any two syllables.

    The environment is cached per folder and shared: add filters to a copy
    (``env.overlay()``), not to it.
    """
    return _environment(templates_dir.resolve() if templates_dir else None)


@cache
def _environment(templates_dir: Path | None) -> jinja2.Environment:
    folders = search_path(templates_dir)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in folders]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["asset_url"] = lambda name: asset_path(name, templates_dir).as_uri()
    env.filters["css_string"] = css_string
    env.filters["keep_words"] = keep_words
    return env


# a Korean word (eojeol) short enough to keep on one line; longer runs may still break
_KOREAN_WORD = re.compile(r"\S*[\uac00-\ud7a3]\S*")
KEEP_WORD_MAX_CHARS = 14


def keep_words(value: str) -> markupsafe.Markup:
    """``value`` escaped, each Korean word in a no-wrap ``<span class="kw">``."""
    text, parts, end = str(value), [], 0
    for match in _KOREAN_WORD.finditer(text):
        word = match.group()
        parts.append(markupsafe.escape(text[end : match.start()]))
        parts.append(
            markupsafe.Markup('<span class="kw">%s</span>') % word
            if len(word) <= KEEP_WORD_MAX_CHARS
            else markupsafe.escape(word)
        )
        end = match.end()
    parts.append(markupsafe.escape(text[end:]))
    return markupsafe.Markup("").join(parts)


def css_string(value: str) -> markupsafe.Markup:
    """``value`` as a quoted CSS string (for ``content:`` in a ``<style>`` block)."""
    escaped = "".join(
        f"\\{ord(ch):X} " if ch in '"\\<>&' or ord(ch) < 0x20 else ch for ch in str(value)
    )
    return markupsafe.Markup(f'"{escaped}"')


def asset_path(name: str, templates_dir: Path | None) -> Path:
    """A bundled or user asset (fonts, images, CSS) by its name relative to the templates."""
    for folder in search_path(templates_dir):
        candidate = (folder / name).resolve()
        if candidate.is_relative_to(folder) and candidate.is_file():
            return candidate
    raise RenderError(
        f"template asset not found: {name}",
        "add it to your templates folder or remove the reference",
    )


def render_template(templates_dir: Path | None, name: str, **context: Any) -> str:
    """Render one template; a missing template or variable becomes a ``RenderError``."""
    env = environment(templates_dir)
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateNotFound as exc:
        raise RenderError(
            f"template not found: {exc.name}",
            "check your templates folder; bundled names: memo.html, memo.css",
        ) from exc
    except jinja2.UndefinedError as exc:
        raise RenderError(
            f"template {name}: {exc.message}",
            "fix the template: it uses a variable the memo does not provide",
        ) from exc
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(
            f"template {exc.filename or name}, line {exc.lineno}: {exc.message}",
            "fix the template syntax",
        ) from exc
