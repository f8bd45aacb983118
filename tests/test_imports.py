"""`briefing --help` stays instant: the heavy libraries load only where they are used."""

from __future__ import annotations

import subprocess
import sys

HEAVY = (
    "kiwipiepy",
    "weasyprint",
    "docx",
    "ctranslate2",
    "sentencepiece",
    "trafilatura",
    "torch",
    "stanza",
    "argostranslate",
    "celery",
    "psycopg",
)


def test_help_imports_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from briefing.cli import app\n"
        "for args in (['--help'], ['generate', '--help'], ['models', '--help'], ['worker', '--help']):\n"
        "    CliRunner().invoke(app, args)\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
