"""Lowering as text: one IR snapshot per compiled opcode, each then validated by LLVM; and
the opcode table's ``jit`` column agrees with the lowering methods.

Regenerate the snapshots after a deliberate change with ``METTAJIT_UPDATE_SNAPSHOTS=1``
(and read the diff)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import llvmlite.binding as llvm
import pytest

import support
from mettajit.atoms.core import S, num
from mettajit.bytecode.chunk import Chunk
from mettajit.bytecode.compiler import compile_function, data_chunk
from mettajit.bytecode.opcodes import OPCODES, Opcode
from mettajit.bytecode.quicken import quicken
from mettajit.jit.lower import LoweredUnit, Lowering, NotCompilable, lower_chunk, lower_function

OP = Opcode
SNAPSHOTS = Path(__file__).parent / "snapshots"
L0, L1, L2 = (OP.LOAD_LOCAL, 0), (OP.LOAD_LOCAL, 1), (OP.LOAD_LOCAL, 2)
RET = (OP.RETURN,)

BINARY = [OP.ADD, OP.SUB, OP.MUL, OP.DIV, OP.MOD, OP.POW, OP.AND, OP.OR, OP.XOR,
          OP.LT, OP.LE, OP.GT, OP.GE, OP.EQ]
UNARY = [OP.NOT]

# opcode -> (arity, program); constants: PUSH_LONG 0 is 1000, PUSH_CONSTANT 1 is 2.5
PROGRAMS: dict[Opcode, tuple[int, list[tuple[int, ...]]]] = {
    **{op: (2, [L0, L1, (op,), RET]) for op in BINARY},
    **{op: (1, [L0, (op,), RET]) for op in UNARY},
    OP.NOP: (1, [L0, (OP.NOP,), RET]),
    OP.POP: (2, [L0, L1, (OP.POP,), RET]),
    OP.DUP: (1, [L0, (OP.DUP,), (OP.ADD,), RET]),
    OP.SWAP: (2, [L0, L1, (OP.SWAP,), (OP.SUB,), RET]),
    OP.PUSH_NIL: (0, [(OP.PUSH_NIL,), RET]),
    OP.PUSH_TRUE: (0, [(OP.PUSH_TRUE,), RET]),
    OP.PUSH_FALSE: (0, [(OP.PUSH_FALSE,), RET]),
    OP.PUSH_UNIT: (0, [(OP.PUSH_UNIT,), RET]),
    OP.PUSH_LONG_SMALL: (1, [L0, (OP.PUSH_LONG_SMALL, -7), (OP.MUL,), RET]),
    OP.PUSH_LONG: (1, [L0, (OP.PUSH_LONG, 0), (OP.ADD,), RET]),
    OP.PUSH_CONSTANT: (0, [(OP.PUSH_CONSTANT, 1), RET]),
    # 0 JUMP 4 | 2 PUSH_NIL | 3 RETURN | 4 LOAD_LOCAL 0 | 6 RETURN
    OP.JUMP: (1, [(OP.JUMP, 4), (OP.PUSH_NIL,), RET, L0, RET]),
    # 0 LOAD_LOCAL 0 | 2 JUMP_IF_x 7 | 4 PUSH 1 | 6 RETURN | 7 PUSH 2 | 9 RETURN
    OP.JUMP_IF_FALSE: (1, [L0, (OP.JUMP_IF_FALSE, 7), (OP.PUSH_LONG_SMALL, 1), RET,
                          (OP.PUSH_LONG_SMALL, 2), RET]),
    OP.RETURN: (1, [L0, RET]),
    OP.LOAD_LOCAL: (2, [L1, RET]),
    OP.STORE_LOCAL: (1, [L0, (OP.STORE_LOCAL, 1), (OP.LOAD_LOCAL, 1), (OP.LOAD_LOCAL, 1), (OP.ADD,),
                        RET]),
    OP.LOAD_EVAL: (1, [(OP.LOAD_EVAL, 0), (OP.LOAD_EVAL, 0), (OP.ADD,), RET]),
    # 0 LOAD_LOCAL 0 | 2 BRANCH_BOOL 8 8 | 5 PUSH 1 | 7 RETURN | 8 PUSH 2 | 10 RETURN
    OP.BRANCH_BOOL: (1, [L0, (OP.BRANCH_BOOL, 8, 8), (OP.PUSH_LONG_SMALL, 1), RET,
                        (OP.PUSH_LONG_SMALL, 2), RET]),
    # function units calling themselves (funcs[0]): count $n down to 0
    # 0 LOAD_EVAL 0 | 2 PUSH 0 | 4 EQ | 5 BRANCH_BOOL 11 11 | 8 PUSH 0 | 10 RETURN
    # 11 LOAD_EVAL 0 | 13 PUSH 1 | 15 SUB | 16 CALL/TAIL_CALL 0 1 | 19 RETURN
    **{op: (1, [(OP.LOAD_EVAL, 0), (OP.PUSH_LONG_SMALL, 0), (OP.EQ,), (OP.BRANCH_BOOL, 11, 11),
                (OP.PUSH_LONG_SMALL, 0), RET, (OP.LOAD_EVAL, 0), (OP.PUSH_LONG_SMALL, 1),
                (OP.SUB,), (op, 0, 1), RET]) for op in (OP.CALL, OP.TAIL_CALL)},
    # quickened runs (bytecode/quicken.py rewrites these programs into them)
    OP.ARITH_SMALL: (1, [L0, (OP.PUSH_LONG_SMALL, 3), (OP.SUB,), (OP.PUSH_LONG_SMALL, 2),
                         (OP.MUL,), RET]),
    OP.CMP_SMALL: (1, [L0, (OP.PUSH_LONG_SMALL, 3), (OP.LE,), RET]),
    OP.RETURN_LEAN: (1, [L0, RET]),  # a lean chunk's RETURN: lowered as RETURN
    # 0 LOAD_LOCAL 0 | 2 CMP_SMALL_BRANCH 3 LT BRANCH_BOOL 11 11 | 8 PUSH 1 | 10 RETURN
    # | 11 PUSH 2 | 13 RETURN
    OP.CMP_SMALL_BRANCH: (1, [L0, (OP.PUSH_LONG_SMALL, 3), (OP.LT,), (OP.BRANCH_BOOL, 11, 11),
                              (OP.PUSH_LONG_SMALL, 1), RET, (OP.PUSH_LONG_SMALL, 2), RET]),
}
CALLS = (OP.CALL, OP.TAIL_CALL)
# a function unit of its own (opcodes of function groups only): each element of the argument
PROGRAMS[OP.SUPERPOSE] = (1, [L0, (OP.SUPERPOSE,), RET])
GROUPED = (OP.SUPERPOSE,)
SP = "(= (sp $x) (superpose ($x (+ $x 1))))"  # a multi function (a FORK)
# the term opcodes (jit.terms), in function units compiled from rules: opcode -> rules and
# the unit's (head, length); a key without rules is its data chunk (compiler.data_chunk)
TERMS: dict[Opcode, tuple[tuple[str, ...], tuple[str, int]]] = {
    OP.MATCH_HEAD: (("(= (from-peano Z) 0)", "(= (from-peano (S $x)) (+ 1 (from-peano $x)))"),
                    ("from-peano", 2)),
    OP.FORK: (("(= (pick A $x) $x)", "(= (pick (B $y 7) $x) (Pair $y $x))"), ("pick", 3)),
    OP.NO_MATCH: ((), ("S", 2)),
    # nondeterminism (jit.nondet, jit.choice): multi functions and choice sites
    OP.FAIL: (("(= (opt $x) (if (> $x 1) $x (empty)))",), ("opt", 2)),
    OP.MAKE_EXPR: (("(= (two $x) (let $y (+ $x 1) ($y $x)))",), ("two", 2)),
    OP.UNIFY: (("(= (cs $v) (case $v ((A a) ((P $y) $y))))",), ("cs", 2)),
    **{op: ((SP, "(= (col $n) (collapse (sp $n)))"), ("col", 2))
       for op in (OP.COLLECT, OP.YIELD, OP.END_COLLECT)},
    # spaces (jit.spacematch): a token, data built from a template, a space effect queued
    # and committed at the end of each turn of the loop (the TAIL_CALL) and at RETURN
    OP.LOAD_TOKEN: (("(= (here $x) &self)",), ("here", 2)),
    OP.PUSH_TEMPLATE: (("(= (tmpl $x) (quote (e (p $x) $x)))",), ("tmpl", 2)),
    OP.CALL_GROUNDED: (("(= (put $i $n) (if (>= $i $n) () "
                        "(let $u (add-atom &self (e $i)) (put (+ $i 1) $n))))",), ("put", 3)),
    # a match: a choice site over the rows of one rt_space_match call (each row's word
    # into $b's local), the no-space way a bail-out
    OP.MATCH: (("(= (hop $a) (match &self (edge $a $b) $b))",), ("hop", 2)),
}

COMPILED = [op for op in Opcode if OPCODES[op].jit is not None]


def chunk_for(op: Opcode) -> Chunk:
    arity, program = PROGRAMS[op]
    chunk = Chunk(name=op.name.lower(), arity=arity, n_locals=arity)
    chunk.add_constant(num(1000))
    chunk.add_constant(num(2.5))
    for opcode, *operands in program:
        chunk.emit(Opcode(opcode), *operands)
    if op in CALLS:
        chunk.add_func((S("count"), 2))
    if OPCODES[op].parts:
        quicken(chunk)
        assert chunk.code[2] == op
    return chunk


def term_unit(op: Opcode) -> tuple[Chunk, dict[tuple[Any, int], Chunk]]:
    """The function unit of a term opcode's rules, and its callees (compiled the same)."""
    rules, (head, length) = TERMS[op]
    interp = support.interpreter(*rules)

    def unit(key: tuple[Any, int]) -> Chunk:
        found = interp.space.rule_index.get(key)
        return compile_function(key, list(found), interp) if found else data_chunk(key)

    root = unit((S(head), length))
    return root, {key: unit(key) for key in root.funcs}


