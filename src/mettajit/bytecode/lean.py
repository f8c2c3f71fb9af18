"""The lean path of the tier 1 VM: straight-line chunks of exact integer and Bool steps.

A chunk whose code is only constant pushes (integers of type Number, ``True``, ``False``),
reads of argument slots (``LOAD_LOCAL``/``LOAD_EVAL``), integer arithmetic, integer
comparisons and Bool operations, ending in its only ``RETURN`` (the seed chains, a
query such as ``!(+ 1 2)``, a function such as ``(= (sq $x) (* $x $x))``) has exactly one
result, and nothing in it can have an effect. ``plan`` turns such a chunk, once, into a
list of *steps* on unboxed Python values; ``run`` executes it without frames, locals
lists, choice points or atoms in between (one atom, the result, is made at the end).

Every step checks the types its fast case needs; when a check fails (a float, an
expression, a variable, a division by zero, a negative exponent...) ``run`` gives up
(``None``) and the VM runs the chunk again from its start in the general loop: there is
nothing to undo, so the result is always exactly the general loop's (and tier 0's).

Constant operands are folded into the steps by a pass over a virtual stack: ``PUSH k; ADD``
on a value is one step ``x + k`` (``ADDK``), and a constant *left* operand (the seed's pow
tower ``(pow 2 (pow 2 $x))`` pushes all the twos first) is one step ``k ** x``
(``RPOWK``); and/or with a Bool argument slot is one step too (``ANDL``/``ORL``).
Consecutive integer steps, and Bool steps, make one run (``INT_RUN``/``BOOL_RUN``: the type
is checked once, an int stays an int, a Bool a Bool), and a run of powers of a power of two
(the tower) is a run of shifts, ``int_pow``'s own, decided once for the constant base: the
tower is ``LOAD 0; POW2_RUN (1, 1, 1, 1)``.

The VM makes the plan on a chunk's second run (``Chunk.lean``), so a query run once does
not pay for it.
"""

from __future__ import annotations

from typing import Any, Final

from mettajit.atoms.core import FALSE, NUMBER, TRUE, Atom, Grounded
from mettajit.bytecode.chunk import Chunk
from mettajit.bytecode.opcodes import OPCODES, Opcode, first_part
from mettajit.grounded.arith import int_div, int_mod, int_pow

_O = Opcode

# step codes of ``plan`` (``run`` compares with the literal numbers: a global lookup per
# test is slower); the value on top of the stack is in ``run``'s local ``x``
PUSH: Final = 0  # push k (an int or a bool)
LOAD: Final = 1  # push the value of slot k (an int of type Number, True or False)
INT_RUN: Final = 2  # k: the int steps below, in order, on the int x (checked once)
BOOL_RUN: Final = 3  # k: the Bool steps below, in order, on the Bool x (checked once)
LTK: Final = 4  # x < k ... x == k, on the int x
LEK: Final = 5
GTK: Final = 6
GEK: Final = 7
EQK: Final = 8
ADD: Final = 9  # a + b on the two top values ...
SUB: Final = 10
MUL: Final = 11
POW: Final = 12
DIV: Final = 13
MOD: Final = 14
LT: Final = 15
LE: Final = 16
GT: Final = 17
GE: Final = 18
EQ: Final = 19
AND: Final = 20
OR: Final = 21
POW2_RUN: Final = 22  # k: shifts s1, s2...: x = 1 << (s * x) for each, on the int x >= 0
# int steps (in an INT_RUN): an int stays an int, so only RPOWK checks anything
ADDK: Final = 100  # x + k
SUBK: Final = 101  # x - k
MULK: Final = 102  # x * k
RPOWK: Final = 103  # k ** x   (x >= 0)
RSUBK: Final = 104  # k - x
POWK: Final = 105  # x ** k   (k >= 0)
DIVK: Final = 106  # x / k    (k != 0)
MODK: Final = 107  # x % k    (k != 0)
# Bool steps (in a BOOL_RUN)
NOT: Final = 200
ANDK: Final = 201  # x and k
ORK: Final = 202  # x or k
ANDL: Final = 203  # x and the Bool in slot k
ORL: Final = 204  # x or the Bool in slot k

_PLAIN: Final = {
    _O.ADD: ADD, _O.SUB: SUB, _O.MUL: MUL, _O.POW: POW, _O.DIV: DIV, _O.MOD: MOD,
    _O.LT: LT, _O.LE: LE, _O.GT: GT, _O.GE: GE, _O.EQ: EQ, _O.AND: AND, _O.OR: OR,
}
_BOOL_OPS: Final = frozenset((_O.AND, _O.OR))


def _with_right(op: Opcode, k: Any) -> int | None:
    """The step ``x op k`` for a constant right operand k, if there is one."""
    if type(k) is bool:
        return {_O.AND: ANDK, _O.OR: ORK}.get(op)
    if op is _O.POW:
        return POWK if k >= 0 else None
    if op in (_O.DIV, _O.MOD):
        return (DIVK if op is _O.DIV else MODK) if k != 0 else None
    return {_O.ADD: ADDK, _O.SUB: SUBK, _O.MUL: MULK, _O.LT: LTK, _O.LE: LEK, _O.GT: GTK,
            _O.GE: GEK, _O.EQ: EQK}.get(op)


