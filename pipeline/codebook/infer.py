"""What a column of an export is, as far as its header, its answers and the file tell.

Used by :mod:`pipeline.codebook.draft` to draft a codebook:

- identifiers: personal-data columns by name (any platform's), the profile's
  prefixes (EFS ``u_*``), or every answer an e-mail address;
- grouping: consecutive columns ``"<stem> - <item>"`` (header or SPSS variable
  label) form a group, and so do code-named columns ``s_2_1``, ``s_2_2`` under
  one prefix (SurveyXact);
- multiple choice: a group the file declares so (SurveyXact ``structure``, EFS
  0/1 value labels), or whose cells hold only ``1``/``0``, «Valgt»/«Ikke
  valgt» or the option's own label;
- answers: labels in the file's code order, the platform's missing-value codes
  left out; numbers; free text (many distinct, long answers);
- background variables: SurveyXact ``bg_*``, or a header naming the unit,
  sector or role;
- who completed, from the status or completion column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from pipeline.codebook.load import ITEM_SEPARATOR
from pipeline.reading import RawExport
from pipeline.reading.profiles import PROFILES, Profile

CHOSEN_MARKS = {"1", "0", "valgt", "ikke valgt"}
BACKGROUND_WORDS = (
    "etat",
    "sektor",
    "avdeling",
    "enhet",
    "rolle",
    "stilling",
    "tjenesteområde",
    "tjenesteomrade",
    "virksomhet",
    "arbeidssted",
    "kommunalområde",
)


@dataclass
class Column:
    """An answer column: its header, the text it shows, and where it sits in a group."""

    name: str  # frame column (the header, or the SPSS variable name)
    text: str  # header text as the respondent saw it
    by_code: bool  # matched by ``code`` (SPSS variable name) rather than header
    stem: str | None = None
    label: str | None = None
    explicit: bool = False  # grouped by code prefix: the item needs its own header


# --- reading the answers --------------------------------------------------------------


def as_text(value: object) -> str:
    """A cell as text, whole floats without their ``.0``.

    >>> as_text(3.0), as_text(" Ja ")
    ('3', 'Ja')
    """
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def answers(column: pd.Series) -> list[object]:
    """Non-empty cells of a column, as found."""
    return [v for v in column if v is not None and not (isinstance(v, str) and not v.strip())]


def distinct_labels(values: Iterable[object]) -> list[str]:
    """Distinct answers as text, in order of first appearance.

    >>> distinct_labels(["Nei", "Ja", "Nei", 3.0])
    ['Nei', 'Ja', '3']
    """
    seen: dict[str, None] = {}
    for value in values:
        seen.setdefault(as_text(value), None)
    return list(seen)


def is_number(value: object) -> bool:
    """A number, or text that is one (``12``, ``-3,5``)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return bool(re.fullmatch(r"-?\d+([.,]\d+)?", str(value).strip()))


def is_free_text(labels: list[str], values: list[object]) -> bool:
    """Free text: very many distinct answers, or mostly distinct long ones."""
    if len(labels) > 30:
        return True
    mean_length = sum(len(label) for label in labels) / len(labels)
    return len(labels) / len(values) > 0.6 and mean_length >= 15 and len(labels) >= 3


def is_open(values: list[object], labels: list[str]) -> bool:
    """Numbers or free text: answers that are no list of choices."""
    numbers = bool(values) and all(is_number(v) for v in values) and len(labels) > 2
    return numbers or (bool(values) and is_free_text(labels, values))


# --- columns ---------------------------------------------------------------------------


def find_column(raw: RawExport, name: str | None) -> str | None:
    """The frame column whose header (or SPSS variable label) is ``name``, in any case."""
    if not name:
        return None
    for column in raw.frame.columns:
        if column.casefold() == name.casefold():
            return column
    for column, label in raw.column_labels.items():
        if label.casefold() == name.casefold():
            return column
    return None


def identifiers(raw: RawExport, profile: Profile) -> list[str]:
    """Columns with personal data: names any platform uses, the profile's prefixes
    (EFS ``u_*``), and columns whose every answer is an e-mail address."""
    known = {i.casefold() for p in PROFILES.values() for i in p.identifiers}
    prefixes = tuple(p.casefold() for p in profile.identifier_prefixes)
    found = []
    for column in raw.frame.columns:
        names = {column.casefold(), raw.column_labels.get(column, column).casefold()}
        # personal-data names of every platform: a column called «Navn» is dropped anyway
        by_profile = any(n in known or n.startswith(prefixes) for n in names)
        values = [str(v) for v in answers(raw.frame[column])[:50]]
        looks_like_email = bool(values) and all(
            re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", v, re.I) for v in values
        )
        if by_profile or looks_like_email:
            found.append(column)
    return found


