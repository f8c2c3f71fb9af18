"""The four kinds of atom: Symbol, Variable, Expression and Grounded.

This module owns the atom data model every other layer shares. Atoms are immutable.
Symbols are interned (one object per name, compared by identity); variables are compared
by name and an optional renaming suffix; expressions hold a tuple of children; grounded
atoms wrap a Python value (exact int, float, bool, str, a space, a state, an operation).

Plain classes with ``__slots__`` rather than frozen dataclasses: atoms are built on every
evaluation step and a frozen dataclass ``__init__`` costs several ``object.__setattr__``
calls each time.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar, Final


class AtomKind(Enum):
    """The four kinds of atom (hyperon's metatypes)."""

    SYMBOL = 0
    VARIABLE = 1
    EXPR = 2
    GROUNDED = 3


class Atom:
    """Base of every atom. Subclasses are the only four kinds."""

    __slots__ = ()

    def is_ground(self) -> bool:
        """True if the atom holds no variable."""
        raise NotImplementedError

    # ``str(atom)`` and ``repr(atom)`` are the atom's MeTTa text: ``atoms.printer`` sets
    # them (the package imports the printer, so they are set before any atom exists).
    # ``Atom.match_atom`` (hyperon's) is set by ``space.bindingsets``, ``Grounded.get_object``
    # by ``atoms.objects``: the layers that can implement them.

    # -- hyperon's atom methods ------------------------------------------------------------
    def get_metatype(self) -> AtomKind:
        """The kind of atom (hyperon's metatype)."""
        raise NotImplementedError

    def iterate(self) -> list[Atom]:
        """The atom and every sub-atom, depth first."""
        return list(walk(self))


class Symbol(Atom):
    """An interned name. ``Symbol("x") is Symbol("x")``."""

    __slots__ = ("name",)
    name: str
    _table: ClassVar[dict[str, Symbol]] = {}

    def __new__(cls, name: str) -> Symbol:
        sym = cls._table.get(name)
        if sym is None:
            sym = object.__new__(cls)
            object.__setattr__(sym, "name", name)
            cls._table[name] = sym
        return sym

    def __reduce__(self) -> tuple[Any, ...]:
        return (Symbol, (self.name,))

    def is_ground(self) -> bool:
        return True

    def get_name(self) -> str:
        return self.name

    def get_metatype(self) -> AtomKind:
        return AtomKind.SYMBOL

    # identity equality and hashing come from object: symbols are interned


class Variable(Atom):
    """A pattern variable ``$name``; ``suffix`` distinguishes fresh copies made by renaming."""

    __slots__ = ("_hash", "name", "suffix")
    name: str
    suffix: int
    _counter: ClassVar[int] = 0

    def __init__(self, name: str, suffix: int = 0) -> None:
        self.name = name
        self.suffix = suffix
        self._hash = hash((name, suffix))

    @classmethod
    def fresh(cls, name: str) -> Variable:
        """A variable with the given base name that no other variable equals."""
        cls._counter += 1
        return cls(name, cls._counter)

    def is_ground(self) -> bool:
        return False

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Variable)
            and self.name == other.name
            and self.suffix == other.suffix
        )

    def __hash__(self) -> int:
        return self._hash

    def get_name(self) -> str:
        """The name without ``$`` (a renamed copy's ends in ``#N``)."""
        return self.name if not self.suffix else f"{self.name}#{self.suffix}"

    @staticmethod
    def parse_name(name: str) -> Variable:
        """The variable ``get_name`` gave ``name``."""
        base, _, n = name.partition("#")
        return Variable(base, int(n)) if n.isdigit() else Variable(name)

    def get_metatype(self) -> AtomKind:
        return AtomKind.VARIABLE


