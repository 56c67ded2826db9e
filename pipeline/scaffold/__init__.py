"""``python -m pipeline study``: a new study folder from an export (``make study``).

Creates ``studies/<id>/`` with neutral files (:mod:`pipeline.scaffold.documents`: no
text from any real audit, no absence register unless one is given), copies the export into
``data/raw/<id>/`` (the original is never moved or changed), drafts the
codebook (:mod:`pipeline.codebook.draft`) and fills ``study.yaml`` with what
the export knows: platform, file name, the survey window from the timestamps,
and the invited per group where the export lists every invitee. What only the
revisor knows is marked ``REVISOR`` and shows in the report as
«[Revisor skriver her: …]» until it is written. Nothing depends on the day it
is run: the same export gives the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shutil
import sys
from pathlib import Path

import pandas as pd
import yaml

from pipeline.codebook.decode import decode
from pipeline.codebook.draft import Draft, draft_codebook
from pipeline.codebook.load import parse_codebook
from pipeline.codebook.write import render_draft
from pipeline.config import PLATFORMS
from pipeline.errors import PipelineError
from pipeline.files import sha256_file, write_text
from pipeline.reading import RawExport, read_export
from pipeline.reading.profiles import profile_for
from pipeline.reading.status import accounting
from pipeline.scaffold import documents

STUDY_ID = re.compile(r"[a-zæøå][a-zæøå0-9]*(-[a-zæøå0-9]+)*")
# SurveyXact's CSV export is three files; the dataset is the export, these travel with it.
SURVEYXACT_COMPANIONS = ("structure.csv", "labels.csv")
# Absence register columns recognised by words in their header, in the order they are tried.
ABSENCE_COLUMNS = (
    ("egenmeldt", ("egenmeld",)),
    ("legemeldt", ("legemeld",)),
    ("short_term", ("korttid",)),
    ("long_term", ("langtid",)),
    ("agreed_days", ("dagsverk",)),
    ("etat", ("etat", "sektor", "tjenesteområde", "kommunalområde")),
    ("unit", ("enhet", "avdeling", "arbeidssted", "virksomhet")),
    ("period", ("år", "periode", "tertial", "kvartal", "måned")),
    ("total", ("total", "sykefravær", "fravær")),
)
PERIOD_WORDS = (("tertial", "tertial"), ("kvartal", "quarter"), ("måned", "month"))
# Question types that get a figure and a table in the drafted report.
REPORTED_TYPES = ("single", "likert", "multiple", "number")


def check_id(study_id: str) -> str:
    """A study id is the folder name: lowercase words joined by hyphens, e.g. «nordby-2026»."""
    if not STUDY_ID.fullmatch(study_id):
        raise PipelineError(
            "Studiens id skal være små bokstaver, tall og bindestrek, f.eks. «nordby-2026».",
            values=(study_id,),
            hint="Kjør for eksempel: make study ID=nordby-2026 EXPORT=~/Nedlastinger/eksport.xlsx",
        )
    return study_id


def raw_files(export: Path, platform: str) -> list[Path]:
    """The files to copy: the export, and for a SurveyXact CSV the structure and labels beside it."""
    files = [export]
    if platform == "surveyxact" and export.suffix.lower() == ".csv":
        for name in SURVEYXACT_COMPANIONS:
            files += [p for p in export.parent.iterdir() if p.name.lower() == name and p != export]
    return files


def raw_name(name: str) -> str:
    """The name a raw file gets in data/raw/<id>/: no spaces, which make cannot take in a
    prerequisite («eksport mars 2026.xlsx» → «eksport-mars-2026.xlsx»).

    >>> raw_name("fjellby 2024.csv")
    'fjellby-2024.csv'
    """
    return re.sub(r"\s+", "-", name.strip())


def copy_raw(files: list[Path], raw_dir: Path) -> None:
    """Copy the raw files into ``raw_dir``; an existing different file there is an error."""
    for source in files:
        target = raw_dir / raw_name(source.name)
        if target.exists() and sha256_file(target) != sha256_file(source):
            raise PipelineError(
                "En annen fil med samme navn ligger allerede i rådatamappen; den skrives ikke over.",
                file=target,
                hint="Flytt den gamle filen, eller velg en annen id for studien.",
            )
    raw_dir.mkdir(parents=True, exist_ok=True)
    for source in files:
        target = raw_dir / raw_name(source.name)
        if not target.exists():
            shutil.copy2(source, target)
            target.chmod(0o444)  # raw data is never written


def _background(draft: Draft) -> str | None:
    """The background variable invitees are counted by: the first one the draft found."""
    ids = [str(q.data["id"]) for q in draft.questions if q.data.get("type") == "background"]
    return ids[0] if ids else None


def _window(frame: pd.DataFrame) -> tuple[dt.date, dt.date] | None:
    """First and last answer in the export (start and completion times), as dates."""
    times = pd.concat(
        [frame[c] for c in ("started_at", "completed_at") if c in frame.columns]
    ).dropna()
    if times.empty:
        return None
    return times.min().date(), times.max().date()


def _kommune(study_id: str) -> str:
    """«nordre-land-2026» → «Nordre Land kommune» (a guess the revisor checks)."""
    words = [w for w in study_id.split("-") if not w.isdigit()]
    return " ".join(w.capitalize() for w in words) + " kommune" if words else ""


def _year(study_id: str) -> int:
    """The year in a study id («nordby-2026» → 2026), for an export without timestamps."""
    years = [int(w) for w in study_id.split("-") if re.fullmatch(r"(19|20)\d\d", w)]
    if not years:
        raise PipelineError(
            "Eksporten har ingen tidspunkter, så datoene for undersøkelsen kan ikke foreslås.",
            values=(study_id,),
            hint="Gi studien et år i id-en, f.eks. «nordby-2026», og rett datoene i study.yaml.",
        )
    return years[-1]


def study_files(study_id: str, raw: RawExport, draft: Draft) -> dict[str, str]:
    """The text of each file in the new study folder."""
    codebook_text = render_draft(draft)
    codebook = parse_codebook(yaml.safe_load(codebook_text), Path("codebook.yaml"))
    platform = draft.platform
    decoded = decode(raw, codebook, profile_for(platform))
    variable = _background(draft)
    by_group = accounting(decoded, variable)["invited_by_group"]
    window = _window(decoded.frame)
    # no timestamps: 1 January of the study's year, marked «ukjent» for the revisor
    first, last = window or (dt.date(_year(study_id), 1, 1),) * 2
    facts = documents.SurveyFacts(
        platform=platform,
        export=raw_name(raw.source.path.name),
        sheet=raw.source.sheet,
        first_answer=window[0] if window else None,
        last_answer=window[1] if window else None,
        invitation=first,
        closed=last,
        invited_by=variable,
        # an export listing every invitee (EFS, SurveyXact) is counted from at ingest
        invited_counts=None
        if platform != "questback_essentials" and by_group
        else dict(by_group or {}),
    )
    by_type = [(str(q.data["id"]), q.data.get("type")) for q in draft.questions]
    return {
        "study.yaml": documents.study_yaml(study_id, _kommune(study_id), facts),
        "codebook.yaml": codebook_text,
        "analysis.yaml": documents.analysis_yaml(
            study_id, [q for q, kind in by_type if kind == "background"]
        ),
        "report.yaml": documents.report_yaml(
            study_id, [q for q, kind in by_type if kind in REPORTED_TYPES]
        ),
    }


def absence_columns(headers: list[str], file: Path) -> dict[str, str]:
    """Field → header for an absence register, from words in the headers.

    Raises
    ------
    PipelineError
        A required field (unit, etat, period, total) has no column.
    """
    found: dict[str, str] = {}
    for name, words in ABSENCE_COLUMNS:
        for header in headers:
            if header not in found.values() and any(w in header.lower() for w in words):
                found[name] = header
                break
    for a, b in (("egenmeldt", "legemeldt"), ("short_term", "long_term")):
        if (a in found) != (b in found):  # the components come in pairs
            found.pop(a, None)
            found.pop(b, None)
    missing = [f for f in ("unit", "etat", "period", "total") if f not in found]
    if missing:
        raise PipelineError(
            f"Fant ikke kolonnene for {', '.join(missing)} i fraværsfilen "
            f"(kolonnene er {', '.join(headers)}).",
            file=file,
            hint="Lag studien uten ABSENCE_FILE, og skriv absence.yaml selv "
            "(se docs/studieformat.md).",
        )
    return found


def absence_file(study_id: str, register: Path) -> str:
    """absence.yaml for a register file, its columns recognised from the headers."""
    from pipeline.absence.read import read_raw

    headers = [str(h) for h in read_raw(register).frame.columns]
    columns = absence_columns(headers, register)
    period = columns["period"].lower()
    period_type = next((t for word, t in PERIOD_WORDS if word in period), "year")
    return documents.absence_yaml(study_id, raw_name(register.name), period_type, columns)


def create_study(
    study_id: str,
    export: Path,
    *,
    platform: str | None = None,
    absence: Path | None = None,
    studies: Path = Path("studies"),
    raw_root: Path = Path("data/raw"),
) -> Path:
    """Create ``studies/<id>/`` and ``data/raw/<id>/`` from an export; return the study folder.

    ``absence`` is a sickness-absence register (xlsx or csv) to copy beside the
    export, with an ``absence.yaml`` whose columns are recognised from its headers;
    without it the study has no absence chapter.

    Raises
    ------
    PipelineError
        The id is not a folder name, the study exists, or the export cannot be read.
    """
    check_id(study_id)
    export = Path(export).expanduser()
    if not export.is_file():
        raise PipelineError("Eksportfilen finnes ikke.", file=export)
    root = studies / study_id
    if root.exists():
        raise PipelineError(
            "Studiemappen finnes allerede; make study skriver ikke over en studie.",
            file=root,
            hint="Velg en annen id, eller slett mappen hvis du vil begynne på nytt.",
        )
    raw = read_export(export, platform=platform)
    draft = draft_codebook(raw)
    if platform is None and not draft.platform_detected:
        raise PipelineError(
            "Fant ikke ut hvilken plattform eksporten kommer fra.",
            file=export,
            hint=f"Oppgi den: PLATFORM={' | '.join(PLATFORMS)}",
        )
    files = study_files(study_id, raw, draft)
    copied = raw_files(export, draft.platform)
    if absence is not None:
        absence = Path(absence).expanduser()
        files["absence.yaml"] = absence_file(study_id, absence)
        copied.append(absence)
    copy_raw(copied, raw_root / study_id)
    root.mkdir(parents=True)
    for name, text in files.items():
        write_text(root / name, text)
    return root


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--id", required=True, help="studiens id, f.eks. nordby-2026")
    parser.add_argument("--export", required=True, type=Path, help="eksportfilen")
    parser.add_argument("--platform", choices=PLATFORMS, default=None, help="plattformen")
    parser.add_argument(
        "--absence", type=Path, default=None, help="fil med registrert sykefravær (valgfri)"
    )
    parser.add_argument("--studies", type=Path, default=Path("studies"), help=argparse.SUPPRESS)
    parser.add_argument("--raw", type=Path, default=Path("data/raw"), help=argparse.SUPPRESS)
    parser.add_argument("--debug", action="store_true", help="vis full feilsporing ved feil")


def main(args: argparse.Namespace) -> int:
    root = create_study(
        args.id,
        args.export,
        platform=args.platform,
        absence=args.absence,
        studies=args.studies,
        raw_root=args.raw,
    )
    raw_dir = args.raw / args.id
    print(
        f"Ny studie i {root}/, eksporten kopiert til {raw_dir}/ (originalen er ikke endret).\n"
        "Gjør dette før rapporten brukes:\n"
        f"  1. {root}/study.yaml: fyll ut alt merket REVISOR (kommune, tittel, bestilling,\n"
        "     problemstillinger og kriterier, datoer, antall inviterte).\n"
        f"  2. {root}/codebook.yaml: gå gjennom utkastet (spørsmålstyper, rekkefølgen på\n"
        "     svaralternativene, «Vet ikke» utenfor skalaen, hvem som fikk spørsmålet).\n"
        f"  3. {root}/report.yaml: fordel spørsmålene på problemstillingene.\n"
        f"  4. {root}/texts/: skriv revisors tekster (se README).\n"
        f"Så: make report STUDY={root}",
        file=sys.stderr,
    )
    return 0
