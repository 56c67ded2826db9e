"""Navigation added to the rendered report: contents with sub-levels, numbers and anchors.

The templates of the chapters are written by several hands; rather than each of
them keeping a contents list, numbering and ids in step, this module reads the
rendered HTML once and adds

- an ``id`` to every chapter heading (``h2``) and section heading (``h3``) in
  ``<main>`` that has none;
- the screen contents (``nav.side-nav``): chapters with their sections and the
  appendices, a sticky column on wide screens and an «Innhold» button on narrow
  ones (``templates/report.css``; the script in ``templates/navigation.js``
  marks where the reader is). The PDF keeps its own contents (``nav.toc``);
- a number and an anchor for every figure and table: «Figur 3:» links to
  ``#fig-…`` and «Tabell 6:» to ``#tabell-6``, so a reader can send a link to
  one table;
- a «Til toppen» link at the end of every chapter.

Everything here works without the script; the script only adds the highlighting
and closes the contents on a phone.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

HEADING = re.compile(r"<h([23])([^>]*)>(.*?)</h\1>", re.S)
ID = re.compile(r'\bid="([^"]*)"')
TAG = re.compile(r"<[^>]+>")
# One pass over the figures, tables and their captions, in document order.
NUMBERED = re.compile(r"<figure\b[^>]*>|<figcaption>|<table\b[^>]*>|<caption>")
TO_TOP = '<p class="to-top"><a href="#top">Til toppen</a></p>\n'


@dataclass
class Entry:
    """A heading of the contents: its level (2 or 3), anchor, text and sections."""

    level: int
    anchor: str
    text: str
    children: list[Entry] = field(default_factory=list)


def slug(text: str) -> str:
    """An ASCII anchor from a heading's text: ``2.1 Spørreundersøkelsen`` → ``2-1-sporreundersokelsen``.

    >>> slug("2.1 Spørreundersøkelsen"), slug("Ærlig – åpent?")
    ('2-1-sporreundersokelsen', 'aerlig-apent')
    """
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "avsnitt"


def plain(fragment: str) -> str:
    """The text of an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(TAG.sub(" ", fragment)).split())


def _anchor_headings(main: str, taken: set[str]) -> tuple[str, list[Entry]]:
    entries: list[Entry] = []

    def visit(match: re.Match[str]) -> str:
        level, attrs, inner = int(match.group(1)), match.group(2), match.group(3)
        found = ID.search(attrs)
        if found:
            anchor = found.group(1)
        else:
            base = anchor = slug(plain(inner))
            number = 2
            while anchor in taken:
                anchor, number = f"{base}-{number}", number + 1
            attrs = f' id="{anchor}"{attrs}'
        taken.add(anchor)
        entry = Entry(level, anchor, plain(inner))
        if level == 3 and entries:
            entries[-1].children.append(entry)
        else:
            entries.append(entry)
        return f"<h{level}{attrs}>{inner}</h{level}>"

    return HEADING.sub(visit, main), entries


def contents_html(entries: list[Entry]) -> str:
    """The screen contents: a list of chapters, each with its sections."""

    def item(entry: Entry) -> str:
        link = f'<a href="#{html.escape(entry.anchor)}">{html.escape(entry.text)}</a>'
        if not entry.children:
            return f"<li>{link}</li>"
        inner = "".join(item(child) for child in entry.children)
        # The appendices stay listed one by one; other chapters open where the reader is.
        kind = ' class="appendices"' if entry.text.startswith("Vedlegg") else ""
        return f"<li{kind}>{link}<ol>{inner}</ol></li>"

    items = "".join(item(entry) for entry in entries)
    return (
        '<nav class="side-nav" id="sidenav" aria-label="Innhold">\n'
        "<details open><summary>Innhold</summary>\n"
        f'<ol class="side-nav-list">{items}</ol>\n'
        "</details>\n</nav>\n"
    )


def number_figures_and_tables(body: str, taken: set[str]) -> str:
    """«Figur n:» and «Tabell n:» at the start of each caption, as a link to the item itself."""
    counts = {"figur": 0, "tabell": 0}
    current = {"figur": "", "tabell": ""}

    def visit(match: re.Match[str]) -> str:
        tag = match.group(0)
        if tag.startswith("<figure"):
            counts["figur"] += 1
            found = ID.search(tag)
            if found:
                current["figur"] = found.group(1)
                return tag
            current["figur"] = _free(f"figur-{counts['figur']}", taken)
            return tag[:-1] + f' id="{current["figur"]}">'
        if tag.startswith("<table"):
            counts["tabell"] += 1
            found = ID.search(tag)
            current["tabell"] = (
                found.group(1) if found else _free(f"tabell-{counts['tabell']}", taken)
            )
            if found:
                return tag
            return (
                tag[:-1] + f' id="{current["tabell"]}">'
            )  # after the class: <table class="x" id="…">
        if tag == "<figcaption>":
            return (
                f'<figcaption><a class="number" href="#{current["figur"]}">'
                f"Figur {counts['figur']}:</a> "
            )
        return f'<caption><a class="number" href="#{current["tabell"]}">Tabell {counts["tabell"]}:</a> '

    return NUMBERED.sub(visit, body)


def _free(anchor: str, taken: set[str]) -> str:
    base, number = anchor, 2
    while anchor in taken:
        anchor, number = f"{base}-{number}", number + 1
    taken.add(anchor)
    return anchor


def add_navigation(body: str, script: str = "") -> str:
    """The report body with anchors, numbers, «Til toppen» links and the screen contents.

    ``body`` is the HTML after the stylesheet (from ``<body>`` on); ``script``
    the JavaScript put before ``</body>``. The contents go right before
    ``<main``; nothing changes if the body has no ``<main>``.
    """
    start = body.find("<main")
    end = body.find("</main>")
    if start < 0 or end < 0:
        return body
    taken = set(ID.findall(body))
    main, entries = _anchor_headings(body[start:end], taken)
    # A link back up at the end of every chapter: before each chapter heading but the first.
    first = True

    def before_chapter(match: re.Match[str]) -> str:
        nonlocal first
        if first:
            first = False
            return match.group(0)
        return TO_TOP + match.group(0)

    main = re.sub(r'<section\b[^>]*\bclass="chapter(?: [^"]*)?"[^>]*>', before_chapter, main)
    page = body[:start] + contents_html(entries) + main + TO_TOP + body[end:]
    page = number_figures_and_tables(page, taken)
    if script:
        page = page.replace("</body>", f"<script>\n{script}</script>\n</body>", 1)
    return page
