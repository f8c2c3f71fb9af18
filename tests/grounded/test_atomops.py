"""Structural operations on atoms, checked against what hyperon 0.2.10 prints, plus
properties: cons/decons round trips, and the multiset laws of the ``*-atom`` set ops."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mettajit.atoms.core import (
    UNIT,
    Atom,
    Expression,
    Grounded,
    Symbol,
    Variable,
    num,
    string,
)
from mettajit.atoms.printer import format_atom
from mettajit.grounded import BUILTINS
from mettajit.grounded.atomops import atom_key
from mettajit.space.unify import rename_variables

Call = Callable[[str], str]

ORACLE = [
    ("(car-atom (a b c))", "a"),
    ("(car-atom (cdr-atom (1 2 3)))", "cdr-atom"),  # the argument is not evaluated
    ("(cdr-atom (a))", "()"),
    ("(cdr-atom (a b c))", "(b c)"),
    ("(cons-atom a (b c))", "(a b c)"),
    ("(cons-atom a ())", "(a)"),
    ("(cons-atom (+ 1 2) (b))", "((+ 1 2) b)"),
    ("(cons-atom $x ())", "($x)"),
    ("(decons-atom (a b c))", "(a (b c))"),
    ("(decons-atom (a))", "(a ())"),
    ("(decons-atom (+ 1 2))", "(+ (1 2))"),
    ("(decons-atom ($x $y))", "($x ($y))"),
    ("(size-atom ())", "0"),
    ("(size-atom (a b c))", "3"),
    ("(size-atom (+ 1 2))", "3"),
    ("(index-atom (a b c) 1)", "b"),
    ("(index-atom (a b c) 1.7)", "b"),
    ("(index-atom (a b c) -0.5)", "a"),
    ("(max-atom (3 1 2))", "3.0"),
    ("(min-atom (3 1 2))", "1.0"),
    ("(min-atom (3 1.5 2))", "1.5"),
    ("(unique-atom (a b c d d))", "(a b c d)"),
    ("(unique-atom (a $x b $y (f $z) (f 1) 1 1.0))", "(a $x b (f $z) (f 1) 1)"),
    ("(unique-atom ((f $x $y) (f $a $a) (f $b $c) (f $d $d)))", "((f $x $y) (f $a $a))"),
    ("(unique-atom ((f $x $x) (f $y $y)))", "((f $x $x))"),
    ("(unique-atom ((f $x) (f a)))", "((f $x) (f a))"),
    ("(unique-atom (1.0 1))", "(1.0)"),
    ("(unique-atom (2 2.0 2.5 2.5))", "(2 2.5)"),
    ('(unique-atom (1 1.0 "a" "a" True True))', '(1 "a" True)'),
    ('(unique-atom ("a" a))', '("a" a)'),
    ("(unique-atom ())", "()"),
    ("(union-atom (a b b c) (b c c d))", "(a b b c b c c d)"),
    ("(intersection-atom (a b c c) (b c c c d))", "(b c c)"),
    ("(intersection-atom (a $x (f $y) 1) ($z (f 2) 1.0 a))", "(a)"),
    ("(intersection-atom (1 2.0 3) (1.0 2 3))", "(3)"),
    ("(intersection-atom ($x) ($x))", "($x)"),
    ("(subtraction-atom (a b b c) (b c c d))", "(a b)"),
    ("(subtraction-atom (a $x (f $y) 1) ($x (f 2) 1.0))", "(a (f $y) 1)"),
    ("(subtraction-atom (1 2.0 3) (1.0 2 3))", "(1 2.0)"),
    ("(=alpha (f $x) (f $y))", "True"),
    ("(=alpha (f $x $x) (f $y $z))", "False"),
    ("(=alpha (f $x $y) (f $z $z))", "False"),
    ("(=alpha ($x $y) ($y $x))", "True"),
    ("(=alpha $x $y)", "True"),
    ("(=alpha 1 1.0)", "True"),
    ("(=alpha (+ 1 2) 3)", "False"),
    ("(=alpha a a)", "True"),
]

ERRORS = [
    (
        "(car-atom ())",
        '(Error (car-atom ()) "car-atom expects a non-empty expression as an argument")',
    ),
    (
        "(car-atom a)",
        '(Error (car-atom a) "car-atom expects a non-empty expression as an argument")',
    ),
    (
        "(car-atom $x)",
        '(Error (car-atom $x) "car-atom expects a non-empty expression as an argument")',
    ),
    (
        "(cdr-atom ())",
        '(Error (cdr-atom ()) "cdr-atom expects a non-empty expression as an argument")',
    ),
    (
        "(cdr-atom a)",
        '(Error (cdr-atom a) "cdr-atom expects a non-empty expression as an argument")',
    ),
    (
        "(cons-atom a b)",
        "(Error (cons-atom a b) expected: (cons-atom <head> (: <tail> Expression)), "
        "found: (cons-atom a b))",
    ),
    (
        "(cons-atom a $x)",
        "(Error (cons-atom a $x) expected: (cons-atom <head> (: <tail> Expression)), "
        "found: (cons-atom a $x))",
    ),
    (
        "(decons-atom ())",
        "(Error (decons-atom ()) expected: (decons-atom (: <expr> Expression)), "
        "found: (decons-atom ()))",
    ),
    (
        "(decons-atom a)",
        "(Error (decons-atom a) expected: (decons-atom (: <expr> Expression)), "
        "found: (decons-atom a))",
    ),
    ("(size-atom a)", "(Error (size-atom a) Atom is not an ExpressionAtom)"),
    ("(size-atom $x)", "(Error (size-atom $x) Atom is not an ExpressionAtom)"),
    ("(index-atom (a b c) 3)", "(Error (index-atom (a b c) 3) Index is out of bounds)"),
    ("(index-atom (a b c) -1)", "(Error (index-atom (a b c) -1) Index is out of bounds)"),
    ("(index-atom (a b c) 1e20)", "(Error (index-atom (a b c) 1e20) Index is out of bounds)"),
    (
        "(index-atom (a b c) x)",
        "(Error (index-atom (a b c) x) index-atom expects two arguments: expression and atom)",
    ),
    ("(index-atom a 0)", "(Error (index-atom a 0) Atom is not an ExpressionAtom)"),
    ("(max-atom ())", "(Error (max-atom ()) Empty expression)"),
    ("(max-atom (1 a))", "(Error (max-atom (1 a)) Only numbers are allowed in expression: (1 a))"),
    (
        '(max-atom (1 "a"))',
        '(Error (max-atom (1 "a")) Only numbers are allowed in expression: (1 "a"))',
    ),
    (
        "(min-atom (1 $x))",
        "(Error (min-atom (1 $x)) Only numbers are allowed in expression: (1 $x))",
    ),
    ("(max-atom a)", "(Error (max-atom a) Atom is not an ExpressionAtom)"),
    ("(max-atom 3)", "(Error (max-atom 3) Atom is not an ExpressionAtom)"),
    ("(unique-atom a)", "(Error (unique-atom a) Atom is not an ExpressionAtom)"),
    ("(union-atom a (b))", "(Error (union-atom a (b)) Atom is not an ExpressionAtom)"),
]


@pytest.mark.parametrize(("query", "expected"), ORACLE + ERRORS)
def test_against_oracle(call: Call, query: str, expected: str) -> None:
    assert call(query) == expected


def test_nan_never_wins_min_or_max() -> None:
    max_atom = BUILTINS.ops["max-atom"].fn
    nan = num(float("nan"))
    # (max-atom ((sqrt-math -1))) is -inf and (max-atom (1 (sqrt-math -1))) is 1.0
    assert format_atom(max_atom(Expression((nan,)))) == "-inf"
    assert format_atom(max_atom(Expression((num(1), nan)))) == "1.0"
    # (index-atom (a b c) (sqrt-math -1)) is a: Rust's `NaN as i64` is 0
    index_atom = BUILTINS.ops["index-atom"].fn
    abc = Expression((Symbol("a"), Symbol("b"), Symbol("c")))
    assert index_atom(abc, nan) is Symbol("a")


@pytest.mark.parametrize(
    ("name", "lazy"),
    [
        ("car-atom", (True,)),
        ("cdr-atom", (True,)),
        ("cons-atom", (True, True)),
        ("decons-atom", (True,)),
        ("size-atom", (True,)),
        ("index-atom", (True, False)),
        ("min-atom", (False,)),
        ("max-atom", (False,)),
        ("unique-atom", (True,)),
        ("union-atom", (True, True)),
        ("intersection-atom", (True, True)),
        ("subtraction-atom", (True, True)),
        ("=alpha", (True, True)),
    ],
)
def test_laziness_follows_the_declared_types(name: str, lazy: tuple[bool, ...]) -> None:
    assert BUILTINS.ops[name].lazy == lazy


# ---------------------------------------------------------------------------------------
# Properties


def _leaf() -> st.SearchStrategy[Atom]:
    return st.one_of(
        st.sampled_from([Symbol("a"), Symbol("b"), Symbol("f"), UNIT]),
        st.sampled_from(["x", "y"]).map(Variable),
        st.integers(-3, 3).map(num),
        st.sampled_from([1.0, 2.5]).map(num),
        st.sampled_from(["s", ""]).map(string),
    )


atoms: st.SearchStrategy[Atom] = st.recursive(
    _leaf(),
    lambda kids: st.lists(kids, max_size=4).map(lambda xs: Expression(tuple(xs))),
    max_leaves=12,
)
tuples = st.lists(atoms, max_size=6).map(lambda xs: Expression(tuple(xs)))


def _op(name: str) -> Callable[..., Atom]:
    return BUILTINS.ops[name].fn


@given(atoms, tuples)
def test_cons_then_decons_gives_back_the_parts(head: Atom, tail: Expression) -> None:
    consed = _op("cons-atom")(head, tail)
    assert _op("decons-atom")(consed) == Expression((head, tail))
    assert _op("car-atom")(consed) is head
    assert _op("cdr-atom")(consed) == tail
    assert _op("size-atom")(consed) == num(len(tail.children) + 1)


@given(tuples.filter(lambda e: len(e.children) > 0))
def test_decons_then_cons_gives_back_the_expression(expr: Expression) -> None:
    pair = _op("decons-atom")(expr)
    assert isinstance(pair, Expression)
    head, tail = pair.children
    assert _op("cons-atom")(head, tail) == expr


@given(tuples)
def test_index_atom_walks_the_children(expr: Expression) -> None:
    for i, child in enumerate(expr.children):
        assert _op("index-atom")(expr, num(i)) is child


@given(tuples, tuples)
def test_subtraction_and_intersection_split_the_left_side(a: Expression, b: Expression) -> None:
    inter = _op("intersection-atom")(a, b)
    sub = _op("subtraction-atom")(a, b)
    assert isinstance(inter, Expression) and isinstance(sub, Expression)
    assert len(inter.children) + len(sub.children) == len(a.children)
    keys = sorted(repr(atom_key(c, strict=True)) for c in a.children)
    parts = sorted(repr(atom_key(c, strict=True)) for c in inter.children + sub.children)
    assert keys == parts


@given(tuples)
def test_unique_is_idempotent_and_alpha_distinct(expr: Expression) -> None:
    once = _op("unique-atom")(expr)
    assert isinstance(once, Expression)
    assert _op("unique-atom")(once) == once
    keys = [atom_key(c) for c in once.children]
    assert len(keys) == len(set(keys))


@given(atoms)
def test_alpha_equal_to_a_renamed_copy(atom: Atom) -> None:
    renamed = rename_variables(atom)
    assert format_atom(_op("=alpha")(atom, renamed)) == "True"


def test_strict_key_separates_int_float_and_bool() -> None:
    one, one_f = Grounded(1, Symbol("Number")), Grounded(1.0, Symbol("Number"))
    assert atom_key(one) == atom_key(one_f)
    assert atom_key(one, strict=True) != atom_key(one_f, strict=True)
    assert atom_key(num(1)) != atom_key(Grounded(True, Symbol("Bool")))
