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
          - vurdering: vurdering-samtaler.md  # a vurdering placed after its sub-topic
        vurdering: [vurdering-p2.md, vurdering-p3.md]   # one text or several
    findings:                         # the revisor's verdict on each criterion
      - problemstilling: p1
        answer: Kort svar på problemstillingen.     # Markdown, used in the konklusjon
        criteria:
          - criterion: 1              # numbered as in study.yaml
            verdict: delvis_oppfylt   # oppfylt, delvis_oppfylt, ikke_oppfylt, ikke_vurdert
            reasoning: En eller to setninger.       # Markdown
            facts: [comparison:medarbeidersamtale, absence:kommune-2025]
            recommendations: [2]
    recommendations:                  # numbered in order
      - text: Sørg for at alle tilbys medarbeidersamtale.
        responsible: Etatslederne
        deadline: 31.12.2025
        indicator: Andelen med medarbeidersamtale, per etat.
        measure: {comparison: medarbeidersamtale}   # the value now is printed beside it
        response: Kommunedirektørens svar.          # when given

A criterion of study.yaml without an assessment is shown as «Ikke vurdert»
with a placeholder; a recommendation no criterion names, or a criterion naming
a recommendation that does not exist, is an error. Fact ids are checked
against the results when the report is built (:mod:`pipeline.report.findings`).

Texts are Markdown files in ``texts/``. Everything else the report needs comes
from ``study.yaml``, the results and the fixed texts under ``texts/``
(:data:`pipeline.report.context.REQUIRED_TEXTS` get a visible placeholder when
missing; avgrensning, definisjoner, verktoy and anbefalinger are optional).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.config import ConfigReader, Problemstilling, key
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
    "vurdering",
)

# The revisor's verdict on a criterion, and how the report names it.
VERDICTS = {
    "oppfylt": "Oppfylt",
    "delvis_oppfylt": "Delvis oppfylt",
    "ikke_oppfylt": "Ikke oppfylt",
    "ikke_vurdert": "Ikke vurdert",
}

# What a finding may rest on: ``kind:ref``, e.g. ``question:tema`` or ``absence:kommune-2025``.
FACT_REF_KINDS = ("question", "comparison", "gaps", "factors", "absence")

# What a recommendation's indicator may measure (the statistic and its value now).
MEASURE_KINDS = ("comparison", "question", "absence")


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
    free_text: str = key(
        "Fritekstsvar for et spørsmål (bare når analysis.yaml tillater det). Er svarene kodet i "
        "texts/fritekst-tema.csv, vises temaene med antall i stedet for et utvalg."
    )
    vurdering: str = key(
        "Revisors vurdering plassert her, etter et tema: en tekstfil i texts/, "
        "f.eks. «vurdering-medarbeidersamtaler.md»."
    )
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
    smarte: bool = key(
        "true: SMARTE-vurderingen av målene i absence.yaml står i dette kapittelets vurdering "
        "i stedet for i sykefraværskapittelet.",
        default=False,
    )


@dataclass(frozen=True)
class CriterionKeys:
    """Revisors vurdering av ett revisjonskriterium."""

    criterion: int = key(
        "Kriteriets nummer under problemstillingen i study.yaml (1, 2, …).", required=True
    )
    verdict: str = key(
        "Vurderingen. Mangler den, står kriteriet som «Ikke vurdert» med en plassholder.",
        choices=tuple(VERDICTS),
    )
    reasoning: str = key("Begrunnelsen, én eller to setninger (Markdown).")
    facts: list[str] = key(
        "Faktaene vurderingen bygger på, som art:id: question:<spørsmål>, "
        "comparison:<sammenligning>, gaps:<gap>, factors:<spørsmål> eller absence:<mål-id>."
    )
    recommendations: list[int] = key("Numrene på anbefalingene som følger av vurderingen.")


@dataclass(frozen=True)
class FindingKeys:
    """Svaret på én problemstilling og vurderingen av hvert kriterium."""

    problemstilling: str = key("Id-en til problemstillingen i study.yaml.", required=True)
    answer: str = key("Det korte svaret på problemstillingen (Markdown), brukt i konklusjonen.")
    criteria: list[CriterionKeys] = key("Vurderingen av hvert kriterium.")


@dataclass(frozen=True)
class MeasureKeys:
    """Statistikken en indikator følger: nøyaktig én av comparison, question og absence."""

    comparison: str = key("Andelen per gruppe i en sammenligning (id fra analysis.yaml).")
    question: str = key("Andelen gunstige svar på et spørsmål (id fra codebook.yaml).")
    item: str = key("For «question»: én påstand i et batteri (variabel-id).")
    absence: str = key("Sykefraværet mot et mål (mål-id fra absence.yaml).")


