"""``runner.fixedcost``: the fixed cost of tier 2 the last run paid, kept beside the disk
cache for the next run's bet (``TierPolicy.wait``)."""

from __future__ import annotations

from pathlib import Path

from mettajit.config import Settings
from mettajit.runner import fixedcost


def _on(folder: Path) -> Settings:
    return Settings().with_(jit_cache=True, jit_cache_dir=str(folder))


def test_what_one_run_writes_the_next_reads(tmp_path: Path) -> None:
    s = _on(tmp_path)
    assert fixedcost.read(s) is None  # no run has paid it yet
    fixedcost.write(s, 0.0425)
    assert fixedcost.read(s) == 0.0425
    fixedcost.write(s, 0.031)  # the newest wins
    assert fixedcost.read(s) == 0.031
    assert [p.name for p in tmp_path.iterdir()] == [fixedcost.NAME]  # no temporary left


def test_no_estimate_without_the_cache_or_from_a_bad_file(tmp_path: Path) -> None:
    off = Settings().with_(jit_cache=False, jit_cache_dir=str(tmp_path))
    fixedcost.write(off, 0.05)
    assert fixedcost.read(off) is None and not list(tmp_path.iterdir())
    s = _on(tmp_path)
    for text in ("", "fast\n", "-1\n", "1e9\n", "\xff"):
        (tmp_path / fixedcost.NAME).write_text(text, encoding="latin-1")
        assert fixedcost.read(s) is None, text


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    s = _on(blocker / "below")  # its parent is a file: mkdir fails
    fixedcost.write(s, 0.05)
    assert fixedcost.read(s) is None
