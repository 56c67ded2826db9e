"""Atomic outputs: a failed write leaves the last good output as it was."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from pipeline.files import atomic_dir, write_text, write_with


def test_failed_write_keeps_the_previous_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "results.json"
    write_text(target, "gammel")

    def half_written(tmp: Path) -> None:
        tmp.write_text("halv")
        raise RuntimeError("stoppet midt i")

    with pytest.raises(RuntimeError):
        write_with(target, half_written)
    assert target.read_text(encoding="utf-8") == "gammel"
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]


def test_written_files_are_readable_by_others(tmp_path: Path) -> None:
    target = tmp_path / "rapport.html"
    write_text(target, "<p>rapport</p>")
    assert target.stat().st_mode & stat.S_IROTH


def test_atomic_dir_replaces_the_whole_folder_on_success(tmp_path: Path) -> None:
    target = tmp_path / "figures"
    target.mkdir()
    (target / "gammel.svg").write_text("<svg/>")
    with atomic_dir(target) as tmp:
        (tmp / "ny.svg").write_text("<svg/>")
    assert sorted(p.name for p in target.iterdir()) == ["ny.svg"]
    assert [p.name for p in tmp_path.iterdir()] == ["figures"]


def test_atomic_dir_failure_part_way_keeps_the_previous_set_whole(tmp_path: Path) -> None:
    target = tmp_path / "figures"
    target.mkdir()
    (target / "a.svg").write_text("gammel a")
    (target / "index.json").write_text("gammel indeks")
    with pytest.raises(RuntimeError), atomic_dir(target) as tmp:
        (tmp / "a.svg").write_text("ny a")
        raise RuntimeError("figur 2 feilet")
    assert (target / "a.svg").read_text() == "gammel a"
    assert (target / "index.json").read_text() == "gammel indeks"
    assert [p.name for p in tmp_path.iterdir()] == ["figures"]


def test_atomic_dir_creates_a_folder_that_did_not_exist(tmp_path: Path) -> None:
    target = tmp_path / "reports" / "figures"
    with atomic_dir(target) as tmp:
        (tmp / "index.json").write_text("[]")
    assert (target / "index.json").read_text() == "[]"
    assert target.stat().st_mode & stat.S_IROTH


def test_leftovers_of_a_killed_run_are_removed_but_not_those_of_a_running_one(tmp_path):
    dead = tmp_path / ".rapport.pdf.999999999.abcd.tmp"
    old_style = tmp_path / ".rapport.pdf.k3j2h1.tmp"  # written before temp names carried a pid
    running = tmp_path / f".rapport.pdf.{os.getpid()}.efgh.tmp"
    folder = tmp_path / ".figures.999999999.ijkl.tmp"
    for path in (dead, old_style, running):
        path.write_bytes(b"%PDF half")
    folder.mkdir()
    write_text(tmp_path / "rapport.pdf", "ny")
    assert not dead.exists() and not old_style.exists()
    assert running.exists()  # this process is still alive: its file is not a leftover
    assert folder.exists()  # another target's leftovers wait for that target's next write
    with atomic_dir(tmp_path / "figures") as tmp:
        (tmp / "index.json").write_text("[]")
    assert not folder.exists()
