"""``make preview``: the HTML report in the browser, rebuilt and reloaded as the revisor writes.

``python -m pipeline preview --study studies/<studie>`` serves
``reports/`` on http://127.0.0.1:8000/rapport.html with livereload (a
maintained server that watches files and tells the open page to reload over a
websocket), and watches the study folder:

- a changed text (``texts/*.md``) or ``report.yaml`` renders the HTML again in
  this process, where the modules are already imported (well under a second on
  the example, see ``make bench``);
- any other changed file (``study.yaml``, ``codebook.yaml``, ``analysis.yaml``
  …) runs ``make html`` for the study, so the stages that depend on it run
  again first.

A failed rebuild prints its Norwegian message and keeps the last good page.
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from pipeline import cli

POLL_MS = 150  # how often the study folder is looked at (livereload's own poll is 800 ms)
TEXT_FILES = ("report.yaml",)


def _snapshot(folder: Path) -> dict[Path, float]:
    return {p: p.stat().st_mtime for p in folder.rglob("*") if p.is_file()}


def only_texts(changed: Sequence[Path], study: Path) -> bool:
    """True when every changed file is a text or ``report.yaml``: HTML alone needs rendering.

    >>> only_texts([Path("s/texts/bakgrunn.md")], Path("s")), only_texts([Path("s/codebook.yaml")], Path("s"))
    (True, False)
    """
    return bool(changed) and all(
        p.name in TEXT_FILES or Path(p).relative_to(study).parts[0] == "texts" for p in changed
    )


class Rebuilder:
    """Builds the HTML again for what changed in the study folder since the last build."""

    def __init__(
        self,
        study: Path,
        stage_args: list[str],
        make_args: list[str],
        log: Callable[[str], None] = print,
    ) -> None:
        self.study = Path(study)
        self.stage_args = stage_args
        self.make_args = make_args
        self.log = log
        self.seen = _snapshot(self.study)

    def __call__(self, *_: object) -> None:
        now = _snapshot(self.study)
        changed = sorted(p for p in set(now) | set(self.seen) if now.get(p) != self.seen.get(p))
        self.seen = now
        if not changed:
            return
        names = ", ".join(str(p.relative_to(self.study)) for p in changed)
        if only_texts(changed, self.study):
            code = cli.main(self.stage_args)
        else:
            code = subprocess.run(["make", "html", *self.make_args], check=False).returncode
        self.log(
            f"Endret: {names} → "
            + (
                "rapporten er oppdatert."
                if code == 0
                else "feil, se over; siden viser forrige versjon."
            )
        )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_common_arguments(parser)
    parser.add_argument("--port", type=int, default=8000, help="porten (standard: 8000)")
    parser.add_argument(
        "--host", default="127.0.0.1", help="adressen (standard: 127.0.0.1, bare denne maskinen)"
    )
    parser.add_argument(
        "--open", action="store_true", help="åpne rapporten i nettleseren når serveren starter"
    )


def serve(args: argparse.Namespace) -> None:
    """Build the HTML if missing, then serve ``reports/`` and rebuild on every change (blocks)."""
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from tornado import ioloop

    study, paths = cli.study_and_paths(args)
    common = ["--study", str(args.study), "--raw", str(args.raw)]
    common += ["--processed", str(paths.processed), "--reports", str(paths.reports)]
    stage_args = ["report", *common, "--format", "html"]
    make_args = [f"STUDY={args.study}", f"PROCESSED={paths.processed}", f"REPORTS={paths.reports}"]
    if not (paths.reports / "rapport.html").is_file():
        subprocess.run(["make", "html", *make_args], check=False)
    rebuild = Rebuilder(Path(args.study), stage_args, make_args)
    server = Server()
    server.watch(str(args.study), rebuild)
    # livereload polls every 800 ms; a shorter poll keeps an edit under a second from the page.
    ioloop.IOLoop.current().add_callback(
        lambda: ioloop.PeriodicCallback(LiveReloadHandler.poll_tasks, POLL_MS).start()
    )
    print(
        f"Forhåndsvisning: http://{args.host}:{args.port}/rapport.html "
        f"(lages på nytt når en fil i {args.study} endres; Ctrl+C avslutter)",
        flush=True,
    )
    server.serve(
        host=args.host,
        port=args.port,
        root=str(paths.reports),
        default_filename="rapport.html",
        open_url_delay=0 if args.open else None,
    )


def free_port() -> int:
    """A free TCP port on 127.0.0.1 (for tests and the benchmark)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    """The page at ``url`` ("" when the server does not answer yet)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (127.0.0.1 only)
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(url: str, contains: str, timeout: float) -> float:
    """Poll ``url`` until the page contains ``contains``; the seconds it took.

    Raises ``TimeoutError`` after ``timeout`` seconds.
    """
    start = time.perf_counter()
    while contains not in fetch(url):
        if time.perf_counter() - start > timeout:
            raise TimeoutError(f"{url} did not show {contains!r} within {timeout} s")
        time.sleep(0.02)
    return time.perf_counter() - start


@contextlib.contextmanager
def running(args: Sequence[str], *, cwd: Path, timeout: float = 120.0) -> Iterator[str]:
    """The preview server started with ``args`` on a free port; yields the page's URL.

    Waits (at most ``timeout`` s) until the page answers; the server is stopped
    afterwards, whatever happens.
    """
    port = free_port()
    command = [sys.executable, "-m", "pipeline", "preview", *args, "--port", str(port)]
    server = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}/rapport.html"
    try:
        wait_for(url, "</html>", timeout)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def edit_to_page(url: str, text_file: Path, marker: str, timeout: float = 30.0) -> float:
    """Add ``marker`` to a study text; seconds until the served page shows it."""
    text_file = Path(text_file)
    text_file.write_text(
        text_file.read_text(encoding="utf-8") + f"\n\n{marker}\n", encoding="utf-8"
    )
    return wait_for(url, marker, timeout)


def main(args: argparse.Namespace) -> int:
    """Serve until stopped (Ctrl+C): ``python -m pipeline preview``."""
    try:
        serve(args)
    except KeyboardInterrupt:
        return 0
    return 0