def _with_left(op: Opcode, k: Any) -> int | None:
    """The step ``k op x`` for a constant left operand k, if there is one."""
    if type(k) is bool:
        return {_O.AND: ANDK, _O.OR: ORK}.get(op)  # and/or of two Bools commute
    return {_O.ADD: ADDK, _O.MUL: MULK, _O.SUB: RSUBK, _O.POW: RPOWK, _O.LT: GTK,
            _O.LE: GEK, _O.GT: LTK, _O.GE: LEK, _O.EQ: EQK}.get(op)


def _constant(atom: Atom) -> Any:
    """The unboxed value of a constant atom, or None when the lean path cannot carry it."""
    if atom is TRUE:
        return True
    if atom is FALSE:
        return False
    if type(atom) is Grounded and atom.kind is int and atom.type is NUMBER:
        return atom.value
    return None


def plan(chunk: Chunk) -> list[tuple[int, Any]] | None:
    """The steps of a straight-line chunk, or None when it is not one."""
    code = chunk.code
    # first pass: decode, and check that the chunk is straight-line and ends in RETURN
    instrs: list[tuple[int, Opcode, Any]] = []
    ip = 0
    while ip < len(code):
        op = first_part(Opcode(code[ip]))  # a quickened run: its parts, one by one
        size = 1 + len(OPCODES[op].operands)
        arg: Any = None
        if op is _O.PUSH_LONG_SMALL:
            arg = code[ip + 1]
        elif op in (_O.PUSH_LONG, _O.PUSH_CONSTANT):
            arg = _constant(chunk.constants[code[ip + 1]])
            if arg is None:
                return None
        elif op in (_O.PUSH_TRUE, _O.PUSH_FALSE):
            arg = op is _O.PUSH_TRUE
        elif op in (_O.LOAD_LOCAL, _O.LOAD_EVAL):
            arg = code[ip + 1]
            if arg >= chunk.arity:
                return None  # a local the code writes first: not straight-line
        elif op is not _O.NOT and op is not _O.RETURN and op not in _PLAIN:
            return None
        instrs.append((ip, op, arg))
        ip += size
    if not instrs or instrs[-1][1] is not _O.RETURN:
        return None
    if any(op is _O.RETURN for _, op, _ in instrs[:-1]):
        return None
    # second pass: a virtual stack of (index i of the push in instrs, -2 - i for a LOAD,
    # -1 for a computed value); a constant or a LOAD taken into a step is not pushed
    absorbed: set[int] = set()
    steps_at: dict[int, tuple[int, Any]] = {}
    vstack: list[int] = []
    for i, (_, op, _arg) in enumerate(instrs):
        if op in (_O.PUSH_LONG_SMALL, _O.PUSH_LONG, _O.PUSH_CONSTANT, _O.PUSH_TRUE,
                  _O.PUSH_FALSE):
            vstack.append(i)
        elif op in (_O.LOAD_LOCAL, _O.LOAD_EVAL):
            vstack.append(-2 - i)
        elif op is _O.NOT or op is _O.RETURN:
            if not vstack:
                return None
            vstack[-1] = -1
        else:
            if len(vstack) < 2:
                return None
            b, a = vstack.pop(), vstack.pop()
            step: tuple[int, Any] = (_PLAIN[op], None)
            if a < 0 <= b:
                k = instrs[b][2]
                code_k = _with_right(op, k)
                if code_k is not None and (type(k) is bool) == (op in _BOOL_OPS):
                    absorbed.add(b)
                    step = (code_k, k)
            elif b < 0 <= a:
                k = instrs[a][2]
                code_k = _with_left(op, k)
                if code_k is not None and (type(k) is bool) == (op in _BOOL_OPS):
                    absorbed.add(a)
                    step = (code_k, k)
            elif op in _BOOL_OPS and ((b <= -2 and a < 0) or (a <= -2 and b < 0)):
                # and/or of a Bool local (the seed's boolean chain): ``x and loc[k]``
                load = -2 - (b if b <= -2 else a)
                absorbed.add(load)
                step = (ANDL if op is _O.AND else ORL, instrs[load][2])
            steps_at[i] = step
            vstack.append(-1)
    flat: list[tuple[int, Any]] = []
    for i, (_, op, arg) in enumerate(instrs[:-1]):
        if i in absorbed:
            continue
        if op in (_O.LOAD_LOCAL, _O.LOAD_EVAL):
            flat.append((LOAD, arg))
        elif op is _O.NOT:
            flat.append((NOT, None))
        elif i in steps_at:
            flat.append(steps_at[i])
        else:
            flat.append((PUSH, arg))
    # consecutive int steps, and Bool steps, become one run each
    steps: list[tuple[int, Any]] = []
    run_kind = -1
    run_steps: list[tuple[int, Any]] = []
    for code_k, k in [*flat, (-1, None)]:
        kind = INT_RUN if 100 <= code_k < 200 else BOOL_RUN if code_k >= 200 else -1
        if kind != run_kind and run_steps:
            steps.append(_run_step(run_kind, run_steps))
            run_steps = []
        run_kind = kind
        if kind >= 0:
            run_steps.append((code_k - (100 if kind == INT_RUN else 200), k))
        elif code_k >= 0:
            steps.append((code_k, k))
    return steps


