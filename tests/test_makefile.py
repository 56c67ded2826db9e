"""The Makefile's stage dependencies come from the import graph: a touched module re-runs the
stages that import it and nothing else, and an up-to-date report is not rebuilt."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("ingest", "analyse", "absence", "figures", "report")


def _copy(tmp_path: Path) -> Path:
    """The Makefile, code and example study in a temporary folder, raw files as empty stand-ins."""
    repo = tmp_path / "repo"
    ignore = shutil.ignore_patterns("__pycache__")
    for name in ("pipeline", "tools", "templates", "notebooks", "studies/modum-2025"):
        shutil.copytree(ROOT / name, repo / name, ignore=ignore)
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy(ROOT / name, repo / name)
    raw = repo / "data" / "raw" / "modum-2025"
    raw.mkdir(parents=True)
    for path in (ROOT / "data" / "raw" / "modum-2025").iterdir():
        (raw / path.name).touch()
    for folder in (".venv", "data/processed", "reports/figures"):
        (repo / folder).mkdir(parents=True, exist_ok=True)
    return repo


def _age(folder: Path, seconds: float) -> None:
    """Set ``folder`` and every file under it to ``seconds`` ago."""
    when = time.time() - seconds
    for path in [folder, *folder.rglob("*")]:
        os.utime(path, (when, when))


@contextlib.contextmanager
def _touched(path: Path, text: str | None = None) -> Iterator[None]:
    """``path`` newer than every output (optionally with new text); old again afterwards."""
    before = path.read_text(encoding="utf-8") if text is not None else None
    if text is not None:
        path.write_text(text, encoding="utf-8")
    path.touch()
    try:
        yield
    finally:
        if before is not None:
            path.write_text(before, encoding="utf-8")
        _age(path, 2000)
        # the raw paths make derived from the changed file: made again from the old one
        for repo in path.parents:
            (repo / ".make" / "raw-paths.mk").unlink(missing_ok=True)


def _make(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # the copy's .venv is an empty stand-in: «python -m pipeline paths» (which tells make the
    # raw files) runs with this interpreter, on the copy's own package
    return subprocess.run(
        ["make", "--no-print-directory", f"PY={sys.executable}", *args],
        cwd=repo,
        capture_output=True,
        text=True,
    )


def _stages(dry_run: str) -> set[str]:
    return {s for s in STAGES if f"-m pipeline {s} " in dry_run}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy in which every target of «make report» is up to date (made with «make -t»)."""
    repo = _copy(tmp_path_factory.mktemp("make"))
    _age(repo, 2000)
    (repo / ".venv" / ".installed").touch()
    assert _make(repo, "help").returncode == 0  # derives .make/stage-deps.mk
    touched = _make(repo, "-t", "report")
    assert touched.returncode == 0, touched.stderr
    for outputs in ("data/processed", "reports"):
        _age(repo / outputs, 1000)
    return repo


def test_second_make_report_does_nothing(built: Path) -> None:
    assert _make(built, "-q", "report").returncode == 0
    assert _stages(_make(built, "-n", "report").stdout) == set()


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        ("pipeline/distinct.py", {"ingest", "analyse", "figures", "report"}),
        ("pipeline/formatting.py", {"ingest", "analyse", "absence", "figures", "report"}),
        ("pipeline/absence/figures.py", {"figures", "report"}),
        ("pipeline/figures/style.py", {"figures", "report"}),
        ("pipeline/report/sentences.py", {"report"}),
        ("pipeline/data/fornavn.txt", {"ingest", "analyse", "figures", "report"}),
    ],
)
def test_touching_a_module_reruns_exactly_the_stages_that_import_it(
    built: Path, module: str, expected: set[str]
) -> None:
    with _touched(built / module):
        dry_run = _make(built, "-n", "report")
    assert dry_run.returncode == 0, dry_run.stderr
    assert _stages(dry_run.stdout) == expected


def test_touching_a_template_reruns_only_the_report(built: Path) -> None:
    template = next(p for p in (built / "templates").rglob("*") if p.is_file())
    with _touched(template):
        assert _stages(_make(built, "-n", "report").stdout) == {"report"}


def test_a_missing_export_is_reported_by_the_pipeline_not_by_make(built: Path) -> None:
    study = built / "studies" / "modum-2025" / "study.yaml"
    text = study.read_text(encoding="utf-8")
    missing = text.replace("export: modum-2025-questback.xlsx", "export: finnes-ikke.xlsx")
    with _touched(study, missing):
        dry_run = _make(built, "-n", "report")
    assert "No rule to make target" not in dry_run.stderr
    assert "-m pipeline check" in dry_run.stdout


@contextlib.contextmanager
def _export_named(repo: Path, name: str) -> Iterator[Path]:
    """The study's export renamed to ``name`` (in study.yaml too), every output still newer."""
    study = repo / "studies" / "modum-2025" / "study.yaml"
    raw = repo / "data" / "raw" / "modum-2025"
    before = study.read_text(encoding="utf-8")
    old = raw / "modum-2025-questback.xlsx"
    quoted = "'" + name.replace("'", "''") + "'"
    study.write_text(before.replace("export: modum-2025-questback.xlsx", f"export: {quoted}"))
    export = old.rename(raw / name)
    _age(study, 2000)
    _age(export, 2000)
    (repo / ".make" / "raw-paths.mk").unlink(missing_ok=True)  # study.yaml was aged past it
    try:
        yield export
    finally:
        if export.exists():
            export.rename(old)
        else:
            old.touch()
        study.write_text(before, encoding="utf-8")
        _age(study, 2000)
        _age(old, 2000)
        (repo / ".make" / "raw-paths.mk").unlink(missing_ok=True)


@pytest.mark.parametrize("name", ["Svar 2025 #2 (endelig).xlsx", 'kari\'s "svar" $HOME; a:b.xlsx'])
def test_an_export_name_with_spaces_hash_quotes_or_dollar_is_one_prerequisite(
    built: Path, name: str
) -> None:
    with _export_named(built, name) as export:
        assert _make(built, "-q", "report").returncode == 0  # read as the file it is: up to date
        export.touch()
        assert _stages(_make(built, "-n", "report").stdout) == {
            "ingest",
            "analyse",
            "figures",
            "report",
        }
        codebook = _make(built, "-n", "codebook").stdout
        assert "codebook draft " in codebook and shlex.split(codebook)[5] == str(
            Path("data/raw/modum-2025") / name
        )
        export.unlink()
        dry_run = _make(built, "-n", "report")
        assert "No rule to make target" not in dry_run.stderr
        assert "-m pipeline check" in dry_run.stdout
    assert _make(built, "-q", "report").returncode == 0


def test_a_name_make_cannot_read_is_refused_in_norwegian_naming_the_key(built: Path) -> None:
    with _export_named(built, "eksport(1)"):
        refused = _make(built, "-n", "report")
    assert refused.returncode != 0
    assert "Filnavnet «eksport(1)»" in refused.stderr and "survey.export" in refused.stderr
    assert "make kan ikke bruke det" in refused.stderr and "Traceback" not in refused.stderr
