"""The special forms' descriptors (``interpreter.formdef``): one per form, read by every tier.

Tier 0 evaluates a form through its descriptor, ``get-type`` answers with its types (the
reference's, checked against hyperon 0.2.10 by the oracle probe ``get_type_builtins``),
tier 1's form compilers are registered against descriptors only, and tier 1's call
decisions read which forms are quiet from them.
"""

from __future__ import annotations

import pytest

from mettajit.atoms.core import Expression, Symbol
from mettajit.atoms.printer import format_atom
from mettajit.bytecode.callfacts import QUIET_FORMS
from mettajit.bytecode.forms import COMPILERS, compiles
from mettajit.interpreter.formdef import FormTable
from mettajit.interpreter.machine import FORMS
from mettajit.interpreter.typecheck import get_type, types_of
from support import DEFAULT_TIER, interpreter, run


def _types(name: str) -> list[str]:
    return [format_atom(t) for t in FORMS[Symbol(name)].types]


def test_the_references_types() -> None:
    assert _types("if") == ["(-> Bool Atom Atom $t)"]
    assert _types("Error") == ["(-> Atom Atom ErrorType)"]
    assert _types("help!") == ["(-> Atom (->))", "(-> (->))"]
    assert _types("get-doc") == ["(-> SpaceType Atom %Undefined%)"]  # a form of docs.py
    assert _types("empty") == []  # hyperon 0.2.10 declares none


def test_get_type_of_a_form_but_not_of_its_calls() -> None:
    interp = interpreter()
    if_ = Symbol("if")
    (t,) = get_type(interp, if_)
    assert format_atom(t).startswith("(-> Bool Atom Atom $t")  # a fresh type variable
    (t2,) = get_type(interp, if_)
    assert t2 != t
    # the type checker does not see it: a call of a form has no type, the symbol none
    assert [format_atom(t) for t in types_of(interp, if_)] == ["%Undefined%"]
    call = Expression((if_, Symbol("True"), Symbol("a"), Symbol("b")))
    assert [format_atom(t) for t in get_type(interp, call)] == ["%Undefined%"]


def test_a_declared_type_wins() -> None:
    assert run(DEFAULT_TIER, "(: if Foo) !(get-type if)") == [["Foo"]]


def test_every_form_checks_its_number_of_arguments() -> None:
    assert run(DEFAULT_TIER, "!(if True) !(let $x 1) !(assertEqual 1)") == [
        ["(Error (if True) IncorrectNumberOfArguments)"],
        ["(Error (let $x 1) IncorrectNumberOfArguments)"],
        ["(Error (assertEqual 1) IncorrectNumberOfArguments)"],
    ]


def test_tier1_compiles_forms_only() -> None:
    assert COMPILERS and all(name in FORMS for name in COMPILERS)
    with pytest.raises(ValueError, match="not a special form"):
        compiles("no-such-form")(lambda c, e, s, t: None)


def test_quiet_forms_are_the_descriptors() -> None:
    assert {d.name for d in FORMS.values() if d.quiet} == QUIET_FORMS
    assert Symbol("if") in QUIET_FORMS and Symbol("println!") not in QUIET_FORMS
    assert Symbol("assertEqual") not in QUIET_FORMS


def test_a_form_is_declared_once() -> None:
    table = FormTable()
    table.define("f", lambda i, e: [], 1)
    with pytest.raises(ValueError, match="declared twice"):
        table.define("f", lambda i, e: [], 1)
