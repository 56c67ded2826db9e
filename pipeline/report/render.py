"""Render the report HTML from the Jinja templates in ``templates/``."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import jinja2

from pipeline.report.navigation import add_navigation
from pipeline.templating import environment, templates_dir


def render_html(context: dict[str, Any], templates: Path | None = None) -> str:
    """The complete, self-contained report HTML (with the navigation of :mod:`.navigation`)."""
    templates = templates_dir() if templates is None else templates
    env = _report_environment(templates)
    css = (templates / "report.css").read_text(encoding="utf-8")
    page = env.get_template("report.html.j2").render(css=css, **context)
    head, sep, body = page.partition("</style>")
    script = (templates / "navigation.js").read_text(encoding="utf-8")
    # The print contents first (headings with an id only), then the screen navigation.
    return head + sep + add_navigation(no_break_percent(add_contents(body)), script)


CONTENTS_MARK = (
    "<!-- contents: filled in from the numbered headings by pipeline.report.render.add_contents -->"
)
_HEADING = re.compile(r'<h([234]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)


def add_contents(page: str) -> str:
    """The table of contents from the ``h2``–``h4`` headings with an id in ``<main>``.

    Built from the rendered page, so it lists exactly the chapters, sub-chapters,
    sub-topics and appendices the report has, with their numbers. Headings in
    the revisor's texts carry no id and stay out.

    >>> page = CONTENTS_MARK + '<main><h2 id="a">1 A</h2><h3 id="b">1.1 B</h3><h2 id="c">2 C</h2></main>'
    >>> print(add_contents(page).split("<main>")[0])
    <ol>
    <li><a href="#a">1 A</a><ol>
    <li><a href="#b">1.1 B</a></li>
    </ol></li>
    <li><a href="#c">2 C</a></li>
    </ol>
    """
    if CONTENTS_MARK not in page:
        return page
    lines = ["<ol>"]
    depth = 2  # the level of the list we are in
    open_item = False
    for level_text, anchor, title in _HEADING.findall(page[page.find("<main") :]):
        level = min(int(level_text), depth + 1)  # never skip a level
        text = re.sub(r"<[^>]+>", "", title).strip()
        if level > depth:
            lines[-1] += "<ol>"
            depth = level
        else:
            if open_item:
                lines[-1] += "</li>"
            while depth > level:
                lines.append("</ol></li>")
                depth -= 1
        lines.append(f'<li><a href="#{anchor}">{text}</a>')
        open_item = True
    if open_item:
        lines[-1] += "</li>"
    while depth > 2:
        lines.append("</ol></li>")
        depth -= 1
    lines.append("</ol>")
    return page.replace(CONTENTS_MARK, "\n".join(lines), 1)


@functools.lru_cache(maxsize=4)
def _report_environment(templates: Path) -> jinja2.Environment:
    """The report's own copy of the environment, kept per folder: a process that renders
    again (``make preview``) compiles the templates once; Jinja reloads a changed file."""
    return environment(templates)


def no_break_percent(text: str) -> str:
    """Hand-written ``8 %`` in study texts gets the no-break space the formatter would give.

    >>> no_break_percent("målet er 8 % i 2025")
    'målet er 8\xa0% i 2025'
    """
    return re.sub(r"(\d) %", "\\1\u00a0%", text)