def lower_for(op: Opcode) -> tuple[LoweredUnit, str]:
    """The lowering of an opcode's program and the name of the function to snapshot."""
    if op in TERMS:
        name = f"snap_{op.name.lower()}"
        root, callees = term_unit(op)
        return lower_function(root, callees, name), f"{name}.f0"
    chunk = chunk_for(op)
    name = f"snap_{op.name.lower()}"
    if op in CALLS or op in GROUPED:
        lowered = lower_function(chunk, {(S("count"), 2): chunk} if op in CALLS else {}, name)
        return lowered, f"{name}.f0"
    lowered = lower_chunk(chunk, name)
    return lowered, lowered.unit_name


def test_every_compiled_opcode_has_a_lowering_and_a_snapshot_program() -> None:
    methods = {m[len("lower_"):] for m in dir(Lowering) if m.startswith("lower_")}
    # a quickened opcode is lowered as its parts
    assert methods == {op.name.lower() for op in COMPILED if not OPCODES[op].parts}
    for op in COMPILED:
        for allowed in OPCODES[op].parts:
            assert all(part in COMPILED for part in allowed)
    assert set(PROGRAMS) | set(TERMS) == set(COMPILED)


@pytest.mark.parametrize("op", [op for op in Opcode if OPCODES[op].jit is None],
                         ids=lambda op: op.name)
