"""Tiering that follows the work: a long call of a cold unit under ``auto`` is a *trial*
(``runner.tiering.Tiering._try``): after ``tier1_trial`` steps without an effect it is given
up and run again compiled; with an effect it runs on in tier 0, so nothing runs twice.
Also the step trap it rests on (``Limits.set_trap``) and tier 0's memo of call checks."""

from __future__ import annotations

import pytest

import support
from mettajit.atoms.reader import parse_atom
from mettajit.config import Settings
from mettajit.interpreter import Interpreter
from mettajit.interpreter.limits import Limits
from mettajit.runner.policy import MAX_TRIALS, TierPolicy
from mettajit.runner.tiering import Tiering

SEARCH = """
(= (digit) (superpose (0 1 2 3 4 5 6 7 8 9)))
(= (triple)
   (let* (($a (digit)) ($b (digit)) ($c (digit)))
     (if (and (== (+ $a (+ $b $c)) 15) (< $a $b)) ($a $b $c) (empty))))
"""


def make(tier: str, program: str, **kw: int) -> tuple[Interpreter, Tiering]:
    rules = ["(=" + r if not r.startswith("(") else r for r in program.strip().split("\n(=")]
    return support.tiering(tier, *rules, **kw)


ev = support.evaluate  # one query's printed results, sorted


# -- the policy, with made-up numbers ------------------------------------------------------
def test_policy_trials_only_under_auto() -> None:
    for tier in ("0", "1", "2"):
        assert TierPolicy.of(Settings().with_(tier=tier, tier1_trial=20)).trial_steps == 0
        assert not TierPolicy.of(Settings().with_(tier=tier, tier1_trial=20)).trial(0)
    p = TierPolicy.of(Settings().with_(tier="auto", tier1_trial=20))
    assert p.trial_steps == 20
    assert p.trial(0) and p.trial(MAX_TRIALS - 1) and not p.trial(MAX_TRIALS)
    assert not TierPolicy.of(Settings().with_(tier="auto", tier1_trial=0)).trial(0)


# -- the step trap --------------------------------------------------------------------------
def test_step_trap_fires_once_at_its_step_and_steps_can_be_taken_back() -> None:
    lim = Limits(Settings())
    lim.start()
    try:
        fired: list[int] = []
        lim.set_trap(7, lambda: fired.append(lim.steps))
        for _ in range(20):
            lim.step()
        assert fired == [7]
        assert lim.steps == 20
        lim.take_back(5)
        assert lim.steps == 15
    finally:
        lim.finish()


def test_a_trap_set_again_once_due_fires_at_the_next_step() -> None:
    """Trials begin and end inside one another, each setting the trap again: a trap
    already due must not be pushed on by that (it fires at the next step)."""
    lim = Limits(Settings())
    lim.start()
    try:
        fired: list[int] = []
        for _ in range(5):
            lim.step()
        for _ in range(3):
            lim.set_trap(3, lambda: fired.append(lim.steps))
        lim.step()
        assert fired == [6]
    finally:
        lim.finish()


def test_step_trap_keeps_the_step_limit() -> None:
    from mettajit.interpreter.limits import LimitExceeded

    lim = Limits(Settings(max_steps=10))
    lim.start()
    try:
        lim.set_trap(1000, lambda: None)
        with pytest.raises(LimitExceeded):
            for _ in range(11):
                lim.step()
    finally:
        lim.finish()


# -- trials --------------------------------------------------------------------------------
def test_one_long_call_is_restarted_compiled_with_tier0s_results() -> None:
    _, t0 = make("0", SEARCH)
    expected = ev(t0, "(collapse (triple))")
    ia, ta = make("auto", SEARCH)
    assert ev(ta, "(collapse (triple))") == expected
    c = ia.stats.counters
    assert c["tier0.trials.restarted"] == 1
    assert c["tier1.units.compiled"] >= 2  # triple and digit


def test_no_trials_when_turned_off() -> None:
    ia, ta = make("auto", SEARCH, tier1_trial=0)
    assert len(ev(ta, "(collapse (triple))")) == 1
    assert ia.stats.counters["tier0.trials.restarted"] == 0


LOUD = """
(= (count $n) (if (== $n 0) done (count (- $n 1))))
(= (loud $n) (let $_ (println! start) (count $n)))
(= (quiet $n) (count $n))
"""


def test_a_call_with_an_effect_runs_on_and_its_effect_happens_once() -> None:
    got = support.run("auto", LOUD + "!(loud 200)")
    assert got.lines() == ["[done]"]
    assert got.out.count("start") == 1
    assert got.counters["tier0.trials.kept"] >= 1


def test_a_space_change_is_not_repeated() -> None:
    prog = """
    (= (count $n) (if (== $n 0) done (count (- $n 1))))
    (= (fill $n) (let $_ (add-atom &self (seen $n)) (count 100)))
    !(fill 1)
    !(collapse (match &self (seen $x) $x))
    """
    for tier in ("0", "auto"):
        assert support.run(tier, prog).lines() == ["[done]", "[(1)]"], tier


@pytest.mark.parametrize("tier", ["0", "1", "2", "auto"])
def test_steps_of_a_restarted_call_are_counted_once(tier: str) -> None:
    got = support.run(tier, SEARCH + "!(collapse (triple))\n" + LOUD + "!(quiet 300)")
    assert got.counters["run.steps"] == 1 + 10 + 100 + 1 + 301 + 1


@pytest.mark.parametrize("tier", ["0", "1", "2", "auto"])
def test_step_limit_inside_a_trial_cuts_where_tier0_does(tier: str) -> None:
    got = support.run(tier, LOUD + "!(quiet 100)\n!(quiet 10)", max_steps=50).lines()
    assert got == ["[(Error (quiet 100) (StepLimit 50))]", "[done]"]


# -- tier 0's memo of call checks ------------------------------------------------------------
def test_call_check_memo_is_per_shape_and_voided_by_the_world() -> None:
    interp, t = make("0", "(= (f $x) $x)")
    assert ev(t, "(+ 1 (f 2))") == ["3"]
    assert ev(t, "(+ 1 (f 5))") == ["6"]  # the same shape: the check is remembered
    assert interp.type_memos.checks
    assert ev(t, '(+ 1 "a")') == ['(Error (+ 1 "a") (BadArgType 2 Number String))']
    # a declaration of f's type changes the world: the remembered check is not used
    interp.add_atom(parse_atom("(: f (-> Number String))"))
    assert ev(t, "(+ 1 (f 5))") == ["(Error (+ 1 (f 5)) (BadArgType 2 Number String))"]
