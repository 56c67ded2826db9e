"""Print each make stage's Python sources, derived from the import graph (a make include file).

    python3 tools/stagedeps.py INGEST_SRC=pipeline.ingest ANALYSIS_SRC=pipeline.analysis.run …

For each ``NAME=entry`` it follows the ``pipeline`` imports of ``entry`` (a
module name, or a ``.py`` file such as a notebook) transitively, including
imports inside functions and the ``__init__.py`` of every package on the way,
and prints ``NAME := <files>``. The Makefile includes the output, so touching a
module re-runs exactly the stages that import it. Standard library only: it
runs before the virtual environment exists.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = "pipeline"


def module_file(root: Path, name: str) -> Path | None:
    """The file of a module name under ``root`` (``a.b`` → a/b.py or a/b/__init__.py)."""
    base = root.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(root: Path, path: Path) -> set[str]:
    """Every ``pipeline`` module a file imports, anywhere in it (absolute or relative)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    here = module_name(root, path) if path.is_relative_to(root / PACKAGE) else ""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = here.split(".")
                anchor = parts if is_package else parts[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            # «from pipeline.report import sentences» imports a submodule
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return {n for n in names if n == PACKAGE or n.startswith(f"{PACKAGE}.")}


def closure(root: Path, entry: str) -> set[Path]:
    """The files an entry point runs: its imports, transitively, with their packages."""
    start = root / entry if entry.endswith(".py") else module_file(root, entry)
    if start is None or not start.is_file():
        raise SystemExit(f"stagedeps: no module or file {entry!r}")
    seen: set[Path] = set()
    todo = [start]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for name in imported(root, path):
            parts = name.split(".")
            for i in range(1, len(parts) + 1):  # packages run their __init__ first
                found = module_file(root, ".".join(parts[:i]))
                if found is not None and found not in seen:
                    todo.append(found)
    return seen


def main(argv: list[str]) -> int:
    root = Path.cwd()
    for arg in argv:
        name, _, entries = arg.partition("=")
        files: set[Path] = set()
        for entry in filter(None, entries.split(",")):
            files |= closure(root, entry)
        listed = " ".join(sorted(str(f.relative_to(root)) for f in files))
        print(f"{name} := {listed}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
