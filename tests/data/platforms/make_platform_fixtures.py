"""Write one small survey as each platform exports it: EFS (.sav), SurveyXact (three CSV
files) and Questback Essentials (CSV).

Run from the repository root (the outputs are committed):

    .venv/bin/python -m tests.data.platforms.make_platform_fixtures

The survey is synthetic (Fjellby kommune, not Modum): 65 on the respondent list
in three units, one of them never invited (EFS ``dispcode`` 11, SurveyXact
``statoverall`` 1; Questback lists only invitees), 24 invitees who never began,
40 who started, of whom 34 completed and 6 stopped after answering part of the
statement grid. EFS also has 2 test respondents (``tester = 1``) with «Test»
comments. The platforms' rules (docs/platforms.md) must turn every export into
the same respondents; ``tests/test_platforms.py`` checks that by hand-written
numbers.

Questions: unit (from the respondent list), a grid of three statements on an
agreement scale with «Vet ikke», «Har du vært sykmeldt …?» Ja/Nei, a multiple
choice asked of those who said Ja, and a comment field.

The CSV files come out byte for byte the same on every run; the .sav file
carries the time it was written (ReadStat stamps it), so its bytes change but
not its content.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyreadstat

from pipeline_dev.example.platforms import STATUS_LABELS, STRUCTURE_HEADER, surveyxact_csv

HERE = Path(__file__).parent
RAW = HERE / "raw"

UNITS = ("Skole", "Barnehage", "Teknisk drift")
GRID = "Hvor enig er du i disse påstandene?"
STATEMENTS = ("Jeg trives på jobb", "Jeg får støtte fra nærmeste leder", "Arbeidsmengden er passe")
ENIG = ("Helt uenig", "Delvis uenig", "Verken enig eller uenig", "Delvis enig", "Helt enig")
VET_IKKE = "Vet ikke"
SICK = "Har du vært sykmeldt de siste 12 månedene?"
CAUSES_TEXT = "Hva var årsakene? (flere valg mulig)"
CAUSES = ("Arbeidsmengde", "Fysiske forhold", "Konflikter", "Annet")
COMMENT = "Har du andre kommentarer?"
COMMENTS = (
    "Bra oppfølging fra leder.",
    "For lite tid til pauser i hverdagen.",
    "Ønsker mer tilrettelegging ved delvis sykmelding.",
)

# (unit, never began, started and did not complete, completed) per unit
PLAN = {"Skole": (12, 3, 15), "Barnehage": (7, 2, 11), "Teknisk drift": (5, 1, 8)}
INVITATION = dt.datetime(2024, 9, 2, 8, 0)


@dataclass
class Person:
    """One person on the respondent list and what they did."""

    id: int
    unit: str
    kind: str  # "not_invited", "not_started", "started", "completed", "test"
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    grid: list[str | None] = field(default_factory=lambda: [None, None, None])
    sick: str | None = None
    causes: list[bool] | None = None  # None: not asked
    comment: str | None = None


def people() -> list[Person]:
    """The respondent list in export order (mixed, as a platform's id order would be)."""
    rng = random.Random(2024)
    out: list[Person] = []
    for unit, (never, dropped, done) in PLAN.items():
        out += [Person(0, unit, "not_started") for _ in range(never)]
        out += [Person(0, unit, "started") for _ in range(dropped)]
        out += [Person(0, unit, "completed") for _ in range(done)]
    rng.shuffle(out)
    out.insert(17, Person(0, "Teknisk drift", "not_invited"))
    out += [Person(0, "Skole", "test"), Person(0, "Barnehage", "test")]
    for i, p in enumerate(out, start=1):
        p.id = 1000 + i
        if p.kind in ("not_invited", "not_started"):
            continue
        p.start = INVITATION + dt.timedelta(days=rng.randrange(0, 17), minutes=rng.randrange(600))
        answered = 3 if p.kind != "started" else rng.randrange(1, 3)
        scale = (*ENIG, VET_IKKE)
        p.grid = [rng.choice(scale) if j < answered else None for j in range(3)]
        if p.kind == "started":
            continue
        p.end = p.start + dt.timedelta(minutes=rng.randrange(3, 15))
        p.sick = rng.choice(("Ja", "Nei", "Nei"))
        if p.sick == "Ja":
            chosen = [rng.random() < 0.45 for _ in CAUSES]
            if not any(chosen):
                chosen[rng.randrange(len(CAUSES))] = True
            p.causes = chosen
        p.comment = (
            "Test" if p.kind == "test" else (rng.choice(COMMENTS) if rng.random() < 0.3 else None)
        )
    return out


# --- EFS ------------------------------------------------------------------------------

EFS_DISPCODE = {"not_invited": 11, "not_started": 20, "started": 22, "completed": 31, "test": 31}


def write_efs(persons: list[Person], path: Path) -> None:
    """EFS as SPSS: short names, question text as variable label («Stem - item» for grid rows
    and multiple-choice options), coded answers, -77 not seen, -99 text seen but empty."""
    codes = {label: i for i, label in enumerate((*ENIG, VET_IKKE), start=1)}
    rows = []
    for p in persons:
        began = p.start is not None
        reached_end = p.end is not None
        row: dict[str, object] = {
            "lfdn": p.id,
            "tester": 1 if p.kind == "test" else 0,
            "dispcode": EFS_DISPCODE[p.kind],
            "lastpage": 4 if reached_end else (1 if began else 0),
            "datetime": pd.Timestamp(p.start) if began else pd.NaT,
            "date_of_last_access": pd.Timestamp(p.end or p.start) if began else pd.NaT,
            "ip_addr": f"10.0.{p.id % 7}.{p.id % 250}" if began else "",
            "u_email": f"ansatt{p.id}@fjellby.kommune.no",
            "v_1": UNITS.index(p.unit) + 1,
        }
        for j in range(3):
            row[f"v_{2 + j}"] = codes[p.grid[j]] if p.grid[j] else -77
        row["v_5"] = {"Ja": 1, "Nei": 2}[p.sick] if p.sick else -77
        for j in range(len(CAUSES)):
            row[f"v_{6 + j}"] = -77 if p.causes is None else int(p.causes[j])
        row["v_10"] = p.comment if p.comment else ("-99" if reached_end else "-66")
        rows.append(row)
    data = pd.DataFrame(rows)
    for name in data.columns:
        if (
            name.startswith("v_")
            and name != "v_10"
            or name in ("lfdn", "tester", "dispcode", "lastpage")
        ):
            data[name] = data[name].astype("float64")
    grid_labels = {c: label for label, c in codes.items()} | {-77: "ikke sett"}
    # option labels in words no reader knows as "not chosen": the code 0 decides
    chosen = {0: "ikke krysset av", 1: "krysset av", -77: "ikke sett"}
    column_labels = {
        "lfdn": "lfdn",
        "tester": "tester",
        "dispcode": "Disposition code",
        "lastpage": "Last page",
        "datetime": "Start",
        "date_of_last_access": "Last access",
        "ip_addr": "IP address",
        "u_email": "E-mail",
        "v_1": "Enhet",
        **{f"v_{2 + j}": f"{GRID} - {s}" for j, s in enumerate(STATEMENTS)},
        "v_5": SICK,
        **{f"v_{6 + j}": f"{CAUSES_TEXT} - {c}" for j, c in enumerate(CAUSES)},
        "v_10": COMMENT,
    }
    pyreadstat.write_sav(
        data,
        str(path),
        column_labels=[column_labels[c] for c in data.columns],
        variable_value_labels={
            "v_1": {i + 1: u for i, u in enumerate(UNITS)},
            **{f"v_{2 + j}": grid_labels for j in range(3)},
            "v_5": {1: "Ja", 2: "Nei", -77: "ikke sett"},
            **{f"v_{6 + j}": chosen for j in range(len(CAUSES))},
        },
        variable_format={"datetime": "DATETIME20", "date_of_last_access": "DATETIME20"},
    )


# --- SurveyXact ---------------------------------------------------------------------------

SXT_STATUS = {"not_invited": 1, "not_started": 2, "started": 3, "completed": 4}


def write_surveyxact(persons: list[Person], folder: Path) -> None:
    """The three tables: dataset (variable names, codes; 0 in every multiple-choice dummy of
    those who never answered), structure (header, phantom trailing column) and labels
    (no header row)."""
    folder.mkdir(parents=True, exist_ok=True)
    codes = {label: i for i, label in enumerate((*ENIG, VET_IKKE), start=1)}
    grid = [f"s_1_{j + 1}" for j in range(3)]
    causes = [f"s_3_{j + 1}" for j in range(len(CAUSES))]
    header = ["respondentid", "email", "statoverall", "starttime", "closetime", "difftime",
              "bg_enhet", *grid, "s_2", *causes, "s_4"]  # fmt: skip
    rows: list[list[object]] = [header]
    for p in persons:
        if p.kind == "test":
            continue  # SurveyXact does not export answers given on test links
        stamp = "%Y-%m-%d %H:%M:%S"
        row: list[object] = [
            p.id,
            f"ansatt{p.id}@fjellby.kommune.no",
            SXT_STATUS[p.kind],
            p.start.strftime(stamp) if p.start else None,
            p.end.strftime(stamp) if p.end else None,
            int((p.end - p.start).total_seconds()) if p.end and p.start else None,
            UNITS.index(p.unit) + 1,
            *[codes[g] if g else None for g in p.grid],
            {"Ja": 1, "Nei": 2}[p.sick] if p.sick else None,
            *[int(c) for c in (p.causes or [False] * len(CAUSES))],
            p.comment,
        ]
        rows.append(row)
    (folder / "dataset.csv").write_bytes(surveyxact_csv(rows))

    structure: list[list[object]] = [STRUCTURE_HEADER]
    for i, unit in enumerate(UNITS, start=1):
        structure.append(["bg_enhet", "bg_enhet", "Closed", "Single", "Enhet", i, unit])
    for j, statement in enumerate(STATEMENTS):
        for label, code in codes.items():
            structure.append(
                ["s_1", grid[j], "Closed", "Single", f"{GRID} - {statement}", code, label]
            )
    for code, label in ((1, "Ja"), (2, "Nei")):
        structure.append(["s_2", "s_2", "Closed", "Single", SICK, code, label])
    for j, cause in enumerate(CAUSES):
        structure.append(["s_3", causes[j], "Closed", "Multiple", CAUSES_TEXT, 1, cause])
    structure.append(["s_4", "s_4", "Open", "String", COMMENT, None, None])
    (folder / "structure.csv").write_bytes(surveyxact_csv(structure, trailing=True))

    labels = list(STATUS_LABELS)
    labels += [["bg_enhet", i, unit] for i, unit in enumerate(UNITS, start=1)]
    labels += [[v, code, label] for v in grid for label, code in codes.items()]
    labels += [["s_2", 1, "Ja"], ["s_2", 2, "Nei"]]
    labels += [
        [v, code, label] for v in causes for code, label in ((0, "Ikke valgt"), (1, "Valgt"))
    ]
    (folder / "labels.csv").write_bytes(surveyxact_csv(labels))


# --- Questback Essentials ---------------------------------------------------------------


def write_questback(persons: list[Person], path: Path) -> None:
    """Questback Essentials CSV (UTF-8, «;»): question texts as headers, answers as label
    text, the unit as a hidden question from the invitation list. Invitees who never
    began are rows with only the unit; the uninvited and test respondents are not there."""
    header = ["Respondent-ID", "Starttidspunkt", "Sluttidspunkt", "Status", "E-post", "Enhet",
              *[f"{GRID} - {s}" for s in STATEMENTS], SICK,
              *[f"{CAUSES_TEXT} - {c}" for c in CAUSES], COMMENT]  # fmt: skip
    stamp = "%d.%m.%Y %H:%M"
    lines = [header]
    for p in persons:
        if p.kind in ("not_invited", "test"):
            continue
        lines.append(
            [
                str(p.id),
                p.start.strftime(stamp) if p.start else "",
                p.end.strftime(stamp) if p.end else "",
                "Fullført" if p.kind == "completed" else "Ikke fullført",
                f"ansatt{p.id}@fjellby.kommune.no",
                p.unit,
                *[g or "" for g in p.grid],
                p.sick or "",
                *[c if p.causes and p.causes[j] else "" for j, c in enumerate(CAUSES)],
                p.comment or "",
            ]
        )
    text = "".join(";".join(_quoted(v) for v in line) + "\r\n" for line in lines)
    path.write_bytes(text.encode("utf-8"))


def _quoted(value: str) -> str:
    return f'"{value}"' if any(c in value for c in ';"\n') else value


def main() -> None:
    persons = people()
    (RAW / "fjellby-2024-efs").mkdir(parents=True, exist_ok=True)
    (RAW / "fjellby-2024-questback").mkdir(parents=True, exist_ok=True)
    write_efs(persons, RAW / "fjellby-2024-efs" / "data_project_4711_2024_09_23.sav")
    write_surveyxact(persons, RAW / "fjellby-2024-surveyxact")
    write_questback(persons, RAW / "fjellby-2024-questback" / "fjellby-2024.csv")


if __name__ == "__main__":
    main()
