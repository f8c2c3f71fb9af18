"""Python from MeTTa: ``py-atom``, ``py-dot``, ``py-tuple``, ``py-list``, ``py-dict``,
``py-chain``, as hyperon 0.2.10's python/hyperon/stdlib.py defines them.

``(py-atom math.pow)`` finds a Python object by its dotted path (importing the longest
importable prefix, with the current directory on ``sys.path``; else a name of
``__main__``; else the text evaluated as a Python expression, so ``(py-atom "[5, 2]")``
and ``(py-atom str)`` work). A callable becomes an operation (``pycall``), anything else a
value. An optional type, ``(py-atom math.pow (-> Number Number Number))``, types it; a
``False`` instead makes the operation take atoms (``unwrap``). ``(py-dot obj name)`` is
the attribute ``name`` of a grounded object (a module, a dict, an instance...).

``py-tuple``, ``py-list`` and ``py-dict`` turn an expression into a Python tuple, list or
dict (nested expressions nest; a symbol key is its name), ``py-chain`` joins objects with
``|``. All are effects (they run Python code), so no tier runs them twice or in advance.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

from mettajit.atoms.core import UNDEFINED, Atom, Expression, Grounded, Symbol
from mettajit.atoms.printer import format_atom
from mettajit.grounded.host import Host
from mettajit.grounded.pycall import NoReduceError, operation_atom, python_value, value_atom
from mettajit.grounded.registry import BUILTINS, Op


def _import_from_module(path: str, mod: Any = None) -> Any:
    parts = path.split(".")
    obj = mod
    if obj is None:
        cwd = os.getcwd()
        appended = cwd not in sys.path
        if appended:
            sys.path.append(cwd)
        try:
            for j in range(len(parts), 0, -1):
                try:
                    obj = importlib.import_module(".".join(parts[:j]))
                except Exception:
                    continue
                parts = parts[j:]
                break
        finally:
            if appended:
                sys.path.remove(cwd)
        if obj is None:
            raise LookupError(path)
    for p in parts:
        obj = getattr(obj, p)
    return obj


def find_py_obj(path: str, mod: Any = None) -> Any:
    """The Python object named ``path`` (hyperon's ``find_py_obj``)."""
    try:
        return _import_from_module(path, mod)
    except Exception:
        main = sys.modules.get("__main__")
        if main is not None and hasattr(main, path):
            return getattr(main, path)
        scope: dict[str, Any] = {}
        try:
            exec(f"__obj = {path}", {}, scope)
        except Exception:
            raise RuntimeError(f'Failed to find "{path}"') from None
        return scope["__obj"]


def _name(path: Atom) -> str:
    if type(path) is Grounded:
        return str(python_value(path))
    if type(path) is Symbol:
        return path.name
    return format_atom(path)


def get_py_atom(path: Atom, typ: Atom = UNDEFINED, unwrap: Atom | bool = True,
                mod: Atom | None = None) -> list[Atom]:
    name = _name(path)
    module = None
    if mod is not None:
        if type(mod) is not Grounded:
            raise NoReduceError()
        module = python_value(mod)
    obj = find_py_obj(name, module)
    flag = unwrap
    if type(typ) is Grounded and isinstance(typ.value, bool):
        flag, typ = typ.value, UNDEFINED
    elif type(unwrap) is Grounded:
        flag = unwrap.value
    if callable(obj):
        return [operation_atom(name, obj, typ, bool(flag))]
    return [value_atom(obj, typ)]


def py_dot(mod: Atom, path: Atom, typ: Atom = UNDEFINED, unwrap: Atom | bool = True) -> list[Atom]:
    return get_py_atom(path, typ, unwrap, mod)


def _unwrap(a: Atom, symbol_to_str: bool = False) -> Any:
    if type(a) is Grounded:
        return python_value(a)
    if symbol_to_str and type(a) is Symbol:
        return a.name
    return a


def _tuple_list(make: type, expr: Atom) -> Any:
    if type(expr) is not Expression:
        raise TypeError(f"{type(expr).__name__} has no children")
    return make(
        _tuple_list(make, c) if type(c) is Expression else _unwrap(c) for c in expr.children
    )


def py_tuple(expr: Atom) -> list[Atom]:
    return [value_atom(_tuple_list(tuple, expr))]


def py_list(expr: Atom) -> list[Atom]:
    return [value_atom(_tuple_list(list, expr))]


def _key_value(a: Atom) -> tuple[Any, Any]:
    if type(a) is not Expression or len(a.children) != 2:
        raise Exception("Syntax error in tuple_to_keyvalue")
    k, v = a.children
    return _unwrap(k, True), _unwrap(v)


def py_dict(expr: Atom) -> list[Atom]:
    if type(expr) is not Expression:
        raise TypeError(f"{type(expr).__name__} has no children")
    return [value_atom(dict(_key_value(a) for a in expr.children))]


def py_chain(expr: Atom) -> list[Atom]:
    if type(expr) is not Expression:
        raise TypeError(f"{type(expr).__name__} has no children")
    objects = [_unwrap(a) for a in expr.children]
    result = objects[0]
    for obj in objects[1:]:
        result = result | obj
    return [value_atom(result)]


# untyped (%Undefined%), taking atoms and any number of arguments, as in hyperon
for _name_, _fn in (("py-atom", get_py_atom), ("py-dot", py_dot), ("py-tuple", py_tuple),
                    ("py-list", py_list), ("py-dict", py_dict), ("py-chain", py_chain)):
    BUILTINS.add(Op(_name_, UNDEFINED, _fn, False, True, False, (), True, None, Host.PYTHON,
                    effect=True))
