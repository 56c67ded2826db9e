"""make preview: the served page changes when a study text changes (no timing asserted)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from pipeline.report.preview import edit_to_page, fetch, only_texts, running

ROOT = Path(__file__).resolve().parents[1]


def test_only_texts_and_report_yaml_are_rendered_in_process() -> None:
    study = Path("studies/x")
    assert only_texts([study / "texts" / "bakgrunn.md", study / "report.yaml"], study)
    assert not only_texts([study / "texts" / "bakgrunn.md", study / "codebook.yaml"], study)
    assert not only_texts([], study)


@pytest.mark.slow
def test_served_page_shows_an_edited_text(example_run: Any, tmp_path: Path) -> None:
    study = tmp_path / "modum-2025"
    shutil.copytree(ROOT / "studies" / "modum-2025", study)
    reports = tmp_path / "reports"
    shutil.copytree(example_run.reports, reports)
    args = ["--study", str(study), "--raw", str(ROOT / "data" / "raw")]
    args += ["--processed", str(example_run.processed), "--reports", str(reports)]
    marker = "Revisor skrev denne setningen nettopp."
    with running(args, cwd=ROOT) as url:
        assert marker not in fetch(url)
        edit_to_page(url, study / "texts" / "bakgrunn.md", marker, timeout=60)
        page = fetch(url)
    assert marker in page and "livereload" in page
    assert marker in (reports / "rapport.html").read_text(encoding="utf-8")
