"""Atoms: the data model, the reader (text to atoms) and the printer (atoms to text)."""

from mettajit.atoms.core import (
    Atom,
    E,
    Expression,
    Grounded,
    S,
    Symbol,
    V,
    ValueAtom,
    Variable,
)
from mettajit.atoms.printer import format_atom, format_results
from mettajit.atoms.reader import Item, ParseError, parse_all, parse_atom, parse_items

__all__ = [
    "Atom",
    "E",
    "Expression",
    "Grounded",
    "Item",
    "ParseError",
    "S",
    "Symbol",
    "V",
    "ValueAtom",
    "Variable",
    "format_atom",
    "format_results",
    "parse_all",
    "parse_atom",
    "parse_items",
]
