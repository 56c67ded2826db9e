"""Without chromium or poppler-utils, «make test» says in one line what was not tested and how to
install it; in CI (REQUIRE_SYSTEM_TOOLS=1) the same missing tool is a failure."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Only the virtual environment's programs: pdfinfo, pdftotext and chromium are not found.
BARE_PATH = str(Path(sys.executable).parent)
ONE_TEST = "tests/test_report_check.py::test_pdf_info_on_a_broken_pdf_is_a_user_error"


def _pytest(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", ONE_TEST],
        cwd=ROOT,
        env={**os.environ, "PATH": BARE_PATH, "REQUIRE_SYSTEM_TOOLS": "0", **env},
        capture_output=True,
        text=True,
    )


def test_missing_tool_is_one_line_naming_the_package_and_the_install_command():
    run = _pytest()
    assert run.returncode == 0, run.stdout
    lines = [line for line in run.stdout.splitlines() if line.startswith("IKKE TESTET")]
    assert lines == [
        "IKKE TESTET: 1 test (nettleser og PDF-tekst) trenger poppler-utils, som ikke er "
        "installert. Installer med: sudo apt-get install poppler-utils"
    ]


def test_missing_tool_fails_when_system_tools_are_required():
    run = _pytest(REQUIRE_SYSTEM_TOOLS="1")
    assert run.returncode == 1
    assert "REQUIRE_SYSTEM_TOOLS=1" in run.stdout
