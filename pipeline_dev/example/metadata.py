"""Respondent metadata for the example export: IDs, e-mail addresses and timestamps.

Questback Essentials gives each invited address a respondent ID when the
invitation list is uploaded (here: Helse og velferd first, then Familie og
oppvekst), and the export lists respondents in the order they started, so the
IDs come out unsorted. Start times follow the invitation and the reminders: a
burst on each send day that fades over the next days, fewer on weekends.
All addresses are invented.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import numpy as np
import pandas as pd

from pipeline.config import Survey
from pipeline_dev.example.assign import counts_from_shares

FIRST_ID = 48_213_507
DOMAIN = "modum.kommune.no"

FIRST_NAMES = (
    "Anne", "Inger", "Kari", "Marit", "Ingrid", "Liv", "Eva", "Berit", "Astrid", "Bjørg",
    "Hilde", "Nina", "Randi", "Solveig", "Ragnhild", "Heidi", "Silje", "Ida", "Camilla", "Tone",
    "Jan", "Per", "Bjørn", "Ole", "Lars", "Kjell", "Knut", "Arne", "Svein", "Hans",
    "Geir", "Terje", "Odd", "Morten", "Thomas", "Jon", "Erik", "Anders", "Martin", "Øystein",
)  # fmt: skip
LAST_NAMES = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
    "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen",
    "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen",
    "Lund", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand", "Solberg",
    "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen",
    "Mathisen", "Lie",
)  # fmt: skip

SEND_WEIGHTS = (1.0, 0.55, 0.45, 0.35, 0.3)  # invitation, then each reminder
FADE_DAYS = 1.3
WEEKEND_FACTOR = 0.35
BASELINE = 0.05  # QR codes on the notice boards: a trickle between the e-mails


def _ascii(name: str) -> str:
    """``Bjørg Sørensen`` → ``bjorg sorensen`` for an e-mail address."""
    name = name.lower().replace("ø", "o").replace("æ", "ae").replace("å", "aa")
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def invitation_list(invited: dict[str, int], rng: np.random.Generator) -> pd.DataFrame:
    """Everyone invited: respondent ID, invented e-mail address and etat, in upload order."""
    total = sum(invited.values())
    pairs = [(f, last) for f in FIRST_NAMES for last in LAST_NAMES]
    if total > len(pairs):
        raise ValueError("too few invented names for the invitation list")
    picked = rng.permutation(len(pairs))[:total]
    emails = [f"{_ascii(pairs[i][0])}.{_ascii(pairs[i][1])}@{DOMAIN}" for i in picked]
    etats = [etat for etat, n in invited.items() for _ in range(n)]
    return pd.DataFrame(
        {"respondent_id": np.arange(FIRST_ID, FIRST_ID + total), "email": emails, "etat": etats}
    )


def start_days(survey: Survey, n: int) -> list[dt.date]:
    """How many started on each day of the survey window, as a list of ``n`` dates."""
    days = [
        survey.invitation + dt.timedelta(days=k)
        for k in range((survey.closed - survey.invitation).days + 1)
    ]
    sends = (survey.invitation, *survey.reminders)
    weights = []
    for day in days:
        w = sum(
            a * np.exp(-(day - s).days / FADE_DAYS)
            for a, s in zip(SEND_WEIGHTS, sends, strict=False)
            if s <= day
        )
        w += BASELINE
        weights.append(w * (WEEKEND_FACTOR if day.weekday() >= 5 else 1.0))
    counts = counts_from_shares(weights, n)
    return [day for day, c in zip(days, counts, strict=True) for _ in range(c)]


def timestamps(
    survey: Survey, completed: pd.Series, rng: np.random.Generator
) -> tuple[pd.Series, pd.Series]:
    """Start and end time per respondent; end is missing for those who did not finish.

    Starts fall between 07:00 and 22:00 (after 09:00 on a send day, when the
    e-mail went out); completing takes 5–30 minutes, so everything stays inside
    the survey window.
    """
    sends = {survey.invitation, *survey.reminders}
    days = start_days(survey, len(completed))
    days = [days[i] for i in rng.permutation(len(days))]
    starts, ends = [], []
    for day, done in zip(days, completed.to_numpy(), strict=True):
        first_hour = 9 if day in sends else 7
        seconds = int(rng.integers(first_hour * 3600, 22 * 3600))
        start = dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=seconds)
        duration = dt.timedelta(seconds=int(rng.integers(5 * 60, 30 * 60)))
        starts.append(start)
        ends.append(start + duration if done else pd.NaT)
    return (
        pd.Series(starts, index=completed.index, dtype="datetime64[ns]"),
        pd.Series(ends, index=completed.index, dtype="datetime64[ns]"),
    )
