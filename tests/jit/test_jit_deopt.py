"""Guards and bail-outs: every failed assumption returns BAILOUT (never a wrong value, never
a crash), and running the unit again in a lower tier gives the exact answer."""

from __future__ import annotations

import gc
import sys

import pytest

import support
from mettajit.atoms.core import FALSE, TRUE, E, S, num, string
from mettajit.bytecode.opcodes import Opcode as O
from mettajit.grounded import arith
from mettajit.grounded.registry import OpError
from mettajit.jit import values as VL
from mettajit.jit.helpers import BailReason
from mettajit.runner.seed_bench import assemble_expression
from mettajit.runner.tier2 import BAILOUT

L0, L1 = (O.LOAD_LOCAL, 0), (O.LOAD_LOCAL, 1)


def _binary(tier2, make_chunk, op):  # type: ignore[no-untyped-def]
    return tier2.compile(make_chunk(2, L0, L1, (op,), (O.RETURN,), name=op.name))


def test_small_ints_stay_native(tier2, make_chunk) -> None:  # type: ignore[no-untyped-def]
    unit = _binary(tier2, make_chunk, O.ADD)
    assert unit.run([num(40), num(2)]) == num(42)
    assert unit.last_reason is None


def test_a_float_reaching_add_bails_out(tier2, make_chunk) -> None:  # type: ignore[no-untyped-def]
    unit = _binary(tier2, make_chunk, O.ADD)
    tier2.flush_stats()
    before = tier2.stats.counters["jit.deopts.not_small_int"]
    assert unit.run([num(1.5), num(2)]) is BAILOUT
    assert unit.last_reason is BailReason.NOT_SMALL_INT
    tier2.flush_stats()
    assert tier2.stats.counters["jit.deopts.not_small_int"] == before + 1
    # tier 1 (the grounded semantics) then gives the float answer
    assert arith.add(num(1.5), num(2)) == num(3.5)


@pytest.mark.parametrize("op,x,y,exact", [
    (O.ADD, VL.INT_MAX, 1, VL.INT_MAX + 1),
    (O.SUB, VL.INT_MIN, 1, VL.INT_MIN - 1),
    (O.MUL, VL.INT_MAX, VL.INT_MAX, VL.INT_MAX**2),  # past i64 too: the checked multiply
    (O.MUL, 1 << 40, 1 << 10, 1 << 50),  # fits i64, not 48 bits: the boxing check
    (O.DIV, VL.INT_MIN, -1, -VL.INT_MIN),
])
def test_overflow_bails_out_and_ends_as_the_exact_big_int(
        tier2, make_chunk, op, x, y, exact) -> None:  # type: ignore[no-untyped-def]
    unit = _binary(tier2, make_chunk, op)
    assert unit.run([num(x), num(y)]) is BAILOUT
    assert unit.last_reason is BailReason.OVERFLOW
    ref = {O.ADD: arith.add, O.SUB: arith.sub, O.MUL: arith.mul, O.DIV: arith.div}[op]
    assert ref(num(x), num(y)) == num(exact)


def test_neg_of_the_smallest_int_overflows(tier2, make_chunk) -> None:  # type: ignore[no-untyped-def]
    unit = tier2.compile(make_chunk(1, L0, (O.PUSH_LONG_SMALL, 0), (O.SWAP,), (O.SUB,), (O.RETURN,),
                                     name="neg"))
    assert unit.run([num(-5)]) == num(5)
    assert unit.run([num(VL.INT_MIN)]) is BAILOUT
    assert unit.last_reason is BailReason.OVERFLOW


@pytest.mark.parametrize("op", [O.DIV, O.MOD])
def test_division_by_zero_bails_out(tier2, make_chunk, op) -> None:  # type: ignore[no-untyped-def]
    unit = _binary(tier2, make_chunk, op)
    assert unit.run([num(1), num(0)]) is BAILOUT
    assert unit.last_reason is BailReason.DIVISION_BY_ZERO
    if op is O.DIV:  # what tier 1 then makes of it
        with pytest.raises(OpError):
            arith.div(num(1), num(0))


