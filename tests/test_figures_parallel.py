"""Figures drawn by worker processes: every job runs, the files do not depend on the workers,
and a failure in a worker surfaces as the job's own error."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from pipeline.codebook.load import load_codebook
from pipeline.figures.parallel import Job, can_fork, run_jobs
from pipeline.figures.run import write_figures

needs_fork = pytest.mark.skipif(not can_fork(), reason="worker processes are forked on Linux only")


def _touch_jobs(folder: Path, count: int) -> list[Job]:
    return [
        Job(f"f{i}", lambda i=i: (folder / f"f{i}.txt").write_text(str(i))) for i in range(count)
    ]


@needs_fork
def test_every_job_runs_once_on_two_workers(tmp_path):
    run_jobs(_touch_jobs(tmp_path, 7), workers=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"f{i}.txt" for i in range(7)]


@needs_fork
def test_a_failing_job_in_a_worker_is_reported_and_raises_its_own_error_here(tmp_path, capsys):
    def fail() -> None:
        raise ValueError("figuren kan ikke tegnes")

    jobs = [*_touch_jobs(tmp_path, 3), Job("feil", fail)]
    with pytest.raises(ValueError, match="figuren kan ikke tegnes"):
        run_jobs(jobs, workers=2)
    err = capsys.readouterr().err
    assert "Figuren «feil» feilet i en arbeidsprosess: ValueError: figuren kan ikke tegnes." in err
    assert "i én prosess" in err


@needs_fork
def test_a_worker_killed_as_by_the_out_of_memory_killer_is_reported_and_the_rest_drawn_here(
    tmp_path, capsys
):
    here = os.getpid()

    def killed_in_a_worker() -> None:
        if os.getpid() != here:
            os.kill(os.getpid(), signal.SIGKILL)
        (tmp_path / "drept.txt").write_text("tegnet her")

    run_jobs([*_touch_jobs(tmp_path, 4), Job("drept", killed_in_a_worker)], workers=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["drept.txt"] + [
        f"f{i}.txt" for i in range(4)
    ]
    err = capsys.readouterr().err
    assert "stoppet av SIGKILL" in err and "minne" in err
    assert "som gjenstår, i én prosess" in err


@needs_fork
def test_a_worker_that_dies_without_a_python_error_does_not_hang_the_stage(tmp_path, capsys):
    here = os.getpid()

    def die_in_a_worker() -> None:
        if os.getpid() != here:
            os._exit(3)  # as a crash would: no exception, no message
        raise RuntimeError("kjørt på nytt her")

    with pytest.raises(RuntimeError, match="kjørt på nytt her"):
        run_jobs([*_touch_jobs(tmp_path, 2), Job("dør", die_in_a_worker)], workers=2)
    assert "avsluttet med kode 3 uten å melde en feil" in capsys.readouterr().err


def test_one_worker_runs_the_jobs_in_this_process_in_order(tmp_path):
    order: list[int] = []
    run_jobs([Job(str(i), lambda i=i: order.append(i)) for i in range(4)], workers=1)
    assert order == [0, 1, 2, 3]


@needs_fork
def test_figures_are_the_same_bytes_with_one_and_two_workers(example_run, tmp_path):
    results = json.loads((example_run.processed / "results.json").read_text(encoding="utf-8"))
    absence = json.loads((example_run.processed / "absence.json").read_text(encoding="utf-8"))
    codebook = load_codebook(Path("studies/modum-2025/codebook.yaml"))
    folders = {}
    for workers in (1, 2):
        folder = tmp_path / f"w{workers}"
        folder.mkdir()
        write_figures(results, codebook, folder, absence, workers=workers)
        folders[workers] = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert len(folders[1]) > 40
    assert folders[1] == folders[2]
