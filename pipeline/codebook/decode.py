"""Apply the codebook to a raw export: match columns, parse metadata, codes → labels.

The result is a :class:`~pipeline.reading.model.DecodedExport` with one column
per codebook variable under its short id. Answers are kept as the label text
found in the file (after code → label decoding), so that validation can name an
unknown answer exactly as the revisor sees it in the export. Closed questions
(background, single, likert) hold that text in a ``category`` column.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from pipeline.codebook.model import Codebook, Variable
from pipeline.distinct import through_distinct
from pipeline.errors import PipelineError
from pipeline.reading.export import code_key
from pipeline.reading.model import DecodedExport, RawExport
from pipeline.reading.profiles import PROFILES, Profile
from pipeline.reading.status import dispositions

# Cells meaning "this option was not chosen" in multiple-choice columns.
_NOT_CHOSEN = frozenset({"0", "nei", "ikke valgt", "false", "not selected"})

_DATE_FORMATS = ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d")


def _norm(header: object) -> str:
    return re.sub(r"\s+", " ", str(header)).strip().casefold()


def is_identifier_header(header: str, codebook: Codebook, profile: Profile) -> bool:
    """Whether a column holds direct identifiers (e-mail, name, IP address …): the platform's
    identifier headers and prefixes, the codebook's ``identifiers`` and its ``identifying``
    variables. Such a column's values never leave ingest, not even in an error message.

    >>> from pipeline.codebook.model import Metadata
    >>> book = Codebook("questback_essentials", (), {}, Metadata(), identifiers=("Ansattnummer",))
    >>> profile = PROFILES["questback_essentials"]
    >>> [is_identifier_header(h, book, profile) for h in ("E-post", "ansattnummer", "Etat")]
    [True, True, False]
    """
    key = _norm(header)
    if key in {_norm(h) for h in (*profile.identifiers, *codebook.identifiers)}:
        return True
    if any(key.startswith(p) for p in profile.identifier_prefixes):
        return True
    return any(
        v.identifying and key in {_norm(h) for h in (v.header, v.code) if h} for v in codebook
    )


def identifier_test(codebook: Codebook) -> Callable[[str], bool]:
    """:func:`is_identifier_header` for one codebook and its platform."""
    profile = PROFILES[codebook.platform]
    return lambda header: is_identifier_header(header, codebook, profile)


def _as_text(value: object) -> object:
    """One cell as text (``1.0`` → ``"1"``, ``True`` → ``"1"``), NA when blank."""
    if type(value) is str:  # nearly every cell: skip the checks below
        text = value.strip()
        return text if text else pd.NA
    if isinstance(value, bool | np.bool_):
        return "1" if value else "0"
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    text = str(value).strip()
    return text if text else pd.NA


def _text_values(series: pd.Series) -> pd.Series:
    """Cell values as text (``1.0`` → ``"1"``), NA for blanks; converts unique values only."""
    texts = through_distinct(series, lambda u: [_as_text(v) for v in u], pd.NA)
    return pd.Series(texts, index=series.index, dtype=object)


def _timestamps(series: pd.Series) -> pd.Series:
    """Excel datetimes or text in Norwegian/ISO formats → datetime64; NaT when unparseable.

    Each distinct value is parsed once (:func:`_parse_timestamps`) and the result
    spread back over the rows: exports repeat values, and the row-by-row type
    checks cost more than the parse.
    """
    if pd.api.types.is_datetime64_any_dtype(series):
        return series.astype("datetime64[ns]")
    moments = through_distinct(
        series,
        lambda u: _parse_timestamps(u).to_numpy(dtype="datetime64[ns]"),
        np.datetime64("NaT", "ns"),
        "datetime64[ns]",
    )
    return pd.Series(moments, index=series.index, dtype="datetime64[ns]")


def _parse_timestamps(series: pd.Series) -> pd.Series:
    """Row by row: datetime objects as they are, text in the first format that reads it."""
    parsed = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    # Text only (every CSV): no cell is a datetime object, so skip the per-cell type checks.
    if pd.api.types.infer_dtype(series, skipna=True) not in ("string", "empty"):
        for value_kind in (pd.Timestamp, np.datetime64):
            mask = series.map(lambda v, k=value_kind: isinstance(v, k)).astype(bool)
            if mask.any():
                parsed[mask] = pd.to_datetime(series[mask]).astype("datetime64[ns]")
        # Plain datetime objects (Excel, SPSS) would fail the Norwegian formats as text and
        # be read by the ISO one below, as themselves: take them directly.
        plain = series.map(_plain_datetime).astype(bool) & parsed.isna()
        if plain.any():
            parsed[plain] = pd.to_datetime(series[plain].tolist()).astype("datetime64[ns]")
    # Text only for what is still unread (str() of a datetime object is slow).
    todo = parsed.isna()
    text = pd.Series(pd.NA, index=series.index, dtype=object)
    text[todo] = _text_values(series[todo])
    rest = parsed.isna() & text.notna()
    for fmt in _DATE_FORMATS:
        if not rest.any():
            break
        attempt = _to_datetime(text[rest], fmt)
        parsed[rest] = attempt.astype("datetime64[ns]")
        rest = parsed.isna() & text.notna()
    return parsed


def _plain_datetime(value: object) -> bool:
    """A ``datetime`` whose text is exactly ``yyyy-mm-dd HH:MM:SS`` (no zone, no fraction),
    in years every format and pandas' nanosecond range agree on."""
    return (
        type(value) is dt.datetime
        and value.tzinfo is None
        and value.microsecond == 0
        and 1900 <= value.year <= 2199
    )


