"""Run the analysts' notebooks headless and save each as HTML: ``make notebooks``.

``python -m pipeline notebooks --study studies/<id> --processed data/processed
--out reports/notebooks`` reads every ``notebooks/*.py`` (jupytext percent
format) in name order, executes it in a fresh ``python3`` kernel of this
interpreter with ``notebooks/`` as the working directory, and writes
``<out>/<name>.html``. The study and folders are passed to the kernel as
``PIPELINE_STUDY``, ``PIPELINE_PROCESSED`` and ``PIPELINE_RAW``, which
:func:`pipeline.workspace.open_study` reads as its defaults.

A notebook that fails stops the run with a Norwegian message naming the
notebook and the cell; the HTML of notebooks run before it is kept. Timing
metadata is not recorded, so the same data give the same HTML.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import nbformat

from pipeline.errors import PipelineError
from pipeline.files import write_text
from pipeline.workspace import (
    ENV_PROCESSED,
    ENV_RAW,
    ENV_STUDY,
    open_study,
)

NOTEBOOK_DIR = Path(__file__).resolve().parents[1] / "notebooks"
KERNEL = (
    "python3"  # jupyter_client starts a kernelspec whose argv[0] is "python" with sys.executable
)
TIMEOUT = 600  # seconds per cell


@dataclass(frozen=True)
class CellError:
    """Where a notebook failed: the cell's number (1-based, all cells counted) and its first line."""

    index: int
    first_line: str


def notebook_paths(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The notebooks to run: ``*.py`` in ``folder``, in name order."""
    return sorted(Path(folder).glob("*.py"))


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """A jupytext percent-format ``.py`` file as a notebook."""
    import jupytext

    nb = jupytext.read(Path(path), fmt="py:percent")
    for i, cell in enumerate(nb.cells, start=1):
        cell.id = f"celle-{i}"  # nbformat draws random ids; fixed ones keep the HTML stable
    return nb


def kernel_environment(study: Path, processed: Path, raw: Path | None = None) -> dict[str, str]:
    """The kernel's environment: this process's, plus the study and folders as absolute paths."""
    env = dict(os.environ)
    env[ENV_STUDY] = str(Path(study).resolve())
    env[ENV_PROCESSED] = str(Path(processed).resolve())
    if raw is not None:
        env[ENV_RAW] = str(Path(raw).resolve())
    # a notebook's own figures are drawn by the inline backend, never on a display
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # silences a debugger warning per kernel
    return env


def execute(
    path: Path, study: Path, processed: Path, raw: Path | None = None
) -> nbformat.NotebookNode:
    """Read and execute one notebook; return it with its outputs.

    Raises
    ------
    PipelineError
        When a cell fails: the notebook, the cell and the error, in Norwegian.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    from traitlets.config import Config

    path = Path(path)
    nb = read_notebook(path)
    current: list[int] = []

    def remember(cell: nbformat.NotebookNode, cell_index: int) -> None:
        current[:] = [cell_index]

    config = Config()
    # CurveZMQ between client and kernel, as the kernelspec offers (and ipykernel warns without it)
    config.KernelManager.transport_encryption = "auto"
    client = NotebookClient(
        nb,
        config=config,
        timeout=TIMEOUT,
        kernel_name=KERNEL,
        record_timing=False,
        # a busy machine splits one print into several stream messages; merged, the page is
        # the same however the kernel's output was chunked
        coalesce_streams=True,
        resources={"metadata": {"path": str(path.parent)}},
        on_cell_execute=remember,
    )
    try:
        client.execute(env=kernel_environment(study, processed, raw))
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        where = _cell(nb, current[0]) if current else None
        cell = f"celle {where.index} («{where.first_line}»)" if where else "en celle"
        what = _error_text(exc)
        raise PipelineError(
            f"Notatboka stoppet i {cell}: {what}",
            file=path,
            hint="Åpne notatboka med «make lab» og kjør cellene én for én for å se hele feilen.",
        ) from exc
    _strip_volatile(nb)
    return nb


def _cell(nb: nbformat.NotebookNode, index: int) -> CellError:
    lines = [line.strip() for line in nb.cells[index].source.splitlines()]
    # the first line of code, not a magic or a comment, is how the analyst finds the cell
    code = [line for line in lines if line and not line.startswith(("%", "#"))]
    first = code[0] if code else ""
    return CellError(index + 1, first if len(first) <= 80 else first[:77] + "…")


def _error_text(exc: Exception) -> str:
    ename = getattr(exc, "ename", None)
    if ename:
        return f"{ename}: {getattr(exc, 'evalue', '')}".strip()
    if type(exc).__name__ == "CellTimeoutError":
        return f"cellen brukte mer enn {TIMEOUT} sekunder."
    return f"kjernen stoppet uventet ({type(exc).__name__})."


def _strip_volatile(nb: nbformat.NotebookNode) -> None:
    """Drop what differs between runs of the same notebook on the same data."""
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if "outputs" in cell:
            cell.outputs = [o for o in cell.outputs if not _is_kernel_noise(o)]
    nb.metadata.pop("widgets", None)


def _is_kernel_noise(output: nbformat.NotebookNode) -> bool:
    """ipykernel's own complaint on a loaded machine, not output of the notebook's code."""
    return (
        output.get("output_type") == "stream"
        and output.get("name") == "stderr"
        and output.get("text", "").strip() == "IOStream.flush timed out"
    )


# nbconvert's «lab» page loads require.js, MathJax and Mermaid from a CDN; the notebooks use
# none of them, and a page about survey data must open without contacting anyone.
_OFFLINE_TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""


def to_html(nb: nbformat.NotebookNode) -> str:
    """The executed notebook as one self-contained HTML page: figures and images inlined,
    no scripts or styles fetched from the network."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        template_file="offline.html.j2",
        extra_loaders=[DictLoader({"offline.html.j2": _OFFLINE_TEMPLATE})],
        embed_images=True,
    )
    body, _ = exporter.from_notebook_node(nb)
    return body


def run(
    study: Path,
    processed: Path,
    out: Path,
    raw: Path | None = None,
    notebooks: Sequence[Path] | None = None,
) -> list[Path]:
    """Execute every notebook and write ``<out>/<name>.html``; return the files written."""
    paths = notebook_paths() if notebooks is None else list(notebooks)
    if not paths:
        raise PipelineError("Fant ingen notatbøker.", file=NOTEBOOK_DIR)
    open_study(
        study, processed, raw=raw
    )  # missing data: one clear message before any kernel starts
    written = []
    for path in paths:
        nb = execute(path, study, processed, raw)
        target = Path(out) / f"{Path(path).stem}.html"
        write_text(target, to_html(nb))
        print(f"{Path(path).name} → {target}")
        written.append(target)
    return written


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from pipeline.cli import add_common_arguments

    add_common_arguments(parser)
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="hvor HTML-filene skrives (standard: <reports>/notebooks)",
    )
    parser.add_argument(
        "notebooks",
        nargs="*",
        type=Path,
        help="notatbøkene som skal kjøres (standard: alle i notebooks/)",
    )


def main(args: argparse.Namespace) -> int:
    """``python -m pipeline notebooks``: 0 on success (a failing notebook is a PipelineError)."""
    out = args.reports / "notebooks" if args.out is None else args.out
    run(args.study, args.processed, out, args.raw, args.notebooks or None)
    return 0