def test_opcodes_without_jit_are_not_compiled(op: Opcode) -> None:
    chunk = Chunk(name="x", arity=0)
    chunk.code = [int(op), *([0] * len(OPCODES[op].operands)), int(OP.RETURN)]
    with pytest.raises(NotCompilable):
        lower_chunk(chunk)


@pytest.mark.parametrize("op", COMPILED, ids=lambda op: op.name)
def test_ir_snapshot(op: Opcode) -> None:
    lowered, fn_name = lower_for(op)
    text = str(lowered.module.get_global(fn_name))
    path = SNAPSHOTS / f"{op.name.lower()}.ll"
    if os.environ.get("METTAJIT_UPDATE_SNAPSHOTS") or not path.exists():
        path.write_text(text)
        if not os.environ.get("METTAJIT_UPDATE_SNAPSHOTS"):
            pytest.fail(f"new snapshot {path.name} written: check it in")
    assert text == path.read_text()
    # and the whole module (helpers, entry) is valid LLVM
    llvm.parse_assembly(lowered.text()).verify()


@pytest.mark.parametrize("bad", [
    [(OP.ADD,), RET],  # stack underflow
    [(OP.PUSH_TRUE,), (OP.JUMP_IF_FALSE, 99), (OP.PUSH_NIL,), RET],  # jump outside the code
    [(OP.PUSH_NIL,)],  # runs off the end
    # 0 PUSH_TRUE | 1 JUMP_IF_FALSE 5 | 3 PUSH_NIL | 4 PUSH_NIL | 5 RETURN: depths 0, 2 meet
    [(OP.PUSH_TRUE,), (OP.JUMP_IF_FALSE, 5), (OP.PUSH_NIL,), (OP.PUSH_NIL,), RET],
    [(OP.PUSH_NIL,), (OP.LOAD_LOCAL, -1), RET],  # negative operands
    [(OP.PUSH_LONG_SMALL, 1 << 60), RET],  # an immediate no word holds
])
def test_malformed_chunks_are_not_compiled(bad: list[tuple[int, ...]]) -> None:
    chunk = Chunk(name="bad", arity=0)
    for opcode, *operands in bad:
        chunk.emit(Opcode(opcode), *operands)
    with pytest.raises(NotCompilable):
        lower_chunk(chunk)


