"""The ``*-math`` operations, checked against what hyperon 0.2.10 prints for each query."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mettajit.atoms.core import FALSE, TRUE, num
from mettajit.atoms.printer import format_atom
from mettajit.grounded import BUILTINS
from mettajit.grounded.mathops import powf, powi, round_half_away

Call = Callable[[str], str]

ORACLE = [
    # pow-math: integer powers are Rust's powi, float powers C's pow
    ("(pow-math 2 10)", "1024.0"),
    ("(pow-math 2 -1)", "0.5"),
    ("(pow-math 3 -3)", "0.037037037037037035"),
    ("(pow-math -2 3)", "-8.0"),
    ("(pow-math 1.1 10)", "2.593742460100002"),
    ("(pow-math 1.1 10.0)", "2.5937424601000023"),
    ("(pow-math 2.0 0.5)", "1.4142135623730951"),
    ("(pow-math -8 0.3333)", "NaN"),
    ("(pow-math 0 -1)", "inf"),
    ("(pow-math -0.0 -1)", "-inf"),
    ("(pow-math 1e308 2)", "inf"),
    ("(pow-math 2 2147483647)", "inf"),
    # sqrt-math
    ("(sqrt-math 16)", "4.0"),
    ("(sqrt-math 16.0)", "4.0"),
    ("(sqrt-math 2)", "1.4142135623730951"),
    ("(sqrt-math -4)", "NaN"),
    ("(sqrt-math -0.0)", "-0.0"),
    # abs-math keeps integers integers
    ("(abs-math -3)", "3"),
    ("(abs-math -3.5)", "3.5"),
    ("(abs-math -0.0)", "0.0"),
    # log-math takes the base first
    ("(log-math 2 8)", "3.0"),
    ("(log-math 10 1000)", "2.9999999999999996"),
    ("(log-math 2 0)", "-inf"),
    ("(log-math 2 -1)", "NaN"),
    ("(log-math 1 5)", "inf"),
    ("(log-math 0 5)", "-0.0"),
    # rounding: integers unchanged, floats to floats, halves away from zero
    ("(floor-math 2.7)", "2.0"),
    ("(floor-math -2.5)", "-3.0"),
    ("(floor-math 3)", "3"),
    ("(ceil-math 2.1)", "3.0"),
    ("(ceil-math -2.1)", "-2.0"),
    ("(ceil-math 5)", "5"),
    ("(round-math 2.5)", "3.0"),
    ("(round-math -2.5)", "-3.0"),
    ("(round-math 0.5)", "1.0"),
    ("(round-math 2.4999)", "2.0"),
    ("(round-math 0.49999999999999994)", "0.0"),
    ("(round-math -0.3)", "-0.0"),
    ("(round-math 7)", "7"),
    ("(trunc-math -2.7)", "-2.0"),
    ("(trunc-math 4)", "4"),
    # trigonometry
    ("(sin-math 0)", "0.0"),
    ("(sin-math 1)", "0.8414709848078965"),
    ("(cos-math 0)", "1.0"),
    ("(tan-math 1)", "1.5574077246549023"),
    ("(asin-math 2)", "NaN"),
    ("(acos-math 0.5)", "1.0471975511965979"),
    ("(atan-math 1)", "0.7853981633974483"),
    # predicates are False for every integer
    ("(isnan-math 1)", "False"),
    ("(isinf-math 1.0)", "False"),
]

ERRORS = [
    (
        "(pow-math 5 200000000000000)",
        "(Error (pow-math 5 200000000000000) power argument is too big, try using float value)",
    ),
    (
        "(pow-math 2 2147483648)",
        "(Error (pow-math 2 2147483648) power argument is too big, try using float value)",
    ),
    (
        "(pow-math A 2)",
        "(Error (pow-math A 2) pow-math expects two arguments: number (base) and number (power))",
    ),
    (
        "(pow-math 2 A)",
        "(Error (pow-math 2 A) pow-math expects two arguments: number (base) and number (power))",
    ),
    ("(sin-math a)", "(Error (sin-math a) sin-math expects one argument: input number)"),
    ("(isnan-math a)", "(Error (isnan-math a) isnan-math expects one argument: input number)"),
    ("(abs-math a)", "(Error (abs-math a) abs-math expects one argument: number)"),
    (
        "(log-math a 2)",
        "(Error (log-math a 2) log-math expects two arguments: base (number) and input value "
        "(number))",
    ),
]


@pytest.mark.parametrize(("query", "expected"), ORACLE + ERRORS)
def test_against_oracle(call: Call, query: str, expected: str) -> None:
    assert call(query) == expected


def test_nan_and_infinity_predicates() -> None:
    isnan = BUILTINS.ops["isnan-math"].fn
    isinf = BUILTINS.ops["isinf-math"].fn
    assert isnan(num(math.nan)) is TRUE
    assert isinf(num(-math.inf)) is TRUE
    assert isinf(num(math.nan)) is FALSE


def test_types_as_the_reference_declares_them() -> None:
    assert format_atom(BUILTINS.ops["pow-math"].type) == "(-> Number Number Number)"
    assert format_atom(BUILTINS.ops["log-math"].type) == "(-> Number Number Number)"
    assert format_atom(BUILTINS.ops["round-math"].type) == "(-> Number Number)"
    assert format_atom(BUILTINS.ops["isinf-math"].type) == "(-> Number Bool)"
    assert not any(BUILTINS.ops["sqrt-math"].lazy)


def test_exact_integers_do_not_wrap(call: Call) -> None:
    # a deliberate difference: the reference's i64 abs wraps at -2**63
    assert call("(abs-math -9223372036854775808)") == "9223372036854775808"


finite = st.floats(allow_nan=False, allow_infinity=False)


@given(finite)
def test_round_half_away_from_zero(x: float) -> None:
    r = round_half_away(x)
    assert r == math.floor(x) or r == math.ceil(x)
    assert abs(x - r) <= 0.5
    if abs(x - math.trunc(x)) == 0.5:
        assert abs(r) > abs(x)
    assert math.copysign(1.0, r) == math.copysign(1.0, x)


@given(
    st.floats(min_value=0.5, max_value=2.0),
    st.booleans(),
    st.integers(min_value=-40, max_value=40),
)
def test_powi_close_to_pow(magnitude: float, negative: bool, n: int) -> None:
    x = -magnitude if negative else magnitude
    assert powi(x, n) == pytest.approx(powf(x, float(n)), rel=1e-13)


@given(finite, finite)
def test_powf_never_raises(x: float, y: float) -> None:
    r = powf(x, y)
    assert isinstance(r, float)
