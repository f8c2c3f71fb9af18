"""Grounded operations that need the running interpreter: spaces, state, tokens, I/O, files.

They are declared as every other grounded operation is (``grounded.registry.builtin``, with
``needs_runtime``: the interpreter is passed first), so they are in the one registry and
the other tiers call them exactly as tier 0 does.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from mettajit.atoms.core import (
    SPACE_TYPE,
    UNDEFINED,
    UNIT,
    Atom,
    Expression,
    Grounded,
    Symbol,
    error,
    string,
)
from mettajit.atoms.printer import format_atom
from mettajit.grounded.registry import NotReducible, OpError, builtin
from mettajit.interpreter.typecheck import metatype, types_of
from mettajit.space import Space, substitute
from mettajit.space.unify import Bindings, rename_variables, unify

if TYPE_CHECKING:
    from mettajit.interpreter.machine import Interpreter

_STATE = Symbol("State")


class State:
    """A mutable cell: ``(new-state 0)``. Prints as ``(State 0)``."""

    __slots__ = ("value",)

    def __init__(self, value: Atom) -> None:
        self.value = value

    def metta_repr(self) -> str:
        return f"(State {format_atom(self.value)})"

    # Two states are equal when their contents are (as the reference's StateAtom is,
    # which ``assertEqual`` relies on). The hash is constant: the content is mutable.
    def __eq__(self, other: object) -> bool:
        return isinstance(other, State) and self.value == other.value

    def __hash__(self) -> int:
        return 0x5747E


def _space(a: Atom, needs: str | None = None) -> Space:
    """The space ``a`` holds; else the call is data, or with ``needs`` (the reference's
    message, such as "match expects a space as the first argument") an Error."""
    if type(a) is Grounded and isinstance(a.value, Space):
        return a.value
    if needs is not None:
        raise OpError(needs)
    raise NotReducible


def _state(a: Atom) -> State:
    if type(a) is Grounded and isinstance(a.value, State):
        return a.value
    raise NotReducible


def query(space: Space, pattern: Atom) -> list[Bindings]:
    """Bindings of a pattern, or of a conjunction ``(, p1 p2 ...)``, against a space."""
    return space.query_all(pattern)


@builtin(
    "match",
    "(-> SpaceType Atom Atom %Undefined%)",
    multi=True,
    pure=False,
    effect=False,
    needs_runtime=True,
)
def op_match(interp: Interpreter, space: Atom, pattern: Atom, template: Atom) -> list[Atom]:
    sp = _space(space, "match expects a space as the first argument")
    pattern = interp.resolve_tokens(pattern)  # the pattern is not evaluated
    template = interp.resolve_tokens(template)
    return [substitute(template, b) for b in query(sp, pattern)]


@builtin("add-reduct", "(-> SpaceType %Undefined% (->))", pure=False, needs_runtime=True)
@builtin("add-atom", "(-> SpaceType Atom (->))", pure=False, needs_runtime=True)
def op_add_atom(interp: Interpreter, space: Atom, atom: Atom) -> Atom:
    _space(space, "add-atom expects a space as the first argument").add(atom)
    return UNIT


@builtin("add-reducts", "(-> SpaceType %Undefined% (->))", pure=False, needs_runtime=True)
@builtin("add-atoms", "(-> SpaceType Expression (->))", pure=False, needs_runtime=True)
def op_add_atoms(interp: Interpreter, space: Atom, atoms: Atom) -> Atom:
    """``add-atoms`` (children as written) and ``add-reducts`` (the evaluated tuple's)."""
    sp = _space(space)
    if type(atoms) is not Expression:
        raise NotReducible
    for a in atoms.children:
        sp.add(a)
    return UNIT


@builtin("context-space", "(-> SpaceType)", pure=False, effect=False, needs_runtime=True)
def op_context_space(interp: Interpreter) -> Atom:
    return interp.tokens["&self"]


@builtin("print-alternatives!", "(-> Atom Expression (->))", pure=False, needs_runtime=True)
def op_print_alternatives(interp: Interpreter, message: Atom, alternatives: Atom) -> Atom:
    if type(alternatives) is not Expression:
        raise OpError("Atom is not an ExpressionAtom")
    items = alternatives.children
    interp.out.write(f"{len(items)} {_text(message)}:\n")
    for a in items:
        interp.out.write(f"    {_text(a)}\n")
    interp.out.flush()
    return UNIT


@builtin("type-cast", "%Undefined%", pure=False, effect=False, needs_runtime=True)
def op_type_cast(interp: Interpreter, atom: Atom, typ: Atom, space: Atom) -> Atom:
    """``(type-cast atom type space)``: atom if its metatype is type or one of its types in
    space matches type (as ``match-types`` does), else ``(Error atom BadType)``."""
    sp = _space(space)
    if metatype(interp, atom) == typ:
        return atom
    if any(types_match(t, typ) for t in types_in(interp, sp, atom)):
        return atom
    return error(atom, Symbol("BadType"))


def types_in(interp: Interpreter, space: Space, atom: Atom) -> list[Atom]:
    """The types of ``atom`` with the declarations of ``space`` (``get-type-space``)."""
    current = interp.space
    if space is current:
        return types_of(interp, atom)
    interp.set_space(space)
    try:
        return types_of(interp, atom)
    finally:
        interp.set_space(current)


def types_match(t1: Atom, t2: Atom) -> bool:
    """The reference's ``match-types``: either is ``%Undefined%`` or ``Atom``, or they unify."""
    if t1 in _ANY_TYPE or t2 in _ANY_TYPE:
        return True
    return unify(t1, t2) is not None


_ANY_TYPE = (UNDEFINED, Symbol("Atom"))


@builtin("remove-atom", "(-> SpaceType Atom (->))", pure=False, needs_runtime=True)
def op_remove_atom(interp: Interpreter, space: Atom, atom: Atom) -> Atom:
    _space(space, "remove-atom expects a space as the first argument").remove(atom)
    return UNIT


@builtin("get-atoms", "(-> SpaceType Atom)", multi=True, pure=False, effect=False,
         needs_runtime=True)
def op_get_atoms(interp: Interpreter, space: Atom) -> list[Atom]:
    # fresh variables, as the reference gives: (let $x (get-atoms &s) ...) must not
    # confuse its $x with a stored rule's $x; not the atoms an import! brought
    sp = _space(space, "get-atoms expects a space as its argument")
    return [a if a.is_ground() else rename_variables(a) for a in sp.own_atoms()]


@builtin("new-space", "(-> SpaceType)", pure=False, effect=False, needs_runtime=True)
def op_new_space(interp: Interpreter) -> Atom:
    return Grounded(Space(), SPACE_TYPE)


@builtin("bind!", "(-> Symbol %Undefined% (->))", pure=False, needs_runtime=True)
def op_bind(interp: Interpreter, token: Atom, value: Atom) -> Atom:
    if type(token) is not Symbol:
        raise OpError("bind! expects symbol atom as a token")
    interp.tokens[token.name] = value
    interp.world.changed()
    return UNIT


@builtin("new-state", "(-> $tnso (StateMonad $tnso))", pure=False, effect=False, needs_runtime=True)
def op_new_state(interp: Interpreter, value: Atom) -> Atom:
    vtype = (types_of(interp, value) or [UNDEFINED])[0]
    return Grounded(State(value), Expression((Symbol("StateMonad"), vtype)))


@builtin("get-state", "(-> (StateMonad $tgso) $tgso)", pure=False, effect=False, needs_runtime=True)
def op_get_state(interp: Interpreter, state: Atom) -> Atom:
    return _state(state).value


@builtin(
    "change-state!",
    "(-> (StateMonad $tcso) $tcso (StateMonad $tcso))",
    pure=False,
    needs_runtime=True,
)
def op_change_state(interp: Interpreter, state: Atom, value: Atom) -> Atom:
    _state(state).value = value
    return state


def _text(a: Atom) -> str:
    if type(a) is Grounded and a.kind is str:
        return a.value  # type: ignore[no-any-return]
    return format_atom(a)


@builtin("println!", "(-> %Undefined% (->))", pure=False, needs_runtime=True)
def op_println(interp: Interpreter, a: Atom) -> Atom:
    interp.out.write(_text(a) + "\n")
    interp.out.flush()
    return UNIT


@builtin("trace!", "(-> %Undefined% Atom %Undefined%)", pure=False, needs_runtime=True)
def op_trace(interp: Interpreter, msg: Atom, value: Atom) -> Atom:
    print(format_atom(msg), file=sys.stderr)
    return value


@builtin("nop", "%Undefined%", variadic=True, needs_runtime=True)
def op_nop(interp: Interpreter, *args: Atom) -> Atom:
    return UNIT


@builtin("pragma!", "%Undefined%", pure=False, variadic=True, needs_runtime=True)
def op_pragma(interp: Interpreter, *args: Atom) -> Atom:
    return UNIT





def error_value(expr: Atom, reason: str) -> Atom:
    return error(expr, string(reason))
