"""Every opcode of the table has a VM handler, a disassembler format and a JIT column."""

from __future__ import annotations

import inspect
import re

from mettajit.bytecode import disasm, vm
from mettajit.bytecode.chunk import Chunk
from mettajit.bytecode.opcodes import OPCODES, Opcode, stack_effect

SEED_NAMES = [
    "nop", "pop", "dup", "swap", "rot3", "over", "dupn", "popn", "push_nil", "push_true",
    "push_false", "push_unit", "push_long_small", "push_long", "push_constant", "add", "sub",
    "mul", "div", "mod", "floor_div", "neg", "abs", "pow", "and", "or", "not", "lt", "le", "gt",
    "ge", "eq", "ne", "jump", "jump_if_false", "jump_if_true", "return", "call", "tail_call",
    "call_grounded", "fork", "fail", "yield", "collect", "get_space", "set_space", "match",
    "add_atom", "remove_atom", "make_list", "cons", "car", "cdr", "make_expr", "load_local",
    "store_local",
]


def test_seed_names_are_kept() -> None:
    names = {op.name.lower() for op in Opcode}
    assert set(SEED_NAMES) <= names


def test_every_opcode_has_a_vm_handler() -> None:
    src = inspect.getsource(vm.VM._loop) + inspect.getsource(vm.VM._rare)
    handled: set[str] = set()
    for line in src.splitlines():
        if "op == " in line or "op in (" in line:
            handled.update(re.findall(r"\b_?([A-Z][A-Z_0-9]+)\b", line))
    missing = [op.name for op in Opcode if op.name not in handled]
    assert not missing, f"opcodes with no VM handler: {missing}"


def test_every_opcode_has_a_disassembler_format() -> None:
    for op, entry in OPCODES.items():
        chunk = Chunk("t")
        chunk.constants.append(chunk.source or vm.UNIT)
        operands = [0] * len(entry.operands)
        chunk.code = [int(op), *operands]
        if "func" in entry.operands:
            chunk.funcs.append(("f", 1))
        if "op" in entry.operands:
            chunk.ops.append("op")
        if "pat" in entry.operands:
            from mettajit.bytecode.chunk import Pattern

            chunk.patterns.append(Pattern(vm.UNIT, {}, frozenset()))
        line = disasm.format_instruction(chunk, 0)
        assert op.name in line


def test_every_opcode_is_jit_compiled_or_marked_not_compiled() -> None:
    for entry in OPCODES.values():
        assert entry.jit in ("inline", "helper", None)


def test_stack_effects_of_counted_opcodes() -> None:
    assert stack_effect(Opcode.CALL, (0, 3)) == (3, 1)
    assert stack_effect(Opcode.MAKE_LIST, (4,)) == (4, 1)
    assert stack_effect(Opcode.ADD, ()) == (2, 1)
