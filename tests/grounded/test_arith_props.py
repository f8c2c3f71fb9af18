"""Integer ``/`` and ``%`` as the reference computes them (truncating division, remainder
with the sign of the dividend), and division by zero: an error for two integers, IEEE
values as soon as one operand is a float."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mettajit.atoms.core import num
from mettajit.grounded import BUILTINS
from support import DEFAULT_TIER, run

Call = Callable[[str], str]

ORACLE = [
    ("(/ -7 2)", "-3"),
    ("(% -7 2)", "-1"),
    ("(/ 7 -2)", "-3"),
    ("(% 7 -2)", "1"),
    ("(/ -7 -2)", "3"),
    ("(% -7 -2)", "-1"),
    ("(% -7.5 2)", "-1.5"),
    ("(/ 7 2.0)", "3.5"),
    ("(/ 1.0 0)", "inf"),
    ("(/ 1 0.0)", "inf"),
    ("(/ -1 0.0)", "-inf"),
    ("(/ 0.0 0)", "NaN"),
    ("(% 7 0.0)", "NaN"),
    ("(% 7.0 0)", "NaN"),
    ("(/ 1 0)", "(Error (/ 1 0) DivisionByZero)"),
    ("(/ 0 0)", "(Error (/ 0 0) DivisionByZero)"),
    ("(% 1 0)", "(Error (% 1 0) DivisionByZero)"),  # the reference panics here
]


@pytest.mark.parametrize(("query", "expected"), ORACLE)
def test_against_oracle(call: Call, query: str, expected: str) -> None:
    assert call(query) == expected


ints = st.integers(min_value=-(10**30), max_value=10**30)
nonzero = ints.filter(lambda n: n != 0)


@given(ints, nonzero)
def test_quotient_times_divisor_plus_remainder(a: int, b: int) -> None:
    q = BUILTINS.ops["/"].fn(num(a), num(b)).value
    r = BUILTINS.ops["%"].fn(num(a), num(b)).value
    assert type(q) is int and type(r) is int
    assert q * b + r == a
    assert abs(r) < abs(b)
    assert r == 0 or (r > 0) == (a > 0)  # the sign of the dividend
    assert abs(q) == abs(a) // abs(b)  # truncation toward zero


def test_an_int_too_large_for_a_float_mixed_with_a_float_is_ieee() -> None:
    program = (
        "!(+ (pow 10 400) 1.5) !(- 1.5 (pow 10 400)) !(* (pow 10 400) -1.0) "
        "!(/ (pow 10 400) 2.0) !(/ 1.0 (pow 10 400)) !(% (pow 10 400) 3.0) "
        "!(< (pow 10 400) 1.5)"
    )
    out = [[str(a) for a in r] for r in run(DEFAULT_TIER, program).atoms]
    assert out == [["inf"], ["-inf"], ["-inf"], ["inf"], ["0.0"], ["NaN"], ["False"]]


@given(k=st.integers(min_value=0, max_value=12), y=st.integers(min_value=0, max_value=300))
def test_pow_of_a_power_of_two_is_exact(k: int, y: int) -> None:
    from mettajit.atoms.core import NUMBER as N_
    from mettajit.atoms.core import Grounded as G_
    from mettajit.grounded.arith import pow_exact

    assert pow_exact(G_(2**k, N_), G_(y, N_)) == G_((2**k) ** y, N_)
