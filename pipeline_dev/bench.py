"""Benchmark: wall time and peak memory of every stage, from 500 to 200 000 respondents.

``python -m pipeline bench [--sizes 500,5000,50000,200000] [--formats xlsx,csv]
--out reports/bench.md`` (``make bench``) writes, for each size and format, a
synthetic export with the example study's codebook (:mod:`pipeline_dev.synthetic`)
into a temporary folder and runs the stages as a user would, each in a fresh
``python -m pipeline <stage>`` process. It measures each stage's wall time and
peak memory (the child's maximum resident set size, from ``wait4``), and the
*read floor*: a process that only reads the raw file with the pipeline's own
reader (:func:`pipeline.reading.read_export`). Every stage's time is shown as a
multiple of that floor.

With ``--example`` it also times the example study the way a revisor runs it:
``make report`` from the raw file into empty folders (warm environment), and
``make report`` again after one revisor text changed (only the report runs).

The table is printed and written atomically to ``--out`` as Markdown. Timings
vary between machines and runs; the command is not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline import formatting as fmt
from pipeline.errors import PipelineError
from pipeline.files import write_text
from pipeline_dev.exports import FORMATS, XLSX_MAX

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_STUDY = ROOT / "studies" / "modum-2025"
DEFAULT_SIZES = (500, 5_000, 50_000, 200_000)
READ = "lesing"
# Stage name in the table → arguments after ``python -m pipeline``.
STAGES: dict[str, tuple[str, ...]] = {
    "ingest": ("ingest",),
    "analyse": ("analyse",),
    "absence": ("absence",),
    "figures": ("figures",),
    "report-html": ("report", "--format", "html"),
    "report-pdf": ("report", "--format", "pdf"),
}
HEADERS = (
    "Trinn",
    "Format",
    "Respondenter",
    "Tid (s)",
    "Minne (MB)",
    "× lesegulv",
    "× lesegulvets vekst",
)
MIN_READ_GROWTH = 1.0  # seconds; below it the growth ratio is mostly noise
READ_SCRIPT = "import sys; from pipeline.reading import read_export; read_export(sys.argv[1])"


@dataclass(frozen=True)
class Measurement:
    """One process: what it ran, how long it took and its peak resident memory."""

    stage: str
    format: str
    size: int | None  # None for the example study
    seconds: float
    peak_mb: float
    ok: bool = True


def run_measured(command: Sequence[str], *, cwd: Path, log: Path) -> tuple[float, float, bool]:
    """Run ``command``; return wall seconds, peak MB of the process (and its children), success.

    ``wait4`` gives the rusage of this child alone, so every stage's peak is its own.
    """
    start = time.perf_counter()
    with open(log, "ab") as out:
        proc = subprocess.Popen(list(command), cwd=cwd, stdout=out, stderr=out)
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: keep Popen from waiting
    return seconds, usage.ru_maxrss / 1024, proc.returncode == 0


def _stage_command(stage: str, study: Path, raw: Path, work: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pipeline",
        *STAGES[stage],
        "--study",
        str(study),
        "--raw",
        str(raw),
        "--processed",
        str(work / "processed"),
        "--reports",
        str(work / "reports"),
    ]


def bench_size(
    size: int, export_format: str, work: Path, stages: Sequence[str], *, echo: bool = True
) -> list[Measurement]:
    """Generate one synthetic export and measure the read floor and each stage on it."""
    work.mkdir(parents=True, exist_ok=True)
    # In its own process, so the parent stays small (see pipeline_dev.exports).
    made = subprocess.run(
        [sys.executable, "-m", "pipeline", "synthetic", str(size), export_format, str(work)]
        + ["--study", str(EXAMPLE_STUDY), "--raw", str(ROOT / "data" / "raw")],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    synthetic = {key: Path(value) for key, value in json.loads(made.stdout).items()}
    log = work / "bench.log"
    results: list[Measurement] = []
    seconds, peak, ok = run_measured(
        [sys.executable, "-c", READ_SCRIPT, str(synthetic["export"])], cwd=ROOT, log=log
    )
    results.append(Measurement(READ, export_format, size, seconds, peak, ok))
    _echo(results[-1], echo)
    for stage in stages:
        command = _stage_command(stage, synthetic["study"], synthetic["raw"], work)
        seconds, peak, ok = run_measured(command, cwd=ROOT, log=log)
        results.append(Measurement(stage, export_format, size, seconds, peak, ok))
        _echo(results[-1], echo)
        if not ok:
            print(_tail(log), file=sys.stderr)
            break  # the later stages need this one's output
    return results


def bench_example(work: Path, *, echo: bool = True) -> list[Measurement]:
    """``make report`` on a copy of the example study from raw, then after one text changed."""
    study = work / "studies" / EXAMPLE_STUDY.name
    shutil.copytree(EXAMPLE_STUDY, study)
    make = [
        "make",
        "--no-print-directory",
        "report",
        f"STUDY={study}",
        f"PROCESSED={work / 'processed'}",
        f"REPORTS={work / 'reports'}",
    ]
    log = work / "make.log"
    results = []
    seconds, peak, ok = run_measured(make, cwd=ROOT, log=log)
    results.append(Measurement("make report (fra rådata)", "xlsx", None, seconds, peak, ok))
    _echo(results[-1], echo)
    text = sorted((study / "texts").glob("*.md"))[0]
    text.write_text(text.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    seconds, peak, ok = run_measured(make, cwd=ROOT, log=log)
    results.append(Measurement("make report (én tekst endret)", "xlsx", None, seconds, peak, ok))
    _echo(results[-1], echo)
    results.append(bench_preview(study, work))
    _echo(results[-1], echo)
    if not all(r.ok for r in results):
        print(_tail(log), file=sys.stderr)
    return results


def bench_preview(study: Path, work: Path) -> Measurement:
    """``make preview``: seconds from saving a text to the served page showing it.

    The server (``python -m pipeline preview``) runs on a free port of 127.0.0.1
    over the outputs of :func:`bench_example`; the time includes the watcher
    noticing the change, rendering the HTML and serving it, for the second of two
    edits (the first pays the server's first render). Memory is not
    measured (the server is not a child that ends): 0.
    """
    from pipeline.report.preview import edit_to_page, running

    args = ["--study", str(study), "--processed", str(work / "processed")]
    args += ["--reports", str(work / "reports")]
    text = sorted((study / "texts").glob("*.md"))[0]
    try:
        with running(args, cwd=ROOT) as url:
            # The first edit also pays the server's first render (imports, templates); a
            # revisor's writing loop is the edits after it, so the second one is measured.
            stamp = time.time_ns()  # a text the page cannot already hold
            edit_to_page(url, text, f"Første endring for forhåndsvisningen {stamp}.")
            seconds = edit_to_page(url, text, f"Andre endring for forhåndsvisningen {stamp}.")
        return Measurement("make preview (én tekst endret → ny side)", "xlsx", None, seconds, 0.0)
    except TimeoutError as error:
        print(f"make preview: {error}", file=sys.stderr)
        return Measurement(
            "make preview (én tekst endret → ny side)", "xlsx", None, 0.0, 0.0, False
        )


def _tail(log: Path, lines: int = 15) -> str:
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _echo(m: Measurement, echo: bool) -> None:
    if echo:
        size = "eksempel" if m.size is None else fmt.integer(m.size)
        state = "" if m.ok else "  FEILET"
        print(
            f"  {m.stage} {m.format} {size}: {fmt.number(m.seconds, 1)} s{state}", file=sys.stderr
        )


def table_rows(measurements: Sequence[Measurement]) -> list[tuple[str, ...]]:
    """One row per measurement plus a «hele løpet» row per size and format, formatted in Norwegian.

    The ratio column divides a stage's time by the read floor of the same
    export; the whole-pipeline row sums the stages (not the floor) and shows
    the largest peak. The growth column (:func:`growth_ratio`) compares what a
    stage adds from the smallest export of the same format with what reading adds.
    """
    rows: list[tuple[str, ...]] = []
    groups: dict[tuple[str, int | None], list[Measurement]] = {}
    for m in measurements:
        groups.setdefault((m.format, m.size), []).append(m)
    seconds = {(m.stage, m.format, m.size): m.seconds for m in measurements if m.ok}
    for (export_format, size), group in groups.items():
        floor = seconds.get((READ, export_format, size))
        smallest = min((s for f, s in groups if f == export_format and s is not None), default=None)
        shown_size = "eksempel" if size is None else fmt.integer(size)

        baseline = smallest if size is not None and smallest not in (None, size) else None
        floor_smallest = seconds.get((READ, export_format, baseline))

        for m in group:
            measured = m.stage != READ and m.ok and size is not None
            rows.append(
                (
                    m.stage if m.ok else f"{m.stage} (feilet)",
                    export_format,
                    shown_size,
                    fmt.number(m.seconds, 1),
                    fmt.number(m.peak_mb, 0),
                    fmt.number(m.seconds / floor, 1) if floor and measured else "",
                    _growth_cell(
                        m.seconds,
                        seconds.get((m.stage, export_format, baseline)),
                        floor,
                        floor_smallest,
                    )
                    if measured and baseline is not None
                    else "",
                )
            )
        stages = [m for m in group if m.stage != READ]
        if size is not None and stages:
            total = sum(m.seconds for m in stages)
            small = [seconds.get((m.stage, export_format, baseline)) for m in stages]
            total_smallest = None if None in small else sum(small)  # type: ignore[arg-type]
            rows.append(
                (
                    "hele løpet",
                    export_format,
                    shown_size,
                    fmt.number(total, 1),
                    fmt.number(max(m.peak_mb for m in stages), 0),
                    fmt.number(total / floor, 1) if floor else "",
                    _growth_cell(total, total_smallest, floor, floor_smallest)
                    if baseline is not None
                    else "",
                )
            )
    return rows


def _growth_cell(
    stage: float, stage_smallest: float | None, floor: float | None, floor_smallest: float | None
) -> str:
    ratio = growth_ratio(stage, stage_smallest, floor, floor_smallest)
    return "" if ratio is None else fmt.number(ratio, 1)


def growth_ratio(
    stage: float, stage_smallest: float | None, floor: float | None, floor_smallest: float | None
) -> float | None:
    """How much a stage's time grows compared with the read floor's, between two sizes.

    A stage's time is a fixed part (starting Python, imports, a report of fixed
    length) plus a part that grows with the respondents; only the growing part
    can be held against the read floor. ``(stage − stage_smallest) /
    (floor − floor_smallest)``; None when a time is missing or reading grew by
    less than ``MIN_READ_GROWTH`` seconds, where run-to-run noise would be the ratio.

    >>> growth_ratio(25.9, 7.0, 4.4, 0.7)  # ingest, 500 → 200 000 CSV
    5.108108108108108
    >>> growth_ratio(12.0, 12.5, 4.4, 0.7)  # a fixed-cost stage: no growth (noise is clipped)
    0.0
    >>> growth_ratio(3.0, 2.0, 1.2, 1.0) is None  # reading grew 0.2 s: noise
    True
    """
    if None in (stage_smallest, floor, floor_smallest):
        return None
    grown = floor - floor_smallest  # type: ignore[operator]
    if grown < MIN_READ_GROWTH:
        return None
    return max(0.0, stage - stage_smallest) / grown  # type: ignore[operator]


def markdown(rows: Sequence[tuple[str, ...]], *, command: str) -> str:
    """The table as Markdown, with what was run and on which machine."""
    numeric = {3, 4, 5, 6}
    lines = [
        "# Ytelsesmåling",
        "",
        f"Kommando: `{command}`  ",
        f"Maskin: {os.cpu_count()} kjerner, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}",
        "",
        "| " + " | ".join(HEADERS) + " |",
        "| " + " | ".join("---:" if i in numeric else "---" for i in range(len(HEADERS))) + " |",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    lines += [
        "",
        "«Lesing» er lesegulvet: en prosess som bare leser rådatafilen med samme leser som "
        "ingest-trinnet. «× lesegulv» er trinnets tid delt på lesegulvet for samme fil. "
        "«× lesegulvets vekst» er hvor mye trinnet har vokst fra den minste eksporten i samme "
        "format, delt på hvor mye lesingen har vokst: den delen av tiden som følger antall "
        "respondenter, uten oppstart, importer og en rapport med fast lengde (vises når lesingen "
        "har vokst med minst 1 s). "
        "Minne er høyeste residente minne for prosessen.",
        "",
    ]
    return "\n".join(lines)


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "").strip()) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"ugyldige størrelser: {text!r}") from None
    if not sizes or any(s < 1 for s in sizes):
        raise argparse.ArgumentTypeError(f"ugyldige størrelser: {text!r}")
    return sizes


def _choices(allowed: Sequence[str]):
    def parse(text: str) -> list[str]:
        values = [part.strip() for part in text.split(",") if part.strip()]
        unknown = [v for v in values if v not in allowed]
        if not values or unknown:
            raise argparse.ArgumentTypeError(
                f"ukjent verdi {', '.join(unknown) or text!r}; velg blant {', '.join(allowed)}"
            )
        return values

    return parse


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--sizes",
        type=_sizes,
        default=list(DEFAULT_SIZES),
        metavar="N,N,…",
        help="antall respondenter (standard: 500,5000,50000,200000)",
    )
    p.add_argument(
        "--formats",
        type=_choices(FORMATS),
        default=list(FORMATS),
        metavar="FORMAT,…",
        help=f"eksportformater (standard: xlsx,csv; xlsx bare opp til {fmt.integer(XLSX_MAX)})",
    )
    p.add_argument(
        "--stages",
        type=_choices(tuple(STAGES)),
        default=list(STAGES),
        metavar="TRINN,…",
        help=f"trinnene som måles (standard: {','.join(STAGES)})",
    )
    p.add_argument(
        "--example",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="mål også «make report» for eksempelstudien (standard: ja)",
    )
    p.add_argument("--out", type=Path, required=True, help="Markdown-filen tabellen skrives til")
    p.add_argument(
        "--keep", type=Path, default=None, help="behold arbeidsfilene i denne mappen (feilsøking)"
    )


def command_line(args: argparse.Namespace) -> str:
    """The command that gives this table again, as the table's note names it."""
    parts = [
        "python -m pipeline bench",
        f"--sizes {','.join(str(size) for size in args.sizes)}",
        f"--formats {','.join(args.formats)}",
        f"--stages {','.join(args.stages)}",
        "--example" if args.example else "--no-example",
        f"--out {args.out}",
    ]
    return " ".join(parts)


def main(args: argparse.Namespace) -> int:
    measurements: list[Measurement] = []
    with tempfile.TemporaryDirectory(prefix="pipeline-bench-") as tmp:
        base = args.keep or Path(tmp)
        for size in args.sizes:
            for export_format in args.formats:
                if export_format == "xlsx" and size > XLSX_MAX:
                    continue
                print(f"{export_format}, {fmt.integer(size)} respondenter …", file=sys.stderr)
                work = base / f"{export_format}-{size}"
                if work.exists():
                    shutil.rmtree(work)
                measurements += bench_size(size, export_format, work, args.stages)
                if args.keep is None:
                    shutil.rmtree(work)
        if args.example:
            print("Eksempelstudien med make …", file=sys.stderr)
            work = base / "example"
            if work.exists():
                shutil.rmtree(work)
            work.mkdir(parents=True)
            measurements += bench_example(work)
    if not measurements:
        raise PipelineError("Ingenting å måle: ingen størrelse passer formatene som er valgt.")
    text = markdown(table_rows(measurements), command=command_line(args))
    print(text)
    write_text(args.out, text)
    return 0 if all(m.ok for m in measurements) else 1
