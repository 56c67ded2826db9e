"""The example survey as EFS and SurveyXact would export it (docs/platforms.md).

:func:`write_efs` and :func:`write_surveyxact` take the Questback-shaped export
of :func:`pipeline_dev.example.generate.build_export` (one row per respondent who
started, answers as label text) and write the same respondents the way the
other platforms deliver them: every invitee is a row (those who never began with
only the etat from the respondent list), codes with value labels, the platform's
status field, and in EFS two test respondents. Both must give the example's
published figures; the reference test checks it.

:func:`variant_study` writes a study folder for one of them: the example's
folder with ``survey`` pointing at the other export and a codebook that finds
each variable by its code.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat

from pipeline.codebook.load import load_codebook
from pipeline.codebook.model import Codebook, Variable
from pipeline.config import load_study

EFS_EXPORT = "modum-2025-efs.sav"
SURVEYXACT_EXPORT = "dataset.csv"
TEST_COMMENT = "Test"
# The creation stamp ReadStat writes into a .sav header (offsets in the SPSS system file
# header), fixed so the same table always gives the same bytes.
_SAV_STAMP = (92, b"03 Mar 25" + b"08:00:00")


def efs_names(codebook: Codebook) -> dict[str, str]:
    """Variable id → EFS variable name ``v_1``, ``v_2`` … in questionnaire order."""
    return {v.id: f"v_{i}" for i, v in enumerate(codebook.variables, start=1)}


def surveyxact_names(codebook: Codebook, by: str) -> dict[str, str]:
    """Variable id → SurveyXact name: ``bg_<by>`` for the background variable from the
    respondent list, ``s_<n>`` for a question, ``s_<n>_<i>`` for its matrix rows and options."""
    names: dict[str, str] = {by: f"bg_{by}"}
    n = 0
    for q in codebook.questions:
        if q.id == by:
            continue
        n += 1
        if len(q.variables) == 1 and q.variables[0].question is None:
            names[q.variables[0].id] = f"s_{n}"
        else:
            for i, v in enumerate(q.variables, start=1):
                names[v.id] = f"s_{n}_{i}"
    return names


def _codes(var: Variable) -> dict[str, int]:
    """Label → code, 1.. in the codebook's order (scale labels, then off-scale answers)."""
    return {label: i for i, label in enumerate(var.answer_labels, start=1)}


def _everyone(
    frame: pd.DataFrame, codebook: Codebook, invited: dict[str, int], by: str
) -> tuple[pd.DataFrame, pd.Series]:
    """The respondents, then the invitees who never began (etat only), per etat in order.

    Returns the rows (Questback-shaped, blanks for the never-begun) and whether
    each row began.
    """
    meta = codebook.metadata
    header = codebook.variable(by).header
    extra = []
    next_id = int(pd.to_numeric(frame[meta.respondent_id]).max()) + 1
    for group, count in invited.items():
        missing = count - int((frame[header] == group).sum())
        for _ in range(missing):
            extra.append({meta.respondent_id: next_id, header: group})
            next_id += 1
    rows = pd.concat([frame, pd.DataFrame(extra, columns=frame.columns)], ignore_index=True)
    began = pd.Series([True] * len(frame) + [False] * len(extra))
    return rows, began


def _answer_codes(rows: pd.DataFrame, codebook: Codebook, not_seen: object) -> dict[str, pd.Series]:
    """Each variable's column as codes: closed answers by label, options 1/0 (``not_seen`` for
    every option of a question nobody saw), numbers as they are, text as text."""
    out: dict[str, pd.Series] = {}
    for q in codebook.questions:
        if q.type == "multiple":
            chosen = pd.DataFrame({v.id: rows[v.header].notna() for v in q.variables})
            seen = chosen.any(axis=1)
            for v in q.variables:
                out[v.id] = chosen[v.id].astype(int).astype(object).where(seen, not_seen)
            continue
        for v in q.variables:
            cells = rows[v.header]
            if v.type == "text":
                out[v.id] = cells.astype(object)
            elif v.type == "number":
                out[v.id] = pd.to_numeric(cells).astype(object)
            else:
                codes = _codes(v)
                out[v.id] = cells.map(lambda c, k=codes: k.get(c) if isinstance(c, str) else None)
    return out


