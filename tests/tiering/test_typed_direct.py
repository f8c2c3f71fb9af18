"""Calls of typed functions that tier 1 makes itself (``SlowPaths._typed_direct``): the
arguments are ground values, tier 0's check of the call passes and tier 0 would apply the
rules plainly (``transparent``, ``args_have_type``) or apply them and cast the results; the
VM then runs the callee's chunk instead of handing the call to tier 0. Every other call
keeps going through tier 0. Each program is run on every tier and compared with tier 0:
arguments of the declared types and of others, results of the wrong type, ``Atom`` and
``Expression`` return and parameter types, type variables, several results, and type
declarations added or removed after the units were compiled."""

from __future__ import annotations

import pytest

from support import COMPILED, EAGER, run

FIB = """
(: fib (-> Number Number))
(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))
"""

CASES = {
    "fib": FIB + "!(fib 12)\n!(fib 1.5)\n!(fib \"a\")\n!(fib foo)\n",
    "countdown-tail-calls": """
(: cd (-> Number Number))
(= (cd $n) (if (== $n 0) done (cd (- $n 1))))
(: cd2 (-> Number Symbol))
(= (cd2 $n) (if (== $n 0) done (cd2 (- $n 1))))
!(cd 2000)
!(cd2 2000)
""",
    "wrong-argument-type": """
(: f (-> Number Number))
(= (f $x) (+ $x 1))
(= (g $x) (f $x))
(= (h $x) (f (g $x)))
!(g 1)
!(g "a")
!(g foo)
!(g (1 2))
!(h 1)
!(h "a")
!(g True)
""",
    "wrong-return-type": """
(: bad (-> Number Number))
(= (bad $x) "a")
(= (cb $x) (bad $x))
(: half (-> Number Number))
(= (half $x) (if (> $x 0) "pos" $x))
(= (ch $x) (half $x))
!(cb 1)
!(+ 1 (cb 2))
!(ch 0)
!(ch 3)
!(+ (ch 3) 1)
""",
    "return-type-atom": """
(: q (-> Number Atom))
(= (q $x) (+ $x 1))
(= (cq $x) (q $x))
(: qe (-> Number Expression))
(= (qe $x) (+ $x 1))
(= (cqe $x) (qe $x))
!(cq 1)
!(cqe 1)
!(cq "a")
""",
    "expression-and-atom-params": """
(: hd (-> Expression Number))
(= (hd ($a $b)) $a)
(= (chd $x) (hd $x))
(: quoted (-> Atom Atom))
(= (quoted $x) $x)
(= (cquoted $x) (quoted $x))
!(chd (1 2))
!(chd 5)
!(chd (3 4 5))
!(cquoted 7)
!(cquoted foo)
""",
    "type-variables": """
(: id (-> $t $t))
(= (id $x) $x)
(= (cid $x) (id $x))
(: pick (-> $t $t $t))
(= (pick $x $y) $y)
(= (cpick $x $y) (pick $x $y))
(: tonum (-> $t Number))
(= (tonum $x) $x)
(= (ctonum $x) (tonum $x))
!(cid 5)
!(cid "s")
!(cid foo)
!(cpick 1 2)
!(cpick 1 "a")
!(ctonum 3)
!(ctonum "a")
!(+ 1 (ctonum 3))
""",
    "several-results": """
(: two (-> Number Number))
(= (two $x) $x)
(= (two $x) (+ $x 1))
(= (ctwo $x) (two $x))
(: mix (-> Number Number))
(= (mix $x) $x)
(= (mix $x) "s")
(= (cmix $x) (mix $x))
(: allbad (-> Number Number))
(= (allbad $x) "s")
(= (allbad $x) t)
(= (callbad $x) (allbad $x))
!(ctwo 1)
!(+ 10 (ctwo 1))
!(cmix 1)
!(callbad 1)
""",
    "symbols-bools-undefined": """
(: col (-> Color Number))
(: red Color)
(= (col red) 1)
(= (ccol $x) (col $x))
(: neg (-> Bool Bool))
(= (neg $b) (not $b))
(= (cneg $b) (neg $b))
(: u (-> Number %Undefined%))
(= (u $x) (foo $x))
(= (cu $x) (u $x))
!(ccol red)
!(ccol blue)
!(ccol 1)
!(cneg True)
!(cneg 1)
!(cu 1)
""",
    "typed-calls-typed": """
(: sq (-> Number Number))
(= (sq $x) (* $x $x))
(: sumsq (-> Number Number Number))
(= (sumsq $a $b) (+ (sq $a) (sq $b)))
(= (go $a $b) (sumsq $a $b))
!(go 3 4)
!(go 3 "b")
!(go 1.5 2)
""",
    "late-declaration": FIB + """
(= (f $x) (+ $x 1))
(= (g $x) (f $x))
!(g 1)
!(fib 6)
(: f (-> String Number))
!(g 1)
!(let $_ (remove-atom &self (: f (-> String Number))) (g 1))
!(let $_ (add-atom &self (: f (-> Number String))) (g 1))
!(let $_ (remove-atom &self (: f (-> Number String))) (g 1))
!(let $_ (remove-atom &self (: fib (-> Number Number))) (fib 6))
!(let $_ (add-atom &self (: fib (-> String Number))) (fib 6))
""",
    "late-rule": FIB + """
(= (h $x) (fib $x))
!(h 5)
(= (fib 3) 100)
!(h 5)
""",
}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("tier", COMPILED)
def test_typed_calls_give_tier_0s_results(name: str, tier: str) -> None:
    program = CASES[name]
    assert run(tier, program, **EAGER) == run("0", program)


def test_tier_1_calls_typed_fib_itself() -> None:
    got = run("1", FIB + "!(fib 15)\n", **EAGER)
    assert got == [["610"]]
    c = got.counters
    assert c["tier1.calls.tier0"] == 0
    assert c["tier1.calls.typed"] > 1000


def test_a_declaration_added_later_drops_the_direct_call() -> None:
    prog = "(: f (-> Number Number))\n(= (f $x) (+ $x 1))\n(= (g $x) (f $x))\n!(g 1)\n"
    got = run("1", prog, **EAGER)
    assert got == [["2"]]
    assert got.counters["tier1.calls.typed"] == 1
    got2 = run("1", "!(let $_ (remove-atom &self (: f (-> Number Number))) (g 1))\n"
               "!(let $_ (add-atom &self (: f (-> String Number))) (g 1))\n", metta=got.metta)
    assert got2 == [["2"], ["(Error (f 1) (BadArgType 1 String Number))"]]


def test_a_callee_not_hot_yet_keeps_going_through_tier_0() -> None:
    # default thresholds: the caller's chunk runs while the typed callee is still cold,
    # so the call hook does not run it (tier 0 goes on, then it becomes hot)
    prog = FIB + "(= (loop $n) (if (== $n 0) 0 (+ (fib 3) (loop (- $n 1)))))\n!(loop 40)\n"
    want = run("0", prog)
    for tier in ("auto", "1"):
        assert run(tier, prog) == want == [["80"]]
