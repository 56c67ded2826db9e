"""``analysis.yaml``: the anonymity threshold and which comparisons a study runs.

Format::

    anonymity:
      k: 5                      # no reported cell rests on fewer than k respondents
    breakdowns: [etat, rolle]   # every question is also broken down by these
    gaps:                       # perception gaps, e.g. leaders vs employees
      - id: oppfolging
        title: Ledere og ansatte om oppfølgingen av sykmeldte
        group_a:                # a group: those who rated its item, and (optionally) a rule
          label: Ansatte uten personalansvar som har vært sykmeldt
          where: {rolle: [Ansatt]}
        group_b: Ledere og tillitsvalgte   # just a label: everyone who rated the b item
        overlap: b              # respondents in both groups count in b only (default);
                                # a: in a only; both: in both, shares shown without a test
        holm_family: oppfolging # p-values adjusted together (Holm); default: the comparison id
        pairs:
          - {label: Kontakt mellom leder/ansatt, a: ansatt_kontakt, b: leder_kontakt}
    group_comparisons:          # a share compared across the groups of a background variable
      - id: medarbeidersamtale
        variable: medarbeidersamtale
        by: etat
        success: [Ja]
    factors:                    # batteries ranked by negative share
      questions: [fysisk, psykososialt]
      by: etat
      threshold: 0.25           # items above this negative share are listed for attention
    free_text:
      show: false               # true: redacted free-text answers may appear in the report
      max_answers: 100          # at most this many per question, drawn at random (fixed seed)

Every id must exist in the codebook; a mistake is reported with the file and key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.codebook.model import Codebook, Condition
from pipeline.config import ConfigReader, key
from pipeline.errors import PipelineError


@dataclass(frozen=True)
class AnonymityKeys:
    """Anonymitet: ingen tall i rapporten bygger på færre enn k svar."""

    k: int = key("Minste antall svar bak et tall som vises.", default=5)


@dataclass(frozen=True)
class GapPairKeys:
    """Ett par spørsmål som sammenlignes, ett for hver gruppe."""

    label: str = key("Hva paret handler om, slik figuren viser det.", required=True)
    a: str = key("Variabel-id for gruppe A (fra codebook.yaml).", required=True)
    b: str = key("Variabel-id for gruppe B (fra codebook.yaml).", required=True)


@dataclass(frozen=True)
class GapGroupKeys:
    """En gruppe i et oppfatningsgap: de som svarte på gruppens spørsmål og oppfyller regelen."""

    label: str = key(
        "Navnet på gruppen slik rapporten skriver det; det skal beskrive regelen, "
        "f.eks. «Ansatte uten personalansvar som har vært sykmeldt».",
        required=True,
    )
    where: dict[str, list[str]] = key(
        "Regel for hvem som er med, som asked_if i kodeboken: {variabel: [svar, ...]}, "
        "f.eks. {rolle: [Ansatt]}. Uten regel er alle som svarte på gruppens spørsmål, med."
    )


OVERLAP_RULES = ("a", "b", "both")


@dataclass(frozen=True)
class GapKeys:
    """Et oppfatningsgap: to grupper svarer på hvert sitt spørsmål om det samme."""

    id: str = key("Kort id som report.yaml viser til («gaps: <id>»).", required=True)
    title: str = key("Overskriften på figuren.", required=True)
    group_a: str | GapGroupKeys = key(
        "Gruppe A: navnet slik rapporten skriver det, eller {label, where}.", required=True
    )
    group_b: str | GapGroupKeys = key(
        "Gruppe B: navnet slik rapporten skriver det, eller {label, where}.", required=True
    )
    overlap: str = key(
        "Den som er med i begge gruppene, telles bare i gruppe a eller bare i gruppe b; "
        "both: i begge, og da vises forskjellen uten test, fordi gruppene ikke er uavhengige. "
        "Antallet som flyttes, står i rapporten.",
        default="b",
        choices=OVERLAP_RULES,
    )
    holm_family: str = key(
        "Navn på familien av tester som Holm-korrigeres sammen; sammenligninger med samme "
        "navn korrigeres sammen. Standard: sammenligningens id.",
    )
    pairs: list[GapPairKeys] = key("Parene som sammenlignes.", required=True)


@dataclass(frozen=True)
class GroupComparisonKeys:
    """En andel sammenlignet mellom gruppene i en bakgrunnsvariabel."""

    id: str = key("Kort id som report.yaml viser til («comparison: <id>»).", required=True)
    variable: str = key("Variabel-id for spørsmålet (fra codebook.yaml).", required=True)
    by: str = key("Bakgrunnsvariabelen gruppene kommer fra.", required=True)
    success: list[str] = key("Svaralternativene som telles, f.eks. [Ja].", required=True)


@dataclass(frozen=True)
class FactorsKeys:
    """Batterier der forholdene rangeres etter andelen negative svar."""

    questions: list[str] = key("Spørsmål-id-er (batterier) fra codebook.yaml.")
    by: str = key("Bakgrunnsvariabel forholdene også brytes ned på.")
    threshold: float = key(
        "Forhold med høyere andel negative svar enn dette (0–1) trekkes fram.", default=0.25
    )


@dataclass(frozen=True)
class FreeTextKeys:
    """Fritekstsvar i rapporten."""

    show: bool = key(
        "true: fritekstsvar (renset for navn, e-post og telefon) kan vises i rapporten.",
        default=False,
    )
    max_answers: int = key(
        "Høyst så mange svar per spørsmål; flere gir et tilfeldig (fast) utvalg.", default=100
    )


@dataclass(frozen=True)
class AnalysisKeys:
    """Analysen: anonymitetsgrense og hvilke sammenligninger som gjøres. Filen kan utelates."""

    anonymity: AnonymityKeys = key("Anonymitetsgrensen.")
    breakdowns: list[str] = key(
        "Bakgrunnsvariabler (id fra codebook.yaml) hvert spørsmål også brytes ned på."
    )
    gaps: list[GapKeys] = key("Oppfatningsgap mellom to grupper.")
    group_comparisons: list[GroupComparisonKeys] = key("Andeler sammenlignet mellom grupper.")
    factors: FactorsKeys = key("Rangering av forhold i batterier.")
    free_text: FreeTextKeys = key("Fritekstsvar.")


@dataclass(frozen=True)
class GapPair:
    label: str
    a: str
    b: str


@dataclass(frozen=True)
class ComparisonGroup:
    """One side of a comparison: who rated its item, and who meets ``where`` (if given)."""

    label: str
    where: Condition | None = None


@dataclass(frozen=True)
class GapComparison:
    id: str
    title: str
    group_a: ComparisonGroup
    group_b: ComparisonGroup
    pairs: tuple[GapPair, ...]
    overlap: str = "b"  # respondents in both groups: in "a" only, "b" only, or "both" (no test)
    holm_family: str = ""  # empty: the comparison's own id


@dataclass(frozen=True)
class GroupComparison:
    id: str
    variable: str
    by: str
    success: tuple[str, ...]


@dataclass(frozen=True)
class Factors:
    questions: tuple[str, ...] = ()
    by: str | None = None
    threshold: float = 0.25


@dataclass(frozen=True)
class AnalysisConfig:
    k: int = 5
    breakdowns: tuple[str, ...] = ()
    gaps: tuple[GapComparison, ...] = ()
    group_comparisons: tuple[GroupComparison, ...] = ()
    factors: Factors = Factors()
    show_free_text: bool = False
    max_free_text_answers: int = 100


def _known(r: ConfigReader, key: str, value: str, ids: set[str], what: str) -> str:
    if value not in ids:
        raise PipelineError(
            f"«{r.prefix}{key}» viser til {what} «{value}», som ikke finnes i kodeboken.",
            file=r.file,
        )
    return value


def _group(r: ConfigReader, key: str, background: set[str]) -> ComparisonGroup:
    """A group as a label alone, or as ``{label, where: {variable: [values]}}``."""
    if isinstance(r.data.get(key), str):
        return ComparisonGroup(label=r.get(key, str))
    g = r.section(key)
    where = g.section("where", required=False)
    clauses = []
    for var in where.data:
        _known(where, var, str(var), background, "bakgrunnsvariabelen")
        clauses.append((str(var), tuple(where.strings(var))))
    return ComparisonGroup(
        label=g.get("label", str), where=Condition(tuple(clauses)) if clauses else None
    )


def load_analysis_config(path: Path, codebook: Codebook) -> AnalysisConfig:
    """Read ``analysis.yaml`` (defaults when the file does not exist)."""
    if not Path(path).is_file():
        return AnalysisConfig()
    r = ConfigReader.load(path, AnalysisKeys)
    variables = {v.id for v in codebook}
    questions = {q.id for q in codebook.questions}
    background = {v.id for v in codebook.background} | {v.id for v in codebook.of_type("single")}
    k = r.section("anonymity", required=False).get("k", int, 5)
    if k < 1:
        raise PipelineError("«anonymity.k» skal være minst 1.", file=r.file, values=(k,))
    breakdowns = tuple(
        _known(r, "breakdowns", b, background, "bakgrunnsvariabelen")
        for b in r.strings("breakdowns", [])
    )
    gaps = tuple(
        GapComparison(
            id=g.get("id", str),
            title=g.get("title", str),
            group_a=_group(g, "group_a", background),
            group_b=_group(g, "group_b", background),
            overlap=g.get("overlap", str, "b"),
            holm_family=g.get("holm_family", str, g.get("id", str)),
            pairs=tuple(
                GapPair(
                    label=p.get("label", str),
                    a=_known(p, "a", p.get("a", str), variables, "variabelen"),
                    b=_known(p, "b", p.get("b", str), variables, "variabelen"),
                )
                for p in g.sections("pairs", required=True)
            ),
        )
        for g in r.sections("gaps")
    )
    groups = tuple(
        GroupComparison(
            id=g.get("id", str),
            variable=_known(g, "variable", g.get("variable", str), variables, "variabelen"),
            by=_known(g, "by", g.get("by", str), background, "bakgrunnsvariabelen"),
            success=tuple(g.strings("success")),
        )
        for g in r.sections("group_comparisons")
    )
    f = r.section("factors", required=False)
    by = f.get("by", str, None)
    factors = Factors(
        questions=tuple(
            _known(f, "questions", q, questions, "spørsmålet") for q in f.strings("questions", [])
        ),
        by=_known(f, "by", by, background, "bakgrunnsvariabelen") if by else None,
        threshold=f.get("threshold", float, 0.25),
    )
    free_text = r.section("free_text", required=False)
    show_free_text = free_text.get("show", bool, False)
    max_answers = free_text.get("max_answers", int, 100)
    if max_answers < 1:
        raise PipelineError(
            f"«free_text.max_answers» må være minst 1, ikke {max_answers}.", file=r.file
        )
    return AnalysisConfig(
        k=k,
        breakdowns=breakdowns,
        gaps=gaps,
        group_comparisons=groups,
        factors=factors,
        show_free_text=show_free_text,
        max_free_text_answers=max_answers,
    )
