"""A chunk: one compiled unit (a ``!`` expression or all rules of one head and arity).

``code`` is a flat list of ints: an opcode followed by its operands, as laid out in
``opcodes.OPCODES``. ``lines`` holds, for each code offset that starts an instruction,
the source line it came from. Pools: ``constants`` (atoms, including integers too large
for ``PUSH_LONG_SMALL``), ``ops`` (grounded operations), ``funcs`` (callee function keys).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mettajit.atoms.core import Atom
from mettajit.bytecode.opcodes import OPCODES, Opcode


@dataclass(eq=False, slots=True)
class Chunk:
    """A unit of bytecode. Identity (not content) is its key in code caches."""

    name: str
    arity: int = 0  # number of argument locals, in slots 0..arity-1
    code: list[int] = field(default_factory=list)
    constants: list[Atom] = field(default_factory=list)
    ops: list[Any] = field(default_factory=list)  # grounded Op entries
    funcs: list[Any] = field(default_factory=list)  # callee keys (head symbol, arity)
    lines: dict[int, int] = field(default_factory=dict)
    n_locals: int = 0
    max_stack: int = 0
    source: Atom | None = None  # what it was compiled from, for dumps

    def emit(self, op: Opcode, *operands: int, line: int = 0) -> int:
        """Append one instruction; returns its offset."""
        info = OPCODES[op]
        assert len(operands) == len(info.operands), f"{op.name} takes {info.operands}"
        at = len(self.code)
        self.code.append(int(op))
        self.code.extend(operands)
        if line:
            self.lines[at] = line
        return at

    def add_constant(self, atom: Atom) -> int:
        """Pool index of ``atom``, adding it once (by identity and equality)."""
        for i, c in enumerate(self.constants):
            if c is atom:
                return i
        self.constants.append(atom)
        return len(self.constants) - 1

    def patch_jump(self, at: int, target: int | None = None) -> None:
        """Point the jump operand of the instruction at ``at`` to ``target`` (default: here)."""
        info = OPCODES[Opcode(self.code[at])]
        idx = info.operands.index("jump")
        self.code[at + 1 + idx] = len(self.code) if target is None else target

    def instructions(self) -> list[tuple[int, Opcode, tuple[int, ...]]]:
        """(offset, opcode, operands) for every instruction, in order."""
        out = []
        i, code = 0, self.code
        while i < len(code):
            op = Opcode(code[i])
            n = len(OPCODES[op].operands)
            out.append((i, op, tuple(code[i + 1 : i + 1 + n])))
            i += 1 + n
        return out
