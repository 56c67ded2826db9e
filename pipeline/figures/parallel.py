"""Draw and save many figures on all cores: each figure is independent of the others.

Drawing is most of the figures stage (matplotlib's layout and SVG writing, twice
per figure), and a report has a few dozen figures, so the stage splits them
between worker processes. Workers are forked after the figures are planned: they
inherit the drawing functions (closures, which cannot be pickled) and the
imported matplotlib, and send back only "figure i is saved". Each figure is drawn
by exactly the same code as in one process, so the files are the same bytes.

Where ``fork`` is missing (Windows, and macOS where it is unsafe with system
frameworks), or with one core, the figures are drawn one after the other.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.progress import progress


@dataclass(frozen=True)
class Job:
    """One figure to draw and save; ``run`` does both and returns nothing."""

    name: str
    run: Callable[[], None]


def available_workers(limit: int = 4) -> int:
    """Processes worth starting: the cores this process may use, at most ``limit``.

    >>> 1 <= available_workers() <= 4
    True
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, limit))


def can_fork() -> bool:
    """True where worker processes can be forked safely (Linux)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def run_jobs(
    jobs: Sequence[Job], *, workers: int | None = None, description: str = "Figurer"
) -> None:
    """Run every job, on ``workers`` processes (default: :func:`available_workers`).

    Jobs are dealt out in turn (0, 2, 4, … to the first worker with two), so
    large and small figures are spread evenly. If a worker fails (an error in a
    job, or a worker killed, as by the kernel when memory runs out), the failure
    is told on stderr, the workers stop, and the jobs not yet done run again in
    this process, which says so: a real error then surfaces here with its own
    message and traceback, as it would without workers.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> jobs = [Job(f"f{i}", lambda i=i: (folder / f"f{i}.txt").write_text(str(i))) for i in range(4)]
    >>> run_jobs(jobs, workers=2)
    >>> sorted(p.name for p in folder.iterdir())
    ['f0.txt', 'f1.txt', 'f2.txt', 'f3.txt']
    """
    workers = available_workers() if workers is None else max(1, workers)
    workers = min(workers, len(jobs))
    if workers <= 1 or not can_fork():
        _run_here(jobs, description)
        return
    failure, done = _run_forked(jobs, workers, description)
    if failure is None:
        return
    left = [job for i, job in enumerate(jobs) if i not in done]
    print(
        f"{failure}\nTegner de {len(left)} figurene som gjenstår, i én prosess.",
        file=sys.stderr,
        flush=True,
    )
    _run_here(left, description)


def _run_here(jobs: Sequence[Job], description: str) -> None:
    for job in progress(jobs, description, unit="figur"):
        job.run()


def _work(jobs: Sequence[Job], mine: range, done: multiprocessing.Queue) -> None:
    for i in mine:
        try:
            jobs[i].run()
        except BaseException as exc:
            done.put((i, f"{type(exc).__name__}: {exc}"))
            done.close()
            done.join_thread()
            os._exit(1)  # skip the parent's atexit handlers and buffers inherited by fork
        done.put((i, None))
    done.close()
    done.join_thread()
    os._exit(0)


def _run_forked(jobs: Sequence[Job], workers: int, description: str) -> tuple[str | None, set[int]]:
    """Run the jobs in forked workers: what failed (Norwegian, or None) and the jobs done."""
    context = multiprocessing.get_context("fork")
    queue_: multiprocessing.Queue = context.Queue()
    processes = [
        context.Process(target=_work, args=(jobs, range(w, len(jobs), workers), queue_))
        for w in range(workers)
    ]
    for p in processes:
        p.start()
    done: set[int] = set()
    failure = None
    try:
        for _ in progress(range(len(jobs)), description, unit="figur"):
            failure = _wait_for_one(queue_, processes, jobs, done)
            if failure is not None:
                break
    finally:
        for p in processes:
            if failure is not None:
                p.kill()
            p.join()
        queue_.close()
    if failure is None:
        failure = next((_died(p) for p in processes if p.exitcode != 0), None)
    return failure, done


def _died(process: multiprocessing.process.BaseProcess) -> str:
    """A worker that stopped without reporting an error, in Norwegian."""
    code = process.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        cause = f"stoppet av {name}"
        if name == "SIGKILL":
            cause += " (det skjer blant annet når maskinen går tom for minne)"
    else:
        cause = f"avsluttet med kode {code}"
    return f"En arbeidsprosess for figurene {cause} uten å melde en feil."


def _wait_for_one(
    queue_: multiprocessing.Queue, processes: list, jobs: Sequence[Job], done: set[int]
) -> str | None:
    """Wait until a worker reports a saved figure; what failed, or None."""
    while True:
        try:
            i, error = queue_.get(timeout=0.5)
        except queue.Empty:
            dead = [p for p in processes if p.exitcode not in (None, 0)]
            if dead:
                return _died(dead[0])
            continue
        if error is not None:
            return f"Figuren «{jobs[i].name}» feilet i en arbeidsprosess: {error}."
        done.add(i)
        return None
