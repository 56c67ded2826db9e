"""The benchmark runs end to end at the smallest size and writes its table; no timing checks."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd
import pytest

from pipeline import cli
from pipeline import formatting as fmt
from pipeline.codebook.load import load_codebook
from pipeline.config import load_study
from pipeline.reading import read_export
from pipeline_dev import bench, synthetic
from pipeline_dev.exports import FORMATS
from pipeline_dev.xlsx import workbook_bytes

ROOT = Path(__file__).resolve().parents[1]
STUDY = ROOT / "studies" / "modum-2025"
RAW = ROOT / "data" / "raw"


@pytest.mark.slow
def test_bench_at_smallest_size_writes_one_row_per_stage_read_floor_and_total(tmp_path, capsys):
    out = tmp_path / "bench.md"
    code = cli.main(
        ["bench", "--sizes", "500", "--formats", "csv", "--stages", "ingest,analyse"]
        + ["--no-example", "--out", str(out)]
    )
    assert code == 0
    text = out.read_text(encoding="utf-8")
    table = [line for line in text.splitlines() if line.startswith("| ")]
    assert table[0] == "| " + " | ".join(bench.HEADERS) + " |"
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in table[2:]]
    assert [r[0] for r in rows] == ["lesing", "ingest", "analyse", "hele løpet"]
    assert all(r[1:3] == ["csv", "500"] for r in rows)
    assert all(len(r) == len(bench.HEADERS) for r in rows)
    assert all("," in r[3] or r[3].isdigit() for r in rows)  # Norwegian decimal comma
    assert rows[0][5] == "" and rows[1][5] != ""  # the floor has no ratio, a stage has
    assert text in capsys.readouterr().out
    assert "python -m pipeline bench --sizes 500 --formats csv --stages ingest,analyse" in text


def test_table_rows_mark_a_failed_stage_and_skip_its_ratio():
    rows = bench.table_rows(
        [
            bench.Measurement("lesing", "csv", 500, 2.0, 100.0),
            bench.Measurement("ingest", "csv", 500, 3.0, 200.0, ok=False),
        ]
    )
    assert rows[1][0] == "ingest (feilet)" and rows[1][5] == ""
    assert rows[-1][0] == "hele løpet" and rows[-1][3] == "3,0"


@pytest.mark.parametrize("bad", ["", "0", "fem", "500,-1"])
def test_sizes_option_rejects_what_is_not_a_positive_count(bad):
    parser = argparse.ArgumentParser()
    bench.add_arguments(parser)
    with pytest.raises(SystemExit):
        parser.parse_args(["--sizes", bad, "--out", "x.md"])


def test_synthetic_export_is_deterministic_and_reads_back_with_the_codebook_headers(tmp_path):
    study = load_study(STUDY, RAW)
    codebook = load_codebook(study.codebook_path)
    first = synthetic.synthetic_export(codebook, study.config.survey, 300)
    again = synthetic.synthetic_export(codebook, study.config.survey, 300)
    pd.testing.assert_frame_equal(first, again)
    assert workbook_bytes(first) == workbook_bytes(again)
    headers = [codebook.metadata.respondent_id, codebook.metadata.started]
    assert set(headers + [v.header for v in codebook.variables]) <= set(first.columns)
    for export_format in FORMATS:
        path = tmp_path / f"svar.{export_format}"
        synthetic.write_export(first, path, export_format)
        raw = read_export(path)
        assert list(raw.frame.columns) == list(first.columns)
        assert len(raw.frame) == 300


def test_synthetic_study_scales_invited_counts_above_the_respondents(tmp_path):
    made = synthetic.make_study(STUDY, tmp_path, 2000, "csv", raw_root=RAW)
    survey = load_study(made.study, made.raw).config.survey
    assert survey.export.name == made.export.name
    assert sum(survey.invited.values()) >= 2000
    assert (made.raw / STUDY.name / "sykefravaer-2020-2024.csv").is_file()


def test_growth_column_compares_each_stage_with_how_much_reading_grew():
    rows = bench.table_rows(
        [
            bench.Measurement("lesing", "csv", 500, 1.0, 100.0),
            bench.Measurement("ingest", "csv", 500, 6.0, 200.0),
            bench.Measurement("report-pdf", "csv", 500, 12.0, 300.0),
            bench.Measurement("lesing", "csv", 50_000, 3.0, 100.0),
            bench.Measurement("ingest", "csv", 50_000, 10.0, 400.0),
            bench.Measurement("report-pdf", "csv", 50_000, 11.5, 300.0),
        ]
    )
    big = fmt.integer(50_000)
    by_stage = {(r[0], r[2]): r for r in rows}
    assert by_stage[("ingest", big)][6] == "2,0"  # (10 − 6) / (3 − 1)
    assert by_stage[("report-pdf", big)][6] == "0,0"  # a fixed cost does not grow
    assert by_stage[("hele løpet", big)][6] == "1,8"  # (21,5 − 18) / 2
    assert by_stage[("ingest", "500")][6] == ""  # the smallest size is the baseline
