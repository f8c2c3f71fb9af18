"""The lean path of a collapse over joins: ``(collapse (match S1 P1 (match S2 P2 T)))`` run
as nested loops over the spaces' index, one result per row, without the VM's dispatch,
choice points and backtracking per row.

A ``COLLECT`` is *lean* (``plan``, decided once per ``COLLECT`` of a chunk) when its code
is, in order: ``PUSH_CONSTANT space`` (or ``LOAD_TOKEN &self``) and ``MATCH``, one or more
times (each match inside the previous one's template), then a *template*: pushes
(``LOAD_EVAL``, ``LOAD_LOCAL``, ``PUSH_CONSTANT``, ``PUSH_LONG_SMALL``, ``PUSH_TEMPLATE``)
and ``MAKE_EXPR`` leaving one value, then ``JUMP``s to a ``YIELD`` right before its
``END_COLLECT``. The VM then runs it with ``run``: each ``MATCH`` the way tier 1's flat
``MATCH`` does (``slowpaths.flat_rows``: the locals of each match, in ``Space.query``'s
order), rows depth first as the VM's choice points give them (every row of the next match
under each row of a match, in order), and per row the template as the VM runs it, but only
where that is data: ``LOAD_EVAL`` of a value that evaluates to itself (``Inertness``, the
VM's own test), ``MAKE_EXPR`` of an expression whose head is no symbol and no operation
and that holds no Error and no ``Empty``, with no rule of a variable head
(``SlowPaths.apply``'s data case, ``Interpreter.as_data``).

Anything else (a space the index does not answer, a ``bind!`` token, a value tier 0 would
evaluate, an expression that may be a call or an Error) makes ``run`` give None, and the VM
runs the ``COLLECT`` from its start the general way. Nothing in a lean collect has an
effect (a flat match reads the space; the rest builds data), and the VM's way makes no
step there either (no call), so giving up part way changes nothing but the time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from mettajit.atoms.core import EMPTY_SYM, ERROR, Atom, Expression, Grounded, Symbol
from mettajit.bytecode.opcodes import Opcode
from mettajit.bytecode.slowpaths import flat_plan, flat_rows
from mettajit.grounded.registry import Op
from mettajit.space.flatquery import is_flat_space

if TYPE_CHECKING:
    from mettajit.bytecode.chunk import Chunk
    from mettajit.bytecode.slowpaths import SlowPaths

_O = Opcode
_PUSHES: Final = frozenset({_O.LOAD_EVAL, _O.LOAD_LOCAL, _O.PUSH_CONSTANT,
                            _O.PUSH_LONG_SMALL, _O.PUSH_TEMPLATE})

# a lean collect: the (space constant, token or None, pattern) of each match, outermost
# first (the space pushed by PUSH_CONSTANT, or LOAD_TOKEN's value of the token, else the
# symbol), and the template as (opcode, operand) steps
Plan = tuple[tuple[tuple[Atom, str | None, Any], ...], tuple[tuple[int, int], ...]]


def plan(chunk: Chunk, at: int) -> Plan | None:
    """The lean form of the ``COLLECT`` at offset ``at`` of ``chunk``, or None."""
    instrs = chunk.instructions()
    index = {off: i for i, (off, _, _) in enumerate(instrs)}
    i = index[at] + 1
    end = instrs[i - 1][2][0]
    matches: list[tuple[Atom, str | None, Any]] = []
    while i + 1 < len(instrs) and instrs[i][1] in (_O.PUSH_CONSTANT, _O.LOAD_TOKEN) \
            and instrs[i + 1][1] is _O.MATCH:
        space = chunk.constants[instrs[i][2][0]]
        token = space.name if instrs[i][1] is _O.LOAD_TOKEN else None  # type: ignore[attr-defined]
        matches.append((space, token, chunk.patterns[instrs[i + 1][2][0]]))
        i += 2
    if not matches:
        return None
    steps: list[tuple[int, int]] = []
    depth = 0
    while i < len(instrs) and instrs[i][1] is not _O.JUMP:
        _, op, operands = instrs[i]
        if op in _PUSHES:
            depth += 1
        elif op is _O.MAKE_EXPR and 1 <= operands[0] <= depth:
            depth -= operands[0] - 1
        else:
            return None
        steps.append((int(op), operands[0]))
        i += 1
    if depth != 1 or i >= len(instrs):
        return None
    seen = 0
    while instrs[i][1] is _O.JUMP and seen < len(instrs):  # the way to the YIELD
        target = index.get(instrs[i][2][0])
        if target is None:
            return None
        i, seen = target, seen + 1
    if instrs[i][1] is not _O.YIELD or i + 1 >= len(instrs) or instrs[i + 1][0] != end \
            or instrs[i + 1][1] is not _O.END_COLLECT:
        return None
    return tuple(matches), tuple(steps)


class _Decline(Exception):
    """The general way must run the collect."""


_DECLINE: Final = _Decline()


def run(slow: SlowPaths, chunk: Chunk, lean: Plan, loc: list[Any],
        small: list[Grounded]) -> Expression | None:
    """The collected results of a lean collect run from the locals ``loc`` (not changed),
    or None when the VM must run it the general way (``small``: the VM's table of the
    integers ``PUSH_LONG_SMALL`` pushes)."""
    matches, steps = lean
    out: list[Atom] = []
    interp = slow.interp
    inert = slow.inert.inert
    constants, patterns = chunk.constants, chunk.patterns
    world = interp.world
    as_data = interp.as_data
    var_rules = interp.space.var_rules
    tokens = interp.tokens
    if len(tokens) >= 2:
        return None  # bind! tokens: tier 0 replaces them in the patterns
    # each match's space and plan, as tier 1's flat MATCH finds them (SlowPaths.match,
    # _flat_match); the same for every row: nothing in the collect changes a token
    levels: list[tuple[Any, Any]] = []
    for space, token, pattern in matches:
        if token is not None:
            space = tokens.get(token, space)  # LOAD_TOKEN, as the VM runs it
        if type(space) is not Grounded or not is_flat_space(space.value):
            return None
        query = pattern.query
        if query is None:
            query = pattern.query = flat_plan(pattern)
        if query is False:
            return None
        levels.append((space.value, query))
    last = len(levels) - 1

    def template(row: list[Any]) -> Atom:
        stack: list[Any] = []
        for op, x in steps:
            if op == _LOAD_EVAL:
                v = row[x]
                if not (type(v) is Grounded or (type(v) is Expression and v._nf == world.version)
                        or inert(v)):
                    raise _DECLINE
                stack.append(v)
            elif op == _MAKE_EXPR:
                e = Expression(tuple(stack[-x:]))
                del stack[-x:]
                head = e.children[0]
                if type(head) is Symbol or (type(head) is Grounded and isinstance(head.value, Op)) \
                        or var_rules or EMPTY_SYM in e.children \
                        or any(type(c) is Expression and c.children
                               and c.children[0] is ERROR for c in e.children):
                    raise _DECLINE
                stack.append(as_data(e)[0])
            elif op == _LOAD_LOCAL:
                stack.append(row[x])
            elif op == _PUSH_CONSTANT:
                stack.append(constants[x])
            elif op == _PUSH_LONG_SMALL:
                stack.append(small[x])
            else:  # PUSH_TEMPLATE
                stack.append(patterns[x].instantiate(row))
        return stack[0]  # type: ignore[no-any-return]

    def walk(level: int, row: list[Any]) -> None:
        space, query = levels[level]
        rows = flat_rows(space, query, row)
        if rows is None:
            raise _DECLINE
        if level == last:
            for r in rows:
                v = template(r)
                if v is not EMPTY_SYM:  # no result, as the VM's YIELD (tier 0's drop_empty)
                    out.append(v)
        else:
            for r in rows:
                walk(level + 1, r)

    try:
        walk(0, loc)
    except _Decline:
        return None
    return Expression(tuple(out))


_LOAD_EVAL: Final = int(_O.LOAD_EVAL)
_MAKE_EXPR: Final = int(_O.MAKE_EXPR)
_LOAD_LOCAL: Final = int(_O.LOAD_LOCAL)
_PUSH_CONSTANT: Final = int(_O.PUSH_CONSTANT)
_PUSH_LONG_SMALL: Final = int(_O.PUSH_LONG_SMALL)

