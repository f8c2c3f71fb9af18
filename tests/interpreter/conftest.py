"""The ``run`` fixture: run a MeTTa program on tier 0 and print each ``!`` query's
results the way the reference runner prints them (``[a, b]``), one line per query, so
expectations are copied from the oracle's output (hyperon-experimental 0.2.10)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mettajit.atoms.printer import format_atom
from mettajit.runner import MeTTa


def _run(text: str) -> list[str]:
    return ["[" + ", ".join(format_atom(a) for a in rs) + "]" for rs in MeTTa().run(text)]


@pytest.fixture
def run() -> Callable[[str], list[str]]:
    return _run
