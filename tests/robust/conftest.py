"""The counts of the reader/evaluator fuzz (``test_no_internal_error``), printed at the end
of the session: how many inputs ran, how many ran out of their time, internal errors (any
of which fails its test)."""

from __future__ import annotations

from pathlib import Path

import pytest

# what the fuzz tests ran (they add to it); see ``pytest_terminal_summary``
FUZZ: dict[str, int] = {"texts": 0, "programs": 0, "queries": 0, "timeouts": 0,
                        "syntax_errors": 0, "internal_errors": 0}


@pytest.fixture(scope="session")
def fuzz_counts() -> dict[str, int]:
    return FUZZ


@pytest.fixture(scope="session")
def fuzz_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the fuzz's programs run: a file (never written) in an empty folder."""
    return tmp_path_factory.mktemp("fuzz") / "fuzz.metta"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if FUZZ["texts"] or FUZZ["programs"]:
        terminalreporter.write_line(
            "reader/evaluator fuzz: {texts} texts and {programs} programs run ({queries} "
            "queries; {syntax_errors} syntax errors, {timeouts} out of time); internal "
            "errors: {internal_errors}".format(**FUZZ))
