"""Unification: unit cases and hypothesis properties (soundness, symmetry, reflexivity)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mettajit.atoms import Atom, E, Expression, S, V, ValueAtom
from mettajit.space import match_ground, rename_variables, substitute, unify

# a small vocabulary, so that random pairs often do unify
leaves = st.one_of(
    st.sampled_from([S("a"), S("b"), S("f")]),
    st.sampled_from([V("x"), V("y"), V("z")]),
    st.integers(-2, 2).map(ValueAtom),
)
atoms: st.SearchStrategy[Atom] = st.recursive(
    leaves,
    lambda kids: st.lists(kids, max_size=3).map(lambda xs: Expression(tuple(xs))),
    max_leaves=12,
)
ground_atoms: st.SearchStrategy[Atom] = atoms.filter(lambda a: a.is_ground())


def test_simple_cases() -> None:
    assert unify(S("a"), S("a")) == {}
    assert unify(S("a"), S("b")) is None
    assert unify(V("x"), S("a")) == {V("x"): S("a")}
    assert unify(E(S("f"), V("x")), E(S("f"), S("a"), S("b"))) is None  # arity
    b = unify(E(S("f"), V("x"), V("x")), E(S("f"), S("a"), V("y")))
    assert b is not None and substitute(V("y"), b) is S("a")


def test_occurs_check() -> None:
    assert unify(V("x"), E(S("f"), V("x"))) is None


def test_existing_bindings_are_respected_and_not_changed() -> None:
    start = {V("x"): S("a")}
    assert unify(V("x"), S("b"), start) is None
    b = unify(V("x"), V("y"), start)
    assert b is not None and substitute(V("y"), b) is S("a")
    assert start == {V("x"): S("a")}


def test_numbers_unify_by_value_not_with_bools() -> None:
    assert unify(ValueAtom(1), ValueAtom(1)) == {}
    assert unify(ValueAtom(1), ValueAtom(True)) is None


def test_match_ground_binds_pattern_variables() -> None:
    b: dict = {}  # type: ignore[type-arg]
    assert match_ground(E(S("f"), V("x"), V("x")), E(S("f"), S("a"), S("a")), b)
    assert b == {V("x"): S("a")}
    assert not match_ground(E(S("f"), V("x"), V("x")), E(S("f"), S("a"), S("b")), {})


@given(atoms, atoms)
def test_a_unifier_makes_both_sides_equal(left: Atom, right: Atom) -> None:
    b = unify(left, right)
    if b is not None:
        assert substitute(left, b) == substitute(right, b)


@given(atoms, atoms)
def test_success_is_symmetric(left: Atom, right: Atom) -> None:
    assert (unify(left, right) is None) == (unify(right, left) is None)


@given(atoms)
def test_every_atom_unifies_with_itself(atom: Atom) -> None:
    assert unify(atom, atom) is not None


@given(ground_atoms)
def test_a_ground_atom_unifies_with_itself_binding_nothing(atom: Atom) -> None:
    assert unify(atom, atom) == {}


@given(atoms, ground_atoms)
def test_unify_and_match_ground_agree_on_ground_targets(pattern: Atom, target: Atom) -> None:
    b: dict = {}  # type: ignore[type-arg]
    matched = match_ground(pattern, target, b)
    assert matched == (unify(pattern, target) is not None)
    if matched:
        assert substitute(pattern, b) == target


@given(atoms)
def test_a_renamed_copy_unifies_with_the_original(atom: Atom) -> None:
    copy = rename_variables(atom)
    b = unify(atom, copy)
    assert b is not None
    assert substitute(atom, b) == substitute(copy, b)
