"""The tier policy: hotness thresholds, invalidation on rule changes, auto promotion."""

from __future__ import annotations

import support
from mettajit.config import Settings

FIB = "(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))"


make = support.tiering  # (interpreter, tiering) holding the rules
ev = support.evaluate  # one query's printed results, sorted


def test_auto_compiles_after_threshold() -> None:
    interp, t = make("auto", FIB, tier1_trial=0)  # by calls alone (no trials)
    assert ev(t, "(fib 15)") == ["610"]
    c = interp.stats.counters
    assert c["tier1.units.compiled"] == 1
    assert c["tier0.unit_calls"] == Settings().tier1_threshold
    assert c["tier1.entries"] >= 1


def test_auto_compiles_a_long_call_after_its_trial() -> None:
    interp, t = make("auto", FIB)
    assert ev(t, "(fib 15)") == ["610"]
    c = interp.stats.counters
    assert c["tier1.units.compiled"] == 1
    assert c["tier0.trials.restarted"] == 1
    assert c["tier0.unit_calls"] <= Settings().tier1_trial + 1


def test_tier0_never_compiles() -> None:
    interp, t = make("0", FIB)
    assert ev(t, "(fib 10)") == ["55"]
    assert interp.stats.counters["tier1.units.compiled"] == 0


def test_adding_a_rule_invalidates_the_unit() -> None:
    interp, t = make("1", "(= (g) 1)")
    assert ev(t, "(g)") == ["1"]
    assert ev(t, "(let $_ (add-atom &self (= (g) 2)) (g))") == ["1", "2"]
    assert interp.stats.counters["tier1.invalidations"] >= 1
    assert ev(t, "(let $_ (remove-atom &self (= (g) 1)) (g))") == ["2"]


def test_typed_functions_keep_their_checks() -> None:
    _, t = make("1", "(: inc (-> Number Number))", "(= (inc $x) (+ $x 1))")
    assert ev(t, "(inc 1)") == ["2"]
    assert ev(t, '(inc "a")') == ['(Error (inc "a") (BadArgType 1 Number String))']


def test_deep_tail_recursion_is_flat() -> None:
    _, t = make("1", "(= (loop $n) (if (== $n 0) done (loop (- $n 1))))")
    assert ev(t, "(loop 200000)") == ["done"]


def test_fib_tier1_faster_than_tier0_side_by_side() -> None:
    import time

    times = {}
    for tier in ("0", "1"):
        _, t = make(tier, FIB)
        t0 = time.perf_counter()
        assert ev(t, "(fib 18)") == ["2584"]
        times[tier] = time.perf_counter() - t0
    assert times["1"] * 3 < times["0"], times
