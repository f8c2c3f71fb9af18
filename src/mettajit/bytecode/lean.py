"""The lean path of the tier 1 VM: straight-line chunks of exact integer and Bool steps.

A chunk is *lean* when its code is only constant pushes (integers of type Number,
``True``, ``False``), reads of argument slots (``LOAD_LOCAL``/``LOAD_EVAL``) and operations
that have an exact form on unboxed values (the grounded descriptor's ``Op.exact``: ``+``,
``-``, ``*``, ``/``, ``%``, ``pow``, the comparisons, ``and``, ``or``, ``not``), quickened
or not, ending in its only ``RETURN``: the seed chains, a query such as ``!(+ 1 2)``, a
function such as ``(= (sq $x) (* $x $x))``. It has exactly one result, and nothing in it
can have an effect. The quickening pass marks it (``is_lean``, once, when the chunk is
finished) by writing its ``RETURN`` as the table's ``RETURN_LEAN``, so ``--dump-bytecode``
shows it; the general loop and tier 2 read ``RETURN_LEAN`` as ``RETURN``.

From a lean chunk's second run on (a query run once does not pay for it), ``VM.run`` runs
it as one Python function made from its code (``lean_code``): each value a Python local,
each operation its exact form's expression (read from the descriptor, never written
here), each argument checked where it is used (an integer of type Number, or a Bool:
``True``/``False``), each guard of an exact form (a divisor not 0, a power not negative)
tested before it. No frame, locals list, choice point or atom in between: one atom, the
result, is made at the end. When a check fails the function returns None and the VM runs
the chunk again from its start in the general loop: there is nothing to undo, so the
result is always exactly the general loop's (and tier 0's).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from mettajit.atoms.core import FALSE, NUMBER, TRUE, Atom, Grounded
from mettajit.bytecode.chunk import Chunk
from mettajit.bytecode.opcodes import OPCODES, Opcode, split_parts
from mettajit.grounded import BUILTINS
from mettajit.grounded.registry import Exact

_O = Opcode

# the function of a lean chunk: its one result from the argument atoms, None when a check
# fails (the general loop then runs the chunk)
LeanCode = Callable[[list[Atom] | tuple[Atom, ...]], list[Atom] | None]

_LOADS: Final = (_O.LOAD_LOCAL, _O.LOAD_EVAL)
_PUSHES: Final = (_O.PUSH_LONG, _O.PUSH_CONSTANT)
_LITERAL: Final = 1 << 16  # integers written into the code as literals (larger: bound)


def _exact(op: Opcode) -> Exact | None:
    """The exact form of the operation an opcode is the fast path of, if it has one."""
    name = OPCODES[op].operation
    g = BUILTINS.get(name) if name is not None else None
    return None if g is None else g.exact


def _constant(atom: Atom) -> int | bool | None:
    """The unboxed value of a constant atom, or None when the lean path cannot carry it."""
    if atom is TRUE:
        return True
    if atom is FALSE:
        return False
    if type(atom) is Grounded and atom.kind is int and atom.type is NUMBER:
        return atom.value  # type: ignore[no-any-return]
    return None


class _Writer:
    """The Python code of a lean chunk, one instruction after another, over a virtual
    stack of (text, kind): a literal or a local name, with the kind of its value (int,
    bool; None for an argument atom not checked yet)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.env: dict[str, Any] = {}
        self.stack: list[tuple[str, type | None]] = []
        self.n = 0

    def name(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}{self.n}"

    def push_value(self, v: int | bool) -> None:
        if type(v) is bool or -_LITERAL < v < _LITERAL:
            self.stack.append((repr(v) if v >= 0 else f"({v})", type(v)))
        else:  # a big integer: bound to a name (no huge literal in the code)
            k = self.name("k")
            self.env[k] = v
            self.stack.append((k, int))

    def unbox(self, text: str, kind: type) -> str:
        """Code checking that the argument atom ``text`` is a value of ``kind``, and
        the name of its unboxed value."""
        x = self.name("x")
        if kind is int:
            self.lines.append(
                f"if type({text}) is not G or {text}.kind is not int or {text}.type is not NUM:"
                " return None")
            self.lines.append(f"{x} = {text}.value")
        else:
            self.lines += [f"if {text} is T: {x} = True", f"elif {text} is F: {x} = False",
                           "else: return None"]
        return x

    def operation(self, exact: Exact, pops: int) -> bool:
        """The code of one operation on the ``pops`` top values; False when the values
        cannot be of the kind it takes."""
        if len(self.stack) < pops:
            return False
        args = self.stack[len(self.stack) - pops:]
        del self.stack[len(self.stack) - pops:]
        texts = []
        for text, kind in args:
            if kind is None:
                text = self.unbox(text, exact.takes)
            elif kind is not exact.takes:
                return False
            texts.append(text)
        guard = exact.guard(*texts)
        if guard is not None:
            self.lines.append(f"if not ({guard}): return None")
        self.env.update(exact.env)
        v = self.name("v")
        self.lines.append(f"{v} = {exact.text(*texts)}")
        self.stack.append((v, exact.gives))
        return True

    def result(self) -> bool:
        """The code returning the one value left; False when there is not one."""
        if len(self.stack) != 1:
            return False
        text, kind = self.stack[0]
        if kind is None:  # an argument as it is: when it is an integer or a Bool
            self.lines.append(
                f"if ({text} is T or {text} is F or (type({text}) is G and {text}.kind is int"
                f" and {text}.type is NUM)): return [{text}]")
            self.lines.append("return None")
        elif kind is bool:
            self.lines.append(f"return [T if {text} else F]")
        else:
            self.lines.append(f"return [G({text}, NUM)]")
        return True


