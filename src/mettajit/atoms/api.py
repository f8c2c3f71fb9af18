"""hyperon's atom constructors and constants, over mettajit's own atoms.

hyperon's ``SymbolAtom``, ``VariableAtom``, ``ExpressionAtom`` and ``GroundedAtom`` are
mettajit's ``Symbol``, ``Variable``, ``Expression`` and ``Grounded`` (which carry hyperon's
methods: ``get_name``, ``get_children``, ``get_object``...). ``G`` makes a grounded atom of
a grounded object as hyperon does: a ``ValueObject`` of a bool, number, string or Char
becomes the MeTTa value itself (``ValueAtom(1)`` is the atom ``1``), an object with a
``cspace`` (a space reference) becomes that space, an executable object an operation, and
anything else must have ``copy``.

Two things need higher layers, which install them when they load (``install``): how an
executable object becomes an operation every tier calls (the grounded layer) and how two
atoms match (``Atom.match_atom``, the space layer). ``mettajit``'s package import loads
both, so they are always there for a user.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mettajit.atoms.core import (
    ARROW,
    ATOM,
    BOOL,
    EXPRESSION,
    GROUNDED,
    NUMBER,
    SPACE_TYPE,
    STRING,
    SYMBOL,
    TYPE,
    UNDEFINED,
    VARIABLE,
    Atom,
    Expression,
    Grounded,
    Symbol,
    Variable,
    boolean,
)
from mettajit.atoms.objects import (
    GroundedObject,
    MatchableObject,
    OperationObject,
    ValueObject,
)
from mettajit.atoms.reader import CHAR, Char

SymbolAtom = Symbol
VariableAtom = Variable
ExpressionAtom = Expression
GroundedAtom = Grounded

UNDEFINED_TYPE = UNDEFINED


class AtomType:
    """The types of the standard library, as atoms."""

    UNDEFINED = UNDEFINED
    TYPE = TYPE
    ATOM = ATOM
    SYMBOL = SYMBOL
    VARIABLE = VARIABLE
    EXPRESSION = EXPRESSION
    GROUNDED = GROUNDED
    GROUNDED_SPACE = SPACE_TYPE
    UNIT = Expression((ARROW,))
    NUMBER = NUMBER
    BOOL = BOOL
    STRING = STRING


class Atoms:
    """Atoms the standard library names."""

    EMPTY = Symbol("Empty")
    UNIT = Expression(())
    METTA = Symbol("metta")


# Installed by the layers above (see the module docstring).
_hooks: dict[str, Callable[..., Any]] = {}


def install(name: str, fn: Callable[..., Any]) -> None:
    """Install ``operation`` (``(object, type) -> Grounded``) or ``match``
    (``(atom, atom) -> BindingsSet``)."""
    _hooks[name] = fn


def hook(name: str) -> Callable[..., Any]:
    fn = _hooks.get(name)
    if fn is None:
        raise RuntimeError(f"mettajit: the {name!r} hook is not installed (import mettajit)")
    return fn


def _is_executable(obj: Any) -> bool:
    return isinstance(obj, OperationObject) or callable(getattr(obj, "execute", None))


def G(obj: Any, type: Atom = UNDEFINED) -> Grounded:
    """A grounded atom holding a grounded object, of type ``type``."""
    if hasattr(obj, "cspace"):
        assert type is UNDEFINED, f"Grounded Space Atoms {obj} can't have a custom type {type}"
        return Grounded(obj.cspace, SPACE_TYPE)
    if isinstance(obj, ValueObject) and not isinstance(obj, MatchableObject):
        native = _native(obj, type)
        if native is not None:
            return native
    assert hasattr(obj, "copy"), f"Method copy should be implemented by grounded object {obj}"
    if _is_executable(obj):
        return hook("operation")(obj, type)  # type: ignore[no-any-return]
    return Grounded(obj, type)


def _native(obj: ValueObject, type: Atom) -> Grounded | None:
    """The MeTTa value a ValueObject of a primitive stands for (None if not a primitive)."""
    v = obj.value
    for kind, name, t in ((bool, "bool", BOOL), (int, "int", NUMBER), (float, "float", NUMBER),
                          (str, "str", STRING)):
        if isinstance(v, kind):
            assert type is t or type is UNDEFINED, (
                f"Grounded {name} {obj} can't have a custom type {type}"
            )
            if kind is bool:
                return boolean(bool(v))
            return Grounded(v, t)
    if isinstance(v, Char):
        return Grounded(v, CHAR)
    return None


def _type_sugar(type_names: Any) -> Atom:
    """A type given as None (Undefined), a list (an arrow), ``"$t"`` (a variable), a name
    or an atom."""
    if type_names is None:
        return UNDEFINED
    if isinstance(type_names, list):
        return Expression((ARROW, *[_type_sugar(n) for n in type_names]))
    if isinstance(type_names, str):
        return Variable(type_names[1:]) if type_names[:1] == "$" else Symbol(type_names)
    return type_names  # type: ignore[no-any-return]


def ValueAtom(value: Any, type_name: Any = None, atom_id: str | None = None) -> Grounded:
    """A grounded atom for a Python value; a bool, number, string or Char is the MeTTa
    value itself, of its MeTTa type."""
    return G(ValueObject(value, atom_id), _type_sugar(type_name))


def _operation_atom(name: str, op: Any, type_names: Any, unwrap: bool) -> Grounded:
    return G(OperationObject(name, op, unwrap), _type_sugar(type_names))


def OperationAtom(name: str, op: Any, type_names: Any = None, unwrap: bool = True) -> Grounded:
    """A Python callable as a grounded operation named ``name``.

    ``type_names`` lists the argument types then the result type (``["Number", "Number",
    "Number"]``); without it the operation is of type ``%Undefined%`` and takes any number
    of arguments. With ``unwrap`` the callable takes and returns plain Python values;
    otherwise it takes atoms and returns a list of atoms (several results).
    """
    return _operation_atom(name, op, type_names, unwrap)


def PrimitiveAtom(value: Any, type_name: Any = None, atom_id: str | None = None) -> Grounded:
    """A grounded atom holding a Python number or bool as a Python object (a ValueObject),
    not converted to the MeTTa value."""
    assert isinstance(value, int | float | bool), (
        f"Primitive value {(int, float, bool)} is expected"
    )
    return Grounded(ValueObject(value, atom_id), _type_sugar(type_name))


def MatchableAtom(value: Any, type_name: Any = None, atom_id: str | None = None) -> Grounded:
    """A grounded atom holding a MatchableObject."""
    return G(MatchableObject(value, atom_id), _type_sugar(type_name))


def get_object(atom: Grounded) -> Any:
    """hyperon's ``GroundedAtom.get_object``: the grounded object an atom holds (a
    ValueObject for a MeTTa value, a SpaceRef for a space, an OperationObject for an
    operation made from Python). TypeError for a built-in object with no Python face."""
    v = atom.value
    if atom.kind in (bool, int, float, str) or isinstance(v, Char):
        return ValueObject(v)
    if isinstance(v, GroundedObject):
        return v
    face = getattr(v, "api_object", None)
    if face is not None:
        obj = face()
        if obj is not None:
            return obj
    raise TypeError(f"Cannot get Python object of unsupported non-C atom {atom}")


def atoms_are_equivalent(first: Atom, second: Atom) -> bool:
    """Equal up to a one-to-one renaming of variables."""
    fwd: dict[Variable, Variable] = {}
    back: dict[Variable, Variable] = {}
    work = [(first, second)]
    while work:
        a, b = work.pop()
        ta = type(a)
        if ta is not type(b):
            return False
        if ta is Variable:
            if fwd.setdefault(a, b) != b or back.setdefault(b, a) != a:  # type: ignore[arg-type]
                return False
        elif ta is Expression:
            ca, cb = a.children, b.children  # type: ignore[attr-defined]
            if len(ca) != len(cb):
                return False
            work.extend(zip(ca, cb, strict=True))
        elif a != b:
            return False
    return True


def atom_is_error(atom: Atom) -> bool:
    """True for an ``(Error ...)`` expression."""
    from mettajit.atoms.core import is_error

    return is_error(atom)