def efs_table(
    frame: pd.DataFrame, codebook: Codebook, invited: dict[str, int], by: str
) -> pd.DataFrame:
    """The EFS dataset: system variables, ``v_N`` codes (-77 not seen, -66 text not seen),
    every invitee (``dispcode`` 20 never began, 22 started, 31 completed) and two test
    respondents (``tester`` = 1) copying the first two who completed, with a «Test» comment."""
    meta = codebook.metadata
    rows, began = _everyone(frame, codebook, invited, by)
    completed = (rows[meta.status] == "Fullført").to_numpy()
    names = efs_names(codebook)
    out = pd.DataFrame(
        {
            "lfdn": np.arange(1, len(rows) + 1, dtype=float),
            "tester": 0.0,
            "dispcode": np.where(completed, 31.0, np.where(began, 22.0, 20.0)),
            "datetime": pd.to_datetime(rows[meta.started]),
            "date_of_last_access": pd.to_datetime(rows[meta.completed]),
        }
    )
    for var_id, column in _answer_codes(rows, codebook, -77).items():
        var = codebook.variable(var_id)
        if var.type == "text":
            unseen = "-66"
            out[names[var_id]] = column.where(column.notna(), unseen).astype(str)
        else:
            reached = began if var_id != by else pd.Series(True, index=rows.index)
            filled = column.where(column.notna(), -77)
            out[names[var_id]] = pd.to_numeric(filled.where(reached, -77)).astype(float)
    tests = out[completed].head(2).copy()
    tests["tester"] = 1.0
    text_vars = [names[v.id] for v in codebook.of_type("text")]
    if text_vars:
        tests[text_vars[0]] = TEST_COMMENT
    out = pd.concat([out, tests], ignore_index=True)
    out["lfdn"] = np.arange(1, len(out) + 1, dtype=float)
    return out


def write_efs(
    frame: pd.DataFrame, codebook: Codebook, invited: dict[str, int], by: str, path: Path
) -> None:
    """The EFS export as SPSS: variable labels are the question texts («Stem - item»)."""
    table = efs_table(frame, codebook, invited, by)
    names = efs_names(codebook)
    labels = {
        "lfdn": "Laufende Nummer",
        "tester": "Tester",
        "dispcode": "Dispositionscode",
        "datetime": "Beginn",
        "date_of_last_access": "Letzter Zugriff",
    }
    value_labels: dict[str, dict[float, str]] = {}
    for var in codebook.variables:
        labels[names[var.id]] = var.header or var.text
        if var.type == "choice":
            value_labels[names[var.id]] = {
                0: "nicht gewählt",
                1: "ausgewählt",
                -77: "nicht gesehen",
            }
        elif var.type not in ("text", "number"):
            value_labels[names[var.id]] = {code: label for label, code in _codes(var).items()} | {
                -77: "nicht gesehen"
            }
    pyreadstat.write_sav(
        table,
        str(path),
        column_labels=[labels[c] for c in table.columns],
        variable_value_labels=value_labels,
        variable_format={"datetime": "DATETIME20", "date_of_last_access": "DATETIME20"},
        row_compress=True,
    )
    data = bytearray(Path(path).read_bytes())
    offset, stamp = _SAV_STAMP
    data[offset : offset + len(stamp)] = stamp
    Path(path).write_bytes(bytes(data))


def surveyxact_csv(rows: list[list[object]], trailing: bool = False) -> bytes:
    """A SurveyXact «Unicode» CSV: UTF-16LE with BOM, tab-separated, CRLF; ``trailing``
    ends every line with a separator (``structure.csv``'s phantom column)."""
    end = "\t\r\n" if trailing else "\r\n"

    def cell(value: object) -> str:
        if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, pd.Timestamp):
            return value.strftime("%Y-%m-%d %H:%M:%S")
        return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")

    text = "".join("\t".join(cell(v) for v in row) + end for row in rows)
    return b"\xff\xfe" + text.encode("utf-16-le")


STRUCTURE_HEADER = [
    "questionName",
    "variableName",
    "questionType",
    "subType",
    "questionText",
    "choiceValue",
    "choiceText",
]
STATUS_LABELS: list[list[object]] = [
    ["statoverall", 1, "Ny"],
    ["statoverall", 2, "Distribuert"],
    ["statoverall", 3, "Noen svar"],
    ["statoverall", 4, "Gjennomført"],
    ["statoverall", 5, "Frafalt"],
]