def test_integer_chain_needs_no_overflow_check_until_boxing() -> None:
    """A chain of additions of small constants stays inside i64: plain ``add nsw``, and a
    single 48-bit check when the result is boxed."""
    chunk = Chunk(name="chain", arity=1, n_locals=1)
    chunk.emit(OP.LOAD_LOCAL, 0)
    for k in range(50):
        chunk.emit(OP.PUSH_LONG_SMALL, k)
        chunk.emit(OP.ADD)
    chunk.emit(OP.RETURN)
    lowered = lower_chunk(chunk)
    text = str(lowered.module.get_global(lowered.unit_name))
    assert text.count("add nsw") == 50
    assert "with.overflow" not in text
    assert text.count("bail_overflow:") == 1


def test_ir_snapshot_of_a_choice_fork() -> None:
    """A FORK that indexing does not drop (the rules of ``sp`` overlap): a choice site,
    its save area and resume block; ``RETURN`` appends to the caller's collector."""
    chunk = support.function_chunk(support.interpreter(SP), "sp", 1)
    lowered = lower_function(chunk, {}, "snap_fork_choice")
    text = str(lowered.module.get_global("snap_fork_choice.f0"))
    path = SNAPSHOTS / "fork_choice.ll"
    if os.environ.get("METTAJIT_UPDATE_SNAPSHOTS") or not path.exists():
        path.write_text(text)
        if not os.environ.get("METTAJIT_UPDATE_SNAPSHOTS"):
            pytest.fail(f"new snapshot {path.name} written: check it in")
    assert text == path.read_text()
    assert "resume0:" in text and "rt_collect_push" in text
    llvm.parse_assembly(lowered.text()).verify()


def test_ir_snapshot_of_native_term_operations() -> None:
    """``CALL_GROUNDED`` of ``cons-atom``/``car-atom``/``cdr-atom`` (``Op.native``): a call
    of its helper and a TERM guard on WORD_BAIL (``jit.terms.call_native_op``)."""
    interp = support.interpreter(
        "(= (walk $l $acc) (if (== $l ()) $acc "
        "(let $h (car-atom $l) (let $t (cdr-atom $l) (walk $t (cons-atom $h $acc))))))")
    key = (S("walk"), 3)
    root = compile_function(key, list(interp.space.rule_index[key]), interp)
    lowered = lower_function(root, {key: root}, "snap_term_ops")
    text = str(lowered.module.get_global("snap_term_ops.f0"))
    for helper in ("rt_car_atom", "rt_cdr_atom", "rt_cons_atom"):
        assert f'@"{helper}"' in text
    path = SNAPSHOTS / "call_grounded_terms.ll"
    if os.environ.get("METTAJIT_UPDATE_SNAPSHOTS") or not path.exists():
        path.write_text(text)
        if not os.environ.get("METTAJIT_UPDATE_SNAPSHOTS"):
            pytest.fail(f"new snapshot {path.name} written: check it in")
    assert text == path.read_text()
    llvm.parse_assembly(lowered.text()).verify()
