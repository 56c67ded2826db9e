"""results.json is read through one reader that refuses a stale, damaged or foreign file."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.analysis.results import REQUIRED, SCHEMA_VERSION, check_results, read_results
from pipeline.cli import main
from pipeline.errors import PipelineError

ROOT = Path(__file__).resolve().parents[1]


def _mypy(*files: str) -> subprocess.CompletedProcess[str]:
    """mypy as configured in pyproject.toml (``[tool.mypy]``), on its files or on ``files``."""
    command = [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml")]
    return subprocess.run([*command, *files], cwd=ROOT, capture_output=True, text=True)


def test_what_the_analyse_stage_writes_passes_the_reader(example_run):
    results = read_results(example_run.processed / "results.json", "modum-2025")
    assert results["schema_version"] == SCHEMA_VERSION
    assert set(REQUIRED) <= set(results)


def test_the_example_results_file_matches_the_typed_records_everywhere(
    example_run, results_problems
):
    assert results_problems(example_run.results) == []


def _first_frequency(data: dict) -> dict:
    return data["questions"][0]["variables"][0]["frequencies"][0]


def test_an_undeclared_field_deep_in_the_results_is_found(example_run, results_problems):
    data = example_run.results
    _first_frequency(data)["new_statistic"] = 0.5
    data["response"]["dropout"]["extra"] = {}
    found = results_problems(data)
    assert any("frequencies[0].new_statistic: not declared in Frequency" in p for p in found)
    assert any("dropout.extra: not declared in Dropout" in p for p in found)
    assert len(found) == 2


def test_a_missing_key_or_a_value_of_the_wrong_type_is_found(example_run, results_problems):
    data = example_run.results
    del _first_frequency(data)["count"]
    data["response"]["left_out"]["tests"] = "0"
    data["response"]["rates"][0]["started"] = True  # a bool is not a count
    data["response"]["margin_of_error"]["method"] = ["wilson"]
    data["inclusion"] = "alle"  # not one of the two rules
    found = results_problems(data)
    assert any(p.endswith("frequencies[0].count: missing") for p in found)
    assert "results.response.left_out.tests: '0' is not int" in found
    assert "results.response.rates[0].started: True is not int" in found
    assert "results.response.margin_of_error.method: list, not Method" in found
    assert any(p.startswith("results.inclusion: 'alle' is not one of") for p in found)
    assert len(found) == 5


def test_a_key_the_records_mark_not_required_may_be_absent(example_run, results_problems):
    data = example_run.results
    variable = data["questions"][0]["variables"][0]
    for key in ("n", "n_all", "base", "margin_of_error", "frequencies", "likert"):
        variable.pop(key, None)
    data["free_text"] = [{"id": "x", "text": "Hva?", "suppressed": True}]
    data["response"]["representativeness"] = None
    assert results_problems(data) == []


def test_a_field_added_later_is_read_through(example_run, tmp_path):
    data = copy.deepcopy(example_run.results)
    data["ny_del"] = {"noe": 1}
    path = tmp_path / "results.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert read_results(path)["ny_del"] == {"noe": 1}


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"schema_version": SCHEMA_VERSION - 1}, "eldre versjon av verktøyet"),
        ({"schema_version": "2"}, "annen versjon av verktøyet"),
        ({"study_id": "en-annen-studie"}, "hører til studien «en-annen-studie»"),
    ],
)
def test_a_stale_or_foreign_file_is_refused_in_norwegian(example_run, tmp_path, change, words):
    data = {**example_run.results, **change}
    path = tmp_path / "results.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PipelineError) as info:
        read_results(path, "modum-2025")
    assert words in info.value.message and "make analyse" in info.value.message
    assert info.value.file == path


def test_a_file_without_a_required_part_names_the_part(example_run, tmp_path):
    data = {key: value for key, value in example_run.results.items() if key != "questions"}
    with pytest.raises(PipelineError, match=r"mangler deler \(questions\)"):
        check_results(data, tmp_path / "results.json")


@pytest.mark.parametrize("content", [b"{ikke json", b"\xff\xfe\x00", b"[1, 2]"])
def test_a_damaged_file_or_another_kind_of_json_is_refused(tmp_path, content):
    path = tmp_path / "results.json"
    path.write_bytes(content)
    with pytest.raises(PipelineError, match="make analyse"):
        read_results(path)


@pytest.mark.parametrize("stage", ["figures", "report"])
def test_stages_after_analyse_stop_on_a_stale_results_file(example_run, tmp_path, capsys, stage):
    processed = tmp_path / "processed"
    shutil.copytree(example_run.processed, processed)
    stale = {**example_run.results, "schema_version": SCHEMA_VERSION - 1}
    (processed / "results.json").write_text(json.dumps(stale), encoding="utf-8")
    args = example_run.args(stage, "--processed", str(processed), "--reports", str(tmp_path))
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "eldre versjon av verktøyet" in err and "Traceback" not in err


def test_the_code_that_reads_results_reads_only_declared_keys_of_the_right_records():
    checked = _mypy()
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_type_check_finds_a_key_the_records_do_not_declare(tmp_path):
    reader = tmp_path / "reader.py"
    reader.write_text(
        "from pipeline.analysis.results import QuestionResult\n\n\n"
        "def title(q: QuestionResult) -> str:\n"
        '    return q["short_label"]\n',
        encoding="utf-8",
    )
    checked = _mypy(str(reader))
    assert checked.returncode == 1
    assert '"QuestionResult" has no key "short_label"' in checked.stdout
