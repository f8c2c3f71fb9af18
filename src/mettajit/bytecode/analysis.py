"""Analyses the tier 1 compiler runs: constant folding of atoms, stack depth of chunks.

``fold`` gives the value of a constant integer/boolean expression exactly as tier 0 would
compute it, or None whenever tier 0 could give anything else (an Error value, a float, a
type error): it only folds exact integer arithmetic, comparisons and Bool operations.
``max_stack_depth`` follows every path of a chunk's control flow with the stack effects of
the opcode table.
"""

from __future__ import annotations

from mettajit.atoms.core import Atom, Expression, Grounded, Symbol
from mettajit.bytecode.chunk import Chunk
from mettajit.bytecode.opcodes import OPCODES, first_part
from mettajit.grounded import BUILTINS

# ---------------------------------------------------------------------------------------
# Constant folding: each operation's fold rule (``Op.fold``), which folds only when tier 0
# gives a plain value (no division by zero, no negative exponent, no type error).


def fold(
    atom: Atom, leaf: Atom | None = None, memo: dict[int, Grounded | None] | None = None
) -> Grounded | None:
    """The value of a constant integer/boolean expression, or None (iterative). The
    sub-atom ``leaf`` (by identity: a chunk's argument) is not a constant. ``memo`` keeps
    the answer for every sub-expression visited (by identity), so that the compiler,
    which asks again for each sub-expression on its way down, does linear work."""
    if atom is leaf:
        return None
    if type(atom) is not Expression:
        return atom if type(atom) is Grounded else None
    values: dict[int, Grounded | None] = {} if memo is None else memo
    if id(atom) in values:
        return values[id(atom)]
    # post-order over an explicit stack: seed chains are deep
    stack: list[tuple[Expression, bool]] = [(atom, False)]
    while stack:
        e, done = stack.pop()
        if not done:
            stack.append((e, True))
            for c in e.children:
                if type(c) is Expression and c is not leaf and id(c) not in values:
                    stack.append((c, False))
            continue
        ch = e.children
        args: list[Grounded | None] = []
        for c in ch[1:]:
            if c is leaf:
                args.append(None)
            elif type(c) is Expression:
                args.append(values.get(id(c)))
            else:
                args.append(c if type(c) is Grounded else None)
        head = ch[0] if ch else None
        if len(ch) in (2, 3) and type(head) is Symbol and all(a is not None for a in args):
            values[id(e)] = _fold_one(head.name, args)  # type: ignore[arg-type]
        else:
            values[id(e)] = None
    return values[id(atom)]


def _fold_one(name: str, args: list[Grounded]) -> Grounded | None:
    op = BUILTINS.get(name)
    if op is None or op.fold is None or op.arity != len(args):
        return None
    return op.fold(tuple(args))


# ---------------------------------------------------------------------------------------
# Stack depth from the table's stack effects, over every path of the control flow


# per opcode number: (size, pops or None, pushes, where the count of a varying pops is,
# (jump operand position, values beyond the fall-through's) per way, whether it falls
# through), made once from the table: an ``Opcode(...)`` and a table lookup per
# instruction was a fifth of the compile time of a depth-200 chain
_Shape = tuple[int, int | None, int, int, tuple[tuple[int, int], ...], bool]
# (a quickened instruction is walked as its parts: they are in the code, in place)
_SHAPES: dict[int, _Shape] = {
    int(_op): (
        _e.size, _e.pops, _e.pushes, _e.count_operand,
        tuple(zip(_e.jumps, _e.taken or (0,) * len(_e.jumps), strict=True)),
        _e.flow.falls_through,
    )
    for _op, _e in ((_o, OPCODES[first_part(_o)]) for _o in OPCODES)
}


def max_stack_depth(chunk: Chunk) -> int:
    code = chunk.code
    n = len(code)
    best = 0
    depth_at: dict[int, int] = {}
    work = [(0, 0)]
    shapes = _SHAPES
    while work:
        ip, depth = work.pop()
        while ip < n:
            seen = depth_at.get(ip)
            if seen is not None and seen >= depth:
                break
            depth_at[ip] = depth
            size, pops, pushes, var, ways, falls = shapes[code[ip]]
            if pops is None:
                pops = code[ip + var]
            after = depth - pops + pushes
            if depth > best:
                best = depth
            if after > best:
                best = after
            for at, extra in ways:
                work.append((code[ip + at], after + extra))
            if not falls:
                break
            ip += size
            depth = after
    return best
