"""The ``analyse`` stage: ``responses.parquet`` → ``data/processed/results.json``.

Reads the tidy responses, the codebook and ``analysis.yaml``, computes every
statistic the report and the notebooks use, and writes them once (schema:
:mod:`pipeline.analysis.results`). Same input, same bytes.
"""

from __future__ import annotations

import argparse

import pandas as pd

from pipeline import cli
from pipeline.analysis.config import AnalysisConfig, load_analysis_config
from pipeline.analysis.factors import rank_factors
from pipeline.analysis.free_text import free_text_answers
from pipeline.analysis.gaps import gap_comparisons
from pipeline.analysis.groups import share_by_group
from pipeline.analysis.questions import summarise_questions
from pipeline.analysis.response import (
    dropoff_curve,
    dropout,
    included,
    inclusion_counts,
    margin_of_error,
    representativeness,
    response_rates,
    stop_points,
)
from pipeline.analysis.results import Results, RoleRow
from pipeline.analysis.schema import SCHEMA_VERSION, to_records
from pipeline.codebook.model import Codebook
from pipeline.config import Study
from pipeline.errors import PipelineError
from pipeline.files import write_json
from pipeline.ingest import Manifest, load_responses
from pipeline.reading.status import definitions


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_common_arguments(parser)


def analyse(
    responses: pd.DataFrame,
    codebook: Codebook,
    study: Study,
    config: AnalysisConfig,
    manifest: Manifest | None = None,
) -> Results:
    """Every statistic of the survey chapter, as the dict written to ``results.json``.

    ``manifest`` (from ingest) gives the invited counts ingest settled on and how
    many rows were left out (test respondents, invitees who never began).
    """
    survey = study.config.survey.with_invited(manifest.invited if manifest else None)
    counts = manifest.counts if manifest else {}
    by = survey.invited_by if survey.invited_by in responses.columns else None
    if survey.invited_by and by is None:
        raise PipelineError(
            f"«survey.invited.variable» viser til «{survey.invited_by}», som ikke finnes i dataene.",
            file=study.root / "study.yaml",
        )
    base = included(responses, survey.inclusion)
    k = config.k
    roles = {b: composition(responses[b]) for b in config.breakdowns}
    completed = int(responses["completed"].sum())
    results: Results = {
        "schema_version": SCHEMA_VERSION,
        "study_id": study.id,
        "k": k,
        "inclusion": survey.inclusion,
        "response": {
            "invited": survey.invited_total,
            "by": by,
            "rates": to_records(response_rates(responses, survey.invited, by)),
            "definitions": definitions(survey.platform),
            "left_out": {
                "tests": int(counts.get("tests", 0)),
                "not_started": int(counts.get("not_started", 0)),
            },
            "representativeness": representativeness(base, survey.invited, by) if by else None,
            "margin_of_error": {
                **margin_of_error(completed, survey.invited_total),
                "base": "completed",
            },
            "dropout": dropout(responses, by),
            "stop_points": stop_points(responses, codebook),
            "dropoff": to_records(dropoff_curve(responses, codebook)),
            "inclusion": to_records(inclusion_counts(responses, codebook)),
            "roles": roles,
        },
        "questions": summarise_questions(
            base, codebook, config.breakdowns, k, survey.invited_total
        ),
        "comparisons": {
            "gaps": gap_comparisons(base, codebook, config.gaps, config.k),
            "groups": [
                {
                    "id": c.id,
                    "text": codebook.variable(c.variable).text,
                    "short": codebook.short_of(c.variable),
                    "by_short": codebook.short_of(c.by),
                    **share_by_group(
                        base,
                        c.variable,
                        c.by,
                        c.success,
                        codebook.variable(c.variable).not_on_scale,
                        k,
                        survey.invited if c.by == survey.invited_by else None,
                    ),
                }
                for c in config.group_comparisons
            ],
            "factors": {
                "threshold": config.factors.threshold,
                "by": config.factors.by,
                "questions": [
                    rank_factors(
                        base,
                        codebook.question(q),
                        config.factors.by,
                        config.factors.threshold,
                        k,
                    )
                    for q in config.factors.questions
                ],
            },
        },
        "free_text": free_text_answers(
            base, codebook.of_type("text"), k, config.max_free_text_answers
        )
        if config.show_free_text
        else [],
    }
    return results


def composition(column: pd.Series) -> list[RoleRow]:
    """Respondents per group of a background variable, as shares of those with a group.

    Respondents without an answer (or, for a variable from the invitation
    list, without a value) are left out of the base, so a group has one share
    wherever it is shown.

    >>> composition(pd.Series(["A", "A", "B", None]))
    [{'group': 'A', 'n': 2, 'share': 0.6666666666666666, 'base': 3}, {'group': 'B', 'n': 1, 'share': 0.3333333333333333, 'base': 3}]
    """
    counts = column.value_counts(sort=False, dropna=True)
    base = int(counts.sum())
    return [
        {"group": str(g), "n": int(n), "share": n / base if base else None, "base": base}
        for g, n in counts.items()
    ]


def main(args: argparse.Namespace) -> int:
    study, paths = cli.study_and_paths(args)
    responses, codebook, manifest = load_responses(paths.processed, study.codebook_path)
    if manifest.data.get("codebook_sha256") != codebook.sha256:
        raise PipelineError(
            "Kodeboken er endret etter at eksporten ble lest inn.",
            file=study.codebook_path,
            hint="Kjør «make ingest» (eller «make report») på nytt.",
        )
    config = load_analysis_config(study.file("analysis.yaml"), codebook)
    results = analyse(responses, codebook, study, config, manifest)
    write_json(paths.results, results)
    print(f"Statistikk for {len(results['questions'])} spørsmål → {paths.results}")
    return 0
