"""Printer unit tests: the canonical text of each kind of atom and of a result list."""

from __future__ import annotations

import pytest

from mettajit.atoms import E, Grounded, S, V, ValueAtom, Variable, format_atom, format_results
from mettajit.atoms.printer import format_float


def test_symbols_variables_expressions() -> None:
    assert format_atom(S("foo")) == "foo"
    assert format_atom(V("x")) == "$x"
    assert format_atom(Variable("x", 53)) == "$x#53"
    assert format_atom(E()) == "()"
    assert format_atom(E(S("f"), E(S("g"), V("y")), E())) == "(f (g $y) ())"


def test_grounded_values() -> None:
    assert format_atom(ValueAtom(42)) == "42"
    assert format_atom(ValueAtom(-(10**30))) == "-" + "1" + "0" * 30
    assert format_atom(ValueAtom(True)) == "True"
    assert format_atom(ValueAtom(False)) == "False"
    assert format_atom(ValueAtom("hi")) == '"hi"'


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1.0, "1.0"),
        (-2.5, "-2.5"),
        (0.1, "0.1"),
        (1e20, "1e20"),
        (1.5e-7, "1.5e-7"),
        (float("inf"), "inf"),
        (float("-inf"), "-inf"),
        (float("nan"), "NaN"),
    ],
)
def test_floats_as_rust_debug(value: float, text: str) -> None:
    assert format_float(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ('say "hi"', r'"say \"hi\""'),
        ("a\\b", r'"a\\b"'),
        ("line\nnext", r'"line\nnext"'),
        ("tab\t", r'"tab\t"'),
    ],
)
def test_string_escapes(value: str, text: str) -> None:
    assert format_atom(Grounded(value, S("String"))) == text


def test_result_lists() -> None:
    assert format_results([]) == "[]"
    assert format_results([ValueAtom(1)]) == "[1]"
    assert format_results([ValueAtom(1), E(S("a"), S("b")), ValueAtom("s")]) == '[1, (a b), "s"]'


def test_deep_expression_prints_without_recursion() -> None:
    atom = S("x")
    for _ in range(50_000):
        atom = E(atom)
    text = format_atom(atom)
    assert text == "(" * 50_000 + "x" + ")" * 50_000
