"""The ``ingest`` stage: raw export → tidy, anonymised ``data/processed/responses.parquet``.

Reading, decoding with the codebook and validation happen here, and this is the
last place the export's direct identifiers exist: e-mail, names and the
platform's respondent ids are dropped, free text is redacted, and respondents get
new ids ``1..n`` in export order. Validation errors stop the run before anything
is written to ``data/processed``; the validation page under ``reports/`` is
written either way, since it is what the revisor needs to fix the export.

Load the result with :func:`load_responses`.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pipeline import __version__, cli
from pipeline.codebook.decode import decode, identifier_test
from pipeline.codebook.load import load_codebook, require_directions
from pipeline.codebook.model import Codebook
from pipeline.config import Paths, Study, load_study
from pipeline.distinct import through_distinct
from pipeline.errors import PipelineError
from pipeline.files import raw_untouched, write_json, write_with
from pipeline.reading import read_export
from pipeline.reading.model import DecodedExport
from pipeline.reading.profiles import profile_for
from pipeline.reading.status import accounting, check_invited, invitees, respondents
from pipeline.redaction import Redactor, redacted_error, study_redactor
from pipeline.validation.identity_numbers import identity_number_cells
from pipeline.validation.page import write_rejection_page


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_common_arguments(parser)


def tidy_responses(decoded: DecodedExport, codebook: Codebook, redactor: Redactor) -> pd.DataFrame:
    """The decoded export as the tidy, typed, anonymous table of ``responses.parquet``.

    Closed answers become ordered categoricals (on-scale labels, then off-scale),
    multiple-choice options nullable booleans, numbers ``Float64`` (identity and account
    numbers set missing) and free text redacted strings. Platform ids and identifying
    columns are not carried over.
    """
    frame = decoded.frame
    out: dict[str, Any] = {
        "respondent": pd.Series(range(1, len(frame) + 1), dtype="int64"),
        "started_at": frame["started_at"].astype("datetime64[ns]"),
        "completed_at": frame["completed_at"].astype("datetime64[ns]"),
        "completed": frame["completed"].astype(bool),
    }
    answered = pd.DataFrame(index=frame.index)
    for var in codebook:
        if var.identifying:
            continue  # dropped at decoding: never stored
        values = frame[var.id]
        if var.type == "choice":
            column = values.astype("boolean")
        elif var.type == "number":
            column = values.astype("Float64")
            # an identity or account number is no answer and never stored (validation warns)
            column = column.mask(identity_number_cells(column))
        elif var.type == "text":
            column = _redacted(values, redactor)
        else:
            column = pd.Series(_categorical(values, list(var.answer_labels)), index=frame.index)
        out[var.id] = column
        answered[var.id] = column.notna()
    out["last_answered"] = _last_answered(answered)
    columns = ["respondent", "started_at", "completed_at", "completed", "last_answered"]
    tidy = pd.DataFrame(out, index=frame.index)
    return tidy[columns + [v.id for v in codebook if not v.identifying]].reset_index(drop=True)


def _redacted(values: pd.Series, redactor: Redactor) -> pd.Series:
    """Free text redacted, as ``string``; each distinct text is redacted once.

    Exports repeat short answers («Nei», «Ingen»), and redaction runs several
    regular expressions per text.
    """
    texts = through_distinct(
        values.astype("string"), lambda u: redactor.redact_all(str(v) for v in u), None
    )
    return pd.Series(texts, index=values.index, dtype="string")


def _categorical(values: pd.Series, labels: list[str]) -> pd.Categorical:
    """``pd.Categorical(values, categories=labels, ordered=True)``, through the distinct values.

    Matching every cell against the labels took seconds per 100 000 rows; an
    export has only a handful of distinct answers per column.
    """
    position = {label: i for i, label in enumerate(labels)}
    codes = through_distinct(values, lambda u: [position.get(v, -1) for v in u], -1, np.int64)
    return pd.Categorical.from_codes(codes, categories=labels, ordered=True)


def _last_answered(answered: pd.DataFrame) -> pd.Series:
    """Id of the last variable answered, in questionnaire order (NA if none)."""
    if answered.shape[1] == 0:
        return pd.Series(pd.NA, index=answered.index, dtype="string")
    reversed_cols = answered.columns[::-1]
    flipped = answered[reversed_cols].to_numpy()
    any_answer = flipped.any(axis=1)
    last = reversed_cols.to_numpy()[flipped.argmax(axis=1)]
    return pd.Series(last, index=answered.index, dtype="string").where(any_answer, pd.NA)


@dataclass(frozen=True)
class Manifest:
    """What ``manifest.json`` says about the run that produced the processed data."""

    data: dict[str, Any]

    @property
    def input_file(self) -> str:
        return str(self.data["input"]["file"])

    @property
    def sha256(self) -> str:
        return str(self.data["input"]["sha256"])

    @property
    def counts(self) -> dict[str, int]:
        return dict(self.data["counts"])

    @property
    def invited(self) -> dict[str, int] | None:
        """Invited per group as ingest settled on it (``None`` in an older manifest)."""
        invited = self.data.get("invited")
        return None if invited is None else dict(invited["counts"])


def build_manifest(
    study: Study, decoded: DecodedExport, tidy: pd.DataFrame, codebook: Codebook, validation: Any
) -> dict[str, Any]:
    src = decoded.source
    completed = int(tidy["completed"].sum())
    return {
        "study_id": study.id,
        "input": {
            "file": src.path.name,
            "sha256": src.sha256,
            "size_bytes": src.size_bytes,
            "format": src.format,
            "platform": codebook.platform,
            "encoding": src.encoding,
            "separator": src.separator,
            "sheet": src.sheet,
        },
        "codebook_sha256": codebook.sha256,
        "counts": {
            "rows": len(tidy),
            "started": len(tidy),
            "completed": completed,
            "incomplete": len(tidy) - completed,
        },
        "dropped_columns": list(decoded.identifier_columns),
        "ignored_columns": list(decoded.unknown_columns),
        "validation": {"errors": len(validation.errors), "warnings": len(validation.warnings)},
        "package_version": __version__,
    }


def invited_counts(study: Study, counts: dict[str, Any]) -> dict[str, int]:
    """Invited per group: from study.yaml, or from the export's invitee rows
    (``invited.from_export``), which must then agree with any counts study.yaml gives.

    Raises
    ------
    PipelineError
        The export has no column for the group variable, or disagrees with study.yaml.
    """
    survey = study.config.survey
    if not survey.invited_from_export:
        return dict(survey.invited)
    found = counts["invited_by_group"]
    if not found:
        raise PipelineError(
            f"«invited: from_export» er satt, men eksporten har ingen verdier for "
            f"«{survey.invited_by}» å telle inviterte etter.",
            file=study.root / "study.yaml",
            column=survey.invited_by,
            hint="Sjekk «invited: variable», eller oppgi antall inviterte under «invited: counts:».",
        )
    if survey.invited:
        differ = check_invited(found, survey.invited)
        if differ:
            # a group only the export has may be anything typed into the column: redacted
            redactor = study_redactor(study.config.extra)
            listing = "; ".join(
                f"«{g if a is not None else redactor.redact(g)}»: {'–' if a is None else a} "
                f"i study.yaml, {'–' if b is None else b} i eksporten"
                for g, a, b in differ
            )
            raise PipelineError(
                f"Antall inviterte i study.yaml stemmer ikke med eksporten ({listing}).",
                file=study.root / "study.yaml",
                hint="Rett «invited: counts:», eller fjern dem og la eksporten telle.",
            )
    return found


def check_invited_groups(everyone: DecodedExport, codebook: Codebook, by: str) -> None:
    """Refuse invitees whose group the codebook does not know (``invited: from_export``).

    Invitees who never began are counted, not validated; without this check a stray value
    in their group column would become a group of invited (and a count mismatch would be
    the only, puzzling, message).

    Raises
    ------
    PipelineError
        Naming the file, the column, the values (redacted on the way out) and the rows.
    """
    if by not in everyone.frame.columns:
        return
    known = set(codebook.variable(by).answer_labels)
    groups = everyone.frame[by].astype("string")
    stray = invitees(everyone) & groups.notna() & ~groups.isin(known)
    if not known or not stray.any():
        return
    raise PipelineError(
        f"Inviterte med en verdi som ikke står blant svaralternativene for «{by}» i "
        "kodeboken: de kan ikke telles som inviterte i en gruppe.",
        file=everyone.source.path,
        column=everyone.headers.get(by, by),
        values=sorted(set(groups[stray])),
        rows=[int(r) for r in everyone.rows[stray.to_numpy()]],
        hint=f"Legg verdien til under «labels» for «{by}» i kodeboken, eller rett eksporten.",
    )


def ingest(study: Study, paths: Paths) -> dict[str, Any]:
    """Run the whole stage for one study and return the manifest written.

    Raises
    ------
    PipelineError
        The export cannot be read, does not match the codebook, or has validation errors.
    """
    from pipeline.validation import validate, write_validation_page

    page = paths.reports / "validering.html"
    redactor = study_redactor(study.config.extra)
    codebook: Codebook | None = None
    try:
        export = study.export_path
        codebook = load_codebook(study.codebook_path)
        require_directions(codebook, study.codebook_path)
        if not export.is_file():
            raise PipelineError(
                "Eksportfilen finnes ikke.",
                file=export,
                hint=f"Legg eksporten i {study.raw_dir}/ og sjekk «survey: export:» i study.yaml.",
            )
        survey = study.config.survey
        with raw_untouched(export):
            raw = read_export(export, sheet=survey.sheet, platform=survey.platform)
            everyone = decode(raw, codebook, profile_for(codebook.platform))
            if survey.invited_from_export:
                check_invited_groups(everyone, codebook, survey.invited_by)
            counts = accounting(everyone, survey.invited_by or None)
            invited = invited_counts(study, counts)
            # invitees who never began and test respondents are counted above, not validated
            decoded = respondents(everyone)
            config = dataclasses.replace(study.config, survey=survey.with_invited(invited))
            report = validate(decoded, codebook, config)
    except Exception as exc:
        is_identifier = None if codebook is None else identifier_test(codebook)
        # Rejected before the checks ran: the page must not keep the last run's findings.
        write_rejection_page(
            exc,
            page,
            title=f"{study.config.kommune}: validering",
            redactor=redactor,
            is_identifier=is_identifier,
        )
        if isinstance(exc, PipelineError):
            # the terminal (and so CI logs, e-mails) shows the export's values as the page does
            raise redacted_error(exc, redactor, is_identifier) from exc.__cause__
        raise
    write_validation_page(report, page, title=f"{study.config.kommune}: {export.name}")
    for line in report.summary_lines():
        print(line)
    if report.errors:
        raise PipelineError(
            f"Eksporten har {len(report.errors)} feil og er ikke lest inn. "
            "Ingenting er skrevet til data/processed.",
            file=export,
            hint=f"Se {page} for detaljer.",
        )
    tidy = tidy_responses(decoded, codebook, redactor)
    manifest = build_manifest(study, decoded, tidy, codebook, report)
    manifest["counts"] |= {k: counts[k] for k in ("rows", "tests", "not_invited", "not_started")}
    manifest["counts"]["invited_in_export"] = counts["invited"]
    manifest["invited"] = {
        "variable": survey.invited_by,
        "counts": invited,
        "source": "export" if survey.invited_from_export else "study.yaml",
    }

    def write_parquet(tmp: Path) -> None:
        tidy.to_parquet(tmp, index=False)

    write_with(paths.responses, write_parquet)
    write_json(paths.validation, report.to_json())
    write_json(paths.manifest, manifest)
    return manifest


def main(args: argparse.Namespace) -> int:
    paths = Paths(args.processed, args.reports)
    try:
        study = load_study(args.study, args.raw)
    except Exception as exc:
        write_rejection_page(exc, paths.reports / "validering.html", title="Validering")
        raise
    manifest = ingest(study, paths)
    counts = manifest["counts"]
    if manifest["dropped_columns"]:
        dropped = ", ".join(f"«{c}»" for c in manifest["dropped_columns"])
        print(f"Identifiserende kolonner fjernet: {dropped}")
    if manifest["ignored_columns"]:
        ignored = ", ".join(f"«{c}»" for c in manifest["ignored_columns"][:10])
        print(f"Kolonner som ikke er i kodeboken, og som er utelatt: {ignored}")
    print(
        f"Lest inn «{manifest['input']['file']}»: {counts['started']} startet, "
        f"{counts['completed']} fullført → {paths.responses}"
    )
    if counts["not_started"] or counts["tests"]:
        print(
            f"Ikke med: {counts['not_started']} inviterte som ikke startet, "
            f"{counts['tests']} testbesvarelser."
        )
    return 0


def load_responses(
    processed: Path | str, codebook_path: Path | str
) -> tuple[pd.DataFrame, Codebook, Manifest]:
    """Load the processed data: responses, codebook and manifest.

    Parameters
    ----------
    processed
        ``data/processed`` (or a test's folder).
    codebook_path
        The study's ``codebook.yaml``.
    """
    processed = Path(processed)
    responses = pd.read_parquet(processed / "responses.parquet")
    manifest = Manifest(json.loads((processed / "manifest.json").read_text(encoding="utf-8")))
    return responses, load_codebook(codebook_path).stored(), manifest
