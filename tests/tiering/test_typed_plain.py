"""Typed grounded calls whose arguments run before a check that could fail, on every tier.

Tier 0 (as hyperon 0.2.10) checks a typed call as written, with the values of its
variables substituted, before evaluating any argument, and gives the Error of its first
ill-typed argument. Tier 1 compiles such a call plainly (arguments evaluated in order,
then the operation) only where that cannot be told apart: the other arguments pure, or
(``_Compiler.led``) every variable the check looks at also checked in the first call
argument, with only constants before it -- then whatever fails makes that first call fail
first, before anything ran, in both tiers. Each case below is one where a looser rule
(plain code) gives another answer than tier 0: a side effect (``bump``) or several results
or an Error in an earlier argument, and an as-written failure in a later one.
"""

from __future__ import annotations

from functools import partial

import pytest

import support

TIERS = support.COMPILED

PRELUDE = """
!(bind! &c (new-state 0))
(= (bump) (let $v (get-state &c) (change-state! &c (+ $v 1))))
(: tick (-> Number Number))
(= (tick $x) (let $u (bump) $x))
(: inc (-> Number Number))
(= (inc $x) (+ $x 1))
(: bad (-> Number Number))
(= (bad $x) "oops")
(: many (-> Number Number))
(= (many $x) $x)
(= (many $x) (+ $x 10))
(: divz (-> Number Number))
(= (divz $x) (/ $x 0))
(: two (-> Number Number Number))
(= (two $x $y) (+ $x $y))
"""

# (definitions, queries): each query is followed by !(get-state &c)
CASES = [
    # an effect in an earlier argument, the failure in a later one (another variable)
    ("(= (g $a $b) (+ (tick $a) (inc $b)))", ['(g 1 "s")', "(g 1 2)", '(g "s" 1)']),
    # the same variable: the first argument fails first
    ("(= (g $a) (+ (tick $a) (inc $a)))", ['(g "s")', "(g 4)"]),
    ("(= (g $a) (+ (tick (inc $a)) (inc (inc $a))))", ['(g "s")', "(g 4)"]),
    # a constant call with an effect before the checked one
    ("(= (g $a) (+ (tick 1) (inc $a)))", ['(g "s")', "(g 4)"]),
    # a variable argument: after the call, not checked by it / checked by it / before it
    ("(= (g $a $b) (+ (tick $a) $b))", ['(g 1 "s")', "(g 1 2)"]),
    ("(= (g $a) (+ (tick $a) $a))", ['(g "s")', "(g 3)"]),
    ("(= (g $a) (+ $a (tick $a)))", ['(g "s")', "(g 3)"]),
    # an ill-typed inner call
    ("(= (g $a $b) (+ (tick $a) (inc (inc $b))))", ['(g 1 "s")']),
    ("(= (g $a) (+ (inc (inc $a)) (tick $a)))", ['(g "s")', "(g 1)"]),
    ("(= (g $a $b) (+ (tick $a) (two 1 $b)))", ['(g 1 "s")', "(g 1 2)"]),
    ("(= (g $a $b) (+ (two $a $b) (tick $a)))", ['(g 1 "s")', '(g "s" 1)', "(g 1 2)"]),
    # a typed function returning another type than declared
    ("(= (g $a) (+ (bad $a) (tick $a)))", ['(g "s")', "(g 1)"]),
    ("(= (g $a $b) (+ (bad $a) (inc $b)))", ['(g 1 "s")', "(g 1 2)"]),
    # several results, an Error before the failing argument
    ("(= (g $a $b) (+ (many $a) (inc $b)))", ['(g 1 "s")', "(g 1 2)"]),
    ("(= (g $a) (+ (many $a) (tick $a)))", ['(g "s")', "(g 1)"]),
    ("(= (g $a $b) (+ (divz $a) (tick $b)))", ['(g 1 "s")', "(g 1 2)"]),
    # a type variable: == binds $t from its first argument
    ("(= (g $a $b) (== (tick $a) $b))", ['(g 1 "s")', "(g 1 1)"]),
    ("(= (g $a) (== (tick $a) $a))", ['(g "s")', "(g 1)"]),
    # a laundered value reaches a typed function's body
    ("(: h (-> Number Number)) (= (h $n) (+ (tick $n) (inc $n)))",
     ['(h (let $x "s" $x))', "(h 2)"]),
    # the type of an expression declared: (inc 5) is a String as written
    ("(: (inc 5) String) (= (g $a) (+ (inc $a) (tick $a)))", ["(g 5)", "(g 6)"]),
    # typed fib, the motivating case
    ("(: fib (-> Number Number)) "
     "(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))",
     ["(fib 10)", '(fib (let $x "s" $x))']),
]


run = partial(support.run, tier1_threshold=0)  # every unit compiled at its first call


def program(defs: str, queries: list[str]) -> str:
    return PRELUDE + defs + "\n" + "".join(f"!{q}\n!(get-state &c)\n" for q in queries)


@pytest.mark.parametrize("tier", TIERS)
@pytest.mark.parametrize(("defs", "queries"), CASES, ids=[str(i) for i in range(len(CASES))])
def test_typed_calls_as_tier0(tier: str, defs: str, queries: list[str]) -> None:
    text = program(defs, queries)
    assert run(tier, text) == run("0", text)


def test_the_reported_results() -> None:
    # what tier 0 gives, spelled out for the cases a plain compilation got wrong
    out = run("1", program("(= (g $a $b) (+ (tick $a) (inc $b)))", ['(g 1 "s")']))
    assert out[-2:] == [['(Error (inc "s") (BadArgType 1 Number String))'], ["0"]]
    out = run("1", program("(= (g $a) (+ $a (tick $a)))", ['(g "s")']))
    assert out[-2:] == [['(Error (+ "s" (tick "s")) (BadArgType 1 Number String))'], ["0"]]
    out = run("1", program("(= (g $a) (+ (tick $a) (inc $a)))", ['(g "s")']))
    assert out[-2:] == [['(Error (tick "s") (BadArgType 1 Number String))'], ["0"]]


def test_typed_fib_compiles_plainly() -> None:
    text = """
(: fib (-> Number Number))
(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))
!(fib 15)
"""
    got = run("1", text)
    assert got == [["610"]]
    fallbacks = {k: v for k, v in got.counters.items() if k.startswith("tier1.fallback.")}
    assert fallbacks == {}
