"""Write svar.csv, the export of the grey-test fixture study (deterministic: fixed seed)."""

import csv
import random
from pathlib import Path

SEVEN = [
    "Helt uenig",
    "Uenig",
    "Litt uenig",
    "Nøytral",
    "Litt enig",
    "Enig",
    "Helt enig",
    "Vet ikke",
]
FOUR = ["Svært dårlig", "Dårlig", "Bra", "Svært bra"]
TRAVEL = ["Bil", "Buss", "Sykkel", "Gange", "Tog", "Annet"]
HEADERS = [
    "Respondent-ID",
    "Starttidspunkt",
    "Sluttidspunkt",
    "Status",
    "Sektor",
    "Hvor enig er du i dette: - Jeg trives på jobb",
    "Hvor enig er du i dette: - Jeg får hjelp når jeg trenger det",
    "Hvordan vurderer du lokalene?",
    "Hvordan reiser du til jobb?",
    "Hvilke tiltak kjenner du til? - Trening i arbeidstiden",
    "Hvilke tiltak kjenner du til? - Tilrettelegging",
    "Hvilke tiltak kjenner du til? - Bedriftshelsetjenesten",
]


def main() -> None:
    rng = random.Random(20)
    rows = []
    for i in range(60):
        tiltak = [rng.random() < p for p in (0.3, 0.6, 0.45)]
        rows.append(
            [
                str(1000 + i),
                f"{2 + i % 20:02d}.09.2025 09:00",
                f"{2 + i % 20:02d}.09.2025 09:07",
                "Fullført",
                "Skole" if i % 2 else "Barnehage",
                rng.choice(SEVEN),
                rng.choice(SEVEN),
                rng.choice(FOUR),
                rng.choice(TRAVEL),
                *[
                    "Trening i arbeidstiden" if tiltak[0] else "",
                    "Tilrettelegging" if tiltak[1] else "",
                    "Bedriftshelsetjenesten" if tiltak[2] else "",
                ],
            ]
        )
    with open(Path(__file__).with_name("svar.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(HEADERS)
        writer.writerows(rows)


if __name__ == "__main__":
    main()
