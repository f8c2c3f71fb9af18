"""The quickening pass: rewrites runs of plain instructions of a finished chunk into the
table's quickened opcodes (``Family.QUICK``), in the manner of CPython's specialising
interpreter and its superinstructions.

A quickened opcode stands for a sequence of plain instructions (its ``parts`` in the
table): ``PUSH_LONG_SMALL k; SUB`` is ``ARITH_SMALL k SUB``, ``PUSH_LONG_SMALL 2; LT;
BRANCH_BOOL a b`` is ``CMP_SMALL_BRANCH 2 LT BRANCH_BOOL a b``. Only the first code word
changes: the later parts' words stay where they were, so the instruction has the same size,
no offset moves, and when its fast case does not apply (a float, an expression) the VM runs
it as its first part and continues at the second, which is still there. The disassembler
prints quickened instructions (``--dump-bytecode``), tier 2 lowers them part by part, and
the analyses read them as their parts.

A sequence is rewritten only when no jump (nor an argument's Error exit) lands inside it.

Then one specialisation: the ``RETURN`` of a lean chunk (straight-line code of exact
integer and Bool steps, ``lean.is_lean``) becomes ``RETURN_LEAN``, which tells ``VM.run``
to run the chunk on unboxed values (``bytecode/lean.py``); everywhere else, and in tier 2,
it is ``RETURN``.
"""

from __future__ import annotations

from mettajit.bytecode.chunk import Chunk
from mettajit.bytecode.lean import is_lean
from mettajit.bytecode.opcodes import OPCODES, QUICKENED, Opcode


def _targets(chunk: Chunk) -> set[int]:
    """Every offset control may arrive at other than by falling through."""
    out = {after for _, after in chunk.err_exits.values()}
    for _, op, operands in chunk.instructions():
        for at in OPCODES[op].jumps:
            out.add(operands[at - 1])
    return out


def quicken(chunk: Chunk) -> Chunk:
    """Rewrite ``chunk``'s code in place (before it runs); returns it."""
    instrs = chunk.instructions()
    targets = _targets(chunk)
    code = chunk.code
    i = 0
    while i < len(instrs):
        for entry in QUICKENED:  # the longest sequences first
            parts = entry.parts
            seq = instrs[i:i + len(parts)]
            if len(seq) == len(parts) and all(
                op in allowed for (_, op, _), allowed in zip(seq, parts, strict=True)
            ) and not any(off in targets for off, _, _ in seq[1:]):
                code[seq[0][0]] = int(entry.opcode)
                i += len(parts)
                break
        else:
            i += 1
    if instrs and instrs[-1][1] is Opcode.RETURN and is_lean(chunk):
        code[instrs[-1][0]] = int(Opcode.RETURN_LEAN)
    return chunk
