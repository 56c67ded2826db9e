"""Identity and account numbers typed into number questions.

A number question takes any number, so a respondent can type a fødselsnummer, D-nummer or
account number where «antall dager» was asked, and a spreadsheet keeps it as a number
(without the leading zero of one born on day 01–09). Such an answer is no answer to the
question and a direct identifier: ingest stores it as missing
(:func:`identity_number_cells`), and validation warns once per column, naming file rows but
not the value (:func:`identity_numbers_in_numbers`, check ``identity_number_in_number``).
"""

from __future__ import annotations

import pandas as pd

from pipeline import formatting as fmt
from pipeline.codebook.model import Codebook
from pipeline.errors import format_rows
from pipeline.reading.model import DecodedExport
from pipeline.redaction import is_identity_or_account_number
from pipeline.validation.expectations import header_of
from pipeline.validation.report import Finding


def identity_number_cells(values: pd.Series) -> pd.Series:
    """Which answers to a number question are identity or account numbers (bool, same index).

    >>> answers = pd.Series([3.0, 15076500565.0, None, 1018010018.0, 1017012345.0], dtype="Float64")
    >>> identity_number_cells(answers).tolist()  # the fourth is 010180 10018, its zero lost
    [False, True, False, True, False]
    """
    found = [v for v in pd.unique(values.dropna()) if is_identity_or_account_number(float(v))]
    return pd.Series(values.isin(found).to_numpy(dtype=bool, na_value=False), index=values.index)


def identity_numbers_in_numbers(decoded: DecodedExport, codebook: Codebook) -> list[Finding]:
    """One warning per number question with answers that are identity or account numbers.

    The warning counts them and names column and file rows, never the values: they are set
    missing before anything is stored.
    """
    findings = []
    for var in codebook:
        if var.type != "number" or var.id not in decoded.frame.columns:
            continue
        cells = identity_number_cells(decoded.frame[var.id]).to_numpy()
        if not cells.any():
            continue
        rows = tuple(int(r) for r in decoded.rows[cells])
        header = header_of(decoded, var)
        findings.append(
            Finding(
                check="identity_number_in_number",
                severity="warning",
                column=header,
                variable=var.id,
                message=(
                    f"Kolonne «{header}»: {fmt.count(len(rows), 'svar', 'svar')} ser ut som "
                    "fødselsnummer, D-nummer eller kontonummer og er lagret som manglende "
                    f"({format_rows(rows)}). Verdiene vises ikke."
                ),
                rows=rows,
                count=len(rows),
            )
        )
    return findings
