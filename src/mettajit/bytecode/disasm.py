"""The disassembler: a chunk as text, driven by the operand layouts of the opcode table.

One line per instruction: offset, source line (``|`` when it is the previous one's),
opcode name, raw operands, and what they decode to (a constant, a grounded operation, a
callee, a pattern, a jump target), and for a call site its call plan (``callplan.CallPlan``:
the decision, the facts it rests on, the call as written where the slow paths need it).
``--dump-bytecode`` and the VM trace print these lines; the header says whether native
code may enter the unit with integers only (``Decisions.number_params``).
"""

from __future__ import annotations

from mettajit.atoms.core import Atom
from mettajit.atoms.printer import format_atom
from mettajit.bytecode.chunk import Chunk
from mettajit.bytecode.opcodes import OPCODES, Opcode


def _key_text(key: object) -> str:
    if isinstance(key, tuple) and len(key) == 2 and isinstance(key[0], Atom):
        return f"{format_atom(key[0])}/{key[1] - 1}"
    return repr(key)


def decode_operand(chunk: Chunk, kind: str, value: int) -> str:
    """What one operand stands for, by its kind in the table."""
    if kind == "const":
        return format_atom(chunk.constants[value])
    if kind == "op":
        return str(getattr(chunk.ops[value], "name", chunk.ops[value]))
    if kind == "func":
        return _key_text(chunk.funcs[value])
    if kind == "pat":
        pat = chunk.patterns[value]
        slots = " ".join(
            f"${v.name}={'' if s in pat.bound else '!'}{s}" for v, s in pat.slots.items()
        )
        return f"{format_atom(pat.atom)} [{slots}]" if slots else format_atom(pat.atom)
    if kind == "jump":
        return f"-> {value}"
    if kind == "code":
        return Opcode(value).name
    return ""


def format_instruction(chunk: Chunk, offset: int, prev_line: int | None = None) -> str:
    """One instruction as a line of text."""
    op = Opcode(chunk.code[offset])
    entry = OPCODES[op]
    operands = chunk.code[offset + 1 : offset + 1 + len(entry.operands)]
    line = chunk.lines.get(offset, 0)
    where = "   |" if prev_line is not None and line == prev_line else f"{line:4d}"
    raw = " ".join(str(v) for v in operands)
    decoded = [
        d for d in (decode_operand(chunk, k, v) for k, v in zip(entry.operands, operands,
                                                                 strict=True)) if d
    ]
    text = f"{offset:04d} {where} {op.name:<16} {raw:<8}"
    exit_ = chunk.err_exits.get(offset) if op is Opcode.NOP else None
    if exit_ is not None:
        decoded.append(f"on Error: drop {exit_[0]}, -> {exit_[1]}")
    sites = chunk.decisions.sites
    for at in range(offset, offset + entry.size):  # (a quickened one: its parts' too)
        plan = sites.get(at)
        if plan is not None:
            decoded.append(f"plan {plan.describe()}")
    if decoded:
        text += " ; " + ", ".join(decoded)
    return text.rstrip()


def _fresh(chunk: Chunk) -> str:
    """The header's note of the slots each call fills with fresh variables (``Chunk.fresh``)."""
    if not chunk.fresh:
        return ""
    return ", fresh " + " ".join(f"${v.name}={slot}" for slot, v in chunk.fresh)


def disassemble(chunk: Chunk) -> str:
    """The whole chunk: a header line, then one line per instruction."""
    head = (
        f"== {chunk.name} (arity {chunk.arity}, locals {chunk.n_locals}, "
        f"max stack {chunk.max_stack}"
        f"{', number params' if chunk.decisions.number_params else ''}"
        f"{_fresh(chunk)}) =="
    )
    lines = [head]
    prev: int | None = None
    for offset, _, _ in chunk.instructions():
        lines.append(format_instruction(chunk, offset, prev))
        prev = chunk.lines.get(offset, 0)
    return "\n".join(lines)
