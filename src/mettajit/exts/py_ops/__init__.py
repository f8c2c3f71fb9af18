"""``py_ops``, as hyperon's extension of that name: arithmetic, comparison and logic as
Python operators, so they apply to any Python values (``(* "a" 4)`` is ``"aaaa"``), and
number, bool and string literals read as Python values."""

from __future__ import annotations

from typing import Any

from mettajit.atoms.api import OperationAtom, ValueAtom
from mettajit.ext import register_atoms, register_tokens


@register_tokens
def arithm_types() -> dict[str, Any]:
    return {
        r"True|False": lambda token: ValueAtom(token == "True", "Bool"),
        r"[-+]?\d+": lambda token: ValueAtom(int(token), "Number"),
        r"[-+]?\d+\.\d+": lambda token: ValueAtom(float(token), "Number"),
        r"[-+]?\d+(\.\d+)?[eE][-+]?\d+": lambda token: ValueAtom(float(token), "Number"),
        r"(?s)^\".*\"$": lambda token: ValueAtom(str(token[1:-1]), "String"),
    }


@register_atoms
def arithm_ops() -> dict[str, Any]:
    return {
        r"\+": OperationAtom("+", lambda a, b: a + b),
        r"-": OperationAtom("-", lambda a, b: a - b),
        r"\*": OperationAtom("*", lambda a, b: a * b),
        r"/": OperationAtom("/", lambda a, b: a / b),
        r"%": OperationAtom("%", lambda a, b: a % b),
    }


@register_atoms
def bool_ops() -> dict[str, Any]:
    return {
        r"<": OperationAtom("<", lambda a, b: a < b),
        r">": OperationAtom(">", lambda a, b: a > b),
        r"<=": OperationAtom("<=", lambda a, b: a <= b),
        r">=": OperationAtom(">=", lambda a, b: a >= b),
        r"or": OperationAtom("or", lambda a, b: a or b),
        r"and": OperationAtom("and", lambda a, b: a and b),
        r"not": OperationAtom("not", lambda a: not a),
    }
