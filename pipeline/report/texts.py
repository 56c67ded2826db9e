"""The revisor's texts, with a visible placeholder for each one not yet written.

A draft report always renders: a missing text in ``texts/`` (or a missing
field such as the høring date) becomes «[Revisor skriver her: …]» in the
report, and the report stage lists every placeholder as a warning. A study
marked ``final: true`` in ``study.yaml`` fails instead, naming them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape

from pipeline.errors import PipelineError
from pipeline.report.markdown import render_markdown

PLACEHOLDER = "[Revisor skriver her: {what}]"

# On the cover and in every page header of an example study's report (``example: true``).
EXAMPLE_BANNER = "Eksempel – syntetiske data"


@dataclass(frozen=True)
class Missing:
    """One text the revisor has not written yet."""

    what: str  # what belongs there, in the reader's words
    where: str  # the file or key to write it in

    def __str__(self) -> str:
        return f"{self.what} ({self.where})"


@dataclass
class RevisorTexts:
    """Reads ``texts/*.md`` for one report, remembering every placeholder it hands out.

    >>> texts = RevisorTexts(Path("/finnes/ikke"))
    >>> str(texts.get("bakgrunn", "bakgrunnen for prosjektet"))
    '<p class="placeholder">[Revisor skriver her: bakgrunnen for prosjektet]</p>'
    >>> [str(m) for m in texts.missing]
    ['bakgrunnen for prosjektet (texts/bakgrunn.md)']
    """

    root: Path
    missing: list[Missing] = field(default_factory=list)

    def path(self, name: str) -> Path:
        return self.root / "texts" / (name if name.endswith(".md") else f"{name}.md")

    def exists(self, name: str) -> bool:
        path = self.path(name)
        return path.is_file() and bool(path.read_text(encoding="utf-8").strip())

    def get(self, name: str, what: str) -> Markup:
        """The text as safe HTML, or a visible placeholder saying what belongs there."""
        if not self.exists(name):
            return self.placeholder(what, f"texts/{self.path(name).name}")
        path = self.path(name)
        return Markup(render_markdown(path.read_text(encoding="utf-8"), source=path))

    def markdown(self, text: str) -> Markup:
        """A short Markdown text from a YAML file, as safe HTML."""
        return Markup(render_markdown(text))

    def optional(self, name: str) -> Markup:
        """A text the report can do without (no placeholder when it is missing)."""
        return self.get(name, "") if self.exists(name) else Markup("")

    def placeholder(self, what: str, where: str, *, inline: bool = False) -> Markup:
        """Record a missing text and return its placeholder (a paragraph, or a span inline)."""
        self.missing.append(Missing(what, where))
        tag = "span" if inline else "p"
        return Markup(f'<{tag} class="placeholder">{escape(PLACEHOLDER.format(what=what))}</{tag}>')

    def inline(self, value: str | None, what: str, where: str) -> Markup:
        """A short value from ``study.yaml`` (a name, a date), or an inline placeholder."""
        if value:
            return escape(value)
        return self.placeholder(what, where, inline=True)

    def summary(self) -> str:
        """«3 tekster mangler: …» (empty when nothing is missing)."""
        if not self.missing:
            return ""
        count = len(self.missing)
        noun = "tekst mangler" if count == 1 else "tekster mangler"
        return f"{count} {noun}: " + "; ".join(str(m) for m in self.missing)

    def check_final(self, final: bool, study_file: Path) -> None:
        """In a report marked final, every placeholder is an error."""
        if final and self.missing:
            raise PipelineError(
                f"Rapporten er merket som endelig (final: true), men {self.summary()}",
                file=study_file,
                hint="Skriv tekstene, eller sett final: false så lenge rapporten er et utkast.",
            )