def test_constant_division_by_zero_is_a_bailout_not_a_crash(tier2) -> None:  # type: ignore[no-untyped-def]
    unit = tier2.compile(assemble_expression(E(S("/"), num(1), num(0)), name="div0"))
    assert unit.run([]) is BAILOUT
    assert unit.last_reason is BailReason.DIVISION_BY_ZERO


@pytest.mark.parametrize("x,y,q,r", [(7, 2, 3, 1), (-7, 2, -3, -1), (7, -2, -3, 1),
                                      (-7, -2, 3, -1), (6, 3, 2, 0), (-6, 3, -2, 0)])
def test_division_signs(tier2, make_chunk, x, y, q, r) -> None:  # type: ignore[no-untyped-def]
    assert _binary(tier2, make_chunk, O.DIV).run([num(x), num(y)]) == num(q)
    assert _binary(tier2, make_chunk, O.MOD).run([num(x), num(y)]) == num(r)
    assert arith.div(num(x), num(y)) == num(q) and arith.mod(num(x), num(y)) == num(r)


@pytest.mark.parametrize("arg", [S("foo"), string("a"), TRUE, E(S("f"), num(1))])
def test_a_non_number_where_a_number_was_expected(tier2, make_chunk, arg) -> None:  # type: ignore[no-untyped-def]
    unit = _binary(tier2, make_chunk, O.MUL)
    assert unit.run([arg, num(2)]) is BAILOUT
    assert unit.last_reason is BailReason.NOT_SMALL_INT


def test_a_number_where_a_bool_was_expected(tier2, make_chunk) -> None:  # type: ignore[no-untyped-def]
    unit = _binary(tier2, make_chunk, O.AND)
    assert unit.run([TRUE, FALSE]) is FALSE
    assert unit.run([TRUE, num(1)]) is BAILOUT
    assert unit.last_reason is BailReason.UNEXPECTED_VALUE


def test_equality_of_words_and_the_cases_left_to_tier_1(tier2, make_chunk) -> None:  # type: ignore[no-untyped-def]
    unit = _binary(tier2, make_chunk, O.EQ)
    assert unit.run([S("a"), S("a")]) is TRUE
    assert unit.run([num(3), num(3)]) is TRUE
    assert unit.run([num(3), num(4)]) is FALSE and unit.run([TRUE, FALSE]) is FALSE
    # two kinds: ``==`` is typed (-> $t $t Bool), tier 0 gives (BadArgType 2 Number Bool)
    assert unit.run([num(1), TRUE]) is BAILOUT
    assert unit.last_reason is BailReason.UNEXPECTED_VALUE
    # two symbols: their declared types (if any) decide between False and an error
    assert unit.run([S("a"), S("b")]) is BAILOUT
    assert unit.run([num(1), num(1.0)]) is BAILOUT  # numeric equality across kinds
    e1, e2 = E(S("f"), num(1)), E(S("f"), num(1))
    assert unit.run([e1, e1]) is TRUE
    assert unit.run([e1, e2]) is BAILOUT  # structural equality: tier 1


def test_wrong_arity_bails_out(tier2, make_chunk) -> None:  # type: ignore[no-untyped-def]
    unit = _binary(tier2, make_chunk, O.ADD)
    assert unit.run([num(1)]) is BAILOUT
    assert unit.last_reason is BailReason.ARITY


def test_pow_big_results_are_exact_and_do_not_leak(tier2, make_chunk) -> None:  # type: ignore[no-untyped-def]
    unit = _binary(tier2, make_chunk, O.POW)
    assert unit.run([num(3), num(4)]) == num(81)
    assert unit.run([num(2), num(65536)]) == num(2**65536)
    assert unit.run([num(-3), num(101)]) == num((-3) ** 101)
    assert unit.run([num(2), num(-1)]) is BAILOUT  # a float result: tier 1
    # a big result consumed by another operation: bail out, and release it
    chunk = make_chunk(2, L0, L1, (O.POW,), (O.PUSH_LONG_SMALL, 1), (O.ADD,), (O.RETURN,),
                       name="powadd")
    unit2 = tier2.compile(chunk)
    gc.collect()
    blocks = sys.getallocatedblocks()
    for _ in range(200):
        assert unit2.run([num(7), num(100)]) is BAILOUT
        assert unit.run([num(7), num(100)]) == num(7**100)
    gc.collect()
    assert sys.getallocatedblocks() - blocks < 50


