"""Integers print and read exactly whatever their size, and ``pow`` gives only Numbers.

CPython's ``str`` and ``int`` refuse more than 4,300 digits; ``printer.int_text`` and
``reader.read_int`` do not. The reference's Numbers are 64-bit (a literal past i64 is a
parse error there, and arithmetic wraps): exact integers are a deliberate difference (README,
"Deliberate differences"). ``pow`` is ours (the reference has ``pow-math``): a power that is
not a natural number gives the float ``pow-math`` gives, never a Python complex number.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mettajit.atoms.printer import int_text
from mettajit.atoms.reader import parse_atom, read_int
from support import TIERS, run


@pytest.fixture
def unlimited() -> Iterator[None]:
    """CPython's own conversion without its digit limit, as the reference to compare with."""
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    yield
    sys.set_int_max_str_digits(old)


@given(st.integers(min_value=0, max_value=60_000).flatmap(
    lambda bits: st.integers(min_value=-(2**bits), max_value=2**bits)))
def test_int_text_and_read_int_are_exact(n: int) -> None:
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        text = str(n)
    finally:
        sys.set_int_max_str_digits(old)
    assert int_text(n) == text
    assert read_int(text) == n


@pytest.mark.parametrize("tier", TIERS)
def test_a_big_power_prints_exactly(tier: str, unlimited: None) -> None:
    assert run(tier, "!(pow 2 100000)\n!(- (pow 10 5000) 1)") == [
        [str(2**100_000)], ["9" * 5000]
    ]


@pytest.mark.parametrize("tier", TIERS)
def test_a_huge_literal_reads(tier: str, unlimited: None) -> None:
    big = "7" * 20_000
    program = f"(= (big) {big})\n!(+ (big) 1)\n!(== (big) -{big})\n!(* -1 {big})"
    assert run(tier, program) == [[str(int(big) + 1)], ["False"], ["-" + big]]


def test_a_huge_literal_is_a_number_atom(unlimited: None) -> None:
    atom = parse_atom("-" + "1" * 100_000)
    assert atom.value == -int("1" * 100_000)  # type: ignore[attr-defined]


# (pow a b) against (pow-math a b), the reference's, where the power is not a natural number
POW_CASES = [
    ("-8", "0.5"), ("0", "-1"), ("0.0", "-1"), ("-0.0", "-1"), ("2", "-1"), ("2.0", "1000000"),
    ("-2.0", "1000001"), ("-1", "0.5"), ("1.1", "10"), ("1.1", "-10"), ("2", "0.5"),
    ("-8", "(/ 1.0 3)"), ("0", "0.0"), ("4", "-0.5"), ("-2", "-3"), ("(pow 10 400)", "0.5"),
    ("2.0", "2147483648"), ("0.5", "-2147483649"),
]


@pytest.mark.parametrize("tier", TIERS)
def test_pow_of_a_non_natural_power_is_pow_math(tier: str) -> None:
    program = "\n".join(f"!(pow {a} {b})\n!(pow-math {a} {b})" for a, b in POW_CASES)
    out = run(tier, program)
    for (a, b), got, want in zip(POW_CASES, out[0::2], out[1::2], strict=True):
        if "(pow 10 400)" in a or "2147483648" in b or "2147483649" in b:
            # pow-math refuses a power outside i32 or cannot hold 10**400; pow is C's pow
            assert got == ["inf"], (a, b, got)
            continue
        assert got == want, (a, b)
        assert "j" not in got[0]


@pytest.mark.parametrize("tier", TIERS)
def test_pow_through_a_rule_is_a_float_too(tier: str) -> None:
    program = "(= (p $a $b) (pow $a $b))\n!(p -8 0.5)\n!(p 0 -1)\n!(p 2 -2)\n!(p 3 4)"
    assert run(tier, program) == [["NaN"], ["inf"], ["0.25"], ["81"]]
