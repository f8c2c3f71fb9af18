"""Several results in native code (jit.nondet, jit.choice): units with choice points give
tier 0's results, in tier 0's order, on tiers 1 and 2, run natively (no bail-out), and a
bail-out in the middle of a search drops what native code had collected (tier 1 then
gives every result once)."""

from __future__ import annotations

from pathlib import Path

import pytest

import support
from mettajit.atoms.core import S
from mettajit.interpreter import Interpreter
from mettajit.jit import helpers
from mettajit.jit.nondet import group_choices
from mettajit.runner.tiering import Tiering
from support import run

DIGITS = (
    "(= (digit) (superpose (0 1 2 3)))",
    "(= (pair) (let $a (digit) (let $b (digit) ($a $b))))",
    "(= (sums) (let* (($a (digit)) ($b (digit))) (if (< $a $b) (+ $a $b) (empty))))",
    "(= (count) (collapse (digit)))",
    "(= (sp $x) (superpose ($x (+ $x 1) (* $x 2))))",
    "(= (col $n) (collapse (sp $n)))",
    "(= (deep $n) (if (> $n 0) (sp (deep (- $n 1))) 0))",
    "(= (opt $x) (if (> $x 1) $x (empty)))",
    "(= (ov 1) one)",
    "(= (ov $x) any)",
    "(= (ov2 (P $x)) (Q $x))",
    "(= (ov2 (P $z)) (One $z))",
    "(= (ov2 $y) (R $y))",
    "(= (kept $x) (let $y (sp $x) (if (> $y 3) $y (empty))))",
    "(= (tail $n) (if (> $n 0) (tail (- $n 1)) (sp $n)))",
    "(= (nested) (collapse (let $a (digit) (collapse (sp $a)))))",
    "(= (cs) (case (digit) ((0 zero) ((P $y) $y) ($x (+ $x 10)))))",
    "(= (cs3 $n) (case (sp $n) ((2 two) ($z (P $z)))))",
    "(= (cse) (case (empty) ((Empty none) ($x some))))",
    "(= (cs4 $v) (case $v ((A a) ((P $y) $y))))",
)
QUERIES = ["(pair)", "(sums)", "(count)", "(col 5)", "(deep 3)", "(opt 1)", "(opt 2)",
           "(ov 1)", "(ov 2)", "(ov2 (P 1))", "(ov2 (P 2))", "(ov2 7)", "(kept 2)",
           "(tail 5)", "(nested)", "(cs)", "(cs3 1)", "(cse)", "(cs4 A)", "(cs4 (P 3))",
           "(cs4 B)"]
# the bench program as packaged with the command (tests/conformance/test_vendored.py: equal
# to ../shared's): there in every checkout, beside ../shared or not
TRIPLES = (Path(__file__).parents[2] / "src" / "mettajit" / "cli" / "bench_programs"
           / "nondet_triples.metta")


make = support.tiering  # (interpreter, tiering) holding the rules


def ev(t: Tiering, text: str) -> list[str]:
    """The results in the order the tier gives them."""
    return support.evaluate(t, text, ordered=True)


def deopts(interp: Interpreter) -> int:
    return sum(v for k, v in interp.stats.counters.items() if k.startswith("jit.deopts."))


@pytest.mark.parametrize("query", QUERIES)
def test_the_results_and_their_order_are_tier_0s_and_native(query: str) -> None:
    # (through a unit that calls: the VM enters native code of units that call)
    rules = (*DIGITS, f"(= (go) {query})")
    want = ev(make("0", *rules)[1], "(go)")
    assert ev(make("1", *rules)[1], "(go)") == want
    interp, t = make("2", *rules)
    assert ev(t, "(go)") == want
    t._flush_tier2()
    c = interp.stats.counters
    assert c["tier2.units.compiled"] >= 1, query
    assert c["jit.native_entries"] >= 1 and deopts(interp) == 0, query
    assert helpers.ARENA.n == 0  # every entry released what it made


