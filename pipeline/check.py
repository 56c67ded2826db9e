"""``python -m pipeline check``: the study folder and its raw files, before any stage runs.

Reads every study file (unknown keys, YAML problems) and checks that the raw
files they name exist in ``data/raw/<id>/``. The Makefile runs it when a raw
file is missing, so the revisor reads the pipeline's Norwegian message
instead of make's «No rule to make target».
"""

from __future__ import annotations

import argparse

from pipeline import cli
from pipeline.errors import PipelineError
from pipeline.paths import raw_files


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_common_arguments(parser)


def main(args: argparse.Namespace) -> int:
    study, _ = cli.study_and_paths(args)
    for raw in raw_files(study):
        if raw.path.is_file():
            continue
        if raw.key == "survey.export":
            raise PipelineError(
                "Eksportfilen finnes ikke.",
                file=raw.path,
                hint=f"Legg eksporten i {study.raw_dir}/, eller rett «survey: export:» i "
                f"{raw.named_in}.",
            )
        raise PipelineError(
            "Fraværsfilen finnes ikke.",
            file=raw.path,
            hint=f"Legg filen i {study.raw_dir}/, rett «file:» i {raw.named_in}, "
            "eller slett absence.yaml når studien ikke har fraværstall.",
        )
    print(f"Studien {study.root} er i orden.")
    return 0