def surveyxact_tables(
    frame: pd.DataFrame, codebook: Codebook, invited: dict[str, int], by: str
) -> dict[str, bytes]:
    """The three SurveyXact tables by file name: ``dataset.csv`` (every invitee,
    ``statoverall`` 2 never began, 3 some answers, 4 completed; 0 in every option of those
    who never answered), ``structure.csv`` and ``labels.csv`` (no header row)."""
    meta = codebook.metadata
    rows, began = _everyone(frame, codebook, invited, by)
    completed = (rows[meta.status] == "Fullført").to_numpy()
    names = surveyxact_names(codebook, by)
    codes = _answer_codes(rows, codebook, 0)
    header = ["respondentid", "statoverall", "starttime", "closetime"] + [
        names[v.id] for v in codebook.variables
    ]
    status = np.where(completed, 4, np.where(began, 3, 2))
    table = [header]
    starts = pd.to_datetime(rows[meta.started])
    ends = pd.to_datetime(rows[meta.completed])
    for i in range(len(rows)):
        line: list[object] = [int(rows[meta.respondent_id].iloc[i]), int(status[i])]
        line += [starts.iloc[i], ends.iloc[i]]
        line += [codes[v.id].iloc[i] for v in codebook.variables]
        table.append(line)

    structure: list[list[object]] = [STRUCTURE_HEADER]
    labels = list(STATUS_LABELS)
    for q in codebook.questions:
        for v in q.variables:
            name = names[v.id]
            question = name.rsplit("_", 1)[0] if v.question else name
            text = v.header or v.text
            if v.type == "choice":
                structure.append([question, name, "Closed", "Multiple", q.text, 1, v.label])
                labels += [[name, 0, "Ikke valgt"], [name, 1, "Valgt"]]
            elif v.type == "text":
                structure.append([question, name, "Open", "String", text, None, None])
            elif v.type == "number":
                structure.append([question, name, "Open", "Double", text, None, None])
            else:
                for label, code in _codes(v).items():
                    structure.append([question, name, "Closed", "Single", text, code, label])
                    labels.append([name, code, label])
    return {
        SURVEYXACT_EXPORT: surveyxact_csv(table),
        "structure.csv": surveyxact_csv(structure, trailing=True),
        "labels.csv": surveyxact_csv(labels),
    }


def variant_study(source: Path, platform: str, dest: Path) -> Path:
    """A copy of the study folder ``source`` reading the ``platform`` export instead:
    ``survey.platform``/``export`` changed, invited counted from the export (and checked
    against the counts given), and a codebook that finds each variable by its code."""
    shutil.copytree(source, dest)
    codebook = load_codebook(source / "codebook.yaml")
    survey = load_study(source).config.survey
    by = survey.invited_by
    names = surveyxact_names(codebook, by) if platform == "surveyxact" else efs_names(codebook)
    export = SURVEYXACT_EXPORT if platform == "surveyxact" else EFS_EXPORT
    study_text = (source / "study.yaml").read_text(encoding="utf-8")
    for old, new in (
        (f"  platform: {survey.platform}\n", f"  platform: {platform}\n"),
        (f"  export: {survey.export}\n", f"  export: {export}\n"),
        ("  invited:\n", "  invited:\n    from_export: true\n"),
    ):
        if old not in study_text:
            raise ValueError(f"study.yaml has no line {old!r} to change")
        study_text = study_text.replace(old, new, 1)
    (dest / "study.yaml").write_text(study_text, encoding="utf-8")
    lines = []
    in_metadata = False
    for line in (source / "codebook.yaml").read_text(encoding="utf-8").splitlines():
        # the Questback metadata columns do not exist in the other exports: profile defaults
        in_metadata = line.startswith("metadata:") or (in_metadata and line.startswith("  "))
        if in_metadata:
            continue
        if line.startswith("platform:"):
            line = f"platform: {platform}"
        lines.append(_with_code(line, names))
    (dest / "codebook.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dest


def _with_code(line: str, names: dict[str, str]) -> str:
    """A codebook line with ``code: <name>`` beside the ``id`` of a variable that has one."""
    stripped = line.strip()
    if stripped.startswith("- {id: "):
        var_id = stripped[len("- {id: ") :].split(",")[0].split("}")[0].strip()
        if var_id in names:
            return line.replace(f"{{id: {var_id}", f"{{id: {var_id}, code: {names[var_id]}", 1)
    elif stripped.startswith("- id: "):
        var_id = stripped[len("- id: ") :].split()[0]
        if var_id in names:
            indent = line[: len(line) - len(line.lstrip())]
            return f"{line}\n{indent}  code: {names[var_id]}"
    return line