class Expression(Atom):
    """An ordered tuple of atoms: ``(f a b)``; the empty expression ``()`` is the unit value."""

    __slots__ = ("_ground", "_hash", "_nf", "children")
    children: tuple[Atom, ...]

    def __init__(self, children: tuple[Atom, ...]) -> None:
        self.children = children
        self._hash: int | None = None
        self._ground: bool | None = None
        # the evaluator's mark "evaluating me gives exactly me", valid for one world version
        self._nf = -1

    def is_ground(self) -> bool:
        g = self._ground
        if g is not None:
            return g
        for c in self.children:  # children known already (a node just built): no walk
            t = type(c)
            if t is Variable:
                self._ground = False
                return False
            if t is Expression:
                cg = c._ground  # type: ignore[attr-defined]
                if cg is None:
                    break
                if not cg:
                    self._ground = False
                    return False
        else:
            self._ground = True
            return True
        # post-order without recursion, caching the answer on every node visited, so that
        # asking again for any sub-expression (the tail of a long list) costs nothing
        stack: list[tuple[Expression, bool]] = [(self, False)]
        while stack:
            e, ready = stack.pop()
            if e._ground is not None:
                continue
            if ready:
                r = True
                for c in e.children:
                    if type(c) is Variable or (type(c) is Expression and not c._ground):
                        r = False
                        break
                e._ground = r
                continue
            stack.append((e, True))
            for c in e.children:
                if type(c) is Expression and c._ground is None:
                    stack.append((c, False))
        return bool(self._ground)

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if type(other) is not Expression:
            return False
        a, b = self.children, other.children
        if len(a) != len(b):
            return False
        if self._hash is not None and other._hash is not None and self._hash != other._hash:
            return False
        # iterative: expressions may be nested far deeper than Python's recursion limit
        work = [(a, b)]
        while work:
            xs, ys = work.pop()
            for x, y in zip(xs, ys, strict=True):
                if x is y:
                    continue
                tx = type(x)
                if tx is not type(y):
                    return False
                if tx is Expression:
                    xc, yc = x.children, y.children  # type: ignore[attr-defined]
                    if len(xc) != len(yc):
                        return False
                    work.append((xc, yc))
                elif x != y:
                    return False
        return True

    def __hash__(self) -> int:
        h = self._hash
        if h is None:
            ch = self.children
            for c in ch:  # children hashed already (a flat node): no walk
                if type(c) is Expression and c._hash is None:
                    h = self._hash = _deep_hash(self)
                    break
            else:  # as _deep_hash makes it
                h = self._hash = hash(tuple([
                    c._hash if type(c) is Expression else hash(c) for c in ch]))
        return h

    def __len__(self) -> int:
        return len(self.children)

    def __iter__(self) -> Iterator[Atom]:
        return iter(self.children)

    def get_children(self) -> list[Atom]:
        return list(self.children)

    def get_metatype(self) -> AtomKind:
        return AtomKind.EXPR


class Grounded(Atom):
    """An atom wrapping a Python value, with the MeTTa type it has.

    ``kind`` separates values Python would confuse: ``True == 1`` in Python, but the atom
    ``True`` is never the atom ``1``.
    """

    __slots__ = ("_hash", "kind", "type", "value")
    value: Any
    type: Atom
    kind: builtins.type

    def __init__(self, value: Any, type_: Atom) -> None:
        self.value = value
        self.type = type_
        self.kind = value.__class__
        # computed when first asked: most numbers are never hashed, and hashing a big
        # integer costs microseconds (2**65536: ~3.6 us, more than making it by a shift)
        self._hash: int | None = None

    def is_ground(self) -> bool:
        return True

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if type(other) is not Grounded:
            return False
        if self.kind is other.kind or (self.kind in _NUMERIC and other.kind in _NUMERIC):
            return bool(self.value == other.value)
        return False

    def __hash__(self) -> int:
        h = self._hash
        if h is None:
            v = self.value
            try:
                h = hash(v) if self.kind in _NUMERIC else hash((self.kind, v))
            except TypeError:
                h = id(v)
            self._hash = h
        return h

    def get_metatype(self) -> AtomKind:
        return AtomKind.GROUNDED

    def get_grounded_type(self) -> Atom:
        return self.type


_NUMERIC: Final = (int, float)


def _deep_hash(root: Expression) -> int:
    """Hash of an expression computed bottom-up without recursion; caches on every node."""
    stack: list[tuple[Expression, bool]] = [(root, False)]
    while stack:
        e, ready = stack.pop()
        if e._hash is not None:
            continue
        if ready:
            e._hash = hash(
                tuple([c._hash if type(c) is Expression else hash(c) for c in e.children])
            )
            continue
        stack.append((e, True))
        for c in e.children:
            if type(c) is Expression and c._hash is None:
                stack.append((c, False))
    assert root._hash is not None
    return root._hash

# ---------------------------------------------------------------------------------------
# Well-known symbols and constructors

