"""The golden corpus on every tier: one case per ``corpus/*.metta`` file and tier (0, 1, 2,
auto), each run once.

Files are discovered by glob (never a hand-kept list). Each runs in-process through
``MeTTa.run_file`` (as ``mettajit run`` does, minus the process start-up); its result lines
are compared with ``NAME.expected`` by the same multiset/``@unordered`` rules as
``shared/tools/metta_conform.py`` (``mettajit.cli.compare``), and on tiers 1, 2 and auto with
the tree-walker's own lines on the same file (``support.check_golden``).

``KNOWN_FAILURES`` lists what a tier cannot run yet. It may only shrink: each entry is a
strict xfail, so a case that starts passing fails the run until its entry is removed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support import check_golden, check_known_failures, golden_cases, golden_files, time_limit

CORPUS = Path(__file__).parent / "corpus"
SECONDS_PER_FILE = 60

# (tier, file stem) -> why that tier cannot run that file yet. Only ever remove entries.
KNOWN_FAILURES: dict[tuple[str, str], str] = {}


def test_corpus_is_not_empty() -> None:
    files = golden_files(CORPUS)
    assert len(files) >= 20
    assert all(f.with_suffix(".expected").exists() for f in files)


def test_known_failures_name_real_cases() -> None:
    check_known_failures(CORPUS, KNOWN_FAILURES)


@pytest.mark.parametrize(("path", "tier"), golden_cases(CORPUS, KNOWN_FAILURES))
def test_corpus_file(path: Path, tier: str) -> None:
    with time_limit(SECONDS_PER_FILE):  # fail a case instead of hanging the suite
        check_golden(path, tier)
