"""The analysts' notebooks run headless on the example study and show the report's own figures."""

from __future__ import annotations

import base64
import html
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline import cli, notebooks
from pipeline import formatting as fmt
from pipeline.errors import PipelineError
from pipeline.workspace import ENV_PROCESSED, ENV_STUDY, open_study

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_STUDY = ROOT / "studies" / "modum-2025"
RAW = ROOT / "data" / "raw"
FIXTURE = ROOT / "tests" / "data" / "report"
NAMES = [
    "01-svarinngang-og-frafall",
    "02-gruppesammenligninger",
    "03-sykefravaersstatistikk",
    "04-fritekst",
]
# The report's figures each notebook shows (ws.figure) with its table (ws.figure_table).
SHOWN = {
    "01-svarinngang-og-frafall": ["frafall"],
    "02-gruppesammenligninger": ["gruppe-medarbeidersamtale", "gap-oppfolging"],
    "03-sykefravaersstatistikk": ["sykefravaer-trend"],
}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def executed(example_run):
    """Every notebook executed once on the example run's data."""
    return {
        path.stem: notebooks.execute(path, EXAMPLE_STUDY, example_run.processed, RAW)
        for path in notebooks.notebook_paths()
    }


def _outputs(nb, mime: str) -> list[str]:
    return [
        out["data"][mime]
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if mime in out.get("data", {})
    ]


def _all_text(nb) -> str:
    parts = _outputs(nb, "text/html") + _outputs(nb, "text/plain")
    parts += [
        out["text"]
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out["output_type"] == "stream"
    ]
    return "\n".join(parts)


def test_the_notebooks_are_the_four_named_by_order_and_purpose():
    assert [p.stem for p in notebooks.notebook_paths()] == NAMES


def test_every_notebook_runs_without_an_error(executed):
    assert sorted(executed) == NAMES
    for name, nb in executed.items():
        errors = [
            out
            for cell in nb.cells
            if cell.cell_type == "code"
            for out in cell.outputs
            if out["output_type"] == "error"
        ]
        assert not errors, name
        assert all(c.execution_count for c in nb.cells if c.cell_type == "code"), name


def test_each_notebook_opens_with_a_norwegian_note_on_its_purpose(executed):
    for name, nb in executed.items():
        first = nb.cells[0]
        assert first.cell_type == "markdown", name
        assert first.source.startswith("# "), name
        assert "Denne notatboka er for å" in first.source, name


def test_each_notebook_ends_on_a_table_or_a_figure(executed):
    for name, nb in executed.items():
        last = [c for c in nb.cells if c.cell_type == "code"][-1]
        kinds = {mime for out in last.outputs for mime in out.get("data", {})}
        assert kinds & {"text/html", "image/png"}, name


def test_no_timing_metadata_is_kept(executed):
    for nb in executed.values():
        assert all("execution" not in c.metadata for c in nb.cells)


def _figure_calls(nb) -> list[str]:
    """The ids passed to ``ws.figure(...)``; for an f-string, its literal start."""
    calls = []
    for cell in nb.cells:
        for match in re.finditer(r'ws\.figure\((f?)"([^"{]+)', cell.source):
            calls.append(match.group(2) + ("*" if match.group(1) else ""))
    return calls


def _is_number(cell: str) -> bool:
    """A table cell of figures (``42,5 % (93)``, ``1 124``), not a question text the display cuts."""
    return bool(re.fullmatch(r"[\d\s\u00a0,%()–−+avp<=.]+", cell)) and any(
        ch.isdigit() for ch in cell
    )


def _calls_figure(calls: list[str], fig_id: str) -> bool:
    return any(fig_id == c or (c.endswith("*") and fig_id.startswith(c[:-1])) for c in calls)


def test_notebook_figures_are_the_report_figures_from_the_same_function_and_numbers(
    executed, example_run, tmp_path
):
    """The figures shown in the notebooks are drawn by the figures stage's functions.

    Saved through the workspace they give the very SVG bytes the figures stage wrote and
    the report inlined, and the tables the notebooks print under them hold the numbers
    in ``figures/index.json``.
    """
    ws = open_study(EXAMPLE_STUDY, example_run.processed, raw=RAW)
    figures = example_run.reports / "figures"
    index = {e["id"]: e for e in json.loads((figures / "index.json").read_text("utf-8"))}
    report = example_run.html
    for name, ids in SHOWN.items():
        nb = executed[name]
        shown_html = "\n".join(_outputs(nb, "text/html"))
        assert len(_outputs(nb, "image/png")) >= len(ids), name
        for fig_id in ids:
            assert _calls_figure(_figure_calls(nb), fig_id), (name, fig_id)
            svg = tmp_path / f"{fig_id}.svg"
            ws.save_figure(fig_id, svg)
            assert svg.read_bytes() == (figures / f"{fig_id}.svg").read_bytes(), fig_id
            numbers = [c for row in index[fig_id]["table"]["rows"] for c in row if _is_number(c)]
            assert numbers, fig_id
            for cell in numbers:
                assert html.escape(cell) in shown_html, (fig_id, cell)
    for fig_id in ("gruppe-medarbeidersamtale", "gap-oppfolging"):
        svg = (tmp_path / f"{fig_id}.svg").read_bytes()
        assert base64.b64encode(svg).decode("ascii") in report, fig_id