@dataclass(frozen=True)
class RecommendationKeys:
    """Én anbefaling. Nummeret er rekkefølgen."""

    text: str = key("Anbefalingen (Markdown).", required=True)
    responsible: str = key("Forslag til ansvarlig, f.eks. «Kommunedirektøren» eller «HR-leder».")
    deadline: str = key("Forslag til frist, f.eks. «31.12.2025» eller «Årsrapporten for 2025».")
    indicator: str = key("Hva kontrollutvalget kan følge opp for å se om anbefalingen virker.")
    measure: MeasureKeys = key(
        "Tallet fra undersøkelsen indikatoren gjelder; verdien nå vises ved anbefalingen."
    )
    response: str = key("Kommunedirektørens svar på anbefalingen, når det er gitt (Markdown).")


@dataclass(frozen=True)
class ReportKeys:
    """Rapportens kapitler: hvilke fakta, figurer og tabeller som står hvor. Filen kan utelates;
    da får hver problemstilling et kapittel med vurderingen i texts/vurdering-<id>.md."""

    chapters: list[ChapterKeys] = key("Kapitlene i rekkefølge.", required=True)
    findings: list[FindingKeys] = key(
        "Revisors vurdering av hvert kriterium per problemstilling: sammendragets tabeller og "
        "konklusjonen bygges fra dette."
    )
    recommendations: list[RecommendationKeys] = key(
        "Anbefalingene, med ansvarlig, frist og indikator for oppfølging."
    )


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
    smarte: bool = False  # the SMARTE assessment of the absence targets goes in this vurdering


@dataclass(frozen=True)
class Assessment:
    """The revisor's assessment of one criterion of one problemstilling."""

    problemstilling: str
    criterion: int  # 1-based, in the order of ``criteria`` in study.yaml
    verdict: str | None  # a key of VERDICTS; None when not yet assessed
    reasoning: str = ""  # Markdown, one or two sentences
    facts: tuple[str, ...] = ()  # ``kind:ref``
    recommendations: tuple[int, ...] = ()

    @property
    def anchor(self) -> str:
        return f"kriterium-{self.problemstilling}-{self.criterion}"


@dataclass(frozen=True)
class Measure:
    """The statistic a recommendation's indicator follows (``comparison: medarbeidersamtale``)."""

    kind: str
    ref: str
    item: str | None = None  # one variable of a question battery


@dataclass(frozen=True)
class Recommendation:
    """One numbered recommendation, with who, by when, and how progress is followed up."""

    number: int
    text: str  # Markdown
    responsible: str = ""
    deadline: str = ""
    indicator: str = ""
    measure: Measure | None = None
    response: str = ""  # the kommunedirektør's answer (Markdown), when given


@dataclass(frozen=True)
class Finding:
    """A problemstilling's answer and the assessment of each of its criteria."""

    problemstilling: str
    answer: str = ""  # Markdown: the short answer to the problemstilling
    assessments: tuple[Assessment, ...] = ()


