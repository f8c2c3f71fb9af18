"""The golden corpus on every tier: one case per ``corpus/*.metta`` file and tier.

Files are discovered by glob (never a hand-kept list). Each runs in-process through
``MeTTa.run_file`` (as ``mettajit run`` does, minus the process start-up) and its result lines
are compared with ``NAME.expected`` by the same multiset/``@unordered`` rules as
``shared/tools/metta_conform.py`` (``mettajit.cli.compare``).

``KNOWN_FAILURES`` lists what a tier cannot run yet. It may only shrink: each entry is a
strict xfail, so a case that starts passing fails the run until its entry is removed.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from mettajit.cli.compare import run_golden
from mettajit.config import Settings

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(CORPUS.glob("*.metta"))
TIERS = ("0", "1", "2")
SECONDS_PER_FILE = 60

# (tier, file stem) -> why that tier cannot run that file yet. Only ever remove entries.
KNOWN_FAILURES: dict[tuple[str, str], str] = {}


def test_corpus_is_not_empty() -> None:
    assert len(FILES) >= 20
    assert all(f.with_suffix(".expected").exists() for f in FILES)


def test_known_failures_name_real_cases() -> None:
    stems = {f.stem for f in FILES}
    for tier, stem in KNOWN_FAILURES:
        assert tier in TIERS and stem in stems, (tier, stem)


def cases() -> list[object]:
    out: list[object] = []
    for path in FILES:
        for tier in TIERS:
            reason = KNOWN_FAILURES.get((tier, path.stem))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            out.append(pytest.param(path, tier, marks=marks, id=f"tier{tier}-{path.stem}"))
    return out


@pytest.fixture
def time_limit() -> Iterator[None]:
    """Fail a case that runs longer than SECONDS_PER_FILE instead of hanging the suite."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"took longer than {SECONDS_PER_FILE} s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, SECONDS_PER_FILE)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize(("path", "tier"), cases())
def test_corpus_file(path: Path, tier: str, settings: Settings, time_limit: None) -> None:
    _, problems = run_golden(path, settings.with_(tier=tier))
    assert not problems, f"{path.name} on tier {tier}:\n" + "\n".join(problems)