def test_group_shares_in_the_notebook_and_results_json_equal_a_tally_of_the_responses(
    executed, example_run
):
    """Counted here with a pandas crosstab, not with the function that wrote results.json."""
    ws = open_study(EXAMPLE_STUDY, example_run.processed, raw=RAW)
    shown = "\n".join(_outputs(executed["02-gruppesammenligninger"], "text/html"))
    stored = {c["id"]: c for c in ws.results["comparisons"]["groups"]}
    checked = 0
    for c in ws.analysis.group_comparisons:
        off_scale = ws.codebook.variable(c.variable).not_on_scale
        answers = ws.included[[c.variable, c.by]].dropna().astype(str)
        answers = answers[~answers[c.variable].isin(off_scale)]
        tally = pd.crosstab(answers[c.by], answers[c.variable].isin(c.success))
        for group in stored[c.id]["groups"]:
            if group["suppressed"]:
                assert tally.loc[group["group"]].sum() < ws.k
                continue
            counts = tally.loc[group["group"]]
            hits, n = int(counts.get(True, 0)), int(counts.sum())
            assert (group["k"], group["n"]) == (hits, n), (c.id, group["group"])
            row = (
                rf"<td>{re.escape(html.escape(group['group']))}</td>\s*"
                rf"<td>{re.escape(fmt.integer(n))}</td>\s*"
                rf"<td>{re.escape(fmt.percent_of(hits, n))}</td>"
            )
            assert re.search(row, shown), (c.id, group["group"])
            checked += 1
    assert checked >= 2


def test_free_text_notebook_shows_redacted_answers(executed):
    assert "[e-post fjernet]" in _all_text(executed["04-fritekst"])


def test_free_text_notebook_escapes_markup_in_answers(tmp_path):
    # A fixture study, not the example: one of its answers is a <script> test string.
    study, raw = FIXTURE / "study", FIXTURE / "raw"
    args = ["--study", str(study), "--raw", str(raw), "--processed", str(tmp_path)]
    for stage in ("ingest", "analyse"):
        assert cli.main([stage, *args, "--reports", str(tmp_path / "reports")]) == 0
    nb = notebooks.execute(notebooks.NOTEBOOK_DIR / "04-fritekst.py", study, tmp_path, raw)
    assert "<script>" not in "\n".join(_outputs(nb, "text/html"))
    html_page = notebooks.to_html(nb)
    assert "<script>alert" not in html_page
    assert "&lt;script&gt;alert" in html_page


def test_free_text_stays_hidden_when_the_study_does_not_allow_it(example_run, tmp_path):
    study = tmp_path / "modum-2025"
    shutil.copytree(EXAMPLE_STUDY, study)
    config = study / "analysis.yaml"
    config.write_text(
        config.read_text("utf-8").replace("show: true", "show: false"), encoding="utf-8"
    )
    nb = notebooks.execute(
        notebooks.NOTEBOOK_DIR / "04-fritekst.py", study, example_run.processed, RAW
    )
    text = _all_text(nb)
    assert "Studien tillater ikke at fritekst vises" in text
    for q in example_run.results["free_text"]:
        for answer in q.get("answers", [])[:5]:
            assert html.escape(answer) not in text and answer not in text


def test_run_writes_one_html_page_per_notebook_with_the_same_bytes_twice(example_run, tmp_path):
    page = notebooks.NOTEBOOK_DIR / "04-fritekst.py"
    first = notebooks.run(EXAMPLE_STUDY, example_run.processed, tmp_path / "a", RAW, [page])
    second = notebooks.run(EXAMPLE_STUDY, example_run.processed, tmp_path / "b", RAW, [page])
    assert [p.name for p in first] == ["04-fritekst.html"]
    assert first[0].read_bytes() == second[0].read_bytes()
    assert "<html" in first[0].read_text("utf-8")


def test_the_kernel_gets_absolute_paths_to_study_and_data(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = notebooks.kernel_environment(Path("studie"), Path("data"))
    assert env[ENV_STUDY] == str(tmp_path.resolve() / "studie")
    assert env[ENV_PROCESSED] == str(tmp_path.resolve() / "data")


def test_a_failing_cell_names_the_notebook_and_the_cell(example_run, tmp_path, capsys):
    broken = tmp_path / "99-feil.py"
    broken.write_text(
        "# %% [markdown]\n# # Feil\n\n# %%\nx = 1\n\n# %%\nraise ValueError('tallet mangler')\n",
        encoding="utf-8",
    )
    with pytest.raises(PipelineError) as err:
        notebooks.run(EXAMPLE_STUDY, example_run.processed, tmp_path / "ut", RAW, [broken])
    text = str(err.value)
    assert text.startswith("Fil «99-feil.py»: Notatboka stoppet i celle 3")
    assert "raise ValueError('tallet mangler')" in text
    assert "ValueError: tallet mangler" in text
    assert not (tmp_path / "ut" / "99-feil.html").exists()


def test_the_command_exits_non_zero_with_a_norwegian_message_on_missing_data(tmp_path, capsys):
    code = cli.main(
        ["notebooks", "--study", str(EXAMPLE_STUDY), "--processed", str(tmp_path)]
        + ["--out", str(tmp_path)]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("Feil: Fant ikke de bearbeidede dataene")
    assert "make analyse" in err
    assert not list(tmp_path.glob("*.html"))


def test_kernel_flush_timeouts_are_dropped_but_the_notebooks_own_warnings_are_kept():
    import nbformat

    cell = nbformat.v4.new_code_cell("print(1)")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="1\n"),
        nbformat.v4.new_output("stream", name="stderr", text="IOStream.flush timed out\n"),
        nbformat.v4.new_output("stream", name="stderr", text="UserWarning: tynt grunnlag\n"),
    ]
    nb = nbformat.v4.new_notebook(cells=[cell])
    notebooks._strip_volatile(nb)
    assert [o.text for o in nb.cells[0].outputs] == ["1\n", "UserWarning: tynt grunnlag\n"]
