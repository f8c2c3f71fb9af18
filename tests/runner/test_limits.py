"""A runaway recursion is an Error value on every tier, and the run goes on."""

from __future__ import annotations

import pytest

from support import DEFAULT_TIER, run

PROGRAM = """
(= (loop $x) (+ 1 (loop $x)))
(= (deep $n) (if (== $n 0) 0 (+ 1 (deep (- $n 1)))))
!(loop 0)
!(deep 500)
!(+ 1 2)
"""


@pytest.mark.parametrize("tier", ["0", "1", "2", "auto"])
def test_stack_overflow_is_an_error_value(tier: str) -> None:
    assert run(tier, PROGRAM, max_depth=2000) == [
        ["(Error (loop 0) (StackOverflow 2000))"], ["500"], ["3"]]


def test_tune_gc_raises_never_lowers_and_zero_leaves_it() -> None:
    import gc

    from mettajit.runner.metta import tune_gc

    saved = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        tune_gc(20_000)
        assert gc.get_threshold() == (20_000, 10, 10)
        tune_gc(5_000)  # never lowered
        assert gc.get_threshold()[0] == 20_000
        gc.set_threshold(700, 10, 10)
        tune_gc(0)  # the setting 0: the process's own threshold stays
        assert gc.get_threshold()[0] == 700
        gc.set_threshold(0, 10, 10)  # a disabled collector stays disabled
        tune_gc(20_000)
        assert gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*saved)


def test_the_first_evaluation_applies_the_gc_setting() -> None:
    import gc

    saved = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        run(DEFAULT_TIER, "!(+ 1 2)", gc_gen0=0)
        assert gc.get_threshold()[0] == 700
        run(DEFAULT_TIER, "!(+ 1 2)", gc_gen0=12_345)
        assert gc.get_threshold()[0] == 12_345
    finally:
        gc.set_threshold(*saved)
