"""The vendored copies equal their source in ``../shared`` (when it is there), so drift shows.

``tests/conformance/corpus/`` is a copy of ``shared/conformance/`` and the benchmark programs
packaged with the command (``src/mettajit/cli/bench_programs/``, package data, so that
``mettajit bench programs`` works from a wheel) a copy of ``shared/bench/``. On a machine
without ``../shared`` these tests are skipped.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
COPIES = [
    (REPO / "tests" / "conformance" / "corpus", SHARED / "conformance"),
    (REPO / "src" / "mettajit" / "cli" / "bench_programs", SHARED / "bench"),
]


def copied_files(folder: Path) -> dict[str, bytes]:
    """Every program and expected output of a copy, stray ones too (what a copy must hold;
    the golden programs of a folder are ``support.golden_files``)."""
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.suffix in (".metta", ".expected")
    }


@pytest.mark.parametrize(("copy", "source"), COPIES, ids=lambda p: p.name)
def test_vendored_copy_equals_shared(copy: Path, source: Path) -> None:
    if not source.is_dir():
        pytest.skip(f"{source} is not here")
    ours, theirs = copied_files(copy), copied_files(source)
    assert sorted(ours) == sorted(theirs), f"file lists differ; copy {source} again"
    changed = [name for name in ours if ours[name] != theirs[name]]
    assert not changed, f"changed in {source}: {changed}; copy them again"
