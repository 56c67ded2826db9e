"""The revisor's Markdown texts as HTML: raw HTML is escaped, never passed through, and
nothing is fetched from the network.

A report about a municipality's staff is read offline and must not call home: an
image such as ``![](http://…/pixel.png)`` would tell a server who opened the report
and when. Images are therefore refused unless they are embedded (``data:``);
links stay links (the reader chooses to follow them), so sources can be cited.
"""

from __future__ import annotations

import re
from pathlib import Path

import mistune

from pipeline.errors import PipelineError

_SCHEME = re.compile(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")


class _RefusedImage(Exception):
    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def render_markdown(text: str, *, heading_offset: int = 2, source: Path | str | None = None) -> str:
    """Markdown → HTML with any raw HTML escaped; headings shifted below the chapter's ``h2``.

    Parameters
    ----------
    text
        The Markdown.
    heading_offset
        Levels added to every heading.
    source
        The text's file, named in the error when the text has an image.

    Raises
    ------
    PipelineError
        The text has an image that is not embedded in it (from the network or a file).

    >>> render_markdown("Hei <script>x</script>")
    '<p>Hei &lt;script&gt;x&lt;/script&gt;</p>\\n'
    >>> render_markdown("# Tittel")
    '<h3>Tittel</h3>\\n'
    >>> render_markdown("Se [loven](https://lovdata.no/).")
    '<p>Se <a href="https://lovdata.no/">loven</a>.</p>\\n'
    """
    renderer = _Renderer(escape=True)
    renderer.offset = heading_offset
    markdown = mistune.create_markdown(renderer=renderer, plugins=["table", "strikethrough"])
    try:
        return str(markdown(text))
    except _RefusedImage as refused:
        line = _line_of(text, refused.url)
        remote = bool(_SCHEME.match(refused.url))
        what = (
            "henter et bilde fra nettet"
            if remote
            else "viser til en bildefil, og rapporten skal være én fil"
        )
        raise PipelineError(
            f"Linje {line}: teksten {what} («{refused.url}»). Rapporten skal kunne leses "
            "uten at noe hentes utenfra, så bilder i tekstene er ikke tillatt.",
            file=source,
            hint="Fjern bildet, eller lag det som en figur i rapporten. "
            "Vanlige lenker til kilder, [tekst](https://…), er tillatt.",
        ) from None


def _line_of(text: str, url: str) -> int:
    """The first line (1-based) where ``url`` is written; 1 when it cannot be found."""
    for number, line in enumerate(text.splitlines(), start=1):
        if url in line:
            return number
    return 1


class _Renderer(mistune.HTMLRenderer):
    offset = 2

    def heading(self, text: str, level: int, **attrs: object) -> str:
        return super().heading(text, min(level + self.offset, 6), **attrs)

    def image(self, text: str, url: str, title: str | None = None) -> str:
        if not url.strip().lower().startswith("data:"):
            raise _RefusedImage(url)
        return super().image(text, url, title)
