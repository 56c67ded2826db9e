"""``absence.yaml``: how to read the kommune's absence statistics and what to compare them with.

Format (keys in English, texts in Norwegian as the report shows them)::

    file: sykefravaer-2020-2024.csv   # in data/raw/<id>/
    sheet: Ark1                       # xlsx only, optional
    source: "Modum kommune, sykefraværsstatistikk per enhet fra HR-systemet"
    period_type: year                 # year, tertial, quarter or month
    tolerance_points: 0.2             # components may differ from the total by this much
    columns:                          # header in the file for each field
      unit: Enhet
      etat: Etat
      period: År
      total: Totalt fravær %
      egenmeldt: Egenmeldt %          # optional
      legemeldt: Legemeldt %          # optional
      short_term: Korttid 1-16 dager %    # optional
      long_term: Langtid over 16 dager %  # optional
      agreed_days: Avtalte dagsverk   # optional; etat and kommune totals are weighted by it
    ranking: {etats: [Helse og velferd], count: 2}   # optional
    national_reference:               # optional
      value: 9.1                      # percent
      label: "Kommuneforvaltningen, egen- og legemeldt"
      period: "2. kvartal 2024"
      source: "SSB, gjengitt av KS"
      url: https://…
    targets:
      - id: kommune-2025
        text: "Gjennomsnittlig sykefravær på tvers av alle etater skal være 8 % for 2025."
        value: 8                      # percent; or ``reference: national``; or neither
        deadline: 2025-12-31
        scope: kommune                # or the name of one etat
        decided_by: "Kommunestyret 06.12.2024"
        smarte:                       # the revisor's assessment, one text per criterion
          spesifikk: "…"

Percentages are written as a revisor reads them (8 means 8 %); they are held as
shares (0.08) from here on, like every other proportion in the pipeline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import ConfigReader, Study, key, plain_file_name
from pipeline.errors import PipelineError

PERIOD_TYPES = ("year", "tertial", "quarter", "month")
PERIOD_NAMES = {"year": "år", "tertial": "tertial", "quarter": "kvartal", "month": "måned"}
REQUIRED_COLUMNS = ("unit", "etat", "period", "total")
OPTIONAL_COLUMNS = ("egenmeldt", "legemeldt", "short_term", "long_term", "agreed_days")
KOMMUNE = "kommune"

# The SMARTE model (DFØ, «Resultatmåling»), as the Modum report's appendix names it.
SMARTE = (
    ("spesifikk", "Spesifikk"),
    ("malbar", "Målbar"),
    ("akseptert", "Akseptert"),
    ("realistisk", "Realistisk"),
    ("tidfestet", "Tidfestet"),
    ("evaluerbar", "Enkel/evaluerbar"),
)


@dataclass(frozen=True)
class ColumnsKeys:
    """Kolonneoverskriften i fraværsfilen for hvert felt."""

    unit: str = key("Enheten.", required=True)
    etat: str = key("Etaten (sektoren) enheten hører til.", required=True)
    period: str = key("Perioden (år, tertial, kvartal eller måned).", required=True)
    total: str = key("Totalt sykefravær i prosent.", required=True)
    egenmeldt: str = key("Egenmeldt fravær i prosent (sammen med «legemeldt»).")
    legemeldt: str = key("Legemeldt fravær i prosent (sammen med «egenmeldt»).")
    short_term: str = key("Korttidsfravær i prosent (sammen med «long_term»).")
    long_term: str = key("Langtidsfravær i prosent (sammen med «short_term»).")
    agreed_days: str = key("Avtalte dagsverk; etat- og kommunetall vektes med dem.")


@dataclass(frozen=True)
class RankingKeys:
    """Rangering av enhetene i siste periode."""

    etats: list[str] = key("Etatene hvis enheter rangeres (tom: alle).")
    count: int = key("Antall enheter i hver ende som vises som ytterpunkter.", default=2)


@dataclass(frozen=True)
class NationalReferenceKeys:
    """Et landsnivå å sammenligne med, og hvor det kommer fra."""

    value: float = key("Sykefraværet i prosent (9.1 betyr 9,1 %).", required=True)
    label: str = key("Hva tallet gjelder.", required=True)
    period: str = key("Perioden tallet gjelder.", required=True)
    source: str = key("Kilden.", required=True)
    url: str = key("Lenke til kilden.", default="")


@dataclass(frozen=True)
class SmarteKeys:
    """Revisors SMARTE-vurdering av målet, én tekst per kriterium."""

    spesifikk: str = key("Spesifikk.", default="")
    malbar: str = key("Målbar.", default="")
    akseptert: str = key("Akseptert.", default="")
    realistisk: str = key("Realistisk.", default="")
    tidfestet: str = key("Tidfestet.", default="")
    evaluerbar: str = key("Enkel/evaluerbar.", default="")


@dataclass(frozen=True)
class TargetKeys:
    """Et vedtatt mål for sykefraværet."""

    id: str = key("Kort id, unik i filen.", required=True)
    text: str = key("Målet slik det er vedtatt.", required=True)
    value: float = key("Måltallet i prosent (8 betyr 8 %). Utelates for mål uten tall.")
    reference: str = key(
        "«national»: måltallet er landsnivået i «national_reference» (i stedet for «value»).",
        choices=("national",),
    )
    deadline: dt.date = key("Fristen for målet.")
    scope: str = key("«kommune» eller navnet på én etat.", default="kommune")
    decided_by: str = key("Hvem som vedtok målet, og når.", default="")
    smarte: SmarteKeys = key("Revisors SMARTE-vurdering.")


@dataclass(frozen=True)
class AbsenceKeys:
    """Registrert sykefravær: hvordan fraværsfilen leses og hva den sammenlignes med.
    Filen er valgfri: uten absence.yaml får rapporten ikke kapittelet om sykefravær."""

    file: str = key(
        "Filnavnet til fraværsfilen (xlsx eller csv) i data/raw/<id>/, uten mappe.", required=True
    )
    sheet: str = key("Arket i en xlsx-fil, når det ikke er det første.")
    source: str = key("Kilden slik rapporten oppgir den.", default="")
    period_type: str = key("Periodene i filen.", default="year", choices=PERIOD_TYPES)
    tolerance_points: float = key(
        "Hvor mye delsummene (egenmeldt + legemeldt, korttid + langtid) kan avvike fra totalen, "
        "i prosentpoeng.",
        default=0.2,
    )
    columns: ColumnsKeys = key("Kolonneoverskriftene i filen.", required=True)
    ranking: RankingKeys = key("Rangering av enheter.")
    national_reference: NationalReferenceKeys = key("Landsnivået å sammenligne med.")
    targets: list[TargetKeys] = key("Vedtatte mål for sykefraværet.")


@dataclass(frozen=True)
class NationalReference:
    """A national absence level to compare with, and where it comes from."""

    value: float  # share, 0–1
    label: str
    period: str
    source: str
    url: str = ""


@dataclass(frozen=True)
class Target:
    """A goal for sickness absence, as decided, with the revisor's SMARTE assessment.

    ``value`` is a share; ``reference == "national"`` takes the value from the
    national reference; a goal with neither (e.g. an HMS goal in words) is only
    shown in the SMARTE table.
    """

    id: str
    text: str
    deadline: dt.date | None
    scope: str  # "kommune" or an etat
    value: float | None = None
    reference: str | None = None
    decided_by: str = ""
    smarte: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Ranking:
    """Which etats' units to rank, and how many at each end are the extremes."""

    etats: tuple[str, ...] = ()  # empty: all
    count: int = 2


