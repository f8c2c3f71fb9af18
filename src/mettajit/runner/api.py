"""The hyperon-shaped Python API: atom constructors and grounded operations as atoms.

``S``, ``V``, ``E``, ``ValueAtom`` build atoms; ``G`` wraps any Python object as a grounded
atom; ``OperationAtom`` wraps a Python callable as a grounded operation that a program can
call once it is registered as a token (``metta.register_atom("name", OperationAtom(...))``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from mettajit.atoms.core import (
    ARROW,
    UNDEFINED,
    Atom,
    E,
    Expression,
    Grounded,
    S,
    Symbol,
    V,
    ValueAtom,
    from_python,
)
from mettajit.grounded.registry import Op, make_op

__all__ = ["E", "G", "OperationAtom", "S", "V", "ValueAtom"]


def G(value: Any, type_: Atom | None = None) -> Grounded:
    """A grounded atom holding any Python object (of type ``%Undefined%`` unless given)."""
    return Grounded(value, type_ if type_ is not None else UNDEFINED)


def _arrow(type_names: Sequence[str | Atom] | None) -> str:
    if not type_names:
        return "(-> %Undefined%)"
    names = [t if isinstance(t, str) else _text(t) for t in type_names]
    return "(-> " + " ".join(names) + ")"


def _text(atom: Atom) -> str:
    from mettajit.atoms.printer import format_atom

    return format_atom(atom)


def OperationAtom(
    name: str,
    fn: Callable[..., Any],
    type_names: Sequence[str | Atom] | None = None,
    unwrap: bool = True,
) -> Grounded:
    """A Python callable as a grounded operation atom.

    With ``unwrap`` (the default, as in hyperon) the callable takes and returns plain Python
    values; otherwise it takes atoms and returns an atom or a list of atoms (several results).
    ``type_names`` lists the argument types and then the result type, e.g.
    ``["Number", "Number", "Number"]``; without it any number of arguments is accepted.
    """
    if unwrap:

        def call(*args: Atom) -> Atom:
            vals = [a.value if type(a) is Grounded else a for a in args]
            r = fn(*vals)
            return r if isinstance(r, Atom) else from_python(r)

        op = make_op(name, _arrow(type_names), call, pure=False, variadic=not type_names)
    else:

        def call_atoms(*args: Atom) -> list[Atom]:
            r = fn(*args)
            return list(r) if isinstance(r, list | tuple) else [r]

        op = make_op(
            name, _arrow(type_names), call_atoms, pure=False, multi=True, variadic=not type_names
        )
    return Grounded(op, op.type)


def op_of(atom: Atom) -> Op | None:
    """The operation an atom stands for, if it is an operation atom."""
    if type(atom) is Grounded and isinstance(atom.value, Op):
        return atom.value
    return None


def is_arrow(atom: Atom) -> bool:
    return type(atom) is Expression and bool(atom.children) and atom.children[0] is ARROW


_ = (S, V, E, ValueAtom, Symbol)
