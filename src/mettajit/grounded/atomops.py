"""Pure operations on the structure of atoms: taking expressions apart and putting them
together, sizes and indexing, min/max of numbers, multiset operations on tuples,
and ``=alpha``. None of them evaluates anything.

Argument types are declared as the reference declares them, since the registry derives
laziness from them: ``cons-atom``, ``decons-atom``, ``car-atom``, ``size-atom``... take
``Expression``/``Atom`` arguments unevaluated, while ``min-atom``/``max-atom`` take
``%Undefined%`` (evaluated) ones.

Two equalities are in play, as in the reference:

* ``unique-atom`` and ``=alpha`` compare up to renaming of variables, with ``1`` equal
  to ``1.0`` (``(unique-atom ($x $y 1 1.0))`` is ``($x 1)``);
* ``intersection-atom`` and ``subtraction-atom`` compare strictly: variables by name and
  numbers by value and kind (``1`` is not ``1.0`` there).

Error messages are the reference's: ``Symbol`` texts for the Rust operations, ``String``
atoms for ``car-atom``/``cdr-atom`` (which the reference writes in MeTTa).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable

from mettajit.atoms.core import (
    ARROW,
    NUMBER,
    Atom,
    Expression,
    Grounded,
    Symbol,
    Variable,
    boolean,
    string,
)
from mettajit.atoms.printer import format_atom
from mettajit.grounded.mathops import to_float
from mettajit.grounded.registry import OpError, builtin

NOT_EXPRESSION = "Atom is not an ExpressionAtom"


def expression_arg(a: Atom) -> tuple[Atom, ...]:
    """The children of an expression; the reference's error for any other atom."""
    if type(a) is Expression:
        return a.children
    raise OpError(NOT_EXPRESSION)


# ---------------------------------------------------------------------------------------
# Structure


@builtin("car-atom", "(-> Expression %Undefined%)", native=True)
def car_atom(a: Atom) -> Atom:
    if type(a) is Expression and a.children:
        return a.children[0]
    raise OpError(string("car-atom expects a non-empty expression as an argument"))


@builtin("cdr-atom", "(-> Expression Expression)", native=True)
def cdr_atom(a: Atom) -> Atom:
    if type(a) is Expression and a.children:
        return Expression(a.children[1:])
    raise OpError(string("cdr-atom expects a non-empty expression as an argument"))


@builtin("cons-atom", "(-> Atom Expression Atom)", native=True)
def cons_atom(head: Atom, tail: Atom) -> Atom:
    if type(tail) is Expression:
        return Expression((head, *tail.children))
    found = format_atom(Expression((Symbol("cons-atom"), head, tail)))
    raise OpError(f"expected: (cons-atom <head> (: <tail> Expression)), found: {found}")


@builtin("decons-atom", "(-> Expression Atom)")
def decons_atom(a: Atom) -> Atom:
    if type(a) is Expression and a.children:
        return Expression((a.children[0], Expression(a.children[1:])))
    found = format_atom(Expression((Symbol("decons-atom"), a)))
    raise OpError(f"expected: (decons-atom (: <expr> Expression)), found: {found}")


@builtin("size-atom", "(-> Expression Number)")
def size_atom(a: Atom) -> Atom:
    return Grounded(len(expression_arg(a)), NUMBER)


@builtin("index-atom", "(-> Expression Number Atom)")
def index_atom(a: Atom, i: Atom) -> Atom:
    children = expression_arg(a)
    if not (type(i) is Grounded and (i.kind is int or i.kind is float)):
        raise OpError("index-atom expects two arguments: expression and atom")
    index = _as_index(i.value)
    if 0 <= index < len(children):
        return children[index]
    raise OpError("Index is out of bounds")


def _as_index(x: int | float) -> int:
    """Rust's ``as i64`` then ``as usize``: floats truncate, NaN is 0, negatives miss."""
    if type(x) is float:
        if x != x:
            return 0
        if abs(x) >= 2.0**63:
            return -1
        return int(x)
    return int(x)


# ---------------------------------------------------------------------------------------
# Numbers in a tuple


def _min_max(a: Atom, pick_min: bool) -> Atom:
    children = expression_arg(a)
    if not children:
        raise OpError("Empty expression")
    best = float("inf") if pick_min else float("-inf")
    for c in children:
        if not (type(c) is Grounded and (c.kind is int or c.kind is float)):
            raise OpError(f"Only numbers are allowed in expression: {format_atom(a)}")
        x = to_float(c.value)
        # Rust's f64::min/max ignore a NaN operand, so a NaN never wins
        if x == x and (x < best if pick_min else x > best):
            best = x
    return Grounded(best, NUMBER)


