"""The revisor's Markdown texts as HTML: raw HTML in a text is escaped, never passed through."""

from __future__ import annotations

import mistune


def render_markdown(text: str, *, heading_offset: int = 2) -> str:
    """Markdown → HTML with any raw HTML escaped; headings shifted below the chapter's ``h2``.

    >>> render_markdown("Hei <script>x</script>")
    '<p>Hei &lt;script&gt;x&lt;/script&gt;</p>\\n'
    >>> render_markdown("# Tittel")
    '<h3>Tittel</h3>\\n'
    """
    renderer = _Renderer(escape=True)
    renderer.offset = heading_offset
    markdown = mistune.create_markdown(renderer=renderer, plugins=["table", "strikethrough"])
    return str(markdown(text))


class _Renderer(mistune.HTMLRenderer):
    offset = 2

    def heading(self, text: str, level: int, **attrs: object) -> str:
        return super().heading(text, min(level + self.offset, 6), **attrs)
