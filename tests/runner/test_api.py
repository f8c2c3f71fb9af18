"""The hyperon-shaped Python API: constructors, operations as atoms, run/evaluate."""

from __future__ import annotations

import pytest

from mettajit import E, G, GroundedObject, MeTTa, OperationAtom, S, V, ValueAtom
from mettajit.atoms.core import Grounded
from support import DEFAULT_TIER, run, runner


def test_run_returns_one_list_per_query() -> None:
    out = MeTTa().run("(= (double $x) (* $x 2)) !(double 21) (fact 1) !(superpose (1 2 3))")
    assert [[str(a) for a in r] for r in out] == [["42"], ["1", "2", "3"]]


def test_constructors_print_as_metta() -> None:
    assert str(E(S("f"), V("x"), ValueAtom(1.5), ValueAtom("s"), ValueAtom(True))) == (
        '(f $x 1.5 "s" True)'
    )
    assert str(G(GroundedObject(None, "thing"), S("Thing"))) == "thing"
    with pytest.raises(AssertionError, match="Method copy should be implemented"):
        G(object(), S("Thing"))  # hyperon's rule: a grounded object has copy


def test_evaluate_atom_and_parse_all() -> None:
    m = runner(DEFAULT_TIER)
    run(m, "(= (inc $x) (+ $x 1))")
    assert [str(a) for a in m.evaluate_atom(E(S("inc"), ValueAtom(41)))] == ["42"]
    assert [str(a) for a in m.parse_all("(a $b) 3")] == ["(a $b)", "3"]


def test_operation_atom_unwrapped_is_typed() -> None:
    m = runner(DEFAULT_TIER)
    m.register_atom("py-add", OperationAtom("py-add", lambda a, b: a + b, ["Number"] * 3))
    assert run(m, '!(py-add 2 (* 3 4)) !(py-add 1 "x") !(get-type py-add)') == [
        ["14"],
        ['(Error (py-add 1 "x") (BadArgType 2 Number String))'],
        ["(-> Number Number Number)"],
    ]


def test_operation_atom_on_atoms_may_give_several_results() -> None:
    m = runner(DEFAULT_TIER)
    m.register_atom("both", OperationAtom("both", lambda a, b: [a, b], unwrap=False))
    assert run(m, "!(both x (+ 1 1))") == [["x", "2"]]


def test_a_failing_python_operation_is_an_error_value() -> None:
    m = runner(DEFAULT_TIER)
    m.register_atom("boom", OperationAtom("boom", lambda: 1 // 0))
    (res,) = run(m, "!(boom)").atoms
    assert len(res) == 1 and str(res[0]).startswith('(Error (boom) "ZeroDivisionError')


def test_register_atom_binds_a_token_to_a_value() -> None:
    m = runner(DEFAULT_TIER)
    m.register_atom("&answer", ValueAtom(42))
    (res,) = run(m, "!(+ &answer 1)").atoms
    assert isinstance(res[0], Grounded) and res[0].value == 43
