"""The ``run`` fixture: run a MeTTa program on a runner's default tier (``support.run``) and
print each ``!`` query's results the way the reference runner prints them (``[a, b]``), one
line per query, so expectations are copied from the oracle's output (hyperon-experimental
0.2.10)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import support


def _run(text: str) -> list[str]:
    return support.run(support.DEFAULT_TIER, text).lines()


@pytest.fixture
def run() -> Callable[[str], list[str]]:
    return _run