NUMBER: Final = Symbol("Number")
BOOL: Final = Symbol("Bool")
STRING: Final = Symbol("String")
ATOM: Final = Symbol("Atom")
EXPRESSION: Final = Symbol("Expression")
SYMBOL: Final = Symbol("Symbol")
VARIABLE: Final = Symbol("Variable")
GROUNDED: Final = Symbol("Grounded")
TYPE: Final = Symbol("Type")
UNDEFINED: Final = Symbol("%Undefined%")
ARROW: Final = Symbol("->")
COLON: Final = Symbol(":")
COMMA_SYM: Final = Symbol(",")
EQUALS: Final = Symbol("=")
ERROR: Final = Symbol("Error")
EMPTY_SYM: Final = Symbol("Empty")
SPACE_TYPE: Final = Symbol("SpaceType")
STATE_TYPE: Final = Symbol("StateMonad")

UNIT: Final = Expression(())
TRUE: Final = Grounded(True, BOOL)
FALSE: Final = Grounded(False, BOOL)


CHAR: Final = Symbol("Char")


@dataclass(frozen=True, slots=True)
class Char:
    """One character, printed ``'c'`` with no escaping (as the reference prints it)."""

    char: str

    def __post_init__(self) -> None:
        if len(self.char) != 1:
            raise ValueError("A Char object must be initialized with a single character.")

    def metta_repr(self) -> str:
        return f"'{self.char}'"

    # as hyperon.stdlib.Char: str is the character, repr the literal
    def __str__(self) -> str:
        return self.char

    def __repr__(self) -> str:
        return f"'{self.char}'"


def char(c: str) -> Grounded:
    """A Char atom."""
    return Grounded(Char(c), CHAR)


def S(name: str) -> Symbol:
    """A symbol."""
    return Symbol(name)


def V(name: str) -> Variable:
    """A variable (``name`` without the ``$``)."""
    return Variable(name)


def E(*children: Atom) -> Expression:
    """An expression of the given children."""
    return Expression(children)


def from_python(value: Any) -> Grounded:
    """Box a plain Python value as the grounded atom MeTTa would give it."""
    if value is True:
        return TRUE
    if value is False:
        return FALSE
    if isinstance(value, int | float):
        return Grounded(value, NUMBER)
    if isinstance(value, str):
        return Grounded(value, STRING)
    return Grounded(value, UNDEFINED)


def num(value: int | float) -> Grounded:
    """A Number atom (fast path used by arithmetic)."""
    return Grounded(value, NUMBER)


def string(value: str) -> Grounded:
    """A String atom."""
    return Grounded(value, STRING)


def boolean(value: bool) -> Grounded:
    """The Bool atom True or False."""
    return TRUE if value else FALSE


def is_error(atom: Atom) -> bool:
    """True for an ``(Error ...)`` expression."""
    return (
        type(atom) is Expression
        and len(atom.children) >= 2
        and atom.children[0] is ERROR
    )


def error(expr: Atom, reason: Atom | str) -> Expression:
    """``(Error expr reason)``."""
    r = Symbol(reason) if isinstance(reason, str) else reason
    return Expression((ERROR, expr, r))


def walk(atom: Atom) -> Iterator[Atom]:
    """Every sub-atom, the atom itself first (iterative: deep atoms are fine)."""
    stack = [atom]
    while stack:
        a = stack.pop()
        yield a
        if type(a) is Expression:
            stack.extend(reversed(a.children))


def variables(atom: Atom) -> list[Variable]:
    """The distinct variables of an atom, in order of first appearance."""
    seen: dict[Variable, None] = {}
    for a in walk(atom):
        if type(a) is Variable:
            seen.setdefault(a, None)
    return list(seen)


def map_atom(atom: Atom, fn: Callable[[Atom], Atom | None]) -> Atom:
    """Rebuild ``atom`` bottom-up, replacing each non-expression leaf ``x`` by ``fn(x)``
    (``None`` keeps it). Iterative, so atoms nested millions deep are fine."""
    if type(atom) is not Expression:
        r = fn(atom)
        return atom if r is None else r
    # post-order over an explicit stack
    out: list[Atom] = []
    stack: list[tuple[Expression, int]] = [(atom, 0)]
    while stack:
        expr, i = stack[-1]
        ch = expr.children
        if i < len(ch):
            stack[-1] = (expr, i + 1)
            c = ch[i]
            if type(c) is Expression and c.children:
                stack.append((c, 0))
            else:
                r = fn(c) if type(c) is not Expression else None
                out.append(c if r is None else r)
        else:
            stack.pop()
            n = len(ch)
            kids = tuple(out[len(out) - n :]) if n else ()
            del out[len(out) - n :]
            same = all(a is b for a, b in zip(kids, ch, strict=True))
            out.append(expr if same else Expression(kids))
    return out[0]
