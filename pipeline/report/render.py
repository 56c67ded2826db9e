"""Render the report HTML from the Jinja templates in ``templates/``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pipeline.templating import environment, templates_dir


def render_html(context: dict[str, Any], templates: Path | None = None) -> str:
    """The complete, self-contained report HTML."""
    templates = templates_dir() if templates is None else templates
    env = environment(templates)
    css = (templates / "report.css").read_text(encoding="utf-8")
    page = env.get_template("report.html.j2").render(css=css, **context)
    head, sep, body = page.partition("</style>")
    return head + sep + no_break_percent(body)


def no_break_percent(text: str) -> str:
    """Hand-written ``8 %`` in study texts gets the no-break space the formatter would give.

    >>> no_break_percent("målet er 8 % i 2025")
    'målet er 8\xa0% i 2025'
    """
    return re.sub(r"(\d) %", "\\1\u00a0%", text)
