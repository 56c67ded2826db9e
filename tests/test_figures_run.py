"""The figures stage: every figure in the index, for the screen and for print, from one drawing."""

from __future__ import annotations

import json

from pipeline.figures.index import FigureEntry
from pipeline.figures.style import print_name
from pipeline.report.context import data_uri, with_print_figures


def _index(example_run) -> list[dict]:
    return json.loads((example_run.reports / "figures" / "index.json").read_text(encoding="utf-8"))


def test_every_figure_has_a_screen_svg_with_text_as_paths_and_a_print_svg_with_text(example_run):
    folder = example_run.reports / "figures"
    entries = _index(example_run)
    assert len(entries) > 20
    for entry in entries:
        screen = (folder / entry["file"]).read_text(encoding="utf-8")
        printed = (folder / print_name(entry["file"])).read_text(encoding="utf-8")
        assert "<text" not in screen, entry["id"]  # portable: no font needed in a browser
        assert "<text" in printed and "DejaVu Sans" in printed, entry["id"]


def test_figures_folder_holds_only_the_indexed_figures(example_run):
    files = {p.name for p in (example_run.reports / "figures").iterdir()}
    expected = {"index.json"}
    for entry in _index(example_run):
        expected |= {entry["file"], print_name(entry["file"])}
    assert files == expected


def test_html_for_the_pdf_has_every_figure_swapped_for_its_print_variant(example_run):
    folder = example_run.reports / "figures"
    html = example_run.html
    printed = with_print_figures(html, folder)
    in_report = 0
    for entry in _index(example_run):
        screen = data_uri((folder / entry["file"]).read_bytes())
        if screen not in html:
            continue  # drawn, but report.yaml does not place it
        in_report += 1
        assert screen not in printed, entry["id"]
        assert data_uri((folder / print_name(entry["file"])).read_bytes()) in printed
    assert in_report > 15


def test_html_not_built_from_these_figures_is_left_as_it_is(example_run, tmp_path):
    html = '<img src="data:image/svg+xml;base64,AAAA" alt="x">'
    assert with_print_figures(html, example_run.reports / "figures") == html
    assert with_print_figures(html, tmp_path) == html  # no index.json


def test_survey_figures_carry_their_n_for_the_source_line(example_run):
    index = json.loads((example_run.reports / "figures" / "index.json").read_text("utf-8"))
    survey = [e for e in index if not e["id"].startswith("sykefravaer")]
    assert survey and all("n" in e for e in survey)
    assert "Kilde: spørreundersøkelse blant ansatte i Modum kommune" in example_run.html


def test_every_index_entry_matches_its_typed_record(example_run, results_problems):
    problems = [
        p
        for i, entry in enumerate(_index(example_run))
        for p in results_problems(entry, FigureEntry, f"index[{i}]")
    ]
    assert problems == []


def test_question_figures_say_whom_their_shares_are_of_as_results_json_does(example_run):
    results = example_run.results
    variables = {q["id"]: q["variables"] for q in results["questions"]}
    checked = 0
    for entry in _index(example_run):
        question = entry["id"].removeprefix("sporsmal-").split("--")[0]
        if not entry["id"].startswith("sporsmal-") or not variables.get(question):
            assert "base" not in entry, entry["id"]
            continue
        base = entry["base"]
        shown = [v for v in variables[question] if not v["suppressed"]]
        assert {v["base"]["shares_of"] for v in shown} == {base["shares_of"]}
        answered = base["answered"] if isinstance(base["answered"], list) else [base["answered"]]
        assert min(answered) >= min(v["base"]["answered"] for v in shown)
        assert max(answered) <= max(v["base"]["answered"] for v in shown)
        checked += 1
    assert checked > 15
