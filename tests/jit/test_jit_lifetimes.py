"""How long native code lives: units that bail out on most entries are disabled (they stay
in tier 1), and the modules of invalidated, replaced or disabled units are freed (their
execution engine closed, their constants released from ``values.HEAP``), never while
anything may still call them: a freed unit's entry answers BAILOUT."""

from __future__ import annotations

import gc

import support
from mettajit.atoms.core import Symbol, num
from mettajit.bytecode.opcodes import Opcode as O
from mettajit.config import Settings
from mettajit.jit import values as VL
from mettajit.runner.tier2 import BAILOUT, Tier2

SUM_TO = "(= (sum-to $n $acc) (if (== $n 0) $acc (sum-to (- $n 1) (+ $acc $n))))"
FIB = "(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))"


make = support.tiering  # (interpreter, tiering) holding the rules
ev = support.evaluate  # one query's printed results, sorted


# -- repeated deopts ----------------------------------------------------------------------

def test_a_unit_that_always_bails_out_is_disabled() -> None:
    limit = 20
    interp, t = make("2", SUM_TO, tier2_deopt_limit=limit)
    _, t0 = make("0", SUM_TO)
    c = interp.stats.counters
    for i in range(3 * limit):  # floats: every native entry bails out
        q = f"(sum-to 3 {i}.5)"
        assert ev(t, q) == ev(t0, q)
    assert c["tier2.disabled.deopts"] == 1
    unit = t.units[(Symbol("sum-to"), 3)]
    assert unit.native is None and unit.native_refused
    assert t.vm.installed(unit.key) is unit.chunk  # the VM calls the tier-1 chunk again
    entries = c["jit.native_entries"]
    assert entries == limit  # disabled at the limit-th bail-out, never entered again
    assert ev(t, "(sum-to 10 0)") == ["55"]  # still right, in tier 1
    assert c["jit.native_entries"] == entries
    assert c["jit.modules.freed"] == 1 and c["jit.modules.live"] == 0


def test_a_unit_that_bails_out_now_and_then_stays_native() -> None:
    interp, t = make("2", SUM_TO, tier2_deopt_limit=5)
    for i in range(60):  # one float in 4: a quarter of the entries bail out
        q = f"(sum-to 3 {i}.5)" if i % 4 == 0 else f"(sum-to 3 {i})"
        assert ev(t, q) == [f"{i + 6}.5" if i % 4 == 0 else str(i + 6)]
    assert interp.stats.counters["tier2.disabled.deopts"] == 0
    assert t.units[(Symbol("sum-to"), 3)].native is not None


def test_a_disabled_unit_stays_disabled_across_unrelated_rule_changes() -> None:
    interp, t = make("2", SUM_TO, tier2_deopt_limit=3)
    for _ in range(3):
        ev(t, "(sum-to 2 0.5)")
    c = interp.stats.counters
    assert c["tier2.disabled.deopts"] == 1
    assert ev(t, "(let $_ (add-atom &self (= (other) 1)) (sum-to 4 0))") == ["10"]
    unit = t.units[(Symbol("sum-to"), 3)]
    assert unit.native is None
    t._promote(unit)  # what an entry from tier 0 or the VM's resolve would do
    assert unit.native is None and unit.native_refused
    assert c["tier2.units.compiled"] == 1


