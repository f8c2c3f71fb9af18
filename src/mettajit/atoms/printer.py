"""The one canonical text form of atoms, as the reference implementation prints them.

``[1, 2]`` for a result list, ``()`` for unit, strings quoted with escapes, floats the way
Rust's ``{:?}`` writes them (``3.0``, ``1e20``), booleans ``True``/``False``, integers exactly
whatever their size (the reference's are 64-bit; ours never wrap, a deliberate difference).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from mettajit.atoms.core import Atom, Expression, Grounded, Symbol, Variable

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def format_float(x: float) -> str:
    """A float as Rust's Debug formatting writes it."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    text = repr(x)
    if "e" in text:
        mant, exp = text.split("e")
        sign = "-" if exp.startswith("-") else ""
        digits = exp.lstrip("+-").lstrip("0") or "0"
        if mant.endswith(".0"):
            mant = mant[:-2]
        return f"{mant}e{sign}{digits}"
    return text


def quote_string(s: str) -> str:
    """A string literal with the reference's escapes."""
    return '"' + "".join(_ESCAPES.get(c, c) for c in s) + '"'


def int_text(n: int) -> str:
    """An integer's decimal digits, exactly, whatever its size. ``str`` refuses more than
    4,300 digits (CPython's guard against its quadratic conversion), so a big one is split
    in two by a power of ten and each half written: the guard stays on for everyone else,
    and 10**6 digits print in 7 s instead of 12 s with the guard off."""
    if n < 0:
        return "-" + int_text(-n)
    if n.bit_length() <= 13_000:  # at most 3,914 digits
        return str(n)
    k = n.bit_length() * 30103 // 200_000  # half the digits (log10(2) = 0.30103)
    hi, lo = divmod(n, 10**k)
    return int_text(hi) + int_text(lo).zfill(k)


def format_grounded(g: Grounded) -> str:
    v = g.value
    kind = g.kind
    if kind is bool:
        return "True" if v else "False"
    if kind is int:
        return int_text(v)
    if kind is float:
        return format_float(v)
    if kind is str:
        return quote_string(v)
    text = getattr(v, "metta_repr", None)
    if text is not None:
        return str(text())
    return repr(v)  # as hyperon's GroundedObject prints its content


def format_atom(atom: Atom) -> str:
    """The text of one atom. Iterative, so deeply nested atoms print without recursion."""
    t = type(atom)
    if t is Symbol:
        return atom.name  # type: ignore[attr-defined, no-any-return]
    if t is Grounded:
        return format_grounded(atom)  # type: ignore[arg-type]
    if t is Variable:
        return _format_var(atom)  # type: ignore[arg-type]
    parts: list[str] = []
    stack: list[object] = [atom]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        it = type(item)
        if it is Expression:
            ch = item.children  # type: ignore[attr-defined]
            stack.append(")")
            for i in range(len(ch) - 1, -1, -1):
                stack.append(ch[i])
                if i:
                    stack.append(" ")
            parts.append("(")
        elif it is Symbol:
            parts.append(item.name)  # type: ignore[attr-defined]
        elif it is Grounded:
            parts.append(format_grounded(item))  # type: ignore[arg-type]
        else:
            parts.append(_format_var(item))  # type: ignore[arg-type]
    return "".join(parts)


def _format_var(v: Variable) -> str:
    return f"${v.name}" if not v.suffix else f"${v.name}#{v.suffix}"


def format_results(atoms: Iterable[Atom]) -> str:
    """One query's results as the reference prints them: ``[r1, r2]``."""
    return "[" + ", ".join(format_atom(a) for a in atoms) + "]"


# an atom's str() is its MeTTa text (set here, not in core: core cannot import the printer);
# its repr() too, as hyperon's (``print(metta.run(...))`` shows ``[[42]]``)
Atom.__str__ = format_atom  # type: ignore[method-assign,assignment]
Atom.__repr__ = format_atom  # type: ignore[method-assign,assignment]
