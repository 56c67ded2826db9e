"""The analyst's workspace: one call loads a study's processed data, results and the report's figures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline.absence.analysis import trend
from pipeline.absence.summary import records
from pipeline.errors import PipelineError
from pipeline.workspace import ENV_PROCESSED, ENV_STUDY, find_root, open_study

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_STUDY = ROOT / "studies" / "modum-2025"
RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="module")
def ws(example_run):
    return open_study(EXAMPLE_STUDY, example_run.processed, raw=RAW)


def test_the_root_is_found_from_the_notebooks_folder():
    assert find_root(ROOT / "notebooks") == ROOT


def test_without_a_project_file_the_start_folder_is_the_root(tmp_path):
    assert find_root(tmp_path) == tmp_path.resolve()


def test_open_study_loads_responses_codebook_results_and_absence(ws, example_run):
    assert ws.study.id == "modum-2025"
    assert len(ws.responses) == ws.manifest.counts["started"] == 558
    assert ws.results == example_run.results
    assert ws.absence is not None and ws.absence["study_id"] == "modum-2025"
    assert ws.k == ws.results["k"] == 5
    assert ws.codebook.variable("medarbeidersamtale").labels == ("Ja", "Nei")


def test_relative_paths_are_resolved_against_the_repository_root_from_notebooks(
    example_run, monkeypatch
):
    monkeypatch.chdir(ROOT / "notebooks")
    ws = open_study("studies/modum-2025", example_run.processed, environ={})
    assert ws.study.root == ROOT / "studies" / "modum-2025"
    assert ws.study.raw_dir == ROOT / "data" / "raw" / "modum-2025"


def test_the_environment_names_study_and_processed_data(example_run):
    environ = {ENV_STUDY: str(EXAMPLE_STUDY), ENV_PROCESSED: str(example_run.processed)}
    ws = open_study(environ=environ, root=Path("/nowhere"))
    assert ws.paths.processed == example_run.processed
    assert ws.study.root == EXAMPLE_STUDY


def test_arguments_win_over_the_environment(example_run, tmp_path):
    environ = {ENV_PROCESSED: str(tmp_path / "elsewhere")}
    ws = open_study(EXAMPLE_STUDY, example_run.processed, environ=environ)
    assert ws.paths.processed == example_run.processed


def test_missing_processed_data_says_to_run_make_analyse(tmp_path):
    with pytest.raises(PipelineError) as err:
        open_study(EXAMPLE_STUDY, tmp_path / "tom", environ={})
    text = str(err.value)
    assert "Fant ikke de bearbeidede dataene" in text
    assert "responses.parquet" in text and "results.json" in text
    assert "make analyse" in text


def test_missing_study_folder_is_a_norwegian_error(example_run, tmp_path):
    with pytest.raises(PipelineError, match="Studiemappen finnes ikke"):
        open_study(tmp_path / "ingen-studie", example_run.processed, environ={})


def test_data_of_another_study_are_refused(example_run, tmp_path):
    processed = tmp_path / "processed"
    shutil.copytree(example_run.processed, processed)
    results = json.loads((processed / "results.json").read_text(encoding="utf-8"))
    (processed / "results.json").write_text(
        json.dumps({**results, "study_id": "annen-2024"}), encoding="utf-8"
    )
    with pytest.raises(PipelineError, match="hører til studien «annen-2024»"):
        open_study(EXAMPLE_STUDY, processed, environ={})


def test_without_absence_json_there_is_no_absence(example_run, tmp_path):
    processed = tmp_path / "processed"
    shutil.copytree(example_run.processed, processed)
    (processed / "absence.json").unlink()
    ws = open_study(EXAMPLE_STUDY, processed, environ={})
    assert ws.absence is None
    assert "sykefravaer-trend" not in ws.figure_ids()
    with pytest.raises(PipelineError, match="ikke registrert sykefravær"):
        ws.absence_register()


def test_figure_entries_are_the_figure_stage_index_in_the_same_order(ws, example_run):
    index = json.loads((example_run.reports / "figures" / "index.json").read_text("utf-8"))
    assert ws.figure_ids() == [e["id"] for e in index]
    for entry in index:
        assert ws.figure_entry(entry["id"]) == entry


def test_figure_table_holds_the_numbers_printed_under_the_figure(ws):
    table = ws.figure_table("gruppe-medarbeidersamtale")
    assert list(table.columns) == ["Gruppe", "n", "Ja", "Nei"]
    assert table.iloc[0].tolist() == [
        "Helse og velferd",
        "219",
        "42,5\u00a0% (93)",
        "57,5\u00a0% (126)",
    ]


def test_an_unknown_figure_names_the_figures_there_are(ws):
    with pytest.raises(PipelineError) as err:
        ws.figure("finnes-ikke")
    assert "«finnes-ikke»" in str(err.value) and "frafall" in str(err.value)


def test_the_absence_register_gives_the_trend_in_absence_json(ws):
    assert records(trend(ws.absence_register())) == ws.absence["trend"]


def test_included_follows_the_inclusion_rule(ws):
    assert ws.study.config.survey.inclusion == "all_available"
    assert ws.included is ws.responses


def test_anonymise_blanks_small_groups_and_labels_the_next_smallest_as_hidden(ws):
    table = pd.DataFrame(
        {"group": ["A", "B", "C"], "n": [3, 40, 12], "p": ["10 %", "20 %", "30 %"]}
    )
    out = ws.anonymise(table, keep=("group",))
    assert out["group"].tolist() == ["A", "B", "C"]
    # C has 12: it is hidden only so that A cannot be worked out, and says so
    assert out["n"].tolist() == ["under 5", 40, "skjult"]
    assert out["p"].tolist() == ["under 5", "20 %", "skjult"]
    assert table["n"].tolist() == [3, 40, 12]  # the input is left as it was


def test_anonymise_without_a_total_hides_only_the_small_group(ws):
    table = pd.DataFrame({"group": ["A", "B", "C"], "n": [3, 40, 12]})
    out = ws.anonymise(table, keep=("group",), total_shown=False)
    assert out["n"].tolist() == ["under 5", 40, 12]
