"""An Error argument stops the evaluation of a call's later arguments, on every tier.

The reference (hyperon 0.2.10) and tier 0 evaluate arguments left to right and stop at the
first one whose value is an Error: that Error is the call's value, and the later arguments
are never evaluated (no side effect, no result of their own). Tier 1 checks an argument
with a ``NOP`` listed in ``chunk.err_exits`` when a later argument could show that it ran.
"""

from __future__ import annotations

from functools import partial

import pytest

import support

TIERS = support.TIERS

PRELUDE = """
!(bind! &c (new-state 0))
(= (bump) (let $v (get-state &c) (change-state! &c (+ $v 1))))
(= (pair $a $b) ($a $b))
(= (three $a $b $c) ($a $b $c))
(= (tailp $x) (pair $x (bump)))
"""


run = partial(support.run, tier1_threshold=0)  # every unit compiled at its first call


@pytest.mark.parametrize("tier", TIERS)
def test_the_reported_program(tier: str) -> None:
    # the reference prints [()] [caught] [0] [caught] [0]
    out = run(tier, PRELUDE + """
!(case (pair (/ 1 0) (bump)) (((Error $a $b) caught) ($x $x)))
!(get-state &c)
!(case (+ (/ 1 0) (bump)) (((Error $a $b) caught) ($x $x)))
!(get-state &c)
""")
    assert out == [["()"], ["caught"], ["0"], ["caught"], ["0"]]


DIV0 = "(Error (/ 1 0) DivisionByZero)"
CASES = [
    # (query, its results, the counter after it)
    ("(pair (/ 1 0) (bump))", [DIV0], "0"),
    ("(tailp (/ 1 0))", [DIV0], "0"),  # the call in tail position
    ("(let $e (/ 1 0) (pair $e (bump)))", [DIV0], "0"),  # a variable holding an Error
    ("(== (/ 1 0) (bump))", [DIV0], "0"),  # a dedicated opcode
    ('(three 1 (+ 1 "a") (bump))', ['(Error (+ 1 "a") (BadArgType 2 Number String))'], "0"),
    ('(three (+ 1 1) (pair 2 (- 1 "x")) (bump))',
     ['(Error (- 1 "x") (BadArgType 2 Number String))'], "0"),
    # an Error among several results stops its own path only (and is then dropped
    # beside the other result, as the reference's check_alternatives does)
    ("(pair (superpose ((/ 1 0) 1)) (bump))", ["(1 (State 1))"], "1"),
    # the Error comes after: the earlier argument ran
    ("(pair (bump) (/ 1 0))", [DIV0], "1"),
]


@pytest.mark.parametrize("tier", TIERS)
def test_later_arguments_are_not_evaluated(tier: str) -> None:
    for query, results, counter in CASES:
        out = run(tier, PRELUDE + f"!{query}\n!(get-state &c)\n")
        assert out[1:] == [results, [counter]], (tier, query)


@pytest.mark.parametrize("tier", ["0", "1", "2", "auto"])
def test_a_call_is_checked_before_its_arguments_run(tier: str) -> None:
    # the reference checks the call as written first: (/ 1 0) is a Number where a state
    # is expected (tests/interpreter/oracle_probes/checked_before_args_evaluated)
    out = run(tier, PRELUDE + "!(change-state! (/ 1 0) (bump))\n!(get-state &c)\n")
    assert out[1:] == [
        ["(Error (change-state! (/ 1 0) (bump)) (BadArgType 1 (StateMonad $tcso) Number))"],
        ["0"],
    ]
