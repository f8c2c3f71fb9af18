"""A Python callable or value as an atom, for every way Python reaches MeTTa
(``py-atom``/``py-dot``, the atoms a Python extension registers): the names that code
uses, over hyperon's atom API in ``mettajit.atoms`` (``OperationAtom``, ``ValueAtom``,
``get_object``), so that a Python function is called one way, hyperon's
``OperationObject.execute`` (``atoms.objects``), through a ``PyOp`` (``grounded.pyops``).

``NoReduceError`` and ``IncorrectArgumentError`` leave a call as data, ``MettaError(args...)``
gives ``(Error args...)``, any other exception is an Error value
(``interpreter.machine.invoke``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mettajit.atoms.api import OperationAtom, ValueAtom
from mettajit.atoms.core import UNDEFINED, Atom, Grounded
from mettajit.atoms.objects import (
    GroundedObject,
    IncorrectArgumentError,
    MettaError,
    NoReduceError,
    unwrap_args,
)

__all__ = [
    "IncorrectArgumentError",
    "MettaError",
    "NoReduceError",
    "operation_atom",
    "python_value",
    "unwrap_args",
    "value_atom",
]


def python_value(atom: Atom) -> Any:
    """The Python object a grounded atom stands for (hyperon's ``try_unwrap_python_object``:
    its grounded object's content; a built-in with no Python face, itself)."""
    try:
        obj = atom.get_object()  # type: ignore[attr-defined]
    except TypeError:
        return atom.value  # type: ignore[attr-defined]
    return obj.content if isinstance(obj, GroundedObject) else obj


def value_atom(value: Any, type_: Atom = UNDEFINED) -> Atom:
    """A Python result as an atom (hyperon's ``ValueAtom(value, type)``; an atom stays)."""
    if isinstance(value, Atom):
        return value
    return ValueAtom(value, type_)


def operation_atom(name: str, fn: Callable[..., Any], type_: Atom = UNDEFINED,
                   unwrap: bool = True) -> Grounded:
    """``fn`` as an operation atom (hyperon's ``OperationAtom``)."""
    return OperationAtom(name, fn, type_, unwrap)
