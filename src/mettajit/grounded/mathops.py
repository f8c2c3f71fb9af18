"""The ``*-math`` operations of hyperon's standard library: pow, sqrt, abs, log, rounding,
trigonometry, and the NaN/infinity tests.

Results follow the reference (Rust ``f64``) bit for bit where Python's ``math`` differs:

* domain errors are IEEE values, not exceptions: ``(sqrt-math -4)`` is ``NaN``,
  ``(log-math 2 0)`` is ``-inf``, ``(pow-math 0 -1)`` is ``inf``;
* ``pow-math`` with an integer power is Rust's ``powi`` (repeated squaring, so
  ``(pow-math 1.1 10)`` is ``2.593742460100002``, not ``1.1 ** 10.0``), and a power outside
  ``i32`` is an error; with a float power it is C's ``pow``;
* ``round-math`` rounds half away from zero; rounding an integer returns it unchanged,
  rounding a float returns a float (``(floor-math 2.7)`` is ``2.0``);
* ``log-math`` takes the base first and computes ``ln(x) / ln(base)``.

A non-number argument is an error value naming the operation, as in the reference.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from mettajit.atoms.core import NUMBER, Atom, Grounded, boolean
from mettajit.grounded.registry import OpError, builtin

UNARY = "(-> Number Number)"
BINARY = "(-> Number Number Number)"
PREDICATE = "(-> Number Bool)"

_I32_MIN = -(2**31)
_I32_MAX = 2**31 - 1


def number_arg(a: Atom, message: str) -> int | float:
    """The Python number of a Number atom; ``OpError(message)`` for anything else."""
    if type(a) is Grounded and (a.kind is int or a.kind is float):
        return a.value  # type: ignore[no-any-return]
    raise OpError(message)


def to_float(x: int | float) -> float:
    """``x`` as a float; an exact integer too large for a float becomes an infinity."""
    try:
        return float(x)
    except OverflowError:
        return math.inf if x > 0 else -math.inf


def ieee_div(x: float, y: float) -> float:
    """``x / y`` with IEEE results for a zero divisor instead of ZeroDivisionError."""
    if y != 0.0:
        return x / y
    if x == 0.0 or math.isnan(x):
        return math.nan
    return math.copysign(math.inf, x) * math.copysign(1.0, y)


def ln(x: float) -> float:
    """Natural logarithm with IEEE results: ``ln(0)`` is ``-inf``, ``ln(-1)`` is NaN."""
    if x > 0.0:
        return math.log(x)
    if x == 0.0:
        return -math.inf
    return math.nan


def powi(base: float, n: int) -> float:
    """Rust's ``f64::powi``: compiler-rt's ``__powidf2`` (square and multiply)."""
    recip = n < 0
    n = -n if recip else n
    r = 1.0
    while True:
        if n & 1:
            r *= base
        n >>= 1
        if n == 0:
            break
        base *= base
    return ieee_div(1.0, r) if recip else r


def _is_odd_integer(y: float) -> bool:
    return math.isfinite(y) and y == math.floor(y) and math.fmod(y, 2.0) != 0.0


def powf(x: float, y: float) -> float:
    """C's ``pow`` (Rust's ``f64::powf``): IEEE values where ``math.pow`` raises."""
    try:
        return math.pow(x, y)
    except OverflowError:
        negative = x < 0.0 and _is_odd_integer(y)
        return -math.inf if negative else math.inf
    except ValueError:
        if x == 0.0:  # zero to a negative power: a signed infinity
            negative = math.copysign(1.0, x) < 0.0 and _is_odd_integer(y)
            return -math.inf if negative else math.inf
        return math.nan  # negative base, non-integer power


def round_half_away(x: float) -> float:
    """Rust's ``f64::round``: halves go away from zero; the sign of zero is kept."""
    if not math.isfinite(x):
        return x
    t = math.trunc(x)
    if abs(x - t) >= 0.5:
        t += 1 if x > 0 else -1
    return math.copysign(float(t), x)


def _integral(fn: Callable[[float], int]) -> Callable[[float], float]:
    """A float -> float rounding function from a ``math`` one that returns an int."""

    def go(x: float) -> float:
        if not math.isfinite(x):
            return x
        return math.copysign(float(fn(x)), x)

    return go


def _safe(fn: Callable[[float], float]) -> Callable[[float], float]:
    """A ``math`` function with NaN where it would raise a domain error."""

    def go(x: float) -> float:
        try:
            return fn(x)
        except ValueError:
            return math.nan

    return go


def _num(v: int | float) -> Grounded:
    return Grounded(v, NUMBER)


@builtin("pow-math", BINARY)
def pow_math(a: Atom, b: Atom) -> Atom:
    message = "pow-math expects two arguments: number (base) and number (power)"
    base = to_float(number_arg(a, message))
    power = number_arg(b, message)
    if type(power) is int:
        if not _I32_MIN <= power <= _I32_MAX:
            raise OpError("power argument is too big, try using float value")
        return _num(powi(base, power))
    return _num(powf(base, power))


@builtin("log-math", BINARY)
def log_math(a: Atom, b: Atom) -> Atom:
    message = "log-math expects two arguments: base (number) and input value (number)"
    base = to_float(number_arg(a, message))
    x = to_float(number_arg(b, message))
    return _num(ieee_div(ln(x), ln(base)))


@builtin("abs-math", UNARY)
def abs_math(a: Atom) -> Atom:
    return _num(abs(number_arg(a, "abs-math expects one argument: number")))


def _float_op(name: str, fn: Callable[[float], float], message: str) -> None:
    """Register ``name``: any number in, always a float out."""

    def op(a: Atom) -> Atom:
        return _num(fn(to_float(number_arg(a, message))))

    op.__name__ = name.replace("-", "_")
    builtin(name, UNARY)(op)


def _rounding_op(name: str, fn: Callable[[float], float]) -> None:
    """Register ``name``: an integer comes back unchanged, a float is rounded to a float."""
    message = f"{name} expects one argument: input number"

    def op(a: Atom) -> Atom:
        x = number_arg(a, message)
        return a if type(x) is int else _num(fn(x))

    op.__name__ = name.replace("-", "_")
    builtin(name, UNARY)(op)


def _predicate(name: str, fn: Callable[[float], bool]) -> None:
    """Register ``name``: a Bool test that is False for every integer."""
    message = f"{name} expects one argument: input number"

    def op(a: Atom) -> Atom:
        x = number_arg(a, message)
        return boolean(type(x) is float and fn(x))

    op.__name__ = name.replace("-", "_")
    builtin(name, PREDICATE)(op)


_float_op("sqrt-math", _safe(math.sqrt), "sqrt-math expects one argument: number")
for _name, _fn in (
    ("sin-math", math.sin),
    ("cos-math", math.cos),
    ("tan-math", math.tan),
    ("asin-math", math.asin),
    ("acos-math", math.acos),
    ("atan-math", math.atan),
):
    _float_op(_name, _safe(_fn), f"{_name} expects one argument: input number")

_rounding_op("trunc-math", _integral(math.trunc))
_rounding_op("floor-math", _integral(math.floor))
_rounding_op("ceil-math", _integral(math.ceil))
_rounding_op("round-math", round_half_away)

_predicate("isnan-math", math.isnan)
_predicate("isinf-math", math.isinf)