_NORWEGIAN_SECONDS = "%d.%m.%Y %H:%M:%S"
# "dd.mm.yyyy HH:MM:SS" → "yyyy-mm-dd HH:MM:SS", by character position
_TO_ISO = [6, 7, 8, 9, 2, 3, 4, 5, 0, 1, 10, 11, 12, 13, 14, 15, 16, 17, 18]
_DIGITS = [0, 1, 3, 4, 6, 7, 8, 9, 11, 12, 14, 15, 17, 18]


def _to_datetime(text: pd.Series, fmt: str) -> pd.Series:
    """``pd.to_datetime(text, format=fmt, errors="coerce")`` of ``str`` cells, as ``datetime64[ns]``.

    pandas parses ``%d.%m.%Y %H:%M:%S`` with a general strptime, several times
    slower than ISO text. Cells of exactly that shape (ASCII digits, years
    1900–2199, seconds below 60) are rearranged to ISO and parsed as such, which
    gives the same time or NaT; every other cell goes through strptime as before.
    """
    if fmt != _NORWEGIAN_SECONDS or text.empty:
        return pd.to_datetime(text, format=fmt, errors="coerce").astype("datetime64[ns]")
    values = text.to_numpy(dtype=object)
    shaped = np.fromiter(map(len, values), dtype=np.int64, count=len(values)) == 19
    chars = np.array(values[shaped].tolist(), dtype="U19").view(np.uint32).reshape(-1, 19)
    digits = chars[:, _DIGITS]
    century = chars[:, 6].astype(np.int64) * 10 + chars[:, 7] - 11 * ord("0")
    fits = (
        ((digits >= ord("0")) & (digits <= ord("9"))).all(axis=1)
        & (chars[:, 2] == ord("."))
        & (chars[:, 5] == ord("."))
        & (chars[:, 10] == ord(" "))
        & (chars[:, 13] == ord(":"))
        & (chars[:, 16] == ord(":"))
        & (century >= 19)
        & (century <= 21)
        & (chars[:, 17] < ord("6"))
    )
    iso = chars[fits][:, _TO_ISO]
    iso[:, [4, 7]] = ord("-")
    fast = np.flatnonzero(shaped)[fits]
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]", name=text.name)
    parsed.iloc[fast] = pd.to_datetime(
        np.ascontiguousarray(iso).view("U19").ravel().astype(object),
        format="%Y-%m-%d %H:%M:%S",
        errors="coerce",
    ).astype("datetime64[ns]")
    slow = np.ones(len(values), dtype=bool)
    slow[fast] = False
    if slow.any():
        parsed.iloc[np.flatnonzero(slow)] = pd.to_datetime(
            text[slow], format=fmt, errors="coerce"
        ).astype("datetime64[ns]")
    return parsed


class _Columns:
    """Find export columns by header text (exact, then whitespace/case-insensitive) or code."""

    def __init__(self, columns: Iterable[object]) -> None:
        self.columns = [str(c) for c in columns]
        self.by_norm: dict[str, str] = {}
        for c in self.columns:
            self.by_norm.setdefault(_norm(c), c)

    def find(self, name: str | None) -> str | None:
        if name is None:
            return None
        if name in self.columns:
            return name
        return self.by_norm.get(_norm(name))

    def suggest(self, name: str, taken: Iterable[str] = ()) -> str | None:
        """The closest header, leaving out ``taken`` (columns another variable already reads:
        suggesting one of those would have the revisor point two variables at one column)."""
        taken = set(taken)
        free = [c for c in self.columns if c not in taken]
        close = difflib.get_close_matches(name, free, n=1, cutoff=0.6)
        return close[0] if close else None


