"""Arithmetic, comparison and boolean operations on exact integers, floats and Bools.

Integers are Python ints: exact, never wrapping. Integer ``/`` truncates toward zero and
``%`` takes the sign of the dividend, as in the reference (Python's ``//`` floors).
``pow`` is exact integer exponentiation for a power >= 0, else C's ``pow`` on floats (what
the reference's ``pow-math`` does with a float power); ``pow-math`` is the reference's.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from typing import Any, Final

from mettajit.atoms.core import FALSE, NUMBER, TRUE, Atom, Grounded
from mettajit.grounded.mathops import powf, powi
from mettajit.grounded.registry import Exact, NotReducible, OpError, builtin, fold_exact

BIN_NUM = "(-> Number Number Number)"
CMP_NUM = "(-> Number Number Bool)"
BIN_BOOL = "(-> Bool Bool Bool)"


def number(a: Atom) -> int | float:
    """The Python number of a Number atom; NotReducible for anything else."""
    if type(a) is Grounded:
        k = a.kind
        if k is int or k is float:
            return a.value  # type: ignore[no-any-return]
    raise NotReducible


def boolean_value(a: Atom) -> bool:
    if a is TRUE:
        return True
    if a is FALSE:
        return False
    raise NotReducible


def int_div(x: int, y: int) -> int:
    """Integer division truncating toward zero."""
    q = abs(x) // abs(y)
    return q if (x >= 0) == (y >= 0) else -q


def int_pow(x: int, y: int) -> int:
    """``x ** y`` for ``y >= 0``, exact; every tier computes integer powers with this."""
    if x > 1 and not x & (x - 1):  # a power of two: a shift, not repeated squaring
        return 1 << ((x.bit_length() - 1) * y)  # 2**65536: 0.1 us instead of 128 us
    return x**y  # type: ignore[no-any-return]


def int_mod(x: int, y: int) -> int:
    """Remainder with the sign of the dividend."""
    return x - y * int_div(x, y)


def _num(v: int | float) -> Grounded:
    return Grounded(v, NUMBER)


# -- exact forms (``Exact``): each operation on unboxed ints or Bools, where it gives a
# plain value, written once; its fold rule (``Op.fold``) is made from it, and tier 1's
# lean path writes it into Python code. Floats, errors and huge powers do not fold.
Fold = Callable[[tuple[Grounded, ...]], Grounded | None]
_POW_LIMIT = 1 << 20  # bits; a bigger power is left to run time (it may be huge)


def _ints(expr: str, when: str | None = None, **env: Any) -> Exact:
    return Exact(int, int, expr, when, tuple(env.items()))


def _test(expr: str) -> Exact:
    return Exact(int, bool, expr)


def _bools(expr: str) -> Exact:
    return Exact(bool, bool, expr)


POW: Final = _ints("_pow({0}, {1})", "{1} >= 0", _pow=int_pow)
_POW_RULE = fold_exact(POW)


def _fold_pow(args: tuple[Grounded, ...]) -> Grounded | None:
    """``pow``'s fold rule: its exact form's, for a power of at most ``_POW_LIMIT`` bits."""
    x, y = args
    if y.kind is int and x.kind is int and y.value * max(abs(x.value).bit_length(), 1) > _POW_LIMIT:
        return None
    return _POW_RULE(args)


def as_float(x: int | float) -> float:
    """A number as a float; an integer too large for one is an IEEE infinity, as the
    float it is mixed with would overflow to."""
    try:
        return float(x)
    except OverflowError:
        return math.inf if x > 0 else -math.inf


def _mixed(fn: Callable[[float, float], float], x: int | float, y: int | float) -> Grounded:
    """``fn`` on an int too large for a float and a float (Python raises OverflowError)."""
    return _num(fn(as_float(x), as_float(y)))


@builtin("+", BIN_NUM, exact=_ints("{0} + {1}"))
def add(a: Atom, b: Atom) -> Atom:
    x, y = number(a), number(b)
    try:
        return _num(x + y)
    except OverflowError:
        return _mixed(operator.add, x, y)


@builtin("-", BIN_NUM, exact=_ints("{0} - {1}"))
def sub(a: Atom, b: Atom) -> Atom:
    x, y = number(a), number(b)
    try:
        return _num(x - y)
    except OverflowError:
        return _mixed(operator.sub, x, y)


@builtin("*", BIN_NUM, exact=_ints("{0} * {1}"))
def mul(a: Atom, b: Atom) -> Atom:
    x, y = number(a), number(b)
    try:
        return _num(x * y)
    except OverflowError:
        return _mixed(operator.mul, x, y)


@builtin("/", BIN_NUM, exact=_ints("_div({0}, {1})", "{1} != 0", _div=int_div))
def div(a: Atom, b: Atom) -> Atom:
    x, y = number(a), number(b)
    if type(x) is int and type(y) is int:
        if y == 0:
            raise OpError("DivisionByZero")
        return _num(int_div(x, y))
    if y == 0:  # a float operand: IEEE, (/ 1.0 0) is inf and (/ 0.0 0) is NaN
        if x == 0 or x != x:
            return _num(math.nan)
        return _num((math.inf if x > 0 else -math.inf) * math.copysign(1.0, y))
    try:
        return _num(x / y)
    except OverflowError:
        return _mixed(operator.truediv, x, y)


@builtin("%", BIN_NUM, exact=_ints("_mod({0}, {1})", "{1} != 0", _mod=int_mod))
def mod(a: Atom, b: Atom) -> Atom:
    x, y = number(a), number(b)
    if type(x) is int and type(y) is int:
        if y == 0:
            raise OpError("DivisionByZero")
        return _num(int_mod(x, y))
    if y == 0:  # a float operand: (% 7 0.0) is NaN
        return _num(math.nan)
    fx, fy = as_float(x), as_float(y)
    if math.isinf(fx):  # IEEE: an infinite dividend has no remainder
        return _num(math.nan)
    return _num(math.fmod(fx, fy))


@builtin("pow", BIN_NUM, exact=POW, fold=_fold_pow)
def pow_exact(a: Atom, b: Atom) -> Atom:
    x, y = number(a), number(b)
    if type(x) is int and type(y) is int and y >= 0:
        return _num(int_pow(x, y))
    # otherwise a float, as the reference's pow-math computes it (Rust's powi for an
    # integer power, C's pow else): Python's float ** gives a complex for (pow -8 0.5) and
    # raises where C's pow is inf
    if type(y) is int and -(2**31) <= y < 2**31:
        return _num(powi(as_float(x), y))
    return _num(powf(as_float(x), as_float(y)))


def _cmp(name: str, label: str, test: Callable[[Any, Any], bool]) -> None:
    def op(a: Atom, b: Atom) -> Atom:
        return TRUE if test(number(a), number(b)) else FALSE

    op.__name__ = f"cmp_{label}"
    builtin(name, CMP_NUM, exact=_test(f"{{0}} {name} {{1}}"))(op)


_cmp("<", "lt", operator.lt)
_cmp(">", "gt", operator.gt)
_cmp("<=", "le", operator.le)
_cmp(">=", "ge", operator.ge)


@builtin("==", "(-> $t $t Bool)", exact=_test("{0} == {1}"))
def eq(a: Atom, b: Atom) -> Atom:
    # numbers compare by value, not identity first: a NaN is not equal to itself, even
    # when both sides are the same atom, as in hyperon (`(== $x $x)`) and in tiers 1 and 2
    if type(a) is Grounded and type(b) is Grounded and a.kind is float:
        return TRUE if a.value == b.value and b.kind in (int, float) else FALSE
    return TRUE if a == b else FALSE


@builtin("and", BIN_BOOL, exact=_bools("({0} and {1})"))
def and_(a: Atom, b: Atom) -> Atom:
    return TRUE if boolean_value(a) and boolean_value(b) else FALSE


@builtin("or", BIN_BOOL, exact=_bools("({0} or {1})"))
def or_(a: Atom, b: Atom) -> Atom:
    x, y = boolean_value(a), boolean_value(b)
    return TRUE if x or y else FALSE


@builtin("xor", BIN_BOOL)
def xor(a: Atom, b: Atom) -> Atom:
    return TRUE if boolean_value(a) != boolean_value(b) else FALSE


@builtin("not", "(-> Bool Bool)", exact=_bools("(not {0})"))
def not_(a: Atom) -> Atom:
    return FALSE if boolean_value(a) else TRUE
