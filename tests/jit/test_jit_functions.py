"""Stage 3: whole function units in native code (calls, recursion, tail loops), through the
tiering, against tier 0; and every way out of native code ends with tier 0's answer."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest

import support
from mettajit.atoms.core import Symbol, num
from mettajit.interpreter import Interpreter
from mettajit.jit import runtime
from mettajit.jit.helpers import BailReason
from mettajit.jit.lower import MAX_NATIVE_DEPTH
from mettajit.runner import fixedcost
from mettajit.runner.policy import FIXED_SHARE
from mettajit.runner.tier2 import BAILOUT, Tier2
from mettajit.runner.tiering import Tiering

FIB = "(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))"
SUM_TO = "(= (sum-to $n $acc) (if (== $n 0) $acc (sum-to (- $n 1) (+ $acc $n))))"
FACT = "(= (fact $n) (if (< $n 1) 1 (* $n (fact (- $n 1)))))"
COUNT = "(= (count $n) (if (== $n 0) 0 (+ 1 (count (- $n 1)))))"
TWICE = "(= (twice $n) (* 2 (fib $n)))"


make = support.tiering  # (interpreter, tiering) holding the rules
ev = support.evaluate  # one query's printed results, sorted


def tier0(rules: tuple[str, ...], text: str) -> list[str]:
    return ev(make("0", *rules)[1], text)


def deopts(interp: Interpreter) -> dict[str, int]:
    return {k[len("jit.deopts."):]: v for k, v in interp.stats.counters.items()
            if k.startswith("jit.deopts.") and v}


@pytest.fixture(scope="module")
def fib_native() -> tuple[Interpreter, Tiering]:
    interp, t = make("2", FIB, SUM_TO, TWICE)
    assert ev(t, "(fib 1)") == ["1"]
    return interp, t


# -- native code, same answers ------------------------------------------------------------

def test_native_fib_equals_tier0(fib_native: tuple[Interpreter, Tiering]) -> None:
    interp, t = fib_native
    # tier 0's answers up to 15 (its fib 20 alone takes ~1 s), which are Fibonacci's
    # numbers, and those go on by their recurrence up to 20
    want = [tier0((FIB,), f"(fib {n})") for n in range(16)]
    fibs = [0, 1]
    while len(fibs) < 21:
        fibs.append(fibs[-1] + fibs[-2])
    assert want == [[str(f)] for f in fibs[:16]]
    assert [ev(t, f"(fib {n})") for n in range(21)] == [[str(f)] for f in fibs]
    c = interp.stats.counters
    assert c["tier2.units.compiled"] >= 1
    assert c["jit.native_entries"] >= 21
    assert not deopts(interp)


def test_a_unit_calling_a_native_unit_is_one_native_module(
        fib_native: tuple[Interpreter, Tiering]) -> None:
    _, t = fib_native
    assert ev(t, "(twice 15)") == ["1220"]
    unit = t.units[(Symbol("twice"), 2)]
    assert unit.native
    # the callee's code is in twice's module: one entry, no tier 1 run of fib
    before = unit.native.native.code.entries
    assert ev(t, "(twice 20)") == ["13530"]
    assert unit.native.native.code.entries == before + 1


def test_tail_recursion_two_million_deep_is_a_native_loop(
        fib_native: tuple[Interpreter, Tiering]) -> None:
    interp, t = fib_native
    assert ev(t, "(sum-to 10 0)") == ["55"]
    t0 = time.perf_counter()
    assert ev(t, "(sum-to 2000000 0)") == ["2000001000000"]
    assert time.perf_counter() - t0 < 0.5  # ~3 ms native; tier 1 takes ~10 s
    assert not deopts(interp)


def test_mutual_tail_recursion_runs_in_constant_native_stack() -> None:
    interp, t = make("2", "(= (is-even $n) (if (== $n 0) True (is-odd (- $n 1))))",
                     "(= (is-odd $n) (if (== $n 0) False (is-even (- $n 1))))")
    n = 100 * MAX_NATIVE_DEPTH
    assert ev(t, f"(is-even {n})") == ["True"]
    assert ev(t, f"(is-odd {n})") == ["False"]
    assert not deopts(interp)  # no DEPTH bail-out: musttail calls, not nested frames


def test_the_native_unit_runs_without_the_tiering() -> None:
    interp = support.interpreter(FIB, SUM_TO)
    chunks = {(Symbol("fib"), 2): support.function_chunk(interp, "fib", 1),
              (Symbol("sum-to"), 3): support.function_chunk(interp, "sum-to", 2)}
    t2 = Tier2()
    fib = t2.compile(chunks[(Symbol("fib"), 2)], chunks.get)
    assert fib is not None
    assert fib.run([num(25)]) == num(75025)
    assert fib.run([num(2.5)]) is BAILOUT and fib.last_reason is BailReason.NOT_SMALL_INT
    # a callee without native code: the caller has none either
    assert t2.compile(chunks[(Symbol("fib"), 2)], lambda key: None) is None


# -- deoptimisation: tier 0's answers -----------------------------------------------------

@pytest.mark.parametrize("query", [
    "(fib 2.5)",  # a float argument: LT bails, tier 1 computes with floats
    "(fib foo)",  # a symbol where a number was expected: LOAD_EVAL bails
    "(fact 25)",  # past 48 bits deep inside the recursion: tier 1's exact big int
    "(sum-to 3 1.5)",  # a float accumulator in the native loop
])
def test_deopt_cases_give_tier0_answers(query: str) -> None:
    rules = (FIB, FACT, SUM_TO)
    interp, t = make("2", *rules)
    assert ev(t, "(fib 5)") == ["5"] and ev(t, "(fact 5)") == ["120"]
    assert ev(t, "(sum-to 4 0)") == ["10"]
    assert ev(t, query) == tier0(rules, query)
    assert deopts(interp), "the native code bailed out"


def test_overflow_inside_recursion_is_the_exact_big_int() -> None:
    interp, t = make("2", FACT)
    assert ev(t, "(fact 20)") == ["2432902008176640000"]
    assert deopts(interp) == {"overflow": 1}
    assert ev(t, "(fact 10)") == ["3628800"]  # native again
    assert deopts(interp) == {"overflow": 1}


def test_a_non_bool_condition_bails_out() -> None:
    rules = ("(= (pick $c) (if $c (one) 2))", "(= (one) 1)")  # (a call: the VM goes native)
    interp, t = make("2", *rules)
    assert ev(t, "(pick True)") == ["1"] and ev(t, "(pick False)") == ["2"]
    assert ev(t, "(pick 7)") == tier0(rules, "(pick 7)")
    assert deopts(interp) == {"unexpected_value": 1}


def test_native_recursion_deeper_than_the_stack_bails_to_tier1(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # native code may use 1 MB of the thread's stack (runtime.NativeStack): 20,000 to
    # 30,000 frames of count; tier 1 then makes the calls again (its cost: n)
    monkeypatch.setattr(runtime, "native_stack_bytes", 1 << 20)
    interp, t = make("2", COUNT)
    assert ev(t, "(count 100)") == ["100"]
    n = MAX_NATIVE_DEPTH * 6  # 60,000 frames are more than 1 MB of stack
    assert ev(t, f"(count {n})") == [str(n)]
    assert deopts(interp) == {"depth": 1}


def test_native_recursion_a_hundred_thousand_deep_runs_on_the_thread_stack() -> None:
    interp, t = make("2", COUNT)
    assert ev(t, "(count 100)") == ["100"]
    n = MAX_NATIVE_DEPTH * 10
    assert ev(t, f"(count {n})") == [str(n)]
    assert not deopts(interp)


def test_native_recursion_on_another_thread_is_bounded_by_its_stack() -> None:
    import threading

    interp, t = make("2", COUNT)
    got: list[list[str]] = []
    # a thread of 8 MB of stack (whatever the default): native code may use 6 MB of it
    # (STACK_MARGIN kept), ~130,000 frames of count; tier 1 then makes the 200,000 calls
    old = threading.stack_size(8 << 20)
    try:
        th = threading.Thread(target=lambda: got.append(ev(t, "(count 200000)")))
    finally:
        threading.stack_size(old)
    th.start()
    th.join()
    assert got == [["200000"]]
    assert deopts(interp) == {"depth": 1}


# -- invalidation -------------------------------------------------------------------------

def test_a_rule_added_after_compilation_gives_tier0_answers() -> None:
    rules = ("(= (f $x) (+ $x 1))",)
    interp, t = make("2", *rules)
    assert ev(t, "(f 1)") == ["2"]
    assert interp.stats.counters["tier2.units.compiled"] == 1
    query = "(let $_ (add-atom &self (= (f $x) (* $x 10))) (f 3))"
    ref = tier0(rules, query)
    assert ref == ["30", "4"]
    assert ev(t, query) == ref
    assert ev(t, "(f 5)") == ["50", "6"]
    assert interp.stats.counters["tier2.invalidations"] >= 1


def test_a_callee_changed_after_compilation_is_seen_by_its_callers() -> None:
    rules = ("(= (g $x) (+ $x 1))", "(= (h $x) (* 2 (g $x)))")
    interp, t = make("2", *rules)
    assert ev(t, "(h 1)") == ["4"]
    change = ("(let $_ (remove-atom &self (= (g $x) (+ $x 1)))"
              " (let $_ (add-atom &self (= (g $x) (+ $x 100))) (h 1)))")
    assert ev(t, change) == tier0(rules, change) == ["202"]
    assert ev(t, "(h 2)") == ["204"]
    assert interp.stats.counters["tier2.units.compiled"] >= 2


def test_auto_promotes_to_tier2_after_the_threshold() -> None:
    # (fib 12) makes 465 calls: the default threshold (2 000) would keep it in tier 1
    interp, t = make("auto", FIB, tier2_threshold=100, tier2_work_ms=0)
    assert ev(t, "(fib 12)") == ["144"]
    c = interp.stats.counters
    assert c["tier2.units.compiled"] == 1
    assert c["jit.native_entries"] >= 1
    assert ev(t, "(fib 22)") == ["17711"]


def test_auto_waits_for_the_work_that_pays_tier2s_fixed_cost() -> None:
    # past the threshold in calls, but the run has not spent tier2_work_ms since the compile
    interp, t = make("auto", FIB, tier2_threshold=100, tier2_work_ms=10**6)
    assert ev(t, "(fib 15)") == ["610"]
    c = interp.stats.counters
    assert c["tier2.units.compiled"] == 0 and c["tier1.units.compiled"] >= 1


def test_once_tier2s_fixed_cost_is_paid_a_unit_waits_tier2_paid_ms_only() -> None:
    # fib pays the fixed cost (no wait for work); then sq, past the threshold, would wait
    # tier2_work_ms (a million ms) but waits tier2_paid_ms (0) once the cost is paid
    interp, t = make("auto", FIB, "(= (sq $x) (* $x $x))", tier2_threshold=100,
                     tier2_work_ms=10**6, tier2_paid_ms=0)
    assert not t._paid()
    assert ev(t, "(fib 12)") == ["144"]
    assert interp.stats.counters["tier2.units.compiled"] == 0  # nothing paid: it waits
    t.policy = dataclasses.replace(t.policy, tier2_work=0.0)
    assert ev(t, "(fib 13)") == ["233"]
    assert interp.stats.counters["tier2.units.compiled"] == 1 and t._paid()
    t.policy = dataclasses.replace(t.policy, tier2_work=1000.0)
    assert ev(t, "(collapse (superpose ((sq 1) (sq 2) (sq 3))))") == ["(1 4 9)"]
    calls = "".join(f" (sq {i})" for i in range(300))
    ev(t, f"(collapse (superpose ({calls})))")
    assert interp.stats.counters["tier2.units.compiled"] == 2


def test_the_run_that_pays_tier2s_fixed_cost_keeps_it_for_the_next(tmp_path: Path) -> None:
    cache = {"jit_cache": True, "jit_cache_dir": str(tmp_path)}
    _, t = make("2", FIB, **cache)
    assert t._fixed_cost() is None  # no run has paid it in this folder
    assert ev(t, "(fib 10)") == ["55"] and t._paid()
    paid = fixedcost.read(t.settings)
    assert paid is not None and paid > 0.0
    _, later = make("auto", FIB, **cache)
    assert later._fixed_cost() == paid  # the next run's bet (TierPolicy.wait)
    assert later.policy.native_trial(False, paid) == min(
        later.policy.tier2_trial, max(later.policy.tier2_paid, paid * FIXED_SHARE))
    # a run that finds its unit in the disk cache pays the fixed cost too (no lowering,
    # no LLVM when the unit is a shared object): paid, and its cost is the next bet
    _, again = make("2", FIB, **cache)
    fixedcost.write(again.settings, 123.0)
    assert ev(again, "(fib 10)") == ["55"] and again._paid()
    assert again.stats.counters["jit.cache.hits"] >= 1
    assert fixedcost.read(again.settings) != 123.0


def test_the_vm_calls_units_that_call_natively_and_runs_short_ones_itself() -> None:
    _, t = make("2", FIB, "(= (sq $x) (* $x $x))")
    assert ev(t, "(fib (sq 4))") == ["987"]
    fib, sq = t.units[(Symbol("fib"), 2)], t.units[(Symbol("sq"), 2)]
    assert fib.native and fib.native.bridge is not None
    assert t.vm.installed(fib.key) is fib.native.bridge
    assert sq.native and sq.native.bridge is None  # a grounded call costs more than sq
    assert t.vm.installed(sq.key) is sq.chunk


def test_tier1_never_compiles_native_code() -> None:
    interp, t = make("1", FIB)
    assert ev(t, "(fib 15)") == ["610"]
    assert interp.stats.counters["tier2.units.compiled"] == 0
    assert t.tier2 is None
