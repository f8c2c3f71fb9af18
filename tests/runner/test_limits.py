"""A runaway recursion is an Error value on every tier, and the run goes on."""

from __future__ import annotations

import pytest

from mettajit.config import Settings
from mettajit.runner import MeTTa

PROGRAM = """
(= (loop $x) (+ 1 (loop $x)))
(= (deep $n) (if (== $n 0) 0 (+ 1 (deep (- $n 1)))))
!(loop 0)
!(deep 500)
!(+ 1 2)
"""


@pytest.mark.parametrize("tier", ["0", "1", "2", "auto"])
def test_stack_overflow_is_an_error_value(tier: str) -> None:
    m = MeTTa(Settings().with_(tier=tier, max_depth=2000))
    out = [[str(a) for a in r] for r in m.run(PROGRAM)]
    assert out == [["(Error (loop 0) (StackOverflow 2000))"], ["500"], ["3"]]
