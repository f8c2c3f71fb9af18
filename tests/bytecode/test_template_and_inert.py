"""Tier 1's fast ways of ``PUSH_TEMPLATE`` (``Pattern.build``), of ``LOAD_EVAL``'s
inertness test (``inert.Inertness``: a flat expression without the walk, a memo per head
symbol) and of ``Expression.is_ground`` on a node whose children are known: each gives
exactly the general way's answer, and the programs that lean on them agree with tier 0."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import support
from mettajit.atoms.core import NUMBER, Expression, Grounded, Symbol, Variable
from mettajit.atoms.reader import parse_atom
from mettajit.bytecode.chunk import Pattern
from mettajit.space.unify import substitute

_X, _Y, _Z = Variable("x"), Variable("y"), Variable("z")
_SLOTS = {_X: 0, _Y: 1, _Z: 2}


def _pattern(text: str) -> Pattern:
    return Pattern(parse_atom(text), dict(_SLOTS), frozenset(_SLOTS.values()))


def _general(pat: Pattern, loc: list) -> object:  # type: ignore[type-arg]
    b = {v: loc[s] for v, s in pat.slots.items() if loc[s] is not None}
    return substitute(pat.atom, b) if b else pat.atom


_VALUES = st.sampled_from([
    Grounded(1, NUMBER), Symbol("a"), parse_atom("(p 1)"), parse_atom("(q (r $w))"),
    Variable("v"), None, parse_atom("()"),
])


@pytest.mark.parametrize("text", [
    "(parent (p $x) (p $y))", "($x $y)", "(f $x (g a) $x)", "(f (g (h $z)) 2 \"s\")",
    "(f ())",
])
@given(x=_VALUES, y=_VALUES, z=_VALUES)
def test_template_builds_what_substitute_builds(text: str, x: object, y: object,
                                                 z: object) -> None:
    pat = _pattern(text)
    loc = [x, y, z]
    got = pat.instantiate(loc)  # type: ignore[arg-type]
    want = _general(pat, loc)  # type: ignore[arg-type]
    assert got == want and str(got) == str(want)
    assert got.is_ground() == want.is_ground()  # type: ignore[attr-defined]


def test_template_builder_marks_what_it_builds_ground() -> None:
    pat = _pattern("(parent (p $x) (p $y))")
    got = pat.instantiate([Grounded(1, NUMBER), Grounded(2, NUMBER), None])
    assert pat.build is not False and got._ground is True  # type: ignore[attr-defined]
    assert got.children[1]._ground is True  # type: ignore[attr-defined]
    # a variable in a slot: the general way, which leaves groundness to be computed
    pat.instantiate([Variable("v"), Grounded(2, NUMBER), None])
    ground = _pattern("(f a b)")
    assert ground.instantiate([None, None, None]) is ground.atom and ground.build is False


def test_is_ground_of_a_new_node() -> None:
    inner = parse_atom("(p $v)")
    assert not Expression((Symbol("f"), Grounded(1, NUMBER), inner)).is_ground()
    ok = Expression((Symbol("f"), parse_atom("(p 1)")))
    assert ok.is_ground() and ok._ground is True  # the child computed on the way
    assert not Expression((Symbol("f"), Variable("q"), parse_atom("(p 1)"))).is_ground()


PROGRAM = """
(= (r 1) one)
(: typed (-> Number Number))
(= (typed $n) $n)
(f 1) (f (r 1)) (f (r 1 2)) (f Empty) (f (Empty 1)) (f (typed 2)) (f (+ 1 2)) (f &self)
(f (g (r 1))) (f (g (r 2 3))) (f (g Empty))
!(match &self (f $x) (wrap $x))
!(match &self (f $x) $x)
"""


@pytest.mark.parametrize("tier", support.COMPILED)
def test_loaded_values_evaluate_as_in_tier0(tier: str) -> None:
    assert support.run(tier, PROGRAM).bags() == support.run("0", PROGRAM).bags()


def test_inert_flat_and_nested() -> None:
    from mettajit.bytecode.inert import Inertness

    interp = support.interpreter("(= (r 1) one) (: typed (-> Number Number)) (= (typed $n) $n)")
    inert = Inertness(interp).inert
    for text, want in [("(p 1)", True), ("(r 1)", False), ("(r 1 2)", True),
                       ("(p Empty)", False), ("(Empty 1)", False), ("(typed 2)", False),
                       ("(+ 1 2)", False), ("(if a b c)", False), ("(Error a b)", False),
                       ("(p (r 1))", False), ("(p (q 1))", True), ("(p (Empty))", False),
                       ("(p &self)", False), ("(&self 1)", False)]:
        assert inert(parse_atom(text)) is want, text
