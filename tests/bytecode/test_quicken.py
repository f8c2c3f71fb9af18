"""The quickening pass: which runs become quickened opcodes, that no jump lands inside one,
and that a quickened chunk computes what its plain code computes, on every kind of value
(the fast case, and the fallback into its parts)."""

from __future__ import annotations

import pytest

from mettajit.atoms.core import FALSE, TRUE, Atom, S, num
from mettajit.bytecode.analysis import max_stack_depth
from mettajit.bytecode.chunk import Chunk
from mettajit.bytecode.opcodes import Opcode as O
from mettajit.bytecode.quicken import quicken
from support import asm as _asm
from support import function_chunk, interpreter, vm_run

L0 = (O.LOAD_LOCAL, 0)
RET = (O.RETURN,)


def asm(*instrs: tuple[int, ...]) -> Chunk:
    return _asm(*instrs, arity=1)


def opcodes(chunk: Chunk) -> list[O]:
    return [op for _, op, _ in chunk.instructions()]


# (x - 3) * 2 < 5, then an if on it: 0 L0 | 2 PUSH 3 | 4 SUB | 5 PUSH 2 | 7 MUL | 8 PUSH 5
# | 10 LT | 11 BRANCH_BOOL 16 19 | 14 PUSH_TRUE | 15 RETURN | 16 PUSH_FALSE | 17 RETURN
# | 18 NOP | 19 RETURN (the non-Bool way: the value pushed back)
PROGRAM = [L0, (O.PUSH_LONG_SMALL, 3), (O.SUB,), (O.PUSH_LONG_SMALL, 2), (O.MUL,),
           (O.PUSH_LONG_SMALL, 5), (O.LT,), (O.BRANCH_BOOL, 16, 19), (O.PUSH_TRUE,), RET,
           (O.PUSH_FALSE,), RET, (O.NOP,), RET]


def test_runs_become_quickened_opcodes_in_place() -> None:
    plain = asm(*PROGRAM)
    quick = quicken(asm(*PROGRAM))
    assert opcodes(quick)[:5] == [O.LOAD_LOCAL, O.ARITH_SMALL, O.ARITH_SMALL,
                                  O.CMP_SMALL_BRANCH, O.PUSH_TRUE]
    # only first words change: same size, same offsets, the parts' words in place
    assert len(quick.code) == len(plain.code)
    assert [i for i, (a, b) in enumerate(zip(plain.code, quick.code, strict=True)) if a != b] \
        == [2, 5, 8]
    assert max_stack_depth(quick) == max_stack_depth(plain) == 2


def test_no_run_is_quickened_across_a_jump_target() -> None:
    # 0 L0 | 2 JUMP_IF_FALSE 6 | 4 L0 | 6 PUSH 2 | 8 ADD | 9 RETURN: a jump to the start
    # of a run is fine
    c = quicken(asm(L0, (O.JUMP_IF_FALSE, 6), L0, (O.PUSH_LONG_SMALL, 2), (O.ADD,), RET))
    assert O.ARITH_SMALL in opcodes(c)
    # 0 L0 | 2 L0 | 4 JUMP_IF_FALSE 10 | 6 L0 | 8 PUSH 2 | 10 ADD: the ADD is a jump target
    c = quicken(asm(L0, L0, (O.JUMP_IF_FALSE, 10), L0, (O.PUSH_LONG_SMALL, 2), (O.ADD,), RET))
    assert O.ARITH_SMALL not in opcodes(c)
    c = asm(L0, (O.PUSH_LONG_SMALL, 2), (O.ADD,), RET)
    c.err_exits[0] = (1, 4)  # an Error exit into the run
    assert O.ARITH_SMALL not in opcodes(quicken(c))


@pytest.mark.parametrize("arg", [num(9), num(4), num(-100), num(2.5), num(10**30), TRUE,
                                 S("sym"), FALSE])
def test_quickened_code_computes_what_plain_code_computes(arg: Atom) -> None:
    interp = interpreter()
    got = [vm_run(c, arg, interp=interp) for c in (asm(*PROGRAM), quicken(asm(*PROGRAM)))]
    assert got[0] == got[1]


def test_a_quickened_arithmetic_run_falls_back_on_a_float() -> None:
    c = quicken(asm(L0, (O.PUSH_LONG_SMALL, 3), (O.SUB,), (O.PUSH_LONG_SMALL, 2), (O.MUL,), RET))
    assert opcodes(c).count(O.ARITH_SMALL) == 2
    assert vm_run(c, num(10)).atoms == [num(14)]
    assert vm_run(c, num(1.5)).atoms == [num(-3.0)]


def test_the_compiler_quickens_what_it_makes() -> None:
    interp = interpreter("(= (f $n) (if (< $n 2) $n (f (- $n 1))))")
    ops = opcodes(function_chunk(interp, "f", 1))
    assert O.CMP_SMALL_BRANCH in ops and O.ARITH_SMALL in ops
