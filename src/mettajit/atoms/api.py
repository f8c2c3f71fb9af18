"""hyperon's atom API names over mettajit's own atoms: the class names, ``AtomType``,
``Atoms``, ``atoms_are_equivalent``, ``atom_is_error``, and the constructors of
``atoms.objects`` (``G``, ``ValueAtom``, ``OperationAtom``...).

hyperon's ``SymbolAtom``, ``VariableAtom``, ``ExpressionAtom`` and ``GroundedAtom`` are
mettajit's ``Symbol``, ``Variable``, ``Expression`` and ``Grounded``, which carry hyperon's
methods (``get_name``, ``get_children``, ``get_object``...). Two of them need higher layers,
which set them when they load: how an executable object becomes an operation every tier
calls (``objects.install("operation", ...)``, by the grounded layer) and ``Atom.match_atom``
(set by the space layer). ``mettajit``'s package import loads both.
"""

from __future__ import annotations

from mettajit.atoms.core import (
    ARROW,
    ATOM,
    BOOL,
    EXPRESSION,
    GROUNDED,
    NUMBER,
    SPACE_TYPE,
    STRING,
    SYMBOL,
    TYPE,
    UNDEFINED,
    VARIABLE,
    Atom,
    Expression,
    Grounded,
    Symbol,
    Variable,
    is_error,
)
from mettajit.atoms.objects import G as G  # hyperon.atoms has these: re-exported
from mettajit.atoms.objects import MatchableAtom as MatchableAtom
from mettajit.atoms.objects import OperationAtom as OperationAtom
from mettajit.atoms.objects import PrimitiveAtom as PrimitiveAtom
from mettajit.atoms.objects import ValueAtom as ValueAtom
from mettajit.atoms.objects import get_object as get_object
from mettajit.atoms.objects import hook as hook
from mettajit.atoms.objects import install as install

SymbolAtom = Symbol
VariableAtom = Variable
ExpressionAtom = Expression
GroundedAtom = Grounded


class AtomType:
    """The types of the standard library, as atoms."""

    UNDEFINED = UNDEFINED
    TYPE = TYPE
    ATOM = ATOM
    SYMBOL = SYMBOL
    VARIABLE = VARIABLE
    EXPRESSION = EXPRESSION
    GROUNDED = GROUNDED
    GROUNDED_SPACE = SPACE_TYPE
    UNIT = Expression((ARROW,))
    NUMBER = NUMBER
    BOOL = BOOL
    STRING = STRING


class Atoms:
    """Atoms the standard library names."""

    EMPTY = Symbol("Empty")
    UNIT = Expression(())
    METTA = Symbol("metta")


def atoms_are_equivalent(first: Atom, second: Atom) -> bool:
    """Equal up to a one-to-one renaming of variables."""
    fwd: dict[Variable, Variable] = {}
    back: dict[Variable, Variable] = {}
    work = [(first, second)]
    while work:
        a, b = work.pop()
        ta = type(a)
        if ta is not type(b):
            return False
        if ta is Variable:
            if fwd.setdefault(a, b) != b or back.setdefault(b, a) != a:  # type: ignore[arg-type]
                return False
        elif ta is Expression:
            ca, cb = a.children, b.children  # type: ignore[attr-defined]
            if len(ca) != len(cb):
                return False
            work.extend(zip(ca, cb, strict=True))
        elif a != b:
            return False
    return True


def atom_is_error(atom: Atom) -> bool:
    """True for an ``(Error ...)`` expression."""
    return is_error(atom)