def test_which_functions_are_multi() -> None:
    interp = support.interpreter(*DIGITS)

    def chunk(name: str, length: int) -> object:
        return support.function_chunk(interp, name, length - 1)

    digit, pair, count = chunk("digit", 1), chunk("pair", 1), chunk("count", 1)
    found = group_choices(pair, {(S("digit"), 1): digit})  # type: ignore[arg-type]
    assert found[id(digit)].multi and found[id(pair)].multi
    assert {s.kind for s in found[id(pair)].sites.values()} == {"call"}
    assert {s.kind for s in found[id(digit)].sites.values()} == {"fork"}
    found = group_choices(count, {(S("digit"), 1): digit})  # type: ignore[arg-type]
    assert not found[id(count)].multi  # collapse: one result, its choices inside
    assert [s.kind for s in found[id(count)].sites.values()] == ["collect", "call"]
    opt = chunk("opt", 2)
    assert group_choices(opt, {})[id(opt)].multi  # may give none (a FAIL)


def test_nondet_triples_runs_natively() -> None:
    want = run("0", file=TRIPLES)
    got = run("2", file=TRIPLES)
    assert list(got) == list(want) and len(want[0][0]) > 100
    native, total = got.metta.interp.stats.native_units()  # type: ignore[union-attr]
    assert total > 100 and native == total


def test_a_bail_out_mid_search_drops_what_was_collected() -> None:
    """The third alternative overflows 48 bits (a bail-out): tier 1 runs the unit again,
    so each result comes once, and the exact big integer is among them."""
    rules = ("(= (big) (superpose (1 2 140737488355327)))",
             "(= (scaled) (let $x (big) (* $x 4)))")
    want = ev(make("0", *rules)[1], "(scaled)")
    interp, t = make("2", *rules)
    assert ev(t, "(scaled)") == want == ["4", "8", str(140737488355327 * 4)]
    t._flush_tier2()
    assert interp.stats.counters["jit.deopts.overflow"] >= 1
    assert helpers.ARENA.n == 0


def test_a_search_with_an_effect_is_not_native(capsys: pytest.CaptureFixture[str]) -> None:
    """A branch that prints is no native code: the print happens once per result."""
    rules = ("(= (noisy) (let $x (superpose (1 2)) (let $u (println! $x) $x)))",)
    interp, t = make("2", *rules)
    assert ev(t, "(noisy)") == ["1", "2"]
    assert capsys.readouterr().out.split() == ["1", "2"]
    assert interp.stats.counters["jit.native_entries"] == 0


def test_a_long_search_under_auto_goes_native() -> None:
    """One call holding a whole search (``!(collapse (triple))``): tier 0's trial gives it
    to tier 1, and tier 1's trial, after ``tier2_trial_ms``, to native code."""
    program = TRIPLES.read_text().replace(
        "(0 1 2 3 4 5 6 7 8 9)", "(" + " ".join(map(str, range(20))) + ")")
    want = run("1", program)
    got = run("auto", program, tier2_trial_ms=1)
    assert list(got) == list(want)
    c = got.metta.interp.stats.counters  # type: ignore[union-attr]
    assert c["tier1.trials.restarted"] == 1 and c["jit.native_entries"] == 1
    native, total = got.metta.interp.stats.native_units()  # type: ignore[union-attr]
    assert native == total


def test_a_long_search_that_prints_stays_in_tier_1() -> None:
    program = ("(= (digit) (superpose (0 1 2 3 4 5 6 7 8 9)))\n"
               "(= (noisy) (let $u (println! start) "
               "(let* (($a (digit)) ($b (digit)) ($c (digit))) (+ $a (+ $b $c)))))\n"
               "!(collapse (noisy))\n")
    got = run("auto", program, tier2_trial_ms=1)
    assert got.out.split().count("start") == 1
    assert got.metta.interp.stats.counters["tier1.trials.restarted"] == 0  # type: ignore[union-attr]
