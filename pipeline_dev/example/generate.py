"""The ``example`` stage: write the example study's raw files again.

Besides the Questback export (the study's own), the same respondents are written
as EFS (``modum-2025-efs.sav``) and SurveyXact (``dataset.csv``, ``structure.csv``,
``labels.csv``) export them (:mod:`pipeline_dev.example.platforms`).

``python -m pipeline example`` (``make example``) builds
``data/raw/modum-2025/modum-2025-questback.xlsx`` from the answer plan
(:mod:`pipeline_dev.example.plan`), the codebook (headers and questionnaire
order) and ``study.yaml`` (survey dates, invited per etat), and the absence
register beside it (:mod:`pipeline_dev.absence_example`). It is the one command
allowed to write the example's raw files; they are committed, and regenerating
them gives the same bytes.

The export looks like a Questback Essentials response export: metadata columns
``Respondent-ID``, ``Starttidspunkt``, ``Sluttidspunkt`` (blank when not
finished), ``Status``, the invitation's ``E-post`` and hidden ``Etat``, then one
column per question, battery item or multiple-choice option, headed by the
question text (``"<text> - <item>"``); answers as label text.
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from pipeline import cli
from pipeline.absence.config import absence_config_path, load_absence_config
from pipeline.codebook.load import load_codebook
from pipeline.codebook.model import Codebook
from pipeline.config import Study, load_study
from pipeline.errors import PipelineError
from pipeline.files import write_with
from pipeline_dev.absence_example import write_example
from pipeline_dev.example import plan, platforms
from pipeline_dev.example.build import build_answers
from pipeline_dev.example.metadata import invitation_list, timestamps
from pipeline_dev.xlsx import write_workbook

STATUS = {True: "Fullført", False: "Ikke fullført"}


def build_export(study: Study, codebook: Codebook, seed: int = plan.SEED) -> pd.DataFrame:
    """The export table: one row per respondent who started, in the order they started."""
    people, answers = build_answers(codebook, seed)
    rng = np.random.default_rng(seed + 1)  # metadata has its own stream: answers stay put
    invited = invitation_list(study.config.survey.invited, rng)
    person = pd.Series(-1, index=people.index)
    for etat in plan.ETATS:
        mine = people.index[people["etat"] == etat]
        pool = invited.index[invited["etat"] == etat]
        person[mine] = rng.choice(pool, size=len(mine), replace=False)
    started, ended = timestamps(study.config.survey, people["completed"], rng)

    meta = codebook.metadata
    frame = pd.DataFrame(
        {
            meta.respondent_id: invited.loc[person, "respondent_id"].to_numpy(),
            meta.started: started,
            meta.completed: ended,
            meta.status: people["completed"].map(STATUS),
            codebook.identifiers[0]: invited.loc[person, "email"].to_numpy(),
        }
    )
    for v in codebook.variables:
        column = answers[v.id]
        if v.type == "choice":
            column = column.map(lambda chosen, label=v.label: label if chosen else None)
        frame[v.header] = column.astype(object)
    order = np.argsort(started.to_numpy(), kind="stable")
    return frame.iloc[order].reset_index(drop=True)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_common_arguments(parser)
    parser.add_argument(
        "--seed",
        type=int,
        default=plan.SEED,
        help=f"startverdi for tilfeldighet (standard: {plan.SEED})",
    )


def main(args: argparse.Namespace) -> int:
    study = load_study(args.study, args.raw)
    if study.id != "modum-2025":
        raise PipelineError(
            "Eksempelgeneratoren lager bare eksportfilen til eksempelstudien modum-2025.",
            file=study.root / "study.yaml",
            values=(study.id,),
        )
    codebook = load_codebook(study.codebook_path)
    frame = build_export(study, codebook, args.seed)
    target = study.export_path
    write_with(target, lambda tmp: write_workbook(frame, tmp))
    # the same respondents as EFS and SurveyXact deliver them (pipeline_dev.example.platforms)
    survey = study.config.survey
    args_of = (frame, codebook, survey.invited, survey.invited_by)
    write_with(study.raw_dir / platforms.EFS_EXPORT, lambda tmp: platforms.write_efs(*args_of, tmp))
    for name, content in platforms.surveyxact_tables(*args_of).items():
        write_with(study.raw_dir / name, lambda tmp, content=content: tmp.write_bytes(content))
    completed = int((frame[codebook.metadata.status] == STATUS[True]).sum())
    print(
        f"Skrev {target} ({len(frame)} respondenter, {completed} fullført, "
        f"{len(frame) - completed} ikke fullført)."
    )
    absence = study.raw_dir / load_absence_config(absence_config_path(study)).file
    write_example(absence)
    print(f"Skrev {absence}.")
    return 0
