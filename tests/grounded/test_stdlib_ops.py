"""Pure operations the reference's standard library writes in MeTTa (``is-function``,
``noreduce-eq``) and the table of the types it declares for our special forms."""

from __future__ import annotations

from collections.abc import Callable

from mettajit.atoms.printer import format_atom
from mettajit.grounded.signatures import FORM_TYPES, form_types
from mettajit.interpreter.forms import FORMS

Call = Callable[[str], str]


def test_is_function(call: Call) -> None:
    assert call("(is-function (-> A B))") == "True"
    assert call("(is-function (-> A))") == "True"
    assert call("(is-function A)") == "False"
    assert call("(is-function ())") == "False"
    assert call("(is-function (A ->))") == "False"


def test_noreduce_eq(call: Call) -> None:
    assert call("(noreduce-eq (+ 1 2) (+ 1 2))") == "True"
    assert call("(noreduce-eq (+ 1 2) 3)") == "False"
    assert call("(noreduce-eq $x $x)") == "True"


def test_form_types_are_the_references() -> None:
    # (get-type if), (get-type let)... in hyperon 0.2.10
    assert [format_atom(t) for t in form_types("if")] == ["(-> Bool Atom Atom $t)"]
    assert [format_atom(t) for t in form_types("Error")] == ["(-> Atom Atom ErrorType)"]
    assert [format_atom(t) for t in form_types("help!")] == ["(-> Atom (->))", "(-> (->))"]
    assert form_types("empty") == ()


def test_every_typed_name_is_a_form_or_a_doc_symbol() -> None:
    forms = {s.name for s in FORMS}
    for name in FORM_TYPES:
        assert name in forms or name.startswith("@") or name == "return", name
