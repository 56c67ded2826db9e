"""Synthetic survey exports of any size, for the benchmark (``python -m pipeline bench``).

The exports follow the example study's codebook (``studies/modum-2025``): the
same Questback Essentials headers and metadata columns as the example export
(:mod:`pipeline_dev.example.generate`), answers as label text, routing respected,
partial respondents who stop somewhere in the questionnaire, and a little free
text (with the names and phone numbers the redaction must remove). Unlike the
example, the answers are not tuned to reproduce a published report: they are
drawn from a latent "fares well at work" score, vectorised, so 200 000
respondents take seconds.

Same ``n`` and seed, same bytes: the generator uses one seeded numpy stream,
and the xlsx writer (:mod:`pipeline_dev.xlsx`) fixes every timestamp inside the zip.

:func:`make_study` copies a study folder, scales its invited counts to the
size and writes the export beside a copy of its other raw files, so every
stage can run on it exactly as on the real study.
"""

from __future__ import annotations

import argparse
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from scipy.special import ndtr

from pipeline.codebook.load import load_codebook
from pipeline.codebook.model import Codebook, Variable
from pipeline.config import Survey, load_study
from pipeline.files import write_bytes
from pipeline_dev.example import freetext
from pipeline_dev.exports import FORMATS
from pipeline_dev.xlsx import workbook_bytes

SEED = 20250122
FIRST_ID = 48_213_507
COMPLETION_RATE = 0.88  # share of those who started who finish (example: 489 of 558)
RESPONSE_RATE = 0.5  # started per invited (example: 558 of 1 124)
OFF_SCALE_SHARE = 0.05  # "Vet ikke" / "Ikke aktuelt"
SKIP_SHARE = 0.1  # optional questions left blank
TEXT_SHARE = 0.08  # respondents who write in a free-text field
STATUS = {True: "Fullført", False: "Ikke fullført"}
DATETIME_TEXT = "%d.%m.%Y %H:%M:%S"  # how Questback writes times in a CSV export


@dataclass(frozen=True)
class SyntheticStudy:
    """A study folder and raw folder ready for ``python -m pipeline <stage>``."""

    study: Path  # the copied study folder
    raw: Path  # the raw root (``--raw``); the export is in ``raw/<id>/``
    export: Path
    n: int


def _etat_shares(survey: Survey) -> dict[str, float]:
    counts = survey.invited
    total = sum(counts.values())
    return {label: count / total for label, count in counts.items()}


