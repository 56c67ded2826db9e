"""Render the report HTML from the Jinja templates in ``templates/``."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

import jinja2

from pipeline import formatting

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    """Jinja with autoescape on, strict undefined, and every formatting function as a filter."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    for name, function in inspect.getmembers(formatting, inspect.isfunction):
        if function.__module__ == formatting.__name__ and not name.startswith("_"):
            env.filters[name] = function
    return env


def render_html(context: dict[str, Any], templates: Path = TEMPLATES) -> str:
    """The complete, self-contained report HTML."""
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
