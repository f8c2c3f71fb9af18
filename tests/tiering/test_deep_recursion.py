"""Deep recursion gives tier 0's results on every tier, whatever the shape (issue 9).

Each shape once nested Python frames on tiers 1, 2 and auto at every level of the
recursion (tier 1 hands a form it does not compile, here an ``if`` or ``case`` in argument
position, back to tier 0, whose call hook enters the VM again for the next call), so past
about 120 levels the query was ``(Error ... (StackOverflow "RecursionError"))`` where tier
0 and hyperon answer. The re-entries now stop at ``slowpaths.NEST_LIMIT``: depth is bounded
by memory on every tier. ``DEPTH`` is 1,500 here, past Python's limit of 1,000 frames
(the old failure came at 125 levels); a full run (``--fuzz=full``, ``support.FULL``)
runs them at 10^5.
"""

from __future__ import annotations

import pytest

import support
from mettajit.bytecode.slowpaths import NEST_LIMIT
from support import TIERS

DEPTH = 100_000 if support.FULL else 1500

SHAPES = {
    # an `if` in argument position beside the recursive call: tier 1 hands the call back
    "if_beside_call": (
        "(= (g $n) (if (== $n 0) 0 (+ (if True $n 1) (g (- $n 1)))))\n!(g {d})",
        lambda d: [[str(d * (d + 1) // 2)]]),
    # typed tail recursion whose argument is an `if` form
    "typed_tail_if_arg": (
        "(: t (-> Number Number Number))\n"
        "(= (t $n $x) (if (== $n 0) $x (t (- $n 1) (if True -4 $x))))\n!(t {d} 7)",
        lambda d: [["-4" if d else "7"]]),
    # mutual recursion, one side through a form tier 1 does not compile in place
    "mutual_if_beside_call": (
        "(= (ma $n) (if (== $n 0) 0 (+ (if True 1 0) (mb (- $n 1)))))\n"
        "(= (mb $n) (if (== $n 0) 0 (+ 2 (ma (- $n 1)))))\n!(ma {d})",
        lambda d: [[str((d + 1) // 2 + 2 * (d // 2))]]),
    "case_beside_call": (
        "(= (c $n) (if (== $n 0) 0 (+ (case $n ((0 1) ($_ 2))) (c (- $n 1)))))\n!(c {d})",
        lambda d: [[str(2 * d)]]),
    "let_after_call": (
        "(= (l $n) (if (== $n 0) 0 (let $r (l (- $n 1)) (+ $r 1))))\n!(l {d})",
        lambda d: [[str(d)]]),
    "two_results_at_the_bottom": (
        "(= (nd $n) (if (== $n 0) (superpose (1 2)) (+ 1 (nd (- $n 1)))))\n!(nd {d})",
        lambda d: [[str(d + 1), str(d + 2)]]),
    "plain_nontail": (
        "(= (s $n) (if (== $n 0) 0 (+ $n (s (- $n 1)))))\n!(s {d})",
        lambda d: [[str(d * (d + 1) // 2)]]),
    "typed_mutual_nontail": (
        "(: te (-> Number Number))\n(: to (-> Number Number))\n"
        "(= (te $n) (if (== $n 0) 0 (+ 1 (to (- $n 1)))))\n"
        "(= (to $n) (if (== $n 0) 1 (* 1 (+ 1 (te (- $n 1))))))\n!(te {d})",
        lambda d: [[str(d + d % 2)]]),
    "data_walk": (
        "(= (walk Nil) 0)\n(= (walk (Cons $h $t)) (+ $h (walk $t)))\n"
        "(= (build $n $acc) (if (== $n 0) $acc (build (- $n 1) (Cons $n $acc))))\n"
        "!(walk (build {d} Nil))",
        lambda d: [[str(d * (d + 1) // 2)]]),
}


@pytest.mark.parametrize("tier", TIERS)
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_deep_recursion_agrees(shape: str, tier: str) -> None:
    text, want = SHAPES[shape]
    assert support.run(tier, text.format(d=DEPTH), tier1_threshold=0) == want(DEPTH)


@pytest.mark.parametrize("tier", ["1", "auto"])
def test_nesting_is_bounded_and_shallow_nesting_stays_in_the_vm(tier: str) -> None:
    # below the bound, the hook still enters the VM (tier 1 runs the levels it can); the
    # levels past it are tier 0's, counted apart
    text, want = SHAPES["if_beside_call"]
    got = support.run(tier, text.format(d=200), tier1_threshold=0)
    assert got == want(200)
    counters = got.metta.stats.counters
    assert counters["tier1.entries"] >= NEST_LIMIT - 1
    assert counters["tier0.nested_calls"] > 0