@dataclass(frozen=True)
class AbsenceConfig:
    """Everything in ``absence.yaml``."""

    path: Path
    file: Path
    period_type: str
    columns: dict[str, str]  # field -> header in the file
    tolerance: float  # share (0.002 is 0,2 prosentpoeng)
    source: str = ""
    sheet: str | None = None
    targets: tuple[Target, ...] = ()
    national: NationalReference | None = None
    ranking: Ranking = field(default_factory=Ranking)

    def has(self, name: str) -> bool:
        """Whether a field is mapped to a column."""
        return name in self.columns

    @property
    def period_type_name(self) -> str:
        """The period type in Norwegian: år, tertial, kvartal, måned."""
        return PERIOD_NAMES[self.period_type]


def _share(r: ConfigReader, key: str) -> float:
    value = r.get(key, float)
    if not 0 <= value <= 100:
        raise PipelineError(
            f"«{r.prefix}{key}» skal være en prosent mellom 0 og 100.", file=r.file, values=(value,)
        )
    return value / 100


def _target(r: ConfigReader, national: NationalReference | None) -> Target:
    reference = r.get("reference", str, None)
    if reference and national is None:
        raise PipelineError(
            f"«{r.prefix}reference: national» krever «national_reference» i filen.",
            file=r.file,
        )
    if reference and r.has("value"):
        raise PipelineError(
            f"Oppgi enten «{r.prefix}value» eller «{r.prefix}reference», ikke begge.", file=r.file
        )
    smarte = r.section("smarte", required=False)
    return Target(
        id=r.get("id", str),
        text=r.get("text", str),
        deadline=r.get("deadline", dt.date, None),
        scope=r.get("scope", str, KOMMUNE),
        value=_share(r, "value") if r.has("value") else None,
        reference=reference,
        decided_by=r.get("decided_by", str, ""),
        smarte={key: smarte.get(key, str, "") for key, _ in SMARTE},
    )


