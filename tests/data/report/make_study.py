"""Writes raw/fjellby-2024/svar.csv: the small non-Modum study the findings tests render.

Run once from this folder (``python make_study.py``); the CSV is committed. Forty
respondents in two sectors (Skole, Pleie og omsorg), no reminders, a yes/no
question, a rated battery and free text (one answer a <script> test string), drawn
with a fixed seed.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

ANSWERS = [
    "Mer tid til hver ansatt.",
    "Flere vikarer når noen er syke.",
    "Bedre informasjon om rutinene.",
    "Lederen bør ringe tidligere.",
    "Færre vakter alene.",
    "Tilrettelegging går for sakte.",
    "Mer tid til oppfølging.",
    "Vi trenger et bedre inneklima.",
]


def main() -> None:
    rng = random.Random(7)
    rows = []
    for i in range(40):
        sector = "Skole" if i % 2 else "Pleie og omsorg"
        had_talk = "Ja" if rng.random() < (0.8 if sector == "Skole" else 0.4) else "Nei"
        rated = [rng.choice(["Svært lite", "Lite", "Noe", "Mye", "Svært mye"]) for _ in range(2)]
        text = ANSWERS[i % len(ANSWERS)] if i < 24 else ""
        if i == 24:  # the test string the example must not carry: it has to come out escaped
            text = '<script>alert("x")</script> Dette er en test.'
        rows.append(
            [str(1000 + i), "02.09.2024 09:00", "02.09.2024 09:10", "Fullført", sector, had_talk]
            + rated
            + [text]
        )
    header = [
        "Respondent-ID",
        "Starttidspunkt",
        "Sluttidspunkt",
        "Status",
        "Sektor",
        "Har du hatt utviklingssamtale det siste året?",
        "Hvor mye vet du om - Rutinen for oppfølging",
        "Hvor mye vet du om - Hvem du kontakter ved fravær",
        "Hva kan arbeidsgiver gjøre bedre?",
    ]
    out = Path(__file__).parent / "raw" / "fjellby-2024" / "svar.csv"
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)


if __name__ == "__main__":
    main()
