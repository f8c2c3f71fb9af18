"""The opcode table is complete: every opcode has a VM handler, a disassembler format, and a
JIT lowering or an explicit "not compiled" mark; its control-flow columns are consistent."""

from __future__ import annotations

import pytest

from mettajit.atoms.core import UNIT, S
from mettajit.bytecode import disasm
from mettajit.bytecode.chunk import Chunk, Pattern
from mettajit.bytecode.opcodes import BY_OPERATION, OPCODES, REMOVED, Flow, Opcode, stack_effect
from mettajit.bytecode.vm import VMError
from support import interpreter, vm_run

SEED_NAMES = [
    "nop", "pop", "dup", "swap", "rot3", "over", "dupn", "popn", "push_nil", "push_true",
    "push_false", "push_unit", "push_long_small", "push_long", "push_constant", "add", "sub",
    "mul", "div", "mod", "floor_div", "neg", "abs", "pow", "and", "or", "not", "lt", "le", "gt",
    "ge", "eq", "ne", "jump", "jump_if_false", "jump_if_true", "return", "call", "tail_call",
    "call_grounded", "fork", "fail", "yield", "collect", "get_space", "set_space", "match",
    "add_atom", "remove_atom", "make_list", "cons", "car", "cdr", "make_expr", "load_local",
    "store_local",
]


def test_seed_names_are_kept_or_removed_on_purpose() -> None:
    names = {op.name.lower() for op in Opcode}
    assert not names & set(REMOVED)
    assert set(SEED_NAMES) <= names | set(REMOVED)


def _exercise(op: Opcode) -> Chunk:
    """A chunk that runs ``op`` once: values for its pops pushed first, 0 for its operands
    (a jump goes to the RETURN after it), one entry in every pool."""
    entry = OPCODES[op]
    chunk = Chunk("t", arity=0)
    pops = entry.pops if entry.pops is not None else 1
    for _ in range(pops):
        chunk.emit(Opcode.PUSH_LONG_SMALL, 1)
    at = len(chunk.code)
    end = at + entry.size
    operands = [end if kind == "jump" else 1 if kind == "imm" and entry.pops is None else 0
                for kind in entry.operands]
    chunk.emit(op, *operands)
    chunk.emit(Opcode.RETURN)
    chunk.n_locals = 4
    chunk.constants.append(S("c"))
    chunk.funcs.append((S("f"), 1))
    chunk.patterns.append(Pattern(UNIT, {}, frozenset()))
    return chunk


@pytest.mark.parametrize("op", list(Opcode), ids=lambda op: op.name)
def test_every_opcode_has_a_vm_handler(op: Opcode) -> None:
    interp = interpreter()
    chunk = _exercise(op)
    if "op" in OPCODES[op].operands:
        chunk.ops.append(interp.registry.ops["+"])
    try:
        vm_run(chunk, interp=interp)
    except VMError as exc:  # a wrong kind of operand is fine; no handler is not
        assert "no handler" not in str(exc)
    except Exception:
        pass


def test_an_opcode_without_a_handler_is_reported() -> None:
    chunk = Chunk("t", code=[99999], n_locals=0)
    with pytest.raises((VMError, IndexError)):
        vm_run(chunk)


@pytest.mark.parametrize("op", list(Opcode), ids=lambda op: op.name)
def test_every_opcode_has_a_disassembler_format(op: Opcode) -> None:
    chunk = _exercise(op)
    chunk.ops.append(interpreter().registry.ops["+"])
    lines = disasm.disassemble(chunk).splitlines()
    assert op.name in lines[-2]
    for kind in OPCODES[op].operands:
        assert disasm.decode_operand(chunk, kind, 0) is not None


def test_every_opcode_is_jit_lowered_or_marked_not_compiled() -> None:
    from mettajit.jit.lower import Lowering

    for op, entry in OPCODES.items():
        assert entry.jit in ("inline", "helper", None)
        if entry.jit is None:
            continue
        # a quickened opcode is lowered as its parts (each one compiled)
        for part in [op] if not entry.parts else [p for ps in entry.parts for p in ps]:
            assert OPCODES[part].jit is not None, op.name
            assert callable(getattr(Lowering, "lower_" + part.name.lower(), None)), op.name


def test_control_flow_columns() -> None:
    for op, entry in OPCODES.items():
        jumps = entry.jumps
        if entry.flow in (Flow.NEXT, Flow.END, Flow.TAIL):
            assert not jumps, op.name
        else:
            assert jumps, op.name
        assert entry.taken in ((), (0,) * len(jumps)) or len(entry.taken) == len(jumps)
        assert entry.fallback is None or 0 <= entry.fallback < len(jumps)
    assert not Flow.END.falls_through and Flow.TAIL.falls_through
    assert Flow.TAIL.ends_block and not Flow.BRANCH.ends_block


def test_operations_of_opcodes_are_grounded_operations() -> None:
    ops = interpreter().registry.ops
    assert BY_OPERATION["<"] is Opcode.LT and BY_OPERATION["+"] is Opcode.ADD
    for name in BY_OPERATION:
        assert name in ops, name


def test_stack_effects_of_counted_opcodes() -> None:
    assert stack_effect(Opcode.CALL, (0, 3)) == (3, 1)
    assert stack_effect(Opcode.MAKE_LIST, (4,)) == (4, 1)
    assert stack_effect(Opcode.ADD, ()) == (2, 1)
