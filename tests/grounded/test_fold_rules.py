"""Each operation's fold rule (``Op.fold``, what tier 1 folds at compile time) gives exactly
what the operation gives, or declines (None) where the operation could give anything but
a plain integer or Bool."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mettajit.atoms.core import FALSE, NUMBER, TRUE, Grounded, num
from mettajit.grounded import BUILTINS

FOLDED = ("+", "-", "*", "/", "%", "pow", "<", ">", "<=", ">=", "==", "and", "or", "not")


def test_the_folded_operations() -> None:
    assert {op.name for op in BUILTINS if op.fold is not None} == set(FOLDED)


@given(st.sampled_from(FOLDED[:11]), st.integers(-10**6, 10**6), st.integers(-64, 64))
def test_integer_rules_agree(name: str, x: int, y: int) -> None:
    op = BUILTINS.ops[name]
    assert op.fold is not None
    got = op.fold((num(x), num(y)))
    if got is None:
        assert (name in ("/", "%") and y == 0) or (name == "pow" and y < 0)
        return
    assert got == op.fn(num(x), num(y))


@pytest.mark.parametrize("name", ["and", "or"])
def test_bool_rules_agree(name: str) -> None:
    op = BUILTINS.ops[name]
    assert op.fold is not None
    for a in (TRUE, FALSE):
        for b in (TRUE, FALSE):
            assert op.fold((a, b)) == op.fn(a, b)
    assert op.fold((TRUE, num(1))) is None


def test_declines() -> None:
    fold = {name: BUILTINS.ops[name].fold for name in FOLDED}
    f = Grounded(1.5, NUMBER)
    assert fold["+"]((f, num(1))) is None  # a float: tier 0's float arithmetic
    assert fold["<"]((TRUE, num(1))) is None  # a type error
    assert fold["/"]((num(1), num(0))) is None  # DivisionByZero
    assert fold["pow"]((num(3), num(1 << 21))) is None  # too big to build at compile time
    assert fold["pow"]((num(2), num(10))) == num(1024)
    assert fold["not"]((TRUE,)) is FALSE
    assert fold["not"]((num(0),)) is None
