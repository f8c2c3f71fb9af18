"""Types in tier 0: the type of an atom, function types, and argument checks.

Gradual, as in the reference: ``%Undefined%`` (the type of an undeclared symbol or of an
expression with no function type) is compatible with every type, so only values of a
known, different type are rejected, with ``(Error <call> (BadArgType i expected actual))``.
Arguments whose declared type is ``Atom`` or ``Expression`` are passed unevaluated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mettajit.atoms.core import (
    ARROW,
    ATOM,
    EXPRESSION,
    GROUNDED,
    NUMBER,
    SYMBOL,
    UNDEFINED,
    VARIABLE,
    Atom,
    Expression,
    Grounded,
    Symbol,
    Variable,
    error,
)
from mettajit.grounded.registry import Op
from mettajit.space.unify import unify

if TYPE_CHECKING:
    from mettajit.interpreter.machine import Interpreter

_BAD_ARG = Symbol("BadArgType")
_EQ = Symbol("=")
_META = {Symbol: SYMBOL, Variable: VARIABLE, Expression: EXPRESSION, Grounded: GROUNDED}


def arg_types(t: Atom) -> tuple[Atom, ...] | None:
    """The argument types of a function type ``(-> A B R)``; None for other types."""
    if type(t) is Expression and len(t.children) >= 2 and t.children[0] is ARROW:
        return t.children[1:-1]
    return None


def return_type(t: Atom) -> Atom:
    return t.children[-1]  # type: ignore[attr-defined, no-any-return]


def is_lazy(t: Atom) -> bool:
    """Arguments of these types are passed as they are written."""
    return t is ATOM or t is EXPRESSION


def returns_atom(op: Op) -> bool:
    """Results of an operation typed ``-> ... Atom`` are not evaluated again."""
    r = op.ret_type
    return r is ATOM or r is EXPRESSION


def metatype(interp: Interpreter, atom: Atom) -> Atom:
    if type(atom) is Symbol and (atom.name in interp.registry or atom.name in interp.tokens):
        return GROUNDED
    return _META[type(atom)]


def types_of(interp: Interpreter, atom: Atom) -> list[Atom]:
    """Every type the atom has (``[%Undefined%]`` when nothing is known)."""
    t = type(atom)
    if t is Grounded:
        v = atom.value  # type: ignore[attr-defined]
        if isinstance(v, Op):
            return [v.type]
        return [atom.type]  # type: ignore[attr-defined]
    if t is Symbol:
        op = interp.registry.ops.get(atom.name)  # type: ignore[attr-defined]
        if op is not None:
            return [op.type]
        tok = interp.tokens.get(atom.name)  # type: ignore[attr-defined]
        if tok is not None:
            return types_of(interp, tok)
        declared = interp.space.declared_types(atom)
        if declared:
            return declared
        if atom is _EQ:
            tv = Variable.fresh("t")
            return [Expression((ARROW, tv, tv, UNDEFINED))]
        return [UNDEFINED]
    if t is Variable:
        return [UNDEFINED]
    ch = atom.children  # type: ignore[attr-defined]
    if not ch:
        return [UNDEFINED]
    declared = interp.space.declared_types(atom)  # (: (A B) PairAB)
    if declared:
        return declared
    head = ch[0]
    out: list[Atom] = []
    applicable = False  # the head has a function type: an ill-typed call has no type
    for ft in types_of(interp, head):
        params = arg_types(ft)
        if params is None:
            continue
        applicable = True
        if len(params) != len(ch) - 1:
            continue
        b: dict[Variable, Atom] = {}
        for p, a in zip(params, ch[1:], strict=True):
            nb = _fits(interp, p, a, b)
            if nb is None:
                break
            b = nb
        else:
            out.append(_subst_type(return_type(ft), b))
    if out or applicable:
        return out
    return [UNDEFINED]


def _subst_type(t: Atom, b: dict[Variable, Atom]) -> Atom:
    from mettajit.space.unify import substitute

    return substitute(t, b) if b else t


def _fits(
    interp: Interpreter, expected: Atom, atom: Atom, b: dict[Variable, Atom]
) -> dict[Variable, Atom] | None:
    """Bindings of type variables if ``atom`` may have type ``expected``; None if not."""
    if expected is UNDEFINED or expected is ATOM or expected is EXPRESSION:
        # the reference accepts any atom for Expression (the operation itself then decides)
        return b
    if expected is SYMBOL:
        return b if type(atom) is Symbol else None
    for actual in types_of(interp, atom):
        if actual is UNDEFINED:
            return b
        u = unify(expected, actual, b)
        if u is not None:
            return u
    return None


def check_args(interp: Interpreter, call: Expression, params: tuple[Atom, ...]) -> Atom | None:
    """``(Error call (BadArgType i expected actual))`` for the first bad argument, else None."""
    b: dict[Variable, Atom] | None = {}
    for i, (p, a) in enumerate(zip(params, call.children[1:], strict=True), start=1):
        nb = _fits(interp, p, a, b or {})
        if nb is None:
            expected = _subst_type(p, b or {})
            actual = (types_of(interp, a) or [UNDEFINED])[0]
            return error(call, Expression((_BAD_ARG, Grounded(i, NUMBER), expected, actual)))
        b = nb
    return None


_NUMERIC_OPS: dict[str, bool] = {}


def _same_grounded_kind(args: tuple[Atom, ...]) -> bool:
    a, b = args[1], args[2]
    if type(a) is not Grounded or type(b) is not Grounded:
        return False
    ka, kb = a.kind, b.kind
    return ka is kb or (ka in (int, float) and kb in (int, float))


def check_op_args(interp: Interpreter, op: Op, call: Expression) -> Atom | None:
    """Argument check of a grounded call; the common cases (numbers into numeric
    operations, two values of one kind into ``(-> $t $t ...)``) skip the general work."""
    numeric = _NUMERIC_OPS.get(op.name)
    if numeric is None:
        params = op.arg_types
        numeric = _NUMERIC_OPS[op.name] = bool(params) and all(t is NUMBER for t in params)
    args = call.children
    if numeric:
        for i in range(1, len(args)):
            a = args[i]
            if type(a) is not Grounded or (a.kind is not int and a.kind is not float):
                break
        else:
            return None
    elif len(args) == 3 and _same_grounded_kind(args):
        params = op.arg_types
        if len(params) == 2 and type(params[0]) is Variable and params[0] == params[1]:
            return None
    params = op.arg_types
    if not params or len(params) != len(args) - 1:
        return None
    return check_args(interp, call, params)