def _latent(score: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Per-item answer tendency: the shared score plus item noise, as a uniform 0..1."""
    return ndtr(0.7 * score + 0.7 * rng.standard_normal(len(score)))


def _closed(var: Variable, score: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Label per respondent: on-scale labels by score, a few off-scale labels at random."""
    on = var.scale.labels if var.scale is not None else var.labels
    off = var.not_on_scale
    shares = rng.dirichlet(np.full(len(on), 2.0))
    cuts = np.cumsum(shares)[:-1]
    labels = np.array(on, dtype=object)[np.searchsorted(cuts, _latent(score, rng))]
    if off:
        is_off = rng.random(len(score)) < OFF_SCALE_SHARE
        labels[is_off] = np.array(off, dtype=object)[rng.integers(0, len(off), is_off.sum())]
    return labels


def _asked(codebook: Codebook, answers: dict[str, np.ndarray], condition, n: int) -> np.ndarray:
    mask = np.ones(n, dtype=bool)
    if condition is None:
        return mask
    for var_id, values in condition.clauses:
        column = answers[var_id]
        if codebook.variable(var_id).type == "choice":
            mask &= np.equal(column, True) if True in values else np.not_equal(column, True)
        else:
            mask &= np.isin(column, np.array(values, dtype=object))
    return mask


def synthetic_answers(codebook: Codebook, survey: Survey, n: int, seed: int = SEED) -> pd.DataFrame:
    """``n`` respondents' answers under variable ids, in questionnaire order.

    Returns a frame with ``etat``-like background answers, label text (``None``
    when blank), ``True``/``None`` per multiple-choice option, free text, and the
    helper columns ``_completed`` and ``_started`` (sorted start times).
    """
    rng = np.random.default_rng(seed)
    questions = codebook.questions
    completed = rng.random(n) < COMPLETION_RATE
    stop = np.where(completed, len(questions) - 1, rng.integers(0, len(questions) - 1, n))
    score = rng.standard_normal(n)
    answers: dict[str, np.ndarray] = {}
    background = survey.invited_by if survey.background_from_invitation else None
    shares = _etat_shares(survey) if survey.invited else {}
    texts = (freetext.BARRIERER, freetext.TILTAK)
    for position, question in enumerate(questions):
        reached = stop >= position
        asked = reached & _asked(codebook, answers, question.asked_if, n)
        if not all(v.required for v in question.variables):
            asked &= rng.random(n) >= SKIP_SHARE
        if question.type == "multiple":
            options = question.variables
            chosen = (
                np.column_stack([rng.random(n) < rng.uniform(0.1, 0.5) for _ in options])
                & asked[:, None]
            )
            nobody = asked & ~chosen.any(axis=1)
            chosen[nobody, rng.integers(0, len(options), nobody.sum())] = True
            for j, option in enumerate(options):
                answers[option.id] = np.where(chosen[:, j], True, None).astype(object)
            continue
        for var in question.variables:
            if var.id == background and shares:
                labels = np.array(list(shares), dtype=object)
                column = labels[rng.choice(len(labels), n, p=list(shares.values()))]
                answers[var.id] = column  # from the invitation list: everyone has it
                continue
            if var.type == "text":
                pool = np.array(texts[position % 2], dtype=object)
                writes = asked & (rng.random(n) < TEXT_SHARE)
                column = np.full(n, None, dtype=object)
                column[writes] = pool[rng.integers(0, len(pool), writes.sum())]
            elif var.type == "number":
                column = np.where(asked, rng.integers(0, 40, n).astype(float), np.nan)
            else:
                column = _closed(var, score, rng)
                column[~asked] = None
            answers[var.id] = column
    first = pd.Timestamp(survey.invitation)
    span = (pd.Timestamp(survey.closed) + pd.Timedelta(days=1) - first).total_seconds() - 3600
    started = first + pd.to_timedelta(np.sort(rng.uniform(0, span, n)).round(), unit="s")
    frame = pd.DataFrame(answers)
    frame["_completed"] = completed
    frame["_started"] = started
    return frame


def synthetic_export(codebook: Codebook, survey: Survey, n: int, seed: int = SEED) -> pd.DataFrame:
    """The export table as Questback Essentials writes it, one row per respondent who started."""
    answers = synthetic_answers(codebook, survey, n, seed)
    rng = np.random.default_rng(seed + 1)
    completed = answers["_completed"].to_numpy()
    started = answers["_started"]
    minutes = pd.to_timedelta(np.clip(rng.lognormal(2.3, 0.5, n), 2, 120).round(1), unit="m")
    ended = (started + minutes).dt.floor("s").where(completed)
    ids = FIRST_ID + rng.permutation(n * 2)[:n]
    meta = codebook.metadata
    columns: dict[str, object] = {
        meta.respondent_id: ids,
        meta.started: started,
        meta.completed: ended,
        meta.status: np.where(completed, STATUS[True], STATUS[False]).astype(object),
    }
    if codebook.identifiers:
        columns[codebook.identifiers[0]] = [f"ansatt{i}@modum.kommune.no" for i in ids]
    for var in codebook.variables:
        column = answers[var.id].to_numpy()
        if var.type == "choice":
            column = np.where(np.equal(column, True), var.label, None).astype(object)
        columns[var.header or var.id] = column
    return pd.DataFrame(columns)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as a semicolon-separated UTF-8 CSV with Norwegian date-times."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime(DATETIME_TEXT)
    return out.to_csv(sep=";", index=False, lineterminator="\n").encode("utf-8")


def write_export(frame: pd.DataFrame, path: Path, fmt: str) -> None:
    """Write the export atomically as ``xlsx`` or ``csv``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {FORMATS}")
    write_bytes(path, workbook_bytes(frame) if fmt == "xlsx" else csv_bytes(frame))


def _scaled_study_yaml(text: str, export: str, invited: dict[str, int]) -> str:
    config = yaml.safe_load(text)
    config["survey"]["export"] = export
    config["survey"]["invited"]["counts"] = invited
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def make_study(
    source: Path,
    workdir: Path,
    n: int,
    fmt: str,
    *,
    raw_root: Path = Path("data/raw"),
    seed: int = SEED,
) -> SyntheticStudy:
    """Copy the study in ``source`` to ``workdir`` with a synthetic export of ``n`` respondents.

    The copy's invited counts are scaled so that about half of those invited
    started (``invited_not_exceeded`` holds), and its other raw files (the
    absence file) are copied beside the export.
    """
    source, workdir = Path(source), Path(workdir)
    study = load_study(source, raw_root)
    codebook = load_codebook(study.codebook_path)
    frame = synthetic_export(codebook, study.config.survey, n, seed)
    name = f"{study.id}-syntetisk-{n}.{fmt}"
    target_study = workdir / "studies" / study.id
    if target_study.exists():
        shutil.rmtree(target_study)
    shutil.copytree(source, target_study)
    survey = study.config.survey
    invited = {}
    if survey.invited:
        background = codebook.variable(survey.invited_by).header
        started = frame[background].value_counts()
        invited = {
            label: max(int(np.ceil(started.get(label, 0) / RESPONSE_RATE)), 1)
            for label in survey.invited
        }
    yaml_path = target_study / "study.yaml"
    yaml_path.write_text(
        _scaled_study_yaml(yaml_path.read_text(encoding="utf-8"), name, invited), encoding="utf-8"
    )
    raw = workdir / "raw"
    raw_study = raw / study.id
    raw_study.mkdir(parents=True, exist_ok=True)
    source_raw = Path(raw_root) / study.id
    if source_raw.is_dir():
        for path in source_raw.iterdir():
            if path.is_file() and path.name != study.config.survey.export.name:
                shutil.copy2(path, raw_study / path.name)
    export = raw_study / name
    write_export(frame, export, fmt)
    return SyntheticStudy(study=target_study, raw=raw, export=export, n=n)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("n", type=int, help="antall respondenter")
    parser.add_argument("format", choices=FORMATS, help="eksportformat")
    parser.add_argument("workdir", type=Path, help="mappen studien og rådata skrives til")
    parser.add_argument("--study", type=Path, default=Path("studies/modum-2025"))
    parser.add_argument("--raw", type=Path, default=Path("data/raw"))
    parser.add_argument("--seed", type=int, default=SEED)


def main(args: argparse.Namespace) -> int:
    """``python -m pipeline synthetic N FORMAT WORKDIR``: write a synthetic study, print it as JSON.

    The benchmark runs this in its own process, so the generator's memory is
    not counted in the stages it measures.
    """
    made = make_study(
        args.study, args.workdir, args.n, args.format, raw_root=args.raw, seed=args.seed
    )
    print(json.dumps({k: str(v) for k, v in made.__dict__.items()}))
    return 0