def _pow2_shift(k: Any) -> int | None:
    """s when ``int_pow(k, x)`` is ``1 << (s * x)`` for every x >= 0 (k a power of two
    above 1: the shift ``int_pow`` itself does), else None."""
    if type(k) is int and k > 1 and not k & (k - 1):
        return k.bit_length() - 1
    return None


def _run_step(kind: int, run_steps: list[tuple[int, Any]]) -> tuple[int, Any]:
    """One step for a run; a run of powers of a power of two (the pow tower) is a run of
    shifts: ``int_pow`` partially evaluated on its constant base."""
    if kind == INT_RUN and all(
        c == RPOWK - 100 and _pow2_shift(k) is not None for c, k in run_steps
    ):
        return POW2_RUN, tuple(_pow2_shift(k) for _, k in run_steps)
    return kind, tuple(run_steps)


def _int_steps(x: int, steps: tuple[tuple[int, Any], ...]) -> int | None:
    """The int steps of an INT_RUN on ``x`` (None: one does not take it)."""
    for c, j in steps:
        if c == 0:
            x += j
        elif c == 1:
            x -= j
        elif c == 2:
            x *= j
        elif c == 3:  # RPOWK: the pow tower
            if x < 0:
                return None
            x = int_pow(j, x)
        elif c == 4:
            x = j - x
        elif c == 5:
            x = int_pow(x, j)
        elif c == 6:
            x = int_div(x, j)
        else:
            x = int_mod(x, j)
    return x


def _bool_steps(
    x: bool, steps: tuple[tuple[int, Any], ...], loc: list[Any] | tuple[Any, ...]
) -> bool | None:
    """The Bool steps of a BOOL_RUN on ``x`` (None: a local is not a Bool)."""
    for c, j in steps:
        if c == 0:
            x = not x
        elif c == 1:
            x = x and j
        elif c == 2:
            x = x or j
        elif c == 3:  # ANDL
            v = loc[j]
            if v is FALSE:
                x = False
            elif v is not TRUE:
                return None
        else:  # ORL
            v = loc[j]
            if v is TRUE:
                x = True
            elif v is not FALSE:
                return None
    return x


def run(
    steps: list[tuple[int, Any]],
    loc: list[Any] | tuple[Any, ...],
    _G: type[Grounded] = Grounded,
    _T: Grounded = TRUE,
    _F: Grounded = FALSE,
    _NUM: Atom = NUMBER,
    _pow: Any = int_pow,
    _div: Any = int_div,
    _mod: Any = int_mod,
) -> list[Atom] | None:
    """The one result of the chunk of ``steps`` on the arguments ``loc``; None when a step
    meets a value its fast case does not take (the general loop then runs the chunk)."""
    st: list[Any] = []
    push = st.append
    pop = st.pop
    x: Any = None  # the top of the stack (the None under the first value is never read)
    for op, k in steps:
        if op == 2:  # INT_RUN
            if type(x) is not int:
                return None
            x = _int_steps(x, k)
            if x is None:
                return None
        elif op == 1:  # LOAD
            push(x)
            v = loc[k]
            if v is _T:
                x = True
            elif v is _F:
                x = False
            elif type(v) is _G and v.kind is int and v.type is _NUM:
                x = v.value
            else:
                return None
        elif op == 22:  # POW2_RUN: x >= 0, then every result is positive
            if type(x) is not int or x < 0:
                return None
            for j in k:
                x = 1 << (j * x)
        elif op == 3:  # BOOL_RUN
            if type(x) is not bool:
                return None
            x = _bool_steps(x, k, loc)
            if x is None:
                return None
        elif op == 0:  # PUSH
            push(x)
            x = k
        elif op < 9:  # a comparison with a constant
            if type(x) is not int:
                return None
            if op == 4:
                x = x < k
            elif op == 5:
                x = x <= k
            elif op == 6:
                x = x > k
            elif op == 7:
                x = x >= k
            else:
                x = x == k
        elif op >= 20:  # AND, OR
            y = x
            x = pop()
            if type(x) is not bool or type(y) is not bool:
                return None
            x = (x and y) if op == 20 else (x or y)
        else:
            y = x
            x = pop()
            if type(x) is not int or type(y) is not int:
                return None
            if op == 9:
                x = x + y
            elif op == 10:
                x = x - y
            elif op == 11:
                x = x * y
            elif op == 12:
                if y < 0:
                    return None
                x = _pow(x, y)
            elif op == 13 or op == 14:
                if y == 0:
                    return None
                x = _div(x, y) if op == 13 else _mod(x, y)
            elif op == 15:
                x = x < y
            elif op == 16:
                x = x <= y
            elif op == 17:
                x = x > y
            elif op == 18:
                x = x >= y
            else:
                x = x == y
    if type(x) is bool:
        return [_T if x else _F]
    return [_G(x, _NUM)]
