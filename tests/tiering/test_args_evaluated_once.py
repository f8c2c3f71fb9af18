"""Each argument of a ground call is evaluated once, on every tier.

Tier 0 evaluates every argument of a ground call once, then applies the call to each
combination of their results. The VM runs the code of the later arguments again for each
result of an earlier one (its choice point resumes there), which shows when a later
argument has an effect: the compiler hands such a call to tier 0 (``_Compiler.reruns``).
The reference (hyperon 0.2.10) evaluates the later arguments again for each result of an
earlier one (the first program gives 2 there): tier 0 is the oracle for the tiers.
"""

from __future__ import annotations

import pytest

from support import COMPILED, run

TIERS = COMPILED

PRELUDE = """
!(bind! &c (new-state 0))
(= (bump) (let $v (get-state &c) (change-state! &c (+ $v 1))))
(= (bumpn) (let $v (get-state &c) (let $_ (change-state! &c (+ $v 1)) $v)))
(= (m2 $x) $x)
(= (m2 $x) (+ $x 1))
(= (pair $a $b) ($a $b))
(= (three $a $b $c) ($a $b $c))
(k 1)
(k 2)
(= (ks) (match &self (k $x) $x))
"""

# (definitions, query); each run is followed by reading the counter
PROGRAMS = [
    ("(= (go) (pair (m2 1) (bump)))", "(go)"),  # the reported program
    ("", "(pair (m2 1) (bump))"),  # a user call in the query
    ("(= (go) (+ (m2 1) (bumpn)))", "(go)"),  # a dedicated opcode
    ("(= (go) (* (m2 1) (bumpn)))", "(go)"),
    ("(= (go) (== (m2 1) (bumpn)))", "(go)"),
    ("(= (go) (nop (m2 1) (bumpn)))", "(go)"),  # a grounded call (CALL_GROUNDED)
    ("(= (go) (nop (superpose (1 2)) 0 (bumpn)))", "(go)"),
    ("(= (go $x) (pair (m2 $x) (bump)))", "(go 5)"),  # a variable argument
    ("(= (go) (three (m2 1) 7 (bump)))", "(go)"),  # a quiet argument between
    ("(= (go) (three (m2 1) (m2 3) (bump)))", "(go)"),
    ("(= (go) (pair (pair (m2 1) (bump)) (bump)))", "(go)"),  # nested
    ("(= (go) (pair (m2 (m2 1)) (pair 0 (bump))))", "(go)"),
    ("(= (go) (pair (superpose (1 2 3)) (bump)))", "(go)"),  # superpose arguments
    ("(= (go) (pair (m2 1) (superpose ((bump) (bump)))))", "(go)"),
    ("(= (go) (pair (match &self (k $x) $x) (bump)))", "(go)"),  # match arguments
    ("(= (go) (+ (match &self (k $x) $x) (bumpn)))", "(go)"),
    ("(= (go) (pair (ks) (bump)))", "(go)"),  # a ground call of a match
    ("(= (go) (nop (ks) (bumpn)))", "(go)"),
    ("(= (go) ((m2 1) (bump)))", "(go)"),  # a tuple: every element evaluated
    ("(= (go) (pair (bump) (m2 1)))", "(go)"),  # the effect first: evaluated once anyway
    ("(= (go) (pair (m2 1) (let $z 1 (bump))))", "(go)"),  # not ground: again per result
    ("(= (go) (let $r (pair (m2 1) (bump)) $r))", "(go)"),  # in a let
    ("(= (go) (pair (m2 1) (bump)))\n(= (go2) (collapse (go)))", "(go2)"),
]


def program(defs: str, query: str) -> str:
    return PRELUDE + defs + f"\n!(collapse {query})\n!(get-state &c)\n!{query}\n!(get-state &c)\n"


@pytest.mark.parametrize("tier", TIERS)
@pytest.mark.parametrize(("defs", "query"), PROGRAMS)
def test_as_tier_0(tier: str, defs: str, query: str) -> None:
    text = program(defs, query)
    assert run(tier, text, tier1_threshold=0).sorted() == run("0", text).sorted()


def test_tier_0_evaluates_each_argument_of_a_ground_call_once() -> None:
    out = run("0", program("(= (go) (pair (m2 1) (bump)))", "(go)")).sorted()
    assert out[2] == ["1"] and out[4] == ["2"]
    # not ground (a let's variable): the later argument again for each result
    out = run("0", program("(= (go) (pair (m2 1) (let $z 1 (bump))))", "(go)")).sorted()
    assert out[2] == ["2"] and out[4] == ["4"]