def columns(raw: RawExport, skip: set[str]) -> list[Column]:
    """The answer columns (all but ``skip``), each with the stem it shares with its
    neighbours, if any."""
    found = []
    for name in raw.frame.columns:
        if name in skip:
            continue
        label = raw.column_labels.get(name)
        found.append(Column(name=name, text=label or name, by_code=bool(label)))
    # a stem is shared by consecutive columns "<stem> - <item>"
    for i, column in enumerate(found):
        if ITEM_SEPARATOR not in column.text:
            continue
        stem, label = column.text.rsplit(ITEM_SEPARATOR, 1)
        neighbours = [
            c
            for c in found[max(0, i - 1) : i + 2]
            if c is not column and c.text.startswith(stem + ITEM_SEPARATOR)
        ]
        if neighbours and stem.strip() and label.strip():
            column.stem, column.label = stem, label
    # platforms that name columns by code (SurveyXact s_2_1, s_2_2) group options by prefix
    for i, column in enumerate(found):
        prefix = re.fullmatch(r"(.+?)_\d+", column.name)
        if column.stem is not None or column.by_code or prefix is None:
            continue
        neighbours = [
            c
            for c in found[max(0, i - 1) : i + 2]
            if c is not column and re.fullmatch(re.escape(prefix.group(1)) + r"_\d+", c.name)
        ]
        if neighbours:
            column.stem, column.label, column.explicit = prefix.group(1), column.name, True
    return found


def groups(found: list[Column]) -> list[list[Column]]:
    """Consecutive columns with the same stem together; every other column on its own."""
    grouped: list[list[Column]] = []
    for column in found:
        if column.stem is not None and grouped and grouped[-1][0].stem == column.stem:
            grouped[-1].append(column)
        else:
            grouped.append([column])
    return grouped


def is_background(column: Column) -> bool:
    """A background variable: SurveyXact ``bg_*`` (from the respondent list), or a header
    naming the unit, sector or role."""
    if column.name.casefold().startswith("bg_"):
        return True
    return any(re.search(rf"\b{w}", column.text.casefold()) for w in BACKGROUND_WORDS)


# --- what the file declares --------------------------------------------------------------


def missing_codes(raw: RawExport) -> tuple[str, ...]:
    """The platform's codes for «no answer» in value labels (none for an unknown platform)."""
    platform = raw.source.platform
    return PROFILES[platform].missing_codes if platform in PROFILES else ()


def labels_in_code_order(raw: RawExport, name: str, found: list[str]) -> list[str]:
    """The answers as the file's value labels order them (codes ascending, the platform's
    missing-value codes left out), then any found answer without a label; only the found
    answers, in their order, when the file has no labels for the column."""
    mapping = raw.value_labels.get(name)
    if not mapping:
        return found
    missing = set(missing_codes(raw))
    ordered = [
        label
        for code, label in sorted(mapping.items(), key=lambda kv: str(kv[0]).zfill(12))
        if str(code) not in missing
    ]
    return list(dict.fromkeys(ordered + found))


def declared_multiple(raw: RawExport, group: list[Column]) -> bool:
    """The file says these columns are multiple-choice options: SurveyXact ``structure``
    calls them Multiple, or (EFS) each is a 0/1 variable whose labels are only for
    «not chosen»/«chosen», whatever the words (Ja/Nei, valgt/ikke valgt, quoted)."""
    if all(raw.column_types.get(c.name) == "multiple" for c in group):
        return True
    missing = set(missing_codes(raw))
    codes = [{k for k in raw.value_labels.get(c.name, {}) if str(k) not in missing} for c in group]
    return all(c and c <= {0, 1} for c in codes)


def is_multiple(raw: RawExport, group: list[Column]) -> bool:
    """Multiple choice: declared so, or every answer only marks an option as chosen."""
    if declared_multiple(raw, group):
        return True
    any_answer = False
    for column in group:
        for value in answers(raw.frame[column.name]):
            text = as_text(value).casefold()
            if text not in CHOSEN_MARKS and text != (column.label or "").strip().casefold():
                return False
            any_answer = True
    return any_answer


def completed(raw: RawExport, metadata: dict[str, object]) -> pd.Series:
    """Who finished, as far as the export tells (everyone, if it does not)."""
    frame = raw.frame
    status = metadata.get("status")
    values = {str(v).casefold() for v in metadata.get("completed_values", [])}  # type: ignore[union-attr]
    if isinstance(status, str) and values:
        return frame[status].map(lambda v: v is not None and as_text(v).casefold() in values)
    done = metadata.get("completed")
    if isinstance(done, str):
        return frame[done].notna()
    return pd.Series(True, index=frame.index)
