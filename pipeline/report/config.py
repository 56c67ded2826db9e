"""``report.yaml``: which facts, figures and tables go in which chapter.

Format::

    chapters:
      - absence: true                 # the chapter «Sykefravær i kommunen» (absence.yaml)
      - title: Mål og rapportering
        problemstillinger: [p1]       # ids from study.yaml
        facts:
          - text: fakta-p1.md         # the revisor's facts from documents and interviews
        vurdering: vurdering-p1.md
      - title: System og praksis
        problemstillinger: [p2, p3]
        facts:
          - heading: Medarbeidersamtaler
          - comparison: medarbeidersamtale      # from analysis.yaml group_comparisons
            phrase: har hatt medarbeidersamtale de siste 12 månedene
            population: de ansatte
            key: true                 # the sentence is also a key finding in Sammendrag
          - question: tema            # figure, table and sentence for a question
          - gaps: oppfolging          # from analysis.yaml gaps
          - factors: fysisk           # items over the threshold (analysis.yaml factors)
          - dropoff: true
          - free_text: fritekst_tiltak  # redacted answers; only when analysis.yaml allows it
        vurdering: [vurdering-p2.md, vurdering-p3.md]   # one text or several

Texts are Markdown files in ``texts/``. Everything else the report needs comes
from ``study.yaml``, the results and the fixed texts under ``texts/``
(bakgrunn, avgrensning, definisjoner, metode, svakheter, kriterier,
kriterier-vedlegg, konklusjon, anbefalinger, uttalelse).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.config import ConfigReader, key
from pipeline.errors import PipelineError

FACT_KINDS = (
    "heading",
    "text",
    "question",
    "comparison",
    "gaps",
    "factors",
    "dropoff",
    "free_text",
)


@dataclass(frozen=True)
class FactKeys:
    """Ett punkt i et kapittel: nøyaktig én av heading, text, question, comparison, gaps,
    factors, dropoff og free_text, og eventuelt key, phrase og population."""

    heading: str = key("En mellomoverskrift.")
    text: str = key("En tekstfil i texts/ med revisors fakta, f.eks. «fakta-p1.md».")
    question: str = key("Figur, tabell og setning for et spørsmål (id fra codebook.yaml).")
    comparison: str = key("En sammenligning mellom grupper (id fra analysis.yaml).")
    gaps: str = key("Et oppfatningsgap (id fra analysis.yaml).")
    factors: str = key("Forhold over terskelen i et batteri (id fra analysis.yaml «factors»).")
    dropoff: bool = key("true: figuren over hvor respondentene sluttet å svare.")
    free_text: str = key("Fritekstsvar for et spørsmål (bare når analysis.yaml tillater det).")
    phrase: str = key(
        "For «comparison»: hva andelen gjelder, f.eks. «har hatt medarbeidersamtale …»."
    )
    population: str = key(
        "For «comparison»: hvem andelen gjelder, f.eks. «de ansatte».", default="respondentene"
    )
    # Last: the field named «key» hides the function key() for the lines after it.
    key: bool = key("true: setningen er også et hovedfunn i sammendraget.", default=False)


@dataclass(frozen=True)
class ChapterKeys:
    """Ett kapittel i rapporten."""

    title: str = key("Kapitteloverskriften (påkrevd unntatt for sykefraværskapittelet).")
    absence: bool = key(
        "true: kapittelet «Sykefravær i kommunen» fra absence.yaml; da brukes bare «title».",
        default=False,
    )
    problemstillinger: list[str] = key("Id-ene til problemstillingene kapittelet svarer på.")
    facts: list[FactKeys] = key("Fakta, figurer og tabeller i rekkefølge.")
    vurdering: str | list[str] = key("Revisors vurdering: én tekstfil i texts/ eller en liste.")


@dataclass(frozen=True)
class ReportKeys:
    """Rapportens kapitler: hvilke fakta, figurer og tabeller som står hvor. Filen kan utelates;
    da får hver problemstilling et kapittel med vurderingen i texts/vurdering-<id>.md."""

    chapters: list[ChapterKeys] = key("Kapitlene i rekkefølge.", required=True)


@dataclass(frozen=True)
class Fact:
    kind: str
    ref: Any
    key: bool = False
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Chapter:
    title: str
    problemstillinger: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = ()
    vurdering: tuple[str, ...] = ()
    absence: bool = False


@dataclass(frozen=True)
class ReportConfig:
    chapters: tuple[Chapter, ...]


def _fact(r: ConfigReader) -> Fact:
    kinds = [k for k in FACT_KINDS if r.has(k)]
    if len(kinds) != 1:
        raise PipelineError(
            f"Hvert punkt under «{r.prefix.rstrip('.')}» skal ha nøyaktig én av "
            f"{', '.join(FACT_KINDS)}.",
            file=r.file,
        )
    kind = kinds[0]
    options = {k: v for k, v in r.data.items() if k not in (kind, "key")}
    return Fact(kind=kind, ref=r.data[kind], key=r.get("key", bool, False), options=options)


def load_report_config(path: Path, problemstilling_ids: tuple[str, ...]) -> ReportConfig:
    """Read ``report.yaml``; without it, one chapter per problemstilling with its vurdering."""
    if not Path(path).is_file():
        return ReportConfig(
            chapters=tuple(
                Chapter(title="", problemstillinger=(p,), vurdering=(f"vurdering-{p}.md",))
                for p in problemstilling_ids
            )
        )
    r = ConfigReader.load(path, ReportKeys)
    chapters = []
    for c in r.sections("chapters", required=True):
        if c.get("absence", bool, False):
            chapters.append(
                Chapter(title=c.get("title", str, "Sykefravær i kommunen"), absence=True)
            )
            continue
        ids = tuple(c.strings("problemstillinger", []))
        for p in ids:
            if p not in problemstilling_ids:
                raise PipelineError(
                    f"«{c.prefix}problemstillinger» viser til «{p}», som ikke finnes i study.yaml.",
                    file=r.file,
                )
        chapters.append(
            Chapter(
                title=c.get("title", str),
                problemstillinger=ids,
                facts=tuple(_fact(f) for f in c.sections("facts")),
                vurdering=tuple(
                    c.strings("vurdering")
                    if isinstance(c.data.get("vurdering"), list)
                    else [c.get("vurdering", str)]
                )
                if c.has("vurdering")
                else (),
            )
        )
    return ReportConfig(chapters=tuple(chapters))
