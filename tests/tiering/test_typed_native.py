"""Typed function units compiled natively by tier 2: a unit typed ``(-> Number ... Number)``
whose body tier 1 would call directly given numbers (``SlowPaths._typed_direct``,
``TypedPlan.numbers``) is a callee native code may call (``Tiering._callee_chunk``); its
native code checks that each argument is an integer (``Chunk.number_params``) on entry and
on a tail call to itself, and bails out otherwise (the unit then runs in tier 1 from its
start, which checks the call as tier 0 does). Each program runs on tiers 2 and auto and is
compared with tier 0: arguments of the declared type and of others, a result of the wrong
type, typed and untyped functions calling each other, tail recursion, and a declaration
added after the native code was made."""

from __future__ import annotations

import pytest

from support import EAGER, run

TIERS = ["2", "auto"]


FIB = """
(: fib (-> Number Number))
(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))
"""

CASES = {
    "fib": FIB + "!(fib 15)\n!(fib 0)\n!(fib -3)\n",
    "fib-wrong-arguments": FIB + '!(fib "a")\n!(fib True)\n!(fib foo)\n!(fib (1 2))\n'
    "!(fib 2.5)\n!(fib 12)\n",
    "wrong-argument-inside": """
(: f (-> Number Number))
(= (f $x) (if (< $x 1) 0 (+ 1 (f (- $x 1)))))
(= (g $x) (if (== $x 0) (f foo) (f $x)))
(= (h $x) (f (k $x)))
(= (k $x) (if (> $x 3) "a" $x))
!(g 5)
!(g 0)
!(h 2)
!(h 7)
""",
    "wrong-return-type": """
(: bad (-> Number Number))
(= (bad $x) (if (< $x 1) "a" (bad (- $x 1))))
(: sym (-> Number Number))
(= (sym $x) (if (< $x 1) foo (sym (- $x 1))))
(= (cb $x) (bad $x))
!(bad 3)
!(sym 3)
!(cb 2)
""",
    "typed-calls-untyped": """
(= (sq $x) (* $x $x))
(: sumsq (-> Number Number))
(= (sumsq $n) (if (== $n 0) 0 (+ (sq $n) (sumsq (- $n 1)))))
(= (word $x) (if (> $x 2) big $x))
(: usew (-> Number Number))
(= (usew $n) (if (== $n 0) 0 (+ (word $n) (usew (- $n 1)))))
!(sumsq 30)
!(usew 2)
!(usew 5)
""",
    "untyped-calls-typed": FIB + """
(= (sumfib $n) (if (== $n 0) 0 (+ (fib $n) (sumfib (- $n 1)))))
(= (odd-arg $n) (if (== $n 0) (fib foo) (+ (fib $n) (odd-arg (- $n 1)))))
!(sumfib 12)
!(odd-arg 4)
""",
    "tail-recursion": """
(: count (-> Number Number Number))
(= (count $n $acc) (if (== $n 0) $acc (count (- $n 1) (+ $acc 2))))
(: stray (-> Number Number Number))
(= (stray $n $acc) (if (== $n 0) $acc (stray (- $n 1) (if (== $n 3) x $acc))))
(: even (-> Number Number))
(: odd (-> Number Number))
(= (even $n) (if (== $n 0) 1 (odd (- $n 1))))
(= (odd $n) (if (== $n 0) 0 (even (- $n 1))))
!(count 5000 0)
!(count 10 1.5)
!(stray 6 0)
!(even 3001)
!(odd 3001)
""",
    "floats": FIB + "!(fib 7.0)\n!(fib 1.0)\n",
    "big-results": """
(: fact (-> Number Number))
(= (fact $n) (if (== $n 0) 1 (* $n (fact (- $n 1)))))
!(fact 30)
!(fact 10)
""",
}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("tier", TIERS)
def test_typed_native_gives_tier_0s_results(name: str, tier: str) -> None:
    program = CASES[name]
    assert run(tier, program, **EAGER) == run("0", program)


@pytest.mark.parametrize("tier", TIERS)
def test_typed_fib_runs_natively(tier: str) -> None:
    got = run(tier, FIB + "!(fib 18)\n", **EAGER)
    assert got == [["2584"]]
    c = got.counters
    assert c["tier2.units.compiled"] >= 1
    assert c["tier2.units.refused"] == 0
    assert c["tier1.calls.tier0"] == 0
    assert c["tier1.calls.typed"] < 50  # the recursion is native


def test_other_types_stay_refused() -> None:
    prog = """
(: f (-> Number Symbol))
(= (f $n) (if (== $n 0) done (g (f (- $n 1)))))
(= (g $x) $x)
!(f 20)
"""
    got = run("2", prog, **EAGER)
    assert got == run("0", prog)
    assert got.counters["tier2.units.refused"] >= 1


@pytest.mark.parametrize("tier", TIERS)
def test_a_declaration_added_later_drops_the_native_code(tier: str) -> None:
    prog = FIB + "(= (loop $n) (if (== $n 0) 0 (+ (fib 10) (loop (- $n 1)))))\n!(loop 3)\n"
    later = (
        "!(let $_ (remove-atom &self (: fib (-> Number Number))) (loop 2))\n"
        "!(let $_ (add-atom &self (: fib (-> String Number))) (loop 2))\n"
        "!(let $_ (remove-atom &self (: fib (-> String Number))) (loop 1))\n"
        "!(let $_ (add-atom &self (: fib (-> Number Number))) (fib 12))\n"
        '!(fib "a")\n'
    )
    first = run(tier, prog, **EAGER)
    assert first.counters["tier2.units.compiled"] >= 1
    w = run("0", prog)
    assert first + run(tier, later, metta=first.metta) == w + run(tier, later, metta=w.metta)
