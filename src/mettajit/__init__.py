"""mettajit: a MeTTa runtime in three tiers (tree-walker, bytecode VM, llvmlite JIT).

The Python API is hyperon's (0.2.10): a program written for ``hyperon`` runs with
``hyperon`` replaced by ``mettajit`` in its imports::

    from mettajit import MeTTa, S, V, E, G, ValueAtom, OperationAtom
    MeTTa().run("(= (double $x) (* $x 2)) !(double 21)")   # [[42]]

Each name comes from the layer that implements it: atoms, grounded objects and the parser
from ``mettajit.atoms``; bindings and spaces from ``mettajit.space``; the runner,
``Environment``, ``RunnerState`` and ``interpret`` from ``mettajit.runner``.
``mettajit.ext`` has the extension decorators, ``mettajit.stdlib`` ``Char``.
"""

import os

from mettajit.atoms import *  # noqa: F403
from mettajit.atoms import __all__ as _atoms_all
from mettajit.atoms.sexpr import SExprParser, SyntaxNode, SyntaxNodeType, Tokenizer
from mettajit.runner.api import (
    RunnerState,
    check_type,
    get_atom_types,
    interpret,
    validate_atom,
)
from mettajit.runner.environment import Environment
from mettajit.runner.metta import MeTTa
from mettajit.space.bindingsets import Bindings, BindingsSet
from mettajit.space.refs import AbstractSpace, GroundingSpace, GroundingSpaceRef, SpaceRef

__version__ = "0.1.0"

__all__ = [
    *_atoms_all,
    "os",  # hyperon's ``from hyperon import *`` gives ``os`` (its runner's import); programs use it
    "AbstractSpace",
    "Bindings",
    "BindingsSet",
    "Environment",
    "GroundingSpace",
    "GroundingSpaceRef",
    "MeTTa",
    "RunnerState",
    "SExprParser",
    "SpaceRef",
    "SyntaxNode",
    "SyntaxNodeType",
    "Tokenizer",
    "check_type",
    "get_atom_types",
    "interpret",
    "validate_atom",
]
