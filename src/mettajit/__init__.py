"""mettajit: a MeTTa runtime in three tiers (tree-walker, bytecode VM, llvmlite JIT).

The Python API is hyperon's (0.2.10): a program written for ``hyperon`` runs with
``hyperon`` replaced by ``mettajit`` in its imports::

    from mettajit import MeTTa, S, V, E, G, ValueAtom, OperationAtom
    MeTTa().run("(= (double $x) (* $x 2)) !(double 21)")   # [[42]]

The names come from the layer that implements them: atoms and grounded objects from
``mettajit.atoms``, bindings and spaces from ``mettajit.space``, the runner from
``mettajit.runner``; ``mettajit.ext`` has the extension decorators.
"""

from mettajit.atoms import *  # noqa: F403
from mettajit.atoms import __all__ as _atoms_all
from mettajit.runner.metta import MeTTa

__version__ = "0.1.0"

__all__ = [*_atoms_all, "MeTTa"]
