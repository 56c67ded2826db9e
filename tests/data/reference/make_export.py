"""Write the fixture export for the R reference (``tests/reference/``).

Run from the repository root (the output is committed):

    .venv/bin/python tests/data/reference/make_export.py

A fictional kommune («Ringvik»), not the example study: three sectors of
other names, a Likert item with «Vet ikke», a yes/no question compared across
the sectors, and an employee/leader pair of batteries rated by overlapping
groups (leaders who have been on sick leave rate both), so the overlap rule,
Fisher's and the z-test, Mann–Whitney with ties and Holm all have work to do.
Some respondents stop part-way. Drawn with a fixed seed: same bytes every run.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SECTORS = ("Oppvekst", "Helse", "Teknisk")
ENIG = ("Helt uenig", "Litt uenig", "Nøytral", "Litt enig", "Helt enig")
GODT = ("Svært dårlig", "Dårlig", "Middels", "Godt", "Svært godt")
HEADERS = [
    "Respondent-ID",
    "Starttidspunkt",
    "Sluttidspunkt",
    "Status",
    "E-post",
    "Sektor",
    "Stilling",
    "Jeg trives på jobben",
    "Har du hatt utviklingssamtale det siste året?",
    "Har du vært sykmeldt det siste året?",
    "Hvordan vurderer du oppfølgingen du fikk? - Kontakt",
    "Hvordan vurderer du oppfølgingen du fikk? - Plan",
    "Hvordan vurderer du oppfølgingen du har gitt? - Kontakt",
    "Hvordan vurderer du oppfølgingen du har gitt? - Plan",
]


def _pick(rng: np.random.Generator, labels: tuple[str, ...], weights: list[float]) -> str:
    w = np.array(weights, dtype=float)
    return str(labels[rng.choice(len(labels), p=w / w.sum())])


def rows(n: int = 110, seed: int = 20250122) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        sector = SECTORS[rng.choice(3, p=[0.45, 0.35, 0.20])]
        leader = rng.random() < 0.3
        sick = rng.random() < 0.45
        answers = [
            sector,
            "Leder" if leader else "Medarbeider",
            _pick(rng, (*ENIG, "Vet ikke"), [3, 6, 10, 14, 9, 2]),
            _pick(rng, ("Ja", "Nei"), [{"Oppvekst": 7, "Helse": 4, "Teknisk": 5}[sector], 3]),
            "Ja" if sick else "Nei",
        ]
        employee = ["", ""]
        if sick:
            employee = [
                _pick(rng, (*GODT, "Ikke aktuelt"), [1, 1, 1.5, 9, 5, 1]),
                _pick(rng, (*GODT, "Ikke aktuelt"), [3, 5, 5, 6, 2, 2]),
            ]
        rated = ["", ""]
        if leader:
            rated = [
                _pick(rng, GODT, [0, 1, 2, 6, 7]),
                _pick(rng, (*GODT, "Ikke aktuelt"), [0, 0, 1, 6, 9, 1]),
            ]
        answers += employee + rated
        completed = rng.random() > 0.12
        if not completed:  # stopped part-way: blanks from a random question on
            stop = int(rng.integers(1, len(answers)))
            answers = answers[:stop] + [""] * (len(answers) - stop)
            answers[0] = sector  # from the invitation list, never blank
        start = dt.datetime(2025, 1, 22, 8, 0) + dt.timedelta(minutes=int(rng.integers(0, 40000)))
        end = start + dt.timedelta(minutes=int(rng.integers(3, 20)))
        out.append(
            [
                str(5000 + i),
                start.strftime("%d.%m.%Y %H:%M"),
                end.strftime("%d.%m.%Y %H:%M") if completed else "",
                "Fullført" if completed else "Ikke fullført",
                f"person{i}@ringvik.kommune.no",
                *answers,
            ]
        )
    return out


def main() -> None:
    with (HERE / "raw" / "ringvik-referanse" / "svar.csv").open(
        "w", encoding="utf-8", newline=""
    ) as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\n")
        writer.writerow(HEADERS)
        writer.writerows(rows())


if __name__ == "__main__":
    main()