def _closed_labels(
    texts: list[object], var: Variable, value_labels: dict[object, str]
) -> list[object]:
    """Codes → labels for the distinct texts of a closed question; labels and unknowns as they are."""
    codes_to_label: dict[str, str] = {}
    if var.scale is not None:
        codes_to_label = {str(code): label for label, code in var.scale.codes.items()}
    codes_to_label.update(
        {_text_values(pd.Series([k])).iloc[0]: v for k, v in value_labels.items()}
    )
    if not codes_to_label:
        return texts
    valid = set(var.answer_labels)
    return [codes_to_label.get(v, v) if isinstance(v, str) and v not in valid else v for v in texts]


def _closed_answers(
    cells: pd.Series,
    var: Variable,
    value_labels: dict[object, str],
    missing_codes: tuple[str, ...],
) -> pd.Series:
    """A closed question's cells as label text, in a categorical (categories as first found).

    The steps of any other column (text, the platform's missing codes → NA), then
    codes → labels, all on the distinct cell values. The categorical keeps those
    few values and a small code per row, so validation and the tidy table need
    not hash a Python string per row again.
    """
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    texts = [_as_text(u) for u in uniques]
    missing = set(missing_codes)
    texts = [pd.NA if isinstance(t, str) and t in missing else t for t in texts]
    labels = _closed_labels(texts, var, value_labels)
    label_codes, categories = pd.factorize(pd.Series(labels, dtype=object), use_na_sentinel=True)
    lookup = np.append(label_codes, -1)
    answers = pd.Categorical.from_codes(
        lookup[codes], categories=pd.Index(np.asarray(categories, dtype=object), dtype=object)
    )
    return pd.Series(answers, index=cells.index)


def _chosen(cells: pd.Series, not_chosen: frozenset[str] = _NOT_CHOSEN) -> np.ndarray:
    """Whether each option cell says chosen: answered and not a "not chosen" word.

    The test runs on the distinct cell values only, then spreads over the rows.
    """
    return through_distinct(
        cells,
        lambda u: ~u.astype("string").str.casefold().isin(not_chosen).to_numpy(dtype=bool),
        False,
        bool,
    )


def _not_chosen_labels(value_labels: dict[object, str]) -> frozenset[str]:
    """The "not chosen" words, with the file's own label for code 0 (EFS writes the option
    dummies' labels in the project's language: «nicht gewählt», «not quoted» …)."""
    own = {label.strip().casefold() for code, label in value_labels.items() if code_key(code) == 0}
    return _NOT_CHOSEN | own


def _decode_choice(
    frame: pd.DataFrame, option_ids: list[str], not_chosen: dict[str, frozenset[str]]
) -> pd.DataFrame:
    """Option columns → boolean; NA for every option when none was chosen (not answered)."""
    chosen = pd.DataFrame(
        {o: _chosen(frame[o], not_chosen.get(o, _NOT_CHOSEN)) for o in option_ids},
        index=frame.index,
    )
    answered = chosen.any(axis=1)
    return chosen.astype("boolean").where(answered, pd.NA)


def _answered(frame: pd.DataFrame, codebook: Codebook) -> pd.Series:
    """Whether each row answered at least one question (background variables, which may
    come from the invitation list, do not count)."""
    ids = [v.id for v in codebook if v.type != "background" and v.id in frame.columns]
    if not ids:
        return pd.Series(False, index=frame.index)
    return frame[ids].notna().any(axis=1)


