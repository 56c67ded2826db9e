"""Study configuration: the study folder a revisor writes, read into dataclasses.

A study folder (``studies/<id>/``) holds YAML and Markdown only:

- ``study.yaml``: kommune, revisor, bestilling, problemstillinger, the survey
  (platform, export file, dates, invited per sector, inclusion rule);
- ``codebook.yaml``: export columns → variables (:mod:`pipeline.codebook`);
- ``analysis.yaml``: anonymity threshold and which comparisons to run
  (:mod:`pipeline.analysis.config`);
- ``report.yaml`` and ``texts/*.md``: the report's chapters and the revisor's
  prose (:mod:`pipeline.report`);
- ``absence.yaml``: registered sickness absence, optional (:mod:`pipeline.absence`).

The study's raw files live in ``data/raw/<id>/`` and are never written.
:class:`ConfigReader` turns a missing or mistyped key into a Norwegian message
that names the file and the key.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from pipeline.errors import PipelineError

T = TypeVar("T")

_TYPE_NAMES = {
    str: "tekst",
    int: "heltall",
    float: "tall",
    bool: "ja/nei (true/false)",
    list: "liste",
    dict: "oppslag (nøkkel: verdi)",
    dt.date: "dato (ÅÅÅÅ-MM-DD)",
}


def read_yaml(path: Path) -> dict[str, Any]:
    """Read a YAML mapping, with a Norwegian message when it cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise PipelineError("Filen finnes ikke.", file=path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        rows = (mark.line + 1,) if mark is not None else ()
        raise PipelineError(
            f"Filen er ikke gyldig YAML ({getattr(exc, 'problem', exc)}).", file=path, rows=rows
        ) from exc
    except UnicodeDecodeError as exc:
        raise PipelineError("Filen er ikke lagret som UTF-8.", file=path) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PipelineError("Filen skal inneholde nøkler og verdier (et YAML-oppslag).", file=path)
    return data


@dataclass(frozen=True)
class ConfigReader:
    """Typed access to one YAML mapping, naming file and key path in errors.

    >>> r = ConfigReader({"k": 5}, Path("analysis.yaml"))
    >>> r.get("k", int)
    5
    >>> r.get("missing", int, 3)
    3
    """

    data: dict[str, Any]
    file: Path
    prefix: str = ""

    def _where(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def get(self, key: str, kind: type[T], default: Any = ...) -> T:
        """The value at ``key``; required when no ``default`` is given."""
        if not self.has(key):
            if default is ...:
                raise PipelineError(f"Nøkkelen «{self._where(key)}» mangler.", file=self.file)
            return default
        value = self.data[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if kind is dt.date and isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = dt.date.fromisoformat(value)
        if kind is str and isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if kind is dt.date and isinstance(value, dt.datetime):
            ok = False
        if not ok:
            raise PipelineError(
                f"«{self._where(key)}» skal være {_TYPE_NAMES.get(kind, kind.__name__)}.",
                file=self.file,
                values=(value,),
            )
        return value  # type: ignore[return-value]

    def section(self, key: str, *, required: bool = True) -> ConfigReader:
        """A reader for the mapping at ``key`` (empty when optional and absent)."""
        if not self.has(key) and not required:
            return ConfigReader({}, self.file, f"{self._where(key)}.")
        return ConfigReader(self.get(key, dict), self.file, f"{self._where(key)}.")

    def sections(self, key: str, *, required: bool = False) -> list[ConfigReader]:
        """Readers for a list of mappings at ``key``."""
        items = self.get(key, list) if required else self.get(key, list, [])
        readers = []
        for i, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                raise PipelineError(
                    f"Element {i} i «{self._where(key)}» skal være et oppslag (nøkkel: verdi).",
                    file=self.file,
                )
            readers.append(ConfigReader(item, self.file, f"{self._where(key)}[{i}]."))
        return readers

    def strings(self, key: str, default: Any = ...) -> list[str]:
        """A list of texts at ``key``."""
        items = self.get(key, list, default)
        return [str(x) for x in items]


@dataclass(frozen=True)
class Problemstilling:
    """One audit question with its derived criteria (revisjonskriterier)."""

    id: str
    text: str
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class Survey:
    """How the survey was run: platform, export file, dates and who was invited."""

    platform: str
    export: Path
    invitation: dt.date
    reminders: tuple[dt.date, ...]
    closed: dt.date
    invited_by: str
    invited: dict[str, int]
    inclusion: str = "all_available"  # or "completed_only"
    sheet: str | None = None
    background_from_invitation: bool = False

    @property
    def invited_total(self) -> int:
        return sum(self.invited.values())


@dataclass(frozen=True)
class StudyConfig:
    """Everything in ``study.yaml``."""

    id: str
    kommune: str
    title: str
    revisor: str
    report_date: dt.date
    ordered_by: str
    purpose: str
    problemstillinger: tuple[Problemstilling, ...]
    survey: Survey
    place: str = ""
    signatures: tuple[tuple[str, str], ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Study:
    """A study folder and where its raw files are."""

    root: Path
    config: StudyConfig
    raw_dir: Path

    @property
    def id(self) -> str:
        return self.config.id

    @property
    def export_path(self) -> Path:
        return self.raw_dir / self.config.survey.export

    @property
    def codebook_path(self) -> Path:
        return self.root / "codebook.yaml"

    def file(self, name: str) -> Path:
        """A file in the study folder."""
        return self.root / name


@dataclass(frozen=True)
class Paths:
    """Where a run writes: processed data and reports (overridable for tests)."""

    processed: Path = Path("data/processed")
    reports: Path = Path("reports")

    @property
    def responses(self) -> Path:
        return self.processed / "responses.parquet"

    @property
    def manifest(self) -> Path:
        return self.processed / "manifest.json"

    @property
    def validation(self) -> Path:
        return self.processed / "validation.json"

    @property
    def results(self) -> Path:
        return self.processed / "results.json"

    @property
    def absence(self) -> Path:
        return self.processed / "absence.json"

    @property
    def figures(self) -> Path:
        return self.reports / "figures"


PLATFORMS = ("questback_essentials", "efs", "surveyxact")
INCLUSION_RULES = ("all_available", "completed_only")


def _survey(r: ConfigReader) -> Survey:
    platform = r.get("platform", str)
    if platform not in PLATFORMS:
        raise PipelineError(
            f"«{r.prefix}platform» skal være en av {', '.join(PLATFORMS)}.",
            file=r.file,
            values=(platform,),
        )
    inclusion = r.get("inclusion", str, "all_available")
    if inclusion not in INCLUSION_RULES:
        raise PipelineError(
            f"«{r.prefix}inclusion» skal være en av {', '.join(INCLUSION_RULES)}.",
            file=r.file,
            values=(inclusion,),
        )
    invited = r.section("invited")
    counts = invited.get("counts", dict)
    for group, count in counts.items():
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise PipelineError(
                f"Antall inviterte for «{group}» skal være et heltall ≥ 0.",
                file=r.file,
                values=(count,),
            )
    reminders = tuple(
        ConfigReader({"d": d}, r.file, f"{r.prefix}reminders").get("d", dt.date)
        for d in r.get("reminders", list, [])
    )
    return Survey(
        platform=platform,
        export=Path(r.get("export", str)),
        invitation=r.get("invitation", dt.date),
        reminders=reminders,
        closed=r.get("closed", dt.date),
        invited_by=invited.get("variable", str),
        invited={str(k): int(v) for k, v in counts.items()},
        inclusion=inclusion,
        sheet=r.get("sheet", str, None),
        background_from_invitation=r.get("background_from_invitation", bool, False),
    )


def load_study(root: Path | str, raw_root: Path | str = Path("data/raw")) -> Study:
    """Read ``study.yaml`` from a study folder.

    Parameters
    ----------
    root
        The study folder, e.g. ``studies/modum-2025``.
    raw_root
        Where raw exports live; the study's files are in ``raw_root/<id>/``.
    """
    root = Path(root)
    if not root.is_dir():
        raise PipelineError("Studiemappen finnes ikke.", file=root)
    path = root / "study.yaml"
    r = ConfigReader(read_yaml(path), path)
    problems = tuple(
        Problemstilling(
            id=p.get("id", str),
            text=p.get("text", str),
            criteria=tuple(p.strings("criteria", [])),
        )
        for p in r.sections("problemstillinger", required=True)
    )
    known = {
        "id",
        "kommune",
        "title",
        "revisor",
        "report_date",
        "ordered_by",
        "purpose",
        "problemstillinger",
        "survey",
        "place",
        "signatures",
    }
    config = StudyConfig(
        id=r.get("id", str),
        kommune=r.get("kommune", str),
        title=r.get("title", str),
        revisor=r.get("revisor", str),
        report_date=r.get("report_date", dt.date),
        ordered_by=r.get("ordered_by", str),
        purpose=r.get("purpose", str),
        problemstillinger=problems,
        survey=_survey(r.section("survey")),
        place=r.get("place", str, ""),
        signatures=tuple(
            (s.get("name", str), s.get("role", str)) for s in r.sections("signatures")
        ),
        extra={k: v for k, v in r.data.items() if k not in known},
    )
    return Study(root=root, config=config, raw_dir=Path(raw_root) / config.id)