def test_control_flow_and_locals(tier2, make_chunk) -> None:  # type: ignore[no-untyped-def]
    # abs by hand: 0 L0 | 2 DUP | 3 PUSH 0 | 5 LT | 6 JUMP_IF_FALSE 13 | 8 PUSH 0 | 10 SWAP
    # | 11 SUB | 12 NOP | 13 RETURN
    chunk = make_chunk(1, L0, (O.DUP,), (O.PUSH_LONG_SMALL, 0), (O.LT,), (O.JUMP_IF_FALSE, 13),
                       (O.PUSH_LONG_SMALL, 0), (O.SWAP,), (O.SUB,), (O.NOP,), (O.RETURN,),
                       name="myabs")
    unit = tier2.compile(chunk)
    assert unit.run([num(-9)]) == num(9)
    assert unit.run([num(4)]) == num(4)
    # a loop: sum 1..n with locals; 0 PUSH 0 | 2 STORE 1 | 4 L0 | 6 PUSH 0 | 8 GT
    # | 9 JIF 27 | 11 L1 | 13 L0 | 15 ADD | 16 STORE 1 | 18 L0 | 20 PUSH 1 | 22 SUB
    # | 23 STORE 0 | 25 JUMP 4 | 27 L1 | 29 RETURN
    loop = make_chunk(1, (O.PUSH_LONG_SMALL, 0), (O.STORE_LOCAL, 1), L0,
                      (O.PUSH_LONG_SMALL, 0), (O.GT,), (O.JUMP_IF_FALSE, 27), L1, L0, (O.ADD,),
                      (O.STORE_LOCAL, 1), L0, (O.PUSH_LONG_SMALL, 1), (O.SUB,),
                      (O.STORE_LOCAL, 0), (O.JUMP, 4), L1, (O.RETURN,), name="sum")
    unit = tier2.compile(loop)
    assert unit.run([num(100)]) == num(5050)
    assert unit.run([num(1.0)]) is BAILOUT


def test_arguments_as_a_tuple_or_list_only(tier2, make_chunk) -> None:  # type: ignore[no-untyped-def]
    unit = _binary(tier2, make_chunk, O.SUB)
    assert unit.run((num(5), num(7))) == num(-2)
    assert unit.run([num(5), num(7)]) == num(-2)
    for bad in ([num(1), num(2), num(3)], (), {num(1): 1, num(2): 2}, num(1)):
        assert unit.run(bad) is BAILOUT
        assert unit.last_reason is BailReason.ARITY
    assert unit.run.__self__ is unit.code  # type: ignore[attr-defined]  # keeps it alive


@pytest.mark.parametrize("op,arg,want", [
    ("+", num(VL.INT_MAX), num(VL.INT_MAX + 1)),  # overflow: the exact big int
    ("*", num(1 << 47), num(1 << 48)),
    ("+", num(1.5), num(2.5)),  # a float: tier 1's business
    ("/", num(0), None),  # division by zero: tier 1 makes the Error value
    ("-", S("foo"), None),  # a symbol: tier 1 returns the call as data (or an error)
])
def test_bailouts_end_in_tier_1_with_its_answer(tier2, op, arg, want) -> None:  # type: ignore[no-untyped-def]
    """The deoptimisation contract with the real tier 1: a bail-out means "run the unit in
    tier 1 from its start", and that gives tier 1's (and tier 0's) answer."""
    interp = support.interpreter()
    leaf = num(1)
    expr = E(S(op), num(1), leaf) if op == "/" else E(S(op), leaf, num(1 if op != "*" else 2))
    chunk = support.query_chunk(interp, expr, arity=1, leaf=leaf)
    unit = tier2.compile(chunk)
    assert unit is not None, chunk.instructions()
    assert unit.run([num(20)]) != BAILOUT  # the fast path works
    assert unit.run([arg]) is BAILOUT
    tier1 = support.vm_run(chunk, arg, interp=interp).atoms
    tier0 = interp.evaluate(E(S(op), num(1), arg) if op == "/" else
                            E(S(op), arg, num(1 if op != "*" else 2)))
    assert tier1 == tier0
    if want is not None:
        assert tier1 == [want]
