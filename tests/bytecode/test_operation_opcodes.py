"""Every grounded operation with an opcode of its own (the opcode table's ``operation``
column) gives on tiers 1, 2 and auto what it gives on tier 0, on values its fast path takes
and on values it leaves to the operation (floats, Bools, symbols, errors); and the compiler
emits that opcode for a call of it."""

from __future__ import annotations

import pytest

from mettajit.bytecode.opcodes import BY_OPERATION, OPCODES
from support import COMPILED, function_chunk, interpreter, run

VALUES = ["7", "-3", "0", "2.5", "True", "False", "foo"]


def _program() -> str:
    lines = []
    for k, (name, op) in enumerate(sorted(BY_OPERATION.items())):
        params = " ".join(f"$x{i}" for i in range(OPCODES[op].pops or 0))
        lines.append(f"(= (f{k} {params}) ({name} {params}))")
        if OPCODES[op].pops == 1:
            lines += [f"!(f{k} {a})" for a in VALUES]
        else:
            lines += [f"!(f{k} {a} {b})" for a in VALUES for b in VALUES[:5]]
    return "\n".join(lines)


PROGRAM = _program()


@pytest.mark.parametrize("tier", COMPILED)
def test_operations_with_opcodes_agree_with_tier0(tier: str) -> None:
    assert run(tier, PROGRAM, tier1_threshold=0, tier2_threshold=0) == run("0", PROGRAM)


@pytest.mark.parametrize("name", sorted(BY_OPERATION))
def test_the_compiler_emits_the_operations_opcode(name: str) -> None:
    op = BY_OPERATION[name]
    params = " ".join(f"$x{i}" for i in range(OPCODES[op].pops or 0))
    interp = interpreter(f"(= (g {params}) ({name} {params}))")
    chunk = function_chunk(interp, "g", OPCODES[op].pops or 0)
    assert op in [o for _, o, _ in chunk.instructions()]
