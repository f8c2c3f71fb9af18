"""Python objects as grounded operations: hyperon's ``OperationObject`` (``OperationAtom``)
and any grounded object with an ``execute`` method.

``mettajit.atoms.api.G`` hands such an object here (the ``operation`` hook): it becomes a
``PyOp``, an ``Op`` like every built-in, so tier 0's ``invoke`` and the compiled tiers call
it the same way; its type is the atom's (``%Undefined%``: any number of arguments). Calling
it runs ``execute(*args, res_typ=...)``. ``NoReduceError`` and ``IncorrectArgumentError``
leave the call as it is; a result that is not a list of atoms is an Error, as in hyperon.
A Python call may have effects: a PyOp is never pure, and a sandbox refuses it
(``Host.PYTHON``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mettajit.atoms.api import install
from mettajit.atoms.core import (
    ARROW,
    ATOM,
    EXPRESSION,
    UNDEFINED,
    Atom,
    Expression,
    Grounded,
    Symbol,
)
from mettajit.atoms.objects import IncorrectArgumentError, NoReduceError
from mettajit.grounded.host import Host
from mettajit.grounded.registry import NotReducible, Op, OpError

_NOT_AN_ATOM = Symbol(
    "Grounded operation which is defined using unwrap=False should return atom instead of"
    " Python type"
)


@dataclass(frozen=True, slots=True, eq=False)
class PyOp(Op):
    """An operation made from a Python grounded object (``source``)."""

    source: Any = field(default=None, compare=False)

    def api_object(self) -> Any:
        """What ``get_object`` gives: the grounded object the operation was made from."""
        return self.source

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PyOp) and bool(self.source == other.source)

    def __hash__(self) -> int:
        return hash(self.source)


def operation(obj: Any, type_: Atom) -> Grounded:
    """The grounded atom of an executable object ``obj`` of type ``type_``."""
    arrow = type(type_) is Expression and type_.children[:1] == (ARROW,)
    args = type_.children[1:-1] if arrow else ()  # type: ignore[attr-defined]
    ret = type_.children[-1] if arrow else UNDEFINED  # type: ignore[attr-defined]
    execute = obj.execute

    def call(*atoms: Atom) -> list[Atom]:
        try:
            results = execute(*atoms, res_typ=ret)
        except (NoReduceError, IncorrectArgumentError):
            raise NotReducible from None
        out = list(results)
        for r in out:
            if not isinstance(r, Atom):
                raise OpError(_NOT_AN_ATOM)
        return out

    name = str(getattr(obj, "name", None) or getattr(obj, "id", None) or repr(obj))
    op = PyOp(
        name,
        type_,
        call,
        pure=False,
        multi=True,
        lazy=tuple(a is ATOM or a is EXPRESSION for a in args),
        variadic=not arrow,
        arity=len(args) if arrow else None,
        host=Host.PYTHON,
        effect=True,
        source=obj,
    )
    return Grounded(op, type_)


install("operation", operation)
