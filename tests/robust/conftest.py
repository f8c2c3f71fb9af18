"""The counts of the reader/evaluator fuzz (``test_no_internal_error``), printed at the end
of the session: how many inputs ran, how many ran out of their time, internal errors (any
of which fails its test)."""

from __future__ import annotations

import pytest

# what the fuzz tests ran (they add to it); see ``pytest_terminal_summary``
FUZZ: dict[str, int] = {"texts": 0, "programs": 0, "queries": 0, "timeouts": 0,
                        "syntax_errors": 0, "internal_errors": 0}


@pytest.fixture(scope="session")
def fuzz_counts() -> dict[str, int]:
    return FUZZ


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if FUZZ["texts"] or FUZZ["programs"]:
        terminalreporter.write_line(
            "reader/evaluator fuzz: {texts} texts and {programs} programs run ({queries} "
            "queries; {syntax_errors} syntax errors, {timeouts} out of time); internal "
            "errors: {internal_errors}".format(**FUZZ))
