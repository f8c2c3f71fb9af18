"""The one table of grounded (built-in) operations that every tier reads.

An ``Op`` is the descriptor of one operation, read by every tier: its name, its MeTTa type
(which also says which arguments are passed unevaluated: those typed ``Atom`` or
``Expression``), its Python implementation, whether it is pure, its fold rule (the value
of a call on constants, for tier 1's constant folding), its ``Exact`` form on unboxed
integers and Bools where it has one (the rule folding and tier 1's lean path both read),
and the host access it makes, if any (``grounded.host``: a sandbox refuses it). Its opcode,
if it has one, is the opcode table's (a row names its operation: ``opcodes.opcode_for``).

Implementations take the argument atoms and return one result atom (or, for ``multi``
operations, a list of them). They signal the two non-value outcomes by raising:

* ``OpError(reason)``: the call becomes ``(Error <call> reason)``;
* ``NotReducible()``: the call comes back unchanged, as data (``(* foo 2)``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mettajit.atoms.core import (
    ARROW,
    ATOM,
    EXPRESSION,
    FALSE,
    NUMBER,
    TRUE,
    Atom,
    Expression,
    Grounded,
    Symbol,
    Variable,
)
from mettajit.atoms.reader import word_atom

if TYPE_CHECKING:
    from mettajit.grounded.host import Host

_TRUE, _FALSE, _NUMBER = TRUE, FALSE, NUMBER


class OpError(Exception):
    """A grounded operation failed; ``reason`` is the atom placed in the Error value."""

    def __init__(self, reason: Atom | str) -> None:
        super().__init__(reason)
        self.reason: Atom = Symbol(reason) if isinstance(reason, str) else reason


class NotReducible(Exception):
    """The operation does not apply to these arguments; the call is returned as data."""


def parse_type(text: str) -> Atom:
    """A type written as text, e.g. ``(-> Number Number Number)``."""
    text = text.strip()
    if not text.startswith("("):
        return word_atom(text)
    words = text.replace("(", " ( ").replace(")", " ) ").split()
    stack: list[list[Atom]] = [[]]
    for w in words:
        if w == "(":
            stack.append([])
        elif w == ")":
            kids = stack.pop()
            stack[-1].append(Expression(tuple(kids)))
        else:
            stack[-1].append(word_atom(w))
    return stack[0][0]


@dataclass(frozen=True, slots=True)
class Exact:
    """An operation on unboxed exact values: the one statement of what it computes for
    Python ints (``takes`` int) or bools (``takes`` bool), read by constant folding
    (``Op.fold`` is made from it) and by tier 1's lean path (``bytecode/lean.py`` writes
    it into the Python code of a straight-line chunk).

    ``expr`` is a Python expression of the arguments ``{0}``, ``{1}`` (names or literals),
    giving a value of type ``gives``; it is exactly ``Op.fn``'s value for the atoms of those
    arguments whenever ``when`` (an expression of the same arguments; None: always) holds,
    and ``Op.fn`` gives something else (an Error) when it does not. ``env``: the names
    ``expr`` uses beside its arguments."""

    takes: type
    gives: type
    expr: str
    when: str | None = None
    env: tuple[tuple[str, Any], ...] = ()

    def text(self, *args: str) -> str:
        """``expr`` of the argument texts ``args``."""
        return self.expr.format(*args)

    def guard(self, *args: str) -> str | None:
        """``when`` of the argument texts ``args`` (None: no guard)."""
        return None if self.when is None else self.when.format(*args)

    def function(self) -> Callable[..., Any]:
        """``expr`` as a Python function of the argument values: None where ``when`` does
        not hold."""
        names = [f"a{i}" for i in range(self.expr.count("{"))]
        body = self.text(*names)
        if self.when is not None:
            body = f"({body}) if ({self.guard(*names)}) else None"
        return eval(f"lambda {', '.join(names)}: {body}", dict(self.env))  # type: ignore[no-any-return]


def fold_exact(exact: Exact) -> Callable[[tuple[Grounded, ...]], Grounded | None]:
    """The fold rule of an operation with an ``Exact`` form: its value when every constant
    argument is of the kind it takes, else None."""
    fn = exact.function()
    takes = exact.takes
    boolean = exact.gives is bool

    def rule(args: tuple[Grounded, ...]) -> Grounded | None:
        for a in args:
            if a.kind is not takes:
                return None
        r = fn(*(a.value for a in args))
        if r is None:
            return None
        if boolean:
            return _TRUE if r else _FALSE
        return Grounded(r, _NUMBER)

    return rule


@dataclass(frozen=True, slots=True)
class Op:
    """One grounded operation."""

    name: str
    type: Atom
    fn: Callable[..., Any]
    pure: bool = True
    multi: bool = False
    needs_runtime: bool = False  # fn takes the runtime context as its first argument
    lazy: tuple[bool, ...] = field(default=(), compare=False)
    variadic: bool = False
    arity: int | None = field(default=None, compare=False)  # None: any number of arguments
    # the host access it makes, if any (``grounded.host``: checked under a sandbox)
    host: Host | None = field(default=None, compare=False)
    # the value of a call on constant arguments exactly as ``fn`` gives it, or None
    # whenever ``fn`` could give anything else (an Error, a float, a huge power): what
    # tier 1 may fold at compile time (``bytecode.analysis.fold``)
    fold: Callable[[tuple[Grounded, ...]], Grounded | None] | None = field(
        default=None, compare=False
    )
    # the operation on unboxed ints or Bools, if it has such a form (``Exact``)
    exact: Exact | None = field(default=None, compare=False)
    # a call changes something outside its result (the space, a state, a token, output,
    # the host): it must not run twice. Impure operations have one unless they only read
    # what may change (``match``, ``get-state``) or make something new (``new-space``)
    effect: bool = field(default=False, compare=False)
    # tier 2 has a native form of it (``jit.terms.NATIVE_OPS``, by name): a call in a
    # function group is lowered there instead of refused (``jit.spacescan``)
    native: bool = field(default=False, compare=False)

    def metta_repr(self) -> str:
        """An operation atom prints as its name."""
        return self.name

    @property
    def arg_types(self) -> tuple[Atom, ...]:
        t = self.type
        if type(t) is Expression and t.children and t.children[0] is ARROW:
            return t.children[1:-1]
        return ()

    @property
    def ret_type(self) -> Atom:
        t = self.type
        if type(t) is Expression and t.children and t.children[0] is ARROW:
            return t.children[-1]
        return Symbol("%Undefined%")


def make_op(
    name: str,
    type_text: str,
    fn: Callable[..., Any],
    *,
    pure: bool = True,
    multi: bool = False,
    needs_runtime: bool = False,
    variadic: bool = False,
    host: Host | None = None,
    fold: Callable[[tuple[Grounded, ...]], Grounded | None] | None = None,
    exact: Exact | None = None,
    effect: bool | None = None,
    native: bool = False,
) -> Op:
    """The descriptor of an operation; its fold rule, when not given, is made from its
    ``exact`` form (``fold_exact``)."""
    if fold is None and exact is not None:
        fold = fold_exact(exact)
    t = parse_type(type_text)
    args = t.children[1:-1] if type(t) is Expression and t.children[:1] == (ARROW,) else ()
    lazy = tuple(a is ATOM or a is EXPRESSION for a in args)
    is_arrow = type(t) is Expression and t.children[:1] == (ARROW,)
    arity = None if variadic or not is_arrow else len(args)
    effect = not pure if effect is None else effect
    return Op(name, t, fn, pure, multi, needs_runtime, lazy, variadic, arity, host, fold,
              exact, effect, native)


class Registry:
    """Name -> Op. One shared instance holds the built-ins; a runner may extend a copy."""

    def __init__(self, ops: dict[str, Op] | None = None) -> None:
        self.ops: dict[str, Op] = dict(ops or {})

    def add(self, op: Op) -> Op:
        self.ops[op.name] = op
        return op

    def get(self, name: str) -> Op | None:
        return self.ops.get(name)

    def copy(self) -> Registry:
        return Registry(self.ops)

    def __contains__(self, name: str) -> bool:
        return name in self.ops

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.ops.values())


BUILTINS = Registry()


def builtin(
    name: str,
    type_text: str,
    *,
    pure: bool = True,
    multi: bool = False,
    needs_runtime: bool = False,
    variadic: bool = False,
    host: Host | None = None,
    fold: Callable[[tuple[Grounded, ...]], Grounded | None] | None = None,
    exact: Exact | None = None,
    effect: bool | None = None,
    native: bool = False,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator: register ``fn`` as the built-in operation ``name``."""

    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        BUILTINS.add(
            make_op(
                name,
                type_text,
                fn,
                pure=pure,
                multi=multi,
                needs_runtime=needs_runtime,
                variadic=variadic,
                host=host,
                fold=fold,
                exact=exact,
                effect=effect,
                native=native,
            )
        )
        return fn

    return deco


def is_type_var(t: Atom) -> bool:
    return type(t) is Variable
