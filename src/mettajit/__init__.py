"""mettajit: a MeTTa runtime in three tiers (tree-walker, bytecode VM, llvmlite JIT).

The Python API is shaped like hyperon's::

    from mettajit import MeTTa, S, V, E, G, ValueAtom, OperationAtom
    MeTTa().run("(= (double $x) (* $x 2)) !(double 21)")   # [[42]]
"""

from mettajit.atoms.core import Atom, E, Expression, Grounded, S, Symbol, V, ValueAtom, Variable
from mettajit.atoms.reader import ParseError, parse_all
from mettajit.runner.api import G, OperationAtom
from mettajit.runner.metta import MeTTa

__version__ = "0.1.0"

__all__ = [
    "Atom",
    "E",
    "Expression",
    "G",
    "Grounded",
    "MeTTa",
    "OperationAtom",
    "ParseError",
    "S",
    "Symbol",
    "V",
    "ValueAtom",
    "Variable",
    "parse_all",
]
