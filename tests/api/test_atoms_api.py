"""hyperon's atom API over mettajit's atoms: methods, constructors, grounded objects."""

from __future__ import annotations

import pytest

from mettajit import (
    AtomKind,
    Atoms,
    AtomType,
    E,
    G,
    GroundedObject,
    MeTTa,
    OperationAtom,
    OperationObject,
    PrimitiveAtom,
    S,
    SymbolAtom,
    V,
    ValueAtom,
    ValueObject,
    atom_is_error,
    atoms_are_equivalent,
)
from mettajit.ext import RegisterType, grounded, register_atoms, register_tokens
from mettajit.stdlib import Char
from support import DEFAULT_TIER, run, runner


def test_methods_and_kinds() -> None:
    e = E(S("f"), V("x"), ValueAtom(1.5))
    assert S("a").get_name() == "a" and V("x").get_name() == "x"
    assert [a.get_metatype() for a in e.get_children()] == [
        AtomKind.SYMBOL,
        AtomKind.VARIABLE,
        AtomKind.GROUNDED,
    ]
    assert e.get_metatype() is AtomKind.EXPR
    assert e.iterate() == [e, S("f"), V("x"), ValueAtom(1.5)]
    assert isinstance(S("a"), SymbolAtom)
    assert ValueAtom(2).get_grounded_type() == AtomType.NUMBER


def test_repr_is_metta_text() -> None:
    assert repr([[E(S("a"), ValueAtom("s"), V("v"), ValueAtom(True))]]) == '[[(a "s" $v True)]]'


def test_value_atoms_are_metta_values() -> None:
    assert ValueAtom(1) == MeTTa().parse_all("1")[0]
    assert ValueAtom(1).get_object() == ValueObject(1)
    assert ValueAtom("a").get_grounded_type() == AtomType.STRING
    assert ValueAtom(Char("c")) == MeTTa().parse_all("'c'")[0]
    with pytest.raises(AssertionError, match="Grounded int 42 can't have a custom type Int"):
        ValueAtom(42, "Int")


def test_a_value_object_keeps_its_identity() -> None:
    obj = [1]
    atom = ValueAtom(obj)
    assert atom.get_object().value is obj
    p = PrimitiveAtom(10)
    p.get_object().content = 5  # a PrimitiveAtom holds a Python object, not the Number
    assert p.get_object().value == 5


def test_grounded_object_rules() -> None:
    assert str(G(GroundedObject("x y"), S("T"))) == '"x y"'
    with pytest.raises(AssertionError, match="Method copy should be implemented"):
        G(object())


def test_operation_object_executes_on_atoms() -> None:
    double = OperationAtom("*2", lambda x: x * 2, ["Number", "Number"])
    obj = double.get_object()
    assert type(obj) is OperationObject and obj.name == "*2"
    assert obj.execute(ValueAtom(21), res_typ=AtomType.NUMBER) == [ValueAtom(42)]
    assert str(E(double, ValueAtom(1))) == "(*2 1)"
    assert OperationAtom("nothing", lambda: None).get_object().execute() == [Atoms.UNIT]


def test_equivalence_and_errors() -> None:
    assert atoms_are_equivalent(E(V("a"), V("b"), V("a")), E(V("x"), V("y"), V("x")))
    assert not atoms_are_equivalent(E(V("a"), V("b")), E(V("x"), V("x")))
    assert atom_is_error(E(S("Error"), S("x"), S("Bad")))
    assert not atom_is_error(E(S("Err"), S("x")))


def test_ext_decorators_mark_functions() -> None:
    @register_atoms
    def atoms() -> dict[str, object]:
        return {"a": S("b")}

    @register_tokens(pass_metta=True)
    def tokens(metta: object) -> dict[str, object]:
        return {}

    assert atoms.metta_type is RegisterType.ATOM and not atoms.metta_pass_metta  # type: ignore[attr-defined]
    assert tokens.metta_type is RegisterType.TOKEN and tokens.metta_pass_metta  # type: ignore[attr-defined]
    assert atoms() == {"a": S("b")}


def test_grounded_registers_in_a_runner() -> None:
    m = runner(DEFAULT_TIER)

    @grounded(m)
    def abs_dif(x: int, y: int) -> int:
        return abs(x - y)

    assert run(m, "!(abs_dif 4 7)").atoms == [[ValueAtom(3)]]
