"""Tier 0's public facts about typed evaluation that the other tiers' decisions rest on.

``Interpreter.transparent(head, n, t, cast_after)``: a call of the rules of ``(head, n)``
evaluated expecting ``t`` may be evaluated plainly (with ``cast_after``, casting its results
to ``t`` afterwards). ``Interpreter.args_have_type(call, t, ftype)``: the arguments ``ftype``
declares ``t`` already have it. Each case is a small program asked directly.
"""

from __future__ import annotations

import pytest

from mettajit.atoms.core import NUMBER, Atom, Expression, Symbol
from mettajit.atoms.reader import parse_items
from mettajit.interpreter.typecheck import arg_types
from support import interpreter

STRING = Symbol("String")


_interp = interpreter  # a tree-walker holding a program


def _atom(text: str) -> Atom:
    return parse_items(text)[0].atom


@pytest.mark.parametrize(
    ("program", "head", "cast_after", "want"),
    [
        # an operation returning the expected type: plain either way
        ("(= (inc $x) (+ $x 1))", "inc", False, True),
        # an untyped identity: plain if the result is cast, not if it must already fit
        ("(= (same $x) $x)", "same", True, True),
        ("(= (same $x) $x)", "same", False, False),
        # the parameter is declared the expected type: the variable's value has it
        ("(: h (-> Number Number)) (= (h $x) $x)", "h", False, True),
        # a constant of another type: only if cast afterwards
        ('(= (s $x) "a")', "s", True, True),
        ('(= (s $x) "a")', "s", False, False),
        ("(= (s $x) 7)", "s", False, True),
        # a form other than if changes the expectation (returns %Undefined%)
        ("(= (k $x) (let $y $x $y))", "k", True, False),
        # if: both branches
        ("(= (b $x) (if $x 1 (+ 1 2)))", "b", False, True),
        ('(= (b $x) (if $x 1 "no"))', "b", False, False),
        # a typed function returning another type
        ("(: g (-> Number String)) (= (q $x) (g $x))", "q", True, False),
        # a rule with a variable head may apply to any call
        ("(= (w $x) 1) (= ($f $y) 2)", "w", True, False),
        # an Atom parameter: its variable holds an unevaluated argument
        ("(: a (-> Atom Number)) (= (a $x) $x)", "a", True, False),
    ],
)
def test_transparent(program: str, head: str, cast_after: bool, want: bool) -> None:
    interp = _interp(program)
    assert interp.transparent(Symbol(head), 2, NUMBER, cast_after) is want


def test_transparent_follows_a_changed_world() -> None:
    interp = _interp("(= (f $x) (g $x)) (= (g $x) $x)")
    assert interp.transparent(Symbol("f"), 2, NUMBER, True)
    interp.add_atom(_atom('(= (g $x) (let $y $x "a"))'))
    assert not interp.transparent(Symbol("f"), 2, NUMBER, True)


@pytest.mark.parametrize(
    ("call", "t", "want"),
    [
        ("(h 1 2.5)", NUMBER, True),
        ('(h 1 "a")', NUMBER, False),
        ('(h "a" 1)', NUMBER, False),
        ('(h 1 "a")', STRING, True),  # no parameter is declared String: nothing to check
        ("(h (foo) 1)", NUMBER, True),  # an untyped call: %Undefined% fits
        ("(h (str) 1)", NUMBER, False),  # a call typed String
        ("(h (num) 1)", NUMBER, True),
    ],
)
def test_args_have_type(call: str, t: Atom, want: bool) -> None:
    interp = _interp("(: h (-> Number Number Number)) (: str (-> String)) (: num (-> Number))")
    ftype = interp.function_type(Symbol("h"))
    assert ftype is not None and arg_types(ftype) == (NUMBER, NUMBER)
    expr = _atom(call)
    assert type(expr) is Expression
    assert interp.args_have_type(expr, t, ftype) is want
