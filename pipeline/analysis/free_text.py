"""Free-text answers for the report: suppressed below k, a fixed-seed sample when there are many."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import pandas as pd

from pipeline.analysis.results import FreeText
from pipeline.codebook.model import Variable

# The report's sample is drawn with this seed: same data, same sample.
FREE_TEXT_SEED = 2025


def answer_id(question: str, text: str) -> str:
    """A stable id for one (redacted) answer, for coding it into a theme.

    Made from the question and the text alone, so it says nothing about who
    wrote the answer or where it sits in the export, and stays the same when
    the data are read again.

    >>> answer_id("fritekst_tiltak", "Mer tid til oppfølging.")
    'fritekst_tiltak-ed369bb3'
    """
    digest = hashlib.sha256(f"{question}\n{text}".encode()).hexdigest()[:8]
    return f"{question}-{digest}"


def free_text_answers(
    responses: pd.DataFrame, variables: Sequence[Variable], k: int, max_answers: int
) -> list[FreeText]:
    """Each free-text question's answers (redacted at ingest), and the sample the report prints.

    Answers are sorted, so their order says nothing about who wrote them. A
    question with answers from fewer than ``k`` respondents is suppressed.
    ``sample`` is every answer, or at most ``max_answers`` drawn at random with
    a fixed seed (a county-wide survey has tens of thousands), again sorted.

    >>> tiltak = Variable("tiltak", "text", "Hvilke tiltak?")
    >>> frame = pd.DataFrame({"tiltak": [f"Svar {i}" for i in range(10)]})
    >>> [r["sample"] for r in free_text_answers(frame, [tiltak], k=5, max_answers=3)]
    [['Svar 3', 'Svar 8', 'Svar 9']]
    """
    out = []
    for var in variables:
        answers = sorted(str(a) for a in responses[var.id].dropna() if str(a).strip())
        if 0 < len(answers) < k:
            out.append({"id": var.id, "text": var.text, "suppressed": True})
            continue
        sample = answers
        if len(answers) > max_answers:
            picked = np.random.default_rng(FREE_TEXT_SEED).choice(
                len(answers), max_answers, replace=False
            )
            sample = [answers[i] for i in sorted(picked)]
        out.append(
            {
                "id": var.id,
                "text": var.text,
                "suppressed": False,
                "n": len(answers),
                "answers": answers,
                "sample": sample,
            }
        )
    return out