def load_absence_config(path: Path) -> AbsenceConfig:
    """Read ``absence.yaml``.

    Raises
    ------
    PipelineError
        With the file and key, for a missing or mistyped key.
    """
    path = Path(path)
    r = ConfigReader.load(path, AbsenceKeys)
    period_type = r.get("period_type", str, "year")
    cols = r.section("columns")
    columns = {name: cols.get(name, str) for name in REQUIRED_COLUMNS}
    columns.update({name: cols.get(name, str) for name in OPTIONAL_COLUMNS if cols.has(name)})
    if ("egenmeldt" in columns) != ("legemeldt" in columns):
        raise PipelineError(
            "«columns» skal ha både «egenmeldt» og «legemeldt», eller ingen av dem.", file=path
        )
    if ("short_term" in columns) != ("long_term" in columns):
        raise PipelineError(
            "«columns» skal ha både «short_term» og «long_term», eller ingen av dem.", file=path
        )
    tolerance = r.get("tolerance_points", float, 0.2)
    if tolerance < 0:
        raise PipelineError("«tolerance_points» kan ikke være negativ.", file=path)
    national = None
    if r.has("national_reference"):
        n = r.section("national_reference")
        national = NationalReference(
            value=_share(n, "value"),
            label=n.get("label", str),
            period=n.get("period", str),
            source=n.get("source", str),
            url=n.get("url", str, ""),
        )
    targets = tuple(_target(t, national) for t in r.sections("targets"))
    ids = [t.id for t in targets]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise PipelineError("To mål har samme «id».", file=path, values=duplicated)
    rank = r.section("ranking", required=False)
    count = rank.get("count", int, 2)
    if count < 1:
        raise PipelineError("«ranking.count» skal være minst 1.", file=path, values=(count,))
    return AbsenceConfig(
        path=path,
        file=Path(plain_file_name(r, "file")),
        period_type=period_type,
        columns=columns,
        tolerance=tolerance / 100,
        source=r.get("source", str, ""),
        sheet=r.get("sheet", str, None),
        targets=targets,
        national=national,
        ranking=Ranking(etats=tuple(rank.strings("etats", [])), count=count),
    )


def absence_config_path(study: Study) -> Path:
    """Where a study keeps its absence configuration."""
    return study.file("absence.yaml")