def _write(chunk: Chunk) -> _Writer | None:
    """The code of a lean chunk, or None when ``chunk`` is not lean."""
    w = _Writer()
    instrs = chunk.instructions()
    last = len(instrs) - 1
    for i, (_, op, operands) in enumerate(instrs):
        for part, args in split_parts(op, operands):
            if part is _O.RETURN:
                return w if i == last and w.result() else None
            if part is _O.PUSH_LONG_SMALL:
                w.push_value(args[0])
            elif part in _PUSHES or part is _O.PUSH_TRUE or part is _O.PUSH_FALSE:
                v = (_constant(chunk.constants[args[0]]) if part in _PUSHES
                     else part is _O.PUSH_TRUE)
                if v is None:
                    return None
                w.push_value(v)
            elif part in _LOADS:
                if not 0 <= args[0] < chunk.arity:
                    return None  # a local the code writes first: not straight-line
                a = w.name("a")
                w.lines.append(f"{a} = loc[{args[0]}]")
                w.stack.append((a, None))
            else:
                exact = _exact(part)
                pops = OPCODES[part].pops
                if exact is None or pops is None or not w.operation(exact, pops):
                    return None
    return None


def is_lean(chunk: Chunk) -> bool:
    """Whether ``chunk`` is lean (see the module doc): what quickening asks before it
    writes ``RETURN_LEAN``."""
    return _write(chunk) is not None


def _not_lean(loc: list[Atom] | tuple[Atom, ...]) -> list[Atom] | None:
    return None


def lean_code(chunk: Chunk) -> LeanCode:
    """The Python function of a lean chunk (one that always gives None for any other)."""
    w = _write(chunk)
    if w is None:
        return _not_lean
    env = {"G": Grounded, "NUM": NUMBER, "T": TRUE, "F": FALSE, **w.env}
    params = "".join(f", {k}={k}" for k in env)
    body = "\n    ".join(w.lines)
    text = f"def lean(loc{params}):\n    {body}\n"
    namespace: dict[str, Any] = dict(env)
    exec(compile(text, f"<lean {chunk.name}>", "exec"), namespace)
    fn: LeanCode = namespace["lean"]
    return fn


def source(chunk: Chunk) -> str | None:
    """The Python code ``lean_code`` makes of a lean chunk (None: not lean), for reading."""
    w = _write(chunk)
    return None if w is None else "\n".join(w.lines)
