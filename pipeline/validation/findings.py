"""Turn expectation results into findings with Norwegian messages.

Messages name the column as the user sees it, the offending values and the
file rows, e.g. ``Kolonne «Hvilken etat jobber du i?»: 3 ukjente svar «Teknisk»
(rad 14, 88, 203)``. Free-text answers are never named; only their rows are. Every
other value from the export is redacted (:mod:`pipeline.redaction`) before it is shown,
so an identity number typed into a closed question or used as a respondent id does not
reach ``validering.html`` or ``validation.json``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from pipeline import formatting as fmt
from pipeline.errors import format_rows
from pipeline.redaction import Redactor
from pipeline.validation.expectations import Planned
from pipeline.validation.gx_run import Outcome
from pipeline.validation.report import Finding

# At most this many distinct values are spelled out in a message.
_SHOWN_VALUES = 5


def _text(value: object, redactor: Redactor) -> str:
    """An offending value as the page and ``validation.json`` show it.

    Dates and numbers are written the Norwegian way; text, and any whole number an identity,
    account or phone number could be, goes through the same redaction as free text: a value
    from the export is shown only once it is redacted.
    """
    if isinstance(value, pd.Timestamp):
        return fmt.date(value.date())
    if isinstance(value, float) and float(value).is_integer():
        return redactor.redact_number(value) or fmt.integer(int(value))
    if isinstance(value, float):
        return fmt.number(value, 2)
    return redactor.redact(str(value))


def grouped(values: Sequence[str], rows: Sequence[int]) -> list[tuple[str, list[int]]]:
    """Distinct values with their rows: most frequent first, then by first row.

    >>> grouped(["b", "a", "b"], [5, 2, 9])
    [('b', [5, 9]), ('a', [2])]
    """
    by_value: dict[str, list[int]] = {}
    for value, row in zip(values, rows, strict=True):
        by_value.setdefault(value, []).append(int(row))
    return sorted(by_value.items(), key=lambda kv: (-len(kv[1]), min(kv[1]), kv[0]))


def _listing(groups: list[tuple[str, list[int]]]) -> str:
    """``«Teknisk» (rad 14, 88, 203)`` or ``: «A» (rad 2), «B» (rad 5) og 3 andre verdier``."""
    if len(groups) == 1:
        value, rows = groups[0]
        return f" «{value}» ({format_rows(rows)})"
    shown = ", ".join(f"«{v}» ({format_rows(r, limit=5)})" for v, r in groups[:_SHOWN_VALUES])
    rest = len(groups) - _SHOWN_VALUES
    more = f" og {rest} andre verdier" if rest > 0 else ""
    return f": {shown}{more}"


def _count(n: int, one: str, many: str) -> str:
    return f"{fmt.integer(n)} {one if n == 1 else many}"


def _message(p: Planned, n: int, listing: str, rows: list[int]) -> str:
    where = f"Kolonne «{p.column}»: " if p.column else ""
    check = p.check
    if check == "column_present":
        extra = "" if p.severity == "error" else " Variabelen er ikke påkrevd og blir stående tom."
        return f"Kolonne «{p.column}» finnes ikke i eksporten (variabel «{p.variable}»).{extra}"
    if check == "respondent_id_present":
        return f"{where}{_count(n, 'rad', 'rader')} mangler respondent-ID ({format_rows(rows)})."
    if check == "respondent_id_unique":
        return f"{where}{_count(n, 'rad har', 'rader har')} en respondent-ID som er brukt mer enn én gang{listing}."
    if check == "completion_status_valid":
        if p.context.get("field") == "status":
            if p.kind == "ExpectColumnValuesToNotBeNull":
                return f"{where}{_count(n, 'rad', 'rader')} uten status ({format_rows(rows)})."
            known = ", ".join(f"«{k}»" for k in p.context["known"])
            return f"{where}{_count(n, 'ukjent statusverdi', 'ukjente statusverdier')}{listing}. Kjente verdier: {known}."
        return f"{where}Fullføringsstatus mangler eller er ugyldig i {_count(n, 'rad', 'rader')} ({format_rows(rows)})."
    if check == "timestamp_parses":
        return f"{where}{_count(n, 'rad', 'rader')} uten gyldig tidspunkt ({format_rows(rows)})."
    if check == "timestamp_in_window":
        period = f"{fmt.date(p.context['first'])}–{fmt.date(p.context['last'])}"
        return (
            f"{where}{_count(n, 'tidspunkt', 'tidspunkter')} utenfor undersøkelsesperioden "
            f"{period} (fra invitasjon til stengning){listing}."
        )
    if check == "completed_after_started":
        return f"{where}{_count(n, 'sluttidspunkt', 'sluttidspunkter')} før starttidspunktet ({format_rows(rows)})."
    if check == "answer_in_label_set":
        return f"{where}{_count(n, 'ukjent svar', 'ukjente svar')}{listing}"
    if check == "routing_respected":
        return (
            f"{where}{_count(n, 'svar', 'svar')} fra respondenter som ikke skulle få spørsmålet "
            f"(stilles bare til dem {p.context['condition']}) ({format_rows(rows)})."
        )
    raise ValueError(f"no message for check {check!r}")


def _values_at(
    p: Planned, frame: pd.DataFrame, positions: np.ndarray, redactor: Redactor
) -> list[str] | None:
    """The offending value at each position, as text; ``None`` when values are not shown."""
    if p.check == "routing_respected":
        return None
    if p.check in ("respondent_id_unique", "answer_in_label_set", "timestamp_in_window") or (
        p.check == "completion_status_valid" and p.kind == "ExpectColumnValuesToBeInSet"
    ):
        column = p.kwargs["column"]
        return [_text(v, redactor) for v in frame[column].to_numpy(dtype=object)[positions]]
    return None


def _routing_values(
    p: Planned, frame: pd.DataFrame, positions: np.ndarray, redactor: Redactor
) -> tuple[str, ...]:
    """The answers given by those not asked (labels, chosen options, numbers; never free text)."""
    found: dict[str, int] = {}
    for var_id, var_type, label in p.context["values_from"]:
        if var_type == "text":
            continue
        values = frame[var_id].to_numpy(dtype=object)[positions]
        for v in values:
            if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
                continue
            if var_type == "choice":
                if v is True or v == True:  # noqa: E712 (numpy and pandas booleans)
                    found[label or var_id] = found.get(label or var_id, 0) + 1
                continue
            text = _text(v, redactor)
            found[text] = found.get(text, 0) + 1
    return tuple(k for k, _ in sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))


def findings_from(
    planned: list[Planned],
    outcomes: list[Outcome],
    frame: pd.DataFrame,
    file_rows: np.ndarray,
    redactor: Redactor,
) -> list[Finding]:
    """One finding per failed expectation, with values and file rows.

    ``frame`` is the validated frame (index = positions), ``file_rows`` the
    file row of each position; every value taken from it is redacted by ``redactor``
    before it enters a message or the finding's values.
    """
    findings = []
    for p, outcome in zip(planned, outcomes, strict=True):
        if outcome.success:
            continue
        positions = np.asarray(outcome.positions, dtype=int)
        rows = [int(r) for r in np.asarray(file_rows)[positions]] if len(positions) else []
        values = _values_at(p, frame, positions, redactor)
        if values is not None:
            groups = grouped(values, rows)
            value_tuple = tuple(v for v, _ in groups)
            listing = _listing(groups)
        else:
            value_tuple = (
                _routing_values(p, frame, positions, redactor)
                if p.check == "routing_respected"
                else ()
            )
            listing = ""
        n = len(rows) if rows else 1
        findings.append(
            Finding(
                check=p.check,
                severity=p.severity,
                column=p.column,
                variable=p.variable,
                message=_message(p, n, listing, sorted(rows)),
                values=value_tuple,
                rows=tuple(sorted(rows)),
                count=n,
            )
        )
    return findings
