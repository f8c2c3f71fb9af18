"""A Python callable as a grounded operation, called as hyperon 0.2.10 calls one.

This is hyperon's ``OperationObject.execute`` (python/hyperon/atoms.py), once for every
way a Python function reaches MeTTa: ``OperationAtom``, ``py-atom``/``py-dot`` and the
atoms a Python extension registers.

With ``unwrap`` (the default) the function gets the Python values of its grounded
arguments and ``(Kwargs (name value) ...)`` arguments as keyword arguments; a symbol or an
expression among the arguments leaves the call as data (hyperon's ``NoReduceError``). Its
result becomes an atom: ``None`` is ``()``, a callable is an operation again (named by its
``repr``), anything else a value of the operation's declared result type (a Python
number, string or bool keeps its MeTTa type). ``MettaError(args...)`` raised by the
function gives ``(Error args...)``.

Without ``unwrap`` the function gets the argument atoms and returns a list of result
atoms (several results); returning a non-iterable is an error, as in hyperon.

``NoReduceError`` and ``IncorrectArgumentError`` leave the call as data; any other
exception is an Error value (``interpreter.machine.invoke``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mettajit.atoms.core import (
    ARROW,
    ATOM,
    BOOL,
    EXPRESSION,
    NUMBER,
    STRING,
    UNDEFINED,
    UNIT,
    Atom,
    Expression,
    Grounded,
    Symbol,
)
from mettajit.grounded.host import Host
from mettajit.grounded.registry import NotReducible, Op, OpError

KWARGS = Symbol("Kwargs")


class NoReduceError(NotReducible):
    """Raised by an operation that does not apply to its arguments: the call is data."""


class IncorrectArgumentError(NotReducible):
    """An argument the operation does not recognise; handled as ``NoReduceError``."""


class MettaError(Exception):
    """Raised by an operation to give ``(Error args...)`` without a Python traceback."""


def python_value(atom: Atom) -> Any:
    """The Python object a grounded argument stands for (hyperon's ``get_object().content``):
    a value's value, an operation's Python function."""
    v = atom.value  # type: ignore[attr-defined]
    if isinstance(v, Op):
        return python_callable(v)
    return v


def python_callable(op: Op) -> Any:
    """The Python function behind an operation made here, else the operation itself."""
    return getattr(op.fn, "py_function", op)


def _kwargs(kw: Expression, into: dict[str, Any]) -> None:
    for c in kw.children[1:]:
        if type(c) is not Expression or len(c.children) != 2:
            raise RuntimeError(f"Incorrect kwarg format {c}")
        key, value = c.children
        if type(value) is not Grounded:
            raise NoReduceError()
        name = key.name if type(key) is Symbol else python_value(key)
        into[str(name)] = python_value(value)


def unwrap_args(atoms: tuple[Atom, ...]) -> tuple[list[Any], dict[str, Any]]:
    """Python arguments of a call (hyperon's ``unwrap_args``)."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for a in atoms:
        if type(a) is Expression and a.children and a.children[0] is KWARGS:
            _kwargs(a, kwargs)
        elif type(a) is Grounded:
            args.append(python_value(a))
        else:
            raise NoReduceError()
    return args, kwargs


def value_atom(value: Any, type_: Atom = UNDEFINED) -> Atom:
    """A Python result as an atom (hyperon's ``ValueAtom(value, type)``)."""
    if isinstance(value, Atom):
        return value
    if isinstance(value, bool):
        return Grounded(value, BOOL)
    if isinstance(value, int | float):
        return Grounded(value, NUMBER)
    if isinstance(value, str):
        return Grounded(value, STRING)
    return Grounded(value, type_)


def result_type(type_: Atom) -> Atom:
    """The declared result type of an operation type, ``%Undefined%`` if it has none."""
    if type(type_) is Expression and type_.children and type_.children[0] is ARROW:
        return type_.children[-1]
    return UNDEFINED


def python_op(
    name: str, fn: Callable[..., Any], type_: Atom = UNDEFINED, unwrap: bool = True
) -> Op:
    """The operation that calls ``fn`` as hyperon does (see the module's docstring)."""
    res_type = result_type(type_)

    def call(*atoms: Atom) -> list[Atom]:
        if unwrap:
            args, kwargs = unwrap_args(atoms)
            try:
                r = fn(*args, **kwargs)
            except MettaError as e:
                return [Expression((Symbol("Error"), *(value_atom(x) for x in e.args)))]
            if r is None:
                return [UNIT]
            if callable(r) and not isinstance(r, Atom):
                return [Grounded(op := python_op(repr(r), r), op.type)]
            return [value_atom(r, res_type)]
        r = fn(*atoms)
        if isinstance(r, Atom):
            return [r]  # an atom for a list of one: hyperon would fail, we need not
        try:
            return list(r)
        except TypeError:
            raise OpError(f"Grounded operation `{name}` should return list") from None

    call.py_function = fn  # type: ignore[attr-defined]
    return _op(name, type_, call)


def _op(name: str, type_: Atom, call: Callable[..., list[Atom]]) -> Op:
    """An impure, several-results operation of type ``type_`` (an arrow type fixes its
    arity and which arguments it takes unevaluated; any other type takes any number)."""
    if type(type_) is Expression and type_.children[:1] == (ARROW,):
        params = type_.children[1:-1]
        lazy = tuple(p is ATOM or p is EXPRESSION for p in params)
        return Op(name, type_, call, False, True, None, False, lazy, False, len(params),
                  Host.PYTHON)
    return Op(name, UNDEFINED, call, False, True, None, False, (), True, None, Host.PYTHON)


def operation_atom(name: str, fn: Callable[..., Any], type_: Atom = UNDEFINED,
                   unwrap: bool = True) -> Grounded:
    """``fn`` as an operation atom, which a program calls as the head of an expression."""
    op = python_op(name, fn, type_, unwrap)
    return Grounded(op, type_)