def decode(raw: RawExport, codebook: Codebook, profile: Profile | None = None) -> DecodedExport:
    """Match the codebook to the export and return the decoded table.

    Parameters
    ----------
    raw
        The export as read by :func:`pipeline.reading.read_export`.
    codebook
        The study's codebook.
    profile
        Platform profile; defaults to the codebook's platform.

    Raises
    ------
    PipelineError
        A required column is missing, or a metadata column named in the codebook is absent.
    """
    profile = profile or PROFILES[codebook.platform]
    path = raw.source.path
    cols = _Columns(raw.frame.columns)
    meta = codebook.metadata

    def meta_column(
        name: str | None, fallback: str | None, what: str, required: bool
    ) -> str | None:
        wanted = name or fallback
        found = cols.find(wanted)
        # a column the codebook names must exist; only the profile's defaults are optional
        if found is None and (required or name):
            hint = cols.suggest(wanted) if wanted else None
            raise PipelineError(
                f"Fant ikke kolonnen for {what} («{wanted}»).",
                file=path,
                column=wanted,
                hint=f"Mente du «{hint}»? Rett «metadata» i codebook.yaml."
                if hint
                else "Angi riktig kolonneoverskrift under «metadata» i codebook.yaml.",
            )
        return found

    id_col = meta_column(meta.respondent_id, profile.respondent_id, "respondent-ID", True)
    start_col = meta_column(meta.started, profile.started, "starttidspunkt", False)
    end_col = meta_column(meta.completed, profile.completed, "sluttidspunkt", False)
    status_col = meta_column(meta.status, profile.status, "status", False)
    completed_values = meta.completed_values or profile.completed_values

    headers: dict[str, str] = {}
    out: dict[str, pd.Series] = {}
    out["respondent_id"] = _text_values(raw.frame[id_col]).astype("string")
    headers["respondent_id"] = id_col
    out["started_at"] = (
        _timestamps(raw.frame[start_col])
        if start_col
        else pd.Series(pd.NaT, index=raw.frame.index, dtype="datetime64[ns]")
    )
    out["completed_at"] = (
        _timestamps(raw.frame[end_col])
        if end_col
        else pd.Series(pd.NaT, index=raw.frame.index, dtype="datetime64[ns]")
    )
    if start_col:
        headers["started_at"] = start_col
    if end_col:
        headers["completed_at"] = end_col
    if status_col:
        status = _text_values(raw.frame[status_col]).astype("string")
        out["status"] = status
        headers["status"] = status_col
        out["completed"] = status.isin(list(completed_values)).fillna(False).astype(bool)
    else:
        out["completed"] = out["completed_at"].notna()

    tester_col = cols.find(profile.tester)
    last_page_col = meta_column(meta.last_page, profile.last_page, "siste side", False)
    used = {c for c in (id_col, start_col, end_col, status_col, tester_col, last_page_col) if c}
    missing: list[tuple[Variable, str | None]] = []
    not_chosen: dict[str, frozenset[str]] = {}
    for var in codebook:
        column = cols.find(var.code) if var.code else None
        column = column or cols.find(var.header)
        if column is None:
            if var.required:
                missing.append((var, var.header or var.code))
            out[var.id] = pd.Series(pd.NA, index=raw.frame.index, dtype=object)
            continue
        used.add(column)
        headers[var.id] = column
        if var.is_closed and var.type != "choice":
            out[var.id] = _closed_answers(
                raw.frame[column],
                var,
                raw.value_labels.get(column, {}),
                tuple(profile.missing_codes),
            )
            continue
        if var.type == "choice":
            not_chosen[var.id] = _not_chosen_labels(raw.value_labels.get(column, {}))
        values = _text_values(raw.frame[column])
        if profile.missing_codes:
            values = values.where(~values.isin(list(profile.missing_codes)), pd.NA)
        out[var.id] = values
    if missing:
        var, wanted = missing[0]
        hint = cols.suggest(wanted, taken=used) if wanted else None
        names = ", ".join(f"«{w}»" for _, w in missing[:5])
        raise PipelineError(
            f"{len(missing)} påkrevde kolonner finnes ikke i eksporten: {names}.",
            file=path,
            column=wanted,
            hint=(f"Mente du «{hint}»? " if hint else "")
            + "Rett «header» eller «code» i codebook.yaml, eller sett «required: false».",
        )

    frame = pd.DataFrame(out, index=raw.frame.index)
    for question in codebook.questions:
        if question.type == "multiple":
            ids = [v.id for v in question.variables]
            frame[ids] = _decode_choice(frame, ids, not_chosen)
        elif question.type == "number":
            for v in question.variables:
                numbers = pd.to_numeric(
                    frame[v.id].astype("string").str.replace(",", ".", regex=False),
                    errors="coerce",
                )
                bad = frame[v.id].notna() & numbers.isna()
                if bad.any():
                    raise PipelineError(
                        "Svaret er ikke et tall.",
                        file=path,
                        column=headers.get(v.id),
                        values=tuple(frame.loc[bad, v.id].unique()[:5]),
                        rows=tuple(int(r) for r in raw.rows[bad.to_numpy()]),
                    )
                frame[v.id] = numbers.astype("Float64")
        elif question.type == "text":
            for v in question.variables:
                frame[v.id] = frame[v.id].astype("string")

    if tester_col:
        is_test = _text_values(raw.frame[tester_col]).eq("1").fillna(False).astype(bool)
        frame["tester"] = is_test.to_numpy()
        headers["tester"] = tester_col
    frame["disposition"] = dispositions(frame, profile.name, _answered(frame, codebook))

    identifying_vars = {v.id for v in codebook if v.identifying}
    identifier_columns = [
        c for c in cols.columns if c not in used and is_identifier_header(c, codebook, profile)
    ] + [headers[v] for v in identifying_vars if v in headers]
    frame = frame.drop(columns=[v for v in identifying_vars if v in frame.columns])
    ignored = {_norm(c) for c in profile.ignored}
    unknown = tuple(
        c
        for c in cols.columns
        if c not in used and c not in identifier_columns and _norm(c) not in ignored
    )
    return DecodedExport(
        source=raw.source,
        frame=frame.reset_index(drop=True),
        headers=headers,
        rows=np.asarray(raw.rows),
        unknown_columns=unknown,
        identifier_columns=tuple(identifier_columns),
    )