@builtin("min-atom", "(-> %Undefined% Number)")
def min_atom(a: Atom) -> Atom:
    return _min_max(a, pick_min=True)


@builtin("max-atom", "(-> %Undefined% Number)")
def max_atom(a: Atom) -> Atom:
    return _min_max(a, pick_min=False)


# ---------------------------------------------------------------------------------------
# Keys for the two equalities


def _grounded_key(g: Grounded, strict: bool) -> Hashable:
    k = g.kind
    if not strict and (k is int or k is float):
        return ("n", g.value)  # 1 and 1.0 have one hash and compare equal
    try:
        hash(g.value)
    except TypeError:
        return ("g", k, id(g.value))
    return ("g", k, g.value)


def atom_key(atom: Atom, strict: bool = False) -> tuple[Hashable, ...]:
    """A hashable key: two atoms have equal keys iff they are equal.

    Not strict: variables are numbered by first appearance (so keys are equal iff the atoms
    are alpha-equivalent) and numbers compare by value alone. Strict: variables are
    themselves and numbers compare by value and kind.
    """
    out: list[Hashable] = []
    numbering: dict[Variable, int] = {}
    stack: list[Atom] = [atom]
    while stack:
        a = stack.pop()
        t = type(a)
        if t is Expression:
            ch = a.children  # type: ignore[attr-defined]
            out.append(("(", len(ch)))
            stack.extend(reversed(ch))
        elif t is Variable:
            if strict:
                out.append(a)
            else:
                out.append(("$", numbering.setdefault(a, len(numbering))))  # type: ignore[arg-type]
        elif t is Grounded:
            out.append(_grounded_key(a, strict))  # type: ignore[arg-type]
        else:
            out.append(a)  # interned symbol
    return tuple(out)


@builtin("=alpha", "(-> Atom Atom Bool)")
def alpha_eq(a: Atom, b: Atom) -> Atom:
    return boolean(atom_key(a) == atom_key(b))


# ---------------------------------------------------------------------------------------
# Tuples as multisets


@builtin("unique-atom", "(-> Expression Atom)")
def unique_atom(a: Atom) -> Atom:
    seen: set[tuple[Hashable, ...]] = set()
    out: list[Atom] = []
    for c in expression_arg(a):
        k = atom_key(c)
        if k not in seen:
            seen.add(k)
            out.append(c)
    return Expression(tuple(out))


@builtin("union-atom", "(-> Expression Expression Atom)")
def union_atom(a: Atom, b: Atom) -> Atom:
    return Expression(expression_arg(a) + expression_arg(b))


def _split_by(left: tuple[Atom, ...], right: tuple[Atom, ...]) -> tuple[list[Atom], list[Atom]]:
    """``left`` split into the atoms ``right`` also has (counted, strict equality) and the rest."""
    count = Counter(atom_key(c, strict=True) for c in right)
    common: list[Atom] = []
    rest: list[Atom] = []
    for c in left:
        k = atom_key(c, strict=True)
        if count[k] > 0:
            count[k] -= 1
            common.append(c)
        else:
            rest.append(c)
    return common, rest


@builtin("intersection-atom", "(-> Expression Expression Atom)")
def intersection_atom(a: Atom, b: Atom) -> Atom:
    return Expression(tuple(_split_by(expression_arg(a), expression_arg(b))[0]))


@builtin("subtraction-atom", "(-> Expression Expression Atom)")
def subtraction_atom(a: Atom, b: Atom) -> Atom:
    return Expression(tuple(_split_by(expression_arg(a), expression_arg(b))[1]))


# ---------------------------------------------------------------------------------------
# Written in MeTTa by the reference's standard library


@builtin("is-function", "(-> Type Bool)")
def is_function(t: Atom) -> Atom:
    """True for a function type ``(-> ...)``."""
    return boolean(type(t) is Expression and bool(t.children) and t.children[0] is ARROW)


@builtin("noreduce-eq", "(-> Atom Atom Bool)")
def noreduce_eq(a: Atom, b: Atom) -> Atom:
    """Equality of two atoms as written, without evaluating them."""
    return boolean(a == b)