@dataclass(frozen=True)
class ReportConfig:
    chapters: tuple[Chapter, ...]
    findings: tuple[Finding, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()


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


def _ints(r: ConfigReader, key: str) -> tuple[int, ...]:
    values = r.get(key, list, [])
    for v in values:
        if not isinstance(v, int) or isinstance(v, bool):
            raise PipelineError(
                f"«{r.prefix}{key}» skal være en liste med heltall (numrene).",
                file=r.file,
                values=(v,),
            )
    return tuple(values)


def _assessment(r: ConfigReader, p: Problemstilling) -> Assessment:
    number = r.get("criterion", int)
    if not 1 <= number <= len(p.criteria):
        raise PipelineError(
            f"«{r.prefix}criterion» er {number}, men problemstilling «{p.id}» har "
            f"{len(p.criteria)} kriterier i study.yaml.",
            file=r.file,
            values=(number,),
            hint="Kriteriene nummereres 1, 2, … i den rekkefølgen de står i study.yaml.",
        )
    verdict = r.get("verdict", str, None)
    if verdict is not None and verdict not in VERDICTS:
        raise PipelineError(
            f"«{r.prefix}verdict» skal være en av {', '.join(VERDICTS)}.",
            file=r.file,
            values=(verdict,),
        )
    facts = tuple(r.strings("facts", []))
    for ref in facts:
        kind, _, name = ref.partition(":")
        if kind not in FACT_REF_KINDS or not name:
            raise PipelineError(
                f"«{r.prefix}facts» har «{ref}», som ikke er et kjent faktum.",
                file=r.file,
                values=(ref,),
                hint=f"Skriv art:id, der art er en av {', '.join(FACT_REF_KINDS)} "
                "(for eksempel «question:tema» eller «comparison:medarbeidersamtale»).",
            )
    return Assessment(
        problemstilling=p.id,
        criterion=number,
        verdict=verdict,
        reasoning=r.get("reasoning", str, ""),
        facts=facts,
        recommendations=_ints(r, "recommendations"),
    )


def _finding(r: ConfigReader | None, p: Problemstilling) -> Finding:
    given: dict[int, Assessment] = {}
    for c in r.sections("criteria") if r is not None else []:
        a = _assessment(c, p)
        if a.criterion in given:
            raise PipelineError(
                f"Kriterium {a.criterion} i problemstilling «{p.id}» er vurdert to ganger.",
                file=c.file,
            )
        given[a.criterion] = a
    assessments = tuple(
        given.get(n, Assessment(problemstilling=p.id, criterion=n, verdict=None))
        for n in range(1, len(p.criteria) + 1)
    )
    answer = r.get("answer", str, "") if r is not None else ""
    return Finding(problemstilling=p.id, answer=answer, assessments=assessments)


def _measure(r: ConfigReader) -> Measure | None:
    if not r.data:
        return None
    kinds = [k for k in MEASURE_KINDS if r.has(k)]
    if len(kinds) != 1:
        raise PipelineError(
            f"«{r.prefix.rstrip('.')}» skal ha nøyaktig én av {', '.join(MEASURE_KINDS)}.",
            file=r.file,
        )
    return Measure(kind=kinds[0], ref=r.get(kinds[0], str), item=r.get("item", str, None))


def _recommendation(r: ConfigReader, number: int) -> Recommendation:
    return Recommendation(
        number=number,
        text=r.get("text", str),
        responsible=r.get("responsible", str, ""),
        deadline=r.get("deadline", str, ""),
        indicator=r.get("indicator", str, ""),
        measure=_measure(r.section("measure", required=False)),
        response=r.get("response", str, ""),
    )


def _check_links(
    findings: tuple[Finding, ...], recommendations: tuple[Recommendation, ...], file: Path
) -> None:
    """Every recommendation follows from a criterion, and every number a criterion names exists."""
    numbers = {rec.number for rec in recommendations}
    cited = {n for f in findings for a in f.assessments for n in a.recommendations}
    unknown = sorted(cited - numbers)
    if unknown:
        raise PipelineError(
            f"Et kriterium viser til anbefaling {', '.join(map(str, unknown))}, som ikke finnes "
            f"(report.yaml har {len(recommendations)} anbefalinger).",
            file=file,
            values=unknown,
        )
    orphans = sorted(numbers - cited)
    if orphans:
        raise PipelineError(
            f"Anbefaling {', '.join(map(str, orphans))} er ikke knyttet til noe kriterium.",
            file=file,
            values=orphans,
            hint="Før opp anbefalingens nummer under «recommendations» ved kriteriet den følger av.",
        )


def load_report_config(path: Path, problemstillinger: tuple[Problemstilling, ...]) -> ReportConfig:
    """Read ``report.yaml``; without it, one chapter per problemstilling, titled by it, with
    its vurdering."""
    problemstilling_ids = tuple(p.id for p in problemstillinger)
    if not Path(path).is_file():
        return ReportConfig(
            chapters=tuple(
                Chapter(
                    title=p.text, problemstillinger=(p.id,), vurdering=(f"vurdering-{p.id}.md",)
                )
                for p in problemstillinger
            ),
            findings=tuple(_finding(None, p) for p in problemstillinger),
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
                smarte=c.get("smarte", bool, False),
            )
        )
    given = {}
    for f in r.sections("findings"):
        p = f.get("problemstilling", str)
        if p not in problemstilling_ids:
            raise PipelineError(
                f"«{f.prefix}problemstilling» viser til «{p}», som ikke finnes i study.yaml.",
                file=r.file,
                values=(p,),
            )
        given[p] = f
    findings = tuple(_finding(given.get(p.id), p) for p in problemstillinger)
    recommendations = tuple(
        _recommendation(rec, i) for i, rec in enumerate(r.sections("recommendations"), start=1)
    )
    _check_links(findings, recommendations, r.file)
    return ReportConfig(
        chapters=tuple(chapters), findings=findings, recommendations=recommendations
    )
