"""``absence.yaml``: how to read the kommune's absence statistics and what to compare them with.

Format (keys in English, texts in Norwegian as the report shows them)::

    file: sykefravaer-2020-2024.csv   # in data/raw/<id>/ (keep this a plain top-level line)
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

from pipeline.config import ConfigReader, Study, read_yaml
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
    if reference is not None and reference != "national":
        raise PipelineError(
            f"«{r.prefix}reference» kan bare være «national».", file=r.file, values=(reference,)
        )
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
    known = {key for key, _ in SMARTE}
    unknown = sorted(set(smarte.data) - known)
    if unknown:
        raise PipelineError(
            f"Ukjent SMARTE-kriterium i «{r.prefix}smarte». Bruk {', '.join(sorted(known))}.",
            file=r.file,
            values=unknown,
        )
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
    r = ConfigReader(read_yaml(path), path)
    period_type = r.get("period_type", str, "year")
    if period_type not in PERIOD_TYPES:
        raise PipelineError(
            f"«period_type» skal være en av {', '.join(PERIOD_TYPES)}.",
            file=path,
            values=(period_type,),
        )
    cols = r.section("columns")
    known = set(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
    unknown = sorted(set(cols.data) - known)
    if unknown:
        raise PipelineError(
            f"Ukjent felt i «columns». Bruk {', '.join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)}.",
            file=path,
            values=unknown,
        )
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
        file=Path(r.get("file", str)),
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
