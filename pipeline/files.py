"""File handling that protects the evidence: atomic writes and raw-file checksums.

Outputs are written to a temporary file beside the target and renamed into
place, so a run that fails leaves the last good output untouched. Raw inputs are
hashed before and after a run to prove they were not changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError


def sha256_file(path: Path) -> str:
    """SHA-256 of a file, as hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` on success.

    On an exception the temporary file is removed and ``target`` is left as it was.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target)
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(target), suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        # mkstemp creates 0600 files; outputs are meant to be read and shared like any other file
        os.chmod(tmp_path, 0o666 & ~_umask())
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


@contextlib.contextmanager
def atomic_dir(target: Path) -> Iterator[Path]:
    """Yield an empty temporary folder beside ``target``; it replaces ``target`` on success.

    For outputs that are a set of files read together (the figures and their
    index): a run that fails part-way leaves the previous set whole, never new
    files mixed with old ones.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()) / "figures"
    >>> with atomic_dir(folder) as tmp:
    ...     _ = (tmp / "a.svg").write_text("<svg/>")
    >>> sorted(p.name for p in folder.iterdir())
    ['a.svg']
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target)
    tmp = Path(tempfile.mkdtemp(prefix=_temp_prefix(target), suffix=".tmp", dir=target.parent))
    try:
        yield tmp
        os.chmod(tmp, 0o777 & ~_umask())
        old = None
        if target.exists():
            old = Path(
                tempfile.mkdtemp(prefix=_temp_prefix(target), suffix=".old", dir=target.parent)
            )
            os.replace(target, old / target.name)
        os.replace(tmp, target)
        if old is not None:
            shutil.rmtree(old)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)


def _temp_prefix(target: Path) -> str:
    """``.<name>.<pid>.``: temporary files say which process made them, so a later run can
    tell the leftovers of a killed run from the files of a run still going."""
    return f".{target.name}.{os.getpid()}."


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def remove_leftovers(target: Path) -> list[Path]:
    """Remove temporary files and folders beside ``target`` that a killed run left behind.

    A run killed while writing (``kill -9``, power cut) cannot clean up after itself:
    ``.rapport.pdf.<pid>.<random>.tmp`` or ``.figures.<pid>.<random>.tmp/`` stay in
    ``reports/``. They are removed the next time ``target`` is written, unless the
    process that made them is still running. Returns what was removed.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / ".rapport.pdf.999999999.abc.tmp").write_bytes(b"%PDF")
    >>> [p.name for p in remove_leftovers(folder / "rapport.pdf")]
    ['.rapport.pdf.999999999.abc.tmp']
    """
    target = Path(target)
    if not target.parent.is_dir():
        return []
    removed = []
    prefix = f".{target.name}."
    for path in sorted(target.parent.iterdir()):
        name = path.name
        if not name.startswith(prefix) or not name.endswith((".tmp", ".old")):
            continue
        owner = name[len(prefix) :].split(".", 1)[0]
        if owner.isdigit() and _alive(int(owner)):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text(target: Path, text: str) -> None:
    """Write UTF-8 ``text`` to ``target`` atomically."""
    write_bytes(target, text.encode("utf-8"))


def write_json(target: Path, obj: Any) -> None:
    """Write ``obj`` as stable, pretty JSON (sorted keys, UTF-8) atomically."""
    text = json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False)
    write_text(target, text + "\n")


def write_with(target: Path, writer: Callable[[Path], None]) -> None:
    """Call ``writer(tmp_path)`` and move the result onto ``target`` atomically."""
    with atomic_path(target) as tmp:
        writer(tmp)


@contextlib.contextmanager
def raw_untouched(*paths: Path) -> Iterator[None]:
    """Check that raw input files have the same SHA-256 after the block as before.

    Raises
    ------
    PipelineError
        If any file changed while the block ran.
    """
    before = {p: sha256_file(p) for p in paths if Path(p).is_file()}
    yield
    for path, digest in before.items():
        if sha256_file(path) != digest:
            raise PipelineError(
                "Rådatafilen ble endret mens kjøringen pågikk. Rådata skal aldri endres.",
                file=path,
                hint="Hent en ny kopi av eksporten og kjør på nytt.",
            )
