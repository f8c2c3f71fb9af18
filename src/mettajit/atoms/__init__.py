"""Atoms: the data model, the reader (text to atoms) and the printer (atoms to text).

Also hyperon's ``hyperon.atoms`` names that need only atoms (``mettajit.atoms.api``,
``mettajit.atoms.objects``), so ``from mettajit.atoms import OperationAtom, ValueAtom``
works as ``from hyperon.atoms import ...`` does. ``Bindings`` and ``BindingsSet`` need
unification and live in the space layer (``mettajit.space.bindingsets``); ``mettajit``
re-exports every name.
"""

from mettajit.atoms.api import (
    Atoms,
    AtomType,
    ExpressionAtom,
    G,
    GroundedAtom,
    MatchableAtom,
    OperationAtom,
    PrimitiveAtom,
    SymbolAtom,
    ValueAtom,
    VariableAtom,
    atom_is_error,
    atoms_are_equivalent,
)
from mettajit.atoms.core import (
    Atom,
    E,
    Expression,
    Grounded,
    S,
    Symbol,
    V,
    Variable,
)
from mettajit.atoms.objects import (
    AtomKind,
    GroundedObject,
    IncorrectArgumentError,
    MatchableObject,
    MettaError,
    NoReduceError,
    OperationObject,
    ValueObject,
    get_string_value,
    unwrap_args,
)
from mettajit.atoms.printer import format_atom, format_results
from mettajit.atoms.reader import Item, ParseError, parse_all, parse_atom, parse_items

__all__ = [
    "Atom",
    "AtomKind",
    "AtomType",
    "Atoms",
    "E",
    "Expression",
    "ExpressionAtom",
    "G",
    "Grounded",
    "GroundedAtom",
    "GroundedObject",
    "IncorrectArgumentError",
    "Item",
    "MatchableAtom",
    "MatchableObject",
    "MettaError",
    "NoReduceError",
    "OperationAtom",
    "OperationObject",
    "ParseError",
    "PrimitiveAtom",
    "S",
    "Symbol",
    "SymbolAtom",
    "V",
    "ValueAtom",
    "ValueObject",
    "Variable",
    "VariableAtom",
    "atom_is_error",
    "atoms_are_equivalent",
    "format_atom",
    "format_results",
    "get_string_value",
    "parse_all",
    "parse_atom",
    "parse_items",
    "unwrap_args",
]
