"""The types hyperon 0.2.10 declares for operations that mettajit implements as special
forms (``interpreter/forms.py``), not as registry operations: what ``(get-type if)`` gives
in the reference, taken from its answers.

Not consulted yet: ``interpreter.typecheck.types_of`` (which every tier's ``get-type`` goes
through) gives ``%Undefined%`` for a symbol naming a form. Wiring it in there, after the
registry and before the space's declarations, makes ``(get-type if)`` answer as the
reference does on every tier.
"""

from __future__ import annotations

from functools import cache

from mettajit.atoms.core import Atom
from mettajit.grounded.registry import parse_type

FORM_TYPES: dict[str, tuple[str, ...]] = {
    "Error": ("(-> Atom Atom ErrorType)",),
    "if": ("(-> Bool Atom Atom $t)",),
    "let": ("(-> Atom %Undefined% Atom %Undefined%)",),
    "let*": ("(-> Expression Atom %Undefined%)",),
    "case": ("(-> Atom Expression %Undefined%)",),
    "switch": ("(-> %Undefined% Expression %Undefined%)",),
    "switch-minimal": ("(-> Atom Expression Atom)",),
    "chain": ("(-> Atom Variable Atom %Undefined%)",),
    "unify": ("(-> Atom Atom Atom Atom %Undefined%)",),
    "if-equal": ("(-> Atom Atom Atom Atom %Undefined%)",),
    "if-decons-expr": ("(-> Expression Variable Variable Atom Atom %Undefined%)",),
    "if-error": ("(-> Atom Atom Atom %Undefined%)",),
    "return-on-error": ("(-> Atom Atom %Undefined%)",),
    "id": ("(-> $t $t)",),
    "noeval": ("(-> Atom Atom)",),
    "quote": ("(-> Atom Atom)",),
    "unquote": ("(-> %Undefined% %Undefined%)",),
    "eval": ("(-> Atom Atom)",),
    "evalc": ("(-> Atom SpaceType Atom)",),
    "function": ("(-> Atom Atom)",),
    "return": ("(-> $t $t)",),
    "sealed": ("(-> Expression Atom Atom)",),
    "atom-subst": ("(-> Atom Variable Atom Atom)",),
    "superpose": ("(-> Expression %Undefined%)",),
    "collapse": ("(-> Atom Atom)",),
    "collapse-bind": ("(-> Atom Expression)",),
    "superpose-bind": ("(-> Expression Atom)",),
    "unique": ("(-> Atom %Undefined%)",),
    "union": ("(-> Atom Atom %Undefined%)",),
    "intersection": ("(-> Atom Atom %Undefined%)",),
    "subtraction": ("(-> Atom Atom %Undefined%)",),
    "foldl-atom": ("(-> Expression Atom Variable Variable Atom %Undefined%)",),
    "map-atom": ("(-> Expression Variable Atom Expression)",),
    "filter-atom": ("(-> Expression Variable Atom Expression)",),
    "for-each-in-atom": ("(-> Expression Atom (->))",),
    "get-type": ("(-> Atom %Undefined%)",),
    "get-type-space": ("(-> SpaceType Atom Atom)",),
    "get-metatype": ("(-> Atom Atom)",),
    "metta": ("(-> Atom Type SpaceType Atom)",),
    "capture": ("(-> Atom Atom)",),
    "assert": ("(-> Atom (->))",),
    "assertEqual": ("(-> Atom Atom (->))",),
    "assertEqualMsg": ("(-> Atom Atom Atom (->))",),
    "assertAlphaEqual": ("(-> Atom Atom (->))",),
    "assertAlphaEqualMsg": ("(-> Atom Atom Atom (->))",),
    "assertEqualToResult": ("(-> Atom Atom (->))",),
    "assertEqualToResultMsg": ("(-> Atom Atom Atom (->))",),
    "assertAlphaEqualToResult": ("(-> Atom Atom (->))",),
    "assertAlphaEqualToResultMsg": ("(-> Atom Atom Atom (->))",),
    "assertIncludes": ("(-> Atom Expression (->))",),
    "get-doc": ("(-> SpaceType Atom %Undefined%)",),
    "help!": ("(-> Atom (->))", "(-> (->))"),
    "@doc": (
        "(-> Atom DocDescription DocInformal)",
        "(-> Atom DocDescription DocParameters DocReturnInformal DocInformal)",
    ),
    "@desc": ("(-> String DocDescription)",),
    "@param": ("(-> String DocParameterInformal)", "(-> DocType DocDescription DocParameter)"),
    "@return": ("(-> String DocReturnInformal)", "(-> DocType DocDescription DocReturn)"),
    "@params": ("(-> Expression DocParameters)",),
    "@type": ("(-> Type DocType)",),
    "@item": ("(-> Atom DocItem)",),
}


@cache
def form_types(name: str) -> tuple[Atom, ...]:
    """The reference's types of the form ``name`` (empty for a name it does not type).
    Type variables are shared between calls: rename them before unifying."""
    return tuple(parse_type(t) for t in FORM_TYPES.get(name, ()))
