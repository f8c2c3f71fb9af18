"""hyperon's extension decorators (``hyperon.ext``): how a Python module gives MeTTa atoms
and tokens.

``@register_atoms`` marks a function returning ``{regex: atom}``, ``@register_tokens`` one
returning ``{regex: constructor}`` (a constructor takes the token's text and returns an
atom); with ``(pass_metta=True)`` the function is given the MeTTa runner. ``import!`` of
the module calls every marked function and registers what it returns in the importing
module's tokenizer. ``@grounded`` makes a plain Python function an operation named after it:
in an extension module bare (registered by ``import!``), or ``@grounded(metta)`` to register
it in that runner at once.

A marked function carries ``metta_type`` (a ``RegisterType``) and ``metta_pass_metta``.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from functools import wraps
from typing import Any

from mettajit.atoms.api import OperationAtom

__all__ = [
    "RegisterType",
    "grounded",
    "mark_register_function",
    "register_atoms",
    "register_tokens",
]


class RegisterType(Enum):
    """What a marked function returns: atoms, or token constructors."""

    ATOM = 1
    TOKEN = 2


def _marked(kind: RegisterType, func: Callable[..., Any], pass_metta: bool) -> Callable[..., Any]:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    wrapper.__dict__["metta_type"] = kind
    wrapper.__dict__["metta_pass_metta"] = pass_metta
    return wrapper


def mark_register_function(kind: RegisterType, args: Any, kwargs: dict[str, Any]) -> Any:
    """The decorator's work: ``@deco`` (``args`` is the function) or ``@deco(...)``."""
    if len(args) == 1 and not kwargs and callable(args[0]):
        return _marked(kind, args[0], False)
    pass_metta = bool(kwargs.get("pass_metta", False))
    return lambda func: _marked(kind, func, pass_metta)


def register_atoms(*args: Any, **kwargs: Any) -> Any:
    """Mark a function returning ``{regex: atom}`` (``pass_metta=True``: it takes the runner)."""
    return mark_register_function(RegisterType.ATOM, args, kwargs)


def register_tokens(*args: Any, **kwargs: Any) -> Any:
    """Mark a function returning ``{regex: constructor}`` (``pass_metta=True``: it takes the
    runner)."""
    return mark_register_function(RegisterType.TOKEN, args, kwargs)


def _register_grounded(metta: Any, func: Callable[..., Any]) -> Any:
    name = func.__name__
    atom = OperationAtom(name, func, unwrap=True)
    if metta is not None:
        metta.register_atom(name, atom)
        return None
    return mark_register_function(RegisterType.ATOM, [lambda: {name: atom}], {})


def grounded(arg: Any) -> Any:
    """``@grounded``: the function as an operation registered by ``import!``;
    ``@grounded(metta)``: registered in ``metta`` now (the decorated name is then None, as
    in hyperon)."""
    if callable(arg):
        return _register_grounded(None, arg)
    return lambda func: _register_grounded(arg, func)