def test_the_limit_comes_from_the_environment(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import importlib

    import mettajit.config as config

    monkeypatch.setenv("METTAJIT_TIER2_DEOPT_LIMIT", "7")
    try:
        assert importlib.reload(config).Settings().tier2_deopt_limit == 7
    finally:
        monkeypatch.delenv("METTAJIT_TIER2_DEOPT_LIMIT")
        importlib.reload(config)
    assert Settings().tier2_deopt_limit > 0


def test_a_zero_limit_never_disables() -> None:
    interp, t = make("2", SUM_TO, tier2_deopt_limit=0)
    for _ in range(30):
        ev(t, "(sum-to 2 0.5)")
    assert interp.stats.counters["tier2.disabled.deopts"] == 0


# -- freeing modules ----------------------------------------------------------------------

def test_redefining_a_unit_many_times_keeps_the_module_count_bounded() -> None:
    m = support.runner("2")
    big = 10**20
    support.run(m, FIB + f"\n(= (step $x) (+ $x {big}))\n!(step (fib 10))")
    live0 = m.stats.counters["jit.modules.live"]
    heap0 = len(VL.HEAP)
    for i in range(1, 40):
        got = support.run(m, f"!(remove-atom &self (= (step $x) (+ $x {big + i - 1})))\n"
                          f"(= (step $x) (+ $x {big + i}))\n!(step (fib 10))")
        assert got[-1] == [str(55 + big + i)]
    c = m.stats.counters
    assert c["tier2.units.compiled"] >= 40
    assert c["jit.modules.freed"] >= 39  # every step's stale module is gone
    assert c["jit.modules.live"] <= live0
    assert len(VL.HEAP) <= heap0  # the big constants went with their modules
    assert support.run(m, "!(fib 15)").atoms == [[num(610)]]


def test_a_callee_redefined_frees_its_callers_modules() -> None:
    interp, t = make("2", "(= (g $x) (+ $x 1))", "(= (h $x) (* 2 (g $x)))",
                     "(= (w $x) (h (h $x)))")
    assert ev(t, "(w 1)") == ["10"]
    tier2 = t.tier2
    assert tier2 is not None
    live = tier2.engine.live_modules
    for i in range(2, 30):
        q = (f"(let $_ (remove-atom &self (= (g $x) (+ $x {i - 1})))"
             f" (let $_ (add-atom &self (= (g $x) (+ $x {i}))) (w 1)))")
        assert ev(t, q) == [str(2 * (2 * (1 + i) + i))]
    assert tier2.engine.live_modules <= live + 1
    assert interp.stats.counters["jit.modules.freed"] >= 28


def test_a_freed_unit_answers_bailout_and_keeps_its_counts(make_chunk) -> None:  # type: ignore[no-untyped-def]
    tier2 = Tier2()
    chunk = make_chunk(1, (O.LOAD_LOCAL, 0), (O.PUSH_LONG_SMALL, 5), (O.ADD,), (O.RETURN,))
    unit = tier2.compile(chunk)
    assert unit is not None
    run = unit.run  # held by someone: a bridge, a caller
    assert run([num(1)]) == num(6)
    assert run([num(1.5)]) is BAILOUT
    tier2.release_chunks([chunk])
    gc.collect()
    assert tier2.engine.live_modules == 0
    assert run([num(1)]) is BAILOUT  # the code is gone: the entry is disarmed, not dangling
    assert unit.code.freed and unit.code.entries == 2
    tier2.flush_stats()
    c = tier2.stats.counters
    assert c["jit.native_entries"] == 2 and c["jit.deopts.not_small_int"] == 1
    assert c["jit.modules.freed"] == 1
    again = tier2.compile(chunk)  # released: compiled anew, not the freed unit
    assert again is not None and again is not unit and again.run([num(2)]) == num(7)


def test_a_batch_module_is_freed_with_its_last_unit(make_chunk) -> None:  # type: ignore[no-untyped-def]
    tier2 = Tier2()
    a = make_chunk(1, (O.LOAD_LOCAL, 0), (O.PUSH_LONG_SMALL, 0), (O.SWAP,), (O.SUB,), (O.RETURN,))
    b = make_chunk(1, (O.LOAD_LOCAL, 0), (O.PUSH_LONG_SMALL, 2), (O.MUL,), (O.RETURN,))
    ua, ub = tier2.compile_batch([a, b])
    assert ua is not None and ub is not None
    assert tier2.engine.live_modules == 1
    tier2.release_chunks([a])
    assert tier2.engine.live_modules == 1 and ub.run([num(4)]) == num(8)
    assert ua.run([num(4)]) == num(-4)  # its module lives on with b: still native
    tier2.release_chunks([b])
    assert tier2.engine.live_modules == 0
    assert ua.run([num(4)]) is BAILOUT and ub.run([num(4)]) is BAILOUT
